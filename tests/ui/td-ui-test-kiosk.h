/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-kiosk-context.h"
#include "td-daily-counts.h"
#include "td-i18n.h"
#include "td-kiosk-window.h"
#include "td-patient-view.h"
#include "td-test-stall-meter.h"

G_BEGIN_DECLS

/* The training-mode kiosk in a temporary data folder: the real session,
 * SQLite store, gateway simulator and in-process virtual chips, behind the
 * real window. */
typedef struct {
	gchar *dir;
	TdKioskContext *context;
	TdKioskWindow *window;
} TdUiTestKiosk;

/* The flows run on the smallest kiosk screen. */
#define TD_UI_TEST_WIDTH  1024
#define TD_UI_TEST_HEIGHT 768

TdUiTestKiosk *td_ui_test_kiosk_new(void);
/* The same kiosk on store (a reference is taken) instead of its SQLite
 * file: the station's PostgreSQL, say. kiosk_id: the id store's rows
 * carry, the kiosk's [station] kiosk-id (NULL: the training mode's). */
TdUiTestKiosk *td_ui_test_kiosk_new_on_store(TdStore *store, const gchar *kiosk_id);
/* A new window of width x height (the screen's size) for the same kiosk. */
void td_ui_test_kiosk_set_size(TdUiTestKiosk *kiosk, gint width, gint height);
void td_ui_test_kiosk_free(TdUiTestKiosk *kiosk);
/* For a test program whose tests share one kiosk: runs the tests added,
 * then closes the kiosk; the status for main() to return. */
int td_ui_test_kiosk_run(TdUiTestKiosk *kiosk);
/* A new window at a shape (size and text size), as a kiosk of that
 * screen shows it. */
void td_ui_test_kiosk_set_shape(TdUiTestKiosk *kiosk, gint width, gint height, gboolean large);
/* The 7" 800 x 480 panel in a mode (bit 0 large text, bit 1 the dark
 * screen) and language, showing the page case named
 * (td-ui-test-page-cases.h). */
void td_ui_test_kiosk_show_low_screen(TdUiTestKiosk *kiosk, guint mode, TdLanguage language, const gchar *case_name,
				      TdPatientView *view);
/* Back to the kiosk's own settings (Vietnamese, normal text, idle) for
 * the next test. */
void td_ui_test_kiosk_restore(TdUiTestKiosk *kiosk);
/* The kiosk sends the daily report ([report] to a server that is not
 * there, at 00:00): yesterday's figures not gone up, another machine sent
 * the station's of the day before. The dashboard's report line at its
 * longest, and its "Gửi số liệu lên ngay". */
void td_ui_test_kiosk_report_not_sent(TdUiTestKiosk *kiosk);
/* The same for the settings config (the reception PC's), its token file
 * in dir. */
void td_ui_test_report_not_sent(TdConfig *config, const gchar *dir);
/* Waits until the window shows page (fails the test after timeout_ms). */
void td_ui_test_kiosk_wait_page(TdUiTestKiosk *kiosk, TdKioskPage page, guint timeout_ms);
/* The demo profile file (reader/virtual-chip/profiles/NAME). */
gchar *td_ui_test_profile(const gchar *name);
/* Lays the profile's card on the reader (the demo panel's "insert"). */
void td_ui_test_kiosk_lay_card(TdUiTestKiosk *kiosk, const gchar *profile);
/* The same, then waits until the window asks for the key. */
void td_ui_test_kiosk_insert_card(TdUiTestKiosk *kiosk, const gchar *profile);
/* Lays the card on the reader and types id12 on the window's number pad,
 * pressing its buttons; returns once OK is pressed. */
void td_ui_test_kiosk_check_in(TdUiTestKiosk *kiosk, const gchar *profile, const gchar *id12);
/* Presses digits on the number pad on screen, then its OK. */
void td_ui_test_kiosk_type(TdUiTestKiosk *kiosk, const gchar *digits);
/* The same with the card's front QR code scanned (keyboard wedge): the
 * text goes where the wedge's Enter sends it. BAC chips need the birth
 * date, which only the QR code carries. */
void td_ui_test_kiosk_check_in_qr(TdUiTestKiosk *kiosk, const gchar *profile, const gchar *qr_text);
/* The front of le-minh-khoa.ini's card: a boy of 12, a BAC-only chip. */
#define TD_UI_TEST_KHOA_QR "048212001122||Lê Minh Khoa|20112012|Nam|45 Đường Âu Cơ, Đà Nẵng|15012024"
/* His card checked in by its QR code, up to the ticket page. */
void td_ui_test_kiosk_check_in_khoa(TdUiTestKiosk *kiosk);
/* Until the session's work (card, network, the VNeID answer's write) is done. */
void td_ui_test_kiosk_wait_quiet(TdUiTestKiosk *kiosk);
/* From the ticket page: on to the VNeID question, answered "already in
 * VNeID" (in the language on screen); the page then offers "done". */
void td_ui_test_kiosk_answer_vneid(TdUiTestKiosk *kiosk);
/* The same, then "done": back to idle with the answer written. */
void td_ui_test_kiosk_finish(TdUiTestKiosk *kiosk);
/* Runs sql on the kiosk's SQLite file through a connection of its own,
 * as another process (a kiosk beside it, a damaged disk) would. */
void td_ui_test_kiosk_exec_sql(TdUiTestKiosk *kiosk, const gchar *sql);
/* Today's figures from the kiosk's store. */
TdDailyCounts *td_ui_test_kiosk_today(TdUiTestKiosk *kiosk);
/* A patient view as the ticket page gets it: Nguyễn Văn An (ông),
 * insured, registered here, number 17. */
void td_ui_test_view_ticket(TdPatientView *view);
/* Presses the visible button labelled text (fails if there is none). */
void td_ui_test_kiosk_press(TdUiTestKiosk *kiosk, const gchar *text);

/* The stall meter (td-test-stall-meter.h) on the kiosk's main loop,
 * naming the session's state at the longest gap; start_on for any window
 * (session may be NULL, as in tiepdon-staff). */
TdTestStallMeter *td_ui_test_stall_meter_start(TdUiTestKiosk *kiosk);
TdTestStallMeter *td_ui_test_stall_meter_start_on(TdCheckinSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdUiTestKiosk, td_ui_test_kiosk_free)

G_END_DECLS
