/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A patient at the kiosk pressed "Gọi nhân viên": the patient is told
 * staff have been called, so every staff console (the kiosk's own pages,
 * the reception PC's tiepdon-staff, live through the store watch) shows a
 * line until someone says they are on their way, which the audit trail
 * keeps with their name. */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-kiosk-context.h"
#include "td-kiosk-page.h"
#include "td-staff-console-private.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

void
td_staff_call_clear(TdStaffCall *call)
{
	g_clear_pointer(&call->newest_page, g_free);
	g_clear_pointer(&call->newest_kiosk, g_free);
	call->waiting = 0;
	call->newest_unix = 0;
}

void
td_staff_call_read(TdStaffCall *call, GPtrArray *actions)
{
	td_staff_call_clear(call);
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED) == 0) {
			td_staff_call_clear(call);
		} else if (g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALLED_STAFF) == 0) {
			call->waiting++;
			call->newest_unix = a->time_unix;
			g_free(call->newest_page);
			call->newest_page = a->note != NULL && g_str_has_prefix(a->note, "page ")
						? g_strdup(a->note + strlen("page "))
						: NULL;
			/* a station with several kiosks: which one to go to */
			g_free(call->newest_kiosk);
			call->newest_kiosk = g_strdup(a->kiosk_id);
		}
	}
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

void
td_staff_show_call(TdStaffConsole *self)
{
	g_autoptr(GDateTime) when = NULL;
	g_autofree gchar *clock = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *line = NULL;
	const gchar *where;
	const gchar *kiosk;

	td_staff_show_lines(self);
	if (self->call.waiting == 0)
		return;
	when = g_date_time_new_from_unix_local(self->call.newest_unix);
	clock = when != NULL ? g_date_time_format(when, "%H:%M") : g_strdup("");
	where = td_call_page_text(self->call.newest_page);
	kiosk = self->call.newest_kiosk;
	if (self->call.waiting == 1 && kiosk != NULL)
		text = where != NULL
			   ? g_strdup_printf(_("A patient at kiosk %s asked for staff at %s (%s)."), kiosk, clock, where)
			   : g_strdup_printf(_("A patient at kiosk %s asked for staff at %s."), kiosk, clock);
	else if (self->call.waiting == 1)
		text = where != NULL ? g_strdup_printf(_("A patient at the kiosk asked for staff at %s (%s)."), clock, where)
				     : g_strdup_printf(_("A patient at the kiosk asked for staff at %s."), clock);
	else if (kiosk != NULL)
		text = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u call for staff, the last from kiosk %s at %s.",
						   "%u calls for staff, the last from kiosk %s at %s.", self->call.waiting),
				       self->call.waiting, kiosk, clock);
	else
		text = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u call for staff from the kiosk, the last at %s.",
						   "%u calls for staff from the kiosk, the last at %s.",
						   self->call.waiting),
				       self->call.waiting, clock);
	line = g_strdup_printf("%s %s", text, _("Press here when you go to help."));
	td_ui_button_set_text(self->call_bar, line);
}

typedef struct {
	TdStore *store;
	gint64 staff_id;
} TdCallAnswerJob;

static void
td_call_answer_job_free(TdCallAnswerJob *job)
{
	g_object_unref(job->store);
	g_free(job);
}

static gboolean
td_call_answer_work(gpointer data, GError **error)
{
	TdCallAnswerJob *job = data;
	return td_store_record_staff_action_as(job->store, job->staff_id, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED, 0, 0,
					       NULL, error);
}

static void
td_call_answer_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffConsole *self = TD_STAFF_CONSOLE(source);
	g_autoptr(GError) error = NULL;

	gboolean written = td_ui_worker_finish(result, &error) != NULL;

	if (td_ui_worker_cancelled(error))
		return; /* the console is gone */
	self->n_writes--;
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
	TdCallAnswerJob *job;

	if (td_staff_store(self) == NULL)
		return;
	job = g_new0(TdCallAnswerJob, 1);
	job->store = g_object_ref(td_staff_store(self));
	job->staff_id = td_staff_actor(self);
	/* once: the line goes when the list is read again */
	gtk_widget_set_sensitive(self->call_bar, FALSE);
	self->n_writes++;
	td_staff_update_busy(self);
	td_ui_worker_run(self, self->cancellable, td_call_answer_work, job, (GDestroyNotify)td_call_answer_job_free,
			 td_call_answer_done_cb, NULL);
}
