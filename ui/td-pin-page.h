/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"

G_BEGIN_DECLS

/* The staff login: the staff member's name (a button each, shown when the
 * station has more than one account that can log in) and their PIN, on a
 * masked number pad (the kiosk has no keyboard). Checked by td-staff-pin
 * against the context's store and settings (hash, lock-out per account
 * and overall kept in the store, so a restart does not reset it), in a
 * worker: the pad waits meanwhile ("Checking the PIN…"), and a PIN typed
 * again before the answer is not checked twice. The accounts are read in
 * a worker too, and again when the context's store watch says the
 * database is back after it could not give them. Emits
 * "unlocked" (td_pin_page_get_staff_id says who) and "cancel". */
typedef enum {
	TD_PIN_ACCEPTED,
	TD_PIN_WRONG,
	TD_PIN_LOCKED, /* too many failures: *wait_s until the next try */
	TD_PIN_NOT_SET,
	TD_PIN_NO_NAME, /* several accounts, none chosen */
	TD_PIN_NO_DATABASE, /* the store failed (out of reach): nothing was checked */
} TdPinVerdict;

#define TD_TYPE_PIN_PAGE (td_pin_page_get_type())
G_DECLARE_FINAL_TYPE(TdPinPage, td_pin_page, TD, PIN_PAGE, GtkBox)

GtkWidget *td_pin_page_new(void);
/* The store and settings the PIN is checked against (borrowed). */
void td_pin_page_set_context(TdPinPage *self, TdKioskContext *context);
/* Empties the pad, the message and the name chosen, and lists the
 * accounts again; the title asks for the console again. */
void td_pin_page_reset(TdPinPage *self);
/* Whether the page offers "Back" (the reception PC's login has nowhere
 * to go back to). */
void td_pin_page_set_cancel_visible(TdPinPage *self, gboolean visible);
/* The account whose PIN was accepted last (0 before), and its name. */
gint64 td_pin_page_get_staff_id(TdPinPage *self);
const gchar *td_pin_page_get_staff_name(TdPinPage *self);
/* The account let in may open the manager's dashboard (TdStaffMember) */
gboolean td_pin_page_get_staff_is_manager(TdPinPage *self);
/* The accounts are being read, or a PIN checked. */
gboolean td_pin_page_is_busy(TdPinPage *self);
/* Number of names offered (0 or 1: the chooser is hidden). */
guint td_pin_page_get_n_accounts(TdPinPage *self);
/* What the PIN opens, said in the title (after td_pin_page_reset()). */
void td_pin_page_set_purpose(TdPinPage *self, const gchar *title);
/* As if typed and OK pressed (tests). */
void td_pin_page_enter(TdPinPage *self, const gchar *pin);
const gchar *td_pin_page_get_message(TdPinPage *self);

G_END_DECLS
