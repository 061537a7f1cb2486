/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL URL a kiosk is given, checked before any connection (no
 * server needed): a server over the network only with
 * sslmode=verify-full, no password in the settings, no service= (its
 * file's host and sslmode would go unchecked), nor the environment's
 * PGHOST, PGSSLMODE or PGSERVICE standing in for what the URL leaves out;
 * and through the settings file as every command reads it. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-pg-store.h"
#include "td-store.h"
#include "td-test-kiosk.h"

static gchar *tmp_dir;

/* tiepdon report with these settings: refused as bad settings (exit 3),
 * the message naming the file and key and saying each of the words. */
static void
assert_settings_refused(const gchar *name, const gchar *contents, const gchar *const *words)
{
	g_autofree gchar *path = g_build_filename(tmp_dir, name, NULL);
	g_auto(TdTiepdonRun) run = {0};

	g_assert_true(g_file_set_contents_full(path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", path, NULL), ==, 3);
	g_assert_nonnull(strstr(run.err, path));
	g_assert_nonnull(strstr(run.err, "[storage] url"));
	for (guint i = 0; words[i] != NULL; i++)
		g_assert_nonnull(strstr(run.err, words[i]));
}

static void
test_conninfo_policy(void)
{
	static const gchar *const refused[] = {
	    "postgresql://db.tram.example/tiepdon",
	    "postgresql://db.tram.example/tiepdon?sslmode=require",
	    "host=10.0.0.5 dbname=tiepdon sslmode=prefer",
	    "host=/run/postgresql,10.0.0.5 dbname=tiepdon sslmode=verify-ca",
	    "hostaddr=10.0.0.5 dbname=tiepdon sslmode=disable",
	    "host=/run/postgresql dbname=tiepdon password=secret",
	    "this is not a connection string",
	    /* its file could name any host and sslmode=prefer */
	    "service=tiepdon",
	    "postgresql:///tiepdon?service=tiepdon&host=/run/postgresql",
	};
	static const gchar *const accepted[] = {
	    "postgresql://db.tram.example/tiepdon?sslmode=verify-full&passfile=/etc/tiepdon/pgpass",
	    "host=db.tram.example dbname=tiepdon sslmode=verify-full",
	    "host=/run/postgresql dbname=tiepdon",
	    "postgresql:///tiepdon?host=/run/postgresql",
	    "dbname=tiepdon",
	};
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
		g_assert_false(td_pg_store_check_conninfo(refused[i], &error));
		g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
		g_clear_error(&error);
	}
	for (guint i = 0; i < G_N_ELEMENTS(accepted); i++) {
		g_assert_true(td_pg_store_check_conninfo(accepted[i], &error));
		g_assert_no_error(error);
	}
	/* through the settings, as every command reads them: the file and
	 * key named, and why */
	assert_settings_refused("remote.conf",
				"[station]\ncode=01001\n[storage]\n"
				"url=postgresql://db.tram.example/tiepdon?sslmode=require\n",
				(const gchar *const[]){"verify-full", "not require", NULL});
	/* path= and url= both: which one was meant? */
	assert_settings_refused("both.conf",
				"[station]\ncode=01001\n[storage]\npath=/tmp/x.db\n"
				"url=host=/run/postgresql dbname=tiepdon\n",
				(const gchar *const[]){"not both", NULL});
}

/* The environment fills in what the URL leaves out, as libpq does when it
 * connects: checked as if written. */
static void
test_conninfo_environment(void)
{
	static const struct {
		const gchar *variable, *value, *conninfo;
		gboolean accepted;
	} cases[] = {
	    {"PGHOST", "db.tram.example", "dbname=tiepdon", FALSE},
	    {"PGHOST", "db.tram.example", "dbname=tiepdon sslmode=verify-full", TRUE},
	    {"PGHOST", "/run/postgresql", "dbname=tiepdon", TRUE},
	    {"PGHOSTADDR", "10.0.0.5", "dbname=tiepdon", FALSE},
	    {"PGSSLMODE", "prefer", "host=db.tram.example dbname=tiepdon", FALSE},
	    {"PGSSLMODE", "verify-full", "host=db.tram.example dbname=tiepdon", TRUE},
	    /* the URL's own word wins, as in libpq */
	    {"PGSSLMODE", "disable", "host=db.tram.example dbname=tiepdon sslmode=verify-full", TRUE},
	    {"PGSERVICE", "tiepdon", "host=/run/postgresql dbname=tiepdon", FALSE},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;

		g_assert_true(g_setenv(cases[i].variable, cases[i].value, TRUE));
		g_assert_cmpint(td_pg_store_check_conninfo(cases[i].conninfo, &error), ==, cases[i].accepted);
		if (!cases[i].accepted)
			g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
		g_unsetenv(cases[i].variable);
	}
}

int
main(int argc, char **argv)
{
	int status;

	g_test_init(&argc, &argv, NULL);
	tmp_dir = td_test_make_tmp_dir("td-pg-url-XXXXXX");
	g_test_add_func("/pg-url/policy", test_conninfo_policy);
	g_test_add_func("/pg-url/environment", test_conninfo_environment);
	status = g_test_run();
	td_test_remove_tree(tmp_dir);
	g_free(tmp_dir);
	return status;
}
