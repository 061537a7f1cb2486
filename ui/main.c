/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-kiosk-app.h"

int
main(int argc, char **argv)
{
	g_autoptr(TdKioskApp) app = NULL;

	td_kiosk_disable_inspector();
	td_i18n_setup(NULL);
	app = td_kiosk_app_new();
	return g_application_run(G_APPLICATION(app), argc, argv);
}
