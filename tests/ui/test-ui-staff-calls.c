/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A patient's call for staff, from a kiosk's window to the reception PC's
 * tiepdon-staff and back, on a real settings file and store
 * (td-ui-test-station.c) with Lan at the console: the call shown by the
 * store watch alone, when and where the patient was, a second press
 * counted, the answer under Lan's name and "Nhân viên đang đến" on the
 * kiosk; two kiosks answered one at a time; and the answer known by the
 * audit trail's order whatever the reception PC's clock says
 * (libfaketime). With TD_TEST_STORE=postgres (under
 * tests/with-private-postgres.sh) the same on a station's PostgreSQL
 * database ([storage] url=) instead of SQLite. */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-kiosk-window.h"
#include "td-staff-console.h"
#include "td-staff-window.h"
#include "td-store-open.h"
#include "td-test-files.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-page-cases.h"
#include "td-ui-test-station.h"
#include "td-ui-test-util.h"

static TdUiTestStation *station;
/* the station's, by their short names */
static const gchar *config_path;
static TdKioskContext *context;
static TdStaffWindow *window;

/* The calls for staff in the audit trail, and the newest one's time as
 * the console says it and its kiosk. */
static guint
td_calls_stored(gchar **clock_out, gchar **kiosk_out)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) actions = td_store_list_staff_actions(context->store, 0, &error);
	gint64 newest = 0;
	guint n = 0;

	g_assert_no_error(error);
	for (guint i = 0; i < actions->len; i++) {
		TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, "patient-called-staff") == 0) {
			newest = a->time_unix;
			n++;
			if (kiosk_out != NULL) {
				g_free(*kiosk_out);
				*kiosk_out = g_strdup(a->kiosk_id);
			}
		}
	}
	if (clock_out != NULL && newest != 0) {
		g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(newest);
		*clock_out = g_date_time_format(when, "%H:%M");
	}
	return n;
}

/* The kiosk's press is written in a worker: until it is. */
static gboolean
td_call_stored(gpointer n)
{
	return td_calls_stored(NULL, NULL) >= GPOINTER_TO_UINT(n);
}

static gboolean
td_call_line_gone(gpointer text)
{
	return !td_ui_test_find_label(GTK_WIDGET(window), text);
}

/* The station's settings as kiosk kiosk_id has them (its own offline
 * letter and journal). */
static gchar *
td_kiosk_config(const gchar *kiosk_id, const gchar *letter)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *name = g_strdup_printf("%s.conf", kiosk_id);
	g_autofree gchar *path = g_build_filename(station->dir, name, NULL);
	g_autofree gchar *station_line = g_strdup_printf("kiosk-id=%s\noffline-letter=%s", kiosk_id, letter);
	g_autofree gchar *journal = g_strdup_printf("journal-%s.db", kiosk_id);
	g_autoptr(GString) b = NULL;

	g_assert_true(g_file_get_contents(config_path, &text, NULL, &error));
	g_assert_no_error(error);
	b = g_string_new(text);
	g_assert_cmpuint(g_string_replace(b, "kiosk-id=quay-le-tan\noffline-letter=R", station_line, 1), ==, 1);
	g_string_replace(b, "journal.db", journal, 1);
	td_test_write_settings(path, b->str);
	return g_steal_pointer(&path);
}

static gchar *
td_second_kiosk_config(void)
{
	return td_kiosk_config("quay-b", "S");
}

/* A kiosk window of the station, "quay-a", on a store of its own (as a
 * kiosk has on its machine): its calls carry its id, not the reception
 * PC's. */
static TdUiTestKiosk *
td_station_kiosk_new(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = td_kiosk_config("quay-a", "T");
	g_autoptr(TdConfig) config = td_config_load(path, &error);
	g_autoptr(TdStore) store = NULL;

	g_assert_no_error(error);
	store = td_store_open_configured(config, TD_STORE_OPEN_WRITABLE, &error);
	g_assert_no_error(error);
	return td_ui_test_kiosk_new_on_store(store, "quay-a");
}

/* A patient presses "Gọi nhân viên" on the kiosk's window (a kiosk on the
 * same store): the reception console shows it by itself, says when and
 * where the patient was, counts a second press, and Lan's "on my way"
 * takes the line away, in the audit trail under Lan's name. */
static void
test_patient_call(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	g_autoptr(TdUiTestKiosk) kiosk = td_station_kiosk_new();
	g_autoptr(GPtrArray) actions = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *clock = NULL;
	g_autofree gchar *kiosk_id = NULL;
	g_autofree gchar *one = NULL;
	g_autofree gchar *two = NULL;
	gboolean answered = FALSE;

	g_assert_true(td_ui_test_staff_window_unlocked(window));
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	g_assert_true(td_kiosk_window_call_staff_visible(kiosk->window));
	g_assert_true(td_ui_test_wait_for(td_call_stored, GUINT_TO_POINTER(1), 10000));
	td_calls_stored(&clock, &kiosk_id);
	g_assert_nonnull(kiosk_id);
	one = g_strdup_printf("Người bệnh ở máy tiếp đón %s cần nhân viên giúp lúc %s (đang đặt thẻ lên máy đọc thẻ). "
			      "Bấm vào đây khi ra giúp.",
			      kiosk_id, clock);
	/* nobody clicks at reception: the watch brings it */
	g_assert_true(td_ui_test_wait_label(root, one, 10000));
	g_free(td_ui_test_save_png(root, "staff-app-patient-call"));

	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Close"));
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	g_assert_true(td_ui_test_wait_for(td_call_stored, GUINT_TO_POINTER(2), 10000));
	g_clear_pointer(&clock, g_free);
	td_calls_stored(&clock, NULL);
	two = g_strdup_printf("2 lần gọi nhân viên, lần cuối từ máy tiếp đón %s lúc %s. Bấm vào đây khi ra giúp.",
			      kiosk_id, clock);
	g_assert_true(td_ui_test_wait_label(root, two, 10000));

	/* the patient still reads that staff were called… */
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã báo nhân viên"));
	td_ui_test_press(root, two);
	g_assert_true(td_ui_test_wait_for(td_call_line_gone, two, 10000));
	g_assert_false(td_ui_test_find_label(root, one));
	/* …and then that someone is coming, by the watch alone */
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Nhân viên đang đến", 10000));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Xin chờ tại đây một chút."));
	g_free(td_ui_test_save_png(GTK_WIDGET(kiosk->window), "staff-app-patient-call-answered"));
	/* a tap on the note itself (its words, its margin) lands on the
	 * note, not on the dimmed cover beside it that closes it: an
	 * elderly patient's hand on "Nhân viên đang đến" keeps the words */
	{
		GtkWidget *scrim = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-scrim");
		GtkWidget *note = td_ui_test_find_mapped_class(GTK_WIDGET(kiosk->window), "td-warning-box");
		graphene_rect_t r;
		/* its middle, and inside its rounded corners (20 px) */
		const gdouble inset = 24;

		g_assert_nonnull(scrim);
		g_assert_nonnull(note);
		g_assert_true(td_ui_widget_rect(note, GTK_WIDGET(kiosk->window), &r));
		const gdouble points[][2] = {
		    {r.origin.x + r.size.width / 2, r.origin.y + r.size.height / 2},
		    {r.origin.x + inset, r.origin.y + inset},
		    {r.origin.x + r.size.width - inset, r.origin.y + r.size.height - inset},
		    {r.origin.x + inset, r.origin.y + r.size.height / 2},
		};

		for (guint i = 0; i < G_N_ELEMENTS(points); i++) {
			GtkWidget *tapped = gtk_widget_pick(GTK_WIDGET(kiosk->window), points[i][0], points[i][1],
							    GTK_PICK_DEFAULT);
			g_assert_nonnull(tapped);
			g_assert_true(tapped == note || gtk_widget_is_ancestor(tapped, note));
		}
		/* beside it: the cover */
		g_assert_true(gtk_widget_pick(GTK_WIDGET(kiosk->window), r.origin.x - 8, r.origin.y + r.size.height / 2,
					      GTK_PICK_DEFAULT) == scrim);
		g_assert_true(td_kiosk_window_call_staff_visible(kiosk->window));
	}
	actions = td_store_list_staff_actions(context->store, 0, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < actions->len; i++) {
		TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, "patient-call-answered") == 0)
			answered = g_strcmp0(a->staff_name, "Lan") == 0;
	}
	g_assert_true(answered);
}

/* The kiosks whose calls were answered, in the order they were. */
static gchar *
td_calls_answered(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) actions = td_store_list_staff_actions(context->store, 0, &error);
	g_autoptr(GString) notes = g_string_new(NULL);

	g_assert_no_error(error);
	for (guint i = 0; i < actions->len; i++) {
		TdStaffAction *a = g_ptr_array_index(actions, i);
		if (g_strcmp0(a->action, "patient-call-answered") == 0)
			g_string_append_printf(notes, "%s;", a->note != NULL ? a->note : "(all)");
	}
	return g_string_free(g_steal_pointer(&notes), FALSE);
}

static gboolean
td_kiosk_looked(gpointer kiosk_window)
{
	return !td_kiosk_window_call_look_pending(kiosk_window);
}

/* Two kiosks: quay-b's patient called first, then one at this station's
 * kiosk window. The line is about quay-b (waiting longest) and names the
 * other; Lan's press answers quay-b only, and the line turns to the
 * other kiosk's patient until it is answered too. */
static void
test_patient_calls_two_kiosks(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	g_autoptr(TdUiTestKiosk) kiosk = td_station_kiosk_new();
	g_autofree gchar *conf_b = td_second_kiosk_config();
	g_autofree gchar *answered_before = td_calls_answered();
	g_autofree gchar *answered = NULL;
	g_autofree gchar *expected = NULL;
	g_autofree gchar *clock_b = NULL;
	g_autofree gchar *clock_a = NULL;
	g_autofree gchar *kiosk_a = NULL;
	g_autofree gchar *both = NULL;
	g_autofree gchar *only_a = NULL;
	guint before = td_calls_stored(NULL, NULL);

	g_assert_true(td_ui_test_staff_window_unlocked(window));
	td_ui_test_station_run_child("--call-staff", conf_b, NULL);
	td_calls_stored(&clock_b, NULL);
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	g_assert_true(td_ui_test_wait_for(td_call_stored, GUINT_TO_POINTER(before + 2), 10000));
	td_calls_stored(&clock_a, &kiosk_a);
	g_assert_cmpstr(kiosk_a, !=, "quay-b");

	both = g_strdup_printf("Người bệnh ở máy tiếp đón quay-b cần nhân viên giúp lúc %s (đang nhập số căn cước). "
			       "Máy tiếp đón %s cũng có người bệnh đang chờ. Bấm vào đây khi ra giúp.",
			       clock_b, kiosk_a);
	g_assert_true(td_ui_test_wait_label(root, both, 10000));
	g_free(td_ui_test_save_png(root, "staff-app-patient-calls-two-kiosks"));

	td_ui_test_press(root, both);
	/* the answer was for quay-b: this kiosk's patient is not told
	 * someone is coming */
	only_a = g_strdup_printf("Người bệnh ở máy tiếp đón %s cần nhân viên giúp lúc %s (đang đặt thẻ lên máy đọc thẻ). "
				 "Bấm vào đây khi ra giúp.",
				 kiosk_a, clock_a);
	g_assert_true(td_ui_test_wait_label(root, only_a, 10000));
	/* the kiosk's watch has seen that answer, and looked */
	td_ui_test_wait(2 * TD_STORE_WATCH_INTERVAL_MS);
	g_assert_true(td_ui_test_wait_for(td_kiosk_looked, kiosk->window, 10000));
	g_assert_true(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Đã báo nhân viên"));
	g_assert_false(td_ui_test_find_label(GTK_WIDGET(kiosk->window), "Nhân viên đang đến"));
	td_ui_test_press(root, only_a);
	g_assert_true(td_ui_test_wait_for(td_call_line_gone, only_a, 10000));
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Nhân viên đang đến", 10000));
	g_assert_cmpuint(td_staff_console_get_calls_waiting(TD_STAFF_CONSOLE(td_staff_window_get_console(window))), ==,
			 0);

	/* each answer in the audit trail names its kiosk */
	answered = td_calls_answered();
	expected = g_strdup_printf("%skiosk quay-b;kiosk %s;", answered_before, kiosk_a);
	g_assert_cmpstr(answered, ==, expected);
}

/* The reception PC answers this station's kiosk with its clock off by
 * offset ("-5m", "+5m"). */
static void
td_answer_with_clock(const gchar *offset)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
	g_autoptr(GSubprocess) proc = NULL;
	const gchar *lib = g_getenv("TD_FAKETIME_LIB");
	g_autofree gchar *asan = NULL;

	g_assert_nonnull(lib);
	if (!g_file_test(lib, G_FILE_TEST_EXISTS))
		g_error("%s is missing: install libfaketime (.ci/install-build-deps.sh)", lib);
	g_subprocess_launcher_setenv(launcher, "LD_PRELOAD", lib, TRUE);
	g_subprocess_launcher_setenv(launcher, "FAKETIME", offset, TRUE);
	/* ASan returning memory to the system calls the clock libfaketime
	 * wraps, from inside its own lock: a hang (test-pg-offline.c too) */
	asan = g_strdup_printf("%s%sallocator_release_to_os_interval_ms=-1",
			       g_getenv("ASAN_OPTIONS") != NULL ? g_getenv("ASAN_OPTIONS") : "",
			       g_getenv("ASAN_OPTIONS") != NULL ? ":" : "");
	g_subprocess_launcher_setenv(launcher, "ASAN_OPTIONS", asan, TRUE);
	proc = g_subprocess_launcher_spawn(launcher, &error, "/proc/self/exe", "--answer-call", config_path, "quay-a",
					   NULL);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_wait_check(proc, NULL, &error));
	g_assert_no_error(error);
}

/* The kiosk tells its patient someone is coming by the audit trail's
 * order, not by comparing its clock with the reception PC's (stations
 * often have no time server): an answer from a PC five minutes behind is
 * still the answer, and one written before the press by a PC five minutes
 * ahead (to the last call) is not. */
static void
test_patient_call_clocks(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	g_autoptr(TdUiTestKiosk) kiosk = td_station_kiosk_new();
	GtkWidget *kiosk_root = GTK_WIDGET(kiosk->window);
	guint before = td_calls_stored(NULL, NULL);
	g_autofree gchar *clock = NULL;
	g_autofree gchar *line = NULL;

	g_assert_true(td_ui_test_staff_window_unlocked(window));
	/* behind: its answer's time is before the press's */
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	g_assert_true(td_ui_test_wait_for(td_call_stored, GUINT_TO_POINTER(before + 1), 10000));
	td_answer_with_clock("-5m");
	g_assert_true(td_ui_test_wait_label(kiosk_root, "Nhân viên đang đến", 10000));
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Close"));

	/* ahead: an answer written before the next press, its time after it */
	td_answer_with_clock("+5m");
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	g_assert_true(td_ui_test_wait_for(td_call_stored, GUINT_TO_POINTER(before + 2), 10000));
	td_ui_test_wait(2 * TD_STORE_WATCH_INTERVAL_MS);
	g_assert_true(td_ui_test_wait_for(td_kiosk_looked, kiosk->window, 10000));
	g_assert_true(td_ui_test_find_label(kiosk_root, "Đã báo nhân viên"));
	g_assert_false(td_ui_test_find_label(kiosk_root, "Nhân viên đang đến"));
	/* the reception console still shows that call, and answers it */
	td_calls_stored(&clock, NULL);
	line = g_strdup_printf("Người bệnh ở máy tiếp đón quay-a cần nhân viên giúp lúc %s (đang đặt thẻ lên máy đọc thẻ). "
			       "Bấm vào đây khi ra giúp.",
			       clock);
	g_assert_true(td_ui_test_wait_label(root, line, 10000));
	g_assert_cmpuint(td_staff_console_get_calls_waiting(TD_STAFF_CONSOLE(td_staff_window_get_console(window))), ==,
			 1);
	td_ui_test_press(root, line);
	g_assert_true(td_ui_test_wait_label(kiosk_root, "Nhân viên đang đến", 10000));
}

/* The reception PC locks itself after five idle minutes, and a locked
 * console reads nothing: a patient's call waited unseen until someone
 * logged in. The login page now says a patient waits (the kiosk and the
 * time, nothing of the patient), and the console's line takes over once
 * someone logs in. */
static void
test_patient_call_while_locked(void)
{
	GtkWidget *root = GTK_WIDGET(window);
	g_autoptr(TdUiTestKiosk) kiosk = td_station_kiosk_new();
	g_autofree gchar *clock = NULL;
	g_autofree gchar *locked = NULL;
	g_autofree gchar *unlocked = NULL;
	guint stored = td_calls_stored(NULL, NULL);

	td_staff_window_lock(window);
	g_assert_false(td_ui_test_staff_window_unlocked(window));
	td_ui_test_kiosk_press(kiosk, g_dgettext(GETTEXT_PACKAGE, "Call staff"));
	g_assert_true(td_ui_test_wait_for(td_call_stored, GUINT_TO_POINTER(stored + 1), 10000));
	td_calls_stored(&clock, NULL);
	locked = g_strdup_printf("Người bệnh ở máy tiếp đón quay-a cần nhân viên giúp lúc %s (đang đặt thẻ lên máy đọc thẻ). "
				 "Đăng nhập để trả lời.",
				 clock);
	/* nobody touches the PC: the watch brings it to the login page */
	g_assert_true(td_ui_test_wait_label(root, locked, 10000));
	g_free(td_ui_test_save_png(root, "staff-app-call-while-locked"));

	td_ui_test_station_login_lan(station);
	g_assert_false(td_ui_test_find_label(root, locked));
	unlocked = g_strdup_printf("Người bệnh ở máy tiếp đón quay-a cần nhân viên giúp lúc %s (đang đặt thẻ lên máy đọc thẻ). "
				   "Bấm vào đây khi ra giúp.",
				   clock);
	g_assert_true(td_ui_test_wait_label(root, unlocked, 10000));
	td_ui_test_press(root, unlocked);
	g_assert_true(td_ui_test_wait_label(GTK_WIDGET(kiosk->window), "Nhân viên đang đến", 10000));
}

int
main(int argc, char **argv)
{
	int rc = td_ui_test_station_child_main(argc, argv);

	if (rc >= 0)
		return rc;
	td_ui_test_init(&argc, &argv);
	td_i18n_set_language(TD_LANGUAGE_VI);
	station = td_ui_test_station_new("staff-calls");
	config_path = station->config_path;
	context = station->context;
	window = station->window;
	td_ui_test_station_login_lan(station);

	g_test_add_func("/ui/staff-calls/patient-call", test_patient_call);
	g_test_add_func("/ui/staff-calls/two-kiosks", test_patient_calls_two_kiosks);
	g_test_add_func("/ui/staff-calls/clocks", test_patient_call_clocks);
	g_test_add_func("/ui/staff-calls/while-locked", test_patient_call_while_locked);
	rc = g_test_run();

	td_ui_test_station_free(station);
	return rc;
}
