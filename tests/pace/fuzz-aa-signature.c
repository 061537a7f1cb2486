/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Active authentication's signature check on hostile answers: byte 0 picks
 * the DG15 key, byte 1 the signature algorithm DG14 names, the rest is what
 * the chip answered to the fixed challenge 0123456789ABCDEF.
 *
 * The EC keys have the private key 1, so their public key is the curve's
 * generator and make-aa-seeds.py can write valid signatures (plain and DER)
 * for the seeds without any key material shared with this file. */
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <stdint.h>
#include <string.h>

#include "td-active-auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Signature algorithm choices (byte 1): DG14's OIDs, none (the curve's
 * digest), and some we do not know. */
static const char *const oids[] = {
	"0.4.0.127.0.7.1.1.4.1.1", "0.4.0.127.0.7.1.1.4.1.2", "0.4.0.127.0.7.1.1.4.1.3", "0.4.0.127.0.7.1.1.4.1.4",
	"0.4.0.127.0.7.1.1.4.1.5", "1.2.840.10045.4.1",	      "1.2.840.10045.4.3.1",	 "1.2.840.10045.4.3.2",
	"1.2.840.10045.4.3.3",	   "1.2.840.10045.4.3.4",     NULL,			 "1.2.840.10045.4.3.5",
};

/* Any RSA-1024 key: the check opens the answer with it. */
static const char rsa_public_pem[] = "-----BEGIN PUBLIC KEY-----\n"
				     "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCv7TTWWK/0YfL0zeNH9RcemujX\n"
				     "nc1GtyJWMtKmz8EmYVAfwqDQuL2CHqnmEnCx0ea51LTOgHwL21tetya7pjpNvMKi\n"
				     "hQU+n59E7ZuIDLT1n7vvJg1Hq13cu1DOE1q2iGAJR5ppQsTKAL5gnuhq00S9gVTe\n"
				     "JzjkbNs7EcYPEAXa4wIDAQAB\n"
				     "-----END PUBLIC KEY-----\n";

/* The public key G of curve nid; explicit: with the domain parameters
 * spelled out instead of named, as some chips' DG15 has them. */
static EVP_PKEY *
generator_key(int nid, gboolean explicit)
{
	EC_GROUP *group = EC_GROUP_new_by_curve_name(nid);
	BIGNUM *p = BN_new(), *a = BN_new(), *b = BN_new();
	guint8 g[133];
	size_t g_len = EC_POINT_point2oct(group, EC_GROUP_get0_generator(group), POINT_CONVERSION_UNCOMPRESSED, g, sizeof(g), NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;

	if (explicit) {
		EC_GROUP_get_curve(group, p, a, b, NULL);
		OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_EC_FIELD_TYPE, SN_X9_62_prime_field, 0);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_P, p);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_A, a);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_B, b);
		OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_EC_GENERATOR, g, g_len);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_ORDER, EC_GROUP_get0_order(group));
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_COFACTOR, EC_GROUP_get0_cofactor(group));
	} else {
		OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, OBJ_nid2sn(nid), 0);
	}
	OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, g, g_len);
	params = OSSL_PARAM_BLD_to_param(bld);
	if (params == NULL || EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		g_error("cannot make the fuzz target's key");
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(p);
	BN_free(a);
	BN_free(b);
	EC_GROUP_free(group);
	return key;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* made once: the same keys for every input, so a crash replays */
	static EVP_PKEY *keys[5];
	static const guint8 challenge_bytes[] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
	g_autoptr(GBytes) challenge = NULL;
	g_autoptr(GBytes) signature = NULL;
	g_autoptr(GError) error = NULL;
	gboolean ok;

	if (keys[0] == NULL) {
		BIO *bio = BIO_new_mem_buf(rsa_public_pem, -1);
		keys[0] = generator_key(NID_X9_62_prime256v1, FALSE);
		keys[1] = generator_key(NID_brainpoolP256r1, FALSE);
		keys[2] = generator_key(NID_brainpoolP256r1, TRUE);
		keys[3] = generator_key(NID_secp384r1, FALSE);
		keys[4] = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
		BIO_free(bio);
		g_assert(keys[4] != NULL);
	}
	if (size < 2)
		return 0;
	challenge = g_bytes_new_static(challenge_bytes, sizeof(challenge_bytes));
	signature = g_bytes_new(data + 2, size - 2);
	ok = td_active_auth_check_signature(keys[data[0] % G_N_ELEMENTS(keys)], oids[data[1] % G_N_ELEMENTS(oids)],
					    challenge, signature, &error);
	/* exactly one of: verified, or a reason */
	g_assert(ok == (error == NULL));
	return 0;
}
