/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A patient at the kiosk pressed "Gọi nhân viên": the patient is told
 * staff have been called, so every staff console (the kiosk's own pages,
 * the reception PC's tiepdon-staff, live through the store watch) shows a
 * line until someone says they are on their way, which the audit trail
 * keeps with their name. At a station with several kiosks the line is
 * about the kiosk where a patient has waited longest and names the
 * others; the press answers that kiosk only. */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-kiosk-context.h"
#include "td-kiosk-page.h"
#include "td-staff-console-private.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

static void
td_staff_call_kiosk_free(TdStaffCallKiosk *kiosk)
{
	g_free(kiosk->kiosk);
	g_free(kiosk->newest_page);
	g_free(kiosk);
}

void
td_staff_call_clear(TdStaffCall *call)
{
	g_clear_pointer(&call->kiosks, g_ptr_array_unref);
	call->waiting = 0;
}

/* The entry of kiosk_id (NULL: not known) in call->kiosks, or its index
 * in *index_out; NULL when it has no call waiting. */
static TdStaffCallKiosk *
td_staff_call_find(TdStaffCall *call, const gchar *kiosk_id, guint *index_out)
{
	for (guint i = 0; call->kiosks != NULL && i < call->kiosks->len; i++) {
		TdStaffCallKiosk *kiosk = g_ptr_array_index(call->kiosks, i);
		if (g_strcmp0(kiosk->kiosk, kiosk_id) == 0) {
			if (index_out != NULL)
				*index_out = i;
			return kiosk;
		}
	}
	return NULL;
}

static void
td_staff_call_answered(TdStaffCall *call, const TdStaffAction *answer)
{
	const gchar *kiosk = td_kiosk_call_answer_kiosk(answer);
	guint index;

	if (kiosk == NULL) {
		td_staff_call_clear(call);
		return;
	}
	if (td_staff_call_find(call, kiosk, &index) == NULL)
		return;
	call->waiting -= ((TdStaffCallKiosk *)g_ptr_array_index(call->kiosks, index))->waiting;
	/* keeps the others in the order they called */
	g_ptr_array_remove_index(call->kiosks, index);
}

static void
td_staff_call_add(TdStaffCall *call, const TdStaffAction *press)
{
	TdStaffCallKiosk *kiosk = td_staff_call_find(call, press->kiosk_id, NULL);

	if (kiosk == NULL) {
		if (call->kiosks == NULL)
			call->kiosks = g_ptr_array_new_with_free_func((GDestroyNotify)td_staff_call_kiosk_free);
		kiosk = g_new0(TdStaffCallKiosk, 1);
		kiosk->kiosk = g_strdup(press->kiosk_id);
		g_ptr_array_add(call->kiosks, kiosk);
	}
	kiosk->waiting++;
	call->waiting++;
	kiosk->newest_unix = press->time_unix;
	g_free(kiosk->newest_page);
	kiosk->newest_page = press->note != NULL && g_str_has_prefix(press->note, "page ")
				     ? g_strdup(press->note + strlen("page "))
				     : NULL;
}

void
td_staff_call_read(TdStaffCall *call, GPtrArray *actions)
{
	td_staff_call_clear(call);
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED) == 0)
			td_staff_call_answered(call, a);
		else if (g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALLED_STAFF) == 0)
			td_staff_call_add(call, a);
	}
}

/* The kiosk the line is about, whose call the press answers: the one
 * waiting longest. NULL when no call waits. */
static const TdStaffCallKiosk *
td_staff_call_shown(const TdStaffCall *call)
{
	return call->kiosks != NULL && call->kiosks->len > 0 ? g_ptr_array_index(call->kiosks, 0) : NULL;
}

/* Where the patient was, in staff's words; NULL when the note does not
 * say. */
static const gchar *
td_call_page_text(const gchar *page_name)
{
	switch (td_kiosk_page_from_string(page_name)) {
	case TD_KIOSK_PAGE_IDLE:
	case TD_KIOSK_PAGE_AWAITING_CARD:
		return _("laying the card on the reader");
	case TD_KIOSK_PAGE_KEY:
		return _("typing the ID number");
	case TD_KIOSK_PAGE_READING:
		return _("while the card was read");
	case TD_KIOSK_PAGE_TICKET:
		return _("at the queue number");
	case TD_KIOSK_PAGE_SEE_STAFF:
		return _("sent to reception");
	case TD_KIOSK_PAGE_VNEID:
		return _("at the VNeID question");
	case TD_KIOSK_PAGE_OUT_OF_SERVICE:
		return _("the kiosk out of service");
	default:
		return NULL;
	}
}

/* The line's first sentence: one kiosk's calls. A call made at the
 * machine whose console shows it (the kiosk's own staff pages) is "this
 * kiosk": its id (by default the host name, "vm") says nothing there. */
static gchar *
td_call_kiosk_text(const TdStaffCallKiosk *shown, const gchar *own_kiosk)
{
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(shown->newest_unix);
	g_autofree gchar *clock = when != NULL ? g_date_time_format(when, "%H:%M") : g_strdup("");
	const gchar *where = td_call_page_text(shown->newest_page);
	const gchar *kiosk = shown->kiosk;

	if (kiosk != NULL && g_strcmp0(kiosk, own_kiosk) == 0) {
		if (shown->waiting == 1)
			return where != NULL
				   ? g_strdup_printf(_("A patient at this kiosk asked for staff at %s (%s)."), clock, where)
				   : g_strdup_printf(_("A patient at this kiosk asked for staff at %s."), clock);
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u call for staff at this kiosk, the last at %s.",
						   "%u calls for staff at this kiosk, the last at %s.", shown->waiting),
				       shown->waiting, clock);
	}
	if (shown->waiting == 1 && kiosk != NULL)
		return where != NULL
			   ? g_strdup_printf(_("A patient at kiosk %s asked for staff at %s (%s)."), kiosk, clock, where)
			   : g_strdup_printf(_("A patient at kiosk %s asked for staff at %s."), kiosk, clock);
	if (shown->waiting == 1)
		return where != NULL ? g_strdup_printf(_("A patient at the kiosk asked for staff at %s (%s)."), clock, where)
				     : g_strdup_printf(_("A patient at the kiosk asked for staff at %s."), clock);
	if (kiosk != NULL)
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u call for staff, the last from kiosk %s at %s.",
						   "%u calls for staff, the last from kiosk %s at %s.", shown->waiting),
				       shown->waiting, kiosk, clock);
	return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u call for staff from the kiosk, the last at %s.",
					   "%u calls for staff from the kiosk, the last at %s.", shown->waiting),
			       shown->waiting, clock);
}

/* The other kiosks where a patient waits too, after the one shown, "this
 * kiosk" said apart; NULL when there are none. */
static gchar *
td_call_others_text(const TdStaffCall *call, const gchar *own_kiosk)
{
	g_autoptr(GString) names = g_string_new(NULL);
	g_autoptr(GString) text = g_string_new(NULL);
	gboolean here = FALSE;
	guint n_others = 0;

	for (guint i = 1; i < call->kiosks->len; i++) {
		const TdStaffCallKiosk *other = g_ptr_array_index(call->kiosks, i);
		if (other->kiosk != NULL && g_strcmp0(other->kiosk, own_kiosk) == 0) {
			here = TRUE;
			continue;
		}
		if (names->len > 0)
			g_string_append(names, ", ");
		g_string_append(names, other->kiosk != NULL ? other->kiosk : "?");
		n_others++;
	}
	if (n_others > 0)
		g_string_append_printf(text,
				       g_dngettext(GETTEXT_PACKAGE, "A patient is waiting at kiosk %s too.",
						   "Patients are waiting at kiosks %s too.", n_others),
				       names->str);
	if (here)
		g_string_append_printf(text, "%s%s", text->len > 0 ? " " : "",
				       _("A patient is waiting at this kiosk too."));
	return text->len > 0 ? g_strdup(text->str) : NULL;
}

/* The whole line: the kiosk waiting longest, the others, then what to do
 * (ending), as the console of own_kiosk says it; NULL when no call waits. */
static gchar *
td_call_line_text(const TdStaffCall *call, const gchar *own_kiosk, const gchar *ending)
{
	const TdStaffCallKiosk *shown = td_staff_call_shown(call);
	g_autofree gchar *text = NULL;
	g_autofree gchar *others = NULL;

	if (shown == NULL)
		return NULL;
	text = td_call_kiosk_text(shown, own_kiosk);
	others = td_call_others_text(call, own_kiosk);
	return others != NULL ? g_strdup_printf("%s %s %s", text, others, ending)
			      : g_strdup_printf("%s %s", text, ending);
}

void
td_staff_show_call(TdStaffConsole *self)
{
	/* the press answers the kiosk named first; the next one's line follows */
	/* a console made without a kiosk (the page tests') has no call to
	 * show either */
	const gchar *own_kiosk = self->context != NULL ? self->context->config->kiosk_id : NULL;
	g_autofree gchar *line = td_call_line_text(&self->call, own_kiosk, _("Press here when you go to help."));

	td_staff_show_lines(self);
	if (line != NULL)
		td_ui_button_set_text(self->call_bar, line);
}

/* ---- the line on a locked console ---- */

/* What a locked reception PC reads (the console itself is cleared): the
 * day's calls nobody answered, in a worker. */
typedef struct {
	TdStore *store;
	gchar *own_kiosk;
	gint64 since_unix;
	TdStaffCall call;
} TdLockedCallsJob;

static void
td_locked_calls_job_free(TdLockedCallsJob *job)
{
	g_object_unref(job->store);
	g_free(job->own_kiosk);
	td_staff_call_clear(&job->call);
	g_free(job);
}

static gboolean
td_locked_calls_work(gpointer data, GError **error)
{
	TdLockedCallsJob *job = data;
	g_autoptr(GPtrArray) actions = td_store_list_staff_actions(job->store, job->since_unix, error);

	if (actions == NULL)
		return FALSE;
	td_staff_call_read(&job->call, actions);
	return TRUE;
}

void
td_staff_calls_line_async(TdKioskContext *context, gpointer owner, GCancellable *cancellable,
			  GAsyncReadyCallback callback)
{
	TdLockedCallsJob *job = g_new0(TdLockedCallsJob, 1);

	job->store = g_object_ref(context->store);
	job->own_kiosk = g_strdup(context->config->kiosk_id);
	job->since_unix = td_staff_today_start_unix();
	td_ui_worker_run(owner, cancellable, td_locked_calls_work, job, (GDestroyNotify)td_locked_calls_job_free,
			 callback, NULL);
}

gchar *
td_staff_calls_line_finish(GAsyncResult *result, GError **error)
{
	TdLockedCallsJob *job = td_ui_worker_finish(result, error);

	return job != NULL ? td_call_line_text(&job->call, job->own_kiosk, _("Log in to answer it.")) : NULL;
}

/* ---- answering ---- */

typedef struct {
	TdStore *store;
	gint64 staff_id;
	gchar *note; /* the kiosk answered; NULL: every kiosk */
} TdCallAnswerJob;

static void
td_call_answer_job_free(TdCallAnswerJob *job)
{
	g_object_unref(job->store);
	g_free(job->note);
	g_free(job);
}

static gboolean
td_call_answer_work(gpointer data, GError **error)
{
	TdCallAnswerJob *job = data;
	return td_store_record_staff_action_as(job->store, job->staff_id, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED, 0, 0,
					       job->note, error);
}

static void
td_call_answer_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GError) error = NULL;

	gboolean written = td_ui_worker_finish(result, &error) != NULL;

	/* counted down even when cancelled (a lock): else every action
	 * stayed greyed after the next login */
	self->n_writes--;
	if (td_ui_worker_cancelled(error))
		return; /* the console is gone */
	td_staff_update_busy(self);
	gtk_widget_set_sensitive(self->call_bar, TRUE);
	if (written)
		td_staff_reload(self, TRUE);
	else
		td_staff_set_store_error(self, error);
}

void
td_call_answer_cb(GtkButton *button, TdStaffConsole *self)
{
	const TdStaffCallKiosk *shown = td_staff_call_shown(&self->call);
	TdCallAnswerJob *job;

	if (td_staff_store(self) == NULL || shown == NULL)
		return;
	job = g_new0(TdCallAnswerJob, 1);
	job->store = g_object_ref(td_staff_store(self));
	job->staff_id = td_staff_actor(self);
	job->note = td_kiosk_call_answer_note(shown->kiosk);
	/* once: the line goes when the list is read again */
	gtk_widget_set_sensitive(self->call_bar, FALSE);
	self->n_writes++;
	td_staff_update_busy(self);
	td_ui_worker_run(self, self->cancellable, td_call_answer_work, job, (GDestroyNotify)td_call_answer_job_free,
			 td_call_answer_done_cb, NULL);
}
