/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon-staff, the reception PC's console, on a station's PostgreSQL
 * database (td-ui-test-station.c with TD_TEST_STORE=postgres, under
 * tests/with-private-postgres.sh): what only a station's database holds
 * (two kiosks' offline tickets of one number), the database out of
 * reach (a server that takes connections and never answers): the pages
 * say so in words and never stall the main loop, and all comes back
 * with the server; and the manager's figures sent up from the dashboard
 * to a real tiepdon-hub, down and then back. The everyday pages are
 * test-ui-staff-app.c. */
#include "config.h"

#include "td-dashboard.h"
#include "td-i18n.h"
#include "td-pin-page.h"
#include "td-staff-console.h"
#include "td-staff-window.h"
#include "td-staff-words.h"
#include "td-test-hub.h"
#include "td-test-pg-silent.h"
#include "td-test-postgres.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-util.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-station.h"
#include "td-ui-test-util.h"

#define LAN_PIN	    TD_UI_TEST_LAN_PIN
#define NEW_PATIENT TD_UI_TEST_NEW_PATIENT

static TdUiTestStation *station;
/* the station's, by their short names */
static const gchar *config_path;
static TdKioskContext *context;
static TdStaffWindow *window;

/* ---- what only a station's PostgreSQL holds ---- */

/* Two kiosks that numbered offline in one letter the same day both
 * printed K-001, and the station database keeps both (schema 11). Staff
 * who type "K1" to record their VNeID help are asked for the time on the
 * ticket, and the list shows the two with their times; the one chosen is
 * recorded, the other not (before, the first row found was taken, on a
 * guess). Four later patients push both out of the list's newest two. */
static void
test_two_tickets_one_number(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	const gchar *url = context->config->storage_url;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) earlier = g_date_time_add_hours(now, -2);
	g_autoptr(GDateTime) later = g_date_time_add_hours(now, -1);
	g_autofree gchar *earlier_button = NULL;
	g_autofree gchar *later_button = NULL;
	g_autofree gchar *sql = NULL;

	earlier_button = g_date_time_format(earlier, "Số K-001 (%H:%M)");
	later_button = g_date_time_format(later, "Số K-001 (%H:%M)");
	sql = g_strdup_printf(
	    "INSERT INTO checkins (time_unix, day, queue_number, queue_series, card_verdict, eligibility, vneid,"
	    " outcome, kiosk_id, origin) VALUES"
	    " (%" G_GINT64_FORMAT ", tiepdon_today(), 1, 'K', 'genuine', 'eligible', 'not-yet', 'checked-in', 'quay-k',"
	    "  'quay-k:two-1'),"
	    " (%" G_GINT64_FORMAT ", tiepdon_today(), 1, 'K', 'genuine', 'eligible', 'not-yet', 'checked-in', 'quay-m',"
	    "  'quay-m:two-1');"
	    "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, eligibility, vneid, outcome, kiosk_id)"
	    " SELECT extract(epoch FROM now())::bigint, tiepdon_today(), 900 + n, 'genuine', 'eligible', 'not-yet',"
	    " 'checked-in', 'quay-1' FROM generate_series(1, 4) AS n",
	    g_date_time_to_unix(earlier), g_date_time_to_unix(later));
	td_test_pg_exec(url, sql);
	td_ui_test_press(root, "Lan");
	td_ui_test_type(root, LAN_PIN);
	td_ui_test_wait_staff(root);
	g_assert_false(td_staff_window_is_locked(window));
	td_staff_console_refresh(TD_STAFF_CONSOLE(td_staff_window_get_console(window)));
	td_ui_test_wait_staff(root);
	g_assert_null(td_ui_test_find_button(root, earlier_button));
	td_ui_test_press(root, "Số khác…");
	td_ui_test_press(root, "K");
	td_ui_test_press(root, "1");
	td_ui_test_press(root, "Đồng ý");
	g_assert_true(td_ui_test_find_label(root, "Hai vé hôm nay cùng mang số K1: xin hỏi giờ in trên vé của người "
						  "bệnh, rồi chọn đúng vé trong danh sách."));
	g_assert_nonnull(td_ui_test_find_button(root, later_button));
	g_free(td_ui_test_save_png(root, "staff-server-two-tickets"));
	/* a kiosk checks someone in meanwhile: the list read again keeps the
	 * two while staff ask the patient */
	td_staff_console_refresh(TD_STAFF_CONSOLE(td_staff_window_get_console(window)));
	td_ui_test_wait_staff(root);
	g_assert_nonnull(td_ui_test_find_button(root, earlier_button));
	g_assert_nonnull(td_ui_test_find_button(root, later_button));
	td_ui_test_press(root, earlier_button);
	/* written when its minute to undo is over */
	g_assert_true(td_staff_console_commit_pending(TD_STAFF_CONSOLE(td_staff_window_get_console(window))));
	td_ui_test_wait_staff(root);
	{
		g_autofree gchar *assisted = td_test_pg_query_value(
		    url, "SELECT string_agg(kiosk_id, ',') FROM checkins WHERE vneid = 'assisted'");
		g_assert_cmpstr(assisted, ==, "quay-k");
	}
	td_staff_window_lock(window);
	/* the later tests' console as it was */
	td_test_pg_exec(url, "DELETE FROM staff_actions WHERE checkin_id IN (SELECT id FROM checkins WHERE"
			     " queue_series = 'K' OR queue_number > 900);"
			     "DELETE FROM checkins WHERE queue_series = 'K' OR queue_number > 900");
}

/* ---- the database out of reach (PostgreSQL only) ---- */

#define UNREACHABLE_WORDS "Hiện không kết nối được máy chủ của trạm. Không có gì bị mất, xin thử lại sau ít phút."
/* a press not recorded says so: the banner's "Máy đang tự thử lại" is
 * about the list */
#define NOT_SAVED_WORDS                                                                                                \
	"Hiện không kết nối được máy chủ của trạm: việc vừa bấm chưa được ghi. Không có gì bị mất, xin bấm lại sau ít "  \
	"phút."
#define BANNER_WORDS	  "Hiện không kết nối được máy chủ của trạm: danh sách chưa cập nhật được. Máy đang tự thử lại."

static gboolean
td_label_gone(gpointer data)
{
	return !td_ui_test_find_label(GTK_WIDGET(window), data);
}

/* The store has *data open cases. */
static gboolean
td_open_cases_are(gpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) open = td_store_list_exceptions(context->store, NULL, TRUE, &error);
	return open != NULL && open->len == *(guint *)data;
}

/* The connections the silent server had taken when last asked. */
static guint silent_connections;

static gboolean
td_connect_started(gpointer silent)
{
	return td_test_pg_silent_count_connections(silent) > silent_connections;
}

/* Until a connect to the silent server has just begun (the store watch's,
 * every 2 s, or a page's): a page's call made now waits behind it on the
 * store's one connection for most of its 4 s, so a call made on the main
 * thread would stall it that long. Without this, a call made while the
 * last connect's wait is recent fails at once (td_pg_connect) and would
 * show nothing. */
static void
td_wait_connect_started(TdTestPgSilent *silent)
{
	g_assert_true(td_ui_test_wait_for(td_connect_started, silent, 30000));
	silent_connections = td_test_pg_silent_count_connections(silent);
}

/* While the server does not answer, tiepdon-staff's pages never stall
 * the main loop waiting (the longest wait off the CPU within a gap,
 * against TD_TEST_MAX_MAIN_LOOP_WAIT_US; the whole gap, drawing
 * included, against TD_TEST_MAX_MAIN_LOOP_DRAW_US)
 * and say in words that the database cannot be reached: the dashboard,
 * a resolution (the case stays on the list), the console's line, the
 * login. The server back: the line goes, the names and the list come
 * back without a click, and the resolution goes through. */
static void
test_database_away(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_staff_window_get_console(window));
	g_autoptr(GString) problems = g_string_new(NULL);
	g_autoptr(TdUiShot) shot = NULL;
	g_autofree gchar *png = NULL;
	TdTestStallMeter *meter;
	TdTestPgSilent *silent;
	gint64 longest, longest_wait;
	guint n_open, n_left;

	/* a case, and Lan at the console */
	td_ui_test_station_run_child("--add-exception", config_path, NULL);
	td_staff_window_lock(window);
	td_ui_test_press(root, "Lan");
	td_ui_test_type(root, LAN_PIN);
	g_assert_true(td_ui_test_wait_label(root, NEW_PATIENT, 5000));
	n_open = td_staff_console_get_n_open(console);
	g_assert_cmpuint(n_open, >=, 1);

	silent = td_test_pg_silent_start();
	/* the line over the console, by itself: the store watch found the
	 * connection gone (from here on a call waits out its timeout, or
	 * fails at once while the last such wait is recent: each step below
	 * is taken as a connect begins) */
	g_assert_true(td_ui_test_wait_label(root, BANNER_WORDS, 30000));
	meter = td_ui_test_stall_meter_start_on(NULL);
	silent_connections = td_test_pg_silent_count_connections(silent);
	/* the dashboard: "Loading…" at once, then why there are no figures */
	td_wait_connect_started(silent);
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Manager dashboard"));
	g_assert_true(td_ui_test_find_label(root, UNREACHABLE_WORDS));
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Back"));

	/* a resolution: asked, confirmed, written when the minute is up (now):
	 * not written, the case back on the list, and the words; Yes pressed
	 * again meanwhile does nothing (its bar is gone) */
	g_assert_true(td_staff_console_select(console, 0));
	td_ui_test_press(root, td_staff_action_text("self-pay"));
	td_wait_connect_started(silent);
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Yes"));
	g_assert_null(td_ui_test_find_button(root, g_dgettext(GETTEXT_PACKAGE, "Yes")));
	g_assert_true(td_staff_console_commit_pending(console));
	g_assert_false(td_staff_console_commit_pending(console));
	g_assert_true(td_staff_console_is_busy(console));
	td_ui_test_wait_staff(root);
	g_assert_true(td_ui_test_find_label(root, NOT_SAVED_WORDS));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, n_open);
	g_assert_true(td_ui_test_find_label(root, NEW_PATIENT));

	g_assert_true(td_ui_test_find_label(root, BANNER_WORDS));
	td_test_stall_meter_pause(meter);
	shot = td_ui_shot_new(root);
	png = td_ui_shot_save(shot, "staff-server-database-away-1024x768");
	g_test_message("%s", png);
	td_ui_check_layout(root, root, 1024, 768, TD_UI_TOUCH_TARGET_PX, shot, problems);
	td_test_stall_meter_resume(meter);

	/* locked: the login cannot list the people's names (their PINs are
	 * on the server), only the station's account, whose PIN is in this
	 * machine's settings: the station's PIN still opens the console */
	td_wait_connect_started(silent);
	td_ui_test_press(root, "Khóa màn hình");
	g_assert_true(td_staff_window_is_locked(window));
	g_assert_cmpuint(td_pin_page_get_n_accounts(TD_PIN_PAGE(td_staff_window_get_login(window))), ==, 1);
	g_assert_false(td_ui_test_find_label(root, "Lan"));

	/* pages closed while their calls wait for the server: the answers
	 * find nothing to touch (ASan would tell). (The login's own call may
	 * be answered already: offline, the journal lists the accounts.) */
	td_wait_connect_started(silent);
	for (guint i = 0; i < 2; i++) {
		TdStaffWindow *gone = td_staff_window_new(NULL, context, 0);
		td_ui_test_present_at(GTK_WINDOW(gone), 1024, 768);
		td_staff_console_refresh(TD_STAFF_CONSOLE(td_staff_window_get_console(gone)));
		td_dashboard_refresh(TD_DASHBOARD(td_staff_window_get_dashboard(gone)));
		g_assert_true(td_staff_console_is_busy(TD_STAFF_CONSOLE(td_staff_window_get_console(gone))));
		gtk_window_destroy(GTK_WINDOW(gone));
	}
	td_ui_test_wait(1000);
	longest_wait = td_test_stall_meter_longest_wait(meter);
	longest = td_test_stall_meter_stop(meter, "tiepdon-staff with the database not answering");
	g_assert_cmpint(longest_wait, <, TD_TEST_MAX_MAIN_LOOP_WAIT_US);
	g_assert_cmpint(longest, <, TD_TEST_MAX_MAIN_LOOP_DRAW_US);
	if (problems->len > 0)
		g_error("layout problems with the database away:\n%s", problems->str);

	/* the server back: the line goes, the names come, the case closes */
	td_test_pg_silent_stop(silent);
	g_assert_true(td_ui_test_wait_for(td_label_gone, (gpointer)BANNER_WORDS, 30000));
	g_assert_true(td_ui_test_wait_label(root, "Lan", 30000));
	td_ui_test_press(root, "Lan");
	td_ui_test_type(root, LAN_PIN);
	g_assert_true(td_ui_test_wait_label(root, NEW_PATIENT, 10000));
	g_assert_true(td_staff_console_select(console, 0));
	td_ui_test_press(root, td_staff_action_text("self-pay"));
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Yes"));
	g_assert_true(td_staff_console_commit_pending(console));
	td_ui_test_wait_staff(root);
	n_left = n_open - 1;
	g_assert_true(td_ui_test_wait_for(td_open_cases_are, &n_left, 10000));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, n_left);
	td_staff_window_lock(window);
	td_ui_test_wait_staff(root);
}

/* ---- the manager's figures sent up ---- */

static gboolean
td_send_button_gone(gpointer data)
{
	return td_ui_test_find_button(GTK_WIDGET(window), "Gửi số liệu lên ngay") == NULL;
}

/* Yesterday's figures not gone up (the district's server down at the
 * timer's hour) are sent from the manager's dashboard: "Gửi số liệu lên ngay",
 * where before it said to tell the administrator. With the server down
 * the manager is told it cannot be reached, and the figures stay to be
 * sent; with it back, one press sends them: the hub has the station's
 * days (the last acknowledged was three days back: two days go up), the
 * line says they went up, the audit trail says who sent which days. */
static void
test_dashboard_sends_figures(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	GKeyFile *settings = context->config->key_file;
	g_autoptr(TdTestHub) hub = td_test_hub_new("staffhub");
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) yesterday_time = g_date_time_add_days(now, -1);
	g_autoptr(GDateTime) two_days_ago_time = g_date_time_add_days(now, -2);
	g_autoptr(GDateTime) three_days_ago_time = g_date_time_add_days(now, -3);
	g_autofree gchar *yesterday = g_date_time_format(yesterday_time, "%Y-%m-%d");
	g_autofree gchar *two_days_ago = g_date_time_format(two_days_ago_time, "%Y-%m-%d");
	g_autofree gchar *three_days_ago = g_date_time_format(three_days_ago_time, "%Y-%m-%d");
	g_autofree gchar *state = g_strdup_printf("{\"last_sent_day\": \"%s\"}", three_days_ago);
	g_autofree gchar *days_sent = g_strdup_printf("%s, %s", two_days_ago, yesterday);
	g_autofree gchar *token = td_test_hub_command(
	    hub,
	    (const gchar *const[]){"add-station", "--code", "01001", "--name", "Trạm Y tế xã A", "--commune", "Xã A",
				   "--area", "Khu vực A", NULL},
	    0);
	g_autofree gchar *token_line = g_strconcat(token, "\n", NULL);
	g_autofree gchar *token_file = g_build_filename(station->dir, "report.token", NULL);
	g_autofree gchar *state_file = g_build_filename(station->dir, "report-state.json", NULL);
	g_autofree gchar *url = NULL;
	g_autofree gchar *went_up = NULL;
	g_autofree gchar *sql = NULL;
	g_autofree gchar *rows = NULL;

	g_assert_true(g_file_set_contents_full(token_file, token_line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
	g_assert_no_error(error);
	g_assert_true(g_file_set_contents_full(state_file, state, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
	g_assert_no_error(error);
	/* started for a port of its own, and down: the timer's hour went by */
	td_test_hub_start(hub);
	td_test_hub_stop(hub);
	url = g_strdup_printf("https://127.0.0.1:%u", hub->port);
	g_key_file_set_string(settings, "report", "url", url);
	g_key_file_set_string(settings, "report", "ca-file", hub->ca_file);
	g_key_file_set_string(settings, "report", "token-file", token_file);
	g_key_file_set_string(settings, "report", "state-file", state_file);
	g_key_file_set_string(settings, "report", "send-at", "00:00");
	g_key_file_set_string(settings, "report", "connect-timeout", "2");

	td_staff_window_lock(window);
	td_ui_test_station_login_lan(station);
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Manager dashboard"));
	td_ui_test_wait_staff(root);
	td_ui_test_press(root, "Gửi số liệu lên ngay");
	g_assert_true(td_ui_test_wait_label(root,
					    "Chưa gửi được: máy chủ tuyến trên chưa nhận được số liệu. Xin thử lại "
					    "sau; nếu vẫn không được, xin báo người quản trị.",
					    20000));
	g_free(td_ui_test_save_png(root, "staff-app-dashboard-not-sent-vi"));
	g_assert_true(gtk_widget_is_sensitive(td_ui_test_find_button(root, "Gửi số liệu lên ngay")));

	/* the server back, on the same address */
	td_test_hub_start(hub);
	td_ui_test_press(root, "Gửi số liệu lên ngay");
	g_assert_true(td_ui_test_wait_for(td_send_button_gone, NULL, 20000));
	went_up = g_strdup_printf("Số liệu ngày %.2s/%.2s/%.4s đã gửi lên tuyến trên lúc", yesterday + 8,
				  yesterday + 5, yesterday);
	g_assert_true(td_ui_test_wait_label(root, went_up, 5000));
	g_free(td_ui_test_save_png(root, "staff-app-dashboard-sent-vi"));
	sql = g_strdup_printf("SELECT string_agg(day::text, ', ' ORDER BY day) FROM day_reports"
			      " WHERE station_code = '01001'");
	rows = td_test_pg_query_value(hub->database, sql);
	g_assert_cmpstr(rows, ==, days_sent);
	g_assert_true(td_ui_test_station_wait_audited(station, TD_DASHBOARD_ACTION_SENT, "Lan", days_sent, 5000));

	g_assert_true(g_key_file_remove_group(settings, "report", NULL));
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Back"));
	td_staff_window_lock(window);
	td_ui_test_wait_staff(root);
}

int
main(int argc, char **argv)
{
	int rc = td_ui_test_station_child_main(argc, argv);

	if (rc >= 0)
		return rc;
	td_ui_test_init(&argc, &argv);
	g_assert_cmpstr(g_getenv("TD_TEST_STORE"), ==, "postgres");
	td_i18n_set_language(TD_LANGUAGE_VI);
	station = td_ui_test_station_new("staff-server");
	config_path = station->config_path;
	context = station->context;
	window = station->window;

	g_test_add_func("/ui/staff-server/two-tickets-one-number", test_two_tickets_one_number);
	g_test_add_func("/ui/staff-server/database-away", test_database_away);
	g_test_add_func("/ui/staff-server/dashboard-sends-figures", test_dashboard_sends_figures);
	rc = g_test_run();
	td_ui_test_station_free(station);
	return rc;
}
