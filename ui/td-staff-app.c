/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-kiosk-app.h"
#include "td-kiosk-context.h"
#include "td-staff-app.h"
#include "td-staff-window.h"

struct _TdStaffApp {
	GtkApplication parent_instance;
	gchar *config_path;
	gint lock_after_s;
	TdKioskContext *context;
};

G_DEFINE_FINAL_TYPE(TdStaffApp, td_staff_app, GTK_TYPE_APPLICATION)

static void
td_staff_app_startup(GApplication *app)
{
	G_APPLICATION_CLASS(td_staff_app_parent_class)->startup(app);
	td_kiosk_load_css();
}

static void
td_staff_app_activate(GApplication *app)
{
	TdStaffApp *self = TD_STAFF_APP(app);
	g_autoptr(GError) error = NULL;
	TdStaffWindow *window;

	if (self->context != NULL) {
		GtkWindow *active = gtk_application_get_active_window(GTK_APPLICATION(app));
		if (active != NULL)
			gtk_window_present(active);
		return;
	}
	self->context = td_kiosk_context_new_for_staff(self->config_path, &error);
	if (self->context == NULL) {
		td_ui_app_start_failed(app, "tiepdon-staff", error);
		return;
	}
	window = td_staff_window_new(GTK_APPLICATION(app), self->context,
				     self->lock_after_s > 0 ? (guint)self->lock_after_s : TD_STAFF_WINDOW_LOCK_S);
	gtk_window_present(GTK_WINDOW(window));
}

static void
td_staff_app_shutdown(GApplication *app)
{
	TdStaffApp *self = TD_STAFF_APP(app);
	G_APPLICATION_CLASS(td_staff_app_parent_class)->shutdown(app);
	g_clear_pointer(&self->context, td_kiosk_context_free);
}

static void
td_staff_app_finalize(GObject *object)
{
	g_free(TD_STAFF_APP(object)->config_path);
	G_OBJECT_CLASS(td_staff_app_parent_class)->finalize(object);
}

static void
td_staff_app_class_init(TdStaffAppClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_staff_app_finalize;
	G_APPLICATION_CLASS(klass)->startup = td_staff_app_startup;
	G_APPLICATION_CLASS(klass)->activate = td_staff_app_activate;
	G_APPLICATION_CLASS(klass)->shutdown = td_staff_app_shutdown;
}

static void
td_staff_app_init(TdStaffApp *self)
{
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &self->config_path, "The station's settings file", "FILE"},
	    {"lock-after", 0, 0, G_OPTION_ARG_INT, &self->lock_after_s,
	     "Lock after this many seconds without use (default 300)", "SECONDS"},
	    {NULL},
	};
	g_application_add_main_option_entries(G_APPLICATION(self), entries);
}

TdStaffApp *
td_staff_app_new(void)
{
	return g_object_new(TD_TYPE_STAFF_APP, "application-id", "vn.tiepdon.Staff", "flags",
			    G_APPLICATION_DEFAULT_FLAGS, NULL);
}
