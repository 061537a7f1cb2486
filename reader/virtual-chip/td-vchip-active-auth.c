/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-secret.h"
#include "td-vchip-active-auth.h"

static gboolean
crypto_error(GError **error, const gchar *what)
{
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "active authentication: %s failed", what);
	return FALSE;
}

EVP_PKEY *
td_vchip_aa_generate_key(TdVchipAaKeyType type, GError **error)
{
	EVP_PKEY *key = NULL;
	switch (type) {
	case TD_VCHIP_AA_KEY_EC_P256:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case TD_VCHIP_AA_KEY_EC_BRAINPOOL_P256R1:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
		break;
	case TD_VCHIP_AA_KEY_RSA_2048:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	}
	if (key == NULL)
		crypto_error(error, "key generation");
	return key;
}

static GBytes *
sign_ecdsa_plain(EVP_PKEY *key, const guint8 *challenge, gsize challenge_len, GError **error)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	guint8 der[160];
	gsize der_len = sizeof der;
	const guint8 *p = der;
	ECDSA_SIG *sig = NULL;
	const BIGNUM *r, *s;
	gsize field_len = (gsize)(EVP_PKEY_get_bits(key) + 7) / 8;
	guint8 *plain;
	GBytes *result = NULL;

	if (EVP_DigestSignInit_ex(ctx, NULL, "SHA256", NULL, NULL, key, NULL) != 1 ||
	    EVP_DigestSign(ctx, der, &der_len, challenge, challenge_len) != 1) {
		crypto_error(error, "ECDSA signing");
		goto out;
	}
	sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	if (sig == NULL) {
		crypto_error(error, "ECDSA signature decoding");
		goto out;
	}
	ECDSA_SIG_get0(sig, &r, &s);
	plain = g_malloc0(2 * field_len);
	if (BN_bn2binpad(r, plain, (int)field_len) < 0 || BN_bn2binpad(s, plain + field_len, (int)field_len) < 0) {
		g_free(plain);
		crypto_error(error, "ECDSA signature encoding");
		goto out;
	}
	result = g_bytes_new_take(plain, 2 * field_len);
out:
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(ctx);
	return result;
}

static GBytes *
sign_iso9796_2(EVP_PKEY *key, const gchar *digest, const guint8 *challenge, gsize challenge_len, GError **error)
{
	gboolean sha1 = g_strcmp0(digest, "SHA1") == 0;
	gsize k = (gsize)EVP_PKEY_get_size(key);
	gsize lh = sha1 ? 20 : 32;
	gsize t = sha1 ? 1 : 2;
	gsize m1_len;
	guint8 *f = NULL;
	guint8 *sig = NULL;
	gsize sig_len = k;
	guint hash_len = 0;
	EVP_MD_CTX *md = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	GBytes *result = NULL;

	if (k < lh + t + 2) {
		crypto_error(error, "RSA key size check");
		return NULL;
	}
	m1_len = k - lh - t - 1;
	f = g_malloc0(k);
	sig = g_malloc0(k);
	f[0] = 0x6A;
	if (RAND_bytes(f + 1, (int)m1_len) != 1) {
		crypto_error(error, "random M1");
		goto out;
	}
	md = EVP_MD_CTX_new();
	if (EVP_DigestInit_ex2(md, sha1 ? EVP_sha1() : EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(md, f + 1, m1_len) != 1 ||
	    EVP_DigestUpdate(md, challenge, challenge_len) != 1 ||
	    EVP_DigestFinal_ex(md, f + 1 + m1_len, &hash_len) != 1) {
		crypto_error(error, "digest");
		goto out;
	}
	if (sha1) {
		f[k - 1] = 0xBC;
	} else {
		f[k - 2] = 0x34;
		f[k - 1] = 0xCC;
	}
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	if (ctx == NULL || EVP_PKEY_sign_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) != 1 ||
	    EVP_PKEY_sign(ctx, sig, &sig_len, f, k) != 1 || sig_len != k) {
		crypto_error(error, "RSA signing");
		goto out;
	}
	result = g_bytes_new_take(g_steal_pointer(&sig), k);
out:
	td_memwipe(f, k);
	g_free(f);
	g_free(sig);
	EVP_MD_CTX_free(md);
	EVP_PKEY_CTX_free(ctx);
	return result;
}

GBytes *
td_vchip_aa_sign(EVP_PKEY *key, const gchar *rsa_digest, const guint8 *challenge, gsize challenge_len, GError **error)
{
	if (EVP_PKEY_is_a(key, "RSA"))
		return sign_iso9796_2(key, rsa_digest, challenge, challenge_len, error);
	return sign_ecdsa_plain(key, challenge, challenge_len, error);
}
