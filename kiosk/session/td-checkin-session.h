/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-checkin-policy.h"
#include "td-checkin-record.h"
#include "td-chip-verify.h"
#include "td-dg13.h"
#include "td-eligibility.h"
#include "td-gateway-client.h"
#include "td-pcsc-monitor.h"
#include "td-transport.h"
#include "td-trust-store.h"
#include "td-vneid-source.h"

G_BEGIN_DECLS

/* One patient at a time, as an explicit state machine (the transition
 * table is in td-checkin-session.c). Everything happens in the main context
 * the session was created in: card work, storing the record (COMMITTING)
 * and the VNeID history look-up run in GTask workers, the eligibility
 * look-up in the gateway client's worker, and their results come back here
 * as events; nothing blocks the main loop. The UI only observes the signals
 *
 *   state-changed (guint old_state, guint new_state)  TdCheckinState values
 *   warning       (guint seconds_left)  the patient is about to time out
 *
 * and sends events. Leaving a patient (card removed, time out, reset)
 * cancels card and network work and wipes what the session held. */
typedef enum {
	TD_CHECKIN_STATE_IDLE,		 /* "place your card" */
	TD_CHECKIN_STATE_CARD_PRESENT,	 /* a card arrived (passes straight on) */
	TD_CHECKIN_STATE_KEY_NEEDED,	 /* scan the QR or type the ID */
	TD_CHECKIN_STATE_READING,	 /* access control, DG13 */
	TD_CHECKIN_STATE_VERIFYING,	 /* rest of the card + look-up in parallel */
	TD_CHECKIN_STATE_RESULT,	 /* the outcome, shown */
	TD_CHECKIN_STATE_VNEID_STEP,	 /* integrated into VNeID? */
	TD_CHECKIN_STATE_COMMITTING,	 /* storing the record (a worker, an fsync) */
	TD_CHECKIN_STATE_TICKET,	 /* queue number (record stored) */
	TD_CHECKIN_STATE_SEE_STAFF,	 /* go to reception (record stored) */
	TD_CHECKIN_STATE_OUT_OF_SERVICE, /* no reader / no pcscd */
	TD_CHECKIN_STATE_N_STATES,
} TdCheckinState;

/* What happens to the session. Events that carry data (the reader's
 * name, the keys, the card's result, the eligibility answer, the store's
 * answer) come only through the functions below that take it; the
 * transition table decides on the data (its guards), nothing outside it. */
typedef enum {
	/* from the reader (or the test) */
	TD_CHECKIN_EVENT_CARD_INSERTED,	  /* td_checkin_session_card_inserted() */
	TD_CHECKIN_EVENT_CARD_REMOVED,
	TD_CHECKIN_EVENT_READER_LOST,
	TD_CHECKIN_EVENT_READER_BACK,
	/* from the patient or staff (the UI) */
	TD_CHECKIN_EVENT_KEY_SUBMITTED,	  /* td_checkin_session_submit_access_key() */
	TD_CHECKIN_EVENT_VNEID_ANSWERED,  /* td_checkin_session_answer_vneid() */
	TD_CHECKIN_EVENT_CONTINUE,	  /* "next" on the result page */
	TD_CHECKIN_EVENT_DONE,		  /* "finish" on the ticket page */
	TD_CHECKIN_EVENT_EXTEND_TIME,	  /* "more time" */
	TD_CHECKIN_EVENT_RESET,		  /* cancel / staff reset */
	/* from the session's own work */
	TD_CHECKIN_EVENT_KEY_REQUIRED,
	TD_CHECKIN_EVENT_DG13_READ,	  /* the summary and the look-up's query */
	TD_CHECKIN_EVENT_CARD_DONE,	  /* the card's result, or its error: a refused
					   * key, a lost card, one that stopped answering */
	TD_CHECKIN_EVENT_ELIGIBILITY_DONE, /* the answer (none: not checked) */
	TD_CHECKIN_EVENT_VNEID_KNOWN,	  /* the answer the VNeID source knew */
	TD_CHECKIN_EVENT_COMMITTED,	  /* the store's answer: the record or an error */
	TD_CHECKIN_EVENT_TIMEOUT,
	TD_CHECKIN_EVENT_N_EVENTS,
} TdCheckinEvent;

const gchar *td_checkin_state_to_string(TdCheckinState state);
const gchar *td_checkin_event_to_string(TdCheckinEvent event);

/* Opens the card in reader_name (NULL: the one that reported a card). Runs
 * in the card worker thread, may block, but no longer than deadline (a
 * connect that can hang takes it, as td_pcsc_transport_new_with_deadline()
 * does; the card work puts every later exchange under it); returns a new
 * reference. */
typedef TdTransport *(*TdCardConnectFunc)(const gchar *reader_name, const TdTransportDeadline *deadline,
					  gpointer user_data, GCancellable *cancellable, GError **error);
/* Stores a decided check-in and fills record->queue_number (and id).
 * exception NULL when staff need nothing. Wired to td_store_record_checkin().
 * Runs in a worker thread (it may fsync), one call at a time per session;
 * it must be thread-safe with respect to user_data. */
typedef gboolean (*TdCheckinCommitFunc)(TdCheckinRecord *record, TdCheckinException *exception,
					gpointer user_data, GError **error);
/* The keyed hash of a 12-digit ID (td_config_hash_id()); NULL on failure. */
typedef gchar *(*TdIdHashFunc)(const gchar *id12, gpointer user_data);

#define TD_TYPE_CHECKIN_SESSION (td_checkin_session_get_type())
G_DECLARE_FINAL_TYPE(TdCheckinSession, td_checkin_session, TD, CHECKIN_SESSION, GObject)

/* The session belongs to the thread-default main context at this call. */
TdCheckinSession *td_checkin_session_new(TdCardConnectFunc connect_func, gpointer user_data,
					 GDestroyNotify destroy);
/* A TdCardConnectFunc for PC/SC (td_pcsc_transport_new_with_deadline). */
TdTransport *td_checkin_connect_pcsc(const gchar *reader_name, const TdTransportDeadline *deadline,
				     gpointer user_data, GCancellable *cancellable, GError **error);

/* Set-up, before the first card. All optional: without a gateway every
 * check-in is "eligibility not checked", without a trust store every card
 * "untrusted", without a VNeID source the patient is always asked, without
 * a commit function nothing is stored (queue number 0). */
void td_checkin_session_set_gateway(TdCheckinSession *self, TdGatewayClient *client);
void td_checkin_session_set_trust_store(TdCheckinSession *self, TdTrustStore *store);
void td_checkin_session_set_vneid_source(TdCheckinSession *self, TdVneidSource *source);
void td_checkin_session_set_commit_func(TdCheckinSession *self, TdCheckinCommitFunc func, gpointer user_data,
					GDestroyNotify destroy);
void td_checkin_session_set_id_hash_func(TdCheckinSession *self, TdIdHashFunc func, gpointer user_data,
					 GDestroyNotify destroy);
/* How long the patient has in a state before the expiry event (time out,
 * or "continue" on the result page), and how long before it the warning
 * signal fires. 0 = no time limit. COMMITTING has one too (10 s): a store
 * that does not answer sends the patient to staff, the record still goes
 * to disk when the store comes back. */
void td_checkin_session_set_timeout(TdCheckinSession *self, TdCheckinState state, guint timeout_ms,
				    guint warning_ms);
/* How long a card has to answer one command and to be read whole
 * ([reader] command-timeout and card-timeout; default 5 s and 20 s). A
 * card past either is abandoned and the patient sent to staff
 * ("card-not-answering"); the next card is served by a fresh connection. */
#define TD_CHECKIN_DEFAULT_COMMAND_TIMEOUT_MS 5000
#define TD_CHECKIN_DEFAULT_CARD_TIMEOUT_MS    20000
void td_checkin_session_set_card_timeouts(TdCheckinSession *self, guint command_ms, guint card_ms);
/* Follows the monitor's card-inserted, card-removed, reader-removed,
 * service-lost and service-restored signals. reader_name NULL: any reader. */
void td_checkin_session_attach_monitor(TdCheckinSession *self, TdPcscMonitor *monitor, const gchar *reader_name);

/* Events. All of these must be called from the session's main context.
 * send_event() takes the events that carry no data. */
void td_checkin_session_send_event(TdCheckinSession *self, TdCheckinEvent event);
void td_checkin_session_card_inserted(TdCheckinSession *self, const gchar *reader_name);
void td_checkin_session_card_removed(TdCheckinSession *self);
void td_checkin_session_reader_lost(TdCheckinSession *self);
/* Takes ownership of keys (wiped when done). Before a card is present the
 * keys wait for it (a QR scanned first). */
void td_checkin_session_submit_access_key(TdCheckinSession *self, TdAccessKeyList *keys);
void td_checkin_session_answer_vneid(TdCheckinSession *self, TdVneidAnswer answer);
void td_checkin_session_extend_time(TdCheckinSession *self);

/* What the pages show. Pointers stay valid until the next state change. */
TdCheckinState td_checkin_session_get_state(TdCheckinSession *self);
/* The card's personal data, NULL outside a patient's session. */
const TdDg13 *td_checkin_session_get_dg13(TdCheckinSession *self);
const TdChipVerification *td_checkin_session_get_verification(TdCheckinSession *self);
const TdEligibility *td_checkin_session_get_eligibility(TdCheckinSession *self);
/* From RESULT on: the decided record (queue number from TICKET/SEE_STAFF on)
 * and the rule that decided it. While COMMITTING the record belongs to the
 * storing worker and this returns NULL: no queue number is shown before it
 * is on disk. */
const TdCheckinRecord *td_checkin_session_get_record(TdCheckinSession *self);
const TdPolicyRule *td_checkin_session_get_decision(TdCheckinSession *self);
/* TRUE after the chip refused every key (KEY_NEEDED shows "check the number"). */
gboolean td_checkin_session_get_key_refused(TdCheckinSession *self);
/* Why the card gave no verification (NULL when it did, or before it was
 * read): an unreadable card, one that stopped answering (TIMEOUT). */
const GError *td_checkin_session_get_card_error(TdCheckinSession *self);
/* Set when storing the record failed (the ticket page then says see staff). */
const GError *td_checkin_session_get_commit_error(TdCheckinSession *self);
/* Card or network work still running (also cancelled work not yet wound
 * down); tests wait for FALSE before they finish. */
gboolean td_checkin_session_is_busy(TdCheckinSession *self);
/* The gateway client the session asks (NULL without one), for staff
 * actions that must share its cache and rate limit. */
TdGatewayClient *td_checkin_session_get_gateway(TdCheckinSession *self);
/* The eligibility look-up for a citizen whose birth date the card gave (or
 * an exception kept, parsed back with td_date_parse_iso()): the reader's
 * typed date becomes the gateway's, partial dates included. Fails with
 * TD_GATEWAY_ERROR_INVALID_INPUT. */
TdEligibilityQuery *td_checkin_eligibility_query_new(const gchar *card_or_id, const gchar *name,
						     const TdDate *date_of_birth, GError **error);

/* For staff: reads the face image (DG2) from the current patient's card,
 * still open on the reader, in a worker. The result is the encoded image
 * as stored on the chip and its MIME type ("image/jpeg" or "image/jp2").
 * Fails with TD_READER_ERROR_NO_CARD when no card of a patient is open
 * (none yet, the card could not be read, the patient has left) and with
 * TD_READER_ERROR_CARD_REMOVED when the card has left the reader. The
 * image is personal data: show it, do not keep it. */
void td_checkin_session_read_face_async(TdCheckinSession *self, GCancellable *cancellable,
					GAsyncReadyCallback callback, gpointer user_data);
GBytes *td_checkin_session_read_face_finish(TdCheckinSession *self, GAsyncResult *result, gchar **mime_type,
					    GError **error);

G_END_DECLS
