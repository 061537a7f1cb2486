/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ATR comes from the card: its parser must not read past the end. */
#include "config.h"

#include <stdint.h>

#include "td-pcsc-atr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy so ASan sees any over-read */
	guint8 *atr = g_memdup2(data, size);
	(void)td_pcsc_atr_announces_extended_length(atr, size);
	g_free(atr);
	return 0;
}
