/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Secure-messaging unwrap, both directions, on hostile bytes: the response
 * a chip sends after BAC, and the command a terminal sends the virtual
 * chip. Keys are fixed; the first byte picks the cipher and direction. */
#include <stdint.h>
#include <string.h>

#include "td-sm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const guint8 key_bytes[32] = {0x97, 0x9E, 0xC1, 0x3B, 0x1C, 0xBF, 0xE9, 0xDC, 0xD0, 0x1A, 0xB0,
					      0xFE, 0xD3, 0x07, 0xEA, 0xE5, 0xF1, 0xCB, 0x1F, 0x1F, 0xB5, 0xAD,
					      0xF2, 0x08, 0x80, 0x6B, 0x89, 0xDC, 0x57, 0x9D, 0xC1, 0xF8};
	guint8 ssc[16] = {0x88, 0x70, 0x22, 0x12, 0x0C, 0x06, 0xC2, 0x26};
	g_autoptr(TdSecret) ks_enc = NULL;
	g_autoptr(TdSecret) ks_mac = NULL;
	g_autoptr(TdSm) sm = NULL;
	g_autoptr(GError) error = NULL;
	TdSmCipherKind kind;

	if (size < 3)
		return 0;
	kind = (data[0] & 1) ? TD_SM_CIPHER_AES_128 : TD_SM_CIPHER_3DES;
	ks_enc = td_secret_new_from_data(key_bytes, 16);
	ks_mac = td_secret_new_from_data(key_bytes + 16, 16);
	sm = td_sm_new(kind, ks_enc, ks_mac, ssc, td_sm_cipher_block_size(kind));

	if (data[0] & 2) {
		g_autoptr(GBytes) raw = g_bytes_new(data + 1, size - 1);
		g_autoptr(TdResponse) resp = td_response_decode(raw, NULL);
		g_autoptr(TdResponse) plain = NULL;
		if (resp != NULL)
			plain = td_sm_unwrap_response(sm, resp, &error);
	} else {
		g_autoptr(TdApdu) cmd = td_apdu_decode(data + 1, size - 1, NULL);
		g_autoptr(TdApdu) plain = NULL;
		if (cmd != NULL)
			plain = td_sm_unwrap_command(sm, cmd, &error);
	}
	return 0;
}
