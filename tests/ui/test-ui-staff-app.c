/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon-staff, the reception PC's console, through its window on a real
 * settings file and store (td-ui-test-station.c): staff accounts made by
 * `tiepdon staff`, the login by name and PIN (a wrong PIN counted against
 * that person), a case stored by another process showing within a second
 * without a click, a resolution that names who did it (`tiepdon
 * exceptions list --json`), the lock after the idle time, and the layout
 * at 1024x768 and 1366x768 (screenshots in
 * BUILDDIR/screenshots/staff-app-*.png). A patient's call for staff is in
 * test-ui-staff-calls.c. With TD_TEST_STORE=postgres (under
 * tests/with-private-postgres.sh) the same on a station's PostgreSQL
 * database ([storage] url=) instead of SQLite.
 *
 * In three parts, each under its heading: accounts, the login and the
 * cases (a case from another process, who closed it); the health page
 * (the desk's lines, a setting misspelt); the lock, the layout (with the
 * day's closed cases and their tickets on screen) and the export. What
 * only a station's PostgreSQL holds, and the database out of reach, are
 * test-ui-staff-server.c. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "td-dashboard.h"
#include "td-i18n.h"
#include "td-ui-test-kiosk.h"
#include "td-pin-page.h"
#include "td-staff-console.h"
#include "td-staff-pin.h"
#include "td-staff-window.h"
#include "td-staff-words.h"
#include "td-test-files.h"
#include "td-ui-util.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-station.h"
#include "td-ui-test-util.h"

#define STATION_PIN TD_UI_TEST_STATION_PIN
#define LAN_PIN	    TD_UI_TEST_LAN_PIN
#define NEW_PATIENT TD_UI_TEST_NEW_PATIENT
/* the requirement; the measured figure is printed */
#define LIVE_UPDATE_MAX_US (1000 * 1000)

static TdUiTestStation *station;
/* the station's, by their short names */
static const gchar *config_path;
static TdKioskContext *context;
static TdStaffWindow *window;

/* ---- accounts, the login and the cases ---- */

/* `tiepdon staff`: the same name twice, or two PINs that differ, are
 * refused; so is disabling nobody; the list names the station's account,
 * Lan, and Minh as disabled (the station made Lan and Minh and disabled
 * Minh with the same command). */
static void
test_staff_command(void)
{
	g_autofree gchar *out = NULL;

	g_assert_cmpint(td_ui_test_run_tiepdon(LAN_PIN "\n" LAN_PIN "\n", NULL, "staff", "add", "--config", config_path, "Lan",
				    NULL),
			==, 1);
	g_assert_cmpint(td_ui_test_run_tiepdon("111111\n222222\n", NULL, "staff", "add", "--config", config_path, "Hoa", NULL),
			==, 1);
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "disable", "--config", config_path, "Nobody", NULL), ==, 1);
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, &out, "staff", "list", "--config", config_path, NULL), ==, 0);
	g_test_message("%s", out);
	g_assert_nonnull(strstr(out, "Trạm "));
	g_assert_nonnull(strstr(out, "mã PIN của trạm"));
	g_assert_nonnull(strstr(out, "Lan "));
	g_assert_null(strstr(out, "Hoa"));
	{
		const gchar *minh = strstr(out, "Minh ");
		g_assert_nonnull(minh);
		g_assert_true(g_str_has_prefix(strstr(minh, "đ"), "đã khóa"));
	}
}

static void
test_login(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	TdPinPage *login = TD_PIN_PAGE(td_staff_window_get_login(window));
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) staff = td_store_list_staff(context->store, &error);
	gint64 lan = 0;
	guint failures = 0;

	for (guint i = 0; staff != NULL && i < staff->len; i++) {
		TdStaffMember *member = g_ptr_array_index(staff, i);
		if (g_strcmp0(member->name, "Lan") == 0)
			lan = member->id;
	}
	g_assert_cmpint(lan, >, TD_STAFF_STATION_ID);
	g_assert_true(td_staff_window_is_locked(window));
	/* the station's account and Lan; Minh is disabled */
	g_assert_cmpuint(td_pin_page_get_n_accounts(login), ==, 2);
	g_assert_nonnull(td_ui_test_find_button(root, "Trạm"));
	g_assert_nonnull(td_ui_test_find_button(root, "Lan"));
	g_assert_null(td_ui_test_find_button(root, "Minh"));
	g_assert_true(td_ui_test_find_label(root, "Dành cho nhân viên: chọn tên của mình, rồi nhập mã PIN"));

	/* no name chosen: nothing counted, the page says what to do */
	td_ui_test_type(root, LAN_PIN);
	g_assert_cmpstr(td_pin_page_get_message(login), ==, "Xin chọn tên của mình trước.");
	g_assert_true(td_store_count_pin_failures(context->store, 0, &failures, NULL, &error));
	g_assert_cmpuint(failures, ==, 0);

	/* Lan, a wrong PIN (the station's): counted against Lan, not let in */
	td_ui_test_press(root, "Lan");
	td_ui_test_type(root, STATION_PIN);
	g_assert_cmpstr(td_pin_page_get_message(login), ==, "Sai mã PIN. Xin nhập lại.");
	g_assert_true(td_staff_window_is_locked(window));
	g_assert_true(td_store_count_pin_failures(context->store, 0, &failures, NULL, &error));
	g_assert_cmpuint(failures, ==, 1);
	/* the same PIN entered again before the first is checked (the check
	 * runs in a worker): checked, and counted, once */
	td_pin_page_enter(login, STATION_PIN);
	g_assert_true(td_pin_page_is_busy(login));
	g_assert_cmpstr(td_pin_page_get_message(login), ==, "Đang kiểm tra mã PIN…");
	td_pin_page_enter(login, STATION_PIN);
	td_ui_test_wait_staff(root);
	g_assert_cmpstr(td_pin_page_get_message(login), ==, "Sai mã PIN. Xin nhập lại.");
	g_assert_true(td_store_count_pin_failures(context->store, 0, &failures, NULL, &error));
	g_assert_cmpuint(failures, ==, 2);

	/* Lan's own PIN */
	td_ui_test_type(root, LAN_PIN);
	g_assert_true(td_ui_test_wait_for(td_ui_test_staff_window_unlocked, window, 2000));
	g_assert_cmpint(context->staff_id, ==, lan);
	g_assert_cmpstr(td_staff_window_get_who(window), ==, "Người đang dùng: Lan");
	g_assert_true(td_ui_test_find_label(root, "Trường hợp cần xử lý"));
	/* the success clears Lan's count */
	g_assert_true(td_store_count_pin_failures(context->store, 0, &failures, NULL, &error));
	g_assert_cmpuint(failures, ==, 0);
}

typedef struct {
	gint64 commit_us;
	gboolean done;
	gint64 shown_us; /* when the console first showed the case */
} TdChildResult;

static void
td_child_done_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	TdChildResult *child = data;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;

	g_assert_true(g_subprocess_communicate_utf8_finish(G_SUBPROCESS(source), result, &out, NULL, &error));
	g_assert_no_error(error);
	g_assert_true(g_subprocess_get_successful(G_SUBPROCESS(source)));
	child->commit_us = g_ascii_strtoll(out, NULL, 10);
	child->done = TRUE;
}

/* The child's report comes when it has exited, which may be after the
 * console showed the case: both are waited for, the time taken when the
 * case appeared. */
static gboolean
td_new_case_shown(gpointer data)
{
	TdChildResult *child = data;
	if (child->shown_us == 0 && td_ui_test_find_label(GTK_WIDGET(window), NEW_PATIENT))
		child->shown_us = g_get_real_time();
	return child->done && child->shown_us != 0;
}

static void
test_live_update(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_staff_window_get_console(window));
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	TdChildResult child = {0};
	gint64 latency;

	g_assert_true(td_ui_test_staff_window_unlocked(window));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(window), NEW_PATIENT));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 0);
	proc = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/proc/self/exe", "--add-exception",
				config_path, NULL);
	g_assert_no_error(error);
	g_subprocess_communicate_utf8_async(proc, NULL, NULL, td_child_done_cb, &child);
	/* nobody clicks: the watch alone brings it */
	g_assert_true(td_ui_test_wait_for(td_new_case_shown, &child, 10000));
	latency = child.shown_us - child.commit_us;
	g_assert_cmpint(latency, >, 0);
	g_printerr("# staff app: a case stored by another process shown after %.0f ms\n", latency / 1000.0);
	g_assert_cmpint(latency, <, LIVE_UPDATE_MAX_US);
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 1);
	g_free(td_ui_test_save_png(GTK_WIDGET(window), "staff-app-live-case"));
}

/* Lan closes the case ("self-pay", confirmed); locking writes it at once
 * (no minute of undo left to wait); the command says Lan did it. */
static void
test_resolve_names_who(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_staff_window_get_console(window));
	g_autofree gchar *out = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) actions = NULL;
	JsonArray *list;
	gboolean seen = FALSE, login_seen = FALSE;

	g_assert_true(td_staff_console_select(console, 0));
	td_ui_test_press(root, td_staff_action_text("self-pay"));
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Yes"));
	g_assert_cmpuint(td_staff_console_get_n_open(console), ==, 0);
	td_ui_test_press(root, "Khóa màn hình");
	g_assert_true(td_staff_window_is_locked(window));
	g_assert_cmpstr(td_staff_window_get_who(window), ==, "");
	g_assert_false(td_ui_test_find_label(root, NEW_PATIENT));

	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, &out, "exceptions", "list", "--all", "--json", "--config", config_path, NULL),
			==, 0);
	g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
	g_assert_no_error(error);
	list = json_node_get_array(json_parser_get_root(parser));
	for (guint i = 0; i < json_array_get_length(list); i++) {
		JsonObject *e = json_array_get_object_element(list, i);
		if (g_strcmp0(json_object_get_string_member(e, "full_name"), NEW_PATIENT) != 0)
			continue;
		seen = TRUE;
		g_assert_true(json_object_get_boolean_member(e, "resolved"));
		g_assert_cmpstr(json_object_get_string_member(e, "resolution"), ==, "self-pay");
		g_assert_cmpstr(json_object_get_string_member(e, "resolved_by"), ==, "Lan");
	}
	g_assert_true(seen);
	/* the audit trail: Lan's login and Lan's resolution */
	actions = td_store_list_staff_actions(context->store, 0, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < actions->len; i++) {
		TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, "pin-login") == 0)
			login_seen |= g_strcmp0(a->staff_name, "Lan") == 0;
		if (g_strcmp0(a->action, "self-pay") == 0)
			g_assert_cmpstr(a->staff_name, ==, "Lan");
	}
	g_assert_true(login_seen);
}

/* Minh came back and forgot the PIN: a new one, asked twice, and the
 * account open again, with its name and audit rows (a new account could
 * not take the name). The station's account keeps its PIN in the
 * settings (tiepdon set-pin), and two PINs that differ change nothing. */
static void
test_staff_comes_back(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) staff = NULL;
	g_autofree gchar *out = NULL;
	gboolean matches = FALSE;
	const TdStaffMember *minh = NULL;

	g_assert_cmpint(td_ui_test_run_tiepdon("246810\n135790\n", NULL, "staff", "set-pin", "--config", config_path,
					       "Minh", NULL),
			==, 1);
	g_assert_cmpint(td_ui_test_run_tiepdon("246810\n246810\n", NULL, "staff", "set-pin", "--config", config_path,
					       "Trạm", NULL),
			==, 1);
	g_assert_cmpint(td_ui_test_run_tiepdon("246810\n246810\n", NULL, "staff", "set-pin", "--config", config_path,
					       "Minh", NULL),
			==, 0);
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "enable", "--config", config_path, "Minh", NULL), ==, 0);
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, &out, "staff", "list", "--config", config_path, NULL), ==, 0);
	g_assert_true(g_str_has_prefix(strstr(strstr(out, "Minh "), "đ"), "đang dùng"));
	staff = td_store_list_staff(context->store, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < staff->len; i++) {
		const TdStaffMember *member = g_ptr_array_index(staff, i);
		if (g_strcmp0(member->name, "Minh") == 0)
			minh = member;
	}
	g_assert_nonnull(minh);
	g_assert_true(minh->active);
	g_assert_true(td_staff_pin_check_hash(minh->pin_hash, "246810", &matches, &error));
	g_assert_no_error(error);
	g_assert_true(matches);
	/* disabled again, as the other tests expect him */
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "disable", "--config", config_path, "Minh", NULL),
			==, 0);
}

/* Hoa mistyped her PIN until the account locked, patients waiting at the
 * desk: `tiepdon staff unlock` opens it at once, her PIN unchanged (before,
 * they waited out lockout-minutes). */
static void
test_staff_unlock(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) staff = NULL;
	gint64 hoa = 0;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_OK;

	g_assert_cmpint(td_ui_test_run_tiepdon("111111\n111111\n", NULL, "staff", "add", "--config", config_path, "Hoa",
					       NULL),
			==, 0);
	staff = td_store_list_staff(context->store, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < staff->len; i++) {
		const TdStaffMember *member = g_ptr_array_index(staff, i);
		if (g_strcmp0(member->name, "Hoa") == 0)
			hoa = member->id;
	}
	g_assert_cmpint(hoa, >, 0);
	for (guint i = 0; i < 20 && verdict != TD_STAFF_PIN_LOCKED; i++) {
		g_assert_true(td_staff_pin_verify(context->store, context->config, hoa, "000000", now, &verdict, NULL, NULL,
						  &error));
		g_assert_no_error(error);
	}
	g_assert_cmpint(verdict, ==, TD_STAFF_PIN_LOCKED);
	g_assert_true(td_staff_pin_verify(context->store, context->config, hoa, "111111", now, &verdict, NULL, NULL, &error));
	g_assert_cmpint(verdict, ==, TD_STAFF_PIN_LOCKED);
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "unlock", "--config", config_path, "Nobody", NULL),
			==, 1);
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "unlock", "--config", config_path, "Hoa", NULL), ==,
			0);
	g_assert_true(td_staff_pin_verify(context->store, context->config, hoa, "111111", now, &verdict, NULL, NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpint(verdict, ==, TD_STAFF_PIN_OK);
	/* at the desk, after Lan (a manager) locked it: Hoa is reception's,
	 * and her console has no way to the manager's dashboard */
	td_staff_window_lock(window);
	td_ui_test_station_login_lan(station);
	g_assert_nonnull(td_ui_test_find_button(GTK_WIDGET(window), g_dgettext(GETTEXT_PACKAGE, "Manager dashboard")));
	td_staff_window_lock(window);
	td_ui_test_press(GTK_WIDGET(window), "Hoa");
	td_ui_test_type(GTK_WIDGET(window), "111111");
	td_ui_test_wait_staff(GTK_WIDGET(window));
	g_assert_false(td_staff_window_is_locked(window));
	g_assert_null(td_ui_test_find_button(GTK_WIDGET(window), g_dgettext(GETTEXT_PACKAGE, "Manager dashboard")));
	td_staff_window_lock(window);
	/* not offered to the tests after this one */
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "disable", "--config", config_path, "Hoa", NULL),
			==, 0);
}

/* ---- the health page ---- */

/* data: the window whose health page is read */
static gboolean
td_health_read(gpointer data)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
	td_ui_test_health_lines(GTK_WIDGET(data), lines);
	return lines->len > 0;
}

/* The desk's health page names what its console uses (the records, the
 * disk, the ticket printer for reprints), not the kiosk's reader,
 * gateway, scanner or set-up: on a PC of its own those failed every
 * morning, and staff learnt to ignore the page. */
static void
test_health(void)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
	const gchar *const kiosks_only[] = {"Dịch vụ máy đọc thẻ", "Máy đọc thẻ", "Cổng BHXH",
					    "Chứng thư xác thực thẻ căn cước", "Máy quét mã QR", "Cài đặt thiết bị",
					    "Tài khoản của máy", "Giọng đọc", "Báo cáo ngày"};
	gboolean records = FALSE, disk = FALSE, printer = FALSE;

	td_ui_test_press(GTK_WIDGET(window), "Sổ lưu, ổ đĩa và máy in");
	g_assert_true(td_ui_test_wait_for(td_health_read, window, 20000));
	td_ui_test_health_lines(GTK_WIDGET(window), lines);
	for (guint i = 0; i < lines->len; i++) {
		const gchar *line = g_ptr_array_index(lines, i);
		/* "✔ " or "✘ ", then the title and a colon */
		g_autofree gchar *title = g_strndup(line + strlen("✔ "), strcspn(line + strlen("✔ "), ":"));
		g_test_message("%s", line);
		for (guint k = 0; k < G_N_ELEMENTS(kiosks_only); k++)
			g_assert_cmpstr(title, !=, kiosks_only[k]);
		records |= g_str_equal(title, "Sổ lưu tiếp đón") && g_str_has_prefix(line, "✔");
		disk |= g_str_equal(title, "Dung lượng ổ đĩa");
		printer |= g_str_equal(title, "Máy in vé");
	}
	g_assert_true(records);
	g_assert_true(disk);
	g_assert_true(printer);
	td_ui_test_press(GTK_WIDGET(window), "Trường hợp cần xử lý");
}

/* A setting misspelt in the reception PC's file (a key of a group it
 * knows, a group it does not) keeps its default without a word: the
 * health page says there is one, in reception's words, and names no key
 * (tiepdon doctor names them for the administrator: test-cli). A console
 * of its own on a copy of the file, the station's others left as they
 * are. */
static void
test_health_says_settings_misspelt(void)
{
	g_autofree gchar *dir = g_path_get_dirname(config_path);
	g_autofree gchar *path = g_build_filename(dir, "tiepdon-slips.conf", NULL);
	g_autofree gchar *text = NULL;
	g_autofree gchar *png = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStaffWindow) slips = NULL;
	TdKioskContext *slips_context;
	GtkWidget *root;

	g_assert_true(g_file_get_contents(config_path, &text, NULL, &error));
	/* [staff] is the file's last group: the slip goes in it */
	g_assert_true(g_str_has_prefix(g_strrstr(text, "\n["), "\n[staff]\n"));
	{
		g_autofree gchar *with_slips =
		    g_strconcat(text, g_str_has_suffix(text, "\n") ? "" : "\n",
				"lockout-attemps=3\n[scanners]\ndevice=/dev/input/event3\n", NULL);
		td_test_write_settings(path, with_slips);
	}
	slips_context = td_kiosk_context_new_for_staff(path, &error);
	g_assert_no_error(error);
	slips = g_object_ref_sink(td_staff_window_new(NULL, slips_context, 0));
	root = GTK_WIDGET(slips);
	td_ui_test_present_at(GTK_WINDOW(slips), 1024, 768);
	td_ui_test_press(root, "Trạm");
	td_ui_test_type(root, STATION_PIN);
	td_ui_test_press(root, "Sổ lưu, ổ đĩa và máy in");
	g_assert_true(td_ui_test_wait_for(td_health_read, root, 20000));
	png = td_ui_test_save_png(root, "staff-app-health-slips");
	g_test_message("%s", png);
	/* reception's words, not the keys (no English, no commands on a
	 * staff screen: WORDING.md); the administrator reads those from
	 * tiepdon doctor */
	g_assert_true(td_ui_test_find_label(
	    root, "✘ Cài đặt: có cài đặt bị viết sai nên không có tác dụng, xin báo người quản trị"));
	g_assert_false(td_ui_test_find_label(root, "lockout-attemps"));
	g_assert_false(td_ui_test_find_label(root, "scanners"));
	/* the settings misspelt touch no patient: the kiosk goes on */
	g_assert_false(td_ui_test_find_label(root, "Máy chưa tự tiếp đón được người bệnh"));
	/* the window borrows the context: gone first */
	gtk_window_destroy(GTK_WINDOW(slips));
	g_clear_object(&slips);
	td_kiosk_context_free(slips_context);
}

/* ---- the lock, the layout and the export ---- */

/* A console left alone locks itself, and takes the cases off the screen. */
static void
test_idle_lock(void)
{
	g_autoptr(TdStaffWindow) quick = NULL;
	GtkWidget *root;

	quick = g_object_ref_sink(td_staff_window_new(NULL, context, 1));
	root = GTK_WIDGET(quick);
	td_ui_test_present_at(GTK_WINDOW(quick), 1024, 768);
	td_ui_test_press(root, "Trạm");
	td_ui_test_type(root, STATION_PIN);
	g_assert_false(td_staff_window_is_locked(quick));
	g_assert_cmpint(context->staff_id, ==, TD_STAFF_STATION_ID);
	td_ui_test_wait(2500);
	g_assert_true(td_staff_window_is_locked(quick));
	g_assert_cmpint(context->staff_id, ==, 0);
	gtk_window_destroy(GTK_WINDOW(quick));
}

/* The ticket number of the closed case of the patient named, read from
 * its check-in (get_checkin), not from the case list the history reads */
static gchar *
td_closed_case_ticket(const gchar *full_name)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) all = td_store_list_exceptions(context->store, NULL, FALSE, &error);

	g_assert_no_error(error);
	for (guint i = 0; i < all->len; i++) {
		const TdCheckinException *exc = g_ptr_array_index(all, i);
		g_autoptr(TdCheckinRecord) record = NULL;

		if (!exc->resolved || g_strcmp0(exc->full_name, full_name) != 0)
			continue;
		record = td_store_get_checkin(context->store, exc->checkin_id, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(record->queue_number, >, 0);
		return td_queue_label(record->queue_series, record->queue_number);
	}
	g_assert_not_reached();
}

/* The login, the console with a case and the dashboard at the reception
 * PC's screen sizes: everything inside the window, big enough, whole,
 * readable. */
static void
test_layout(void)
{
	static const gint sizes[][2] = {{1024, 768}, {1366, 768}};
	g_autoptr(GString) all = g_string_new(NULL);

	/* a case to show */
	td_ui_test_station_run_child("--add-exception", config_path, NULL);
	/* the dashboard's report line at its longest: the figures not gone
	 * up, another machine sending the station's too */
	td_ui_test_report_not_sent(context->config, station->dir);
	for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
		TdStaffWindow *win = td_staff_window_new(NULL, context, 0);
		GtkWidget *root = GTK_WIDGET(win);
		const gchar *pages[] = {"login", "console", "dashboard"};

		td_ui_test_present_at(GTK_WINDOW(win), sizes[s][0], sizes[s][1]);
		for (guint p = 0; p < G_N_ELEMENTS(pages); p++) {
			g_autoptr(GString) problems = g_string_new(NULL);
			g_autofree gchar *name = g_strdup_printf("staff-app-%s-%dx%d", pages[p], sizes[s][0], sizes[s][1]);
			g_autoptr(TdUiShot) shot = NULL;
			g_autofree gchar *png = NULL;

			if (p == 1) {
				td_ui_test_press(root, "Lan");
				td_ui_test_type(root, LAN_PIN);
				g_assert_true(td_ui_test_wait_label(root, NEW_PATIENT, 2000));
				/* the history: the case Lan closed earlier, its
				 * ticket, and by whom */
				g_autofree gchar *closed = td_closed_case_ticket(NEW_PATIENT);
				/* under the heading, not an open case's "Số …" */
				g_autofree gchar *line = g_strdup_printf("Đã xử lý hôm nay\nSố %s · ", closed);

				g_assert_true(td_ui_test_find_label(root, "Đã xử lý hôm nay"));
				g_assert_true(td_ui_test_find_label(root, line));
				g_assert_true(td_ui_test_find_label(root, " · Khám dịch vụ (tự trả) · Lan"));
			} else if (p == 2) {
				td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Manager dashboard"));
			}
			td_ui_test_wait(200);
			shot = td_ui_shot_new(root);
			png = td_ui_shot_save(shot, name);
			g_test_message("%s", png);
			if (gtk_widget_get_width(root) != sizes[s][0] || gtk_widget_get_height(root) != sizes[s][1])
				g_string_append_printf(problems, "the window grew to %dx%d\n", gtk_widget_get_width(root),
						       gtk_widget_get_height(root));
			if (td_ui_check_layout(root, root, sizes[s][0], sizes[s][1], TD_UI_TOUCH_TARGET_PX, shot,
					       problems) == 0)
				g_string_append(problems, "no control on the page\n");
			if (problems->len > 0)
				g_string_append_printf(all, "%s:\n%s", name, problems->str);
		}
		td_staff_window_lock(win);
		gtk_window_destroy(GTK_WINDOW(win));
	}
	g_assert_true(g_key_file_remove_group(context->config->key_file, "report", NULL));
	if (all->len > 0)
		g_error("layout problems:\n%s", all->str);
}

/* The folder main() names as the user's Documents (user-dirs.dirs). */
static gchar *documents_dir;

/* "Xuất báo cáo (tệp bảng tính)" on the reception PC: the file lands in
 * the user's Documents folder, where the receptionist finds it (before,
 * in ~/.local/share/tiepdon, which a file manager hides), and the page
 * says where. The file is the spreadsheet (.xlsx, Vietnamese headings),
 * the 30 days and their sum. */
static void
test_export_to_documents(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	TdDashboard *dashboard = TD_DASHBOARD(td_staff_window_get_dashboard(window));
	g_autofree gchar *path = NULL;
	g_autofree gchar *saved = NULL;
	g_autofree gchar *cells = NULL;
	g_auto(GStrv) lines = NULL;

	g_assert_cmpstr(g_get_user_special_dir(G_USER_DIRECTORY_DOCUMENTS), ==, documents_dir);
	td_ui_test_press(root, "Lan");
	td_ui_test_type(root, LAN_PIN);
	td_ui_test_wait_staff(root);
	g_assert_false(td_staff_window_is_locked(window));
	td_ui_test_press(root, g_dgettext(GETTEXT_PACKAGE, "Manager dashboard"));
	td_ui_test_wait_staff(root);
	path = g_strdup_printf("%s/tiepdon-%s.xlsx", documents_dir, td_dashboard_get_day(dashboard));
	saved = g_strdup_printf("Đã lưu vào %s", path);
	td_ui_test_press(root, "Xuất báo cáo (tệp bảng tính)");
	g_assert_true(td_ui_test_wait_label(root, saved, 10000));
	cells = td_test_xlsx_cells(path);
	lines = g_strsplit(cells, "\n", -1);
	/* its name, the frozen headings, the days, the sum, and "" after
	 * the last line's end */
	g_assert_cmpuint(g_strv_length(lines), ==, TD_DASHBOARD_DAYS + 5);
	g_assert_true(g_str_has_prefix(lines[2], "s:Ngày\ts:Mã cơ sở\ts:Lượt tiếp đón\t"));
	g_assert_true(g_str_has_prefix(lines[3], "d:"));
	g_assert_true(g_str_has_prefix(lines[TD_DASHBOARD_DAYS + 3], "s:Cộng\t"));
	/* who took the station's figures, and where, in the audit trail */
	g_assert_true(td_ui_test_station_wait_audited(station, TD_DASHBOARD_ACTION_EXPORTED, "Lan", path, 5000));
	td_staff_window_lock(window);
}

int
main(int argc, char **argv)
{
	int rc = td_ui_test_station_child_main(argc, argv);

	if (rc >= 0)
		return rc;
	/* the user's Documents folder, named as xdg-user-dirs names it, before
	 * GLib reads where the settings are */
	{
		g_autofree gchar *config_home = g_dir_make_tmp("td-staff-app-xdg-XXXXXX", NULL);
		g_autofree gchar *dirs = g_build_filename(config_home, "user-dirs.dirs", NULL);
		g_autofree gchar *line = NULL;
		g_assert_nonnull(config_home);
		documents_dir = g_build_filename(config_home, "Tài liệu", NULL);
		line = g_strdup_printf("XDG_DOCUMENTS_DIR=\"%s\"\n", documents_dir);
		g_assert_true(g_file_set_contents(dirs, line, -1, NULL));
		g_setenv("XDG_CONFIG_HOME", config_home, TRUE);
	}
	td_ui_test_init(&argc, &argv);
	td_i18n_set_language(TD_LANGUAGE_VI);
	station = td_ui_test_station_new("staff-app");
	config_path = station->config_path;
	context = station->context;
	window = station->window;
	g_free(td_ui_test_save_png(GTK_WIDGET(window), "staff-app-login"));

	g_test_add_func("/ui/staff-app/staff-command", test_staff_command);
	g_test_add_func("/ui/staff-app/login", test_login);
	g_test_add_func("/ui/staff-app/live-update", test_live_update);
	g_test_add_func("/ui/staff-app/health", test_health);
	g_test_add_func("/ui/staff-app/health-says-settings-misspelt", test_health_says_settings_misspelt);
	g_test_add_func("/ui/staff-app/resolve-names-who", test_resolve_names_who);
	g_test_add_func("/ui/staff-app/idle-lock", test_idle_lock);
	g_test_add_func("/ui/staff-app/layout", test_layout);
	g_test_add_func("/ui/staff-app/export-to-documents", test_export_to_documents);
	g_test_add_func("/ui/staff-app/staff-comes-back", test_staff_comes_back);
	g_test_add_func("/ui/staff-app/staff-unlock", test_staff_unlock);
	rc = g_test_run();

	td_ui_test_station_free(station);
	{
		g_autofree gchar *config_home = g_path_get_dirname(documents_dir);
		td_test_remove_tree(config_home);
		g_free(documents_dir);
	}
	return rc;
}
