/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"
#include "td-patient-pages.h"
#include "td-vneid-page.h"

G_BEGIN_DECLS

/* The kiosk's one window: full screen, its close vetoed (only staff quit),
 * the inspector off. A stack of pages: the patient's (see
 * td-patient-pages.h), "vneid", "pin", "staff", "dashboard". It observes
 * the check-in session (state-changed, warning) and sends it what the
 * patient touched; staff screens go back to idle after the idle timeout,
 * with a "more time" warning first. Every return to idle empties the
 * patient's labels and drops images. */
#define TD_TYPE_KIOSK_WINDOW (td_kiosk_window_get_type())
G_DECLARE_FINAL_TYPE(TdKioskWindow, td_kiosk_window, TD, KIOSK_WINDOW, GtkApplicationWindow)

TdKioskWindow *td_kiosk_window_new(GtkApplication *app, TdKioskContext *context);

/* Shows a page by name ("idle", "key", …, "staff", "dashboard"). */
void td_kiosk_window_show_page(TdKioskWindow *self, const gchar *name);
const gchar *td_kiosk_window_get_page(TdKioskWindow *self);
/* Shows a patient page filled from view (for the screenshot tests and the
 * session glue alike). */
void td_kiosk_window_show_patient(TdKioskWindow *self, const gchar *page, const TdPatientView *view);
/* Back to idle, personal data dropped from every page. */
void td_kiosk_window_reset(TdKioskWindow *self);
/* What a keyboard-wedge scan ends in (also for tests). */
void td_kiosk_window_scan(TdKioskWindow *self, const gchar *text);

/* The large-text and high-contrast modes (CSS classes on the window). */
void td_kiosk_window_set_large_text(TdKioskWindow *self, gboolean large);
void td_kiosk_window_set_high_contrast(TdKioskWindow *self, gboolean high);
/* Staff "quit": the next close request is allowed. */
void td_kiosk_window_allow_close(TdKioskWindow *self);
/* Shows the "more time?" warning as the session does (for tests). */
void td_kiosk_window_show_warning(TdKioskWindow *self, guint seconds_left);
gboolean td_kiosk_window_warning_visible(TdKioskWindow *self);

TdPatientPages *td_kiosk_window_get_patient_pages(TdKioskWindow *self);
TdVneidPage *td_kiosk_window_get_vneid_page(TdKioskWindow *self);
GtkWidget *td_kiosk_window_get_staff_console(TdKioskWindow *self);
GtkWidget *td_kiosk_window_get_dashboard(TdKioskWindow *self);
GtkWidget *td_kiosk_window_get_pin_page(TdKioskWindow *self);

G_END_DECLS
