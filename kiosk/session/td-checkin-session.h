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
 * the session was created in: card work, storing the record (COMMITTING),
 * the VNeID history look-up, the VNeID answer and the ticket run in GTask
 * workers, the eligibility look-up in the gateway client's worker, and
 * their results come back here as events; nothing blocks the main loop.
 * The UI only observes the signals
 *
 *   state-changed (guint old_state, guint new_state)  TdCheckinState values
 *   updated       ()  what the pages show changed within a state (the
 *                     ticket could not be printed, the VNeID answer taken)
 *   warning       (guint seconds_left)  the patient is about to time out
 *
 * and sends events. A check-in is stored when its number is shown, never
 * before (COMMITTING, then TICKET or SEE_STAFF): a patient who leaves
 * before has no number on record. The VNeID question comes after the
 * number; its answer is written to the stored check-in, or "left before
 * answering". Leaving a patient (card removed, time out, reset) cancels
 * card and network work and wipes what the session held. */
typedef enum {
	TD_CHECKIN_STATE_IDLE,		 /* "place your card" */
	TD_CHECKIN_STATE_ENTERING_KEY,	 /* typing the ID before the card */
	TD_CHECKIN_STATE_AWAITING_CARD,	 /* keys given (typed, scanned): "now the card" */
	TD_CHECKIN_STATE_CARD_PRESENT,	 /* a card arrived (passes straight on) */
	TD_CHECKIN_STATE_KEY_NEEDED,	 /* scan the QR or type the ID (or the birth date) */
	TD_CHECKIN_STATE_READING,	 /* access control, DG13 */
	TD_CHECKIN_STATE_VERIFYING,	 /* rest of the card + look-ups in parallel */
	TD_CHECKIN_STATE_COMMITTING,	 /* decided; storing the record (a worker, an fsync) */
	TD_CHECKIN_STATE_TICKET,	 /* queue number (record stored), ticket printed */
	TD_CHECKIN_STATE_VNEID_STEP,	 /* integrated into VNeID? (after the number) */
	TD_CHECKIN_STATE_SEE_STAFF,	 /* go to reception (record stored) */
	TD_CHECKIN_STATE_OUT_OF_SERVICE, /* no reader / no pcscd */
	TD_CHECKIN_STATE_N_STATES,
} TdCheckinState;

/* What KEY_NEEDED asks for: the ID (or the QR code), or, for a chip that
 * opens by BAC only, the birth date to go with the ID already typed. */
typedef enum {
	TD_CHECKIN_KEY_REQUEST_ID,
	TD_CHECKIN_KEY_REQUEST_BIRTH_DATE,
} TdCheckinKeyRequest;

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
	TD_CHECKIN_EVENT_KEY_ENTRY,	  /* "type my number" before the card */
	TD_CHECKIN_EVENT_KEY_SUBMITTED,	  /* td_checkin_session_submit_access_key() */
	TD_CHECKIN_EVENT_VNEID_ANSWERED,  /* td_checkin_session_answer_vneid() */
	TD_CHECKIN_EVENT_CONTINUE,	  /* "next" on the ticket page: the VNeID question */
	TD_CHECKIN_EVENT_DONE,		  /* "finish" on the last page */
	TD_CHECKIN_EVENT_EXTEND_TIME,	  /* "more time" */
	TD_CHECKIN_EVENT_RESET,		  /* cancel / staff reset */
	/* from the session's own work */
	TD_CHECKIN_EVENT_KEY_REQUIRED,
	TD_CHECKIN_EVENT_DG13_READ,	  /* the summary and the look-up's query */
	TD_CHECKIN_EVENT_CARD_DONE,	  /* the card's result, or its error: a refused
					   * key, a lost card, one that stopped answering */
	TD_CHECKIN_EVENT_ELIGIBILITY_DONE, /* the answer (none: not checked) */
	TD_CHECKIN_EVENT_VNEID_KNOWN,	  /* the answer the VNeID source knew (NOT_ASKED: ask) */
	TD_CHECKIN_EVENT_COMMITTED,	  /* the store's answer: the record or an error */
	TD_CHECKIN_EVENT_PRINTED,	  /* the ticket went to the printer, or its error */
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
/* The keyed hash of a 12-digit ID (td_config_hash_id()); NULL on failure.
 * Called in the card work's thread (scrypt: 13-20 ms the main loop must not
 * wait), so it must be thread-safe with respect to user_data. */
typedef gchar *(*TdIdHashFunc)(const gchar *id12, gpointer user_data);
/* The person's check-in of day (yyyy-mm-dd) already stored, so a second
 * visit gets the same number (td_store_find_checkin()); NULL and no error
 * when there is none. In the commit worker, like TdCheckinCommitFunc. */
typedef TdCheckinRecord *(*TdCheckinFindFunc)(const gchar *day, const gchar *id_hash, gpointer user_data,
					       GError **error);
/* Writes the VNeID answer given after the number (td_store_set_vneid_answer()),
 * in a worker. */
typedef gboolean (*TdCheckinVneidFunc)(gint64 checkin_id, TdVneidAnswer answer, gpointer user_data,
				       GError **error);
/* Prints the ticket for a stored check-in (full_name only for the
 * initials; NULL when unknown), in a worker: it may wait on the printer.
 * An error is a staff alert; the number stays on screen. */
typedef gboolean (*TdCheckinPrintFunc)(const TdCheckinRecord *record, const gchar *full_name, gpointer user_data,
				       GError **error);

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
void td_checkin_session_set_find_func(TdCheckinSession *self, TdCheckinFindFunc func, gpointer user_data,
				      GDestroyNotify destroy);
void td_checkin_session_set_vneid_func(TdCheckinSession *self, TdCheckinVneidFunc func, gpointer user_data,
				       GDestroyNotify destroy);
/* Without a print function no ticket is printed (the number is shown). */
void td_checkin_session_set_print_func(TdCheckinSession *self, TdCheckinPrintFunc func, gpointer user_data,
				       GDestroyNotify destroy);
/* How long the patient has in a state before the expiry event (time out,
 * "continue" on the ticket page, "done" on the last), and how long before
 * it the warning signal fires. 0 = no time limit. COMMITTING has one too
 * (10 s): a store that does not answer sends the patient to staff, the
 * record still goes to disk when the store comes back. A ticket that could
 * not be printed gives the ticket page TD_CHECKIN_UNPRINTED_NUMBER_MS
 * from then: the number stays long enough to be noted. */
#define TD_CHECKIN_UNPRINTED_NUMBER_MS (2 * 60 * 1000)
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
 * keys wait for it (a QR scanned first, AWAITING_CARD). */
void td_checkin_session_submit_access_key(TdCheckinSession *self, TdAccessKeyList *keys);
/* The birth date KEY_NEEDED asks for (TD_CHECKIN_KEY_REQUEST_BIRTH_DATE),
 * with the ID typed before: the BAC keys, expiry from the renewal rule.
 * FALSE when no birth date was asked for or the date is no date. */
gboolean td_checkin_session_submit_birth_date(TdCheckinSession *self, guint day, guint month, guint year);
void td_checkin_session_answer_vneid(TdCheckinSession *self, TdVneidAnswer answer);
void td_checkin_session_extend_time(TdCheckinSession *self);

/* What the pages show. Pointers stay valid until the next state change. */
TdCheckinState td_checkin_session_get_state(TdCheckinSession *self);
/* When the state's clock runs out (monotonic µs), 0 when it has none: the
 * pages show a countdown before an automatic move. */
gint64 td_checkin_session_get_deadline(TdCheckinSession *self);
TdCheckinKeyRequest td_checkin_session_get_key_request(TdCheckinSession *self);
/* The number shown is the one this person already had today. */
gboolean td_checkin_session_get_repeat_visit(TdCheckinSession *self);
/* IDLE with a card still on the reader: the last patient's, left behind
 * after the number (or when they walked away); it cannot start another
 * check-in until it is lifted and laid down again. "updated" says when it
 * is taken. */
gboolean td_checkin_session_get_card_left(TdCheckinSession *self);
/* TICKET: "continue" leads to the VNeID question (not answered yet, today
 * or recently). VNEID_STEP: TRUE until the patient answered. */
gboolean td_checkin_session_get_vneid_pending(TdCheckinSession *self);
/* Why the ticket was not printed (NULL: printed, or no printer). */
const GError *td_checkin_session_get_print_error(TdCheckinSession *self);
/* The card's personal data, NULL outside a patient's session. */
const TdDg13 *td_checkin_session_get_dg13(TdCheckinSession *self);
const TdChipVerification *td_checkin_session_get_verification(TdCheckinSession *self);
const TdEligibility *td_checkin_session_get_eligibility(TdCheckinSession *self);
/* From TICKET/SEE_STAFF on: the stored record (its queue number) and the
 * rule that decided it. While COMMITTING the record belongs to the storing
 * worker and this returns NULL: no queue number is shown before it is on
 * disk. */
const TdCheckinRecord *td_checkin_session_get_record(TdCheckinSession *self);
const TdPolicyRule *td_checkin_session_get_decision(TdCheckinSession *self);
/* TRUE after the chip refused every key (KEY_NEEDED shows "check the number"). */
gboolean td_checkin_session_get_key_refused(TdCheckinSession *self);
/* The refused key was the ID with the birth date the kiosk asked for:
 * either may be wrong, and the pad asks both again. */
gboolean td_checkin_session_get_key_refused_with_birth_date(TdCheckinSession *self);
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
