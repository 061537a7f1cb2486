/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The session's work: the card, the eligibility look-up, the VNeID
 * history, the decision, storing the record, the VNeID answer and the
 * ticket. Each call runs off the main thread and comes back as an event
 * carrying its result; the transition table (td-checkin-session.c)
 * decides what it means. */
#include "config.h"

#include "td-checkin-card-work.h"
#include "td-checkin-session-private.h"
#include "td-worker.h"

/* ---- work that outlives a state: a pending call remembers its patient ---- */

typedef struct {
	TdCheckinSession *self;
	GCancellable *cancellable;
} TdPending;

static TdPending *
pending_new(TdCheckinSession *self)
{
	TdPending *pending = g_new0(TdPending, 1);
	pending->self = g_object_ref(self);
	pending->cancellable = g_object_ref(self->cancellable);
	self->n_pending++;
	return pending;
}

/* TRUE if the patient the call was for is still here. */
static gboolean
pending_finish(TdPending *pending)
{
	gboolean current = !g_cancellable_is_cancelled(pending->cancellable);
	pending->self->n_pending--;
	g_object_unref(pending->cancellable);
	g_object_unref(pending->self);
	g_free(pending);
	return current;
}

static void
session_on_dg13(TdDg13 *summary, TdEligibilityQuery *query, gchar *id_hash, gpointer user_data)
{
	TdCheckinEventData *data = td_checkin_event_data_new(TD_CHECKIN_EVENT_DG13_READ);
	data->dg13 = summary;
	data->query = query;
	data->id_hash = id_hash;
	td_checkin_session_post_data(TD_CHECKIN_SESSION(user_data), data);
}

static void
session_on_card_work(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdCheckinSession *self = TD_CHECKIN_SESSION(source);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCardWorkResult) work = td_card_work_finish(result, &error);
	TdCheckinEventData *data;

	/* only our own cancel fails the task, and then the patient is gone */
	if (!pending_finish(user_data) || work == NULL)
		return;
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_CARD_DONE);
	data->card = g_steal_pointer(&work);
	td_checkin_session_post_data(self, data);
}

void
td_checkin_session_start_card_work(TdCheckinSession *self)
{
	td_card_work_run_async(G_OBJECT(self), self->connect_func, self->connect_data, self->reader_name,
			       g_steal_pointer(&self->keys), self->trust_store, self->card_command_ms,
			       self->card_total_ms, session_on_dg13, self->hash_func, self->hash_data, self->cancellable,
			       session_on_card_work, pending_new(self));
}

/* The look-ups run under a cancellable of their own, so VERIFYING can stop
 * waiting for them without ending the patient's other work. */
static GCancellable *
session_lookups_cancellable(TdCheckinSession *self)
{
	if (self->lookups_cancellable == NULL)
		self->lookups_cancellable = g_cancellable_new();
	return self->lookups_cancellable;
}

void
td_checkin_session_cancel_lookups(TdCheckinSession *self)
{
	if (self->lookups_cancellable == NULL)
		return;
	g_cancellable_cancel(self->lookups_cancellable);
	g_clear_object(&self->lookups_cancellable);
}

static void
session_on_eligibility(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdPending *pending = user_data;
	TdCheckinSession *self = pending->self;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdEligibility) eligibility =
	    td_gateway_client_check_finish(TD_GATEWAY_CLIENT(source), result, &error);
	TdCheckinEventData *data;

	/* cancelled: the patient left, or VERIFYING stopped waiting */
	if (!pending_finish(pending) || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_ELIGIBILITY_DONE);
	data->eligibility = eligibility != NULL ? g_steal_pointer(&eligibility) : td_eligibility_new_from_error(error);
	td_checkin_session_post_data(self, data);
}

void
td_checkin_session_start_eligibility(TdCheckinSession *self)
{
	if (self->eligibility_started)
		return;
	self->eligibility_started = TRUE;
	if (self->gateway == NULL || self->query == NULL) {
		/* nothing to ask: the answer is "not checked", at once */
		td_checkin_session_post_data(self, td_checkin_event_data_new(TD_CHECKIN_EVENT_ELIGIBILITY_DONE));
		return;
	}
	td_gateway_client_check_async(self->gateway, self->query, session_lookups_cancellable(self),
				      session_on_eligibility, pending_new(self));
}

static void
session_post_vneid_known(TdCheckinSession *self, TdVneidAnswer answer)
{
	TdCheckinEventData *data = td_checkin_event_data_new(TD_CHECKIN_EVENT_VNEID_KNOWN);
	data->vneid = answer;
	td_checkin_session_post_data(self, data);
}

static void
session_on_vneid_lookup(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdPending *pending = user_data;
	TdCheckinSession *self = pending->self;
	g_autoptr(GError) error = NULL;
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gboolean known = td_vneid_source_lookup_finish(TD_VNEID_SOURCE(source), result, &answer, &error);

	if (!pending_finish(pending) || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (error != NULL)
		g_message("VNeID source failed, asking the patient: %s", error->message);
	/* not known: NOT_ASKED, the patient is asked after the number */
	session_post_vneid_known(self, known ? answer : TD_VNEID_NOT_ASKED);
}

/* Worked out by the card work, in its thread (scrypt, 13-20 ms). */
static gchar *
session_id_hash(TdCheckinSession *self)
{
	return g_strdup(self->id_hash);
}

/* With the ID known (DG13), alongside the card and the gateway; VNEID_KNOWN
 * comes at once when there is nothing to look up. */
void
td_checkin_session_start_vneid_lookup(TdCheckinSession *self)
{
	g_autofree gchar *id_hash = session_id_hash(self);

	if (self->vneid_source == NULL || id_hash == NULL) {
		session_post_vneid_known(self, TD_VNEID_NOT_ASKED);
		return;
	}
	td_vneid_source_lookup_async(self->vneid_source, id_hash, session_lookups_cancellable(self),
				     session_on_vneid_lookup, pending_new(self));
}

/* ---- the decision and the record ---- */

static gchar *
session_card_reasons(TdCheckinSession *self)
{
	if (self->verification != NULL && self->verification->reasons->len > 0) {
		g_autoptr(GString) text = g_string_new(NULL);
		for (guint i = 0; i < self->verification->reasons->len; i++) {
			if (i > 0)
				g_string_append(text, "; ");
			g_string_append(text, g_ptr_array_index(self->verification->reasons, i));
		}
		return g_string_free(g_steal_pointer(&text), FALSE);
	}
	if (self->verification == NULL && self->card_error != NULL)
		return g_strdup(self->card_error->message);
	return NULL;
}

/* The DG13 warnings as the record keeps them; NULL when there are none. */
static gchar **
session_card_warnings(TdCheckinSession *self)
{
	g_autoptr(GStrvBuilder) builder = NULL;

	if (self->dg13 == NULL || self->dg13->warnings == NULL || self->dg13->warnings->len == 0)
		return NULL;
	builder = g_strv_builder_new();
	for (guint i = 0; i < self->dg13->warnings->len; i++)
		g_strv_builder_add(builder, g_ptr_array_index(self->dg13->warnings, i));
	return g_strv_builder_end(builder);
}

void
td_checkin_session_decide(TdCheckinSession *self)
{
	TdPolicyCard card = td_policy_card_from_result(self->verification, self->card_error);
	TdEligibilityVerdict verdict = td_policy_eligibility_from_result(self->eligibility);
	const TdPolicyRule *rule =
	    td_checkin_policy_decide(card, verdict, self->eligibility != NULL ? self->eligibility->failure : -1);
	TdCheckinRecord *record = td_checkin_record_new();

	record->card_verdict = td_policy_card_to_verdict(card);
	record->card_reasons = session_card_reasons(self);
	record->eligibility = verdict;
	record->vneid = self->vneid_known;
	record->outcome = rule->outcome;
	record->see_staff_reason = g_strdup(rule->reason);
	if (self->eligibility != NULL) {
		record->eligibility_code = g_strdup(self->eligibility->result_code);
		record->benefit_level = (gint)self->eligibility->benefit_level;
		record->registered_here = self->eligibility->registered_here;
	}
	record->id_hash = session_id_hash(self);
	record->card_warnings = session_card_warnings(self);

	if (rule->outcome != TD_OUTCOME_CHECKED_IN || rule->staff_alert) {
		TdCheckinException *exception = td_checkin_exception_new();
		/* what reception reads first, then the reviewers' reason */
		g_autoptr(GString) detail = g_string_new(rule->staff_words);
		g_string_append_printf(detail, "%s%s", detail->len > 0 ? ". " : "", rule->why);
		if (record->card_reasons != NULL)
			g_string_append_printf(detail, ". Card: %s", record->card_reasons);
		if (self->eligibility != NULL && self->eligibility->detail != NULL)
			g_string_append_printf(detail, ". Gateway: %s", self->eligibility->detail);
		if (self->dg13 != NULL) {
			exception->id_number = g_strdup(self->dg13->id_number);
			exception->full_name = g_strdup(self->dg13->full_name);
			if (self->dg13->date_of_birth != NULL)
				exception->date_of_birth = td_date_format_iso(self->dg13->date_of_birth);
		}
		if (self->eligibility != NULL)
			exception->card_code = g_strdup(self->eligibility->card_code);
		exception->reason = g_strdup(rule->reason);
		exception->detail = g_string_free(g_steal_pointer(&detail), FALSE);
		self->exception = exception;
	}
	self->record = record;
	self->decision = rule;
}

/* ---- storing the record: in a worker, because the store fsyncs ---- */

typedef struct {
	TdCheckinRecord *record;       /* owned by the job while it runs */
	TdCheckinException *exception; /* idem, NULL when staff need nothing */
	TdCheckinCommitFunc func;
	gpointer data;
	TdSessionHook find; /* borrowed: the session outlives the task */
	gboolean repeat_visit;
	GError *error;
} TdCommitJob;

static void
commit_job_free(TdCommitJob *job)
{
	g_clear_pointer(&job->record, td_checkin_record_free);
	g_clear_pointer(&job->exception, td_checkin_exception_free);
	g_clear_error(&job->error);
	g_free(job);
}

static void
commit_job_thread(GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	TdCommitJob *job = task_data;

	TdCheckinFindFunc find = job->find.func;
	g_autoptr(TdCheckinRecord) earlier = NULL;

	/* a second visit the same day: the number the person already has
	 * (staff issue a new one by hand); a failed look-up only costs a
	 * second number */
	if (find != NULL && job->record->id_hash != NULL) {
		g_autoptr(GError) error = NULL;
		earlier = find(job->record->day, job->record->id_hash, job->find.data, &error);
		if (error != NULL)
			g_message("today's earlier check-in could not be looked up: %s", error->message);
	}
	if (earlier != NULL) {
		td_checkin_record_free(job->record);
		job->record = g_steal_pointer(&earlier);
		g_clear_pointer(&job->exception, td_checkin_exception_free);
		job->repeat_visit = TRUE;
	} else if (!job->func(job->record, job->exception, job->data, &job->error) && job->error == NULL) {
		/* never cancelled: the number is on its way to the screen even
		 * when the patient left meanwhile; only its result may be
		 * dropped */
		g_set_error_literal(&job->error, G_IO_ERROR, G_IO_ERROR_FAILED, "no reason given");
	}
	g_task_return_boolean(task, TRUE);
}

static void
session_on_committed(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdCheckinSession *self = TD_CHECKIN_SESSION(source);
	TdCommitJob *job = g_task_get_task_data(G_TASK(result));
	TdCheckinEventData *data;

	if (job->error != NULL)
		g_message("the check-in could not be stored: %s", job->error->message);
	/* the patient left (reset, reader lost) while it was stored: the
	 * record is on disk, nobody is left to show it to */
	if (!pending_finish(user_data))
		return;
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_COMMITTED);
	data->record = g_steal_pointer(&job->record);
	data->exception = g_steal_pointer(&job->exception);
	data->error = g_steal_pointer(&job->error);
	data->repeat_visit = job->repeat_visit;
	td_checkin_session_post_data(self, data);
}

static gboolean
session_commit_prepare(TdCheckinSession *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree gchar *day = g_date_time_format(now, "%Y-%m-%d");

	if (self->record == NULL || self->committed)
		return FALSE;
	self->committed = TRUE;
	self->record->time_unix = g_date_time_to_unix(now);
	g_strlcpy(self->record->day, day, sizeof(self->record->day));
	return TRUE;
}

/* Stores the decided record once, as its number goes on screen: a number
 * the patient never saw is never stored. The record (and exception) move
 * to the worker and come back with the queue number; while it runs the
 * session holds none, so nothing shows a number that is not on disk.
 * Without a commit function COMMITTED follows at once (queue number 0). */
void
td_checkin_session_commit_async(TdCheckinSession *self)
{
	g_autoptr(GTask) task = NULL;
	TdCommitJob *job;

	if (!session_commit_prepare(self) || self->commit_func == NULL) {
		if (self->state == TD_CHECKIN_STATE_COMMITTING) {
			TdCheckinEventData *data = td_checkin_event_data_new(TD_CHECKIN_EVENT_COMMITTED);
			data->record = g_steal_pointer(&self->record);
			data->exception = g_steal_pointer(&self->exception);
			td_checkin_session_post_data(self, data);
		}
		return;
	}
	job = g_new0(TdCommitJob, 1);
	job->record = g_steal_pointer(&self->record);
	job->exception = g_steal_pointer(&self->exception);
	job->func = self->commit_func;
	job->data = self->commit_data;
	job->find = self->find;
	/* no GCancellable on the task: it would turn a stored record into a
	 * "cancelled" result; the pending's cancellable says whether the
	 * patient is still here */
	task = g_task_new(self, NULL, session_on_committed, pending_new(self));
	g_task_set_source_tag(task, td_checkin_session_commit_async);
	g_task_set_task_data(task, job, (GDestroyNotify)commit_job_free);
	td_worker_run_in_thread(task, commit_job_thread);
}

void
td_checkin_session_clear_patient(TdCheckinSession *self, gboolean keep_keys)
{
	/* every call still running for this patient sees its cancellable
	 * cancelled and drops its result */
	g_cancellable_cancel(self->cancellable);
	g_object_unref(self->cancellable);
	self->cancellable = g_cancellable_new();
	td_checkin_session_cancel_lookups(self);
	if (!keep_keys) {
		g_clear_pointer(&self->keys, td_access_key_list_free);
		g_clear_pointer(&self->typed_id, td_str_clear_free);
	}
	self->key_refused = FALSE;
	self->key_request = TD_CHECKIN_KEY_REQUEST_ID;
	g_clear_pointer(&self->dg13, td_dg13_free);
	g_clear_pointer(&self->id_hash, g_free);
	g_clear_pointer(&self->query, td_eligibility_query_free);
	self->card_done = FALSE;
	self->eligibility_started = FALSE;
	self->eligibility_done = FALSE;
	self->vneid_done = FALSE;
	self->vneid_known = TD_VNEID_NOT_ASKED;
	self->vneid_answered = FALSE;
	g_clear_pointer(&self->verification, td_chip_verification_free);
	g_clear_error(&self->card_error);
	/* a face read still running keeps its own reference */
	g_clear_pointer(&self->open_card, td_open_card_unref);
	g_clear_pointer(&self->eligibility, td_eligibility_free);
	g_clear_pointer(&self->record, td_checkin_record_free);
	g_clear_pointer(&self->exception, td_checkin_exception_free);
	self->decision = NULL;
	self->committed = FALSE;
	g_clear_error(&self->commit_error);
	self->repeat_visit = FALSE;
	g_clear_error(&self->print_error);
}

/* ---- after the number: the VNeID answer and the ticket, in workers that
 * outlive the patient (the check-in is on disk, the paper on its way) ---- */

typedef struct {
	TdSessionHook hook; /* borrowed */
	gint64 checkin_id;
	TdVneidAnswer answer;
	TdCheckinRecord *record; /* the ticket's */
	gchar *full_name;
} TdAfterJob;

static void
after_job_free(TdAfterJob *job)
{
	g_clear_pointer(&job->record, td_checkin_record_free);
	td_str_clear_free(job->full_name);
	g_free(job);
}

static void
vneid_job_thread(GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	TdAfterJob *job = task_data;
	TdCheckinVneidFunc func = job->hook.func;
	g_autoptr(GError) error = NULL;

	if (!func(job->checkin_id, job->answer, job->hook.data, &error))
		g_message("the VNeID answer could not be stored: %s", error != NULL ? error->message : "no reason given");
	g_task_return_boolean(task, TRUE);
}

static void
session_on_after_job(GObject *source, GAsyncResult *result, gpointer user_data)
{
	pending_finish(user_data);
}

void
td_checkin_session_store_vneid_async(TdCheckinSession *self, TdVneidAnswer answer)
{
	g_autoptr(GTask) task = NULL;
	TdAfterJob *job;

	/* 0: not stored; a negative id is a check-in the kiosk's offline
	 * journal holds (td-journaled-store.h) */
	if (self->vneid.func == NULL || self->record == NULL || self->record->id == 0)
		return;
	job = g_new0(TdAfterJob, 1);
	job->hook = self->vneid;
	job->checkin_id = self->record->id;
	job->answer = answer;
	task = g_task_new(self, NULL, session_on_after_job, pending_new(self));
	g_task_set_task_data(task, job, (GDestroyNotify)after_job_free);
	td_worker_run_in_thread(task, vneid_job_thread);
}

/* What the ticket shows of the record: nothing personal but the number. */
static TdCheckinRecord *
session_ticket_record(const TdCheckinRecord *record)
{
	TdCheckinRecord *copy = td_checkin_record_new();
	copy->id = record->id;
	copy->time_unix = record->time_unix;
	g_strlcpy(copy->day, record->day, sizeof(copy->day));
	copy->queue_number = record->queue_number;
	g_strlcpy(copy->queue_series, record->queue_series, sizeof(copy->queue_series));
	copy->eligibility = record->eligibility;
	copy->outcome = record->outcome;
	copy->registered_here = record->registered_here;
	/* whether the ticket carries the VNeID guide */
	copy->vneid = record->vneid;
	return copy;
}

static void
print_job_thread(GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	TdAfterJob *job = task_data;
	TdCheckinPrintFunc func = job->hook.func;
	GError *error = NULL;

	if (!func(job->record, job->full_name, job->hook.data, &error) && error == NULL)
		g_set_error_literal(&error, G_IO_ERROR, G_IO_ERROR_FAILED, "no reason given");
	if (error != NULL)
		g_task_return_error(task, error);
	else
		g_task_return_boolean(task, TRUE);
}

static void
session_on_printed(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdCheckinSession *self = TD_CHECKIN_SESSION(source);
	TdCheckinEventData *data = td_checkin_event_data_new(TD_CHECKIN_EVENT_PRINTED);

	g_task_propagate_boolean(G_TASK(result), &data->error);
	if (data->error != NULL)
		g_message("the ticket was not printed: %s", data->error->message);
	/* the patient has gone: the paper is out (or not), nobody to tell */
	if (!pending_finish(user_data)) {
		td_checkin_event_data_free(data);
		return;
	}
	td_checkin_session_post_data(self, data);
}

void
td_checkin_session_print_async(TdCheckinSession *self)
{
	g_autoptr(GTask) task = NULL;
	TdAfterJob *job;

	if (self->print.func == NULL || self->record == NULL || self->record->queue_number == 0)
		return;
	job = g_new0(TdAfterJob, 1);
	job->hook = self->print;
	job->record = session_ticket_record(self->record);
	if (self->dg13 != NULL)
		job->full_name = g_strdup(self->dg13->full_name);
	task = g_task_new(self, NULL, session_on_printed, pending_new(self));
	g_task_set_task_data(task, job, (GDestroyNotify)after_job_free);
	td_worker_run_in_thread(task, print_job_thread);
}
