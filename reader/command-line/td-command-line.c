/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "td-command-line.h"

/* Every message of a program's own on stderr goes through stdio, not
 * g_printerr(): the bytes as they are, never converted to the locale's
 * charset (a C locale would mangle Vietnamese). */
static void G_GNUC_PRINTF(1, 0)
command_line_print_valist(const gchar *format, va_list args)
{
	fprintf(stderr, "%s: ", g_get_prgname());
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

static void G_GNUC_PRINTF(1, 2)
command_line_print(const gchar *format, ...)
{
	va_list args;

	va_start(args, format);
	command_line_print_valist(format, args);
	va_end(args);
}

void
td_command_line_print_error(const GError *error)
{
	command_line_print("%s", error->message);
}

int
td_command_line_usage_error(const gchar *format, ...)
{
	va_list args;

	va_start(args, format);
	command_line_print_valist(format, args);
	va_end(args);
	return TD_COMMAND_LINE_EXIT_USAGE;
}

int
td_command_line_print_usage(const gchar *format, ...)
{
	va_list args;

	fprintf(stderr, "Usage: %s ", g_get_prgname());
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
	return TD_COMMAND_LINE_EXIT_USAGE;
}

static void
command_line_print_commands(FILE *out, const gchar *program, const TdCommandLineCommand *commands, gsize n_commands)
{
	fprintf(out, "Usage: %s COMMAND [OPTION…]\n\nCommands:\n", program);
	for (gsize i = 0; i < n_commands; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun '%s COMMAND --help' for a command's options.\n", program);
}

int
td_command_line_run_command(const gchar *program,
			    const TdCommandLineCommand *commands,
			    gsize n_commands,
			    int argc,
			    char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		command_line_print_commands(stdout, program, commands, n_commands);
		return 0;
	}
	for (gsize i = 0; argc >= 2 && i < n_commands; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			g_autofree gchar *prgname = g_strdup_printf("%s %s", program, argv[1]);
			g_set_prgname(prgname);
			argv[1] = prgname;
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	if (argc >= 2)
		fprintf(stderr, "%s: unknown command '%s'\n\n", program, argv[1]);
	command_line_print_commands(stderr, program, commands, n_commands);
	return TD_COMMAND_LINE_EXIT_USAGE;
}

gboolean
td_command_line_parse(const gchar *summary,
		      const GOptionEntry *entries,
		      GOptionGroup *group,
		      TdCommandLineArguments arguments,
		      int *argc,
		      char ***argv)
{
	g_autoptr(GOptionContext) context = g_option_context_new(summary);
	g_autoptr(GError) error = NULL;

	g_option_context_add_main_entries(context, entries, NULL);
	if (group != NULL)
		g_option_context_add_group(context, group);
	if (!g_option_context_parse(context, argc, argv, &error)) {
		td_command_line_print_error(error);
		return FALSE;
	}
	if (arguments == TD_COMMAND_LINE_NO_ARGUMENTS && *argc > 1) {
		td_command_line_usage_error("unexpected argument '%s'", (*argv)[1]);
		return FALSE;
	}
	return TRUE;
}

void
td_command_line_use_station_time_zone(void)
{
	if (g_getenv("TZ") != NULL)
		return;
	g_setenv("TZ", TD_STATION_TIME_ZONE, TRUE);
	if (g_getenv("PGTZ") == NULL)
		g_setenv("PGTZ", TD_STATION_TIME_ZONE, TRUE);
	tzset();
}
