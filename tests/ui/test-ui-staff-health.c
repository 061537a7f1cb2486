/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's own staff pages beside the cases: the health page (its
 * lines in reception's words, what they mean for today's patients first,
 * checks that outlive the kiosk that asked for them) and a patient's call
 * for staff made at this kiosk, and at another kiosk of the station. */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-kiosk-context.h"
#include "td-staff-console.h"
#include "td-staff-health.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-staff.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"

static TdUiTestKiosk *kiosk;

/* ---- the health lines ---- */

static gboolean
td_health_shown(gpointer data)
{
	return td_ui_test_find_label(GTK_WIDGET(kiosk->window), data);
}

/* Every line names its part in reception's words (WORDING.md: no English
 * on staff screens; a Vietnamese name has its marks, an English key none),
 * and what needs attention comes first. */
static void
assert_health_lines_vi(void)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
	gboolean seen_ok = FALSE;

	td_ui_test_health_lines(GTK_WIDGET(kiosk->window), lines);
	g_assert_cmpuint(lines->len, >=, 10);
	for (guint i = 0; i < lines->len; i++) {
		const gchar *text = g_ptr_array_index(lines, i);
		gboolean ok = g_str_has_prefix(text, "✔ ") || g_str_has_prefix(text, "– ");
		g_autofree gchar *part = g_strndup(text, strcspn(text, ":"));
		gboolean marked = FALSE;

		g_assert_true(ok || g_str_has_prefix(text, "✘ "));
		for (const gchar *c = part + strlen("✔ "); *c != '\0'; c++)
			marked |= (guchar)*c >= 0x80;
		if (!marked)
			g_error("health line in English: %s", text);
		if (!ok && seen_ok)
			g_error("a line needing attention below a working one: %s", text);
		/* a fault in words, never its code (WORDING.md) */
		if (strstr(text, "PRN-") != NULL)
			g_error("health line with a code: %s", text);
		seen_ok |= ok;
	}
}

/* A failing doctor line whose effect the doctor set, as it does where it
 * knows better than the part's usual one. */
static void
td_add_failing_line(GPtrArray *lines, const gchar *name, TdCheckEffect effect)
{
	TdCheckResult *line = td_check_result_new(name, FALSE, "failed");

	line->effect = effect;
	g_ptr_array_add(lines, line);
}

static void
test_health(void)
{
	GtkWidget *console = td_kiosk_window_get_staff_console(kiosk->window);
	g_autofree gchar *png = NULL;

	/* copies asked for, none made yet (training makes none by itself) */
	kiosk->context->config->backup_dir = g_build_filename(kiosk->dir, "copies", NULL);
	td_staff_console_refresh(TD_STAFF_CONSOLE(console));
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	td_ui_test_kiosk_press(kiosk, "Máy đọc thẻ, máy in và cổng BHXH");
	g_assert_true(
	    td_ui_test_wait_for(td_health_shown, (gpointer) "Sổ lưu tiếp đón: hoạt động bình thường", 20000));
	assert_health_lines_vi();
	/* in reception's words, the administrator's to mend */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "✘ Bản sao hồ sơ: chưa sao lưu hồ sơ gần đây, xin báo người quản trị"));
	/* this kiosk sends no daily report ([report] url): not "works" */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "– Báo cáo ngày: chưa cài đặt trên máy này"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "✔ Báo cáo ngày"));
	/* no printer here: said so, and whose it is to mend */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "✘ Máy in vé: chưa cài đặt, xin báo người quản trị"));
	/* over the lines, what they mean for today's patients: this
	 * training kiosk has no printer; its virtual chip needs no pcscd and
	 * no real CSCA, so their lines touch nobody's check-in */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window),
					    "Máy vẫn tiếp đón được người bệnh.\nMáy in vé không in được: người bệnh xem số "
					    "thứ tự trên màn hình."));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Người bệnh chưa đặt thẻ căn cước"));
	png = td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-health-vi");
	/* a real kiosk whose reader is gone checks nobody in by itself: said
	 * first, once for the reader and its service, with what to do */
	{
		g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
		g_autofree gchar *with_nbsp = NULL;
		g_autofree gchar *real = NULL;
		g_autofree gchar *training = NULL;

		g_ptr_array_add(lines, td_check_result_new("database", TRUE, "ok"));
		g_ptr_array_add(lines, td_check_result_new("pcscd", FALSE, "not running"));
		g_ptr_array_add(lines, td_check_result_new("reader", FALSE, "no reader"));
		g_ptr_array_add(lines, td_check_result_new("gateway", FALSE, "timed out"));
		/* the button's name keeps its no-break spaces (td-staff-words) */
		with_nbsp = td_staff_health_summary_text(lines, FALSE);
		real = td_ui_text_plain(with_nbsp);
		g_assert_cmpstr(real, ==,
				"Máy chưa tự tiếp đón được người bệnh.\nMáy đọc thẻ không dùng được: xin tiếp đón người "
				"bệnh tại quầy (“Tiếp đón không có thẻ”).\nMáy chưa kiểm tra được thẻ bảo hiểm y tế: "
				"người bệnh vẫn được tiếp đón, quầy xác nhận thẻ sau.");
		training = td_staff_health_summary_text(lines, TRUE);
		g_assert_cmpstr(training, ==,
				"Máy vẫn tiếp đón được người bệnh.\nMáy chưa kiểm tra được thẻ bảo hiểm y tế: người bệnh "
				"vẫn được tiếp đón, quầy xác nhận thẻ sau.");
	}
	/* what the doctor knows of a failure, not its part's name: the
	 * station's database out of reach is the journal at work (no stop);
	 * a day the database refuses stores nothing; no gateway set up sends
	 * everyone to the desk; a clock a little off touches no check-in */
	{
		g_autoptr(GPtrArray) offline = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
		g_autoptr(GPtrArray) stopped = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
		g_autoptr(GPtrArray) admin = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
		g_autofree gchar *offline_text = NULL;
		g_autofree gchar *stopped_text = NULL;
		g_autofree gchar *admin_text = NULL;

		td_add_failing_line(offline, "database", TD_CHECK_EFFECT_OFFLINE);
		offline_text = td_staff_health_summary_text(offline, FALSE);
		g_assert_cmpstr(offline_text, ==,
				"Máy vẫn tiếp đón được người bệnh.\nMất kết nối với máy chủ của trạm: người bệnh vẫn được "
				"tiếp đón, số thứ tự có chữ cái (ví dụ B-001); các lượt tiếp đón sẽ được gửi lên máy chủ "
				"khi có kết nối lại.");

		td_add_failing_line(stopped, "clock", TD_CHECK_EFFECT_NOT_STORED);
		td_add_failing_line(stopped, "gateway", TD_CHECK_EFFECT_INSURANCE_AT_DESK);
		stopped_text = td_staff_health_summary_text(stopped, FALSE);
		g_assert_cmpstr(stopped_text, ==,
				"Máy chưa tự tiếp đón được người bệnh.\nMáy chưa lưu được lượt tiếp đón: người bệnh được "
				"mời đến quầy. Xin báo người quản trị ngay.\nMáy chưa được cài đặt để tra cứu thẻ bảo "
				"hiểm y tế: mọi người bệnh được mời đến quầy để kiểm tra thẻ bảo hiểm y tế.");

		g_ptr_array_add(admin, td_check_result_new("clock", FALSE, "10 minutes ahead"));
		admin_text = td_staff_health_summary_text(admin, FALSE);
		g_assert_cmpstr(admin_text, ==,
				"Máy tiếp đón bình thường; các dòng đỏ dưới đây là việc của người quản trị.");
		g_ptr_array_set_size(admin, 0);
		g_clear_pointer(&admin_text, g_free);
		admin_text = td_staff_health_summary_text(admin, FALSE);
		g_assert_cmpstr(admin_text, ==, "Máy tiếp đón bình thường.");
	}
	/* paper the desk puts in itself (before, every fault read "có trục
	 * trặc, xin báo người quản trị (PRN-PAPER)"), in the words the
	 * printer's line carries (test-deploy-checks.c: the doctor's) */
	{
		g_autoptr(TdCheckResult) paper =
		    td_check_result_new("printer", FALSE, "[PRN-PAPER] queue kiosk-ticket: out of paper");
		g_autofree gchar *line = NULL;

		paper->desk_words = td_check_printer_fault_words("PRN-PAPER");
		line = td_staff_health_line_text(paper);
		g_assert_cmpstr(line, ==, "✘ Máy in vé: hết giấy, xin thêm giấy; nếu vẫn chưa in được, xin báo người quản trị");
	}
	/* the lines follow the language without running the checks again */
	td_i18n_set_language(TD_LANGUAGE_EN);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "✔ Records: works"));
	td_i18n_set_language(TD_LANGUAGE_VI);
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "✔ Sổ lưu tiếp đón: hoạt động bình thường"));
}

static void
td_health_done_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(GPtrArray) lines = td_staff_health_run_finish(result, NULL);
	gboolean *done = data;

	g_assert_nonnull(lines);
	g_assert_cmpuint(lines->len, >, 0);
	*done = TRUE;
}

/* The checks run on in their thread when the kiosk that asked for them is
 * gone (its window closed, its context freed): they read their own
 * reference to the settings (ASan: before, a use after free). */
static void
test_health_outlives_kiosk(void)
{
	TdUiTestKiosk *gone = td_ui_test_kiosk_new();
	gboolean done = FALSE;

	td_staff_health_run_async(NULL, gone->context, TD_DOCTOR_SCOPE_KIOSK, NULL, td_health_done_cb, &done);
	td_ui_test_kiosk_free(gone);
	g_assert_true(td_ui_test_wait_for(td_ui_test_flag_is_set, &done, 20000));
}

/* ---- a patient's call ---- */

/* The patients' calls in the store, and the newest one's time as a
 * console says it (clock may be NULL). */
static guint
td_calls_stored(TdStore *store, gchar **clock)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) actions = td_store_list_staff_actions(store, 0, &error);
	const TdStaffAction *newest = NULL;
	guint calls = 0;

	g_assert_no_error(error);
	for (guint i = 0; i < actions->len; i++) {
		const TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, TD_KIOSK_ACTION_PATIENT_CALLED_STAFF) == 0) {
			newest = a;
			calls++;
		}
	}
	if (clock != NULL && newest != NULL) {
		g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(newest->time_unix);
		*clock = g_date_time_format(when, "%H:%M");
	}
	return calls;
}

typedef struct {
	TdStore *store;
	guint calls_before;
} TdCallWait;

static gboolean
td_call_stored(gpointer data)
{
	const TdCallWait *wait = data;
	return td_calls_stored(wait->store, NULL) > wait->calls_before;
}

/* A patient at this kiosk presses "Gọi nhân viên" on the ID card's page;
 * the call's time as the console says it. */
static gchar *
td_call_from_here(void)
{
	TdCallWait wait = {kiosk->context->store, td_calls_stored(kiosk->context->store, NULL)};
	gchar *clock = NULL;

	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Close"));
	td_ui_test_kiosk_wait_quiet(kiosk);
	/* the call is stored in a worker: on a loaded machine it can come
	 * after the kiosk is quiet */
	g_assert_true(td_ui_test_wait_for(td_call_stored, &wait, 10000));
	td_calls_stored(kiosk->context->store, &clock);
	return clock;
}

/* The line for a call from this kiosk's ID card page at clock. */
static gchar *
td_call_here_line(const gchar *clock)
{
	return g_strdup_printf("Người bệnh ở máy này cần nhân viên giúp lúc %s (đang đặt thẻ lên máy đọc thẻ). "
			       "Bấm vào đây khi ra giúp.",
			       clock);
}

/* A patient at this kiosk presses "Gọi nhân viên"; staff open the
 * kiosk's own pages: the line says "máy này", not the kiosk's id (by
 * default its host name, which says nothing to anyone standing at it),
 * and the press answers it. Then a patient at another kiosk of the
 * station calls first: the line is about that kiosk, by its id, and says
 * a patient waits at this one too. */
static void
test_patient_call_here(void)
{
	TdStaffConsole *console = TD_STAFF_CONSOLE(td_kiosk_window_get_staff_console(kiosk->window));
	const gchar *kiosk_id = kiosk->context->config->kiosk_id;
	g_autofree gchar *clock = NULL;
	g_autofree gchar *other_clock = NULL;
	g_autofree gchar *own_clock = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *both = NULL;
	g_autofree gchar *with_id = g_strdup_printf("máy tiếp đón %s", kiosk_id);

	td_i18n_set_language(TD_LANGUAGE_VI);
	clock = td_call_from_here();
	line = td_call_here_line(clock);

	td_ui_test_show_cases(kiosk, console);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), line, 5000));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), with_id));
	td_ui_test_press(GTK_WIDGET(kiosk->window), line);
	g_assert_cmpuint(td_staff_console_get_calls_waiting(console), ==, 0);

	/* kiosk quay-b calls first: its row, as its own process writes it
	 * into the station's file (a process has one store per file) */
	td_ui_test_kiosk_exec_sql(kiosk, "INSERT INTO staff_actions (time_unix, action, note, kiosk_id, staff_id) "
					 "VALUES (strftime('%s', 'now'), '" TD_KIOSK_ACTION_PATIENT_CALLED_STAFF
					 "', 'page key', 'quay-b', 0)");
	g_assert_cmpuint(td_calls_stored(kiosk->context->store, &other_clock), >, 0);
	own_clock = td_call_from_here();
	both = g_strdup_printf("Người bệnh ở máy tiếp đón quay-b cần nhân viên giúp lúc %s (đang nhập số căn cước). "
			       "Máy này cũng có người bệnh đang chờ. Bấm vào đây khi ra giúp.",
			       other_clock);
	td_ui_test_show_cases(kiosk, console);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), both, 5000));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), with_id));
	/* answered one at a time: quay-b's, then this kiosk's */
	td_ui_test_press(GTK_WIDGET(kiosk->window), both);
	g_assert_cmpuint(td_staff_console_get_calls_waiting(console), ==, 1);
	g_clear_pointer(&line, g_free);
	line = td_call_here_line(own_clock);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), line, 5000));
	td_ui_test_press(GTK_WIDGET(kiosk->window), line);
	g_assert_cmpuint(td_staff_console_get_calls_waiting(console), ==, 0);
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	td_i18n_set_language(TD_LANGUAGE_VI);
	kiosk = td_ui_test_kiosk_new();
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_STAFF);

	g_test_add_func("/ui/staff/health", test_health);
	g_test_add_func("/ui/staff/health-outlives-kiosk", test_health_outlives_kiosk);
	g_test_add_func("/ui/staff/patient-call-here", test_patient_call_here);
	return td_ui_test_kiosk_run(kiosk);
}
