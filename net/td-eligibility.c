/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-eligibility.h"
#include "td-eligibility-query.h"
#include "td-secret.h"

static const struct {
	const gchar *code;
	TdEligibilityStatus status;
} code_table[] = {
	{"000", TD_ELIGIBILITY_STATUS_ELIGIBLE},
	{"001", TD_ELIGIBILITY_STATUS_DEFENCE_POLICE_CARD},
	{"002", TD_ELIGIBILITY_STATUS_DEFENCE_POLICE_CARD},
	/* 003 is asked again with maTheMoi by the client; an answer that still
	 * says 003 (no usable new code) needs a person with the new card */
	{"003", TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED},
	{"004", TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD},
	{"010", TD_ELIGIBILITY_STATUS_EXPIRED},
	{"050", TD_ELIGIBILITY_STATUS_NOT_FOUND},
	{"051", TD_ELIGIBILITY_STATUS_NOT_FOUND},
	{"052", TD_ELIGIBILITY_STATUS_NOT_FOUND},
	{"053", TD_ELIGIBILITY_STATUS_NOT_FOUND},
	{"054", TD_ELIGIBILITY_STATUS_CONFIG_ERROR},
	{"055", TD_ELIGIBILITY_STATUS_CONFIG_ERROR},
	{"060", TD_ELIGIBILITY_STATUS_NAME_MISMATCH},
	{"061", TD_ELIGIBILITY_STATUS_NAME_MISMATCH},
	{"070", TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH},
	{"100", TD_ELIGIBILITY_STATUS_UNAVAILABLE},
	{"101", TD_ELIGIBILITY_STATUS_UNAVAILABLE},
	{"110", TD_ELIGIBILITY_STATUS_REVOKED},
	{"120", TD_ELIGIBILITY_STATUS_REDUCED},
	{"121", TD_ELIGIBILITY_STATUS_REDUCED},
	{"122", TD_ELIGIBILITY_STATUS_REDUCED},
	{"123", TD_ELIGIBILITY_STATUS_REDUCED},
	{"124", TD_ELIGIBILITY_STATUS_REDUCED},
	{"130", TD_ELIGIBILITY_STATUS_CHILD_WITHOUT_CARD},
	{"205", TD_ELIGIBILITY_STATUS_CONFIG_ERROR},
	{"401", TD_ELIGIBILITY_STATUS_CONFIG_ERROR},
	{"500", TD_ELIGIBILITY_STATUS_UNAVAILABLE},
};

static const gchar *status_names[] = {
	[TD_ELIGIBILITY_STATUS_ELIGIBLE] = "eligible",
	[TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD] = "eligible-new-card",
	[TD_ELIGIBILITY_STATUS_EXPIRED] = "expired",
	[TD_ELIGIBILITY_STATUS_NOT_FOUND] = "not-found",
	[TD_ELIGIBILITY_STATUS_NAME_MISMATCH] = "name-mismatch",
	[TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH] = "birth-date-mismatch",
	[TD_ELIGIBILITY_STATUS_REVOKED] = "revoked",
	[TD_ELIGIBILITY_STATUS_REDUCED] = "reduced",
	[TD_ELIGIBILITY_STATUS_DEFENCE_POLICE_CARD] = "defence-police-card",
	[TD_ELIGIBILITY_STATUS_CHILD_WITHOUT_CARD] = "child-without-card",
	[TD_ELIGIBILITY_STATUS_CONFIG_ERROR] = "config-error",
	[TD_ELIGIBILITY_STATUS_UNAVAILABLE] = "unavailable",
	[TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED] = "new-card-unconfirmed",
	[TD_ELIGIBILITY_STATUS_SEE_STAFF] = "see-staff",
};

const gchar *
td_eligibility_status_to_string(TdEligibilityStatus status)
{
	if ((guint)status >= G_N_ELEMENTS(status_names))
		return "see-staff";
	return status_names[status];
}

TdEligibilityStatus
td_eligibility_status_from_code(const gchar *result_code)
{
	for (gsize i = 0; i < G_N_ELEMENTS(code_table); i++) {
		if (g_strcmp0(code_table[i].code, result_code) == 0)
			return code_table[i].status;
	}
	return TD_ELIGIBILITY_STATUS_SEE_STAFF;
}

gboolean
td_eligibility_card_code_is_valid(const gchar *code)
{
	if (code == NULL || strlen(code) != 15)
		return FALSE;
	if (!g_ascii_isupper(code[0]) || !g_ascii_isupper(code[1]))
		return FALSE;
	if (code[2] < '1' || code[2] > '5')
		return FALSE;
	for (gsize i = 3; i < 15; i++) {
		if (!g_ascii_isdigit(code[i]))
			return FALSE;
	}
	return TRUE;
}

void
td_eligibility_free(TdEligibility *e)
{
	if (e == NULL)
		return;
	/* the answer is about one patient: all of it is wiped, the dates
	 * and the facility of their card too (answers wait in the cache
	 * after the patient left) */
	td_str_clear_free(e->result_code);
	td_str_clear_free(e->detail);
	td_str_clear_free(e->card_code);
	td_str_clear_free(e->valid_from);
	td_str_clear_free(e->valid_to);
	td_str_clear_free(e->registered_facility);
	td_str_clear_free(e->five_year_date);
	td_str_clear_free(e->new_card_code);
	td_str_clear_free(e->replaced_card_code);
	td_str_clear_free(e->note);
	g_free(e);
}

TdEligibility *
td_eligibility_copy(const TdEligibility *e)
{
	TdEligibility *copy = g_new0(TdEligibility, 1);
	*copy = *e;
	copy->result_code = g_strdup(e->result_code);
	copy->detail = g_strdup(e->detail);
	copy->card_code = g_strdup(e->card_code);
	copy->valid_from = g_strdup(e->valid_from);
	copy->valid_to = g_strdup(e->valid_to);
	copy->registered_facility = g_strdup(e->registered_facility);
	copy->five_year_date = g_strdup(e->five_year_date);
	copy->new_card_code = g_strdup(e->new_card_code);
	copy->replaced_card_code = g_strdup(e->replaced_card_code);
	copy->note = g_strdup(e->note);
	return copy;
}

TdEligibility *
td_eligibility_new_failure(TdEligibilityStatus status, gint failure, const gchar *detail)
{
	TdEligibility *e = g_new0(TdEligibility, 1);
	e->status = status;
	e->failure = failure;
	e->detail = g_strdup(detail);
	return e;
}

TdEligibility *
td_eligibility_new_from_error(const GError *error)
{
	/* an untrusted certificate is ours to fix, like a refused account */
	gboolean config = error->domain == TD_GATEWAY_ERROR &&
			  (error->code == TD_GATEWAY_ERROR_CONFIG ||
			   error->code == TD_GATEWAY_ERROR_AUTH ||
			   error->code == TD_GATEWAY_ERROR_CERTIFICATE);
	gint failure = error->domain == TD_GATEWAY_ERROR ? error->code
							 : TD_GATEWAY_ERROR_CONNECT;
	return td_eligibility_new_failure(config ? TD_ELIGIBILITY_STATUS_CONFIG_ERROR
						 : TD_ELIGIBILITY_STATUS_UNAVAILABLE,
					  failure, error->message);
}

static const gchar *
status_detail(const gchar *code, TdEligibilityStatus status)
{
	if (g_strcmp0(code, "054") == 0)
		return "the staff ID number (staff-id) is not registered with BHXH";
	if (g_strcmp0(code, "055") == 0)
		return "the staff name (staff-name) does not match the staff ID number";
	if (g_strcmp0(code, "205") == 0)
		return "the gateway refused the request's format (a whole birth date is asked as dd/mm/yyyy and as "
		       "ddmmyyyy before this is said; one known to the month or year only has one form)";
	if (g_strcmp0(code, "401") == 0)
		return "the gateway refused the account";
	if (status == TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED)
		return "the card asked about expired and a new card was issued, but the gateway named no new card "
		       "code to ask about";
	if (status == TD_ELIGIBILITY_STATUS_UNAVAILABLE)
		return "the gateway reported an internal error";
	if (status == TD_ELIGIBILITY_STATUS_SEE_STAFF)
		return "the gateway answered a code this kiosk does not know";
	return NULL;
}

TdEligibility *
td_eligibility_new_from_answer(const TdGatewayAnswer *answer, const gchar *station_code,
			       GError **error)
{
	g_autoptr(TdEligibility) e = g_new0(TdEligibility, 1);
	gboolean eligible;

	e->result_code = g_strdup(answer->result_code);
	e->status = td_eligibility_status_from_code(answer->result_code);
	e->failure = -1;
	if (e->status == TD_ELIGIBILITY_STATUS_CONFIG_ERROR)
		e->failure = TD_GATEWAY_ERROR_AUTH;
	else if (e->status == TD_ELIGIBILITY_STATUS_UNAVAILABLE)
		e->failure = TD_GATEWAY_ERROR_HTTP;
	e->detail = g_strdup(status_detail(answer->result_code, e->status));
	eligible = e->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
		   e->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD;

	/* card fields are copied only when well-formed, so nothing the kiosk
	 * shows or compares can be garbage; for an eligible answer they must be */
	if (td_eligibility_card_code_is_valid(answer->card_code)) {
		e->card_code = g_strdup(answer->card_code);
		e->benefit_level = (guint)(answer->card_code[2] - '0');
	}
	e->valid_from = td_gateway_date_to_iso(answer->valid_from);
	e->valid_to = td_gateway_date_to_iso(answer->valid_to);
	e->five_year_date = td_gateway_date_to_iso(answer->five_year_date);
	if (answer->facility != NULL && answer->facility[0] != '\0' &&
	    strlen(answer->facility) <= 16) {
		e->registered_facility = g_strdup(answer->facility);
		e->registered_here = station_code != NULL &&
				     g_strcmp0(station_code, answer->facility) == 0;
	}
	if (td_eligibility_card_code_is_valid(answer->new_card_code))
		e->new_card_code = g_strdup(answer->new_card_code);
	e->note = g_strdup(answer->note);

	/* insured, the card named by the ID number, as a gateway asked by
	 * that number may answer ("maThe" takes the card code or the ID
	 * number, DOMAIN.md §3): the card code (and so the benefit level)
	 * stays unknown, not the insurance. Before, such an answer was
	 * unreadable and every patient asked by ID waited for staff */
	if (eligible && e->card_code == NULL && td_eligibility_is_id_number(answer->card_code) &&
	    e->valid_from != NULL && e->valid_to != NULL)
		return g_steal_pointer(&e);
	if (eligible && (e->card_code == NULL || e->valid_from == NULL || e->valid_to == NULL)) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
			    "the gateway answered %s without a valid card code and validity dates",
			    answer->result_code);
		return NULL;
	}
	return g_steal_pointer(&e);
}
