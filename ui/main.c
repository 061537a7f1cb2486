/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/prctl.h>

#include "td-i18n.h"
#include "td-kiosk-app.h"
#include "td-secret-file.h"
#include "td-command-line.h"

int
main(int argc, char **argv)
{
	g_autoptr(TdKioskApp) app = NULL;

	/* Vietnam's day and clock, whatever the machine's zone */
	td_command_line_use_station_time_zone();
	/* no core dump and no ptrace by the same user: the kiosk holds the
	 * patients' names and ID numbers, the ID hashing key, the gateway
	 * password's hash (the unit adds LimitCORE=0) */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	td_fault_point("tiepdon-kiosk-started");
	td_kiosk_disable_inspector();
	td_i18n_setup(NULL);
	app = td_kiosk_app_new();
	return td_ui_app_run(G_APPLICATION(app), argc, argv);
}
