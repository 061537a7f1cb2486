/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"

G_BEGIN_DECLS

/* Reception's screen, behind the PIN: today's exception queue (each case
 * with its queue number, time and reason in words; its details in
 * Vietnamese with dd/mm/yyyy dates) and the actions that close a case
 * (asked to confirm, then kept for TD_STAFF_UNDO_S seconds during which
 * "undo" takes it back; written to the store after that, or when the
 * console is left), the insurance card code typed on a letter pad, a
 * ticket printed again, a manual check-in for a patient without a card,
 * tickets that could not be printed, and the health of the reader,
 * printer and gateway. The queue follows the store as others write it
 * (the context's TdStoreWatch: a kiosk's new case shows within a second).
 * Signals: "close" (back to the patient screens; tiepdon-staff: lock),
 * "dashboard", "quit" (staff end the kiosk program, after the PIN again;
 * tiepdon-staff: the console). */
#define TD_TYPE_STAFF_CONSOLE (td_staff_console_get_type())
G_DECLARE_FINAL_TYPE(TdStaffConsole, td_staff_console, TD, STAFF_CONSOLE, GtkBox)

#define TD_STAFF_UNDO_S 60

GtkWidget *td_staff_console_new(TdKioskContext *context);
/* The reception PC's words for "close" and "quit" (lock, end the
 * console) instead of the kiosk's. */
void td_staff_console_set_desktop(TdStaffConsole *self, gboolean desktop);
/* Reloads the queue and the alerts (and the health lines: in a worker). */
void td_staff_console_refresh(TdStaffConsole *self);
/* Writes a pending action, then drops every case's personal data from the
 * screen. */
void td_staff_console_clear(TdStaffConsole *self);
/* Open cases shown (an action pending is not among them). */
guint td_staff_console_get_n_open(TdStaffConsole *self);
/* Patients' calls for staff the line shows (none answered since). */
guint td_staff_console_get_calls_waiting(TdStaffConsole *self);
/* Selects the n-th open case (its details and actions show). */
gboolean td_staff_console_select(TdStaffConsole *self, guint index);
/* A confirmed action on the selected case: "accepted-paper-card",
 * "self-pay", "referred", "patient-left", "card-code-entered" (with
 * card_code) are kept
 * pending for TD_STAFF_UNDO_S seconds, then close it;
 * "eligibility-confirmed" asks the gateway again at once and closes the
 * case when it confirms; "vneid-assisted" records the VNeID help at once
 * (the check-in's answer, an audit row) and leaves the case open for its
 * insurance. */
gboolean td_staff_console_apply(TdStaffConsole *self, const gchar *action, const gchar *card_code,
				GError **error);
/* A store call of the console's is running (in a worker: the list read,
 * a case written, a check-in by hand); the page shows "Loading…". */
gboolean td_staff_console_is_busy(TdStaffConsole *self);
/* The pending action: written now (in a worker: the case comes back to
 * the list, and the page says why, when the store fails), or taken back.
 * FALSE when none. */
gboolean td_staff_console_commit_pending(TdStaffConsole *self);
gboolean td_staff_console_undo(TdStaffConsole *self);
/* The letter pad for the card code (instead of the case's details). */
void td_staff_console_show_code_pad(TdStaffConsole *self, gboolean show);
/* The manual path: a patient without a card, checked in by staff (a new
 * number, also for someone who has one today), in a worker; the page
 * shows the number, or why there is none. Pressed again meanwhile: one
 * number. */
void td_staff_console_manual_checkin(TdStaffConsole *self);
/* The number the last check-in by hand gave (0: none yet, or it failed). */
guint td_staff_console_get_manual_number(TdStaffConsole *self);
/* A locked reception PC's line while a patient at a kiosk waits for
 * staff (the kiosk, the time, how many; no patient data), read from the
 * store in a worker run for owner (td-ui-worker.h); callback gets it from
 * td_staff_calls_line_finish(): NULL when nobody waits (or with error). */
void td_staff_calls_line_async(TdKioskContext *context, gpointer owner, GCancellable *cancellable,
			       GAsyncReadyCallback callback);
gchar *td_staff_calls_line_finish(GAsyncResult *result, GError **error);
/* Prints a stored check-in's ticket again, in a worker. */
void td_staff_console_reprint(TdStaffConsole *self, gint64 checkin_id);

G_END_DECLS
