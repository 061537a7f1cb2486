/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the tiepdon command keeps and refuses, through the real program:
 * retention on a year of data, hostile file names, the data files' modes,
 * and no core dump or ptrace of a process holding personal data. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-config.h"
#include "td-sqlite-store.h"
#include "td-test-files.h"
#include "td-test-kiosk.h"

#define TD_TEST_DAYS 400

static gchar *tmp_dir;

static gchar *
make_dir(const gchar *name)
{
	gchar *dir = g_build_filename(tmp_dir, name, NULL);
	g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
	return dir;
}

static gchar *
old_id(guint days_ago)
{
	return g_strdup_printf("0010580%05u", days_ago);
}

/* Each day of 400: one patient checked in (linked by an ID hash), one sent
 * to staff with an exception (name, ID, birth date, card code); every
 * second exception resolved by staff with a note that names the patient. */
static void
generate_year(const gchar *config_path, gint64 now)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(config_path, &error);
	g_autoptr(TdSqliteStore) store = NULL;

	g_assert_no_error(error);
	store = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);
	for (guint d = 0; d < TD_TEST_DAYS; d++) {
		gint64 t = now - (gint64)d * 86400 - 3600;
		g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(t);
		g_autofree gchar *day = g_date_time_format(when, "%Y-%m-%d");
		for (guint i = 0; i < 2; i++) {
			g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
			g_autoptr(TdCheckinException) exc = NULL;

			g_strlcpy(rec->day, day, sizeof(rec->day));
			rec->time_unix = t + i;
			rec->card_verdict = TD_CARD_VERDICT_GENUINE;
			rec->card_reasons = g_strdup("passive authentication valid; chip authentication");
			rec->eligibility = i == 0 ? TD_ELIGIBILITY_ELIGIBLE : TD_ELIGIBILITY_NOT_FOUND;
			rec->eligibility_code = g_strdup(i == 0 ? "000" : "050");
			rec->benefit_level = 4;
			rec->vneid = i == 0 ? TD_VNEID_INTEGRATED : TD_VNEID_NOT_YET;
			rec->outcome = i == 0 ? TD_OUTCOME_CHECKED_IN : TD_OUTCOME_SEE_STAFF;
			rec->id_hash = g_strdup_printf("%064u", d * 2 + i);
			if (i == 1) {
				rec->see_staff_reason = g_strdup("insurance-not-found");
				exc = td_checkin_exception_new();
				exc->id_number = old_id(d);
				exc->full_name = g_strdup_printf("Người Thử Số %03u", d);
				exc->date_of_birth = g_strdup("1958-03-15");
				exc->card_code = g_strdup_printf("DN4010%09u", d);
				exc->reason = g_strdup("insurance-not-found");
				exc->detail = g_strdup_printf("Gateway: no card for Người Thử Số %03u", d);
			}
			g_assert_true(td_store_record_checkin(TD_STORE(store), rec, exc, &error));
			g_assert_no_error(error);
			if (exc != NULL && d % 2 == 0) {
				g_autofree gchar *note = g_strdup_printf("bà Người Thử Số %03u mang thẻ giấy", d);
				g_assert_true(td_store_resolve_exception(TD_STORE(store), exc->id, "accepted-paper-card", note,
									 &error));
			}
		}
	}
	g_clear_object(&store);
	/* staff resolved them within the hour, back then */
	td_test_sql_exec(config->storage_path,
		"UPDATE exceptions SET resolved_unix = created_unix + 3600 WHERE resolved = 1;"
		"UPDATE staff_actions SET time_unix = (SELECT created_unix + 3600 FROM exceptions e"
		" WHERE e.id = staff_actions.exception_id);");
}

static gboolean
file_holds(const gchar *path, const gchar *needle)
{
	g_autofree gchar *contents = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &contents, &len, NULL))
		return FALSE;
	return memmem(contents, len, needle, strlen(needle)) != NULL;
}

/* Decree 13/2023: a year of generated data, purged by the command the
 * daily timer runs. Nothing personal older than the retention survives,
 * in the tables or in the file's bytes; the daily counts all do. */
static void
test_retention_400_days(void)
{
	g_autofree gchar *dir = make_dir("retention");
	g_autofree gchar *config_path = td_test_write_config(dir, NULL);
	g_autofree gchar *db = g_build_filename(dir, "tiepdon.db", NULL);
	g_autofree gchar *wal = g_strconcat(db, "-wal", NULL);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	/* a day past the 30 days: staff resolved within the hour, and a
	 * resolved exception stays for the retention after its resolution */
	gint64 cutoff = now - 31 * 86400;
	g_autoptr(GDateTime) first = g_date_time_new_from_unix_local(now - TD_TEST_DAYS * 86400);
	g_autoptr(GDateTime) today = g_date_time_new_from_unix_local(now);
	g_autoptr(GDateTime) month_ago = g_date_time_add_days(today, -31);
	g_autofree gchar *past_retention = g_date_time_format(month_ago, "%Y-%m-%d");
	g_autofree gchar *from = g_date_time_format(first, "%Y-%m-%d");
	g_autofree gchar *to = g_date_time_format(today, "%Y-%m-%d");
	g_autofree gchar *counts_before = NULL;
	g_autofree gchar *message = NULL;
	g_autofree gchar *sql = NULL;
	g_auto(TdTiepdonRun) run = {0};

	generate_year(config_path, now);
	g_assert_false(td_test_doctor_line(config_path, "personal data", &message));
	g_assert_nonnull(strstr(message, "retention has not run"));
	g_clear_pointer(&message, g_free);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "export", "--config", config_path, "--from", from, "--to", to,
				       NULL),
			==, 0);
	counts_before = g_steal_pointer(&run.out);
	td_tiepdon_run_clear(&run);

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "purge", "--config", config_path, NULL), ==, 0);
	g_test_message("%s", run.out);
	td_tiepdon_run_clear(&run);

	/* the counts, every day of them */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "export", "--config", config_path, "--from", from, "--to", to,
				       NULL),
			==, 0);
	g_assert_cmpstr(run.out, ==, counts_before);
	g_assert_cmpint(td_test_sql_int(db, "SELECT COUNT(*) FROM checkins"), ==, 2 * TD_TEST_DAYS);

	/* no personal field older than the retention (and a day) */
	sql = g_strdup_printf("SELECT COUNT(*) FROM exceptions WHERE created_unix < %" G_GINT64_FORMAT
			      " AND COALESCE(id_number, full_name, date_of_birth, card_code, detail) IS NOT NULL",
			      cutoff);
	g_assert_cmpint(td_test_sql_int(db, sql), ==, 0);
	g_free(sql);
	sql = g_strdup_printf("SELECT COUNT(*) FROM checkins WHERE day < '%s' AND (time_unix != 0 OR"
			      " COALESCE(id_hash, card_reasons, eligibility_code, see_staff_reason, card_warnings)"
			      " IS NOT NULL OR benefit_level != 0)",
			      past_retention);
	g_assert_cmpint(td_test_sql_int(db, sql), ==, 0);
	g_free(sql);
	sql = g_strdup_printf("SELECT COUNT(*) FROM staff_actions WHERE note IS NOT NULL AND time_unix < %" G_GINT64_FORMAT,
			      cutoff);
	g_assert_cmpint(td_test_sql_int(db, sql), ==, 0);
	/* nobody's exception was left open: old ones closed as expired */
	g_assert_cmpint(td_test_sql_int(db, "SELECT COUNT(*) FROM exceptions WHERE resolution = 'expired'"), >, 150);
	g_assert_cmpint(td_test_sql_int(db, "SELECT COUNT(*) FROM exceptions WHERE resolved = 0 AND created_unix < "
				    "strftime('%s', 'now', '-31 days')"),
			==, 0);
	/* not in the file's bytes either (secure_delete, the WAL truncated) */
	for (guint d = 32; d < TD_TEST_DAYS; d++) {
		g_autofree gchar *id = old_id(d);
		g_autofree gchar *name = g_strdup_printf("Người Thử Số %03u", d);
		if (file_holds(db, id) || file_holds(wal, id))
			g_test_message("day %u: %s in %s", d, id, file_holds(db, id) ? "the database" : "the WAL");
		g_assert_false(file_holds(db, id) || file_holds(wal, id));
		g_assert_false(file_holds(db, name) || file_holds(wal, name));
	}
	{
		/* while this month's are there, as staff need them */
		g_autofree gchar *recent = old_id(1);
		g_assert_true(file_holds(db, recent) || file_holds(wal, recent));
	}
	g_assert_true(td_test_doctor_line(config_path, "personal data", &message));
}

/* A FIFO, a device node or a link named as a settings, key, password or
 * output file: refused at once, left as it was. */
static void
test_hostile_files(void)
{
	g_autofree gchar *dir = make_dir("hostile");
	g_autofree gchar *config_path = td_test_write_config(dir, NULL);
	g_autofree gchar *key_dir = make_dir("hostile-key");
	g_autofree gchar *password_dir = make_dir("hostile-password");
	g_auto(TdTestHostileFiles) hostile = {0};
	g_autofree gchar *with_fifo_key = NULL;
	g_autofree gchar *with_fifo_password = NULL;
	g_autofree gchar *extra = NULL;
	g_auto(TdTiepdonRun) run = {0};
	const gchar *outputs[3];
	const gchar *configs[3];

	td_test_hostile_files_make(&hostile, dir, "", "keep me");
	outputs[0] = configs[0] = hostile.fifo;
	outputs[1] = configs[1] = hostile.device;
	outputs[2] = configs[2] = hostile.link;
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "create-key", "--config", config_path, NULL), ==, 0);
	td_tiepdon_run_clear(&run);

	/* the settings file */
	for (guint i = 0; i < G_N_ELEMENTS(configs); i++) {
		g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", configs[i], NULL), ==, 3);
		td_tiepdon_run_clear(&run);
	}
	/* the key and the gateway password it names */
	extra = g_strdup_printf("[station]\nid-hash-key-file=%s\n", hostile.fifo);
	with_fifo_key = td_test_write_config(key_dir, extra);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "create-key", "--config", with_fifo_key, NULL), ==, 3);
	g_assert_nonnull(strstr(run.err, "not a regular file"));
	td_tiepdon_run_clear(&run);
	g_free(extra);
	extra = g_strdup_printf("[gateway]\nurl=https://127.0.0.1:1\nusername=u\npassword-file=%s\n", hostile.fifo);
	with_fifo_password = td_test_write_config(password_dir, extra);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", with_fifo_password, NULL), ==, 3);
	g_assert_nonnull(strstr(run.err, "not a regular file"));
	td_tiepdon_run_clear(&run);

	/* files written by name: the export here, read --photo and
	 * --structure likewise (td_file_replace) */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "purge", "--config", config_path, NULL), ==, 0);
	td_tiepdon_run_clear(&run);
	for (guint i = 0; i < G_N_ELEMENTS(outputs); i++) {
		g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "export", "--config", config_path, "--from", "2024-05-01",
					       "--to", "2024-05-02", "--output", outputs[i], NULL),
				==, 1);
		g_assert_nonnull(strstr(run.err, "not a regular file"));
		td_tiepdon_run_clear(&run);
	}
	td_test_hostile_files_assert_untouched(&hostile);
}

/* The database, -wal and -shm as a restored backup leaves them (0644):
 * corrected at the next start of any command, and the doctor says so. */
static void
test_data_files_corrected(void)
{
	g_autofree gchar *dir = make_dir("modes");
	g_autofree gchar *config_path = td_test_write_config(dir, NULL);
	g_autofree gchar *db = g_build_filename(dir, "tiepdon.db", NULL);
	g_autofree gchar *message = NULL;
	g_auto(TdTiepdonRun) run = {0};
	struct stat st;

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "purge", "--config", config_path, NULL), ==, 0);
	g_assert_cmpint(g_chmod(db, 0644), ==, 0);
	g_assert_true(td_test_doctor_line(config_path, "data files", &message));
	g_assert_nonnull(strstr(message, "corrected"));
	g_assert_cmpint(stat(db, &st), ==, 0);
	g_assert_cmpuint(st.st_mode & 0777, ==, 0600);
	g_clear_pointer(&message, g_free);
	/* a data folder others may enter is a failure the doctor names */
	g_assert_cmpint(g_chmod(dir, 0755), ==, 0);
	g_assert_false(td_test_doctor_line(config_path, "data files", &message));
	g_assert_nonnull(strstr(message, "chmod 700"));
	g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
}

typedef struct {
	uid_t uid;
	gid_t gid;
} TdRunAs;

static void
run_as_child_setup(gpointer data)
{
	TdRunAs *as = data;
	if (setgid(as->gid) != 0 || setuid(as->uid) != 0)
		_exit(127);
}

static gchar
proc_state(GPid pid)
{
	g_autofree gchar *path = g_strdup_printf("/proc/%d/stat", pid);
	g_autofree gchar *stat_line = NULL;
	const gchar *paren;
	if (!g_file_get_contents(path, &stat_line, NULL, NULL) || (paren = strrchr(stat_line, ')')) == NULL)
		return '?';
	return paren[2];
}

/* Names, ID numbers, the hash key, the gateway password's hash: none of it
 * may end in a core file or be read by another process of the same user.
 * A process that is not dumpable has its /proc entries owned by root. */
static void
test_not_dumpable(void)
{
	struct passwd *nobody = getpwnam("nobody");
	const gchar *programs[][3] = {
	    {TD_TIEPDON, "--version", "tiepdon-started=stop"},
	    {TD_TIEPDON_KIOSK, "--help", "tiepdon-kiosk-started=stop"},
	};

	if (geteuid() != 0 || nobody == NULL) {
		g_test_skip("needs root to run the programs as another user");
		return;
	}
	for (guint i = 0; i < G_N_ELEMENTS(programs); i++) {
		g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
		g_autoptr(GSubprocess) proc = NULL;
		g_autoptr(GError) error = NULL;
		g_autofree gchar *proc_dir = NULL;
		TdRunAs as = {nobody->pw_uid, nobody->pw_gid};
		gboolean stopped;
		gint64 owner;
		struct stat st;
		GPid pid;

		g_subprocess_launcher_setenv(launcher, "TD_FAULT_POINT", programs[i][2], TRUE);
		g_subprocess_launcher_set_child_setup(launcher, run_as_child_setup, &as, NULL);
		proc = g_subprocess_launcher_spawn(launcher, &error, programs[i][0], programs[i][1], NULL);
		g_assert_no_error(error);
		pid = (GPid)g_ascii_strtoll(g_subprocess_get_identifier(proc), NULL, 10);
		/* stopped at the fault point, just after main() began */
		for (guint tries = 0; proc_state(pid) != 'T' && tries < 1000; tries++)
			g_usleep(10000);
		stopped = proc_state(pid) == 'T';
		proc_dir = g_strdup_printf("/proc/%d/status", pid);
		owner = stat(proc_dir, &st) == 0 ? (gint64)st.st_uid : -1;
		/* never leave it stopped, whatever the verdict */
		g_subprocess_force_exit(proc);
		g_assert_true(g_subprocess_wait(proc, NULL, NULL));
		g_test_message("%s runs as %u; /proc/%d belongs to %" G_GINT64_FORMAT, programs[i][0],
			       (guint)nobody->pw_uid, pid, owner);
		g_assert_true(stopped);
		g_assert_cmpint(owner, ==, 0);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	tmp_dir = td_test_make_tmp_dir("td-cli-files-XXXXXX");
	g_test_add_func("/cli-files/retention-400-days", test_retention_400_days);
	g_test_add_func("/cli-files/hostile-files", test_hostile_files);
	g_test_add_func("/cli-files/data-files-corrected", test_data_files_corrected);
	g_test_add_func("/cli-files/not-dumpable", test_not_dumpable);
	return td_test_run_and_remove(tmp_dir);
}
