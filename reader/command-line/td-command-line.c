/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "td-command-line.h"

void
td_command_line_print_error(const GError *error)
{
	/* stdio, not g_printerr(): the bytes as they are, never converted
	 * to the locale's charset (a C locale would mangle Vietnamese) */
	fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
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
		fprintf(stderr, "%s: unexpected argument '%s'\n", g_get_prgname(), (*argv)[1]);
		return FALSE;
	}
	return TRUE;
}
