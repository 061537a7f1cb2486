/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon backup, through the real program, on real SQLite files: the
 * nightly copy of a kiosk's own records, what it holds and who may read
 * it; a copy put back as the database, read by tiepdon report; the copies
 * past backup-keep-days removed and nothing else; the settings refused;
 * the doctor's "backup" line; a run killed half-way. And tiepdon restore:
 * a copy put back, never under a running kiosk, never a damaged copy or
 * one of a newer tiepdon; the database it replaced kept, readable or not,
 * and put back in its turn; the kept ones removed by the nightly purge. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "td-report.h"
#include "td-sqlite-store.h"
#include "td-test-kiosk.h"

static gchar *tmp_dir;

/* A station in its own folder, with copies in dir/copies; extra: more
 * [storage] lines. */
static gchar *
make_station(const gchar *name, const gchar *extra, gchar **dir_out)
{
	g_autofree gchar *dir = g_build_filename(tmp_dir, name, NULL);
	g_autofree gchar *settings = g_strdup_printf("backup-dir=copies\n%s", extra != NULL ? extra : "");

	g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
	*dir_out = g_steal_pointer(&dir);
	return td_test_write_config(*dir_out, settings);
}

/* n check-ins today, the last one sent to staff with an exception that
 * names the patient */
static void
record_checkins(const gchar *dir, guint n)
{
	g_autofree gchar *db = g_build_filename(dir, "tiepdon.db", NULL);
	g_autofree gchar *today = td_report_today();
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = td_sqlite_store_new(db, &error);

	g_assert_no_error(error);
	for (guint i = 0; i < n; i++) {
		g_autoptr(TdCheckinRecord) rec = td_test_make_record(today);
		g_autoptr(TdCheckinException) exc = NULL;

		if (i == n - 1) {
			rec->outcome = TD_OUTCOME_SEE_STAFF;
			rec->see_staff_reason = g_strdup("insurance-not-found");
			exc = td_checkin_exception_new();
			exc->id_number = g_strdup("001058012345");
			exc->full_name = g_strdup("Nguyễn Văn An");
			exc->reason = g_strdup("insurance-not-found");
		}
		g_assert_true(td_store_record_checkin(TD_STORE(store), rec, exc, &error));
		g_assert_no_error(error);
	}
}

static gchar *
copy_path(const gchar *dir, gint days_ago)
{
	g_autofree gchar *day = td_test_day_at(7, -days_ago);
	g_autofree gchar *name = g_strdup_printf("tiepdon-%s.db", day);
	return g_build_filename(dir, "copies", name, NULL);
}

static gint
file_mode(const gchar *path)
{
	struct stat st;
	return g_lstat(path, &st) == 0 ? (gint)(st.st_mode & 07777) : -1;
}

/* The day's check-ins, as tiepdon report prints them */
static guint64
report_checkins(const gchar *config_path)
{
	g_auto(TdTiepdonRun) run = {0};
	const gchar *label = "(check-ins):";
	const gchar *at;

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, NULL), ==, 0);
	at = strstr(run.out, label);
	g_assert_nonnull(at);
	return g_ascii_strtoull(at + strlen(label), NULL, 10);
}

/* Runs tiepdon backup, which must succeed; returns the copy it names
 * (the station's day as the program saw it, midnight or not). */
static gchar *
run_backup_ok(const gchar *config_path, TdTiepdonRun *run)
{
	const gchar *label = "(copy made): ";
	const gchar *at;

	td_tiepdon_run_clear(run);
	td_tiepdon_run(run, NULL, NULL, "backup", "--config", config_path, NULL);
	g_test_message("%s%s", run->out, run->err);
	g_assert_cmpint(run->status, ==, 0);
	at = strstr(run->out, label);
	g_assert_nonnull(at);
	at += strlen(label);
	return g_strndup(at, strcspn(at, ","));
}

/* A file copied, owner-only: a copy taken to another machine. */
static gchar *
copy_file(const gchar *from, const gchar *dir, const gchar *name)
{
	gchar *to = g_build_filename(dir, name, NULL);
	g_autofree gchar *contents = NULL;
	gsize len = 0;

	g_assert_true(g_file_get_contents(from, &contents, &len, NULL));
	g_assert_true(g_file_set_contents_full(to, contents, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
	return to;
}

/* The copy: every record, owner-only in a folder nobody else may enter,
 * nothing half-made beside it; put back as the database (DEPLOY.md), the
 * day's report reads the same counts. */
static void
test_copy(void)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station("copy", NULL, &dir);
	g_autofree gchar *copy = NULL;
	g_autofree gchar *copies = g_build_filename(dir, "copies", NULL);
	g_autofree gchar *db = g_build_filename(dir, "tiepdon.db", NULL);
	g_autofree gchar *restored_dir = g_build_filename(dir, "restored", NULL);
	g_autofree gchar *restored_db = NULL;
	g_autofree gchar *restored_config = NULL;
	g_autofree gchar *wal = NULL;
	g_auto(TdTiepdonRun) run = {0};
	g_autoptr(GDir) folder = NULL;

	record_checkins(dir, 3);
	copy = run_backup_ok(config_path, &run);
	g_assert_cmpstr(copy, ==, strstr(copy, copies));
	wal = g_strconcat(copy, "-wal", NULL);
	g_assert_cmpint(file_mode(copies), ==, 0700);
	g_assert_cmpint(file_mode(copy), ==, 0600);
	g_assert_false(g_file_test(wal, G_FILE_TEST_EXISTS));
	folder = g_dir_open(copies, 0, NULL);
	g_assert_cmpstr(g_dir_read_name(folder), ==, strrchr(copy, '/') + 1);
	g_assert_null(g_dir_read_name(folder));
	g_assert_cmpint(td_test_sql_int(copy, "SELECT COUNT(*) FROM checkins"), ==, 3);
	g_assert_cmpint(td_test_sql_int(copy, "SELECT COUNT(*) FROM exceptions WHERE full_name = 'Nguyễn Văn An'"),
			==, 1);
	g_assert_cmpint(td_test_sql_int(copy, "SELECT MAX(version) FROM schema_version"), ==,
			td_test_sql_int(db, "SELECT MAX(version) FROM schema_version"));
	g_assert_cmpint(td_test_sql_int(copy, "SELECT MAX(version) FROM schema_version"), >, 0);

	/* a check-in after the copy is not in it */
	record_checkins(dir, 1);
	g_assert_cmpint(td_test_sql_int(copy, "SELECT COUNT(*) FROM checkins"), ==, 3);

	/* put back on another machine: the file as the database */
	g_assert_cmpint(g_mkdir(restored_dir, 0700), ==, 0);
	restored_db = copy_file(copy, restored_dir, "tiepdon.db");
	restored_config = td_test_write_config(restored_dir, NULL);
	g_assert_cmpuint(report_checkins(restored_config), ==, 3);
	g_assert_cmpuint(report_checkins(config_path), ==, 4);
}

static void
make_file(const gchar *path, gint64 age_s)
{
	struct utimbuf when;

	g_assert_true(g_file_set_contents_full(path, "x", 1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
	when.actime = when.modtime = (time_t)(g_get_real_time() / G_USEC_PER_SEC - age_s);
	g_assert_cmpint(utime(path, &when), ==, 0);
}

/* Copies of the last backup-keep-days stay; older ones, and half-made ones
 * a crashed run left an hour ago, go; what is not a copy is not touched. */
static void
test_rotation(void)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station("rotation", "backup-keep-days=7\n", &dir);
	g_autofree gchar *copies = g_build_filename(dir, "copies", NULL);
	g_autofree gchar *kept = copy_path(dir, 6);
	g_autofree gchar *week = copy_path(dir, 7);
	g_autofree gchar *month = copy_path(dir, 30);
	g_autofree gchar *notes = g_build_filename(copies, "notes.txt", NULL);
	g_autofree gchar *not_a_date = g_build_filename(copies, "tiepdon-2026-02-30.db", NULL);
	g_autofree gchar *crashed = g_build_filename(copies, ".tiepdon-2026-01-01.db.Ab12Cd", NULL);
	g_autofree gchar *writing = g_build_filename(copies, ".tiepdon-2026-01-02.db.Ef34Gh", NULL);
	g_auto(TdTiepdonRun) run = {0};

	record_checkins(dir, 1);
	g_assert_cmpint(g_mkdir(copies, 0700), ==, 0);
	make_file(kept, 6 * 86400);
	make_file(week, 7 * 86400);
	make_file(month, 30 * 86400);
	make_file(notes, 60 * 86400);
	make_file(not_a_date, 60 * 86400);
	make_file(crashed, 2 * 3600);
	make_file(writing, 60);
	g_free(run_backup_ok(config_path, &run));
	g_assert_nonnull(strstr(run.out, "7 days kept): 2"));
	g_assert_true(g_file_test(kept, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(week, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(month, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(notes, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(not_a_date, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(crashed, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(writing, G_FILE_TEST_EXISTS));
}

/* The folder: made owner-only, one of ours opened to others corrected; a
 * file in its place refused, and one on a drive not mounted (its parent
 * missing: never made on the system's own disk). */
static void
test_folder(void)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station("folder", NULL, &dir);
	g_autofree gchar *copies = g_build_filename(dir, "copies", NULL);
	g_autofree gchar *mount_point = g_build_filename(dir, "usb", NULL);
	g_autofree gchar *unmounted = g_strdup_printf("[station]\ncode=01001\n[storage]\npath=%s/tiepdon.db\n"
						      "backup-dir=%s/tiepdon\n",
						      dir, mount_point);
	g_autofree gchar *unmounted_config = g_build_filename(dir, "unmounted.conf", NULL);
	g_auto(TdTiepdonRun) run = {0};

	g_assert_true(g_file_set_contents_full(unmounted_config, unmounted, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
					       NULL));

	record_checkins(dir, 1);
	g_assert_cmpint(g_mkdir(copies, 0755), ==, 0);
	g_assert_cmpint(g_chmod(copies, 0755), ==, 0);
	g_free(run_backup_ok(config_path, &run));
	g_assert_cmpint(file_mode(copies), ==, 0700);

	td_test_remove_tree(copies);
	g_assert_true(g_file_set_contents(copies, "not a folder", -1, NULL));
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "backup", "--config", unmounted_config, NULL), ==, 3);
	g_assert_nonnull(strstr(run.err, "cannot make the backup folder"));
	g_assert_false(g_file_test(mount_point, G_FILE_TEST_EXISTS));
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "backup", "--config", config_path, NULL), ==, 3);
	g_assert_nonnull(strstr(run.err, "is not a folder"));
}

/* What the settings may not say, each refused with the key named (exit
 * status 3, the settings'): copies kept longer than the records, and
 * copies of a station on PostgreSQL (its server's to make). */
static void
test_settings(void)
{
	g_autofree gchar *dir = g_build_filename(tmp_dir, "settings", NULL);
	g_autofree gchar *config_path = g_build_filename(dir, "tiepdon.conf", NULL);
	const gchar *cases[][2] = {
	    /* [storage] lines, the key the refusal names */
	    {"path=tiepdon.db\nretention-days=5\nbackup-keep-days=6\n", "backup-keep-days"},
	    {"url=postgresql:///tiepdon\nbackup-dir=copies\n", "backup-dir"},
	};

	g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *settings =
		    g_strdup_printf("[station]\ncode=01001\noffline-letter=B\n[storage]\n%s", cases[i][0]);
		g_autofree gchar *key = g_strdup_printf("[storage] %s", cases[i][1]);
		g_auto(TdTiepdonRun) run = {0};

		g_assert_true(g_file_set_contents_full(config_path, settings, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
						       NULL));
		td_tiepdon_run(&run, NULL, NULL, "backup", "--config", config_path, NULL);
		g_test_message("%s", run.err);
		g_assert_cmpint(run.status, ==, 3);
		g_assert_nonnull(strstr(run.err, key));
	}
}

/* "backup-dir=" turns the copies off: the command says so and succeeds
 * (an enabled timer must not fail each night), the doctor's line says
 * none are made here, without a fault. A training kiosk ([kiosk]
 * demo=true) makes none either, and the doctor says nothing of them. */
static void
test_turned_off(void)
{
	g_autofree gchar *dir = g_build_filename(tmp_dir, "off", NULL);
	g_autofree gchar *training_dir = g_build_filename(tmp_dir, "training", NULL);
	g_autofree gchar *training_copies = g_build_filename(training_dir, "copies", NULL);
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *training_config = NULL;
	g_autofree gchar *message = NULL;
	g_auto(TdTiepdonRun) run = {0};
	g_auto(TdTiepdonRun) doctor = {0};

	g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
	config_path = td_test_write_config(dir, "backup-dir=\n");
	record_checkins(dir, 1);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "backup", "--config", config_path, NULL), ==, 0);
	g_assert_nonnull(strstr(run.out, "no copy made"));
	g_assert_nonnull(strstr(run.out, "backup-dir is empty"));
	g_assert_true(td_test_doctor_line(config_path, "backup", &message));
	g_assert_nonnull(strstr(message, "none made here"));

	g_assert_cmpint(g_mkdir(training_dir, 0700), ==, 0);
	training_config = td_test_write_config(training_dir, "[kiosk]\ndemo=true\n");
	record_checkins(training_dir, 1);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "backup", "--config", training_config, NULL), ==, 0);
	g_assert_nonnull(strstr(run.out, "training data"));
	g_assert_false(g_file_test(training_copies, G_FILE_TEST_EXISTS));
	td_tiepdon_run(&doctor, NULL, NULL, "doctor", "--config", training_config, "--json", NULL);
	g_assert_cmpint(doctor.signal, ==, 0);
	g_assert_nonnull(strstr(doctor.out, "\"database\""));
	g_assert_null(strstr(doctor.out, "\"backup\""));
}

/* The doctor's line, ok or not, and that its message holds words. */
static void
assert_doctor_backup(const gchar *config_path, gboolean ok, const gchar *words)
{
	g_autofree gchar *message = NULL;

	g_assert_cmpint(td_test_doctor_line(config_path, "backup", &message), ==, ok);
	g_assert_nonnull(strstr(message, words));
}

/* The doctor: no copy yet; tonight's; a night missed; the hours between
 * midnight and the night's run (a week of copies, the oldest a day older
 * than at the last run: no alarm); one the last run should have removed;
 * one dated after today, which no run removes. */
static void
test_doctor(void)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station("doctor", "backup-keep-days=7\n", &dir);
	g_autofree gchar *today = NULL;
	g_autofree gchar *future = copy_path(dir, -2);
	g_autofree gchar *past_keep = copy_path(dir, 8);
	g_auto(TdTiepdonRun) run = {0};

	record_checkins(dir, 1);
	assert_doctor_backup(config_path, FALSE, "no copy yet");
	today = run_backup_ok(config_path, &run);
	assert_doctor_backup(config_path, TRUE, "1 kept, 7 days");

	/* made 30 hours ago: last night's run did not happen */
	make_file(today, 30 * 3600);
	assert_doctor_backup(config_path, FALSE, "made 30 hours ago");

	/* before tonight's run: last night's (made 20 hours ago) and six
	 * more, the oldest 7 days before today, 6 before the newest */
	g_assert_cmpint(g_unlink(today), ==, 0);
	for (gint day = 1; day <= 7; day++) {
		g_autofree gchar *path = copy_path(dir, day);
		make_file(path, day == 1 ? 20 * 3600 : day * 86400);
	}
	assert_doctor_backup(config_path, TRUE, "7 kept, 7 days");

	/* one the run of the newest should have removed */
	make_file(past_keep, 8 * 86400);
	assert_doctor_backup(config_path, FALSE, "older than backup-keep-days");
	g_free(run_backup_ok(config_path, &run));
	g_assert_false(g_file_test(past_keep, G_FILE_TEST_EXISTS));
	assert_doctor_backup(config_path, TRUE, "7 kept");

	/* dated after today: kept by the run (which clock is right?), named */
	make_file(future, 0);
	g_free(run_backup_ok(config_path, &run));
	g_assert_true(g_file_test(future, G_FILE_TEST_EXISTS));
	assert_doctor_backup(config_path, FALSE, "after today");
}

/* Killed before the copy took its name, with the new file empty or
 * whole: the earlier copy of the same day is still whole where it was,
 * and the next run replaces it. */
static void
test_killed(gconstpointer fault_point)
{
	g_autofree gchar *env_fault = g_strdup_printf("TD_FAULT_POINT=%s", (const gchar *)fault_point);
	const gchar *env[] = {env_fault, NULL};
	g_autofree gchar *name = g_strdup_printf("killed-%s", (const gchar *)fault_point);
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station(name, NULL, &dir);
	g_autofree gchar *copy = NULL;
	g_auto(TdTiepdonRun) run = {0};

	record_checkins(dir, 2);
	copy = run_backup_ok(config_path, &run);
	record_checkins(dir, 1);
	td_tiepdon_run_clear(&run);
	td_tiepdon_run(&run, env, NULL, "backup", "--config", config_path, NULL);
	g_assert_cmpint(run.signal, ==, SIGKILL);
	g_assert_cmpint(td_test_sql_int(copy, "SELECT COUNT(*) FROM checkins"), ==, 2);
	g_free(run_backup_ok(config_path, &run));
	g_assert_cmpint(td_test_sql_int(copy, "SELECT COUNT(*) FROM checkins"), ==, 3);
}


static void
assert_restore_refused(const gchar *config_path, const gchar *copy, gint status, const gchar *words)
{
	g_auto(TdTiepdonRun) run = {0};

	td_tiepdon_run(&run, NULL, NULL, "restore", "--config", config_path, "--apply", copy, NULL);
	g_test_message("%s%s", run.out, run.err);
	g_assert_cmpint(run.status, ==, status);
	g_assert_nonnull(strstr(run.err, words));
}

/* The database tiepdon restore --apply says it kept, which must be there,
 * owner-only, in the database's folder. */
static gchar *
restore_kept(const TdTiepdonRun *run, const gchar *dir)
{
	const gchar *label = "(the database it replaced, kept): ";
	const gchar *at = strstr(run->out, label);
	gchar *kept;

	g_assert_nonnull(at);
	at += strlen(label);
	kept = g_strndup(at, strcspn(at, "\n"));
	g_assert_true(g_str_has_prefix(kept, dir));
	g_assert_cmpint(file_mode(kept), ==, 0600);
	return kept;
}

static void
run_restore_ok(const gchar *config_path, const gchar *copy, TdTiepdonRun *run)
{
	td_tiepdon_run_clear(run);
	td_tiepdon_run(run, NULL, NULL, "restore", "--config", config_path, "--apply", copy, NULL);
	g_test_message("%s%s", run->out, run->err);
	g_assert_cmpint(run->status, ==, 0);
	g_assert_nonnull(strstr(run->out, "restored"));
}

static void
assert_same_bytes(const gchar *a, const gchar *b)
{
	g_autofree gchar *x = NULL;
	g_autofree gchar *y = NULL;
	gsize x_len = 0, y_len = 0;

	g_assert_true(g_file_get_contents(a, &x, &x_len, NULL));
	g_assert_true(g_file_get_contents(b, &y, &y_len, NULL));
	g_assert_cmpmem(x, x_len, y, y_len);
}

/* A copy with one of its pages overwritten: a database still, but not a
 * whole one. */
static gchar *
damaged_copy(const gchar *copy, const gchar *dir)
{
	gchar *damaged = copy_file(copy, dir, "damaged.db");
	g_autofree gchar *contents = NULL;
	gsize len = 0;
	gint64 page = td_test_sql_int(copy, "PRAGMA page_size");

	g_assert_true(g_file_get_contents(damaged, &contents, &len, NULL));
	g_assert_cmpuint(len, >=, 4 * page);
	memset(contents + 2 * page, 0xA5, (gsize)page);
	g_assert_true(g_file_set_contents_full(damaged, contents, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
					       NULL));
	return damaged;
}

/* A kiosk killed mid-day: its last check-in's pages in the -wal, never
 * written into the database (no connection closed it). Where
 * !first_page_too, the table is made and written into the database
 * first, so that the -wal holds its row's page alone, not the first. */
static void
leave_wal_frames(const gchar *db, gboolean first_page_too)
{
	g_autofree gchar *script = g_strdup_printf(
	    "import os, sqlite3\n"
	    "c = sqlite3.connect('%s', isolation_level=None)\n"
	    "c.execute('PRAGMA wal_autocheckpoint=0')\n"
	    "c.execute('CREATE TABLE left_in_wal (x)')\n"
	    "%s"
	    "c.execute('INSERT INTO left_in_wal VALUES (1)')\n"
	    "os._exit(0)\n",
	    db, first_page_too ? "" : "c.execute('PRAGMA wal_checkpoint(TRUNCATE)')\n");
	const gchar *argv[] = {"python3", "-c", script, NULL};
	g_autofree gchar *wal = g_strconcat(db, "-wal", NULL);
	g_autoptr(GError) error = NULL;
	gint status = 0;
	struct stat st;

	g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
				   &error));
	g_assert_no_error(error);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	g_assert_cmpint(g_stat(wal, &st), ==, 0);
	g_assert_cmpint(st.st_size, >, 0);
}

/* tiepdon restore: said first, done with --apply; refused while a kiosk
 * has the database open (the test holds the store, as the kiosk does),
 * for a missing copy, the database itself, a damaged copy and one of a
 * newer schema; put back over a -wal a killed kiosk left (its frames
 * gone with the rest), and onto a new disk with no database; the database
 * after it is the copy's, owner-only, and takes new check-ins. */
static void
test_restore(void)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station("restore", NULL, &dir);
	g_autofree gchar *db = g_build_filename(dir, "tiepdon.db", NULL);
	g_autofree gchar *copy = NULL;
	g_autofree gchar *newer = NULL;
	g_autofree gchar *damaged = NULL;
	g_autofree gchar *missing = g_build_filename(dir, "no-such-copy.db", NULL);
	g_autofree gchar *journal = g_strconcat(db, "-journal", NULL);
	g_autofree gchar *kept = NULL;
	g_autofree gchar *kept_again = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(TdTiepdonRun) run = {0};

	record_checkins(dir, 3);
	copy = run_backup_ok(config_path, &run);
	record_checkins(dir, 2);
	g_assert_cmpuint(report_checkins(config_path), ==, 5);

	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "restore", "--config", config_path, copy, NULL), ==, 0);
	g_assert_nonnull(strstr(run.out, "would replace"));
	g_assert_cmpuint(report_checkins(config_path), ==, 5);

	/* the kiosk running */
	{
		G_GNUC_UNUSED g_autoptr(TdSqliteStore) kiosk = td_sqlite_store_new(db, &error);
		g_assert_no_error(error);
		assert_restore_refused(config_path, copy, 1, "is in use");
	}
	g_assert_cmpuint(report_checkins(config_path), ==, 5);

	/* no copy; the database itself; a damaged copy; a newer one */
	assert_restore_refused(config_path, missing, 1, "no such copy");
	assert_restore_refused(config_path, db, 1, "is the database itself");
	damaged = damaged_copy(copy, dir);
	assert_restore_refused(config_path, damaged, 1, "damaged");
	newer = copy_file(copy, dir, "newer.db");
	td_test_sql_exec(newer, "INSERT INTO schema_version VALUES (99)");
	assert_restore_refused(config_path, newer, 1, "newer than this tiepdon");
	g_assert_cmpuint(report_checkins(config_path), ==, 5);

	run_restore_ok(config_path, copy, &run);
	/* no rollback journal left with the old records' pages */
	g_assert_false(g_file_test(journal, G_FILE_TEST_EXISTS));
	g_assert_cmpuint(report_checkins(config_path), ==, 3);
	g_assert_cmpint(file_mode(db), ==, 0600);
	/* the five it replaced, kept: the way back from a wrong copy */
	kept = restore_kept(&run, dir);
	g_assert_cmpint(td_test_sql_int(kept, "SELECT COUNT(*) FROM checkins"), ==, 5);
	run_restore_ok(config_path, kept, &run);
	g_assert_cmpuint(report_checkins(config_path), ==, 5);
	kept_again = restore_kept(&run, dir);
	g_assert_cmpstr(kept_again, !=, kept);
	g_assert_cmpint(td_test_sql_int(kept_again, "SELECT COUNT(*) FROM checkins"), ==, 3);
	run_restore_ok(config_path, copy, &run);
	record_checkins(dir, 1);
	g_assert_cmpuint(report_checkins(config_path), ==, 4);

	/* over a killed kiosk's -wal: nothing of it comes back */
	leave_wal_frames(db, TRUE);
	run_restore_ok(config_path, copy, &run);
	g_assert_cmpint(td_test_sql_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'left_in_wal'"), ==, 0);
	/* kept with what its -wal held */
	g_clear_pointer(&kept, g_free);
	kept = restore_kept(&run, dir);
	g_assert_cmpint(td_test_sql_int(kept, "SELECT COUNT(*) FROM left_in_wal"), ==, 1);
	g_assert_cmpuint(report_checkins(config_path), ==, 3);

	/* a new disk: no database yet */
	for (guint i = 0; i < 3; i++) {
		const gchar *suffixes[] = {"", "-wal", "-shm"};
		g_autofree gchar *file = g_strconcat(db, suffixes[i], NULL);
		g_unlink(file);
	}
	run_restore_ok(config_path, copy, &run);
	g_assert_cmpuint(report_checkins(config_path), ==, 3);
	g_assert_cmpint(file_mode(db), ==, 0600);
	g_assert_null(strstr(run.out, "kept"));
}

/* A database SQLite can no longer read (its first page overwritten: the
 * disk), the reason to restore, often: kept byte for byte with its -wal,
 * and the copy put in its place; never while a process still holds a
 * connection's lock on it (a kiosk opened it before the damage). The
 * damage where SQLite sees it first: the file's header (read before
 * SQLite opens it), or the first page's b-tree behind a whole header
 * (SQLite fails on it, and must not, closing, write the -wal into it). */
static void
test_restore_unreadable(gconstpointer data)
{
	gsize damage_at = GPOINTER_TO_SIZE(data);
	g_autofree gchar *name = g_strdup_printf("restore-unreadable-%" G_GSIZE_FORMAT, damage_at);
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station(name, NULL, &dir);
	g_autofree gchar *db = g_build_filename(dir, "tiepdon.db", NULL);
	g_autofree gchar *wal = g_strconcat(db, "-wal", NULL);
	g_autofree gchar *before = g_build_filename(dir, "as-it-was.db", NULL);
	g_autofree gchar *before_wal = g_build_filename(dir, "as-it-was.db-wal", NULL);
	g_autofree gchar *copy = NULL;
	g_autofree gchar *kept = NULL;
	g_autofree gchar *kept_wal = NULL;
	g_auto(TdTiepdonRun) run = {0};
	FILE *file;
	struct flock lock = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0x40000002, .l_len = 510};
	int fd;

	record_checkins(dir, 3);
	copy = run_backup_ok(config_path, &run);
	record_checkins(dir, 1);
	leave_wal_frames(db, FALSE);
	file = fopen(db, "r+b");
	g_assert_nonnull(file);
	g_assert_cmpint(fseek(file, (long)damage_at, SEEK_SET), ==, 0);
	g_assert_cmpint(fwrite("not a database!", 1, 16, file), ==, 16);
	g_assert_cmpint(fclose(file), ==, 0);
	g_assert_true(g_file_test(wal, G_FILE_TEST_EXISTS));
	g_free(copy_file(db, dir, "as-it-was.db"));
	g_free(copy_file(wal, dir, "as-it-was.db-wal"));
	td_tiepdon_run_clear(&run);
	td_tiepdon_run(&run, NULL, NULL, "restore", "--config", config_path, copy, NULL);
	g_assert_nonnull(strstr(run.out, "(not readable)"));
	assert_same_bytes(db, before);
	assert_same_bytes(wal, before_wal);

	/* a connection's shared lock, as a kiosk that opened it holds */
	fd = g_open(db, O_RDWR | O_CLOEXEC, 0);
	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(fcntl(fd, F_SETLK, &lock), ==, 0);
	assert_restore_refused(config_path, copy, 1, "is in use");
	close(fd);
	assert_same_bytes(db, before);
	assert_same_bytes(wal, before_wal);

	run_restore_ok(config_path, copy, &run);
	g_assert_cmpuint(report_checkins(config_path), ==, 3);
	kept = restore_kept(&run, dir);
	g_assert_nonnull(strstr(run.out, "not readable as a database"));
	g_assert_null(strstr(run.out, "to put it back"));
	assert_same_bytes(kept, before);
	kept_wal = g_strconcat(kept, "-wal", NULL);
	assert_same_bytes(kept_wal, before_wal);
	g_assert_cmpint(file_mode(kept_wal), ==, 0600);
	/* the old -wal's frames are not the new database's */
	g_assert_cmpint(td_test_sql_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'left_in_wal'"), ==, 0);
	g_assert_cmpint(file_mode(db), ==, 0600);
}

/* tiepdon purge removes the databases restores kept, as copies go: past
 * backup-keep-days (with their -wal), and half-made ones an hour old;
 * nothing else. */
static void
test_purge_kept(void)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *config_path = make_station("purge-kept", "backup-keep-days=7\n", &dir);
	g_autofree gchar *day6 = td_test_day_at(7, -6);
	g_autofree gchar *day7 = td_test_day_at(7, -7);
	g_autofree gchar *recent_name = g_strdup_printf("tiepdon-replaced-%s-101500.db", day6);
	g_autofree gchar *old_name = g_strdup_printf("tiepdon-replaced-%s-101500-2.db", day7);
	g_autofree gchar *recent = g_build_filename(dir, recent_name, NULL);
	g_autofree gchar *old = g_build_filename(dir, old_name, NULL);
	g_autofree gchar *old_wal = g_strconcat(old, "-wal", NULL);
	g_autofree gchar *crashed = g_strdup_printf("%s/.%s.Ab12Cd", dir, recent_name);
	g_autofree gchar *other = g_build_filename(dir, "tiepdon-replaced-by-hand.db", NULL);
	g_autofree gchar *notes_name = g_strdup_printf("tiepdon-replaced-%s-notes.txt", day7);
	g_autofree gchar *notes = g_build_filename(dir, notes_name, NULL);
	g_auto(TdTiepdonRun) run = {0};

	record_checkins(dir, 1);
	make_file(recent, 6 * 86400);
	make_file(old, 7 * 86400);
	make_file(old_wal, 7 * 86400);
	make_file(crashed, 2 * 3600);
	make_file(other, 60 * 86400);
	make_file(notes, 60 * 86400);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "purge", "--config", config_path, NULL), ==, 0);
	g_test_message("%s%s", run.out, run.err);
	g_assert_nonnull(strstr(run.out, "7 days kept): 2"));
	g_assert_true(g_file_test(recent, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(old, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(old_wal, G_FILE_TEST_EXISTS));
	g_assert_false(g_file_test(crashed, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(other, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(notes, G_FILE_TEST_EXISTS));
	g_assert_cmpuint(report_checkins(config_path), ==, 1);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	tmp_dir = td_test_make_tmp_dir("td-cli-backup-XXXXXX");
	g_test_add_func("/cli-backup/copy", test_copy);
	g_test_add_func("/cli-backup/rotation", test_rotation);
	g_test_add_func("/cli-backup/folder", test_folder);
	g_test_add_func("/cli-backup/settings", test_settings);
	g_test_add_func("/cli-backup/turned-off", test_turned_off);
	g_test_add_func("/cli-backup/doctor", test_doctor);
	g_test_add_func("/cli-backup/restore", test_restore);
	g_test_add_data_func("/cli-backup/restore-unreadable/header", GSIZE_TO_POINTER(0), test_restore_unreadable);
	/* behind the file's 100-byte header, the first page's b-tree's */
	g_test_add_data_func("/cli-backup/restore-unreadable/first-page", GSIZE_TO_POINTER(100),
			     test_restore_unreadable);
	g_test_add_func("/cli-backup/purge-kept", test_purge_kept);
	g_test_add_data_func("/cli-backup/killed-before-copying", "backup-created", test_killed);
	g_test_add_data_func("/cli-backup/killed-before-naming", "backup-copied", test_killed);
	return td_test_run_and_remove(tmp_dir);
}
