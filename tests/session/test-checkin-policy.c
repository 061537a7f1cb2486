/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outcome table over every card class × eligibility verdict, the
 * mappings into it, and the VNeID source's "asked recently" rule. */
#include "config.h"

#include "td-checkin-policy.h"
#include "td-gateway-error.h"
#include "td-reader-error.h"
#include "td-vneid-source.h"

static gboolean
card_is_acceptable(TdPolicyCard card)
{
	return card == TD_POLICY_CARD_NONE || card == TD_POLICY_CARD_GENUINE || card == TD_POLICY_CARD_NO_CLONE_CHECK;
}

static void
test_every_combination(void)
{
	guint n_rules;
	const TdPolicyRule *rules = td_checkin_policy_get_rules(&n_rules);
	g_autofree guint *hits = g_new0(guint, n_rules);

	for (guint card = 0; card < TD_POLICY_CARD_N_CLASSES; card++) {
		/* each verdict, and the two without an answer once per kind of
		 * failure the gateway client tells apart */
		for (guint i = TD_ELIGIBILITY_NOT_CHECKED; i <= TD_ELIGIBILITY_UNKNOWN_CODE + 2; i++) {
			guint e = i == TD_ELIGIBILITY_UNKNOWN_CODE + 1	 ? TD_ELIGIBILITY_CONFIG_ERROR
				  : i == TD_ELIGIBILITY_UNKNOWN_CODE + 2 ? TD_ELIGIBILITY_UNAVAILABLE
									 : i;
			gint failure = i == TD_ELIGIBILITY_UNKNOWN_CODE + 1 ? TD_GATEWAY_ERROR_CERTIFICATE
				       : i == TD_ELIGIBILITY_UNKNOWN_CODE + 2 ? TD_GATEWAY_ERROR_TLS
				       : e == TD_ELIGIBILITY_CONFIG_ERROR     ? TD_GATEWAY_ERROR_AUTH
				       : e == TD_ELIGIBILITY_UNAVAILABLE      ? TD_GATEWAY_ERROR_TIMEOUT
									      : -1;
			const TdPolicyRule *rule = td_checkin_policy_decide(card, e, failure);
			g_autofree gchar *where = g_strdup_printf("card %s × eligibility %s (failure %d)",
								  td_policy_card_to_string(card),
								  td_eligibility_verdict_to_string(e), failure);
			g_test_message("%s -> %s %s", where, td_outcome_to_string(rule->outcome),
				       rule->reason != NULL ? rule->reason : "");
			hits[rule - rules]++;
			/* the safety net is for verdicts added later, not today's */
			if (g_strcmp0(rule->reason, "unhandled") == 0)
				g_error("%s: no rule", where);
			g_assert_nonnull(rule->message_key);
			if (rule->outcome != TD_OUTCOME_CHECKED_IN)
				g_assert_nonnull(rule->reason);
			/* never accepted at the kiosk */
			if (card == TD_POLICY_CARD_FORGED || e == TD_ELIGIBILITY_MISMATCH ||
			    card == TD_POLICY_CARD_UNTRUSTED || card == TD_POLICY_CARD_UNREADABLE ||
			    card == TD_POLICY_CARD_NOT_ANSWERING || card == TD_POLICY_CARD_CHIP_UNPROVEN)
				g_assert_cmpint(rule->outcome, ==, TD_OUTCOME_SEE_STAFF);
			/* an outage or our misconfiguration never blocks a good card */
			if (card_is_acceptable(card) && e == TD_ELIGIBILITY_UNAVAILABLE)
				g_assert_cmpint(rule->outcome, ==, TD_OUTCOME_PENDING_ELIGIBILITY);
			if (card_is_acceptable(card) && e == TD_ELIGIBILITY_CONFIG_ERROR) {
				g_assert_cmpint(rule->outcome, ==, TD_OUTCOME_PENDING_ELIGIBILITY);
				g_assert_true(rule->staff_alert);
			}
			/* 003 with no new code named: the desk sees the new card;
			 * not the administrator's (before: "unknown code", alarm) */
			if (card_is_acceptable(card) && e == TD_ELIGIBILITY_NEW_CARD_UNCONFIRMED) {
				g_assert_cmpstr(rule->reason, ==, "insurance-new-card-unconfirmed");
				g_assert_false(rule->staff_alert);
			}
			/* checked in exactly when the card is good and insured */
			g_assert_cmpint(rule->outcome == TD_OUTCOME_CHECKED_IN, ==,
					card_is_acceptable(card) &&
					    (e == TD_ELIGIBILITY_ELIGIBLE || e == TD_ELIGIBILITY_ELIGIBLE_NEW_CARD));
			if (rule->outcome == TD_OUTCOME_CHECKED_IN)
				g_assert_null(rule->reason);
			/* whatever reaches staff has words they read */
			if (rule->reason != NULL)
				g_assert_nonnull(rule->staff_words);
			if (card_is_acceptable(card) && e == TD_ELIGIBILITY_ELIGIBLE_NEW_CARD)
				g_assert_cmpstr(rule->message_key, ==, "checked-in.new-card");
		}
	}
	/* no dead rows: each one but the safety net decides something */
	for (guint i = 0; i + 1 < n_rules; i++) {
		if (hits[i] == 0)
			g_error("rule %u (%s) is never used", i, rules[i].why);
	}
}

static void
test_card_from_verification(void)
{
	TdChipVerification v = {0};
	g_autoptr(GError) timeout = g_error_new_literal(TD_READER_ERROR, TD_READER_ERROR_TIMEOUT, "no answer");
	g_autoptr(GError) malformed = g_error_new_literal(TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "bad DG13");

	g_assert_cmpint(td_policy_card_from_result(NULL, NULL), ==, TD_POLICY_CARD_UNREADABLE);
	g_assert_cmpint(td_policy_card_from_result(NULL, malformed), ==, TD_POLICY_CARD_UNREADABLE);
	/* a card that stopped answering is its own class: staff check the reader */
	g_assert_cmpint(td_policy_card_from_result(NULL, timeout), ==, TD_POLICY_CARD_NOT_ANSWERING);
	/* a chip that took the key and could not prove it knows it: not
	 * "the number is wrong" (typed again, refused again) and not a
	 * failed signature (nothing was read): its own words for the desk,
	 * counted with the cards not read */
	{
		g_autoptr(GError) not_authentic =
		    g_error_new_literal(TD_READER_ERROR, TD_READER_ERROR_CHIP_NOT_AUTHENTIC, "bad T_IC");
		const TdPolicyRule *rule = NULL;

		g_assert_cmpint(td_policy_card_from_result(NULL, not_authentic), ==, TD_POLICY_CARD_CHIP_UNPROVEN);
		rule = td_checkin_policy_decide(TD_POLICY_CARD_CHIP_UNPROVEN, TD_ELIGIBILITY_ELIGIBLE, -1);
		g_assert_cmpstr(rule->reason, ==, "card-chip-unproven");
		g_assert_cmpint(rule->outcome, ==, TD_OUTCOME_SEE_STAFF);
		g_assert_nonnull(strstr(td_checkin_policy_staff_words("card-chip-unproven"), "kiểm tra thẻ bằng mắt"));
		g_assert_cmpint(td_policy_card_to_verdict(TD_POLICY_CARD_CHIP_UNPROVEN), ==, TD_CARD_VERDICT_UNREADABLE);
	}
	g_assert_cmpstr(td_checkin_policy_decide(TD_POLICY_CARD_NOT_ANSWERING, TD_ELIGIBILITY_ELIGIBLE, -1)->reason, ==,
			"card-not-answering");
	g_assert_true(td_checkin_policy_decide(TD_POLICY_CARD_NOT_ANSWERING, TD_ELIGIBILITY_ELIGIBLE, -1)->staff_alert);
	v.verdict = TD_CHIP_VERDICT_GENUINE;
	v.passive = TD_PASSIVE_AUTH_VALID;
	g_assert_cmpint(td_policy_card_from_result(&v, NULL), ==, TD_POLICY_CARD_GENUINE);
	v.verdict = TD_CHIP_VERDICT_UNVERIFIED;
	v.chip = TD_CLONE_CHECK_NOT_OFFERED;
	g_assert_cmpint(td_policy_card_from_result(&v, NULL), ==, TD_POLICY_CARD_NO_CLONE_CHECK);
	v.passive = TD_PASSIVE_AUTH_UNTRUSTED;
	v.chip = TD_CLONE_CHECK_ACTIVE_AUTH;
	g_assert_cmpint(td_policy_card_from_result(&v, NULL), ==, TD_POLICY_CARD_UNTRUSTED);
	v.verdict = TD_CHIP_VERDICT_FORGED;
	g_assert_cmpint(td_policy_card_from_result(&v, NULL), ==, TD_POLICY_CARD_FORGED);

	g_assert_cmpint(td_policy_card_to_verdict(TD_POLICY_CARD_NO_CLONE_CHECK), ==, TD_CARD_VERDICT_UNVERIFIED);
	g_assert_cmpint(td_policy_card_to_verdict(TD_POLICY_CARD_UNTRUSTED), ==, TD_CARD_VERDICT_UNVERIFIED);
	g_assert_cmpint(td_policy_card_to_verdict(TD_POLICY_CARD_FORGED), ==, TD_CARD_VERDICT_FORGED);
	g_assert_cmpint(td_policy_card_to_verdict(TD_POLICY_CARD_UNREADABLE), ==, TD_CARD_VERDICT_UNREADABLE);
	g_assert_cmpint(td_policy_card_to_verdict(TD_POLICY_CARD_NOT_ANSWERING), ==, TD_CARD_VERDICT_UNREADABLE);
}

/* An untrusted gateway certificate is not an outage: its own reason, a
 * staff alert, words that say what to check; the card still decides first. */
static void
test_gateway_certificate_untrusted(void)
{
	g_autoptr(GError) error = g_error_new_literal(TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CERTIFICATE,
						      "the gateway's certificate is not trusted");
	g_autoptr(TdEligibility) eligibility = td_eligibility_new_from_error(error);
	TdEligibilityVerdict verdict = td_policy_eligibility_from_result(eligibility);
	const TdPolicyRule *rule = td_checkin_policy_decide(TD_POLICY_CARD_GENUINE, verdict, eligibility->failure);
	g_autoptr(GError) outage = g_error_new_literal(TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_TLS, "handshake failed");
	g_autoptr(TdEligibility) down = td_eligibility_new_from_error(outage);

	g_assert_cmpint(verdict, ==, TD_ELIGIBILITY_CONFIG_ERROR);
	g_assert_cmpint(rule->outcome, ==, TD_OUTCOME_PENDING_ELIGIBILITY);
	g_assert_cmpstr(rule->reason, ==, "gateway-certificate-untrusted");
	g_assert_true(rule->staff_alert);
	g_assert_cmpstr(td_checkin_policy_staff_words(rule->reason), ==,
			"Kết nối tới cổng BHXH không an toàn: xin báo người quản trị");
	g_assert_cmpstr(td_checkin_policy_decide(TD_POLICY_CARD_FORGED, verdict, eligibility->failure)->reason, ==,
			"card-forged");
	/* any other TLS failure is still an outage */
	rule = td_checkin_policy_decide(TD_POLICY_CARD_GENUINE, td_policy_eligibility_from_result(down), down->failure);
	g_assert_cmpstr(rule->reason, ==, "gateway-unavailable");
	g_assert_null(td_checkin_policy_staff_words("no-such-reason"));
	/* the desk's "ask again for every case waiting": the three pending
	 * reasons, no other */
	g_assert_true(td_checkin_policy_reason_waits_for_gateway("gateway-unavailable"));
	g_assert_true(td_checkin_policy_reason_waits_for_gateway("gateway-certificate-untrusted"));
	g_assert_true(td_checkin_policy_reason_waits_for_gateway("gateway-config-error"));
	g_assert_false(td_checkin_policy_reason_waits_for_gateway("insurance-expired"));
	g_assert_false(td_checkin_policy_reason_waits_for_gateway("card-forged"));
	g_assert_false(td_checkin_policy_reason_waits_for_gateway("no-such-reason"));
	g_assert_false(td_checkin_policy_reason_waits_for_gateway(NULL));
}

static void
test_eligibility_from_result(void)
{
	static const struct {
		TdEligibilityStatus status;
		TdEligibilityVerdict verdict;
	} cases[] = {
	    {TD_ELIGIBILITY_STATUS_ELIGIBLE, TD_ELIGIBILITY_ELIGIBLE},
	    {TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD, TD_ELIGIBILITY_ELIGIBLE_NEW_CARD},
	    {TD_ELIGIBILITY_STATUS_EXPIRED, TD_ELIGIBILITY_EXPIRED},
	    {TD_ELIGIBILITY_STATUS_NOT_FOUND, TD_ELIGIBILITY_NOT_FOUND},
	    {TD_ELIGIBILITY_STATUS_NAME_MISMATCH, TD_ELIGIBILITY_MISMATCH},
	    {TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH, TD_ELIGIBILITY_MISMATCH},
	    {TD_ELIGIBILITY_STATUS_REVOKED, TD_ELIGIBILITY_REVOKED},
	    {TD_ELIGIBILITY_STATUS_REDUCED, TD_ELIGIBILITY_REVOKED},
	    {TD_ELIGIBILITY_STATUS_DEFENCE_POLICE_CARD, TD_ELIGIBILITY_OTHER_AGENCY},
	    {TD_ELIGIBILITY_STATUS_CHILD_WITHOUT_CARD, TD_ELIGIBILITY_CHILD_NO_CARD},
	    {TD_ELIGIBILITY_STATUS_CONFIG_ERROR, TD_ELIGIBILITY_CONFIG_ERROR},
	    {TD_ELIGIBILITY_STATUS_UNAVAILABLE, TD_ELIGIBILITY_UNAVAILABLE},
	    {TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED, TD_ELIGIBILITY_NEW_CARD_UNCONFIRMED},
	    {TD_ELIGIBILITY_STATUS_SEE_STAFF, TD_ELIGIBILITY_UNKNOWN_CODE},
	};
	g_assert_cmpint(td_policy_eligibility_from_result(NULL), ==, TD_ELIGIBILITY_NOT_CHECKED);
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(TdEligibility) e = td_eligibility_new_failure(cases[i].status, -1, NULL);
		g_assert_cmpint(td_policy_eligibility_from_result(e), ==, cases[i].verdict);
	}
}

typedef struct {
	gboolean has_answer;
	gint64 time_unix;
	TdVneidAnswer answer;
	gboolean fail;
	guint calls;
	GThread *main_thread;
	gboolean called_on_main_thread;
} TdFakeHistory;

static gboolean
fake_recent(const gchar *id_hash, gint64 *time_unix, TdVneidAnswer *answer, gpointer user_data, GError **error)
{
	TdFakeHistory *history = user_data;
	history->calls++;
	/* it reads SQLite: never on the main loop */
	if (g_thread_self() == history->main_thread)
		history->called_on_main_thread = TRUE;
	g_assert_cmpstr(id_hash, ==, "hash");
	if (history->fail) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "disk gone");
		return FALSE;
	}
	if (!history->has_answer)
		return FALSE;
	*time_unix = history->time_unix;
	*answer = history->answer;
	return TRUE;
}

static void
lookup_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
	*(GAsyncResult **)user_data = g_object_ref(result);
}

/* TRUE and the answer when the question is skipped. */
static gboolean
lookup(TdVneidSource *source, TdVneidAnswer *answer, GError **error)
{
	g_autoptr(GAsyncResult) result = NULL;
	td_vneid_source_lookup_async(source, "hash", NULL, lookup_done, &result);
	while (result == NULL)
		g_main_context_iteration(NULL, TRUE);
	return td_vneid_source_lookup_finish(source, result, answer, error);
}

static void
test_vneid_asked_recently(void)
{
	const gint64 now = 1750000000;
	TdFakeHistory history = {.main_thread = g_thread_self()};
	g_autoptr(TdVneidSource) source = td_vneid_ask_source_new(90, fake_recent, &history, NULL);
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	g_autoptr(GError) error = NULL;

	td_vneid_ask_source_set_now(TD_VNEID_ASK_SOURCE(source), now);
	/* never asked */
	g_assert_false(lookup(source, &answer, &error));
	g_assert_no_error(error);
	/* integrated 10 days ago: skip, and record "integrated" */
	history.has_answer = TRUE;
	history.answer = TD_VNEID_INTEGRATED;
	history.time_unix = now - 10 * 86400;
	g_assert_true(lookup(source, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_INTEGRATED);
	/* staff helped them: integrated too */
	history.answer = TD_VNEID_ASSISTED;
	g_assert_true(lookup(source, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_INTEGRATED);
	/* too long ago: ask again */
	history.answer = TD_VNEID_INTEGRATED;
	history.time_unix = now - 91 * 86400;
	g_assert_false(lookup(source, &answer, &error));
	g_assert_no_error(error);
	/* "not yet" and "no account" are always asked again */
	history.time_unix = now - 86400;
	history.answer = TD_VNEID_NOT_YET;
	g_assert_false(lookup(source, &answer, &error));
	history.answer = TD_VNEID_NO_ACCOUNT;
	g_assert_false(lookup(source, &answer, &error));
	g_assert_no_error(error);
	/* a failing store: an error, the session then asks */
	history.fail = TRUE;
	g_assert_false(lookup(source, &answer, &error));
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_FAILED);
	g_assert_cmpuint(history.calls, ==, 7);
	g_assert_false(history.called_on_main_thread);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/policy/every-combination", test_every_combination);
	g_test_add_func("/policy/card-from-verification", test_card_from_verification);
	g_test_add_func("/policy/eligibility-from-result", test_eligibility_from_result);
	g_test_add_func("/policy/gateway-certificate-untrusted", test_gateway_certificate_untrusted);
	g_test_add_func("/vneid/asked-recently", test_vneid_asked_recently);
	return g_test_run();
}
