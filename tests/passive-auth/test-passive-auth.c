/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passive authentication against the generated test PKI (tests/pki): the
 * table of cases from the tracker, at the SOD level. argv[1] = PKI dir. */
#include "config.h"

#include <glib/gstdio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <string.h>

#include "td-passive-auth.h"
#include "td-reader-error.h"
#include "td-sod-builder.h"
#include "td-test-files.h"
#include "td-trust-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CMS_ContentInfo, CMS_ContentInfo_free)

static const gchar *pki_dir;

static gchar *
pki_path(const gchar *name)
{
	return g_build_filename(pki_dir, name, NULL);
}

/* The test PKI's file "DS.EXTENSION", open for reading. */
static FILE *
open_pki_file(const gchar *ds, const gchar *extension)
{
	g_autofree gchar *name = g_strdup_printf("%s.%s", ds, extension);
	g_autofree gchar *path = pki_path(name);
	FILE *f = fopen(path, "r");

	g_assert_nonnull(f);
	return f;
}

static EVP_PKEY *
load_key(const gchar *ds)
{
	FILE *f = open_pki_file(ds, "key");
	EVP_PKEY *key = PEM_read_PrivateKey(f, NULL, NULL, NULL);

	fclose(f);
	g_assert_nonnull(key);
	return key;
}

static X509 *
load_cert(const gchar *ds)
{
	FILE *f = open_pki_file(ds, "pem");
	X509 *cert = PEM_read_X509(f, NULL, NULL, NULL);

	fclose(f);
	g_assert_nonnull(cert);
	return cert;
}

/* Data groups as a chip would return them: DG1 (MRZ), DG2, DG13, DG14. */
typedef struct {
	TdSodDataGroup dgs[4];
	GHashTable *read; /* what the "reader" read: DG1, DG13, DG14 */
} Card;

static void
card_free(Card *card)
{
	for (guint i = 0; i < G_N_ELEMENTS(card->dgs); i++)
		g_bytes_unref(card->dgs[i].contents);
	g_hash_table_unref(card->read);
	g_free(card);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Card, card_free)

static Card *
card_new(void)
{
	static const guint8 dg1[] = "\x61\x5B\x5F\x1F\x58IDVNM1234567890001234567890<<<<8001014M3001016VNM<<<<<<<<<<<4NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<<<";
	static const guint8 dg2[] = "\x75\x08\x7F\x61\x05\x02\x01\x01\x00\x00";
	static const guint8 dg13[] = "\x6D\x1C\x30\x1A\x02\x01\x01\x06\x03\x2A\x03\x04\x30\x10\x02\x01\x01\x13\x0B"
				     "001234567890";
	static const guint8 dg14[] = "\x6E\x06\x31\x04\x30\x02\x06\x00";
	Card *card = g_new0(Card, 1);
	const guint8 *data[] = {dg1, dg2, dg13, dg14};
	gsize lens[] = {sizeof(dg1) - 1, sizeof(dg2) - 1, sizeof(dg13) - 1, sizeof(dg14) - 1};
	guint numbers[] = {1, 2, 13, 14};

	card->read = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_bytes_unref);
	for (guint i = 0; i < 4; i++) {
		card->dgs[i].dg_number = numbers[i];
		card->dgs[i].contents = g_bytes_new(data[i], lens[i]);
		if (numbers[i] != 2)
			g_hash_table_insert(card->read, GUINT_TO_POINTER(numbers[i]), g_bytes_ref(card->dgs[i].contents));
	}
	return card;
}

static GBytes *
build_sod_signed_with(Card *card, const gchar *digest, const gchar *signature_digest, const gchar *ds,
		     TdSodSignatureScheme scheme)
{
	g_autoptr(EVP_PKEY) key = load_key(ds);
	g_autoptr(X509) cert = load_cert(ds);
	g_autoptr(GError) error = NULL;
	GBytes *sod = td_sod_build(digest, signature_digest, card->dgs, G_N_ELEMENTS(card->dgs), key, cert, scheme, &error);
	g_assert_no_error(error);
	g_assert_nonnull(sod);
	return sod;
}

/* Hashes and signature with the same digest, as most SODs. */
static GBytes *
build_sod(Card *card, const gchar *digest, const gchar *ds, TdSodSignatureScheme scheme)
{
	return build_sod_signed_with(card, digest, NULL, ds, scheme);
}

static TdTrustStore *
test_store(void)
{
	g_autofree gchar *dir = pki_path("trust-store");
	g_autoptr(GError) error = NULL;
	TdTrustStore *store = td_trust_store_new_from_directory(dir, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(td_trust_store_get_n_anchors(store), ==, 1);
	g_assert_cmpuint(td_trust_store_get_n_crls(store), ==, 1);
	return store;
}

static TdPassiveAuthResult *
verify(GBytes *sod, GHashTable *read, TdTrustStore *store)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	TdPassiveAuthResult *result = td_passive_auth_verify(sod, read, store, now, &error);
	g_assert_no_error(error);
	g_assert_nonnull(result);
	return result;
}

static void
assert_reason(const TdPassiveAuthResult *result, const gchar *pattern)
{
	g_autofree gchar *all = td_passive_auth_result_describe(result);
	if (strstr(all, pattern) == NULL)
		g_error("expected a reason containing \"%s\", got \"%s\"", pattern, all);
}

static void
assert_valid(const TdPassiveAuthResult *result)
{
	g_autofree gchar *all = td_passive_auth_result_describe(result);
	if (result->status != TD_PASSIVE_AUTH_VALID)
		g_error("expected valid, got %s: %s", td_passive_auth_status_to_string(result->status), all);
	g_assert_cmpuint(result->reasons->len, ==, 0);
	g_assert_cmpint(result->dg[1], ==, TD_DG_HASH_MATCHED);
	g_assert_cmpint(result->dg[2], ==, TD_DG_HASH_NOT_READ);
	g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MATCHED);
	g_assert_cmpint(result->dg[14], ==, TD_DG_HASH_MATCHED);
	g_assert_cmpint(result->dg[3], ==, TD_DG_HASH_ABSENT);
	g_assert_true(result->revocation_checked);
}

typedef struct {
	const gchar *ds;
	const gchar *digest;
	const gchar *signature_digest; /* NULL: digest */
	TdSodSignatureScheme scheme;
	const gchar *hash_name;	  /* expected result->hash_algorithm */
	const gchar *sig_pattern; /* in result->signature_algorithm */
} GenuineCase;

static void
test_genuine(gconstpointer user_data)
{
	const GenuineCase *c = user_data;
	g_autoptr(Card) card = card_new();
	g_autoptr(TdTrustStore) store = test_store();
	g_autoptr(GBytes) sod = build_sod_signed_with(card, c->digest, c->signature_digest, c->ds, c->scheme);
	g_autoptr(TdPassiveAuthResult) result = verify(sod, card->read, store);
	g_autofree gchar *expected_signer = g_strdup_printf("CN=Test Document Signer %s", c->ds);

	assert_valid(result);
	g_assert_cmpstr(result->hash_algorithm, ==, c->hash_name);
	g_test_message("signature: %s", result->signature_algorithm);
	g_assert_nonnull(strstr(result->signature_algorithm, c->sig_pattern));
	g_assert_true(g_str_has_prefix(result->signer_subject, expected_signer));
	g_assert_true(g_str_has_prefix(result->signer_issuer, "CN=Test CSCA Vietnam"));
}

static const GenuineCase genuine_cases[] = {
	{"ds-p256", "SHA256", NULL, TD_SOD_SIGNATURE_DEFAULT, "SHA256", "ecdsa-with-SHA256"},
	{"ds-brainpool", "SHA256", NULL, TD_SOD_SIGNATURE_DEFAULT, "SHA256", "ecdsa-with-SHA256"},
	{"ds-rsa", "SHA256", NULL, TD_SOD_SIGNATURE_RSA_PSS, "SHA256", "rsassaPss"},
	{"ds-rsa", "SHA256", NULL, TD_SOD_SIGNATURE_DEFAULT, "SHA256", "rsaEncryption"},
	{"ds-rsa", "SHA512", NULL, TD_SOD_SIGNATURE_RSA_PSS, "SHA512", "rsassaPss"},
	{"ds-p256", "SHA1", NULL, TD_SOD_SIGNATURE_DEFAULT, "SHA1", "ecdsa-with-SHA1"},
	{"ds-p256", "SHA384", NULL, TD_SOD_SIGNATURE_DEFAULT, "SHA384", "ecdsa-with-SHA384"},
	{"ds-brainpool", "SHA512", NULL, TD_SOD_SIGNATURE_DEFAULT, "SHA512", "ecdsa-with-SHA512"},
	/* the curve written out in the DS certificate (ICAO 9303-12
	 * §4.1.6.3), which OpenSSL 3 refuses in a chain by default */
	{"ds-explicit", "SHA256", NULL, TD_SOD_SIGNATURE_DEFAULT, "SHA256", "ecdsa-with-SHA256"},
	/* the data groups hashed with one digest, the signed attributes
	 * with another (ICAO 9303-10 lets them differ) */
	{"ds-p256", "SHA256", "SHA384", TD_SOD_SIGNATURE_DEFAULT, "SHA256", "ecdsa-with-SHA384 (digest sha384)"},
	{"ds-rsa", "SHA512", "SHA256", TD_SOD_SIGNATURE_RSA_PSS, "SHA512", "rsassaPss (digest sha256)"},
};

/* Most cases start from the same genuine card: its data groups, an SOD
 * over them (SHA-256, signed by ds-p256 unless the test's data names
 * another Document Signer) and the test trust store. */
typedef struct {
	Card *card;
	GBytes *sod;
	TdTrustStore *store;
} SignedCard;

static void
signed_card_set_up(SignedCard *fx, gconstpointer user_data)
{
	const gchar *ds = user_data != NULL ? user_data : "ds-p256";

	fx->card = card_new();
	fx->sod = build_sod(fx->card, "SHA256", ds, TD_SOD_SIGNATURE_DEFAULT);
	fx->store = test_store();
}

static void
signed_card_tear_down(SignedCard *fx, gconstpointer user_data)
{
	g_clear_pointer(&fx->card, card_free);
	g_clear_pointer(&fx->sod, g_bytes_unref);
	g_clear_pointer(&fx->store, td_trust_store_unref);
}

static void
test_dg13_changed(SignedCard *fx, gconstpointer user_data)
{
	Card *card = fx->card;
	g_autoptr(TdPassiveAuthResult) result = NULL;
	gsize len = 0;
	guint8 *forged = g_bytes_unref_to_data(g_bytes_ref(card->dgs[2].contents), &len);

	forged[len - 1] ^= 0x01; /* one digit of the ID number */
	g_hash_table_insert(card->read, GUINT_TO_POINTER(13), g_bytes_new_take(forged, len));
	result = verify(fx->sod, card->read, fx->store);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
	g_assert_cmpuint(result->reasons->len, ==, 1);
	assert_reason(result, "DG13 hash does not match the SOD");
	g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MISMATCHED);
	g_assert_cmpint(result->dg[1], ==, TD_DG_HASH_MATCHED);
}

/* Flips the last byte of the SignerInfo's signature inside the SOD file. */
static GBytes *
break_signature(GBytes *sod)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(sod, &len);
	const unsigned char *p = data + 4; /* 77 82 LL LL */
	g_autoptr(CMS_ContentInfo) cms = d2i_CMS_ContentInfo(NULL, &p, (long)len - 4);
	CMS_SignerInfo *si;
	ASN1_OCTET_STRING *sig;
	guint8 *copy = g_memdup2(data, len);
	guint8 *at;

	g_assert_nonnull(cms);
	si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	sig = CMS_SignerInfo_get0_signature(si);
	at = memmem(copy, len, ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig));
	g_assert_nonnull(at);
	at[ASN1_STRING_length(sig) - 1] ^= 0x40;
	return g_bytes_new_take(copy, len);
}

static void
test_signature_broken(gconstpointer user_data)
{
	const gchar *ds = user_data;
	g_autoptr(Card) card = card_new();
	g_autoptr(TdTrustStore) store = test_store();
	TdSodSignatureScheme scheme = g_str_equal(ds, "ds-rsa") ? TD_SOD_SIGNATURE_RSA_PSS : TD_SOD_SIGNATURE_DEFAULT;
	g_autoptr(GBytes) sod = build_sod(card, "SHA256", ds, scheme);
	g_autoptr(GBytes) broken = break_signature(sod);
	g_autoptr(TdPassiveAuthResult) result = verify(broken, card->read, store);

	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
	assert_reason(result, "SOD signature invalid");
	/* the hashes themselves are fine: only the signature names itself */
	g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MATCHED);
}

/* The LDSSecurityObject changed inside a signed SOD (a forger's DG14 hash):
 * the messageDigest signed attribute no longer matches. */
static void
test_lds_tampered(SignedCard *fx, gconstpointer user_data)
{
	g_autoptr(TdPassiveAuthResult) result = NULL;
	g_autoptr(GBytes) tampered = NULL;
	guint8 digest[32];
	gsize len = 0;
	gsize dg_len = 0;
	const guint8 *dg14 = g_bytes_get_data(fx->card->dgs[3].contents, &dg_len);
	guint8 *copy = g_bytes_unref_to_data(g_bytes_ref(fx->sod), &len);
	guint8 *at;

	g_assert_true(EVP_Digest(dg14, dg_len, digest, NULL, EVP_sha256(), NULL));
	at = memmem(copy, len, digest, sizeof(digest));
	g_assert_nonnull(at);
	at[0] ^= 0x01;
	tampered = g_bytes_new_take(copy, len);
	result = verify(tampered, fx->card->read, fx->store);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
	assert_reason(result, "SOD messageDigest does not match the LDS security object");
	assert_reason(result, "DG14 hash does not match the SOD");
	g_assert_cmpint(result->dg[14], ==, TD_DG_HASH_MISMATCHED);
}

/* A genuine signature over the right bytes, but as plain id-data: not an
 * LDSSecurityObject by its own declaration. */
static void
test_wrong_econtent_type(SignedCard *fx, gconstpointer user_data)
{
	g_autoptr(EVP_PKEY) key = load_key("ds-p256");
	g_autoptr(X509) cert = load_cert("ds-p256");
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(fx->sod, &len);
	const unsigned char *p = data + 4;
	g_autoptr(CMS_ContentInfo) genuine = d2i_CMS_ContentInfo(NULL, &p, (long)len - 4);
	ASN1_OCTET_STRING *lds = *CMS_get0_content(genuine);
	BIO *in = BIO_new_mem_buf(ASN1_STRING_get0_data(lds), ASN1_STRING_length(lds));
	g_autoptr(CMS_ContentInfo) plain = CMS_sign(cert, key, NULL, in, CMS_BINARY | CMS_NOSMIMECAP);
	g_autoptr(GByteArray) file = g_byte_array_new();
	g_autoptr(GBytes) forged = NULL;
	g_autoptr(TdPassiveAuthResult) result = NULL;
	guint8 *der = NULL;
	int der_len;
	guint8 header[4] = {0x77, 0x82, 0, 0};

	BIO_free(in);
	g_assert_nonnull(plain);
	der_len = i2d_CMS_ContentInfo(plain, &der);
	g_assert_cmpint(der_len, >, 255);
	header[2] = (guint8)(der_len >> 8);
	header[3] = (guint8)der_len;
	g_byte_array_append(file, header, 4);
	g_byte_array_append(file, der, (guint)der_len);
	OPENSSL_free(der);
	forged = g_bytes_new(file->data, file->len);
	result = verify(forged, fx->card->read, NULL);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
	assert_reason(result, "eContentType is not LDSSecurityObject");
}

/* A genuine SOD whose Document Signer the trust store does not vouch for:
 * the hashes are fine, the signer is not. Revoked must never pass
 * (INVALID, like a forgery); ICAO 9303-12: DS validity covers the
 * documents it signed, so an expired DS is not accepted, though not a
 * forgery either (UNTRUSTED, with the date). */
typedef struct {
	const gchar *path;
	const gchar *ds;
	TdPassiveAuthStatus status;
	const gchar *reason;
} SignerCase;

static const SignerCase signer_cases[] = {
	{"/passive-auth/unknown-csca", "ds-unknown", TD_PASSIVE_AUTH_UNTRUSTED,
	 "no CSCA in the trust store for issuer CN=Unknown CSCA"},
	{"/passive-auth/revoked", "ds-revoked", TD_PASSIVE_AUTH_INVALID, "Document Signer revoked by CSCA CRL"},
	{"/passive-auth/expired", "ds-expired", TD_PASSIVE_AUTH_UNTRUSTED,
	 "Document Signer certificate expired on 2021-01-01"},
};

static void
test_signer_not_vouched_for(gconstpointer user_data)
{
	const SignerCase *c = user_data;
	g_autoptr(Card) card = card_new();
	g_autoptr(TdTrustStore) store = test_store();
	g_autoptr(GBytes) sod = build_sod(card, "SHA256", c->ds, TD_SOD_SIGNATURE_DEFAULT);
	g_autoptr(TdPassiveAuthResult) result = verify(sod, card->read, store);

	g_assert_cmpint(result->status, ==, c->status);
	g_assert_cmpuint(result->reasons->len, ==, 1);
	assert_reason(result, c->reason);
	g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MATCHED);
}

static void
test_not_yet_valid(SignedCard *fx, gconstpointer user_data)
{
	g_autoptr(GDateTime) past = g_date_time_new_utc(2022, 6, 1, 0, 0, 0);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPassiveAuthResult) result = td_passive_auth_verify(fx->sod, fx->card->read, fx->store, past, &error);

	g_assert_no_error(error);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_UNTRUSTED);
	assert_reason(result, "Document Signer certificate not valid before");
}

static void
test_dg_listed_not_read(SignedCard *fx, gconstpointer user_data)
{
	g_autoptr(TdPassiveAuthResult) result = NULL;

	g_hash_table_remove(fx->card->read, GUINT_TO_POINTER(14));
	result = verify(fx->sod, fx->card->read, fx->store);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_VALID);
	g_assert_cmpint(result->dg[14], ==, TD_DG_HASH_NOT_READ);
	g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MATCHED);
}

static void
test_dg_read_not_listed(SignedCard *fx, gconstpointer user_data)
{
	g_autoptr(TdPassiveAuthResult) result = NULL;

	g_hash_table_insert(fx->card->read, GUINT_TO_POINTER(15), g_bytes_new_static("\x6F\x00", 2));
	result = verify(fx->sod, fx->card->read, fx->store);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
	g_assert_cmpint(result->dg[15], ==, TD_DG_HASH_NOT_LISTED);
	assert_reason(result, "DG15 was read but the SOD holds no hash for it");
}

static void
test_empty_store(SignedCard *fx, gconstpointer user_data)
{
	g_autoptr(TdTrustStore) empty = td_trust_store_new();
	g_autofree gchar *dir = g_dir_make_tmp("td-pa-XXXXXX", NULL);
	g_autoptr(TdTrustStore) empty_dir = td_trust_store_new_from_directory(dir, NULL);
	TdTrustStore *stores[] = {empty, empty_dir, NULL};

	g_assert_nonnull(empty_dir);
	g_assert_cmpuint(td_trust_store_get_n_anchors(empty), ==, 0);
	for (guint i = 0; i < G_N_ELEMENTS(stores); i++) {
		g_autoptr(TdPassiveAuthResult) result = verify(fx->sod, fx->card->read, stores[i]);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_UNTRUSTED);
		assert_reason(result, "no CSCA");
		g_assert_false(result->revocation_checked);
		g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MATCHED);
	}
	g_rmdir(dir);
}

static void
test_malformed(SignedCard *fx, gconstpointer user_data)
{
	gsize len = g_bytes_get_size(fx->sod);
	g_autoptr(GBytes) truncated = g_bytes_new_from_bytes(fx->sod, 0, len - 10);
	g_autoptr(GBytes) unwrapped = g_bytes_new_from_bytes(fx->sod, 4, len - 4);
	g_autoptr(GBytes) garbage = g_bytes_new_static("\x77\x03\x01\x02\x03", 5);
	g_autoptr(GBytes) empty = g_bytes_new_static("", 0);
	GBytes *cases[] = {truncated, unwrapped, garbage, empty};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(TdPassiveAuthResult) result = verify(cases[i], fx->card->read, NULL);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
		assert_reason(result, "SOD malformed");
	}
}

static void
test_bad_dg_number(SignedCard *fx, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPassiveAuthResult) result = NULL;

	g_hash_table_insert(fx->card->read, GUINT_TO_POINTER(17), g_bytes_new_static("x", 1));
	result = td_passive_auth_verify(fx->sod, fx->card->read, NULL, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
	g_assert_null(result);
}

/* --- trust store --------------------------------------------------- */

static void
copy_pki_file(const gchar *name, const gchar *dir, const gchar *as)
{
	g_autofree gchar *src = pki_path(name);
	g_autofree gchar *dst = g_build_filename(dir, as, NULL);
	g_autofree gchar *data = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;
	g_assert_true(g_file_get_contents(src, &data, &len, &error));
	g_assert_true(g_file_set_contents(dst, data, (gssize)len, &error));
	g_assert_no_error(error);
}

static void
write_file(const gchar *dir, const gchar *as, const gchar *data, gsize len)
{
	g_autofree gchar *dst = g_build_filename(dir, as, NULL);
	g_autoptr(GError) error = NULL;
	g_assert_true(g_file_set_contents(dst, data, (gssize)len, &error));
	g_assert_no_error(error);
}

/* Garbage and misplaced files are skipped and named, the rest loads: in a
 * subprocess, since each skip is a g_warning (fatal in tests). */
static void
test_store_skips_garbage(void)
{
	if (g_test_subprocess()) {
		g_autofree gchar *dir = g_dir_make_tmp("td-ts-XXXXXX", NULL);
		g_autoptr(TdTrustStore) store = NULL;
		g_autoptr(GPtrArray) skipped = NULL;
		g_autoptr(X509) unknown = load_cert("unknown-csca");
		guint8 *der = NULL;
		int der_len = i2d_X509(unknown, &der);
		static const gchar bad_pem[] = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";

		g_log_set_always_fatal(G_LOG_FATAL_MASK);
		copy_pki_file("csca.pem", dir, "a-csca.pem");
		write_file(dir, "b-unknown-csca.der", (const gchar *)der, (gsize)der_len);
		OPENSSL_free(der);
		copy_pki_file("csca.crl.pem", dir, "c-csca.crl");
		write_file(dir, "d-garbage.pem", bad_pem, sizeof(bad_pem) - 1);
		write_file(dir, "e-junk.bin", "\x30\x82\xff\xff junk", 10);
		copy_pki_file("ds-p256.pem", dir, "f-document-signer.pem");
		write_file(dir, ".hidden", "ignored", 7);

		store = td_trust_store_new_from_directory(dir, NULL);
		g_assert_nonnull(store);
		g_assert_cmpuint(td_trust_store_get_n_anchors(store), ==, 2);
		g_assert_cmpuint(td_trust_store_get_n_crls(store), ==, 1);
		skipped = td_trust_store_get_skipped_files(store);
		g_assert_cmpuint(skipped->len, ==, 3);
		g_assert_nonnull(strstr(g_ptr_array_index(skipped, 0), "d-garbage.pem"));
		g_assert_nonnull(strstr(g_ptr_array_index(skipped, 1), "e-junk.bin"));
		g_assert_nonnull(strstr(g_ptr_array_index(skipped, 2), "f-document-signer.pem: not a CA"));
		td_test_remove_tree(dir);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr("*d-garbage.pem*e-junk.bin*f-document-signer.pem*");
}

static void
test_store_missing_directory(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTrustStore) store = td_trust_store_new_from_directory("/nonexistent/td-trust", &error);
	g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	g_assert_null(store);
}

/* A trust store loaded from dir, which holds the named files of the test
 * PKI (pairs: the PKI's name, the name in dir; NULL-terminated), so that a
 * test can add to the folder and reload. */
static TdTrustStore *
store_in_folder(const gchar *dir, const gchar *const *files)
{
	g_autoptr(GError) error = NULL;
	TdTrustStore *store;

	for (guint i = 0; files[i] != NULL; i += 2)
		copy_pki_file(files[i], dir, files[i + 1]);
	store = td_trust_store_new_from_directory(dir, &error);
	g_assert_no_error(error);
	return store;
}

/* The deployment drops a successor CSCA in (the SOD's signer is
 * ds-unknown): no restart needed. */
static void
test_store_reload(SignedCard *fx, gconstpointer user_data)
{
	g_autofree gchar *dir = g_dir_make_tmp("td-ts-XXXXXX", NULL);
	const gchar *const files[] = {"csca.pem", "csca.pem", NULL};
	g_autoptr(TdTrustStore) store = store_in_folder(dir, files);
	g_autoptr(GError) error = NULL;

	{
		g_autoptr(TdPassiveAuthResult) result = verify(fx->sod, fx->card->read, store);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_UNTRUSTED);
	}
	copy_pki_file("unknown-csca.pem", dir, "unknown-csca.pem");
	g_assert_true(td_trust_store_reload(store, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(td_trust_store_get_n_anchors(store), ==, 2);
	{
		g_autoptr(TdPassiveAuthResult) result = verify(fx->sod, fx->card->read, store);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_VALID);
		g_assert_false(result->revocation_checked); /* no CRL for it */
	}
	td_test_remove_tree(dir);
}

/* Old CSCA as the anchor + link certificate: a DS of the successor CSCA
 * (ds-successor: same name, new key) chains; without the link it does
 * not. */
static void
test_store_link_certificate(SignedCard *fx, gconstpointer user_data)
{
	g_autofree gchar *dir = g_dir_make_tmp("td-ts-XXXXXX", NULL);
	const gchar *const files[] = {"csca.pem", "csca.pem", "csca.crl.der", "csca.crl", NULL};
	g_autoptr(TdTrustStore) store = store_in_folder(dir, files);
	g_autoptr(GError) error = NULL;

	{
		g_autoptr(TdPassiveAuthResult) result = verify(fx->sod, fx->card->read, store);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_UNTRUSTED);
		assert_reason(result, "no CSCA in the trust store for issuer CN=Test CSCA Vietnam");
	}
	copy_pki_file("csca2-link.pem", dir, "csca2-link.pem");
	g_assert_true(td_trust_store_reload(store, &error));
	g_assert_cmpuint(td_trust_store_get_n_anchors(store), ==, 1);
	{
		g_autoptr(TdPassiveAuthResult) result = verify(fx->sod, fx->card->read, store);
		g_autofree gchar *all = td_passive_auth_result_describe(result);
		g_assert_cmpstr(all, ==, "");
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_VALID);
		/* the old CSCA's CRL does not cover the successor's DS */
		g_assert_false(result->revocation_checked);
	}
	td_test_remove_tree(dir);
}

typedef struct {
	guint calls;
	gchar *last_url;
	GBytes *answer; /* NULL = fail */
} FetchLog;

static GBytes *
fetch_crl(const gchar *url, gpointer user_data, GError **error)
{
	FetchLog *log = user_data;
	log->calls++;
	g_free(log->last_url);
	log->last_url = g_strdup(url);
	if (log->answer == NULL) {
		g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "offline");
		return NULL;
	}
	return g_bytes_ref(log->answer);
}

/* No CRL in the directory: the fetch callback gets the CSCA's CRL
 * distribution point, and the revoked DS (ds-revoked) is caught. */
static void
test_store_crl_fetch(SignedCard *fx, gconstpointer user_data)
{
	g_autofree gchar *dir = g_dir_make_tmp("td-ts-XXXXXX", NULL);
	const gchar *const files[] = {"csca.pem", "csca.pem", NULL};
	g_autoptr(TdTrustStore) store = store_in_folder(dir, files);
	Card *card = fx->card;
	GBytes *sod = fx->sod;
	g_autofree gchar *crl_path = pki_path("csca.crl.der");
	g_autofree gchar *crl = NULL;
	gsize crl_len = 0;
	FetchLog log = {0};

	/* without a fetcher the revocation goes unnoticed, and says so */
	{
		g_autoptr(TdPassiveAuthResult) result = verify(sod, card->read, store);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_VALID);
		g_assert_false(result->revocation_checked);
	}

	/* an offline fetcher: asked once, not again for the next card */
	td_trust_store_set_crl_fetch_func(store, fetch_crl, &log, NULL);
	for (guint i = 0; i < 2; i++) {
		g_autoptr(TdPassiveAuthResult) result = verify(sod, card->read, store);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_VALID);
		g_assert_false(result->revocation_checked);
	}
	g_assert_cmpuint(log.calls, ==, 1);
	g_assert_cmpstr(log.last_url, ==, "http://csca.test.invalid/test-csca.crl");

	/* a working one: fetched once, cached, the DS is revoked */
	g_assert_true(g_file_get_contents(crl_path, &crl, &crl_len, NULL));
	log.answer = g_bytes_new(crl, crl_len);
	log.calls = 0;
	td_trust_store_set_crl_fetch_func(store, fetch_crl, &log, NULL);
	for (guint i = 0; i < 2; i++) {
		g_autoptr(TdPassiveAuthResult) result = verify(sod, card->read, store);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
		assert_reason(result, "revoked");
	}
	g_assert_cmpuint(log.calls, ==, 1);
	g_assert_cmpuint(td_trust_store_get_n_crls(store), ==, 1);

	/* a fetched CRL that is not the CSCA's is refused */
	{
		g_autoptr(Card) card2 = card_new();
		g_autoptr(GBytes) sod_ok = build_sod(card2, "SHA256", "ds-p256", TD_SOD_SIGNATURE_DEFAULT);
		g_autoptr(TdTrustStore) store2 = td_trust_store_new_from_directory(dir, NULL);
		g_autoptr(TdPassiveAuthResult) result = NULL;
		g_bytes_unref(log.answer);
		log.answer = g_bytes_new_static("\x30\x03\x02\x01\x00", 5);
		td_trust_store_set_crl_fetch_func(store2, fetch_crl, &log, NULL);
		result = verify(sod_ok, card2->read, store2);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_VALID);
		g_assert_false(result->revocation_checked);
		g_assert_cmpuint(td_trust_store_get_n_crls(store2), ==, 0);
	}
	td_trust_store_set_crl_fetch_func(store, NULL, NULL, NULL);
	g_bytes_unref(log.answer);
	g_free(log.last_url);
	td_test_remove_tree(dir);
}

/* ds: the SOD's Document Signer, NULL for ds-p256. */
static void
add_signed_card_test(const gchar *path, const gchar *ds, void (*test)(SignedCard *fx, gconstpointer user_data))
{
	g_test_add(path, SignedCard, ds, signed_card_set_up, test, signed_card_tear_down);
}

static void
add_trust_store_tests(void)
{
	g_test_add_func("/trust-store/skips-garbage", test_store_skips_garbage);
	g_test_add_func("/trust-store/missing-directory", test_store_missing_directory);
	add_signed_card_test("/trust-store/reload", "ds-unknown", test_store_reload);
	add_signed_card_test("/trust-store/link-certificate", "ds-successor", test_store_link_certificate);
	add_signed_card_test("/trust-store/crl-fetch", "ds-revoked", test_store_crl_fetch);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* argv[1], passed on to g_test_trap_subprocess() children by env */
	if (argc >= 2)
		g_setenv("TD_TEST_PKI_DIR", argv[1], TRUE);
	pki_dir = g_getenv("TD_TEST_PKI_DIR");
	if (pki_dir == NULL)
		g_error("usage: %s PKI-DIR (made by kiosk/tiepdon-training-pki.sh)", argv[0]);

	for (guint i = 0; i < G_N_ELEMENTS(genuine_cases); i++) {
		const GenuineCase *c = &genuine_cases[i];
		g_autofree gchar *path = g_strdup_printf("/passive-auth/genuine/%s/%s%s%s/%s",
							 c->ds,
							 c->digest,
							 c->signature_digest != NULL ? "-signed-" : "",
							 c->signature_digest != NULL ? c->signature_digest : "",
							 c->scheme == TD_SOD_SIGNATURE_RSA_PSS ? "pss" : "default");
		g_test_add_data_func(path, c, test_genuine);
	}
	g_test_add_data_func("/passive-auth/signature-broken/ec", "ds-p256", test_signature_broken);
	g_test_add_data_func("/passive-auth/signature-broken/rsa-pss", "ds-rsa", test_signature_broken);
	for (guint i = 0; i < G_N_ELEMENTS(signer_cases); i++)
		g_test_add_data_func(signer_cases[i].path, &signer_cases[i], test_signer_not_vouched_for);
	add_signed_card_test("/passive-auth/dg13-changed", NULL, test_dg13_changed);
	add_signed_card_test("/passive-auth/lds-tampered", NULL, test_lds_tampered);
	add_signed_card_test("/passive-auth/wrong-econtent-type", NULL, test_wrong_econtent_type);
	add_signed_card_test("/passive-auth/not-yet-valid", NULL, test_not_yet_valid);
	add_signed_card_test("/passive-auth/dg-listed-not-read", NULL, test_dg_listed_not_read);
	add_signed_card_test("/passive-auth/dg-read-not-listed", NULL, test_dg_read_not_listed);
	add_signed_card_test("/passive-auth/empty-store", NULL, test_empty_store);
	add_signed_card_test("/passive-auth/malformed", NULL, test_malformed);
	add_signed_card_test("/passive-auth/bad-dg-number", NULL, test_bad_dg_number);
	add_trust_store_tests();
	return g_test_run();
}
