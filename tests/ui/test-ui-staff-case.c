/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case shown beside reception's list, on a real store, the virtual
 * chip and the gateway simulator: the chip's photo while the card is on
 * the reader, the warnings of a card the reader skipped entries of (and
 * its re-check with the stored birth date), and the VNeID question of a
 * patient the kiosk sent to the desk unasked. The list's actions are
 * test-ui-staff.c. */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-staff-console.h"
#include "td-test-log.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-staff.h"
#include "td-ui-test-util.h"

static TdUiTestKiosk *kiosk;

/* ---- the case's photo and warnings ---- */

/* the photo's note, in the words the console uses */
#define TD_FACE_READ_NOTE "Photo read from the chip just now (not stored): compare it with the patient."

static gboolean
td_face_shown(gpointer data)
{
	/* the photo, or any of the notes that replace it */
	return td_ui_test_find_label(GTK_WIDGET(kiosk->window), g_dgettext(GETTEXT_PACKAGE, TD_FACE_READ_NOTE)) ||
	       td_ui_test_find_label(GTK_WIDGET(kiosk->window), "JPEG 2000") ||
	       !td_ui_test_find_label(GTK_WIDGET(kiosk->window),
				      g_dgettext(GETTEXT_PACKAGE, "Reading the photo from the card…"));
}

static GtkWidget *
td_find_picture(GtkWidget *root)
{
	if (GTK_IS_PICTURE(root) && gtk_widget_get_mapped(root))
		return root;
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		GtkWidget *found = td_find_picture(child);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* The case of the patient still at the kiosk, card on the reader: the
 * chip's photo is read when the case is opened and shown beside it; once
 * the patient is gone, only the note to compare with the printed card. */
static void
test_face_image(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	g_autofree gchar *png = NULL;
	GtkWidget *picture;
	GdkPaintable *paintable;

	/* as on another day (today she would get the number she has) */
	td_checkin_session_set_find_func(kiosk->context->session, NULL, NULL, NULL);
	td_ui_test_kiosk_check_in_qr(kiosk, "pham-thi-thu-ha.ini",
				     "031185006789||Phạm Thị Thu Hà|14071985|Nữ|Hà Nội|10082023");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_SEE_STAFF, 20000);

	g_assert_cmpuint(td_ui_test_show_cases(kiosk, console), ==, 1);
	g_assert_true(td_staff_console_select(console, 0));
	g_assert_true(td_ui_test_wait_for(td_face_shown, NULL, 10000));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Ảnh vừa đọc từ chip"));
	picture = td_find_picture(GTK_WIDGET(kiosk->window));
	g_assert_nonnull(picture);
	paintable = gtk_picture_get_paintable(GTK_PICTURE(picture));
	g_assert_true(GDK_IS_TEXTURE(paintable));
	g_assert_cmpint(gdk_texture_get_width(GDK_TEXTURE(paintable)), >, 0);
	td_ui_test_wait(50);
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-face-vi");

	/* the patient leaves: the card is closed, the photo goes */
	td_checkin_session_send_event(kiosk->context->session, TD_CHECKIN_EVENT_RESET);
	g_assert_true(td_staff_console_select(console, 0));
	td_ui_test_wait(50);
	g_assert_null(td_find_picture(GTK_WIDGET(kiosk->window)));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Ảnh vừa đọc từ chip"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đối chiếu người bệnh với ảnh trên thẻ căn cước."));
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

static guint n_open_before_recheck;

static gboolean
td_case_closed(gpointer data)
{
	TdStaffConsole *console = data;
	return td_staff_console_get_n_open(console) < n_open_before_recheck;
}

/* A case whose card had entries the reader skipped: the detail says which
 * items, in the staff's language (the English sentences stay in the log
 * and the store). Its birth date comes back from the store as ISO and
 * "retry the insurance check" asks the gateway with it; the case closes
 * with the note staff typed on it (before, the note was dropped). */
static void
test_case_warnings(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	g_autofree gchar *png = NULL;
	const gchar *const warnings[] = {"entry 7 (religion): unexpected string type BMPString",
					 "entry 16 (field 16): unexpected string type T61String", NULL};
	/* a citizen the gateway simulator knows as insured */
	const TdUiTestCase spec = {NULL, "001088000001", "Nguyễn Văn An", "1988-03-15", "gateway-unavailable",
				 TD_ELIGIBILITY_UNAVAILABLE, TD_OUTCOME_PENDING_ELIGIBILITY, warnings,
				 "The gateway did not answer"};
	guint n_open;
	gint64 exception_id = 0;
	g_autofree gchar *note = NULL;

	td_checkin_record_free(td_ui_test_store_case(kiosk, &spec, &exception_id));
	n_open = td_ui_test_show_cases(kiosk, console);
	g_assert_cmpuint(n_open, >=, 1);
	/* the newest case is the last */
	g_assert_true(td_staff_console_select(console, n_open - 1));
	td_ui_test_wait(50);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Cảnh báo khi đọc thẻ"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Không đọc được tôn giáo trong chip."));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Một số dữ liệu trong chip không đọc được."));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "BMPString"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "15/03/1988"));
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-case-warnings-vi");

	/* as staff do it: the action, asked first, then yes; the simulator
	 * answers "insured" and the case closes */
	n_open_before_recheck = n_open;
	gtk_editable_set_text(GTK_EDITABLE(td_ui_test_find_mapped_type(GTK_WIDGET(kiosk->window), GTK_TYPE_ENTRY)),
			      "đã gọi tổng đài BHXH");
	td_ui_test_kiosk_press(kiosk, "Kiểm tra lại thẻ BHYT");
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Kiểm tra lại thẻ BHYT cho Nguyễn Văn An?"));
	td_ui_test_kiosk_press(kiosk, "Đồng ý");
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Đã xác nhận thẻ BHYT. Trường hợp đã xong.", 20000));
	g_assert_true(td_ui_test_wait_for(td_case_closed, console, 20000));
	note = td_ui_test_case_action_note(kiosk, exception_id, "eligibility-confirmed");
	g_assert_cmpstr(note, ==, "đã gọi tổng đài BHXH");
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
}

/* A patient the kiosk sent to reception was never asked about VNeID (the
 * kiosk asks only the patients it checks in): their case had only "Đã giúp
 * tích hợp vào VNeID", so most stayed "not asked", outside the
 * integration rate, and one without an account was never sent to the
 * commune police. The case asks the question; the answer is recorded as
 * the kiosk's would be, by the staff member, and says what to do next. */
static void
test_case_vneid_question(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	const gchar *question = ": thẻ bảo hiểm y tế đã có trong ứng dụng VNeID chưa?";
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) open = NULL;
	g_autoptr(GPtrArray) actions = NULL;
	g_autoptr(TdCheckinRecord) visit = NULL;
	TdCheckinException *exc = NULL;
	g_autofree gchar *asked_this_one = NULL;
	gboolean recorded = FALSE;

	td_i18n_set_language(TD_LANGUAGE_VI);
	td_ui_test_staff_make_two_cases(kiosk);
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_STAFF);
	td_staff_console_refresh(console);
	td_ui_test_wait_staff(GTK_WIDGET(console));
	open = td_store_list_exceptions(kiosk->context->store, NULL, TRUE, &error);
	g_assert_no_error(error);
	/* a case the kiosk did not ask: the question, and only there */
	for (guint i = 0; i < td_staff_console_get_n_open(console) && !recorded; i++) {
		gboolean asked;
		g_assert_true(td_staff_console_select(console, i));
		asked = !td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Chưa được hỏi");
		g_assert_cmpint(td_ui_test_find_label(GTK_WIDGET(kiosk->window), question), ==, !asked);
		if (asked)
			continue;
		/* the list's order is the store's (today's, oldest first): by
		 * its place, as the same patient may have two cases open */
		exc = g_ptr_array_index(open, i);
		g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), exc->full_name));
		g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), exc->id_number));
		g_free(td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-case-vneid-question"));
		td_ui_test_kiosk_press(kiosk, "Chưa có tài khoản VNeID");
		td_ui_test_wait_staff(GTK_WIDGET(console));
		recorded = TRUE;
	}
	g_assert_true(recorded);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Xin hướng dẫn người bệnh đến Công an xã"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), question));
	/* and in the language chosen after */
	td_i18n_set_language(TD_LANGUAGE_EN);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Please send the patient to the commune police"));
	td_i18n_set_language(TD_LANGUAGE_VI);
	g_free(td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-case-vneid-answered"));
	visit = td_store_get_checkin(kiosk->context->store, exc->checkin_id, &error);
	g_assert_no_error(error);
	g_assert_cmpint(visit->vneid, ==, TD_VNEID_NO_ACCOUNT);
	/* by whom, and the case stays open for its insurance */
	actions = td_store_list_staff_actions(kiosk->context->store, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, actions->len - 1))->action, ==, "vneid-answer");
	g_assert_cmpint(((TdStaffAction *)g_ptr_array_index(actions, actions->len - 1))->staff_id, !=, 0);
	/* still open, for its insurance */
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, open->len);
	/* another case never shows this one's words, nor its name in a
	 * question */
	asked_this_one = g_strdup_printf("Hỏi %s:", exc->full_name);
	for (guint i = 0; i < td_staff_console_get_n_open(console); i++) {
		g_assert_true(td_staff_console_select(console, i));
		if (td_ui_test_find_label(GTK_WIDGET(kiosk->window), exc->id_number))
			continue;
		g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Xin hướng dẫn người bệnh đến Công an xã"));
		g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), asked_this_one));
	}
}

int
main(int argc, char **argv)
{
	kiosk = td_ui_test_staff_kiosk_new(&argc, &argv);

	/* first: the photo's case is the only one */
	g_test_add_func("/ui/staff-case/face-image", test_face_image);
	g_test_add_func("/ui/staff-case/case-warnings", test_case_warnings);
	g_test_add_func("/ui/staff-case/case-vneid-question", test_case_vneid_question);
	return td_ui_test_kiosk_run(kiosk);
}
