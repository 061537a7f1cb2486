/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The staff tests' shared steps (test-ui-staff.c, test-ui-staff-desk.c). */
#include "td-staff-console.h"
#include "td-ui-test-kiosk.h"

G_BEGIN_DECLS

/* The start of a program of reception's tests, which share one kiosk:
 * GTK under test, the kiosk in Vietnamese (the words the tests press),
 * the warnings of the faults the tests cause expected. */
TdUiTestKiosk *td_ui_test_staff_kiosk_new(int *argc, char ***argv);
/* Two patients whose insurance has a problem checked in by QR at the
 * kiosk, each sent to the desk with the card to bring: two open cases. */
void td_ui_test_staff_make_two_cases(TdUiTestKiosk *kiosk);

/* A patient the kiosk sent to the desk, stored as the kiosk stores one: a
 * genuine card, the check-in (on when's day, NULL: now) and its case. */
typedef struct {
	GDateTime *when; /* NULL: now */
	const gchar *id_number;
	const gchar *full_name;
	const gchar *date_of_birth; /* ISO, as the case keeps it */
	const gchar *reason;
	TdEligibilityVerdict eligibility;
	TdOutcome outcome;
	const gchar *const *card_warnings;
	const gchar *detail;
	const gchar *eligibility_code; /* the gateway's maKetQua, or NULL */
	TdVneidAnswer vneid;	       /* the check-in's answer (0: not asked) */
} TdUiTestCase;

/* Stored in the kiosk's store; the check-in returned, the case's id in
 * exception_id_out (may be NULL). */
TdCheckinRecord *td_ui_test_store_case(TdUiTestKiosk *kiosk, const TdUiTestCase *spec, gint64 *exception_id_out);
/* A patient checked in at the kiosk without a case (a genuine card,
 * insured), on day with that VNeID answer; the check-in returned. */
TdCheckinRecord *td_ui_test_store_visit(TdUiTestKiosk *kiosk, const gchar *day, TdVneidAnswer vneid);
/* Whether the store holds the case of exception_id open. */
gboolean td_ui_test_case_is_open(TdUiTestKiosk *kiosk, gint64 exception_id);
/* The note the store kept with the last staff action named action on the
 * case of exception_id (NULL: it has none); fails the test when there is
 * no such action. */
gchar *td_ui_test_case_action_note(TdUiTestKiosk *kiosk, gint64 exception_id, const gchar *action);
/* The staff page, its list read again: how many cases are open. */
guint td_ui_test_show_cases(TdUiTestKiosk *kiosk, TdStaffConsole *console);
/* The cases of specs (NULL-terminated) stored in order, their ids in
 * ids_out (may be NULL), the staff page shown: the list's index of the
 * first (they are the list's last). */
guint td_ui_test_show_new_cases(TdUiTestKiosk *kiosk, TdStaffConsole *console, const TdUiTestCase *const *specs,
				gint64 *ids_out);
/* Whether console (a TdStaffConsole) has nothing in flight: a
 * td_ui_test_wait_for condition. */
gboolean td_ui_test_console_idle(gpointer console);
/* "Nhập mã thẻ BHYT" and the code on the letter pad, its OK not pressed. */
void td_ui_test_key_card_code(TdUiTestKiosk *kiosk, const gchar *code);
/* "Nhập mã thẻ BHYT", the code on the letter pad, its OK, the gateway's
 * answer waited for. */
void td_ui_test_type_card_code(TdUiTestKiosk *kiosk, TdStaffConsole *console, const gchar *code);

G_END_DECLS
