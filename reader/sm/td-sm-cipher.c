/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The block-cipher half of secure messaging: 2-key 3DES with the ISO 9797-1
 * retail MAC (BAC), AES with CMAC (PACE, chip authentication). Everything
 * through OpenSSL 3's EVP interfaces; single DES is in OpenSSL's legacy
 * provider, so the retail MAC is built from 3DES with repeated keys
 * (E_K = EDE with K1 = K2 = K), which the default provider has. */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-sm.h"

static gboolean
set_openssl_error(GError **error, const gchar *what)
{
	gchar buf[256] = "";
	unsigned long code = ERR_get_error();
	if (code != 0)
		ERR_error_string_n(code, buf, sizeof(buf));
	ERR_clear_error();
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "%s failed%s%s", what, buf[0] ? ": " : "", buf);
	return FALSE;
}

static const gchar *
cbc_cipher_name(TdSmCipherKind kind, gsize key_len)
{
	switch (kind) {
	case TD_SM_CIPHER_3DES:
		return key_len == 24 ? "DES-EDE3-CBC" : "DES-EDE-CBC";
	case TD_SM_CIPHER_AES_128:
		return "AES-128-CBC";
	case TD_SM_CIPHER_AES_192:
		return "AES-192-CBC";
	case TD_SM_CIPHER_AES_256:
		return "AES-256-CBC";
	}
	return NULL;
}

static gsize
block_size_for(TdSmCipherKind kind)
{
	return kind == TD_SM_CIPHER_3DES ? 8 : 16;
}

static gboolean
check_key(TdSmCipherKind kind, const TdSecret *key, GError **error)
{
	gsize expected = 16;
	if (kind == TD_SM_CIPHER_AES_192)
		expected = 24;
	else if (kind == TD_SM_CIPHER_AES_256)
		expected = 32;
	if (key->len == expected || (kind == TD_SM_CIPHER_3DES && key->len == 24))
		return TRUE;
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "key of %" G_GSIZE_FORMAT " bytes does not fit the cipher",
		    key->len);
	return FALSE;
}

static gboolean
cbc_crypt(const gchar *cipher_name, gboolean encrypt, const guint8 *key, const guint8 *iv, const guint8 *in, gsize len,
	  guint8 *out, GError **error)
{
	EVP_CIPHER *cipher = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	guint8 zero_iv[16] = {0};
	int outl = 0, finl = 0;
	gboolean ok = FALSE;

	cipher = EVP_CIPHER_fetch(NULL, cipher_name, NULL);
	ctx = EVP_CIPHER_CTX_new();
	if (cipher == NULL || ctx == NULL) {
		set_openssl_error(error, cipher_name);
		goto out;
	}
	if (len % (gsize)EVP_CIPHER_get_block_size(cipher) != 0 || len > G_MAXINT) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "%s: %" G_GSIZE_FORMAT " bytes is not whole blocks",
			    cipher_name, len);
		goto out;
	}
	if (!EVP_CipherInit_ex2(ctx, cipher, key, iv != NULL ? iv : zero_iv, encrypt ? 1 : 0, NULL) ||
	    !EVP_CIPHER_CTX_set_padding(ctx, 0) || !EVP_CipherUpdate(ctx, out, &outl, in, (int)len) ||
	    !EVP_CipherFinal_ex(ctx, out + outl, &finl)) {
		set_openssl_error(error, cipher_name);
		goto out;
	}
	ok = TRUE;
out:
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(cipher);
	return ok;
}

gboolean
td_sm_cipher_encrypt(TdSmCipherKind kind, const TdSecret *key, const guint8 *iv, const guint8 *in, gsize len, guint8 *out,
		     GError **error)
{
	if (!check_key(kind, key, error))
		return FALSE;
	return cbc_crypt(cbc_cipher_name(kind, key->len), TRUE, key->data, iv, in, len, out, error);
}

gboolean
td_sm_cipher_decrypt(TdSmCipherKind kind, const TdSecret *key, const guint8 *iv, const guint8 *in, gsize len, guint8 *out,
		     GError **error)
{
	if (!check_key(kind, key, error))
		return FALSE;
	return cbc_crypt(cbc_cipher_name(kind, key->len), FALSE, key->data, iv, in, len, out, error);
}

/* ISO 9797-1 MAC algorithm 3 with DES: CBC-MAC under Ka over every block,
 * the last block then decrypted under Kb and encrypted under Ka — i.e. the
 * last block goes through 2-key 3DES. */
static gboolean
retail_mac(const TdSecret *key, const guint8 *data, gsize len, guint8 out[8], GError **error)
{
	guint8 ka_twice[16];
	guint8 h[8] = {0};
	guint8 block[8];
	gboolean ok = FALSE;

	if (len == 0 || len % 8 != 0) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "MAC input of %" G_GSIZE_FORMAT " bytes is not padded",
			    len);
		return FALSE;
	}
	memcpy(ka_twice, key->data, 8);
	memcpy(ka_twice + 8, key->data, 8);
	for (gsize off = 0; off + 8 < len; off += 8) {
		for (guint i = 0; i < 8; i++)
			block[i] = h[i] ^ data[off + i];
		if (!cbc_crypt("DES-EDE-CBC", TRUE, ka_twice, NULL, block, 8, h, error))
			goto out;
	}
	for (guint i = 0; i < 8; i++)
		block[i] = h[i] ^ data[len - 8 + i];
	if (!cbc_crypt("DES-EDE-CBC", TRUE, key->data, NULL, block, 8, out, error))
		goto out;
	ok = TRUE;
out:
	OPENSSL_cleanse(ka_twice, sizeof(ka_twice));
	OPENSSL_cleanse(h, sizeof(h));
	OPENSSL_cleanse(block, sizeof(block));
	return ok;
}

static gboolean
aes_cmac(TdSmCipherKind kind, const TdSecret *key, const guint8 *data, gsize len, guint8 out[8], GError **error)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	guint8 full[16];
	gsize full_len = 0;
	gboolean ok = FALSE;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)cbc_cipher_name(kind, key->len), 0);
	params[1] = OSSL_PARAM_construct_end();
	if (mac == NULL || (ctx = EVP_MAC_CTX_new(mac)) == NULL || !EVP_MAC_init(ctx, key->data, key->len, params) ||
	    !EVP_MAC_update(ctx, data, len) || !EVP_MAC_final(ctx, full, &full_len, sizeof(full))) {
		set_openssl_error(error, "AES-CMAC");
		goto out;
	}
	memcpy(out, full, 8);
	ok = TRUE;
out:
	OPENSSL_cleanse(full, sizeof(full));
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ok;
}

gboolean
td_sm_cipher_mac(TdSmCipherKind kind, const TdSecret *key, const guint8 *data, gsize len, guint8 out[8], GError **error)
{
	if (!check_key(kind, key, error))
		return FALSE;
	if (kind == TD_SM_CIPHER_3DES)
		return retail_mac(key, data, len, out, error);
	return aes_cmac(kind, key, data, len, out, error);
}

void
td_sm_pad(GByteArray *buf, gsize block_size)
{
	guint8 marker = 0x80, zero = 0x00;
	g_byte_array_append(buf, &marker, 1);
	while (buf->len % block_size != 0)
		g_byte_array_append(buf, &zero, 1);
}

gboolean
td_sm_unpad(const guint8 *data, gsize len, gsize *unpadded_len)
{
	gsize i = len;
	while (i > 0 && data[i - 1] == 0x00)
		i--;
	if (i == 0 || data[i - 1] != 0x80)
		return FALSE;
	*unpadded_len = i - 1;
	return TRUE;
}

void
td_des_adjust_parity(guint8 *key, gsize len)
{
	for (gsize i = 0; i < len; i++) {
		guint8 b = key[i] & 0xfe;
		guint bits = 0;
		for (guint j = 1; j < 8; j++)
			bits += (b >> j) & 1;
		key[i] = b | ((bits % 2 == 0) ? 1 : 0);
	}
}

/* The cipher a SecurityInfo announces (PACE, chip authentication) as the
 * secure-messaging cipher both protocols then run. */
TdSmCipherKind
td_sm_cipher_kind_from_security(TdSecurityCipher cipher)
{
	switch (cipher) {
	case TD_SECURITY_CIPHER_3DES:
		return TD_SM_CIPHER_3DES;
	case TD_SECURITY_CIPHER_AES_192:
		return TD_SM_CIPHER_AES_192;
	case TD_SECURITY_CIPHER_AES_256:
		return TD_SM_CIPHER_AES_256;
	default:
		return TD_SM_CIPHER_AES_128;
	}
}

gsize
td_sm_cipher_block_size(TdSmCipherKind kind)
{
	return block_size_for(kind);
}
