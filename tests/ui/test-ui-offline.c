/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk on a station's PostgreSQL when the server goes away (issue
 * #14): through the real window, with the training mode's chips and
 * gateway, the patient is given B-001 on screen, in the kiosk's own
 * series, instead of being sent to staff; and the check-in, the
 * patient's call for staff and the staff's login reach the server once
 * it is back. Runs under tests/with-private-postgres.sh. */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-journaled-store.h"
#include "td-pin-page.h"
#include "td-staff-console.h"
#include "td-test-files.h"
#include "td-test-log.h"
#include "td-test-postgres.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-util.h"

static gboolean
td_journal_sent(gpointer data)
{
	g_autoptr(GError) error = NULL;
	TdJournalState state;
	g_assert_true(td_journaled_store_get_state(TD_JOURNALED_STORE(data), &state, &error));
	g_assert_no_error(error);
	return state.waiting == 0 && state.offline_since == 0;
}

static gboolean
td_banner_gone(gpointer data)
{
	return !td_ui_test_find_label(data, "Mất kết nối máy chủ của trạm từ ");
}

/* Staff log in at the kiosk with the station's PIN. */
static void
open_staff_console(TdUiTestKiosk *kiosk)
{
	GtkWidget *root = GTK_WIDGET(kiosk->window);

	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_PIN);
	td_ui_test_wait_staff(root);
	td_pin_page_enter(TD_PIN_PAGE(td_kiosk_window_get_pin_page(kiosk->window)), TD_TRAINING_PIN);
	/* the store watch says the database answers while the PIN is
	 * checked (it does: the journal answers for it): the page read its
	 * names from the journal, but reads them again only after the PIN's
	 * answer, which it used to drop */
	g_object_notify(G_OBJECT(kiosk->context->watch), "reachable");
	td_ui_test_wait_staff(root);
	/* what the page said when it did not let staff in */
	if (td_kiosk_window_get_page(kiosk->window) != TD_KIOSK_PAGE_STAFF)
		g_error("the PIN did not open the staff pages: page %d, “%s”", td_kiosk_window_get_page(kiosk->window),
			td_pin_page_get_message(TD_PIN_PAGE(td_kiosk_window_get_pin_page(kiosk->window))));
}

/* The staff console while the kiosk is offline, reached through the
 * staff's login as at the kiosk: a line says since when
 * and how many check-ins wait (from the journal, as the doctor's health
 * line does), by itself; it goes when they are sent. */
static void
assert_offline_banner(TdUiTestKiosk *kiosk, TdJournaledStore *store)
{
	GtkWidget *root = GTK_WIDGET(kiosk->window);
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) since = NULL;
	g_autofree gchar *clock = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *png = NULL;
	TdJournalState state;

	g_assert_true(td_journaled_store_get_state(store, &state, &error));
	g_assert_no_error(error);
	g_assert_cmpint(state.offline_since, >, 0);
	since = g_date_time_new_from_unix_local(state.offline_since);
	clock = g_date_time_format(since, "%H:%M");
	line = g_strdup_printf("Mất kết nối máy chủ của trạm từ %s; 1 lượt tiếp đón đang chờ gửi. Máy vẫn tiếp đón bình "
			       "thường.",
			       clock);
	/* staff log in with the station's PIN, which the kiosk checks
	 * without its server (the attempts counted in its journal) */
	open_staff_console(kiosk);
	g_assert_true(td_ui_test_wait_label(root, line, 20000));
	td_ui_test_wait_staff(root);
	png = td_ui_test_save_png(root, "offline-staff-banner-vi");
	g_test_message("%s", png);
}

static void
test_offline_ticket(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("ui_offline");
	g_autoptr(TdPgStore) server = td_pg_store_new_even_unreachable(conninfo, "quay-b", TRUE, &error);
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-ui-offline-XXXXXX", &error);
	g_autofree gchar *journal = g_build_filename(dir, "journal.db", NULL);
	g_autoptr(TdJournaledStore) store = NULL;
	g_autoptr(TdUiTestKiosk) kiosk = NULL;
	g_autofree gchar *png = NULL;
	g_autofree gchar *spoken = NULL;
	g_autofree gchar *count = NULL;
	const TdCheckinRecord *record;

	g_assert_no_error(error);
	store = td_journaled_store_new(server, journal, "quay-b", "B");
	kiosk = td_ui_test_kiosk_new_on_store(TD_STORE(store), "quay-b");
	td_i18n_set_language(TD_LANGUAGE_VI);

	td_test_pg_ctl("stop");
	td_ui_test_kiosk_check_in(kiosk, "example.ini", "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 30000);
	record = td_checkin_session_get_record(kiosk->context->session);
	g_assert_cmpstr(record->queue_series, ==, "B");
	g_assert_cmpuint(record->queue_number, ==, 1);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "B-001"));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Số thứ tự của ông"));
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "offline-ticket-vi");
	/* the voice says the letter, then the number */
	spoken = td_kiosk_window_get_spoken(kiosk->window, NULL);
	g_assert_nonnull(strstr(spoken, "Số thứ tự của ông: B 1."));
	td_ui_test_kiosk_answer_vneid(kiosk);
	td_ui_test_kiosk_wait_quiet(kiosk);
	/* a patient calls staff: in the journal (its audit row is the
	 * kiosk's own, of no check-in), as the staff's login below is */
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	g_assert_true(td_kiosk_window_call_staff_visible(kiosk->window));
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Close"));
	assert_offline_banner(kiosk, store);

	td_test_pg_ctl("start");
	g_assert_true(td_ui_test_wait_for(td_journal_sent, store, 60000));
	g_assert_true(td_ui_test_wait_for(td_banner_gone, kiosk->window, 20000));
	count = td_test_pg_query_value(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'B'"
						 " AND queue_number = 1 AND vneid = 'integrated' AND origin IS NOT NULL");
	g_assert_cmpstr(count, ==, "1");
	g_free(count);
	count = td_test_pg_query_value(conninfo, "SELECT count(*) FROM staff_actions WHERE kiosk_id = 'quay-b'"
						 " AND origin LIKE 'quay-b:%' AND checkin_id IS NULL AND ("
						 "(action = 'patient-called-staff' AND note = 'page vneid' AND staff_id IS NULL)"
						 " OR (action = 'pin-login' AND staff_id = " G_STRINGIFY(TD_STAFF_STATION_ID) "))");
	g_assert_cmpstr(count, ==, "2");
	g_clear_pointer(&kiosk, td_ui_test_kiosk_free);
	g_clear_object(&store);
	td_test_remove_tree(dir);
}

/* A kiosk whose offline letter another kiosk holds (it could not claim
 * it at its start: the server was out of reach) claims it when the server
 * answers and finds it taken: the staff console's offline line names
 * the other kiosk and the letter, in Vietnamese, by itself. */
static void
test_offline_letter_shared(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("ui_letter");
	g_autoptr(TdPgStore) other = td_pg_store_new(conninfo, "quay-a", &error);
	g_autoptr(TdPgStore) server = td_pg_store_new_even_unreachable(conninfo, "quay-b", TRUE, &error);
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-ui-letter-XXXXXX", &error);
	g_autofree gchar *journal = g_build_filename(dir, "journal.db", NULL);
	g_autofree gchar *holder = NULL;
	g_autoptr(TdJournaledStore) store = NULL;
	g_autoptr(TdUiTestKiosk) kiosk = NULL;
	g_autofree gchar *png = NULL;

	g_assert_no_error(error);
	g_assert_true(td_pg_store_claim_offline_letter(other, "B", &holder, &error));
	g_assert_no_error(error);
	g_assert_cmpstr(holder, ==, "quay-a");
	td_test_expect_warning("[station] offline-letter=B is kiosk quay-a's already, and kiosk quay-b*");
	store = td_journaled_store_new(server, journal, "quay-b", "B");
	kiosk = td_ui_test_kiosk_new_on_store(TD_STORE(store), "quay-b");
	td_i18n_set_language(TD_LANGUAGE_VI);
	open_staff_console(kiosk);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window),
					    "Máy quay-a cũng dùng chữ B để cấp số khi mất kết nối máy chủ của trạm: hai "
					    "người bệnh có thể nhận trùng số. Xin báo người quản trị đặt cho mỗi máy "
					    "một chữ riêng.",
					    30000));
	td_test_assert_warning_seen();
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "offline-letter-shared-vi");
	g_test_message("%s", png);
	g_clear_pointer(&kiosk, td_ui_test_kiosk_free);
	g_clear_object(&store);
	td_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	td_test_log_expecting_warnings();
	if (!td_test_pg_available())
		return 77;
	g_test_add_func("/ui/offline/ticket", test_offline_ticket);
	g_test_add_func("/ui/offline/letter-shared", test_offline_letter_shared);
	return g_test_run();
}
