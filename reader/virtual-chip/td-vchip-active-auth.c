/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-secret.h"
#include "td-vchip-active-auth.h"

/* BSI TR-03111 ecdsa-plain-signatures (0.4.0.127.0.7.1.1.4.1.x) and ANSI
 * X9.62 ecdsa-with-SHA1 (1.2.840.10045.4.1) / ecdsa-with-SHA2
 * (1.2.840.10045.4.3.x). */
static const TdVchipAaSignature signatures[] = {
	{"bsi-plain-sha1", "0.4.0.127.0.7.1.1.4.1.1", "SHA1"},
	{"bsi-plain-sha224", "0.4.0.127.0.7.1.1.4.1.2", "SHA224"},
	{"bsi-plain-sha256", "0.4.0.127.0.7.1.1.4.1.3", "SHA256"},
	{"bsi-plain-sha384", "0.4.0.127.0.7.1.1.4.1.4", "SHA384"},
	{"bsi-plain-sha512", "0.4.0.127.0.7.1.1.4.1.5", "SHA512"},
	{"x962-sha1", "1.2.840.10045.4.1", "SHA1"},
	{"x962-sha224", "1.2.840.10045.4.3.1", "SHA224"},
	{"x962-sha256", "1.2.840.10045.4.3.2", "SHA256"},
	{"x962-sha384", "1.2.840.10045.4.3.3", "SHA384"},
	{"x962-sha512", "1.2.840.10045.4.3.4", "SHA512"},
};

#define DEFAULT_EC_SIGNATURE "bsi-plain-sha256"
#define DER_SUFFIX "+der"

/* ISO/IEC 10118-3 hash identifiers of the 'xx CC' trailers. */
static const struct {
	guint8 id;
	const gchar *digest;
} iso9796_trailers[] = {
	{0x33, "SHA1"},
	{0x34, "SHA256"},
	{0x35, "SHA512"},
	{0x36, "SHA384"},
	{0x38, "SHA224"},
};

const TdVchipAaSignature *
td_vchip_aa_signature_lookup(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(signatures); i++) {
		if (g_strcmp0(name, signatures[i].name) == 0)
			return &signatures[i];
	}
	return NULL;
}

const gchar *const *
td_vchip_aa_signature_names(void)
{
	static const gchar *names[G_N_ELEMENTS(signatures) + 1];
	static gsize filled = 0;
	if (g_once_init_enter(&filled)) {
		for (guint i = 0; i < G_N_ELEMENTS(signatures); i++)
			names[i] = signatures[i].name;
		g_once_init_leave(&filled, 1);
	}
	return names;
}

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

GBytes *
td_vchip_aa_sign_ecdsa(EVP_PKEY *key, const gchar *digest, gboolean der, const guint8 *challenge, gsize challenge_len, GError **error)
{
	EVP_MD_CTX *ctx = NULL;
	guint8 *sig_der = NULL;
	gsize der_len = 0;
	const guint8 *p;
	ECDSA_SIG *sig = NULL;
	BIGNUM *order = NULL;
	gsize order_len;
	guint8 *plain;
	GBytes *result = NULL;

	g_return_val_if_fail(key != NULL && digest != NULL && challenge != NULL, NULL);

	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestSignInit_ex(ctx, NULL, digest, NULL, NULL, key, NULL) != 1 ||
	    EVP_DigestSign(ctx, NULL, &der_len, challenge, challenge_len) != 1) {
		crypto_error(error, "ECDSA signing");
		goto out;
	}
	sig_der = g_malloc(der_len);
	if (EVP_DigestSign(ctx, sig_der, &der_len, challenge, challenge_len) != 1) {
		crypto_error(error, "ECDSA signing");
		goto out;
	}
	/* OpenSSL signs in DER already: the chips that answer DER send just
	 * that. */
	if (der) {
		result = g_bytes_new(sig_der, der_len);
		goto out;
	}
	/* Plain (BSI TR-03111 §5.2.1): r and s, each as long as the order. */
	p = sig_der;
	sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	if (sig == NULL || EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_ORDER, &order) != 1) {
		crypto_error(error, "ECDSA signature decoding");
		goto out;
	}
	order_len = (gsize)BN_num_bytes(order);
	plain = g_malloc0(2 * order_len);
	if (BN_bn2binpad(ECDSA_SIG_get0_r(sig), plain, (int)order_len) < 0 ||
	    BN_bn2binpad(ECDSA_SIG_get0_s(sig), plain + order_len, (int)order_len) < 0) {
		g_free(plain);
		crypto_error(error, "ECDSA signature encoding");
		goto out;
	}
	result = g_bytes_new_take(plain, 2 * order_len);
out:
	BN_free(order);
	ECDSA_SIG_free(sig);
	g_free(sig_der);
	EVP_MD_CTX_free(ctx);
	return result;
}

GBytes *
td_vchip_aa_sign_iso9796_2(EVP_PKEY *key, const gchar *digest, const guint8 *challenge, gsize challenge_len, GError **error)
{
	EVP_MD *md = NULL;
	gboolean sha1 = g_strcmp0(digest, "SHA1") == 0;
	gsize k, t = sha1 ? 1 : 2, h_len, m1_len = 0;
	guint8 trailer_id = 0;
	guint8 *f = NULL;
	guint8 *sig = NULL;
	gsize sig_len;
	EVP_MD_CTX *md_ctx = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	GBytes *result = NULL;

	g_return_val_if_fail(key != NULL && digest != NULL && challenge != NULL, NULL);

	for (guint i = 0; i < G_N_ELEMENTS(iso9796_trailers); i++) {
		if (g_strcmp0(iso9796_trailers[i].digest, digest) == 0)
			trailer_id = iso9796_trailers[i].id;
	}
	md = EVP_MD_fetch(NULL, digest, NULL);
	k = (gsize)EVP_PKEY_get_size(key);
	h_len = md != NULL ? (gsize)EVP_MD_get_size(md) : 0;
	/* A modulus of whole bytes keeps F (top byte 6A) below n; M1 of at
	 * least 8 bytes keeps the scheme what ICAO means. */
	if (!EVP_PKEY_is_a(key, "RSA") || md == NULL || trailer_id == 0 || EVP_PKEY_get_bits(key) % 8 != 0 ||
	    k < 1 + h_len + t + 8) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
			    "active authentication: RSA key or digest %s unusable for ISO/IEC 9796-2", digest);
		goto out;
	}
	m1_len = k - 1 - h_len - t;
	f = g_malloc0(k);
	f[0] = 0x6A;
	if (RAND_bytes(f + 1, (int)m1_len) != 1) {
		crypto_error(error, "random M1");
		goto out;
	}
	md_ctx = EVP_MD_CTX_new();
	if (md_ctx == NULL || EVP_DigestInit_ex2(md_ctx, md, NULL) != 1 || EVP_DigestUpdate(md_ctx, f + 1, m1_len) != 1 ||
	    EVP_DigestUpdate(md_ctx, challenge, challenge_len) != 1 ||
	    EVP_DigestFinal_ex(md_ctx, f + 1 + m1_len, NULL) != 1) {
		crypto_error(error, "digest");
		goto out;
	}
	if (sha1) {
		f[k - 1] = 0xBC;
	} else {
		f[k - 2] = trailer_id;
		f[k - 1] = 0xCC;
	}
	sig = g_malloc0(k);
	sig_len = k;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	if (ctx == NULL || EVP_PKEY_sign_init(ctx) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) != 1 ||
	    EVP_PKEY_sign(ctx, sig, &sig_len, f, k) != 1 || sig_len != k) {
		crypto_error(error, "RSA signing");
		goto out;
	}
	result = g_bytes_new_take(g_steal_pointer(&sig), k);
out:
	if (f != NULL)
		td_memwipe(f, k);
	g_free(f);
	g_free(sig);
	EVP_MD_free(md);
	EVP_MD_CTX_free(md_ctx);
	EVP_PKEY_CTX_free(ctx);
	return result;
}

gchar *
td_vchip_aa_scheme_new(const TdVchipProfile *p)
{
	if (p->aa_key_type == TD_VCHIP_AA_KEY_RSA_2048)
		return g_strdup(p->aa_rsa_digest);
	return g_strconcat(p->aa_signature != NULL ? p->aa_signature : DEFAULT_EC_SIGNATURE,
			   p->aa_signature_der ? DER_SUFFIX : "", NULL);
}

GBytes *
td_vchip_aa_sign(EVP_PKEY *key, const gchar *scheme, const guint8 *challenge, gsize challenge_len, GError **error)
{
	g_autofree gchar *name = NULL;
	const TdVchipAaSignature *signature;
	gboolean der = FALSE;

	g_return_val_if_fail(key != NULL && challenge != NULL, NULL);

	if (EVP_PKEY_is_a(key, "RSA"))
		return td_vchip_aa_sign_iso9796_2(key, scheme != NULL ? scheme : "SHA1", challenge, challenge_len, error);

	name = g_strdup(scheme != NULL ? scheme : DEFAULT_EC_SIGNATURE);
	if (g_str_has_suffix(name, DER_SUFFIX)) {
		name[strlen(name) - strlen(DER_SUFFIX)] = '\0';
		der = TRUE;
	}
	signature = td_vchip_aa_signature_lookup(name);
	if (signature == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
			    "active authentication: no EC signature algorithm %s", scheme);
		return NULL;
	}
	return td_vchip_aa_sign_ecdsa(key, signature->digest, der, challenge, challenge_len, error);
}
