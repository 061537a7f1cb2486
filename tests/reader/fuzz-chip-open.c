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

	/* The keys the kiosk derives from an ID number and a birth date
	 * typed whole: PACE with the CAN, then BAC with each expiry date the
	 * renewal rule allows, so a refused BAC key and the next one are in
	 * reach. Made once: they do not depend on the input. No input opens
	 * the chip (BAC's and PACE's answers are MACed over the terminal's
	 * random nonces), so nothing is read after. */
	if (keys == NULL) {
		g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 23, 0, 0, 0);
		keys = td_access_key_list_new_from_birth_date("001090012345", 1, 1, 1990, today, NULL);
		g_assert(keys != NULL && td_access_key_list_get_length(keys) > 2);
	}
	reader = td_chip_reader_new(TD_TRANSPORT(transport));
	g_assert_false(td_chip_reader_open(reader, keys, NULL, NULL));
	return 0;
}
