/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/prctl.h>

#include "td-i18n.h"
#include "td-kiosk-app.h"
#include "td-staff-app.h"
#include "td-command-line.h"

int
main(int argc, char **argv)
{
	g_autoptr(TdStaffApp) app = NULL;

	/* Vietnam's day and clock, whatever the machine's zone */
	td_command_line_use_station_time_zone();
	/* no core dump and no ptrace by the same user: the console shows the
	 * patients' names and ID numbers */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	td_kiosk_disable_inspector();
	td_i18n_setup(NULL);
	app = td_staff_app_new();
	return td_ui_app_run(G_APPLICATION(app), argc, argv);
}
