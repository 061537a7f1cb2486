/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The insurance gateway asked from the desk, for a case: again with what
 * the case has ("Hỏi lại cổng BHXH": closed when the card is valid now),
 * or by the card code staff typed from the patient's paper card or app
 * ("Nhập mã thẻ BHYT"); and again for every case waiting for it, after
 * an outage. BHXH often has not linked a citizen's ID number
 * to their card yet: the kiosk's look-up by ID then finds nothing, while
 * the code finds the card. A code the gateway does not know, or knows for
 * someone else, is not taken: the typo would close the case as insured. */
#include "config.h"

#include "td-checkin-kiosk.h"
#include "td-checkin-policy.h"
#include "td-date.h"
#include "td-i18n.h"
#include "td-secret.h"
#include "td-staff-console-private.h"
#include "td-staff-words.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

typedef struct {
	TdStaffConsole *console; /* a reference: the answer finds it */
	gint64 exception_id;
	gchar *card_code; /* typed by staff; NULL: asked again with the case's */
} TdGatewayAsk;

static void
td_gateway_ask_free(TdGatewayAsk *ask)
{
	g_object_unref(ask->console);
	td_str_clear_free(ask->card_code);
	g_free(ask);
}

/* What the audit keeps of a card code: the code, and staff's note */
static gchar *
td_card_code_note(const gchar *card_code, const gchar *note)
{
	return note != NULL ? g_strdup_printf("%s %s", card_code, note) : g_strdup(card_code);
}

void
td_recheck_answer_free(TdRecheckAnswer *answer)
{
	g_free(answer->code);
	g_free(answer);
}

GHashTable *
td_recheck_answers_new(GPtrArray *actions)
{
	GHashTable *answers =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)td_recheck_answer_free);

	/* oldest first: the newest answer stays */
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *action = g_ptr_array_index(actions, i);
		TdRecheckAnswer *answer;

		if (g_strcmp0(action->action, TD_STAFF_ACTION_GATEWAY_ANSWER) != 0 || action->exception_id == 0 ||
		    action->note == NULL)
			continue;
		answer = g_new0(TdRecheckAnswer, 1);
		answer->code = g_strdup(action->note);
		answer->time_unix = action->time_unix;
		g_hash_table_replace(answers, g_memdup2(&action->exception_id, sizeof(gint64)), answer);
	}
	return answers;
}

void
td_staff_keep_gateway_answer(TdStaffConsole *self, gint64 exception_id, const gchar *result_code)
{
	/* written by a worker; the store's watch reloads the list, and the
	 * case's reason says it */
	if (result_code != NULL)
		td_kiosk_context_record_case_action_async(self->context, td_staff_actor(self),
							  TD_STAFF_ACTION_GATEWAY_ANSWER, exception_id, result_code);
}

static void
td_recheck_answered(TdStaffConsole *self, TdGatewayAsk *ask, const TdEligibility *eligibility)
{
	if (eligibility == NULL || eligibility->status == TD_ELIGIBILITY_STATUS_UNAVAILABLE) {
		/* an outage comes back as an answer, not an error: not "the
		 * gateway still answers: the gateway does not answer" */
		td_staff_set_status(self, _("The gateway does not answer: try again later."));
	} else if (eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
		   eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) {
		/* closed with the note its case has now (typed before the
		 * question or while it was out) */
		g_autoptr(TdWipedString) note = g_strdup(td_staff_case_note(self, ask->exception_id));

		td_staff_resolve(self, td_staff_actor(self), ask->exception_id, "eligibility-confirmed", note,
				 _("Insurance confirmed. The case is closed."), NULL);
	} else {
		/* not "still": a case pending the gateway had no answer before */
		g_autofree gchar *text =
		    g_strdup_printf(_("The gateway now answers: %s"), td_staff_eligibility_text(eligibility));
		td_staff_set_status(self, text);
		/* an answer about this case, not about the account (which the
		 * administrator mends: the case waits for the gateway again) */
		if (eligibility->status != TD_ELIGIBILITY_STATUS_CONFIG_ERROR)
			td_staff_keep_gateway_answer(self, ask->exception_id, eligibility->result_code);
	}
}

static void
td_card_code_answered(TdStaffConsole *self, TdGatewayAsk *ask, const TdEligibility *eligibility)
{
	gint index = td_staff_case_index(self, ask->exception_id);
	/* a refused account or certificate is not an outage: the desk is
	 * told to call the administrator and the case waits */
	gboolean unanswered = eligibility == NULL || eligibility->status == TD_ELIGIBILITY_STATUS_UNAVAILABLE;
	g_autoptr(TdWipedString) text = NULL;

	if (index < 0) {
		td_staff_set_status(self, _("The case was closed meanwhile."));
		return;
	}
	if (!unanswered && eligibility->status != TD_ELIGIBILITY_STATUS_ELIGIBLE &&
	    eligibility->status != TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) {
		/* the case stays open, for the code again or another decision */
		text = g_strdup_printf(_("Card %s: %s The case stays open."), ask->card_code,
				       td_staff_eligibility_text(eligibility));
		td_staff_set_status(self, text);
		return;
	}
	{
		/* the note its case has now: staff may have changed it while
		 * the gateway was asked, here or after moving on (a copy: the
		 * field changes as the case leaves the list) */
		g_autoptr(TdWipedString) note = g_strdup(td_staff_case_note(self, ask->exception_id));

		td_staff_keep_pending(self, (guint)index, "card-code-entered", td_card_code_note(ask->card_code, note),
				      note);
	}
	/* the desk decides during an outage, as with a paper card; the
	 * minute to undo is theirs either way */
	text = unanswered ? g_strdup_printf(_("The gateway does not answer: card %s is taken as staff entered it."),
					    ask->card_code)
			  : g_strdup_printf(_("The gateway knows card %s: %s"), ask->card_code,
					    td_staff_eligibility_text(eligibility));
	td_staff_set_status(self, text);
}

static void
td_gateway_answered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdGatewayAsk *ask = user_data;
	TdStaffConsole *self = ask->console;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdEligibility) eligibility = td_gateway_client_check_finish(TD_GATEWAY_CLIENT(source), result, &error);

	self->n_writes--;
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		/* locked, or gone (its widgets with it) */
		td_gateway_ask_free(ask);
		return;
	}
	td_staff_update_busy(self);
	if (ask->card_code != NULL)
		td_card_code_answered(self, ask, eligibility);
	else
		td_recheck_answered(self, ask, eligibility);
	td_gateway_ask_free(ask);
}

/* The session's own client: one answer cache, one rate limit towards the
 * BHXH gateway for the whole kiosk; NULL on the reception PC, which asks
 * no gateway. */
static TdGatewayClient *
td_staff_gateway(TdStaffConsole *self)
{
	return self->context != NULL && self->context->session != NULL
		   ? td_checkin_session_get_gateway(self->context->session)
		   : NULL;
}

/* The question for a case: by the card code typed, else by its own (its
 * card code, else its ID number), with the chip's name and birth date;
 * NULL with an error for staff when the case has none to ask with. */
static TdEligibilityQuery *
td_staff_case_query_new(const TdCheckinException *exc, const gchar *card_code, GError **error)
{
	TdEligibilityQuery *query;
	TdDate birth_date = {0};

	/* a card whose chip would not give its name (td_dg13_parse): the
	 * gateway asks for it, and staff have nowhere to type it */
	if (exc->full_name == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The chip's name could not be read, so the insurance cannot be checked here: look at "
				      "the paper insurance card, or look it up on the BHXH portal."));
		return NULL;
	}
	/* the case keeps the card's birth date as ISO text */
	if (!td_date_parse_iso(exc->date_of_birth, &birth_date, NULL)) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The case has no usable birth date for the insurance check."));
		return NULL;
	}
	query = td_checkin_eligibility_query_new(card_code != NULL	   ? card_code
						 : exc->card_code != NULL ? exc->card_code
									  : exc->id_number,
						 exc->full_name, &birth_date, NULL);
	td_memwipe(&birth_date, sizeof(birth_date));
	if (query == NULL)
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The case's details do not make an insurance check."));
	return query;
}

gboolean
td_staff_ask_gateway(TdStaffConsole *self, const TdCheckinException *exc, const gchar *card_code,
		     const gchar *note, GError **error)
{
	TdGatewayClient *gateway = td_staff_gateway(self);
	g_autoptr(TdEligibilityQuery) query = NULL;
	TdGatewayAsk *ask;

	if (gateway == NULL && card_code != NULL) {
		/* the reception PC asks no gateway: the code is the desk's
		 * word, as it always was there */
		td_staff_console_show_code_pad(self, FALSE);
		return td_staff_keep_pending(self, (guint)self->selected, "card-code-entered",
					     td_card_code_note(card_code, note), note);
	}
	if (gateway == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("No insurance gateway is set up."));
		return FALSE;
	}
	query = td_staff_case_query_new(exc, card_code, error);
	if (query == NULL)
		return FALSE;
	/* "ask again" means the gateway's answer now, not a cached one */
	if (card_code == NULL)
		td_gateway_client_clear_cache(gateway);
	ask = g_new0(TdGatewayAsk, 1);
	ask->console = g_object_ref(self);
	ask->exception_id = exc->id;
	ask->card_code = g_strdup(card_code);
	/* the case's buttons wait for the answer: no second question */
	self->n_writes++;
	td_staff_console_show_code_pad(self, FALSE);
	td_staff_update_busy(self);
	td_gateway_client_check_async(gateway, query, self->cancellable, td_gateway_answered_cb, ask);
	td_staff_set_status(self, _("Asking the insurance gateway…"));
	return TRUE;
}

/* ---- every case waiting for the gateway, asked again ------------------- */

/* After an outage each of the morning's pending cases was asked again by
 * itself: a press, a question, a wait, and again. One press asks for all
 * of them, one after the other (the client's rate limit paces them: a
 * client that loops can lock the facility's account out), closes those
 * whose card is valid now as a re-check does (the next asked once that
 * is written), and says what the gateway answered for the others, whose
 * cases stay open. It stops at the first the gateway still does not
 * answer, or whose account it refuses: the rest would only wait as long. */
struct _TdGatewayBatch {
	TdStaffConsole *console; /* a reference */
	gboolean detached;	 /* the console locked: nothing of it to touch */
	GArray *ids;		 /* of gint64: the cases waiting at the press, in the list's order */
	guint next;		 /* the next of ids to ask about */
	gint64 asking_id;
	gchar *asking_numbered; /* its "Số 17", for the lines (it leaves the list once closed) */
	guint asked;
	guint closed;
	GPtrArray *lines; /* of gchar *: a case answered otherwise, or not written */
};

static void
td_gateway_batch_free(TdGatewayBatch *batch)
{
	g_object_unref(batch->console);
	g_array_unref(batch->ids);
	g_free(batch->asking_numbered);
	g_ptr_array_unref(batch->lines);
	g_free(batch);
}

/* Freed, and the console free again unless the lock did that already.
 * Cancelled: the console locked or gone, so no widget is touched. */
static void
td_gateway_batch_drop(TdGatewayBatch *batch)
{
	if (!batch->detached) {
		batch->console->batch = NULL;
		batch->console->n_writes--;
	}
	td_gateway_batch_free(batch);
}

void
td_staff_ask_all_detach(TdStaffConsole *self)
{
	if (self->batch == NULL)
		return;
	self->batch->detached = TRUE;
	self->batch = NULL;
	self->n_writes--;
}

/* The cases the batch would ask about now (their ids appended to ids,
 * unless NULL). */
static guint
td_staff_n_waiting_for_gateway(TdStaffConsole *self, GArray *ids)
{
	guint n = 0;

	for (guint i = 0; i < self->exceptions->len; i++) {
		const TdCheckinException *exc = g_ptr_array_index(self->exceptions, i);
		/* one the gateway answered today waits for staff, not for it */
		if (!td_checkin_policy_reason_waits_for_gateway(exc->reason) ||
		    (self->answers != NULL && g_hash_table_contains(self->answers, &exc->id)))
			continue;
		if (ids != NULL)
			g_array_append_val(ids, exc->id);
		n++;
	}
	return n;
}

void
td_staff_update_ask_all(TdStaffConsole *self)
{
	guint n = td_staff_n_waiting_for_gateway(self, NULL);
	g_autofree gchar *text = NULL;

	/* for one case its own button does it */
	gtk_widget_set_visible(self->ask_all, td_staff_gateway(self) != NULL && (n >= 2 || self->batch != NULL));
	gtk_widget_set_sensitive(self->ask_all, self->batch == NULL && self->writing_id == 0 && self->n_writes == 0);
	if (self->batch == NULL) {
		text = g_strdup_printf(_("Ask the gateway again for the %u cases waiting"), n);
		td_ui_button_set_text(self->ask_all, text);
	}
}

/* The summary, a line each: how many closed, the others' answers, why it
 * stopped, how many still wait. */
static void
td_gateway_batch_finish(TdGatewayBatch *batch, guint from, const gchar *stopped)
{
	/* held past the batch's own reference, dropped below */
	g_autoptr(TdStaffConsole) self = g_object_ref(batch->console);
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
	g_autofree gchar *text = NULL;
	guint waiting = 0;

	/* the one not answered, and those after it, still open */
	for (guint i = from; stopped != NULL && i < batch->ids->len; i++)
		waiting += td_staff_case_index(self, g_array_index(batch->ids, gint64, i)) >= 0;
	if (batch->closed > 0)
		g_ptr_array_add(lines, g_strdup_printf(_("Closed, insurance valid: %u."), batch->closed));
	for (guint i = 0; i < batch->lines->len; i++)
		g_ptr_array_add(lines, g_strdup(g_ptr_array_index(batch->lines, i)));
	if (stopped != NULL)
		g_ptr_array_add(lines, g_strdup(stopped));
	if (waiting > 0)
		g_ptr_array_add(lines, g_strdup_printf(_("Still waiting for the gateway: %u."), waiting));
	if (lines->len == 0)
		g_ptr_array_add(lines, g_strdup(_("No case is waiting for the gateway.")));
	g_ptr_array_add(lines, NULL);
	text = g_strjoinv("\n", (gchar **)lines->pdata);
	td_gateway_batch_drop(batch);
	td_staff_set_status(self, text);
	td_staff_update_busy(self);
}

static void td_gateway_batch_next(TdGatewayBatch *batch);

static void
td_gateway_batch_written(TdStaffConsole *self, const GError *error, gpointer data)
{
	TdGatewayBatch *batch = data;

	if (batch->detached || td_ui_worker_cancelled(error)) {
		td_gateway_batch_drop(batch);
		return;
	}
	if (error == NULL) {
		batch->closed++;
	} else if (!g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_ALREADY_RESOLVED)) {
		/* a colleague's closing is no failure; the store's refusal is
		 * said with its case, not overwritten by the next question */
		g_autofree gchar *why = td_ui_store_error_text("staff console", error);
		g_ptr_array_add(batch->lines, g_strdup_printf("%s: %s", batch->asking_numbered, why));
	}
	td_gateway_batch_next(batch);
}

static void
td_gateway_batch_answered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdGatewayBatch *batch = user_data;
	TdStaffConsole *self = batch->console;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdEligibility) eligibility = td_gateway_client_check_finish(TD_GATEWAY_CLIENT(source), result, &error);

	if (batch->detached || g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		td_gateway_batch_drop(batch);
		return;
	}
	if (eligibility == NULL || eligibility->status == TD_ELIGIBILITY_STATUS_UNAVAILABLE) {
		td_gateway_batch_finish(batch, batch->next - 1, _("The gateway still does not answer: try again later."));
		return;
	}
	if (eligibility->status == TD_ELIGIBILITY_STATUS_CONFIG_ERROR) {
		td_gateway_batch_finish(batch, batch->next - 1, td_staff_eligibility_text(eligibility));
		return;
	}
	if (td_staff_case_index(self, batch->asking_id) < 0) {
		/* closed meanwhile, here or at another desk */
		td_gateway_batch_next(batch);
	} else if (eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
		   eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) {
		/* closed as its own re-check closes it, with its note */
		g_autoptr(TdWipedString) note = g_strdup(td_staff_case_note(self, batch->asking_id));

		td_staff_resolve_then(self, td_staff_actor(self), batch->asking_id, "eligibility-confirmed", note, NULL,
				      NULL, td_gateway_batch_written, batch);
	} else {
		g_ptr_array_add(batch->lines, g_strdup_printf("%s: %s", batch->asking_numbered,
							      td_staff_eligibility_text(eligibility)));
		td_staff_keep_gateway_answer(self, batch->asking_id, eligibility->result_code);
		td_gateway_batch_next(batch);
	}
}

/* The next case still open and still waiting (closed meanwhile, here or
 * at another desk, it is passed over). */
static void
td_gateway_batch_next(TdGatewayBatch *batch)
{
	TdStaffConsole *self = batch->console;
	TdGatewayClient *gateway = td_staff_gateway(self);

	while (gateway != NULL && batch->next < batch->ids->len) {
		gint64 id = g_array_index(batch->ids, gint64, batch->next++);
		gint index = td_staff_case_index(self, id);
		const TdCheckinException *exc = index >= 0 ? g_ptr_array_index(self->exceptions, index) : NULL;
		g_autoptr(TdEligibilityQuery) query = NULL;
		g_autoptr(GError) error = NULL;
		g_autofree gchar *progress = NULL;

		if (exc == NULL || !td_checkin_policy_reason_waits_for_gateway(exc->reason))
			continue;
		g_free(batch->asking_numbered);
		batch->asking_numbered = td_staff_case_numbered(self, exc);
		query = td_staff_case_query_new(exc, NULL, &error);
		if (query == NULL) {
			g_ptr_array_add(batch->lines, g_strdup_printf("%s: %s", batch->asking_numbered, error->message));
			continue;
		}
		batch->asking_id = id;
		batch->asked++;
		progress = g_strdup_printf(_("Asking the insurance gateway: case %u of %u…"), batch->asked,
					   batch->ids->len);
		td_staff_set_status(self, progress);
		td_gateway_client_check_async(gateway, query, self->cancellable, td_gateway_batch_answered_cb, batch);
		return;
	}
	td_gateway_batch_finish(batch, batch->next, NULL);
}

void
td_staff_ask_all_cb(GtkButton *button, TdStaffConsole *self)
{
	TdGatewayClient *gateway = td_staff_gateway(self);
	TdGatewayBatch *batch;

	if (gateway == NULL || self->batch != NULL)
		return;
	batch = g_new0(TdGatewayBatch, 1);
	batch->console = g_object_ref(self);
	batch->ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	batch->lines = g_ptr_array_new_with_free_func(g_free);
	td_staff_n_waiting_for_gateway(self, batch->ids);
	/* the gateway's answers now, not ones cached before the outage */
	td_gateway_client_clear_cache(gateway);
	self->batch = batch;
	/* the cases' buttons wait for the last answer: no second question */
	self->n_writes++;
	td_staff_update_busy(self);
	td_gateway_batch_next(batch);
}
