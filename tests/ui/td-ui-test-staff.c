/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-test-log.h"
#include "td-ui-test-staff.h"
#include "td-ui-test-util.h"

TdUiTestKiosk *
td_ui_test_staff_kiosk_new(int *argc, char ***argv)
{
	td_ui_test_init(argc, argv);
	td_test_log_expecting_warnings();
	td_i18n_set_language(TD_LANGUAGE_VI);
	return td_ui_test_kiosk_new();
}

void
td_ui_test_staff_make_two_cases(TdUiTestKiosk *kiosk)
{
	const struct {
		const gchar *profile;
		const gchar *qr;
	} cases[] = {
	    {"pham-thi-thu-ha.ini", "031185006789||Phạm Thị Thu Hà|14071985|Nữ|Hà Nội|10082023"},
	    {"vo-duc-thang.ini", "046072003456|191234567|Võ Đức Thắng|28021972|Nam|Huế|01012022"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		td_ui_test_kiosk_check_in_qr(kiosk, cases[i].profile, cases[i].qr);
		td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_SEE_STAFF, 20000);
		/* which card: the one staff compare with the patient */
		g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Xin mang theo thẻ căn cước đến quầy tiếp đón."));
		td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Done. Please remember to take back your ID card."));
		td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);
	}
}

TdCheckinRecord *
td_ui_test_store_case(TdUiTestKiosk *kiosk, const TdUiTestCase *spec, gint64 *exception_id_out)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) record = td_checkin_record_new();
	g_autoptr(TdCheckinException) exception = td_checkin_exception_new();
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree gchar *day = g_date_time_format(spec->when != NULL ? spec->when : now, "%Y-%m-%d");

	g_strlcpy(record->day, day, sizeof(record->day));
	record->time_unix = spec->when != NULL ? g_date_time_to_unix(spec->when) : 0;
	record->card_verdict = TD_CARD_VERDICT_GENUINE;
	record->eligibility = spec->eligibility;
	record->outcome = spec->outcome;
	record->see_staff_reason = g_strdup(spec->reason);
	record->eligibility_code = g_strdup(spec->eligibility_code);
	record->vneid = spec->vneid;
	record->card_warnings = g_strdupv((gchar **)spec->card_warnings);
	exception->id_number = g_strdup(spec->id_number);
	exception->full_name = g_strdup(spec->full_name);
	exception->date_of_birth = g_strdup(spec->date_of_birth);
	exception->reason = g_strdup(spec->reason);
	exception->detail = g_strdup(spec->detail);
	g_assert_true(td_store_record_checkin(kiosk->context->store, record, exception, &error));
	g_assert_no_error(error);
	if (exception_id_out != NULL)
		*exception_id_out = exception->id;
	return g_steal_pointer(&record);
}

TdCheckinRecord *
td_ui_test_store_visit(TdUiTestKiosk *kiosk, const gchar *day, TdVneidAnswer vneid)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) record = td_checkin_record_new();

	g_strlcpy(record->day, day, sizeof(record->day));
	record->card_verdict = TD_CARD_VERDICT_GENUINE;
	record->eligibility = TD_ELIGIBILITY_ELIGIBLE;
	record->outcome = TD_OUTCOME_CHECKED_IN;
	record->vneid = vneid;
	g_assert_true(td_store_record_checkin(kiosk->context->store, record, NULL, &error));
	g_assert_no_error(error);
	return g_steal_pointer(&record);
}

gboolean
td_ui_test_case_is_open(TdUiTestKiosk *kiosk, gint64 exception_id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) open = td_store_list_exceptions(kiosk->context->store, NULL, TRUE, &error);

	g_assert_no_error(error);
	for (guint i = 0; i < open->len; i++) {
		if (((const TdCheckinException *)g_ptr_array_index(open, i))->id == exception_id)
			return TRUE;
	}
	return FALSE;
}

gchar *
td_ui_test_case_action_note(TdUiTestKiosk *kiosk, gint64 exception_id, const gchar *action)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) actions = td_store_list_staff_actions(kiosk->context->store, 0, &error);
	const TdStaffAction *found = NULL;

	g_assert_no_error(error);
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *each = g_ptr_array_index(actions, i);
		if (each->exception_id == exception_id && g_strcmp0(each->action, action) == 0)
			found = each;
	}
	g_assert_nonnull(found);
	return g_strdup(found->note);
}

guint
td_ui_test_show_cases(TdUiTestKiosk *kiosk, TdStaffConsole *console)
{
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_STAFF);
	td_staff_console_refresh(console);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	return td_staff_console_get_n_open(console);
}

guint
td_ui_test_show_new_cases(TdUiTestKiosk *kiosk, TdStaffConsole *console, const TdUiTestCase *const *specs,
			  gint64 *ids_out)
{
	guint n = 0;

	for (; specs[n] != NULL; n++)
		td_checkin_record_free(td_ui_test_store_case(kiosk, specs[n], ids_out != NULL ? &ids_out[n] : NULL));
	return td_ui_test_show_cases(kiosk, console) - n;
}

void
td_ui_test_key_card_code(TdUiTestKiosk *kiosk, const gchar *code)
{
	td_ui_test_kiosk_press(kiosk, "Nhập mã thẻ BHYT");
	for (const gchar *p = code; *p != '\0'; p++) {
		gchar key[2] = {*p, '\0'};
		td_ui_test_kiosk_press(kiosk, key);
	}
}

void
td_ui_test_type_card_code(TdUiTestKiosk *kiosk, TdStaffConsole *console, const gchar *code)
{
	td_ui_test_key_card_code(kiosk, code);
	td_ui_test_kiosk_press(kiosk, "Đồng ý");
	td_ui_test_wait_staff(GTK_WIDGET(console));
}

gboolean
td_ui_test_console_idle(gpointer console)
{
	return !td_staff_console_is_busy(TD_STAFF_CONSOLE(console));
}
