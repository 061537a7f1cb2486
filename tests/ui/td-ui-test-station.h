/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-kiosk-context.h"
#include "td-staff-window.h"

G_BEGIN_DECLS

/* A station as the reception PC's tiepdon-staff sees it, for the tests of
 * its window: a data folder with the station's settings (its PIN set, a
 * hashing key), its store (SQLite, or with TD_TEST_STORE=postgres a
 * database of the private PostgreSQL), Lan and Minh added with `tiepdon
 * staff add` and Minh disabled again; the staff context on those settings
 * and a locked TdStaffWindow at 1024x768. */
typedef struct {
	gchar *dir;
	gchar *config_path;
	TdKioskContext *context;
	TdStaffWindow *window;
} TdUiTestStation;

#define TD_UI_TEST_STATION_PIN "246802"
#define TD_UI_TEST_LAN_PIN     "135790"
#define TD_UI_TEST_MINH_PIN    "864200"
/* the patient whose case td_ui_test_station_child_main's --add-exception
 * stores */
#define TD_UI_TEST_NEW_PATIENT "Lê Thị Thu"

/* name: the temporary folder's and PostgreSQL database's stem. */
TdUiTestStation *td_ui_test_station_new(const gchar *name);
void td_ui_test_station_free(TdUiTestStation *station);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdUiTestStation, td_ui_test_station_free)

/* `tiepdon ARGS… NULL` (TD_TIEPDON) with stdin_text on its standard
 * input; its standard output in *out (may be NULL); its exit status. */
gint td_ui_test_run_tiepdon(const gchar *stdin_text, gchar **out, const gchar *first, ...) G_GNUC_NULL_TERMINATED;

/* Whether staff_window (a TdStaffWindow) shows its console: a
 * td_ui_test_wait_for condition. */
gboolean td_ui_test_staff_window_unlocked(gpointer staff_window);

/* Whether the station's audit trail gets, within timeout_ms, a row of
 * action by staff_name with note. */
gboolean td_ui_test_station_wait_audited(TdUiTestStation *station, const gchar *action, const gchar *staff_name,
					 const gchar *note, guint timeout_ms);

/* Lan logs in on the station's window with her PIN; waits for the
 * console. */
void td_ui_test_station_login_lan(TdUiTestStation *station);

/* What another process of the station does, run by the test program as a
 * child of itself (/proc/self/exe) so each has a store of its own:
 *   --add-exception CONF      a kiosk's check-in with a case for reception
 *                             (prints the commit's real time, µs);
 *   --call-staff CONF         a kiosk's patient presses "Gọi nhân viên";
 *   --answer-call CONF KIOSK  the reception PC answers KIOSK's call.
 * Call first in main(): returns the child's exit status, or -1 when argv
 * asks for none of these. */
gint td_ui_test_station_child_main(gint argc, gchar **argv);
/* Runs `/proc/self/exe ARGS… NULL` and waits until it exits successfully. */
void td_ui_test_station_run_child(const gchar *first, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
