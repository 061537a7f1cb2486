/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <string.h>

#include "td-active-auth.h"
#include "td-reader-error.h"

G_DEFINE_QUARK(td-active-auth-error-quark, td_active_auth_error)

#define TD_AA_CHALLENGE_LEN 8

/* The signature algorithms DG14's ActiveAuthenticationInfo may name for an
 * EC key. ICAO 9303-11 names the BSI TR-03111 ecdsa-plain-SHA* OIDs; chips
 * in the field also carry ANSI X9.62's ecdsa-with-SHA*. The OID only tells
 * the digest: either family comes back plain or DER (td_aa_ec_parse). */
static const struct {
	const gchar *oid;
	const gchar *digest;
} td_aa_ec_algorithms[] = {
	{"0.4.0.127.0.7.1.1.4.1.1", "SHA1"},   /* ecdsa-plain-SHA1 */
	{"0.4.0.127.0.7.1.1.4.1.2", "SHA224"}, /* ecdsa-plain-SHA224 */
	{"0.4.0.127.0.7.1.1.4.1.3", "SHA256"}, /* ecdsa-plain-SHA256 */
	{"0.4.0.127.0.7.1.1.4.1.4", "SHA384"}, /* ecdsa-plain-SHA384 */
	{"0.4.0.127.0.7.1.1.4.1.5", "SHA512"}, /* ecdsa-plain-SHA512 */
	{"1.2.840.10045.4.1", "SHA1"},	       /* ecdsa-with-SHA1 */
	{"1.2.840.10045.4.3.1", "SHA224"},     /* ecdsa-with-SHA224 */
	{"1.2.840.10045.4.3.2", "SHA256"},     /* ecdsa-with-SHA256 */
	{"1.2.840.10045.4.3.3", "SHA384"},     /* ecdsa-with-SHA384 */
	{"1.2.840.10045.4.3.4", "SHA512"},     /* ecdsa-with-SHA512 */
};

/* ISO/IEC 10118-3 hash identifiers of the 'xx CC' trailers. */
static const struct {
	guint8 id;
	const gchar *digest;
} td_aa_trailers[] = {
	{0x33, "SHA1"},
	{0x34, "SHA256"},
	{0x35, "SHA512"},
	{0x36, "SHA384"},
	{0x38, "SHA224"},
};

/* The digest of a signature algorithm OID; NULL OID (no
 * ActiveAuthenticationInfo): one of the key's size. An OID we do not know
 * is NOT_SUPPORTED ("not checked"), never a clone: it says nothing about
 * the chip. */
static const EVP_MD *
td_aa_ec_digest(EVP_PKEY *key, const gchar *oid, GError **error)
{
	const gchar *name = NULL;

	if (oid == NULL) {
		int bits = EVP_PKEY_get_bits(key);
		name = bits <= 256 ? "SHA256" : bits <= 384 ? "SHA384" : "SHA512";
	} else {
		for (gsize i = 0; i < G_N_ELEMENTS(td_aa_ec_algorithms); i++) {
			if (g_strcmp0(oid, td_aa_ec_algorithms[i].oid) == 0)
				name = td_aa_ec_algorithms[i].digest;
		}
	}
	if (name == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
			    "active authentication signature algorithm %s not supported", oid);
		return NULL;
	}
	return EVP_get_digestbyname(name);
}

/* r and s from the chip's answer. Plain r || s (BSI TR-03111 §5.2.1) is
 * exactly twice the size of the group order; anything else must be a DER
 * ECDSA-Sig-Value (X9.62) in strict DER: it decodes to the last byte and
 * encodes back to the very same bytes, so no second encoding of one
 * signature (long-form lengths, padded or negative integers, trailing bytes)
 * passes. A DER signature exactly as long as a plain one would need r and s
 * each several bytes shorter than the order: with a real chip that does not
 * happen (below 2^-40), so the length alone tells the two apart. */
static ECDSA_SIG *
td_aa_ec_parse(const guint8 *sig, gsize sig_len, gsize order_len, GError **error)
{
	ECDSA_SIG *ecdsa = NULL;

	if (sig_len == 2 * order_len) {
		BIGNUM *r = BN_bin2bn(sig, (int)order_len, NULL);
		BIGNUM *s = BN_bin2bn(sig + order_len, (int)order_len, NULL);
		ecdsa = ECDSA_SIG_new();
		if (ecdsa == NULL || r == NULL || s == NULL || !ECDSA_SIG_set0(ecdsa, r, s)) {
			BN_free(r);
			BN_free(s);
			ECDSA_SIG_free(ecdsa);
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "out of memory");
			return NULL;
		}
		return ecdsa;
	}
	if (sig_len > 0 && sig[0] == 0x30 && sig_len <= G_MAXINT) {
		const guint8 *p = sig;
		guint8 *der = NULL;
		int der_len = -1;
		ecdsa = d2i_ECDSA_SIG(NULL, &p, (long)sig_len);
		if (ecdsa != NULL)
			der_len = i2d_ECDSA_SIG(ecdsa, &der);
		if (ecdsa != NULL && p == sig + sig_len && der_len == (int)sig_len && memcmp(der, sig, sig_len) == 0) {
			OPENSSL_free(der);
			return ecdsa;
		}
		OPENSSL_free(der);
		ECDSA_SIG_free(ecdsa);
		g_set_error_literal(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
				    "the chip's ECDSA signature is not in strict DER: possible clone");
		return NULL;
	}
	g_set_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH,
		    "the chip's signature has %" G_GSIZE_FORMAT " bytes, neither r || s of %" G_GSIZE_FORMAT
		    " nor a DER signature",
		    sig_len, 2 * order_len);
	return NULL;
}

static gboolean
td_aa_check_ec(EVP_PKEY *key, const gchar *oid, GBytes *challenge, GBytes *signature, GError **error)
{
	const EVP_MD *md = td_aa_ec_digest(key, oid, error);
	gsize sig_len = 0;
	const guint8 *sig = g_bytes_get_data(signature, &sig_len);
	BIGNUM *order = NULL;
	ECDSA_SIG *ecdsa = NULL;
	const BIGNUM *r, *s;
	guint8 *der = NULL;
	int der_len = -1;
	EVP_MD_CTX *md_ctx = NULL;
	gboolean ok = FALSE;

	if (md == NULL)
		return FALSE;
	/* The order, not the field: plain r and s are as long as n, and both
	 * must lie in [1, n - 1]. A DG15 key with explicit domain parameters
	 * gives it as well as a named curve. */
	if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_ORDER, &order) != 1 || BN_is_zero(order)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
				    "active authentication: the DG15 key has no usable group order");
		goto out;
	}
	ecdsa = td_aa_ec_parse(sig, sig_len, (gsize)BN_num_bytes(order), error);
	if (ecdsa == NULL)
		goto out;
	ECDSA_SIG_get0(ecdsa, &r, &s);
	/* OpenSSL refuses these too; saying it here keeps "clone" from
	 * depending on that. */
	if (BN_is_zero(r) || BN_is_zero(s) || BN_is_negative(r) || BN_is_negative(s) || BN_cmp(r, order) >= 0 ||
	    BN_cmp(s, order) >= 0) {
		g_set_error_literal(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
				    "the chip's ECDSA signature has r or s outside 1..n-1: possible clone");
		goto out;
	}
	der_len = i2d_ECDSA_SIG(ecdsa, &der);
	md_ctx = EVP_MD_CTX_new();
	if (der_len <= 0 || md_ctx == NULL || EVP_DigestVerifyInit(md_ctx, NULL, md, NULL, key) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "ECDSA verification could not start");
		goto out;
	}
	if (EVP_DigestVerify(md_ctx, der, (size_t)der_len, g_bytes_get_data(challenge, NULL), g_bytes_get_size(challenge)) != 1) {
		g_set_error_literal(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
				    "the chip's ECDSA signature over the challenge does not verify: possible clone");
		goto out;
	}
	ok = TRUE;
out:
	EVP_MD_CTX_free(md_ctx);
	OPENSSL_free(der);
	ECDSA_SIG_free(ecdsa);
	BN_free(order);
	return ok;
}

/* ISO/IEC 9796-2 scheme 1: F = s^e mod n = '6A' || M1 || H(M1 || M2) ||
 * trailer, with M2 our challenge. */
static gboolean
td_aa_check_rsa(EVP_PKEY *key, GBytes *challenge, GBytes *signature, GError **error)
{
	gsize k = (gsize)EVP_PKEY_get_size(key);
	gsize sig_len = 0;
	const guint8 *sig = g_bytes_get_data(signature, &sig_len);
	g_autofree guint8 *f = NULL;
	size_t f_len;
	gsize t = 0, h_len, m1_len;
	const EVP_MD *md = NULL;
	guint8 digest[EVP_MAX_MD_SIZE];
	EVP_PKEY_CTX *pctx;
	EVP_MD_CTX *md_ctx;
	gboolean ok;
	int rc = 0;

	if (sig_len != k) {
		g_set_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH,
			    "the chip's signature has %" G_GSIZE_FORMAT " bytes, not %" G_GSIZE_FORMAT, sig_len, k);
		return FALSE;
	}
	f = g_malloc0(k);
	f_len = k;
	pctx = EVP_PKEY_CTX_new(key, NULL);
	if (pctx != NULL && EVP_PKEY_verify_recover_init(pctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_NO_PADDING) == 1)
		rc = EVP_PKEY_verify_recover(pctx, f, &f_len, sig, sig_len);
	EVP_PKEY_CTX_free(pctx);
	if (rc != 1 || f_len != k) {
		/* s >= n: OpenSSL refuses, and no genuine chip sends that */
		g_set_error_literal(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
				    "the chip's RSA signature cannot be opened: possible clone");
		return FALSE;
	}
	if (f[k - 1] == 0xBC) {
		t = 1;
		md = EVP_sha1();
	} else if (f[k - 1] == 0xCC) {
		t = 2;
		for (gsize i = 0; i < G_N_ELEMENTS(td_aa_trailers); i++)
			if (td_aa_trailers[i].id == f[k - 2])
				md = EVP_get_digestbyname(td_aa_trailers[i].digest);
	}
	h_len = md != NULL ? (gsize)EVP_MD_get_size(md) : 0;
	if (f[0] != 0x6A || md == NULL || k < 1 + h_len + t) {
		g_set_error_literal(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
				    "the chip's RSA signature has no ISO/IEC 9796-2 header or trailer: possible clone");
		return FALSE;
	}
	m1_len = k - 1 - h_len - t;
	md_ctx = EVP_MD_CTX_new();
	ok = md_ctx != NULL && EVP_DigestInit_ex(md_ctx, md, NULL) == 1 &&
	     EVP_DigestUpdate(md_ctx, f + 1, m1_len) == 1 &&
	     EVP_DigestUpdate(md_ctx, g_bytes_get_data(challenge, NULL), g_bytes_get_size(challenge)) == 1 &&
	     EVP_DigestFinal_ex(md_ctx, digest, NULL) == 1;
	EVP_MD_CTX_free(md_ctx);
	if (!ok) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "digest failed");
		return FALSE;
	}
	if (CRYPTO_memcmp(digest, f + 1 + m1_len, h_len) != 0) {
		g_set_error_literal(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
				    "the chip's RSA signature is not over our challenge: possible clone");
		return FALSE;
	}
	return TRUE;
}

gboolean
td_active_auth_check_signature(EVP_PKEY *public_key,
			       const gchar *ec_signature_algorithm_oid,
			       GBytes *challenge,
			       GBytes *signature,
			       GError **error)
{
	g_return_val_if_fail(public_key != NULL && challenge != NULL && signature != NULL, FALSE);

	if (EVP_PKEY_is_a(public_key, "EC"))
		return td_aa_check_ec(public_key, ec_signature_algorithm_oid, challenge, signature, error);
	if (EVP_PKEY_is_a(public_key, "RSA"))
		return td_aa_check_rsa(public_key, challenge, signature, error);
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
		    "active authentication key type %s not supported", EVP_PKEY_get0_type_name(public_key));
	return FALSE;
}

gboolean
td_active_auth_verify(TdCardChannel *channel,
		      EVP_PKEY *dg15_public_key,
		      const gchar *ec_signature_algorithm_oid,
		      GCancellable *cancellable,
		      GError **error)
{
	guint8 rnd[TD_AA_CHALLENGE_LEN];
	g_autoptr(GBytes) challenge = NULL;
	g_autoptr(TdApdu) apdu = NULL;
	g_autoptr(GBytes) signature = NULL;

	g_return_val_if_fail(channel != NULL && dg15_public_key != NULL, FALSE);

	/* fresh every time, so a recorded answer cannot be replayed */
	if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "no random challenge");
		return FALSE;
	}
	challenge = g_bytes_new(rnd, sizeof(rnd));
	apdu = td_apdu_new(0x00, 0x88, 0x00, 0x00, challenge, 256);
	signature = td_card_channel_send_expect_ok(channel, apdu, cancellable, error);
	if (signature == NULL)
		return FALSE;
	return td_active_auth_check_signature(dg15_public_key, ec_signature_algorithm_oid, challenge, signature, error);
}
