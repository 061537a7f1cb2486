/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Gọi nhân viên" as the patient lives it: the press goes to the audit
 * trail, where every staff console shows it (td-staff-calls.c); a note
 * over the page says staff were told ("Đã báo nhân viên"), aloud too, and
 * turns to "Nhân viên đang đến" once a staff member answers this kiosk's
 * call. */
#include "config.h"

#include "td-i18n.h"
#include "td-kiosk-window-private.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

/* How far apart the kiosk's clock and the clock of whoever answers (the
 * reception PC, another kiosk) may be, for the answer still to be found:
 * stations often have no time server. Which answer follows the press is
 * decided by the rows' order, never by comparing the two clocks. */
#define TD_CALL_CLOCK_SLACK_S (60 * 60)

void
td_called_retranslate(TdKioskWindow *self)
{
	if (self->called_answered) {
		gtk_label_set_text(GTK_LABEL(self->called_title), _("A staff member is coming"));
		gtk_label_set_text(GTK_LABEL(self->called_body), _("Please wait here a moment."));
	} else {
		gtk_label_set_text(GTK_LABEL(self->called_title), _("Staff have been called"));
		gtk_label_set_text(GTK_LABEL(self->called_body),
				   _("Please wait here a moment, or go to the reception desk."));
	}
	td_ui_button_set_text(self->called_close, _("Close"));
}

void
td_called_hide(TdKioskWindow *self)
{
	gtk_widget_set_visible(self->called, FALSE);
	/* its answer no longer matters */
	g_cancellable_cancel(self->called_cancellable);
	g_clear_object(&self->called_cancellable);
	self->called_looking = FALSE;
	self->called_look_again = FALSE;
}

/* What the note says, as one sentence to speak. */
static gchar *
td_called_sentence(TdKioskWindow *self)
{
	return g_strdup_printf("%s. %s", gtk_label_get_text(GTK_LABEL(self->called_title)),
			       gtk_label_get_text(GTK_LABEL(self->called_body)));
}

static const gchar *
td_called_message_key(TdKioskWindow *self)
{
	return self->called_answered ? "called.coming" : "called";
}

gchar *
td_called_get_spoken(TdKioskWindow *self, const gchar **message_key)
{
	if (!gtk_widget_get_visible(self->called) || td_kiosk_window_get_page(self) != self->called_page)
		return NULL;
	if (message_key != NULL)
		*message_key = td_called_message_key(self);
	return td_called_sentence(self);
}

void
td_called_page_changed(TdKioskWindow *self, TdKioskPage old, TdKioskPage page)
{
	/* staff pages cover the patient's; a patient leaving the idle page
	 * is a new one (the last one may have called and walked away) */
	if (td_kiosk_page_is_staff(page) || (old == TD_KIOSK_PAGE_IDLE && page != TD_KIOSK_PAGE_IDLE))
		td_called_hide(self);
}

void
td_call_staff_cb(TdPatientStrip *strip, TdKioskWindow *self)
{
	TdKioskPage page = td_kiosk_window_get_page(self);
	g_autofree gchar *note = g_strdup_printf("page %s", td_kiosk_page_to_string(page));

	/* staff's answer from now on is for this press: its row, written
	 * below by this kiosk's clock, is at or after called_unix */
	td_called_hide(self);
	self->called_cancellable = g_cancellable_new();
	self->called_unix = g_get_real_time() / G_USEC_PER_SEC;
	self->called_page = page;
	self->called_answered = FALSE;
	/* the audit trail is where reception's screen (and doctor) see it */
	td_kiosk_context_record_action_async(self->context, TD_KIOSK_ACTION_PATIENT_CALLED_STAFF, note);
	td_called_retranslate(self);
	gtk_widget_set_visible(self->called, TRUE);
	td_kiosk_window_voice_update(self);
}

/* Whether staff answered the patient's call. */
typedef struct {
	TdStore *store;
	gchar *kiosk_id; /* this kiosk's, as its store's rows carry it */
	gint64 pressed_unix;
	gboolean answered;
} TdCalledJob;

static void
td_called_job_free(TdCalledJob *job)
{
	g_object_unref(job->store);
	g_free(job->kiosk_id);
	g_free(job);
}

/* The audit trail in the order it was written: this kiosk's newest press
 * (its row, stamped by this kiosk's clock at or after the press), then an
 * answer for this kiosk (or for every kiosk) after it. Until the press is
 * written (in a worker of its own) nothing answers it. */
static gboolean
td_called_work(gpointer data, GError **error)
{
	TdCalledJob *job = data;
	g_autoptr(GPtrArray) actions =
	    td_store_list_staff_actions(job->store, job->pressed_unix - TD_CALL_CLOCK_SLACK_S, error);
	gboolean pressed = FALSE;

	if (actions == NULL)
		return FALSE;
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		const gchar *answered_kiosk;

		if (g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALLED_STAFF) == 0 &&
		    g_strcmp0(a->kiosk_id, job->kiosk_id) == 0 && a->time_unix >= job->pressed_unix) {
			/* a press in the same second before it is not it:
			 * only what follows the newest counts */
			pressed = TRUE;
			job->answered = FALSE;
			continue;
		}
		if (!pressed || g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED) != 0)
			continue;
		answered_kiosk = td_kiosk_call_answer_kiosk(a);
		job->answered |= answered_kiosk == NULL || g_strcmp0(answered_kiosk, job->kiosk_id) == 0;
	}
	return TRUE;
}

static void td_called_look(TdKioskWindow *self);

static void
td_called_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(source);
	g_autoptr(GError) error = NULL;
	TdCalledJob *job = td_ui_worker_finish(result, &error);

	if (td_ui_worker_cancelled(error))
		return; /* a new press, the note gone, or the window */
	self->called_looking = FALSE;
	if (job == NULL) {
		/* the database out of reach: the patient still reads that
		 * staff have been called, which the journal keeps */
		g_debug("the call's answer cannot be read: %s", error->message);
	} else if (job->answered && !self->called_answered) {
		self->called_answered = TRUE;
		td_called_retranslate(self);
		if (td_kiosk_window_get_page(self) == self->called_page) {
			td_kiosk_window_voice_update(self);
		} else {
			/* the patient moved on under the note: their page's
			 * sentence was said, this one is news */
			g_autofree gchar *text = td_called_sentence(self);
			td_kiosk_window_say_news(self, td_called_message_key(self), text);
		}
		return;
	}
	if (self->called_look_again) {
		self->called_look_again = FALSE;
		td_called_look(self);
	}
}

/* One look at a time: a busy store changes four times a second. */
static void
td_called_look(TdKioskWindow *self)
{
	TdCalledJob *job;

	if (self->called_looking) {
		self->called_look_again = TRUE;
		return;
	}
	job = g_new0(TdCalledJob, 1);
	job->store = g_object_ref(self->context->store);
	job->kiosk_id = g_strdup(self->context->config != NULL ? self->context->config->kiosk_id : NULL);
	job->pressed_unix = self->called_unix;
	self->called_looking = TRUE;
	td_ui_worker_run(self, self->called_cancellable, td_called_work, job, (GDestroyNotify)td_called_job_free,
			 td_called_done_cb, NULL);
}

/* Someone wrote the store: perhaps the answer to the call on screen (or
 * the press itself, which the answer must follow). */
void
td_called_store_changed_cb(TdStoreWatch *watch, TdKioskWindow *self)
{
	if (!gtk_widget_get_visible(self->called) || self->called_answered || self->context->store == NULL)
		return;
	td_called_look(self);
}

static void
td_called_close_cb(GtkButton *button, TdKioskWindow *self)
{
	td_called_hide(self);
	/* back to the page's own sentence */
	td_kiosk_window_voice_update(self);
}

static void
td_called_scrim_pressed_cb(GtkGestureClick *gesture, gint n_press, gdouble x, gdouble y, TdKioskWindow *self)
{
	td_called_close_cb(NULL, self);
}

void
td_called_dispose(TdKioskWindow *self)
{
	g_cancellable_cancel(self->called_cancellable);
	g_clear_object(&self->called_cancellable);
}

gboolean
td_kiosk_window_call_staff_visible(TdKioskWindow *self)
{
	return gtk_widget_get_visible(self->called);
}

gboolean
td_kiosk_window_call_look_pending(TdKioskWindow *self)
{
	return self->called_looking || self->called_look_again;
}

GtkWidget *
td_kiosk_window_build_called(TdKioskWindow *self, GtkWidget **scrim_out)
{
	GtkWidget *box = td_kiosk_window_overlay_box_new();
	/* the window under it dimmed, as the pages under the "more time?"
	 * warning: its words ran into the note's (the first page's title
	 * through "Nhân viên đang đến"); a tap beside it closes it, as "Đóng"
	 * does. Beside the note, not around it: the note keeps its own
	 * place and size in the overlay (around it, in large text on 800 x
	 * 480, it took its least width's height and "Đóng" lay under the
	 * window's foot) */
	GtkWidget *scrim = td_kiosk_window_scrim_new(G_CALLBACK(td_called_scrim_pressed_cb), self);

	g_object_bind_property(box, "visible", scrim, "visible", G_BINDING_SYNC_CREATE);
	*scrim_out = scrim;

	self->called_title = td_ui_append(box, td_ui_label_new("td-title"));
	self->called_body = td_ui_append(box, td_ui_label_new("td-body"));
	self->called_close = td_ui_append(box, td_ui_button_new("", "td-primary"));
	gtk_widget_set_halign(self->called_close, GTK_ALIGN_CENTER);
	g_signal_connect(self->called_close, "clicked", G_CALLBACK(td_called_close_cb), self);
	return box;
}
