/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <sys/prctl.h>

#include "td-cli.h"
#include "td-secret-file.h"
#include "td-command-line.h"
#include "td-worker.h"

static const TdCommandLineCommand subcommands[] = {
	{"read", td_cli_read, "Read a chip ID card (CCCD) and print its data"},
	{"eligibility", td_cli_eligibility, "Look up BHYT eligibility at the BHXH gateway"},
	{"checkin", td_cli_checkin, "One whole check-in from the terminal"},
	{"report", td_cli_report, "Counts of a day (check-ins, eligibility, VNeID)"},
	{"export", td_cli_export, "Daily progress report as CSV, one row per day"},
	{"exceptions", td_cli_exceptions, "The check-ins waiting for staff: list, resolve"},
	{"purge", td_cli_purge, "Erase personal data past the retention period (daily timer)"},
	{"backup", td_cli_backup, "Copy the records (a kiosk on its own file) to the backup folder (nightly timer)"},
	{"restore", td_cli_restore, "Put a copy made by backup back as the database (the kiosk stopped): COPY [--apply]"},
	{"set-pin", td_cli_set_pin, "Set the station's staff PIN"},
	{"staff", td_cli_staff, "Staff accounts, each with a PIN: add, list, disable"},
	{"create-key", td_cli_create_key, "Create the station's ID hashing key (deployment, as root)"},
	{"doctor", td_cli_doctor, "Check reader, trust store, gateway, database and disk"},
	{"db", td_cli_db, "Set up a station's PostgreSQL: db init --url URL [--apply]"},
};

int
main(int argc, char **argv)
{
	int status;

	/* stdout is for what a command gives (--json's JSON, a report):
	 * GLib's messages go to stderr, also the debug ones of
	 * G_MESSAGES_DEBUG. First: it is global, set before any thread. */
	g_log_writer_default_set_use_stderr(TRUE);
	/* Vietnam's day and clock, whatever the machine's zone */
	td_command_line_use_station_time_zone();
	/* no core dump, no ptrace by the same user: the process holds names,
	 * ID numbers, the ID hashing key and the gateway password's hash */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	td_fault_point("tiepdon-started");
	setlocale(LC_ALL, "");
	/* Arguments are UTF-8 whatever the locale: cron and systemd run us
	 * under C, where GLib would refuse "Nguyễn" in --qr or --note. */
	if (!g_get_charset(NULL))
		setlocale(LC_CTYPE, "C.UTF-8");
	if (argc >= 2 && g_strcmp0(argv[1], "--version") == 0) {
		printf("tiepdon %s\n", PACKAGE_VERSION);
		return TD_EXIT_OK;
	}
	status = td_command_line_run_command("tiepdon", subcommands, G_N_ELEMENTS(subcommands), argc, argv);
	/* a check-in's last writes (a print, an audit row) end first */
	td_worker_wait_all(TD_WORKER_EXIT_WAIT_MS);
	return status;
}
