/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-gateway-answer.h"
#include "td-gateway-error.h"

G_BEGIN_DECLS

/* What the kiosk does next, derived from the gateway's maKetQua (or from why
 * there was no answer). The verbatim code stays in TdEligibility.result_code. */
typedef enum {
	TD_ELIGIBILITY_STATUS_ELIGIBLE,		   /* 000 */
	TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD,   /* 004, or 003 confirmed with maTheMoi */
	TD_ELIGIBILITY_STATUS_EXPIRED,		   /* 010 */
	TD_ELIGIBILITY_STATUS_NOT_FOUND,	   /* 050 051 052 053 */
	TD_ELIGIBILITY_STATUS_NAME_MISMATCH,	   /* 060 061 */
	TD_ELIGIBILITY_STATUS_BIRTH_DATE_MISMATCH, /* 070 */
	TD_ELIGIBILITY_STATUS_REVOKED,		   /* 110 */
	TD_ELIGIBILITY_STATUS_REDUCED,		   /* 120 121 122 123 124 */
	TD_ELIGIBILITY_STATUS_DEFENCE_POLICE_CARD, /* 001 002: another BHXH manages it */
	TD_ELIGIBILITY_STATUS_CHILD_WITHOUT_CARD,  /* 130 */
	TD_ELIGIBILITY_STATUS_CONFIG_ERROR,	   /* 054 055 205, 401 after one retry, untrusted certificate */
	TD_ELIGIBILITY_STATUS_UNAVAILABLE,	   /* 100 101 500, HTTP/network/TLS/malformed */
	/* 003 not confirmed: the card asked about expired and a new one was
	 * issued, but the gateway named no usable new code (or the new code
	 * answered 003 too) */
	TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED,
	TD_ELIGIBILITY_STATUS_SEE_STAFF,	   /* a code this build does not know */
} TdEligibilityStatus;

typedef struct {
	TdEligibilityStatus status;
	gchar *result_code; /* maKetQua verbatim; NULL when the gateway gave none */
	/* for CONFIG_ERROR / UNAVAILABLE without a usable answer: why, as a
	 * TdGatewayError code (-1 otherwise) and a sentence for staff and logs
	 * that holds no personal data */
	gint failure;
	gchar *detail;
	/* the card, when the answer names one (all NULL/0 otherwise) */
	gchar *card_code;	   /* 15 characters; NULL for an insured answer
				    * that names the card by the ID number */
	guint benefit_level;	   /* 1..5 from the card code, 0 unknown */
	gchar *valid_from;	   /* yyyy-mm-dd */
	gchar *valid_to;	   /* yyyy-mm-dd */
	gchar *registered_facility; /* maDKBD */
	gboolean registered_here;  /* maDKBD is [station] code */
	gchar *five_year_date;	   /* yyyy-mm-dd: five years of continuous cover */
	gchar *new_card_code;	   /* 004: the new card beside the still-valid one */
	gchar *replaced_card_code; /* 003: the expired card the look-up started from */
	gchar *note;		   /* ghiChu: may hold personal data, show, never log */
} TdEligibility;

TdEligibility *td_eligibility_new_failure(TdEligibilityStatus status, gint failure,
					  const gchar *detail);
/* Maps an answer. station_code may be NULL (registered_here is then FALSE).
 * Fails with TD_GATEWAY_ERROR_MALFORMED when an eligible answer lacks
 * validity dates, or names its card by neither a well-formed card code
 * nor a 12-digit ID number (the client checks that number is the one
 * asked about). */
TdEligibility *td_eligibility_new_from_answer(const TdGatewayAnswer *answer,
					      const gchar *station_code, GError **error);
/* Builds the UNAVAILABLE / CONFIG_ERROR result for a failed call. */
TdEligibility *td_eligibility_new_from_error(const GError *error);
TdEligibility *td_eligibility_copy(const TdEligibility *eligibility);
void td_eligibility_free(TdEligibility *eligibility);

/* "eligible", "eligible-new-card", "expired", "not-found", "name-mismatch",
 * "birth-date-mismatch", "revoked", "reduced", "defence-police-card",
 * "child-without-card", "config-error", "unavailable", "new-card-unconfirmed",
 * "see-staff" */
const gchar *td_eligibility_status_to_string(TdEligibilityStatus status);
/* The status a maKetQua maps to (SEE_STAFF for unknown codes). */
TdEligibilityStatus td_eligibility_status_from_code(const gchar *result_code);
/* TRUE for a 15-character card code: 2 letters, benefit level 1-5, 12 digits. */
gboolean td_eligibility_card_code_is_valid(const gchar *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdEligibility, td_eligibility_free)

G_END_DECLS
