/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the ATR's historical bytes carry ISO 7816-4 card capabilities
 * (compact-TLV tag 7) saying the card takes extended Lc/Le. The ATR comes
 * from the card: anything malformed is FALSE, never an over-read. */
gboolean td_pcsc_atr_announces_extended_length(const guint8 *atr, gsize atr_len);

G_END_DECLS
