/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <cups/cups.h>
#include <pango/pangocairo.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "td-escpos.h"
#include "td-print.h"
#include "td-test-files.h"
#include "td-test-log.h"
#include "td-ticket.h"

#define STATION "Trạm Y tế xã An Bình"

static TdTicket *
make_ticket(void)
{
	TdTicket *ticket = td_ticket_new();
	ticket->station_name = g_strdup(STATION);
	ticket->queue_number = 137;
	ticket->issued = g_date_time_new_local(2025, 3, 14, 8, 5, 0);
	ticket->where_to_go = g_strdup("Phòng khám số 2 / Room 2");
	ticket->bhyt_status = g_strdup(td_ticket_bhyt_status_text(TD_ELIGIBILITY_ELIGIBLE));
	ticket->initials = td_ticket_initials_from_name("Nguyễn Văn An");
	return ticket;
}

static void
test_ticket_initials(void)
{
	g_autofree gchar *a = td_ticket_initials_from_name("Nguyễn Văn An");
	g_autofree gchar *b = td_ticket_initials_from_name("đặng thị  bích-ngọc");
	g_autofree gchar *c = td_ticket_initials_from_name(" 123 ");

	g_assert_cmpstr(a, ==, "N.V.A.");
	g_assert_cmpstr(b, ==, "Đ.T.B.N.");
	g_assert_null(c);
}

static void
test_ticket_pdf(void)
{
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-ticket-XXXXXX", &error);
	g_autofree gchar *path = g_build_filename(dir, "ticket.pdf", NULL);
	g_autofree gchar *text = NULL;

	g_assert_no_error(error);
	g_assert_true(td_ticket_render_pdf(ticket, TD_TICKET_DEFAULT_PAPER_MM, path, &error));
	g_assert_no_error(error);

	text = td_test_pdf_text(path, NULL);
	if (text == NULL) {
		g_test_skip("pdftotext (poppler-utils) is not installed");
	} else {
		g_test_message("%s", text);
		g_assert_nonnull(strstr(text, STATION));
		g_assert_nonnull(strstr(text, "137"));
		g_assert_nonnull(strstr(text, "14/03/2025"));
		g_assert_nonnull(strstr(text, "08:05"));
		g_assert_nonnull(strstr(text, "Phòng khám số 2"));
		g_assert_nonnull(strstr(text, "Thẻ còn hạn"));
		g_assert_nonnull(strstr(text, "N.V.A."));
		g_assert_null(strstr(text, "Nguyễn"));
	}
	g_unlink(path);
	g_rmdir(dir);
}

static void
test_ticket_png(void)
{
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-ticket-XXXXXX", &error);
	/* TD_TEST_TICKET_PNG keeps a copy to look at. */
	const gchar *keep = g_getenv("TD_TEST_TICKET_PNG");
	g_autofree gchar *path = g_build_filename(dir, "ticket.png", NULL);
	cairo_surface_t *surface;

	g_assert_true(td_ticket_render_png(ticket, path, &error));
	g_assert_no_error(error);
	if (keep != NULL)
		g_assert_true(td_ticket_render_png(ticket, keep, &error));

	surface = cairo_image_surface_create_from_png(path);
	g_assert_cmpint(cairo_surface_status(surface), ==, CAIRO_STATUS_SUCCESS);
	/* 80 mm at 203 dpi, and long enough to hold the big number. */
	g_assert_cmpint(cairo_image_surface_get_width(surface), ==, 640);
	g_assert_cmpint(cairo_image_surface_get_height(surface), >, 640);
	cairo_surface_destroy(surface);
	g_unlink(path);
	g_rmdir(dir);
}

static void
assert_print_error(const gchar *queue, TdTicketError code, const gchar *staff_code)
{
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(TdTicketPrinter) printer = td_ticket_printer_new(queue);
	g_autoptr(GError) error = NULL;

	/* a printer that is off is known as soon as its job waits */
	printer->wait_s = 3;
	g_assert_cmpint(td_ticket_print(ticket, printer, &error), ==, 0);
	g_assert_error(error, TD_TICKET_ERROR, (gint)code);
	g_test_message("%s: [%s] %s", queue, td_ticket_error_staff_code(error), error->message);
	g_assert_cmpstr(td_ticket_error_staff_code(error), ==, staff_code);
}

static void
test_ticket_print_missing_queue(void)
{
	assert_print_error("tiepdon-no-such-queue", TD_TICKET_ERROR_NO_PRINTER, "PRN-NONE");
}

static void
test_ticket_print_private_cupsd(void)
{
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(GError) error = NULL;

	if (g_getenv("TD_TEST_CUPSD") == NULL) {
		g_test_skip("no private cupsd (package cups-daemon)");
		return;
	}
	assert_print_error("tiepdon-stopped", TD_TICKET_ERROR_PRINTER_STOPPED, "PRN-STOPPED");
	assert_print_error("tiepdon-rejecting", TD_TICKET_ERROR_PRINTER_STOPPED, "PRN-STOPPED");
	{
		g_autoptr(TdTicketPrinter) ok = td_ticket_printer_new("tiepdon-ok");
		g_assert_cmpint(td_ticket_print(ticket, ok, &error), >, 0);
		g_assert_no_error(error);
	}
}

/* The bytes ESC/POS printers take (Epson's ESC/POS reference: ESC @,
 * GS v 0, ESC d, GS V), read back by hand: a raster as wide as the print
 * head (72 bytes of dots for an 80 mm roll, 48 for 58 mm), its bands'
 * rows adding up to the whole ticket, the big number's rows inked, and
 * the feed and cut last. */
static void
test_ticket_escpos_bytes(void)
{
	static const struct {
		guint paper_mm, row_bytes;
	} rolls[] = {{80, 72}, {58, 48}};
	g_autoptr(TdTicket) ticket = make_ticket();

	for (guint r = 0; r < G_N_ELEMENTS(rolls); r++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) bytes = td_ticket_render_escpos(ticket, rolls[r].paper_mm, &error);
		const guint8 *b;
		gsize len, at = 2;
		guint rows = 0, bands = 0, inked_rows = 0;
		static const guint8 tail[] = {0x1b, 0x64, 0x04, 0x1d, 0x56, 0x42, 0x00};

		g_assert_no_error(error);
		b = g_bytes_get_data(bytes, &len);
		/* TD_TEST_TICKET_ESCPOS=PREFIX keeps PREFIX-80.bin and PREFIX-58.bin to look at */
		if (g_getenv("TD_TEST_TICKET_ESCPOS") != NULL) {
			g_autofree gchar *keep =
			    g_strdup_printf("%s-%u.bin", g_getenv("TD_TEST_TICKET_ESCPOS"), rolls[r].paper_mm);
			g_assert_true(g_file_set_contents(keep, (const gchar *)b, (gssize)len, NULL));
		}
		g_assert_cmpuint(len, >, 16);
		g_assert_cmpint(b[0], ==, 0x1b); /* ESC @ */
		g_assert_cmpint(b[1], ==, 0x40);
		while (at + 8 <= len && b[at] == 0x1d && b[at + 1] == 0x76) {
			guint x = b[at + 4] | (guint)b[at + 5] << 8;
			guint y = b[at + 6] | (guint)b[at + 7] << 8;
			g_assert_cmpint(b[at + 2], ==, 0x30); /* GS v 0 */
			g_assert_cmpint(b[at + 3], ==, 0x00); /* normal density */
			g_assert_cmpuint(x, ==, rolls[r].row_bytes);
			g_assert_cmpuint(y, >, 0);
			g_assert_cmpuint(y, <=, 256);
			at += 8;
			g_assert_cmpuint(at + (gsize)x * y, <=, len);
			for (guint row = 0; row < y; row++, at += x) {
				guint dots = 0;
				for (guint i = 0; i < x; i++)
					dots += (guint)__builtin_popcount(b[at + i]);
				inked_rows += dots > 0;
			}
			rows += y;
			bands++;
		}
		g_test_message("%u mm: %" G_GSIZE_FORMAT " bytes, %u rows in %u bands, %u inked", rolls[r].paper_mm,
			       len, rows, bands, inked_rows);
		/* as long as the PNG at the same 8 dots a mm (80 mm: 640 wide) */
		g_assert_cmpuint(rows, >, rolls[r].paper_mm == 80 ? 640 : 420);
		g_assert_cmpuint(bands, ==, (rows + 255) / 256);
		/* black text on white paper: some rows inked, many blank (a
		 * negative would ink nearly all), the first 16 rows blank (2 to
		 * 3 mm of the ticket's 4 mm top margin: dots burnt for white
		 * would ink them) */
		g_assert_cmpuint(inked_rows, >, rows / 4);
		g_assert_cmpuint(inked_rows, <, 3 * rows / 4);
		for (gsize i = 10; i < 10 + (gsize)rolls[r].row_bytes * 16; i++)
			g_assert_cmpint(b[i], ==, 0);
		g_assert_cmpuint(len - at, ==, sizeof(tail));
		g_assert_cmpmem(b + at, sizeof(tail), tail, sizeof(tail));
	}
}

/* The raster's rows (dots down the paper) in ESC/POS bytes. */
static guint
escpos_bytes_rows(GBytes *bytes)
{
	const guint8 *b;
	gsize len, at = 2;
	guint rows = 0;

	b = g_bytes_get_data(bytes, &len);
	while (at + 8 <= len && b[at] == 0x1d && b[at + 1] == 0x76) {
		guint x = b[at + 4] | (guint)b[at + 5] << 8;
		guint y = b[at + 6] | (guint)b[at + 7] << 8;
		rows += y;
		at += 8 + (gsize)x * y;
	}
	return rows;
}

/* The raster's rows in the ticket's ESC/POS. */
static guint
escpos_rows(const TdTicket *ticket, guint paper_mm)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = td_ticket_render_escpos(ticket, paper_mm, &error);

	g_assert_no_error(error);
	return escpos_bytes_rows(bytes);
}

/* A 58 mm ticket is laid out for its 48 mm in true sizes: as long as the
 * 80 mm one or longer, its words wrapping where they must. Before, it was
 * the 80 mm ticket scaled by two thirds (446 rows for 668), its last line
 * 1.6 mm tall. The queue number stays on one line: "B-017", given while
 * the database was out of reach, is smaller there rather than broken. */
static void
test_ticket_escpos_roll_sizes(void)
{
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(TdTicket) offline = make_ticket();
	/* a second line of the 60 pt number would add 190 dots or more */
	const guint one_line_dots = 60;
	guint rows_80, rows_58;

	rows_80 = escpos_rows(ticket, 80);
	rows_58 = escpos_rows(ticket, 58);
	g_test_message("80 mm: %u rows, 58 mm: %u rows", rows_80, rows_58);
	g_assert_cmpuint(rows_58, >=, rows_80);

	offline->queue_series[0] = 'B';
	offline->queue_number = 17;
	for (guint paper_mm = 58; paper_mm <= 80; paper_mm += 22) {
		guint plain = paper_mm == 58 ? rows_58 : rows_80;
		guint with_series = escpos_rows(offline, paper_mm);
		g_test_message("%u mm: B-017 takes %u rows, 137 %u", paper_mm, with_series, plain);
		g_assert_cmpuint(with_series, <, plain + one_line_dots);
	}
}

/* The dots where the image is dark, the leftmost the first byte's most
 * significant bit (ESC/POS's GS v 0): a 16 x 2 image with its top left
 * and bottom right pixels black. */
static void
test_ticket_escpos_bit_order(void)
{
	cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 16, 2);
	cairo_t *cr = cairo_create(image);
	static const guint8 expected[] = {0x1b, 0x40, 0x1d, 0x76, 0x30, 0x00, 2, 0, 2, 0, 0x80, 0x00,
					  0x00, 0x01, 0x1b, 0x64, 0x04, 0x1d, 0x56, 0x42, 0x00};
	g_autoptr(GBytes) bytes = NULL;
	gsize len;
	const guint8 *b;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, 0, 0, 1, 1);
	cairo_rectangle(cr, 15, 1, 1, 1);
	cairo_fill(cr);
	cairo_destroy(cr);
	bytes = td_escpos_from_image(image);
	cairo_surface_destroy(image);
	b = g_bytes_get_data(bytes, &len);
	g_assert_cmpmem(b, len, expected, sizeof(expected));
}

/* The paper an ESC/POS printer makes of bytes: each GS v 0 band's rows
 * of dots, most significant bit leftmost, black where set, written as a
 * PNG for a reader to look at. */
static void
escpos_to_png(GBytes *bytes, const gchar *path)
{
	const guint8 *b;
	gsize len, at = 2;
	guint width = 0, rows = 0;
	cairo_surface_t *image;
	guint8 *pixels;
	gint stride;

	b = g_bytes_get_data(bytes, &len);
	/* the size first */
	for (gsize scan = 2; scan + 8 <= len && b[scan] == 0x1d && b[scan + 1] == 0x76;) {
		guint x = b[scan + 4] | (guint)b[scan + 5] << 8;
		guint y = b[scan + 6] | (guint)b[scan + 7] << 8;
		width = x * 8;
		rows += y;
		scan += 8 + (gsize)x * y;
	}
	image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (gint)width, (gint)rows);
	pixels = cairo_image_surface_get_data(image);
	stride = cairo_image_surface_get_stride(image);
	memset(pixels, 0xff, (gsize)stride * rows);
	for (guint row = 0; at + 8 <= len && b[at] == 0x1d && b[at + 1] == 0x76;) {
		guint x = b[at + 4] | (guint)b[at + 5] << 8;
		guint y = b[at + 6] | (guint)b[at + 7] << 8;
		at += 8;
		for (guint r = 0; r < y; r++, row++, at += x) {
			for (guint dot = 0; dot < x * 8; dot++) {
				if (b[at + dot / 8] & (0x80 >> (dot % 8)))
					memset(pixels + (gsize)row * (gsize)stride + (gsize)dot * 4, 0, 4);
			}
		}
	}
	cairo_surface_mark_dirty(image);
	g_assert_cmpint(cairo_surface_write_to_png(image, path), ==, CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(image);
}

/* A patient the kiosk will ask about VNeID takes the guide home on the
 * ticket: its code, as the print head gets it (ESC/POS on 80 and 58 mm
 * rolls) and as the PNG shows it, read by an outside reader as the
 * station's address; a ticket without one has no code. */
static void
test_ticket_vneid_guide_code(void)
{
	static const gchar url[] = "https://baohiemxahoi.gov.vn/huong-dan-tich-hop-bhyt-vneid";
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(TdTicket) plain = make_ticket();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-ticket-XXXXXX", &error);
	g_autofree gchar *png = g_build_filename(dir, "ticket.png", NULL);
	g_autofree gchar *read = NULL;
	guint rows_plain = escpos_rows(plain, 80);

	g_assert_no_error(error);
	ticket->vneid_guide_url = g_strdup(url);
	for (guint paper_mm = 58; paper_mm <= 80; paper_mm += 22) {
		g_autoptr(GBytes) bytes = td_ticket_render_escpos(ticket, paper_mm, &error);
		g_autofree gchar *text = NULL;

		g_assert_no_error(error);
		escpos_to_png(bytes, png);
		text = td_test_qr_read(png);
		g_test_message("%u mm: read \"%s\"", paper_mm, text);
		g_assert_cmpstr(text, ==, url);
	}
	/* the code and its sentence make the ticket longer, not the rest */
	g_assert_cmpuint(escpos_rows(ticket, 80), >, rows_plain + 160);
	g_assert_true(td_ticket_render_png(ticket, png, &error));
	g_assert_no_error(error);
	read = td_test_qr_read(png);
	g_assert_cmpstr(read, ==, url);
	if (g_getenv("TD_TEST_TICKET_PNG") != NULL)
		g_assert_true(td_ticket_render_png(ticket, g_getenv("TD_TEST_TICKET_PNG"), &error));

	g_clear_pointer(&read, g_free);
	g_assert_true(td_ticket_render_png(plain, png, &error));
	read = td_test_qr_read(png);
	g_assert_cmpstr(read, ==, "");

	/* an address whose code is wider than a 58 mm roll's 48 mm (600
	 * characters: 93 modules, 50.5 mm with the quiet zone) leaves the
	 * code and its sentence off that ticket, said once, rather than a
	 * code cut at the edge; the 80 mm roll's 72 mm take it */
	{
		g_autoptr(GString) long_url = g_string_new("https://baohiemxahoi.gov.vn/");
		g_autoptr(TdTicket) wide = make_ticket();
		g_autoptr(GBytes) on_58 = NULL;
		g_autoptr(GBytes) on_80 = NULL;
		g_autofree gchar *text_80 = NULL;
		g_autofree gchar *text_58 = NULL;

		while (long_url->len < 600)
			g_string_append_c(long_url, 'a');
		wide->vneid_guide_url = g_strdup(long_url->str);
		td_test_expect_warning("the VNeID guide's address is not on the ticket: its code is wider than 48 mm");
		on_58 = td_ticket_render_escpos(wide, 58, &error);
		g_assert_no_error(error);
		td_test_assert_warning_seen();
		g_assert_cmpuint(escpos_bytes_rows(on_58), ==, escpos_rows(plain, 58));
		escpos_to_png(on_58, png);
		text_58 = td_test_qr_read(png);
		g_assert_cmpstr(text_58, ==, "");
		on_80 = td_ticket_render_escpos(wide, 80, &error);
		g_assert_no_error(error);
		escpos_to_png(on_80, png);
		text_80 = td_test_qr_read(png);
		g_assert_cmpstr(text_80, ==, long_url->str);
	}
	g_unlink(png);
	g_rmdir(dir);
}

/* A printer that takes its time (a long raster, a slow driver) and says
 * nothing is wrong: its ticket is printing past the wait's limit, and is
 * let finish rather than cancelled half out and called not printed. */
static void
test_ticket_slow_printer(void)
{
	const gchar *out = g_getenv("TD_TEST_CUPS_OUTPUT");
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(TdTicketPrinter) printer = td_ticket_printer_new("tiepdon-slow");
	g_autoptr(GError) error = NULL;
	gint job;

	if (out == NULL) {
		g_test_skip("no private cupsd (package cups-daemon)");
		return;
	}
	printer->wait_s = 3;
	job = td_ticket_print(ticket, printer, &error);
	g_assert_no_error(error);
	g_assert_cmpint(job, >, 0);
}

/* A raw queue (no driver: "lpadmin -m raw", what an installer falls back
 * to for a USB receipt printer) gets ESC/POS, not a PDF it would print as
 * garbage; a queue told format=pdf gets the PDF, at the top of its page
 * (position=top). */
static void
test_ticket_raw_queue_gets_escpos(void)
{
	const gchar *out = g_getenv("TD_TEST_CUPS_OUTPUT");
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(TdTicketPrinter) printer = td_ticket_printer_new("tiepdon-file");

	if (out == NULL) {
		g_test_skip("no private cupsd (package cups-daemon)");
		return;
	}
	for (guint pdf = 0; pdf <= 1; pdf++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *path = NULL;
		g_autofree gchar *options_path = NULL;
		g_autofree gchar *data = NULL;
		g_autofree gchar *options = NULL;
		gsize len = 0;
		gint job;

		printer->format = pdf ? TD_TICKET_FORMAT_PDF : TD_TICKET_FORMAT_AUTO;
		job = td_ticket_print(ticket, printer, &error);
		g_assert_no_error(error);
		g_assert_cmpint(job, >, 0);
		/* the job is printed (the backend wrote it) when the call returns */
		path = g_strdup_printf("%s/job-%d", out, job);
		options_path = g_strdup_printf("%s.options", path);
		g_assert_true(g_file_get_contents(path, &data, &len, NULL));
		g_assert_true(g_file_get_contents(options_path, &options, NULL, NULL));
		g_test_message("job %d: %" G_GSIZE_FORMAT " bytes, options %s", job, len, options);
		g_assert_cmpuint(len, >, 8);
		if (pdf) {
			g_assert_true(g_str_has_prefix(data, "%PDF"));
			g_assert_nonnull(strstr(options, "position=top"));
		} else {
			static const guint8 head[] = {0x1b, 0x40, 0x1d, 0x76, 0x30, 0x00, 72, 0};
			g_assert_cmpmem(data, sizeof(head), head, sizeof(head));
		}
	}
}

/* A printer switched off: CUPS takes the job and waits for it, and would
 * print it whenever the printer comes back, an old number with someone's
 * initials for whoever stands there. The kiosk waits a while, then
 * cancels it and says so (PRN-OFFLINE): nothing is left in the queue. */
static void
test_ticket_printer_off(void)
{
	cups_job_t *jobs = NULL;
	gint n_jobs;

	if (g_getenv("TD_TEST_CUPSD") == NULL) {
		g_test_skip("no private cupsd (package cups-daemon)");
		return;
	}
	assert_print_error("tiepdon-offline", TD_TICKET_ERROR_PRINTER_OFFLINE, "PRN-OFFLINE");
	n_jobs = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, "tiepdon-offline", 0, CUPS_WHICHJOBS_ACTIVE);
	g_assert_cmpint(n_jobs, ==, 0);
	cupsFreeJobs(n_jobs, jobs);
}

/* A cupsd that takes the connection and never answers (hung, or the
 * machine swapping): the ticket gives up within the request time limit,
 * as a print service that does not answer (PRN-NONE), rather than hold
 * the ticket three minutes and then call the queue missing. The socket
 * listens and never accepts: the kernel completes the connection. */
static void
test_ticket_cupsd_hung(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-hung-cupsd-XXXXXX", &error);
	g_autofree gchar *path = g_build_filename(dir, "cups.sock", NULL);
	g_autoptr(GSocket) socket = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
	g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);
	g_autofree gchar *server = g_strdup(cupsServer());
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(TdTicketPrinter) printer = td_ticket_printer_new("receipt");
	gint64 start;
	gdouble seconds;

	g_assert_no_error(error);
	g_assert_true(g_socket_bind(socket, address, FALSE, &error));
	g_assert_true(g_socket_listen(socket, &error));
	g_assert_no_error(error);
	cupsSetServer(path);
	start = g_get_monotonic_time();
	g_assert_cmpint(td_ticket_print(ticket, printer, &error), ==, 0);
	seconds = (gdouble)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
	cupsSetServer(server);
	g_test_message("a cupsd that never answers: given up after %.1f s: %s", seconds, error->message);
	g_assert_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER);
	g_assert_nonnull(strstr(error->message, "does not answer"));
	g_assert_cmpfloat(seconds, <, 3 * TD_PRINT_REQUEST_TIMEOUT_S);
	g_socket_close(socket, NULL);
	g_unlink(path);
	g_rmdir(dir);
}

static void
test_ticket_printer_state(void)
{
	g_autoptr(GError) error = NULL;

	g_assert_true(td_ticket_check_printer_state("p", "3", "true", "none", &error));
	g_assert_no_error(error);
	g_assert_false(td_ticket_check_printer_state("p", "5", "true", "media-empty-error,paused", &error));
	g_assert_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_OUT_OF_PAPER);
	g_assert_cmpstr(td_ticket_error_staff_code(error), ==, "PRN-PAPER");
	g_clear_error(&error);
	g_assert_false(td_ticket_check_printer_state("p", "4", "true", "media-needed-warning", &error));
	g_assert_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_OUT_OF_PAPER);
	g_clear_error(&error);
	g_assert_false(td_ticket_check_printer_state("p", "5", NULL, NULL, &error));
	g_assert_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINTER_STOPPED);
	g_clear_error(&error);
	/* the usb backend's word for a printer that is off is left to the
	 * wait: CUPS keeps it on a usb: queue until the next job ends, so
	 * refusing to send one would refuse every ticket after */
	g_assert_true(td_ticket_check_printer_state("p", "3", "true", "offline-report", &error));
	g_assert_no_error(error);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	td_test_log_expecting_warnings();
	g_test_add_func("/devices/ticket/initials", test_ticket_initials);
	g_test_add_func("/devices/ticket/pdf", test_ticket_pdf);
	g_test_add_func("/devices/ticket/png", test_ticket_png);
	g_test_add_func("/devices/ticket/escpos-roll-sizes", test_ticket_escpos_roll_sizes);
	g_test_add_func("/devices/ticket/printer-state", test_ticket_printer_state);
	g_test_add_func("/devices/ticket/print-missing-queue", test_ticket_print_missing_queue);
	g_test_add_func("/devices/ticket/print-private-cupsd", test_ticket_print_private_cupsd);
	g_test_add_func("/devices/ticket/escpos-bytes", test_ticket_escpos_bytes);
	g_test_add_func("/devices/ticket/escpos-bit-order", test_ticket_escpos_bit_order);
	g_test_add_func("/devices/ticket/vneid-guide-code", test_ticket_vneid_guide_code);
	g_test_add_func("/devices/ticket/slow-printer", test_ticket_slow_printer);
	g_test_add_func("/devices/ticket/raw-queue-gets-escpos", test_ticket_raw_queue_gets_escpos);
	g_test_add_func("/devices/ticket/printer-off", test_ticket_printer_off);
	g_test_add_func("/devices/ticket/cupsd-hung", test_ticket_cupsd_hung);
	{
		gint rc = g_test_run();
		td_print_release_font_caches();
		return rc;
	}
}
