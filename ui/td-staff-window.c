/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-dashboard.h"
#include "td-i18n.h"
#include "td-pin-page.h"
#include "td-staff-console.h"
#include "td-staff-window.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

#define TD_STAFF_WINDOW_WIDTH  1024
#define TD_STAFF_WINDOW_HEIGHT 720

struct _TdStaffWindow {
	GtkApplicationWindow parent_instance;
	TdKioskContext *context;
	guint lock_after_s;
	guint idle_id;

	GtkWidget *title;
	GtkWidget *who;
	GtkWidget *call_line;	     /* locked: a patient waits for staff */
	GCancellable *calls_cancellable; /* the newest read of it */
	GtkWidget *stack;
	GtkWidget *login;
	GtkWidget *console;
	GtkWidget *dashboard;
};

G_DEFINE_FINAL_TYPE(TdStaffWindow, td_staff_window, GTK_TYPE_APPLICATION_WINDOW)

static void
td_staff_window_retranslate(TdStaffWindow *self)
{
	gtk_label_set_text(GTK_LABEL(self->title), _("Reception: staff console"));
	gtk_window_set_title(GTK_WINDOW(self), _("Reception: staff console"));
}

static void
td_language_changed_cb(TdI18n *i18n, TdStaffWindow *self)
{
	td_staff_window_retranslate(self);
}

static gboolean
td_idle_cb(gpointer user_data)
{
	TdStaffWindow *self = TD_STAFF_WINDOW(user_data);
	self->idle_id = 0;
	td_staff_window_lock(self);
	return G_SOURCE_REMOVE;
}

/* Any key, click or pointer move while someone is logged in starts the
 * idle time again. */
static void
td_staff_window_rearm(TdStaffWindow *self)
{
	g_clear_handle_id(&self->idle_id, g_source_remove);
	if (!td_staff_window_is_locked(self) && self->lock_after_s > 0)
		self->idle_id = g_timeout_add_seconds(self->lock_after_s, td_idle_cb, self);
}

static void
td_activity_cb(GtkEventController *controller, TdStaffWindow *self)
{
	td_staff_window_rearm(self);
}

static gboolean
td_key_cb(GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state, TdStaffWindow *self)
{
	td_staff_window_rearm(self);
	return FALSE;
}

static void
td_show(TdStaffWindow *self, GtkWidget *page)
{
	gtk_stack_set_visible_child(GTK_STACK(self->stack), page);
	td_staff_window_rearm(self);
}

/* ---- a call for staff while locked ---- */

static void
td_locked_calls_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdStaffWindow *self = TD_STAFF_WINDOW(source);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *line = td_staff_calls_line_finish(result, &error);

	if (td_ui_worker_cancelled(error))
		return;
	if (error != NULL)
		g_info("locked console: calls for staff: %s", error->message);
	gtk_label_set_text(GTK_LABEL(self->call_line), line != NULL ? line : "");
	gtk_widget_set_visible(self->call_line, line != NULL && td_staff_window_is_locked(self));
}

/* The console is cleared while locked and reads nothing; a patient's call
 * at a kiosk must still reach reception (before, it waited unseen until
 * someone logged in, while the kiosk told the patient staff were told).
 * The line names the kiosk and the time, nothing of the patient. */
static void
td_staff_window_read_calls(TdStaffWindow *self)
{
	if (self->context == NULL || self->context->store == NULL)
		return;
	if (!td_staff_window_is_locked(self)) {
		gtk_widget_set_visible(self->call_line, FALSE);
		return;
	}
	g_cancellable_cancel(self->calls_cancellable);
	g_clear_object(&self->calls_cancellable);
	self->calls_cancellable = g_cancellable_new();
	td_staff_calls_line_async(self->context, self, self->calls_cancellable, td_locked_calls_cb);
}

static void
td_store_changed_cb(TdStoreWatch *watch, TdStaffWindow *self)
{
	td_staff_window_read_calls(self);
}

void
td_staff_window_lock(TdStaffWindow *self)
{
	/* written in the name of whoever confirmed it, then off the screen */
	td_staff_console_clear(TD_STAFF_CONSOLE(self->console));
	self->context->staff_id = 0;
	self->context->staff_manager = FALSE;
	gtk_label_set_text(GTK_LABEL(self->who), "");
	td_pin_page_reset(TD_PIN_PAGE(self->login));
	td_show(self, self->login);
	td_staff_window_read_calls(self);
}

gboolean
td_staff_window_is_locked(TdStaffWindow *self)
{
	return gtk_stack_get_visible_child(GTK_STACK(self->stack)) == self->login;
}

static void
td_unlocked_cb(TdPinPage *page, TdStaffWindow *self)
{
	const gchar *name = td_pin_page_get_staff_name(page);
	g_autofree gchar *who = NULL;

	/* the name the login offered: nothing more to ask the store */
	self->context->staff_id = td_pin_page_get_staff_id(page);
	self->context->staff_manager = td_pin_page_get_staff_is_manager(page);
	who = g_strdup_printf(_("Logged in: %s"), name != NULL ? name : "?");
	gtk_label_set_text(GTK_LABEL(self->who), who);
	td_kiosk_context_record_action_async(self->context, "pin-login", NULL);
	td_staff_console_refresh(TD_STAFF_CONSOLE(self->console));
	td_show(self, self->console);
	/* the console's own line takes over */
	td_staff_window_read_calls(self);
}

static void
td_login_cancel_cb(TdPinPage *page, TdStaffWindow *self)
{
	td_pin_page_reset(page);
}

static void
td_console_close_cb(GtkWidget *console, TdStaffWindow *self)
{
	td_staff_window_lock(self);
}

static void
td_console_quit_cb(GtkWidget *console, TdStaffWindow *self)
{
	td_kiosk_context_record_action_async(self->context, "quit", NULL);
	td_staff_window_lock(self);
	gtk_window_close(GTK_WINDOW(self));
}

static void
td_open_dashboard_cb(GtkWidget *console, TdStaffWindow *self)
{
	/* the console shows the way to managers only */
	if (!self->context->staff_manager)
		return;
	/* today's, whatever day was browsed last or the console opened on */
	td_dashboard_show_day(TD_DASHBOARD(self->dashboard), NULL);
	td_show(self, self->dashboard);
}

static void
td_dashboard_close_cb(GtkWidget *dashboard, TdStaffWindow *self)
{
	td_show(self, self->console);
}

GtkWidget *
td_staff_window_get_login(TdStaffWindow *self)
{
	return self->login;
}

GtkWidget *
td_staff_window_get_console(TdStaffWindow *self)
{
	return self->console;
}

GtkWidget *
td_staff_window_get_dashboard(TdStaffWindow *self)
{
	return self->dashboard;
}

const gchar *
td_staff_window_get_who(TdStaffWindow *self)
{
	return gtk_label_get_text(GTK_LABEL(self->who));
}

static gboolean
td_close_request_cb(GtkWindow *window, TdStaffWindow *self)
{
	/* a pending action is written before the console goes */
	td_staff_console_clear(TD_STAFF_CONSOLE(self->console));
	return FALSE;
}

static void
td_staff_window_dispose(GObject *object)
{
	TdStaffWindow *self = TD_STAFF_WINDOW(object);
	g_clear_handle_id(&self->idle_id, g_source_remove);
	if (self->calls_cancellable != NULL)
		g_cancellable_cancel(self->calls_cancellable);
	g_clear_object(&self->calls_cancellable);
	G_OBJECT_CLASS(td_staff_window_parent_class)->dispose(object);
}

static void
td_staff_window_class_init(TdStaffWindowClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = td_staff_window_dispose;
}

/* Controllers in the capture phase see every event before the pages do. */
static void
td_staff_window_watch_activity(TdStaffWindow *self)
{
	GtkEventController *key = gtk_event_controller_key_new();
	GtkEventController *motion = gtk_event_controller_motion_new();
	GtkGesture *click = gtk_gesture_click_new();

	gtk_event_controller_set_propagation_phase(key, GTK_PHASE_CAPTURE);
	g_signal_connect(key, "key-pressed", G_CALLBACK(td_key_cb), self);
	gtk_widget_add_controller(GTK_WIDGET(self), key);
	g_signal_connect_swapped(motion, "motion", G_CALLBACK(td_staff_window_rearm), self);
	gtk_widget_add_controller(GTK_WIDGET(self), motion);
	gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(click), GTK_PHASE_CAPTURE);
	g_signal_connect(click, "pressed", G_CALLBACK(td_activity_cb), self);
	gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(click));
}

static void
td_staff_window_init(TdStaffWindow *self)
{
	GtkWidget *column = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	GtkWidget *bar = td_ui_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING, "td-topbar");

	gtk_widget_add_css_class(GTK_WIDGET(self), "td-kiosk");
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-staff-app");
	gtk_window_set_default_size(GTK_WINDOW(self), TD_STAFF_WINDOW_WIDTH, TD_STAFF_WINDOW_HEIGHT);
	gtk_window_set_resizable(GTK_WINDOW(self), TRUE);

	self->title = td_ui_append(bar, td_ui_label_new("td-station"));
	gtk_widget_set_hexpand(self->title, TRUE);
	gtk_label_set_xalign(GTK_LABEL(self->title), 0);
	/* the console's own "lock" button is beside its other pages */
	self->who = td_ui_append(bar, td_ui_label_new("td-station"));
	gtk_label_set_wrap(GTK_LABEL(self->who), FALSE);
	gtk_box_append(GTK_BOX(column), bar);
	self->call_line = td_ui_append(column, td_ui_label_new("td-body"));
	gtk_widget_add_css_class(self->call_line, "td-alert");
	gtk_widget_set_margin_start(self->call_line, TD_UI_SPACING);
	gtk_widget_set_margin_end(self->call_line, TD_UI_SPACING);
	gtk_widget_set_margin_top(self->call_line, TD_UI_SPACING_TIGHT);
	gtk_widget_set_visible(self->call_line, FALSE);

	/* as the kiosk's: a page never widens the window; a tall one scrolls */
	self->stack = gtk_stack_new();
	gtk_stack_set_hhomogeneous(GTK_STACK(self->stack), FALSE);
	gtk_stack_set_vhomogeneous(GTK_STACK(self->stack), FALSE);
	gtk_box_append(GTK_BOX(column), td_ui_page_scroller_new(self->stack));
	gtk_window_set_child(GTK_WINDOW(self), column);

	self->login = td_pin_page_new();
	td_pin_page_set_cancel_visible(TD_PIN_PAGE(self->login), FALSE);
	g_signal_connect(self->login, "unlocked", G_CALLBACK(td_unlocked_cb), self);
	g_signal_connect(self->login, "cancel", G_CALLBACK(td_login_cancel_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->login, "login");
	td_staff_window_watch_activity(self);
	g_signal_connect(self, "close-request", G_CALLBACK(td_close_request_cb), self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
	td_staff_window_retranslate(self);
}

TdStaffWindow *
td_staff_window_new(GtkApplication *app, TdKioskContext *context, guint lock_after_s)
{
	TdStaffWindow *self = g_object_new(TD_TYPE_STAFF_WINDOW, "application", app, NULL);

	self->context = context;
	self->lock_after_s = lock_after_s;
	td_pin_page_set_context(TD_PIN_PAGE(self->login), context);
	self->console = td_staff_console_new(context);
	td_staff_console_set_desktop(TD_STAFF_CONSOLE(self->console), TRUE);
	g_signal_connect(self->console, "close", G_CALLBACK(td_console_close_cb), self);
	g_signal_connect(self->console, "dashboard", G_CALLBACK(td_open_dashboard_cb), self);
	g_signal_connect(self->console, "quit", G_CALLBACK(td_console_quit_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->console, "console");
	self->dashboard = td_dashboard_new(context);
	td_dashboard_set_desktop(TD_DASHBOARD(self->dashboard), TRUE);
	g_signal_connect(self->dashboard, "close", G_CALLBACK(td_dashboard_close_cb), self);
	gtk_stack_add_named(GTK_STACK(self->stack), self->dashboard, "dashboard");
	if (context != NULL && context->watch != NULL)
		g_signal_connect_object(context->watch, "changed", G_CALLBACK(td_store_changed_cb), self, 0);
	td_staff_window_lock(self);
	return self;
}
