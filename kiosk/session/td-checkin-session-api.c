/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session's set-up, its events and what the pages read. */
#include "config.h"

#include "td-checkin-card-work.h"
#include "td-checkin-session-private.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-worker.h"

void
td_checkin_session_set_gateway(TdCheckinSession *self, TdGatewayClient *client)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	g_set_object(&self->gateway, client);
}

void
td_checkin_session_set_trust_store(TdCheckinSession *self, TdTrustStore *store)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	g_clear_pointer(&self->trust_store, td_trust_store_unref);
	if (store != NULL)
		self->trust_store = td_trust_store_ref(store);
}

void
td_checkin_session_set_vneid_source(TdCheckinSession *self, TdVneidSource *source)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	g_set_object(&self->vneid_source, source);
}

void
td_checkin_session_set_commit_func(TdCheckinSession *self, TdCheckinCommitFunc func, gpointer user_data,
				   GDestroyNotify destroy)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	if (self->commit_destroy != NULL)
		self->commit_destroy(self->commit_data);
	self->commit_func = func;
	self->commit_data = user_data;
	self->commit_destroy = destroy;
}

void
td_checkin_session_set_id_hash_func(TdCheckinSession *self, TdIdHashFunc func, gpointer user_data,
				    GDestroyNotify destroy)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	if (self->hash_destroy != NULL)
		self->hash_destroy(self->hash_data);
	self->hash_func = func;
	self->hash_data = user_data;
	self->hash_destroy = destroy;
}

void
td_session_hook_set(TdSessionHook *hook, gpointer func, gpointer data, GDestroyNotify destroy)
{
	td_session_hook_clear(hook);
	hook->func = func;
	hook->data = data;
	hook->destroy = destroy;
}

void
td_session_hook_clear(TdSessionHook *hook)
{
	if (hook->destroy != NULL)
		hook->destroy(hook->data);
	memset(hook, 0, sizeof(*hook));
}

void
td_checkin_session_set_find_func(TdCheckinSession *self, TdCheckinFindFunc func, gpointer user_data,
				 GDestroyNotify destroy)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	td_session_hook_set(&self->find, func, user_data, destroy);
}

void
td_checkin_session_set_vneid_func(TdCheckinSession *self, TdCheckinVneidFunc func, gpointer user_data,
				  GDestroyNotify destroy)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	td_session_hook_set(&self->vneid, func, user_data, destroy);
}

void
td_checkin_session_set_print_func(TdCheckinSession *self, TdCheckinPrintFunc func, gpointer user_data,
				  GDestroyNotify destroy)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	td_session_hook_set(&self->print, func, user_data, destroy);
}

void
td_checkin_session_set_timeout(TdCheckinSession *self, TdCheckinState state, guint timeout_ms, guint warning_ms)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	g_return_if_fail((guint)state < TD_CHECKIN_STATE_N_STATES);
	self->timeout_ms[state] = timeout_ms;
	self->warning_ms[state] = warning_ms;
}

void
td_checkin_session_set_card_timeouts(TdCheckinSession *self, guint command_ms, guint card_ms)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	self->card_command_ms = command_ms;
	self->card_total_ms = card_ms;
}

static gboolean
session_is_our_reader(TdCheckinSession *self, const gchar *reader)
{
	return self->monitor_reader == NULL || g_strcmp0(self->monitor_reader, reader) == 0;
}

static void
monitor_card_inserted(TdPcscMonitor *monitor, const gchar *reader, GBytes *atr, TdCheckinSession *self)
{
	if (session_is_our_reader(self, reader))
		td_checkin_session_card_inserted(self, reader);
}

static void
monitor_card_removed(TdPcscMonitor *monitor, const gchar *reader, TdCheckinSession *self)
{
	if (session_is_our_reader(self, reader))
		td_checkin_session_card_removed(self);
}

static void
monitor_reader_removed(TdPcscMonitor *monitor, const gchar *reader, TdCheckinSession *self)
{
	/* with no reader named, losing the one in use is what matters */
	if (self->monitor_reader != NULL ? g_strcmp0(self->monitor_reader, reader) == 0
					 : g_strcmp0(self->reader_name, reader) == 0)
		td_checkin_session_reader_lost(self);
}

static void
monitor_reader_added(TdPcscMonitor *monitor, const gchar *reader, TdCheckinSession *self)
{
	if (session_is_our_reader(self, reader))
		td_checkin_session_post(self, TD_CHECKIN_EVENT_READER_BACK);
}

static void
monitor_service_lost(TdPcscMonitor *monitor, TdCheckinSession *self)
{
	td_checkin_session_reader_lost(self);
}

void
td_checkin_session_attach_monitor(TdCheckinSession *self, TdPcscMonitor *monitor, const gchar *reader_name)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	g_free(self->monitor_reader);
	self->monitor_reader = g_strdup(reader_name);
	g_signal_connect_object(monitor, "card-inserted", G_CALLBACK(monitor_card_inserted), self, 0);
	g_signal_connect_object(monitor, "card-removed", G_CALLBACK(monitor_card_removed), self, 0);
	g_signal_connect_object(monitor, "reader-removed", G_CALLBACK(monitor_reader_removed), self, 0);
	g_signal_connect_object(monitor, "reader-added", G_CALLBACK(monitor_reader_added), self, 0);
	g_signal_connect_object(monitor, "service-lost", G_CALLBACK(monitor_service_lost), self, 0);
}

void
td_checkin_session_send_event(TdCheckinSession *self, TdCheckinEvent event)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	g_return_if_fail((guint)event < TD_CHECKIN_EVENT_N_EVENTS);
	/* the events with data have their own functions below, or come from
	 * the session's own work */
	g_return_if_fail(!td_checkin_event_has_data(event));
	td_checkin_session_post(self, event);
}

/* A second card while one is being read changes nothing: the table has
 * no transition for it then. */
void
td_checkin_session_card_inserted(TdCheckinSession *self, const gchar *reader_name)
{
	TdCheckinEventData *data;

	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_CARD_INSERTED);
	data->reader_name = g_strdup(reader_name);
	td_checkin_session_post_data(self, data);
}

void
td_checkin_session_card_removed(TdCheckinSession *self)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	td_checkin_session_post(self, TD_CHECKIN_EVENT_CARD_REMOVED);
}

void
td_checkin_session_reader_lost(TdCheckinSession *self)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	td_checkin_session_post(self, TD_CHECKIN_EVENT_READER_LOST);
}

/* Keys the table does not take (a card being read) are wiped with the
 * event. */
void
td_checkin_session_submit_access_key(TdCheckinSession *self, TdAccessKeyList *keys)
{
	TdCheckinEventData *data;

	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	g_return_if_fail(keys != NULL);
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_KEY_SUBMITTED);
	data->keys = keys;
	td_checkin_session_post_data(self, data);
}

gboolean
td_checkin_session_submit_birth_date(TdCheckinSession *self, guint day, guint month, guint year)
{
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys;

	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), FALSE);
	if (self->state != TD_CHECKIN_STATE_KEY_NEEDED || self->key_request != TD_CHECKIN_KEY_REQUEST_BIRTH_DATE ||
	    self->typed_id == NULL || !g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year) ||
	    year < 1900)
		return FALSE;
	/* the expiry from the renewal-age rule: each candidate is tried */
	keys = td_access_key_list_new_from_birth_date(self->typed_id, day, month, year, NULL, &error);
	if (keys == NULL) {
		g_debug("birth date refused: %s", error->message);
		return FALSE;
	}
	td_checkin_session_submit_access_key(self, keys);
	return TRUE;
}

void
td_checkin_session_answer_vneid(TdCheckinSession *self, TdVneidAnswer answer)
{
	TdCheckinEventData *data;

	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_VNEID_ANSWERED);
	data->vneid = answer;
	td_checkin_session_post_data(self, data);
}

void
td_checkin_session_extend_time(TdCheckinSession *self)
{
	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	td_checkin_session_post(self, TD_CHECKIN_EVENT_EXTEND_TIME);
}

TdCheckinState
td_checkin_session_get_state(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), TD_CHECKIN_STATE_IDLE);
	return self->state;
}

gint64
td_checkin_session_get_deadline(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), 0);
	return self->timer != NULL ? self->deadline : 0;
}

TdCheckinKeyRequest
td_checkin_session_get_key_request(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), TD_CHECKIN_KEY_REQUEST_ID);
	return self->key_request;
}

gboolean
td_checkin_session_get_repeat_visit(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), FALSE);
	return self->repeat_visit;
}

gboolean
td_checkin_session_get_card_left(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), FALSE);
	return self->state == TD_CHECKIN_STATE_IDLE && self->card_on_reader;
}

gboolean
td_checkin_session_get_vneid_pending(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), FALSE);
	if (self->state == TD_CHECKIN_STATE_VNEID_STEP)
		return !self->vneid_answered;
	return self->state == TD_CHECKIN_STATE_TICKET && self->record != NULL &&
	       td_checkin_record_vneid_to_ask(self->record);
}

const GError *
td_checkin_session_get_print_error(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->print_error;
}

const TdDg13 *
td_checkin_session_get_dg13(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->dg13;
}

TdEligibilityQuery *
td_checkin_eligibility_query_new(const gchar *card_or_id, const gchar *name, const TdDate *date_of_birth,
				 GError **error)
{
	TdBirthDate birth = {0};
	TdEligibilityQuery *query;

	g_return_val_if_fail(date_of_birth != NULL, NULL);
	/* net/ knows nothing of the reader: the parts cross over one by one,
	 * an unknown day or month as 0 */
	birth.year = date_of_birth->year;
	if (date_of_birth->precision >= TD_DATE_PRECISION_MONTH)
		birth.month = date_of_birth->month;
	if (date_of_birth->precision >= TD_DATE_PRECISION_DAY)
		birth.day = date_of_birth->day;
	query = td_eligibility_query_new_for_birth_date(card_or_id, name, &birth, error);
	td_memwipe(&birth, sizeof(birth));
	return query;
}

const TdChipVerification *
td_checkin_session_get_verification(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->verification;
}

const TdEligibility *
td_checkin_session_get_eligibility(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->eligibility;
}

const TdCheckinRecord *
td_checkin_session_get_record(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->record;
}

const TdPolicyRule *
td_checkin_session_get_decision(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->decision;
}

gboolean
td_checkin_session_get_key_refused(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), FALSE);
	return self->key_refused;
}

gboolean
td_checkin_session_get_key_refused_with_birth_date(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), FALSE);
	return self->key_refused && self->keys_with_birth_date;
}

const GError *
td_checkin_session_get_card_error(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->verification == NULL ? self->card_error : NULL;
}

const GError *
td_checkin_session_get_commit_error(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->commit_error;
}

gboolean
td_checkin_session_is_busy(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), FALSE);
	return self->n_pending > 0;
}

TdGatewayClient *
td_checkin_session_get_gateway(TdCheckinSession *self)
{
	g_return_val_if_fail(TD_IS_CHECKIN_SESSION(self), NULL);
	return self->gateway;
}

typedef struct {
	TdOpenCard *card;
	GCancellable *patient; /* cancelled when the patient leaves */
} TdFaceRead;

static void
face_read_free(TdFaceRead *read)
{
	td_open_card_unref(read->card);
	g_object_unref(read->patient);
	g_free(read);
}

typedef struct {
	GBytes *image;
	gchar *mime_type;
} TdFaceResult;

static void
face_result_free(TdFaceResult *result)
{
	g_clear_pointer(&result->image, g_bytes_unref);
	g_free(result->mime_type);
	g_free(result);
}

static void
face_read_thread(GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	TdFaceRead *read = task_data;
	g_autoptr(GError) error = NULL;
	TdFaceResult *result = g_new0(TdFaceResult, 1);

	/* the patient's cancellable: leaving stops the read at once */
	result->image = td_open_card_read_face(read->card, &result->mime_type, read->patient, &error);
	if (result->image == NULL) {
		face_result_free(result);
		if (g_cancellable_is_cancelled(read->patient))
			g_task_return_new_error(task, TD_READER_ERROR, TD_READER_ERROR_NO_CARD,
						"the patient has left; their card is closed");
		else
			g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	g_task_return_pointer(task, result, (GDestroyNotify)face_result_free);
}

void
td_checkin_session_read_face_async(TdCheckinSession *self, GCancellable *cancellable, GAsyncReadyCallback callback,
				   gpointer user_data)
{
	g_autoptr(GTask) task = NULL;
	TdFaceRead *read;

	g_return_if_fail(TD_IS_CHECKIN_SESSION(self));
	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, td_checkin_session_read_face_async);
	if (self->open_card == NULL) {
		g_task_return_new_error(task, TD_READER_ERROR, TD_READER_ERROR_NO_CARD,
					"no patient's card is open on the reader");
		return;
	}
	read = g_new0(TdFaceRead, 1);
	read->card = td_open_card_ref(self->open_card);
	read->patient = g_object_ref(self->cancellable);
	g_task_set_task_data(task, read, (GDestroyNotify)face_read_free);
	td_worker_run_in_thread(task, face_read_thread);
}

GBytes *
td_checkin_session_read_face_finish(TdCheckinSession *self, GAsyncResult *result, gchar **mime_type, GError **error)
{
	TdFaceResult *face;
	GBytes *image;

	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	face = g_task_propagate_pointer(G_TASK(result), error);
	if (face == NULL)
		return NULL;
	image = g_steal_pointer(&face->image);
	if (mime_type != NULL)
		*mime_type = g_steal_pointer(&face->mime_type);
	face_result_free(face);
	return image;
}
