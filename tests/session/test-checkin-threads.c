/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The check-in's threads and time limits: results come back to the main
 * thread even when a worker could take the context, the main loop never
 * stalls while the card and the gateway work, a card lost without the
 * kiosk asking ends the patient's session at once, and a card that stops
 * answering is given up at its deadline. No GTK. */
#include "config.h"

#include "td-access-key.h"
#include "td-checkin-card-work.h"
#include "td-reader-error.h"
#include "td-test-session.h"
#include "td-test-stall-meter.h"

/* The main loop keeps turning while the card (10 ms a command) and the
 * gateway (300 ms) work: the longest gap between 5 ms ticks is printed
 * and must stay under TD_TEST_MAX_MAIN_LOOP_GAP_US (td-test-stall-meter.h). */
static void
test_main_loop_never_blocks(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(300);
	TdTestStallMeter *meter;
	gint64 start = g_get_monotonic_time();

	td_test_kiosk_make_card(kiosk, "example.ini", 10, NULL);
	meter = td_test_stall_meter_start(NULL, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, 60000);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_INTEGRATED);
	td_test_kiosk_wait_idle_work(kiosk);
	g_test_message("whole check-in %.0f ms", (g_get_monotonic_time() - start) / 1000.0);
	g_assert_cmpint(td_test_stall_meter_stop(meter, "a check-in without GTK"), <, TD_TEST_MAX_MAIN_LOOP_GAP_US);
}

/* The ID hash (scrypt, 13-20 ms) is worked out by the card work's thread,
 * once a patient, never on the main thread; the record and the VNeID
 * look-up use it all the same. */
typedef struct {
	TdConfig *config;
	GThread *main_thread;
	gint calls;	    /* atomic */
	gint on_main_thread; /* atomic */
} TdHashProbe;

static gchar *
probe_hash_id(const gchar *id12, gpointer user_data)
{
	TdHashProbe *probe = user_data;
	g_atomic_int_inc(&probe->calls);
	if (g_thread_self() == probe->main_thread)
		g_atomic_int_inc(&probe->on_main_thread);
	return td_config_hash_id(probe->config, id12);
}

static void
test_id_hash_off_main_thread(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	TdHashProbe probe = {kiosk->config, g_thread_self(), 0, 0};
	g_autofree gchar *expected = td_config_hash_id(kiosk->config, AN_ID);
	const TdCheckinRecord *record;

	td_checkin_session_set_id_hash_func(kiosk->session, probe_hash_id, &probe, NULL);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_nonnull(record);
	g_assert_nonnull(expected);
	g_assert_cmpstr(record->id_hash, ==, expected);
	g_assert_cmpint(g_atomic_int_get(&probe.calls), ==, 1);
	g_assert_cmpint(g_atomic_int_get(&probe.on_main_thread), ==, 0);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_INTEGRATED);
	td_test_kiosk_wait_idle_work(kiosk);
}

/* The reader's service cancelled the card (or lost it) without the kiosk
 * asking: the patient's session ends at once, not at READING's time limit. */
static void
test_card_lost_unasked(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	gint64 start = g_get_monotonic_time();

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	kiosk->connect_error = g_error_new_literal(TD_READER_ERROR, TD_READER_ERROR_CANCELLED,
						   "SCardConnect: the command was cancelled");
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_IDLE, WAIT_MS);
	g_assert_true(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_READING));
	g_assert_false(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_COMMITTING));
	/* READING waits 60 s for a stuck reader; this is an event, not a wait */
	g_assert_cmpint(g_get_monotonic_time() - start, <, 10 * G_USEC_PER_SEC);
	td_test_kiosk_assert_forgotten(kiosk);
	td_test_kiosk_wait_idle_work(kiosk);
	td_test_kiosk_assert_nothing_stored(kiosk);

	/* the next card reads */
	g_clear_error(&kiosk->connect_error);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->outcome, ==, TD_OUTCOME_CHECKED_IN);
}

static void
transport_finalized(gpointer data, GObject *where_the_object_was)
{
	g_atomic_int_set((gint *)data, 1);
}

/* A card that stops answering is abandoned at its deadline: the patient
 * goes to staff (an exception says why), and the next card reads; the
 * abandoned card's transport is freed once the command it hung on has
 * come back (the chip answers late), by the helper thread. */
static void
check_card_not_answering(TdTestKiosk *kiosk, guint latency_ms, gint64 limit_us)
{
	g_autoptr(GPtrArray) exceptions = NULL;
	const TdCheckinRecord *record;
	TdCheckinException *exception;
	gint finalized = 0;
	gint64 start;

	/* each card a visit of its own, not the day's second of one person */
	td_checkin_session_set_find_func(kiosk->session, NULL, NULL, NULL);
	td_test_kiosk_make_card(kiosk, "example.ini", latency_ms, NULL);
	g_object_weak_ref(G_OBJECT(kiosk->transport), transport_finalized, &finalized);
	start = g_get_monotonic_time();
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_SEE_STAFF, WAIT_MS);
	g_test_message("card abandoned after %.0f ms", (g_get_monotonic_time() - start) / 1000.0);
	g_assert_cmpint(g_get_monotonic_time() - start, <, limit_us);
	g_assert_error(td_checkin_session_get_card_error(kiosk->session), TD_READER_ERROR, TD_READER_ERROR_TIMEOUT);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_SEE_STAFF);
	g_assert_cmpstr(record->see_staff_reason, ==, "card-not-answering");
	g_assert_cmpint(record->card_verdict, ==, TD_CARD_VERDICT_UNREADABLE);
	g_assert_true(td_checkin_session_get_decision(kiosk->session)->staff_alert);
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 1);
	exception = g_ptr_array_index(exceptions, 0);
	g_assert_cmpstr(exception->reason, ==, "card-not-answering");
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_DONE);

	/* the next card, answering as it should, goes through */
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	g_assert_null(td_checkin_session_get_card_error(kiosk->session));
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->outcome, ==, TD_OUTCOME_CHECKED_IN);

	/* nobody but the hung call held the abandoned card: it goes when the
	 * call returns (and nothing of it outlives the test) */
	start = g_get_monotonic_time();
	while (!g_atomic_int_get(&finalized) && g_get_monotonic_time() - start < 10 * G_USEC_PER_SEC)
		g_usleep(10 * 1000);
	g_assert_true(g_atomic_int_get(&finalized));
}

/* One command past [reader] command-timeout (here 150 ms, a chip taking
 * 800 ms per command). */
static void
test_card_not_answering_command(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	td_checkin_session_set_card_timeouts(kiosk->session, 150, 20000);
	check_card_not_answering(kiosk, 800, 700 * 1000);
}

/* Every command in time, the card as a whole past [reader] card-timeout,
 * set in the config file (1 s; a chip taking 150 ms per command needs
 * 2.5 s for a check-in). */
static void
test_card_not_answering_card(void)
{
	g_autoptr(TdTestKiosk) kiosk =
	    td_test_kiosk_new_with_settings(0, "reader", "command-timeout", "1", "reader", "card-timeout", "1", NULL);
	check_card_not_answering(kiosk, 150, 2500 * 1000);
}

/* Where the card work's callbacks run. */
typedef struct {
	GThread *dg13_thread;
	GThread *done_thread;
	gint dg13_seen; /* atomic: set by whichever thread runs the callback */
	gint done_seen;
	TdCardWorkResult *result;
} TdCardWorkProbe;

static TdCardWorkProbe *card_work_probe;

static void
probe_on_dg13(TdDg13 *summary, TdEligibilityQuery *query, gchar *id_hash, gpointer user_data)
{
	card_work_probe->dg13_thread = g_thread_self();
	g_atomic_int_set(&card_work_probe->dg13_seen, 1);
	td_dg13_free(summary);
	g_clear_pointer(&query, td_eligibility_query_free);
	g_free(id_hash);
}

static void
probe_on_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(GError) error = NULL;
	card_work_probe->done_thread = g_thread_self();
	card_work_probe->result = td_card_work_finish(result, &error);
	g_assert_no_error(error);
	g_atomic_int_set(&card_work_probe->done_seen, 1);
}

static TdTransport *
probe_connect(const gchar *reader_name, const TdTransportDeadline *deadline, gpointer user_data, GCancellable *cancellable, GError **error)
{
	return g_object_ref(TD_TRANSPORT(user_data));
}

/* The card work hands DG13 and its result back to the thread that owns the
 * main context, even when the worker could take the context itself: the
 * main thread does not iterate while the whole card is read (a worker
 * using g_main_context_invoke() would run the callbacks then and there),
 * then it iterates and both callbacks must run here. */
static void
test_card_work_callbacks_on_owner_thread(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(-1);
	g_autoptr(GCancellable) cancellable = g_cancellable_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GObject) owner = g_object_new(G_TYPE_OBJECT, NULL);
	TdCardWorkProbe probe = {0};
	TdAccessKeyList *keys = td_access_key_list_new_from_id(AN_ID, AN_BIRTH, NULL, NULL, &error);
	TdTransportStats stats = {0};
	guint apdus = 0;

	g_assert_no_error(error);
	card_work_probe = &probe;
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_card_work_run_async(owner, probe_connect, kiosk->transport, NULL, keys, kiosk->trust_store, 0, 0,
			       probe_on_dg13, NULL, NULL, cancellable, probe_on_done, NULL);
	/* until the chip has been quiet for a while: the whole card is read */
	for (guint quiet = 0; quiet < 20;) {
		g_usleep(25 * 1000);
		td_transport_get_stats(kiosk->transport, &stats);
		quiet = stats.apdu_count == apdus ? quiet + 1 : 0;
		apdus = stats.apdu_count;
	}
	g_assert_cmpint(g_atomic_int_get(&probe.dg13_seen), ==, 0);
	g_assert_cmpuint(apdus, >, 10);
	while (!g_atomic_int_get(&probe.done_seen))
		g_main_context_iteration(NULL, TRUE);
	g_assert_true(probe.dg13_thread == g_thread_self());
	g_assert_true(probe.done_thread == g_thread_self());
	g_assert_nonnull(probe.result->verification);
	td_card_work_result_free(probe.result);
	card_work_probe = NULL;
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/session/main-loop-never-blocks", test_main_loop_never_blocks);
	g_test_add_func("/session/card-work-callbacks-on-owner-thread", test_card_work_callbacks_on_owner_thread);
	g_test_add_func("/session/id-hash-off-main-thread", test_id_hash_off_main_thread);
	g_test_add_func("/session/card-lost-unasked", test_card_lost_unasked);
	g_test_add_func("/session/card-not-answering/command", test_card_not_answering_command);
	g_test_add_func("/session/card-not-answering/card", test_card_not_answering_card);
	return g_test_run();
}
