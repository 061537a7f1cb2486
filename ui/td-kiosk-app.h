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
/* For a program's main() (the kiosk's, the reception PC's): runs app, and
 * a start that failed ends with status 1, not GApplication's 0, so that
 * an administrator's script, and a cage that passes its client's status
 * on (0.2 and later), see the failure. */
int td_ui_app_run(GApplication *app, int argc, char **argv);
/* The start failed: why, on stderr as program's; app quits, and
 * td_ui_app_run() returns 1. */
void td_ui_app_start_failed(GApplication *app, const gchar *program, const GError *error);
/* Loads kiosk.css for the default display (also used by the UI tests). */
void td_kiosk_load_css(void);
/* Before GTK starts: the inspector off (GTK_DEBUG, and the setting). */
void td_kiosk_disable_inspector(void);

G_END_DECLS
