/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a patient sees, checked on the rendered window: every control
 * inside the window and big enough to touch, every sentence whole (not
 * ellipsized, not cut), and every text readable against what is behind
 * it (WCAG contrast, from the pixels the renderer drew). */

/* The window as the renderer draws it: its pixels (8-bit B, G, R, A in
 * memory order, opaque), for the contrast checks and the PNG. */
typedef struct {
	gint width;
	gint height;
	gsize stride;
	guchar *pixels;
	GdkTexture *texture;
} TdUiShot;

TdUiShot *td_ui_shot_new(GtkWidget *widget);
void td_ui_shot_free(TdUiShot *shot);
/* Saves the shot as BUILDDIR/screenshots/NAME.png; returns the path. */
gchar *td_ui_shot_save(TdUiShot *shot, const gchar *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdUiShot, td_ui_shot_free)
/* The colour at (x, y) of the shot, 0xRRGGBB. */
guint32 td_ui_shot_pixel(TdUiShot *shot, gint x, gint y);

/* The WCAG contrast ratio of two sRGB colours (0xRRGGBB). */
gdouble td_ui_contrast_ratio(guint32 a, guint32 b);
#define TD_UI_MIN_CONTRAST 4.5

/* Checks everything mapped under root in window (width x height): every
 * control (button, toggle, entry) lies inside the window, is at least
 * min_px both ways and has a name; every label with text is inside the
 * window, not ellipsized (unless marked "td-may-ellipsize") and given the
 * size its text needs; its text reaches TD_UI_MIN_CONTRAST against its
 * background in shot (NULL: no contrast checks). Problems are appended,
 * one a line. Returns the number of controls checked. */
guint td_ui_check_layout(GtkWidget *window, GtkWidget *root, gint width, gint height, guint min_px, TdUiShot *shot,
			 GString *problems);
/* The colours that fill widget's area in shot (at least min_pixels each,
 * so bars and not the edges of letters) against its most common one:
 * each must reach TD_UI_MIN_CONTRAST. Only the part within that window
 * rectangle, unless NULL. */
void td_ui_check_fill_contrast(GtkWidget *window, GtkWidget *widget, const graphene_rect_t *within, TdUiShot *shot,
			       guint min_pixels, GString *problems);
/* The window-relative rectangle of widget. */
gboolean td_ui_widget_rect(GtkWidget *widget, GtkWidget *window, graphene_rect_t *out);

G_END_DECLS
