/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"

G_BEGIN_DECLS

/* tiepdon-staff's window, for the reception PC: an ordinary desktop
 * window (resizable, fits 1024x768) with the kiosk's own staff pages, the
 * same widgets: the login (TdPinPage: choose your name, type your PIN),
 * the console (TdStaffConsole: cases, details, actions with confirm and
 * undo, print again, check-in without a card, health) and the dashboard.
 * The bar on top says who is logged in; the console's "lock" button (and
 * "quit") end the session. It locks by itself
 * after lock_after_s seconds without a key, click or pointer move: a
 * pending action is written, the cases' personal data leave the screen,
 * the login comes back. The queue follows the store live (the context's
 * TdStoreWatch). */
#define TD_TYPE_STAFF_WINDOW (td_staff_window_get_type())
G_DECLARE_FINAL_TYPE(TdStaffWindow, td_staff_window, TD, STAFF_WINDOW, GtkApplicationWindow)

#define TD_STAFF_WINDOW_LOCK_S 300 /* five minutes, as a desktop screen lock */

TdStaffWindow *td_staff_window_new(GtkApplication *app, TdKioskContext *context, guint lock_after_s);
/* Back to the login, as after the idle time. */
void td_staff_window_lock(TdStaffWindow *self);
gboolean td_staff_window_is_locked(TdStaffWindow *self);
GtkWidget *td_staff_window_get_login(TdStaffWindow *self);
GtkWidget *td_staff_window_get_console(TdStaffWindow *self);
GtkWidget *td_staff_window_get_dashboard(TdStaffWindow *self);
/* Who the bar says is logged in ("" when locked). */
const gchar *td_staff_window_get_who(TdStaffWindow *self);

G_END_DECLS
