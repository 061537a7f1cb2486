/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What reception does to a case: confirm an action, keep it for a minute
 * (undo), write it; ask the gateway again; the card code; a ticket
 * printed again; a check-in by hand. */
#include "config.h"

#include <string.h>

#include "td-checkin-kiosk.h"
#include "td-date.h"
#include "td-i18n.h"
#include "td-report.h"
#include "td-secret.h"
#include "td-staff-console-private.h"
#include "td-staff-words.h"
#include "td-ticket.h"
#include "td-ui-util.h"

/* ---- the tickets that could not be printed ---- */

/* The newest "not printed" of today that no reprint followed. */
void
td_staff_reload_alert(TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) midnight =
	    g_date_time_new_local(g_date_time_get_year(now), g_date_time_get_month(now), g_date_time_get_day_of_month(now), 0, 0, 0);
	g_autoptr(GPtrArray) actions = NULL;
	const TdStaffAction *failed = NULL;

	if (td_staff_store(self) != NULL)
		actions = td_store_list_staff_actions(td_staff_store(self), g_date_time_to_unix(midnight), &error);
	for (guint i = 0; actions != NULL && i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, TD_CHECKIN_KIOSK_ACTION_TICKET_NOT_PRINTED) == 0)
			failed = a;
		else if (failed != NULL && g_strcmp0(a->action, TD_CHECKIN_KIOSK_ACTION_TICKET_REPRINTED) == 0 &&
			 a->checkin_id == failed->checkin_id)
			failed = NULL;
	}
	gtk_widget_set_visible(self->alert, failed != NULL);
	if (failed == NULL)
		return;
	{
		/* the note: "<number> <staff code>" */
		g_auto(GStrv) parts = g_strsplit(failed->note != NULL ? failed->note : "", " ", 2);
		g_autofree gchar *text = g_strdup_printf(_("Ticket %s could not be printed (%s): check the printer."),
							 parts[0] != NULL ? parts[0] : "?",
							 parts[0] != NULL && parts[1] != NULL ? parts[1] : "PRN");
		g_autofree gchar *button = g_strdup_printf(_("Print ticket %s again"), parts[0] != NULL ? parts[0] : "");
		gtk_label_set_text(GTK_LABEL(self->alert_text), text);
		td_ui_button_set_text(self->alert_reprint, button);
		self->reprint_id = failed->checkin_id;
	}
}

typedef struct {
	TdStore *store;
	const TdConfig *config; /* outlives the console */
	gchar *printer;
	gint64 checkin_id;
	gint64 staff_id;
	gchar *number; /* td_queue_label() */
} TdReprintJob;

static void
td_reprint_job_free(TdReprintJob *job)
{
	g_object_unref(job->store);
	g_free(job->printer);
	g_free(job->number);
	g_free(job);
}

static void
td_reprint_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdReprintJob *job = task_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) record = td_store_get_checkin(job->store, job->checkin_id, &error);
	g_autofree gchar *note = NULL;

	if (record == NULL ||
	    !td_checkin_kiosk_print_ticket(job->config, job->store, job->printer, record, NULL, &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	job->number = td_queue_label(record->queue_series, record->queue_number);
	note = g_strdup(job->number);
	td_store_record_staff_action_as(job->store, job->staff_id, TD_CHECKIN_KIOSK_ACTION_TICKET_REPRINTED, 0,
					job->checkin_id, note, NULL);
	g_task_return_boolean(task, TRUE);
}

static void
td_reprint_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	TdReprintJob *job = g_task_get_task_data(G_TASK(result));
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;

	if (!g_task_propagate_boolean(G_TASK(result), &error)) {
		const gchar *code = td_ticket_error_staff_code(error);
		g_message("ticket not printed again: %s", error->message);
		text = g_strdup_printf(_("The ticket could not be printed (%s): check the printer."),
				       code != NULL ? code : "PRN");
	} else {
		text = g_strdup_printf(_("Ticket %s printed again."), job->number);
	}
	td_staff_set_status(self, text);
	td_staff_reload_alert(self);
}

void
td_staff_console_reprint(TdStaffConsole *self, gint64 checkin_id)
{
	g_autoptr(GTask) task = NULL;
	TdReprintJob *job;
	const TdDeviceSettings *devices = self->context != NULL ? self->context->devices : NULL;

	if (td_staff_store(self) == NULL || devices == NULL || !devices->print_tickets) {
		td_staff_set_status(self, _("This kiosk has no ticket printer."));
		return;
	}
	job = g_new0(TdReprintJob, 1);
	job->store = g_object_ref(td_staff_store(self));
	job->config = self->context->config;
	job->printer = g_strdup(devices->printer_queue);
	job->checkin_id = checkin_id;
	job->staff_id = td_staff_actor(self);
	td_staff_set_status(self, _("Printing…"));
	task = g_task_new(self, self->cancellable, td_reprint_done_cb, NULL);
	g_task_set_task_data(task, job, (GDestroyNotify)td_reprint_job_free);
	g_task_run_in_thread(task, td_reprint_thread);
}

void
td_alert_reprint_cb(GtkButton *button, TdStaffConsole *self)
{
	td_staff_console_reprint(self, self->reprint_id);
}

void
td_case_reprint_cb(GtkButton *button, TdStaffConsole *self)
{
	TdCheckinException *exc = td_staff_selected(self);
	if (exc != NULL)
		td_staff_console_reprint(self, exc->checkin_id);
}

/* ---- actions: asked, pending, written ---- */

static void
td_pending_free(TdPending *pending)
{
	g_clear_handle_id(&pending->timer_id, g_source_remove);
	g_clear_pointer(&pending->exception, td_checkin_exception_free);
	g_free(pending->action);
	td_str_clear_free(pending->note);
	g_free(pending);
}

gboolean
td_staff_console_commit_pending(TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	TdPending *pending = g_steal_pointer(&self->pending);

	if (pending == NULL)
		return FALSE;
	if (td_staff_store(self) == NULL ||
	    !td_store_resolve_exception_as(td_staff_store(self), pending->staff_id, pending->exception->id, pending->action,
					   pending->note, &error)) {
		if (error != NULL)
			td_staff_set_store_error(self, error);
		/* not written: the case is open again */
		g_ptr_array_insert(self->exceptions, (gint)MIN(pending->index, self->exceptions->len),
				   g_steal_pointer(&pending->exception));
		td_staff_rebuild_list(self);
	}
	td_pending_free(pending);
	td_staff_console_update_pending(self);
	return TRUE;
}

gboolean
td_staff_console_undo(TdStaffConsole *self)
{
	TdPending *pending = g_steal_pointer(&self->pending);
	gint index;

	if (pending == NULL)
		return FALSE;
	index = (gint)MIN(pending->index, self->exceptions->len);
	g_ptr_array_insert(self->exceptions, index, g_steal_pointer(&pending->exception));
	td_pending_free(pending);
	td_staff_rebuild_list(self);
	td_staff_console_select(self, (guint)index);
	td_staff_console_update_pending(self);
	td_staff_set_status(self, _("Undone: the case is open again."));
	return TRUE;
}

static gboolean
td_pending_tick_cb(gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(user_data);
	if (self->pending != NULL && g_get_monotonic_time() >= self->pending->deadline) {
		self->pending->timer_id = 0;
		td_staff_console_commit_pending(self);
		return G_SOURCE_REMOVE;
	}
	td_staff_console_update_pending(self);
	return G_SOURCE_CONTINUE;
}

void
td_staff_console_update_pending(TdStaffConsole *self)
{
	g_autofree gchar *text = NULL;
	TdPending *pending = self->pending;

	gtk_widget_set_visible(self->pending_bar, pending != NULL);
	if (pending == NULL)
		return;
	text = g_strdup_printf(_("Saved for %s: %s. It can be undone for %u more seconds."),
			       pending->exception->full_name != NULL ? pending->exception->full_name : "—",
			       td_staff_action_text(pending->action),
			       (guint)MAX(0, (pending->deadline - g_get_monotonic_time() + 999999) / 1000000));
	gtk_label_set_text(GTK_LABEL(self->pending_text), text);
	td_ui_button_set_text(self->pending_undo, _("Undo"));
}

static gboolean
td_keep_pending(TdStaffConsole *self, const gchar *action, gchar *note)
{
	TdPending *pending;

	/* one at a time: the last one is written first */
	td_staff_console_commit_pending(self);
	pending = g_new0(TdPending, 1);
	pending->index = (guint)self->selected;
	pending->exception = g_ptr_array_steal_index(self->exceptions, (guint)self->selected);
	pending->action = g_strdup(action);
	pending->staff_id = td_staff_actor(self);
	pending->note = note;
	pending->deadline = g_get_monotonic_time() + (gint64)TD_STAFF_UNDO_S * G_USEC_PER_SEC;
	pending->timer_id = g_timeout_add_seconds(1, td_pending_tick_cb, self);
	self->pending = pending;
	gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	td_number_pad_clear(TD_NUMBER_PAD(self->code_pad));
	td_staff_set_status(self, NULL);
	td_staff_rebuild_list(self);
	td_staff_console_update_pending(self);
	return TRUE;
}

static void
td_recheck_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(user_data);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdEligibility) eligibility = td_gateway_client_check_finish(TD_GATEWAY_CLIENT(source), result, &error);

	if (eligibility == NULL) {
		if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			td_staff_set_status(self, _("The gateway does not answer: try again later."));
		g_object_unref(self);
		return;
	}
	if (eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
	    eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) {
		g_autoptr(GError) store_error = NULL;
		if (!td_store_resolve_exception_as(td_staff_store(self), td_staff_actor(self), self->recheck_id,
						   "eligibility-confirmed", NULL, &store_error))
			td_staff_set_store_error(self, store_error);
		else
			td_staff_set_status(self, _("Insurance confirmed. The case is closed."));
		td_staff_reload_queue(self);
	} else {
		g_autofree gchar *text =
		    g_strdup_printf(_("The gateway still answers: %s"), td_staff_eligibility_text(eligibility));
		td_staff_set_status(self, text);
	}
	g_object_unref(self);
}

static gboolean
td_recheck(TdStaffConsole *self, const TdCheckinException *exc, GError **error)
{
	/* the session's own client: one answer cache, one rate limit
	 * towards the BHXH gateway for the whole kiosk */
	TdGatewayClient *gateway = self->context != NULL && self->context->session != NULL
				       ? td_checkin_session_get_gateway(self->context->session)
				       : NULL;
	g_autoptr(TdEligibilityQuery) query = NULL;
	TdDate birth_date = {0};

	if (gateway == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("No insurance gateway is set up."));
		return FALSE;
	}
	/* the case keeps the card's birth date as ISO text */
	if (!td_date_parse_iso(exc->date_of_birth, &birth_date, NULL)) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The case has no usable birth date for the insurance check."));
		return FALSE;
	}
	query = td_checkin_eligibility_query_new(exc->card_code != NULL ? exc->card_code : exc->id_number,
						 exc->full_name, &birth_date, NULL);
	td_memwipe(&birth_date, sizeof(birth_date));
	if (query == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The case's details do not make an insurance check."));
		return FALSE;
	}
	/* "ask again" means the gateway's answer now, not a cached one */
	td_gateway_client_clear_cache(gateway);
	self->recheck_id = exc->id;
	td_gateway_client_check_async(gateway, query, self->cancellable, td_recheck_done_cb, g_object_ref(self));
	td_staff_set_status(self, _("Asking the insurance gateway…"));
	return TRUE;
}

gboolean
td_staff_console_apply(TdStaffConsole *self, const gchar *action, const gchar *card_code, GError **error)
{
	TdCheckinException *exc = td_staff_selected(self);
	const gchar *typed = gtk_editable_get_text(GTK_EDITABLE(self->note_entry));
	gboolean has_note = typed != NULL && typed[0] != '\0';

	if (exc == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Choose a case first."));
		return FALSE;
	}
	if (td_staff_store(self) == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("This kiosk has no records."));
		return FALSE;
	}
	if (g_strcmp0(action, "eligibility-confirmed") == 0)
		return td_recheck(self, exc, error);
	if (g_strcmp0(action, "card-code-entered") == 0) {
		if (card_code == NULL || !td_eligibility_card_code_is_valid(card_code)) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
					    _("A card code has 2 letters and 13 digits."));
			return FALSE;
		}
		td_staff_console_show_code_pad(self, FALSE);
		return td_keep_pending(self, action,
				       has_note ? g_strdup_printf("%s %s", card_code, typed) : g_strdup(card_code));
	}
	return td_keep_pending(self, action, has_note ? g_strdup(typed) : NULL);
}

void
td_staff_confirm_hide(TdStaffConsole *self)
{
	g_clear_pointer(&self->confirming, g_free);
	gtk_widget_set_visible(self->confirm_bar, FALSE);
}

/* An action button asks first: which action, for whom. */
void
td_action_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	guint i = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "td-action"));
	TdCheckinException *exc = td_staff_selected(self);
	g_autofree gchar *text = NULL;

	if (exc == NULL)
		return;
	if (g_str_equal(td_staff_action_words[i], "card-code-entered")) {
		td_staff_console_show_code_pad(self, TRUE);
		return;
	}
	g_free(self->confirming);
	self->confirming = g_strdup(td_staff_action_words[i]);
	text = g_strdup_printf(_("%s for %s?"), td_staff_action_text(td_staff_action_words[i]),
			       exc->full_name != NULL ? exc->full_name : "—");
	gtk_label_set_text(GTK_LABEL(self->confirm_text), text);
	gtk_widget_set_visible(self->confirm_bar, TRUE);
}

void
td_confirm_yes_cb(GtkButton *button, TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *action = g_steal_pointer(&self->confirming);

	td_staff_confirm_hide(self);
	if (action != NULL && !td_staff_console_apply(self, action, NULL, &error))
		td_staff_set_status(self, error->message);
}

void
td_confirm_no_cb(GtkButton *button, TdStaffConsole *self)
{
	td_staff_confirm_hide(self);
}

void
td_undo_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	td_staff_console_undo(self);
}

/* The code pad's OK: the card code is the action's answer. */
void
td_code_submitted_cb(TdNumberPad *pad, const gchar *code, TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	if (!td_staff_console_apply(self, "card-code-entered", code, &error))
		td_staff_set_status(self, error->message);
}

void
td_staff_console_show_code_pad(TdStaffConsole *self, gboolean show)
{
	TdCheckinException *exc = td_staff_selected(self);
	g_autofree gchar *title = NULL;

	if (show && exc != NULL) {
		title = g_strdup_printf(_("Insurance card code for %s (15 characters)"),
					exc->full_name != NULL ? exc->full_name : "—");
		gtk_label_set_text(GTK_LABEL(self->code_title), title);
	}
	td_number_pad_clear(TD_NUMBER_PAD(self->code_pad));
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), show && exc != NULL ? "code" : "queue");
}

void
td_code_back_cb(GtkButton *button, TdStaffConsole *self)
{
	td_staff_console_show_code_pad(self, FALSE);
}

/* ---- manual check-in, health ---- */

gboolean
td_staff_console_manual_checkin(TdStaffConsole *self, guint *queue_number, GError **error)
{
	g_autoptr(TdCheckinRecord) record = td_checkin_record_new();
	g_autofree gchar *today = td_report_today();
	g_autofree gchar *text = NULL;
	g_autofree gchar *label = NULL;

	if (td_staff_store(self) == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("This kiosk has no records."));
		return FALSE;
	}
	/* staff saw the papers: the policy's "no card" row, eligibility left
	 * to reception's own look-up */
	g_strlcpy(record->day, today, sizeof(record->day));
	record->card_verdict = TD_CARD_VERDICT_NO_CARD;
	record->eligibility = TD_ELIGIBILITY_NOT_CHECKED;
	record->vneid = TD_VNEID_NOT_ASKED;
	record->outcome = TD_OUTCOME_CHECKED_IN;
	if (!td_store_record_checkin(td_staff_store(self), record, NULL, error))
		return FALSE;
	td_store_record_staff_action_as(td_staff_store(self), td_staff_actor(self), "manual-checkin", 0, record->id,
					NULL, NULL);
	label = td_queue_label(record->queue_series, record->queue_number);
	text = g_strdup_printf(_("Checked in by hand. Queue number: %s"), label);
	gtk_label_set_text(GTK_LABEL(self->manual_result), text);
	if (self->context->devices != NULL && self->context->devices->print_tickets)
		td_staff_console_reprint(self, record->id);
	if (queue_number != NULL)
		*queue_number = record->queue_number;
	return TRUE;
}

void
td_manual_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	if (!td_staff_console_manual_checkin(self, NULL, &error))
		td_staff_set_store_error(self, error);
}

