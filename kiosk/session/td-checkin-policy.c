/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-checkin-policy.h"
#include "td-gateway-error.h"
#include "td-reader-error.h"

/* The clinic's rules, in the order they are tried. Card problems come first:
 * a card that may be forged, or data that disagree with the gateway, never
 * finish at the kiosk, whatever the gateway says. Then the gateway: an
 * outage or our own misconfiguration never turns a patient away (pending,
 * staff confirm later), and every "not insured" answer goes to reception,
 * who decide between self-pay and the paper card.
 *
 * The unverified card, decided here:
 *  - PA valid but the chip offers no clone check (no DG14, no DG15): the
 *    data are signed by the state, only a perfect copy of an untouched chip
 *    could pass, and the gateway confirms the person. Checked in, with the
 *    card verdict "unverified" and its reasons kept in the record, so the
 *    daily report shows how often it happens.
 *  - the trust store lacks the CSCA (UNTRUSTED): nothing says the data come
 *    from the state at all, so a made-up card would pass. See staff. (A
 *    kiosk deployed without the CSCA sends everyone to staff: doctor says
 *    so, loudly.) */
#define ANY TD_POLICY_ANY
static const TdPolicyRule policy_rules[] = {
    {TD_POLICY_CARD_FORGED, ANY, ANY, TD_OUTCOME_SEE_STAFF, "card-forged", "see-staff.card", FALSE,
     "Thẻ căn cước không qua được kiểm tra chữ ký hoặc kiểm tra chống sao chép",
     "a signature, hash or clone check failed: never accepted at the kiosk"},
    {ANY, TD_ELIGIBILITY_MISMATCH, ANY, TD_OUTCOME_SEE_STAFF, "data-mismatch", "see-staff.data", FALSE,
     "Họ tên hoặc ngày sinh trên thẻ căn cước khác với dữ liệu bảo hiểm",
     "the card's name or birth date disagree with the gateway's: never accepted at the kiosk"},
    {TD_POLICY_CARD_UNREADABLE, ANY, ANY, TD_OUTCOME_SEE_STAFF, "card-unreadable", "see-staff.card", FALSE,
     "Máy không đọc được hết thẻ căn cước", "the card could not be read to the end, so it could not be verified"},
    {TD_POLICY_CARD_CHIP_UNPROVEN, ANY, ANY, TD_OUTCOME_SEE_STAFF, "card-chip-unproven", "see-staff.card", FALSE,
     "Chip của thẻ căn cước không tự xác thực được (chip hỏng hoặc thẻ không thật): xin kiểm tra thẻ bằng mắt",
     "the chip took the access key but could not prove it has it (PACE's token or BAC's answer did not verify): "
     "nothing was read; a faulty chip or not a genuine one, for staff to look at"},
    {TD_POLICY_CARD_NOT_ANSWERING, ANY, ANY, TD_OUTCOME_SEE_STAFF, "card-not-answering", "see-staff.card", TRUE,
     "Thẻ căn cước hoặc máy đọc thẻ ngừng phản hồi: xin kiểm tra máy đọc thẻ",
     "the card stopped answering within its time limit and was abandoned: staff check the card and the reader"},
    {TD_POLICY_CARD_UNTRUSTED, ANY, ANY, TD_OUTCOME_SEE_STAFF, "card-untrusted", "see-staff.card", TRUE,
     "Máy chưa có chứng thư gốc để xác thực thẻ: xin kiểm tra thẻ bằng mắt",
     "no CSCA in the trust store vouches for the card's signer: staff check the card by eye"},
    {TD_POLICY_CARD_NO_CLONE_CHECK, TD_ELIGIBILITY_ELIGIBLE, ANY, TD_OUTCOME_CHECKED_IN, NULL, "checked-in", FALSE,
     NULL, "signed data, no clone check offered by the chip: checked in, card noted as unverified"},
    {ANY, TD_ELIGIBILITY_ELIGIBLE, ANY, TD_OUTCOME_CHECKED_IN, NULL, "checked-in", FALSE, NULL,
     "genuine card (or staff's manual check), insurance valid"},
    {ANY, TD_ELIGIBILITY_ELIGIBLE_NEW_CARD, ANY, TD_OUTCOME_CHECKED_IN, NULL, "checked-in.new-card", FALSE, NULL,
     "insured; a new insurance card was issued: tell the patient"},
    {ANY, TD_ELIGIBILITY_UNAVAILABLE, ANY, TD_OUTCOME_PENDING_ELIGIBILITY, "gateway-unavailable", "pending.gateway",
     FALSE, "Cổng BHXH chưa trả lời: xin kiểm tra lại thẻ BHYT sau ít phút",
     "the gateway is down or slow: checked in, staff confirm the insurance later"},
    {ANY, TD_ELIGIBILITY_CONFIG_ERROR, TD_GATEWAY_ERROR_CERTIFICATE, TD_OUTCOME_PENDING_ELIGIBILITY,
     "gateway-certificate-untrusted", "pending.gateway", TRUE,
     "Kết nối tới cổng BHXH không an toàn: xin báo người quản trị",
     "the gateway's certificate failed verification (a proxy, someone in between, the wrong CA file): not an "
     "outage; pending, and staff alerted"},
    {ANY, TD_ELIGIBILITY_CONFIG_ERROR, ANY, TD_OUTCOME_PENDING_ELIGIBILITY, "gateway-config-error",
     "pending.gateway", TRUE, "Tài khoản hoặc cài đặt cổng BHXH bị sai: xin báo người quản trị",
     "our gateway account or staff registration is wrong: pending, and staff alerted"},
    {ANY, TD_ELIGIBILITY_EXPIRED, ANY, TD_OUTCOME_SEE_STAFF, "insurance-expired", "see-staff.insurance", FALSE,
     "Thẻ BHYT hết hạn", "the insurance card has expired: self-pay or renewal, decided by staff"},
    {ANY, TD_ELIGIBILITY_NOT_FOUND, ANY, TD_OUTCOME_SEE_STAFF, "insurance-not-found", "see-staff.insurance", FALSE,
     "Không tìm thấy thẻ BHYT", "the gateway knows no insurance card for this person"},
    {ANY, TD_ELIGIBILITY_REVOKED, ANY, TD_OUTCOME_SEE_STAFF, "insurance-revoked", "see-staff.insurance", FALSE,
     "Thẻ BHYT bị thu hồi hoặc giảm quyền lợi", "the insurance card was revoked or reduced"},
    {ANY, TD_ELIGIBILITY_OTHER_AGENCY, ANY, TD_OUTCOME_SEE_STAFF, "other-agency-card", "see-staff.insurance", FALSE,
     "Thẻ BHYT do Bộ Quốc phòng hoặc Bộ Công an quản lý: xin xem thẻ giấy",
     "the card is managed by the defence or police BHXH: staff check the paper card"},
    {ANY, TD_ELIGIBILITY_CHILD_NO_CARD, ANY, TD_OUTCOME_SEE_STAFF, "child-without-card", "see-staff.insurance",
     FALSE, "Trẻ em chưa được cấp thẻ BHYT", "a child entitled to cover whose card is not issued yet"},
    {ANY, TD_ELIGIBILITY_NEW_CARD_UNCONFIRMED, ANY, TD_OUTCOME_SEE_STAFF, "insurance-new-card-unconfirmed",
     "see-staff.insurance", FALSE, "Thẻ BHYT cũ đã hết giá trị và đã có thẻ mới: xin tra cứu bằng mã thẻ mới",
     "003 with no usable new card code: insured most likely, staff check with the new card's code (before, "
     "'unknown code' and an alarm for the administrator)"},
    {ANY, TD_ELIGIBILITY_NOT_CHECKED, ANY, TD_OUTCOME_SEE_STAFF, "eligibility-not-checked", "see-staff.insurance",
     FALSE, "Chưa tra cứu được thẻ BHYT",
     "the card data did not allow a look-up (no gateway, bad birth date)"},
    {ANY, TD_ELIGIBILITY_UNKNOWN_CODE, ANY, TD_OUTCOME_SEE_STAFF, "gateway-unknown-code", "see-staff.insurance",
     TRUE, "Cổng BHXH trả lời một mã chưa biết: xin báo người quản trị",
     "the gateway answered a code this build does not know"},
    /* the safety net: a verdict added to an enum later lands here */
    {ANY, ANY, ANY, TD_OUTCOME_SEE_STAFF, "unhandled", "see-staff.other", TRUE,
     "Trường hợp máy chưa xử lý được: xin nhân viên xem xét", "no rule above applies"},
};
#undef ANY

const TdPolicyRule *
td_checkin_policy_get_rules(guint *n_rules)
{
	*n_rules = G_N_ELEMENTS(policy_rules);
	return policy_rules;
}

const TdPolicyRule *
td_checkin_policy_decide(TdPolicyCard card, TdEligibilityVerdict eligibility, gint gateway_failure)
{
	for (gsize i = 0; i < G_N_ELEMENTS(policy_rules); i++) {
		const TdPolicyRule *rule = &policy_rules[i];
		if (rule->card != TD_POLICY_ANY && rule->card != (gint)card)
			continue;
		if (rule->eligibility != TD_POLICY_ANY && rule->eligibility != (gint)eligibility)
			continue;
		if (rule->gateway_failure != TD_POLICY_ANY && rule->gateway_failure != gateway_failure)
			continue;
		return rule;
	}
	g_assert_not_reached();
}

const gchar *
td_checkin_policy_staff_words(const gchar *reason)
{
	for (gsize i = 0; reason != NULL && i < G_N_ELEMENTS(policy_rules); i++) {
		if (g_strcmp0(policy_rules[i].reason, reason) == 0)
			return policy_rules[i].staff_words;
	}
	return NULL;
}

gboolean
td_checkin_policy_reason_waits_for_gateway(const gchar *reason)
{
	for (gsize i = 0; reason != NULL && i < G_N_ELEMENTS(policy_rules); i++) {
		if (g_strcmp0(policy_rules[i].reason, reason) == 0)
			return policy_rules[i].outcome == TD_OUTCOME_PENDING_ELIGIBILITY;
	}
	return FALSE;
}

TdPolicyCard
td_policy_card_from_result(const TdChipVerification *verification, const GError *card_error)
{
	if (verification == NULL) {
		/* a chip that took the key but could not prove it knows it:
		 * nothing was read, and a worn chip may do it as a false one
		 * does, so neither "unreadable" nor "forged" */
		if (g_error_matches(card_error, TD_READER_ERROR, TD_READER_ERROR_CHIP_NOT_AUTHENTIC))
			return TD_POLICY_CARD_CHIP_UNPROVEN;
		return g_error_matches(card_error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT) ? TD_POLICY_CARD_NOT_ANSWERING
											      : TD_POLICY_CARD_UNREADABLE;
	}
	switch (verification->verdict) {
	case TD_CHIP_VERDICT_GENUINE:
		return TD_POLICY_CARD_GENUINE;
	case TD_CHIP_VERDICT_FORGED:
		return TD_POLICY_CARD_FORGED;
	case TD_CHIP_VERDICT_UNVERIFIED:
		/* INVALID would have made the verdict FORGED; anything but
		 * VALID here means the chain to a CSCA is missing */
		return verification->passive == TD_PASSIVE_AUTH_VALID ? TD_POLICY_CARD_NO_CLONE_CHECK
								      : TD_POLICY_CARD_UNTRUSTED;
	default:
		return TD_POLICY_CARD_FORGED;
	}
}

TdCardVerdict
td_policy_card_to_verdict(TdPolicyCard card)
{
	switch (card) {
	case TD_POLICY_CARD_NONE:
		return TD_CARD_VERDICT_NO_CARD;
	case TD_POLICY_CARD_GENUINE:
		return TD_CARD_VERDICT_GENUINE;
	case TD_POLICY_CARD_NO_CLONE_CHECK:
	case TD_POLICY_CARD_UNTRUSTED:
		return TD_CARD_VERDICT_UNVERIFIED;
	case TD_POLICY_CARD_UNREADABLE:
	case TD_POLICY_CARD_NOT_ANSWERING:
	/* counted with the cards not read: nothing of it was */
	case TD_POLICY_CARD_CHIP_UNPROVEN:
		return TD_CARD_VERDICT_UNREADABLE;
	case TD_POLICY_CARD_FORGED:
	default:
		return TD_CARD_VERDICT_FORGED;
	}
}

const gchar *
td_policy_card_to_string(TdPolicyCard card)
{
	static const gchar *const names[] = {"none",   "genuine",    "no-clone-check",
						   "untrusted", "forged", "unreadable",
						   "not-answering", "chip-unproven"};
	G_STATIC_ASSERT(G_N_ELEMENTS(names) == TD_POLICY_CARD_N_CLASSES);
	if ((guint)card >= G_N_ELEMENTS(names))
		return "unknown";
	return names[card];
}

TdEligibilityVerdict
td_policy_eligibility_from_result(const TdEligibility *eligibility)
{
	if (eligibility == NULL)
		return TD_ELIGIBILITY_NOT_CHECKED;
	switch (eligibility->status) {
	case TD_ELIGIBILITY_STATUS_ELIGIBLE:
		return TD_ELIGIBILITY_ELIGIBLE;
	case TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD:
		return TD_ELIGIBILITY_ELIGIBLE_NEW_CARD;
	case TD_ELIGIBILITY_STATUS_EXPIRED:
		return TD_ELIGIBILITY_EXPIRED;
	case TD_ELIGIBILITY_STATUS_NOT_FOUND:
		return TD_ELIGIBILITY_NOT_FOUND;
	case TD_ELIGIBILITY_STATUS_NAME_MISMATCH:
	case TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH:
		return TD_ELIGIBILITY_MISMATCH;
	case TD_ELIGIBILITY_STATUS_REVOKED:
	case TD_ELIGIBILITY_STATUS_REDUCED:
		return TD_ELIGIBILITY_REVOKED;
	case TD_ELIGIBILITY_STATUS_DEFENCE_POLICE_CARD:
		return TD_ELIGIBILITY_OTHER_AGENCY;
	case TD_ELIGIBILITY_STATUS_CHILD_WITHOUT_CARD:
		return TD_ELIGIBILITY_CHILD_NO_CARD;
	case TD_ELIGIBILITY_STATUS_CONFIG_ERROR:
		return TD_ELIGIBILITY_CONFIG_ERROR;
	case TD_ELIGIBILITY_STATUS_UNAVAILABLE:
		return TD_ELIGIBILITY_UNAVAILABLE;
	case TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED:
		return TD_ELIGIBILITY_NEW_CARD_UNCONFIRMED;
	case TD_ELIGIBILITY_STATUS_SEE_STAFF:
	default:
		return TD_ELIGIBILITY_UNKNOWN_CODE;
	}
}
