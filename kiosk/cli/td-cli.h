/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "td-json.h"

#include "td-access-key.h"
#include "td-command-line.h"
#include "td-config.h"
#include "td-store-open.h"

G_BEGIN_DECLS

/* The `tiepdon` command's subcommands. Each gets argv with argv[0] set to
 * "tiepdon SUBCOMMAND", parses its own options (GOptionContext) and returns
 * the process exit status, the same table for every one (README, "Exit
 * codes"): */
typedef enum {
	TD_EXIT_OK = 0,
	TD_EXIT_FAILURE = 1, /* it ran and failed, and said why on stderr */
	TD_EXIT_USAGE = TD_COMMAND_LINE_EXIT_USAGE, /* bad options or arguments */
	TD_EXIT_CONFIG = 3,  /* the settings, or a file they name (key, database, password), cannot be used */
} TdExitStatus;

int td_cli_read(int argc, char **argv);
int td_cli_eligibility(int argc, char **argv);
int td_cli_report(int argc, char **argv);	 /* td-cli-report.c */
int td_cli_export(int argc, char **argv);	 /* td-cli-report.c */
int td_cli_purge(int argc, char **argv);	 /* td-cli-report.c */
int td_cli_backup(int argc, char **argv);	 /* td-cli-backup.c */
int td_cli_restore(int argc, char **argv);	 /* td-cli-backup.c */
int td_cli_set_pin(int argc, char **argv);	 /* td-cli-report.c */
int td_cli_create_key(int argc, char **argv);	 /* td-cli-report.c */
int td_cli_exceptions(int argc, char **argv);	 /* td-cli-exceptions.c */
int td_cli_checkin(int argc, char **argv);	 /* td-cli-checkin.c */
int td_cli_doctor(int argc, char **argv);	 /* td-cli-doctor.c */
int td_cli_db(int argc, char **argv);		 /* td-cli-db.c */
int td_cli_staff(int argc, char **argv);	 /* td-cli-staff.c */

/* Shared by the subcommands (td-cli-common.c). */

/* The exit status an error calls for: usage, configuration or failure. */
TdExitStatus td_cli_exit_status(const GError *error);
/* Prints "tiepdon SUBCOMMAND: message" on stderr; returns its exit status. */
TdExitStatus td_cli_fail(const GError *error);
/* The status of a subcommand that printed its answer: TD_EXIT_OK once
 * stdout has taken all of it, else TD_EXIT_FAILURE, said on stderr (a
 * full disk or a closed pipe is no success). */
TdExitStatus td_cli_flush_output(void);
/* Prints text, which holds personal data, on stdout (a newline after
 * JSON), then wipes and frees it; the status as td_cli_flush_output(). */
TdExitStatus td_cli_print_personal(gchar *text, gboolean as_json);
/* A check-in's ticket in the JSON of every subcommand: "queue_number"
 * (null while it has none) and "queue_series" ("" the station's one
 * sequence, or the kiosk's offline letter). */
void td_cli_json_add_ticket(JsonBuilder *builder, const gchar *series, guint number);
/* Parses the options and refuses arguments left over: TD_EXIT_OK to go on,
 * else TD_EXIT_USAGE (the message is printed). A subcommand that takes
 * arguments calls td_command_line_parse() itself. */
TdExitStatus td_cli_parse(const gchar *summary, const GOptionEntry *entries, int *argc, char ***argv);

typedef enum {
	TD_CLI_NO_STORE,
	TD_CLI_STORE_READ_ONLY, /* never creates: a mistyped path is an error */
	TD_CLI_STORE_WRITABLE,
} TdCliStoreAccess;

/* Loads the settings (config_path NULL: the system's) and opens the store
 * as asked; TD_EXIT_OK, or the status to return (the message printed). */
TdExitStatus td_cli_open(const gchar *config_path,
			 TdCliStoreAccess access,
			 TdConfig **config_out,
			 TdStore **store_out);

/* For the subcommands whose only option is --config: parses, loads and
 * opens as td_cli_open does. */
TdExitStatus td_cli_parse_config_only(int *argc,
				      char ***argv,
				      const gchar *summary,
				      TdCliStoreAccess access,
				      TdConfig **config_out,
				      TdStore **store_out);

/* The card's access keys from the options of `tiepdon read` and `tiepdon
 * checkin`: exactly one of --id (with --dob and --expiry, if given), --qr
 * or --mrz; a wrong combination is a G_OPTION_ERROR. */
TdAccessKeyList *td_cli_access_keys(const gchar *id,
				    const gchar *dob,
				    const gchar *expiry,
				    const gchar *qr,
				    const gchar *mrz,
				    GError **error);

/* A patient's data on the command line (an ID number, a birth date, a
 * name, a QR or MRZ text, a card code) is in `ps` for every user of the
 * machine while the command runs. Given as "-", such an option is read
 * from standard input instead: one line each, in the order of values
 * (an MRZ its three lines). *value is replaced with what was read, the
 * line's end dropped; the buffers are wiped. */
typedef struct {
	const gchar *option; /* "--id": for the error */
	gchar **value;
	guint lines;
} TdCliStdinValue;
gboolean td_cli_values_from_stdin(const TdCliStdinValue *values, guint n_values, GError **error);

/* Asks for a new staff PIN twice on the terminal (without echo; from
 * stdin as is when it is not a terminal) and hashes it: TD_EXIT_OK with
 * *hash_out set, or the status to return (the message printed). */
TdExitStatus td_cli_read_new_pin_hash(gchar **hash_out);

G_END_DECLS
