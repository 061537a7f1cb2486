/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-test-files.h"
#include "td-checkin-record.h"

G_BEGIN_DECLS

/* What the tests of kiosk/ share. The tiepdon program as a test runs it: arguments, environment, input,
 * and a watchdog, so a command that hangs (on a FIFO, say) fails the test
 * in seconds instead of timing the suite out. */
typedef struct {
	gint status;	   /* exit status, or -1 when killed */
	gint signal;	   /* the signal that ended it, 0 when it exited */
	gboolean hung;	   /* the watchdog killed it */
	gchar *out;
	gchar *err;
} TdTiepdonRun;

void td_tiepdon_run_clear(TdTiepdonRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdTiepdonRun, td_tiepdon_run_clear)

/* env: "NAME=value" strings ("NAME" alone: unset), NULL-terminated, or NULL; stdin_text may be
 * NULL. The arguments after TD_TIEPDON, NULL-terminated. Returns
 * run->status. */
gint td_tiepdon_run(TdTiepdonRun *run, const gchar *const *env, const gchar *stdin_text, ...) G_GNUC_NULL_TERMINATED;
gint td_tiepdon_runv(TdTiepdonRun *run, const gchar *const *env, const gchar *stdin_text, const gchar *const *args);

/* A settings file in dir, mode 0600: [station] code=01001, [storage]
 * path=dir/tiepdon.db, then extra (more key-file text, or NULL). */
gchar *td_test_write_config(const gchar *dir, const gchar *extra);

/* One number from the database, read with plain SQLite (a second look at
 * the file, not through the store). */
gint64 td_test_sql_int(const gchar *db_path, const gchar *sql);
/* Runs SQL on the file with plain SQLite (waiting for the store's lock),
 * as its administrator would. */
void td_test_sql_exec(const gchar *db_path, const gchar *sql);

/* Runs tiepdon doctor --json: the check called name, ok or not, and its
 * message in *message (free it). _env: with env added ("NAME=value",
 * NULL-terminated) to the test's environment. */
gboolean td_test_doctor_line(const gchar *config_path, const gchar *name, gchar **message);
gboolean td_test_doctor_line_env(const gchar *config_path, const gchar *const *env, const gchar *name,
				 gchar **message);
/* The same, and in *effect the "effect" of a failing line (NULL for one
 * that is ok): what it means for today's check-ins. */
gboolean td_test_doctor_line_effect(const gchar *config_path, const gchar *const *env, const gchar *name,
				    gchar **message, gchar **effect);

/* A check-in of day: genuine card, eligible, checked in; nothing else. */
TdCheckinRecord *td_test_make_record(const gchar *day);

/* The day (yyyy-mm-dd) it is now where the clock is offset_hours from
 * UTC, moved by offset_days. */
gchar *td_test_day_at(gint offset_hours, gint offset_days);

G_END_DECLS
