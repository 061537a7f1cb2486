/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hostile card answering the file reader (td-fuzz-card-transport.h):
 * lengths, status words and Le negotiation are all under the fuzzer's
 * control. A long answer in few input bytes puts a file past 32 KiB, and
 * READ BINARY B1's answers (DO'53' then the bytes), in reach of short
 * inputs (seeds/file-read/past-32k). */
#include <stdint.h>

#include "td-chip-reader.h"
#include "td-fuzz-card-transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(TdFuzzCardTransport) transport = td_fuzz_card_transport_new(data, size);
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(GBytes) file = NULL;

	reader = td_chip_reader_new(TD_TRANSPORT(transport));
	file = td_chip_reader_read_file(reader, 0x011C, NULL, NULL);
	return 0;
}
