/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>

#include "td-transport.h"

G_BEGIN_DECLS

/* A hostile card for the fuzz targets that talk to one: every response
 * APDU comes from the fuzz input (2-byte length, then the bytes), so
 * lengths, status words (61xx, 6Cxx, 63xx), data objects and Le
 * negotiation are all under the fuzzer's control. A length with its top
 * bit set stands for a long answer in few input bytes: a count byte and
 * that many bytes from the input, then (length & 0x7fff) zero bytes, then
 * a 2-byte status word from the input. Past the input's end the card is
 * gone (TD_READER_ERROR_CARD_REMOVED), as it is after 2000 answers.
 * Inputs of an odd length offer extended length, the others do not.
 *
 * TD_FUZZ_TRACE=1 in the environment prints the exchange, for making
 * seeds. */
#define TD_TYPE_FUZZ_CARD_TRANSPORT (td_fuzz_card_transport_get_type())
G_DECLARE_FINAL_TYPE(TdFuzzCardTransport, td_fuzz_card_transport, TD, FUZZ_CARD_TRANSPORT, TdTransport)

/* data must outlive the transport. */
TdFuzzCardTransport *td_fuzz_card_transport_new(const uint8_t *data, size_t size);

G_END_DECLS
