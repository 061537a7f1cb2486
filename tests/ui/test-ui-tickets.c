/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The queue ticket from the running kiosk to a printer: a private CUPS
 * (tests/devices/with-private-cupsd.sh) whose "tiepdon-file" queue writes
 * each job to a file, read back with pdftotext. The number prints when it
 * is shown, without stalling the main loop; a stopped queue leaves the
 * number on screen with a note, tells staff on their console, and staff
 * print it again from there; a printer found off once the patient has
 * gone on to the VNeID question sends the note after them. */
#include "config.h"

#include <glib/gstdio.h>

#include "td-demo-env.h"
#include "td-i18n.h"
#include "td-pin-page.h"
#include "td-staff-console.h"
#include "td-test-files.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-util.h"

static gchar *
td_job_path(guint job)
{
	g_autofree gchar *name = g_strdup_printf("job-%u", job);
	return g_build_filename(g_getenv("TD_TEST_CUPS_OUTPUT"), name, NULL);
}

static gboolean
td_file_exists(gpointer path)
{
	return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* The text of the tiepdon-file queue's job (waits for CUPS to write it). */
static gchar *
td_printed_text(guint job)
{
	g_autofree gchar *path = td_job_path(job);
	g_autoptr(GError) error = NULL;
	gchar *text;

	if (!td_ui_test_wait_for(td_file_exists, path, 20000))
		g_error("CUPS wrote no %s", path);
	text = td_test_pdf_text(path, &error);
	g_assert_no_error(error);
	return text;
}

/* The highest job number the tiepdon-file queue has written (0: none). */
static guint
td_last_job(void)
{
	g_autoptr(GDir) dir = g_dir_open(g_getenv("TD_TEST_CUPS_OUTPUT"), 0, NULL);
	const gchar *name;
	guint last = 0;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		guint64 n = 0;
		if (g_str_has_prefix(name, "job-") && !g_str_has_suffix(name, ".options") &&
		    g_ascii_string_to_unsigned(name + 4, 10, 1, G_MAXUINT, &n, NULL))
			last = MAX(last, (guint)n);
	}
	return last;
}

static gboolean
td_job_after(gpointer last)
{
	return td_last_job() > GPOINTER_TO_UINT(last);
}

/* The text of the next job the queue writes after job last. */
static gchar *
td_next_printed_text(guint last)
{
	if (!td_ui_test_wait_for(td_job_after, GUINT_TO_POINTER(last), 20000))
		g_error("CUPS wrote no job after job-%u", last);
	return td_printed_text(td_last_job());
}

/* Tickets on queue as a PDF, as through a queue with the printer's driver
 * (the test's queues are raw: they would get ESC/POS, whose text cannot
 * be read back; test-ticket.c reads that), the text read from the job. */
static void
td_printer_set(TdUiTestKiosk *kiosk, const gchar *queue)
{
	g_autoptr(TdTicketPrinter) printer = td_ticket_printer_new(queue);
	printer->format = TD_TICKET_FORMAT_PDF;
	td_kiosk_context_set_printer(kiosk->context, printer);
}

static gboolean
td_has_printer(void)
{
	g_autofree gchar *pdftotext = g_find_program_in_path("pdftotext");
	if (g_getenv("TD_TEST_CUPS_OUTPUT") != NULL && pdftotext != NULL)
		return TRUE;
	g_test_skip("no private cupsd (package cups-daemon) or no pdftotext (poppler-utils)");
	return FALSE;
}

static void
test_ticket_printed(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = NULL;
	TdTestStallMeter *meter;
	g_autofree gchar *text = NULL;
	g_autofree gchar *to_desk = NULL;
	g_autofree gchar *job = td_job_path(1);
	guint last;

	if (!td_has_printer())
		return;
	kiosk = td_ui_test_kiosk_new();
	td_i18n_set_language(TD_LANGUAGE_VI);
	td_printer_set(kiosk, "tiepdon-file");
	/* a contactless link's pace, so the read takes real time */
	td_demo_env_set_latency_ms(kiosk->context->demo, 5);
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	/* from OK to the ticket out of the printer: the read, the look-up,
	 * the store, rendering and sending the PDF, all off the main thread */
	meter = td_ui_test_stall_meter_start(kiosk);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_true(td_ui_test_wait_for(td_file_exists, job, 20000));
	g_assert_cmpint(td_test_stall_meter_stop(meter, "a check-in and its ticket printed"), <,
			TD_TEST_MAX_MAIN_LOOP_GAP_US);

	text = td_printed_text(1);
	g_test_message("the ticket:\n%s", text);
	g_assert_nonnull(strstr(text, "SỐ THỨ TỰ"));
	g_assert_true(g_regex_match_simple("^\\s*1\\s*$", text, G_REGEX_MULTILINE, 0));
	g_assert_nonnull(strstr(text, "Xin mời:\nNgồi chờ gọi số vào phòng"));
	g_assert_nonnull(strstr(text, "Bảo hiểm y tế:\nThẻ còn hạn"));
	/* the patient's words only (WORDING.md): no English, no "BHYT" */
	g_assert_null(strstr(text, "QUEUE"));
	g_assert_null(strstr(text, "Please"));
	g_assert_null(strstr(text, "BHYT"));
	/* initials only: tickets get left on benches */
	g_assert_nonnull(strstr(text, "N.V.A."));
	g_assert_null(strstr(text, "Nguyễn"));
	g_assert_null(strstr(text, "001058012345"));
	/* he is to be asked about VNeID: the guide to take home, its code
	 * read by an outside reader as the training's guide address */
	g_assert_nonnull(strstr(text, "Đưa thẻ bảo hiểm y tế vào ứng dụng"));
	{
		g_autofree gchar *code = td_test_pdf_qr_read(job);
		g_assert_cmpstr(code, ==, td_kiosk_context_guide_url(kiosk->context));
	}
	/* nothing to tell anyone */
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Máy chưa in được vé"));

	/* sent to the desk, she is not asked about VNeID at the kiosk: her
	 * ticket has no guide */
	td_ui_test_kiosk_finish(kiosk);
	last = td_last_job();
	td_ui_test_kiosk_check_in_qr(kiosk, "pham-thi-thu-ha.ini",
				     "031185006789||Phạm Thị Thu Hà|14071985|Nữ|Hà Nội|10082023");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_SEE_STAFF, 20000);
	to_desk = td_next_printed_text(last);
	g_assert_nonnull(strstr(to_desk, "SỐ THỨ TỰ"));
	g_assert_null(strstr(to_desk, "VNeID"));
}

static void
test_ticket_printer_stopped(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = NULL;
	g_autofree gchar *text = NULL;
	guint last;
	TdPinPage *pin;

	if (!td_has_printer())
		return;
	kiosk = td_ui_test_kiosk_new();
	td_i18n_set_language(TD_LANGUAGE_VI);
	td_printer_set(kiosk, "tiepdon-stopped");
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	td_ui_test_kiosk_wait_quiet(kiosk);
	/* the number stays, with a word about the ticket */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Số thứ tự của ông"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Máy chưa in được vé: xin nhớ số thứ tự này. Nhân viên đã được báo."));
	/* and said, shortly (a patient who cannot read waits at the printer) */
	{
		const gchar *key = "unset";
		g_autofree gchar *spoken = td_kiosk_window_get_spoken(kiosk->window, &key);
		g_assert_cmpstr(spoken, ==,
				"Số thứ tự của ông: 1. Máy chưa in được vé: xin nhớ số thứ tự này. Nhân viên đã được báo.");
		g_assert_null(key);
	}
	td_ui_test_kiosk_finish(kiosk);
	/* the next patient, before anyone sees to the printer */
	td_ui_test_kiosk_check_in(kiosk, "tran-thi-bich-ngoc.ini", "079190004321");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	td_ui_test_kiosk_wait_quiet(kiosk);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Máy chưa in được vé"));
	td_ui_test_kiosk_finish(kiosk);

	/* staff: the alert on their console, with the number and the fault,
	 * and the earlier ticket behind it */
	pin = TD_PIN_PAGE(td_kiosk_window_get_pin_page(kiosk->window));
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	td_pin_page_enter(pin, TD_TRAINING_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_STAFF);
	td_ui_test_wait(50);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Vé số 2 chưa in được: đang dừng, xin báo người quản trị. Còn 1 vé trước đó "
					    "cũng chưa in được: sẽ hiện lần lượt sau vé này."));
	/* the printer is seen to: staff print them again, one by one (before,
	 * only the last was kept, and number 1 could never be printed) */
	td_printer_set(kiosk, "tiepdon-file");
	last = td_last_job();
	td_ui_test_kiosk_press(kiosk, "In lại vé số 2");
	text = td_next_printed_text(last);
	g_assert_true(g_regex_match_simple("^\\s*2\\s*$", text, G_REGEX_MULTILINE, 0));
	g_clear_pointer(&text, g_free);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window),
					    "Vé số 1 chưa in được: đang dừng, xin báo người quản trị.", 5000));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Còn 1 vé trước đó"));
	last = td_last_job();
	td_ui_test_kiosk_press(kiosk, "In lại vé số 1");
	text = td_next_printed_text(last);
	g_assert_true(g_regex_match_simple("^\\s*1\\s*$", text, G_REGEX_MULTILINE, 0));
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Đã in lại vé số 1.", 5000));
	/* and the alert is gone */
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Vé số 1 chưa in được: đang dừng"));
}

/* A printer that is off is known only after the ticket's wait: by then
 * the patient has gone on to the VNeID question. The note goes with them,
 * under the number on the question, and in the strip on a short screen
 * (1024 x 600), where the number is there. */
/* The ticket page, on to the VNeID question before the printer's answer
 * (the wait is 6 s, the press comes after the new page's 700 ms without
 * taps: a loaded sanitizer run has 5 s to spare). */
static void
td_on_to_the_question(TdUiTestKiosk *kiosk, gint width, gint height)
{
	g_autoptr(TdTicketPrinter) printer = td_ticket_printer_new("tiepdon-offline");

	printer->format = TD_TICKET_FORMAT_PDF;
	printer->wait_s = 6;
	td_kiosk_context_set_printer(kiosk->context, printer);
	td_ui_test_kiosk_set_size(kiosk, width, height);
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	td_ui_test_wait(800);
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Máy chưa in được vé"));
	td_ui_test_kiosk_press(kiosk, "Tiếp tục");
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_VNEID);
}

static void
td_answer_and_leave(TdUiTestKiosk *kiosk)
{
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Yes, it is already in VNeID"));
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Done. Please remember to take back your ID card."));
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);
	td_ui_test_kiosk_wait_quiet(kiosk);
}

/* A printer that is off is known only after the ticket's wait: by then
 * the patient has gone on to the VNeID question. The note goes with them,
 * under the number on the question, on a short screen (1024 x 600) too,
 * where the number is otherwise only in the strip: with no ticket, the
 * page is the one place left to read it from. */
static void
test_ticket_fails_after_its_page(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = NULL;
	g_autoptr(TdUiTestKiosk) small = NULL;

	if (!td_has_printer())
		return;
	td_i18n_set_language(TD_LANGUAGE_VI);
	kiosk = td_ui_test_kiosk_new();
	td_on_to_the_question(kiosk, 1024, 768);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window),
					    "Số thứ tự của ông: 1\nMáy chưa in được vé: xin nhớ số thứ tự này.", 20000));
	g_free(td_ui_test_save_png(GTK_WIDGET(kiosk->window), "ticket-failed-on-vneid-vi"));
	td_answer_and_leave(kiosk);
	g_clear_pointer(&kiosk, td_ui_test_kiosk_free);

	small = td_ui_test_kiosk_new();
	td_on_to_the_question(small, 1024, 600);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(small->window), "Số thứ tự 1 · máy chưa in được vé", 20000));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(small->window),
					    "Số thứ tự của ông: 1\nMáy chưa in được vé: xin nhớ số thứ tự này."));
	g_free(td_ui_test_save_png(GTK_WIDGET(small->window), "ticket-failed-on-vneid-1024x600-vi"));
	td_answer_and_leave(small);
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	g_test_add_func("/ui/tickets/printed", test_ticket_printed);
	g_test_add_func("/ui/tickets/printer-stopped", test_ticket_printer_stopped);
	g_test_add_func("/ui/tickets/fails-after-its-page", test_ticket_fails_after_its_page);
	return g_test_run();
}
