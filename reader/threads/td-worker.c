/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-main-context.h"
#include "td-secret.h"
#include "td-worker.h"

/* Our own pool, not GTask's (g_task_run_in_thread): a task run there is
 * "threaded", and GLib drops its own reference in the worker after
 * queueing the callback, the last one whenever the owner's loop ran the
 * callback first. Here g_task_return_*() queues the callback with a
 * reference of its own, and ours is let go in the owner's thread too. */
static GThreadPool *td_worker_pool;
static GMutex td_worker_lock;
static GCond td_worker_done;
static guint td_worker_n_running; /* under td_worker_lock */

typedef struct {
	GTask *task; /* a reference, let go in the owner's thread */
	GTaskThreadFunc func;
} TdWorkerJob;

static void
td_worker_nothing(G_GNUC_UNUSED gpointer data)
{
	/* the post's destroy is what it is for: the task's reference */
}

static void
td_worker_pool_run(gpointer data, G_GNUC_UNUSED gpointer pool_data)
{
	TdWorkerJob *job = data;

	job->func(job->task, g_task_get_source_object(job->task), g_task_get_task_data(job->task),
		  g_task_get_cancellable(job->task));
	/* the thread may outlive OpenSSL's clean-up at the program's end */
	td_secret_end_thread_state();
	td_main_context_post(g_task_get_context(job->task), G_PRIORITY_DEFAULT, "td-worker-release", NULL,
			     td_worker_nothing, job->task, g_object_unref);
	g_free(job);
	g_mutex_lock(&td_worker_lock);
	td_worker_n_running--;
	g_cond_broadcast(&td_worker_done);
	g_mutex_unlock(&td_worker_lock);
}

void
td_worker_run_in_thread(GTask *task, GTaskThreadFunc func)
{
	TdWorkerJob *job;

	g_return_if_fail(G_IS_TASK(task) && func != NULL);
	job = g_new0(TdWorkerJob, 1);
	job->task = g_object_ref(task);
	job->func = func;
	g_mutex_lock(&td_worker_lock);
	/* as many threads as there is work: a card read, a gateway call and
	 * the store's writes each wait on something else, never on each
	 * other; an idle thread ends after a while (GLib's default) */
	if (td_worker_pool == NULL)
		td_worker_pool = g_thread_pool_new(td_worker_pool_run, NULL, -1, FALSE, NULL);
	td_worker_n_running++;
	g_mutex_unlock(&td_worker_lock);
	g_thread_pool_push(td_worker_pool, job, NULL);
}

guint
td_worker_get_n_running(void)
{
	guint n;

	g_mutex_lock(&td_worker_lock);
	n = td_worker_n_running;
	g_mutex_unlock(&td_worker_lock);
	return n;
}

gboolean
td_worker_wait_all(guint timeout_ms)
{
	gint64 until = g_get_monotonic_time() + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
	guint left;

	g_mutex_lock(&td_worker_lock);
	while (td_worker_n_running > 0 && g_cond_wait_until(&td_worker_done, &td_worker_lock, until))
		;
	left = td_worker_n_running;
	g_mutex_unlock(&td_worker_lock);
	if (left > 0)
		g_warning("%u worker(s) still running after %u ms; ending without them", left, timeout_ms);
	return left == 0;
}
