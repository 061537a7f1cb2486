/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-sqlite-store.h"
#include "td-staff-pin.h"
#include "td-test-files.h"

static gchar *tmp_dir;

static void
test_hash_format(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *a = td_staff_pin_hash("471100", &error);
	g_autofree gchar *b = td_staff_pin_hash("471100", &error);
	g_auto(GStrv) parts = g_strsplit(a, "$", -1);
	gboolean matches = FALSE;

	g_assert_no_error(error);
	g_assert_cmpuint(g_strv_length(parts), ==, 4);
	g_assert_cmpstr(parts[0], ==, "pbkdf2-sha256");
	g_assert_cmpuint(g_ascii_strtoull(parts[1], NULL, 10), >=, 200000);
	/* a fresh salt each time */
	g_assert_cmpstr(a, !=, b);
	g_assert_true(td_staff_pin_check_hash(a, "471100", &matches, &error));
	g_assert_true(matches);
	g_assert_true(td_staff_pin_check_hash(b, "471100", &matches, &error));
	g_assert_true(matches);
	g_assert_true(td_staff_pin_check_hash(a, "471200", &matches, &error));
	g_assert_false(matches);
	g_assert_true(td_staff_pin_check_hash(a, "4711000", &matches, &error));
	g_assert_false(matches);

	/* at least 6 digits: 4 fell to the config file's hash in minutes */
	g_assert_false(td_staff_pin_is_well_formed("1234"));
	g_assert_false(td_staff_pin_is_well_formed("12345"));
	g_assert_false(td_staff_pin_is_well_formed("1234567890123"));
	g_assert_false(td_staff_pin_is_well_formed("12a456"));
	g_assert_true(td_staff_pin_is_well_formed("123456"));
	g_assert_true(td_staff_pin_is_well_formed("123456789012"));
	g_assert_null(td_staff_pin_hash("4711", &error));
	g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
}

static void
test_bad_hashes(void)
{
	const gchar *bad[] = {
	    "",
	    "md5$abc",
	    "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	    "pbkdf2-sha256$210000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	    "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
	    "pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		gboolean matches = TRUE;
		g_assert_false(td_staff_pin_check_hash(bad[i], "123456", &matches, &error));
		g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
		g_assert_false(matches);
	}
}

static TdStaffPinVerdict
verify_as(TdSqliteStore *store, TdConfig *config, gint64 staff_id, const gchar *pin, gint64 now,
	  guint *seconds_left)
{
	g_autoptr(GError) error = NULL;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_OK;
	g_assert_true(td_staff_pin_verify(TD_STORE(store), config, staff_id, pin, now, &verdict, seconds_left, NULL, &error));
	g_assert_no_error(error);
	return verdict;
}

/* At the station's account. */
static TdStaffPinVerdict
verify(TdSqliteStore *store, TdConfig *config, const gchar *pin, gint64 now, guint *seconds_left)
{
	return verify_as(store, config, TD_STAFF_STATION_ID, pin, now, seconds_left);
}

/* A demo station in its own folder under tmp_dir, the station's PIN
 * 246802, locked after lockout_attempts failures; and its store. */
static TdConfig *
station_with_pin(const gchar *folder, guint lockout_attempts, TdSqliteStore **store_out)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data_dir = g_build_filename(tmp_dir, folder, NULL);
	g_autoptr(TdConfig) config = td_config_new_demo(data_dir, &error);

	g_assert_no_error(error);
	config->staff_pin_hash = td_staff_pin_hash("246802", &error);
	g_assert_no_error(error);
	config->lockout_attempts = lockout_attempts;
	*store_out = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);
	return g_steal_pointer(&config);
}

static void
test_lockout(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autoptr(TdConfig) config = station_with_pin("lockout", 3, &store);
	const gint64 t0 = 1700000000;
	guint left = 0;

	config->lockout_minutes = 15;

	g_assert_cmpint(verify(store, config, "246802", t0, &left), ==, TD_STAFF_PIN_OK);
	g_assert_cmpint(verify(store, config, "111100", t0 + 1, &left), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify(store, config, "111200", t0 + 2, &left), ==, TD_STAFF_PIN_WRONG);
	/* the third failure locks at once */
	g_assert_cmpint(verify(store, config, "111300", t0 + 3, &left), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpuint(left, ==, 15 * 60);
	/* while locked, even the right PIN is not accepted */
	g_assert_cmpint(verify(store, config, "246802", t0 + 63, &left), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpuint(left, ==, 15 * 60 - 60);

	/* a restart does not reset it */
	g_clear_object(&store);
	store = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);
	g_assert_cmpint(verify(store, config, "246802", t0 + 603, &left), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpuint(left, ==, 300);

	/* after the window the right PIN works, and clears the count */
	g_assert_cmpint(verify(store, config, "246802", t0 + 3 + 15 * 60, &left), ==, TD_STAFF_PIN_OK);
	g_assert_cmpint(verify(store, config, "000000", t0 + 1000, &left), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify(store, config, "000000", t0 + 1001, &left), ==, TD_STAFF_PIN_WRONG);

	/* failures spread wider than the window do not add up */
	g_assert_cmpint(verify(store, config, "000000", t0 + 1001 + 15 * 60 + 1, &left), ==, TD_STAFF_PIN_WRONG);

	/* no PIN configured is an error, not an open door */
	g_clear_pointer(&config->staff_pin_hash, g_free);
	{
		TdStaffPinVerdict verdict = TD_STAFF_PIN_OK;
		g_assert_false(td_staff_pin_verify(TD_STORE(store), config, TD_STAFF_STATION_ID, "246802", t0, &verdict, NULL,
						   NULL, &error));
		g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
	}
}

typedef struct {
	TdSqliteStore *store;
	TdConfig *config;
	GMutex lock;
	guint verdicts[TD_STAFF_PIN_LOCKED + 1];
} Guessers;

static gpointer
guess_thread(gpointer user_data)
{
	Guessers *g = user_data;
	g_autoptr(GError) error = NULL;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_OK;

	g_assert_true(td_staff_pin_verify(TD_STORE(g->store), g->config, TD_STAFF_STATION_ID, "999999", 1700000000,
					  &verdict, NULL, NULL, &error));
	g_assert_no_error(error);
	g_mutex_lock(&g->lock);
	g->verdicts[verdict]++;
	g_mutex_unlock(&g->lock);
	return NULL;
}

/* Twenty wrong guesses at once (two consoles, a script) get no more tries
 * than twenty one after another: lockout-attempts hashes are compared, the
 * rest are refused as locked without being looked at. */
static void
test_concurrent_guesses(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autoptr(TdConfig) config = station_with_pin("concurrent", 5, &store);
	Guessers g = {0};
	GThread *threads[20];
	guint count = 0;

	g.store = store;
	g.config = config;
	g_mutex_init(&g.lock);
	for (guint i = 0; i < G_N_ELEMENTS(threads); i++)
		threads[i] = g_thread_new("guess", guess_thread, &g);
	for (guint i = 0; i < G_N_ELEMENTS(threads); i++)
		g_thread_join(threads[i]);
	g_mutex_clear(&g.lock);
	g_test_message("wrong %u, locked %u", g.verdicts[TD_STAFF_PIN_WRONG], g.verdicts[TD_STAFF_PIN_LOCKED]);
	g_assert_cmpuint(g.verdicts[TD_STAFF_PIN_OK], ==, 0);
	g_assert_cmpuint(g.verdicts[TD_STAFF_PIN_WRONG], ==, 4);
	g_assert_cmpuint(g.verdicts[TD_STAFF_PIN_LOCKED], ==, 16);
	/* five attempts were counted, so five hashes compared at most */
	g_assert_true(td_store_count_pin_failures(TD_STORE(store), 0, &count, NULL, &error));
	g_assert_cmpuint(count, ==, 5);
}

/* Staff accounts: each with a PIN of its own, locked by its own failures;
 * guesses spread over accounts lock them all at TD_STAFF_PIN_OVERALL_FACTOR
 * times the limit; a new PIN lifts its account's lock-out; a disabled account and the station's without a PIN in
 * the settings are not offered and cannot log in. */
static void
test_accounts(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autoptr(TdConfig) config = station_with_pin("accounts", 2, &store);
	g_autoptr(GPtrArray) offered = NULL;
	const gchar *names[] = {"Lan", "Minh", "Hoa", "Tuấn"};
	const gchar *pins[] = {"135790", "864200", "111222", "333444"};
	const gchar *lan_new_pin = "975310";
	gint64 ids[G_N_ELEMENTS(names)];
	const gint64 t0 = 1700000000;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_OK;

	config->lockout_minutes = 15;
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree gchar *hash = td_staff_pin_hash(pins[i], &error);
		g_assert_true(td_store_add_staff(TD_STORE(store), names[i], hash, &ids[i], &error));
		g_assert_no_error(error);
		g_assert_cmpint(ids[i], >, TD_STAFF_STATION_ID);
	}
	/* a name is taken once */
	g_assert_false(td_store_add_staff(TD_STORE(store), "Lan", config->staff_pin_hash, NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
	g_clear_error(&error);

	/* one's PIN does not open another's account */
	g_assert_cmpint(verify_as(store, config, ids[0], pins[1], t0, NULL), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify_as(store, config, ids[0], "246802", t0 + 1, NULL), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpint(verify_as(store, config, ids[0], pins[0], t0 + 2, NULL), ==, TD_STAFF_PIN_LOCKED);
	/* Lan locked, Minh not */
	g_assert_cmpint(verify_as(store, config, ids[1], pins[1], t0 + 3, NULL), ==, TD_STAFF_PIN_OK);
	/* Lan had forgotten it: the new PIN (tiepdon staff set-pin) opens at
	 * once, not after the lock-out the forgotten one earned */
	{
		g_autofree gchar *hash = td_staff_pin_hash(lan_new_pin, &error);
		g_assert_true(td_store_set_staff_pin(TD_STORE(store), "Lan", hash, &error));
		g_assert_no_error(error);
	}
	g_assert_cmpint(verify_as(store, config, ids[0], lan_new_pin, t0 + 3, NULL), ==, TD_STAFF_PIN_OK);

	/* six failures (3 x 2) over four accounts: everyone is locked */
	g_assert_cmpint(verify_as(store, config, ids[2], "000000", t0 + 4, NULL), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify_as(store, config, ids[3], "000000", t0 + 5, NULL), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify_as(store, config, TD_STAFF_STATION_ID, "000000", t0 + 6, NULL), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify_as(store, config, ids[2], "000001", t0 + 7, NULL), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpint(verify_as(store, config, ids[3], "000001", t0 + 8, NULL), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpint(verify_as(store, config, TD_STAFF_STATION_ID, "000001", t0 + 9, NULL), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpint(verify_as(store, config, ids[1], pins[1], t0 + 10, NULL), ==, TD_STAFF_PIN_LOCKED);
	/* after the window, all open again */
	g_assert_cmpint(verify_as(store, config, ids[0], lan_new_pin, t0 + 10 + 15 * 60, NULL), ==, TD_STAFF_PIN_OK);

	/* disabled: not offered, refused */
	g_assert_true(td_store_set_staff_active(TD_STORE(store), "Hoa", FALSE, &error));
	g_assert_false(td_store_set_staff_active(TD_STORE(store), "Nobody", FALSE, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);
	g_assert_false(td_staff_pin_verify(TD_STORE(store), config, ids[2], pins[2], t0 + 2000, &verdict, NULL, NULL,
					   &error));
	g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
	g_clear_error(&error);
	offered = td_staff_pin_accounts(TD_STORE(store), config, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(offered->len, ==, 4); /* Trạm, Lan, Minh, Tuấn */
	g_assert_cmpstr(((TdStaffMember *)g_ptr_array_index(offered, 0))->name, ==, TD_STAFF_STATION_NAME);
	g_clear_pointer(&offered, g_ptr_array_unref);
	/* the station's account only while the settings hold its PIN */
	g_clear_pointer(&config->staff_pin_hash, g_free);
	offered = td_staff_pin_accounts(TD_STORE(store), config, &error);
	g_assert_cmpuint(offered->len, ==, 3);
	for (guint i = 0; i < offered->len; i++)
		g_assert_cmpint(((TdStaffMember *)g_ptr_array_index(offered, i))->id, !=, TD_STAFF_STATION_ID);
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;

	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("td-pin-XXXXXX", &error);
	g_assert_no_error(error);
	g_test_add_func("/staff-pin/hash-format", test_hash_format);
	g_test_add_func("/staff-pin/bad-hashes", test_bad_hashes);
	g_test_add_func("/staff-pin/lockout", test_lockout);
	g_test_add_func("/staff-pin/concurrent-guesses", test_concurrent_guesses);
	g_test_add_func("/staff-pin/accounts", test_accounts);
	return td_test_run_and_remove(tmp_dir);
}
