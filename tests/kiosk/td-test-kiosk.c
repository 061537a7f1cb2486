/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>

#include "td-test-kiosk.h"

#define TD_TEST_WATCHDOG_S 60

void
td_tiepdon_run_clear(TdTiepdonRun *run)
{
	g_clear_pointer(&run->out, g_free);
	g_clear_pointer(&run->err, g_free);
}

typedef struct {
	GSubprocess *proc;
	GMutex lock;
	GCond done_cond;
	gboolean done;
	gboolean fired;
} TdWatchdog;

static gpointer
watchdog_thread(gpointer data)
{
	TdWatchdog *dog = data;
	gint64 deadline = g_get_monotonic_time() + TD_TEST_WATCHDOG_S * G_USEC_PER_SEC;

	g_mutex_lock(&dog->lock);
	while (!dog->done) {
		if (!g_cond_wait_until(&dog->done_cond, &dog->lock, deadline)) {
			dog->fired = TRUE;
			g_subprocess_force_exit(dog->proc);
			break;
		}
	}
	g_mutex_unlock(&dog->lock);
	return NULL;
}

gint
td_tiepdon_runv(TdTiepdonRun *run, const gchar *const *env, const gchar *stdin_text, const gchar *const *args)
{
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
	    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	TdWatchdog dog = {0};
	GThread *thread;

	g_ptr_array_add(argv, (gpointer)TD_TIEPDON);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	for (guint i = 0; env != NULL && env[i] != NULL; i++) {
		g_auto(GStrv) pair = g_strsplit(env[i], "=", 2);
		if (pair[1] != NULL)
			g_subprocess_launcher_setenv(launcher, pair[0], pair[1], TRUE);
		else
			g_subprocess_launcher_unsetenv(launcher, pair[0]);
	}
	dog.proc = g_subprocess_launcher_spawnv(launcher, (const gchar *const *)argv->pdata, &error);
	g_assert_no_error(error);
	g_mutex_init(&dog.lock);
	g_cond_init(&dog.done_cond);
	thread = g_thread_new("watchdog", watchdog_thread, &dog);
	g_assert_true(g_subprocess_communicate_utf8(dog.proc, stdin_text, NULL, &run->out, &run->err, &error));
	g_assert_no_error(error);
	g_mutex_lock(&dog.lock);
	dog.done = TRUE;
	g_cond_signal(&dog.done_cond);
	g_mutex_unlock(&dog.lock);
	g_thread_join(thread);
	g_mutex_clear(&dog.lock);
	g_cond_clear(&dog.done_cond);

	run->hung = dog.fired;
	run->signal = g_subprocess_get_if_signaled(dog.proc) ? g_subprocess_get_term_sig(dog.proc) : 0;
	run->status = run->signal == 0 ? g_subprocess_get_exit_status(dog.proc) : -1;
	if (run->err != NULL && run->err[0] != '\0')
		g_test_message("tiepdon %s: exit %d: %s", args[0], run->status, run->err);
	g_object_unref(dog.proc);
	g_assert_false(run->hung);
	return run->status;
}

gint
td_tiepdon_run(TdTiepdonRun *run, const gchar *const *env, const gchar *stdin_text, ...)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	const gchar *arg;
	va_list ap;

	va_start(ap, stdin_text);
	while ((arg = va_arg(ap, const gchar *)) != NULL)
		g_ptr_array_add(args, (gpointer)arg);
	va_end(ap);
	g_ptr_array_add(args, NULL);
	return td_tiepdon_runv(run, env, stdin_text, (const gchar *const *)args->pdata);
}

gchar *
td_test_write_config(const gchar *dir, const gchar *extra)
{
	gchar *path = g_build_filename(dir, "tiepdon.conf", NULL);
	g_autofree gchar *contents = g_strdup_printf("# test station\n[station]\ncode=01001\nname=Trạm Y tế xã A\n"
						     "[storage]\npath=%s/tiepdon.db\n%s",
						     dir, extra != NULL ? extra : "");
	g_assert_true(g_file_set_contents_full(path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
	return path;
}

gint64
td_test_sql_int(const gchar *db_path, const gchar *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	gint64 value;
	g_assert_cmpint(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
	value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return value;
}

void
td_test_sql_exec(const gchar *db_path, const gchar *sql)
{
	sqlite3 *db = NULL;
	g_assert_cmpint(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	g_assert_cmpint(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
	sqlite3_close(db);
}

gboolean
td_test_doctor_line(const gchar *config_path, const gchar *name, gchar **message)
{
	return td_test_doctor_line_env(config_path, NULL, name, message);
}

gboolean
td_test_doctor_line_env(const gchar *config_path, const gchar *const *env, const gchar *name, gchar **message)
{
	return td_test_doctor_line_effect(config_path, env, name, message, NULL);
}

gboolean
td_test_doctor_line_effect(const gchar *config_path, const gchar *const *env, const gchar *name, gchar **message,
			   gchar **effect)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_auto(TdTiepdonRun) run = {0};
	JsonArray *checks;

	td_tiepdon_run(&run, env, NULL, "doctor", "--config", config_path, "--json", NULL);
	g_assert_true(json_parser_load_from_data(parser, run.out, -1, &error));
	checks = json_node_get_array(json_parser_get_root(parser));
	for (guint i = 0; i < json_array_get_length(checks); i++) {
		JsonObject *c = json_array_get_object_element(checks, i);
		if (g_strcmp0(json_object_get_string_member(c, "name"), name) == 0) {
			*message = g_strdup(json_object_get_string_member(c, "message"));
			g_test_message("doctor: %s: %s", name, *message);
			if (effect != NULL)
				*effect = g_strdup(json_object_get_string_member_with_default(c, "effect", NULL));
			return json_object_get_boolean_member(c, "ok");
		}
	}
	g_assert_not_reached();
}

TdCheckinRecord *
td_test_make_record(const gchar *day)
{
	TdCheckinRecord *rec = td_checkin_record_new();
	g_strlcpy(rec->day, day, sizeof(rec->day));
	rec->card_verdict = TD_CARD_VERDICT_GENUINE;
	rec->eligibility = TD_ELIGIBILITY_ELIGIBLE;
	rec->outcome = TD_OUTCOME_CHECKED_IN;
	return rec;
}

gchar *
td_test_day_at(gint offset_hours, gint offset_days)
{
	g_autoptr(GTimeZone) zone = g_time_zone_new_offset(offset_hours * 3600);
	g_autoptr(GDateTime) now = g_date_time_new_now(zone);
	g_autoptr(GDateTime) then = g_date_time_add_days(now, offset_days);
	return g_date_time_format(then, "%Y-%m-%d");
}
