/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The visits that went wrong when the kiosk was tried at a station, each
 * through the real window, session, store, virtual chip and gateway
 * simulator: a BAC-only card opened by the typed ID and birth date; the ID
 * typed before the card is laid, and the pad left alone; the VNeID step
 * abandoned (the number was shown and stored, the answer is "left"); a
 * second visit the same day (the same number); the next patient getting
 * Vietnamese and normal text back. */
#include "config.h"

#include "td-i18n.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-util.h"

/* short time limits where a test waits for one; the "more time?" warning
 * stays 2 s, long enough to be seen between two of a loaded machine's
 * frames (at 0.5 s, on a machine loaded past CI's, it once went unseen) */
#define TD_SHORT_TIMEOUT_MS 3000
#define TD_SHORT_WARNING_MS 2000

/* The boy's chip opens with BAC only: the ID alone is not enough, and the
 * kiosk asks for his birth date instead of refusing the right number. */
static void
test_bac_only_typed(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	GtkWidget *window = GTK_WIDGET(kiosk->window);

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_ui_test_kiosk_check_in(kiosk, "le-minh-khoa.ini", "048212001122");
	g_assert_true(td_ui_test_wait_label(window, "Thẻ của quý vị cần thêm ngày sinh để mở.", 20000));
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_KEY);
	g_assert_false(td_ui_test_find_label(window, "Số vừa nhập chưa khớp với thẻ"));
	/* with an example of the 8 digits, leading zeros and all */
	g_assert_true(td_ui_test_find_label(window, "Ví dụ: sinh ngày 05/03/1958, bấm 05031958."));
	/* a wrong birth date: the pad asks the number again, and says that
	 * either may be wrong (not only "check the 12 digits") */
	td_ui_test_kiosk_type(kiosk, "21112012");
	g_assert_true(td_ui_test_wait_label(
	    window,
	    "Số căn cước hoặc ngày sinh vừa nhập chưa khớp với thẻ. Xin bấm lại 12 số in trên thẻ, rồi ngày sinh, hoặc "
	    "bấm “Gọi nhân viên”.",
	    20000));
	g_assert_false(td_ui_test_find_label(window, "Thẻ của quý vị cần thêm ngày sinh để mở."));
	td_ui_test_kiosk_type(kiosk, "048212001122");
	g_assert_true(td_ui_test_wait_label(window, "Thẻ của quý vị cần thêm ngày sinh để mở.", 20000));
	td_ui_test_kiosk_type(kiosk, "20112012");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_true(td_ui_test_find_label(window, "Chào Lê Minh Khoa"));
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->context->session)->queue_number, ==, 1);
}

/* The ID typed first: the pad keeps it, the kiosk asks for the card, and
 * the card laid then is read with it. */
static void
test_keys_before_card(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	GtkWidget *window = GTK_WIDGET(kiosk->window);

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_ui_test_kiosk_press(kiosk, "Nhập số căn cước");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_KEY, 5000);
	td_ui_test_kiosk_type(kiosk, "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_AWAITING_CARD, 5000);
	g_assert_true(td_ui_test_find_label(window, "Bây giờ xin đặt thẻ căn cước lên máy đọc thẻ"));
	g_assert_true(td_ui_test_find_label(window, "Máy đã nhận số căn cước."));
	td_ui_test_kiosk_lay_card(kiosk, "example.ini");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_true(td_ui_test_find_label(window, "Kính chào ông Nguyễn Văn An"));
}

/* Keys and no card, or the pad opened and left: each goes back to the
 * start after its time limit (it used to stay forever). */
static void
test_keys_without_card(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	TdCheckinSession *session = kiosk->context->session;

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_checkin_session_set_timeout(session, TD_CHECKIN_STATE_ENTERING_KEY, TD_SHORT_TIMEOUT_MS,
				       TD_SHORT_WARNING_MS);
	td_checkin_session_set_timeout(session, TD_CHECKIN_STATE_AWAITING_CARD, TD_SHORT_TIMEOUT_MS,
				       TD_SHORT_WARNING_MS);
	td_ui_test_kiosk_press(kiosk, "Nhập số căn cước");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_KEY, 5000);
	/* "more time?" first, then the start */
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Quý vị có cần thêm thời gian không?", 5000));
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);

	td_ui_test_kiosk_press(kiosk, "Nhập số căn cước");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_KEY, 5000);
	td_ui_test_kiosk_type(kiosk, "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_AWAITING_CARD, 5000);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);
	g_assert_cmpint(td_checkin_session_get_state(session), ==, TD_CHECKIN_STATE_IDLE);
}

/* The patient walks away at the VNeID question: the number was shown and
 * stored; the answer is "left before answering", and nothing else is
 * stored (no second, unseen number). */
static void
test_vneid_left(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(TdDailyCounts) counts = NULL;

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_checkin_session_set_timeout(kiosk->context->session, TD_CHECKIN_STATE_VNEID_STEP, TD_SHORT_TIMEOUT_MS,
				       TD_SHORT_WARNING_MS);
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Số thứ tự của ông"));
	td_ui_test_kiosk_press(kiosk, "Tiếp tục");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_VNEID, 5000);
	/* nobody answers */
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 10000);
	td_ui_test_kiosk_wait_quiet(kiosk);

	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->checkins, ==, 1);
	g_assert_cmpuint(counts->by_outcome[TD_OUTCOME_CHECKED_IN], ==, 1);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_LEFT], ==, 1);
	g_assert_cmpuint(td_daily_counts_vneid_answered(counts), ==, 0);
}

/* Back the same day (the card forgotten, a second room): the same number,
 * and a sentence saying so; one check-in in the day's figures. */
static void
test_second_visit(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(TdDailyCounts) counts = NULL;
	g_autofree gchar *png = NULL;

	td_i18n_set_language(TD_LANGUAGE_VI);
	/* someone else first, so the number is not 1 by chance */
	td_ui_test_kiosk_check_in_khoa(kiosk);
	td_ui_test_kiosk_finish(kiosk);
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->context->session)->queue_number, ==, 2);
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Hôm nay ông đã lấy số này."));
	td_ui_test_kiosk_finish(kiosk);

	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Hôm nay ông đã lấy số này."));
	g_assert_cmpuint(td_checkin_session_get_record(kiosk->context->session)->queue_number, ==, 2);
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "visit-second-vi");
	td_ui_test_kiosk_wait_quiet(kiosk);
	counts = td_ui_test_kiosk_today(kiosk);
	g_assert_cmpuint(counts->checkins, ==, 2);
}

static gboolean
td_settings_back(gpointer data)
{
	TdUiTestKiosk *kiosk = data;
	return td_i18n_get_language() == TD_LANGUAGE_VI && !td_kiosk_window_get_large_text(kiosk->window);
}

/* English and large text chosen, then nobody: after the patient's time
 * limit the idle page is back in Vietnamese with normal text; and a
 * check-in's end resets them at once. */
static void
test_settings_reset(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();

	td_i18n_set_language(TD_LANGUAGE_VI);
	kiosk->context->config->idle_timeout_s = 1;
	td_ui_test_kiosk_press(kiosk, "English");
	td_ui_test_kiosk_press(kiosk, "Large text");
	g_assert_cmpint(td_i18n_get_language(), ==, TD_LANGUAGE_EN);
	g_assert_true(td_kiosk_window_get_large_text(kiosk->window));
	/* the toggle says it is on */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "✓ Large text"));
	g_assert_true(td_ui_test_wait_for(td_settings_back, kiosk, 5000));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Chữ to"));

	/* chosen during a check-in: gone when it ends */
	kiosk->context->config->idle_timeout_s = 600;
	td_ui_test_kiosk_press(kiosk, "English");
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	td_ui_test_kiosk_press(kiosk, "Large text");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Your number"));
	td_ui_test_kiosk_press(kiosk, "Continue");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_VNEID, 5000);
	td_ui_test_kiosk_press(kiosk, "Yes, it is already in VNeID");
	td_ui_test_kiosk_press(kiosk, "Done. Please remember to take back your ID card.");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);
	g_assert_true(td_settings_back(kiosk));
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	g_test_add_func("/ui/visits/bac-only-typed", test_bac_only_typed);
	g_test_add_func("/ui/visits/keys-before-card", test_keys_before_card);
	g_test_add_func("/ui/visits/keys-without-card", test_keys_without_card);
	g_test_add_func("/ui/visits/vneid-left", test_vneid_left);
	g_test_add_func("/ui/visits/second-visit", test_second_visit);
	g_test_add_func("/ui/visits/settings-reset", test_settings_reset);
	return g_test_run();
}
