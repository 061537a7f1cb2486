/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-record.h"
#include "td-chip-verify.h"
#include "td-eligibility.h"

G_BEGIN_DECLS

/* What the kiosk does with one patient: ONE table (td-checkin-policy.c)
 * maps the card's class × the eligibility verdict to an outcome. The VNeID
 * answer is deliberately not an input: the session decides the outcome
 * before it asks the VNeID question, so no answer can block a check-in.
 *
 * The card class splits the chip's UNVERIFIED verdict in two, because the
 * clinic treats them differently (see the table's comment). */
typedef enum {
	TD_POLICY_CARD_NONE,	       /* manual check-in: staff saw the papers */
	TD_POLICY_CARD_GENUINE,	       /* PA valid, clone check passed */
	TD_POLICY_CARD_NO_CLONE_CHECK, /* PA valid, the chip offers no clone check */
	TD_POLICY_CARD_UNTRUSTED,      /* SOD intact, no CSCA in the trust store */
	TD_POLICY_CARD_FORGED,	       /* signature, hash or clone check failed */
	TD_POLICY_CARD_UNREADABLE,     /* the card could not be read to the end */
	TD_POLICY_CARD_NOT_ANSWERING,  /* the card (or reader) stopped answering: abandoned */
	TD_POLICY_CARD_CHIP_UNPROVEN,  /* the chip took the access key but could not prove it
					* has it: a chip not genuine, or a faulty one */
	TD_POLICY_CARD_N_CLASSES,
} TdPolicyCard;

/* One row of the table. A field set to TD_POLICY_ANY matches every value;
 * rows are tried in order and the first match wins. */
#define TD_POLICY_ANY (-1)

typedef struct {
	gint card;		  /* TdPolicyCard or TD_POLICY_ANY */
	gint eligibility;	  /* TdEligibilityVerdict or TD_POLICY_ANY */
	gint gateway_failure;	  /* TdGatewayError (why there is no verdict) or TD_POLICY_ANY */
	TdOutcome outcome;
	const gchar *reason;	  /* see_staff_reason word (also for pending), or NULL */
	const gchar *message_key; /* the patient-facing sentence, e.g. "checked-in.new-card" */
	gboolean staff_alert;	  /* tell staff even though the patient is checked in */
	const gchar *staff_words; /* what reception reads (Vietnamese), NULL when staff need nothing */
	const gchar *why;	  /* for the README and for reviewers */
} TdPolicyRule;

/* The rule that applies (never NULL: the last row matches everything).
 * gateway_failure: the TdGatewayError that left no verdict (TdEligibility's
 * failure), -1 when there was an answer. */
const TdPolicyRule *td_checkin_policy_decide(TdPolicyCard card, TdEligibilityVerdict eligibility,
					     gint gateway_failure);
/* The words staff read for a reason code ("card-forged", ...), NULL for
 * a code no rule gives. */
const gchar *td_checkin_policy_staff_words(const gchar *reason);
/* Whether a case of that reason waits for the gateway's answer (checked
 * in, insurance pending): asking again may settle it. */
gboolean td_checkin_policy_reason_waits_for_gateway(const gchar *reason);
/* The whole table, for documentation and tests. */
const TdPolicyRule *td_checkin_policy_get_rules(guint *n_rules);

/* verification NULL (the card failed mid-read) = UNREADABLE, or
 * NOT_ANSWERING when card_error is TD_READER_ERROR_TIMEOUT. */
TdPolicyCard td_policy_card_from_result(const TdChipVerification *verification, const GError *card_error);
TdCardVerdict td_policy_card_to_verdict(TdPolicyCard card);
const gchar *td_policy_card_to_string(TdPolicyCard card);
/* eligibility NULL (never looked up) = NOT_CHECKED. */
TdEligibilityVerdict td_policy_eligibility_from_result(const TdEligibility *eligibility);

G_END_DECLS
