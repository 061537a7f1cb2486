/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For tests run under tests/with-private-postgres.sh: the private server
 * it started, reached through what it put in the environment. */

/* TRUE when the server is there; otherwise marks the test skipped. */
gboolean td_test_pg_available(void);
/* A new, empty database on the private server (named prefix_NNNNNNNN);
 * returns its libpq connection string. Aborts the test on failure. */
gchar *td_test_pg_create_database(const gchar *prefix);
/* Runs SQL statements on conninfo's database; aborts the test on failure. */
void td_test_pg_exec(const gchar *conninfo, const gchar *sql);
/* The first column of the first row of a query, as text ("" for no row). */
gchar *td_test_pg_query_value(const gchar *conninfo, const gchar *sql);
/* pg_ctl on the private server as its owner: "stop", "start", "restart". */
void td_test_pg_ctl(const gchar *action);

G_END_DECLS
