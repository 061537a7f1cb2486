/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "td-print.h"
#include "td-test-files.h"
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
	g_assert_true(td_ticket_render_pdf(ticket, path, &error));
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
		g_assert_nonnull(strstr(text, "Có BHYT"));
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
assert_print_error(const gchar *printer, TdTicketError code, const gchar *staff_code)
{
	g_autoptr(TdTicket) ticket = make_ticket();
	g_autoptr(GError) error = NULL;

	g_assert_cmpint(td_ticket_print(ticket, printer, &error), ==, 0);
	g_assert_error(error, TD_TICKET_ERROR, (gint)code);
	g_test_message("%s: [%s] %s", printer, td_ticket_error_staff_code(error), error->message);
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
	g_assert_cmpint(td_ticket_print(ticket, "tiepdon-ok", &error), >, 0);
	g_assert_no_error(error);
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
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/devices/ticket/initials", test_ticket_initials);
	g_test_add_func("/devices/ticket/pdf", test_ticket_pdf);
	g_test_add_func("/devices/ticket/png", test_ticket_png);
	g_test_add_func("/devices/ticket/printer-state", test_ticket_printer_state);
	g_test_add_func("/devices/ticket/print-missing-queue", test_ticket_print_missing_queue);
	g_test_add_func("/devices/ticket/print-private-cupsd", test_ticket_print_private_cupsd);
	{
		gint rc = g_test_run();
		td_print_release_font_caches();
		return rc;
	}
}
