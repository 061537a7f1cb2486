/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-i18n.h"
#include "td-id-hash.h"
#include "td-kiosk-context.h"
#include "td-report.h"
#include "td-staff-pin.h"
#include "td-store-open.h"
#include "td-test-files.h"
#include "td-test-postgres.h"
#include "td-ui-test-station.h"
#include "td-ui-test-util.h"

gint
td_ui_test_run_tiepdon(const gchar *stdin_text, gchar **out, const gchar *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *err = NULL;
	va_list ap;

	g_ptr_array_add(argv, (gpointer)g_getenv("TD_TIEPDON"));
	va_start(ap, first);
	for (const gchar *arg = first; arg != NULL; arg = va_arg(ap, const gchar *))
		g_ptr_array_add(argv, (gpointer)arg);
	va_end(ap);
	g_ptr_array_add(argv, NULL);
	proc = g_subprocess_newv((const gchar *const *)argv->pdata,
				 G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
				     G_SUBPROCESS_FLAGS_STDERR_PIPE,
				 &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, stdin_text, NULL, out, &err, &error));
	g_assert_no_error(error);
	if (err != NULL && err[0] != '\0')
		g_test_message("tiepdon %s: %s", first, err);
	return g_subprocess_get_exit_status(proc);
}

/* The settings, the hashing key and the store; Lan and Minh added with
 * the command, Minh disabled again. */
static void
td_ui_test_station_make(TdUiTestStation *station, const gchar *name)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *key = NULL;
	g_autofree gchar *hash = td_staff_pin_hash(TD_UI_TEST_STATION_PIN, &error);
	g_autofree gchar *text = NULL;
	g_autofree gchar *storage = NULL;
	g_autofree gchar *template = g_strdup_printf("tiepdon-%s-XXXXXX", name);

	g_assert_no_error(error);
	station->dir = g_dir_make_tmp(template, &error);
	g_assert_no_error(error);
	key = g_build_filename(station->dir, "id-hash.key", NULL);
	g_assert_true(td_id_hash_key_create(key, &error));
	g_assert_no_error(error);
	station->config_path = g_build_filename(station->dir, "tiepdon.conf", NULL);
	if (g_strcmp0(g_getenv("TD_TEST_STORE"), "postgres") == 0) {
		g_autofree gchar *database = g_strdelimit(g_strdup(name), "-", '_');
		g_autofree gchar *conninfo = td_test_pg_create_database(database);
		storage = g_strdup_printf("url=%s\njournal=%s/journal.db", conninfo, station->dir);
	} else {
		storage = g_strdup_printf("path=%s/tiepdon.db", station->dir);
	}
	text = g_strdup_printf("[station]\ncode=01001\nname=Trạm Y tế xã A\nid-hash-key-file=id-hash.key\n"
			       "id-hash-cost=10\nkiosk-id=quay-le-tan\noffline-letter=R\n[storage]\n%s\n[staff]\npin-hash=%s\n",
			       storage, hash);
	td_test_write_settings(station->config_path, text);

	g_assert_cmpint(td_ui_test_run_tiepdon(TD_UI_TEST_LAN_PIN "\n" TD_UI_TEST_LAN_PIN "\n", NULL, "staff", "add",
					       "--config", station->config_path, "Lan", NULL),
			==, 0);
	/* Lan opens the manager's dashboard */
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "set-role", "--config", station->config_path, "Lan",
					       "manager", NULL),
			==, 0);
	g_assert_cmpint(td_ui_test_run_tiepdon(TD_UI_TEST_MINH_PIN "\n" TD_UI_TEST_MINH_PIN "\n", NULL, "staff", "add",
					       "--config", station->config_path, "Minh", NULL),
			==, 0);
	g_assert_cmpint(td_ui_test_run_tiepdon(NULL, NULL, "staff", "disable", "--config", station->config_path, "Minh",
					       NULL),
			==, 0);
}

TdUiTestStation *
td_ui_test_station_new(const gchar *name)
{
	TdUiTestStation *station = g_new0(TdUiTestStation, 1);
	g_autoptr(GError) error = NULL;

	td_ui_test_station_make(station, name);
	station->context = td_kiosk_context_new_for_staff(station->config_path, &error);
	g_assert_no_error(error);
	station->window = g_object_ref_sink(td_staff_window_new(NULL, station->context, TD_STAFF_WINDOW_LOCK_S));
	td_ui_test_present_at(GTK_WINDOW(station->window), 1024, 768);
	return station;
}

void
td_ui_test_station_free(TdUiTestStation *station)
{
	gtk_window_destroy(GTK_WINDOW(station->window));
	g_object_unref(station->window);
	td_kiosk_context_free(station->context);
	td_test_remove_tree(station->dir);
	g_free(station->dir);
	g_free(station->config_path);
	g_free(station);
}

gboolean
td_ui_test_staff_window_unlocked(gpointer staff_window)
{
	return !td_staff_window_is_locked(staff_window);
}

void
td_ui_test_station_login_lan(TdUiTestStation *station)
{
	GtkWidget *root = GTK_WIDGET(station->window);

	td_ui_test_press(root, "Lan");
	td_ui_test_type(root, TD_UI_TEST_LAN_PIN);
	g_assert_true(td_ui_test_wait_for(td_ui_test_staff_window_unlocked, station->window, 2000));
}

/* As a kiosk would, in a process of its own: one check-in with a case for
 * reception, committed; prints the commit's time (real µs). */
static gint
td_child_add_exception(const gchar *conf)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(conf, &error);
	g_autoptr(TdStore) store = NULL;
	g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	g_autofree gchar *today = td_report_today();

	g_assert_no_error(error);
	/* the kiosk's way to its store: SQLite's file or the station's
	 * PostgreSQL */
	store = td_store_open_configured(config, TD_STORE_OPEN_WRITABLE, &error);
	g_assert_no_error(error);
	g_strlcpy(rec->day, today, sizeof(rec->day));
	rec->card_verdict = TD_CARD_VERDICT_GENUINE;
	rec->eligibility = TD_ELIGIBILITY_NOT_FOUND;
	rec->outcome = TD_OUTCOME_SEE_STAFF;
	exc->full_name = g_strdup(TD_UI_TEST_NEW_PATIENT);
	exc->id_number = g_strdup("001190012345");
	exc->date_of_birth = g_strdup("1990-05-17");
	exc->reason = g_strdup("insurance-not-found");
	g_assert_true(td_store_record_checkin(store, rec, exc, &error));
	g_assert_no_error(error);
	g_print("%" G_GINT64_FORMAT "\n", g_get_real_time());
	return 0;
}

/* As another kiosk of the station would (one store per database per
 * process): its patient presses "Gọi nhân viên" on the ID-number page.
 * conf is the station's settings with that kiosk's kiosk-id. */
static gint
td_child_call_staff(const gchar *conf)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(conf, &error);
	g_autoptr(TdStore) store = NULL;

	g_assert_no_error(error);
	store = td_store_open_configured(config, TD_STORE_OPEN_WRITABLE, &error);
	g_assert_no_error(error);
	/* what the kiosk window writes (td_call_staff_cb) */
	g_assert_true(td_store_record_staff_action_as(store, 0, TD_KIOSK_ACTION_PATIENT_CALLED_STAFF, 0, 0, "page key",
						      &error));
	g_assert_no_error(error);
	return 0;
}

/* As the reception PC would (whose clock a test sets with libfaketime):
 * staff answer kiosk's call. */
static gint
td_child_answer_call(const gchar *conf, const gchar *kiosk)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(conf, &error);
	g_autoptr(TdStore) store = NULL;
	g_autofree gchar *note = td_kiosk_call_answer_note(kiosk);

	g_assert_no_error(error);
	store = td_store_open_configured(config, TD_STORE_OPEN_WRITABLE, &error);
	g_assert_no_error(error);
	g_assert_true(td_store_record_staff_action_as(store, 0, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED, 0, 0, note,
						      &error));
	g_assert_no_error(error);
	return 0;
}

gint
td_ui_test_station_child_main(gint argc, gchar **argv)
{
	if (argc == 3 && strcmp(argv[1], "--add-exception") == 0)
		return td_child_add_exception(argv[2]);
	if (argc == 3 && strcmp(argv[1], "--call-staff") == 0)
		return td_child_call_staff(argv[2]);
	if (argc == 4 && strcmp(argv[1], "--answer-call") == 0)
		return td_child_answer_call(argv[2], argv[3]);
	return -1;
}

void
td_ui_test_station_run_child(const gchar *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	va_list ap;

	g_ptr_array_add(argv, (gpointer) "/proc/self/exe");
	va_start(ap, first);
	for (const gchar *arg = first; arg != NULL; arg = va_arg(ap, const gchar *))
		g_ptr_array_add(argv, (gpointer)arg);
	va_end(ap);
	g_ptr_array_add(argv, NULL);
	proc = g_subprocess_newv((const gchar *const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_wait_check(proc, NULL, &error));
	g_assert_no_error(error);
}

typedef struct {
	TdStore *store;
	const gchar *action;
	const gchar *staff_name;
	const gchar *note;
} TdAuditWait;

static gboolean
td_audited(gpointer data)
{
	TdAuditWait *wait = data;
	g_autoptr(GPtrArray) trail = td_store_list_staff_actions(wait->store, 0, NULL);

	for (guint i = 0; trail != NULL && i < trail->len; i++) {
		const TdStaffAction *action = g_ptr_array_index(trail, i);
		if (g_strcmp0(action->action, wait->action) == 0 && g_strcmp0(action->staff_name, wait->staff_name) == 0 &&
		    g_strcmp0(action->note, wait->note) == 0)
			return TRUE;
	}
	return FALSE;
}

gboolean
td_ui_test_station_wait_audited(TdUiTestStation *station, const gchar *action, const gchar *staff_name,
				const gchar *note, guint timeout_ms)
{
	TdAuditWait wait = {station->context->store, action, staff_name, note};
	return td_ui_test_wait_for(td_audited, &wait, timeout_ms);
}
