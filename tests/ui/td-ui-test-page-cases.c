/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "td-dashboard.h"
#include "td-report.h"
#include "td-staff-console.h"
#include "td-ui-test-staff.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-util.h"

const TdUiTestPageCase td_ui_test_page_cases[TD_UI_TEST_N_PAGE_CASES] = {
    {"idle", TD_KIOSK_PAGE_IDLE, TD_CASE_PLAIN, "Xin mời đặt thẻ căn cước gắn chip lên máy đọc thẻ",
     "Please place your chip ID card on the card reader"},
    {"idle-card-left", TD_KIOSK_PAGE_IDLE, TD_CASE_CARD_LEFT, "Xin nhớ lấy lại thẻ căn cước",
     "Please take back your ID card"},
    {"awaiting-card", TD_KIOSK_PAGE_AWAITING_CARD, TD_CASE_PLAIN, "Máy đã nhận số căn cước",
     "The kiosk has your ID number"},
    {"key", TD_KIOSK_PAGE_KEY, TD_CASE_KEY_TYPING, "Máy cần số căn cước để mở thẻ",
     "The kiosk needs your ID number"},
    {"key-refused", TD_KIOSK_PAGE_KEY, TD_CASE_KEY_REFUSED, "Số vừa nhập chưa khớp với thẻ",
     "The number does not match the card"},
    {"key-birth-date", TD_KIOSK_PAGE_KEY, TD_CASE_KEY_BIRTH, "ngày sinh", "date of birth"},
    {"reading", TD_KIOSK_PAGE_READING, TD_CASE_PLAIN, "Xin để nguyên thẻ trên máy đọc thẻ",
     "Please leave the card on the card reader"},
    {"ticket", TD_KIOSK_PAGE_TICKET, TD_CASE_TICKET, "Kính chào ông Nguyễn Văn An", "Welcome, Mr Nguyễn Văn An"},
    {"ticket-notes", TD_KIOSK_PAGE_TICKET, TD_CASE_TICKET_NOTES, "Số thứ tự của bà", "Your number"},
    {"see-staff", TD_KIOSK_PAGE_SEE_STAFF, TD_CASE_SEE_STAFF, "hết hạn", "has expired"},
    {"see-staff-late", TD_KIOSK_PAGE_SEE_STAFF, TD_CASE_SEE_STAFF_LATE, "chưa cấp xong số thứ tự", "still being saved"},
    {"vneid", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID, "Ông đã đưa thẻ bảo hiểm y tế vào ứng dụng VNeID",
     "Have you added your health insurance card"},
    {"vneid-steps", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID_STEPS, "Tích hợp thông tin", "(Integrate)"},
    {"vneid-no-account", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID_NO_ACCOUNT, "Công an xã", "commune police"},
    {"vneid-thanks", TD_KIOSK_PAGE_VNEID, TD_CASE_VNEID_THANKS, "Cảm ơn", "Thank you"},
    {"out-of-service", TD_KIOSK_PAGE_OUT_OF_SERVICE, TD_CASE_PLAIN, "Máy tạm thời không hoạt động",
     "The kiosk is not working right now"},
    {"warning", TD_KIOSK_PAGE_VNEID, TD_CASE_WARNING, "vẫn được giữ", "is kept"},
    {"call-staff", TD_KIOSK_PAGE_KEY, TD_CASE_CALLED, "Đã báo nhân viên", "Staff have been called"},
    {"pin", TD_KIOSK_PAGE_PIN, TD_CASE_PLAIN, "Dành cho nhân viên: nhập mã PIN", "Staff only: enter the PIN"},
    /* with the call the case before made: its line, in place of the
     * list's title, the tallest this page gets */
    {"staff", TD_KIOSK_PAGE_STAFF, TD_CASE_STAFF, "máy này", "this kiosk"},
    {"staff-code", TD_KIOSK_PAGE_STAFF, TD_CASE_STAFF_CODE, "Mã thẻ BHYT", "card code"},
    {"dashboard", TD_KIOSK_PAGE_DASHBOARD, TD_CASE_DASHBOARD, "Hôm nay tại trạm", "at the station"},
};


void
td_ui_test_page_cases_prepare(TdUiTestKiosk *kiosk)
{
	g_autofree gchar *today = td_report_today();
	/* not asked about VNeID: the case's question shows under the list,
	 * above the day's "not yet" numbers, the staff page at its tallest */
	const TdUiTestCase longest = {
	    .id_number = "001088000001",
	    .full_name = "Tôn Nữ Thị Phương Thảo Nguyên",
	    .date_of_birth = "1988-03-15",
	    .reason = "gateway-certificate-untrusted",
	    .eligibility = TD_ELIGIBILITY_UNAVAILABLE,
	    .outcome = TD_OUTCOME_PENDING_ELIGIBILITY,
	    .detail = "Kết nối tới cổng BHXH không an toàn: xin báo người quản trị. The gateway's certificate "
		      "failed verification",
	    .vneid = TD_VNEID_NOT_ASKED,
	};

	td_checkin_record_free(td_ui_test_store_case(kiosk, &longest, NULL));
	/* three "not yet": the newest two and "Another number…" */
	for (guint i = 0; i < 7; i++)
		td_checkin_record_free(
		    td_ui_test_store_visit(kiosk, today, i % 2 == 0 ? TD_VNEID_INTEGRATED : TD_VNEID_NOT_YET));
}

const TdUiTestPageCase *
td_ui_test_page_case_named(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(td_ui_test_page_cases); i++) {
		if (g_str_equal(td_ui_test_page_cases[i].name, name))
			return &td_ui_test_page_cases[i];
	}
	g_error("no page case %s", name);
}

static void
td_fill_view(TdPatientView *view, TdUiTestCaseKind kind)
{
	td_ui_test_view_ticket(view);
	view->vneid_pending = TRUE;
	switch (kind) {
	case TD_CASE_KEY_TYPING:
	case TD_CASE_CARD_LEFT:
		/* back at idle: nothing of the patient but the card */
		td_patient_view_clear(view);
		view->card_left = TRUE;
		break;
	case TD_CASE_KEY_REFUSED:
	case TD_CASE_KEY_BIRTH:
	case TD_CASE_CALLED:
		td_patient_view_clear(view);
		view->key_refused = kind == TD_CASE_KEY_REFUSED;
		view->birth_date_asked = kind == TD_CASE_KEY_BIRTH;
		break;
	case TD_CASE_TICKET_NOTES:
		/* the longest ticket page: a long name, pending, the ticket not
		 * printed, a second visit, the widest number (a kiosk's offline
		 * series: B-128) */
		g_free(view->full_name);
		view->full_name = g_strdup("Tôn Nữ Thị Phương Thảo Nguyên");
		view->address = TD_ADDRESS_WOMAN;
		view->eligibility = TD_ELIGIBILITY_UNAVAILABLE;
		view->outcome = TD_OUTCOME_PENDING_ELIGIBILITY;
		view->queue_number = 128;
		g_strlcpy(view->queue_series, "B", sizeof(view->queue_series));
		view->repeat_visit = TRUE;
		view->print_failed = TRUE;
		view->vneid_pending = FALSE;
		break;
	case TD_CASE_SEE_STAFF:
		view->eligibility = TD_ELIGIBILITY_EXPIRED;
		view->outcome = TD_OUTCOME_SEE_STAFF;
		view->see_staff_reason = g_strdup("insurance-expired");
		view->queue_number = 18;
		view->vneid_pending = FALSE;
		break;
	case TD_CASE_SEE_STAFF_LATE:
		view->commit_late = TRUE;
		view->queue_number = 0;
		view->vneid_pending = FALSE;
		break;
	default:
		break;
	}
}

void
td_ui_test_page_case_show(TdUiTestKiosk *kiosk, const TdUiTestPageCase *c, TdPatientView *view)
{
	TdKioskWindow *window = kiosk->window;
	TdVneidPage *vneid = td_kiosk_window_get_vneid_page(window);
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(window));

	td_fill_view(view, c->kind);
	switch (c->kind) {
	case TD_CASE_STAFF:
	case TD_CASE_STAFF_CODE:
		td_kiosk_window_show_page(window, TD_KIOSK_PAGE_STAFF);
		/* the patient's call is written in a worker: read until it is */
		for (guint i = 0; i == 0 || (i < 50 && td_staff_console_get_calls_waiting(console) == 0); i++) {
			td_staff_console_refresh(console);
			td_ui_test_wait_staff(GTK_WIDGET(window));
		}
		g_assert_cmpuint(td_staff_console_get_calls_waiting(console), >, 0);
		g_assert_true(td_staff_console_select(console, 0));
		td_staff_console_show_code_pad(console, c->kind == TD_CASE_STAFF_CODE);
		return;
	case TD_CASE_DASHBOARD:
		td_dashboard_refresh(TD_DASHBOARD(td_kiosk_window_get_dashboard(window)));
		td_ui_test_wait_staff(GTK_WIDGET(window));
		td_kiosk_window_show_page(window, TD_KIOSK_PAGE_DASHBOARD);
		return;
	default:
		break;
	}
	if (td_kiosk_page_is_staff(c->page)) {
		td_kiosk_window_show_page(window, c->page);
		return;
	}
	if (c->page == TD_KIOSK_PAGE_READING)
		td_patient_pages_set_reading_step(td_kiosk_window_get_patient_pages(window),
						  TD_READING_STEP_CHECKING_INSURANCE);
	td_kiosk_window_show_patient(window, c->page, view);
	switch (c->kind) {
	case TD_CASE_KEY_TYPING:
		for (const gchar *p = "00105"; *p != '\0'; p++)
			td_number_pad_press(td_patient_pages_get_number_pad(td_kiosk_window_get_patient_pages(window)), *p);
		break;
	case TD_CASE_VNEID_STEPS:
		td_vneid_page_choose(vneid, TD_VNEID_NOT_YET);
		break;
	case TD_CASE_VNEID_NO_ACCOUNT:
		td_vneid_page_choose(vneid, TD_VNEID_NO_ACCOUNT);
		break;
	case TD_CASE_VNEID_THANKS:
		td_vneid_page_choose(vneid, TD_VNEID_NO_SMARTPHONE);
		break;
	case TD_CASE_WARNING:
		td_kiosk_window_show_warning(window, 15);
		break;
	case TD_CASE_CALLED:
		td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
		break;
	default:
		break;
	}
}

GtkWidget *
td_ui_test_find_mapped(GtkWidget *root, gboolean (*matches)(GtkWidget *widget, gconstpointer what),
		       gconstpointer what)
{
	if (matches(root, what) && gtk_widget_get_mapped(root))
		return root;
	for (GtkWidget *c = gtk_widget_get_first_child(root); c != NULL; c = gtk_widget_get_next_sibling(c)) {
		GtkWidget *found = td_ui_test_find_mapped(c, matches, what);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static gboolean
td_is_type(GtkWidget *widget, gconstpointer type)
{
	return G_TYPE_CHECK_INSTANCE_TYPE(widget, GPOINTER_TO_SIZE(type));
}

static gboolean
td_has_class(GtkWidget *widget, gconstpointer css_class)
{
	return gtk_widget_has_css_class(widget, css_class);
}

GtkWidget *
td_ui_test_find_mapped_class(GtkWidget *root, const gchar *css_class)
{
	return td_ui_test_find_mapped(root, td_has_class, css_class);
}

GtkWidget *
td_ui_test_find_mapped_type(GtkWidget *root, GType type)
{
	return td_ui_test_find_mapped(root, td_is_type, GSIZE_TO_POINTER(type));
}

void
td_ui_test_check_station_name(TdUiTestKiosk *kiosk, GString *problems)
{
	GtkWidget *station = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-station");
	const gchar *name;
	g_autofree gchar *first_word = NULL;
	g_autoptr(PangoLayout) layout = NULL;
	gint word_width = 0;

	if (station == NULL || !GTK_IS_LABEL(station)) {
		g_string_append(problems, "no station name in the top bar\n");
		return;
	}
	name = gtk_label_get_text(GTK_LABEL(station));
	first_word = g_strndup(name, strcspn(name, " "));
	layout = gtk_widget_create_pango_layout(station, first_word);
	pango_layout_get_pixel_size(layout, &word_width, NULL);
	if (word_width > gtk_widget_get_width(station))
		g_string_append_printf(problems, "the station's name “%s” is cut in its first word (%d px for its %d)\n",
				       name, gtk_widget_get_width(station), word_width);
}

GtkScrolledWindow *
td_ui_test_page_scroller(TdUiTestKiosk *kiosk)
{
	GtkWidget *column = gtk_widget_get_first_child(gtk_window_get_child(GTK_WINDOW(kiosk->window)));
	return GTK_SCROLLED_WINDOW(gtk_widget_get_last_child(column));
}

gint
td_ui_test_reachable_height(TdUiTestKiosk *kiosk, const TdUiTestSize *size)
{
	GtkScrolledWindow *scroller = td_ui_test_page_scroller(kiosk);
	/* the stack, in the viewport the scroller put it in */
	GtkWidget *page = gtk_viewport_get_child(GTK_VIEWPORT(gtk_scrolled_window_get_child(scroller)));
	graphene_rect_t area, content;

	if (!size->scrolls || !td_ui_widget_rect(GTK_WIDGET(scroller), GTK_WIDGET(kiosk->window), &area) ||
	    !td_ui_widget_rect(page, GTK_WIDGET(kiosk->window), &content))
		return size->height;
	return MAX(size->height, (gint)ceilf(area.origin.y + content.size.height));
}
