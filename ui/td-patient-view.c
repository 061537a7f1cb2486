/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-patient-view.h"
#include "td-secret.h"

TdPatientView *
td_patient_view_new(void)
{
	return g_new0(TdPatientView, 1);
}

void
td_patient_view_clear(TdPatientView *view)
{
	g_clear_pointer(&view->full_name, td_str_clear_free);
	g_clear_pointer(&view->see_staff_reason, g_free);
	memset(view, 0, sizeof(*view));
}

void
td_patient_view_free(TdPatientView *view)
{
	if (view == NULL)
		return;
	td_patient_view_clear(view);
	g_free(view);
}

const gchar *
td_patient_view_insurance_text(const TdPatientView *view)
{
	switch (view->eligibility) {
	case TD_ELIGIBILITY_ELIGIBLE:
		return view->registered_here ? _("Your health insurance card is valid at this station.")
					     : _("Your health insurance card is valid.");
	case TD_ELIGIBILITY_ELIGIBLE_NEW_CARD:
		return _("Your health insurance is valid. A new insurance card has been issued to you: "
			 "reception will tell you more.");
	case TD_ELIGIBILITY_EXPIRED:
		return _("Your health insurance card has expired.");
	case TD_ELIGIBILITY_NOT_FOUND:
		return _("No health insurance card was found for you.");
	case TD_ELIGIBILITY_MISMATCH:
		return _("The insurance records do not match your ID card.");
	case TD_ELIGIBILITY_REVOKED:
		return _("Your health insurance card is no longer in use.");
	case TD_ELIGIBILITY_OTHER_AGENCY:
		return _("Your insurance card is managed by another agency.");
	case TD_ELIGIBILITY_CHILD_NO_CARD:
		return _("The child's insurance card has not been issued yet.");
	case TD_ELIGIBILITY_CONFIG_ERROR:
	case TD_ELIGIBILITY_UNAVAILABLE:
		return _("The insurance check is not available right now. Reception will check it later.");
	case TD_ELIGIBILITY_UNKNOWN_CODE:
	case TD_ELIGIBILITY_NOT_CHECKED:
	default:
		return _("Your health insurance could not be checked here.");
	}
}

const gchar *
td_patient_view_see_staff_text(const TdPatientView *view)
{
	const gchar *reason = view->see_staff_reason != NULL ? view->see_staff_reason : "";

	if (view->commit_failed)
		return _("The kiosk could not save your check-in. Please go to reception.");
	if (g_str_equal(reason, "card-forged") || g_str_equal(reason, "card-untrusted"))
		return _("The kiosk could not confirm your ID card. Please show it at reception.");
	if (g_str_equal(reason, "card-unreadable"))
		return _("Your ID card could not be read to the end. Please show it at reception.");
	if (g_str_equal(reason, "data-mismatch"))
		return _("The name or birth date on your card differs from the insurance records. "
			 "Reception will check them with you.");
	if (g_str_equal(reason, "insurance-expired"))
		return _("Your health insurance card has expired. Reception will tell you how to renew it "
			 "or how to pay for this visit.");
	if (g_str_equal(reason, "insurance-not-found"))
		return _("No health insurance card was found for you. Please bring your paper insurance "
			 "card, or ask reception.");
	if (g_str_equal(reason, "insurance-revoked"))
		return _("Your health insurance card is no longer in use. Reception will explain why.");
	if (g_str_equal(reason, "other-agency-card"))
		return _("Your insurance card is managed by the army or police insurance. Please show "
			 "your paper insurance card at reception.");
	if (g_str_equal(reason, "child-without-card"))
		return _("The child's insurance card has not been issued yet. Reception will help you.");
	return _("Reception needs to check a few things with you.");
}

const gchar *
td_patient_view_next_step_text(const TdPatientView *view)
{
	if (!view->decided)
		return "";
	if (view->commit_failed || view->outcome == TD_OUTCOME_SEE_STAFF)
		return _("Please go to the reception desk. Bring your ID card.");
	if (view->outcome == TD_OUTCOME_PENDING_ELIGIBILITY)
		return _("Please take a seat. Reception will call your number to confirm your insurance.");
	return _("Please take a seat and wait. Your number will be called to the examination room.");
}
