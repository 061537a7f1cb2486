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

/* A CUPS queue, asked and printed to over a connection of its own whose
 * every request gives up after TD_PRINT_REQUEST_TIMEOUT_S: a cupsd that
 * takes the connection and never answers held a ticket for three minutes,
 * then was reported as a missing queue. All of it blocks on the CUPS
 * server: not for a GTK main thread. */
#define TD_PRINT_REQUEST_TIMEOUT_S 10
typedef struct _TdPrintQueue TdPrintQueue;

/* Connects, finds the queue (printer NULL: the default destination) and
 * checks it can take a job now (td_ticket_check_printer_state). */
TdPrintQueue *td_print_queue_open(const gchar *printer, GError **error);
void td_print_queue_close(TdPrintQueue *queue);
const gchar *td_print_queue_get_name(TdPrintQueue *queue);
/* A raw queue ("Local Raw Printer": no driver) hands the job's bytes to the
 * printer as they are: a receipt printer there takes ESC/POS, and prints a
 * PDF as pages of garbage. */
gboolean td_print_queue_is_raw(TdPrintQueue *queue);

typedef enum {
	TD_PRINT_AS_PDF_PAGE, /* a PDF on sheets (the daily report) */
	TD_PRINT_AS_PDF_ROLL, /* a PDF on a roll: at the top of the page the
			       * driver sets (position=top), not in its middle
			       * (1.6 m of blank paper on a 58x3276 mm PPD) */
	TD_PRINT_AS_RAW,      /* the bytes as they are (ESC/POS) */
} TdPrintAs;

/* Sends the file at path as one job titled title (shown in lpstat and
 * CUPS's logs: no personal data). Returns the job id, 0 with an error. */
gint td_print_queue_submit(TdPrintQueue *queue, const gchar *path, const gchar *title, TdPrintAs as, GError **error);
/* Waits for job to be printed. A job still waiting after limit_s (the
 * printer off or unplugged: CUPS keeps it and prints it whenever the
 * printer comes back, an old number for whoever stands there), or one
 * printing on a printer that then says it cannot, is cancelled:
 * TD_TICKET_ERROR_PRINTER_OFFLINE; one printing on a printer with
 * nothing wrong has up to 3 × limit_s. A job CUPS stopped or aborted:
 * TD_TICKET_ERROR_PRINT_FAILED. The message says when a cancel failed
 * (the job may still print). */
gboolean td_print_queue_wait(TdPrintQueue *queue, gint job, guint limit_s, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdPrintQueue, td_print_queue_close)

/* Opens the queue and sends the PDF at path to it as sheets, without
 * waiting for the paper. Returns the job id, 0 with an error. */
gint td_print_pdf_file(const gchar *printer, const gchar *path, const gchar *title, GError **error);

G_END_DECLS
