/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The queue number, as the session hands it out: printed when it is
 * shown (and what a ticket that could not be printed does to the pages'
 * clocks), never shown before the store has it, the store late or the
 * patient gone while it writes. The kiosk fixture of td-test-session.c:
 * the in-process virtual chip, the gateway simulator, a real SQLite
 * store; the test plays the UI. */
#include "config.h"

#include "td-test-session.h"

typedef struct {
	guint calls;
	guint number;
	gchar *full_name;
	gboolean fail;
	guint delay_ms; /* a printer that is off is known only after a wait */
} TdPrintLog;

static gboolean
logged_print(const TdCheckinRecord *record, const gchar *full_name, gpointer user_data, GError **error)
{
	TdPrintLog *log = user_data;
	/* a worker: the log is read only after the PRINTED event */
	log->calls++;
	log->number = record->queue_number;
	g_free(log->full_name);
	log->full_name = g_strdup(full_name);
	g_usleep(log->delay_ms * 1000);
	if (log->fail) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "the printer reports no paper");
		return FALSE;
	}
	return TRUE;
}

/* ---- the number: printed, stored first, the store late ---- */

/* The ticket is printed when its number is shown, the ticket page moves
 * on by itself; a ticket that could not be printed keeps the number on
 * screen two minutes (not the page's usual time) and says why. */
static void
test_ticket_printed(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	TdPrintLog log = {0};
	gint64 start;

	td_checkin_session_set_print_func(kiosk->session, logged_print, &log, NULL);
	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_TICKET, 300, 0);
	td_checkin_session_set_find_func(kiosk->session, NULL, NULL, NULL);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	td_test_kiosk_wait_idle_work(kiosk);
	g_assert_cmpuint(log.calls, ==, 1);
	g_assert_cmpuint(log.number, ==, 1);
	g_assert_cmpstr(log.full_name, ==, "Nguyễn Văn An");
	g_assert_null(td_checkin_session_get_print_error(kiosk->session));
	/* printed: the page moves on (to the VNeID question) by itself */
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_VNEID_STEP, WAIT_MS);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_RESET);

	log.fail = TRUE;
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	kiosk->updates = 0;
	td_test_kiosk_wait_idle_work(kiosk);
	g_assert_cmpuint(log.calls, ==, 2);
	g_assert_cmpuint(log.number, ==, 2);
	g_assert_error(td_checkin_session_get_print_error(kiosk->session), G_IO_ERROR, G_IO_ERROR_NO_SPACE);
	g_assert_cmpuint(kiosk->updates, ==, 1);
	/* long enough to note the number, not for good (the name waited
	 * for the next patient) */
	g_assert_cmpint(td_checkin_session_get_deadline(kiosk->session), >,
			g_get_monotonic_time() + (TD_CHECKIN_UNPRINTED_NUMBER_MS - 5000) * (gint64)1000);
	g_assert_cmpint(td_checkin_session_get_deadline(kiosk->session), <=,
			g_get_monotonic_time() + TD_CHECKIN_UNPRINTED_NUMBER_MS * (gint64)1000);
	start = g_get_monotonic_time();
	while (g_get_monotonic_time() - start < 600 * 1000)
		g_main_context_iteration(NULL, FALSE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_TICKET);

	/* the failure known only once the page has moved on (the printer's
	 * wait): the VNeID question keeps its own time limit, which the
	 * late answer used to take away, leaving the page up for good */
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_RESET);
	log.delay_ms = 1500;
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_VNEID_STEP, WAIT_MS);
	g_assert_null(td_checkin_session_get_print_error(kiosk->session));
	td_test_kiosk_wait_idle_work(kiosk);
	g_assert_cmpuint(log.calls, ==, 3);
	g_assert_error(td_checkin_session_get_print_error(kiosk->session), G_IO_ERROR, G_IO_ERROR_NO_SPACE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_VNEID_STEP);
	/* the question's own clock, not the unprinted number's two minutes */
	g_assert_cmpint(td_checkin_session_get_deadline(kiosk->session), >, 0);
	g_assert_cmpint(td_checkin_session_get_deadline(kiosk->session), <,
			g_get_monotonic_time() + (TD_CHECKIN_UNPRINTED_NUMBER_MS - 10000) * (gint64)1000);
	g_free(log.full_name);
}

/* A commit function that holds the worker until the test opens the gate,
 * then stores for real: the window in which a number must not show. */
typedef struct {
	TdTestGate gate;
	TdStore *store;
	gboolean on_main_thread;
	GThread *main_thread;
} TdCommitGate;

static gboolean
gated_commit(TdCheckinRecord *record, TdCheckinException *exception, gpointer user_data, GError **error)
{
	TdCommitGate *gate = user_data;

	/* read before the test goes on (td_test_gate_pass says "entered") */
	gate->on_main_thread = g_thread_self() == gate->main_thread;
	td_test_gate_pass(&gate->gate, 0);
	return td_store_record_checkin(gate->store, record, exception, error);
}

static void
drive_to_commit(TdTestKiosk *kiosk, TdCommitGate *gate)
{
	gate->store = kiosk->store;
	gate->main_thread = g_thread_self();
	td_test_gate_init(&gate->gate);
	td_checkin_session_set_commit_func(kiosk->session, gated_commit, gate, NULL);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_COMMITTING, WAIT_MS);
	td_test_gate_entered(&gate->gate, TRUE);
}

/* Lets the held commit through and waits for the store's answer: the
 * session is still in state, and the check-in is on disk once, number 1. */
static void
release_commit(TdTestKiosk *kiosk, TdCommitGate *gate, TdCheckinState state)
{
	g_autoptr(TdCheckinRecord) stored = NULL;

	td_test_gate_open(&gate->gate);
	td_test_kiosk_wait_idle_work(kiosk);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, state);
	stored = td_test_kiosk_stored_checkin(kiosk, 1);
	g_assert_cmpuint(stored->queue_number, ==, 1);
	g_assert_cmpuint(td_test_kiosk_count_checkins(kiosk), ==, 1);
}

/* While the store has not answered, the main loop runs on, the session
 * waits in COMMITTING and holds no record: no queue number can be shown
 * that is not on disk. */
static void
test_number_only_after_commit(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	TdCommitGate gate = {0};
	const TdCheckinRecord *record;
	g_autoptr(TdCheckinRecord) stored = NULL;
	gint64 start;

	drive_to_commit(kiosk, &gate);
	g_assert_false(gate.on_main_thread);
	start = g_get_monotonic_time();
	while (g_get_monotonic_time() - start < 200 * 1000)
		g_main_context_iteration(NULL, FALSE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_COMMITTING);
	g_assert_null(td_checkin_session_get_record(kiosk->session));
	g_assert_true(td_checkin_session_is_busy(kiosk->session));
	g_assert_false(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_TICKET));
	/* a "next" or an answer meanwhile changes nothing */
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_INTEGRATED);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_COMMITTING);

	td_test_gate_open(&gate.gate);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpuint(record->queue_number, ==, 1);
	stored = td_test_kiosk_stored_checkin(kiosk, record->id);
	g_assert_cmpuint(stored->queue_number, ==, 1);
	td_test_kiosk_wait_idle_work(kiosk);
	td_test_gate_clear(&gate.gate);
}

/* Staff reset while the record is being stored (milliseconds, as its
 * number goes on screen): it is still stored once, never half, the
 * session shows nothing of it and forgets the patient. */
static void
test_reset_while_committing(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	TdCommitGate gate = {0};

	drive_to_commit(kiosk, &gate);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_RESET);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_IDLE);
	td_test_kiosk_assert_forgotten(kiosk);
	release_commit(kiosk, &gate, TD_CHECKIN_STATE_IDLE);
	td_test_kiosk_assert_forgotten(kiosk);
	g_assert_false(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_TICKET));
	td_test_gate_clear(&gate.gate);
}

/* The store does not answer within COMMITTING's time limit: the patient
 * goes to staff instead of waiting, the record still reaches the disk
 * once the store answers, and its late answer changes nothing on screen. */
static void
test_commit_overdue(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	TdCommitGate gate = {0};

	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_COMMITTING, 300, 0);
	drive_to_commit(kiosk, &gate);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_SEE_STAFF, WAIT_MS);
	g_assert_error(td_checkin_session_get_commit_error(kiosk->session), G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
	g_assert_null(td_checkin_session_get_record(kiosk->session));
	release_commit(kiosk, &gate, TD_CHECKIN_STATE_SEE_STAFF);
	g_assert_null(td_checkin_session_get_record(kiosk->session));
	td_test_gate_clear(&gate.gate);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/session/ticket-printed", test_ticket_printed);
	g_test_add_func("/session/number-only-after-commit", test_number_only_after_commit);
	g_test_add_func("/session/reset-while-committing", test_reset_while_committing);
	g_test_add_func("/session/commit-overdue", test_commit_overdue);
	return g_test_run();
}
