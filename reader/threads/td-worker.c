/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-main-context.h"
#include "td-worker.h"

static GMutex td_worker_lock;
static GCond td_worker_done;
static guint td_worker_n_running; /* under td_worker_lock */

#define TD_WORKER_FUNC_KEY "td-worker-func"

typedef struct {
	GTaskThreadFunc func;
} TdWorkerFunc;

static void
td_worker_nothing(G_GNUC_UNUSED gpointer data)
{
	/* the post's destroy is what it is for: the task's last reference */
}

static void
td_worker_thread(GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	const TdWorkerFunc *worker = g_object_get_data(G_OBJECT(task), TD_WORKER_FUNC_KEY);

	worker->func(task, source_object, task_data, cancellable);
	/* a reference of ours, let go where the task was made: GLib's own
	 * after this function is then never the last one */
	td_main_context_post(g_task_get_context(task), G_PRIORITY_DEFAULT, "td-worker-release", NULL,
			     td_worker_nothing, g_object_ref(task), g_object_unref);
	g_mutex_lock(&td_worker_lock);
	td_worker_n_running--;
	g_cond_broadcast(&td_worker_done);
	g_mutex_unlock(&td_worker_lock);
}

void
td_worker_run_in_thread(GTask *task, GTaskThreadFunc func)
{
	TdWorkerFunc *worker = g_new0(TdWorkerFunc, 1);

	g_return_if_fail(G_IS_TASK(task) && func != NULL);
	worker->func = func;
	g_object_set_data_full(G_OBJECT(task), TD_WORKER_FUNC_KEY, worker, g_free);
	g_mutex_lock(&td_worker_lock);
	td_worker_n_running++;
	g_mutex_unlock(&td_worker_lock);
	g_task_run_in_thread(task, td_worker_thread);
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
