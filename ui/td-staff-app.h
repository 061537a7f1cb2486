/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The tiepdon-staff program, for the reception PC: options (--config FILE,
 * the station's settings file as the kiosk's; --lock-after SECONDS), the
 * parts (td_kiosk_context_new_for_staff), the kiosk's CSS, one window
 * (TdStaffWindow). A second start presents the first window. */
#define TD_TYPE_STAFF_APP (td_staff_app_get_type())
G_DECLARE_FINAL_TYPE(TdStaffApp, td_staff_app, TD, STAFF_APP, GtkApplication)

TdStaffApp *td_staff_app_new(void);

G_END_DECLS
