/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-dashboard.h"
#include "td-kiosk-app.h"
#include "td-pin-page.h"
#include "td-staff-console.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"

void
td_ui_test_init(int *argc, char ***argv)
{
	g_test_init(argc, argv, NULL);
	td_i18n_setup(g_getenv("TD_LOCALEDIR"));
	gtk_init();
	td_kiosk_load_css();
}

static gboolean
td_timeout_cb(gpointer data)
{
	*(gboolean *)data = TRUE;
	return G_SOURCE_REMOVE;
}

void
td_ui_test_wait(guint ms)
{
	gboolean done = FALSE;
	g_timeout_add(ms, td_timeout_cb, &done);
	while (!done)
		g_main_context_iteration(NULL, TRUE);
}

#define TD_UI_TEST_PAINT_TIMEOUT_MS 20000

gboolean
td_ui_test_flag_is_set(gpointer flag)
{
	return *(gboolean *)flag;
}

static void
td_painted_cb(GdkFrameClock *clock, gboolean *painted)
{
	*painted = TRUE;
}

void
td_ui_test_wait_painted(GtkWidget *window)
{
	GdkFrameClock *clock = gtk_widget_get_frame_clock(window);
	gboolean painted = FALSE;
	gulong id;

	g_assert_nonnull(clock);
	id = g_signal_connect(clock, "after-paint", G_CALLBACK(td_painted_cb), &painted);
	gtk_widget_queue_draw(window);
	/* a window that never paints (unmapped) fails the test here */
	g_assert_true(td_ui_test_wait_for(td_ui_test_flag_is_set, &painted, TD_UI_TEST_PAINT_TIMEOUT_MS));
	g_signal_handler_disconnect(clock, id);
}

gboolean
td_ui_test_wait_for(gboolean (*func)(gpointer), gpointer data, guint timeout_ms)
{
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	while (!func(data)) {
		if (g_get_monotonic_time() > deadline)
			return FALSE;
		td_ui_test_wait(10);
	}
	return TRUE;
}

GdkTexture *
td_ui_test_render(GtkWidget *widget)
{
	g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
	g_autoptr(GskRenderNode) node = NULL;
	int width = 0;
	int height = 0;
	GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));

	/* after a page switch the window may be between layout and paint: an
	 * empty snapshot means "not drawn yet", so let it draw and try again */
	for (guint attempt = 0; attempt < 100 && node == NULL; attempt++) {
		g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new();
		td_ui_test_wait(20);
		width = gtk_widget_get_width(widget);
		height = gtk_widget_get_height(widget);
		gdk_paintable_snapshot(paintable, snapshot, width, height);
		node = gtk_snapshot_free_to_node(g_steal_pointer(&snapshot));
	}
	g_assert_cmpint(width, >, 0);
	g_assert_nonnull(node);
	return gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, (float)width, (float)height));
}

gchar *
td_ui_test_save_texture(GdkTexture *texture, const gchar *name)
{
	g_autofree gchar *dir = g_build_filename(g_getenv("G_TEST_BUILDDIR") != NULL ? g_getenv("G_TEST_BUILDDIR") : ".",
						 "screenshots", NULL);
	/* the same program on the station's PostgreSQL runs beside its
	 * SQLite run: each keeps its own pictures */
	g_autofree gchar *file = g_strdup_printf("%s%s.png", name,
						 g_strcmp0(g_getenv("TD_TEST_STORE"), "postgres") == 0 ? "-pg" : "");
	gchar *path = g_build_filename(dir, file, NULL);

	g_mkdir_with_parents(dir, 0755);
	g_assert_true(gdk_texture_save_to_png(texture, path));
	g_test_message("saved %s", path);
	return path;
}

gchar *
td_ui_test_save_png(GtkWidget *widget, const gchar *name)
{
	g_autoptr(GdkTexture) texture = td_ui_test_render(widget);
	return td_ui_test_save_texture(texture, name);
}

static gboolean
td_label_matches(GtkWidget *widget, const gchar *text)
{
	g_autofree gchar *shown = NULL;
	g_autofree gchar *wanted = NULL;
	if (!GTK_IS_LABEL(widget) || !gtk_widget_get_mapped(widget))
		return FALSE;
	shown = td_ui_text_plain(gtk_label_get_text(GTK_LABEL(widget)));
	wanted = td_ui_text_plain(text);
	return strstr(shown, wanted) != NULL;
}

const gchar *
td_ui_test_label_text_with(GtkWidget *root, const gchar *text)
{
	if (td_label_matches(root, text))
		return gtk_label_get_text(GTK_LABEL(root));
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		const gchar *found = td_ui_test_label_text_with(child, text);
		if (found != NULL)
			return found;
	}
	return NULL;
}

gboolean
td_ui_test_find_label(GtkWidget *root, const gchar *text)
{
	return td_ui_test_label_text_with(root, text) != NULL;
}

void
td_ui_test_health_lines(GtkWidget *root, GPtrArray *out)
{
	if (GTK_IS_LABEL(root) && gtk_widget_get_mapped(root) &&
	    (gtk_widget_has_css_class(root, "td-health-ok") || gtk_widget_has_css_class(root, "td-health-bad")))
		g_ptr_array_add(out, g_strdup(gtk_label_get_text(GTK_LABEL(root))));
	for (GtkWidget *c = gtk_widget_get_first_child(root); c != NULL; c = gtk_widget_get_next_sibling(c))
		td_ui_test_health_lines(c, out);
}

guint
td_ui_test_count_labels(GtkWidget *root, const gchar *text)
{
	guint n = td_label_matches(root, text) ? 1 : 0;
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child))
		n += td_ui_test_count_labels(child, text);
	return n;
}

/* The words on the button itself. */
static const gchar *
td_button_label(GtkWidget *button)
{
	GtkWidget *child = gtk_button_get_child(GTK_BUTTON(button));
	if (GTK_IS_LABEL(child))
		return gtk_label_get_text(GTK_LABEL(child));
	return gtk_button_get_label(GTK_BUTTON(button));
}

static const gchar *
td_button_text(GtkWidget *button)
{
	const gchar *a11y = td_ui_get_a11y_label(button);
	if (a11y != NULL && a11y[0] != '\0')
		return a11y;
	return td_button_label(button);
}

GtkWidget *
td_ui_test_find_button(GtkWidget *root, const gchar *text)
{
	if (GTK_IS_BUTTON(root) && gtk_widget_get_mapped(root)) {
		g_autofree gchar *named = td_ui_text_plain(td_button_text(root));
		g_autofree gchar *shown = td_ui_text_plain(td_button_label(root));
		g_autofree gchar *wanted = td_ui_text_plain(text);
		/* what a screen reader says, or what the eye reads where the
		 * two differ ("Số 3", said "Số 3: đã giúp tích hợp vào VNeID") */
		if (g_strcmp0(named, wanted) == 0 || g_strcmp0(shown, wanted) == 0)
			return root;
	}
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		GtkWidget *found = td_ui_test_find_button(child, text);
		if (found != NULL)
			return found;
	}
	return NULL;
}

typedef struct {
	GtkWidget *root;
	const gchar *text;
} TdLabelWait;

static gboolean
td_label_shown(gpointer data)
{
	TdLabelWait *wait = data;
	return td_ui_test_find_label(wait->root, wait->text);
}

gboolean
td_ui_test_wait_label(GtkWidget *root, const gchar *text, guint timeout_ms)
{
	TdLabelWait wait = {root, text};
	return td_ui_test_wait_for(td_label_shown, &wait, timeout_ms);
}

void
td_ui_test_press(GtkWidget *root, const gchar *text)
{
	GtkWidget *button;

	/* as staff do: a page that says "Loading…" is waited for, before and
	 * after the tap */
	td_ui_test_wait_staff(root);
	button = td_ui_test_find_button(root, text);
	if (button == NULL)
		g_error("no button “%s” on screen", text);
	g_assert_true(gtk_widget_is_sensitive(button));
	/* what a tap does (gtk_widget_activate would wait for its animation) */
	g_signal_emit_by_name(button, "clicked");
	td_ui_test_wait_staff(root);
}

void
td_ui_test_type(GtkWidget *root, const gchar *digits)
{
	for (const gchar *p = digits; *p != '\0'; p++) {
		gchar key[2] = {*p, '\0'};
		td_ui_test_press(root, key);
	}
	/* the OK key, in the language on screen */
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "OK"));
}

typedef struct {
	GtkWidget *window;
	gint width;
	gint height;
} TdSizeWait;

static gboolean
td_window_sized(gpointer data)
{
	TdSizeWait *wait = data;
	return gtk_widget_get_mapped(wait->window) && gtk_widget_get_width(wait->window) >= wait->width &&
	       gtk_widget_get_height(wait->window) >= wait->height;
}

void
td_ui_test_present_at(GtkWindow *window, gint width, gint height)
{
	TdSizeWait wait = {GTK_WIDGET(window), width, height};

	gtk_window_set_default_size(window, width, height);
	gtk_window_present(window);
	g_assert_true(td_ui_test_wait_for(td_window_sized, &wait, 5000));
}

/* A staff page under widget still waiting for the store. */
static gboolean
td_staff_page_busy(GtkWidget *widget)
{
	if ((TD_IS_STAFF_CONSOLE(widget) && td_staff_console_is_busy(TD_STAFF_CONSOLE(widget))) ||
	    (TD_IS_PIN_PAGE(widget) && td_pin_page_is_busy(TD_PIN_PAGE(widget))) ||
	    (TD_IS_DASHBOARD(widget) && td_dashboard_is_busy(TD_DASHBOARD(widget))))
		return TRUE;
	for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		if (td_staff_page_busy(child))
			return TRUE;
	}
	return FALSE;
}

static gboolean
td_staff_pages_settled(gpointer root)
{
	return !td_staff_page_busy(root);
}

void
td_ui_test_wait_staff(GtkWidget *root)
{
	g_assert_true(td_ui_test_wait_for(td_staff_pages_settled, root, 60000));
}

void
td_ui_test_tap(GtkWidget *widget, gdouble x, gdouble y)
{
	g_autoptr(GListModel) controllers = gtk_widget_observe_controllers(widget);
	guint tapped = 0;

	for (guint i = 0; i < g_list_model_get_n_items(controllers); i++) {
		g_autoptr(GObject) controller = g_list_model_get_item(controllers, i);
		if (GTK_IS_GESTURE_CLICK(controller)) {
			g_signal_emit_by_name(controller, "pressed", 1, x, y);
			tapped++;
		}
	}
	g_assert_cmpuint(tapped, >, 0);
}
