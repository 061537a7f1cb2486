/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>

#include "td-test-files.h"
#include "td-test-log.h"
#include "td-test-postgres.h"

gboolean
td_test_pg_available(void)
{
	if (g_getenv("TD_PG_CONNINFO") != NULL)
		return TRUE;
	g_test_skip("no private PostgreSQL (run under tests/with-private-postgres.sh)");
	return FALSE;
}

gchar *
td_test_pg_init(int *argc, char ***argv, const gchar *tmp_template)
{
	g_test_init(argc, argv, NULL);
	td_test_log_expecting_warnings();
	if (!td_test_pg_available())
		return NULL;
	return td_test_make_tmp_dir(tmp_template);
}

static PGconn *
pg_connect(const gchar *conninfo)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK)
		g_error("cannot connect to the private PostgreSQL: %s", PQerrorMessage(conn));
	return conn;
}

static PGresult *
pg_run(PGconn *conn, const gchar *sql)
{
	PGresult *result = PQexec(conn, sql);
	if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK)
		g_error("%s: %s", sql, PQresultErrorMessage(result));
	return result;
}

gchar *
td_test_pg_create_database(const gchar *prefix)
{
	g_autofree gchar *name = g_strdup_printf("%s_%08x", prefix, g_random_int());
	g_autofree gchar *sql = g_strdup_printf("CREATE DATABASE %s", name);
	PGconn *conn = pg_connect(g_getenv("TD_PG_CONNINFO"));

	PQclear(pg_run(conn, sql));
	PQfinish(conn);
	return g_strdup_printf("host=%s port=%s user=%s dbname=%s", g_getenv("TD_PG_HOST"), g_getenv("TD_PG_PORT"),
			       g_getenv("TD_PG_USER"), name);
}

void
td_test_pg_exec(const gchar *conninfo, const gchar *sql)
{
	PGconn *conn = pg_connect(conninfo);
	PQclear(pg_run(conn, sql));
	PQfinish(conn);
}

gchar *
td_test_pg_query_value(const gchar *conninfo, const gchar *sql)
{
	PGconn *conn = pg_connect(conninfo);
	PGresult *result = pg_run(conn, sql);
	gchar *value = g_strdup(PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "");
	PQclear(result);
	PQfinish(conn);
	return value;
}

void
td_test_pg_ctl(const gchar *action)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) ctl = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
						       g_getenv("TD_PG_CTL"), action, NULL);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_wait_check(ctl, NULL, &error));
	g_assert_no_error(error);
}

gchar *
td_test_pg_conninfo_as(const gchar *conninfo, const gchar *role)
{
	return g_strdup_printf("%s user=%s", conninfo, role);
}

void
td_test_pg_assert_refused(const gchar *conninfo, const gchar *sql, const gchar *sqlstate)
{
	PGconn *conn = PQconnectdb(conninfo);
	PGresult *result;
	const gchar *state;

	g_assert_cmpint(PQstatus(conn), ==, CONNECTION_OK);
	result = PQexec(conn, sql);
	state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
	if (g_strcmp0(state, sqlstate) != 0)
		g_error("%s: expected SQLSTATE %s, got %s %s", sql, sqlstate, PQresStatus(PQresultStatus(result)),
			PQresultErrorMessage(result));
	PQclear(result);
	PQfinish(conn);
}
