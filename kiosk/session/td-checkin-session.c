/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-checkin-card-work.h"
#include "td-checkin-session-private.h"
#include "td-pcsc-transport.h"
#include "td-reader-error.h"
#include "td-secret.h"

G_DEFINE_TYPE(TdCheckinSession, td_checkin_session, G_TYPE_OBJECT)

enum { SIGNAL_STATE_CHANGED, SIGNAL_WARNING, N_SIGNALS };
static guint signals[N_SIGNALS];


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
session_on_dg13(TdDg13 *summary, TdEligibilityQuery *query, gpointer user_data)
{
	TdCheckinEventData *data = td_checkin_event_data_new(TD_CHECKIN_EVENT_DG13_READ);
	data->dg13 = summary;
	data->query = query;
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

static void
session_start_card_work(TdCheckinSession *self)
{
	td_card_work_run_async(G_OBJECT(self), self->connect_func, self->connect_data, self->reader_name,
			       g_steal_pointer(&self->keys), self->trust_store, self->card_command_ms,
			       self->card_total_ms, session_on_dg13, self->cancellable, session_on_card_work,
			       pending_new(self));
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

	if (!pending_finish(pending))
		return;
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_ELIGIBILITY_DONE);
	data->eligibility = eligibility != NULL ? g_steal_pointer(&eligibility) : td_eligibility_new_from_error(error);
	td_checkin_session_post_data(self, data);
}

static void
session_start_eligibility(TdCheckinSession *self)
{
	if (self->eligibility_started)
		return;
	self->eligibility_started = TRUE;
	if (self->gateway == NULL || self->query == NULL) {
		/* nothing to ask: the answer is "not checked", at once */
		td_checkin_session_post_data(self, td_checkin_event_data_new(TD_CHECKIN_EVENT_ELIGIBILITY_DONE));
		return;
	}
	td_gateway_client_check_async(self->gateway, self->query, self->cancellable, session_on_eligibility,
				      pending_new(self));
}

static void
session_on_vneid_lookup(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdPending *pending = user_data;
	TdCheckinSession *self = pending->self;
	g_autoptr(GError) error = NULL;
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gboolean known = td_vneid_source_lookup_finish(TD_VNEID_SOURCE(source), result, &answer, &error);
	TdCheckinEventData *data;

	if (!pending_finish(pending))
		return;
	if (error != NULL)
		g_message("VNeID source failed, asking the patient: %s", error->message);
	if (!known)
		return; /* the patient is asked */
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_VNEID_KNOWN);
	data->vneid = answer;
	td_checkin_session_post_data(self, data);
}

static void
session_start_vneid_lookup(TdCheckinSession *self)
{
	if (self->vneid_source == NULL || self->record == NULL)
		return;
	td_vneid_source_lookup_async(self->vneid_source, self->record->id_hash, self->cancellable,
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

static void
session_decide(TdCheckinSession *self)
{
	TdPolicyCard card = td_policy_card_from_result(self->verification, self->card_error);
	TdEligibilityVerdict verdict = td_policy_eligibility_from_result(self->eligibility);
	const TdPolicyRule *rule =
	    td_checkin_policy_decide(card, verdict, self->eligibility != NULL ? self->eligibility->failure : -1);
	TdCheckinRecord *record = td_checkin_record_new();

	record->card_verdict = td_policy_card_to_verdict(card);
	record->card_reasons = session_card_reasons(self);
	record->eligibility = verdict;
	record->vneid = TD_VNEID_NOT_ASKED;
	record->outcome = rule->outcome;
	record->see_staff_reason = g_strdup(rule->reason);
	if (self->eligibility != NULL) {
		record->eligibility_code = g_strdup(self->eligibility->result_code);
		record->benefit_level = (gint)self->eligibility->benefit_level;
		record->registered_here = self->eligibility->registered_here;
	}
	if (self->dg13 != NULL && self->dg13->id_number != NULL && self->hash_func != NULL)
		record->id_hash = self->hash_func(self->dg13->id_number, self->hash_data);
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

	/* never cancelled: a decided check-in is stored even when the patient
	 * left meanwhile; only its result may be dropped */
	if (!job->func(job->record, job->exception, job->data, &job->error) && job->error == NULL)
		g_set_error_literal(&job->error, G_IO_ERROR, G_IO_ERROR_FAILED, "no reason given");
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

/* Stores the decided record once, whether the patient reached the ticket
 * or walked away after seeing the result: a decided check-in is never lost
 * and never half-stored. The record (and exception) move to the worker and
 * come back with the queue number; while it runs the session holds none,
 * so nothing shows a number that is not on disk. Without a commit function
 * COMMITTED follows at once (queue number 0). */
static void
session_commit_async(TdCheckinSession *self)
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
	/* no GCancellable on the task: it would turn a stored record into a
	 * "cancelled" result; the pending's cancellable says whether the
	 * patient is still here */
	task = g_task_new(self, NULL, session_on_committed, pending_new(self));
	g_task_set_source_tag(task, session_commit_async);
	g_task_set_task_data(task, job, (GDestroyNotify)commit_job_free);
	g_task_run_in_thread(task, commit_job_thread);
}

/* Only when the session itself goes away (the kiosk shuts down): nothing
 * is left to show, the main loop may not run again, and the record must
 * still reach the disk, so this one call blocks. */
static void
session_commit_at_exit(TdCheckinSession *self)
{
	g_autoptr(GError) error = NULL;

	if (!session_commit_prepare(self) || self->commit_func == NULL)
		return;
	if (!self->commit_func(self->record, self->exception, self->commit_data, &error))
		g_message("the check-in could not be stored: %s", error != NULL ? error->message : "no reason given");
}

static void
session_clear_patient(TdCheckinSession *self, gboolean keep_keys)
{
	session_commit_async(self);
	/* every call still running for this patient sees its cancellable
	 * cancelled and drops its result */
	g_cancellable_cancel(self->cancellable);
	g_object_unref(self->cancellable);
	self->cancellable = g_cancellable_new();
	if (!keep_keys)
		g_clear_pointer(&self->keys, td_access_key_list_free);
	self->key_refused = FALSE;
	g_clear_pointer(&self->dg13, td_dg13_free);
	g_clear_pointer(&self->query, td_eligibility_query_free);
	self->card_done = FALSE;
	self->eligibility_started = FALSE;
	self->eligibility_done = FALSE;
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
}

/* ---- time limits ---- */

static void
session_disarm_timer(TdCheckinSession *self)
{
	if (self->timer == NULL)
		return;
	g_source_destroy(self->timer);
	g_source_unref(self->timer);
	self->timer = NULL;
}

static TdCheckinEvent
session_expiry_event(TdCheckinState state)
{
	switch (state) {
	case TD_CHECKIN_STATE_RESULT:
		return TD_CHECKIN_EVENT_CONTINUE;
	case TD_CHECKIN_STATE_TICKET:
	case TD_CHECKIN_STATE_SEE_STAFF:
		return TD_CHECKIN_EVENT_DONE;
	default:
		return TD_CHECKIN_EVENT_TIMEOUT;
	}
}

static void session_schedule(TdCheckinSession *self, guint ms, GSourceFunc func);

static gboolean
session_on_expiry(gpointer user_data)
{
	TdCheckinSession *self = user_data;
	g_clear_pointer(&self->timer, g_source_unref);
	td_checkin_session_post(self, session_expiry_event(self->state));
	return G_SOURCE_REMOVE;
}

static gboolean
session_on_warning(gpointer user_data)
{
	TdCheckinSession *self = user_data;
	guint warning_ms = self->warning_ms[self->state];
	g_clear_pointer(&self->timer, g_source_unref);
	session_schedule(self, warning_ms, session_on_expiry);
	g_signal_emit(self, signals[SIGNAL_WARNING], 0, (warning_ms + 999) / 1000);
	return G_SOURCE_REMOVE;
}

static void
session_schedule(TdCheckinSession *self, guint ms, GSourceFunc func)
{
	session_disarm_timer(self);
	self->timer = g_timeout_source_new(ms);
	g_source_set_callback(self->timer, func, self, NULL);
	g_source_attach(self->timer, self->context);
}

/* Starts the state's clock from the beginning (also "more time"). */
static void
session_arm_timer(TdCheckinSession *self)
{
	guint timeout_ms = self->timeout_ms[self->state];
	guint warning_ms = self->warning_ms[self->state];

	session_disarm_timer(self);
	if (timeout_ms == 0)
		return;
	if (warning_ms > 0 && warning_ms < timeout_ms)
		session_schedule(self, timeout_ms - warning_ms, session_on_warning);
	else
		session_schedule(self, timeout_ms, session_on_expiry);
}

/* ---- enter hooks ---- */

static void
enter_idle(TdCheckinSession *self)
{
	session_clear_patient(self, FALSE);
}

static void
enter_card_present(TdCheckinSession *self)
{
	TdCheckinEventData *data;

	/* keys scanned before the card stay; anything of a previous patient
	 * (a ticket still on screen) goes */
	session_clear_patient(self, TRUE);
	if (self->keys == NULL) {
		td_checkin_session_post(self, TD_CHECKIN_EVENT_KEY_REQUIRED);
		return;
	}
	data = td_checkin_event_data_new(TD_CHECKIN_EVENT_KEY_SUBMITTED);
	data->keys = g_steal_pointer(&self->keys);
	td_checkin_session_post_data(self, data);
}

static void
enter_reading(TdCheckinSession *self)
{
	self->key_refused = FALSE;
	self->card_done = FALSE;
	session_start_card_work(self);
}

static void
enter_verifying(TdCheckinSession *self)
{
	/* normally DG13 arrived first; if the card finished before its
	 * message, the summary came with the result */
	if (self->query == NULL && self->dg13 != NULL && self->card_done)
		self->query = td_checkin_query_from_dg13(self->dg13);
	session_start_eligibility(self);
}

static void
enter_result(TdCheckinSession *self)
{
	session_decide(self);
}

static void
enter_vneid_step(TdCheckinSession *self)
{
	session_start_vneid_lookup(self);
}

static void
enter_committing(TdCheckinSession *self)
{
	session_commit_async(self);
}

static void
enter_out_of_service(TdCheckinSession *self)
{
	session_clear_patient(self, FALSE);
}

typedef void (*TdStateHook)(TdCheckinSession *self);

static const struct {
	const gchar *name;
	TdStateHook enter;
	TdStateHook leave;
} state_info[] = {
    [TD_CHECKIN_STATE_IDLE] = {"idle", enter_idle, NULL},
    [TD_CHECKIN_STATE_CARD_PRESENT] = {"card-present", enter_card_present, NULL},
    [TD_CHECKIN_STATE_KEY_NEEDED] = {"key-needed", NULL, NULL},
    [TD_CHECKIN_STATE_READING] = {"reading", enter_reading, NULL},
    [TD_CHECKIN_STATE_VERIFYING] = {"verifying", enter_verifying, NULL},
    [TD_CHECKIN_STATE_RESULT] = {"result", enter_result, NULL},
    [TD_CHECKIN_STATE_VNEID_STEP] = {"vneid-step", enter_vneid_step, NULL},
    [TD_CHECKIN_STATE_COMMITTING] = {"committing", enter_committing, NULL},
    [TD_CHECKIN_STATE_TICKET] = {"ticket", NULL, NULL},
    [TD_CHECKIN_STATE_SEE_STAFF] = {"see-staff", NULL, NULL},
    [TD_CHECKIN_STATE_OUT_OF_SERVICE] = {"out-of-service", enter_out_of_service, NULL},
};
G_STATIC_ASSERT(G_N_ELEMENTS(state_info) == TD_CHECKIN_STATE_N_STATES);

/* ---- actions and guards of transitions: they read the event's data ---- */

typedef TdCheckinEventData TdEv;

static void
action_take_reader(TdCheckinSession *self, TdEv *ev)
{
	g_free(self->reader_name);
	self->reader_name = g_steal_pointer(&ev->reader_name);
}

static void
action_take_keys(TdCheckinSession *self, TdEv *ev)
{
	g_clear_pointer(&self->keys, td_access_key_list_free);
	self->keys = g_steal_pointer(&ev->keys);
}

static void
action_keys_wait_for_card(TdCheckinSession *self, TdEv *ev)
{
	action_take_keys(self, ev);
	session_arm_timer(self);
}

static void
action_forget_keys(TdCheckinSession *self, TdEv *ev)
{
	/* a QR scanned with no card following: do not keep it around */
	g_clear_pointer(&self->keys, td_access_key_list_free);
}

static void
action_take_dg13(TdCheckinSession *self, TdEv *ev)
{
	g_clear_pointer(&self->dg13, td_dg13_free);
	g_clear_pointer(&self->query, td_eligibility_query_free);
	self->dg13 = g_steal_pointer(&ev->dg13);
	self->query = g_steal_pointer(&ev->query);
}

static void
action_take_card(TdCheckinSession *self, TdEv *ev)
{
	TdCardWorkResult *card = ev->card;

	self->verification = g_steal_pointer(&card->verification);
	self->card_error = g_steal_pointer(&card->card_error);
	g_clear_pointer(&self->open_card, td_open_card_unref);
	self->open_card = g_steal_pointer(&card->card);
	/* normally DG13 came first; if the card finished before its
	 * message, the summary comes with the result */
	if (self->dg13 == NULL)
		self->dg13 = g_steal_pointer(&card->summary);
	self->card_done = TRUE;
	if (g_error_matches(self->card_error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT))
		g_message("the card stopped answering and was abandoned: %s", self->card_error->message);
}

static void
action_take_eligibility(TdCheckinSession *self, TdEv *ev)
{
	self->eligibility = g_steal_pointer(&ev->eligibility);
	self->eligibility_done = TRUE;
}

static void
action_key_refused(TdCheckinSession *self, TdEv *ev)
{
	self->key_refused = TRUE;
}

static void
action_rearm_timer(TdCheckinSession *self, TdEv *ev)
{
	session_arm_timer(self);
}

static void
action_record_vneid(TdCheckinSession *self, TdEv *ev)
{
	if (self->record != NULL)
		self->record->vneid = ev->vneid;
}

static void
action_take_commit(TdCheckinSession *self, TdEv *ev)
{
	self->record = g_steal_pointer(&ev->record);
	self->exception = g_steal_pointer(&ev->exception);
	self->commit_error = g_steal_pointer(&ev->error);
}

static void
action_commit_overdue(TdCheckinSession *self, TdEv *ev)
{
	/* the worker keeps the record and still stores it; the patient is
	 * not kept waiting for a number that may never come */
	g_set_error(&self->commit_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
		    "storing the check-in took longer than %u ms", self->timeout_ms[TD_CHECKIN_STATE_COMMITTING]);
	g_message("%s", self->commit_error->message);
}

static gboolean
guard_see_staff(TdCheckinSession *self, const TdEv *ev)
{
	return self->decision != NULL && self->decision->outcome == TD_OUTCOME_SEE_STAFF;
}

static gboolean
guard_card_refused_keys(TdCheckinSession *self, const TdEv *ev)
{
	return g_error_matches(ev->card->card_error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY);
}

/* The card left, or the reader's service cancelled or lost it, without us
 * asking (our own cancel never gets here): the patient's session ends at
 * once, as when the monitor reports the removal. A card that stopped
 * answering is not lost: it goes to staff. */
static gboolean
guard_card_lost(TdCheckinSession *self, const TdEv *ev)
{
	const GError *error = ev->card->card_error;
	return ev->card->verification == NULL && !g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT) &&
	       (td_reader_error_ends_conversation(error) ||
		g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_NO_CARD) ||
		g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_NO_READER));
}

static gboolean
guard_card_done(TdCheckinSession *self, const TdEv *ev)
{
	return self->card_done;
}

static gboolean
guard_eligibility_done(TdCheckinSession *self, const TdEv *ev)
{
	return self->eligibility_done;
}

/* ---- the transition table: tried in order, first match wins ---- */

#define ANY_STATE (-1)
#define SAME_STATE (-1)

typedef struct {
	gint from;					     /* TdCheckinState or ANY_STATE */
	TdCheckinEvent event;
	gboolean (*guard)(TdCheckinSession *, const TdEv *); /* NULL: always */
	gint to;					     /* TdCheckinState or SAME_STATE (no leave/enter) */
	void (*action)(TdCheckinSession *, TdEv *);	     /* runs before leaving */
} TdCheckinTransition;

#define S(x) TD_CHECKIN_STATE_##x
#define E(x) TD_CHECKIN_EVENT_##x
static const TdCheckinTransition transitions[] = {
    /* a patient arrives: keys scanned first wait for the card */
    {S(IDLE), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {S(IDLE), E(KEY_SUBMITTED), NULL, SAME_STATE, action_keys_wait_for_card},
    {S(IDLE), E(TIMEOUT), NULL, SAME_STATE, action_forget_keys},
    {S(CARD_PRESENT), E(KEY_SUBMITTED), NULL, S(READING), action_take_keys},
    {S(CARD_PRESENT), E(KEY_REQUIRED), NULL, S(KEY_NEEDED), NULL},
    {S(KEY_NEEDED), E(KEY_SUBMITTED), NULL, S(READING), action_take_keys},
    /* the card: a refused key asks again, a lost card ends the patient's
     * session, anything else (verified, unreadable, stopped answering)
     * goes on to the decision */
    {S(READING), E(DG13_READ), NULL, S(VERIFYING), action_take_dg13},
    {S(READING), E(CARD_DONE), guard_card_refused_keys, S(KEY_NEEDED), action_key_refused},
    {S(READING), E(CARD_DONE), guard_card_lost, S(IDLE), NULL},
    {S(READING), E(CARD_DONE), NULL, S(VERIFYING), action_take_card},
    /* the look-up runs in parallel with the rest of the card; both
     * answers make the result */
    {S(VERIFYING), E(CARD_DONE), guard_card_lost, S(IDLE), NULL},
    {S(VERIFYING), E(CARD_DONE), guard_eligibility_done, S(RESULT), action_take_card},
    {S(VERIFYING), E(CARD_DONE), NULL, SAME_STATE, action_take_card},
    {S(VERIFYING), E(ELIGIBILITY_DONE), guard_card_done, S(RESULT), action_take_eligibility},
    {S(VERIFYING), E(ELIGIBILITY_DONE), NULL, SAME_STATE, action_take_eligibility},
    /* the outcome, VNeID, the ticket */
    {S(RESULT), E(CONTINUE), guard_see_staff, S(COMMITTING), NULL},
    {S(RESULT), E(CONTINUE), NULL, S(VNEID_STEP), NULL},
    {S(VNEID_STEP), E(VNEID_KNOWN), NULL, S(COMMITTING), action_record_vneid},
    {S(VNEID_STEP), E(VNEID_ANSWERED), NULL, S(COMMITTING), action_record_vneid},
    /* a number is shown only once it is on disk (or the store failed or
     * took too long: then the patient goes to staff) */
    {S(COMMITTING), E(COMMITTED), guard_see_staff, S(SEE_STAFF), action_take_commit},
    {S(COMMITTING), E(COMMITTED), NULL, S(TICKET), action_take_commit},
    {S(COMMITTING), E(TIMEOUT), NULL, S(SEE_STAFF), action_commit_overdue},
    {S(TICKET), E(DONE), NULL, S(IDLE), NULL},
    {S(SEE_STAFF), E(DONE), NULL, S(IDLE), NULL},
    {S(TICKET), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {S(SEE_STAFF), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    /* the card leaves before the outcome: the patient is gone. After
     * it, taking the card back is what they are meant to do. */
    {S(CARD_PRESENT), E(CARD_REMOVED), NULL, S(IDLE), NULL},
    {S(KEY_NEEDED), E(CARD_REMOVED), NULL, S(IDLE), NULL},
    {S(READING), E(CARD_REMOVED), NULL, S(IDLE), NULL},
    {S(VERIFYING), E(CARD_REMOVED), NULL, S(IDLE), NULL},
    /* walked away */
    {S(KEY_NEEDED), E(TIMEOUT), NULL, S(IDLE), NULL},
    {S(READING), E(TIMEOUT), NULL, S(IDLE), NULL},
    {S(VERIFYING), E(TIMEOUT), NULL, S(IDLE), NULL},
    {S(VNEID_STEP), E(TIMEOUT), NULL, S(IDLE), NULL},
    /* anywhere */
    {ANY_STATE, E(EXTEND_TIME), NULL, SAME_STATE, action_rearm_timer},
    {S(OUT_OF_SERVICE), E(READER_LOST), NULL, SAME_STATE, NULL},
    {ANY_STATE, E(READER_LOST), NULL, S(OUT_OF_SERVICE), NULL},
    {S(OUT_OF_SERVICE), E(READER_BACK), NULL, S(IDLE), NULL},
    {S(OUT_OF_SERVICE), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {ANY_STATE, E(RESET), NULL, S(IDLE), NULL},
};
#undef S
#undef E

static void
session_handle(TdCheckinSession *self, TdCheckinEventData *ev)
{
	for (gsize i = 0; i < G_N_ELEMENTS(transitions); i++) {
		const TdCheckinTransition *t = &transitions[i];
		TdCheckinState old_state = self->state;

		if (t->event != ev->event || (t->from != ANY_STATE && t->from != (gint)self->state))
			continue;
		if (t->guard != NULL && !t->guard(self, ev))
			continue;
		g_debug("%s + %s -> %s", state_info[old_state].name, td_checkin_event_to_string(ev->event),
			t->to == SAME_STATE ? "(same)" : state_info[t->to].name);
		if (t->action != NULL)
			t->action(self, ev);
		if (t->to == SAME_STATE)
			return;
		session_disarm_timer(self);
		if (state_info[old_state].leave != NULL)
			state_info[old_state].leave(self);
		self->state = (TdCheckinState)t->to;
		if (state_info[self->state].enter != NULL)
			state_info[self->state].enter(self);
		session_arm_timer(self);
		g_signal_emit(self, signals[SIGNAL_STATE_CHANGED], 0, (guint)old_state, (guint)self->state);
		return;
	}
	g_debug("%s ignores %s", state_info[self->state].name, td_checkin_event_to_string(ev->event));
}

TdCheckinEventData *
td_checkin_event_data_new(TdCheckinEvent event)
{
	TdCheckinEventData *data = g_new0(TdCheckinEventData, 1);
	data->event = event;
	return data;
}

void
td_checkin_event_data_free(TdCheckinEventData *data)
{
	if (data == NULL)
		return;
	g_free(data->reader_name);
	g_clear_pointer(&data->keys, td_access_key_list_free);
	g_clear_pointer(&data->dg13, td_dg13_free);
	g_clear_pointer(&data->query, td_eligibility_query_free);
	g_clear_pointer(&data->card, td_card_work_result_free);
	g_clear_pointer(&data->eligibility, td_eligibility_free);
	g_clear_pointer(&data->record, td_checkin_record_free);
	g_clear_pointer(&data->exception, td_checkin_exception_free);
	g_clear_error(&data->error);
	g_free(data);
}

gboolean
td_checkin_event_has_data(TdCheckinEvent event)
{
	switch (event) {
	case TD_CHECKIN_EVENT_CARD_INSERTED:
	case TD_CHECKIN_EVENT_KEY_SUBMITTED:
	case TD_CHECKIN_EVENT_VNEID_ANSWERED:
	case TD_CHECKIN_EVENT_DG13_READ:
	case TD_CHECKIN_EVENT_CARD_DONE:
	case TD_CHECKIN_EVENT_VNEID_KNOWN:
	case TD_CHECKIN_EVENT_COMMITTED:
		return TRUE;
	default:
		return FALSE;
	}
}

/* Events are handled one at a time, to completion, in the order posted:
 * an event posted by an enter hook or a signal handler waits its turn. */
void
td_checkin_session_post_data(TdCheckinSession *self, TdCheckinEventData *data)
{
	g_queue_push_tail(&self->events, data);
	if (self->dispatching)
		return;
	g_object_ref(self);
	self->dispatching = TRUE;
	while (!g_queue_is_empty(&self->events)) {
		g_autoptr(TdCheckinEventData) ev = g_queue_pop_head(&self->events);
		session_handle(self, ev);
	}
	self->dispatching = FALSE;
	g_object_unref(self);
}

void
td_checkin_session_post(TdCheckinSession *self, TdCheckinEvent event)
{
	td_checkin_session_post_data(self, td_checkin_event_data_new(event));
}

/* ---- names ---- */

const gchar *
td_checkin_state_to_string(TdCheckinState state)
{
	if ((guint)state >= TD_CHECKIN_STATE_N_STATES)
		return "unknown";
	return state_info[state].name;
}

const gchar *
td_checkin_event_to_string(TdCheckinEvent event)
{
	static const gchar *const names[] = {
	    "card-inserted", "card-removed", "reader-lost", "reader-back",	"key-submitted", "vneid-answered",
	    "continue",	     "done",	     "extend-time", "reset",		"key-required",	 "dg13-read",
	    "card-done",     "eligibility-done", "vneid-known", "committed", "timeout",
	};
	G_STATIC_ASSERT(G_N_ELEMENTS(names) == TD_CHECKIN_EVENT_N_EVENTS);
	if ((guint)event >= G_N_ELEMENTS(names))
		return "unknown";
	return names[event];
}

/* ---- the object ---- */

static void
td_checkin_session_dispose(GObject *object)
{
	TdCheckinSession *self = TD_CHECKIN_SESSION(object);

	session_disarm_timer(self);
	if (self->cancellable != NULL) {
		session_commit_at_exit(self);
		session_clear_patient(self, FALSE);
	}
	g_clear_object(&self->gateway);
	g_clear_pointer(&self->trust_store, td_trust_store_unref);
	g_clear_object(&self->vneid_source);
	G_OBJECT_CLASS(td_checkin_session_parent_class)->dispose(object);
}

static void
td_checkin_session_finalize(GObject *object)
{
	TdCheckinSession *self = TD_CHECKIN_SESSION(object);

	g_clear_object(&self->cancellable);
	g_queue_clear_full(&self->events, (GDestroyNotify)td_checkin_event_data_free);
	if (self->connect_destroy != NULL)
		self->connect_destroy(self->connect_data);
	if (self->commit_destroy != NULL)
		self->commit_destroy(self->commit_data);
	if (self->hash_destroy != NULL)
		self->hash_destroy(self->hash_data);
	g_free(self->monitor_reader);
	g_free(self->reader_name);
	g_clear_pointer(&self->keys, td_access_key_list_free);
	g_main_context_unref(self->context);
	G_OBJECT_CLASS(td_checkin_session_parent_class)->finalize(object);
}

static void
td_checkin_session_class_init(TdCheckinSessionClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);

	object_class->dispose = td_checkin_session_dispose;
	object_class->finalize = td_checkin_session_finalize;
	signals[SIGNAL_STATE_CHANGED] = g_signal_new("state-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
						     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
	signals[SIGNAL_WARNING] = g_signal_new("warning", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
					       NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
td_checkin_session_init(TdCheckinSession *self)
{
	self->context = g_main_context_ref_thread_default();
	self->cancellable = g_cancellable_new();
	self->state = TD_CHECKIN_STATE_IDLE;
	g_queue_init(&self->events);
	/* what a kiosk patient gets; [kiosk] settings and tests change them */
	self->timeout_ms[TD_CHECKIN_STATE_IDLE] = 60000; /* keys without a card */
	self->timeout_ms[TD_CHECKIN_STATE_KEY_NEEDED] = 90000;
	self->warning_ms[TD_CHECKIN_STATE_KEY_NEEDED] = 15000;
	self->timeout_ms[TD_CHECKIN_STATE_READING] = 60000; /* a stuck reader */
	self->timeout_ms[TD_CHECKIN_STATE_VERIFYING] = 60000;
	self->timeout_ms[TD_CHECKIN_STATE_RESULT] = 10000;
	self->timeout_ms[TD_CHECKIN_STATE_VNEID_STEP] = 90000;
	self->warning_ms[TD_CHECKIN_STATE_VNEID_STEP] = 15000;
	/* an fsync is milliseconds; a store stuck this long sends the
	 * patient to staff (the record still goes to disk when it can) */
	self->timeout_ms[TD_CHECKIN_STATE_COMMITTING] = 10000;
	self->card_command_ms = TD_CHECKIN_DEFAULT_COMMAND_TIMEOUT_MS;
	self->card_total_ms = TD_CHECKIN_DEFAULT_CARD_TIMEOUT_MS;
	self->timeout_ms[TD_CHECKIN_STATE_TICKET] = 20000;
	self->timeout_ms[TD_CHECKIN_STATE_SEE_STAFF] = 20000;
}

TdCheckinSession *
td_checkin_session_new(TdCardConnectFunc connect_func, gpointer user_data, GDestroyNotify destroy)
{
	TdCheckinSession *self = g_object_new(TD_TYPE_CHECKIN_SESSION, NULL);
	self->connect_func = connect_func;
	self->connect_data = user_data;
	self->connect_destroy = destroy;
	return self;
}

TdTransport *
td_checkin_connect_pcsc(const gchar *reader_name, const TdTransportDeadline *deadline, gpointer user_data,
			GCancellable *cancellable, GError **error)
{
	return td_pcsc_transport_new_with_deadline(reader_name, deadline, cancellable, error);
}
