/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-bar-layout.h"
#include "td-checkin-kiosk.h"
#include "td-checkin-policy.h"
#include "td-date.h"
#include "td-fit-scroller.h"
#include "td-i18n.h"
#include "td-number-pad.h"
#include "td-reflow-box.h"
#include "td-report.h"
#include "td-secret.h"
#include "td-staff-console-private.h"
#include "td-staff-health.h"
#include "td-voice-controls.h"
#include "td-staff-words.h"
#include "td-ticket.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"
#include "td-journaled-store.h"

#define TD_STAFF_LIST_PX   300
#define TD_STAFF_DETAIL_PX 560
/* The list of cases shows up to five before it scrolls, and never fewer
 * than one whole case (two lines), however short the screen: a shorter
 * screen scrolls the page instead (800 × 600). */
#define TD_STAFF_LIST_MAX_PX 320
#define TD_STAFF_LIST_MIN_PX 72

/* The case's actions, in the order of their buttons: the store's
 * resolution words in a grid of two rows, and "vneid-assisted" (which
 * closes nothing) in the note's row (td_staff_build_case). */
const gchar *const td_staff_action_words[TD_STAFF_N_ACTIONS] = {
    "accepted-paper-card", "self-pay", "referred", "eligibility-confirmed", "card-code-entered", "patient-left",
    "vneid-assisted",
};

G_DEFINE_FINAL_TYPE(TdStaffConsole, td_staff_console, GTK_TYPE_BOX)

enum { SIGNAL_CLOSE, SIGNAL_DASHBOARD, SIGNAL_QUIT, N_SIGNALS };
static guint signals[N_SIGNALS];

TdStore *
td_staff_store(TdStaffConsole *self)
{
	return self->context != NULL ? self->context->store : NULL;
}

gint64
td_staff_actor(TdStaffConsole *self)
{
	return self->context != NULL && self->context->staff_id > 0 ? self->context->staff_id : TD_STAFF_STATION_ID;
}

void
td_staff_set_status(TdStaffConsole *self, const gchar *text)
{
	gtk_label_set_text(GTK_LABEL(self->status), text != NULL ? text : "");
	gtk_widget_set_visible(self->status, text != NULL && text[0] != '\0');
	self->status_unsaved = FALSE;
}

/* A store error for staff: a sentence they can act on; the details go to
 * the log. */
void
td_staff_set_store_error(TdStaffConsole *self, const GError *error)
{
	g_autofree gchar *text = td_ui_store_error_text("staff console", error);
	td_staff_set_status(self, text);
	/* a press not recorded: a reload failing behind it keeps this */
	self->status_unsaved = g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE);
}

TdCheckinException *
td_staff_selected(TdStaffConsole *self)
{
	if (self->selected < 0 || (guint)self->selected >= self->exceptions->len)
		return NULL;
	return g_ptr_array_index(self->exceptions, self->selected);
}

/* While a store call runs the page says so, and a case being written
 * takes no second action. */
void
td_staff_update_busy(TdStaffConsole *self)
{
	TdCheckinException *exc = td_staff_selected(self);
	const TdCheckinRecord *record = exc != NULL ? td_staff_case_record(self, exc) : NULL;
	gboolean writing = self->writing_id != 0 || self->n_writes > 0;
	/* the VNeID help once: a card already in VNeID needs none */
	gboolean in_vneid = record != NULL && (record->vneid == TD_VNEID_ASSISTED || record->vneid == TD_VNEID_INTEGRATED ||
					       record->id == td_staff_vneid_pending_checkin(self));

	/* the first read, and writes; a reload after a change is quiet (the
	 * list on screen stays until the new one comes) */
	gtk_widget_set_visible(self->working, (self->n_loads > 0 && !self->loaded) || writing);
	gtk_widget_set_visible(self->queue_empty, self->loaded && self->exceptions->len == 0);
	for (guint i = 0; i < TD_STAFF_N_ACTIONS; i++)
		gtk_widget_set_sensitive(self->actions[i],
					 exc != NULL && !writing &&
					     !(in_vneid && g_str_equal(td_staff_action_words[i], "vneid-assisted")));
	gtk_widget_set_sensitive(self->confirm_yes, !writing);
	gtk_widget_set_sensitive(self->manual_button, !self->manual_running);
	td_staff_update_ask_all(self);
}

gboolean
td_staff_console_is_busy(TdStaffConsole *self)
{
	return self->n_loads > 0 || self->writing_id != 0 || self->n_writes > 0 || self->manual_running;
}

static void
td_row_activated_cb(GtkListBox *box, GtkListBoxRow *row, TdStaffConsole *self)
{
	td_staff_console_select(self, (guint)gtk_list_box_row_get_index(row));
}

gboolean
td_staff_console_select(TdStaffConsole *self, guint index)
{
	if (index >= self->exceptions->len)
		return FALSE;
	self->selected = (gint)index;
	gtk_list_box_select_row(GTK_LIST_BOX(self->queue_list),
				gtk_list_box_get_row_at_index(GTK_LIST_BOX(self->queue_list), (int)index));
	/* the question was about the case shown: the same one shown again
	 * (the list rebuilt under it) keeps it */
	if (((TdCheckinException *)g_ptr_array_index(self->exceptions, index))->id != self->shown_case_id)
		td_staff_confirm_hide(self);
	td_staff_show_case(self);
	return TRUE;
}

guint
td_staff_console_get_n_open(TdStaffConsole *self)
{
	return self->exceptions->len;
}

guint
td_staff_console_get_calls_waiting(TdStaffConsole *self)
{
	return self->call.waiting;
}

gchar *
td_staff_case_reason(TdStaffConsole *self, const TdCheckinException *exc)
{
	const TdRecheckAnswer *answer = self->answers != NULL ? g_hash_table_lookup(self->answers, &exc->id) : NULL;

	/* "the gateway does not answer: check again later" once it has
	 * answered sent staff to ask again, and again */
	if (answer != NULL && td_checkin_policy_reason_waits_for_gateway(exc->reason)) {
		TdEligibility eligibility = {.status = td_eligibility_status_from_code(answer->code)};
		g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(answer->time_unix);
		g_autofree gchar *clock = when != NULL ? g_date_time_format(when, "%H:%M") : g_strdup("?");
		g_autofree gchar *date = when != NULL ? g_date_time_format(when, "%d/%m") : NULL;

		/* an answer of an earlier day (the case still open) says which */
		if (when != NULL && answer->time_unix < td_staff_today_start_unix())
			/* TRANSLATORS: the time (HH:MM), then the day (dd/mm) */
			return g_strdup_printf(_("The gateway answered at %s on %s: %s"), clock, date,
					       td_staff_eligibility_text(&eligibility));
		return g_strdup_printf(_("The gateway answered at %s: %s"), clock,
				       td_staff_eligibility_text(&eligibility));
	}
	return g_strdup(td_staff_case_reason_text(exc->reason, td_staff_case_record(self, exc)));
}

gchar *
td_staff_case_numbered(TdStaffConsole *self, const TdCheckinException *exc)
{
	const TdCheckinRecord *record = td_staff_case_record(self, exc);
	g_autofree gchar *number = record != NULL ? td_queue_label(record->queue_series, record->queue_number)
						  : g_strdup("0");
	return g_strdup_printf(_("No. %s"), number);
}

/* "Số 17 · 08:42 · Nguyễn Văn An", then the reason in words: "Số" says
 * the number is the ticket's (not the list's order), as the VNeID list's
 * "Số 5" does. */
static GtkWidget *
td_case_row_new(TdStaffConsole *self, const TdCheckinException *exc)
{
	const TdCheckinRecord *record = td_staff_case_record(self, exc);
	g_autoptr(GDateTime) time = record != NULL ? g_date_time_new_from_unix_local(record->time_unix) : NULL;
	g_autofree gchar *today = td_report_today();
	/* a case still open from an earlier day says which */
	g_autofree gchar *clock =
	    time == NULL ? g_strdup("")
	    : g_strcmp0(record->day, today) != 0 ? g_date_time_format(time, "%d/%m/%Y %H:%M")
						    : g_date_time_format(time, "%H:%M");
	g_autofree gchar *numbered = td_staff_case_numbered(self, exc);
	g_autofree gchar *reason = td_staff_case_reason(self, exc);
	g_autofree gchar *text = g_strdup_printf("%s · %s · %s\n%s", numbered, clock,
						 exc->full_name != NULL ? exc->full_name : "—", reason);
	GtkWidget *label = td_ui_label_new("td-body");

	gtk_label_set_text(GTK_LABEL(label), text);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_LEFT);
	gtk_label_set_max_width_chars(GTK_LABEL(label), TD_STAFF_LIST_CHARS);
	td_memwipe(text, strlen(text));
	return label;
}

void
td_staff_rebuild_list(TdStaffConsole *self, gint64 select_id)
{
	GtkWidget *child;
	gint index = td_staff_case_index(self, select_id);

	while ((child = gtk_widget_get_first_child(self->queue_list)) != NULL)
		gtk_list_box_remove(GTK_LIST_BOX(self->queue_list), child);
	for (guint i = 0; i < self->exceptions->len; i++) {
		GtkWidget *row = gtk_list_box_row_new();
		gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row),
					   td_case_row_new(self, g_ptr_array_index(self->exceptions, i)));
		td_ui_set_a11y_label(row, g_dgettext(GETTEXT_PACKAGE, "Case"));
		gtk_list_box_append(GTK_LIST_BOX(self->queue_list), row);
	}
	gtk_widget_set_visible(self->queue_scroller, self->exceptions->len > 0);
	td_staff_note_drafts_prune(self);
	/* straight to the case to show: one shown in between would take the
	 * note typed for it */
	self->selected = -1;
	if (self->exceptions->len == 0)
		td_staff_show_case(self);
	else
		td_staff_console_select(self, (guint)MAX(index, 0));
}

/* What needs attention first, what is not set up here last (the
 * doctor's order within each): a page of fifteen lines must not hide the
 * one red line below the fold. */
static void
td_health_show(TdStaffConsole *self)
{
	GtkWidget *child;

	while ((child = gtk_widget_get_first_child(self->health_list)) != NULL)
		gtk_box_remove(GTK_BOX(self->health_list), child);
	if (self->health_lines == NULL)
		return;
	/* first what it means for today's patients, in a sentence or two:
	 * "Dịch vụ máy đọc thẻ" failing says nothing of what to do at the
	 * desk. A kiosk's: the reception PC's lines are about itself */
	if (!self->desktop) {
		g_autofree gchar *summary =
		    td_staff_health_summary_text(self->health_lines, self->context != NULL && self->context->demo != NULL);
		GtkWidget *label = td_ui_label_new("td-health-summary");

		gtk_label_set_text(GTK_LABEL(label), summary);
		gtk_label_set_xalign(GTK_LABEL(label), 0);
		gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_LEFT);
		gtk_widget_add_css_class(label, strchr(summary, '\n') != NULL ? "td-warn" : "td-good");
		gtk_box_append(GTK_BOX(self->health_list), label);
	}
	for (guint pass = 0; pass < 3; pass++) {
		for (guint i = 0; i < self->health_lines->len; i++) {
			TdCheckResult *line = g_ptr_array_index(self->health_lines, i);
			g_autofree gchar *text = NULL;
			GtkWidget *label;

			guint line_pass = !line->ok ? 0 : line->not_set_up ? 2 : 1;

			if (line_pass != pass)
				continue;
			text = td_staff_health_line_text(line);
			label = td_ui_label_new(line->ok ? "td-health-ok" : "td-health-bad");
			gtk_label_set_text(GTK_LABEL(label), text);
			gtk_label_set_xalign(GTK_LABEL(label), 0);
			gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_LEFT);
			gtk_box_append(GTK_BOX(self->health_list), label);
		}
	}
}

static void
td_health_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GPtrArray) lines = td_staff_health_run_finish(result, NULL);

	if (lines == NULL)
		return; /* cancelled */
	g_clear_pointer(&self->health_lines, g_ptr_array_unref);
	self->health_lines = g_steal_pointer(&lines);
	td_health_show(self);
}

static void
td_health_refresh(TdStaffConsole *self)
{
	td_staff_health_run_async(G_OBJECT(self), self->context,
				  self->desktop ? TD_DOCTOR_SCOPE_RECEPTION_PC : TD_DOCTOR_SCOPE_KIOSK, self->cancellable,
				  td_health_done_cb, NULL);
}

static void
td_health_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	td_health_refresh(self);
}

void
td_staff_console_refresh(TdStaffConsole *self)
{
	td_staff_set_status(self, NULL);
	td_staff_confirm_hide(self);
	gtk_label_set_text(GTK_LABEL(self->manual_result), "");
	td_staff_show_manual_vneid(self, 0);
	td_staff_reload(self, FALSE);
	td_staff_update_banner(self);
	td_health_refresh(self);
	/* the day's figures and the reports sent up are the manager's */
	gtk_widget_set_visible(self->nav[TD_NAV_DASHBOARD], self->context != NULL && self->context->staff_manager);
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "queue");
}

void
td_staff_console_clear(TdStaffConsole *self)
{
	GtkWidget *child;

	td_staff_console_commit_pending(self);
	td_staff_ask_all_detach(self);
	g_cancellable_cancel(self->cancellable);
	g_object_unref(self->cancellable);
	self->cancellable = g_cancellable_new();
	g_cancellable_cancel(self->load_cancellable);
	self->loaded = FALSE;
	g_hash_table_remove_all(self->records);
	g_clear_pointer(&self->answers, g_hash_table_unref);
	while ((child = gtk_widget_get_first_child(self->queue_list)) != NULL)
		gtk_list_box_remove(GTK_LIST_BOX(self->queue_list), child);
	g_ptr_array_set_size(self->exceptions, 0);
	self->selected = -1;
	td_staff_confirm_hide(self);
	td_staff_show_case(self);
	td_number_pad_clear(TD_NUMBER_PAD(self->code_pad));
	gtk_widget_set_visible(self->code_error, FALSE);
	gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	g_hash_table_remove_all(self->note_drafts);
	td_staff_set_status(self, NULL);
	gtk_label_set_text(GTK_LABEL(self->manual_result), "");
	td_staff_show_manual_vneid(self, 0);
	gtk_label_set_text(GTK_LABEL(self->history), "");
	gtk_widget_set_visible(self->history, FALSE);
	td_staff_show_vneid_waiting(self, NULL);
	/* shown again at the next login, to a manager */
	gtk_widget_set_visible(self->nav[TD_NAV_DASHBOARD], FALSE);
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "queue");
}

static void
td_staff_console_retranslate(TdStaffConsole *self)
{
	/* the reception PC checks what its console uses (td-doctor.h) */
	const gchar *health = self->desktop ? _("Records, disk and printer") : _("Reader, printer and gateway");
	const gchar *nav[TD_N_NAV] = {
	    [TD_NAV_QUEUE] = _("Cases to handle"),
	    [TD_NAV_MANUAL] = _("Check in without a card"),
	    [TD_NAV_HEALTH] = health,
	    [TD_NAV_DASHBOARD] = _("Manager dashboard"),
	    [TD_NAV_CLOSE] = self->desktop ? _("Lock the screen") : _("Back to patients"),
	    [TD_NAV_QUIT] = self->desktop ? _("Quit the staff console") : _("Quit the kiosk"),
	};

	for (guint i = 0; i < TD_N_NAV; i++)
		td_ui_button_set_text(self->nav[i], nav[i]);
	gtk_label_set_text(GTK_LABEL(self->queue_title), _("Today's cases for reception"));
	gtk_label_set_text(GTK_LABEL(self->queue_empty), _("No open cases today."));
	gtk_label_set_text(GTK_LABEL(self->working_text), _("Loading…"));
	td_staff_case_retranslate(self);
	td_staff_code_title_update(self);
	td_ui_button_set_text(self->confirm_yes, _("Yes"));
	td_ui_button_set_text(self->confirm_no, _("No"));
	td_ui_button_set_text(self->code_back, _("Back"));
	td_ui_set_a11y_label(self->code_pad, self->pad_for_number ? _("The number on the patient's ticket")
								  : _("Insurance card code (15 characters)"));
	gtk_label_set_text(GTK_LABEL(self->manual_title), _("Check in a patient without a card"));
	gtk_label_set_text(GTK_LABEL(self->manual_body),
			   _("After checking the patient's papers at the desk, take a queue number for them "
			     "here. This also gives a new number to someone who already has one today."));
	td_ui_button_set_text(self->manual_button, _("Take a queue number"));
	td_staff_vneid_questions_retranslate(self);
	gtk_label_set_text(GTK_LABEL(self->health_title), health);
	td_ui_button_set_text(self->health_refresh, _("Check again"));
	td_health_show(self);
	td_staff_console_update_pending(self);
}

static void
td_language_changed_cb(TdI18n *i18n, TdStaffConsole *self)
{
	td_staff_console_retranslate(self);
	/* the day's "not yet" numbers and their spoken names, in the new
	 * language (the list is rebuilt only when it changed: "Số 3" stayed
	 * on an English page) */
	td_staff_vneid_refresh_waiting(self);
	td_staff_show_case(self);
	td_staff_show_alert(self);
	td_staff_show_call(self);
	td_staff_update_banner(self);
}

/* The pages of the console's stack, by the nav button that shows them. */
static const gchar *const td_nav_views[] = {[TD_NAV_QUEUE] = "queue", [TD_NAV_MANUAL] = "manual",
					    [TD_NAV_HEALTH] = "health"};

/* The button of the page shown is filled, as a toggle that is on: staff
 * see where they are without reading the page. */
static void
td_nav_mark_current(TdStaffConsole *self)
{
	const gchar *shown = gtk_stack_get_visible_child_name(GTK_STACK(self->stack));

	for (guint i = 0; i < G_N_ELEMENTS(td_nav_views); i++) {
		if (td_nav_views[i] != NULL)
			td_ui_set_css_class(self->nav[i], "td-current", g_strcmp0(shown, td_nav_views[i]) == 0);
	}
}

/* The pad for a card code or a ticket's number has the nav's rows: on
 * 800 x 480, 1024 x 600 and a 768 x 1024 portrait screen its digits lay
 * under the fold, and its letters scrolled away while the digits were
 * typed. The pad has its own "back"; the lines for a patient's call and
 * for the database stay. */
static void
td_nav_show(TdStaffConsole *self)
{
	const gchar *shown = gtk_stack_get_visible_child_name(GTK_STACK(self->stack));

	gtk_widget_set_visible(self->nav_row, g_strcmp0(shown, "code") != 0);
}

static void
td_nav_clicked_cb(GtkButton *button, TdStaffConsole *self)
{
	TdNav i = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "td-nav"));

	switch (i) {
	case TD_NAV_QUEUE:
	case TD_NAV_MANUAL:
	case TD_NAV_HEALTH:
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), td_nav_views[i]);
		break;
	case TD_NAV_DASHBOARD:
		g_signal_emit(self, signals[SIGNAL_DASHBOARD], 0);
		break;
	case TD_NAV_CLOSE:
		g_signal_emit(self, signals[SIGNAL_CLOSE], 0);
		break;
	case TD_NAV_QUIT:
	default:
		g_signal_emit(self, signals[SIGNAL_QUIT], 0);
		break;
	}
}

static void
td_staff_console_dispose(GObject *object)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(object);

	/* a task may keep the console alive a while after this: the store
	 * and its watch no longer reach it */
	g_signal_handlers_disconnect_by_data(td_i18n_get_default(), self);
	if (self->context != NULL && self->context->watch != NULL)
		g_signal_handlers_disconnect_by_data(self->context->watch, self);
	if (self->context != NULL && self->context->store != NULL)
		g_signal_handlers_disconnect_by_data(self->context->store, self);
	if (self->pending != NULL)
		td_staff_console_commit_pending(self);
	if (self->cancellable != NULL)
		g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	if (self->load_cancellable != NULL)
		g_cancellable_cancel(self->load_cancellable);
	g_clear_object(&self->load_cancellable);
	g_clear_pointer(&self->records, g_hash_table_unref);
	g_clear_pointer(&self->answers, g_hash_table_unref);
	g_clear_pointer(&self->note_drafts, g_hash_table_unref);
	g_clear_pointer(&self->alert_note, g_free);
	g_clear_pointer(&self->vneid_shown, g_free);
	g_clear_pointer(&self->vneid_narrowed, g_free);
	g_clear_pointer(&self->vneid_waiting, g_ptr_array_unref);
	td_str_clear_free(g_steal_pointer(&self->case_vneid.name));
	td_str_clear_free(g_steal_pointer(&self->manual_vneid.name));
	td_staff_call_clear(&self->call);
	if (self->face_cancellable != NULL)
		g_cancellable_cancel(self->face_cancellable);
	g_clear_object(&self->face_cancellable);
	self->face_picture = NULL; /* a late photo finds nowhere to go */
	g_clear_pointer(&self->exceptions, g_ptr_array_unref);
	g_clear_pointer(&self->confirming, g_free);
	g_clear_pointer(&self->health_lines, g_ptr_array_unref);
	G_OBJECT_CLASS(td_staff_console_parent_class)->dispose(object);
}

static void
td_staff_console_class_init(TdStaffConsoleClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = td_staff_console_dispose;
	signals[SIGNAL_CLOSE] = g_signal_new("close", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					     NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_DASHBOARD] = g_signal_new("dashboard", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						 NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_QUIT] = g_signal_new("quit", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
					    G_TYPE_NONE, 0);
}

static GtkWidget *
td_view_new(TdStaffConsole *self, const gchar *name)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT);
	gtk_stack_add_named(GTK_STACK(self->stack), box, name);
	return box;
}

GtkWidget *
td_staff_bar_button(GtkWidget *box, const gchar *css_class, GCallback callback, TdStaffConsole *self)
{
	GtkWidget *button = td_ui_append(box, td_ui_button_new("", css_class));
	g_signal_connect(button, "clicked", callback, self);
	return button;
}

/* The ways out and across, in one row over the views, as wide as it;
 * on a screen too narrow for that (a portrait 600 px panel), in two
 * rows of three. */
static void
td_staff_console_build_nav(TdStaffConsole *self)
{
	GtkWidget *row = td_ui_append(GTK_WIDGET(self), td_bar_new(TD_N_NAV / 2, TD_UI_SPACING_TIGHT));

	self->nav_row = row;

	for (guint i = 0; i < TD_N_NAV; i++) {
		self->nav[i] = td_ui_add_child(row, td_ui_button_new("", i == TD_NAV_QUIT ? "td-small" : NULL));
		gtk_widget_set_hexpand(self->nav[i], TRUE);
		/* the row's width goes to each button towards its words on
		 * one line, so only the longest wrap where the row is short
		 * of room (it was 11 characters a line on every screen:
		 * "Trường hợp cần xử / lý" even at 1920 px); two rows of
		 * three would cost the staff pages their fit at 1366 × 768 */
		td_ui_button_set_wrap_when_narrow(self->nav[i]);
		g_object_set_data(G_OBJECT(self->nav[i]), "td-nav", GUINT_TO_POINTER(i));
		g_signal_connect(self->nav[i], "clicked", G_CALLBACK(td_nav_clicked_cb), self);
	}
	self->alert = td_ui_append(GTK_WIDGET(self), gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	gtk_widget_add_css_class(self->alert, "td-alert");
	self->alert_text = td_ui_append(self->alert, td_ui_label_new("td-body"));
	gtk_widget_set_hexpand(self->alert_text, TRUE);
	gtk_label_set_xalign(GTK_LABEL(self->alert_text), 0);
	self->alert_reprint = td_staff_bar_button(self->alert, "td-primary", G_CALLBACK(td_alert_reprint_cb), self);
	gtk_widget_set_visible(self->alert, FALSE);
	/* a patient at the kiosk pressed "Gọi nhân viên": the line is its
	 * own "on my way" button, one target as tall as its words (it takes
	 * the list title's place, and the case's note must stay on a 1024x768
	 * screen) */
	self->call_bar = td_staff_bar_button(GTK_WIDGET(self), "td-alert", G_CALLBACK(td_call_answer_cb), self);
	td_ui_button_set_wrap(self->call_bar, TD_STAFF_CALL_CHARS);
	gtk_widget_set_visible(self->call_bar, FALSE);
	/* the database out of reach: on every page of the console */
	self->offline_bar = td_ui_append(GTK_WIDGET(self), gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	gtk_widget_add_css_class(self->offline_bar, "td-alert");
	self->offline_text = td_ui_append(self->offline_bar, td_ui_label_new("td-body"));
	gtk_widget_set_hexpand(self->offline_text, TRUE);
	gtk_label_set_xalign(GTK_LABEL(self->offline_text), 0);
	gtk_widget_set_visible(self->offline_bar, FALSE);
}

/* What an action asks, and what undoes it, each a line with its buttons. */
static GtkWidget *
td_line_new(GtkWidget *box, GtkWidget **text)
{
	GtkWidget *line = td_ui_append(box, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	gtk_widget_add_css_class(line, "td-alert");
	*text = td_ui_append(line, td_ui_label_new("td-body"));
	gtk_widget_set_hexpand(*text, TRUE);
	gtk_label_set_xalign(GTK_LABEL(*text), 0);
	gtk_widget_set_visible(line, FALSE);
	return line;
}

static void
td_staff_console_build_queue(TdStaffConsole *self)
{
	GtkWidget *box = td_view_new(self, "queue");
	GtkWidget *columns = td_reflow_box_new(TD_UI_SPACING_WIDE);
	GtkWidget *left = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT);
	GtkWidget *case_column = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT);
	GtkWidget *right = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT);
	GtkWidget *scroller = gtk_scrolled_window_new();

	self->queue_title = td_ui_append(box, td_ui_label_new("td-title"));
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(scroller), TRUE);
	gtk_scrolled_window_set_propagate_natural_width(GTK_SCROLLED_WINDOW(scroller), TRUE);
	gtk_scrolled_window_set_max_content_height(GTK_SCROLLED_WINDOW(scroller), TD_STAFF_LIST_MAX_PX);
	gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(scroller), TD_STAFF_LIST_MIN_PX);
	/* a scrolled page gives the list its least height, and scrolls
	 * itself instead: that is the rows' height at the list's width, up
	 * to the cap (at a fixed least, the portrait panel cut the only
	 * case's last line off; measured at the narrow column's width
	 * before the first allocation, a case of two lines left the height
	 * of a third empty under it on a 1024 x 768 kiosk) */
	self->queue_scroller = td_ui_append(left, td_fit_scroller_new(GTK_SCROLLED_WINDOW(scroller)));
	td_fit_scroller_set_least_fits(TD_FIT_SCROLLER(self->queue_scroller), TRUE);
	self->queue_list = gtk_list_box_new();
	td_ui_set_a11y_label(self->queue_list, "cases");
	g_signal_connect(self->queue_list, "row-activated", G_CALLBACK(td_row_activated_cb), self);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), self->queue_list);
	self->ask_all = td_ui_append(left, td_ui_button_new("", NULL));
	td_ui_button_set_wrap(self->ask_all, TD_STAFF_LIST_CHARS);
	g_signal_connect(self->ask_all, "clicked", G_CALLBACK(td_staff_ask_all_cb), self);
	gtk_widget_set_visible(self->ask_all, FALSE);
	self->queue_empty = td_ui_append(left, td_ui_label_new("td-body"));
	gtk_widget_set_visible(self->queue_empty, FALSE);
	self->working = td_ui_append(left, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING_TIGHT));
	gtk_box_append(GTK_BOX(self->working), gtk_spinner_new());
	gtk_spinner_start(GTK_SPINNER(gtk_widget_get_first_child(self->working)));
	self->working_text = td_ui_append(self->working, td_ui_label_new("td-hint"));
	gtk_label_set_wrap(GTK_LABEL(self->working_text), FALSE); /* two words, whole */
	gtk_widget_set_visible(self->working, FALSE);
	/* the chosen case's VNeID question, with the day's VNeID list under
	 * it: the case's column has no room to spare on 1024 x 768 */
	td_staff_build_vneid_question(self, &self->case_vneid, left);
	self->vneid_title = td_ui_append(left, td_ui_label_new("td-hint"));
	gtk_label_set_xalign(GTK_LABEL(self->vneid_title), 0);
	gtk_label_set_justify(GTK_LABEL(self->vneid_title), GTK_JUSTIFY_LEFT);
	gtk_widget_set_visible(self->vneid_title, FALSE);
	self->vneid_list = td_ui_append(left, gtk_flow_box_new());
	gtk_widget_add_css_class(self->vneid_list, "td-number-grid");
	gtk_flow_box_set_selection_mode(GTK_FLOW_BOX(self->vneid_list), GTK_SELECTION_NONE);
	gtk_flow_box_set_homogeneous(GTK_FLOW_BOX(self->vneid_list), FALSE);
	gtk_flow_box_set_min_children_per_line(GTK_FLOW_BOX(self->vneid_list), TD_STAFF_NUMBER_BUTTONS_PER_ROW);
	gtk_flow_box_set_max_children_per_line(GTK_FLOW_BOX(self->vneid_list), TD_STAFF_NUMBER_BUTTONS_PER_ROW);
	gtk_flow_box_set_column_spacing(GTK_FLOW_BOX(self->vneid_list), TD_UI_SPACING_TIGHT);
	gtk_flow_box_set_row_spacing(GTK_FLOW_BOX(self->vneid_list), TD_UI_SPACING_TIGHT);
	gtk_widget_set_size_request(left, TD_STAFF_LIST_PX, -1);
	td_reflow_box_append(TD_REFLOW_BOX(columns), left);
	gtk_widget_set_hexpand(case_column, TRUE);
	gtk_widget_set_size_request(case_column, TD_STAFF_DETAIL_PX, -1);
	td_staff_build_case(self, td_ui_append(case_column, right));
	td_reflow_box_append(TD_REFLOW_BOX(columns), case_column);
	gtk_box_append(GTK_BOX(box), columns);

	/* what answers a press, under the case's actions where it was
	 * pressed (under both columns, on 1024 x 768 it was below the
	 * screen's edge, past the VNeID list); in the case's column but not
	 * its panel, which goes with the last case while the minute to undo
	 * it runs */
	self->confirm_bar = td_line_new(case_column, &self->confirm_text);
	self->confirm_yes = td_staff_bar_button(self->confirm_bar, "td-primary", G_CALLBACK(td_confirm_yes_cb), self);
	self->confirm_no = td_staff_bar_button(self->confirm_bar, NULL, G_CALLBACK(td_confirm_no_cb), self);
	self->pending_bar = td_line_new(case_column, &self->pending_text);
	self->pending_undo = td_staff_bar_button(self->pending_bar, NULL, G_CALLBACK(td_undo_clicked_cb), self);
	self->status = td_ui_append(case_column, td_ui_label_new("td-warn"));
	gtk_widget_add_css_class(self->status, "td-body");
	self->history = td_ui_append(box, td_ui_label_new("td-body"));
	gtk_label_set_xalign(GTK_LABEL(self->history), 0);
	gtk_label_set_justify(GTK_LABEL(self->history), GTK_JUSTIFY_LEFT);
	gtk_widget_set_visible(self->history, FALSE);
}

static void
td_staff_console_build_views(TdStaffConsole *self)
{
	GtkWidget *box;
	GtkWidget *row;

	box = td_view_new(self, "code");
	row = td_ui_append(box, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	self->code_title = td_ui_append(row, td_ui_label_new("td-title"));
	gtk_widget_add_css_class(self->code_title, "td-code-title");
	gtk_widget_set_hexpand(self->code_title, TRUE);
	self->code_back = td_staff_bar_button(row, "td-small", G_CALLBACK(td_code_back_cb), self);
	gtk_widget_add_css_class(self->code_back, "td-code-back");
	gtk_widget_set_valign(self->code_back, GTK_ALIGN_CENTER);
	self->code_error = td_ui_append(box, td_ui_label_new("td-warn"));
	gtk_widget_add_css_class(self->code_error, "td-body");
	gtk_widget_set_visible(self->code_error, FALSE);
	self->code_pad = td_ui_append(box, td_number_pad_new(TD_CARD_CODE_CHARS, TD_CARD_CODE_CHARS,
							     TD_NUMBER_PAD_LETTERS));
	g_signal_connect(self->code_pad, "submitted", G_CALLBACK(td_code_submitted_cb), self);

	box = td_view_new(self, "manual");
	self->manual_title = td_ui_append(box, td_ui_label_new("td-title"));
	self->manual_body = td_ui_append(box, td_ui_label_new("td-body"));
	self->manual_button = td_staff_bar_button(box, "td-primary", G_CALLBACK(td_manual_clicked_cb), self);
	gtk_widget_set_halign(self->manual_button, GTK_ALIGN_CENTER);
	self->manual_result = td_ui_append(box, td_ui_label_new("td-figure"));
	td_staff_build_vneid_question(self, &self->manual_vneid, box);

	box = td_view_new(self, "health");
	self->health_title = td_ui_append(box, td_ui_label_new("td-title"));
	/* above the list, which may run past the screen's foot */
	self->health_refresh = td_staff_bar_button(box, NULL, G_CALLBACK(td_health_clicked_cb), self);
	gtk_widget_set_halign(self->health_refresh, GTK_ALIGN_START);
	self->health_list = td_ui_append(box, gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_TIGHT));
	self->voice_controls = td_ui_append(box, td_voice_controls_new());
}

static void
td_staff_console_init(TdStaffConsole *self)
{
	self->exceptions = g_ptr_array_new_with_free_func((GDestroyNotify)td_checkin_exception_free);
	self->records = td_staff_records_new();
	self->note_drafts = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)td_str_clear_free);
	self->selected = -1;
	self->cancellable = g_cancellable_new();
	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_box_set_spacing(GTK_BOX(self), TD_UI_SPACING_TIGHT);
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-staff");
	td_staff_console_build_nav(self);
	self->stack = td_ui_append(GTK_WIDGET(self), gtk_stack_new());
	gtk_stack_set_vhomogeneous(GTK_STACK(self->stack), FALSE);
	gtk_stack_set_hhomogeneous(GTK_STACK(self->stack), FALSE);
	gtk_widget_set_vexpand(self->stack, TRUE);
	td_staff_console_build_queue(self);
	td_staff_console_build_views(self);
	g_signal_connect_swapped(self->stack, "notify::visible-child-name", G_CALLBACK(td_staff_show_lines), self);
	g_signal_connect_swapped(self->stack, "notify::visible-child-name", G_CALLBACK(td_nav_mark_current), self);
	g_signal_connect_swapped(self->stack, "notify::visible-child-name", G_CALLBACK(td_nav_show), self);
	td_staff_console_retranslate(self);
	td_staff_show_case(self);
	td_nav_mark_current(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
}

void
td_staff_console_set_desktop(TdStaffConsole *self, gboolean desktop)
{
	self->desktop = desktop;
	td_staff_console_retranslate(self);
}

/* Someone wrote the store: a kiosk stored a case, a colleague closed one.
 * The queue on screen follows within a watch interval, the case being
 * read stays selected; not while an action waits for its confirmation
 * (the case asked about must not move), nor while nobody looks. */
static void
td_store_changed_cb(TdStoreWatch *watch, TdStaffConsole *self)
{
	/* while offline a kiosk's journal is what changed: how many wait */
	td_staff_update_banner(self);
	if (!gtk_widget_get_mapped(GTK_WIDGET(self)) || self->confirming != NULL ||
	    g_strcmp0(gtk_stack_get_visible_child_name(GTK_STACK(self->stack)), "queue") != 0)
		return;
	td_staff_reload(self, TRUE);
}

/* The database went out of reach, or came back: the line says so; back,
 * the list is read again (what failed while it was away). */
static void
td_reachable_changed_cb(GObject *object, GParamSpec *pspec, TdStaffConsole *self)
{
	td_staff_update_banner(self);
	if (td_store_watch_get_reachable(TD_STORE_WATCH(object)) && gtk_widget_get_mapped(GTK_WIDGET(self)))
		td_staff_reload(self, TRUE);
}

static void
td_offline_changed_cb(TdJournaledStore *store, TdStaffConsole *self)
{
	td_staff_update_banner(self);
}

GtkWidget *
td_staff_console_new(TdKioskContext *context)
{
	TdStaffConsole *self = g_object_new(TD_TYPE_STAFF_CONSOLE, NULL);
	self->context = context;
	if (context != NULL && context->watch != NULL) {
		g_signal_connect_object(context->watch, "changed", G_CALLBACK(td_store_changed_cb), self, 0);
		g_signal_connect_object(context->watch, "notify::reachable", G_CALLBACK(td_reachable_changed_cb), self,
					0);
	}
	if (context != NULL && TD_IS_JOURNALED_STORE(context->store))
		g_signal_connect_object(context->store, "offline-changed", G_CALLBACK(td_offline_changed_cb), self, 0);
	td_voice_controls_set_voice(TD_VOICE_CONTROLS(self->voice_controls), context != NULL ? context->voice : NULL);
	return GTK_WIDGET(self);
}
