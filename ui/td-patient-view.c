/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-patient-view.h"
#include "td-secret.h"

#define TD_ADULT_AGE 18

TdPatientAddress
td_patient_address_from_card(const gchar *sex, const TdDate *birth, GDate *today)
{
	g_autoptr(GDate) now = NULL;

	if (birth != NULL && birth->year > 0) {
		guint years;
		if (today == NULL) {
			now = g_date_new();
			g_date_set_time_t(now, time(NULL));
			today = now;
		}
		years = g_date_get_year(today) - birth->year;
		/* a birthday later in the year not reached yet; a year-only
		 * date counts as born on 1 January */
		if (birth->precision >= TD_DATE_PRECISION_MONTH &&
		    (g_date_get_month(today) < birth->month ||
		     (g_date_get_month(today) == birth->month && birth->precision >= TD_DATE_PRECISION_DAY &&
		      g_date_get_day(today) < birth->day)))
			years--;
		if (years < TD_ADULT_AGE)
			return TD_ADDRESS_CHILD;
	}
	if (g_strcmp0(sex, "Nam") == 0)
		return TD_ADDRESS_MAN;
	if (g_strcmp0(sex, "Nữ") == 0)
		return TD_ADDRESS_WOMAN;
	return TD_ADDRESS_UNKNOWN;
}

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

void
td_patient_view_copy(TdPatientView *dest, const TdPatientView *src)
{
	td_patient_view_clear(dest);
	if (src == NULL)
		return;
	*dest = *src;
	dest->full_name = g_strdup(src->full_name);
	dest->see_staff_reason = g_strdup(src->see_staff_reason);
}

const gchar *
td_patient_view_insurance_text(const TdPatientView *view)
{
	switch (view->eligibility) {
	case TD_ELIGIBILITY_ELIGIBLE:
		return view->registered_here
			   ? _("Your health insurance card is valid. Your registered clinic: this station.")
			   : _("Your health insurance card is valid.");
	case TD_ELIGIBILITY_ELIGIBLE_NEW_CARD:
		return td_patient_view_addressed(view, N_("Your health insurance is valid. A new insurance card has "
							  "been issued to you: reception will tell you more."));
	case TD_ELIGIBILITY_EXPIRED:
		return _("Your health insurance card has expired.");
	case TD_ELIGIBILITY_NOT_FOUND:
		return td_patient_view_addressed(view, N_("The kiosk has not found your health insurance yet."));
	case TD_ELIGIBILITY_MISMATCH:
		return _("The insurance records do not match your ID card.");
	case TD_ELIGIBILITY_REVOKED:
		return _("Your health insurance card is no longer in use.");
	case TD_ELIGIBILITY_OTHER_AGENCY:
		return _("Your insurance card is managed by another agency.");
	case TD_ELIGIBILITY_CHILD_NO_CARD:
		return _("The child's insurance card has not been issued yet.");
	case TD_ELIGIBILITY_NEW_CARD_UNCONFIRMED:
		return _("A new health insurance card has been issued. Reception will check the new card.");
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

	/* the check-in reaches the disk, later: staff find it */
	if (view->commit_late)
		return td_patient_view_addressed(view, N_("Your check-in is still being saved. Please go to "
							  "reception: they will give you your number."));
	if (view->commit_failed)
		return _("The kiosk could not save your check-in. Please go to reception.");
	if (g_str_equal(reason, "card-forged") || g_str_equal(reason, "card-untrusted") ||
	    g_str_equal(reason, "card-chip-unproven"))
		return _("The kiosk could not confirm your ID card. Please show it at reception.");
	if (g_str_equal(reason, "card-unreadable"))
		return _("Your ID card could not be read to the end. Please show it at reception.");
	if (g_str_equal(reason, "card-not-answering"))
		return td_patient_view_addressed(view, N_("The card reader could not finish reading your card. Please "
							  "take your card to reception."));
	if (g_str_equal(reason, "data-mismatch"))
		return td_patient_view_addressed(view, N_("The name or birth date on your card differs from the "
							  "insurance records. Reception will check them with you."));
	if (g_str_equal(reason, "insurance-expired"))
		return _("Your health insurance card has expired. Reception will tell you how to renew it "
			 "or how to pay for this visit.");
	if (g_str_equal(reason, "insurance-not-found"))
		return td_patient_view_addressed(view, N_("The kiosk has not found your health insurance. If you have "
							  "a paper insurance card, please take it to the reception desk."));
	if (g_str_equal(reason, "insurance-revoked"))
		return _("Your health insurance card is no longer in use. Reception will explain why.");
	if (g_str_equal(reason, "other-agency-card"))
		return _("Your insurance card is managed by the army or police insurance. Please show "
			 "your paper insurance card at reception.");
	if (g_str_equal(reason, "child-without-card"))
		return _("The child's insurance card has not been issued yet. Reception will help you.");
	if (g_str_equal(reason, "insurance-new-card-unconfirmed"))
		return _("A new health insurance card has been issued. Reception will check the new card.");
	if (g_str_has_prefix(reason, "gateway-"))
		return _("The insurance check is not available right now. Reception will check it later.");
	return td_patient_view_addressed(view, N_("Reception needs to check a few things with you."));
}

/* The patient's next step is the desk: the kiosk decided so, or the
 * check-in was not stored (or not in time). */
static gboolean
td_patient_view_goes_to_desk(const TdPatientView *view)
{
	return view->commit_failed || view->commit_late || view->outcome == TD_OUTCOME_SEE_STAFF;
}

const gchar *
td_patient_view_next_step_text(const TdPatientView *view)
{
	if (!view->decided)
		return "";
	/* addressed as the sentence for a plain wait is: "Xin mời ngồi chờ"
	 * beside "Kính chào bà …" read as curt */
	if (td_patient_view_goes_to_desk(view))
		return td_patient_view_addressed(view, N_("Please go to the reception desk. Bring your ID card."));
	if (view->outcome == TD_OUTCOME_PENDING_ELIGIBILITY)
		return td_patient_view_addressed(
		    view, N_("Please take a seat. Reception will call your number to confirm your insurance."));
	return td_patient_view_addressed(view,
					 N_("Please take a seat and wait. Your number will be called to the examination room."));
}

const gchar *
td_patient_view_ticket_next_text(const TdPatientView *view)
{
	/* "ngồi chờ" above the VNeID question's "Tiếp tục" sent patients to
	 * their seat with the question unanswered: the question comes first,
	 * and the wait after it is still said */
	if (!view->decided || td_patient_view_goes_to_desk(view) || !view->vneid_pending)
		return td_patient_view_next_step_text(view);
	if (view->outcome == TD_OUTCOME_PENDING_ELIGIBILITY)
		return td_patient_view_addressed(view, N_("Please answer one more question, then take a seat. "
							  "Reception will call your number to confirm your insurance."));
	return td_patient_view_addressed(view, N_("Please answer one more question, then take a seat. Your number "
						  "will be called to the examination room."));
}

const gchar *
td_patient_view_addressed(const TdPatientView *view, const gchar *msgid)
{
	/* one English msgid, a Vietnamese sentence per form of address: the
	 * catalogues hold it under these contexts */
	static const gchar *const contexts[] = {
	    [TD_ADDRESS_MAN] = "address-man",
	    [TD_ADDRESS_WOMAN] = "address-woman",
	    [TD_ADDRESS_CHILD] = "address-child",
	};
	if (view->address == TD_ADDRESS_UNKNOWN || (guint)view->address >= G_N_ELEMENTS(contexts))
		return g_dgettext(GETTEXT_PACKAGE, msgid);
	return g_dpgettext2(GETTEXT_PACKAGE, contexts[view->address], msgid);
}

gchar *
td_patient_view_greeting(const TdPatientView *view)
{
	if (view->full_name == NULL || view->full_name[0] == '\0')
		return g_strdup(_("Welcome"));
	/* TRANSLATORS: %s is the patient's full name from the ID card */
	return g_strdup_printf(td_patient_view_addressed(view, N_("Welcome, %s")), view->full_name);
}

const gchar *
td_patient_view_finish_text(void)
{
	/* the card left on the reader is the commonest loss */
	return _("Done. Please remember to take back your ID card.");
}
