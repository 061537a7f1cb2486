/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-sqlite-store.h"
#include "td-test-kiosk.h"
#include "td-test-store-fixture.h"

/* The SQLite file itself, on SQLite only: its schema migrations, a writer
 * killed at random, the WAL another process must not lose, the files'
 * modes and owner, read-only opens that never create. What every engine's
 * store must do is test-store.c. */

static void
test_migrations(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) v1 = td_sqlite_store_new_at_version(fx->db_path, 1, &error);
	g_autoptr(TdSqliteStore) v2 = NULL;
	guint count = 0;

	g_assert_no_error(error);
	g_assert_cmpuint(td_sqlite_store_get_schema_version(v1), ==, 1);
	g_assert_cmpuint(td_test_store_record(TD_STORE(v1), "2024-03-01"), ==, 1);
	g_assert_cmpuint(td_test_store_record(TD_STORE(v1), "2024-03-01"), ==, 2);
	/* version 1 has no PIN attempts table yet */
	{
		TdPinAttempt attempt;
		g_assert_false(td_store_begin_pin_attempt(TD_STORE(v1), TD_STAFF_STATION_ID, 100, 0, 5, 15, &attempt, &error));
		g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_FAILED);
		g_clear_error(&error);
	}
	/* the audit trail and a resolved case as version 1 kept them: staff
	 * (the station's PIN) did one, the kiosk the other */
	{
		sqlite3 *db = NULL;
		g_assert_cmpint(sqlite3_open(fx->db_path, &db), ==, SQLITE_OK);
		g_assert_cmpint(sqlite3_exec(db,
					     "INSERT INTO staff_actions (time_unix, action) VALUES (10, 'manual-checkin'),"
					     " (11, 'ticket-not-printed');"
					     "INSERT INTO exceptions (checkin_id, created_unix, reason, resolved, resolution)"
					     " SELECT MIN(id), 12, 'card-forged', 1, 'self-pay' FROM checkins;",
					     NULL, NULL, NULL),
				==, SQLITE_OK);
		sqlite3_close(db);
	}
	g_clear_object(&v1);

	v2 = td_sqlite_store_new(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(td_sqlite_store_get_schema_version(v2), ==, TD_SQLITE_STORE_SCHEMA_VERSION);
	/* the rows written at version 1 survive and numbering goes on */
	g_assert_cmpuint(td_test_store_record(TD_STORE(v2), "2024-03-01"), ==, 3);
	{
		TdPinAttempt attempt;
		g_assert_true(td_store_begin_pin_attempt(TD_STORE(v2), TD_STAFF_STATION_ID, 100, 0, 5, 15, &attempt, &error));
		g_assert_no_error(error);
		g_assert_cmpint(attempt.id, >, 0);
	}
	g_assert_true(td_store_count_pin_failures(TD_STORE(v2), 0, &count, NULL, &error));
	g_assert_cmpuint(count, ==, 1);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'checkins_report'"), ==,
			1);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'checkins_time'"), ==, 1);
	/* version 5: each record names its kiosk; the rows from before say NULL */
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM checkins WHERE kiosk_id IS NULL"), ==, 2);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM checkins WHERE kiosk_id IS NOT NULL"), ==, 1);
	/* version 6: what staff did before accounts is the station's
	 * account's, what the kiosk did itself nobody's */
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT staff_id FROM staff_actions WHERE action = 'manual-checkin'"),
			==, TD_STAFF_STATION_ID);
	g_assert_cmpint(td_test_sql_int(fx->db_path,
					"SELECT staff_id IS NULL FROM staff_actions WHERE action = 'ticket-not-printed'"),
			==, 1);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT resolved_by FROM exceptions WHERE resolution = 'self-pay'"),
			==, TD_STAFF_STATION_ID);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM staff WHERE name = '" TD_STAFF_STATION_NAME "'"),
			==, 1);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT version FROM schema_version"), ==, TD_SQLITE_STORE_SCHEMA_VERSION);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM schema_version"), ==, 1);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"),
			==, 1);
	g_clear_object(&v2);

	/* a database from a newer tiepdon is refused, not damaged */
	{
		sqlite3 *db = NULL;
		g_assert_cmpint(sqlite3_open(fx->db_path, &db), ==, SQLITE_OK);
		g_assert_cmpint(sqlite3_exec(db, "UPDATE schema_version SET version = 99", NULL, NULL, NULL), ==,
				SQLITE_OK);
		sqlite3_close(db);
	}
	v2 = td_sqlite_store_new(fx->db_path, &error);
	g_assert_null(v2);
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA);
	g_assert_nonnull(strstr(error->message, "newer"));
}

/* Version 3 adds the card's read warnings: rows from version 2 have none,
 * new ones keep them, one per line, and read back the same. */
static void
test_card_warnings(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) v2 = td_sqlite_store_new_at_version(fx->db_path, 2, &error);
	g_autoptr(TdSqliteStore) v3 = NULL;
	g_autoptr(TdCheckinRecord) old_row = td_test_make_record("2024-03-01");
	g_autoptr(TdCheckinRecord) with_warnings = td_test_make_record("2024-03-01");
	g_autoptr(TdCheckinRecord) without = td_test_make_record("2024-03-01");
	g_autoptr(TdCheckinRecord) back = NULL;
	const gchar *const warnings[] = {"entry 7 (religion): unexpected string type BMPString",
					 "entry 3 (date of birth): not a date (dd/mm/yyyy, mm/yyyy or yyyy)", NULL};

	g_assert_no_error(error);
	/* a version-2 store writes without the column, warnings or not */
	old_row->card_warnings = g_strdupv((gchar **)warnings);
	g_assert_true(td_store_record_checkin(TD_STORE(v2), old_row, NULL, &error));
	g_assert_no_error(error);
	back = td_store_get_checkin(TD_STORE(v2), old_row->id, &error);
	g_assert_no_error(error);
	g_assert_null(back->card_warnings);
	g_clear_pointer(&back, td_checkin_record_free);
	g_clear_object(&v2);

	v3 = td_sqlite_store_new(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(td_sqlite_store_get_schema_version(v3), ==, TD_SQLITE_STORE_SCHEMA_VERSION);
	back = td_store_get_checkin(TD_STORE(v3), old_row->id, &error);
	g_assert_no_error(error);
	g_assert_null(back->card_warnings);
	g_clear_pointer(&back, td_checkin_record_free);

	with_warnings->card_warnings = g_strdupv((gchar **)warnings);
	g_assert_true(td_store_record_checkin(TD_STORE(v3), with_warnings, NULL, &error));
	g_assert_no_error(error);
	g_assert_true(td_store_record_checkin(TD_STORE(v3), without, NULL, &error));
	g_assert_no_error(error);
	back = td_store_get_checkin(TD_STORE(v3), with_warnings->id, &error);
	g_assert_no_error(error);
	g_assert_cmpstrv(back->card_warnings, warnings);
	g_clear_pointer(&back, td_checkin_record_free);
	back = td_store_get_checkin(TD_STORE(v3), without->id, &error);
	g_assert_no_error(error);
	g_assert_null(back->card_warnings);
	/* one TEXT, one warning a line; NULL when there are none */
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM checkins WHERE card_warnings IS NULL"), ==, 2);
	g_assert_cmpint(td_test_sql_int(fx->db_path,
				"SELECT COUNT(*) FROM checkins WHERE card_warnings = 'entry 7 (religion): unexpected string "
				"type BMPString' || char(10) || 'entry 3 (date of birth): not a date (dd/mm/yyyy, "
				"mm/yyyy or yyyy)'"),
			==, 1);
}

/* Kills the commit loop at random moments, over and over, on the same file:
 * every number printed (= shown to a patient) must be in the file, numbers
 * must run 1..N with no gap or repeat, and the file must be sound. */
static void
test_crash(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) printed = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_autoptr(TdSqliteStore) store = NULL;
	const guint rounds = 24;
	guint printed_max = 0;
	gint64 n;

	for (guint round = 0; round < rounds; round++) {
		g_autoptr(GSubprocess) proc = NULL;
		g_autofree gchar *out = NULL;
		g_auto(GStrv) lines = NULL;

		proc = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, TD_TEST_COMMIT_LOOP, fx->db_path,
					"2024-05-01", NULL);
		g_assert_no_error(error);
		/* the first rounds wait long enough to get past start-up; the
		 * rest land anywhere */
		g_usleep((gulong)g_test_rand_int_range(round < 4 ? 150000 : 1000, 250000));
		g_subprocess_send_signal(proc, SIGKILL);
		g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &out, NULL, &error));
		g_assert_no_error(error);
		g_assert_true(g_subprocess_get_if_signaled(proc));

		lines = g_strsplit(out, "\n", -1);
		for (guint i = 0; lines[i] != NULL; i++) {
			guint64 number;
			if (lines[i][0] == '\0')
				continue;
			g_assert_true(g_ascii_string_to_unsigned(lines[i], 10, 1, G_MAXUINT, &number, NULL));
			/* no number is ever handed out twice */
			g_assert_false(g_hash_table_contains(printed, GUINT_TO_POINTER((guint)number)));
			g_hash_table_add(printed, GUINT_TO_POINTER((guint)number));
			printed_max = MAX(printed_max, (guint)number);
		}
	}
	g_test_message("%u rounds, %u numbers confirmed", rounds, g_hash_table_size(printed));
	g_assert_cmpuint(g_hash_table_size(printed), >, 0);

	store = td_sqlite_store_new(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_true(td_sqlite_store_check_integrity(store, &error));
	g_assert_no_error(error);
	n = td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM checkins");
	g_assert_cmpint(n, >=, printed_max);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(DISTINCT queue_number) FROM checkins"), ==, n);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT MIN(queue_number) FROM checkins"), ==, 1);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT MAX(queue_number) FROM checkins"), ==, n);
	/* numbers 1..N all present, so every printed number is in the file */
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM checkins WHERE queue_number BETWEEN 1 AND "
					     "(SELECT MAX(queue_number) FROM checkins)"),
			==, n);
	/* an exception never outlives or precedes its check-in */
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM exceptions e LEFT JOIN checkins c"
					     " ON c.id = e.checkin_id WHERE c.id IS NULL"),
			==, 0);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM checkins WHERE outcome = 'see-staff'"), ==,
			td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM exceptions"));
	/* and it goes on from where it stopped */
	g_assert_cmpuint(td_test_store_record(TD_STORE(store), "2024-05-01"), ==, (guint)n + 1);
}

/* Runs a program to its end; its stdout. */
static gchar *
run_program(const gchar *const *argv, gint expected_status)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) proc = NULL;
	g_autofree gchar *err = NULL;
	gchar *out = NULL;

	proc = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &out, &err, &error));
	g_assert_no_error(error);
	if (err != NULL && err[0] != '\0')
		g_test_message("%s: %s", argv[0], err);
	g_assert_cmpint(g_subprocess_get_exit_status(proc), ==, expected_status);
	return out;
}

/* The day's check-ins as another process (tiepdon report) counts them. */
static guint
report_count(TdStoreFixture *fx, const gchar *day)
{
	const gchar *argv[] = {TD_TIEPDON, "report", "--config", fx->config_path, "--date", day, "--format", "csv", NULL};
	g_autofree gchar *out = run_program(argv, 0);
	g_auto(GStrv) fields = g_strsplit(strchr(out, '\n') + 1, ",", -1);
	return (guint)g_ascii_strtoull(fields[2], NULL, 10);
}

/* SQLite's lock trap: a store opened a second time in the kiosk process
 * (the staff health page, the doctor) must not drop the process's locks on
 * the file, or the next tiepdon report, believing it is the last
 * connection, deletes the WAL the kiosk still writes to: those check-ins
 * vanish and their numbers are given out again. */
static void
test_lost_wal(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) kiosk = td_sqlite_store_new(fx->db_path, &error);
	g_autoptr(TdSqliteStore) health_page = NULL;
	g_autoptr(TdSqliteStore) doctor = NULL;
	g_autoptr(TdSqliteStore) after_restart = NULL;
	const gchar *day = "2024-08-01";
	const gchar *one_more[] = {TD_TEST_COMMIT_LOOP, fx->db_path, day, "1", NULL};
	g_autofree gchar *number = NULL;

	g_assert_no_error(error);
	for (guint i = 1; i <= 3; i++)
		g_assert_cmpuint(td_test_store_record(TD_STORE(kiosk), day), ==, i);
	health_page = td_sqlite_store_new(fx->db_path, &error);
	g_assert_no_error(error);
	doctor = td_sqlite_store_open_read_only(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(report_count(fx, day), ==, 3);

	/* the kiosk goes on; another process sees every commit */
	for (guint i = 4; i <= 6; i++)
		g_assert_cmpuint(td_test_store_record(TD_STORE(kiosk), day), ==, i);
	g_assert_cmpuint(td_test_store_record(TD_STORE(health_page), day), ==, 7);
	g_assert_cmpuint(report_count(fx, day), ==, 7);
	/* and a second writer continues the numbers, never repeats one */
	number = run_program(one_more, 0);
	g_assert_cmpstr(number, ==, "8\n");
	g_assert_cmpuint(td_test_store_record(TD_STORE(kiosk), day), ==, 9);

	/* restart: nothing lost */
	g_clear_object(&kiosk);
	g_clear_object(&health_page);
	g_clear_object(&doctor);
	after_restart = td_sqlite_store_new(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(report_count(fx, day), ==, 9);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(DISTINCT queue_number) FROM checkins"), ==, 9);
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT MAX(queue_number) FROM checkins"), ==, 9);
}

static guint
file_mode(const gchar *path)
{
	struct stat st;
	g_assert_cmpint(lstat(path, &st), ==, 0);
	return st.st_mode & 07777;
}

/* A restored backup, a hand-copied file, a crash's -wal: 0644 is made
 * owner-only at every start, without opening the files ourselves. */
static void
test_modes_corrected(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = td_sqlite_store_new(fx->db_path, &error);
	g_autofree gchar *wal = g_strconcat(fx->db_path, "-wal", NULL);
	g_autofree gchar *shm = g_strconcat(fx->db_path, "-shm", NULL);
	const gchar *files[] = {fx->db_path, wal, shm};
	sqlite3 *other = NULL;

	g_assert_no_error(error);
	/* created owner-only, and its -wal and -shm too */
	td_test_store_record(TD_STORE(store), "2024-08-02");
	for (guint i = 0; i < G_N_ELEMENTS(files); i++)
		g_assert_cmpuint(file_mode(files[i]), ==, 0600);
	g_clear_object(&store);

	/* another process keeps -wal and -shm in place */
	g_assert_cmpint(sqlite3_open(fx->db_path, &other), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_exec(other, "SELECT COUNT(*) FROM checkins", NULL, NULL, NULL), ==, SQLITE_OK);
	for (guint i = 0; i < G_N_ELEMENTS(files); i++)
		g_assert_cmpint(g_chmod(files[i], 0644), ==, 0);
	store = td_sqlite_store_new(fx->db_path, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(files); i++)
		g_assert_cmpuint(file_mode(files[i]), ==, 0600);
	g_clear_object(&store);

	/* a read-only command corrects them too, where they are ours */
	g_assert_cmpint(g_chmod(fx->db_path, 0640), ==, 0);
	store = td_sqlite_store_open_read_only(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(file_mode(fx->db_path), ==, 0600);
	g_clear_object(&store);
	sqlite3_close(other);
}

/* Not ours: never written to, and not read when others could read it. */
static void
test_not_ours_refused(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = td_sqlite_store_new(fx->db_path, &error);
	g_autofree gchar *link = g_build_filename(fx->dir, "link.db", NULL);
	struct passwd *nobody = getpwnam("nobody");

	g_assert_no_error(error);
	td_test_store_record(TD_STORE(store), "2024-08-03");
	g_clear_object(&store);
	if (geteuid() != 0 || nobody == NULL) {
		g_test_skip("needs root to give the file away");
		return;
	}
	g_assert_cmpint(chown(fx->db_path, nobody->pw_uid, nobody->pw_gid), ==, 0);
	g_assert_null(td_sqlite_store_new(fx->db_path, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION);
	g_test_message("%s", error->message);
	g_clear_error(&error);
	/* owner-only but someone else's: a report may read it */
	store = td_sqlite_store_open_read_only(fx->db_path, &error);
	g_assert_no_error(error);
	g_clear_object(&store);
	/* someone else's and readable by all: refused, left as it is */
	g_assert_cmpint(g_chmod(fx->db_path, 0644), ==, 0);
	g_assert_null(td_sqlite_store_open_read_only(fx->db_path, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION);
	g_clear_error(&error);
	g_assert_cmpuint(file_mode(fx->db_path), ==, 0644);
	g_assert_cmpint(chown(fx->db_path, 0, 0), ==, 0);

	/* a link to the database is not followed */
	g_assert_cmpint(symlink(fx->db_path, link), ==, 0);
	g_assert_null(td_sqlite_store_new(link, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION);
}

/* Read-only commands never create: a mistyped path is an error, not an
 * empty database that reports zeros. */
static void
test_read_only_never_creates(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autofree gchar *typo = g_build_filename(fx->dir, "tiepdon.bd", NULL);
	g_autofree gchar *empty = g_build_filename(fx->dir, "empty.db", NULL);

	g_assert_null(td_sqlite_store_open_read_only(typo, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NO_DATABASE);
	g_clear_error(&error);
	g_assert_false(g_file_test(typo, G_FILE_TEST_EXISTS));
	/* an empty file is not a database either */
	g_assert_true(g_file_set_contents_full(empty, "", 0, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
	g_assert_null(td_sqlite_store_open_read_only(empty, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA);
	g_clear_error(&error);

	store = td_sqlite_store_new(fx->db_path, &error);
	td_test_store_record(TD_STORE(store), "2024-08-04");
	g_clear_object(&store);
	store = td_sqlite_store_open_read_only(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_true(td_sqlite_store_is_read_only(store));
	/* it reads; it cannot write */
	g_assert_cmpint(td_test_sql_int(fx->db_path, "SELECT COUNT(*) FROM checkins"), ==, 1);
	{
		g_autoptr(TdCheckinRecord) rec = td_test_make_record("2024-08-04");
		g_assert_false(td_store_record_checkin(TD_STORE(store), rec, NULL, &error));
		g_assert_nonnull(error);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/store/migrations", TdStoreFixture, NULL, td_store_fixture_setup, test_migrations,
		   td_store_fixture_teardown);
	g_test_add("/store/card-warnings", TdStoreFixture, NULL, td_store_fixture_setup, test_card_warnings,
		   td_store_fixture_teardown);
	g_test_add("/store/crash", TdStoreFixture, NULL, td_store_fixture_setup, test_crash, td_store_fixture_teardown);
	g_test_add("/store/lost-wal", TdStoreFixture, NULL, td_store_fixture_setup, test_lost_wal,
		   td_store_fixture_teardown);
	g_test_add("/store/modes-corrected", TdStoreFixture, NULL, td_store_fixture_setup, test_modes_corrected,
		   td_store_fixture_teardown);
	g_test_add("/store/not-ours-refused", TdStoreFixture, NULL, td_store_fixture_setup, test_not_ours_refused,
		   td_store_fixture_teardown);
	g_test_add("/store/read-only-never-creates", TdStoreFixture, NULL, td_store_fixture_setup,
		   test_read_only_never_creates, td_store_fixture_teardown);
	return g_test_run();
}
