/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-checkin-card-work.h"
#include "td-checkin-session-private.h"
#include "td-gateway-error.h"
#include "td-pcsc-transport.h"
#include "td-reader-error.h"
#include "td-secret.h"

G_DEFINE_TYPE(TdCheckinSession, td_checkin_session, G_TYPE_OBJECT)

enum { SIGNAL_STATE_CHANGED, SIGNAL_UPDATED, SIGNAL_WARNING, N_SIGNALS };
static guint signals[N_SIGNALS];

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
	case TD_CHECKIN_STATE_TICKET:
		return TD_CHECKIN_EVENT_CONTINUE; /* the VNeID question, or done */
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

/* Starts a clock of timeout_ms for the state, its warning as the state's. */
static void
session_arm_timer_for(TdCheckinSession *self, guint timeout_ms)
{
	guint warning_ms = self->warning_ms[self->state];

	session_disarm_timer(self);
	if (timeout_ms == 0)
		return;
	self->deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	if (warning_ms > 0 && warning_ms < timeout_ms)
		session_schedule(self, timeout_ms - warning_ms, session_on_warning);
	else
		session_schedule(self, timeout_ms, session_on_expiry);
}

/* Starts the state's clock from the beginning (also "more time"). */
static void
session_arm_timer(TdCheckinSession *self)
{
	session_arm_timer_for(self, self->timeout_ms[self->state]);
}

/* ---- enter and leave hooks ---- */

static void
enter_idle(TdCheckinSession *self)
{
	td_checkin_session_clear_patient(self, FALSE);
}

static void
enter_card_present(TdCheckinSession *self)
{
	TdCheckinEventData *data;

	/* keys scanned before the card stay; anything of a previous patient
	 * (a ticket still on screen) goes */
	td_checkin_session_clear_patient(self, TRUE);
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
	td_checkin_session_start_card_work(self);
}

static void
enter_verifying(TdCheckinSession *self)
{
	/* normally DG13 arrived first; if the card finished before its
	 * message, the summary came with the result */
	if (self->query == NULL && self->dg13 != NULL && self->card_done)
		self->query = td_checkin_query_from_dg13(self->dg13);
	td_checkin_session_start_eligibility(self);
	td_checkin_session_start_vneid_lookup(self);
}

static void
enter_committing(TdCheckinSession *self)
{
	td_checkin_session_decide(self);
	td_checkin_session_commit_async(self);
}

static void
enter_number_shown(TdCheckinSession *self)
{
	td_checkin_session_print_async(self);
}

/* Leaving the question without an answer: the stored check-in says the
 * patient left with their number before answering. */
static void
leave_vneid_step(TdCheckinSession *self)
{
	if (!self->vneid_answered)
		td_checkin_session_store_vneid_async(self, TD_VNEID_LEFT);
}

static void
enter_out_of_service(TdCheckinSession *self)
{
	td_checkin_session_clear_patient(self, FALSE);
}

typedef void (*TdStateHook)(TdCheckinSession *self);

static const struct {
	const gchar *name;
	TdStateHook enter;
	TdStateHook leave;
} state_info[] = {
    [TD_CHECKIN_STATE_IDLE] = {"idle", enter_idle, NULL},
    [TD_CHECKIN_STATE_ENTERING_KEY] = {"entering-key", NULL, NULL},
    [TD_CHECKIN_STATE_AWAITING_CARD] = {"awaiting-card", NULL, NULL},
    [TD_CHECKIN_STATE_CARD_PRESENT] = {"card-present", enter_card_present, NULL},
    [TD_CHECKIN_STATE_KEY_NEEDED] = {"key-needed", NULL, NULL},
    [TD_CHECKIN_STATE_READING] = {"reading", enter_reading, NULL},
    [TD_CHECKIN_STATE_VERIFYING] = {"verifying", enter_verifying, NULL},
    [TD_CHECKIN_STATE_COMMITTING] = {"committing", enter_committing, NULL},
    [TD_CHECKIN_STATE_TICKET] = {"ticket", enter_number_shown, NULL},
    [TD_CHECKIN_STATE_VNEID_STEP] = {"vneid-step", NULL, leave_vneid_step},
    [TD_CHECKIN_STATE_SEE_STAFF] = {"see-staff", enter_number_shown, NULL},
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
	self->card_on_reader = TRUE;
}

/* The card left the reader (or the reader went with it). */
static void
action_card_gone(TdCheckinSession *self, TdEv *ev)
{
	self->card_on_reader = FALSE;
}

static void
action_take_keys(TdCheckinSession *self, TdEv *ev)
{
	const gchar *id = td_access_key_list_get_id_number(ev->keys);

	g_clear_pointer(&self->keys, td_access_key_list_free);
	self->keys = g_steal_pointer(&ev->keys);
	/* kept in case the chip opens by BAC only and the birth date must
	 * be asked for; a scan with a birth date replaces it */
	g_clear_pointer(&self->typed_id, td_str_clear_free);
	self->typed_id = g_strdup(id);
	self->keys_with_birth_date = self->key_request == TD_CHECKIN_KEY_REQUEST_BIRTH_DATE;
	self->key_request = TD_CHECKIN_KEY_REQUEST_ID;
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
	/* keys with no card following: do not keep them around */
	g_clear_pointer(&self->keys, td_access_key_list_free);
	g_clear_pointer(&self->typed_id, td_str_clear_free);
}

static void
action_take_dg13(TdCheckinSession *self, TdEv *ev)
{
	g_clear_pointer(&self->dg13, td_dg13_free);
	g_clear_pointer(&self->query, td_eligibility_query_free);
	self->dg13 = g_steal_pointer(&ev->dg13);
	self->query = g_steal_pointer(&ev->query);
	g_free(self->id_hash);
	self->id_hash = g_steal_pointer(&ev->id_hash);
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
	if (self->dg13 == NULL) {
		self->dg13 = g_steal_pointer(&card->summary);
		g_free(self->id_hash);
		self->id_hash = g_steal_pointer(&card->id_hash);
	}
	self->card_done = TRUE;
	g_clear_pointer(&self->typed_id, td_str_clear_free);
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
action_take_vneid_known(TdCheckinSession *self, TdEv *ev)
{
	self->vneid_known = ev->vneid;
	self->vneid_done = TRUE;
}

/* VERIFYING's time limit passed with an answer still out (a gateway that
 * answers each request just inside its limit, a store that does not
 * answer the VNeID history): the patient has waited long enough, and the
 * card is read. What is missing is decided as not given, as its own
 * failure would have been: insurance pending (staff confirm it), VNeID
 * asked after the number, a card still checking given up. A late answer
 * finds no transition and is dropped. */
static void
action_verifying_overdue(TdCheckinSession *self, TdEv *ev)
{
	guint limit_s = (self->timeout_ms[TD_CHECKIN_STATE_VERIFYING] + 999) / 1000;

	if (!self->eligibility_done) {
		g_autofree gchar *detail = g_strdup_printf("the gateway gave no answer within the %u s a patient waits", limit_s);
		g_clear_pointer(&self->eligibility, td_eligibility_free);
		self->eligibility =
		    td_eligibility_new_failure(TD_ELIGIBILITY_STATUS_UNAVAILABLE, TD_GATEWAY_ERROR_TIMEOUT, detail);
		self->eligibility_done = TRUE;
		g_message("%s", detail);
	}
	if (!self->vneid_done) {
		self->vneid_known = TD_VNEID_NOT_ASKED;
		self->vneid_done = TRUE;
		g_message("the VNeID history gave no answer within %u s: the patient is asked", limit_s);
	}
	if (!self->card_done) {
		g_clear_error(&self->card_error);
		g_set_error(&self->card_error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT,
			    "the card's checks did not finish within %u s", limit_s);
		self->card_done = TRUE;
		g_message("%s", self->card_error->message);
	}
	td_checkin_session_cancel_lookups(self);
}

static void
action_key_refused(TdCheckinSession *self, TdEv *ev)
{
	self->key_refused = TRUE;
	self->key_request = TD_CHECKIN_KEY_REQUEST_ID;
	g_clear_pointer(&self->typed_id, td_str_clear_free);
}

static void
action_ask_birth_date(TdCheckinSession *self, TdEv *ev)
{
	self->key_request = TD_CHECKIN_KEY_REQUEST_BIRTH_DATE;
}

static void
action_rearm_timer(TdCheckinSession *self, TdEv *ev)
{
	session_arm_timer(self);
}

static void
action_take_vneid_answer(TdCheckinSession *self, TdEv *ev)
{
	self->vneid_answered = TRUE;
	if (self->record != NULL)
		self->record->vneid = ev->vneid;
	td_checkin_session_store_vneid_async(self, ev->vneid);
	/* the guide that follows an answer takes reading */
	session_arm_timer(self);
}

static void
action_take_commit(TdCheckinSession *self, TdEv *ev)
{
	self->record = g_steal_pointer(&ev->record);
	self->exception = g_steal_pointer(&ev->exception);
	self->commit_error = g_steal_pointer(&ev->error);
	self->repeat_visit = ev->repeat_visit;
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

static void
action_take_print(TdCheckinSession *self, TdEv *ev)
{
	g_clear_error(&self->print_error);
	self->print_error = g_steal_pointer(&ev->error);
	/* no paper ticket: the number stays on screen long enough to be
	 * noted (or photographed), not for good: the patient's name on it
	 * waited for the next patient. Only the number's page: an answer
	 * that comes later (a printer that is off is known after its wait)
	 * must not change the VNeID question's time limit. */
	if (self->print_error != NULL && self->state == TD_CHECKIN_STATE_TICKET)
		session_arm_timer_for(self, MAX(self->timeout_ms[self->state], TD_CHECKIN_UNPRINTED_NUMBER_MS));
}

/* The store's record decides the page: the day's earlier check-in of a
 * second visit keeps its own outcome. */
static gboolean
guard_committed_see_staff(TdCheckinSession *self, const TdEv *ev)
{
	if (ev->record != NULL)
		return ev->record->outcome == TD_OUTCOME_SEE_STAFF;
	return self->decision != NULL && self->decision->outcome == TD_OUTCOME_SEE_STAFF;
}

static gboolean
guard_card_refused_keys(TdCheckinSession *self, const TdEv *ev)
{
	return g_error_matches(ev->card->card_error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY);
}

static gboolean
guard_card_needs_birth_date(TdCheckinSession *self, const TdEv *ev)
{
	return g_error_matches(ev->card->card_error, TD_READER_ERROR, TD_READER_ERROR_BAC_KEY_NEEDED) &&
	       self->typed_id != NULL;
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

/* VERIFYING waits for three answers: the card, the eligibility look-up
 * and the VNeID history; the last one in decides. */
static gboolean
guard_last_for_card(TdCheckinSession *self, const TdEv *ev)
{
	return self->eligibility_done && self->vneid_done;
}

static gboolean
guard_last_for_eligibility(TdCheckinSession *self, const TdEv *ev)
{
	return self->card_done && self->vneid_done;
}

static gboolean
guard_last_for_vneid(TdCheckinSession *self, const TdEv *ev)
{
	return self->card_done && self->eligibility_done;
}

static gboolean
guard_vneid_pending(TdCheckinSession *self, const TdEv *ev)
{
	return td_checkin_session_get_vneid_pending(self);
}

static gboolean
guard_vneid_unanswered(TdCheckinSession *self, const TdEv *ev)
{
	return !self->vneid_answered;
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
    /* a patient arrives: keys typed or scanned first wait for the card */
    {S(IDLE), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {S(IDLE), E(KEY_ENTRY), NULL, S(ENTERING_KEY), NULL},
    {S(IDLE), E(KEY_SUBMITTED), NULL, S(AWAITING_CARD), action_take_keys},
    {S(ENTERING_KEY), E(KEY_SUBMITTED), NULL, S(AWAITING_CARD), action_take_keys},
    {S(ENTERING_KEY), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {S(AWAITING_CARD), E(KEY_SUBMITTED), NULL, SAME_STATE, action_keys_wait_for_card},
    {S(AWAITING_CARD), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {S(AWAITING_CARD), E(TIMEOUT), NULL, S(IDLE), action_forget_keys},
    {S(CARD_PRESENT), E(KEY_SUBMITTED), NULL, S(READING), action_take_keys},
    {S(CARD_PRESENT), E(KEY_REQUIRED), NULL, S(KEY_NEEDED), NULL},
    {S(KEY_NEEDED), E(KEY_SUBMITTED), NULL, S(READING), action_take_keys},
    /* the card: a refused key asks again, a BAC-only chip given the ID
     * alone asks for the birth date, a lost card ends the patient's
     * session, anything else (verified, unreadable, stopped answering)
     * goes on to the decision */
    {S(READING), E(DG13_READ), NULL, S(VERIFYING), action_take_dg13},
    {S(READING), E(CARD_DONE), guard_card_refused_keys, S(KEY_NEEDED), action_key_refused},
    {S(READING), E(CARD_DONE), guard_card_needs_birth_date, S(KEY_NEEDED), action_ask_birth_date},
    {S(READING), E(CARD_DONE), guard_card_lost, S(IDLE), NULL},
    {S(READING), E(CARD_DONE), NULL, S(VERIFYING), action_take_card},
    /* the look-ups run in parallel with the rest of the card; the three
     * answers make the decision, stored at once: its number is shown */
    {S(VERIFYING), E(CARD_DONE), guard_card_lost, S(IDLE), NULL},
    {S(VERIFYING), E(CARD_DONE), guard_last_for_card, S(COMMITTING), action_take_card},
    {S(VERIFYING), E(CARD_DONE), NULL, SAME_STATE, action_take_card},
    {S(VERIFYING), E(ELIGIBILITY_DONE), guard_last_for_eligibility, S(COMMITTING), action_take_eligibility},
    {S(VERIFYING), E(ELIGIBILITY_DONE), NULL, SAME_STATE, action_take_eligibility},
    {S(VERIFYING), E(VNEID_KNOWN), guard_last_for_vneid, S(COMMITTING), action_take_vneid_known},
    {S(VERIFYING), E(VNEID_KNOWN), NULL, SAME_STATE, action_take_vneid_known},
    /* an answer still out when the patient has waited long enough: the
     * decision is taken without it (never back to idle: the card is read) */
    {S(VERIFYING), E(TIMEOUT), NULL, S(COMMITTING), action_verifying_overdue},
    /* a number is shown only once it is on disk (or the store failed or
     * took too long: then the patient goes to staff) */
    {S(COMMITTING), E(COMMITTED), guard_committed_see_staff, S(SEE_STAFF), action_take_commit},
    {S(COMMITTING), E(COMMITTED), NULL, S(TICKET), action_take_commit},
    {S(COMMITTING), E(TIMEOUT), NULL, S(SEE_STAFF), action_commit_overdue},
    /* the number, then (unless answered recently) the VNeID question */
    {S(TICKET), E(CONTINUE), guard_vneid_pending, S(VNEID_STEP), NULL},
    {S(TICKET), E(CONTINUE), NULL, S(IDLE), NULL},
    {S(TICKET), E(DONE), NULL, S(IDLE), NULL},
    {S(VNEID_STEP), E(VNEID_ANSWERED), guard_vneid_unanswered, SAME_STATE, action_take_vneid_answer},
    {S(VNEID_STEP), E(DONE), NULL, S(IDLE), NULL},
    {S(SEE_STAFF), E(DONE), NULL, S(IDLE), NULL},
    {ANY_STATE, E(PRINTED), NULL, SAME_STATE, action_take_print},
    /* the next patient's card while the last pages are still up */
    {S(TICKET), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {S(VNEID_STEP), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    {S(SEE_STAFF), E(CARD_INSERTED), NULL, S(CARD_PRESENT), action_take_reader},
    /* the card leaves before the number: the patient is gone. After it,
     * taking the card back is what they are meant to do. */
    {S(CARD_PRESENT), E(CARD_REMOVED), NULL, S(IDLE), action_card_gone},
    {S(KEY_NEEDED), E(CARD_REMOVED), NULL, S(IDLE), action_card_gone},
    {S(READING), E(CARD_REMOVED), NULL, S(IDLE), action_card_gone},
    {S(VERIFYING), E(CARD_REMOVED), NULL, S(IDLE), action_card_gone},
    /* walked away (VNEID_STEP's leave hook records "left") */
    {S(ENTERING_KEY), E(TIMEOUT), NULL, S(IDLE), NULL},
    {S(KEY_NEEDED), E(TIMEOUT), NULL, S(IDLE), NULL},
    {S(READING), E(TIMEOUT), NULL, S(IDLE), NULL},
    {S(VNEID_STEP), E(TIMEOUT), NULL, S(IDLE), NULL},
    /* anywhere; a card taken after the number, or one left behind and
     * taken at last (the idle page stops asking for it) */
    {ANY_STATE, E(CARD_REMOVED), NULL, SAME_STATE, action_card_gone},
    {ANY_STATE, E(EXTEND_TIME), NULL, SAME_STATE, action_rearm_timer},
    {S(OUT_OF_SERVICE), E(READER_LOST), NULL, SAME_STATE, action_card_gone},
    {ANY_STATE, E(READER_LOST), NULL, S(OUT_OF_SERVICE), action_card_gone},
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
		if (t->to == SAME_STATE) {
			/* what the page shows may have changed with the data */
			if (t->action != NULL)
				g_signal_emit(self, signals[SIGNAL_UPDATED], 0);
			return;
		}
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
	g_free(data->id_hash);
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
	case TD_CHECKIN_EVENT_PRINTED:
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
	    "card-inserted", "card-removed", "reader-lost",	 "reader-back", "key-entry", "key-submitted",
	    "vneid-answered", "continue",    "done",		 "extend-time", "reset",     "key-required",
	    "dg13-read",      "card-done",   "eligibility-done", "vneid-known", "committed", "printed",
	    "timeout",
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
	if (self->cancellable != NULL)
		td_checkin_session_clear_patient(self, FALSE);
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
	td_session_hook_clear(&self->find);
	td_session_hook_clear(&self->vneid);
	td_session_hook_clear(&self->print);
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
	signals[SIGNAL_UPDATED] = g_signal_new("updated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
					       NULL, NULL, G_TYPE_NONE, 0);
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
	self->timeout_ms[TD_CHECKIN_STATE_ENTERING_KEY] = 90000;
	self->warning_ms[TD_CHECKIN_STATE_ENTERING_KEY] = 15000;
	self->timeout_ms[TD_CHECKIN_STATE_AWAITING_CARD] = 60000; /* keys without a card */
	self->warning_ms[TD_CHECKIN_STATE_AWAITING_CARD] = 15000;
	self->timeout_ms[TD_CHECKIN_STATE_KEY_NEEDED] = 90000;
	self->warning_ms[TD_CHECKIN_STATE_KEY_NEEDED] = 15000;
	self->timeout_ms[TD_CHECKIN_STATE_READING] = 60000; /* a stuck reader */
	self->timeout_ms[TD_CHECKIN_STATE_VERIFYING] = 60000;
	self->timeout_ms[TD_CHECKIN_STATE_VNEID_STEP] = 90000;
	self->warning_ms[TD_CHECKIN_STATE_VNEID_STEP] = 15000;
	/* an fsync is milliseconds; a store stuck this long sends the
	 * patient to staff (the record still goes to disk when it can) */
	self->timeout_ms[TD_CHECKIN_STATE_COMMITTING] = 10000;
	self->card_command_ms = TD_CHECKIN_DEFAULT_COMMAND_TIMEOUT_MS;
	self->card_total_ms = TD_CHECKIN_DEFAULT_CARD_TIMEOUT_MS;
	/* the pages that move on by themselves show their countdown
	 * (td_checkin_session_get_deadline()) from the start */
	self->timeout_ms[TD_CHECKIN_STATE_TICKET] = 20000;
	self->timeout_ms[TD_CHECKIN_STATE_SEE_STAFF] = 30000;
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
