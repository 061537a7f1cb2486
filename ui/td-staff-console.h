/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"

G_BEGIN_DECLS

/* Reception's screen, behind the PIN: today's exception queue with each
 * case's details and the actions that close it (through the store), a
 * manual check-in for a patient without a card, and the reader's and
 * gateway's health. Signals: "close" (back to the patient screens),
 * "dashboard", "quit" (staff ends the kiosk program). */
#define TD_TYPE_STAFF_CONSOLE (td_staff_console_get_type())
G_DECLARE_FINAL_TYPE(TdStaffConsole, td_staff_console, TD, STAFF_CONSOLE, GtkBox)

GtkWidget *td_staff_console_new(TdKioskContext *context);
/* Reloads the queue (and the health lines: run in a worker). */
void td_staff_console_refresh(TdStaffConsole *self);
/* Drops every case's personal data from the screen. */
void td_staff_console_clear(TdStaffConsole *self);
guint td_staff_console_get_n_open(TdStaffConsole *self);
/* Selects the n-th open case (its details and actions show). */
gboolean td_staff_console_select(TdStaffConsole *self, guint index);
/* What the action buttons do to the selected case: "accepted-paper-card",
 * "self-pay", "referred", "eligibility-confirmed" (after a new look-up),
 * "card-code-entered" (code from the letter pad), "vneid-assisted". */
gboolean td_staff_console_apply(TdStaffConsole *self, const gchar *action, const gchar *card_code,
				GError **error);
/* The manual path: a patient without a card, checked in by staff. Fills
 * *queue_number. */
gboolean td_staff_console_manual_checkin(TdStaffConsole *self, guint *queue_number, GError **error);

G_END_DECLS
