/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Worker threads (reader/threads/td-worker.h): a program's end waits for
 * them, and not for ever. */
#include "config.h"

#include "td-test-log.h"
#include "td-worker.h"

typedef struct {
	GMutex lock;
	GCond cond;
	gboolean go;  /* under lock: the worker may end */
	guint n_done; /* atomic */
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

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	td_test_log_expecting_warnings();
	g_test_add_func("/worker/wait-all", test_wait_all);
	g_test_add_func("/worker/wait-all-gives-up", test_wait_all_gives_up);
	return g_test_run();
}
