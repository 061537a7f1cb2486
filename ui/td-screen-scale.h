/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The kiosk's type is set in points for a 1024 × 768 screen, the smallest
 * kiosks have. On a larger screen the same points would leave the words
 * small in a sea of white (a 21.5" 1920 × 1080 kiosk is common), so the
 * window's CSS resolution (-gtk-dpi, which GTK turns points into pixels
 * with) grows in steps with the screen, as far as the smaller of its two
 * ratios to 1024 × 768 allows: every page still fits, as it fits
 * 1024 × 768. Pixel sizes (touch targets, borders) stay.
 *
 * A portrait screen (1080 × 1920 "totem" kiosks) is narrow for the bar on
 * top and the staff pages, which keep the window's resolution; the
 * patient's pages and their strip reflow into one column, so they are
 * measured against 768 × 1024 instead.
 *
 * A short screen (under 640 px: 7" 800 × 480, 10" 1024 × 600, 800 × 600)
 * has no room to spare for the bar and the strip: their buttons keep a
 * finger's height but lose the rest, and the page gets the rows back
 * (the number pad of the ID pages whole on 1024 × 600).
 *
 * A low screen (under 540 px: the 7" 800 × 480 panel) leaves 353 px under
 * the bars, less than the number pad's five rows: its OK key goes beside
 * the digits, the VNeID answers and the titles keep the normal size in
 * large text, and the card's picture is smaller.
 *
 * A narrow screen (under 768 px: a portrait 600 × 1024 panel) has its
 * grids in fewer columns: the VNeID answers one under the other, the
 * card code's letters seven a row. Its bars take two rows, so one under
 * 1024 px tall (a portrait 600 × 800 panel) is short and low as well: the
 * number pad's OK beside the digits keeps it whole. */

typedef struct {
	guint window_dpi;	/* the whole window: 96, 112, 128 or 144 */
	guint patient_page_dpi; /* the patient's pages and strip: the same or more */
	gboolean short_screen;	/* the bars kept low (td-short) */
	gboolean low;		/* under 540 px high (td-low): the pad four keys across */
	gboolean narrow;	/* under 768 px wide: grids in fewer columns */
} TdScreenScale;

/* The resolutions for a window of that size. */
TdScreenScale td_screen_scale_for(gint width, gint height);

/* Calls changed with the scale for the size of widget's window whenever
 * that changes, before the layout (and when widget is realized): for
 * what CSS cannot change, a grid's columns. One per widget. */
typedef void (*TdScreenScaleChanged)(GtkWidget *widget, TdScreenScale scale);
void td_screen_scale_watch(GtkWidget *widget, TdScreenScaleChanged changed);

/* Follows window's size from now on: td-dpi-NNN and td-page-dpi-NNN
 * classes on it, td-short on a short screen and td-low on a low one
 * (kiosk.css). */
void td_screen_scale_follow(GtkWindow *window);

G_END_DECLS
