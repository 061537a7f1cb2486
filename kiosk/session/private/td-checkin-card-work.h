/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-access-key.h"
#include "td-checkin-session.h"
#include "td-chip-verify.h"
#include "td-dg13.h"
#include "td-eligibility-query.h"

G_BEGIN_DECLS

/* The card half of a check-in, in a GTask worker thread: connect, open
 * with the patient's keys, read (DG13 first), verify. Private to the
 * session. */

/* What the session keeps of DG13: enough to greet the patient and to fill
 * a staff exception (ID number, name, birth date, sex), and the warnings
 * for the record; the rest of the file never leaves the worker. */
TdDg13 *td_checkin_dg13_summary(const TdDg13 *dg13);

/* The eligibility look-up for a card's DG13, or NULL when DG13 lacks what
 * a look-up needs (name, a usable birth date). */
TdEligibilityQuery *td_checkin_query_from_dg13(const TdDg13 *dg13);

/* Called in the main context of the task as soon as DG13 is parsed, unless
 * the work was cancelled first. query is NULL when DG13 lacks what a
 * look-up needs; id_hash (the ID number's keyed hash, worked out in the
 * worker: scrypt takes 13-20 ms the main loop must not wait) NULL without
 * a hash function or an ID; all three are owned by the callee. */
typedef void (*TdCardWorkDg13Func)(TdDg13 *summary, TdEligibilityQuery *query, gchar *id_hash, gpointer user_data);

/* The card as the card work left it: open, under secure messaging, for
 * what staff may still ask of it (the face image). Shared between the main
 * context (ref/unref only) and one worker at a time (td_open_card_read_face
 * takes its lock). Freeing it wipes what was read and lets the card go. */
typedef struct _TdOpenCard TdOpenCard;

TdOpenCard *td_open_card_ref(TdOpenCard *card);
void td_open_card_unref(TdOpenCard *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdOpenCard, td_open_card_unref)
/* Blocks (a worker only): reads and parses DG2, returns the first face's
 * encoded image and its MIME type, under a fresh deadline as long as the
 * card work's. A card that left the reader fails with
 * TD_READER_ERROR_CARD_REMOVED, one that stopped answering with TIMEOUT. */
GBytes *td_open_card_read_face(TdOpenCard *card, gchar **mime_type, GCancellable *cancellable, GError **error);

typedef struct {
	TdOpenCard *card;		  /* NULL unless the card was opened */
	TdChipVerification *verification; /* NULL when the card failed */
	TdDg13 *summary;		  /* NULL when DG13 was not read */
	gchar *id_hash;			  /* the ID's hash, NULL as for the callback */
	GError *card_error;		  /* why verification is NULL: a refused key,
					   * a card gone, one that stopped answering
					   * (TD_READER_ERROR_TIMEOUT), an unreadable one */
} TdCardWorkResult;

void td_card_work_result_free(TdCardWorkResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCardWorkResult, td_card_work_result_free)

/* keys: taken (wiped when done). hash_func (may be NULL) hashes DG13's ID
 * number in the worker; it must be thread-safe, and it and hash_data must
 * live as long as source_object (the work holds a reference on it). Every exchange with the card, the
 * connect included, has command_ms to answer and card_ms for all of them
 * from the start (0: no limit); past either the card is abandoned (see
 * td_transport_set_deadline()). The dg13 callback gets a reference on
 * source_object for as long as a call is pending. The task fails only
 * when cancellable was cancelled; every card failure is a result with
 * verification NULL and card_error saying why. */
void td_card_work_run_async(GObject *source_object, TdCardConnectFunc connect_func, gpointer connect_data,
			    const gchar *reader_name, TdAccessKeyList *keys, TdTrustStore *trust_store,
			    guint command_ms, guint card_ms, TdCardWorkDg13Func dg13_func, TdIdHashFunc hash_func,
			    gpointer hash_data, GCancellable *cancellable, GAsyncReadyCallback callback,
			    gpointer user_data);
TdCardWorkResult *td_card_work_finish(GAsyncResult *result, GError **error);

G_END_DECLS
