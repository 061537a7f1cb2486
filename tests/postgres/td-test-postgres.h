/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For tests run under tests/with-private-postgres.sh: the private server
 * it started, reached through what it put in the environment. */

/* TRUE when the server is there; otherwise marks the test skipped. */
gboolean td_test_pg_available(void);
/* The start of a program of tests on the private server: GLib's tests,
 * the warnings of the faults the tests cause expected, and a private
 * folder made from tmp_template (mkdtemp's XXXXXX) returned; NULL when
 * there is no server, for main() to return 77 (skipped). */
gchar *td_test_pg_init(int *argc, char ***argv, const gchar *tmp_template);
/* A new, empty database on the private server (named prefix_NNNNNNNN);
 * returns its libpq connection string. Aborts the test on failure. */
gchar *td_test_pg_create_database(const gchar *prefix);
/* Runs SQL statements on conninfo's database; aborts the test on failure. */
void td_test_pg_exec(const gchar *conninfo, const gchar *sql);
/* The first column of the first row of a query, as text ("" for no row). */
gchar *td_test_pg_query_value(const gchar *conninfo, const gchar *sql);
/* pg_ctl on the private server as its owner: "stop", "start", "restart". */
void td_test_pg_ctl(const gchar *action);
/* The same database as another user (trust authentication: the private
 * server lets the test be any role, as each machine's passfile would). */
gchar *td_test_pg_conninfo_as(const gchar *conninfo, const gchar *role);
/* SQL the server must refuse with that SQLSTATE; aborts the test if not. */
void td_test_pg_assert_refused(const gchar *conninfo, const gchar *sql, const gchar *sqlstate);

G_END_DECLS
