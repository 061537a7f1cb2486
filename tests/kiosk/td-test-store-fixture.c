/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "td-test-kiosk.h"
#include "td-test-postgres.h"
#include "td-test-store-fixture.h"

void
td_store_fixture_setup(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *config = NULL;
	fx->engine = GPOINTER_TO_INT(data);
	fx->dir = g_dir_make_tmp("td-store-XXXXXX", &error);
	g_assert_no_error(error);
	fx->db_path = g_build_filename(fx->dir, "tiepdon.db", NULL);
	if (fx->engine == TD_TEST_ENGINE_PG)
		fx->conninfo = td_test_pg_create_database("store");
	/* for the tiepdon command, a second process on the same store */
	fx->config_path = g_build_filename(fx->dir, "tiepdon.conf", NULL);
	config = fx->engine == TD_TEST_ENGINE_PG
		     ? g_strdup_printf("[station]\ncode=01001\noffline-letter=B\n[storage]\nurl=%s\njournal=%s/journal.db\n",
				       fx->conninfo, fx->dir)
		     : g_strdup_printf("[station]\ncode=01001\n[storage]\npath=%s\n", fx->db_path);
	g_assert_true(g_file_set_contents_full(fx->config_path, config, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

void
td_store_fixture_teardown(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GDir) dir = g_dir_open(fx->dir, 0, NULL);
	const gchar *name;
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename(fx->dir, name, NULL);
		g_unlink(path);
	}
	g_rmdir(fx->dir);
	g_free(fx->db_path);
	g_free(fx->conninfo);
	g_free(fx->config_path);
	g_free(fx->dir);
}

guint
td_test_store_record(TdStore *store, const gchar *day)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) rec = td_test_make_record(day);
	g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpint(rec->id, >, 0);
	return rec->queue_number;
}
