/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The staff PIN, on a masked number pad (the kiosk has no keyboard).
 * Checking it is left to a function (td-staff-pin in the core: hash, and
 * lock-out after repeated failures kept in the store, so a restart does
 * not reset it). Emits "unlocked" and "cancel". */
typedef enum {
	TD_PIN_ACCEPTED,
	TD_PIN_WRONG,
	TD_PIN_LOCKED, /* too many failures: *wait_s until the next try */
	TD_PIN_NOT_SET,
} TdPinVerdict;

typedef TdPinVerdict (*TdPinVerifyFunc)(const gchar *pin, guint *wait_s, gpointer user_data);

#define TD_TYPE_PIN_PAGE (td_pin_page_get_type())
G_DECLARE_FINAL_TYPE(TdPinPage, td_pin_page, TD, PIN_PAGE, GtkBox)

GtkWidget *td_pin_page_new(void);
void td_pin_page_set_verify_func(TdPinPage *self, TdPinVerifyFunc func, gpointer user_data);
/* Empties the pad and the message; the title asks for the console again. */
void td_pin_page_reset(TdPinPage *self);
/* What the PIN opens, said in the title (after td_pin_page_reset()). */
void td_pin_page_set_purpose(TdPinPage *self, const gchar *title);
/* As if typed and OK pressed (tests). */
void td_pin_page_enter(TdPinPage *self, const gchar *pin);
const gchar *td_pin_page_get_message(TdPinPage *self);

G_END_DECLS
