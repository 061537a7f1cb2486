/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reception's and the manager's screens on a real store: the PIN (and its
 * lock-out), the exception queue and its actions changing the stored
 * records, the manual check-in, the dashboard, its CSV export and its
 * print button (the day's report as a PDF). The case shown beside the
 * list (its photo, the chip's warnings, its VNeID question) is
 * test-ui-staff-case.c; the desk's harder moments (a colleague, an
 * earlier patient) are test-ui-staff-desk.c, the insurance gateway's
 * test-ui-staff-gateway.c;
 * the health page and a patient's call at this kiosk are
 * test-ui-staff-health.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "td-dashboard.h"
#include "td-day-chart.h"
#include "td-i18n.h"
#include "td-pin-page.h"
#include "td-report.h"
#include "td-staff-console.h"
#include "td-staff-pin.h"
#include "td-test-files.h"
#include "td-test-log.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-staff.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"
#include "td-usb-drive.h"

static TdUiTestKiosk *kiosk;

/* ---- the PIN and the queue of cases ---- */

static void
test_pin(void)
{
	TdPinPage *pin = TD_PIN_PAGE(td_kiosk_window_get_pin_page(kiosk->window));

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	td_pin_page_enter(pin, "000000");
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_PIN);
	g_assert_cmpstr(td_pin_page_get_message(pin), ==, "Sai mã PIN. Xin nhập lại.");
	/* the training mode's PIN, on its banner */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đào tạo · mã PIN nhân viên " TD_TRAINING_PIN));
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	td_pin_page_enter(pin, TD_TRAINING_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_STAFF);
}

static void
test_queue_actions(void)
{
	GtkEditable *note = NULL;
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) open = NULL;
	g_autoptr(GPtrArray) actions = NULL;
	g_autofree gchar *png = NULL;
	gint64 first_id;

	td_staff_console_refresh(console);
	td_ui_test_wait_staff(GTK_WIDGET(console));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 2);
	g_assert_true(td_staff_console_select(console, 0));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Phạm Thị Thu Hà"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "031185006789"));
	/* the birth date as people read it, not as it is stored */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "14/07/1985"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "1985-07-14"));
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-queue-vi");

	/* each case says its number, time, name and reason in words */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Thẻ BHYT hết hạn"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "insurance-expired"));

	/* the VNeID help is recorded beside the case, which stays open for
	 * its insurance (before, it closed the case: the self-pay below was
	 * then refused as "already resolved", the visit never checked in) */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Chưa được hỏi"));
	/* with a note, which leaves the field with the help; one typed for
	 * the case during its minute is not written over by an undo */
	note = GTK_EDITABLE(td_ui_test_find_mapped_type(GTK_WIDGET(kiosk->window), GTK_TYPE_ENTRY));
	gtk_editable_set_text(note, "đã cài VNeID cho bà");
	td_ui_test_kiosk_press(kiosk, "Đã giúp tích hợp vào VNeID");
	td_ui_test_kiosk_press(kiosk, "Đồng ý");
	g_assert_cmpstr(gtk_editable_get_text(note), ==, "");
	gtk_editable_set_text(note, "hẹn chiều mang thẻ giấy");
	td_ui_test_kiosk_press(kiosk, "Hoàn tác");
	g_assert_cmpstr(gtk_editable_get_text(note), ==, "đã cài VNeID cho bà; hẹn chiều mang thẻ giấy");
	gtk_editable_set_text(note, "");
	td_ui_test_kiosk_press(kiosk, "Đã giúp tích hợp vào VNeID");
	g_assert_true(
	    td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã giúp tích hợp vào VNeID cho Phạm Thị Thu Hà?"));
	td_ui_test_kiosk_press(kiosk, "Đồng ý");
	/* its minute to undo, then written */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã ghi cho Phạm Thị Thu Hà: Đã giúp tích hợp vào VNeID."));
	g_assert_false(gtk_widget_is_sensitive(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Đã giúp tích hợp vào VNeID")));
	g_assert_true(td_staff_console_commit_pending(console));
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã ghi: đã giúp tích hợp vào VNeID."));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 2);
	g_assert_false(gtk_widget_is_sensitive(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Đã giúp tích hợp vào VNeID")));
	{
		g_autoptr(TdDailyCounts) today = td_ui_test_kiosk_today(kiosk);
		g_assert_cmpuint(today->by_vneid[TD_VNEID_ASSISTED], ==, 1);
	}

	/* an action asks first, then can be undone: nothing written yet */
	open = td_store_list_exceptions(kiosk->context->store, NULL, TRUE, &error);
	first_id = ((TdCheckinException *)g_ptr_array_index(open, 0))->id;
	g_clear_pointer(&open, g_ptr_array_unref);
	td_ui_test_kiosk_press(kiosk, "Khám dịch vụ (tự trả)");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Khám dịch vụ (tự trả) cho Phạm Thị Thu Hà?"));
	td_ui_test_kiosk_press(kiosk, "Đồng ý");
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 1);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Còn 60 giây để hoàn tác"));
	open = td_store_list_exceptions(kiosk->context->store, NULL, TRUE, &error);
	g_assert_cmpuint(open->len, ==, 2);
	g_clear_pointer(&open, g_ptr_array_unref);
	td_ui_test_kiosk_press(kiosk, "Hoàn tác");
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 2);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Phạm Thị Thu Hà"));

	/* again, and written (the minute is up, or the console left) */
	td_ui_test_kiosk_press(kiosk, "Khám dịch vụ (tự trả)");
	td_ui_test_kiosk_press(kiosk, "Đồng ý");
	g_assert_true(td_staff_console_commit_pending(console));
	td_ui_test_wait_staff(GTK_WIDGET(console));
	open = td_store_list_exceptions(kiosk->context->store, NULL, FALSE, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < open->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(open, i);
		if (exc->id == first_id) {
			g_autoptr(TdCheckinRecord) visit = td_store_get_checkin(kiosk->context->store, exc->checkin_id, &error);
			g_assert_true(exc->resolved);
			g_assert_cmpstr(exc->resolution, ==, "self-pay");
			/* both decisions stand */
			g_assert_no_error(error);
			g_assert_cmpint(visit->outcome, ==, TD_OUTCOME_CHECKED_IN);
			g_assert_cmpint(visit->vneid, ==, TD_VNEID_ASSISTED);
		}
	}
	actions = td_store_list_staff_actions(kiosk->context->store, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(actions->len, >=, 3); /* pin-login, vneid-assisted, self-pay */

	/* the second case: the card code on the letter pad, its OK */
	g_assert_true(td_staff_console_select(console, 0));
	g_assert_false(td_staff_console_apply(console, "card-code-entered", "XX123", &error));
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
	g_clear_error(&error);
	/* the code asks the gateway: someone else's card (a typo, or the
	 * wrong paper card) leaves the case open, and says why */
	td_ui_test_type_card_code(kiosk, console, "DN4010100000001");
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 1);
	g_assert_true(td_ui_test_find_label(
	    GTK_WIDGET(kiosk->window),
	    "Thẻ DN4010100000001: Họ tên khác với dữ liệu bảo hiểm. Trường hợp này chưa được đóng."));
	g_free(td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-card-code-refused"));
	/* the ID number finds no card at BHXH (050), the paper card's code does */
	td_ui_test_type_card_code(kiosk, console, "HN2460172003456");
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 0);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Cổng BHXH có thẻ HN2460172003456: Thẻ BHYT còn hạn."));
	td_staff_console_commit_pending(console);
	td_ui_test_wait_staff(GTK_WIDGET(console));
	g_clear_pointer(&open, g_ptr_array_unref);
	open = td_store_list_exceptions(kiosk->context->store, NULL, TRUE, &error);
	g_assert_cmpuint(open->len, ==, 0);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Hôm nay không còn trường hợp nào."));
}

static void
test_manual_checkin(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDailyCounts) counts = NULL;
	g_autofree gchar *today = td_report_today();
	GtkWidget *button;

	/* pressed twice while the first is written: one number */
	td_staff_console_manual_checkin(console);
	td_staff_console_manual_checkin(console);
	td_ui_test_wait_staff(GTK_WIDGET(console));
	g_assert_cmpuint(td_staff_console_get_manual_number(console), ==, 3); /* after the two patients above */
	/* a double click's second press, landing once the first number is
	 * given: still one number, one check-in */
	td_staff_console_manual_checkin(console);
	td_ui_test_wait_staff(GTK_WIDGET(console));
	g_assert_cmpuint(td_staff_console_get_manual_number(console), ==, 3);
	counts = td_report_day(kiosk->context->store, today, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(counts->by_card[TD_CARD_VERDICT_NO_CARD], ==, 1);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_NOT_YET], ==, 0);

	/* the kiosk never asked this patient about VNeID: staff do, and the
	 * answer counts as the kiosk's would (before, every hand check-in
	 * stayed "not asked", outside the integration rate) */
	td_ui_test_kiosk_press(kiosk, "Tiếp đón không có thẻ");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Hỏi người bệnh: thẻ bảo hiểm y tế đã có trong ứng dụng VNeID chưa?"));
	g_free(td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-manual-vneid"));
	td_ui_test_kiosk_press(kiosk, "Chưa có");
	td_ui_test_wait_staff(GTK_WIDGET(console));
	/* and what to do next: help now */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã ghi: chưa có trong VNeID. Nếu người bệnh muốn"));
	g_clear_pointer(&counts, td_daily_counts_free);
	counts = td_report_day(kiosk->context->store, today, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_NOT_YET], ==, 1);
	/* and the patient is in the day's "not yet", for the desk's help */
	td_ui_test_kiosk_press(kiosk, "Trường hợp cần xử lý");
	td_staff_console_refresh(console);
	td_ui_test_wait_staff(GTK_WIDGET(console));
	button = td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Số 3");
	g_assert_nonnull(button);
	/* the number is what is shown; what a press records is what a screen
	 * reader says */
	g_assert_cmpstr(td_ui_get_a11y_label(button), ==, "Số 3: đã giúp tích hợp vào VNeID");
	/* and in the language staff switch to */
	td_i18n_set_language(TD_LANGUAGE_EN);
	button = td_ui_test_find_button(GTK_WIDGET(kiosk->window), "No. 3");
	g_assert_nonnull(button);
	g_assert_cmpstr(td_ui_get_a11y_label(button), ==, "No. 3: helped integrate into VNeID");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Not yet in VNeID today (1)"));
	td_i18n_set_language(TD_LANGUAGE_VI);
	g_assert_nonnull(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Số 3"));
}

/* ---- the dashboard: its figures, the month, the files it writes, the report line ---- */

static gboolean
td_label_shown(gpointer text)
{
	return td_ui_test_find_label(GTK_WIDGET(kiosk->window), text);
}

/* The audit trail has action with that note (the dashboard's rows name
 * the file): data is the pair. */
static gboolean
td_audited(gpointer data)
{
	const gchar *const *want = data;
	g_autoptr(GPtrArray) trail = td_store_list_staff_actions(kiosk->context->store, 0, NULL);

	for (guint i = 0; trail != NULL && i < trail->len; i++) {
		const TdStaffAction *action = g_ptr_array_index(trail, i);
		if (g_strcmp0(action->action, want[0]) == 0 && g_strcmp0(action->note, want[1]) == 0)
			return TRUE;
	}
	return FALSE;
}

/* The dashboard's button for today's report for signing says what it
 * does: on a kiosk without a report printer there is none (it said "In
 * báo cáo ngày", and saved the PDF in the kiosk's data folder, out of the
 * manager's reach; "Lưu vào USB" takes the report along). On the
 * reception PC it saves: the same PDF as `tiepdon report --pdf`, with
 * today's three check-ins. */
static void
assert_print_button(TdDashboard *dashboard, const gchar *today)
{
	g_autofree gchar *pdf = g_strdup_printf("%s/tiepdon-bao-cao-%s.pdf", kiosk->dir, today);
	g_autofree gchar *saved = g_strdup_printf("Đã lưu vào %s", pdf);
	g_autofree gchar *text = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_null(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "In báo cáo ngày"));
	g_assert_null(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Lưu báo cáo ngày"));
	td_dashboard_set_desktop(dashboard, TRUE);
	td_dashboard_set_export_dir(dashboard, kiosk->dir);
	td_ui_test_kiosk_press(kiosk, "Lưu báo cáo ngày");
	g_assert_true(td_ui_test_wait_for(td_label_shown, saved, 20000));
	g_assert_true(g_file_test(pdf, G_FILE_TEST_IS_REGULAR));
	/* no printer in training: saved, and the audit trail says so */
	g_assert_true(td_ui_test_wait_for(td_audited, (gpointer)(const gchar *const[]){TD_DASHBOARD_ACTION_SAVED, pdf},
					  5000));
	td_dashboard_set_desktop(dashboard, FALSE);
	text = td_test_pdf_text(pdf, &error);
	if (text == NULL) {
		g_test_message("pdftotext: %s", error->message);
		return;
	}
	g_assert_true(g_regex_match_simple("Tổng số lượt tiếp đón +3$", text, G_REGEX_MULTILINE, 0));
	g_assert_nonnull(strstr(text, "Mã cơ sở: DEMO"));
}

/* The cells of the spreadsheet of the dashboard's days to today (the
 * columns of `tiepdon export`), as an outside reader reads them. */
static gchar *
td_expected_cells(const gchar *today)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) days = NULL;
	g_autoptr(GDate) date = g_date_new();
	g_autoptr(GBytes) file = NULL;
	gchar from[11];

	g_date_set_parse(date, today);
	g_date_subtract_days(date, TD_DASHBOARD_DAYS - 1);
	g_date_strftime(from, sizeof(from), "%Y-%m-%d", date);
	days = td_report_range(kiosk->context->store, from, today, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(days->len, ==, TD_DASHBOARD_DAYS);
	file = td_report_format_spreadsheet(days, kiosk->context->config->station_code, &error);
	g_assert_no_error(error);
	return td_test_xlsx_cells_of(file);
}

static TdDayChart *
td_find_day_chart(GtkWidget *root)
{
	if (TD_IS_DAY_CHART(root) && gtk_widget_get_mapped(root))
		return TD_DAY_CHART(root);
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		TdDayChart *found = td_find_day_chart(child);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* The month so far under the day's figures: today's three check-ins (the
 * day before had none), then a past 31 October read from its 1st, one
 * day before the chart's 30 (the 30 September's visit not counted), its
 * rate from the month's sums: integrated and helped, 2 of the 3 who
 * answered (the one never asked is no answer). */
static void
assert_month_line(TdDashboard *dashboard, const gchar *today)
{
	GtkWidget *window = GTK_WIDGET(kiosk->window);
	g_autofree gchar *line = g_strdup_printf(
	    "Từ đầu tháng đến %.2s/%.2s/%.4s: 3 lượt; tích hợp VNeID 50%% (1 trên 2 lượt trả lời).", today + 8, today + 5,
	    today);
	const struct {
		const gchar *day;
		TdVneidAnswer vneid;
	} visits[] = {{"2025-09-30", TD_VNEID_INTEGRATED},
		      {"2025-10-01", TD_VNEID_INTEGRATED},
		      {"2025-10-01", TD_VNEID_NOT_YET},
		      {"2025-10-31", TD_VNEID_ASSISTED},
		      {"2025-10-31", TD_VNEID_NOT_ASKED}};

	g_assert_true(td_ui_test_find_label(window, line));
	for (guint i = 0; i < G_N_ELEMENTS(visits); i++)
		td_checkin_record_free(td_ui_test_store_visit(kiosk, visits[i].day, visits[i].vneid));
	td_dashboard_show_day(dashboard, "2025-10-31");
	g_assert_true(td_ui_test_wait_label(window,
					    "Từ đầu tháng đến 31/10/2025: 4 lượt; tích hợp VNeID 67% (2 trên 3 lượt trả lời).",
					    5000));
	/* the chart keeps its 30 days */
	g_assert_cmpuint(td_day_chart_get_n_days(td_find_day_chart(window)), ==, TD_DASHBOARD_DAYS);
	g_free(td_ui_test_save_png(window, "dashboard-month-vi"));
	td_dashboard_show_day(dashboard, NULL);
	g_assert_true(td_ui_test_wait_label(window, line, 5000));
}

/* dd/mm/yyyy of the day before yyyy-mm-dd */
static gchar *
td_day_before_text(const gchar *day)
{
	g_autoptr(GDate) date = g_date_new();
	gchar text[11];
	g_date_set_parse(date, day);
	g_date_subtract_days(date, 1);
	g_date_strftime(text, sizeof(text), "%d/%m/%Y", date);
	return g_strdup(text);
}

/* Fills the stick to its last block with one file (its path returned, to
 * take away again): a stick full of a family's photos. */
static gchar *
td_fill_stick(const gchar *usb)
{
	gchar *path = g_build_filename(usb, "anh-gia-dinh.bin", NULL);
	static const guint8 block[64 * 1024];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	g_assert_cmpint(fd, >=, 0);
	while (write(fd, block, sizeof(block)) > 0)
		;
	/* and the last bytes of the last block */
	while (write(fd, block, 1) > 0)
		;
	g_assert_cmpint(errno, ==, ENOSPC);
	close(fd);
	return path;
}

/* The stick mounted again read-only or writable ("ro", "rw"): its
 * write-protect switch moved. */
static void
td_remount_stick(const gchar *usb, const gchar *mode)
{
	g_autofree gchar *options = g_strdup_printf("remount,%s", mode);
	const gchar *argv[] = {"mount", "-o", options, usb, NULL};
	g_autoptr(GError) error = NULL;
	gint status = -1;

	g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
	g_assert_no_error(error);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
}

/* Onto the stick with-usb-stick.sh mounted, as staff do: the button. A
 * full stick first: said in words staff can act on, not GLib's English
 * ("…/.tiepdon-….xlsx.XXXXXX: cannot write: No space left on device", as
 * before). */
static void
assert_usb_export(TdDashboard *dashboard, const gchar *today, const gchar *expected)
{
	const gchar *usb = g_getenv("TD_TEST_USB");
	g_autofree gchar *name = g_strdup_printf("tiepdon-%s.xlsx", today);
	g_autofree gchar *path = NULL;
	g_autofree gchar *saved = NULL;
	g_autofree gchar *cells = NULL;
	g_autofree gchar *report = NULL;
	g_autofree gchar *report_path = NULL;
	g_autofree gchar *pdf = NULL;
	g_autoptr(GError) error = NULL;

	if (usb == NULL) {
		g_test_message("no USB stick (with-usb-stick.sh needs root, unshare, a loop device and mkfs.ext2)");
		return;
	}
	path = g_build_filename(usb, name, NULL);
	/* the day's report for signing beside it, to print on a PC */
	report = g_strdup_printf("tiepdon-bao-cao-%s.pdf", today);
	report_path = g_build_filename(usb, report, NULL);
	saved = g_strdup_printf("Đã lưu vào USB: %s, và báo cáo ngày %s. Có thể rút USB ra.", name, report);
	{
		g_autofree gchar *fill = td_fill_stick(usb);

		td_test_expect_warning("dashboard export: *");
		td_ui_test_kiosk_press(kiosk, "Lưu vào USB");
		g_assert_true(td_ui_test_wait_label(
		    GTK_WIDGET(kiosk->window),
		    "Chưa lưu được vào USB: USB đã đầy. Xin dùng USB khác, hoặc xóa bớt tệp trên USB.", 20000));
		td_test_assert_warning_seen();
		g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
		g_assert_cmpint(g_unlink(fill), ==, 0);
	}
	/* a stick whose write-protect switch is on (mounted read-only): found,
	 * and said to take no writing (before: "Chưa thấy USB", for the stick
	 * in the slot) */
	td_remount_stick(usb, "ro");
	td_test_expect_warning("dashboard export: *");
	td_ui_test_kiosk_press(kiosk, "Lưu vào USB");
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window),
					    "Chưa lưu được vào USB: USB không cho ghi (có thể đang khóa). Xin dùng USB khác.",
					    20000));
	td_test_assert_warning_seen();
	td_remount_stick(usb, "rw");
	/* pressed, and the language changed while it saves: the button
	 * stays off (turned on again, a second save wrote over the first) */
	{
		GtkWidget *usb_button = td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Lưu vào USB");

		g_assert_nonnull(usb_button);
		g_assert_true(gtk_widget_is_sensitive(usb_button));
		g_signal_emit_by_name(usb_button, "clicked");
		td_i18n_set_language(TD_LANGUAGE_EN);
		td_i18n_set_language(TD_LANGUAGE_VI);
		g_assert_false(gtk_widget_is_sensitive(usb_button));
	}
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), saved, 20000));
	g_assert_true(td_ui_test_wait_for(td_audited,
					  (gpointer)(const gchar *const[]){TD_DASHBOARD_ACTION_SAVED_TO_USB, path}, 5000));
	cells = td_test_xlsx_cells(path);
	g_assert_cmpstr(cells, ==, expected);
	g_assert_true(g_file_get_contents(report_path, &pdf, NULL, &error));
	g_assert_no_error(error);
	g_assert_true(g_str_has_prefix(pdf, "%PDF-"));
}

/* The station's records renamed away under the kiosk (another program
 * would take its table in the same way), and back. */
static void
td_rename_checkins(const gchar *from, const gchar *to)
{
	g_autofree gchar *sql = g_strdup_printf("ALTER TABLE %s RENAME TO %s", from, to);

	td_ui_test_kiosk_exec_sql(kiosk, sql);
}

/* The kiosk sends the day's report ([report] url) and its report state
 * says state_json: the dashboard read again. */
static void
td_dashboard_with_report_state(TdDashboard *dashboard, const gchar *state_json)
{
	TdConfig *config = kiosk->context->config;
	g_autofree gchar *token = g_build_filename(kiosk->dir, "report.token", NULL);
	g_autofree gchar *db_dir = g_path_get_dirname(config->storage_path);
	g_autofree gchar *state = g_build_filename(db_dir, "report-state.json", NULL);
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_set_contents(token, "0123456789abcdefghij\n", -1, &error));
	g_key_file_set_string(config->key_file, "report", "url", "https://127.0.0.1:9");
	g_key_file_set_string(config->key_file, "report", "token-file", token);
	g_key_file_set_string(config->key_file, "report", "send-at", "08:30");
	g_assert_true(g_file_set_contents(state, state_json, -1, &error));
	td_dashboard_refresh(dashboard);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
}

/* The manager reads on the dashboard whether the hub has
 * yesterday's figures (before, only `tiepdon doctor` said), and that
 * another machine sends this station's too. */
static void
assert_report_up_line(TdDashboard *dashboard, const gchar *today)
{
	GtkWidget *window = GTK_WIDGET(kiosk->window);
	g_autoptr(GDateTime) sent_at = g_date_time_new_local((gint)g_ascii_strtoll(today, NULL, 10),
							     (gint)g_ascii_strtoll(today + 5, NULL, 10),
							     (gint)g_ascii_strtoll(today + 8, NULL, 10), 8, 31, 0);
	g_autoptr(GDateTime) yesterday_time = g_date_time_add_days(sent_at, -1);
	g_autoptr(GDateTime) day_before_time = g_date_time_add_days(sent_at, -2);
	g_autofree gchar *yesterday = g_date_time_format(yesterday_time, "%Y-%m-%d");
	g_autofree gchar *day_before = g_date_time_format(day_before_time, "%Y-%m-%d");
	g_autofree gchar *sent = g_strdup_printf("{\"last_sent_day\": \"%s\", \"last_sent\": %" G_GINT64_FORMAT
						 ", \"pending\": [], \"sent\": {}}",
						 yesterday, g_date_time_to_unix(sent_at));
	g_autofree gchar *other = g_strdup_printf(
	    "{\"last_sent_day\": \"%s\", \"last_sent\": %" G_GINT64_FORMAT ", \"pending\": [], \"sent\": {}, "
	    "\"other_sender_day\": \"%s\", \"other_sender_at\": %" G_GINT64_FORMAT "}",
	    day_before, g_date_time_to_unix(sent_at) - 86400, day_before, g_date_time_to_unix(sent_at) - 86400);
	g_autofree gchar *sent_words = g_strdup_printf("Số liệu ngày %.2s/%.2s/%.4s đã gửi lên tuyến trên lúc 08:31.",
						       yesterday + 8, yesterday + 5, yesterday);
	const gchar *other_words = "Máy khác cũng gửi số liệu của trạm này: xin báo người quản trị.";
	gboolean warn = FALSE;

	/* the line's words for each state, said in Vietnamese */
	{
		g_autoptr(GDateTime) retry_at = g_date_time_new_now_local();
		g_autofree gchar *retry_clock = g_date_time_format(retry_at, "%H:%M");
		g_autofree gchar *retrying = g_strdup_printf(
		    "Số liệu ngày 13/03/2025 chưa gửi lên được tuyến trên: máy sẽ gửi lại lúc %s.", retry_clock);
		TdReportUp up = {.state = TD_REPORT_UP_WAITING, .day = (gchar *)"2025-03-13", .send_at_hour = 8,
				 .send_at_minute = 30, .can_send = TRUE};
		g_autofree gchar *waiting = td_dashboard_up_words(&up, &warn);
		g_autofree gchar *due = NULL;
		g_autofree gchar *due_retrying = NULL;
		g_autofree gchar *late = NULL;
		g_autofree gchar *late_elsewhere = NULL;

		g_assert_cmpstr(waiting, ==, "Số liệu ngày 13/03/2025 sẽ gửi lên tuyến trên lúc 08:30.");
		g_assert_false(warn);
		/* past 08:30, not "at 08:30": not yet, and no fault before the
		 * morning's retries are over */
		up.state = TD_REPORT_UP_DUE;
		due = td_dashboard_up_words(&up, &warn);
		g_assert_cmpstr(due, ==, "Số liệu ngày 13/03/2025 đang chờ gửi lên tuyến trên.");
		g_assert_false(warn);
		up.retry_unix = g_date_time_to_unix(retry_at);
		due_retrying = td_dashboard_up_words(&up, &warn);
		g_assert_cmpstr(due_retrying, ==, retrying);
		g_assert_false(warn);
		/* late: in other words than due's, not only in the warning's
		 * colour */
		up.state = TD_REPORT_UP_LATE;
		late = td_dashboard_up_words(&up, &warn);
		g_assert_cmpstr(late, ==, "Số liệu ngày 13/03/2025 chưa gửi lên được tuyến trên.");
		g_assert_true(warn);
		up.can_send = FALSE;
		late_elsewhere = td_dashboard_up_words(&up, &warn);
		g_assert_cmpstr(late_elsewhere, ==,
				"Số liệu ngày 13/03/2025 chưa gửi lên được tuyến trên: xin báo người quản trị.");
		g_assert_true(warn);
	}
	/* no [report] url: this kiosk sends nothing, and says nothing */
	g_assert_false(td_ui_test_find_label(window, "lên tuyến trên"));
	td_dashboard_with_report_state(dashboard, sent);
	g_assert_true(td_ui_test_wait_label(window, sent_words, 5000));
	td_dashboard_with_report_state(dashboard, other);
	g_assert_true(td_ui_test_wait_label(window, other_words, 5000));
	g_free(td_ui_test_save_png(window, "dashboard-report-up-vi"));
	g_assert_true(g_key_file_remove_group(kiosk->context->config->key_file, "report", NULL));
	td_dashboard_refresh(dashboard);
	td_ui_test_wait_staff(window);
	g_assert_false(td_ui_test_find_label(window, "lên tuyến trên"));
}

static void
test_dashboard(void)
{
	TdDashboard *dashboard = TD_DASHBOARD(td_kiosk_window_get_dashboard(kiosk->window));
	GtkWidget *window = GTK_WIDGET(kiosk->window);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = g_build_filename(kiosk->dir, "report.xlsx", NULL);
	g_autofree gchar *cells = NULL;
	g_autofree gchar *expected = NULL;
	g_autofree gchar *png = NULL;
	g_autofree gchar *today = td_report_today();
	g_autofree gchar *title = NULL;
	g_autofree gchar *yesterday = td_day_before_text(today);
	g_autofree gchar *yesterday_title = g_strdup_printf("Tại trạm ngày %s", yesterday);

	td_ui_test_kiosk_press(kiosk, "Bảng số liệu");
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_DASHBOARD);
	td_ui_test_wait(50);
	/* three check-ins today: two by card (both sent to reception, and
	 * both cases closed since: still counted as sent), one by hand; each
	 * share says what it is of */
	title = g_strdup_printf("Hôm nay tại trạm, %.2s/%.2s/%.4s", today + 8, today + 5, today);
	g_assert_true(td_ui_test_find_label(window, title));
	g_assert_true(td_ui_test_find_label(window, "Lượt tiếp đón"));
	g_assert_true(td_ui_test_find_label(window, "3"));
	g_assert_true(td_ui_test_find_label(window, "67%"));
	g_assert_cmpuint(td_ui_test_count_labels(window, "67%"), ==, 2);
	g_assert_cmpuint(td_ui_test_count_labels(window, "(2 trên 3 lượt)"), ==, 2);
	g_assert_true(td_ui_test_find_label(window, "Chuyển quầy tiếp đón"));
	/* the one the desk helped into VNeID (queue-actions) and the one by
	 * hand who answered "not yet" at the desk (manual-checkin): 1 of 2
	 * answers, none sent to the commune police */
	g_assert_true(td_ui_test_find_label(window, "50%"));
	g_assert_true(td_ui_test_find_label(window, "(1 trên 2 lượt trả lời)"));
	g_assert_true(td_ui_test_find_label(window, "(0 trên 2 lượt trả lời)"));
	/* the legend: a colour square for each part of the bars */
	g_assert_true(td_ui_test_find_label(window, "Các lượt khác"));
	g_assert_false(gtk_widget_get_sensitive(td_ui_test_find_button(window, "Ngày sau ›")));
	png = td_ui_test_save_png(window, "dashboard-flow-vi");

	/* the day before: nothing then */
	td_ui_test_kiosk_press(kiosk, "‹ Ngày trước");
	g_assert_true(td_ui_test_find_label(window, yesterday_title));
	g_assert_true(td_ui_test_find_label(window, "(chưa có lượt nào)"));
	g_assert_false(td_ui_test_find_label(window, "67%"));
	td_ui_test_kiosk_press(kiosk, "Ngày sau ›");
	g_assert_cmpstr(td_dashboard_get_day(dashboard), ==, today);
	g_assert_true(td_ui_test_find_label(window, "67%"));
	/* left on an earlier day, it opens again on today's (the kiosk runs
	 * for days: it opened on the day it started, or the last browsed) */
	td_ui_test_kiosk_press(kiosk, "‹ Ngày trước");
	g_assert_cmpstr(td_dashboard_get_day(dashboard), !=, today);
	td_ui_test_kiosk_press(kiosk, "Quay lại");
	td_ui_test_kiosk_press(kiosk, "Bảng số liệu");
	g_assert_cmpstr(td_dashboard_get_day(dashboard), ==, today);
	g_assert_true(td_ui_test_wait_label(window, "67%", 5000));

	/* the kiosk's data folder is out of everyone's reach: no button
	 * writes there, the USB stick is the way off the kiosk */
	g_assert_null(td_ui_test_find_button(window, "Xuất báo cáo (tệp bảng tính)"));
	/* a greyed button says why: without a stick, what to do */
	{
		g_autofree gchar *stick = td_usb_drive_find();
		g_assert_nonnull(td_ui_test_find_button(window, stick != NULL ? "Lưu vào USB" : "Cắm USB để lưu"));
	}
	expected = td_expected_cells(today);
	g_assert_true(td_dashboard_export_sheet(dashboard, path, &error));
	g_assert_no_error(error);
	cells = td_test_xlsx_cells(path);
	g_assert_cmpstr(cells, ==, expected);
	/* today's row, as the manager's PC reads it: the day a date, the
	 * station's code text, today's three check-ins a number */
	{
		g_autofree gchar *row = g_strdup_printf("\nd:%.2s/%.2s/%.4s\ts:DEMO\tn:3\t", today + 8, today + 5, today);
		g_assert_nonnull(strstr(cells, row));
	}
	assert_usb_export(dashboard, today, expected);
	assert_print_button(dashboard, today);

	/* a figure that cannot be read says so: not "could not save", which
	 * sent the manager looking for what was lost */
	td_test_expect_warning("dashboard: *no such table: checkins");
	td_rename_checkins("checkins", "checkins_away");
	td_ui_test_kiosk_press(kiosk, "‹ Ngày trước");
	g_assert_true(td_ui_test_wait_label(window, "Chưa đọc được sổ lưu: xin thử lại, hoặc báo người quản trị.", 5000));
	td_test_assert_warning_seen();
	td_rename_checkins("checkins_away", "checkins");
	td_ui_test_kiosk_press(kiosk, "Ngày sau ›");
	g_assert_true(td_ui_test_wait_label(window, "67%", 5000));
	assert_report_up_line(dashboard, today);
	assert_month_line(dashboard, today);
	td_ui_test_kiosk_press(kiosk, "Quay lại");
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_STAFF);
	td_ui_test_kiosk_press(kiosk, "Về màn hình người bệnh");
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_IDLE);
}

int
main(int argc, char **argv)
{
	kiosk = td_ui_test_staff_kiosk_new(&argc, &argv);
	td_ui_test_staff_make_two_cases(kiosk);

	g_test_add_func("/ui/staff/pin", test_pin);
	g_test_add_func("/ui/staff/queue-actions", test_queue_actions);
	g_test_add_func("/ui/staff/manual-checkin", test_manual_checkin);
	g_test_add_func("/ui/staff/dashboard", test_dashboard);
	return td_ui_test_kiosk_run(kiosk);
}
