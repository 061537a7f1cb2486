/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hostile card answering the opening of the chip, as the kiosk opens it
 * for a patient's ID number and birth date: EF.CardAccess read and parsed,
 * PACE's MSE:Set AT and GENERAL AUTHENTICATE answers (the encrypted nonce,
 * the chip's mapping data and ephemeral key, its token), BAC's GET
 * CHALLENGE and EXTERNAL AUTHENTICATE answers, and the fallback from one to
 * the other, with GET RESPONSE chaining and 6Cxx under all of them. Every
 * answer comes from the fuzz input (td-fuzz-card-transport.h); the
 * terminal's nonces are random, so a token can never verify, but every
 * parse of the chip's bytes before it is in reach. */
#include <stdint.h>

#include "td-chip-reader.h"
#include "td-fuzz-card-transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static TdAccessKeyList *keys;
	g_autoptr(TdFuzzCardTransport) transport = td_fuzz_card_transport_new(data, size);
	g_autoptr(TdChipReader) reader = NULL;

	/* The keys a kiosk derives for one patient (PACE with the MRZ,
	 * then BAC): made once, they do not depend on the input. */
	if (keys == NULL) {
		g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 23, 0, 0, 0);
		keys = td_access_key_list_new_from_id("001090012345", "900101", "350101", today, NULL);
		g_assert(keys != NULL);
	}
	reader = td_chip_reader_new(TD_TRANSPORT(transport));
	if (td_chip_reader_open(reader, keys, NULL, NULL))
		(void)td_chip_reader_read_file(reader, 0x011D, NULL, NULL);
	return 0;
}
