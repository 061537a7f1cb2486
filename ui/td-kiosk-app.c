/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-demo-panel.h"
#include "td-i18n.h"
#include "td-kiosk-app.h"
#include "td-kiosk-context.h"
#include "td-ui-resources.h"
#include "td-kiosk-window.h"

struct _TdKioskApp {
	GtkApplication parent_instance;
	gboolean demo;
	gboolean windowed;
	gchar *config_path;
	TdKioskContext *context;
	guint inhibit_cookie;
};

G_DEFINE_FINAL_TYPE(TdKioskApp, td_kiosk_app, GTK_TYPE_APPLICATION)

#define TD_UI_APP_START_FAILED "td-start-failed"

void
td_ui_app_start_failed(GApplication *app, const gchar *program, const GError *error)
{
	g_printerr("%s: %s\n", program, error->message);
	g_object_set_data(G_OBJECT(app), TD_UI_APP_START_FAILED, GINT_TO_POINTER(TRUE));
	g_application_quit(app);
}

int
td_ui_app_run(GApplication *app, int argc, char **argv)
{
	int status = g_application_run(app, argc, argv);

	if (status == 0 && g_object_get_data(G_OBJECT(app), TD_UI_APP_START_FAILED) != NULL)
		return 1;
	return status;
}

void
td_kiosk_disable_inspector(void)
{
	/* GTK reads GTK_DEBUG at start-up: "interactive" would open the
	 * inspector; drop it. The window also turns the key binding off, and
	 * the deployment ships a dconf default (enable-inspector-keybinding). */
	const gchar *debug = g_getenv("GTK_DEBUG");
	if (debug != NULL && strstr(debug, "interactive") != NULL)
		g_unsetenv("GTK_DEBUG");
}

void
td_kiosk_load_css(void)
{
	g_autoptr(GtkCssProvider) provider = gtk_css_provider_new();
	/* referencing the bundle keeps its object (and its registration) in the link */
	g_return_if_fail(td_ui_get_resource() != NULL);
	gtk_css_provider_load_from_resource(provider, "/vn/tiepdon/kiosk/kiosk.css");
	gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(provider),
						   GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
td_kiosk_app_startup(GApplication *app)
{
	G_APPLICATION_CLASS(td_kiosk_app_parent_class)->startup(app);
	td_kiosk_load_css();
	gtk_window_set_interactive_debugging(FALSE);
}

static void
td_kiosk_app_activate(GApplication *app)
{
	TdKioskApp *self = TD_KIOSK_APP(app);
	g_autoptr(GError) error = NULL;
	TdKioskWindow *window;

	if (self->context != NULL) {
		GtkWindow *active = gtk_application_get_active_window(GTK_APPLICATION(app));
		if (active != NULL)
			gtk_window_present(active);
		return;
	}
	if (self->demo) {
		g_autofree gchar *data_dir = g_build_filename(g_get_user_data_dir(), "tiepdon", NULL);
		self->context = td_kiosk_context_new_demo(data_dir, &error);
	} else {
		self->context = td_kiosk_context_new_from_config(self->config_path, &error);
	}
	if (self->context == NULL || !td_kiosk_context_start(self->context, &error)) {
		td_ui_app_start_failed(app, "tiepdon-kiosk", error);
		return;
	}
	window = td_kiosk_window_new(GTK_APPLICATION(app), self->context);
	if (!self->windowed)
		gtk_window_fullscreen(GTK_WINDOW(window));
	gtk_window_present(GTK_WINDOW(window));
	/* no screen blanking or suspend while patients may walk up */
	self->inhibit_cookie = gtk_application_inhibit(GTK_APPLICATION(app), GTK_WINDOW(window),
						       GTK_APPLICATION_INHIBIT_IDLE, "Check-in kiosk on screen");
	if (self->context->demo != NULL)
		gtk_window_present(GTK_WINDOW(td_demo_panel_new(GTK_APPLICATION(app), self->context)));
}

static void
td_kiosk_app_shutdown(GApplication *app)
{
	TdKioskApp *self = TD_KIOSK_APP(app);
	if (self->inhibit_cookie != 0)
		gtk_application_uninhibit(GTK_APPLICATION(app), self->inhibit_cookie);
	G_APPLICATION_CLASS(td_kiosk_app_parent_class)->shutdown(app);
	g_clear_pointer(&self->context, td_kiosk_context_free);
}

static void
td_kiosk_app_finalize(GObject *object)
{
	TdKioskApp *self = TD_KIOSK_APP(object);
	g_free(self->config_path);
	G_OBJECT_CLASS(td_kiosk_app_parent_class)->finalize(object);
}

static void
td_kiosk_app_class_init(TdKioskAppClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GApplicationClass *app_class = G_APPLICATION_CLASS(klass);
	object_class->finalize = td_kiosk_app_finalize;
	app_class->startup = td_kiosk_app_startup;
	app_class->activate = td_kiosk_app_activate;
	app_class->shutdown = td_kiosk_app_shutdown;
}

static void
td_kiosk_app_init(TdKioskApp *self)
{
	const GOptionEntry entries[] = {
	    {"demo", 0, 0, G_OPTION_ARG_NONE, &self->demo,
	     "Training mode: virtual cards and the gateway simulator, no hardware", NULL},
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &self->config_path, "Configuration file", "FILE"},
	    {"windowed", 0, 0, G_OPTION_ARG_NONE, &self->windowed, "Not full screen (development)", NULL},
	    {NULL},
	};
	g_application_add_main_option_entries(G_APPLICATION(self), entries);
}

TdKioskApp *
td_kiosk_app_new(void)
{
	/* NON_UNIQUE: a training instance beside the real one must not merge */
	return g_object_new(TD_TYPE_KIOSK_APP, "application-id", "vn.tiepdon.Kiosk", "flags",
			    G_APPLICATION_NON_UNIQUE, NULL);
}
