/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What lies over and around the window's pages: the "more time?" warning,
 * the countdown of the pages that move on by themselves,
 * the staff screens' inactivity, the idle page's settings, the tap guard,
 * the voice. */
#include "config.h"

#include "td-i18n.h"
#include "td-secret.h"
#include "td-kiosk-window-private.h"
#include "td-ui-util.h"

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

GtkWidget *
td_kiosk_window_overlay_box_new(void)
{
	/* a dialog to assistive technologies, not a group of words */
	GtkWidget *box = g_object_new(GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL, "spacing",
				      TD_UI_SPACING_WIDE, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT_DIALOG, NULL);

	gtk_widget_add_css_class(box, "td-warning-box");
	gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_visible(box, FALSE);
	return box;
}

GtkWidget *
td_kiosk_window_scrim_new(GCallback tapped, TdKioskWindow *self)
{
	GtkWidget *scrim = td_ui_box_new(GTK_ORIENTATION_VERTICAL, 0, "td-scrim");
	GtkGesture *tap = gtk_gesture_click_new();

	gtk_widget_set_visible(scrim, FALSE);
	g_signal_connect(tap, "pressed", tapped, self);
	gtk_widget_add_controller(scrim, GTK_EVENT_CONTROLLER(tap));
	return scrim;
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

	gtk_label_set_text(GTK_LABEL(self->warning_title),
			   td_patient_view_addressed(self->view, N_("Do you need more time?")));
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
	gboolean news = !gtk_widget_get_visible(self->warning);

	self->warning_left = seconds_left;
	td_warning_update(self);
	gtk_widget_set_visible(self->warning, TRUE);
	if (self->warning_tick_id == 0)
		self->warning_tick_id = g_timeout_add_seconds(1, td_warning_tick_cb, self);
	if (news)
		td_kiosk_window_voice_update(self);
}

gchar *
td_kiosk_window_warning_spoken(TdKioskWindow *self)
{
	/* the question and that the number is kept, not the countdown (it
	 * changes every second, and would be said again each time) */
	if (gtk_widget_get_visible(self->warning_kept))
		return g_strdup_printf("%s %s", gtk_label_get_text(GTK_LABEL(self->warning_title)),
				       gtk_label_get_text(GTK_LABEL(self->warning_kept)));
	return g_strdup(gtk_label_get_text(GTK_LABEL(self->warning_title)));
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

/* A touch anywhere on the dimmed page says the patient is there. */
static void
td_warning_scrim_pressed_cb(GtkGestureClick *gesture, gint n_press, gdouble x, gdouble y, TdKioskWindow *self)
{
	td_warning_more_time_cb(NULL, self);
}

/* The warning over the page dimmed (the pages' area: td-kiosk-window.c
 * keeps the bar and the strip in reach): the page under it reads as set
 * aside, and a tap meant for the warning that lands beside it (an elderly
 * patient's finger near an answer's edge) gives more time instead of
 * answering a question the patient was not looking at. */
GtkWidget *
td_kiosk_window_build_warning(TdKioskWindow *self)
{
	GtkWidget *scrim = td_kiosk_window_scrim_new(G_CALLBACK(td_warning_scrim_pressed_cb), self);
	GtkWidget *box = td_ui_append(scrim, td_kiosk_window_overlay_box_new());

	gtk_widget_set_visible(box, TRUE);
	gtk_widget_set_vexpand(box, TRUE);

	self->warning_title = td_ui_append(box, td_ui_label_new("td-title"));
	self->warning_count = td_ui_append(box, td_ui_label_new("td-body"));
	self->warning_kept = td_ui_append(box, td_ui_label_new("td-body"));
	self->warning_button = td_ui_append(box, td_ui_button_new("", "td-primary"));
	gtk_widget_set_halign(self->warning_button, GTK_ALIGN_CENTER);
	g_signal_connect(self->warning_button, "clicked", G_CALLBACK(td_warning_more_time_cb), self);
	return scrim;
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
td_kiosk_window_say_news(TdKioskWindow *self, const gchar *message_key, const gchar *text)
{
	TdVoice *voice = td_kiosk_window_voice(self);

	if (voice != NULL && text != NULL && text[0] != '\0')
		td_voice_say(voice, message_key, text, td_i18n_language_code(td_i18n_get_language()));
}

void
td_repeat_cb(TdPatientStrip *strip, TdKioskWindow *self)
{
	td_kiosk_window_speak(self);
}
