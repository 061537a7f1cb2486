/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "td-card-illustration.h"
#include "td-screen-scale.h"

/* Its size, which is also its least, on a screen neither short nor low
 * (below). The drawing keeps its 100:70 shape in whatever it is given. */
#define TD_ILLUSTRATION_WIDTH_PX  400
#define TD_ILLUSTRATION_HEIGHT_PX 280
/* on a short screen (td-screen-scale.h): beside the words on an 800 px
 * wide one, where at its full size it went over them and the first
 * page's words and "Nhập số căn cước" lay under the fold of a 7" panel */
#define TD_ILLUSTRATION_SHORT_WIDTH_PX	240
#define TD_ILLUSTRATION_SHORT_HEIGHT_PX 168
/* on a low one smaller again (the 7" 800 x 480 panel: the words beside
 * it get the width of a line more, and in large text "Nhập số căn cước"
 * came back over the fold, where it lay half under the shade; on a
 * portrait panel under 1024 px tall, above the words, it leaves them the
 * height) */
#define TD_ILLUSTRATION_LOW_WIDTH_PX  160
#define TD_ILLUSTRATION_LOW_HEIGHT_PX 112

/* set on the area: the arrow points up, the card to be taken */
#define TD_ILLUSTRATION_LIFTING "td-illustration-lifting"

static void
td_rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

static void
td_card_illustration_draw(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
	GdkRGBA fg;
	/* a 100 x 70 design scaled to fit, centred */
	double s = MIN(width / 100.0, height / 70.0);

	gtk_style_context_get_color(gtk_widget_get_style_context(GTK_WIDGET(area)), &fg);
	cairo_translate(cr, (width - 100 * s) / 2, (height - 70 * s) / 2);
	cairo_scale(cr, s, s);
	cairo_set_line_width(cr, 1.2);

	/* the reader: a dark slab with its contactless mark */
	td_rounded_rect(cr, 10, 40, 80, 22, 4);
	cairo_set_source_rgb(cr, 0.20, 0.24, 0.30);
	cairo_fill_preserve(cr);
	gdk_cairo_set_source_rgba(cr, &fg);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.35, 0.85, 0.45);
	cairo_arc(cr, 80, 56, 2, 0, 2 * G_PI);
	cairo_fill(cr);

	/* the card, tilted as if being laid down */
	cairo_save(cr);
	cairo_translate(cr, 50, 30);
	cairo_rotate(cr, -0.08);
	td_rounded_rect(cr, -27, -17, 54, 34, 3);
	cairo_set_source_rgb(cr, 0.93, 0.88, 0.72);
	cairo_fill_preserve(cr);
	cairo_set_source_rgb(cr, 0.45, 0.35, 0.15);
	cairo_stroke(cr);
	/* the emblem and the photo */
	cairo_set_source_rgb(cr, 0.80, 0.15, 0.12);
	cairo_arc(cr, -19, -9, 4, 0, 2 * G_PI);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.55, 0.62, 0.72);
	cairo_rectangle(cr, -24, -2, 11, 14);
	cairo_fill(cr);
	/* text lines */
	cairo_set_source_rgb(cr, 0.45, 0.40, 0.30);
	for (int i = 0; i < 4; i++) {
		cairo_rectangle(cr, -9, -11 + i * 6, i == 0 ? 32 : 26 - i * 3, 2);
		cairo_fill(cr);
	}
	/* the chip */
	cairo_set_source_rgb(cr, 0.85, 0.70, 0.25);
	td_rounded_rect(cr, 14, 2, 9, 7, 1);
	cairo_fill(cr);
	cairo_restore(cr);

	/* the arrow down onto the reader, or up off it: the same arrow,
	 * turned about its middle */
	cairo_set_source_rgb(cr, 0.10, 0.45, 0.85);
	cairo_set_line_width(cr, 3);
	if (g_object_get_data(G_OBJECT(area), TD_ILLUSTRATION_LIFTING) != NULL) {
		cairo_translate(cr, 0, 43);
		cairo_scale(cr, 1, -1);
	}
	cairo_move_to(cr, 88, 6);
	cairo_line_to(cr, 88, 34);
	cairo_stroke(cr);
	cairo_move_to(cr, 82, 28);
	cairo_line_to(cr, 88, 37);
	cairo_line_to(cr, 94, 28);
	cairo_close_path(cr);
	cairo_fill(cr);
}

void
td_card_illustration_set_lifting(GtkWidget *illustration, gboolean lifting)
{
	if ((g_object_get_data(G_OBJECT(illustration), TD_ILLUSTRATION_LIFTING) != NULL) == lifting)
		return;
	g_object_set_data(G_OBJECT(illustration), TD_ILLUSTRATION_LIFTING, lifting ? GINT_TO_POINTER(1) : NULL);
	gtk_widget_queue_draw(illustration);
}

/* Smaller on a short screen; elsewhere it grows with the words of the
 * patient's pages (td-screen-scale.h: a 1080 x 1920 totem's are a third
 * larger), where at 400 px it sat small in the middle of the page. */
static void
td_card_illustration_scale_changed(GtkWidget *area, TdScreenScale scale)
{
	gint width = TD_ILLUSTRATION_WIDTH_PX * (gint)scale.patient_page_dpi / 96;
	gint height = TD_ILLUSTRATION_HEIGHT_PX * (gint)scale.patient_page_dpi / 96;

	if (scale.short_screen) {
		width = TD_ILLUSTRATION_SHORT_WIDTH_PX;
		height = TD_ILLUSTRATION_SHORT_HEIGHT_PX;
	}
	if (scale.low) {
		width = TD_ILLUSTRATION_LOW_WIDTH_PX;
		height = TD_ILLUSTRATION_LOW_HEIGHT_PX;
	}
	gtk_drawing_area_set_content_width(GTK_DRAWING_AREA(area), width);
	gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(area), height);
}

GtkWidget *
td_card_illustration_new(void)
{
	GtkWidget *area = gtk_drawing_area_new();

	gtk_drawing_area_set_content_width(GTK_DRAWING_AREA(area), TD_ILLUSTRATION_WIDTH_PX);
	gtk_drawing_area_set_content_height(GTK_DRAWING_AREA(area), TD_ILLUSTRATION_HEIGHT_PX);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(area), td_card_illustration_draw, NULL, NULL);
	td_screen_scale_watch(area, td_card_illustration_scale_changed);
	gtk_accessible_update_state(GTK_ACCESSIBLE(area), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
	gtk_widget_add_css_class(area, "td-illustration");
	return area;
}
