/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "td-checkin-policy.h"
#include "td-date.h"
#include "td-i18n.h"
#include "td-secret.h"
#include "td-staff-words.h"

const gchar *
td_staff_action_text(const gchar *action)
{
	if (g_strcmp0(action, "accepted-paper-card") == 0)
		return _("Accepted with paper insurance card");
	if (g_strcmp0(action, "self-pay") == 0)
		return _("Self-pay");
	if (g_strcmp0(action, "referred") == 0)
		return _("Referred elsewhere");
	if (g_strcmp0(action, "eligibility-confirmed") == 0)
		return _("Check the insurance card again");
	if (g_strcmp0(action, "card-code-entered") == 0)
		return _("Type the insurance card code");
	return _("Helped integrate into VNeID");
}

const gchar *
td_staff_resolution_text(const gchar *resolution)
{
	if (g_strcmp0(resolution, "accepted-paper-card") == 0)
		return _("Accepted with paper insurance card");
	if (g_strcmp0(resolution, "self-pay") == 0)
		return _("Self-pay");
	if (g_strcmp0(resolution, "referred") == 0)
		return _("Sent elsewhere");
	if (g_strcmp0(resolution, "eligibility-confirmed") == 0)
		return _("Insurance confirmed by the gateway");
	if (g_strcmp0(resolution, "card-code-entered") == 0)
		return _("Insurance card code entered");
	if (g_strcmp0(resolution, "vneid-assisted") == 0)
		return _("Helped integrate into VNeID"); /* closed a case before schema 9's tiepdon */
	if (g_strcmp0(resolution, "expired") == 0)
		return _("Closed when its time ran out");
	return _("Closed");
}

const gchar *
td_staff_vneid_text(TdVneidAnswer answer)
{
	switch (answer) {
	case TD_VNEID_INTEGRATED:
		return _("Already in VNeID (the patient's answer)");
	case TD_VNEID_NOT_YET:
		return _("Not yet in VNeID: shown the steps");
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
td_staff_reason_text(const gchar *reason)
{
	/* the policy table holds them, in Vietnamese (reception's language,
	 * whatever a patient last chose), next to its rules */
	const gchar *words = td_checkin_policy_staff_words(reason);
	return words != NULL ? words : _("A case the kiosk could not settle");
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
	case TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH:
		return _("The name or birth date differs from the insurance records.");
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
	case TD_ELIGIBILITY_STATUS_SEE_STAFF:
	default:
		return _("The gateway answered something the kiosk does not know: tell the administrator.");
	}
}
