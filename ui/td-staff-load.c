/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the staff console reads, off the main thread: today's cases with
 * their check-ins and the ticket that could not be printed (one worker
 * call), and the line that says the database cannot be reached. */
#include "config.h"

#include <string.h>

#include "td-checkin-kiosk.h"
#include "td-checkin-policy.h"
#include "td-i18n.h"
#include "td-journaled-store.h"
#include "td-report.h"
#include "td-staff-console-private.h"
#include "td-staff-words.h"
#include "td-ui-worker.h"

/* ---- the queue and the alert ---- */

typedef struct {
	TdStore *store;
	gchar *today;
	gint64 since_unix;   /* midnight: the day's staff actions */
	GPtrArray *list;     /* today's cases, open and closed */
	GPtrArray *closed_earlier; /* earlier days' cases closed today */
	GHashTable *records; /* the open cases' check-ins */
	GHashTable *answers; /* the gateway's answers to the open cases' re-checks */
	gchar *alert_note;   /* the newest ticket not printed and not printed again since; NULL: none */
	gint64 alert_checkin;
	guint alert_others;  /* the earlier ones, also not printed again */
	TdStaffCall call;    /* the patients' calls nobody answered yet */
	GPtrArray *vneid_waiting; /* today's "not yet in VNeID" check-ins */
	gboolean keep_selection;
} TdQueueLoad;

static void
td_queue_load_free(TdQueueLoad *load)
{
	g_object_unref(load->store);
	g_free(load->today);
	g_clear_pointer(&load->list, g_ptr_array_unref);
	g_clear_pointer(&load->closed_earlier, g_ptr_array_unref);
	g_clear_pointer(&load->records, g_hash_table_unref);
	g_clear_pointer(&load->answers, g_hash_table_unref);
	g_free(load->alert_note);
	td_staff_call_clear(&load->call);
	g_clear_pointer(&load->vneid_waiting, g_ptr_array_unref);
	g_free(load);
}

GHashTable *
td_staff_records_new(void)
{
	return g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, (GDestroyNotify)td_checkin_record_free);
}

/* The cases of earlier days that the day's staff actions closed: the
 * list is of today's check-ins, and "Đã xử lý hôm nay" left out the
 * case of yesterday's outage closed this morning. Each is told from its
 * closing's audit row (how, when, by whom) and its check-in's ticket
 * number, one read a case; a check-in a kiosk's role may not read is
 * told without its number. The server out of reach fails the load, as
 * the records' reads do. */
static gboolean
td_queue_load_closed_earlier(TdQueueLoad *load, GPtrArray *actions, GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_int64_hash, g_int64_equal);

	load->closed_earlier = g_ptr_array_new_with_free_func((GDestroyNotify)td_checkin_exception_free);
	for (guint i = 0; i < load->list->len; i++)
		g_hash_table_add(seen, &((TdCheckinException *)g_ptr_array_index(load->list, i))->id);
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		g_autoptr(GError) error_local = NULL;
		g_autoptr(TdCheckinRecord) record = NULL;
		TdCheckinException *closed;

		if (a->exception_id == 0 || !td_store_is_resolve_action(a->action) ||
		    g_hash_table_contains(seen, &a->exception_id))
			continue;
		g_hash_table_add(seen, (gpointer)&a->exception_id);
		record = a->checkin_id != 0 ? td_store_get_checkin(load->store, a->checkin_id, &error_local) : NULL;
		if (g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
		closed = td_checkin_exception_new();
		closed->id = a->exception_id;
		closed->resolved = TRUE;
		closed->resolution = g_strdup(a->action);
		closed->resolved_unix = a->time_unix;
		closed->resolved_by = g_strdup(a->staff_name);
		if (record != NULL) {
			/* when its patient checked in: the history says the day */
			closed->created_unix = record->time_unix;
			closed->queue_number = record->queue_number;
			g_strlcpy(closed->queue_series, record->queue_series, sizeof(closed->queue_series));
		}
		g_ptr_array_add(load->closed_earlier, closed);
	}
	return TRUE;
}

/* The gateway's answers to the open cases' re-checks, since the oldest
 * open case that waits for the gateway was made (rare: an outage into
 * the evening; else today's rows serve): a case still open from yesterday afternoon's
 * outage, which the gateway answered then ("Thẻ BHYT hết hạn"), says so
 * this morning, and the batch passes it over, where with today's answers
 * only it waited for the gateway again. todays_actions: the audit rows
 * since midnight, read already. */
static gboolean
td_queue_load_answers(TdQueueLoad *load, GPtrArray *todays_actions, GError **error)
{
	g_autoptr(GPtrArray) actions = NULL;
	gint64 oldest_unix = load->since_unix;

	for (guint i = 0; i < load->list->len; i++) {
		const TdCheckinException *exc = g_ptr_array_index(load->list, i);
		if (!exc->resolved && exc->created_unix > 0 && exc->created_unix < oldest_unix &&
		    td_checkin_policy_reason_waits_for_gateway(exc->reason))
			oldest_unix = exc->created_unix;
	}
	if (oldest_unix == load->since_unix) {
		load->answers = td_recheck_answers_new(todays_actions);
		return TRUE;
	}
	actions = td_store_list_staff_actions(load->store, oldest_unix, error);
	if (actions == NULL)
		return FALSE;
	load->answers = td_recheck_answers_new(actions);
	return TRUE;
}

static gboolean
td_queue_load_work(gpointer data, GError **error)
{
	TdQueueLoad *load = data;
	g_autoptr(GPtrArray) actions = NULL;
	/* of const TdStaffAction *: each ticket not printed, not yet again */
	g_autoptr(GPtrArray) failed = g_ptr_array_new();
	const TdStaffAction *newest;

	g_autoptr(GPtrArray) open = NULL;
	g_autoptr(GHashTable) todays = g_hash_table_new(g_int64_hash, g_int64_equal);

	load->list = td_store_list_exceptions(load->store, load->today, FALSE, error);
	if (load->list == NULL)
		return FALSE;
	/* the cases still open from earlier days first (an afternoon's outage
	 * is re-checked the next morning, before the day's report): before,
	 * the console showed today's only, and yesterday's open cases could
	 * be closed only from the terminal. A kiosk's role on PostgreSQL sees
	 * today's only, and so lists those. */
	open = td_store_list_exceptions(load->store, NULL, TRUE, error);
	if (open == NULL)
		return FALSE;
	for (guint i = 0; i < load->list->len; i++)
		g_hash_table_add(todays, &((TdCheckinException *)g_ptr_array_index(load->list, i))->id);
	for (guint i = open->len; i-- > 0;) {
		TdCheckinException *exc = g_ptr_array_index(open, i);
		if (!g_hash_table_contains(todays, &exc->id))
			g_ptr_array_insert(load->list, 0, g_steal_pointer(&open->pdata[i]));
	}
	load->records = td_staff_records_new();
	for (guint i = 0; i < load->list->len; i++) {
		const TdCheckinException *exc = g_ptr_array_index(load->list, i);
		g_autoptr(GError) error_local = NULL;
		TdCheckinRecord *record;

		if (exc->resolved || g_hash_table_contains(load->records, &exc->checkin_id))
			continue;
		record = td_store_get_checkin(load->store, exc->checkin_id, &error_local);
		if (record == NULL) {
			/* the server went away meanwhile: the whole list waits */
			if (g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
				g_propagate_error(error, g_steal_pointer(&error_local));
				return FALSE;
			}
			g_info("no check-in for case %" G_GINT64_FORMAT ": %s", exc->id, error_local->message);
			continue;
		}
		g_hash_table_insert(load->records, g_memdup2(&exc->checkin_id, sizeof(gint64)), record);
	}
	load->vneid_waiting = td_store_list_checkins_with_vneid(load->store, load->today, TD_VNEID_NOT_YET, error);
	if (load->vneid_waiting == NULL)
		return FALSE;
	actions = td_store_list_staff_actions(load->store, load->since_unix, error);
	if (actions == NULL)
		return FALSE;
	td_staff_call_read(&load->call, actions);
	if (!td_queue_load_answers(load, actions, error))
		return FALSE;
	if (!td_queue_load_closed_earlier(load, actions, error))
		return FALSE;
	/* every ticket the printer lost while it was out of paper, not only
	 * the last: once that one is printed again, the one before it shows
	 * (before, the earlier ones were forgotten, with no way to print
	 * them) */
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		gboolean lost = g_strcmp0(a->action, TD_CHECKIN_KIOSK_ACTION_TICKET_NOT_PRINTED) == 0;
		if (!lost && g_strcmp0(a->action, TD_CHECKIN_KIOSK_ACTION_TICKET_REPRINTED) != 0)
			continue;
		for (guint j = failed->len; j-- > 0;) {
			if (((const TdStaffAction *)g_ptr_array_index(failed, j))->checkin_id == a->checkin_id)
				g_ptr_array_remove_index(failed, j);
		}
		if (lost)
			g_ptr_array_add(failed, (gpointer)a);
	}
	if (failed->len > 0) {
		newest = g_ptr_array_index(failed, failed->len - 1);
		load->alert_note = g_strdup(newest->note != NULL ? newest->note : "");
		load->alert_checkin = newest->checkin_id;
		load->alert_others = failed->len - 1;
	}
	return TRUE;
}

/* "Số 12 · 08:42 · Khám dịch vụ (tự trả) · Lan": a case closed today,
 * whose ticket, when, how and by whom. The ticket number, as the open
 * cases above give it, answers the patient back at the desk asking
 * whether theirs was dealt with; no patient data (the history stays on
 * screen). */
static void
td_history_append(GString *text, const TdCheckinException *exc, const gchar *today)
{
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(exc->resolved_unix);
	g_autoptr(GDateTime) created = exc->created_unix > 0 ? g_date_time_new_from_unix_local(exc->created_unix) : NULL;
	g_autofree gchar *created_day = created != NULL ? g_date_time_format(created, "%Y-%m-%d") : NULL;
	g_autofree gchar *clock = when != NULL ? g_date_time_format(when, "%H:%M") : g_strdup("");
	g_autofree gchar *number = td_queue_label(exc->queue_series, exc->queue_number);
	g_autofree gchar *numbered = NULL;

	if (exc->queue_number == 0) {
		numbered = g_strdup("—");
	} else if (created_day != NULL && g_strcmp0(created_day, today) != 0) {
		/* an earlier day's "Số 3" is not today's */
		g_autofree gchar *day = g_date_time_format(created, "%d/%m");
		numbered = g_strdup_printf(_("No. %s (%s)"), number, day);
	} else {
		numbered = g_strdup_printf(_("No. %s"), number);
	}
	g_string_append_printf(text, "\n%s · %s · %s · %s", numbered, clock, td_staff_resolution_text(exc->resolution),
			       exc->resolved_by != NULL ? exc->resolved_by : "—");
}

/* A case on its way to the store (pending, or being written) stays out of
 * the list until it is written. */
static gboolean
td_staff_held_back(TdStaffConsole *self, const TdCheckinException *exc)
{
	return (self->pending != NULL && self->pending->exception != NULL && self->pending->exception->id == exc->id) ||
	       self->writing_id == exc->id;
}

/* The gateway's answers the list shows are these. */
static gboolean
td_staff_same_answers(TdStaffConsole *self, GHashTable *answers)
{
	GHashTableIter iter;
	gpointer key, value;

	guint shown_n = self->answers != NULL ? g_hash_table_size(self->answers) : 0;

	if (shown_n != (answers != NULL ? g_hash_table_size(answers) : 0))
		return FALSE;
	if (shown_n == 0)
		return TRUE;
	g_hash_table_iter_init(&iter, answers);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		const TdRecheckAnswer *shown = g_hash_table_lookup(self->answers, key);
		const TdRecheckAnswer *read = value;
		if (shown == NULL || shown->time_unix != read->time_unix || g_strcmp0(shown->code, read->code) != 0)
			return FALSE;
	}
	return TRUE;
}

/* The open cases in open (a fresh list) are those on screen, in order:
 * the writes were of something else (a PIN tried, a ticket printed). */
static gboolean
td_staff_same_cases(TdStaffConsole *self, GPtrArray *list)
{
	guint shown = 0;

	for (guint i = 0; i < list->len; i++) {
		const TdCheckinException *exc = g_ptr_array_index(list, i);
		if (exc->resolved || td_staff_held_back(self, exc))
			continue;
		if (shown >= self->exceptions->len ||
		    ((TdCheckinException *)g_ptr_array_index(self->exceptions, shown))->id != exc->id)
			return FALSE;
		shown++;
	}
	return shown == self->exceptions->len;
}

/* "Đã xử lý hôm nay": the day's cases someone closed (not retention), on
 * every load, the list of open ones rebuilt or not (a case closed here
 * had left that list at its press, and went unlisted here until
 * something else changed) */
static void
td_staff_show_history(TdStaffConsole *self, TdQueueLoad *load)
{
	g_autoptr(GString) history = g_string_new(_("Handled today"));
	GPtrArray *lists[] = {load->closed_earlier, load->list};
	g_autofree gchar *today = td_report_today();
	guint handled = 0;

	/* earlier days' first, as in the open list */
	for (guint l = 0; l < G_N_ELEMENTS(lists); l++) {
		for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++) {
			const TdCheckinException *exc = g_ptr_array_index(lists[l], i);
			if (exc->resolved && g_strcmp0(exc->resolution, TD_STORE_RESOLUTION_EXPIRED) != 0) {
				td_history_append(history, exc, today);
				handled++;
			}
		}
	}
	gtk_label_set_text(GTK_LABEL(self->history), handled > 0 ? history->str : "");
	gtk_widget_set_visible(self->history, handled > 0);
}

static void
td_staff_apply_queue(TdStaffConsole *self, TdQueueLoad *load)
{
	TdCheckinException *shown = td_staff_selected(self);
	gint64 shown_id = load->keep_selection && shown != NULL ? shown->id : 0;

	g_ptr_array_set_size(self->exceptions, 0);
	g_hash_table_unref(self->records);
	self->records = g_steal_pointer(&load->records);
	g_clear_pointer(&self->answers, g_hash_table_unref);
	self->answers = g_steal_pointer(&load->answers);
	/* past midnight, yesterday's answers say their day */
	self->list_since_unix = load->since_unix;
	for (guint i = 0; i < load->list->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(load->list, i);
		if (exc->resolved || td_staff_held_back(self, exc))
			continue;
		g_ptr_array_add(self->exceptions, g_steal_pointer(&load->list->pdata[i]));
	}
	td_staff_rebuild_list(self, shown_id);
}

static void
td_queue_loaded_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GError) error = NULL;
	TdQueueLoad *load = td_ui_worker_finish(result, &error);

	self->n_loads--;
	if (td_ui_worker_cancelled(error))
		return; /* a newer load, or the console is gone */
	td_staff_update_busy(self);
	if (load == NULL) {
		g_autofree gchar *text = td_ui_store_read_error_text("staff console: the cases", error);
		/* out of reach right after a press that was not recorded, the
		 * line keeps saying so ("việc vừa bấm chưa được ghi"); the
		 * banner says the list is not up to date */
		if (!self->status_unsaved || !g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE))
			td_staff_set_status(self, text);
		return;
	}
	self->loaded = TRUE;
	g_free(self->alert_note);
	self->alert_note = g_steal_pointer(&load->alert_note);
	self->reprint_id = load->alert_checkin;
	self->alert_others = load->alert_others;
	td_staff_show_alert(self);
	td_staff_call_clear(&self->call);
	self->call = load->call;
	memset(&load->call, 0, sizeof(load->call));
	td_staff_show_call(self);
	td_staff_show_vneid_waiting(self, load->vneid_waiting);
	td_staff_show_history(self, load);
	/* the list is rebuilt only when its cases changed (no flicker, the
	 * rows being read keep their place), and never under a question
	 * about the case shown */
	if (load->keep_selection &&
	    (self->confirming != NULL || (td_staff_same_cases(self, load->list) &&
					  td_staff_same_answers(self, load->answers) &&
					  self->list_since_unix == load->since_unix)))
		return;
	td_staff_apply_queue(self, load);
}

gint64
td_staff_today_start_unix(void)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) midnight = g_date_time_new_local(g_date_time_get_year(now), g_date_time_get_month(now),
							      g_date_time_get_day_of_month(now), 0, 0, 0);
	return g_date_time_to_unix(midnight);
}

void
td_staff_reload(TdStaffConsole *self, gboolean keep_selection)
{
	TdQueueLoad *load;

	if (td_staff_store(self) == NULL || self->cancellable == NULL /* disposed */)
		return;
	/* the newest question wins: an older answer finds nowhere to go */
	g_cancellable_cancel(self->load_cancellable);
	g_clear_object(&self->load_cancellable);
	self->load_cancellable = g_cancellable_new();
	load = g_new0(TdQueueLoad, 1);
	load->store = g_object_ref(td_staff_store(self));
	load->today = td_report_today();
	load->since_unix = td_staff_today_start_unix();
	load->keep_selection = keep_selection;
	self->n_loads++;
	td_staff_update_busy(self);
	td_ui_worker_run(self, self->load_cancellable, td_queue_load_work, load, (GDestroyNotify)td_queue_load_free,
			 td_queue_loaded_cb, NULL);
}

/* ---- the lines above the pages ---- */

void
td_staff_show_lines(TdStaffConsole *self)
{
	gboolean room = g_strcmp0(gtk_stack_get_visible_child_name(GTK_STACK(self->stack)), "code") != 0;
	gboolean alert = room && self->alert_note != NULL;
	gboolean call = room && self->call.waiting > 0;
	gboolean offline = room && gtk_label_get_text(GTK_LABEL(self->offline_text))[0] != '\0';

	gtk_widget_set_visible(self->alert, alert);
	gtk_widget_set_visible(self->call_bar, call);
	gtk_widget_set_visible(self->offline_bar, offline);
	/* a line takes the place of the list's title, which the highlighted
	 * "cases" button says too: the case's actions and note stay on a
	 * 1024x768 screen */
	gtk_widget_set_visible(self->queue_title, !alert && !call && !offline);
}

/* ---- the database out of reach ---- */

typedef struct {
	TdStore *store;
	TdJournalState state;
} TdBannerLoad;

static void
td_banner_load_free(TdBannerLoad *load)
{
	g_object_unref(load->store);
	g_free(load);
}

static gboolean
td_banner_load_work(gpointer data, GError **error)
{
	TdBannerLoad *load = data;
	return td_journaled_store_get_state(TD_JOURNALED_STORE(load->store), &load->state, error);
}

/* "Mất kết nối máy chủ của trạm từ 14:05; 3 lượt đang chờ gửi.": the kiosk's
 * journal holds what it could not send; or only "cannot be reached" (the
 * reception PC keeps no journal of its own); and another kiosk that
 * holds this kiosk's offline letter. */
static void
td_staff_show_banner(TdStaffConsole *self, const TdJournalState *state)
{
	gboolean reachable = self->context == NULL || self->context->watch == NULL ||
			     td_store_watch_get_reachable(self->context->watch);
	g_autofree gchar *text = NULL;

	if (state != NULL && state->offline_since != 0) {
		g_autoptr(GDateTime) since = g_date_time_new_from_unix_local(state->offline_since);
		g_autofree gchar *clock = g_date_time_format(since, "%H:%M");
		text = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
						   "No connection to the database since %s; %u check-in is waiting "
						   "to be sent. Check-ins go on as usual.",
						   "No connection to the database since %s; %u check-ins are waiting "
						   "to be sent. Check-ins go on as usual.",
						   state->waiting),
				       clock, state->waiting);
	} else if (!reachable) {
		text = g_strdup(_("The database cannot be reached just now: the lists cannot be updated. It is "
				  "tried again by itself."));
	}
	/* two kiosks on one offline letter give two patients B-001 in an
	 * outage: said whether the kiosk is offline now or not */
	if (state != NULL && state->letter_holder[0] != '\0') {
		g_autofree gchar *shared = g_strdup_printf(
		    _("Kiosk %s numbers with the same letter %s when the database is out of reach: two patients "
		      "could get the same number. Ask the administrator to give each kiosk its own letter."),
		    state->letter_holder, state->letter);
		g_autofree gchar *before = g_steal_pointer(&text);
		text = before != NULL ? g_strconcat(before, " ", shared, NULL) : g_steal_pointer(&shared);
	}
	gtk_label_set_text(GTK_LABEL(self->offline_text), text != NULL ? text : "");
	td_staff_show_lines(self);
}

static void
td_banner_loaded_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GError) error = NULL;
	TdBannerLoad *load = td_ui_worker_finish(result, &error);

	self->banner_loading = FALSE;
	if (td_ui_worker_cancelled(error))
		return;
	if (load == NULL)
		g_message("staff console: the offline journal: %s", error->message);
	td_staff_show_banner(self, load != NULL ? &load->state : NULL);
	if (self->banner_again) {
		self->banner_again = FALSE;
		td_staff_update_banner(self);
	}
}

void
td_staff_update_banner(TdStaffConsole *self)
{
	TdBannerLoad *load;

	if (self->cancellable == NULL)
		return; /* disposed */
	if (td_staff_store(self) == NULL || !TD_IS_JOURNALED_STORE(td_staff_store(self))) {
		td_staff_show_banner(self, NULL);
		return;
	}
	/* one at a time; a change meanwhile asks once more after it */
	if (self->banner_loading) {
		self->banner_again = TRUE;
		return;
	}
	self->banner_loading = TRUE;
	load = g_new0(TdBannerLoad, 1);
	load->store = g_object_ref(td_staff_store(self));
	td_ui_worker_run(self, self->cancellable, td_banner_load_work, load, (GDestroyNotify)td_banner_load_free,
			 td_banner_loaded_cb, NULL);
}
