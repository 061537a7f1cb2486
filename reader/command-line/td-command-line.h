/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every program's main() shares (tiepdon and each of its subcommands,
 * tiepdon-hub, tiepdon-gateway-sim, tiepdon-vchip): options are parsed, and
 * a bad one refused, the same way. */

/* The station's clock is Vietnam's (one zone, no summer time), whatever
 * zone the machine was left in: a kiosk installed on UTC began the day,
 * and its queue numbers, at 07:00, and sent the 08:30 report at 15:30.
 * Without TZ in the environment, sets TZ (and PGTZ, the database
 * sessions' zone, when that is unset too) to this zone. A TZ given on
 * purpose (a test's, an administrator's) is kept. Call it first thing in
 * main(), before any thread starts: setenv() is not safe beside them.
 * The zone is TD_STATION_TIME_ZONE (config.h). */
void td_command_line_use_station_time_zone(void);

/* The exit status of a bad option or argument, in every program. */
#define TD_COMMAND_LINE_EXIT_USAGE 2

typedef enum {
	TD_COMMAND_LINE_NO_ARGUMENTS,	/* an argument left over is refused */
	TD_COMMAND_LINE_ARGUMENTS_ALLOWED, /* the caller checks what is left in argv */
} TdCommandLineArguments;

/* Parses argv against entries and, when group is not NULL, the group's
 * options too (the parse takes the group). summary is what --help shows
 * after the usage line. On a bad option, or an argument left over that
 * arguments does not allow, prints "PROGRAM: why" on stderr and returns
 * FALSE: the program exits with TD_COMMAND_LINE_EXIT_USAGE. */
gboolean td_command_line_parse(const gchar *summary,
			       const GOptionEntry *entries,
			       GOptionGroup *group,
			       TdCommandLineArguments arguments,
			       int *argc,
			       char ***argv);

/* Prints "PROGRAM: message" on stderr. */
void td_command_line_print_error(const GError *error);

/* A bad option or argument: prints "PROGRAM: " and the message on stderr,
 * as td_command_line_print_error() does, and returns
 * TD_COMMAND_LINE_EXIT_USAGE for the program to exit with. */
int td_command_line_usage_error(const gchar *format, ...) G_GNUC_PRINTF(1, 2);

/* Prints "Usage: PROGRAM " and the synopsis on stderr and returns
 * TD_COMMAND_LINE_EXIT_USAGE: for options that go together or not at all,
 * or arguments of the wrong number. */
int td_command_line_print_usage(const gchar *format, ...) G_GNUC_PRINTF(1, 2);

/* A command of a program that has several (tiepdon, tiepdon-hub). */
typedef struct {
	const gchar *name;
	int (*run)(int argc, char **argv); /* argv from the command's name on */
	const gchar *summary;		   /* what the program's usage says of it */
} TdCommandLineCommand;

/* Runs the command argv[1] names, with "PROGRAM NAME" as the program's
 * name (g_set_prgname, and argv[0] of the command), and returns its
 * status. --help or -h prints the commands on stdout: 0. No command, or
 * one that is not there (said first), prints them on stderr:
 * TD_COMMAND_LINE_EXIT_USAGE. */
int td_command_line_run_command(const gchar *program,
				const TdCommandLineCommand *commands,
				gsize n_commands,
				int argc,
				char **argv);

G_END_DECLS
