/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* What the queue ticket and the daily report share on their way to paper:
 * text laid out by Pango the same on a PDF and on a PNG, and a PDF file
 * handed to a CUPS queue once the queue is known to take it. Printing
 * errors are TD_TICKET_ERROR (td-ticket.h; the ticket was their first
 * user), each with its staff code. Units are points. */

/* A layout of text in font ("DejaVu Sans Bold 11"), wrapped at width, with
 * unhinted metrics at 72 dpi, so measuring on one surface is right for
 * another. */
PangoLayout *td_print_layout_new(cairo_t *cr, const gchar *text, const gchar *font, gdouble width,
				 PangoAlignment alignment);
/* Draws layout with its top left at (x, y) when draw is TRUE; returns its
 * height either way. */
gdouble td_print_layout_draw(cairo_t *cr, PangoLayout *layout, gdouble x, gdouble y, gboolean draw);

/* Ends a drawing on a PDF surface: shows the page, destroys cr, then
 * finishes (writes the file) and destroys its surface. Returns the first
 * error cairo met on the way. */
cairo_status_t td_print_pdf_finish(cairo_t *cr);

/* Pango, cairo and fontconfig keep their font caches for the life of the
 * process. A program that ends after drawing drops them, so LeakSanitizer
 * reports only what really leaked. Nothing may draw afterwards. */
void td_print_release_font_caches(void);

/* Checks the CUPS queue (printer NULL: the default destination), then
 * prints the PDF at path to it with title (shown in lpstat and CUPS's logs:
 * no personal data). Returns the job id, 0 with an error. Blocks on the
 * CUPS server: not for a GTK main thread. */
gint td_print_pdf_file(const gchar *printer, const gchar *path, const gchar *title, GError **error);

G_END_DECLS
