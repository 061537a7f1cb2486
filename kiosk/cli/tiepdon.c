/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "td-cli.h"
#include "td-secret-file.h"

typedef struct {
	const gchar *name;
	int (*run)(int argc, char **argv);
	const gchar *summary;
} TdSubcommand;

static const TdSubcommand subcommands[] = {
	{"read", td_cli_read, "Read a chip ID card (CCCD) and print its data"},
	{"eligibility", td_cli_eligibility, "Look up BHYT eligibility at the BHXH gateway"},
	{"checkin", td_cli_checkin, "One whole check-in from the terminal"},
	{"report", td_cli_report, "Counts of a day (check-ins, eligibility, VNeID)"},
	{"export", td_cli_export, "Daily progress report as CSV, one row per day"},
	{"exceptions", td_cli_exceptions, "The check-ins waiting for staff: list, resolve"},
	{"purge", td_cli_purge, "Erase personal data past the retention period (daily timer)"},
	{"set-pin", td_cli_set_pin, "Set the station's staff PIN"},
	{"staff", td_cli_staff, "Staff accounts, each with a PIN: add, list, disable"},
	{"create-key", td_cli_create_key, "Create the station's ID hashing key (deployment, as root)"},
	{"doctor", td_cli_doctor, "Check reader, trust store, gateway, database and disk"},
	{"db", td_cli_db, "Set up a station's PostgreSQL: db init --url URL [--apply]"},
};

static void
print_usage(FILE *out)
{
	fprintf(out, "Usage: tiepdon COMMAND [OPTION…]\n\nCommands:\n");
	for (gsize i = 0; i < G_N_ELEMENTS(subcommands); i++)
		fprintf(out, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(out, "\nRun 'tiepdon COMMAND --help' for a command's options.\n");
}

int
main(int argc, char **argv)
{
	/* no core dump, no ptrace by the same user: the process holds names,
	 * ID numbers, the ID hashing key and the gateway password's hash */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	td_fault_point("tiepdon-started");
	setlocale(LC_ALL, "");
	/* Arguments are UTF-8 whatever the locale: cron and systemd run us
	 * under C, where GLib would refuse "Nguyễn" in --qr or --note. */
	if (!g_get_charset(NULL))
		setlocale(LC_CTYPE, "C.UTF-8");
	if (argc < 2 || g_strcmp0(argv[1], "--help") == 0 || g_strcmp0(argv[1], "-h") == 0) {
		print_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? TD_EXIT_USAGE : TD_EXIT_OK;
	}
	if (g_strcmp0(argv[1], "--version") == 0) {
		printf("tiepdon %s\n", PACKAGE_VERSION);
		return TD_EXIT_OK;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(subcommands); i++) {
		if (strcmp(argv[1], subcommands[i].name) == 0) {
			g_autofree gchar *prgname = g_strdup_printf("tiepdon %s", argv[1]);
			g_set_prgname(prgname);
			argv[1] = prgname;
			return subcommands[i].run(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "tiepdon: unknown command '%s'\n\n", argv[1]);
	print_usage(stderr);
	return TD_EXIT_USAGE;
}
