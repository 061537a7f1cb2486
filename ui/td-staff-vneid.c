/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's help into VNeID, the mission's figure: recorded beside a
 * case (which stays open for its insurance), from the day's list of
 * patients who answered "not yet", or by the number on a patient's
 * ticket when they are not among the newest the list shows. */
#include "config.h"

#include <string.h>

#include "td-bar-layout.h"
#include "td-i18n.h"
#include "td-secret.h"
#include "td-staff-console-private.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

/* The day's "not yet" shown under the cases, newest first: one row with
 * "Another number…" (with a case's VNeID question above it, a second row
 * went past a 1024 x 768 kiosk's edge) */
#define TD_STAFF_VNEID_SHOWN (TD_STAFF_NUMBER_BUTTONS_PER_ROW - 1)

/* "Đã giúp tích hợp vào VNeID" records what the desk did for the patient's
 * VNeID without closing the case: the insurance still needs its own
 * decision (before, the VNeID help closed the case, and the self-pay or
 * the paper card that followed was refused as "already resolved", the
 * visit never counted as checked in). The check-in's answer and an audit
 * row, in a worker, after the minute staff have to undo it (a finger on
 * the wrong number's button counted a patient as helped, and nothing
 * could take it back). */
struct _TdVneidJob {
	TdStore *store;
	GApplication *app; /* held while it is written: the program waits for it */
	gint64 staff_id;
	gint64 exception_id; /* 0: from the list of the day's "not yet" */
	gint64 checkin_id;
	gchar *note;
	gchar *number; /* the queue number, for the words after */
	/* the patient's own answer, asked at the desk (the kiosk never asked
	 * them) by question; FALSE: the desk's help */
	gboolean patients_answer;
	TdStaffVneidQuestion *question;
	TdVneidAnswer answer;
	gchar *who; /* the case's name or "Số 17", for the minute to undo */
};

static void td_vneid_answer_done(TdStaffConsole *self, const TdVneidJob *asked, const GError *error);

void
td_staff_vneid_job_free(TdVneidJob *job)
{
	g_clear_object(&job->store);
	if (job->app != NULL) {
		g_application_release(job->app);
		g_object_unref(job->app);
	}
	td_str_clear_free(job->note);
	g_free(job->number);
	td_str_clear_free(job->who);
	g_free(job);
}

const gchar *
td_staff_vneid_job_who(const TdVneidJob *job)
{
	return job->who != NULL ? job->who : "—";
}

gint64
td_staff_vneid_pending_checkin(TdStaffConsole *self)
{
	return self->pending != NULL && self->pending->vneid != NULL ? self->pending->vneid->checkin_id : 0;
}

static gboolean
td_vneid_work(gpointer data, GError **error)
{
	TdVneidJob *job = data;
	gboolean ok = job->patients_answer
			  ? td_store_record_vneid_answer_as(job->store, job->staff_id, job->checkin_id, job->answer, error)
			  : td_store_record_vneid_assisted_as(job->store, job->staff_id, job->exception_id,
							      job->checkin_id, job->note, error);

	/* the console may be gone by the time it hears (a help written at
	 * logout): the log keeps it */
	if (!ok)
		g_message("VNeID %s for check-in %" G_GINT64_FORMAT " not written: %s",
			  job->patients_answer ? "answer" : "help", job->checkin_id, (*error)->message);
	return ok;
}

static void
td_vneid_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GError) error = NULL;
	TdVneidJob *job = td_ui_worker_finish(result, &error);
	TdCheckinRecord *record;

	/* counted down even when cancelled (a lock): else every action
	 * stayed greyed after the next login */
	self->n_writes--;
	if (td_ui_worker_cancelled(error))
		return;
	td_staff_update_busy(self);
	if (((const TdVneidJob *)td_ui_worker_get_job(result))->patients_answer) {
		td_vneid_answer_done(self, td_ui_worker_get_job(result), job == NULL ? error : NULL);
		return;
	}
	if (job == NULL) {
		const TdVneidJob *failed = td_ui_worker_get_job(result);

		td_staff_set_store_error(self, error);
		/* the list's button, greyed on the tap, comes back to be tried
		 * again (the list is the same, so only a forced rebuild); a
		 * case's note, taken at the press, back with its case */
		if (failed->exception_id != 0)
			td_staff_note_draft_put(self, failed->exception_id, failed->note);
		g_clear_pointer(&self->vneid_shown, g_free);
		td_staff_reload(self, TRUE);
		return;
	}
	if (job->exception_id == 0) {
		g_autofree gchar *text = g_strdup_printf(_("Recorded: number %s helped integrate into VNeID."),
							 job->number);
		td_staff_set_status(self, text);
		/* the list again, without him (the words above stay) */
		td_staff_reload(self, TRUE);
		return;
	}
	record = g_hash_table_lookup(self->records, &job->checkin_id);
	if (record != NULL)
		record->vneid = TD_VNEID_ASSISTED;
	/* its note left the field at the press (td_staff_vneid_assist) */
	td_staff_show_case(self);
	td_staff_set_status(self, _("Recorded: helped integrate into VNeID. The case stays open for its insurance."));
}

void
td_staff_vneid_write(TdStaffConsole *self, TdVneidJob *job)
{
	job->store = g_object_ref(td_staff_store(self));
	/* written after its minute, perhaps as the program ends (the
	 * console's last commit): the program waits */
	job->app = g_application_get_default();
	if (job->app != NULL) {
		g_object_ref(job->app);
		g_application_hold(job->app);
	}
	self->n_writes++;
	td_staff_update_busy(self);
	td_ui_worker_run(self, self->cancellable, td_vneid_work, job, (GDestroyNotify)td_staff_vneid_job_free,
			 td_vneid_done_cb, NULL);
}

void
td_staff_vneid_undo(TdStaffConsole *self, TdVneidJob *job)
{
	if (job->exception_id != 0)
		td_staff_note_draft_put(self, job->exception_id, job->note);
	td_staff_vneid_job_free(job);
	/* its list's button, and its case's, back (self->pending is NULL
	 * by now) */
	td_staff_vneid_refresh_waiting(self);
	td_staff_update_busy(self);
}

void
td_staff_vneid_refresh_waiting(TdStaffConsole *self)
{
	g_clear_pointer(&self->vneid_shown, g_free);
	td_staff_show_vneid_waiting(self, self->vneid_waiting);
}

/* The patient's own answer is written at once (asked, not done); the
 * desk's help waits its minute. Either in the name of who pressed. */
static void
td_vneid_run(TdStaffConsole *self, TdVneidJob *job)
{
	job->staff_id = td_staff_actor(self);
	if (job->patients_answer)
		td_staff_vneid_write(self, job);
	else
		td_staff_keep_vneid_pending(self, job);
}

gboolean
td_staff_vneid_assist(TdStaffConsole *self, const TdCheckinException *exc, const gchar *note)
{
	TdVneidJob *job = g_new0(TdVneidJob, 1);

	job->exception_id = exc->id;
	job->checkin_id = exc->checkin_id;
	job->note = g_strdup(note);
	job->who = g_strdup(exc->full_name);
	/* the note went with the help (an undo gives it back): not also
	 * with the case's closing that follows */
	if (note != NULL && exc->id == self->shown_case_id)
		gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	td_vneid_run(self, job);
	return TRUE;
}

/* How many of today's waiting check-ins carry record's series and number:
 * more than one where two kiosks shared an offline letter. */
static guint
td_vneid_number_count(GPtrArray *waiting, const TdCheckinRecord *record)
{
	guint count = 0;

	for (guint i = 0; waiting != NULL && i < waiting->len; i++) {
		const TdCheckinRecord *other = g_ptr_array_index(waiting, i);
		if (other->queue_number == record->queue_number &&
		    g_strcmp0(other->queue_series, record->queue_series) == 0)
			count++;
	}
	return count;
}

static void
td_vneid_waiting_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	TdVneidJob *job;

	if (td_staff_store(self) == NULL || self->n_writes > 0)
		return;
	job = g_new0(TdVneidJob, 1);
	job->checkin_id = *(const gint64 *)g_object_get_data(G_OBJECT(button), "td-checkin");
	job->number = g_strdup(g_object_get_data(G_OBJECT(button), "td-number"));
	job->who = g_strdup_printf(_("No. %s"), job->number);
	/* the two tickets of one number told apart: the list is the newest
	 * few again */
	g_clear_pointer(&self->vneid_narrowed, g_free);
	/* pressed once: the list comes back without it */
	gtk_widget_set_sensitive(GTK_WIDGET(button), FALSE);
	td_vneid_run(self, job);
}

/* "No. 17", the number on the patient's ticket, under the title that
 * says what pressing it records (a screen reader hears the whole
 * sentence); with the time on the ticket where another of today's
 * carries its number (two kiosks that numbered offline in one letter
 * both printed K-001). Short, three to a row: a button each with the
 * sentence took 78 px a number, and with a case's VNeID question above
 * them the second was below a 1024 x 768 kiosk's edge. */
static GtkWidget *
td_vneid_button_new(TdStaffConsole *self, GPtrArray *waiting, const TdCheckinRecord *record)
{
	g_autofree gchar *number = td_queue_label(record->queue_series, record->queue_number);
	g_autofree gchar *text = NULL;
	g_autofree gchar *spoken = NULL;
	GtkWidget *button;

	if (td_vneid_number_count(waiting, record) > 1) {
		g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(record->time_unix);
		g_autofree gchar *clock = when != NULL ? g_date_time_format(when, "%H:%M") : g_strdup("?");
		text = g_strdup_printf(_("No. %s (%s)"), number, clock);
		spoken = g_strdup_printf(_("No. %s (%s): helped integrate into VNeID"), number, clock);
	} else {
		text = g_strdup_printf(_("No. %s"), number);
		spoken = g_strdup_printf(_("No. %s: helped integrate into VNeID"), number);
	}
	button = td_ui_button_new(text, "td-small");
	/* no tooltip: GTK makes it the accessible description, and the
	 * sentence was said twice */
	td_ui_set_a11y_label(button, spoken);
	g_object_set_data_full(G_OBJECT(button), "td-checkin", g_memdup2(&record->id, sizeof(record->id)), g_free);
	g_object_set_data_full(G_OBJECT(button), "td-number", g_steal_pointer(&number), g_free);
	td_ui_button_set_wrap(button, TD_STAFF_NUMBER_BUTTON_CHARS);
	g_signal_connect(button, "clicked", G_CALLBACK(td_vneid_waiting_clicked_cb), self);
	return button;
}

static void
td_vneid_list_clear(TdStaffConsole *self)
{
	GtkWidget *child;

	while ((child = gtk_widget_get_first_child(self->vneid_list)) != NULL)
		gtk_flow_box_remove(GTK_FLOW_BOX(self->vneid_list), child);
}

/* A button in the grid of numbers: its cell takes no focus of its own
 * (a Tab goes from button to button) */
static void
td_vneid_list_append(TdStaffConsole *self, GtkWidget *button)
{
	gtk_flow_box_append(GTK_FLOW_BOX(self->vneid_list), button);
	gtk_widget_set_focusable(gtk_widget_get_parent(button), FALSE);
}

static void
td_vneid_list_add_other(TdStaffConsole *self)
{
	GtkWidget *other = td_ui_button_new(_("Another number…"), "td-small");
	td_ui_button_set_wrap(other, TD_STAFF_NUMBER_BUTTON_CHARS);
	g_signal_connect_swapped(other, "clicked", G_CALLBACK(td_staff_show_number_pad), self);
	td_vneid_list_append(self, other);
}

/* Whether record carries the ticket number label ("K-001"). */
static gboolean
td_vneid_record_is(const TdCheckinRecord *record, const gchar *label)
{
	g_autofree gchar *its = td_queue_label(record->queue_series, record->queue_number);
	return g_strcmp0(its, label) == 0;
}

static gboolean
td_vneid_waiting_has(GPtrArray *waiting, gint64 checkin_id)
{
	for (guint i = 0; checkin_id != 0 && i < waiting->len; i++) {
		if (((const TdCheckinRecord *)g_ptr_array_index(waiting, i))->id == checkin_id)
			return TRUE;
	}
	return FALSE;
}

/* The day's patients who answered "not yet", newest first: a patient at
 * the desk, their ticket in hand, is found by the number on it (no name:
 * the list stays on screen), and the title above the numbers says what
 * pressing one records. A patient whose case is open is helped from the
 * case (its VNeID row). */
void
td_staff_show_vneid_waiting(TdStaffConsole *self, GPtrArray *waiting)
{
	g_autoptr(GString) key = g_string_new(NULL);
	g_autoptr(GPtrArray) shown = g_ptr_array_new();
	GPtrArray *kept = waiting != NULL ? g_ptr_array_ref(waiting) : NULL;
	/* the help waiting its minute: out of the list meanwhile */
	gint64 helping = td_staff_vneid_pending_checkin(self);
	guint n_waiting = 0;

	/* all of them, for a number typed (td_staff_vneid_by_number); waiting
	 * may be the list kept (shown again narrowed) */
	g_clear_pointer(&self->vneid_waiting, g_ptr_array_unref);
	self->vneid_waiting = kept;
	/* a number two kiosks printed: all its tickets, while two remain
	 * waiting; otherwise newest first, the newest few (the patient at the
	 * desk has most likely just left the kiosk, and the column keeps the
	 * page within the screen; the title says how many there are) */
	for (guint i = 0; self->vneid_narrowed != NULL && waiting != NULL && i < waiting->len; i++) {
		const TdCheckinRecord *record = g_ptr_array_index(waiting, i);
		if (record->id != helping && td_vneid_record_is(record, self->vneid_narrowed))
			g_ptr_array_add(shown, (gpointer)record);
	}
	if (shown->len < 2) {
		g_clear_pointer(&self->vneid_narrowed, g_free);
		g_ptr_array_set_size(shown, 0);
		for (guint i = waiting != NULL ? waiting->len : 0; i-- > 0 && shown->len < TD_STAFF_VNEID_SHOWN;) {
			const TdCheckinRecord *record = g_ptr_array_index(waiting, i);
			if (record->id != helping)
				g_ptr_array_add(shown, (gpointer)record);
		}
	}
	if (waiting != NULL)
		n_waiting = waiting->len - (td_vneid_waiting_has(waiting, helping) ? 1 : 0);
	/* every reload reads the list: it is rebuilt only when it changed (a
	 * button under the finger stays, nothing flickers) */
	g_string_append_printf(key, "%u:%s:", n_waiting, self->vneid_narrowed != NULL ? self->vneid_narrowed : "");
	for (guint i = 0; i < shown->len; i++)
		g_string_append_printf(key, "%" G_GINT64_FORMAT ",", ((const TdCheckinRecord *)shown->pdata[i])->id);
	if (g_strcmp0(key->str, self->vneid_shown) == 0)
		return;
	g_free(self->vneid_shown);
	self->vneid_shown = g_strdup(key->str);
	td_vneid_list_clear(self);
	for (guint i = 0; i < shown->len; i++)
		td_vneid_list_append(self, td_vneid_button_new(self, waiting, shown->pdata[i]));
	/* an earlier patient, by the number on their ticket; not beside the
	 * tickets of one number (typing another number ends that list): three
	 * of them with it made a second row */
	if (n_waiting > shown->len && self->vneid_narrowed == NULL)
		td_vneid_list_add_other(self);
	if (shown->len > 0) {
		/* TRANSLATORS: %u is how many patients answered "not yet" today */
		g_autofree gchar *title = g_strdup_printf(
		    _("Not yet in VNeID today (%u): press the number once you have helped"), n_waiting);
		gtk_label_set_text(GTK_LABEL(self->vneid_title), title);
	}
	gtk_widget_set_visible(self->vneid_title, shown->len > 0);
}

/* Longest ticket number typed: a series letter and 4 digits */
#define TD_STAFF_NUMBER_CHARS 5

void
td_staff_show_number_pad(TdStaffConsole *self)
{
	/* not over a write under way: its answer would land behind the pad */
	if (self->n_writes > 0) {
		td_staff_set_status(self, _("Still saving: please try again in a moment."));
		return;
	}
	self->pad_for_number = TRUE;
	gtk_widget_set_visible(self->code_error, FALSE);
	g_clear_pointer(&self->vneid_narrowed, g_free);
	td_number_pad_set_format(TD_NUMBER_PAD(self->code_pad), 1, TD_STAFF_NUMBER_CHARS, TD_NUMBER_PAD_LETTERS);
	td_staff_code_title_update(self);
	td_ui_set_a11y_label(self->code_pad, _("The number on the patient's ticket"));
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "code");
}

/* "17", "B1", "B001": the series' letters, then the number */
static gboolean
td_ticket_number_parse(const gchar *typed, gchar **series_out, guint *number_out)
{
	const gchar *digits = typed;
	guint64 number = 0;

	while (g_ascii_isalpha(*digits))
		digits++;
	if (!g_ascii_string_to_unsigned(digits, 10, 1, G_MAXUINT, &number, NULL))
		return FALSE;
	*series_out = g_ascii_strup(typed, digits - typed);
	*number_out = (guint)number;
	return TRUE;
}

/* Whether the help waiting its minute is for the ticket series and number. */
static gboolean
td_vneid_pending_is(TdStaffConsole *self, const gchar *series, guint number)
{
	gint64 checkin_id = td_staff_vneid_pending_checkin(self);

	for (guint i = 0; checkin_id != 0 && self->vneid_waiting != NULL && i < self->vneid_waiting->len; i++) {
		const TdCheckinRecord *record = g_ptr_array_index(self->vneid_waiting, i);
		if (record->id == checkin_id)
			return record->queue_number == number && g_strcmp0(record->queue_series, series) == 0;
	}
	return FALSE;
}

void
td_staff_vneid_by_number(TdStaffConsole *self, const gchar *typed)
{
	g_autofree gchar *series = NULL;
	g_autofree gchar *shown = g_strdup(typed);
	const TdCheckinRecord *found = NULL;
	guint number = 0, matches = 0;
	TdVneidJob *job;

	if (td_ticket_number_parse(typed, &series, &number)) {
		for (guint i = 0; self->vneid_waiting != NULL && i < self->vneid_waiting->len; i++) {
			const TdCheckinRecord *record = g_ptr_array_index(self->vneid_waiting, i);
			if (record->id != td_staff_vneid_pending_checkin(self) && record->queue_number == number &&
			    g_strcmp0(record->queue_series, series) == 0) {
				found = record;
				matches++;
			}
		}
	}
	/* back to the list, where the words show */
	td_staff_console_show_code_pad(self, FALSE);
	/* two kiosks that numbered offline in one letter both printed K-001
	 * (the station database keeps both): which one is not for a guess */
	if (matches > 1) {
		g_autofree gchar *text = g_strdup_printf(
		    _("Two of today's tickets carry number %s: ask the patient the time on their ticket, and choose it "
		      "in the list."),
		    shown);
		/* the list shows those tickets, with their times, until one is
		 * pressed or another number typed (a reload meanwhile keeps
		 * them) */
		g_free(self->vneid_narrowed);
		self->vneid_narrowed = td_queue_label(found->queue_series, found->queue_number);
		td_staff_show_vneid_waiting(self, self->vneid_waiting);
		td_staff_set_status(self, text);
		return;
	}
	if (found == NULL && td_vneid_pending_is(self, series, number)) {
		/* just pressed: not "check the ticket" */
		g_autofree gchar *text =
		    g_strdup_printf(_("Number %s is already being recorded as helped into VNeID."), shown);
		td_staff_set_status(self, text);
		return;
	}
	if (found == NULL) {
		g_autofree gchar *text =
		    g_strdup_printf(_("Number %s is not among today's patients not yet in VNeID: check the ticket."), shown);
		td_staff_set_status(self, text);
		return;
	}
	if (td_staff_store(self) == NULL)
		return;
	if (self->n_writes > 0) {
		td_staff_set_status(self, _("Still saving: please try again in a moment."));
		return;
	}
	job = g_new0(TdVneidJob, 1);
	job->checkin_id = found->id;
	job->number = td_queue_label(found->queue_series, found->queue_number);
	job->who = g_strdup_printf(_("No. %s"), job->number);
	td_vneid_run(self, job);
}

/* ---- the VNeID question asked at the desk ---- */

/* The answers the kiosk's own question takes, staff's words for them */
static const TdVneidAnswer td_manual_answers[TD_STAFF_N_MANUAL_ANSWERS] = {
    TD_VNEID_INTEGRATED, TD_VNEID_NOT_YET, TD_VNEID_NO_ACCOUNT, TD_VNEID_NO_SMARTPHONE};

static gchar *
td_vneid_question_text(const TdStaffVneidQuestion *question)
{
	if (question->name != NULL)
		return g_strdup_printf(_("Ask %s: is their insurance card in the VNeID app yet?"), question->name);
	return g_strdup(_("Ask the patient: is their insurance card in the VNeID app yet?"));
}

/* What the desk does next, after the patient's answer (DOMAIN.md §1:
 * help integrate now; no account, to the commune police) */
static const gchar *
td_vneid_answer_recorded_text(TdVneidAnswer answer)
{
	switch (answer) {
	case TD_VNEID_INTEGRATED:
		return _("Recorded: the insurance card is already in VNeID.");
	case TD_VNEID_NOT_YET:
		return _("Recorded: not yet in VNeID. If the patient wishes, help them integrate it now: in VNeID, "
			 "“Ví giấy tờ” → “Tích hợp thông tin” → “Tạo mới yêu cầu” → “Thẻ bảo hiểm y tế”; then "
			 "record the help.");
	case TD_VNEID_NO_ACCOUNT:
		return _("Recorded: no VNeID account. Please send the patient to the commune police (Công an xã) to "
			 "activate a level-2 account, then integrate the insurance card.");
	case TD_VNEID_NO_SMARTPHONE:
	default:
		return _("Recorded: the patient does not use a smartphone.");
	}
}

/* The answer written: the words after it where the question still is
 * this patient's (a number taken by hand meanwhile, another case chosen:
 * left to them), the case's check-in as the list will read it. */
static void
td_vneid_answer_done(TdStaffConsole *self, const TdVneidJob *asked, const GError *error)
{
	TdStaffVneidQuestion *question = asked->question;
	gboolean still_shown = asked->checkin_id == question->checkin_id;
	TdCheckinRecord *record;

	if (error != NULL) {
		g_autofree gchar *words = NULL;

		if (!still_shown) {
			td_staff_set_store_error(self, error);
			return;
		}
		words = td_ui_store_error_text("staff console: VNeID answer", error);
		/* the answer's buttons back, to be tried again */
		gtk_label_set_text(GTK_LABEL(question->title), words);
		gtk_widget_set_visible(question->answers, TRUE);
		return;
	}
	if (still_shown) {
		gtk_label_set_text(GTK_LABEL(question->title), td_vneid_answer_recorded_text(asked->answer));
		question->checkin_id = 0;
		question->answered_id = asked->checkin_id;
		question->answered = asked->answer;
	}
	record = g_hash_table_lookup(self->records, &asked->checkin_id);
	if (record != NULL) {
		record->vneid = asked->answer;
		td_staff_show_case(self);
	}
	td_staff_reload(self, TRUE);
}

static void
td_vneid_answer_cb(GtkButton *button, TdStaffConsole *self)
{
	TdStaffVneidQuestion *question = g_object_get_data(G_OBJECT(button), "td-question");
	TdVneidJob *job;

	if (td_staff_store(self) == NULL || question->checkin_id == 0)
		return;
	if (self->n_writes > 0) {
		/* the question stays, the buttons with it */
		g_autofree gchar *asked = td_vneid_question_text(question);
		g_autofree gchar *text = g_strdup_printf("%s %s", asked, _("Still saving: please try again in a moment."));
		gtk_label_set_text(GTK_LABEL(question->title), text);
		return;
	}
	job = g_new0(TdVneidJob, 1);
	job->checkin_id = question->checkin_id;
	job->patients_answer = TRUE;
	job->question = question;
	job->answer = (TdVneidAnswer)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "td-answer"));
	/* once: the buttons go while it is written */
	gtk_widget_set_visible(question->answers, FALSE);
	td_vneid_run(self, job);
}

void
td_staff_build_vneid_question(TdStaffConsole *self, TdStaffVneidQuestion *question, GtkWidget *box)
{
	question->box = td_ui_append(box, gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT));
	question->title = td_ui_append(question->box, td_ui_label_new("td-body"));
	gtk_label_set_xalign(GTK_LABEL(question->title), 0);
	gtk_label_set_justify(GTK_LABEL(question->title), GTK_JUSTIFY_LEFT);
	/* two a row, the same width (in the case list's column, one row of
	 * four was a word a line) */
	question->answers = td_ui_append(question->box, gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT));
	for (guint i = 0; i < TD_STAFF_N_MANUAL_ANSWERS; i++) {
		GtkWidget *button = td_ui_button_new("", "td-small");
		GtkWidget *row = gtk_widget_get_last_child(question->answers);

		if (i % 2 == 0) {
			row = td_ui_append(question->answers, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING_TIGHT));
			gtk_box_set_homogeneous(GTK_BOX(row), TRUE);
		}
		question->buttons[i] = td_ui_append(row, button);
		gtk_widget_set_hexpand(button, TRUE);
		td_ui_button_set_wrap(button, TD_STAFF_LIST_CHARS / 2);
		g_object_set_data(G_OBJECT(button), "td-answer", GINT_TO_POINTER(td_manual_answers[i]));
		g_object_set_data(G_OBJECT(button), "td-question", question);
		g_signal_connect(button, "clicked", G_CALLBACK(td_vneid_answer_cb), self);
	}
	gtk_widget_set_visible(question->box, FALSE);
}

static void
td_vneid_question_retranslate(TdStaffVneidQuestion *question)
{
	const gchar *words[TD_STAFF_N_MANUAL_ANSWERS] = {_("Already in VNeID"), _("Not yet"), _("No VNeID account"),
							 _("No smartphone")};
	for (guint i = 0; i < TD_STAFF_N_MANUAL_ANSWERS; i++)
		td_ui_button_set_text(question->buttons[i], words[i]);
	if (question->checkin_id != 0) {
		g_autofree gchar *text = td_vneid_question_text(question);
		gtk_label_set_text(GTK_LABEL(question->title), text);
	} else if (question->answered_id != 0) {
		/* what to do next, in the language now chosen */
		gtk_label_set_text(GTK_LABEL(question->title), td_vneid_answer_recorded_text(question->answered));
	}
}

void
td_staff_vneid_questions_retranslate(TdStaffConsole *self)
{
	td_vneid_question_retranslate(&self->manual_vneid);
	td_vneid_question_retranslate(&self->case_vneid);
}

static void
td_vneid_question_show(TdStaffVneidQuestion *question, gint64 checkin_id, const gchar *name)
{
	td_str_clear_free(question->name);
	question->name = g_strdup(name);
	question->checkin_id = checkin_id;
	question->answered_id = 0;
	gtk_widget_set_visible(question->box, checkin_id != 0);
	gtk_widget_set_visible(question->answers, checkin_id != 0);
	/* hidden, it names nobody (the console locked keeps no name) */
	if (checkin_id == 0)
		gtk_label_set_text(GTK_LABEL(question->title), "");
	td_vneid_question_retranslate(question);
}

void
td_staff_show_manual_vneid(TdStaffConsole *self, gint64 checkin_id)
{
	td_vneid_question_show(&self->manual_vneid, checkin_id, NULL);
}

void
td_staff_show_case_vneid(TdStaffConsole *self, const TdCheckinException *exc, const TdCheckinRecord *record)
{
	TdStaffVneidQuestion *question = &self->case_vneid;

	if (record != NULL && record->id == question->answered_id)
		return;
	if (exc != NULL && record != NULL && record->vneid == TD_VNEID_NOT_ASKED) {
		/* the same case again (a reload): a write under way keeps its
		 * buttons hidden */
		if (record->id != question->checkin_id)
			td_vneid_question_show(question, record->id, exc->full_name);
		return;
	}
	td_vneid_question_show(question, 0, NULL);
}
