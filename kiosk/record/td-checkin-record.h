/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one check-in leaves behind, shared by the session state machine
 * (which fills it), the policy (which decides the outcome), the storage
 * (which keeps it) and the reports (which count it). It holds no personal
 * data: the ID number only as a keyed hash. What staff need to act on an
 * exception lives in TdCheckinException, kept only until it is resolved
 * (plus a retention period). */

typedef enum {
	TD_CARD_VERDICT_NO_CARD,    /* manual check-in by staff */
	TD_CARD_VERDICT_GENUINE,    /* PA valid and clone check passed */
	TD_CARD_VERDICT_UNVERIFIED, /* PA valid, no clone check; or CSCA missing */
	TD_CARD_VERDICT_FORGED,	    /* a signature, hash or clone check failed */
	TD_CARD_VERDICT_UNREADABLE, /* the card could not be read to the end */
} TdCardVerdict;

/* The eligibility answer, as the kiosk acts on it (net/ has the detail). */
typedef enum {
	TD_ELIGIBILITY_NOT_CHECKED,
	TD_ELIGIBILITY_ELIGIBLE,
	TD_ELIGIBILITY_ELIGIBLE_NEW_CARD,
	TD_ELIGIBILITY_EXPIRED,
	TD_ELIGIBILITY_NOT_FOUND,
	TD_ELIGIBILITY_MISMATCH,      /* name or birth date */
	TD_ELIGIBILITY_REVOKED,	      /* revoked or reduced */
	TD_ELIGIBILITY_OTHER_AGENCY,  /* defence / police managed card */
	TD_ELIGIBILITY_CHILD_NO_CARD,
	TD_ELIGIBILITY_CONFIG_ERROR,  /* 054, 055, 205, 401 after retry */
	TD_ELIGIBILITY_UNAVAILABLE,   /* gateway down, timeout, malformed */
	TD_ELIGIBILITY_NEW_CARD_UNCONFIRMED, /* 003: old card expired, a new one not named */
	TD_ELIGIBILITY_UNKNOWN_CODE,  /* kept verbatim: see staff */
} TdEligibilityVerdict;

typedef enum {
	TD_VNEID_NOT_ASKED,
	TD_VNEID_INTEGRATED,
	TD_VNEID_NOT_YET,
	TD_VNEID_NO_ACCOUNT,   /* no level-2 account: sent to the commune police */
	TD_VNEID_ASSISTED,     /* staff helped integrate it now */
	TD_VNEID_NO_SMARTPHONE, /* "I do not use a smartphone": no guide shown */
	TD_VNEID_LEFT,	       /* shown the question, left before answering */
} TdVneidAnswer;

typedef enum {
	TD_OUTCOME_CHECKED_IN,		/* finished at the kiosk */
	TD_OUTCOME_PENDING_ELIGIBILITY, /* gateway out: staff confirm later */
	TD_OUTCOME_SEE_STAFF,		/* an exception for reception */
} TdOutcome;

typedef struct {
	gint64 id;		 /* set by the store; 0 until stored, negative while in a kiosk's offline journal */
	gint64 time_unix;	 /* when the patient saw it confirmed */
	gchar day[11];		 /* yyyy-mm-dd, local time, the queue's day */
	guint queue_number;	 /* set by the store, per day and series, from 1 */
	/* the series of the number: "" the station's one sequence (online),
	 * or the kiosk's letter ([station] offline-letter) for a check-in
	 * its offline journal took while the database could not be reached.
	 * Set by the store; td_queue_label() shows the two together. */
	gchar queue_series[2];
	TdCardVerdict card_verdict;
	gchar *card_reasons;	 /* short text, no personal data, or NULL */
	TdEligibilityVerdict eligibility;
	gchar *eligibility_code; /* the gateway's maKetQua verbatim, or NULL */
	gint benefit_level;	 /* 1..5, 0 unknown */
	gboolean registered_here;
	TdVneidAnswer vneid;
	TdOutcome outcome;
	gchar *see_staff_reason; /* a word, e.g. "card-forged", or NULL */
	gchar *id_hash;		 /* the ID's keyed slow hash (td-id-hash), per station; NULL after link-days */
	/* what the card held that could not be read (DG13 entries it skipped),
	 * one English sentence each, for staff; no personal data. NULL when
	 * none. The check-in goes through with them. */
	gchar **card_warnings;
	/* where it came from, unique on a station's server ("kiosk-id:uuid"):
	 * given by a kiosk's journaled store before the first attempt, so the
	 * server and the offline journal know it as the same check-in (a
	 * commit whose reply was lost is not taken twice); NULL otherwise */
	gchar *origin;
} TdCheckinRecord;

/* Personal data for reception, only for check-ins that need them. */
typedef struct {
	gint64 id;		 /* set by the store */
	gint64 checkin_id;
	gint64 created_unix;	 /* set by the store */
	gchar *id_number;
	gchar *full_name;
	gchar *date_of_birth;	 /* ISO: yyyy-mm-dd, or yyyy-mm / yyyy when the card has no more */
	gchar *card_code;	 /* BHYT card code when known */
	gchar *reason;		 /* same word as see_staff_reason */
	gchar *detail;		 /* a sentence for staff */
	gboolean resolved;
	gchar *resolution;	 /* action word, when resolved; "expired" when nobody did in time */
	gint64 resolved_unix;
	gchar *resolved_by; /* the staff account's name, when resolved by someone; NULL otherwise */
	/* the check-in's ticket number, read with the case by
	 * list_exceptions (staff find a patient by the number in their hand;
	 * not personal data): td_queue_label() shows the two; 0 and "" when
	 * not read */
	guint queue_number;
	gchar queue_series[2];
} TdCheckinException;

TdCheckinRecord *td_checkin_record_new(void);
void td_checkin_record_free(TdCheckinRecord *record);
TdCheckinException *td_checkin_exception_new(void);
void td_checkin_exception_free(TdCheckinException *exception); /* wipes */

/* Whether the kiosk asks this check-in the VNeID question: a patient
 * with a stored number, not sent to the desk, who has not answered
 * (today, or "integrated" within ask-again-days, which the store fills
 * in). Their ticket carries the guide's code too. */
gboolean td_checkin_record_vneid_to_ask(const TdCheckinRecord *record);

/* The one way a queue number is shown to people (screen, ticket, staff
 * console, the command line): "17" for the station's sequence, "B-017"
 * for kiosk B's offline series (three digits, so the letter stands apart
 * from the number and the two series never look alike). */
gchar *td_queue_label(const gchar *series, guint number);
/* The same for the voice: the letter, then the number as a number
 * ("B 17"), which espeak-ng says as words in either language. */
gchar *td_queue_label_spoken(const gchar *series, guint number);
/* TRUE for a valid series: "" or one capital letter A–Z. */
gboolean td_queue_series_is_valid(const gchar *series);

const gchar *td_card_verdict_to_string(TdCardVerdict verdict);
const gchar *td_eligibility_verdict_to_string(TdEligibilityVerdict verdict);
const gchar *td_vneid_answer_to_string(TdVneidAnswer answer);
const gchar *td_outcome_to_string(TdOutcome outcome);
/* The reverse, for the store; FALSE on an unknown word. */
gboolean td_card_verdict_from_string(const gchar *str, TdCardVerdict *out);
gboolean td_eligibility_verdict_from_string(const gchar *str, TdEligibilityVerdict *out);
gboolean td_vneid_answer_from_string(const gchar *str, TdVneidAnswer *out);
gboolean td_outcome_from_string(const gchar *str, TdOutcome *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCheckinRecord, td_checkin_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCheckinException, td_checkin_exception_free)

G_END_DECLS
