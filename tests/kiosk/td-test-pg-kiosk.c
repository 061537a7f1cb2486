/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-pg-store.h"
#include "td-store-open.h"
#include "td-test-kiosk.h"
#include "td-test-pg-kiosk.h"
#include "td-test-postgres.h"

gchar *
td_test_pg_kiosk_config(const gchar *dir, const gchar *name, const gchar *conninfo, const gchar *kiosk_id,
			const gchar *letter)
{
	g_autofree gchar *contents = g_strdup_printf("[station]\ncode=01001\nkiosk-id=%s\noffline-letter=%s\n"
						     "[storage]\nurl=%s\njournal=%s/%s.journal\n",
						     kiosk_id, letter, conninfo, dir, kiosk_id);
	gchar *path = g_build_filename(dir, name, NULL);
	g_assert_true(g_file_set_contents_full(path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
	return path;
}

TdConfig *
td_test_load_config(const gchar *path)
{
	g_autoptr(GError) error = NULL;
	TdConfig *config = td_config_load(path, &error);

	g_assert_no_error(error);
	g_assert_nonnull(config);
	return config;
}

gchar *
td_test_pg_station_database(const gchar *name)
{
	g_autoptr(GError) error = NULL;
	gchar *conninfo = td_test_pg_create_database(name);

	g_assert_true(td_pg_store_init_apply(conninfo, &error));
	g_assert_no_error(error);
	return conninfo;
}

TdStore *
td_test_pg_open_kiosk_store(const TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	TdStore *store = td_store_open_configured(config, TD_STORE_OPEN_WRITABLE, &error);
	g_assert_no_error(error);
	g_assert_true(TD_IS_JOURNALED_STORE(store));
	return store;
}

TdJournaledStore *
td_test_pg_open_journaled(const gchar *conninfo, const gchar *journal, const gchar *kiosk_id, const gchar *letter)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPgStore) server = td_pg_store_new_even_unreachable(conninfo, kiosk_id, TRUE, &error);

	g_assert_no_error(error);
	return td_journaled_store_new(server, journal, kiosk_id, letter);
}

gint64
td_test_pg_count(const gchar *conninfo, const gchar *sql)
{
	g_autofree gchar *value = td_test_pg_query_value(conninfo, sql);
	return g_ascii_strtoll(value, NULL, 10);
}

TdJournalState
td_test_journal_state(TdStore *store)
{
	g_autoptr(GError) error = NULL;
	TdJournalState state;
	g_assert_true(td_journaled_store_get_state(TD_JOURNALED_STORE(store), &state, &error));
	g_assert_no_error(error);
	return state;
}

void
td_test_wait_journal_sent_but(TdStore *store, guint waiting)
{
	for (guint i = 0; i < 600; i++) {
		TdJournalState state = td_test_journal_state(store);
		if (state.waiting == waiting && state.offline_since == 0)
			return;
		g_usleep(100 * 1000);
	}
	g_error("the journal was not sent within a minute");
}

void
td_test_wait_journal_sent(TdStore *store)
{
	td_test_wait_journal_sent_but(store, 0);
}

TdCheckinRecord *
td_test_store_checkin(TdStore *store, const gchar *day, const gchar *id_hash, TdCheckinException *exc)
{
	g_autoptr(GError) error = NULL;
	TdCheckinRecord *rec = td_test_make_record(day);
	rec->id_hash = g_strdup(id_hash);
	g_assert_true(td_store_record_checkin(store, rec, exc, &error));
	g_assert_no_error(error);
	return rec;
}

void
td_test_record_own_action(TdStore *store, gint64 staff_id, const gchar *action, const gchar *note)
{
	g_autoptr(GError) error = NULL;
	g_assert_true(td_store_record_staff_action_as(store, staff_id, action, 0, 0, note, &error));
	g_assert_no_error(error);
}

void
td_test_copy_file(const gchar *from, const gchar *to)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *contents = NULL;
	gsize length = 0;

	g_assert_true(g_file_get_contents(from, &contents, &length, &error));
	g_assert_true(g_file_set_contents_full(to, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, &error));
	g_assert_no_error(error);
}
