/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The idle screen's picture: a card reader with the chip ID card laid flat
 * on it and an arrow, drawn with cairo so it scales and needs no image
 * file. Decorative: hidden from the accessibility tree (the text beside it
 * says the same). */
GtkWidget *td_card_illustration_new(void);
/* The arrow up, off the reader: a card left behind, to be taken. */
void td_card_illustration_set_lifting(GtkWidget *illustration, gboolean lifting);

G_END_DECLS
