/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Worker threads (reader/threads/td-worker.h): a program's end waits for
 * them, and not for ever; a task's source object (in the kiosk, a page or
 * a console) ends in the thread that made it, even when the worker ends
 * after the callback ran; a worker, and the thread a card's command runs
 * in, keeps no OpenSSL state past its job. */
#include "config.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include "td-test-log.h"
#include "td-transport.h"
#include "td-worker.h"

/* The sanitizer build's LeakSanitizer (clang says so one way, gcc another) */
#if defined(__SANITIZE_ADDRESS__)
#define TD_TEST_LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TD_TEST_LEAK_CHECKED 1
#endif
#endif

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

/* What a card's read leaves in its thread: the thread's own random
 * generators (a nonce, an ephemeral key) and an error with words (a
 * refused certificate). */
static void
use_openssl_in_this_thread(void)
{
	guint8 bytes[16];

	g_assert_cmpint(RAND_bytes(bytes, sizeof(bytes)), ==, 1);
	ERR_raise_data(ERR_LIB_USER, ERR_R_INTERNAL_ERROR, "the card's answer was %s", "refused");
}

static void
worker_uses_openssl(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	use_openssl_in_this_thread();
	g_task_return_boolean(task, TRUE);
}

/* A card whose commands use OpenSSL where they run, as the virtual
 * chip's card side does (PACE, signatures). */
#define TD_TYPE_OPENSSL_CARD (td_openssl_card_get_type())
G_DECLARE_FINAL_TYPE(TdOpensslCard, td_openssl_card, TD, OPENSSL_CARD, TdTransport)
struct _TdOpensslCard {
	TdTransport parent_instance;
};
G_DEFINE_FINAL_TYPE(TdOpensslCard, td_openssl_card, TD_TYPE_TRANSPORT)

static GBytes *
td_openssl_card_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable, GError **error)
{
	static const guint8 done[] = {0x90, 0x00};

	use_openssl_in_this_thread();
	return g_bytes_new_static(done, sizeof(done));
}

static void
td_openssl_card_init(TdOpensslCard *self)
{
}

static void
td_openssl_card_class_init(TdOpensslCardClass *klass)
{
	TD_TRANSPORT_CLASS(klass)->transmit_raw = td_openssl_card_transmit_raw;
}

static void
run_worker_job(void)
{
	g_autoptr(GTask) task = g_task_new(NULL, NULL, NULL, NULL);

	td_worker_run_in_thread(task, worker_uses_openssl);
	g_assert_true(td_worker_wait_all(10000));
}

static void
send_card_command(void)
{
	static const guint8 select_mf[] = {0x00, 0xA4, 0x00, 0x0C};
	g_autoptr(TdOpensslCard) card = g_object_new(TD_TYPE_OPENSSL_CARD, NULL);
	g_autoptr(GBytes) command = g_bytes_new_static(select_mf, sizeof(select_mf));
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GError) error = NULL;
	TdTransportDeadline deadline = td_transport_deadline_from_now(5000, 10000);

	/* under a deadline, a command runs in the transport's own thread */
	td_transport_set_deadline(TD_TRANSPORT(card), &deadline);
	answer = td_transport_transmit_raw(TD_TRANSPORT(card), command, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(g_bytes_get_size(answer), ==, 2);
}

#ifdef TD_TEST_LEAK_CHECKED
static gboolean
pool_threads_gone(void)
{
	for (guint i = 0; i < 500; i++) {
		if (g_thread_pool_get_num_unused_threads() == 0)
			return TRUE;
		g_usleep(10 * 1000);
	}
	return FALSE;
}
#endif

/* A program's end runs OpenSSL's own clean-up (at exit) while the pool's
 * idle threads live on; a thread that then ends takes its OpenSSL state
 * nowhere: no destructor is left to free it, and LeakSanitizer reported
 * it (a UI test, one run in ten). So a worker ends each job with none:
 * the same end, in order, and the leak check is the child's exit. */
static void
test_openssl_state_let_go(gconstpointer run_job)
{
#ifdef TD_TEST_LEAK_CHECKED
	if (g_test_subprocess()) {
		((void (*)(void))run_job)();
		/* past GLib's half second: the thread leaves its pool for the
		 * idle ones, still alive */
		g_usleep(G_USEC_PER_SEC);
		OPENSSL_cleanup();
		g_thread_pool_set_max_unused_threads(0);
		g_assert_true(pool_threads_gone());
		g_usleep(200 * 1000); /* the thread's own end, past the count */
		return;
	}
	g_test_trap_subprocess(NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
#else
	g_test_skip("a leak only LeakSanitizer sees: the sanitizer build runs it");
#endif
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	td_test_log_expecting_warnings();
	g_test_add_func("/worker/wait-all", test_wait_all);
	g_test_add_func("/worker/wait-all-gives-up", test_wait_all_gives_up);
	g_test_add_func("/worker/released-in-owner", test_released_in_owner);
	g_test_add_data_func("/worker/openssl-state-let-go/worker", run_worker_job, test_openssl_state_let_go);
	g_test_add_data_func("/worker/openssl-state-let-go/card-command", send_card_command,
			     test_openssl_state_let_go);
	return g_test_run();
}
