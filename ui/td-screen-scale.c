/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-screen-scale.h"
#include "td-ui-util.h"

#define TD_SCREEN_BASE_WIDTH  1024
#define TD_SCREEN_BASE_HEIGHT 768
/* below this the bars are kept low: 600 px is the shortest of the
 * common panels above 480, and 720 (HD) has the room */
#define TD_SCREEN_SHORT_HEIGHT 640
/* below this the number pad's five rows do not fit under the bars: 600 px
 * holds them, 480 does not */
#define TD_SCREEN_LOW_HEIGHT 540
/* below this, grids go one column less wide: 768 px (a portrait panel)
 * holds every page as it is, 600 does not */
#define TD_SCREEN_NARROW_WIDTH 768
/* a narrow screen's bars take two rows: below this height (600 x 1024
 * holds the five rows of the number pad under them, 600 x 900 does not by
 * 81 px) it is kept short and low as a landscape one under 540 px is */
#define TD_SCREEN_NARROW_LOW_HEIGHT 1024

/* In steps, so a window resized by a few pixels does not restyle every
 * page; each has its class in kiosk.css. The largest: 1.5 × (a
 * 2560 × 1440 screen at scale 1); beyond that the compositor's own scale
 * takes over. */
static const guint dpi_steps[] = {96, 112, 128, 144};

/* The largest step whose ratio to 96 the screen's ratios to base_width ×
 * base_height both allow. */
static guint
td_screen_scale_step(gint width, gint height, gint base_width, gint base_height)
{
	gdouble ratio = MIN((gdouble)width / base_width, (gdouble)height / base_height);
	guint dpi = dpi_steps[0];

	for (guint i = 0; i < G_N_ELEMENTS(dpi_steps); i++) {
		if (ratio * dpi_steps[0] >= dpi_steps[i])
			dpi = dpi_steps[i];
	}
	return dpi;
}

TdScreenScale
td_screen_scale_for(gint width, gint height)
{
	TdScreenScale scale;
	gboolean narrow_low; /* narrow, and its bars' two rows leave too little height */

	scale.window_dpi = td_screen_scale_step(width, height, TD_SCREEN_BASE_WIDTH, TD_SCREEN_BASE_HEIGHT);
	scale.patient_page_dpi = scale.window_dpi;
	scale.narrow = width < TD_SCREEN_NARROW_WIDTH;
	narrow_low = scale.narrow && height < TD_SCREEN_NARROW_LOW_HEIGHT;
	scale.short_screen = height < TD_SCREEN_SHORT_HEIGHT || narrow_low;
	scale.low = height < TD_SCREEN_LOW_HEIGHT || narrow_low;
	if (height > width)
		scale.patient_page_dpi =
		    MAX(scale.window_dpi, td_screen_scale_step(width, height, TD_SCREEN_BASE_HEIGHT, TD_SCREEN_BASE_WIDTH));
	return scale;
}

static void
td_screen_scale_set_class(GtkWidget *widget, const gchar *prefix, guint dpi)
{
	for (guint i = 0; i < G_N_ELEMENTS(dpi_steps); i++) {
		g_autofree gchar *name = g_strdup_printf("%s-%u", prefix, dpi_steps[i]);
		td_ui_set_css_class(widget, name, dpi_steps[i] == dpi);
	}
}

static void
td_screen_scale_apply(GtkWidget *window, TdScreenScale scale)
{
	td_screen_scale_set_class(window, "td-dpi", scale.window_dpi);
	td_screen_scale_set_class(window, "td-page-dpi", scale.patient_page_dpi);
	td_ui_set_css_class(window, "td-short", scale.short_screen);
	td_ui_set_css_class(window, "td-low", scale.low);
}

#define TD_SCREEN_SCALE_WATCH "td-screen-scale-watch"

typedef struct {
	TdScreenScaleChanged changed;
	GdkSurface *surface; /* not a reference: connected while realized */
	gulong width_handler;
	gulong height_handler;
} TdScreenScaleWatch;

static void
td_screen_scale_surface_sized_cb(GdkSurface *surface, GParamSpec *pspec, GtkWidget *widget)
{
	TdScreenScaleWatch *watch = g_object_get_data(G_OBJECT(widget), TD_SCREEN_SCALE_WATCH);

	watch->changed(widget, td_screen_scale_for(gdk_surface_get_width(surface), gdk_surface_get_height(surface)));
}

/* The surface's size, not the widget's allocation: it changes before the
 * layout, so what changes with it is measured in the same frame (a class
 * changed while allocating would be a frame late, and GTK warns about
 * it). */
static void
td_screen_scale_realize_cb(GtkWidget *widget, TdScreenScaleWatch *watch)
{
	watch->surface = gtk_native_get_surface(gtk_widget_get_native(widget));
	watch->width_handler = g_signal_connect_object(watch->surface, "notify::width",
						       G_CALLBACK(td_screen_scale_surface_sized_cb), widget, 0);
	watch->height_handler = g_signal_connect_object(watch->surface, "notify::height",
							G_CALLBACK(td_screen_scale_surface_sized_cb), widget, 0);
	td_screen_scale_surface_sized_cb(watch->surface, NULL, widget);
}

static void
td_screen_scale_unrealize_cb(GtkWidget *widget, TdScreenScaleWatch *watch)
{
	if (watch->surface == NULL)
		return;
	g_clear_signal_handler(&watch->width_handler, watch->surface);
	g_clear_signal_handler(&watch->height_handler, watch->surface);
	watch->surface = NULL;
}

void
td_screen_scale_watch(GtkWidget *widget, TdScreenScaleChanged changed)
{
	TdScreenScaleWatch *watch = g_new0(TdScreenScaleWatch, 1);

	g_return_if_fail(GTK_IS_WIDGET(widget));
	watch->changed = changed;
	g_object_set_data_full(G_OBJECT(widget), TD_SCREEN_SCALE_WATCH, watch, g_free);
	g_signal_connect(widget, "realize", G_CALLBACK(td_screen_scale_realize_cb), watch);
	g_signal_connect(widget, "unrealize", G_CALLBACK(td_screen_scale_unrealize_cb), watch);
	if (gtk_widget_get_realized(widget))
		td_screen_scale_realize_cb(widget, watch);
}

void
td_screen_scale_follow(GtkWindow *window)
{
	g_return_if_fail(GTK_IS_WINDOW(window));
	td_screen_scale_watch(GTK_WIDGET(window), td_screen_scale_apply);
}
