/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A 2D scanner in keyboard-wedge mode types the QR code's text and Enter,
 * much faster than a person. This collects those keys on the window,
 * without a focused entry (patients never get one), and hands over the
 * finished scan. A gap between keys longer than the scanner's pace starts
 * again, so a person pressing keys is never taken for a scan.
 *
 * The text is personal data: the buffer is wiped after every scan. */
typedef void (*TdWedgeScanFunc)(const gchar *text, gpointer user_data);

typedef struct _TdWedgeCapture TdWedgeCapture;

#define TD_WEDGE_MAX_GAP_MS 80
#define TD_WEDGE_MIN_LENGTH 12

TdWedgeCapture *td_wedge_capture_new(TdWedgeScanFunc func, gpointer user_data);
void td_wedge_capture_free(TdWedgeCapture *self);
/* Adds a key controller in the capture phase to widget (the window). */
void td_wedge_capture_attach(TdWedgeCapture *self, GtkWidget *widget);
/* Off while staff screens (which have entries) are shown. */
void td_wedge_capture_set_enabled(TdWedgeCapture *self, gboolean enabled);
/* One key press with the modifiers held (what the controller calls; tests
 * call it with their own times). Returns TRUE when the key was taken. */
gboolean td_wedge_capture_feed(TdWedgeCapture *self, guint32 time_ms, guint keyval, GdkModifierType state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdWedgeCapture, td_wedge_capture_free)

G_END_DECLS
