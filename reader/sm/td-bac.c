/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Basic Access Control (ICAO 9303-11 §4.3): the terminal's exchange and the
 * primitives the card side (reader/virtual-chip) shares. */
#include "config.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "td-bac.h"
#include "td-reader-error.h"

TdSecret *
td_kdf_3des(const guint8 *seed, gsize seed_len, guint32 counter)
{
	guint8 c[4] = {counter >> 24, counter >> 16, counter >> 8, counter};
	guint8 digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	TdSecret *key = NULL;

	if (ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) && EVP_DigestUpdate(ctx, seed, seed_len) &&
	    EVP_DigestUpdate(ctx, c, 4) && EVP_DigestFinal_ex(ctx, digest, &digest_len)) {
		key = td_secret_new_from_data(digest, 16);
		td_des_adjust_parity(key->data, key->len);
	}
	EVP_MD_CTX_free(ctx);
	OPENSSL_cleanse(digest, sizeof(digest));
	return key;
}

TdSecret *
td_bac_key_seed(const gchar *mrz_information)
{
	guint8 digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len = 0;
	TdSecret *seed = NULL;

	if (EVP_Digest(mrz_information, strlen(mrz_information), digest, &digest_len, EVP_sha1(), NULL))
		seed = td_secret_new_from_data(digest, 16);
	OPENSSL_cleanse(digest, sizeof(digest));
	return seed;
}

GBytes *
td_bac_seal_cryptogram(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 s[32], GError **error)
{
	guint8 out[40];
	g_autoptr(GByteArray) padded = g_byte_array_sized_new(40);

	if (!td_sm_cipher_encrypt(TD_SM_CIPHER_3DES, k_enc, NULL, s, 32, out, error))
		return NULL;
	g_byte_array_append(padded, out, 32);
	td_sm_pad(padded, 8);
	if (!td_sm_cipher_mac(TD_SM_CIPHER_3DES, k_mac, padded->data, padded->len, out + 32, error))
		return NULL;
	return g_bytes_new(out, sizeof(out));
}

gboolean
td_bac_open_cryptogram(const TdSecret *k_enc, const TdSecret *k_mac, GBytes *cryptogram, guint8 s[32], GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(cryptogram, &len);
	g_autoptr(GByteArray) padded = g_byte_array_sized_new(40);
	guint8 mac[8];

	if (len != 40) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
			    "mutual authentication data of %" G_GSIZE_FORMAT " bytes, expected 40", len);
		return FALSE;
	}
	g_byte_array_append(padded, data, 32);
	td_sm_pad(padded, 8);
	if (!td_sm_cipher_mac(TD_SM_CIPHER_3DES, k_mac, padded->data, padded->len, mac, error))
		return FALSE;
	if (CRYPTO_memcmp(mac, data + 32, 8) != 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
				    "mutual authentication checksum does not match: wrong access key");
		return FALSE;
	}
	return td_sm_cipher_decrypt(TD_SM_CIPHER_3DES, k_enc, NULL, data, 32, s, error);
}

TdSm *
td_bac_session_new(const guint8 k_ifd[16], const guint8 k_ic[16], const guint8 rnd_ic[8], const guint8 rnd_ifd[8],
		   GError **error)
{
	guint8 seed[16];
	guint8 ssc[8];
	g_autoptr(TdSecret) ks_enc = NULL;
	g_autoptr(TdSecret) ks_mac = NULL;

	for (guint i = 0; i < 16; i++)
		seed[i] = k_ifd[i] ^ k_ic[i];
	ks_enc = td_kdf_3des(seed, 16, 1);
	ks_mac = td_kdf_3des(seed, 16, 2);
	OPENSSL_cleanse(seed, sizeof(seed));
	memcpy(ssc, rnd_ic + 4, 4);
	memcpy(ssc + 4, rnd_ifd + 4, 4);
	if (ks_enc == NULL || ks_mac == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "session key derivation failed");
		return NULL;
	}
	return td_sm_new(TD_SM_CIPHER_3DES, ks_enc, ks_mac, ssc, 8);
}

GBytes *
td_bac_build_external_authenticate(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 rnd_ic[8],
				   const guint8 rnd_ifd[8], const guint8 k_ifd[16], GError **error)
{
	guint8 s[32];
	GBytes *result;

	memcpy(s, rnd_ifd, 8);
	memcpy(s + 8, rnd_ic, 8);
	memcpy(s + 16, k_ifd, 16);
	result = td_bac_seal_cryptogram(k_enc, k_mac, s, error);
	OPENSSL_cleanse(s, sizeof(s));
	return result;
}

TdSm *
td_bac_finish(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 rnd_ic[8], const guint8 rnd_ifd[8],
	      const guint8 k_ifd[16], GBytes *chip_answer, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	guint8 r[32];
	TdSm *sm = NULL;

	/* the chip answered 9000 to our cryptogram: it checked it, so it has
	 * the key. An answer of its that does not verify, or does not give
	 * both nonces back, is no wrong key (typing the number again would
	 * not help) but a chip that cannot prove it knows the key. An
	 * answer of the wrong size says nothing of the key: cut short on
	 * the way, or a chip that does not speak BAC as 9303 writes it */
	if (g_bytes_get_size(chip_answer) != 40) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
			    "BAC: the chip's mutual authentication answer is %" G_GSIZE_FORMAT " bytes, not 40",
			    g_bytes_get_size(chip_answer));
		goto out;
	}
	if (!td_bac_open_cryptogram(k_enc, k_mac, chip_answer, r, &error_local)) {
		if (!g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			goto out;
		}
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CHIP_NOT_AUTHENTIC,
			    "BAC: the chip took the access key, but its answer does not verify (%s): not a genuine "
			    "chip, or a faulty one",
			    error_local->message);
		goto out;
	}
	/* R = RND.IC || RND.IFD || K.IC: both nonces must come back. */
	if (CRYPTO_memcmp(r, rnd_ic, 8) != 0 || CRYPTO_memcmp(r + 8, rnd_ifd, 8) != 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CHIP_NOT_AUTHENTIC,
				    "BAC: the chip's mutual authentication answer does not echo our challenge: not a "
				    "genuine chip, or a faulty one");
		goto out;
	}
	sm = td_bac_session_new(k_ifd, r + 16, rnd_ic, rnd_ifd, error);
out:
	OPENSSL_cleanse(r, sizeof(r));
	return sm;
}

TdSm *
td_bac_authenticate(TdTransport *transport, const TdAccessKey *key, GCancellable *cancellable, GError **error)
{
	g_autofree gchar *mrz_info = NULL;
	g_autoptr(TdSecret) seed = NULL;
	g_autoptr(TdSecret) k_enc = NULL;
	g_autoptr(TdSecret) k_mac = NULL;
	g_autoptr(TdApdu) get_challenge = td_apdu_new(0x00, 0x84, 0x00, 0x00, NULL, 8);
	g_autoptr(TdApdu) ext_auth = NULL;
	g_autoptr(TdResponse) resp = NULL;
	g_autoptr(GBytes) cryptogram = NULL;
	guint8 rnd_ic[8], rnd_ifd[8], k_ifd[16];
	TdSm *sm = NULL;

	g_return_val_if_fail(key->kind == TD_ACCESS_KEY_BAC, NULL);

	mrz_info = td_access_key_mrz_information(key);
	seed = td_bac_key_seed(mrz_info);
	td_memwipe(mrz_info, strlen(mrz_info));
	if (seed == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "SHA-1 failed");
		return NULL;
	}
	k_enc = td_kdf_3des(seed->data, seed->len, 1);
	k_mac = td_kdf_3des(seed->data, seed->len, 2);

	resp = td_transport_transmit(transport, get_challenge, cancellable, error);
	if (resp == NULL)
		return NULL;
	if (resp->sw != TD_SW_OK || g_bytes_get_size(resp->data) != 8) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_STATUS,
			    "GET CHALLENGE answered %04X (%s)", resp->sw, td_sw_describe(resp->sw));
		return NULL;
	}
	memcpy(rnd_ic, g_bytes_get_data(resp->data, NULL), 8);
	g_clear_pointer(&resp, td_response_free);

	if (RAND_bytes(rnd_ifd, sizeof(rnd_ifd)) != 1 || RAND_bytes(k_ifd, sizeof(k_ifd)) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "no random numbers");
		goto out;
	}
	cryptogram = td_bac_build_external_authenticate(k_enc, k_mac, rnd_ic, rnd_ifd, k_ifd, error);
	if (cryptogram == NULL)
		goto out;
	ext_auth = td_apdu_new(0x00, 0x82, 0x00, 0x00, cryptogram, 40);
	resp = td_transport_transmit(transport, ext_auth, cancellable, error);
	if (resp == NULL)
		goto out;
	if (resp->sw != TD_SW_OK) {
		/* 6300 is what 9303 chips answer to a wrong MRZ key; 6982 and
		 * 6A80 are seen too. Any refusal here means the key. */
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
			    "the chip refused the access key (%04X)", resp->sw);
		goto out;
	}
	sm = td_bac_finish(k_enc, k_mac, rnd_ic, rnd_ifd, k_ifd, resp->data, error);
out:
	OPENSSL_cleanse(k_ifd, sizeof(k_ifd));
	OPENSSL_cleanse(rnd_ifd, sizeof(rnd_ifd));
	return sm;
}
