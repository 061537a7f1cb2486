/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-pg-store.h"
#include "td-sqlite-store.h"
#include "td-test-kiosk.h"
#include "td-test-postgres.h"

/* The tests of what every engine must do run once per engine: SQLite on a
 * file, PostgreSQL on a database of the private server (the "store-pg"
 * test runs this program under tests/with-private-postgres.sh). */
typedef enum {
	ENGINE_SQLITE,
	ENGINE_PG,
} Engine;

typedef struct {
	Engine engine;
	gchar *dir;
	gchar *db_path;
	gchar *conninfo; /* ENGINE_PG */
	gchar *config_path;
} Fixture;

static void
fixture_setup(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *config = NULL;
	fx->engine = GPOINTER_TO_INT(data);
	fx->dir = g_dir_make_tmp("td-store-XXXXXX", &error);
	g_assert_no_error(error);
	fx->db_path = g_build_filename(fx->dir, "tiepdon.db", NULL);
	if (fx->engine == ENGINE_PG)
		fx->conninfo = td_test_pg_create_database("store");
	/* for the tiepdon command, a second process on the same store */
	fx->config_path = g_build_filename(fx->dir, "tiepdon.conf", NULL);
	config = fx->engine == ENGINE_PG
		     ? g_strdup_printf("[station]\ncode=01001\noffline-letter=B\n[storage]\nurl=%s\njournal=%s/journal.db\n",
				       fx->conninfo, fx->dir)
		     : g_strdup_printf("[station]\ncode=01001\n[storage]\npath=%s\n", fx->db_path);
	g_assert_true(g_file_set_contents_full(fx->config_path, config, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

static void
fixture_teardown(Fixture *fx, gconstpointer data)
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


/* The engine's store as the kiosk gets it (one per process). */
static TdStore *
fx_open(Fixture *fx)
{
	g_autoptr(GError) error = NULL;
	TdStore *store = fx->engine == ENGINE_PG ? TD_STORE(td_pg_store_new(fx->conninfo, "kiosk-a", &error))
						 : TD_STORE(td_sqlite_store_new(fx->db_path, &error));
	g_assert_no_error(error);
	if (fx->engine == ENGINE_SQLITE)
		td_sqlite_store_set_kiosk_id(TD_SQLITE_STORE(store), "kiosk-a");
	return store;
}

/* A connection of its own, as another kiosk process has. */
static TdStore *
fx_open_second(Fixture *fx)
{
	g_autoptr(GError) error = NULL;
	TdStore *store = fx->engine == ENGINE_PG
			     ? TD_STORE(td_pg_store_new_at_version(fx->conninfo, "kiosk-b", TD_PG_STORE_SCHEMA_VERSION,
								   &error))
			     : TD_STORE(td_sqlite_store_new_at_version(fx->db_path, TD_SQLITE_STORE_SCHEMA_VERSION, &error));
	g_assert_no_error(error);
	if (fx->engine == ENGINE_SQLITE)
		td_sqlite_store_set_kiosk_id(TD_SQLITE_STORE(store), "kiosk-b");
	return store;
}

/* A number the SQL (valid in both dialects) finds in the database. */
static gint64
fx_sql_int(Fixture *fx, const gchar *sql)
{
	g_autofree gchar *value = NULL;
	if (fx->engine == ENGINE_SQLITE)
		return td_test_sql_int(fx->db_path, sql);
	value = td_test_pg_query_value(fx->conninfo, sql);
	return g_ascii_strtoll(value, NULL, 10);
}

static guint
record(TdStore *store, const gchar *day)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) rec = td_test_make_record(day);
	g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpint(rec->id, >, 0);
	return rec->queue_number;
}

static void
test_migrations(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) v1 = td_sqlite_store_new_at_version(fx->db_path, 1, &error);
	g_autoptr(TdSqliteStore) v2 = NULL;
	guint count = 0;

	g_assert_no_error(error);
	g_assert_cmpuint(td_sqlite_store_get_schema_version(v1), ==, 1);
	g_assert_cmpuint(record(TD_STORE(v1), "2024-03-01"), ==, 1);
	g_assert_cmpuint(record(TD_STORE(v1), "2024-03-01"), ==, 2);
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
	g_assert_cmpuint(record(TD_STORE(v2), "2024-03-01"), ==, 3);
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
test_card_warnings(Fixture *fx, gconstpointer data)
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

static void
test_queue_numbers(Fixture *fx, gconstpointer data)
{
	g_autoptr(TdStore) store = fx_open(fx);
	g_autoptr(TdStore) other = NULL;

	for (guint i = 1; i <= 5; i++)
		g_assert_cmpuint(record(store, "2024-03-01"), ==, i);
	/* a new day starts again at 1 */
	for (guint i = 1; i <= 3; i++)
		g_assert_cmpuint(record(store, "2024-03-02"), ==, i);
	/* one store per file per process: a second open shares it */
	other = fx_open(fx);
	g_assert_true(other == store);
	g_clear_object(&other);
	/* a second connection (the CLI, another kiosk process) continues the
	 * same sequence */
	other = fx_open_second(fx);
	g_assert_cmpuint(record(other, "2024-03-01"), ==, 6);
	g_assert_cmpuint(record(store, "2024-03-01"), ==, 7);
	g_assert_cmpuint(record(other, "2024-03-02"), ==, 4);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM (SELECT DISTINCT day, queue_number FROM checkins) AS d"), ==,
			11);
	/* each record names the kiosk that took it */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(DISTINCT kiosk_id) FROM checkins"), ==, 2);
}

typedef struct {
	Fixture *fx;
	guint n;
} WriterArgs;

static gpointer
writer_thread(gpointer user_data)
{
	WriterArgs *args = user_data;
	/* a connection of its own, as another process would have */
	g_autoptr(TdStore) store = fx_open_second(args->fx);
	for (guint i = 0; i < args->n; i++)
		record(store, "2024-04-01");
	return NULL;
}

/* Two connections writing at once: BEGIN IMMEDIATE and the busy timeout
 * keep the numbers unique with no gaps. */
static void
test_queue_numbers_concurrent(Fixture *fx, gconstpointer data)
{
	WriterArgs args = {fx, 25};
	GThread *a, *b;

	/* created before the threads race to migrate it */
	g_object_unref(fx_open(fx));
	a = g_thread_new("writer-a", writer_thread, &args);
	b = g_thread_new("writer-b", writer_thread, &args);
	g_thread_join(a);
	g_thread_join(b);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(DISTINCT queue_number) FROM checkins"), ==, 50);
	g_assert_cmpint(fx_sql_int(fx, "SELECT MIN(queue_number) FROM checkins"), ==, 1);
	g_assert_cmpint(fx_sql_int(fx, "SELECT MAX(queue_number) FROM checkins"), ==, 50);
}

/* Kills the commit loop at random moments, over and over, on the same file:
 * every number printed (= shown to a patient) must be in the file, numbers
 * must run 1..N with no gap or repeat, and the file must be sound. */
static void
test_crash(Fixture *fx, gconstpointer data)
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
	g_assert_cmpuint(record(TD_STORE(store), "2024-05-01"), ==, (guint)n + 1);
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
report_count(Fixture *fx, const gchar *day)
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
test_lost_wal(Fixture *fx, gconstpointer data)
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
		g_assert_cmpuint(record(TD_STORE(kiosk), day), ==, i);
	health_page = td_sqlite_store_new(fx->db_path, &error);
	g_assert_no_error(error);
	doctor = td_sqlite_store_open_read_only(fx->db_path, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(report_count(fx, day), ==, 3);

	/* the kiosk goes on; another process sees every commit */
	for (guint i = 4; i <= 6; i++)
		g_assert_cmpuint(record(TD_STORE(kiosk), day), ==, i);
	g_assert_cmpuint(record(TD_STORE(health_page), day), ==, 7);
	g_assert_cmpuint(report_count(fx, day), ==, 7);
	/* and a second writer continues the numbers, never repeats one */
	number = run_program(one_more, 0);
	g_assert_cmpstr(number, ==, "8\n");
	g_assert_cmpuint(record(TD_STORE(kiosk), day), ==, 9);

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
test_modes_corrected(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = td_sqlite_store_new(fx->db_path, &error);
	g_autofree gchar *wal = g_strconcat(fx->db_path, "-wal", NULL);
	g_autofree gchar *shm = g_strconcat(fx->db_path, "-shm", NULL);
	const gchar *files[] = {fx->db_path, wal, shm};
	sqlite3 *other = NULL;

	g_assert_no_error(error);
	/* created owner-only, and its -wal and -shm too */
	record(TD_STORE(store), "2024-08-02");
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
test_not_ours_refused(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = td_sqlite_store_new(fx->db_path, &error);
	g_autofree gchar *link = g_build_filename(fx->dir, "link.db", NULL);
	struct passwd *nobody = getpwnam("nobody");

	g_assert_no_error(error);
	record(TD_STORE(store), "2024-08-03");
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
test_read_only_never_creates(Fixture *fx, gconstpointer data)
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
	record(TD_STORE(store), "2024-08-04");
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

static TdCheckinException *
make_exception(const gchar *reason)
{
	TdCheckinException *exc = td_checkin_exception_new();
	exc->id_number = g_strdup("001099012345");
	exc->full_name = g_strdup("TRẦN THỊ B");
	exc->date_of_birth = g_strdup("1950-02-03");
	exc->reason = g_strdup(reason);
	exc->detail = g_strdup("Thẻ không xác thực được.");
	return exc;
}

static gint64
record_exception(TdStore *store, const gchar *day, TdOutcome outcome, gint64 time_unix, gint64 *checkin_id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) rec = td_test_make_record(day);
	g_autoptr(TdCheckinException) exc = make_exception("card-forged");
	rec->outcome = outcome;
	rec->time_unix = time_unix;
	g_assert_true(td_store_record_checkin(store, rec, exc, &error));
	g_assert_no_error(error);
	g_assert_cmpint(exc->checkin_id, ==, rec->id);
	g_assert_cmpint(exc->id, >, 0);
	*checkin_id = rec->id;
	return exc->id;
}

static void
test_exceptions(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	g_autoptr(GPtrArray) open = NULL;
	g_autoptr(GPtrArray) all = NULL;
	g_autoptr(GPtrArray) actions = NULL;
	g_autoptr(TdCheckinRecord) rec = NULL;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	gint64 c1, c2, c3;
	gint64 e1 = record_exception(store, "2024-06-01", TD_OUTCOME_SEE_STAFF, now, &c1);
	gint64 e2 = record_exception(store, "2024-06-01", TD_OUTCOME_PENDING_ELIGIBILITY, now, &c2);
	gint64 e3 = record_exception(store, "2024-06-02", TD_OUTCOME_SEE_STAFF, now, &c3);
	TdCheckinException *first;
	TdPurgeCounts purged = {0};
	const TdRetention retention = {30, 90};

	open = td_store_list_exceptions(store, "2024-06-01", TRUE, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(open->len, ==, 2);
	first = g_ptr_array_index(open, 0);
	g_assert_cmpint(first->id, ==, e1);
	g_assert_cmpstr(first->full_name, ==, "TRẦN THỊ B");
	g_assert_cmpstr(first->id_number, ==, "001099012345");
	g_assert_cmpstr(first->reason, ==, "card-forged");
	g_assert_false(first->resolved);

	/* accepted: the check-in becomes checked-in, with an audit row */
	g_assert_true(td_store_resolve_exception(store, e1, "accepted-paper-card", "thẻ giấy", &error));
	g_assert_no_error(error);
	rec = td_store_get_checkin(store, c1, &error);
	g_assert_no_error(error);
	g_assert_cmpint(rec->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_clear_pointer(&rec, td_checkin_record_free);
	/* twice is refused */
	g_assert_false(td_store_resolve_exception(store, e1, "self-pay", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_false(td_store_resolve_exception(store, e2, "wave-through", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_false(td_store_resolve_exception(store, 9999, "self-pay", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);

	/* pending eligibility confirmed by staff */
	g_assert_true(td_store_resolve_exception(store, e2, "eligibility-confirmed", NULL, &error));
	rec = td_store_get_checkin(store, c2, &error);
	g_assert_cmpint(rec->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpint(rec->eligibility, ==, TD_ELIGIBILITY_ELIGIBLE);
	g_clear_pointer(&rec, td_checkin_record_free);
	/* referred elsewhere: outcome stays; VNeID help changes only VNeID */
	g_assert_true(td_store_resolve_exception(store, e3, "vneid-assisted", NULL, &error));
	rec = td_store_get_checkin(store, c3, &error);
	g_assert_cmpint(rec->outcome, ==, TD_OUTCOME_SEE_STAFF);
	g_assert_cmpint(rec->vneid, ==, TD_VNEID_ASSISTED);

	open = (g_ptr_array_unref(open), td_store_list_exceptions(store, NULL, TRUE, &error));
	g_assert_cmpuint(open->len, ==, 0);
	all = td_store_list_exceptions(store, NULL, FALSE, &error);
	g_assert_cmpuint(all->len, ==, 3);
	g_assert_cmpstr(((TdCheckinException *)g_ptr_array_index(all, 0))->resolution, ==, "accepted-paper-card");

	g_assert_true(td_store_record_staff_action(store, "manual-checkin", 0, c1, "no card", &error));
	actions = td_store_list_staff_actions(store, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(actions->len, ==, 4);
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, 0))->action, ==, "accepted-paper-card");
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, 0))->note, ==, "thẻ giấy");
	g_assert_cmpint(((TdStaffAction *)g_ptr_array_index(actions, 0))->exception_id, ==, e1);
	g_assert_cmpint(((TdStaffAction *)g_ptr_array_index(actions, 3))->exception_id, ==, 0);

	/* within retention nothing goes; past it the personal data does */
	g_assert_true(td_store_purge(store, &retention, now + 29 * 86400, &purged, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(purged.exceptions_deleted, ==, 0);
	g_assert_cmpuint(purged.checkins_minimised, ==, 0);
	g_assert_true(td_store_purge(store, &retention, now + 31 * 86400, &purged, &error));
	g_assert_cmpuint(purged.exceptions_deleted, ==, 3);
	g_assert_cmpuint(purged.exceptions_expired, ==, 0);
	g_assert_cmpuint(purged.checkins_minimised, ==, 3);
	g_assert_cmpuint(purged.staff_notes, ==, 2);
	g_ptr_array_unref(all);
	all = td_store_list_exceptions(store, NULL, FALSE, &error);
	g_assert_cmpuint(all->len, ==, 0);
	/* check-ins stay for the reports */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM checkins"), ==, 3);
	/* and the day still says one patient was sent to reception, though
	 * staff closed the case (the outcome says checked-in) and the case is
	 * gone; the pending insurance check had a case too, but its patient
	 * got a number */
	{
		g_autoptr(GPtrArray) days = td_store_count_days(store, "2024-06-01", "2024-06-02", &error);
		const TdDailyCounts *first_day, *second_day;
		g_assert_no_error(error);
		g_assert_cmpuint(days->len, ==, 2);
		first_day = g_ptr_array_index(days, 0);
		second_day = g_ptr_array_index(days, 1);
		g_assert_cmpuint(first_day->sent_to_staff, ==, 1);
		g_assert_cmpuint(first_day->by_outcome[TD_OUTCOME_SEE_STAFF], ==, 0);
		g_assert_cmpuint(first_day->by_outcome[TD_OUTCOME_CHECKED_IN], ==, 2);
		g_assert_cmpuint(second_day->sent_to_staff, ==, 1);
	}
	/* the name is gone from the file itself (secure_delete, WAL truncated) */
	if (fx->engine == ENGINE_SQLITE) {
		g_autofree gchar *contents = NULL;
		gsize len = 0;
		g_autofree gchar *wal = g_strconcat(fx->db_path, "-wal", NULL);
		g_assert_true(g_file_get_contents(fx->db_path, &contents, &len, NULL));
		g_assert_null(memmem(contents, len, "001099012345", 12));
		g_clear_pointer(&contents, g_free);
		if (g_file_get_contents(wal, &contents, &len, NULL))
			g_assert_null(memmem(contents, len, "001099012345", 12));
	}
}

/* Unresolved past retention: closed as expired, fields erased, an audit
 * row; deleted one retention period later like any resolved one. */
static void
test_open_exception_expires(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	g_autoptr(GPtrArray) all = NULL;
	g_autoptr(GPtrArray) actions = NULL;
	const TdRetention retention = {30, 90};
	TdPurgeCounts purged = {0};
	TdCheckinException *exc;
	gint64 c1, oldest = -1;
	gint64 e1 = record_exception(store, "2024-06-01", TD_OUTCOME_SEE_STAFF, 1000, &c1);

	g_assert_true(td_store_oldest_personal_record(store, &oldest, &error));
	g_assert_cmpint(oldest, ==, 1000);
	g_assert_true(td_store_purge(store, &retention, 1000 + 31 * 86400, &purged, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(purged.exceptions_expired, ==, 1);
	g_assert_cmpuint(purged.exceptions_deleted, ==, 0);
	all = td_store_list_exceptions(store, NULL, FALSE, &error);
	g_assert_cmpuint(all->len, ==, 1);
	exc = g_ptr_array_index(all, 0);
	g_assert_cmpint(exc->id, ==, e1);
	g_assert_true(exc->resolved);
	g_assert_cmpstr(exc->resolution, ==, TD_STORE_RESOLUTION_EXPIRED);
	g_assert_cmpstr(exc->reason, ==, "card-forged");
	g_assert_null(exc->id_number);
	g_assert_null(exc->full_name);
	g_assert_null(exc->date_of_birth);
	g_assert_null(exc->detail);
	actions = td_store_list_staff_actions(store, 0, &error);
	g_assert_cmpuint(actions->len, ==, 1);
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, 0))->action, ==, "exception-expired");
	/* nothing personal is left */
	g_assert_true(td_store_oldest_personal_record(store, &oldest, &error));
	g_assert_cmpint(oldest, ==, 0);
	/* the daily counts still see the check-in */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM checkins WHERE day = '2024-06-01'"), ==, 1);
	g_assert_true(td_store_purge(store, &retention, 1000 + 62 * 86400, &purged, &error));
	g_assert_cmpuint(purged.exceptions_deleted, ==, 1);
}

/* The ID hash links one person's visits only for link-days, even when the
 * check-in's other details are kept longer. */
static void
test_links_expire(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	const TdRetention retention = {120, 90};
	TdPurgeCounts purged = {0};
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gint64 when = 0;
	const gint64 t0 = 1700000000;

	for (guint i = 0; i < 2; i++) {
		g_autoptr(TdCheckinRecord) rec = td_test_make_record(i == 0 ? "2023-11-14" : "2024-01-20");
		rec->id_hash = g_strdup(i == 0 ? "aa11" : "bb22");
		rec->time_unix = t0 + i * 67 * 86400;
		rec->vneid = TD_VNEID_INTEGRATED;
		rec->card_reasons = g_strdup("passive authentication valid");
		g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
	}
	g_assert_true(td_store_purge(store, &retention, t0 + 91 * 86400, &purged, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(purged.links_expired, ==, 1);
	g_assert_cmpuint(purged.checkins_minimised, ==, 0);
	g_assert_true(td_store_last_vneid_answer(store, "aa11", &when, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_NOT_ASKED);
	g_assert_true(td_store_last_vneid_answer(store, "bb22", &when, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_INTEGRATED);
	/* the older row keeps its details until retention */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM checkins WHERE card_reasons IS NOT NULL"), ==, 2);
}

static void
test_vneid_last_answer(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	TdVneidAnswer answers[] = {TD_VNEID_NOT_YET, TD_VNEID_INTEGRATED, TD_VNEID_NOT_ASKED, TD_VNEID_LEFT};
	TdVneidAnswer answer = TD_VNEID_ASSISTED;
	gint64 when = -1;

	for (guint i = 0; i < G_N_ELEMENTS(answers); i++) {
		g_autoptr(TdCheckinRecord) rec = td_test_make_record("2024-07-01");
		rec->id_hash = g_strdup("aa11");
		rec->time_unix = 1000 + i;
		rec->vneid = answers[i];
		g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
	}
	/* the latest real answer, not the later "not asked" nor "left" */
	g_assert_true(td_store_last_vneid_answer(store, "aa11", &when, &answer, &error));
	g_assert_no_error(error);
	g_assert_cmpint(answer, ==, TD_VNEID_INTEGRATED);
	g_assert_cmpint(when, ==, 1001);
	g_assert_true(td_store_last_vneid_answer(store, "bb22", &when, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_NOT_ASKED);
	g_assert_cmpint(when, ==, 0);
}

/* A second visit the same day finds the number the person already has
 * (the newest of the day, never another day's or another person's); the
 * VNeID answer given after the number was shown is written to it. */
static void
test_find_checkin_and_vneid(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	const struct {
		const gchar *day;
		const gchar *id_hash;
	} visits[] = {{"2024-07-01", "aa11"}, {"2024-07-02", "bb22"}, {"2024-07-02", "aa11"}, {"2024-07-02", "aa11"}};
	gint64 ids[G_N_ELEMENTS(visits)];
	g_autoptr(TdCheckinRecord) found = NULL;
	g_autoptr(TdCheckinRecord) again = NULL;
	g_autoptr(TdDailyCounts) counts = NULL;
	g_autoptr(GPtrArray) days = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(visits); i++) {
		g_autoptr(TdCheckinRecord) rec = td_test_make_record(visits[i].day);
		rec->id_hash = g_strdup(visits[i].id_hash);
		rec->time_unix = 1000 + i;
		g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
		g_assert_no_error(error);
		ids[i] = rec->id;
	}
	found = td_store_find_checkin(store, "2024-07-02", "aa11", &error);
	g_assert_no_error(error);
	g_assert_nonnull(found);
	g_assert_cmpint(found->id, ==, ids[3]);
	g_assert_cmpuint(found->queue_number, ==, 3);
	g_assert_cmpstr(found->day, ==, "2024-07-02");
	g_assert_null(td_store_find_checkin(store, "2024-07-03", "aa11", &error));
	g_assert_no_error(error);
	g_assert_null(td_store_find_checkin(store, "2024-07-01", "cc33", &error));
	g_assert_no_error(error);

	g_assert_true(td_store_set_vneid_answer(store, found->id, TD_VNEID_NO_SMARTPHONE, &error));
	g_assert_no_error(error);
	again = td_store_get_checkin(store, found->id, &error);
	g_assert_cmpint(again->vneid, ==, TD_VNEID_NO_SMARTPHONE);
	g_assert_true(td_store_set_vneid_answer(store, ids[2], TD_VNEID_LEFT, &error));
	g_assert_false(td_store_set_vneid_answer(store, 9999, TD_VNEID_INTEGRATED, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);

	/* the day's counts keep both answers apart; the patient who left is
	 * not among those who answered */
	days = td_store_count_days(store, "2024-07-02", "2024-07-02", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(days->len, ==, 1);
	counts = g_steal_pointer(&days->pdata[0]);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_NO_SMARTPHONE], ==, 1);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_LEFT], ==, 1);
	g_assert_cmpuint(td_daily_counts_vneid_answered(counts), ==, 1);
}

/* The one way a number is shown: the station's sequence as it always
 * was, a kiosk's offline series with its letter and three digits; the
 * voice says the letter, then the number. Series are "" or A–Z. */
static void
test_queue_label(void)
{
	static const struct {
		const gchar *series;
		guint number;
		const gchar *shown;
		const gchar *spoken;
	} cases[] = {
	    {"", 7, "7", "7"},	       {"", 117, "117", "117"},	   {NULL, 3, "3", "3"},
	    {"B", 1, "B-001", "B 1"}, {"B", 17, "B-017", "B 17"}, {"Z", 1234, "Z-1234", "Z 1234"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *shown = td_queue_label(cases[i].series, cases[i].number);
		g_autofree gchar *spoken = td_queue_label_spoken(cases[i].series, cases[i].number);
		g_assert_cmpstr(shown, ==, cases[i].shown);
		g_assert_cmpstr(spoken, ==, cases[i].spoken);
	}
	g_assert_true(td_queue_series_is_valid(""));
	g_assert_true(td_queue_series_is_valid("A"));
	g_assert_true(td_queue_series_is_valid("Z"));
	g_assert_false(td_queue_series_is_valid(NULL));
	g_assert_false(td_queue_series_is_valid("a"));
	g_assert_false(td_queue_series_is_valid("AB"));
	g_assert_false(td_queue_series_is_valid("1"));
	g_assert_false(td_queue_series_is_valid("-"));
}

/* Registers a test of what every engine must do, once per engine. */
static void
add_engine_test(const gchar *name, void (*func)(Fixture *, gconstpointer))
{
	g_autofree gchar *sqlite = g_strdup_printf("/store/%s", name);
	g_autofree gchar *pg = g_strdup_printf("/store/postgres/%s", name);
	g_test_add(sqlite, Fixture, GINT_TO_POINTER(ENGINE_SQLITE), fixture_setup, func, fixture_teardown);
	if (g_getenv("TD_PG_CONNINFO") != NULL)
		g_test_add(pg, Fixture, GINT_TO_POINTER(ENGINE_PG), fixture_setup, func, fixture_teardown);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/store/queue-label", test_queue_label);
	g_test_add("/store/migrations", Fixture, NULL, fixture_setup, test_migrations, fixture_teardown);
	g_test_add("/store/card-warnings", Fixture, NULL, fixture_setup, test_card_warnings, fixture_teardown);
	add_engine_test("queue-numbers", test_queue_numbers);
	add_engine_test("queue-numbers-concurrent", test_queue_numbers_concurrent);
	g_test_add("/store/crash", Fixture, NULL, fixture_setup, test_crash, fixture_teardown);
	add_engine_test("exceptions", test_exceptions);
	add_engine_test("open-exception-expires", test_open_exception_expires);
	add_engine_test("links-expire", test_links_expire);
	g_test_add("/store/lost-wal", Fixture, NULL, fixture_setup, test_lost_wal, fixture_teardown);
	g_test_add("/store/modes-corrected", Fixture, NULL, fixture_setup, test_modes_corrected, fixture_teardown);
	g_test_add("/store/not-ours-refused", Fixture, NULL, fixture_setup, test_not_ours_refused, fixture_teardown);
	g_test_add("/store/read-only-never-creates", Fixture, NULL, fixture_setup, test_read_only_never_creates,
		   fixture_teardown);
	add_engine_test("vneid-last-answer", test_vneid_last_answer);
	add_engine_test("find-checkin-and-vneid", test_find_checkin_and_vneid);
	return g_test_run();
}
