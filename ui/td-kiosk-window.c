/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-access-key.h"
#include "td-dashboard.h"
#include "td-demo-env.h"
#include "td-i18n.h"
#include "td-kiosk-window.h"
#include "td-pin-page.h"
#include "td-secret.h"
#include "td-staff-console.h"
#include "td-staff-pin.h"
#include "td-ui-util.h"
#include "td-wedge-capture.h"

struct _TdKioskWindow {
	GtkApplicationWindow parent_instance;
	TdKioskContext *context;
	gboolean allow_close;

	GtkWidget *stack;
	TdPatientPages *patient;
	GtkWidget *vneid;
	GtkWidget *pin;
	GtkWidget *staff;
	GtkWidget *dashboard;
	TdPatientView *view;

	/* top bar */
	GtkWidget *station_label;
	GtkWidget *training_label;
	GtkWidget *language_button;
	GtkWidget *large_button;
	GtkWidget *contrast_button;
	GtkWidget *staff_button;

	/* the "more time?" warning over every page */
	GtkWidget *warning;
	GtkWidget *warning_title;
	GtkWidget *warning_count;
	GtkWidget *warning_button;
	guint warning_left;
	guint warning_tick_id;

	/* staff screens' own inactivity timer (the session times patients) */
	guint staff_idle_id;

	TdWedgeCapture *wedge;
};

G_DEFINE_FINAL_TYPE(TdKioskWindow, td_kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

static gboolean
td_is_staff_page(const gchar *name)
{
	return g_strcmp0(name, "pin") == 0 || g_strcmp0(name, "staff") == 0 || g_strcmp0(name, "dashboard") == 0;
}

static guint
td_idle_timeout_s(TdKioskWindow *self)
{
	if (self->context != NULL && self->context->config != NULL && self->context->config->idle_timeout_s > 0)
		return self->context->config->idle_timeout_s;
	return 60;
}

static guint
td_warning_s(TdKioskWindow *self)
{
	if (self->context != NULL && self->context->config != NULL && self->context->config->warning_s > 0)
		return self->context->config->warning_s;
	return 15;
}

/* ---- the warning -------------------------------------------------------- */

static void
td_kiosk_window_hide_warning(TdKioskWindow *self)
{
	g_clear_handle_id(&self->warning_tick_id, g_source_remove);
	gtk_widget_set_visible(self->warning, FALSE);
}

static void
td_warning_update(TdKioskWindow *self)
{
	g_autofree gchar *count = g_strdup_printf(_("The screen goes back to the start in %u seconds."),
						  self->warning_left);
	gtk_label_set_text(GTK_LABEL(self->warning_title), _("Do you need more time?"));
	gtk_label_set_text(GTK_LABEL(self->warning_count), count);
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

/* ---- staff screens' inactivity ------------------------------------------ */

static void td_kiosk_window_arm_staff_timer(TdKioskWindow *self);

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

static void
td_kiosk_window_arm_staff_timer(TdKioskWindow *self)
{
	guint total = td_idle_timeout_s(self) * 2; /* staff read longer than patients */
	g_clear_handle_id(&self->staff_idle_id, g_source_remove);
	if (!td_is_staff_page(td_kiosk_window_get_page(self)))
		return;
	self->staff_idle_id = g_timeout_add_seconds(total - MIN(total - 1, td_warning_s(self)), td_staff_warn_cb, self);
}

static void
td_activity_cb(GtkGestureClick *gesture, gint n_press, gdouble x, gdouble y, TdKioskWindow *self)
{
	/* any touch on a staff screen counts as "still here" */
	if (td_is_staff_page(td_kiosk_window_get_page(self)) && !gtk_widget_get_visible(self->warning))
		td_kiosk_window_arm_staff_timer(self);
}

static void
td_warning_more_time_cb(GtkButton *button, TdKioskWindow *self)
{
	td_kiosk_window_hide_warning(self);
	if (td_is_staff_page(td_kiosk_window_get_page(self)))
		td_kiosk_window_arm_staff_timer(self);
	else if (self->context != NULL && self->context->session != NULL)
		td_checkin_session_extend_time(self->context->session);
}

/* ---- pages --------------------------------------------------------------- */

void
td_kiosk_window_show_page(TdKioskWindow *self, const gchar *name)
{
	gboolean staff = td_is_staff_page(name);

	td_kiosk_window_hide_warning(self);
	if (g_strcmp0(name, "vneid") == 0 && g_strcmp0(td_kiosk_window_get_page(self), "vneid") != 0)
		td_vneid_page_reset(TD_VNEID_PAGE(self->vneid));
	if (g_strcmp0(name, "pin") == 0)
		td_pin_page_reset(TD_PIN_PAGE(self->pin));
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), name);
	/* scanner text and patient buttons only on patient screens; staff have
	 * an entry of their own on theirs */
	td_wedge_capture_set_enabled(self->wedge, !staff);
	gtk_widget_set_visible(self->staff_button, !staff);
	td_kiosk_window_arm_staff_timer(self);
}

const gchar *
td_kiosk_window_get_page(TdKioskWindow *self)
{
	return gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
}

void
td_kiosk_window_show_patient(TdKioskWindow *self, const gchar *page, const TdPatientView *view)
{
	td_patient_pages_update(self->patient, view);
	td_kiosk_window_show_page(self, page);
}

void
td_kiosk_window_reset(TdKioskWindow *self)
{
	td_patient_view_clear(self->view);
	td_patient_pages_update(self->patient, NULL);
	td_vneid_page_reset(TD_VNEID_PAGE(self->vneid));
	td_pin_page_reset(TD_PIN_PAGE(self->pin));
	td_staff_console_clear(TD_STAFF_CONSOLE(self->staff));
	g_clear_handle_id(&self->staff_idle_id, g_source_remove);
	if (self->context != NULL && self->context->session != NULL &&
	    td_checkin_session_get_state(self->context->session) != TD_CHECKIN_STATE_IDLE &&
	    td_checkin_session_get_state(self->context->session) != TD_CHECKIN_STATE_OUT_OF_SERVICE)
		td_checkin_session_send_event(self->context->session, TD_CHECKIN_EVENT_RESET);
	td_kiosk_window_show_page(self, "idle");
}

/* ---- the session --------------------------------------------------------- */

static void
td_kiosk_window_copy_view(TdKioskWindow *self, TdCheckinSession *session)
{
	const TdDg13 *dg13 = td_checkin_session_get_dg13(session);
	const TdCheckinRecord *record = td_checkin_session_get_record(session);
	const TdEligibility *eligibility = td_checkin_session_get_eligibility(session);

	td_patient_view_clear(self->view);
	if (dg13 != NULL)
		self->view->full_name = g_strdup(dg13->full_name);
	self->view->eligibility = td_policy_eligibility_from_result(eligibility);
	if (record != NULL) {
		self->view->decided = TRUE;
		self->view->eligibility = record->eligibility;
		self->view->outcome = record->outcome;
		self->view->see_staff_reason = g_strdup(record->see_staff_reason);
		self->view->queue_number = record->queue_number;
		self->view->registered_here = record->registered_here;
	}
	self->view->key_refused = td_checkin_session_get_key_refused(session);
	self->view->vneid_pending = td_checkin_session_get_vneid_pending(session);
	self->view->commit_failed = td_checkin_session_get_commit_error(session) != NULL;
}

static void
td_session_state_changed_cb(TdCheckinSession *session, guint old_state, guint new_state, TdKioskWindow *self)
{
	const gchar *page = "idle";

	/* staff at work are not thrown out by a card laid on the reader */
	if (td_is_staff_page(td_kiosk_window_get_page(self)) && new_state != TD_CHECKIN_STATE_IDLE)
		return;
	/* the record is being stored (milliseconds): the page stays as it is
	 * and the number comes with the next state, once it is on disk */
	if (new_state == TD_CHECKIN_STATE_COMMITTING)
		return;
	td_kiosk_window_copy_view(self, session);
	switch ((TdCheckinState)new_state) {
	case TD_CHECKIN_STATE_IDLE:
		if (td_is_staff_page(td_kiosk_window_get_page(self)))
			return;
		td_kiosk_window_reset(self);
		return;
	case TD_CHECKIN_STATE_CARD_PRESENT:
		td_patient_pages_set_reading_step(self->patient, TD_READING_STEP_CARD_FOUND);
		page = "reading";
		break;
	case TD_CHECKIN_STATE_KEY_NEEDED:
		page = "key";
		break;
	case TD_CHECKIN_STATE_READING:
		td_patient_pages_set_reading_step(self->patient, TD_READING_STEP_READING);
		page = "reading";
		break;
	case TD_CHECKIN_STATE_VERIFYING:
		td_patient_pages_set_reading_step(self->patient, TD_READING_STEP_CHECKING_INSURANCE);
		page = "reading";
		break;
	case TD_CHECKIN_STATE_ENTERING_KEY:
		page = "key";
		break;
	case TD_CHECKIN_STATE_AWAITING_CARD:
		page = "idle";
		break;
	case TD_CHECKIN_STATE_VNEID_STEP:
		page = "vneid";
		break;
	case TD_CHECKIN_STATE_TICKET:
		page = self->view->commit_failed || self->view->outcome == TD_OUTCOME_SEE_STAFF ? "see-staff"
											      : "ticket";
		break;
	case TD_CHECKIN_STATE_SEE_STAFF:
		page = "see-staff";
		break;
	case TD_CHECKIN_STATE_COMMITTING: /* handled above */
	case TD_CHECKIN_STATE_OUT_OF_SERVICE:
	default:
		page = "out-of-service";
		break;
	}
	td_kiosk_window_show_patient(self, page, self->view);
}

static void
td_session_warning_cb(TdCheckinSession *session, guint seconds_left, TdKioskWindow *self)
{
	if (!td_is_staff_page(td_kiosk_window_get_page(self)))
		td_kiosk_window_show_warning(self, seconds_left);
}

static void
td_kiosk_window_submit_keys(TdKioskWindow *self, TdAccessKeyList *keys)
{
	if (self->context == NULL || self->context->session == NULL) {
		td_access_key_list_free(keys);
		return;
	}
	td_checkin_session_submit_access_key(self->context->session, keys);
}

static void
td_id_submitted_cb(TdPatientPages *pages, const gchar *id12, TdKioskWindow *self)
{
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_id(id12, NULL, NULL, NULL, &error);
	if (keys == NULL) {
		g_debug("typed ID refused: %s", error->message);
		return;
	}
	td_kiosk_window_submit_keys(self, keys);
}

void
td_kiosk_window_scan(TdKioskWindow *self, const gchar *text)
{
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_qr(text, NULL, &error);

	/* some scanners are set to send only the ID number */
	if (keys == NULL && strlen(text) == 12) {
		g_clear_error(&error);
		keys = td_access_key_list_new_from_id(text, NULL, NULL, NULL, &error);
	}
	if (keys == NULL) {
		/* never log the text: it is the card's personal data */
		g_debug("scan is not a CCCD QR code: %s", error->message);
		return;
	}
	td_kiosk_window_submit_keys(self, keys);
}

static void
td_wedge_scan_cb(const gchar *text, gpointer user_data)
{
	td_kiosk_window_scan(TD_KIOSK_WINDOW(user_data), text);
}

static void
td_session_event(TdKioskWindow *self, TdCheckinEvent event)
{
	if (self->context != NULL && self->context->session != NULL)
		td_checkin_session_send_event(self->context->session, event);
	else if (event == TD_CHECKIN_EVENT_DONE || event == TD_CHECKIN_EVENT_RESET)
		td_kiosk_window_reset(self);
}

static void
td_continue_cb(TdPatientPages *pages, TdKioskWindow *self)
{
	td_session_event(self, TD_CHECKIN_EVENT_CONTINUE);
}

static void
td_done_cb(TdPatientPages *pages, TdKioskWindow *self)
{
	td_session_event(self, TD_CHECKIN_EVENT_DONE);
}

static void
td_cancel_cb(TdPatientPages *pages, TdKioskWindow *self)
{
	td_session_event(self, TD_CHECKIN_EVENT_RESET);
	td_kiosk_window_reset(self);
}

static void
td_key_entry_cb(TdPatientPages *pages, TdKioskWindow *self)
{
	if (self->context != NULL && self->context->session != NULL)
		td_checkin_session_send_event(self->context->session, TD_CHECKIN_EVENT_KEY_ENTRY);
	else
		td_kiosk_window_show_page(self, "key");
}

static void
td_vneid_answered_cb(TdVneidPage *page, guint answer, TdKioskWindow *self)
{
	if (self->context != NULL && self->context->session != NULL)
		td_checkin_session_answer_vneid(self->context->session, (TdVneidAnswer)answer);
}

static void
td_vneid_done_cb(TdVneidPage *page, TdKioskWindow *self)
{
	td_session_event(self, TD_CHECKIN_EVENT_DONE);
}

/* ---- staff --------------------------------------------------------------- */

static void
td_staff_button_cb(GtkButton *button, TdKioskWindow *self)
{
	td_kiosk_window_show_page(self, "pin");
}

/* The core's PIN check: hash, lock-out counted in the store. */
static TdPinVerdict
td_verify_pin(const gchar *pin, guint *wait_s, gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(user_data);
	g_autoptr(GError) error = NULL;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_WRONG;

	if (self->context == NULL || self->context->config == NULL || self->context->store == NULL ||
	    self->context->config->staff_pin_hash == NULL)
		return TD_PIN_NOT_SET;
	if (!td_staff_pin_verify(self->context->store, self->context->config, pin, g_get_real_time() / G_USEC_PER_SEC,
				 &verdict, wait_s, &error)) {
		g_warning("staff PIN: %s", error->message);
		return TD_PIN_NOT_SET;
	}
	switch (verdict) {
	case TD_STAFF_PIN_OK:
		return TD_PIN_ACCEPTED;
	case TD_STAFF_PIN_LOCKED:
		return TD_PIN_LOCKED;
	case TD_STAFF_PIN_WRONG:
	default:
		return TD_PIN_WRONG;
	}
}

static void
td_pin_unlocked_cb(TdPinPage *page, TdKioskWindow *self)
{
	if (self->context != NULL && self->context->store != NULL)
		td_store_record_staff_action(self->context->store, "pin-login", 0, 0, NULL, NULL);
	td_staff_console_refresh(TD_STAFF_CONSOLE(self->staff));
	td_kiosk_window_show_page(self, "staff");
}

static void
td_back_to_idle_cb(GtkWidget *widget, TdKioskWindow *self)
{
	td_kiosk_window_reset(self);
}

static void
td_open_dashboard_cb(GtkWidget *widget, TdKioskWindow *self)
{
	td_dashboard_refresh(TD_DASHBOARD(self->dashboard));
	td_kiosk_window_show_page(self, "dashboard");
}

static void
td_dashboard_close_cb(GtkWidget *widget, TdKioskWindow *self)
{
	td_kiosk_window_show_page(self, "staff");
}

static void
td_staff_quit_cb(GtkWidget *widget, TdKioskWindow *self)
{
	td_kiosk_window_allow_close(self);
	gtk_window_close(GTK_WINDOW(self));
}

/* ---- top bar --------------------------------------------------------------- */

void
td_kiosk_window_set_large_text(TdKioskWindow *self, gboolean large)
{
	if (large)
		gtk_widget_add_css_class(GTK_WIDGET(self), "td-large-text");
	else
		gtk_widget_remove_css_class(GTK_WIDGET(self), "td-large-text");
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(self->large_button), large);
}

void
td_kiosk_window_set_high_contrast(TdKioskWindow *self, gboolean high)
{
	if (high)
		gtk_widget_add_css_class(GTK_WIDGET(self), "td-high-contrast");
	else
		gtk_widget_remove_css_class(GTK_WIDGET(self), "td-high-contrast");
	gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(self->contrast_button), high);
}

static void
td_large_toggled_cb(GtkToggleButton *button, TdKioskWindow *self)
{
	gboolean on = gtk_toggle_button_get_active(button);
	if (on != gtk_widget_has_css_class(GTK_WIDGET(self), "td-large-text"))
		td_kiosk_window_set_large_text(self, on);
}

static void
td_contrast_toggled_cb(GtkToggleButton *button, TdKioskWindow *self)
{
	gboolean on = gtk_toggle_button_get_active(button);
	if (on != gtk_widget_has_css_class(GTK_WIDGET(self), "td-high-contrast"))
		td_kiosk_window_set_high_contrast(self, on);
}

static void
td_language_clicked_cb(GtkButton *button, TdKioskWindow *self)
{
	td_i18n_set_language(td_i18n_get_language() == TD_LANGUAGE_VI ? TD_LANGUAGE_EN : TD_LANGUAGE_VI);
}

static void
td_kiosk_window_retranslate(TdKioskWindow *self)
{
	/* the switch names the other language in that language */
	td_ui_button_set_text(self->language_button,
			      td_i18n_get_language() == TD_LANGUAGE_VI ? "English" : "Tiếng Việt");
	td_ui_button_set_text(self->large_button, _("Larger text"));
	td_ui_button_set_text(self->contrast_button, _("High contrast"));
	td_ui_button_set_text(self->staff_button, _("Staff"));
	gtk_label_set_text(GTK_LABEL(self->training_label), _("Training mode"));
	gtk_window_set_title(GTK_WINDOW(self), _("Check-in kiosk"));
	if (gtk_widget_get_visible(self->warning))
		td_warning_update(self);
}

static void
td_language_changed_cb(TdI18n *i18n, TdKioskWindow *self)
{
	td_kiosk_window_retranslate(self);
}

static gboolean
td_close_request_cb(GtkWindow *window, TdKioskWindow *self)
{
	/* TRUE stops the close: patients (and a stray Alt+F4) cannot end the kiosk */
	return !self->allow_close;
}

void
td_kiosk_window_allow_close(TdKioskWindow *self)
{
	self->allow_close = TRUE;
}

TdPatientPages *
td_kiosk_window_get_patient_pages(TdKioskWindow *self)
{
	return self->patient;
}

TdVneidPage *
td_kiosk_window_get_vneid_page(TdKioskWindow *self)
{
	return TD_VNEID_PAGE(self->vneid);
}

GtkWidget *
td_kiosk_window_get_staff_console(TdKioskWindow *self)
{
	return self->staff;
}

GtkWidget *
td_kiosk_window_get_dashboard(TdKioskWindow *self)
{
	return self->dashboard;
}

GtkWidget *
td_kiosk_window_get_pin_page(TdKioskWindow *self)
{
	return self->pin;
}

static void
td_kiosk_window_dispose(GObject *object)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(object);

	g_clear_handle_id(&self->warning_tick_id, g_source_remove);
	g_clear_handle_id(&self->staff_idle_id, g_source_remove);
	if (self->context != NULL && self->context->session != NULL)
		g_signal_handlers_disconnect_by_data(self->context->session, self);
	g_clear_object(&self->patient);
	G_OBJECT_CLASS(td_kiosk_window_parent_class)->dispose(object);
}

static void
td_kiosk_window_finalize(GObject *object)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(object);
	td_patient_view_free(self->view);
	td_wedge_capture_free(self->wedge);
	G_OBJECT_CLASS(td_kiosk_window_parent_class)->finalize(object);
}

static void
td_kiosk_window_class_init(TdKioskWindowClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = td_kiosk_window_dispose;
	object_class->finalize = td_kiosk_window_finalize;
}

static void
td_kiosk_window_init(TdKioskWindow *self)
{
	self->view = td_patient_view_new();
}

static GtkWidget *
td_toggle_new(void)
{
	GtkWidget *button = gtk_toggle_button_new();
	GtkWidget *label = gtk_label_new(NULL);
	gtk_button_set_child(GTK_BUTTON(button), label);
	gtk_widget_add_css_class(button, "td-button");
	gtk_widget_add_css_class(button, "td-small");
	return button;
}

/* Staff screens are dense: they scroll rather than widen the window. */
static GtkWidget *
td_scrolled(GtkWidget *child)
{
	GtkWidget *scroller = gtk_scrolled_window_new();
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), child);
	return scroller;
}

static GtkWidget *
td_kiosk_window_build_topbar(TdKioskWindow *self)
{
	GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	const TdConfig *config = self->context != NULL ? self->context->config : NULL;

	gtk_widget_add_css_class(bar, "td-topbar");
	self->station_label = gtk_label_new(config != NULL ? config->station_name : NULL);
	gtk_widget_add_css_class(self->station_label, "td-hint");
	gtk_label_set_ellipsize(GTK_LABEL(self->station_label), PANGO_ELLIPSIZE_END);
	gtk_widget_set_hexpand(self->station_label, TRUE);
	gtk_label_set_xalign(GTK_LABEL(self->station_label), 0);
	gtk_box_append(GTK_BOX(bar), self->station_label);

	self->training_label = gtk_label_new(NULL);
	gtk_widget_add_css_class(self->training_label, "td-warn");
	gtk_widget_set_visible(self->training_label, self->context != NULL && self->context->demo != NULL);
	gtk_box_append(GTK_BOX(bar), self->training_label);

	self->language_button = td_ui_button_new("", "td-small");
	g_signal_connect(self->language_button, "clicked", G_CALLBACK(td_language_clicked_cb), self);
	gtk_box_append(GTK_BOX(bar), self->language_button);
	self->large_button = td_toggle_new();
	g_signal_connect(self->large_button, "toggled", G_CALLBACK(td_large_toggled_cb), self);
	gtk_box_append(GTK_BOX(bar), self->large_button);
	self->contrast_button = td_toggle_new();
	g_signal_connect(self->contrast_button, "toggled", G_CALLBACK(td_contrast_toggled_cb), self);
	gtk_box_append(GTK_BOX(bar), self->contrast_button);
	self->staff_button = td_ui_button_new("", "td-small");
	g_signal_connect(self->staff_button, "clicked", G_CALLBACK(td_staff_button_cb), self);
	gtk_box_append(GTK_BOX(bar), self->staff_button);
	return bar;
}

static GtkWidget *
td_kiosk_window_build_warning(TdKioskWindow *self)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 24);

	gtk_widget_add_css_class(box, "td-warning-box");
	gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	self->warning_title = td_ui_label_new("td-title");
	gtk_box_append(GTK_BOX(box), self->warning_title);
	self->warning_count = td_ui_label_new("td-body");
	gtk_box_append(GTK_BOX(box), self->warning_count);
	self->warning_button = td_ui_button_new("", "td-primary");
	g_signal_connect(self->warning_button, "clicked", G_CALLBACK(td_warning_more_time_cb), self);
	gtk_box_append(GTK_BOX(box), self->warning_button);
	gtk_widget_set_visible(box, FALSE);
	return box;
}

TdKioskWindow *
td_kiosk_window_new(GtkApplication *app, TdKioskContext *context)
{
	TdKioskWindow *self = g_object_new(TD_TYPE_KIOSK_WINDOW, "application", app, NULL);
	GtkWidget *overlay = gtk_overlay_new();
	GtkWidget *column = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	GtkGesture *click = gtk_gesture_click_new();

	self->context = context;
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-kiosk");
	/* a kiosk must not open the GTK inspector on Ctrl+Shift+D */
	gtk_window_set_interactive_debugging(FALSE);
	gtk_window_set_default_size(GTK_WINDOW(self), 1280, 800);

	gtk_box_append(GTK_BOX(column), td_kiosk_window_build_topbar(self));
	self->stack = gtk_stack_new();
	gtk_stack_set_transition_type(GTK_STACK(self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
	/* in the large-text mode a page may be taller than the screen: it then
	 * scrolls rather than being cut off */
	{
		GtkWidget *scroller = gtk_scrolled_window_new();
		gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
		gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), self->stack);
		gtk_widget_set_vexpand(scroller, TRUE);
		gtk_box_append(GTK_BOX(column), scroller);
	}
	gtk_overlay_set_child(GTK_OVERLAY(overlay), column);
	self->warning = td_kiosk_window_build_warning(self);
	gtk_overlay_add_overlay(GTK_OVERLAY(overlay), self->warning);
	gtk_window_set_child(GTK_WINDOW(self), overlay);

	self->patient = td_patient_pages_new(GTK_STACK(self->stack));
	g_signal_connect(self->patient, "id-submitted", G_CALLBACK(td_id_submitted_cb), self);
	g_signal_connect(self->patient, "continue", G_CALLBACK(td_continue_cb), self);
	g_signal_connect(self->patient, "done", G_CALLBACK(td_done_cb), self);
	g_signal_connect(self->patient, "cancel", G_CALLBACK(td_cancel_cb), self);
	g_signal_connect(self->patient, "key-entry", G_CALLBACK(td_key_entry_cb), self);

	self->vneid = td_vneid_page_new();
	td_vneid_page_set_guide_url(TD_VNEID_PAGE(self->vneid), td_kiosk_context_guide_url(context));
	g_signal_connect(self->vneid, "answered", G_CALLBACK(td_vneid_answered_cb), self);
	g_signal_connect(self->vneid, "done", G_CALLBACK(td_vneid_done_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->vneid, "vneid");

	self->pin = td_pin_page_new();
	td_pin_page_set_verify_func(TD_PIN_PAGE(self->pin), td_verify_pin, self);
	g_signal_connect(self->pin, "unlocked", G_CALLBACK(td_pin_unlocked_cb), self);
	g_signal_connect(self->pin, "cancel", G_CALLBACK(td_back_to_idle_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->pin, "pin");

	self->staff = td_staff_console_new(context);
	g_signal_connect(self->staff, "close", G_CALLBACK(td_back_to_idle_cb), self);
	g_signal_connect(self->staff, "dashboard", G_CALLBACK(td_open_dashboard_cb), self);
	g_signal_connect(self->staff, "quit", G_CALLBACK(td_staff_quit_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), td_scrolled(self->staff), "staff");

	self->dashboard = td_dashboard_new(context);
	g_signal_connect(self->dashboard, "close", G_CALLBACK(td_dashboard_close_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), td_scrolled(self->dashboard), "dashboard");

	self->wedge = td_wedge_capture_new(td_wedge_scan_cb, self);
	td_wedge_capture_attach(self->wedge, GTK_WIDGET(self));
	gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), 0);
	gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(click), GTK_PHASE_CAPTURE);
	g_signal_connect(click, "pressed", G_CALLBACK(td_activity_cb), self);
	gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(click));
	g_signal_connect(self, "close-request", G_CALLBACK(td_close_request_cb), self);

	if (context != NULL && context->session != NULL) {
		g_signal_connect(context->session, "state-changed", G_CALLBACK(td_session_state_changed_cb), self);
		g_signal_connect(context->session, "warning", G_CALLBACK(td_session_warning_cb), self);
	}

	td_kiosk_window_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
	td_kiosk_window_show_page(self, "idle");
	return self;
}
