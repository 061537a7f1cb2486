/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "td-demo-panel.h"
#include "td-number-pad.h"
#include "td-checkin-kiosk.h"
#include "td-demo-env.h"
#include "td-report.h"
#include "td-test-files.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-util.h"

void
td_ui_test_kiosk_set_size(TdUiTestKiosk *kiosk, gint width, gint height)
{
	if (kiosk->window != NULL) {
		td_kiosk_window_allow_close(kiosk->window);
		gtk_window_destroy(GTK_WINDOW(kiosk->window));
	}
	/* a new window: the screen's size is its default size (no window
	 * manager to ask), and a page that needs more makes it bigger */
	kiosk->window = td_kiosk_window_new(NULL, kiosk->context);
	td_ui_test_present_at(GTK_WINDOW(kiosk->window), width, height);
}

void
td_ui_test_kiosk_set_shape(TdUiTestKiosk *kiosk, gint width, gint height, gboolean large)
{
	td_ui_test_kiosk_set_size(kiosk, width, height);
	td_kiosk_window_set_large_text(kiosk->window, large);
}

void
td_ui_test_kiosk_show_low_screen(TdUiTestKiosk *kiosk, guint mode, TdLanguage language, const gchar *case_name,
				 TdPatientView *view)
{
	td_ui_test_kiosk_set_shape(kiosk, 800, 480, mode & 1);
	td_kiosk_window_set_high_contrast(kiosk->window, (mode >> 1) & 1);
	td_i18n_set_language(language);
	td_ui_test_page_case_show(kiosk, td_ui_test_page_case_named(case_name), view);
}

void
td_ui_test_kiosk_report_not_sent(TdUiTestKiosk *kiosk)
{
	td_ui_test_report_not_sent(kiosk->context->config, kiosk->dir);
}

void
td_ui_test_report_not_sent(TdConfig *config, const gchar *dir)
{
	g_autofree gchar *token = g_build_filename(dir, "report.token", NULL);
	/* named: the default is beside an SQLite file, which a station's
	 * PostgreSQL settings do not have */
	g_autofree gchar *state = g_build_filename(dir, "report-state.json", NULL);
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) before = g_date_time_add_days(now, -2);
	g_autofree gchar *day_before = g_date_time_format(before, "%Y-%m-%d");
	g_autofree gchar *state_json = g_strdup_printf(
	    "{\"last_sent_day\": \"%s\", \"last_sent\": %" G_GINT64_FORMAT ", \"pending\": [], \"sent\": {}, "
	    "\"other_sender_day\": \"%s\", \"other_sender_at\": %" G_GINT64_FORMAT "}",
	    day_before, g_date_time_to_unix(before), day_before, g_date_time_to_unix(before));
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_set_contents(token, "0123456789abcdefghij\n", -1, &error));
	g_assert_no_error(error);
	g_assert_true(g_file_set_contents(state, state_json, -1, &error));
	g_assert_no_error(error);
	g_key_file_set_string(config->key_file, "report", "url", "https://127.0.0.1:9");
	g_key_file_set_string(config->key_file, "report", "token-file", token);
	g_key_file_set_string(config->key_file, "report", "send-at", "00:00");
	g_key_file_set_string(config->key_file, "report", "state-file", state);
}

void
td_ui_test_kiosk_restore(TdUiTestKiosk *kiosk)
{
	td_i18n_set_language(TD_LANGUAGE_VI);
	td_kiosk_window_set_large_text(kiosk->window, FALSE);
	td_kiosk_window_reset(kiosk->window);
}

TdUiTestKiosk *
td_ui_test_kiosk_new(void)
{
	g_autoptr(GError) error = NULL;
	TdUiTestKiosk *kiosk = g_new0(TdUiTestKiosk, 1);

	kiosk->dir = g_dir_make_tmp("tiepdon-ui-XXXXXX", &error);
	g_assert_no_error(error);
	kiosk->context = td_kiosk_context_new_demo(kiosk->dir, &error);
	g_assert_no_error(error);
	g_assert_nonnull(kiosk->context);
	/* the smallest kiosk screen */
	td_ui_test_kiosk_set_size(kiosk, TD_UI_TEST_WIDTH, TD_UI_TEST_HEIGHT);
	return kiosk;
}

TdUiTestKiosk *
td_ui_test_kiosk_new_on_store(TdStore *store, const gchar *kiosk_id)
{
	g_autoptr(GError) error = NULL;
	TdUiTestKiosk *kiosk = g_new0(TdUiTestKiosk, 1);
	TdKioskContext *context;
	const gchar *trust_dir;

	kiosk->dir = g_dir_make_tmp("tiepdon-ui-XXXXXX", &error);
	g_assert_no_error(error);
	kiosk->context = context = td_kiosk_context_new_demo(kiosk->dir, &error);
	g_assert_no_error(error);
	/* the training mode's session again, as td_kiosk_context_new_demo
	 * makes it (its chips, gateway and PKI), on store */
	trust_dir = td_demo_env_prepare_pki(context->demo, kiosk->dir, &error);
	g_assert_no_error(error);
	if (kiosk_id != NULL) {
		g_free(context->config->kiosk_id);
		context->config->kiosk_id = g_strdup(kiosk_id);
	}
	g_clear_object(&context->watch);
	g_clear_object(&context->session);
	g_clear_object(&context->store);
	context->store = g_object_ref(store);
	context->watch = td_store_watch_new(store);
	context->session = td_checkin_session_new_for_kiosk(context->config, store, trust_dir, td_demo_env_connect,
							     context->demo, NULL, &error);
	g_assert_no_error(error);
	td_ui_test_kiosk_set_size(kiosk, TD_UI_TEST_WIDTH, TD_UI_TEST_HEIGHT);
	return kiosk;
}

static gboolean
td_session_quiet(gpointer data)
{
	TdUiTestKiosk *kiosk = data;
	return !td_checkin_session_is_busy(kiosk->context->session);
}

void
td_ui_test_kiosk_free(TdUiTestKiosk *kiosk)
{
	if (kiosk == NULL)
		return;
	td_ui_test_wait_for(td_session_quiet, kiosk, 10000);
	td_kiosk_window_allow_close(kiosk->window);
	gtk_window_destroy(GTK_WINDOW(kiosk->window));
	td_ui_test_wait(20);
	td_kiosk_context_free(kiosk->context);
	td_test_remove_tree(kiosk->dir);
	g_assert_false(g_file_test(kiosk->dir, G_FILE_TEST_EXISTS));
	g_free(kiosk->dir);
	g_free(kiosk);
}

int
td_ui_test_kiosk_run(TdUiTestKiosk *kiosk)
{
	int status = g_test_run();

	td_ui_test_kiosk_free(kiosk);
	return status;
}

void
td_ui_test_kiosk_wait_quiet(TdUiTestKiosk *kiosk)
{
	g_assert_true(td_ui_test_wait_for(td_session_quiet, kiosk, 10000));
}

typedef struct {
	TdUiTestKiosk *kiosk;
	TdKioskPage page;
} TdPageWait;

static gboolean
td_page_shown(gpointer data)
{
	TdPageWait *wait = data;
	return td_kiosk_window_get_page(wait->kiosk->window) == wait->page;
}

void
td_ui_test_kiosk_wait_page(TdUiTestKiosk *kiosk, TdKioskPage page, guint timeout_ms)
{
	TdPageWait wait = {kiosk, page};
	if (!td_ui_test_wait_for(td_page_shown, &wait, timeout_ms))
		g_error("waited for page %s, still on %s (session state %s)", td_kiosk_page_to_string(page),
			td_kiosk_page_to_string(td_kiosk_window_get_page(kiosk->window)),
			td_checkin_state_to_string(td_checkin_session_get_state(kiosk->context->session)));
}

gchar *
td_ui_test_profile(const gchar *name)
{
	g_autofree gchar *relative = g_build_filename("profiles", name, NULL);
	gchar *path = td_demo_env_find_data(relative);
	g_assert_nonnull(path);
	return path;
}

void
td_ui_test_kiosk_press(TdUiTestKiosk *kiosk, const gchar *text)
{
	if (td_ui_test_find_button(GTK_WIDGET(kiosk->window), text) == NULL)
		g_error("no button “%s” on page %s", text,
			td_kiosk_page_to_string(td_kiosk_window_get_page(kiosk->window)));
	td_ui_test_press(GTK_WIDGET(kiosk->window), text);
}

void
td_ui_test_view_ticket(TdPatientView *view)
{
	td_patient_view_clear(view);
	view->full_name = g_strdup("Nguyễn Văn An");
	view->address = TD_ADDRESS_MAN;
	view->decided = TRUE;
	view->eligibility = TD_ELIGIBILITY_ELIGIBLE;
	view->registered_here = TRUE;
	view->outcome = TD_OUTCOME_CHECKED_IN;
	view->queue_number = 17;
}

void
td_ui_test_kiosk_answer_vneid(TdUiTestKiosk *kiosk)
{
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Continue"));
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_VNEID, 5000);
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Yes, it is already in VNeID"));
}

void
td_ui_test_kiosk_finish(TdUiTestKiosk *kiosk)
{
	td_ui_test_kiosk_answer_vneid(kiosk);
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Done. Please remember to take back your ID card."));
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_IDLE, 5000);
	td_ui_test_kiosk_wait_quiet(kiosk);
}

void
td_ui_test_kiosk_exec_sql(TdUiTestKiosk *kiosk, const gchar *sql)
{
	sqlite3 *db = NULL;
	gchar *message = NULL;

	g_assert_cmpint(sqlite3_open_v2(kiosk->context->config->storage_path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
			SQLITE_OK);
	g_assert_cmpint(sqlite3_busy_timeout(db, 5000), ==, SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
		g_error("%s: %s", sql, message);
	sqlite3_close(db);
}

TdDailyCounts *
td_ui_test_kiosk_today(TdUiTestKiosk *kiosk)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *today = td_report_today();
	TdDailyCounts *counts = td_report_day(kiosk->context->store, today, &error);
	g_assert_no_error(error);
	return counts;
}

void
td_ui_test_kiosk_lay_card(TdUiTestKiosk *kiosk, const gchar *profile)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = td_ui_test_profile(profile);

	g_assert_true(td_demo_panel_insert(kiosk->context, path, &error));
	g_assert_no_error(error);
}

void
td_ui_test_kiosk_insert_card(TdUiTestKiosk *kiosk, const gchar *profile)
{
	td_ui_test_kiosk_lay_card(kiosk, profile);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_KEY, 5000);
}

void
td_ui_test_kiosk_check_in_qr(TdUiTestKiosk *kiosk, const gchar *profile, const gchar *qr_text)
{
	td_ui_test_kiosk_insert_card(kiosk, profile);
	td_kiosk_window_scan(kiosk->window, qr_text);
}

void
td_ui_test_kiosk_check_in(TdUiTestKiosk *kiosk, const gchar *profile, const gchar *id12)
{
	td_ui_test_kiosk_insert_card(kiosk, profile);
	td_ui_test_kiosk_type(kiosk, id12);
}

void
td_ui_test_kiosk_check_in_khoa(TdUiTestKiosk *kiosk)
{
	td_ui_test_kiosk_check_in_qr(kiosk, "le-minh-khoa.ini", TD_UI_TEST_KHOA_QR);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
}

void
td_ui_test_kiosk_type(TdUiTestKiosk *kiosk, const gchar *digits)
{
	/* the patient presses the pad's keys, then OK */
	td_ui_test_type(GTK_WIDGET(kiosk->window), digits);
}

static const gchar *
td_session_state_name(gpointer session)
{
	return td_checkin_state_to_string(td_checkin_session_get_state(session));
}

TdTestStallMeter *
td_ui_test_stall_meter_start_on(TdCheckinSession *session)
{
	return td_test_stall_meter_start(session != NULL ? td_session_state_name : NULL, session);
}

TdTestStallMeter *
td_ui_test_stall_meter_start(TdUiTestKiosk *kiosk)
{
	return td_ui_test_stall_meter_start_on(kiosk->context->session);
}
