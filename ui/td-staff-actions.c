/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What reception does to a case: confirm an action, keep it for a minute
 * (undo), write it; a ticket printed again; a check-in by hand. Asking
 * the gateway (again, or by a card code) is td-staff-gateway.c, the VNeID
 * help td-staff-vneid.c. */
#include "config.h"

#include <string.h>

#include "td-checkin-kiosk.h"
#include "td-i18n.h"
#include "td-report.h"
#include "td-secret.h"
#include "td-staff-console-private.h"
#include "td-staff-words.h"
#include "td-ticket.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"
#include "td-worker.h"

/* ---- the tickets that could not be printed ---- */

/* The newest "not printed" of today that no reprint followed, and how
 * many earlier ones wait behind it (read with the list, td-staff-load.c). */
void
td_staff_show_alert(TdStaffConsole *self)
{
	g_auto(GStrv) parts = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *button = NULL;

	td_staff_show_lines(self);
	if (self->alert_note == NULL)
		return;
	/* the note: "<number> <staff code>" */
	parts = g_strsplit(self->alert_note, " ", 2);
	text = g_strdup_printf(_("Ticket %s could not be printed: %s."), parts[0] != NULL ? parts[0] : "?",
			       td_staff_printer_fault_text(parts[0] != NULL ? parts[1] : NULL));
	if (self->alert_others > 0) {
		g_autofree gchar *more = g_strdup_printf(
		    g_dngettext(GETTEXT_PACKAGE, "%u earlier ticket was not printed either: it shows next.",
				"%u earlier tickets were not printed either: they show next, one by one.", self->alert_others),
		    self->alert_others);
		g_autofree gchar *both = g_strdup_printf("%s %s", text, more);
		g_free(text);
		text = g_steal_pointer(&both);
	}
	button = g_strdup_printf(_("Print ticket %s again"), parts[0] != NULL ? parts[0] : "");
	gtk_label_set_text(GTK_LABEL(self->alert_text), text);
	td_ui_button_set_text(self->alert_reprint, button);
}

typedef struct {
	TdStore *store;
	TdConfig *config; /* a reference: the console may close first */
	TdTicketPrinter *printer;
	gint64 checkin_id;
	gint64 staff_id;
	gchar *number; /* td_queue_label() */
} TdReprintJob;

static void
td_reprint_job_free(TdReprintJob *job)
{
	g_object_unref(job->store);
	td_config_free(job->config);
	td_ticket_printer_free(job->printer);
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

	self->n_writes--;
	if (!g_task_propagate_boolean(G_TASK(result), &error)) {
		const gchar *code = td_ticket_error_staff_code(error);
		if (td_ui_worker_cancelled(error))
			return; /* the console is gone */
		g_message("ticket not printed again: %s", error->message);
		text = g_strdup_printf(_("The ticket could not be printed: %s."), td_staff_printer_fault_text(code));
	} else {
		text = g_strdup_printf(_("Ticket %s printed again."), job->number);
	}
	td_staff_set_status(self, text);
	td_staff_update_busy(self);
	td_staff_reload(self, TRUE);
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
	job->config = self->context->config != NULL ? td_config_ref(self->context->config) : NULL;
	job->printer = td_device_settings_ticket_printer(devices);
	job->checkin_id = checkin_id;
	job->staff_id = td_staff_actor(self);
	td_staff_set_status(self, _("Printing…"));
	self->n_writes++;
	td_staff_update_busy(self);
	task = g_task_new(self, self->cancellable, td_reprint_done_cb, NULL);
	g_task_set_task_data(task, job, (GDestroyNotify)td_reprint_job_free);
	td_worker_run_in_thread(task, td_reprint_thread);
}

void
td_alert_reprint_cb(GtkButton *button, TdStaffConsole *self)
{
	/* once: a second tap before the list is read again would print the
	 * same ticket twice (staff tap this line ticket after ticket) */
	if (self->n_writes > 0)
		return;
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
	g_clear_pointer(&pending->vneid, td_staff_vneid_job_free);
	g_free(pending->action);
	td_str_clear_free(pending->note);
	td_str_clear_free(pending->typed);
	g_free(pending);
}

/* A resolution on its way to the store: the pending action's (its case
 * back in the list when the store fails), or the gateway's confirmation. */
typedef struct {
	TdStore *store;
	GApplication *app; /* held: the program waits for the write before it ends */
	gint64 staff_id;
	gint64 exception_id;
	gchar *action;
	gchar *note;
	TdPending *pending; /* NULL: the gateway confirmed it */
	gchar *written_text; /* said once it is written; NULL: nothing */
	TdStaffResolved done; /* told how it went, cancelled too; NULL: nobody */
	gpointer done_data;
	gchar *day;	    /* its check-in's day, to read it again; NULL: not known */
	gboolean closed_first; /* someone closed it first ... */
	TdCheckinException *closed; /* ... and this is how (NULL: it could not be read) */
} TdResolveJob;

static void
td_resolve_job_free(TdResolveJob *job)
{
	g_object_unref(job->store);
	if (job->app != NULL) {
		g_application_release(job->app);
		g_object_unref(job->app);
	}
	g_free(job->action);
	td_str_clear_free(job->note);
	g_free(job->written_text);
	g_clear_pointer(&job->pending, td_pending_free);
	g_free(job->day);
	g_clear_pointer(&job->closed, td_checkin_exception_free);
	g_free(job);
}

/* Two receptionists on one case: the second hears who closed it, how
 * and when, not a generic "could not save" that makes them try again.
 * Its day's cases are read (not every day's, with their personal data). */
static TdCheckinException *
td_read_closed_case(TdStore *store, const gchar *day, gint64 exception_id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) cases = td_store_list_exceptions(store, day, FALSE, &error);

	for (guint i = 0; cases != NULL && i < cases->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(cases, i);
		if (exc->id == exception_id && exc->resolved)
			return g_ptr_array_steal_index(cases, i);
	}
	return NULL;
}

/* A case that was on its way to the store back in the list, where it
 * was, with the note it was closed with. Shown when show is TRUE (an
 * undo); else the case staff look at now stays shown, with its note, its
 * question, its pad (a failed write under what they are doing). */
static void
td_staff_pending_restore(TdStaffConsole *self, TdPending *pending, gboolean show)
{
	const TdCheckinException *shown = td_staff_selected(self);
	gint64 id = pending->exception->id;

	g_ptr_array_insert(self->exceptions, (gint)MIN(pending->index, self->exceptions->len),
			   g_steal_pointer(&pending->exception));
	td_staff_rebuild_list(self, show || shown == NULL ? id : shown->id);
	td_staff_note_draft_put(self, id, pending->typed);
}

static gboolean
td_resolve_work(gpointer data, GError **error)
{
	TdResolveJob *job = data;
	if (td_store_resolve_exception_as(job->store, job->staff_id, job->exception_id, job->action, job->note, error))
		return TRUE;
	if (g_error_matches(*error, TD_STORE_ERROR, TD_STORE_ERROR_ALREADY_RESOLVED)) {
		job->closed_first = TRUE;
		job->closed = td_read_closed_case(job->store, job->day, job->exception_id);
	}
	/* the console may be gone by the time it hears: the log keeps it */
	g_message("case %" G_GINT64_FORMAT " not closed (%s): %s", job->exception_id, job->action,
		  (*error)->message);
	return FALSE;
}

static void
td_staff_say_closed_first(TdStaffConsole *self, const TdCheckinException *exc)
{
	g_autoptr(GDateTime) when = exc != NULL ? g_date_time_new_from_unix_local(exc->resolved_unix) : NULL;
	g_autofree gchar *clock = when != NULL ? g_date_time_format(when, "%H:%M") : NULL;
	g_autofree gchar *text =
	    exc != NULL && clock != NULL
		? g_strdup_printf(_("%s had already closed this case at %s: %s. Nothing else to do."),
				  exc->resolved_by != NULL ? exc->resolved_by : _("A colleague"), clock,
				  td_staff_resolution_text(exc->resolution))
		: g_strdup(_("A colleague had already closed this case. Nothing else to do."));

	td_staff_set_status(self, text);
}

static void
td_resolved_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	TdResolveJob *job = td_ui_worker_get_job(result);
	g_autoptr(GError) error = NULL;
	gboolean written = td_ui_worker_finish(result, &error) != NULL;

	if (self->writing_id == job->exception_id)
		self->writing_id = 0;
	if (td_ui_worker_cancelled(error)) {
		if (job->done != NULL)
			job->done(self, error, job->done_data);
		return;
	}
	if (!written && job->closed_first) {
		td_staff_say_closed_first(self, job->closed);
	} else if (!written) {
		td_staff_set_store_error(self, error);
		/* not written: the case is open again, where it was */
		if (job->pending != NULL)
			td_staff_pending_restore(self, job->pending, FALSE);
	} else if (job->written_text != NULL) {
		td_staff_set_status(self, job->written_text);
	}
	td_staff_update_busy(self);
	td_staff_reload(self, TRUE);
	if (job->done != NULL)
		job->done(self, error, job->done_data);
}

gint
td_staff_case_index(TdStaffConsole *self, gint64 exception_id)
{
	for (guint i = 0; i < self->exceptions->len; i++) {
		const TdCheckinException *exc = g_ptr_array_index(self->exceptions, i);
		if (exc->id == exception_id)
			return (gint)i;
	}
	return -1;
}

/* The day of a case's check-in, as read with the list (exc: the case when
 * it is out of the list, kept for its minute); NULL: not known. */
static gchar *
td_staff_case_day(TdStaffConsole *self, gint64 exception_id, const TdCheckinException *exc)
{
	const TdCheckinRecord *record;
	gint index = exc == NULL ? td_staff_case_index(self, exception_id) : -1;

	if (index >= 0)
		exc = g_ptr_array_index(self->exceptions, index);
	record = exc != NULL ? td_staff_case_record(self, exc) : NULL;
	return record != NULL ? g_strdup(record->day) : NULL;
}

void
td_staff_resolve(TdStaffConsole *self, gint64 staff_id, gint64 exception_id, const gchar *action,
		 const gchar *note, const gchar *written_text, TdPending *pending)
{
	td_staff_resolve_then(self, staff_id, exception_id, action, note, written_text, pending, NULL, NULL);
}

void
td_staff_resolve_then(TdStaffConsole *self, gint64 staff_id, gint64 exception_id, const gchar *action,
		      const gchar *note, const gchar *written_text, TdPending *pending, TdStaffResolved done,
		      gpointer done_data)
{
	TdResolveJob *job = g_new0(TdResolveJob, 1);

	job->store = g_object_ref(td_staff_store(self));
	job->app = g_application_get_default();
	if (job->app != NULL) {
		g_object_ref(job->app);
		g_application_hold(job->app);
	}
	job->staff_id = staff_id;
	job->exception_id = exception_id;
	job->action = g_strdup(action);
	job->note = g_strdup(note);
	job->written_text = g_strdup(written_text);
	job->done = done;
	job->done_data = done_data;
	job->pending = pending;
	job->day = td_staff_case_day(self, exception_id, pending != NULL ? pending->exception : NULL);
	/* one write of a case at a time: its buttons wait */
	self->writing_id = exception_id;
	td_staff_update_busy(self);
	td_ui_worker_run(self, self->cancellable, td_resolve_work, job, (GDestroyNotify)td_resolve_job_free,
			 td_resolved_cb, NULL);
}

gboolean
td_staff_console_commit_pending(TdStaffConsole *self)
{
	TdPending *pending = g_steal_pointer(&self->pending);

	if (pending == NULL)
		return FALSE;
	g_clear_handle_id(&pending->timer_id, g_source_remove);
	if (pending->vneid != NULL) {
		if (td_staff_store(self) != NULL)
			td_staff_vneid_write(self, g_steal_pointer(&pending->vneid));
		td_pending_free(pending);
	} else if (td_staff_store(self) == NULL) {
		td_staff_pending_restore(self, pending, FALSE);
		td_pending_free(pending);
	} else {
		td_staff_resolve(self, pending->staff_id, pending->exception->id, pending->action, pending->note,
				 NULL, pending);
	}
	td_staff_console_update_pending(self);
	return TRUE;
}

gboolean
td_staff_console_undo(TdStaffConsole *self)
{
	TdPending *pending = g_steal_pointer(&self->pending);

	if (pending == NULL)
		return FALSE;
	if (pending->vneid != NULL) {
		td_staff_vneid_undo(self, g_steal_pointer(&pending->vneid));
		td_pending_free(pending);
		td_staff_console_update_pending(self);
		td_staff_set_status(self, _("Undone: nothing was recorded."));
		return TRUE;
	}
	/* shown, with the note it was closed with, to change and close again */
	td_staff_pending_restore(self, pending, TRUE);
	td_pending_free(pending);
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
	if (pending == NULL) {
		/* not left for the next staff member behind a lock */
		gtk_label_set_text(GTK_LABEL(self->pending_text), "");
		return;
	}
	text = g_strdup_printf(_("Saved for %s: %s. It can be undone for %u more seconds."),
			       pending->vneid != NULL		       ? td_staff_vneid_job_who(pending->vneid)
			       : pending->exception->full_name != NULL ? pending->exception->full_name
								       : "—",
			       td_staff_resolution_text(pending->action),
			       (guint)MAX(0, (pending->deadline - g_get_monotonic_time() + 999999) / 1000000));
	gtk_label_set_text(GTK_LABEL(self->pending_text), text);
	td_ui_button_set_text(self->pending_undo, _("Undo"));
}

gboolean
td_staff_keep_pending(TdStaffConsole *self, guint index, const gchar *action, gchar *note, const gchar *typed)
{
	TdPending *pending;
	const TdCheckinException *selected;
	gint64 select_id;
	gboolean shown;

	/* one at a time: the last one is written first */
	td_staff_console_commit_pending(self);
	pending = g_new0(TdPending, 1);
	/* the gateway's answer can close a case staff have moved on from:
	 * that one, by its id (its index moves as this case leaves the list) */
	shown = self->selected == (gint)index;
	selected = td_staff_selected(self);
	select_id = selected != NULL ? selected->id : 0;
	pending->index = index;
	pending->exception = g_ptr_array_steal_index(self->exceptions, index);
	pending->action = g_strdup(action);
	pending->staff_id = td_staff_actor(self);
	pending->note = note;
	pending->typed = g_strdup(typed);
	pending->deadline = g_get_monotonic_time() + (gint64)TD_STAFF_UNDO_S * G_USEC_PER_SEC;
	pending->timer_id = g_timeout_add_seconds(1, td_pending_tick_cb, self);
	self->pending = pending;
	td_staff_set_status(self, NULL);
	/* the case that came after it, where staff's eyes are: not back to
	 * the top of a long list (its note went with it: pending->typed); or
	 * the one staff moved on to */
	if (shown) {
		td_number_pad_clear(TD_NUMBER_PAD(self->code_pad));
		select_id = self->exceptions->len > 0
				? ((const TdCheckinException *)g_ptr_array_index(
				       self->exceptions, MIN(index, self->exceptions->len - 1)))
				      ->id
				: 0;
	}
	td_staff_rebuild_list(self, select_id);
	td_staff_console_update_pending(self);
	td_ui_scroll_into_view(self->pending_bar);
	return TRUE;
}

void
td_staff_keep_vneid_pending(TdStaffConsole *self, TdVneidJob *job)
{
	TdPending *pending;

	/* one at a time: the last one is written first */
	td_staff_console_commit_pending(self);
	pending = g_new0(TdPending, 1);
	pending->vneid = job;
	pending->action = g_strdup("vneid-assisted");
	pending->staff_id = td_staff_actor(self);
	pending->deadline = g_get_monotonic_time() + (gint64)TD_STAFF_UNDO_S * G_USEC_PER_SEC;
	pending->timer_id = g_timeout_add_seconds(1, td_pending_tick_cb, self);
	self->pending = pending;
	td_staff_set_status(self, NULL);
	td_staff_console_update_pending(self);
	/* no second help for it during the minute */
	td_staff_vneid_refresh_waiting(self);
	td_staff_update_busy(self);
	td_ui_scroll_into_view(self->pending_bar);
}

/* A check-in by hand takes no second press this soon after a number */
#define TD_STAFF_MANUAL_AGAIN_US (2 * G_USEC_PER_SEC)

/* A card code as BHXH prints it, or why not: one check for the pad and
 * for td_staff_console_apply */
static gboolean
td_staff_card_code_check(const gchar *card_code, GError **error)
{
	if (card_code != NULL && td_eligibility_card_code_is_valid(card_code))
		return TRUE;
	g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("A card code has 2 letters and 13 digits."));
	return FALSE;
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
		return td_staff_ask_gateway(self, exc, NULL, NULL, error);
	if (g_strcmp0(action, "vneid-assisted") == 0)
		return td_staff_vneid_assist(self, exc, has_note ? typed : NULL);
	if (g_strcmp0(action, "card-code-entered") == 0) {
		if (!td_staff_card_code_check(card_code, error))
			return FALSE;
		return td_staff_ask_gateway(self, exc, card_code, has_note ? typed : NULL, error);
	}
	return td_staff_keep_pending(self, (guint)self->selected, action, has_note ? g_strdup(typed) : NULL,
				     has_note ? typed : NULL);
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
	/* "Người bệnh đã về cho …?" reads as a statement */
	if (g_str_equal(td_staff_action_words[i], "patient-left"))
		text = g_strdup_printf(_("Did %s go home without a visit?"),
				       exc->full_name != NULL ? exc->full_name : _("the patient"));
	else
		text = g_strdup_printf(_("%s for %s?"), td_staff_action_text(td_staff_action_words[i]),
				       exc->full_name != NULL ? exc->full_name : "—");
	gtk_label_set_text(GTK_LABEL(self->confirm_text), text);
	gtk_widget_set_visible(self->confirm_bar, TRUE);
	td_ui_scroll_into_view(self->confirm_bar);
}

void
td_confirm_yes_cb(GtkButton *button, TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *action = g_steal_pointer(&self->confirming);

	td_staff_confirm_hide(self);
	if (action != NULL && !td_staff_console_apply(self, action, NULL, &error)) {
		td_staff_set_status(self, error->message);
		td_ui_scroll_into_view(self->status);
	}
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

/* The code pad's OK: the card code is the action's answer, or the
 * ticket's number the VNeID help is for. */
void
td_code_submitted_cb(TdNumberPad *pad, const gchar *code, TdStaffConsole *self)
{
	g_autoptr(GError) error = NULL;

	if (self->pad_for_number) {
		td_staff_vneid_by_number(self, code);
	} else if (!td_staff_card_code_check(code, &error)) {
		/* a typo: said over the pad, which keeps the code to mend */
		gtk_label_set_text(GTK_LABEL(self->code_error), error->message);
		gtk_widget_set_visible(self->code_error, TRUE);
	} else if (!td_staff_console_apply(self, "card-code-entered", code, &error)) {
		/* the case cannot be asked with any code: said where the case
		 * is (the status line is the queue's; on the pad's page staff
		 * saw nothing happen) */
		td_staff_console_show_code_pad(self, FALSE);
		td_staff_set_status(self, error->message);
		td_ui_scroll_into_view(self->status);
	}
}

void
td_staff_code_title_update(TdStaffConsole *self)
{
	TdCheckinException *exc = td_staff_selected(self);
	g_autofree gchar *title = NULL;

	/* the pad has no "-": how a lettered number is typed, said */
	if (self->pad_for_number)
		title = g_strdup(_("The number on the patient's ticket (for example 17, or B1 for B-001)"));
	else if (exc != NULL)
		title = g_strdup_printf(_("Insurance card code for %s (15 characters)"),
					exc->full_name != NULL ? exc->full_name : "—");
	gtk_label_set_text(GTK_LABEL(self->code_title), title != NULL ? title : "");
}

void
td_staff_console_show_code_pad(TdStaffConsole *self, gboolean show)
{
	TdCheckinException *exc = td_staff_selected(self);

	if (self->pad_for_number) {
		/* it asked a ticket's number last: a card code again */
		self->pad_for_number = FALSE;
		td_number_pad_set_format(TD_NUMBER_PAD(self->code_pad), TD_CARD_CODE_CHARS, TD_CARD_CODE_CHARS,
					 TD_NUMBER_PAD_LETTERS);
		td_ui_set_a11y_label(self->code_pad, _("Insurance card code (15 characters)"));
	}
	if (show && exc != NULL)
		td_staff_code_title_update(self);
	td_number_pad_clear(TD_NUMBER_PAD(self->code_pad));
	gtk_widget_set_visible(self->code_error, FALSE);
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), show && exc != NULL ? "code" : "queue");
}

void
td_code_back_cb(GtkButton *button, TdStaffConsole *self)
{
	td_staff_console_show_code_pad(self, FALSE);
}

/* ---- manual check-in, health ---- */

typedef struct {
	TdStore *store;
	gint64 staff_id;
	TdCheckinRecord *record;
} TdManualJob;

static void
td_manual_job_free(TdManualJob *job)
{
	g_object_unref(job->store);
	td_checkin_record_free(job->record);
	g_free(job);
}

static gboolean
td_manual_work(gpointer data, GError **error)
{
	TdManualJob *job = data;

	if (!td_store_record_checkin(job->store, job->record, NULL, error))
		return FALSE;
	td_store_record_staff_action_as(job->store, job->staff_id, "manual-checkin", 0, job->record->id, NULL, NULL);
	return TRUE;
}

static void
td_manual_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GError) error = NULL;
	TdManualJob *job = td_ui_worker_finish(result, &error);
	g_autofree gchar *label = NULL;
	g_autofree gchar *text = NULL;

	self->manual_running = FALSE;
	self->manual_done_at = g_get_monotonic_time();
	if (td_ui_worker_cancelled(error))
		return;
	td_staff_update_busy(self);
	if (job == NULL) {
		g_autofree gchar *words = td_ui_store_error_text("staff console: check-in by hand", error);
		gtk_label_set_text(GTK_LABEL(self->manual_result), words);
		return;
	}
	label = td_queue_label(job->record->queue_series, job->record->queue_number);
	text = g_strdup_printf(_("Checked in by hand. Queue number: %s"), label);
	gtk_label_set_text(GTK_LABEL(self->manual_result), text);
	self->manual_number = job->record->queue_number;
	td_staff_show_manual_vneid(self, job->record->id);
	if (self->context->devices != NULL && self->context->devices->print_tickets)
		td_staff_console_reprint(self, job->record->id);
}

void
td_staff_console_manual_checkin(TdStaffConsole *self)
{
	TdManualJob *job;
	g_autofree gchar *today = td_report_today();

	if (td_staff_store(self) == NULL) {
		gtk_label_set_text(GTK_LABEL(self->manual_result), _("This kiosk has no records."));
		return;
	}
	/* one number per press, however many presses: while it is written,
	 * and for a moment after (a double click on the reception PC, the
	 * second landing once a fast store had answered the first, gave a
	 * second number and a check-in nobody made) */
	if (self->manual_running ||
	    (self->manual_done_at != 0 && g_get_monotonic_time() - self->manual_done_at < TD_STAFF_MANUAL_AGAIN_US))
		return;
	job = g_new0(TdManualJob, 1);
	job->store = g_object_ref(td_staff_store(self));
	job->staff_id = td_staff_actor(self);
	job->record = td_checkin_record_new();
	/* staff saw the papers: the policy's "no card" row, eligibility left
	 * to reception's own look-up */
	g_strlcpy(job->record->day, today, sizeof(job->record->day));
	job->record->card_verdict = TD_CARD_VERDICT_NO_CARD;
	job->record->eligibility = TD_ELIGIBILITY_NOT_CHECKED;
	job->record->vneid = TD_VNEID_NOT_ASKED;
	job->record->outcome = TD_OUTCOME_CHECKED_IN;
	self->manual_running = TRUE;
	self->manual_number = 0;
	td_staff_show_manual_vneid(self, 0);
	gtk_label_set_text(GTK_LABEL(self->manual_result), _("Taking a queue number…"));
	td_staff_update_busy(self);
	td_ui_worker_run(self, self->cancellable, td_manual_work, job, (GDestroyNotify)td_manual_job_free,
			 td_manual_done_cb, NULL);
}

guint
td_staff_console_get_manual_number(TdStaffConsole *self)
{
	return self->manual_number;
}

void
td_manual_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	td_staff_console_manual_checkin(self);
}
