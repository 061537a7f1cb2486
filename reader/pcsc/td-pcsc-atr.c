/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-pcsc-atr.h"

/* ISO 7816-4 8.1.1: the historical bytes of the ATR may carry a compact-TLV
 * "card capabilities" object (tag 7) whose third byte says, in b7, that the
 * card takes extended Lc and Le fields. Returns FALSE on anything that does
 * not parse: the ATR comes from the card and is not trusted. */
gboolean
td_pcsc_atr_announces_extended_length(const guint8 *atr, gsize atr_len)
{
	gsize pos = 1; /* skip TS */
	guint8 y;
	gsize historical_len;

	if (atr_len < 2)
		return FALSE;
	y = atr[pos] >> 4;
	historical_len = atr[pos] & 0x0F;
	pos++;
	/* interface bytes: TAi, TBi, TCi present per bits of Y, then TDi */
	for (;;) {
		gboolean has_td = (y & 0x8) != 0;
		pos += (gsize)((y & 0x1) != 0) + ((y & 0x2) != 0) + ((y & 0x4) != 0);
		if (!has_td)
			break;
		if (pos >= atr_len)
			return FALSE;
		y = atr[pos] >> 4;
		pos++;
	}
	if (pos + historical_len > atr_len || historical_len < 1)
		return FALSE;

	/* category indicator 0x00 (status in the last three bytes) or 0x80
	 * (optional status object): the rest is compact-TLV */
	if (atr[pos] != 0x00 && atr[pos] != 0x80)
		return FALSE;
	{
		gsize end = pos + historical_len;
		gsize p = pos + 1;
		if (atr[pos] == 0x00) {
			if (historical_len < 4)
				return FALSE;
			end -= 3;
		}
		while (p < end) {
			guint8 tag = atr[p] >> 4;
			gsize len = atr[p] & 0x0F;
			p++;
			if (p + len > end)
				return FALSE;
			if (tag == 0x7 && len >= 3)
				return (atr[p + 2] & 0x40) != 0;
			p += len;
		}
	}
	return FALSE;
}
