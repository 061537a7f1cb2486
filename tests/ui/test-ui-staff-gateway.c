/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk and the insurance gateway, on a real store and the gateway
 * simulator: every case waiting for the gateway asked again after an
 * outage (and its answers kept with the cases), the gateway down during a
 * re-check and a card code, and a case whose card the gateway knows under
 * another name or birth date; an answer of an earlier day to a case still
 * open. The desk's other hard moments are
 * test-ui-staff-desk.c. */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-report.h"
#include "td-staff-console.h"
#include "td-test-log.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-staff.h"
#include "td-ui-test-util.h"

static TdUiTestKiosk *kiosk;

static gboolean
td_button_shown(gpointer text)
{
	return td_ui_test_find_button(GTK_WIDGET(kiosk->window), text) != NULL;
}

/* After an outage, one press asks the gateway again for every case
 * waiting for it, in the list's order: those whose card is valid now are
 * closed (with the note typed for them), the others' answers said by
 * their number, and it stops at the first the gateway still does not
 * answer, saying how many still wait; a case that waits for nothing from
 * the gateway is not asked. Before, each case took a press, a question
 * and a wait. Staff who lock the console while it asks find it free at
 * their next login, and what was still to come is dropped. */
static void
test_ask_again_for_all(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	GtkWidget *window = GTK_WIDGET(kiosk->window);
	/* insured (the simulator answers her in 4 s), insured, expired,
	 * insured, the gateway failing for this one, insured; and a revoked
	 * card, which is no question for the gateway */
	const TdUiTestCase specs[] = {
	    {NULL, "001103000037", "Lạc Thị Liên", "2003-03-07", "gateway-unavailable", TD_ELIGIBILITY_UNAVAILABLE,
	     TD_OUTCOME_PENDING_ELIGIBILITY},
	    {NULL, "001190000002", "Trần Thị Bích Ngọc", "1990-09-02", "gateway-unavailable", TD_ELIGIBILITY_UNAVAILABLE,
	     TD_OUTCOME_PENDING_ELIGIBILITY},
	    {NULL, "001195000007", "Đặng Thị Giang", "1995-05-05", "gateway-unavailable", TD_ELIGIBILITY_UNAVAILABLE,
	     TD_OUTCOME_PENDING_ELIGIBILITY},
	    {NULL, "001058012345", "Nguyễn Văn An", "1958-03-15", "gateway-config-error", TD_ELIGIBILITY_CONFIG_ERROR,
	     TD_OUTCOME_PENDING_ELIGIBILITY},
	    {NULL, "001188000017", "Đinh Thị Quyên", "1988-07-17", "gateway-unavailable", TD_ELIGIBILITY_UNAVAILABLE,
	     TD_OUTCOME_PENDING_ELIGIBILITY},
	    {NULL, "001088000001", "Nguyễn Văn An", "1988-03-15", "gateway-unavailable", TD_ELIGIBILITY_UNAVAILABLE,
	     TD_OUTCOME_PENDING_ELIGIBILITY},
	    {NULL, "001150000019", "Tạ Thị Tâm", "1950-01-19", "insurance-revoked", TD_ELIGIBILITY_REVOKED,
	     TD_OUTCOME_SEE_STAFF},
	};
	gboolean closed[] = {TRUE, TRUE, FALSE, TRUE, FALSE, FALSE, FALSE};
	gint64 ids[G_N_ELEMENTS(specs)];
	gchar *numbers[G_N_ELEMENTS(specs)];
	g_autofree gchar *expired = NULL;
	g_autofree gchar *summary = NULL;
	g_autofree gchar *again = NULL;
	g_autofree gchar *note = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(specs); i++) {
		g_autoptr(TdCheckinRecord) record = td_ui_test_store_case(kiosk, &specs[i], &ids[i]);
		numbers[i] = td_queue_label(record->queue_series, record->queue_number);
	}
	/* the first of the day's cases: the count is theirs */
	g_assert_cmpuint(td_ui_test_show_cases(kiosk, console), ==, G_N_ELEMENTS(specs));
	g_assert_nonnull(td_ui_test_find_button(window, "Hỏi lại cổng BHXH cho 6 ca đang chờ"));

	/* pressed, and the console locked while the first is asked: free
	 * again at the next login, the answer to come dropped */
	/* a tap, not td_ui_test_press, which waits out a busy console */
	g_signal_emit_by_name(td_ui_test_find_button(window, "Hỏi lại cổng BHXH cho 6 ca đang chờ"), "clicked");
	g_assert_true(td_ui_test_find_label(window, "Đang hỏi cổng BHXH: ca thứ 1 trong 6…"));
	g_assert_false(gtk_widget_is_sensitive(td_ui_test_find_button(window, "Khám dịch vụ (tự trả)")));
	td_kiosk_window_reset(kiosk->window);
	g_assert_true(td_ui_test_wait_for(td_ui_test_console_idle, console, 1000));
	g_assert_cmpuint(td_ui_test_show_cases(kiosk, console), ==, G_N_ELEMENTS(specs));
	g_assert_true(gtk_widget_is_sensitive(td_ui_test_find_button(window, "Hỏi lại cổng BHXH cho 6 ca đang chờ")));
	g_assert_true(gtk_widget_is_sensitive(td_ui_test_find_button(window, "Khám dịch vụ (tự trả)")));
	/* past the answer's 4 s: nothing was closed by it */
	td_ui_test_wait(4500);
	g_assert_true(td_ui_test_case_is_open(kiosk, ids[0]));

	/* a note typed for the second, closed by the gateway's answer */
	g_assert_true(td_staff_console_select(console, 1));
	gtk_editable_set_text(GTK_EDITABLE(td_ui_test_find_mapped_type(window, GTK_TYPE_ENTRY)), "đã gọi tổng đài");
	td_ui_test_kiosk_press(kiosk, "Hỏi lại cổng BHXH cho 6 ca đang chờ");
	expired = g_strdup_printf("Số %s: %s", numbers[2], g_dgettext(GETTEXT_PACKAGE, "The insurance card has expired."));
	summary = g_strdup_printf("Đã đóng vì thẻ BHYT hợp lệ: 3 ca.\n%s\nCổng BHXH vẫn chưa trả lời: xin thử lại "
				  "sau.\nCòn chờ cổng BHXH: 2 ca.",
				  expired);
	g_assert_true(td_ui_test_wait_label(window, summary, 20000));
	td_ui_test_wait_staff(window);
	g_free(td_ui_test_save_png(window, "staff-ask-again-for-all-vi"));
	for (guint i = 0; i < G_N_ELEMENTS(specs); i++) {
		g_test_message("Số %s (%s): %s", numbers[i], specs[i].reason, closed[i] ? "closed" : "open");
		g_assert_cmpint(td_ui_test_case_is_open(kiosk, ids[i]), ==, !closed[i]);
	}
	note = td_ui_test_case_action_note(kiosk, ids[1], "eligibility-confirmed");
	g_assert_cmpstr(note, ==, "đã gọi tổng đài");
	/* the expired card's, the failing one's, the one not asked and the
	 * revoked card's */
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 4);
	/* the expired card's case says the gateway's answer now, in the
	 * list and beside it, and waits for staff, not for the gateway */
	g_assert_true(td_ui_test_wait_label(window, "Cổng BHXH trả lời lúc", 5000));
	g_assert_nonnull(strstr(td_ui_test_label_text_with(window, "Đặng Thị Giang"), "Thẻ BHYT hết hạn."));
	g_assert_true(td_ui_test_wait_for(td_button_shown, (gpointer) "Hỏi lại cổng BHXH cho 2 ca đang chờ", 5000));

	/* again: nothing to close, and the summary starts with its first line */
	td_ui_test_kiosk_press(kiosk, "Hỏi lại cổng BHXH cho 2 ca đang chờ");
	again = g_strdup("Cổng BHXH vẫn chưa trả lời: xin thử lại sau.\nCòn chờ cổng BHXH: 2 ca.");
	g_assert_true(td_ui_test_wait_label(window, "Còn chờ cổng BHXH: 2 ca.", 20000));
	g_assert_cmpstr(td_ui_test_label_text_with(window, "Còn chờ cổng BHXH"), ==, again);
	for (guint i = 0; i < G_N_ELEMENTS(specs); i++)
		g_free(numbers[i]);
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

/* The gateway is down (it answers 100 for this citizen): "ask again" says
 * so, once (before: "the gateway still answers: the gateway does not
 * answer"), and the case stays open; a card code staff type is taken as
 * typed, as with a paper card, and the minute to undo is theirs. */
static void
test_gateway_down(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	g_autoptr(GError) error = NULL;
	const TdUiTestCase spec = {NULL, "001188000017", "Đinh Thị Quyên", "1988-07-17", "gateway-unavailable",
				 TD_ELIGIBILITY_UNAVAILABLE, TD_OUTCOME_PENDING_ELIGIBILITY};
	guint n_open;

	td_checkin_record_free(td_ui_test_store_case(kiosk, &spec, NULL));
	n_open = td_ui_test_show_cases(kiosk, console);
	g_assert_true(td_staff_console_select(console, n_open - 1));
	/* the case's reason says what to do and when (the reception PC,
	 * with no gateway of its own, checks another way: no button named) */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Cổng BHXH chưa trả lời: xin kiểm tra lại thẻ BHYT sau ít phút"));
	g_assert_true(td_staff_console_apply(console, "eligibility-confirmed", NULL, &error));
	g_assert_no_error(error);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Cổng BHXH không trả lời: xin thử lại sau."));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					     "Cổng BHXH trả lời: Cổng BHXH không trả lời: xin thử lại sau."));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, n_open);

	td_ui_test_type_card_code(kiosk, console, "DN4010100000017");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Cổng BHXH không trả lời: đã ghi mã thẻ DN4010100000017 như nhân viên đã nhập."));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, n_open - 1);
	g_assert_true(td_staff_console_undo(console));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, n_open);
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

/* A case whose card the gateway found under another name, or another
 * birth date, says which (before, "Họ tên hoặc ngày sinh …" for both,
 * and staff compared both with the paper card), in the list and beside
 * it; a case stored without the gateway's code says what it could. */
static void
test_mismatch_says_which(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	GtkWidget *window = GTK_WIDGET(kiosk->window);
	const TdUiTestCase name = {NULL, "001160000051", "Hà Văn Lực", "1960-01-05", "data-mismatch",
				   TD_ELIGIBILITY_MISMATCH, TD_OUTCOME_SEE_STAFF, NULL, NULL, "060"};
	const TdUiTestCase birth = {NULL, "001161000052", "Lò Thị Mai", "1961-02-06", "data-mismatch",
				    TD_ELIGIBILITY_MISMATCH, TD_OUTCOME_SEE_STAFF, NULL, NULL, "070"};
	const TdUiTestCase unknown = {NULL, "001162000053", "Sầm Văn Tú", "1962-03-07", "data-mismatch",
				      TD_ELIGIBILITY_MISMATCH, TD_OUTCOME_SEE_STAFF};
	guint first = td_ui_test_show_new_cases(kiosk, console, (const TdUiTestCase *const[]){&name, &birth, &unknown, NULL},
						NULL);

	g_assert_true(td_ui_test_find_label(window, "Hà Văn Lực\nHọ tên trên thẻ căn cước khác với dữ liệu bảo hiểm"));
	g_assert_true(td_ui_test_find_label(window, "Lò Thị Mai\nNgày sinh trên thẻ căn cước khác với dữ liệu bảo hiểm"));
	g_assert_true(
	    td_ui_test_find_label(window, "Sầm Văn Tú\nHọ tên hoặc ngày sinh trên thẻ căn cước khác với dữ liệu bảo hiểm"));
	g_assert_true(td_staff_console_select(console, first + 1));
	g_assert_cmpuint(td_ui_test_count_labels(window, "Ngày sinh trên thẻ căn cước khác với dữ liệu bảo hiểm"), ==, 2);
	g_free(td_ui_test_save_png(window, "staff-mismatch-birth-date"));
	for (guint i = 0; i < 3; i++) {
		g_assert_true(td_staff_console_select(console, first));
		td_ui_test_kiosk_press(kiosk, "Người bệnh đã về");
		td_ui_test_kiosk_press(kiosk, "Đồng ý");
		g_assert_true(td_staff_console_commit_pending(console));
		td_ui_test_wait_staff(window);
	}
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

/* A case still open from yesterday's outage, which the gateway answered
 * yesterday afternoon ("Thẻ BHYT hết hạn"), says that answer this
 * morning, with its day, and waits for staff, not for the gateway: before,
 * only today's answers were read, and it said to re-check again. */
static void
test_answer_of_earlier_day(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	GtkWidget *window = GTK_WIDGET(kiosk->window);
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) yesterday = g_date_time_add_days(now, -1);
	g_autoptr(GDateTime) made = g_date_time_new_local(g_date_time_get_year(yesterday),
							  g_date_time_get_month(yesterday),
							  g_date_time_get_day_of_month(yesterday), 14, 0, 0);
	g_autoptr(GDateTime) answered = g_date_time_add_minutes(made, 160);
	const TdUiTestCase spec = {made, "001196000011", "Mạc Thị Hoa", "1996-06-11", "gateway-unavailable",
				 TD_ELIGIBILITY_UNAVAILABLE, TD_OUTCOME_PENDING_ELIGIBILITY};
	gint64 id;
	g_autoptr(TdCheckinRecord) record = td_ui_test_store_case(kiosk, &spec, &id);
	g_autofree gchar *back_dated = NULL;
	g_autofree gchar *day = g_date_time_format(yesterday, "%d/%m");
	g_autofree gchar *reason = NULL;

	/* the row the re-check wrote then, as the console writes it (the
	 * gateway's code for an expired card), at 16:40 yesterday */
	g_assert_true(td_store_record_staff_action(kiosk->context->store, "eligibility-rechecked", id, record->id, "010",
						   &error));
	g_assert_no_error(error);
	back_dated = g_strdup_printf("UPDATE staff_actions SET time_unix = %" G_GINT64_FORMAT
				     " WHERE action = 'eligibility-rechecked' AND exception_id = %" G_GINT64_FORMAT,
				     g_date_time_to_unix(answered), id);
	td_ui_test_kiosk_exec_sql(kiosk, back_dated);

	td_ui_test_show_cases(kiosk, console);
	reason = g_strdup_printf("Mạc Thị Hoa\nCổng BHXH trả lời lúc 16:40 ngày %s: Thẻ BHYT hết hạn.", day);
	g_assert_true(td_ui_test_wait_label(window, reason, 5000));
	g_free(td_ui_test_save_png(window, "staff-answer-of-earlier-day"));
	/* closed by staff, as today's are */
	g_assert_true(td_staff_console_select(console, 0));
	g_assert_true(td_staff_console_apply(console, "self-pay", NULL, &error));
	g_assert_no_error(error);
	g_assert_true(td_staff_console_commit_pending(console));
	td_ui_test_wait_staff(window);
	g_assert_false(td_ui_test_case_is_open(kiosk, id));
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

int
main(int argc, char **argv)
{
	kiosk = td_ui_test_staff_kiosk_new(&argc, &argv);

	/* first: the day's first cases */
	g_test_add_func("/ui/staff-gateway/ask-again-for-all", test_ask_again_for_all);
	g_test_add_func("/ui/staff-gateway/gateway-down", test_gateway_down);
	g_test_add_func("/ui/staff-gateway/mismatch-says-which", test_mismatch_says_which);
	g_test_add_func("/ui/staff-gateway/answer-of-earlier-day", test_answer_of_earlier_day);
	return td_ui_test_kiosk_run(kiosk);
}
