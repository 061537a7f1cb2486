/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The kiosk program: options (--demo, --config FILE, --windowed), the
 * parts (td-kiosk-context), the CSS, the full-screen window, idle
 * inhibited while it is on screen. */
#define TD_TYPE_KIOSK_APP (td_kiosk_app_get_type())
G_DECLARE_FINAL_TYPE(TdKioskApp, td_kiosk_app, TD, KIOSK_APP, GtkApplication)

TdKioskApp *td_kiosk_app_new(void);
/* Loads kiosk.css for the default display (also used by the UI tests). */
void td_kiosk_load_css(void);
/* Before GTK starts: the inspector off (GTK_DEBUG, and the setting). */
void td_kiosk_disable_inspector(void);

G_END_DECLS
