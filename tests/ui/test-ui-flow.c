/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole patient flows through the real window, session, store, virtual
 * chip and gateway simulator (the training mode's parts): to the queue
 * number, through the VNeID steps, and to "see staff", a scan from the
 * scanner. Also how long the main loop ever stalls during a card read and
 * a gateway call (td_ui_test_stall_meter_start). */
#include "config.h"

#include "td-demo-env.h"
#include "td-demo-panel.h"
#include "td-i18n.h"
#include "td-evemu.h"
#include "td-pin-page.h"
#include "td-scanner.h"
#include "td-staff-console.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-util.h"

static void
test_flow_to_queue_number(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(TdDailyCounts) counts = NULL;
	TdTestStallMeter *meter;
	g_autofree gchar *png = NULL;
	g_autofree gchar *spoken = NULL;

	td_i18n_set_language(TD_LANGUAGE_VI);
	/* a contactless link's pace, so the read takes real time */
	td_demo_env_set_latency_ms(kiosk->context->demo, 5);
	/* each page once first: GTK's first layout of a page loads glyphs at
	 * the big sizes, once per process, which is not what is measured here */
	{
		const TdKioskPage warm[] = {TD_KIOSK_PAGE_READING, TD_KIOSK_PAGE_VNEID, TD_KIOSK_PAGE_TICKET,
					    TD_KIOSK_PAGE_IDLE};
		for (guint i = 0; i < G_N_ELEMENTS(warm); i++) {
			td_kiosk_window_show_page(kiosk->window, warm[i]);
			td_ui_test_wait(50);
		}
	}
	/* from the patient's OK: the card read and the look-up run off the
	 * main thread while this 5 ms source keeps ticking */
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	meter = td_ui_test_stall_meter_start(kiosk);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_cmpint(td_test_stall_meter_stop(meter, "a card read and a gateway call"), <,
			TD_TEST_MAX_MAIN_LOOP_GAP_US);

	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Kính chào ông Nguyễn Văn An"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Thẻ bảo hiểm y tế còn hạn."));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Số thứ tự của ông"));
	/* the VNeID question follows: he is asked to answer it before he
	 * sits down, not sent to his seat above its "Tiếp tục" */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Xin ông trả lời thêm một câu hỏi, rồi ngồi "
									  "chờ. Khi đến số, ông sẽ được gọi vào phòng khám."));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					     "Xin mời ông ngồi chờ. Khi đến số, ông sẽ được gọi vào phòng khám."));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "1"));
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->context->session)->queue_number, ==, 1);
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "flow-ticket-vi");
	/* stored when the number was shown; the VNeID answer comes after */
	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->checkins, ==, 1);
	g_assert_cmpuint(counts->by_outcome[TD_OUTCOME_CHECKED_IN], ==, 1);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_NOT_ASKED], ==, 1);
	g_clear_pointer(&counts, td_daily_counts_free);

	td_ui_test_kiosk_answer_vneid(kiosk);
	td_ui_test_kiosk_wait_quiet(kiosk);
	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_INTEGRATED], ==, 1);
	/* the thanks speak to him as the ticket page did, his number still
	 * in sight */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Cảm ơn ông."));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Số thứ tự của ông: 1"));
	/* and, the question answered, to sit down */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Xin mời ông ngồi chờ. Khi đến số, ông sẽ được gọi vào phòng khám."));

	/* finish: back to idle, the name gone from every page */
	td_ui_test_kiosk_press(kiosk, "Xong. Xin nhớ lấy lại thẻ căn cước.");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);
	/* the card still on the reader: the idle page asks for it, aloud,
	 * with nothing else to press, until it is lifted */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Xin nhớ lấy lại thẻ căn cước"));
	/* one thing to do, not also "lay it down again" */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Thẻ vẫn còn trên máy đọc thẻ. Xin nhấc thẻ lên và "
									  "mang theo."));
	g_assert_null(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Nhập số căn cước"));
	/* spoken to the one who has finished: no "Bước 1/3" over it */
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Bước 1/3"));
	spoken = td_kiosk_window_get_spoken(kiosk->window, NULL);
	g_assert_cmpstr(spoken, ==, "Xin nhớ lấy lại thẻ căn cước");
	g_free(png);
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "flow-card-left-vi");
	td_demo_panel_remove(kiosk->context);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Xin mời đặt thẻ căn cước gắn chip lên máy đọc thẻ",
					    5000));
	g_assert_nonnull(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Nhập số căn cước"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Bước 1/3 · Thẻ căn cước"));
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_TICKET);
	td_ui_test_wait(20);
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Nguyễn Văn An"));
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

static void
test_flow_vneid_steps(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(TdDailyCounts) counts = NULL;
	g_autofree gchar *png = NULL;

	td_i18n_set_language(TD_LANGUAGE_EN);
	td_ui_test_kiosk_check_in_khoa(kiosk);
	/* a boy of 12: his name alone */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Hello, Lê Minh Khoa"));
	td_ui_test_kiosk_press(kiosk, "Continue");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_VNEID, 5000);
	td_ui_test_kiosk_press(kiosk, "Not yet – show me how");
	g_assert_cmpstr(td_vneid_page_get_view(td_kiosk_window_get_vneid_page(kiosk->window)), ==, "steps");
	td_ui_test_wait(30);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Thẻ bảo hiểm y tế"));
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "flow-vneid-steps-en");
	/* still in the VNeID step while the patient reads */
	g_assert_cmpint(td_checkin_session_get_state(kiosk->context->session), ==, TD_CHECKIN_STATE_VNEID_STEP);
	td_ui_test_kiosk_press(kiosk, "Done. Please remember to take back your ID card.");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);
	td_ui_test_kiosk_wait_quiet(kiosk);

	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_NOT_YET], ==, 1);
	g_clear_pointer(&counts, td_daily_counts_free);
	td_i18n_set_language(TD_LANGUAGE_VI);

	/* he asks at the desk, ticket in hand: staff find his number among
	 * the day's "not yet", help him, and the rate counts it */
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	td_pin_page_enter(TD_PIN_PAGE(td_kiosk_window_get_pin_page(kiosk->window)), TD_TRAINING_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_STAFF);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Chưa có trong VNeID hôm nay"));
	g_free(png);
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-vneid-not-yet-vi");
	/* a press on the wrong number can be taken back within the minute:
	 * nothing is written meanwhile */
	td_ui_test_kiosk_press(kiosk, "Số 1");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã ghi cho Số 1: Đã giúp tích hợp vào VNeID."));
	/* and no second help for him meanwhile, by the list or his number */
	g_assert_null(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Số 1"));
	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_ASSISTED], ==, 0);
	g_clear_pointer(&counts, td_daily_counts_free);
	td_ui_test_kiosk_press(kiosk, "Hoàn tác");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã hoàn tác: chưa ghi gì."));
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_true(gtk_widget_is_sensitive(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Số 1")));
	/* the right one, written when its minute is over */
	td_ui_test_kiosk_press(kiosk, "Số 1");
	g_assert_true(td_staff_console_commit_pending(TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window))));
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Đã ghi: đã giúp số 1 tích hợp vào VNeID.", 5000));
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_null(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Số 1"));
	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_NOT_YET], ==, 0);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_ASSISTED], ==, 1);
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

static void
test_flow_see_staff(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(TdDailyCounts) counts = NULL;
	g_autoptr(GPtrArray) open = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *png = NULL;

	td_i18n_set_language(TD_LANGUAGE_VI);
	/* the gateway says 010: the insurance card has expired */
	td_ui_test_kiosk_check_in_qr(kiosk, "pham-thi-thu-ha.ini",
				     "031185006789||Phạm Thị Thu Hà|14071985|Nữ|Hà Nội|10082023");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_SEE_STAFF, 20000);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "hết hạn"));
	/* why, in words; never a code alone */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Quầy tiếp đón sẽ hướng dẫn gia hạn thẻ"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "010"));
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "flow-see-staff-vi");

	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->by_outcome[TD_OUTCOME_SEE_STAFF], ==, 1);
	g_assert_cmpuint(counts->sent_to_staff, ==, 1);
	open = td_store_list_exceptions(kiosk->context->store, NULL, TRUE, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(open->len, ==, 1);
}

static void
test_flow_wrong_number(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();

	/* a typo in the ID: the chip refuses the key, the pad comes back with a
	 * sentence saying so */
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012349");
	td_ui_test_wait(200);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_KEY, 20000);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Số vừa nhập chưa khớp với thẻ"));
}

/* A code held to the scanner that opens nothing (here the paper insurance
 * card's QR, as patients hold it up at the station) says so on the page
 * under the card, where before nothing moved; then the card's own QR, in
 * a shape of the newer cards (a separator after the issue date, a field
 * more), checks the patient in. */
static void
test_flow_scan_unreadable(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autofree gchar *png = NULL;

	const gchar *bhyt_qr = "DN4797924012345|4c c3aa204d696e68204b686f61|20/11/2012|1|79034|01/01/2024|";

	td_i18n_set_language(TD_LANGUAGE_VI);
	/* before the card, on the first page: beside the card's picture */
	td_kiosk_window_scan(kiosk->window, bhyt_qr);
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_IDLE);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Máy chưa đọc được mã vừa quét"));
	/* the card laid down: the next page, the words gone */
	td_ui_test_kiosk_insert_card(kiosk, "le-minh-khoa.ini");
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Máy chưa đọc được mã vừa quét"));
	td_kiosk_window_scan(kiosk->window, bhyt_qr);
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_KEY);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Máy chưa đọc được mã vừa quét"));
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "flow-scan-unreadable-vi");
	td_kiosk_window_scan(kiosk->window, TD_UI_TEST_KHOA_QR "|Đà Nẵng|");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Máy chưa đọc được mã vừa quét"));
}

/* The scanner's recorded stream (Alt+keypad codes, as the station's
 * scanner sends Vietnamese letters) through the decoder into the running
 * kiosk, the way the evdev scanner's worker hands it over: no uinput
 * here to play it through a device. */
static void
test_flow_scanner(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) events = NULL;
	g_autofree gchar *stream =
		g_test_build_filename(G_TEST_DIST, "..", "devices", "streams", "training-example-qr.evemu", NULL);

	td_i18n_set_language(TD_LANGUAGE_VI);
	/* the training kiosk has the [scanner] of a default configuration,
	 * not opened: no device here */
	g_assert_nonnull(kiosk->context->scanner);
	events = td_evemu_load(stream, &error);
	g_assert_no_error(error);
	td_ui_test_kiosk_insert_card(kiosk, "example.ini");
	td_scanner_replay(TD_SCANNER(kiosk->context->scanner), events);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Kính chào ông Nguyễn Văn An"));
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->context->session)->queue_number, ==, 1);
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	g_test_add_func("/ui/flow/queue-number", test_flow_to_queue_number);
	g_test_add_func("/ui/flow/vneid-steps", test_flow_vneid_steps);
	g_test_add_func("/ui/flow/see-staff", test_flow_see_staff);
	g_test_add_func("/ui/flow/wrong-number", test_flow_wrong_number);
	g_test_add_func("/ui/flow/scanner", test_flow_scanner);
	g_test_add_func("/ui/flow/scan-unreadable", test_flow_scan_unreadable);
	return g_test_run();
}
