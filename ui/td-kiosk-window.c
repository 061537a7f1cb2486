/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-access-key.h"
#include "td-dashboard.h"
#include "td-i18n.h"
#include "td-kiosk-bars.h"
#include "td-kiosk-window-private.h"
#include "td-pin-page.h"
#include "td-screen-scale.h"
#include "td-staff-console.h"
#include "td-staff-pin.h"
#include "td-ui-util.h"
#include "td-wedge-capture.h"


G_DEFINE_FINAL_TYPE(TdKioskWindow, td_kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- pages --------------------------------------------------------------- */

/* The number, which the strip carries on a short screen (the strip shows
 * it there only): the VNeID pages have no line for it (td-vneid-page.c),
 * and on the ticket and see-staff pages the words above the pinned button
 * scroll, the large number below the fold on a 7" 800 x 480 panel */
static void
td_kiosk_window_update_strip(TdKioskWindow *self)
{
	TdKioskPage page = td_kiosk_window_get_page(self);
	g_autofree gchar *label = NULL;

	/* "Bước 1/3" over "Xin nhớ lấy lại thẻ căn cước" spoke to the patient
	 * who has just finished as if they had just begun: no step there */
	td_patient_strip_set_step(TD_PATIENT_STRIP(self->strip),
				  page == TD_KIOSK_PAGE_IDLE && self->view->card_left ? 0 : td_kiosk_page_step(page));

	if ((page == TD_KIOSK_PAGE_VNEID || page == TD_KIOSK_PAGE_TICKET || page == TD_KIOSK_PAGE_SEE_STAFF) &&
	    self->view->queue_number > 0)
		label = td_queue_label(self->view->queue_series, self->view->queue_number);
	td_patient_strip_set_queue_number(TD_PATIENT_STRIP(self->strip), label, self->view->print_failed);
}

void
td_kiosk_window_show_page(TdKioskWindow *self, TdKioskPage page)
{
	TdKioskPage old = td_kiosk_window_get_page(self);
	gboolean staff = td_kiosk_page_is_staff(page);

	td_kiosk_window_hide_warning(self);
	if (page == TD_KIOSK_PAGE_VNEID && old != TD_KIOSK_PAGE_VNEID)
		td_vneid_page_reset(TD_VNEID_PAGE(self->vneid));
	if (page == TD_KIOSK_PAGE_PIN)
		td_pin_page_reset(TD_PIN_PAGE(self->pin));
	if (page != old)
		self->page_shown_at = g_get_monotonic_time();
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), td_kiosk_page_to_string(page));
	/* a page taller than the screen (a 10" 1024x600 one) says so with a
	 * bar beside it: an overlay bar shows only once the page moves, and
	 * whoever does not know there is more never moves it (the console's
	 * case buttons, below a 7" panel's fold). The dashboard keeps the
	 * overlay: the bar's width would wrap it, which just fits 1024x768,
	 * past the screen's end; its figures scroll in a box with a bar */
	gtk_scrolled_window_set_overlay_scrolling(GTK_SCROLLED_WINDOW(self->scroller),
						  page == TD_KIOSK_PAGE_DASHBOARD);
	td_ui_set_css_class(self->scroller, "td-bar-shown", page != TD_KIOSK_PAGE_DASHBOARD);
	/* scanner text and patient buttons only on patient screens; staff have
	 * an entry of their own on theirs */
	td_wedge_capture_set_enabled(self->wedge, !staff);
	td_kiosk_topbar_set_staff_visible(TD_KIOSK_TOPBAR(self->topbar), !staff);
	gtk_widget_set_visible(self->strip, !staff);
	td_kiosk_window_update_strip(self);
	td_called_page_changed(self, old, page);
	td_kiosk_window_arm_staff_timer(self);
	td_kiosk_window_arm_settings_timer(self);
	td_kiosk_window_update_countdown(self);
	td_kiosk_window_voice_update(self);
}

TdKioskPage
td_kiosk_window_get_page(TdKioskWindow *self)
{
	return td_kiosk_page_from_string(gtk_stack_get_visible_child_name(GTK_STACK(self->stack)));
}

void
td_kiosk_window_show_patient(TdKioskWindow *self, TdKioskPage page, const TdPatientView *view)
{
	if (view != self->view)
		td_patient_view_copy(self->view, view);
	td_patient_pages_update(self->patient, view);
	td_vneid_page_set_patient(TD_VNEID_PAGE(self->vneid), view);
	td_kiosk_window_show_page(self, page);
}

void
td_kiosk_window_reset(TdKioskWindow *self)
{
	TdCheckinSession *session = td_kiosk_window_session(self);

	td_patient_view_clear(self->view);
	td_patient_pages_update(self->patient, NULL);
	/* nothing of the patient, but their card, if it is still there */
	self->view->card_left = session != NULL && td_checkin_session_get_card_left(session);
	if (self->view->card_left)
		td_patient_pages_update(self->patient, self->view);
	td_vneid_page_set_patient(TD_VNEID_PAGE(self->vneid), NULL);
	td_vneid_page_reset(TD_VNEID_PAGE(self->vneid));
	td_pin_page_reset(TD_PIN_PAGE(self->pin));
	td_staff_console_clear(TD_STAFF_CONSOLE(self->staff));
	if (self->context != NULL)
		self->context->staff_id = 0;
	if (self->context != NULL)
		self->context->staff_manager = FALSE;
	td_called_hide(self);
	g_clear_handle_id(&self->staff_idle_id, g_source_remove);
	g_clear_handle_id(&self->scan_unreadable_id, g_source_remove);
	td_kiosk_window_reset_settings(self);
	if (session != NULL && td_checkin_session_get_state(session) != TD_CHECKIN_STATE_IDLE &&
	    td_checkin_session_get_state(session) != TD_CHECKIN_STATE_OUT_OF_SERVICE)
		td_checkin_session_send_event(session, TD_CHECKIN_EVENT_RESET);
	td_kiosk_window_show_page(self, TD_KIOSK_PAGE_IDLE);
}

/* ---- the session --------------------------------------------------------- */

static void
td_kiosk_window_copy_view(TdKioskWindow *self, TdCheckinSession *session)
{
	const TdDg13 *dg13 = td_checkin_session_get_dg13(session);
	const TdCheckinRecord *record = td_checkin_session_get_record(session);
	const GError *commit_error = td_checkin_session_get_commit_error(session);

	td_patient_view_clear(self->view);
	g_clear_handle_id(&self->scan_unreadable_id, g_source_remove);
	if (dg13 != NULL) {
		self->view->full_name = g_strdup(dg13->full_name);
		self->view->address = td_patient_address_from_card(dg13->sex, dg13->date_of_birth, NULL);
	}
	self->view->eligibility = td_policy_eligibility_from_result(td_checkin_session_get_eligibility(session));
	if (record != NULL) {
		self->view->decided = TRUE;
		self->view->eligibility = record->eligibility;
		self->view->outcome = record->outcome;
		self->view->see_staff_reason = g_strdup(record->see_staff_reason);
		self->view->queue_number = record->queue_number;
		g_strlcpy(self->view->queue_series, record->queue_series, sizeof(self->view->queue_series));
		self->view->registered_here = record->registered_here;
	}
	self->view->key_refused = td_checkin_session_get_key_refused(session);
	self->view->key_refused_with_birth_date = td_checkin_session_get_key_refused_with_birth_date(session);
	self->view->birth_date_asked =
	    td_checkin_session_get_key_request(session) == TD_CHECKIN_KEY_REQUEST_BIRTH_DATE;
	self->view->commit_late = g_error_matches(commit_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
	self->view->commit_failed = commit_error != NULL && !self->view->commit_late;
	self->view->vneid_pending = td_checkin_session_get_vneid_pending(session);
	self->view->repeat_visit = td_checkin_session_get_repeat_visit(session);
	self->view->print_failed = td_checkin_session_get_print_error(session) != NULL;
	self->view->card_left = td_checkin_session_get_card_left(session);
}

static TdKioskPage
td_page_for_state(TdKioskWindow *self, TdCheckinState state)
{
	switch (state) {
	case TD_CHECKIN_STATE_IDLE:
		return TD_KIOSK_PAGE_IDLE;
	case TD_CHECKIN_STATE_ENTERING_KEY:
	case TD_CHECKIN_STATE_KEY_NEEDED:
		return TD_KIOSK_PAGE_KEY;
	case TD_CHECKIN_STATE_AWAITING_CARD:
		return TD_KIOSK_PAGE_AWAITING_CARD;
	case TD_CHECKIN_STATE_CARD_PRESENT:
		td_patient_pages_set_reading_step(self->patient, TD_READING_STEP_CARD_FOUND);
		return TD_KIOSK_PAGE_READING;
	case TD_CHECKIN_STATE_READING:
		td_patient_pages_set_reading_step(self->patient, TD_READING_STEP_READING);
		return TD_KIOSK_PAGE_READING;
	case TD_CHECKIN_STATE_VERIFYING:
	case TD_CHECKIN_STATE_COMMITTING:
		td_patient_pages_set_reading_step(self->patient, TD_READING_STEP_CHECKING_INSURANCE);
		return TD_KIOSK_PAGE_READING;
	case TD_CHECKIN_STATE_TICKET:
		return self->view->commit_failed || self->view->commit_late ? TD_KIOSK_PAGE_SEE_STAFF
									  : TD_KIOSK_PAGE_TICKET;
	case TD_CHECKIN_STATE_VNEID_STEP:
		return TD_KIOSK_PAGE_VNEID;
	case TD_CHECKIN_STATE_SEE_STAFF:
		return TD_KIOSK_PAGE_SEE_STAFF;
	case TD_CHECKIN_STATE_OUT_OF_SERVICE:
	default:
		return TD_KIOSK_PAGE_OUT_OF_SERVICE;
	}
}

static void
td_session_state_changed_cb(TdCheckinSession *session, guint old_state, guint new_state, TdKioskWindow *self)
{
	/* staff at work are not thrown out by a card laid on the reader */
	if (td_kiosk_page_is_staff(td_kiosk_window_get_page(self)))
		return;
	if (new_state == TD_CHECKIN_STATE_IDLE) {
		td_kiosk_window_reset(self);
		return;
	}
	td_kiosk_window_copy_view(self, session);
	td_kiosk_window_show_patient(self, td_page_for_state(self, (TdCheckinState)new_state), self->view);
}

/* What the page shows changed, the page did not (a ticket not printed, the
 * VNeID answer taken). */
static void
td_session_updated_cb(TdCheckinSession *session, TdKioskWindow *self)
{
	gboolean was_unprinted = self->view->print_failed;

	if (td_kiosk_page_is_staff(td_kiosk_window_get_page(self)))
		return;
	td_kiosk_window_copy_view(self, session);
	td_patient_pages_update(self->patient, self->view);
	td_vneid_page_set_patient(TD_VNEID_PAGE(self->vneid), self->view);
	td_kiosk_window_update_strip(self);
	td_kiosk_window_update_countdown(self);
	td_kiosk_window_voice_update(self);
	/* the printer's answer after the patient went on to the VNeID step:
	 * that page's sentence was said, the unprinted ticket is news */
	if (!was_unprinted && self->view->print_failed && td_kiosk_window_get_page(self) == TD_KIOSK_PAGE_VNEID)
		td_kiosk_window_say_news(self, NULL, td_vneid_page_get_number_line(TD_VNEID_PAGE(self->vneid)));
}

static void
td_session_warning_cb(TdCheckinSession *session, guint seconds_left, TdKioskWindow *self)
{
	if (!td_kiosk_page_is_staff(td_kiosk_window_get_page(self)))
		td_kiosk_window_show_warning(self, seconds_left);
}

static void
td_kiosk_window_submit_keys(TdKioskWindow *self, TdAccessKeyList *keys)
{
	if (td_kiosk_window_session(self) == NULL) {
		td_access_key_list_free(keys);
		return;
	}
	td_checkin_session_submit_access_key(td_kiosk_window_session(self), keys);
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

static void
td_birth_date_submitted_cb(TdPatientPages *pages, guint day, guint month, guint year, TdKioskWindow *self)
{
	if (td_kiosk_window_session(self) != NULL && !td_checkin_session_submit_birth_date(td_kiosk_window_session(self), day, month, year)) {
		/* no such day: the pad stays, the patient types it again */
		g_debug("the birth date typed is no date");
	}
}

/* A code the scanner read that opens nothing (the paper insurance card's
 * QR, a medicine box, a scan cut short): the patient who held it up is
 * told, where before nothing on the screen moved and they held it up
 * again and again. The words go after a while, or with the next page. */
#define TD_SCAN_UNREADABLE_SECONDS 20

static gboolean
td_scan_unreadable_expired_cb(gpointer user_data)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(user_data);

	self->scan_unreadable_id = 0;
	self->view->scan_unreadable = FALSE;
	td_patient_pages_update(self->patient, self->view);
	return G_SOURCE_REMOVE;
}

static void
td_kiosk_window_show_scan_unreadable(TdKioskWindow *self)
{
	self->view->scan_unreadable = TRUE;
	td_patient_pages_update(self->patient, self->view);
	g_clear_handle_id(&self->scan_unreadable_id, g_source_remove);
	self->scan_unreadable_id = g_timeout_add_seconds(TD_SCAN_UNREADABLE_SECONDS, td_scan_unreadable_expired_cb, self);
}

void
td_kiosk_window_scan(TdKioskWindow *self, const gchar *text)
{
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_scan(text, NULL, &error);

	if (keys == NULL) {
		/* never log the text: it is the card's personal data */
		g_debug("scan is neither a CCCD QR code nor an MRZ: %s", error->message);
		td_kiosk_window_show_scan_unreadable(self);
		return;
	}
	td_kiosk_window_submit_keys(self, keys);
}

static void
td_wedge_scan_cb(const gchar *text, gpointer user_data)
{
	td_kiosk_window_scan(TD_KIOSK_WINDOW(user_data), text);
}

/* The evdev scanner: only the patient's pages take a scan, as with the
 * wedge (staff screens have entries of their own). */
static void
td_scanner_scanned_cb(GObject *scanner, const gchar *text, TdKioskWindow *self)
{
	if (!td_kiosk_page_is_staff(td_kiosk_window_get_page(self)))
		td_kiosk_window_scan(self, text);
}

static void
td_session_event(TdKioskWindow *self, TdCheckinEvent event)
{
	if (td_kiosk_window_session(self) != NULL)
		td_checkin_session_send_event(td_kiosk_window_session(self), event);
	else if (event == TD_CHECKIN_EVENT_DONE || event == TD_CHECKIN_EVENT_RESET ||
		 event == TD_CHECKIN_EVENT_CONTINUE)
		td_kiosk_window_reset(self);
}

static void
td_continue_cb(TdPatientPages *pages, TdKioskWindow *self)
{
	td_session_event(self, TD_CHECKIN_EVENT_CONTINUE);
}

static void
td_done_cb(GObject *source, TdKioskWindow *self)
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
	if (td_kiosk_window_session(self) != NULL)
		td_checkin_session_send_event(td_kiosk_window_session(self), TD_CHECKIN_EVENT_KEY_ENTRY);
	else
		td_kiosk_window_show_page(self, TD_KIOSK_PAGE_KEY);
}

static void
td_vneid_answered_cb(TdVneidPage *page, guint answer, TdKioskWindow *self)
{
	if (td_kiosk_window_session(self) != NULL)
		td_checkin_session_answer_vneid(td_kiosk_window_session(self), (TdVneidAnswer)answer);
	/* the page's view changed with the answer */
	td_kiosk_window_voice_update(self);
}

/* ---- staff --------------------------------------------------------------- */

static void
td_staff_button_cb(TdKioskTopbar *bar, TdKioskWindow *self)
{
	self->pin_purpose = TD_PIN_FOR_CONSOLE;
	td_kiosk_window_show_page(self, TD_KIOSK_PAGE_PIN);
}

static void
td_pin_unlocked_cb(TdPinPage *page, TdKioskWindow *self)
{
	/* the audit trail names whoever typed the PIN, until the staff
	 * screens are left */
	if (self->context != NULL) {
		self->context->staff_id = td_pin_page_get_staff_id(page);
		self->context->staff_manager = td_pin_page_get_staff_is_manager(page);
	}
	if (self->pin_purpose == TD_PIN_FOR_QUIT) {
		td_kiosk_context_record_action_async(self->context, "quit", NULL);
		td_kiosk_window_allow_close(self);
		gtk_window_close(GTK_WINDOW(self));
		return;
	}
	td_kiosk_context_record_action_async(self->context, "pin-login", NULL);
	td_staff_console_refresh(TD_STAFF_CONSOLE(self->staff));
	td_kiosk_window_show_page(self, TD_KIOSK_PAGE_STAFF);
}

static void
td_pin_cancel_cb(TdPinPage *page, TdKioskWindow *self)
{
	/* back where the staff member came from */
	if (self->pin_purpose == TD_PIN_FOR_QUIT)
		td_kiosk_window_show_page(self, TD_KIOSK_PAGE_STAFF);
	else
		td_kiosk_window_reset(self);
}

static void
td_back_to_idle_cb(GtkWidget *widget, TdKioskWindow *self)
{
	td_kiosk_window_reset(self);
}

static void
td_open_dashboard_cb(GtkWidget *widget, TdKioskWindow *self)
{
	/* the console shows the way to managers only */
	if (self->context == NULL || !self->context->staff_manager)
		return;
	/* today's, whatever day was browsed last or the kiosk started on
	 * (it runs for days) */
	td_dashboard_show_day(TD_DASHBOARD(self->dashboard), NULL);
	td_kiosk_window_show_page(self, TD_KIOSK_PAGE_DASHBOARD);
}

static void
td_dashboard_close_cb(GtkWidget *widget, TdKioskWindow *self)
{
	td_kiosk_window_show_page(self, TD_KIOSK_PAGE_STAFF);
}

/* Ending the kiosk is asked again with the PIN: a console left open must
 * not let a passer-by stop the station's kiosk. */
static void
td_staff_quit_cb(GtkWidget *widget, TdKioskWindow *self)
{
	self->pin_purpose = TD_PIN_FOR_QUIT;
	td_kiosk_window_show_page(self, TD_KIOSK_PAGE_PIN);
	td_pin_page_set_purpose(TD_PIN_PAGE(self->pin), _("Enter the PIN again to quit the kiosk"));
}

/* ---- settings ------------------------------------------------------------- */

void
td_kiosk_window_set_large_text(TdKioskWindow *self, gboolean large)
{
	td_kiosk_topbar_set_large_text(TD_KIOSK_TOPBAR(self->topbar), large);
}

void
td_kiosk_window_set_high_contrast(TdKioskWindow *self, gboolean high)
{
	td_kiosk_topbar_set_high_contrast(TD_KIOSK_TOPBAR(self->topbar), high);
}

gboolean
td_kiosk_window_get_large_text(TdKioskWindow *self)
{
	return td_kiosk_topbar_get_large_text(TD_KIOSK_TOPBAR(self->topbar));
}

gboolean
td_kiosk_window_get_high_contrast(TdKioskWindow *self)
{
	return td_kiosk_topbar_get_high_contrast(TD_KIOSK_TOPBAR(self->topbar));
}

static void
td_kiosk_window_retranslate(TdKioskWindow *self)
{
	gtk_window_set_title(GTK_WINDOW(self), _("Check-in kiosk"));
	if (gtk_widget_get_visible(self->warning))
		td_warning_update(self);
	td_called_retranslate(self);
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

gchar *
td_kiosk_window_get_spoken(TdKioskWindow *self, const gchar **message_key)
{
	TdKioskPage page = td_kiosk_window_get_page(self);
	gchar *called;

	if (message_key != NULL)
		*message_key = NULL;
	if (td_kiosk_page_is_staff(page))
		return NULL;
	/* "Gọi nhân viên" over the page: what it says, until closed */
	called = td_called_get_spoken(self, message_key);
	if (called != NULL)
		return called;
	/* the warning before a reset, over the page: said, not only shown
	 * (a patient who cannot read lost the number's page unwarned) */
	if (td_kiosk_window_warning_visible(self))
		return td_kiosk_window_warning_spoken(self);
	if (page == TD_KIOSK_PAGE_VNEID)
		return td_vneid_page_get_spoken(TD_VNEID_PAGE(self->vneid), message_key);
	return td_patient_pages_get_spoken(self->patient, page, message_key);
}

static void
td_kiosk_window_dispose(GObject *object)
{
	TdKioskWindow *self = TD_KIOSK_WINDOW(object);

	g_clear_handle_id(&self->warning_tick_id, g_source_remove);
	g_clear_handle_id(&self->staff_idle_id, g_source_remove);
	g_clear_handle_id(&self->scan_unreadable_id, g_source_remove);
	g_clear_handle_id(&self->countdown_id, g_source_remove);
	g_clear_handle_id(&self->settings_reset_id, g_source_remove);
	if (td_kiosk_window_session(self) != NULL)
		g_signal_handlers_disconnect_by_data(td_kiosk_window_session(self), self);
	if (self->context != NULL && self->context->scanner != NULL)
		g_signal_handlers_disconnect_by_data(self->context->scanner, self);
	if (self->context != NULL && self->context->watch != NULL)
		g_signal_handlers_disconnect_by_data(self->context->watch, self);
	td_called_dispose(self);
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

/* The page area: a page never makes the window wider (the stack sizes to
 * the page shown, and pages reflow), and one taller than the screen
 * scrolls rather than pushing the window off it. */
static GtkWidget *
td_kiosk_window_build_stack(TdKioskWindow *self)
{
	self->stack = gtk_stack_new();
	gtk_stack_set_transition_type(GTK_STACK(self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
	gtk_stack_set_hhomogeneous(GTK_STACK(self->stack), FALSE);
	gtk_stack_set_vhomogeneous(GTK_STACK(self->stack), FALSE);
	self->scroller = td_ui_page_scroller_new(self->stack);
	return self->scroller;
}

/* The warning's dimmed cover lies over the pages only: the bar and the
 * strip over them stay in reach ("Gọi nhân viên", "Nghe lại", the
 * toggles), as they are on every page. Where the warning is taller than
 * the pages' area (7" 800 x 480 in large text) it takes the whole window,
 * its button on the screen. */
static gboolean
td_overlay_child_position_cb(GtkOverlay *overlay, GtkWidget *child, GdkRectangle *allocation, TdKioskWindow *self)
{
	graphene_rect_t pages;
	gint needed = 0;

	if (child != self->warning || !gtk_widget_compute_bounds(self->scroller, GTK_WIDGET(overlay), &pages))
		return FALSE;
	gtk_widget_measure(child, GTK_ORIENTATION_VERTICAL, (int)pages.size.width, &needed, NULL, NULL, NULL);
	if (needed > (gint)pages.size.height)
		return FALSE;
	allocation->x = (int)pages.origin.x;
	allocation->y = (int)pages.origin.y;
	allocation->width = (int)pages.size.width;
	allocation->height = (int)pages.size.height;
	return TRUE;
}

static void
td_kiosk_window_init(TdKioskWindow *self)
{
	GtkWidget *overlay = gtk_overlay_new();
	GtkWidget *column = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	GtkGesture *click = gtk_gesture_click_new();

	self->view = td_patient_view_new();
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-kiosk");
	/* a kiosk must not open the GTK inspector on Ctrl+Shift+D */
	gtk_window_set_interactive_debugging(FALSE);
	gtk_window_set_default_size(GTK_WINDOW(self), TD_DEFAULT_WIDTH, TD_DEFAULT_HEIGHT);
	td_screen_scale_follow(GTK_WINDOW(self));

	self->topbar = td_ui_append(column, td_kiosk_topbar_new());
	td_kiosk_topbar_set_window(TD_KIOSK_TOPBAR(self->topbar), GTK_WIDGET(self));
	g_signal_connect(self->topbar, "staff", G_CALLBACK(td_staff_button_cb), self);
	g_signal_connect(self->topbar, "settings-changed", G_CALLBACK(td_settings_changed_cb), self);
	self->strip = td_ui_append(column, td_patient_strip_new());
	g_signal_connect(self->strip, "call-staff", G_CALLBACK(td_call_staff_cb), self);
	g_signal_connect(self->strip, "repeat", G_CALLBACK(td_repeat_cb), self);
	gtk_box_append(GTK_BOX(column), td_kiosk_window_build_stack(self));
	gtk_overlay_set_child(GTK_OVERLAY(overlay), column);
	self->warning = td_kiosk_window_build_warning(self);
	gtk_overlay_add_overlay(GTK_OVERLAY(overlay), self->warning);
	g_signal_connect(overlay, "get-child-position", G_CALLBACK(td_overlay_child_position_cb), self);
	{
		GtkWidget *called_scrim = NULL;
		self->called = td_kiosk_window_build_called(self, &called_scrim);
		gtk_overlay_add_overlay(GTK_OVERLAY(overlay), called_scrim);
		gtk_overlay_add_overlay(GTK_OVERLAY(overlay), self->called);
	}
	gtk_window_set_child(GTK_WINDOW(self), overlay);

	self->patient = td_patient_pages_new();
	td_patient_pages_attach(self->patient, GTK_STACK(self->stack));
	g_signal_connect(self->patient, "id-submitted", G_CALLBACK(td_id_submitted_cb), self);
	g_signal_connect(self->patient, "birth-date-submitted", G_CALLBACK(td_birth_date_submitted_cb), self);
	g_signal_connect(self->patient, "continue", G_CALLBACK(td_continue_cb), self);
	g_signal_connect(self->patient, "done", G_CALLBACK(td_done_cb), self);
	g_signal_connect(self->patient, "cancel", G_CALLBACK(td_cancel_cb), self);
	g_signal_connect(self->patient, "key-entry", G_CALLBACK(td_key_entry_cb), self);

	self->vneid = td_vneid_page_new();
	g_signal_connect(self->vneid, "answered", G_CALLBACK(td_vneid_answered_cb), self);
	g_signal_connect(self->vneid, "done", G_CALLBACK(td_done_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->vneid, td_kiosk_page_to_string(TD_KIOSK_PAGE_VNEID));

	self->pin = td_pin_page_new();
	g_signal_connect(self->pin, "unlocked", G_CALLBACK(td_pin_unlocked_cb), self);
	g_signal_connect(self->pin, "cancel", G_CALLBACK(td_pin_cancel_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->pin, td_kiosk_page_to_string(TD_KIOSK_PAGE_PIN));

	self->wedge = td_wedge_capture_new(td_wedge_scan_cb, self);
	td_wedge_capture_attach(self->wedge, GTK_WIDGET(self));
	gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(click), 0);
	gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(click), GTK_PHASE_CAPTURE);
	g_signal_connect(click, "pressed", G_CALLBACK(td_press_cb), self);
	gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(click));
	g_signal_connect(self, "close-request", G_CALLBACK(td_close_request_cb), self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
}

/* What needs the context: the staff screens, the station, the session. */
TdKioskWindow *
td_kiosk_window_new(GtkApplication *app, TdKioskContext *context)
{
	TdKioskWindow *self = g_object_new(TD_TYPE_KIOSK_WINDOW, "application", app, NULL);
	const TdConfig *config = context != NULL ? context->config : NULL;

	self->context = context;
	td_kiosk_topbar_set_station(TD_KIOSK_TOPBAR(self->topbar), config != NULL ? config->station_name : NULL);
	td_kiosk_topbar_set_training_pin(TD_KIOSK_TOPBAR(self->topbar), td_kiosk_context_training_pin(context));
	td_vneid_page_set_guide_url(TD_VNEID_PAGE(self->vneid), td_kiosk_context_guide_url(context));
	td_patient_strip_set_can_repeat(TD_PATIENT_STRIP(self->strip), context != NULL && context->voice != NULL &&
									     td_voice_get_enabled(context->voice));

	td_pin_page_set_context(TD_PIN_PAGE(self->pin), context);
	self->staff = td_staff_console_new(context);
	g_signal_connect(self->staff, "close", G_CALLBACK(td_back_to_idle_cb), self);
	g_signal_connect(self->staff, "dashboard", G_CALLBACK(td_open_dashboard_cb), self);
	g_signal_connect(self->staff, "quit", G_CALLBACK(td_staff_quit_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->staff, td_kiosk_page_to_string(TD_KIOSK_PAGE_STAFF));
	self->dashboard = td_dashboard_new(context);
	g_signal_connect(self->dashboard, "close", G_CALLBACK(td_dashboard_close_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->dashboard,
			    td_kiosk_page_to_string(TD_KIOSK_PAGE_DASHBOARD));

	if (context != NULL && context->scanner != NULL)
		g_signal_connect(context->scanner, "scanned", G_CALLBACK(td_scanner_scanned_cb), self);
	if (context != NULL && context->watch != NULL)
		g_signal_connect(context->watch, "changed", G_CALLBACK(td_called_store_changed_cb), self);
	if (td_kiosk_window_session(self) != NULL) {
		g_signal_connect(td_kiosk_window_session(self), "state-changed", G_CALLBACK(td_session_state_changed_cb), self);
		g_signal_connect(td_kiosk_window_session(self), "updated", G_CALLBACK(td_session_updated_cb), self);
		g_signal_connect(td_kiosk_window_session(self), "warning", G_CALLBACK(td_session_warning_cb), self);
	}
	td_kiosk_window_retranslate(self);
	td_kiosk_window_show_page(self, TD_KIOSK_PAGE_IDLE);
	return self;
}
