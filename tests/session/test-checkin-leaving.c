/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The check-in state machine when the card or its owner leaves: the card
 * lifted before the number (everything cancelled, nothing stored or
 * kept) and after it (the check-in goes on), the patient walking away at
 * each step (the time limits, what is stored, the card left on the
 * reader), and the reader unplugged. The same fixture as
 * test-checkin-session.c: the in-process virtual chip, the test PKI, the
 * gateway simulator over HTTPS, a real SQLite store. */
#include "config.h"

#include "td-test-session.h"

/* Before the outcome, a removed card ends the patient's session: card and
 * network work are cancelled, nothing is stored, nothing is kept. */
static void
test_removed_before_outcome(gconstpointer data)
{
	TdCheckinState state = GPOINTER_TO_UINT(data);
	/* slow card and gateway, so that each state lasts */
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(state == TD_CHECKIN_STATE_VERIFYING ? 3000 : 0);

	td_test_kiosk_make_card(kiosk, "example.ini", state == TD_CHECKIN_STATE_READING ? 30 : 0, NULL);
	if (state == TD_CHECKIN_STATE_KEY_NEEDED)
		td_checkin_session_card_inserted(kiosk->session, "Virtual Reader 00 00");
	else
		td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, state, WAIT_MS);
	if (state == TD_CHECKIN_STATE_VERIFYING)
		g_assert_nonnull(td_checkin_session_get_dg13(kiosk->session));
	td_test_kiosk_remove_card(kiosk);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_IDLE);
	td_test_kiosk_assert_forgotten(kiosk);
	td_test_kiosk_wait_idle_work(kiosk);
	/* late results of the cancelled work changed nothing */
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_IDLE);
	td_test_kiosk_assert_forgotten(kiosk);
	g_assert_false(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_COMMITTING));
	td_test_kiosk_assert_nothing_stored(kiosk);
}

/* After the number, taking the card back is expected: the check-in goes on. */
static void
test_removed_after_outcome(gconstpointer data)
{
	TdCheckinState state = GPOINTER_TO_UINT(data);
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	if (state == TD_CHECKIN_STATE_VNEID_STEP)
		td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, state);
	td_test_kiosk_remove_card(kiosk);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, state);
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->session)->queue_number, ==, 1);
	if (state == TD_CHECKIN_STATE_TICKET)
		td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_NOT_YET);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->vneid, ==, TD_VNEID_NOT_YET);
	td_test_kiosk_wait_idle_work(kiosk);
}

static void
test_walk_away_key_needed(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(-1);
	gint64 start;

	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_KEY_NEEDED, 600, 400);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_checkin_session_card_inserted(kiosk->session, "Virtual Reader 00 00");
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_KEY_NEEDED);
	while (kiosk->warnings == 0)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpuint(kiosk->last_warning_seconds, ==, 1);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_KEY_NEEDED);
	/* "more time": the clock starts again, so the first expiry (400 ms
	 * from now) passes without a reset */
	td_checkin_session_extend_time(kiosk->session);
	start = g_get_monotonic_time();
	while (g_get_monotonic_time() - start < 450 * 1000)
		g_main_context_iteration(NULL, FALSE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_KEY_NEEDED);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_IDLE, WAIT_MS);
	g_assert_cmpuint(kiosk->warnings, ==, 2);
	td_test_kiosk_assert_forgotten(kiosk);
	/* the card that walked away without its owner is still there */
	g_assert_true(td_checkin_session_get_card_left(kiosk->session));
	td_checkin_session_card_removed(kiosk->session);
	g_assert_false(td_checkin_session_get_card_left(kiosk->session));
}

/* Gone after the number: the ticket page moves on to the question by
 * itself, the question times out; the check-in, stored when its number
 * was shown, says the patient left before answering, and everything
 * personal is wiped. */
static void
test_walk_away_vneid(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	g_autoptr(TdCheckinRecord) stored = NULL;

	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_TICKET, 50, 0);
	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_VNEID_STEP, 300, 100);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_VNEID_STEP, WAIT_MS);
	g_assert_true(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_TICKET));
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_IDLE, WAIT_MS);
	g_assert_cmpuint(kiosk->warnings, ==, 1);
	td_test_kiosk_assert_forgotten(kiosk);
	td_test_kiosk_wait_idle_work(kiosk);
	stored = td_test_kiosk_stored_checkin(kiosk, 1);
	g_assert_cmpint(stored->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpint(stored->vneid, ==, TD_VNEID_LEFT);
}

/* Gone before the number (staff reset while the card is checked): nothing
 * is stored, no number given that nobody saw. */
static void
test_walk_away_before_number(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(3000);

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_VERIFYING, WAIT_MS);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_RESET);
	td_test_kiosk_wait_idle_work(kiosk);
	td_test_kiosk_assert_nothing_stored(kiosk);
}

static void
test_reader_lost(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(-1);

	td_test_kiosk_make_card(kiosk, "example.ini", 30, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_READING);
	td_checkin_session_reader_lost(kiosk->session);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_OUT_OF_SERVICE);
	td_test_kiosk_wait_idle_work(kiosk);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_OUT_OF_SERVICE);
	td_test_kiosk_assert_forgotten(kiosk);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_READER_BACK);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_IDLE);
	td_test_kiosk_assert_nothing_stored(kiosk);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_data_func("/session/removed/key-needed", GUINT_TO_POINTER(TD_CHECKIN_STATE_KEY_NEEDED),
			     test_removed_before_outcome);
	g_test_add_data_func("/session/removed/reading", GUINT_TO_POINTER(TD_CHECKIN_STATE_READING),
			     test_removed_before_outcome);
	g_test_add_data_func("/session/removed/verifying", GUINT_TO_POINTER(TD_CHECKIN_STATE_VERIFYING),
			     test_removed_before_outcome);
	g_test_add_data_func("/session/removed/vneid-step", GUINT_TO_POINTER(TD_CHECKIN_STATE_VNEID_STEP),
			     test_removed_after_outcome);
	g_test_add_data_func("/session/removed/ticket", GUINT_TO_POINTER(TD_CHECKIN_STATE_TICKET),
			     test_removed_after_outcome);
	g_test_add_func("/session/walk-away/key-needed", test_walk_away_key_needed);
	g_test_add_func("/session/walk-away/vneid", test_walk_away_vneid);
	g_test_add_func("/session/walk-away/before-number", test_walk_away_before_number);
	g_test_add_func("/session/reader-lost", test_reader_lost);
	return g_test_run();
}
