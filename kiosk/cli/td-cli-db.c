/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon db init: the SQL that sets up a station's PostgreSQL (roles,
 * schema, grants), printed for review or applied as the database's
 * owner. */
#include "config.h"

#include <stdio.h>

#include "td-cli.h"
#include "td-pg-store.h"

static int
cli_db_init(int argc, char **argv)
{
	g_autofree gchar *url = NULL;
	gboolean apply = FALSE;
	const GOptionEntry entries[] = {
	    {"url", 'u', 0, G_OPTION_ARG_STRING, &url,
	     "The station's database, connecting as a superuser or its owner (URL or keyword string)", "URL"},
	    {"apply", 0, 0, G_OPTION_ARG_NONE, &apply, "Run the SQL instead of printing it", NULL},
	    {NULL},
	};
	g_autoptr(GError) error = NULL;
	int rc;

	rc = td_cli_parse("- set up a station's PostgreSQL: roles tiepdon_owner, tiepdon_kiosk, tiepdon_staff, "
			  "tiepdon_manager, the schema, what each may do",
			  entries, &argc, &argv);
	if (rc != TD_EXIT_OK)
		return rc;
	if (url == NULL)
		return td_command_line_usage_error("--url is needed (the station's database)");
	if (!td_pg_store_check_conninfo(url, &error))
		return td_cli_fail(error);
	if (!apply) {
		g_autofree gchar *sql = td_pg_store_init_sql();
		fputs(sql, stdout);
		return td_cli_flush_output();
	}
	if (!td_pg_store_init_apply(url, &error))
		return td_cli_fail(error);
	printf("roles, schema %u and grants applied; give each role a password (ALTER ROLE … PASSWORD) and each "
	       "machine its passfile (DEPLOY.md)\n",
	       TD_PG_STORE_SCHEMA_VERSION);
	return td_cli_flush_output();
}

int
td_cli_db(int argc, char **argv)
{
	static const TdCommandLineCommand actions[] = {
	    {"init", cli_db_init, "Roles, schema and grants of a station's PostgreSQL: --url URL [--apply]"},
	};

	return td_command_line_run_command(g_get_prgname(), actions, G_N_ELEMENTS(actions), argc, argv);
}
