/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What lies over and around the window's pages: the "more time?" warning,
 * "Gọi nhân viên", the countdown of the pages that move on by themselves,
 * the staff screens' inactivity, the idle page's settings, the tap guard,
 * the voice. */
#include "config.h"

#include "td-i18n.h"
#include "td-secret.h"
#include "td-kiosk-window-private.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

TdCheckinSession *
td_kiosk_window_session(TdKioskWindow *self)
{
	return self->context != NULL ? self->context->session : NULL;
}

static guint
td_idle_timeout_s(TdKioskWindow *self)
{
	if (self->context != NULL && self->context->config != NULL && self->context->config->idle_timeout_s > 0)
		return self->context->config->idle_timeout_s;
	return TD_DEFAULT_IDLE_TIMEOUT_S;
}

static guint
td_warning_s(TdKioskWindow *self)
{
	if (self->context != NULL && self->context->config != NULL && self->context->config->warning_s > 0)
		return self->context->config->warning_s;
	return TD_DEFAULT_WARNING_S;
}

static GtkWidget *
td_overlay_box_new(void)
{
	GtkWidget *box = td_ui_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING_WIDE, "td-warning-box");
	gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_visible(box, FALSE);
	return box;
}

/* ---- the warning -------------------------------------------------------- */

void
td_kiosk_window_hide_warning(TdKioskWindow *self)
{
	g_clear_handle_id(&self->warning_tick_id, g_source_remove);
	gtk_widget_set_visible(self->warning, FALSE);
}

void
td_warning_update(TdKioskWindow *self)
{
	g_autofree gchar *count = g_strdup_printf(
	    g_dngettext(GETTEXT_PACKAGE, "The screen goes back to the start in %u second.",
			"The screen goes back to the start in %u seconds.", self->warning_left),
	    self->warning_left);
	gboolean number_shown = self->view->queue_number > 0 && !td_kiosk_page_is_staff(td_kiosk_window_get_page(self));

	gtk_label_set_text(GTK_LABEL(self->warning_title), _("Do you need more time?"));
	gtk_label_set_text(GTK_LABEL(self->warning_count), count);
	/* reassure before a reset: the number is theirs whatever happens */
	gtk_label_set_text(GTK_LABEL(self->warning_kept),
			   number_shown ? td_patient_view_addressed(self->view, N_("Your queue number is kept.")) : "");
	gtk_widget_set_visible(self->warning_kept, number_shown);
	td_ui_button_set_text(self->warning_button, _("Yes, more time"));
}

static gboolean
td_warning_tick_cb(gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(user_data);
	if (self->warning_left > 0)
		self->warning_left--;
	td_warning_update(self);
	return G_SOURCE_CONTINUE;
}

void
td_kiosk_window_show_warning(TdKioskWindow *self, guint seconds_left)
{
	self->warning_left = seconds_left;
	td_warning_update(self);
	gtk_widget_set_visible(self->warning, TRUE);
	if (self->warning_tick_id == 0)
		self->warning_tick_id = g_timeout_add_seconds(1, td_warning_tick_cb, self);
}

gboolean
td_kiosk_window_warning_visible(TdKioskWindow *self)
{
	return gtk_widget_get_visible(self->warning);
}

/* ---- staff screens' inactivity, the idle page's settings ---------------- */

static gboolean
td_staff_expired_cb(gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(user_data);
	self->staff_idle_id = 0;
	td_kiosk_window_reset(self);
	return G_SOURCE_REMOVE;
}

static gboolean
td_staff_warn_cb(gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(user_data);
	td_kiosk_window_show_warning(self, td_warning_s(self));
	self->staff_idle_id = g_timeout_add_seconds(td_warning_s(self), td_staff_expired_cb, self);
	return G_SOURCE_REMOVE;
}

void
td_kiosk_window_arm_staff_timer(TdKioskWindow *self)
{
	guint total = td_idle_timeout_s(self) * TD_STAFF_TIME_FACTOR;
	g_clear_handle_id(&self->staff_idle_id, g_source_remove);
	if (!td_kiosk_page_is_staff(td_kiosk_window_get_page(self)))
		return;
	self->staff_idle_id = g_timeout_add_seconds(total - MIN(total - 1, td_warning_s(self)), td_staff_warn_cb, self);
}

/* The next patient starts in Vietnamese, with normal text on a light
 * screen, whatever the last one chose. */
void
td_kiosk_window_reset_settings(TdKioskWindow *self)
{
	g_clear_handle_id(&self->settings_reset_id, g_source_remove);
	if (td_i18n_get_language() != TD_LANGUAGE_VI)
		td_i18n_set_language(TD_LANGUAGE_VI);
	td_kiosk_topbar_set_large_text(TD_KIOSK_TOPBAR(self->topbar), FALSE);
	td_kiosk_topbar_set_high_contrast(TD_KIOSK_TOPBAR(self->topbar), FALSE);
}

static gboolean
td_settings_expired_cb(gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(user_data);
	self->settings_reset_id = 0;
	td_kiosk_window_reset_settings(self);
	return G_SOURCE_REMOVE;
}

/* Someone changed the settings on the idle page and went away: after the
 * patient's time limit the settings go back, as a check-in's end does. */
void
td_kiosk_window_arm_settings_timer(TdKioskWindow *self)
{
	gboolean changed = td_i18n_get_language() != TD_LANGUAGE_VI ||
			   td_kiosk_window_get_large_text(self) || td_kiosk_window_get_high_contrast(self);

	g_clear_handle_id(&self->settings_reset_id, g_source_remove);
	if (changed && td_kiosk_window_get_page(self) == TD_KIOSK_PAGE_IDLE)
		self->settings_reset_id = g_timeout_add_seconds(td_idle_timeout_s(self), td_settings_expired_cb, self);
}

void
td_settings_changed_cb(TdKioskTopbar *bar, TdKioskWindow *self)
{
	td_kiosk_window_arm_settings_timer(self);
}

void
td_press_cb(GtkGestureClick *gesture, gint n_press, gdouble x, gdouble y, TdKioskWindow *self)
{
	TdKioskPage page = td_kiosk_window_get_page(self);

	/* a tap meant for the page that was just replaced is not taken */
	if (g_get_monotonic_time() - self->page_shown_at < (gint64)TD_UI_TAP_GUARD_MS * 1000) {
		gtk_gesture_set_state(GTK_GESTURE(gesture), GTK_EVENT_SEQUENCE_CLAIMED);
		return;
	}
	/* any touch counts as "still here" */
	if (td_kiosk_page_is_staff(page) && !gtk_widget_get_visible(self->warning))
		td_kiosk_window_arm_staff_timer(self);
	if (page == TD_KIOSK_PAGE_IDLE && self->settings_reset_id != 0)
		td_kiosk_window_arm_settings_timer(self);
}

static void
td_warning_more_time_cb(GtkButton *button, TdKioskWindow *self)
{
	td_kiosk_window_hide_warning(self);
	if (td_kiosk_page_is_staff(td_kiosk_window_get_page(self)))
		td_kiosk_window_arm_staff_timer(self);
	else if (td_kiosk_window_session(self) != NULL)
		td_checkin_session_extend_time(td_kiosk_window_session(self));
}

/* ---- the countdown of the pages that move on by themselves --------------- */

static gboolean
td_countdown_tick_cb(gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(user_data);
	gint64 deadline = td_kiosk_window_session(self) != NULL ? td_checkin_session_get_deadline(td_kiosk_window_session(self)) : 0;
	gint64 left = deadline - g_get_monotonic_time();

	td_patient_pages_set_countdown(self->patient, deadline > 0 && left > 0 ? (guint)((left + 999999) / 1000000) : 0);
	return G_SOURCE_CONTINUE;
}

void
td_kiosk_window_update_countdown(TdKioskWindow *self)
{
	TdKioskPage page = td_kiosk_window_get_page(self);
	gboolean moves_on = page == TD_KIOSK_PAGE_TICKET || page == TD_KIOSK_PAGE_SEE_STAFF;

	if (moves_on && self->countdown_id == 0)
		self->countdown_id = g_timeout_add(250, td_countdown_tick_cb, self);
	else if (!moves_on)
		g_clear_handle_id(&self->countdown_id, g_source_remove);
	td_countdown_tick_cb(self);
}

/* ---- "Gọi nhân viên" -------------------------------------------------------- */

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
td_call_staff_cb(TdPatientStrip *strip, TdKioskWindow *self)
{
	g_autofree gchar *note = g_strdup_printf("page %s", td_kiosk_page_to_string(td_kiosk_window_get_page(self)));

	/* the audit trail is where reception's screen (and doctor) see it */
	td_kiosk_context_record_action_async(self->context, TD_KIOSK_ACTION_PATIENT_CALLED_STAFF, note);
	/* staff's answer from now on is for this press */
	g_cancellable_cancel(self->called_cancellable);
	g_clear_object(&self->called_cancellable);
	self->called_cancellable = g_cancellable_new();
	self->called_unix = g_get_real_time() / G_USEC_PER_SEC;
	self->called_answered = FALSE;
	td_called_retranslate(self);
	gtk_widget_set_visible(self->called, TRUE);
	td_kiosk_window_voice_update(self);
}

/* Whether staff answered the patient's call: the patient waiting at the
 * kiosk reads that someone is coming (td-staff-calls.c writes it). */
typedef struct {
	TdStore *store;
	gchar *kiosk_id; /* this kiosk's, as its store's rows carry it */
	gint64 since_unix;
	gboolean answered;
} TdCalledJob;

static void
td_called_job_free(TdCalledJob *job)
{
	g_object_unref(job->store);
	g_free(job->kiosk_id);
	g_free(job);
}

static gboolean
td_called_work(gpointer data, GError **error)
{
	TdCalledJob *job = data;
	g_autoptr(GPtrArray) actions = td_store_list_staff_actions(job->store, job->since_unix, error);

	if (actions == NULL)
		return FALSE;
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		const gchar *kiosk;

		if (g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED) != 0 || a->time_unix < job->since_unix)
			continue;
		kiosk = td_kiosk_call_answer_kiosk(a);
		job->answered |= kiosk == NULL || g_strcmp0(kiosk, job->kiosk_id) == 0;
	}
	return TRUE;
}

static void
td_called_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(source);
	g_autoptr(GError) error = NULL;
	TdCalledJob *job = td_ui_worker_finish(result, &error);

	if (td_ui_worker_cancelled(error))
		return; /* a new press, or the window is gone */
	if (job == NULL) {
		/* the database out of reach: the patient still reads that
		 * staff have been called, which the journal keeps */
		g_debug("the call's answer cannot be read: %s", error->message);
		return;
	}
	if (!job->answered || self->called_answered || !gtk_widget_get_visible(self->called))
		return;
	self->called_answered = TRUE;
	td_called_retranslate(self);
	td_kiosk_window_voice_update(self);
}

/* Someone wrote the store: perhaps the answer to the call on screen. */
void
td_called_store_changed_cb(TdStoreWatch *watch, TdKioskWindow *self)
{
	TdCalledJob *job;

	if (!gtk_widget_get_visible(self->called) || self->called_answered || self->context->store == NULL)
		return;
	job = g_new0(TdCalledJob, 1);
	job->store = g_object_ref(self->context->store);
	job->kiosk_id = g_strdup(self->context->config != NULL ? self->context->config->kiosk_id : NULL);
	job->since_unix = self->called_unix;
	td_ui_worker_run(self, self->called_cancellable, td_called_work, job, (GDestroyNotify)td_called_job_free,
			 td_called_done_cb, NULL);
}

static void
td_called_close_cb(GtkButton *button, TdKioskWindow *self)
{
	gtk_widget_set_visible(self->called, FALSE);
	/* back to the page's own sentence */
	td_kiosk_window_voice_update(self);
}

gboolean
td_kiosk_window_call_staff_visible(TdKioskWindow *self)
{
	return gtk_widget_get_visible(self->called);
}

GtkWidget *
td_kiosk_window_build_warning(TdKioskWindow *self)
{
	GtkWidget *box = td_overlay_box_new();

	self->warning_title = td_ui_append(box, td_ui_label_new("td-title"));
	self->warning_count = td_ui_append(box, td_ui_label_new("td-body"));
	self->warning_kept = td_ui_append(box, td_ui_label_new("td-body"));
	self->warning_button = td_ui_append(box, td_ui_button_new("", "td-primary"));
	gtk_widget_set_halign(self->warning_button, GTK_ALIGN_CENTER);
	g_signal_connect(self->warning_button, "clicked", G_CALLBACK(td_warning_more_time_cb), self);
	return box;
}

GtkWidget *
td_kiosk_window_build_called(TdKioskWindow *self)
{
	GtkWidget *box = td_overlay_box_new();

	self->called_title = td_ui_append(box, td_ui_label_new("td-title"));
	self->called_body = td_ui_append(box, td_ui_label_new("td-body"));
	self->called_close = td_ui_append(box, td_ui_button_new("", "td-primary"));
	gtk_widget_set_halign(self->called_close, GTK_ALIGN_CENTER);
	g_signal_connect(self->called_close, "clicked", G_CALLBACK(td_called_close_cb), self);
	return box;
}


/* ---- the voice ------------------------------------------------------------ */

static TdVoice *
td_kiosk_window_voice(TdKioskWindow *self)
{
	return self->context != NULL ? self->context->voice : NULL;
}

/* Says the page's main sentence; "Nghe lại" calls it too. */
void
td_kiosk_window_speak(TdKioskWindow *self)
{
	TdVoice *voice = td_kiosk_window_voice(self);
	const gchar *key = NULL;
	gchar *text;

	if (voice == NULL)
		return;
	text = td_kiosk_window_get_spoken(self, &key);
	self->spoken_hash = text != NULL ? g_str_hash(text) : 0;
	if (text == NULL)
		td_voice_stop(voice);
	else
		td_voice_say(voice, key, text, td_i18n_language_code(td_i18n_get_language()));
	/* it may hold the patient's name */
	td_str_clear_free(text);
}

/* After a page or what it says changed: a patient's page says its
 * sentence once (not again for an update that left it the same); the idle
 * page waits for someone to ask (but asks for a card left on the reader,
 * and says that staff were called), and staff screens are quiet. */
void
td_kiosk_window_voice_update(TdKioskWindow *self)
{
	TdVoice *voice = td_kiosk_window_voice(self);
	TdKioskPage page = td_kiosk_window_get_page(self);
	const gchar *key = NULL;
	gchar *text;
	guint hash;

	if (voice == NULL)
		return;
	if (td_kiosk_page_is_staff(page) ||
	    (page == TD_KIOSK_PAGE_IDLE && !self->view->card_left && !gtk_widget_get_visible(self->called))) {
		if (self->spoken_hash != 0)
			td_voice_stop(voice);
		self->spoken_hash = 0;
		return;
	}
	text = td_kiosk_window_get_spoken(self, &key);
	hash = text != NULL ? g_str_hash(text) : 0;
	td_str_clear_free(text);
	if (hash != self->spoken_hash)
		td_kiosk_window_speak(self);
}

void
td_repeat_cb(TdPatientStrip *strip, TdKioskWindow *self)
{
	td_kiosk_window_speak(self);
}
