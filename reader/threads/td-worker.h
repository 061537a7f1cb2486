/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Work handed to a GTask worker thread, the way every program here does
 * it, for two things g_task_run_in_thread() alone does not give:
 *
 * - The task's last reference is let go in its owner's thread. With
 *   g_task_run_in_thread() the worker drops the last one when the callback
 *   runs in the instant between GLib's queueing it and the worker's own
 *   unref; the task's source object (a page, a console) and its data were
 *   then freed in the worker, a GTK widget among them when its window had
 *   gone. The work runs on a pool of our own, where the worker holds no
 *   reference GLib drops (tests/reader/test-worker.c).
 *
 * func gets what g_task_run_in_thread() gives it and must return the
 * task's value (g_task_return_*()); the task's callback then runs in the
 * owner's thread as ever.
 *
 * - A program can wait for its work to end before it exits
 *   (td_worker_wait_all()): a worker still inside OpenSSL, libcurl or
 *   SQLite while exit() tears those libraries down crashes, and an audit
 *   row or a check-in being written at that moment is lost. */
void td_worker_run_in_thread(GTask *task, GTaskThreadFunc func);

/* How many workers run td_worker_run_in_thread()'s functions now. */
guint td_worker_get_n_running(void);

/* Waits (blocking) until no worker runs, at most timeout_ms; FALSE (and
 * a warning in the log) when some still did. The callbacks they queued
 * are not run: call it when the main loop is done. */
gboolean td_worker_wait_all(guint timeout_ms);

/* How long a program's end waits for its workers: longer than a store's
 * or the gateway's own time-outs, shorter than systemd's stop time-out. */
#define TD_WORKER_EXIT_WAIT_MS 30000

G_END_DECLS
