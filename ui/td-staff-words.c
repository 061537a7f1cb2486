/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "td-check-result.h"
#include "td-checkin-policy.h"
#include "td-date.h"
#include "td-i18n.h"
#include "td-secret.h"
#include "td-staff-words.h"

/* Each staff action: the button's words (what to do), and the words for
 * after it (what was done: the history, the minute to undo, a colleague's
 * decision). "expired" is the purge's: it has no button. "vneid-assisted"
 * closed a case before this tiepdon's schema 9; now its button records the
 * help beside a case that stays open. */
static const struct {
	const gchar *action;
	const gchar *button;
	const gchar *done;
} td_staff_action_words_table[] = {
    {"accepted-paper-card", N_("Accepted with paper insurance card"), N_("Accepted with paper insurance card")},
    {"self-pay", N_("Self-pay"), N_("Self-pay")},
    {"referred", N_("Referred elsewhere"), N_("Sent elsewhere")},
    {"patient-left", N_("Patient went home"), N_("Went home without a visit")},
    {"eligibility-confirmed", N_("Check the insurance card again"), N_("Insurance confirmed by the gateway")},
    {"card-code-entered", N_("Type the insurance card code"), N_("Insurance card code entered")},
    {"vneid-assisted", N_("Helped integrate into VNeID"), N_("Helped integrate into VNeID")},
    {"expired", NULL, N_("Closed when its time ran out")},
};

static gint
td_staff_action_index(const gchar *action)
{
	for (guint i = 0; i < G_N_ELEMENTS(td_staff_action_words_table); i++) {
		if (g_strcmp0(action, td_staff_action_words_table[i].action) == 0)
			return (gint)i;
	}
	return -1;
}

const gchar *
td_staff_action_text(const gchar *action)
{
	gint i = td_staff_action_index(action);
	return i >= 0 && td_staff_action_words_table[i].button != NULL ? _(td_staff_action_words_table[i].button)
								   : _("Helped integrate into VNeID");
}

const gchar *
td_staff_resolution_text(const gchar *resolution)
{
	gint i = td_staff_action_index(resolution);
	return i >= 0 ? _(td_staff_action_words_table[i].done) : _("Closed");
}

const gchar *
td_staff_vneid_text(TdVneidAnswer answer)
{
	switch (answer) {
	case TD_VNEID_INTEGRATED:
		return _("Already in VNeID (the patient's answer)");
	case TD_VNEID_NOT_YET:
		return _("Not yet in VNeID");
	case TD_VNEID_NO_ACCOUNT:
		return _("No VNeID account yet: sent to the commune police");
	case TD_VNEID_ASSISTED:
		return _("Helped integrate into VNeID");
	case TD_VNEID_NO_SMARTPHONE:
		return _("Does not use a smartphone");
	case TD_VNEID_LEFT:
		return _("Left before answering");
	case TD_VNEID_NOT_ASKED:
	default:
		return _("Not asked");
	}
}

const gchar *
td_staff_printer_fault_text(const gchar *code)
{
	return _(td_check_printer_fault_words(code));
}

const gchar *
td_staff_reason_text(const gchar *reason)
{
	/* the policy table holds them, in Vietnamese (reception's language,
	 * whatever a patient last chose), next to its rules */
	const gchar *words = td_checkin_policy_staff_words(reason);
	return words != NULL ? words : _("A case the kiosk could not settle");
}

const gchar *
td_staff_case_reason_text(const gchar *reason, const TdCheckinRecord *record)
{
	/* "the name or the birth date" sent staff to compare both with the
	 * paper card; the gateway said which. In Vietnamese in both
	 * languages, as the policy's words it refines */
	if (g_strcmp0(reason, "data-mismatch") == 0 && record != NULL && record->eligibility_code != NULL) {
		switch (td_eligibility_status_from_code(record->eligibility_code)) {
		case TD_ELIGIBILITY_STATUS_NAME_MISMATCH:
			return "Họ tên trên thẻ căn cước khác với dữ liệu bảo hiểm";
		case TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH:
			return "Ngày sinh trên thẻ căn cước khác với dữ liệu bảo hiểm";
		default:
			break;
		}
	}
	return td_staff_reason_text(reason);
}

/* The card item a DG13 entry number stands for, as staff call it. */
static const gchar *
td_card_item_text(guint entry)
{
	switch (entry) {
	case 1:
		return _("the ID number");
	case 2:
		return _("the full name");
	case 3:
		return _("the date of birth");
	case 4:
		return _("the sex");
	case 5:
		return _("the nationality");
	case 6:
		return _("the ethnicity");
	case 7:
		return _("the religion");
	case 8:
		return _("the place of origin");
	case 9:
		return _("the place of residence");
	case 10:
		return _("the identification features");
	case 11:
		return _("the issue date");
	case 12:
		return _("the expiry date");
	case 13:
		return _("the parents' names");
	case 14:
		return _("the spouse's name");
	case 15:
		return _("the old ID number");
	default:
		return NULL;
	}
}

gchar *
td_staff_card_warning_text(const gchar *warning)
{
	guint entry = 0;
	const gchar *item = NULL;

	if (sscanf(warning, "entry %u (", &entry) == 1)
		item = td_card_item_text(entry);
	if (item == NULL)
		return g_strdup(_("Some data in the chip could not be read."));
	return g_strdup_printf(_("The chip's %s could not be read."), item);
}

gchar *
td_staff_date_display(const gchar *iso)
{
	TdDate date = {0};
	gchar *text;

	if (iso == NULL)
		return NULL;
	if (!td_date_parse_iso(iso, &date, NULL))
		return g_strdup(iso); /* written by another version: as it is */
	text = td_date_format_display(&date);
	td_memwipe(&date, sizeof(date));
	return text;
}

const gchar *
td_staff_eligibility_text(const TdEligibility *eligibility)
{
	switch (eligibility->status) {
	case TD_ELIGIBILITY_STATUS_ELIGIBLE:
	case TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD:
		return _("The insurance card is valid.");
	case TD_ELIGIBILITY_STATUS_EXPIRED:
		return _("The insurance card has expired.");
	case TD_ELIGIBILITY_STATUS_NOT_FOUND:
		return _("The gateway finds no insurance card for this person.");
	case TD_ELIGIBILITY_STATUS_NAME_MISMATCH:
		return _("The name differs from the insurance records.");
	case TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH:
		return _("The birth date differs from the insurance records.");
	case TD_ELIGIBILITY_STATUS_REVOKED:
	case TD_ELIGIBILITY_STATUS_REDUCED:
		return _("The insurance card was revoked or its cover reduced.");
	case TD_ELIGIBILITY_STATUS_DEFENCE_POLICE_CARD:
		return _("The card is managed by the defence or police insurance: check the paper card.");
	case TD_ELIGIBILITY_STATUS_CHILD_WITHOUT_CARD:
		return _("The child's insurance card has not been issued yet.");
	case TD_ELIGIBILITY_STATUS_CONFIG_ERROR:
		return _("The gateway refused the kiosk's account or certificate: tell the administrator.");
	case TD_ELIGIBILITY_STATUS_UNAVAILABLE:
		return _("The gateway does not answer: try again later.");
	case TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED:
		return _("The old insurance card expired and a new one was issued: check with the new card's code.");
	case TD_ELIGIBILITY_STATUS_SEE_STAFF:
	default:
		return _("The gateway answered something the kiosk does not know: tell the administrator.");
	}
}
