/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-checkin-card-work.h"
#include "td-chip-document.h"
#include "td-chip-reader.h"
#include "td-dg2.h"
#include "td-lds-files.h"
#include "td-main-context.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-worker.h"

typedef struct {
	GObject *source_object;
	GMainContext *context;
	TdCardConnectFunc connect_func;
	gpointer connect_data;
	gchar *reader_name;
	TdAccessKeyList *keys;
	TdTrustStore *trust_store;
	guint command_ms;
	guint card_ms;
	TdCardWorkDg13Func dg13_func;
	TdIdHashFunc hash_func;
	gpointer hash_data;
	GCancellable *cancellable;
	TdDg13 *summary; /* kept for the result, in case the callback was dropped */
	gchar *id_hash;	 /* likewise */
} TdCardWork;

static void
card_work_free(TdCardWork *work)
{
	g_clear_object(&work->source_object);
	g_main_context_unref(work->context);
	g_free(work->reader_name);
	g_clear_pointer(&work->keys, td_access_key_list_free);
	g_clear_pointer(&work->trust_store, td_trust_store_unref);
	g_clear_object(&work->cancellable);
	g_clear_pointer(&work->summary, td_dg13_free);
	g_free(work->id_hash);
	g_free(work);
}

struct _TdOpenCard {
	gint ref_count;
	GMutex lock; /* one conversation with the chip at a time */
	TdTransport *transport;
	TdChipReader *reader;
	guint command_ms;
	guint card_ms;
};

static TdOpenCard *
td_open_card_new(TdTransport *transport, TdChipReader *reader, const TdCardWork *work)
{
	TdOpenCard *card = g_new0(TdOpenCard, 1);
	card->ref_count = 1;
	g_mutex_init(&card->lock);
	card->transport = g_object_ref(transport);
	card->reader = reader;
	card->command_ms = work->command_ms;
	card->card_ms = work->card_ms;
	return card;
}

TdOpenCard *
td_open_card_ref(TdOpenCard *card)
{
	g_atomic_int_inc(&card->ref_count);
	return card;
}

void
td_open_card_unref(TdOpenCard *card)
{
	if (card == NULL || !g_atomic_int_dec_and_test(&card->ref_count))
		return;
	/* the reader wipes the files it read (DG13, DG2) */
	td_chip_reader_free(card->reader);
	g_object_unref(card->transport);
	g_mutex_clear(&card->lock);
	g_free(card);
}

GBytes *
td_open_card_read_face(TdOpenCard *card, gchar **mime_type, GCancellable *cancellable, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) file = NULL;
	g_autoptr(TdDg2) dg2 = NULL;
	TdFaceImage *face;

	g_mutex_lock(&card->lock);
	{
		/* staff ask long after the check-in's own deadline */
		TdTransportDeadline deadline = td_transport_deadline_from_now(card->command_ms, card->card_ms);
		td_transport_set_deadline(card->transport, &deadline);
	}
	file = td_chip_reader_read_file(card->reader, TD_FILE_DG2, cancellable, &error_local);
	/* not kept in the reader's cache: each request asks the card, so a
	 * card taken away is noticed, and the face stays in memory no longer
	 * than the caller holds it */
	g_hash_table_remove(td_chip_reader_get_files(card->reader), GUINT_TO_POINTER(TD_FILE_DG2));
	g_mutex_unlock(&card->lock);
	if (file == NULL) {
		if (g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED) ||
		    g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_NO_CARD) ||
		    g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT)) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED,
				    "the card is no longer on the reader (%s)", error_local->message);
			return NULL;
		}
		g_propagate_error(error, g_steal_pointer(&error_local));
		return NULL;
	}
	dg2 = td_dg2_parse(file, error);
	if (dg2 == NULL)
		return NULL;
	face = g_ptr_array_index(dg2->faces, 0);
	if (mime_type != NULL)
		*mime_type = g_strdup(face->mime_type);
	return g_bytes_ref(face->image);
}

void
td_card_work_result_free(TdCardWorkResult *result)
{
	if (result == NULL)
		return;
	g_clear_pointer(&result->card, td_open_card_unref);
	g_clear_pointer(&result->verification, td_chip_verification_free);
	g_clear_pointer(&result->summary, td_dg13_free);
	g_free(result->id_hash);
	g_clear_error(&result->card_error);
	g_free(result);
}

TdDg13 *
td_checkin_dg13_summary(const TdDg13 *dg13)
{
	TdDg13 *summary = td_dg13_new();
	summary->id_number = g_strdup(dg13->id_number);
	summary->full_name = g_strdup(dg13->full_name);
	summary->date_of_birth = td_date_copy(dg13->date_of_birth);
	summary->sex = g_strdup(dg13->sex);
	/* no personal data in them: they go on to the record */
	for (guint i = 0; i < dg13->warnings->len; i++)
		g_ptr_array_add(summary->warnings, g_strdup(g_ptr_array_index(dg13->warnings, i)));
	return summary;
}

TdEligibilityQuery *
td_checkin_query_from_dg13(const TdDg13 *dg13)
{
	g_autoptr(GError) error = NULL;
	TdEligibilityQuery *query;

	if (dg13->id_number == NULL || dg13->full_name == NULL || dg13->date_of_birth == NULL)
		return NULL;
	query = td_checkin_eligibility_query_new(dg13->id_number, dg13->full_name, dg13->date_of_birth, &error);
	if (query == NULL)
		g_info("no eligibility look-up: %s", error->message);
	return query;
}

typedef struct {
	GObject *source_object;
	TdCardWorkDg13Func func;
	TdDg13 *summary;
	TdEligibilityQuery *query;
	gchar *id_hash;
} TdDg13Message;

static void
dg13_message_free(gpointer data)
{
	TdDg13Message *msg = data;
	g_object_unref(msg->source_object);
	g_clear_pointer(&msg->summary, td_dg13_free);
	g_clear_pointer(&msg->query, td_eligibility_query_free);
	g_free(msg->id_hash);
	g_free(msg);
}

/* In the task's main context; not at all when the patient left while the
 * message travelled (the cancellable guards it). */
static void
dg13_message_deliver(gpointer data)
{
	TdDg13Message *msg = data;
	msg->func(g_steal_pointer(&msg->summary), g_steal_pointer(&msg->query), g_steal_pointer(&msg->id_hash),
		  msg->source_object);
}

/* In the worker, between DG13 and the rest of the card. */
static void
card_work_dg13_parsed(const TdDg13 *dg13, gpointer user_data)
{
	TdCardWork *work = user_data;
	TdDg13Message *msg = g_new0(TdDg13Message, 1);

	g_clear_pointer(&work->summary, td_dg13_free);
	work->summary = td_checkin_dg13_summary(dg13);
	g_clear_pointer(&work->id_hash, g_free);
	if (work->hash_func != NULL && dg13->id_number != NULL)
		work->id_hash = work->hash_func(dg13->id_number, work->hash_data);
	msg->id_hash = g_strdup(work->id_hash);
	msg->source_object = g_object_ref(work->source_object);
	msg->func = work->dg13_func;
	msg->summary = td_checkin_dg13_summary(dg13);
	msg->query = td_checkin_query_from_dg13(dg13);
	td_main_context_post(work->context, G_PRIORITY_DEFAULT, "[tiepdon] card work dg13", work->cancellable,
			     dg13_message_deliver, msg, dg13_message_free);
}

static void
card_work_thread(GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	TdCardWork *work = task_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	g_autoptr(TdChipVerification) verification = NULL;
	gboolean opened = FALSE;
	TdCardWorkResult *result;
	/* the card's clock starts when its work does */
	TdTransportDeadline deadline = td_transport_deadline_from_now(work->command_ms, work->card_ms);

	transport = work->connect_func(work->reader_name, &deadline, work->connect_data, cancellable, &error);
	if (transport != NULL) {
		td_transport_set_deadline(transport, &deadline);
		reader = td_chip_reader_new(transport);
		opened = td_chip_reader_open(reader, work->keys, cancellable, &error);
		if (opened)
			doc = td_chip_document_read(reader, TD_CHIP_READ_CHECKIN, card_work_dg13_parsed, work,
						    cancellable, &error);
		/* the keys are not needed any more: wipe them now */
		g_clear_pointer(&work->keys, td_access_key_list_free);
		if (doc != NULL)
			verification = td_chip_verify(reader, doc, work->trust_store, NULL, cancellable, &error);
	}
	if (g_cancellable_is_cancelled(cancellable)) {
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the check-in was cancelled");
		return;
	}
	result = g_new0(TdCardWorkResult, 1);
	result->verification = g_steal_pointer(&verification);
	result->summary = g_steal_pointer(&work->summary);
	result->id_hash = g_steal_pointer(&work->id_hash);
	result->card_error = g_steal_pointer(&error);
	/* an opened card stays open for staff (the face image, read only
	 * when asked); an unreadable one is let go */
	if (opened && result->verification != NULL)
		result->card = td_open_card_new(transport, g_steal_pointer(&reader), work);
	g_task_return_pointer(task, result, (GDestroyNotify)td_card_work_result_free);
}

void
td_card_work_run_async(GObject *source_object, TdCardConnectFunc connect_func, gpointer connect_data,
		       const gchar *reader_name, TdAccessKeyList *keys, TdTrustStore *trust_store, guint command_ms,
		       guint card_ms, TdCardWorkDg13Func dg13_func, TdIdHashFunc hash_func, gpointer hash_data,
		       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(source_object, cancellable, callback, user_data);
	TdCardWork *work = g_new0(TdCardWork, 1);

	work->source_object = g_object_ref(source_object);
	work->context = g_main_context_ref_thread_default();
	work->connect_func = connect_func;
	work->connect_data = connect_data;
	work->reader_name = g_strdup(reader_name);
	work->keys = keys;
	work->trust_store = trust_store != NULL ? td_trust_store_ref(trust_store) : NULL;
	work->command_ms = command_ms;
	work->card_ms = card_ms;
	work->dg13_func = dg13_func;
	work->hash_func = hash_func;
	work->hash_data = hash_data;
	work->cancellable = g_object_ref(cancellable);
	g_task_set_source_tag(task, td_card_work_run_async);
	g_task_set_task_data(task, work, (GDestroyNotify)card_work_free);
	td_worker_run_in_thread(task, card_work_thread);
}

TdCardWorkResult *
td_card_work_finish(GAsyncResult *result, GError **error)
{
	return g_task_propagate_pointer(G_TASK(result), error);
}
