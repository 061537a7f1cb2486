/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every page of the kiosk, in Vietnamese and English and in the large-text
 * mode: rendered to PNG (look at them), checked for the words a patient
 * must see, and every control checked for a role, a name and a touch
 * target of at least 60 px. Pages only: no session behind them. */
#include "config.h"

#include "td-i18n.h"
#include "td-kiosk-window.h"
#include "td-qr-image.h"
#include "td-ui-test-util.h"
#include "td-wedge-capture.h"

typedef struct {
	const gchar *page;
	const gchar *vi;
	const gchar *en;
} TdPageCase;

static const TdPageCase pages[] = {
    {"idle", "Xin mời đặt thẻ căn cước gắn chip lên đầu đọc", "Please place your chip ID card on the reader"},
    {"key", "Xin quét mã QR ở mặt trước thẻ căn cước", "Scan the QR code on the front of your card"},
    {"reading", "Đang kiểm tra thẻ BHYT…", "Checking your health insurance card…"},
    {"ticket", "Số thứ tự của quý vị", "Your number"},
    {"see-staff", "Thẻ BHYT đã hết hạn", "Your health insurance card has expired"},
    {"vneid", "Thẻ BHYT đã có trong ứng dụng VNeID chưa?", "Is your health insurance card in the VNeID app?"},
    {"vneid-steps", "Tích hợp thông tin", "Integrate information"},
    {"vneid-no-account", "Công an xã", "commune police"},
    {"out-of-service", "Máy tạm thời không hoạt động", "The kiosk is not working right now"},
    {"pin", "Dành cho nhân viên: nhập mã PIN", "Staff only: enter the PIN"},
    {"staff", "Các trường hợp hôm nay", "Today's cases for reception"},
    {"dashboard", "Hôm nay tại trạm", "Today at the station"},
};

static TdKioskWindow *window;

static gboolean
td_window_mapped(gpointer data)
{
	return gtk_widget_get_mapped(GTK_WIDGET(data)) && gtk_widget_get_width(GTK_WIDGET(data)) > 0;
}

static void
td_show_case(const TdPageCase *c, TdPatientView *view)
{
	if (g_str_has_prefix(c->page, "vneid")) {
		td_kiosk_window_show_page(window, "vneid");
		if (g_str_equal(c->page, "vneid-steps"))
			td_vneid_page_choose(td_kiosk_window_get_vneid_page(window), TD_VNEID_NOT_YET);
		else if (g_str_equal(c->page, "vneid-no-account"))
			td_vneid_page_choose(td_kiosk_window_get_vneid_page(window), TD_VNEID_NO_ACCOUNT);
		return;
	}
	if (g_str_equal(c->page, "reading"))
		td_patient_pages_set_reading_step(td_kiosk_window_get_patient_pages(window),
						  TD_READING_STEP_CHECKING_INSURANCE);
	if (g_str_equal(c->page, "pin") || g_str_equal(c->page, "staff") || g_str_equal(c->page, "dashboard"))
		td_kiosk_window_show_page(window, c->page);
	else
		td_kiosk_window_show_patient(window, c->page, view);
}

static void
td_fill_view(TdPatientView *view, const gchar *page)
{
	td_patient_view_clear(view);
	view->full_name = g_strdup("Nguyễn Văn An");
	view->decided = TRUE;
	view->eligibility = TD_ELIGIBILITY_ELIGIBLE;
	view->registered_here = TRUE;
	view->outcome = TD_OUTCOME_CHECKED_IN;
	view->queue_number = 17;
	if (g_str_equal(page, "see-staff")) {
		view->eligibility = TD_ELIGIBILITY_EXPIRED;
		view->outcome = TD_OUTCOME_SEE_STAFF;
		view->see_staff_reason = g_strdup("insurance-expired");
		view->queue_number = 18;
	}
}

static void
td_render_all(const gchar *suffix, TdLanguage language)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();

	td_i18n_set_language(language);
	for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
		const TdPageCase *c = &pages[i];
		const gchar *expected = language == TD_LANGUAGE_VI ? c->vi : c->en;
		g_autofree gchar *name = g_strdup_printf("%s-%s", c->page, suffix);
		g_autofree gchar *png = NULL;
		g_autoptr(GString) problems = g_string_new(NULL);
		guint n_controls;
		gboolean patient = !g_str_equal(c->page, "staff") && !g_str_equal(c->page, "dashboard");

		td_fill_view(view, c->page);
		td_show_case(c, view);
		td_ui_test_wait(60);
		png = td_ui_test_save_png(GTK_WIDGET(window), name);
		if (!td_ui_test_find_label(GTK_WIDGET(window), expected))
			g_error("%s: no label showing “%s”", name, expected);
		/* elderly patients: 60 px targets; staff screens at least 48 */
		n_controls = td_ui_test_check_controls(GTK_WIDGET(window), patient ? 60 : 48, problems);
		g_assert_cmpuint(n_controls, >, 0);
		if (problems->len > 0)
			g_error("%s: %s", name, problems->str);
	}
	/* the numbers: large enough and shown */
	td_fill_view(view, "ticket");
	td_kiosk_window_show_patient(window, "ticket", view);
	td_ui_test_wait(30);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(window), "17"));
}

static void
test_pages_vi(void)
{
	td_kiosk_window_set_large_text(window, FALSE);
	td_render_all("vi", TD_LANGUAGE_VI);
}

static void
test_pages_en(void)
{
	td_kiosk_window_set_large_text(window, FALSE);
	td_render_all("en", TD_LANGUAGE_EN);
}

static void
test_pages_large(void)
{
	td_kiosk_window_set_large_text(window, TRUE);
	td_render_all("vi-large", TD_LANGUAGE_VI);
	td_kiosk_window_set_large_text(window, FALSE);
}

static void
test_high_contrast_and_warning(void)
{
	g_autoptr(TdPatientView) view = td_patient_view_new();
	g_autofree gchar *png = NULL;

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_kiosk_window_set_high_contrast(window, TRUE);
	g_assert_true(gtk_widget_has_css_class(GTK_WIDGET(window), "td-high-contrast"));
	td_fill_view(view, "ticket");
	td_kiosk_window_show_patient(window, "ticket", view);
	td_kiosk_window_show_warning(window, 15);
	td_ui_test_wait(60);
	png = td_ui_test_save_png(GTK_WIDGET(window), "warning-vi-contrast");
	g_assert_true(td_kiosk_window_warning_visible(window));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(window), "Màn hình sẽ quay về trang đầu sau 15 giây."));
	g_assert_nonnull(td_ui_test_find_button(GTK_WIDGET(window), "Có, cho thêm thời gian"));
	td_kiosk_window_set_high_contrast(window, FALSE);

	/* back to idle: the name and number are gone from every label */
	td_kiosk_window_reset(window);
	td_ui_test_wait(30);
	g_assert_false(td_kiosk_window_warning_visible(window));
	td_kiosk_window_show_page(window, "ticket");
	td_ui_test_wait(30);
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(window), "Nguyễn Văn An"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(window), "17"));
	td_kiosk_window_show_page(window, "idle");
}

static void
test_close_vetoed(void)
{
	gtk_window_close(GTK_WINDOW(window));
	td_ui_test_wait(30);
	g_assert_true(gtk_widget_get_visible(GTK_WIDGET(window)));
}

typedef struct {
	guint scans;
	gchar *last;
} TdScanLog;

static void
td_scan_cb(const gchar *text, gpointer user_data)
{
	TdScanLog *log = user_data;
	log->scans++;
	g_free(log->last);
	log->last = g_strdup(text);
}

static void
test_wedge_capture(void)
{
	TdScanLog log = {0};
	g_autoptr(TdWedgeCapture) wedge = td_wedge_capture_new(td_scan_cb, &log);
	const gchar *qr = "001058012345|011234567|Nguyen Van An|15031958|Nam|Ha Noi|01012021";
	guint32 t = 1000;

	/* a scanner: 5 ms between keys, then Enter */
	for (const gchar *p = qr; *p != '\0'; p++)
		g_assert_true(td_wedge_capture_feed(wedge, t += 5, gdk_unicode_to_keyval((guint8)*p)));
	g_assert_true(td_wedge_capture_feed(wedge, t += 5, GDK_KEY_Return));
	g_assert_cmpuint(log.scans, ==, 1);
	g_assert_cmpstr(log.last, ==, qr);

	/* a person typing the same slowly is never a scan */
	for (const gchar *p = qr; *p != '\0'; p++)
		td_wedge_capture_feed(wedge, t += 300, gdk_unicode_to_keyval((guint8)*p));
	td_wedge_capture_feed(wedge, t += 300, GDK_KEY_Return);
	g_assert_cmpuint(log.scans, ==, 1);

	/* disabled on staff screens */
	td_wedge_capture_set_enabled(wedge, FALSE);
	g_assert_false(td_wedge_capture_feed(wedge, t += 5, GDK_KEY_1));
	g_free(log.last);
}

static void
test_qr_texture(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GdkTexture) texture = td_qr_texture_new("https://baohiemxahoi.gov.vn", 4, &error);

	g_assert_no_error(error);
	/* version 2 or more: at least 25 modules plus the quiet zones */
	g_assert_cmpint(gdk_texture_get_width(texture), >=, (25 + 8) * 4);
	/* quiet zone white, the finder pattern's corner black */
	{
		gsize stride = (gsize)gdk_texture_get_width(texture) * 4;
		g_autofree guchar *all = g_malloc(stride * (gsize)gdk_texture_get_height(texture));
		gdk_texture_download(texture, all, stride);
		g_assert_cmpuint(all[0], ==, 0xff);
		g_assert_cmpuint(all[(4 * 4 + 1) * stride + (4 * 4 + 1) * 4], <, 0x40);
	}
}

int
main(int argc, char **argv)
{
	int status;

	td_ui_test_init(&argc, &argv);
	window = td_kiosk_window_new(NULL, NULL);
	gtk_window_set_default_size(GTK_WINDOW(window), 1280, 800);
	gtk_window_present(GTK_WINDOW(window));
	td_vneid_page_set_guide_url(td_kiosk_window_get_vneid_page(window), "https://baohiemxahoi.gov.vn");
	g_assert_true(td_ui_test_wait_for(td_window_mapped, window, 5000));

	g_test_add_func("/ui/pages/vi", test_pages_vi);
	g_test_add_func("/ui/pages/en", test_pages_en);
	g_test_add_func("/ui/pages/large-text", test_pages_large);
	g_test_add_func("/ui/pages/high-contrast-warning-reset", test_high_contrast_and_warning);
	g_test_add_func("/ui/window/close-vetoed", test_close_vetoed);
	g_test_add_func("/ui/wedge-capture", test_wedge_capture);
	g_test_add_func("/ui/qr-texture", test_qr_texture);
	status = g_test_run();
	td_kiosk_window_allow_close(window);
	gtk_window_destroy(GTK_WINDOW(window));
	td_ui_test_wait(20);
	return status;
}
