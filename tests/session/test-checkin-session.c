/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The check-in state machine driven end to end: the in-process virtual
 * chip, the test PKI, the gateway simulator over HTTPS, a real SQLite
 * store. No GTK: the test plays the UI by sending the session events.
 * The queue number (printed, stored first) is test-checkin-number.c. */
#include "config.h"

#include "td-gateway-error.h"
#include "td-reader-error.h"
#include "td-test-session.h"

/* ---- the card and the insurance decide: each verdict ---- */

static void
test_genuine_eligible(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	const TdCheckinRecord *record;
	g_autoptr(TdCheckinRecord) stored = NULL;
	g_autoptr(GPtrArray) exceptions = NULL;
	gint64 first_id;

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	g_assert_true(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_CARD_PRESENT));
	g_assert_true(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_READING));
	g_assert_true(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_VERIFYING));
	g_assert_true(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_KEY_NEEDED));
	g_assert_true(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_COMMITTING));

	/* the number is on screen, so on disk */
	g_assert_cmpstr(td_checkin_session_get_dg13(kiosk->session)->full_name, ==, "Nguyễn Văn An");
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_nonnull(record);
	g_assert_cmpstr(td_card_verdict_to_string(record->card_verdict), ==,
			td_card_verdict_to_string(TD_CARD_VERDICT_GENUINE));
	g_assert_cmpint(record->eligibility, ==, TD_ELIGIBILITY_ELIGIBLE);
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpstr(record->eligibility_code, ==, "000");
	g_assert_cmpint(record->benefit_level, ==, 2);
	g_assert_true(record->registered_here);
	g_assert_null(record->see_staff_reason);
	g_assert_cmpuint(record->queue_number, ==, 1);
	g_assert_null(td_checkin_session_get_commit_error(kiosk->session));
	g_assert_false(td_checkin_session_get_repeat_visit(kiosk->session));
	g_assert_cmpstr(td_checkin_session_get_decision(kiosk->session)->message_key, ==, "checked-in");
	first_id = record->id;
	stored = td_test_kiosk_stored_checkin(kiosk, first_id);
	g_assert_cmpint(stored->vneid, ==, TD_VNEID_NOT_ASKED);
	g_assert_cmpint(stored->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpint(stored->card_verdict, ==, TD_CARD_VERDICT_GENUINE);
	g_assert_cmpstr(stored->id_hash, ==, record->id_hash);
	g_clear_pointer(&stored, td_checkin_record_free);
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 0);

	/* "next": the VNeID question, after the number; the answer is written
	 * to the stored check-in */
	g_assert_true(td_checkin_session_get_vneid_pending(kiosk->session));
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_VNEID_STEP);
	kiosk->updates = 0;
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_INTEGRATED);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_VNEID_STEP);
	g_assert_false(td_checkin_session_get_vneid_pending(kiosk->session));
	g_assert_cmpuint(kiosk->updates, ==, 1);
	/* a second press changes nothing */
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_NOT_YET);
	td_test_kiosk_wait_idle_work(kiosk);
	stored = td_test_kiosk_stored_checkin(kiosk, first_id);
	g_assert_cmpint(stored->vneid, ==, TD_VNEID_INTEGRATED);

	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_DONE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_IDLE);
	td_test_kiosk_assert_forgotten(kiosk);
	/* the card left on the reader: the idle page asks for it to be taken
	 * until it is (an update says so) */
	g_assert_true(td_checkin_session_get_card_left(kiosk->session));
	kiosk->updates = 0;
	td_test_kiosk_remove_card(kiosk);
	g_assert_false(td_checkin_session_get_card_left(kiosk->session));
	g_assert_cmpuint(kiosk->updates, ==, 1);

	/* the same patient again the same day: the number they already have,
	 * nothing stored twice, and no question (answered today) */
	g_array_set_size(kiosk->states, 0);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_true(td_checkin_session_get_repeat_visit(kiosk->session));
	g_assert_cmpint(record->id, ==, first_id);
	g_assert_cmpuint(record->queue_number, ==, 1);
	g_assert_cmpint(record->vneid, ==, TD_VNEID_INTEGRATED);
	g_assert_false(td_checkin_session_get_vneid_pending(kiosk->session));
	g_assert_cmpuint(td_test_kiosk_count_checkins(kiosk), ==, 1);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_IDLE);
	td_test_kiosk_wait_idle_work(kiosk);
}

/* A card with one entry the reader cannot take (religion in BMPString):
 * the check-in goes through as usual, and the record, on disk too, says
 * which entry was skipped, never what it held. */
static void
test_card_warnings_do_not_stop_checkin(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	g_autoptr(TdCheckinRecord) stored = NULL;
	g_autoptr(GPtrArray) exceptions = NULL;
	const TdCheckinRecord *record;
	const gchar *const expected[] = {"entry 7 (religion): unexpected string type BMPString", NULL};

	td_test_kiosk_make_card(kiosk, "example.ini", 0, "variant", "dg13-string-type-7", "bmp", NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	g_assert_cmpuint(td_checkin_session_get_dg13(kiosk->session)->warnings->len, ==, 1);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpint(record->card_verdict, ==, TD_CARD_VERDICT_GENUINE);
	g_assert_cmpint(record->eligibility, ==, TD_ELIGIBILITY_ELIGIBLE);
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpstrv(record->card_warnings, expected);
	g_assert_cmpuint(record->queue_number, ==, 1);
	stored = td_test_kiosk_stored_checkin(kiosk, record->id);
	g_assert_cmpstrv(stored->card_warnings, expected);
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 0);
	td_test_kiosk_wait_idle_work(kiosk);
}

/* A genuine card whose name the reader cannot take (held as a
 * BMPString): before, the whole card was refused as unreadable, the desk
 * left with nothing. Now it is read without the name: verified, checked
 * in with a number and sent to the desk, which gets the ID number, the
 * birth date and which item of the chip could not be read; no look-up is
 * made without a name. */
static void
test_unreadable_name_goes_to_desk(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	g_autoptr(GPtrArray) exceptions = NULL;
	const TdCheckinRecord *record;
	TdCheckinException *exception;
	const gchar *const expected[] = {"entry 2 (full name): unexpected string type BMPString", NULL};

	td_test_kiosk_make_card(kiosk, "example.ini", 0, "variant", "dg13-string-type-2", "bmp", NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_SEE_STAFF, WAIT_MS);
	g_assert_null(td_checkin_session_get_dg13(kiosk->session)->full_name);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpint(record->card_verdict, ==, TD_CARD_VERDICT_GENUINE);
	g_assert_cmpint(record->eligibility, ==, TD_ELIGIBILITY_NOT_CHECKED);
	g_assert_cmpstr(record->see_staff_reason, ==, "eligibility-not-checked");
	g_assert_cmpstrv(record->card_warnings, expected);
	g_assert_cmpuint(record->queue_number, ==, 1);
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 1);
	exception = g_ptr_array_index(exceptions, 0);
	g_assert_cmpstr(exception->id_number, ==, AN_ID);
	g_assert_null(exception->full_name);
	g_assert_nonnull(exception->date_of_birth);
	td_test_kiosk_wait_idle_work(kiosk);
}

/* An answer other than "integrated" is asked again next time; after
 * "integrated" the question is skipped for [vneid] ask-again-days. Each
 * round is another day's visit (no same-day look-up), so each gets a
 * number of its own. */
static void
test_vneid_not_yet_asked_again(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	const TdVneidAnswer answers[] = {TD_VNEID_NO_ACCOUNT, TD_VNEID_INTEGRATED};

	td_checkin_session_set_find_func(kiosk->session, NULL, NULL, NULL);
	for (guint round = 0; round < 3; round++) {
		td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
		td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
		td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
		g_assert_cmpuint(td_checkin_session_get_record(kiosk->session)->queue_number, ==, round + 1);
		if (round == G_N_ELEMENTS(answers)) {
			/* "integrated" last time: known, not asked */
			g_assert_false(td_checkin_session_get_vneid_pending(kiosk->session));
			g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->vneid, ==,
					TD_VNEID_INTEGRATED);
			td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
			g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_IDLE);
			break;
		}
		g_assert_true(td_checkin_session_get_vneid_pending(kiosk->session));
		td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
		g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_VNEID_STEP);
		td_checkin_session_answer_vneid(kiosk->session, answers[round]);
		g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->vneid, ==, answers[round]);
		td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_DONE);
		td_test_kiosk_wait_idle_work(kiosk);
	}
}

/* read_id: the ID number the case shows (what the chip gave; NULL when
 * nothing of it was read) */
static void
check_see_staff_case(const gchar *profile, const gchar *id, const gchar *birth, const gchar *group, const gchar *key,
		     const gchar *value, TdCardVerdict card, TdEligibilityVerdict eligibility, const gchar *reason,
		     const gchar *read_id)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	g_autoptr(GPtrArray) exceptions = NULL;
	const TdCheckinRecord *record;
	TdCheckinException *exception;

	td_test_kiosk_make_card(kiosk, profile, 0, group, key, value, NULL);
	td_test_kiosk_present_card(kiosk, id, birth);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_SEE_STAFF, WAIT_MS);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpstr(td_card_verdict_to_string(record->card_verdict), ==, td_card_verdict_to_string(card));
	g_assert_cmpstr(td_eligibility_verdict_to_string(record->eligibility), ==,
			td_eligibility_verdict_to_string(eligibility));
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_SEE_STAFF);
	g_assert_cmpstr(record->see_staff_reason, ==, reason);
	g_assert_cmpuint(record->queue_number, ==, 1);
	/* no VNeID question: reception takes over */
	g_assert_false(td_checkin_session_get_vneid_pending(kiosk->session));
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 1);
	exception = g_ptr_array_index(exceptions, 0);
	g_assert_cmpstr(exception->reason, ==, reason);
	g_assert_cmpstr(exception->id_number, ==, read_id);
	g_assert_nonnull(exception->detail);
}

static void
check_see_staff(const gchar *profile, const gchar *id, const gchar *birth, const gchar *group, const gchar *key,
		const gchar *value, TdCardVerdict card, TdEligibilityVerdict eligibility, const gchar *reason)
{
	check_see_staff_case(profile, id, birth, group, key, value, card, eligibility, reason, id);
}

static void
test_forged_card(void)
{
	/* DG13 changed after the SOD was signed: never accepted, even though
	 * the gateway says the (real) person is insured */
	check_see_staff("example.ini", AN_ID, AN_BIRTH, "variant", "tamper-dg", "13", TD_CARD_VERDICT_FORGED,
			TD_ELIGIBILITY_ELIGIBLE, "card-forged");
}

/* A chip that takes the ID's key but cannot prove it has it (its PACE
 * token spoilt): nothing read, to the desk in its own words, never asked
 * to type the number again. Found by the independent chip. */
static void
test_chip_unproven(void)
{
	check_see_staff_case("example.ini", AN_ID, AN_BIRTH, "variant", "pace-token-broken", "true",
			     TD_CARD_VERDICT_UNREADABLE, TD_ELIGIBILITY_NOT_CHECKED, "card-chip-unproven", NULL);
}

static void
test_untrusted_card(void)
{
	/* a DS no CSCA in the trust store vouches for (the profile's own
	 * ephemeral one) */
	check_see_staff("example.ini", AN_ID, AN_BIRTH, "security", "ds-key", NULL, TD_CARD_VERDICT_UNVERIFIED,
			TD_ELIGIBILITY_ELIGIBLE, "card-untrusted");
}

static void
test_expired_insurance(void)
{
	check_see_staff("tran-thi-bich-ngoc.ini", "079190004321", "900905", NULL, NULL, NULL,
			TD_CARD_VERDICT_GENUINE, TD_ELIGIBILITY_EXPIRED, "insurance-expired");
}

static void
test_name_mismatch(void)
{
	check_see_staff("pham-thi-thu-ha.ini", "031185006789", "850714", NULL, NULL, NULL, TD_CARD_VERDICT_GENUINE,
			TD_ELIGIBILITY_MISMATCH, "data-mismatch");
}

static void
test_not_found(void)
{
	check_see_staff("le-minh-khoa.ini", "048212001122", "121120", NULL, NULL, NULL, TD_CARD_VERDICT_GENUINE,
			TD_ELIGIBILITY_NOT_FOUND, "insurance-not-found");
}

static void
test_new_card(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	const TdCheckinRecord *record;

	td_test_kiosk_make_card(kiosk, "vo-duc-thang.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, "046072003456", "720228");
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpint(record->eligibility, ==, TD_ELIGIBILITY_ELIGIBLE_NEW_CARD);
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpstr(td_checkin_session_get_decision(kiosk->session)->message_key, ==, "checked-in.new-card");
}

/* ---- the gateway away, slow or untrusted; VERIFYING's time limit ---- */

static void
test_gateway_down(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	g_autoptr(GPtrArray) exceptions = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) stored = NULL;
	TdCheckinException *exception;
	const TdCheckinRecord *record;
	gint64 checkin_id;

	td_test_kiosk_stop_sim(kiosk);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpint(record->card_verdict, ==, TD_CARD_VERDICT_GENUINE);
	g_assert_cmpint(record->eligibility, ==, TD_ELIGIBILITY_UNAVAILABLE);
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_PENDING_ELIGIBILITY);
	g_assert_cmpstr(record->see_staff_reason, ==, "gateway-unavailable");

	/* pending patients still get a number and the VNeID step */
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->session)->queue_number, ==, 1);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_NOT_YET);
	td_test_kiosk_wait_idle_work(kiosk);

	/* staff confirm the insurance once the gateway is back */
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 1);
	exception = g_ptr_array_index(exceptions, 0);
	g_assert_cmpstr(exception->reason, ==, "gateway-unavailable");
	g_assert_cmpstr(exception->full_name, ==, "Nguyễn Văn An");
	g_assert_cmpstr(exception->date_of_birth, ==, "1958-03-15");
	checkin_id = exception->checkin_id;
	g_assert_cmpint(checkin_id, ==, td_checkin_session_get_record(kiosk->session)->id);
	td_store_resolve_exception(kiosk->store, exception->id, "eligibility-confirmed", NULL, &error);
	g_assert_no_error(error);
	g_clear_pointer(&exceptions, g_ptr_array_unref);
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 0);
	stored = td_test_kiosk_stored_checkin(kiosk, checkin_id);
	g_assert_cmpint(stored->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpint(stored->eligibility, ==, TD_ELIGIBILITY_ELIGIBLE);
}

/* The gateway answers each request just inside its own limit, so the
 * look-up outlasts what a patient waits in VERIFYING: the card is read,
 * so the patient is checked in pending eligibility (a number, staff
 * confirm the insurance), never sent back to the idle page with nothing
 * stored. The limit is cut once the card is done, so only the look-up is
 * still out when it passes. */
static void
test_gateway_overdue(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new_with_settings(20000, "gateway", "timeout", "60", NULL);
	g_autoptr(GPtrArray) exceptions = NULL;
	const TdEligibility *eligibility;
	const TdCheckinRecord *record;
	gint64 give_up = g_get_monotonic_time() + WAIT_MS * 1000;

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_VERIFYING, WAIT_MS);
	while (td_checkin_session_get_verification(kiosk->session) == NULL && g_get_monotonic_time() < give_up)
		g_main_context_iteration(NULL, FALSE);
	g_assert_nonnull(td_checkin_session_get_verification(kiosk->session));
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_VERIFYING);
	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_VERIFYING, 300, 0);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_EXTEND_TIME);

	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	eligibility = td_checkin_session_get_eligibility(kiosk->session);
	g_assert_cmpint(eligibility->status, ==, TD_ELIGIBILITY_STATUS_UNAVAILABLE);
	g_assert_cmpint(eligibility->failure, ==, TD_GATEWAY_ERROR_TIMEOUT);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpint(record->card_verdict, ==, TD_CARD_VERDICT_GENUINE);
	g_assert_cmpint(record->eligibility, ==, TD_ELIGIBILITY_UNAVAILABLE);
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_PENDING_ELIGIBILITY);
	g_assert_cmpuint(record->queue_number, ==, 1);
	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 1);
	g_assert_cmpstr(((TdCheckinException *)g_ptr_array_index(exceptions, 0))->reason, ==, "gateway-unavailable");
}

/* The card still checking (every command slow) when VERIFYING's limit
 * passes: it is given up as a card that stopped answering, and the
 * patient goes to staff with a number, never back to the idle page. */
static void
test_card_overdue_in_verifying(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	const TdCheckinRecord *record;

	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_VERIFYING, 300, 0);
	td_test_kiosk_make_card(kiosk, "example.ini", 150, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_SEE_STAFF, WAIT_MS);
	g_assert_null(td_checkin_session_get_verification(kiosk->session));
	g_assert_error(td_checkin_session_get_card_error(kiosk->session), TD_READER_ERROR, TD_READER_ERROR_TIMEOUT);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpstr(record->see_staff_reason, ==, "card-not-answering");
	g_assert_cmpuint(record->queue_number, ==, 1);
}

/* A store that does not answer the VNeID history: the real asking
 * source, whose look-up of the patient's last answer waits until the
 * test lets it go (at most 10 s), and would then say "integrated
 * yesterday". */
static gboolean
stuck_history_recent(const gchar *id_hash, gint64 *time_unix, TdVneidAnswer *answer, gpointer user_data,
		     GError **error)
{
	td_test_gate_pass(user_data, 10);
	*time_unix = g_get_real_time() / G_USEC_PER_SEC - 24 * 3600;
	*answer = TD_VNEID_INTEGRATED;
	return TRUE;
}

/* The VNeID history still out when VERIFYING's limit passes (the card
 * read, the gateway answered): the patient gets the number and is asked
 * the question, as when the history fails; its late "integrated" is
 * dropped, not taken over the patient's answer. */
static void
test_vneid_history_overdue(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	TdTestGate stuck = {0};
	g_autoptr(TdVneidSource) source = td_vneid_ask_source_new(30, stuck_history_recent, &stuck, NULL);
	gint64 give_up = g_get_monotonic_time() + WAIT_MS * 1000;

	td_test_gate_init(&stuck);
	td_checkin_session_set_vneid_source(kiosk->session, source);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_VERIFYING, WAIT_MS);
	while ((td_checkin_session_get_verification(kiosk->session) == NULL ||
		td_checkin_session_get_eligibility(kiosk->session) == NULL) &&
	       g_get_monotonic_time() < give_up)
		g_main_context_iteration(NULL, FALSE);
	g_assert_true(td_test_gate_entered(&stuck, TRUE));
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_VERIFYING);
	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_VERIFYING, 300, 0);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_EXTEND_TIME);

	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	td_test_gate_open(&stuck);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->vneid, ==, TD_VNEID_NOT_ASKED);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->session)->queue_number, ==, 1);
	/* the late answer comes back to the main loop and finds no transition */
	td_test_kiosk_wait_idle_work(kiosk);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_CONTINUE);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_VNEID_STEP);
	td_checkin_session_answer_vneid(kiosk->session, TD_VNEID_NOT_YET);
	td_test_kiosk_wait_idle_work(kiosk);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->vneid, ==, TD_VNEID_NOT_YET);
	g_clear_pointer(&kiosk, td_test_kiosk_free);
	td_test_gate_clear(&stuck);
}

/* The gateway's certificate is not signed by the CA the kiosk trusts (here
 * the test PKI's CSCA, not the simulator's): not an outage but a network
 * or configuration problem, checked in pending with a staff alert whose
 * words tell staff what to check; the client never sent the request. */
static void
test_gateway_certificate_untrusted(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new_with_settings(0, "gateway", "ca-file", TD_TEST_PKI_DIR "/csca.pem",
								       NULL);
	g_autoptr(GPtrArray) exceptions = NULL;
	TdCheckinException *exception;
	const TdCheckinRecord *record;

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	g_assert_cmpint(td_checkin_session_get_eligibility(kiosk->session)->failure, ==, TD_GATEWAY_ERROR_CERTIFICATE);
	record = td_checkin_session_get_record(kiosk->session);
	g_assert_cmpint(record->card_verdict, ==, TD_CARD_VERDICT_GENUINE);
	g_assert_cmpint(record->eligibility, ==, TD_ELIGIBILITY_CONFIG_ERROR);
	g_assert_cmpint(record->outcome, ==, TD_OUTCOME_PENDING_ELIGIBILITY);
	g_assert_cmpstr(record->see_staff_reason, ==, "gateway-certificate-untrusted");
	g_assert_true(td_checkin_session_get_decision(kiosk->session)->staff_alert);
	g_assert_cmpint(td_test_sim_stat(kiosk->sim, "requests"), ==, 0);

	exceptions = td_test_kiosk_open_exceptions(kiosk);
	g_assert_cmpuint(exceptions->len, ==, 1);
	exception = g_ptr_array_index(exceptions, 0);
	g_assert_cmpstr(exception->reason, ==, "gateway-certificate-untrusted");
	g_assert_true(g_str_has_prefix(exception->detail, "Kết nối tới cổng BHXH không an toàn: xin báo người quản trị"));
}

static void
test_no_gateway(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(-1);

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_SEE_STAFF, WAIT_MS);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->eligibility, ==, TD_ELIGIBILITY_NOT_CHECKED);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->outcome, ==, TD_OUTCOME_SEE_STAFF);
}

/* ---- the keys: refused, the birth date asked, typed before the card ---- */

static void
test_key_refused(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	g_autoptr(GError) error = NULL;

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	/* a typo in the ID number: PACE (CAN) and BAC refuse every key */
	td_test_kiosk_present_card(kiosk, "001058012346", AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_KEY_NEEDED, WAIT_MS);
	g_assert_true(td_checkin_session_get_key_refused(kiosk->session));
	g_assert_null(td_checkin_session_get_dg13(kiosk->session));
	td_checkin_session_submit_access_key(kiosk->session,
					     td_access_key_list_new_from_id(AN_ID, AN_BIRTH, NULL, NULL, &error));
	g_assert_no_error(error);
	g_assert_false(td_checkin_session_get_key_refused(kiosk->session));
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->outcome, ==, TD_OUTCOME_CHECKED_IN);
}

/* A chip that opens by BAC only, given the ID alone (the number pad): the
 * session asks for the birth date instead of saying "wrong number", then
 * opens the card with the ID kept and the date (expiry from the renewal
 * rule). A wrong date is a refused key: the ID is asked again. */
static void
test_bac_only_birth_date(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);

	td_test_kiosk_make_card(kiosk, "le-minh-khoa.ini", 0, NULL);
	g_assert_false(td_checkin_session_submit_birth_date(kiosk->session, 20, 11, 2012));
	td_test_kiosk_present_card(kiosk, "048212001122", NULL);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_KEY_NEEDED, WAIT_MS);
	g_assert_cmpint(td_checkin_session_get_key_request(kiosk->session), ==, TD_CHECKIN_KEY_REQUEST_BIRTH_DATE);
	g_assert_false(td_checkin_session_get_key_refused(kiosk->session));
	/* not a date */
	g_assert_false(td_checkin_session_submit_birth_date(kiosk->session, 31, 2, 2012));
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_KEY_NEEDED);
	/* the wrong date: refused, the ID is asked again */
	g_assert_true(td_checkin_session_submit_birth_date(kiosk->session, 21, 11, 2012));
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_KEY_NEEDED, WAIT_MS);
	g_assert_true(td_checkin_session_get_key_refused(kiosk->session));
	g_assert_cmpint(td_checkin_session_get_key_request(kiosk->session), ==, TD_CHECKIN_KEY_REQUEST_ID);
	g_assert_false(td_checkin_session_submit_birth_date(kiosk->session, 20, 11, 2012));

	/* the ID again, then the right date */
	td_checkin_session_submit_access_key(kiosk->session,
					     td_access_key_list_new_from_id("048212001122", NULL, NULL, NULL, NULL));
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_KEY_NEEDED, WAIT_MS);
	g_assert_cmpint(td_checkin_session_get_key_request(kiosk->session), ==, TD_CHECKIN_KEY_REQUEST_BIRTH_DATE);
	g_assert_true(td_checkin_session_submit_birth_date(kiosk->session, 20, 11, 2012));
	/* this station's gateway knows no insurance for him: see staff */
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_SEE_STAFF, WAIT_MS);
	g_assert_cmpstr(td_checkin_session_get_dg13(kiosk->session)->full_name, ==, "Lê Minh Khoa");
	g_assert_cmpint(td_checkin_session_get_record(kiosk->session)->card_verdict, ==, TD_CARD_VERDICT_GENUINE);
}

/* Keys before the card: typing the number from the idle page, or a QR
 * scanned first. The page asks for the card; nobody coming, it returns to
 * idle and forgets the keys. */
static void
test_keys_before_card(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);

	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_ENTERING_KEY, 300, 0);
	td_checkin_session_set_timeout(kiosk->session, TD_CHECKIN_STATE_AWAITING_CARD, 300, 0);
	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_KEY_ENTRY);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_ENTERING_KEY);
	g_assert_cmpint(td_checkin_session_get_deadline(kiosk->session), >, g_get_monotonic_time());
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_IDLE, WAIT_MS);

	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_KEY_ENTRY);
	td_checkin_session_submit_access_key(kiosk->session,
					     td_access_key_list_new_from_id(AN_ID, AN_BIRTH, NULL, NULL, NULL));
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_AWAITING_CARD);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_IDLE, WAIT_MS);
	td_test_kiosk_assert_nothing_stored(kiosk);

	/* keys, then the card: read with them, no pad */
	g_array_set_size(kiosk->states, 0);
	td_checkin_session_submit_access_key(kiosk->session,
					     td_access_key_list_new_from_id(AN_ID, AN_BIRTH, NULL, NULL, NULL));
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_AWAITING_CARD);
	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_checkin_session_card_inserted(kiosk->session, "Virtual Reader 00 00");
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	g_assert_false(td_test_kiosk_visited(kiosk, TD_CHECKIN_STATE_KEY_NEEDED));
}

/* ---- the face for staff ---- */

static void
face_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
	*(GAsyncResult **)user_data = g_object_ref(result);
}

static GBytes *
read_face(TdTestKiosk *kiosk, gchar **mime_type, GError **error)
{
	g_autoptr(GAsyncResult) result = NULL;
	td_checkin_session_read_face_async(kiosk->session, NULL, face_done, &result);
	while (result == NULL)
		g_main_context_iteration(NULL, TRUE);
	return td_checkin_session_read_face_finish(kiosk->session, result, mime_type, error);
}

/* Staff ask for the face image: read from the card still open on the
 * reader, byte for byte what the chip holds; a clear error once the card
 * has left the reader, and once the patient is gone. */
static void
test_face_image(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new(0);
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) face = NULL;
	g_autoptr(GBytes) photo = NULL;
	g_autofree gchar *mime_type = NULL;
	g_autofree gchar *contents = NULL;
	gsize len = 0;

	/* before any card */
	g_assert_null(read_face(kiosk, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NO_CARD);
	g_clear_error(&error);

	td_test_kiosk_make_card(kiosk, "example.ini", 0, NULL);
	td_test_kiosk_present_card(kiosk, AN_ID, AN_BIRTH);
	td_test_kiosk_wait_state(kiosk, TD_CHECKIN_STATE_TICKET, WAIT_MS);
	face = read_face(kiosk, &mime_type, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(mime_type, ==, "image/jpeg");
	g_assert_true(g_file_get_contents(TD_VCHIP_PROFILES_DIR "/nguyen-van-an.jpg", &contents, &len, NULL));
	photo = g_bytes_new_take(g_steal_pointer(&contents), len);
	g_assert_true(g_bytes_equal(face, photo));

	/* the patient takes the card back: the number stays, the face is gone */
	td_test_kiosk_remove_card(kiosk);
	g_assert_cmpint(td_checkin_session_get_state(kiosk->session), ==, TD_CHECKIN_STATE_TICKET);
	g_assert_null(read_face(kiosk, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED);
	g_clear_error(&error);

	td_checkin_session_send_event(kiosk->session, TD_CHECKIN_EVENT_RESET);
	g_assert_null(read_face(kiosk, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NO_CARD);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/session/genuine-eligible", test_genuine_eligible);
	g_test_add_func("/session/vneid-not-yet-asked-again", test_vneid_not_yet_asked_again);
	g_test_add_func("/session/card-warnings-do-not-stop-checkin", test_card_warnings_do_not_stop_checkin);
	g_test_add_func("/session/unreadable-name-goes-to-desk", test_unreadable_name_goes_to_desk);
	g_test_add_func("/session/forged-card", test_forged_card);
	g_test_add_func("/session/chip-unproven", test_chip_unproven);
	g_test_add_func("/session/untrusted-card", test_untrusted_card);
	g_test_add_func("/session/expired-insurance", test_expired_insurance);
	g_test_add_func("/session/name-mismatch", test_name_mismatch);
	g_test_add_func("/session/not-found", test_not_found);
	g_test_add_func("/session/new-card", test_new_card);
	g_test_add_func("/session/gateway-down", test_gateway_down);
	g_test_add_func("/session/gateway-overdue", test_gateway_overdue);
	g_test_add_func("/session/card-overdue-in-verifying", test_card_overdue_in_verifying);
	g_test_add_func("/session/vneid-history-overdue", test_vneid_history_overdue);
	g_test_add_func("/session/no-gateway", test_no_gateway);
	g_test_add_func("/session/gateway-certificate-untrusted", test_gateway_certificate_untrusted);
	g_test_add_func("/session/key-refused", test_key_refused);
	g_test_add_func("/session/bac-only-birth-date", test_bac_only_birth_date);
	g_test_add_func("/session/keys-before-card", test_keys_before_card);
	g_test_add_func("/session/face-image", test_face_image);
	return g_test_run();
}
