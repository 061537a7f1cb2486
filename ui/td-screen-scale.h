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
 * 1024 × 768. Pixel sizes (touch targets, borders) stay. */

/* The resolution for a window of that size: 96, 112, 128 or 144. */
guint td_screen_scale_dpi_for(gint width, gint height);

/* Follows window's size from now on: a td-dpi-NNN class on it (kiosk.css). */
void td_screen_scale_follow(GtkWindow *window);

G_END_DECLS
