/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A large on-screen pad: a display and big keys, for the patient's 12-digit
 * ID and birth date, the staff PIN (masked), and the BHYT card code
 * (letters too, staff only). Patients never get a free-text entry. The
 * text typed is personal data or a secret: it is wiped when cleared and
 * when the pad goes. */
typedef enum {
	TD_NUMBER_PAD_DIGITS = 0,
	TD_NUMBER_PAD_MASKED = 1 << 0,	/* show dots (PIN) */
	TD_NUMBER_PAD_LETTERS = 1 << 1, /* a row of A-Z keys too */
	TD_NUMBER_PAD_DATE = 1 << 2,	/* ddmmyyyy shown as dd/mm/yyyy */
} TdNumberPadFlags;

#define TD_TYPE_NUMBER_PAD (td_number_pad_get_type())
G_DECLARE_FINAL_TYPE(TdNumberPad, td_number_pad, TD, NUMBER_PAD, GtkBox)

/* OK is enabled once at least min_length characters are typed; no more
 * than max_length are accepted. Emits "submitted" (const gchar *text) on
 * OK; the text is valid for the signal's duration only. */
GtkWidget *td_number_pad_new(guint min_length, guint max_length, TdNumberPadFlags flags);
/* The same pad asked for another kind of text (the key page's birth date
 * after the ID): clears it. */
void td_number_pad_set_format(TdNumberPad *self, guint min_length, guint max_length, TdNumberPadFlags flags);
const gchar *td_number_pad_get_text(TdNumberPad *self);
/* Types one character as the key would (digits, and A-Z with LETTERS);
 * '\b' deletes. Returns FALSE if the pad refused it. */
gboolean td_number_pad_press(TdNumberPad *self, gchar c);
/* Presses OK (what the OK key does). */
void td_number_pad_submit(TdNumberPad *self);
void td_number_pad_clear(TdNumberPad *self);
/* The text over the display, e.g. "Số căn cước (12 số)". */
void td_number_pad_set_prompt(TdNumberPad *self, const gchar *prompt);
/* Makes column (the words a page puts beside a pad, in a TdReflowBox)
 * as wide as TD_UI_COLUMN_PX at the least with the bar of the words
 * scroller it sits in (TD_UI_WORDS_BAR_PX less of its own), and narrower on a low screen
 * (td-screen-scale.h), where the pad is four keys across: under the pad
 * there is no room at all, and the page would scroll. Its words scroll
 * in their own box there, a gap kept before its bar. */
void td_number_pad_size_column(GtkWidget *column);

G_END_DECLS
