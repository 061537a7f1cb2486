/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Feeds command APDUs into the virtual chip. Input: a mode byte, then
 * APDUs, each a 2-byte big-endian length and that many bytes (as vpcd sends
 * them). Mode bit 0 set: BAC is run first with the right key (bit 1 too:
 * PACE with the CAN instead), and each APDU that decodes is protected with
 * the terminal's session before it is sent, so the fuzzer reaches the
 * handlers behind secure messaging (chip authentication among them). */
#include "config.h"

#include <stdint.h>

#include "td-bac.h"
#include "td-lds-files.h"
#include "td-pace.h"
#include "td-sm.h"
#include "td-vchip-transport.h"
#include "td-vchip.h"

static TdVchip *chip;

static void
setup_once(void)
{
	g_autofree gchar *path = NULL;
	if (chip != NULL)
		return;
	path = g_build_filename(TD_VCHIP_PROFILES_DIR, "example.ini", NULL);
	chip = td_vchip_new_from_profile(path, NULL);
	g_assert_nonnull(chip);
}

static TdSm *
open_session(TdTransport *transport)
{
	TdAccessKey key = {.kind = TD_ACCESS_KEY_BAC};
	g_autoptr(GBytes) select = g_bytes_new_static("\x00\xA4\x04\x0C\x07\xA0\x00\x00\x02\x47\x10\x01", 12);
	g_autoptr(GBytes) resp = NULL;
	g_strlcpy(key.document_number, "058012345", sizeof key.document_number);
	g_strlcpy(key.birth_yymmdd, "580315", sizeof key.birth_yymmdd);
	g_strlcpy(key.expiry_yymmdd, "991231", sizeof key.expiry_yymmdd);
	resp = td_vchip_process_apdu(chip, select);
	return td_bac_authenticate(transport, &key, NULL, NULL);
}

static TdSm *
open_pace_session(TdTransport *transport)
{
	TdAccessKey key = {.kind = TD_ACCESS_KEY_PACE_CAN};
	g_autoptr(GBytes) file = td_vchip_get_file(chip, TD_FILE_CARD_ACCESS);
	g_autoptr(TdSecurityInfos) card_access = td_card_access_parse(file, NULL);
	g_strlcpy(key.can, "012345", sizeof key.can);
	return td_pace_authenticate(transport, card_access, &key, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(TdSm) sm = NULL;
	size_t pos = 1;

	if (size < 1)
		return 0;
	setup_once();
	transport = td_vchip_transport_new(chip); /* power-cycles the chip */
	if (data[0] & 1)
		sm = (data[0] & 2) ? open_pace_session(transport) : open_session(transport);

	while (pos + 2 <= size) {
		size_t len = ((size_t)data[pos] << 8) | data[pos + 1];
		g_autoptr(GBytes) cmd = NULL;
		g_autoptr(GBytes) resp = NULL;
		pos += 2;
		if (len > size - pos)
			len = size - pos;
		cmd = g_bytes_new(data + pos, len);
		pos += len;
		if (sm != NULL) {
			g_autoptr(TdApdu) plain = td_apdu_decode(data + pos - len, len, NULL);
			g_autoptr(TdApdu) wrapped = plain != NULL ? td_sm_wrap_command(sm, plain, NULL) : NULL;
			if (wrapped != NULL) {
				g_autoptr(GBytes) encoded = td_apdu_encode(wrapped);
				g_autoptr(TdResponse) protected_resp = NULL;
				g_autoptr(TdResponse) unwrapped = NULL;
				resp = td_vchip_process_apdu(chip, encoded);
				protected_resp = td_response_decode(resp, NULL);
				g_assert_nonnull(protected_resp);
				unwrapped = td_sm_unwrap_response(sm, protected_resp, NULL);
				continue;
			}
		}
		resp = td_vchip_process_apdu(chip, cmd);
		/* always a response with a status word */
		g_assert_cmpuint(g_bytes_get_size(resp), >=, 2);
	}
	return 0;
}
