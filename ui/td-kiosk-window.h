/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"
#include "td-kiosk-page.h"
#include "td-patient-pages.h"
#include "td-vneid-page.h"

G_BEGIN_DECLS

/* The kiosk's one window: full screen, its close vetoed (only staff quit,
 * after the PIN again), the inspector off. The bar on top, on the
 * patient's pages the strip ("Bước n/3", "Nghe lại", "Gọi nhân viên"),
 * and a stack of pages (TdKioskPage) that each fit the screen: none is
 * wider than the window, a page that would be taller scrolls rather than
 * being cut off. It observes the check-in session (state-changed,
 * updated, warning) and sends it what the patient touched; staff screens
 * go back to idle after the idle timeout, with a "more time" warning
 * first. Every return to idle empties the patient's labels, drops images,
 * and sets Vietnamese, normal text and the light screen again for the
 * next patient. Taps on a page that just appeared are not taken
 * (TD_UI_TAP_GUARD_MS). */
#define TD_TYPE_KIOSK_WINDOW (td_kiosk_window_get_type())
G_DECLARE_FINAL_TYPE(TdKioskWindow, td_kiosk_window, TD, KIOSK_WINDOW, GtkApplicationWindow)

TdKioskWindow *td_kiosk_window_new(GtkApplication *app, TdKioskContext *context);

void td_kiosk_window_show_page(TdKioskWindow *self, TdKioskPage page);
TdKioskPage td_kiosk_window_get_page(TdKioskWindow *self);
/* Shows a patient page filled from view (for the screenshot tests and the
 * session glue alike). */
void td_kiosk_window_show_patient(TdKioskWindow *self, TdKioskPage page, const TdPatientView *view);
/* Back to idle, personal data dropped from every page, settings reset. */
void td_kiosk_window_reset(TdKioskWindow *self);
/* What a scan (the wedge's Enter, the evdev scanner) ends in: a CCCD QR
 * code, an ID number alone, or the card's MRZ. */
void td_kiosk_window_scan(TdKioskWindow *self, const gchar *text);

/* The large-text and high-contrast modes (CSS classes on the window). */
void td_kiosk_window_set_large_text(TdKioskWindow *self, gboolean large);
void td_kiosk_window_set_high_contrast(TdKioskWindow *self, gboolean high);
gboolean td_kiosk_window_get_large_text(TdKioskWindow *self);
gboolean td_kiosk_window_get_high_contrast(TdKioskWindow *self);
/* Staff "quit": the next close request is allowed. */
void td_kiosk_window_allow_close(TdKioskWindow *self);
/* Shows the "more time?" warning as the session does (for tests). */
void td_kiosk_window_show_warning(TdKioskWindow *self, guint seconds_left);
gboolean td_kiosk_window_warning_visible(TdKioskWindow *self);
/* The "Gọi nhân viên" note is on screen. */
gboolean td_kiosk_window_call_staff_visible(TdKioskWindow *self);
/* A look whether staff answered the call on screen is in flight or due
 * (tests wait for the look that follows a write). */
gboolean td_kiosk_window_call_look_pending(TdKioskWindow *self);

TdPatientPages *td_kiosk_window_get_patient_pages(TdKioskWindow *self);
TdVneidPage *td_kiosk_window_get_vneid_page(TdKioskWindow *self);
GtkWidget *td_kiosk_window_get_staff_console(TdKioskWindow *self);
GtkWidget *td_kiosk_window_get_dashboard(TdKioskWindow *self);
GtkWidget *td_kiosk_window_get_pin_page(TdKioskWindow *self);
/* The page's main sentence as spoken (NULL on staff pages). */
gchar *td_kiosk_window_get_spoken(TdKioskWindow *self, const gchar **message_key);

G_END_DECLS
