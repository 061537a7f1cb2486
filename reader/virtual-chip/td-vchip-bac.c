/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/crypto.h>
#include <string.h>

#include "td-bac.h"
#include "td-reader-error.h"
#include "td-vchip-bac.h"

TdSm *
td_vchip_bac_authenticate(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 rnd_ic[8], const guint8 k_ic[16],
			  GBytes *command_data, GBytes **answer, GError **error)
{
	guint8 s[32], r[32];
	TdSm *sm = NULL;

	*answer = NULL;
	if (!td_bac_open_cryptogram(k_enc, k_mac, command_data, s, error))
		goto out;
	/* S = RND.IFD || RND.IC || K.IFD: our challenge must be in it. */
	if (CRYPTO_memcmp(s + 8, rnd_ic, 8) != 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
				    "EXTERNAL AUTHENTICATE does not answer our challenge");
		goto out;
	}
	/* R = RND.IC || RND.IFD || K.IC */
	memcpy(r, rnd_ic, 8);
	memcpy(r + 8, s, 8);
	memcpy(r + 16, k_ic, 16);
	*answer = td_bac_seal_cryptogram(k_enc, k_mac, r, error);
	if (*answer == NULL)
		goto out;
	sm = td_bac_session_new(s + 16, k_ic, rnd_ic, s, error);
	if (sm == NULL)
		g_clear_pointer(answer, g_bytes_unref);
out:
	td_memwipe(s, sizeof(s));
	td_memwipe(r, sizeof(r));
	return sm;
}
