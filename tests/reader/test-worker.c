/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Worker threads (reader/threads/td-worker.h): a program's end waits for
 * them, and not for ever; a task's source object (in the kiosk, a page or
 * a console) ends in the thread that made it, even when the worker ends
 * after the callback ran. */
#include "config.h"

#include "td-test-log.h"
#include "td-worker.h"

typedef struct {
	GMutex lock;
	GCond cond;
	gboolean go;	       /* under lock: the worker may end */
	gboolean saw_callback; /* under lock: it was told the callback ran */
	gboolean callback_ran;
	GThread *finalized_in; /* the thread the task's source object ended in */
	guint n_done;	       /* atomic */
} TdWorkerFixture;

static void
worker_sleeps(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdWorkerFixture *fixture = task_data;

	g_usleep(200 * 1000);
	g_atomic_int_inc(&fixture->n_done);
	g_task_return_boolean(task, TRUE);
}

/* A program's end (td_kiosk_context_free, the tiepdon command) waits:
 * no worker is still inside a library that exit() tears down. */
static void
test_wait_all(void)
{
	TdWorkerFixture fixture = {0};

	for (guint i = 0; i < 3; i++) {
		g_autoptr(GTask) task = g_task_new(NULL, NULL, NULL, NULL);
		g_task_set_task_data(task, &fixture, NULL);
		td_worker_run_in_thread(task, worker_sleeps);
	}
	g_assert_cmpuint(td_worker_get_n_running(), >, 0);
	g_assert_true(td_worker_wait_all(10000));
	g_assert_cmpuint(g_atomic_int_get(&fixture.n_done), ==, 3);
	g_assert_cmpuint(td_worker_get_n_running(), ==, 0);
	/* the releases they queued, run */
	while (g_main_context_iteration(NULL, FALSE))
		;
}

static void
worker_waits_for_go(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdWorkerFixture *fixture = task_data;

	g_task_return_boolean(task, TRUE);
	g_mutex_lock(&fixture->lock);
	while (!fixture->go)
		g_cond_wait(&fixture->cond, &fixture->lock);
	g_mutex_unlock(&fixture->lock);
}

static void
fixture_go(TdWorkerFixture *fixture)
{
	g_mutex_lock(&fixture->lock);
	fixture->go = TRUE;
	g_cond_signal(&fixture->cond);
	g_mutex_unlock(&fixture->lock);
}

/* A worker stuck past the wait (a gateway that never answers) does not
 * hold the program's end for ever: it is named in the log. */
static void
test_wait_all_gives_up(void)
{
	TdWorkerFixture fixture = {0};
	g_autoptr(GTask) task = g_task_new(NULL, NULL, NULL, NULL);

	g_mutex_init(&fixture.lock);
	g_cond_init(&fixture.cond);
	g_task_set_task_data(task, &fixture, NULL);
	td_worker_run_in_thread(task, worker_waits_for_go);
	td_test_expect_warning("1 worker(s) still running after 100 ms*");
	g_assert_false(td_worker_wait_all(100));
	td_test_assert_warning_seen();
	fixture_go(&fixture);
	g_assert_true(td_worker_wait_all(10000));
	while (g_main_context_iteration(NULL, FALSE))
		;
	g_mutex_clear(&fixture.lock);
	g_cond_clear(&fixture.cond);
}

static void
worker_returns_then_waits(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdWorkerFixture *fixture = task_data;
	gint64 until = g_get_monotonic_time() + 10 * G_TIME_SPAN_SECOND;

	g_task_return_boolean(task, TRUE);
	g_mutex_lock(&fixture->lock);
	while (!fixture->go && g_cond_wait_until(&fixture->cond, &fixture->lock, until))
		;
	fixture->saw_callback = fixture->go;
	g_mutex_unlock(&fixture->lock);
}

static void
source_finalized(gpointer data, GObject *where_the_object_was)
{
	((TdWorkerFixture *)data)->finalized_in = g_thread_self();
}

/* After the callback's own dispatch has let its reference go. */
static gboolean
let_worker_go(gpointer data)
{
	fixture_go(data);
	return G_SOURCE_REMOVE;
}

static void
task_done(GObject *source, GAsyncResult *result, gpointer data)
{
	TdWorkerFixture *fixture = data;

	g_assert_true(g_task_propagate_boolean(G_TASK(result), NULL));
	fixture->callback_ran = TRUE;
	g_idle_add_full(G_PRIORITY_LOW, let_worker_go, fixture, NULL);
}

/* The callback runs, and its dispatch ends, while the worker still
 * works: with g_task_run_in_thread() the worker's reference would then
 * be the task's last, and its source object finalized in the worker
 * (there, the callback waits for the worker: saw_callback stays FALSE). */
static void
test_released_in_owner(void)
{
	TdWorkerFixture fixture = {0};
	GObject *source = g_object_new(G_TYPE_OBJECT, NULL);
	g_autoptr(GTask) task = g_task_new(source, NULL, task_done, &fixture);

	g_mutex_init(&fixture.lock);
	g_cond_init(&fixture.cond);
	g_object_weak_ref(source, source_finalized, &fixture);
	g_object_unref(source); /* the task's reference only */
	g_task_set_task_data(task, &fixture, NULL);
	td_worker_run_in_thread(task, worker_returns_then_waits);
	g_clear_object(&task);
	while (fixture.finalized_in == NULL)
		g_main_context_iteration(NULL, TRUE);
	g_assert_true(fixture.callback_ran);
	g_assert_true(fixture.saw_callback);
	g_assert_true(fixture.finalized_in == g_thread_self());
	g_assert_true(td_worker_wait_all(10000));
	g_mutex_clear(&fixture.lock);
	g_cond_clear(&fixture.cond);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	td_test_log_expecting_warnings();
	g_test_add_func("/worker/wait-all", test_wait_all);
	g_test_add_func("/worker/wait-all-gives-up", test_wait_all_gives_up);
	g_test_add_func("/worker/released-in-owner", test_released_in_owner);
	return g_test_run();
}
