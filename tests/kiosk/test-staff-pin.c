/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-sqlite-store.h"
#include "td-staff-pin.h"

static gchar *tmp_dir;

static void
test_hash_format(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *a = td_staff_pin_hash("4711", &error);
	g_autofree gchar *b = td_staff_pin_hash("4711", &error);
	g_auto(GStrv) parts = g_strsplit(a, "$", -1);
	gboolean matches = FALSE;

	g_assert_no_error(error);
	g_assert_cmpuint(g_strv_length(parts), ==, 4);
	g_assert_cmpstr(parts[0], ==, "pbkdf2-sha256");
	g_assert_cmpuint(g_ascii_strtoull(parts[1], NULL, 10), >=, 200000);
	/* a fresh salt each time */
	g_assert_cmpstr(a, !=, b);
	g_assert_true(td_staff_pin_check_hash(a, "4711", &matches, &error));
	g_assert_true(matches);
	g_assert_true(td_staff_pin_check_hash(b, "4711", &matches, &error));
	g_assert_true(matches);
	g_assert_true(td_staff_pin_check_hash(a, "4712", &matches, &error));
	g_assert_false(matches);
	g_assert_true(td_staff_pin_check_hash(a, "47110", &matches, &error));
	g_assert_false(matches);

	g_assert_false(td_staff_pin_is_well_formed("123"));
	g_assert_false(td_staff_pin_is_well_formed("123456789"));
	g_assert_false(td_staff_pin_is_well_formed("12a4"));
	g_assert_true(td_staff_pin_is_well_formed("12345678"));
	g_assert_null(td_staff_pin_hash("12a4", &error));
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
		g_assert_false(td_staff_pin_check_hash(bad[i], "1234", &matches, &error));
		g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
		g_assert_false(matches);
	}
}

static TdStaffPinVerdict
verify(TdSqliteStore *store, TdConfig *config, const gchar *pin, gint64 now, guint *seconds_left)
{
	g_autoptr(GError) error = NULL;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_OK;
	g_assert_true(td_staff_pin_verify(TD_STORE(store), config, pin, now, &verdict, seconds_left, &error));
	g_assert_no_error(error);
	return verdict;
}

static void
test_lockout(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data_dir = g_build_filename(tmp_dir, "lockout", NULL);
	g_autoptr(TdConfig) config = td_config_new_demo(data_dir, &error);
	g_autoptr(TdSqliteStore) store = NULL;
	const gint64 t0 = 1700000000;
	guint left = 0;

	g_assert_no_error(error);
	config->staff_pin_hash = td_staff_pin_hash("2468", &error);
	config->lockout_attempts = 3;
	config->lockout_minutes = 15;
	store = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);

	g_assert_cmpint(verify(store, config, "2468", t0, &left), ==, TD_STAFF_PIN_OK);
	g_assert_cmpint(verify(store, config, "1111", t0 + 1, &left), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify(store, config, "1112", t0 + 2, &left), ==, TD_STAFF_PIN_WRONG);
	/* the third failure locks at once */
	g_assert_cmpint(verify(store, config, "1113", t0 + 3, &left), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpuint(left, ==, 15 * 60);
	/* while locked, even the right PIN is not accepted */
	g_assert_cmpint(verify(store, config, "2468", t0 + 63, &left), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpuint(left, ==, 15 * 60 - 60);

	/* a restart does not reset it */
	g_clear_object(&store);
	store = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);
	g_assert_cmpint(verify(store, config, "2468", t0 + 603, &left), ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpuint(left, ==, 300);

	/* after the window the right PIN works, and clears the count */
	g_assert_cmpint(verify(store, config, "2468", t0 + 3 + 15 * 60, &left), ==, TD_STAFF_PIN_OK);
	g_assert_cmpint(verify(store, config, "0000", t0 + 1000, &left), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(verify(store, config, "0000", t0 + 1001, &left), ==, TD_STAFF_PIN_WRONG);

	/* failures spread wider than the window do not add up */
	g_assert_cmpint(verify(store, config, "0000", t0 + 1001 + 15 * 60 + 1, &left), ==, TD_STAFF_PIN_WRONG);

	/* no PIN configured is an error, not an open door */
	g_clear_pointer(&config->staff_pin_hash, g_free);
	{
		TdStaffPinVerdict verdict = TD_STAFF_PIN_OK;
		g_assert_false(td_staff_pin_verify(TD_STORE(store), config, "2468", t0, &verdict, NULL, &error));
		g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
	}
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	int rc;

	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("td-pin-XXXXXX", &error);
	g_assert_no_error(error);
	g_test_add_func("/staff-pin/hash-format", test_hash_format);
	g_test_add_func("/staff-pin/bad-hashes", test_bad_hashes);
	g_test_add_func("/staff-pin/lockout", test_lockout);
	rc = g_test_run();
	{
		g_autofree gchar *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);
		g_assert_true(g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL));
	}
	g_free(tmp_dir);
	return rc;
}
