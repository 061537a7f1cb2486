/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "td-escpos.h"
#include "td-print.h"
#include "td-qr-code.h"
#include "td-secret.h"
#include "td-ticket.h"

G_DEFINE_QUARK(td-ticket-error-quark, td_ticket_error)

#define TD_TICKET_MM_TO_PT (72.0 / 25.4)
#define TD_TICKET_PNG_DPI 203.0
#define TD_TICKET_DOTS_PER_MM 8.0 /* ESC/POS print heads: 203 dpi */
#define TD_TICKET_FONT "DejaVu Sans"
/* the queue number's size, smaller only where its line would not fit */
#define TD_TICKET_NUMBER_PT 60

/* A roll and what its print head reaches: 72 of 80 mm, 48 of 58 mm. The
 * ticket is laid out for the roll in true points, so a 58 mm ticket is
 * longer, not smaller: before, it was the 80 mm ticket scaled by two
 * thirds, its last line ("Xin giữ vé này…") 1.6 mm tall. */
typedef struct {
	gdouble paper_mm;
	gdouble printable_mm;
} TdTicketRoll;

static TdTicketRoll
td_ticket_roll(guint paper_mm)
{
	return paper_mm == 58 ? (TdTicketRoll){58.0, 48.0} : (TdTicketRoll){80.0, 72.0};
}

static gdouble
td_ticket_roll_margin_pt(const TdTicketRoll *roll)
{
	return (roll->paper_mm - roll->printable_mm) / 2.0 * TD_TICKET_MM_TO_PT;
}

TdTicket *
td_ticket_new(void)
{
	return g_new0(TdTicket, 1);
}

void
td_ticket_free(TdTicket *ticket)
{
	if (ticket == NULL)
		return;
	g_free(ticket->station_name);
	g_clear_pointer(&ticket->issued, g_date_time_unref);
	g_free(ticket->where_to_go);
	g_free(ticket->bhyt_status);
	td_str_clear_free(ticket->initials);
	g_free(ticket->vneid_guide_url);
	g_free(ticket);
}

gchar *
td_ticket_initials_from_name(const gchar *full_name)
{
	g_autoptr(GString) initials = g_string_new(NULL);
	gboolean at_word_start = TRUE;

	if (full_name == NULL || !g_utf8_validate(full_name, -1, NULL))
		return NULL;
	for (const gchar *p = full_name; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalpha(c)) {
			if (at_word_start) {
				g_string_append_unichar(initials, g_unichar_toupper(c));
				g_string_append_c(initials, '.');
			}
			at_word_start = FALSE;
		} else if (g_unichar_isspace(c) || c == '-') {
			at_word_start = TRUE;
		}
	}
	if (initials->len == 0)
		return NULL;
	return g_string_free(g_steal_pointer(&initials), FALSE);
}

/* The ticket's words are the patient's (WORDING.md): Vietnamese, "thẻ bảo
 * hiểm y tế" rather than "BHYT", no English; the label above says what
 * they are about ("Bảo hiểm y tế:"). */
const gchar *
td_ticket_bhyt_status_text(TdEligibilityVerdict verdict)
{
	switch (verdict) {
	case TD_ELIGIBILITY_ELIGIBLE:
	case TD_ELIGIBILITY_ELIGIBLE_NEW_CARD:
		return "Thẻ còn hạn";
	case TD_ELIGIBILITY_EXPIRED:
		return "Thẻ đã hết hạn";
	case TD_ELIGIBILITY_NOT_FOUND:
	case TD_ELIGIBILITY_CHILD_NO_CARD:
		return "Máy chưa tìm thấy thông tin, quầy tiếp đón sẽ kiểm tra";
	case TD_ELIGIBILITY_NEW_CARD_UNCONFIRMED:
		return "Đã có thẻ mới, quầy tiếp đón sẽ kiểm tra";
	case TD_ELIGIBILITY_NOT_CHECKED:
	case TD_ELIGIBILITY_UNAVAILABLE:
	case TD_ELIGIBILITY_CONFIG_ERROR:
		return "Chưa kiểm tra được, quầy tiếp đón sẽ kiểm tra";
	case TD_ELIGIBILITY_MISMATCH:
	case TD_ELIGIBILITY_REVOKED:
	case TD_ELIGIBILITY_OTHER_AGENCY:
	case TD_ELIGIBILITY_UNKNOWN_CODE:
	default:
		return "Xin hỏi quầy tiếp đón";
	}
}

const gchar *
td_ticket_error_staff_code(const GError *error)
{
	if (error == NULL || error->domain != TD_TICKET_ERROR)
		return NULL;
	switch ((TdTicketError)error->code) {
	case TD_TICKET_ERROR_RENDER:
		return "PRN-RENDER";
	case TD_TICKET_ERROR_NO_PRINTER:
		return "PRN-NONE";
	case TD_TICKET_ERROR_PRINTER_STOPPED:
		return "PRN-STOPPED";
	case TD_TICKET_ERROR_OUT_OF_PAPER:
		return "PRN-PAPER";
	case TD_TICKET_ERROR_PRINTER_OFFLINE:
		return "PRN-OFFLINE";
	case TD_TICKET_ERROR_PRINT_FAILED:
	default:
		return "PRN-FAILED";
	}
}

/* Lays out and (unless measuring) draws one block of text across the
 * roll's printable width, moving *y below it. Units are points. */
static void
td_ticket_draw_text(cairo_t *cr,
		    const TdTicketRoll *roll,
		    const gchar *text,
		    const gchar *font,
		    PangoAlignment alignment,
		    gboolean draw,
		    gdouble *y)
{
	g_autoptr(PangoLayout) layout =
	    td_print_layout_new(cr, text, font, roll->printable_mm * TD_TICKET_MM_TO_PT, alignment);

	*y += td_print_layout_draw(cr, layout, td_ticket_roll_margin_pt(roll), *y, draw);
}

/* The queue number on one line, never broken: 60 pt, smaller where that
 * is wider than the roll ("B-017" of a ticket given while the database
 * was out of reach needs 196 pt; 48 mm is 136). Whole points: "%.1f"
 * would write "60,0" under the kiosk's Vietnamese locale, and Pango
 * reads a comma in a font's name as the end of a family. */
static void
td_ticket_draw_number(cairo_t *cr, const TdTicketRoll *roll, const gchar *number, gboolean draw, gdouble *y)
{
	gdouble width_pt = roll->printable_mm * TD_TICKET_MM_TO_PT;
	gint size = TD_TICKET_NUMBER_PT;
	g_autofree gchar *font = g_strdup_printf(TD_TICKET_FONT " Bold %d", size);
	g_autoptr(PangoLayout) line = td_print_layout_new(cr, number, font, width_pt, PANGO_ALIGN_CENTER);
	gint line_width;

	/* its width unwrapped */
	pango_layout_set_width(line, -1);
	pango_layout_get_size(line, &line_width, NULL);
	if ((gdouble)line_width / PANGO_SCALE > width_pt) {
		size = (gint)floor(size * width_pt / ((gdouble)line_width / PANGO_SCALE));
		g_free(font);
		font = g_strdup_printf(TD_TICKET_FONT " Bold %d", size);
	}
	td_ticket_draw_text(cr, roll, number, font, PANGO_ALIGN_CENTER, draw, y);
}

static void
td_ticket_draw_rule(cairo_t *cr, const TdTicketRoll *roll, gboolean draw, gdouble *y)
{
	gdouble margin = td_ticket_roll_margin_pt(roll);

	*y += 4.0;
	if (draw) {
		cairo_set_line_width(cr, 1.0);
		cairo_move_to(cr, margin, *y);
		cairo_line_to(cr, margin + roll->printable_mm * TD_TICKET_MM_TO_PT, *y);
		cairo_stroke(cr);
	}
	*y += 5.0;
}

/* The VNeID guide's code, centred, a module 0.5 mm: 4 dots of a 203 dpi
 * head, which phone cameras read from a hand's length (a 45-character
 * address is 33 modules, 20.5 mm with its quiet zone). Drawn without
 * anti-aliasing: a grey edge is a coin toss for the thermal head's
 * threshold. An address that cannot be encoded leaves the code out: the
 * ticket matters more. */
#define TD_TICKET_QR_MODULE_MM 0.5

/* The ticket's guide code, encoded once per rendering (its measuring
 * and its drawing share it), if the ticket has a guide and the code fits
 * the roll's printable width; NULL (said) if not: then neither it nor its
 * sentence is printed, rather than a code cut at the paper's edge. */
static TdQrCode *
td_ticket_guide_code(const TdTicket *ticket, const TdTicketRoll *roll)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdQrCode) code = NULL;

	if (ticket->vneid_guide_url == NULL)
		return NULL;
	code = td_qr_code_new(ticket->vneid_guide_url, &error);
	if (code == NULL) {
		g_warning("the VNeID guide's address is not on the ticket: %s", error->message);
		return NULL;
	}
	if ((td_qr_code_get_width(code) + 2 * TD_QR_CODE_QUIET_ZONE) * TD_TICKET_QR_MODULE_MM > roll->printable_mm) {
		g_warning("the VNeID guide's address is not on the ticket: its code is wider than %.0f mm",
			  roll->printable_mm);
		return NULL;
	}
	return g_steal_pointer(&code);
}

static void
td_ticket_draw_qr(cairo_t *cr, const TdTicketRoll *roll, const TdQrCode *code, gboolean draw, gdouble *y)
{
	gdouble module = TD_TICKET_QR_MODULE_MM * TD_TICKET_MM_TO_PT;
	guint width = td_qr_code_get_width(code);
	gdouble side, left;

	side = (width + 2 * TD_QR_CODE_QUIET_ZONE) * module;
	left = td_ticket_roll_margin_pt(roll) + (roll->printable_mm * TD_TICKET_MM_TO_PT - side) / 2.0;
	if (draw) {
		cairo_save(cr);
		cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
		for (guint my = 0; my < width; my++) {
			for (guint mx = 0; mx < width; mx++) {
				if (td_qr_code_is_dark(code, mx, my))
					cairo_rectangle(cr, left + (mx + TD_QR_CODE_QUIET_ZONE) * module,
							*y + (my + TD_QR_CODE_QUIET_ZONE) * module, module, module);
			}
		}
		cairo_fill(cr);
		cairo_restore(cr);
	}
	*y += side;
}

/* Draws the ticket from the top of the page (points); returns its length. */
static gdouble
td_ticket_draw(const TdTicket *ticket, const TdTicketRoll *roll, const TdQrCode *guide, cairo_t *cr, gboolean draw)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	GDateTime *issued = ticket->issued != NULL ? ticket->issued : now;
	g_autofree gchar *number = td_queue_label(ticket->queue_series, ticket->queue_number);
	g_autofree gchar *when = g_date_time_format(issued, "%d/%m/%Y   %H:%M");
	gdouble y = 4.0 * TD_TICKET_MM_TO_PT;

	cairo_set_source_rgb(cr, 0, 0, 0);
	td_ticket_draw_text(cr, roll, ticket->station_name != NULL ? ticket->station_name : "Trạm Y tế",
			    TD_TICKET_FONT " Bold 11", PANGO_ALIGN_CENTER, draw, &y);
	td_ticket_draw_rule(cr, roll, draw, &y);
	td_ticket_draw_text(cr, roll, "SỐ THỨ TỰ", TD_TICKET_FONT " 8", PANGO_ALIGN_CENTER, draw, &y);
	td_ticket_draw_number(cr, roll, number, draw, &y);
	td_ticket_draw_text(cr, roll, when, TD_TICKET_FONT " 10", PANGO_ALIGN_CENTER, draw, &y);
	td_ticket_draw_rule(cr, roll, draw, &y);
	if (ticket->where_to_go != NULL) {
		td_ticket_draw_text(cr, roll, "Xin mời:", TD_TICKET_FONT " 8", PANGO_ALIGN_LEFT, draw, &y);
		td_ticket_draw_text(cr, roll, ticket->where_to_go, TD_TICKET_FONT " Bold 12", PANGO_ALIGN_LEFT, draw, &y);
		y += 4.0;
	}
	if (ticket->bhyt_status != NULL) {
		td_ticket_draw_text(cr, roll, "Bảo hiểm y tế:", TD_TICKET_FONT " 8", PANGO_ALIGN_LEFT, draw, &y);
		td_ticket_draw_text(cr, roll, ticket->bhyt_status, TD_TICKET_FONT " 10", PANGO_ALIGN_LEFT, draw, &y);
		y += 4.0;
	}
	if (ticket->initials != NULL) {
		g_autofree gchar *line = g_strdup_printf("Người bệnh: %s", ticket->initials);
		td_ticket_draw_text(cr, roll, line, TD_TICKET_FONT " 10", PANGO_ALIGN_LEFT, draw, &y);
		td_memwipe(line, strlen(line));
	}
	td_ticket_draw_rule(cr, roll, draw, &y);
	/* what the patient must do with it: as large as the rest, upright
	 * (it was 7 pt italic, the smallest on the ticket) */
	td_ticket_draw_text(cr, roll, "Xin giữ vé này đến khi được gọi.", TD_TICKET_FONT " 10", PANGO_ALIGN_CENTER,
			    draw, &y);
	/* to take home: many patients put the card into the app later, with
	 * a child's help, and the screen's steps stay at the kiosk */
	if (guide != NULL) {
		td_ticket_draw_rule(cr, roll, draw, &y);
		td_ticket_draw_text(cr, roll, "Đưa thẻ bảo hiểm y tế vào ứng dụng VNeID: quét mã này để xem cách làm.",
				    TD_TICKET_FONT " 10", PANGO_ALIGN_CENTER, draw, &y);
		td_ticket_draw_qr(cr, roll, guide, draw, &y);
	}
	/* Room for the cutter below the last line. */
	return y + 8.0 * TD_TICKET_MM_TO_PT;
}

static gdouble
td_ticket_measure(const TdTicket *ticket, const TdTicketRoll *roll, const TdQrCode *guide)
{
	cairo_surface_t *surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	cairo_t *cr = cairo_create(surface);
	gdouble height = td_ticket_draw(ticket, roll, guide, cr, FALSE);

	cairo_destroy(cr);
	cairo_surface_destroy(surface);
	return height;
}

static gboolean
td_ticket_check_cairo(cairo_status_t status, const gchar *path, GError **error)
{
	if (status == CAIRO_STATUS_SUCCESS)
		return TRUE;
	g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_RENDER, "cannot draw the ticket to %s: %s", path,
		    cairo_status_to_string(status));
	return FALSE;
}

gboolean
td_ticket_render_pdf(const TdTicket *ticket, guint paper_mm, const gchar *path, GError **error)
{
	TdTicketRoll roll = td_ticket_roll(paper_mm);
	g_autoptr(TdQrCode) guide = NULL;
	cairo_surface_t *surface;
	cairo_t *cr;

	g_return_val_if_fail(ticket != NULL, FALSE);
	g_return_val_if_fail(path != NULL, FALSE);

	guide = td_ticket_guide_code(ticket, &roll);
	surface = cairo_pdf_surface_create(path, roll.paper_mm * TD_TICKET_MM_TO_PT,
					   td_ticket_measure(ticket, &roll, guide));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "tiepdon queue ticket");
	cr = cairo_create(surface);
	cairo_surface_destroy(surface);
	td_ticket_draw(ticket, &roll, guide, cr, TRUE);
	return td_ticket_check_cairo(td_print_pdf_finish(cr), path, error);
}

/* The ticket in black on white, width dots wide, scale dots a point, the
 * page's left edge left_pt points to the left of the image's. NULL with
 * *status on a drawing error. */
static cairo_surface_t *
td_ticket_draw_image(const TdTicket *ticket,
		     const TdTicketRoll *roll,
		     gint width,
		     gdouble scale,
		     gdouble left_pt,
		     cairo_status_t *status)
{
	g_autoptr(TdQrCode) guide = td_ticket_guide_code(ticket, roll);
	gint height = (gint)ceil(td_ticket_measure(ticket, roll, guide) * scale);
	cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
	cairo_t *cr = cairo_create(surface);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	cairo_translate(cr, -left_pt, 0);
	td_ticket_draw(ticket, roll, guide, cr, TRUE);
	*status = cairo_status(cr);
	cairo_destroy(cr);
	if (*status != CAIRO_STATUS_SUCCESS)
		g_clear_pointer(&surface, cairo_surface_destroy);
	return surface;
}

gboolean
td_ticket_render_png(const TdTicket *ticket, const gchar *path, GError **error)
{
	TdTicketRoll roll = td_ticket_roll(TD_TICKET_DEFAULT_PAPER_MM);
	cairo_status_t status;
	cairo_surface_t *surface;

	g_return_val_if_fail(ticket != NULL, FALSE);
	g_return_val_if_fail(path != NULL, FALSE);

	surface = td_ticket_draw_image(ticket, &roll, (gint)ceil(roll.paper_mm / 25.4 * TD_TICKET_PNG_DPI),
				       TD_TICKET_PNG_DPI / 72.0, 0, &status);
	if (surface != NULL) {
		status = cairo_surface_write_to_png(surface, path);
		cairo_surface_destroy(surface);
	}
	return td_ticket_check_cairo(status, path, error);
}

GBytes *
td_ticket_render_escpos(const TdTicket *ticket, guint paper_mm, GError **error)
{
	TdTicketRoll roll = td_ticket_roll(paper_mm);
	/* the print heads of 80 and 58 mm printers: 576 and 384 dots */
	gint dots = (gint)(roll.printable_mm * TD_TICKET_DOTS_PER_MM);
	cairo_status_t status;
	cairo_surface_t *surface;
	GBytes *bytes;

	g_return_val_if_fail(ticket != NULL, NULL);
	/* the roll's printable width across the head, at true size */
	surface = td_ticket_draw_image(ticket, &roll, dots, TD_TICKET_DOTS_PER_MM / TD_TICKET_MM_TO_PT,
				       td_ticket_roll_margin_pt(&roll), &status);
	if (surface == NULL) {
		td_ticket_check_cairo(status, "ESC/POS", error);
		return NULL;
	}
	bytes = td_escpos_from_image(surface);
	cairo_surface_destroy(surface);
	return bytes;
}

TdTicketPrinter *
td_ticket_printer_new(const gchar *queue)
{
	TdTicketPrinter *printer = g_new0(TdTicketPrinter, 1);
	printer->queue = g_strdup(queue);
	printer->format = TD_TICKET_FORMAT_AUTO;
	printer->paper_mm = TD_TICKET_DEFAULT_PAPER_MM;
	printer->wait_s = TD_TICKET_DEFAULT_WAIT_S;
	return printer;
}

TdTicketPrinter *
td_ticket_printer_copy(const TdTicketPrinter *printer)
{
	TdTicketPrinter *copy;

	if (printer == NULL)
		return NULL;
	copy = g_memdup2(printer, sizeof(*printer));
	copy->queue = g_strdup(printer->queue);
	return copy;
}

void
td_ticket_printer_free(TdTicketPrinter *printer)
{
	if (printer == NULL)
		return;
	g_free(printer->queue);
	g_free(printer);
}

gboolean
td_ticket_format_from_string(const gchar *text, TdTicketFormat *format)
{
	static const gchar *const names[] = {"auto", "pdf", "escpos"};

	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		if (g_strcmp0(text, names[i]) == 0) {
			*format = (TdTicketFormat)i;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean
td_ticket_check_printer_state(const gchar *printer,
			      const gchar *state,
			      const gchar *accepting,
			      const gchar *reasons,
			      GError **error)
{
	g_auto(GStrv) reason_list = g_strsplit(reasons != NULL ? reasons : "", ",", -1);

	/* Paper first: a printer out of paper is often also "stopped", and
	 * "add paper" is the more useful alert. */
	for (guint i = 0; reason_list[i] != NULL; i++) {
		if (g_str_has_prefix(reason_list[i], "media-empty") ||
		    g_str_has_prefix(reason_list[i], "media-needed")) {
			g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_OUT_OF_PAPER,
				    "the printer %s is out of paper (%s)", printer, reason_list[i]);
			return FALSE;
		}
	}
	if (g_strcmp0(state, "5") == 0) {
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINTER_STOPPED,
			    "the print queue %s is stopped; start it with: cupsenable %s", printer, printer);
		return FALSE;
	}
	if (g_strcmp0(accepting, "false") == 0) {
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINTER_STOPPED,
			    "the print queue %s rejects jobs; allow them with: cupsaccept %s", printer, printer);
		return FALSE;
	}
	return TRUE;
}

gint
td_ticket_print(const TdTicket *ticket, const TdTicketPrinter *printer, GError **error)
{
	g_autoptr(TdTicketPrinter) defaults = td_ticket_printer_new(NULL);
	g_autoptr(TdPrintQueue) queue = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) escpos = NULL;
	g_autofree gchar *path = NULL;
	gboolean raw;
	gint fd;
	gint job;

	g_return_val_if_fail(ticket != NULL, 0);
	if (printer == NULL)
		printer = defaults;

	queue = td_print_queue_open(printer->queue, error);
	if (queue == NULL)
		return 0;
	raw = printer->format == TD_TICKET_FORMAT_ESCPOS ||
	      (printer->format == TD_TICKET_FORMAT_AUTO && td_print_queue_is_raw(queue));
	fd = g_file_open_tmp(raw ? "tiepdon-ticket-XXXXXX.escpos" : "tiepdon-ticket-XXXXXX.pdf", &path, &error_local);
	if (fd < 0) {
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_RENDER, "%s", error_local->message);
		return 0;
	}
	g_close(fd, NULL);
	if (raw) {
		escpos = td_ticket_render_escpos(ticket, printer->paper_mm, error);
		/* 0600, as the temporary file was made: the image holds the
		 * patient's initials (g_file_set_contents() would make 0666
		 * less the umask) */
		if (escpos != NULL &&
		    !g_file_set_contents_full(path, g_bytes_get_data(escpos, NULL), (gssize)g_bytes_get_size(escpos),
					      G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error_local)) {
			g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_RENDER, "%s", error_local->message);
			g_clear_pointer(&escpos, g_bytes_unref);
		}
		if (escpos == NULL) {
			g_unlink(path);
			return 0;
		}
	} else if (!td_ticket_render_pdf(ticket, printer->paper_mm, path, error)) {
		g_unlink(path);
		return 0;
	}
	job = td_print_queue_submit(queue, path, "tiepdon queue ticket", raw ? TD_PRINT_AS_RAW : TD_PRINT_AS_PDF_ROLL,
				    error);
	g_unlink(path);
	if (job == 0 || !td_print_queue_wait(queue, job, printer->wait_s, error))
		return 0;
	return job;
}
