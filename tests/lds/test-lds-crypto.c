/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DG15 (active-authentication key) and EF.SOD, with keys, certificates and
 * CMS built here by OpenSSL. */
#include "config.h"

#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <string.h>

#include "td-dg15.h"
#include "td-reader-error.h"
#include "td-sod.h"
#include "td-test-lds.h"
#include "td-tlv.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CMS_ContentInfo, CMS_ContentInfo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BIO, BIO_free)

static GBytes *
wrap(guint32 tag, const guint8 *data, gsize len)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	td_tlv_append(buf, tag, data, len);
	return g_bytes_new(buf->data, buf->len);
}

static GBytes *
spki_of(EVP_PKEY *key)
{
	unsigned char *der = NULL;
	int len = i2d_PUBKEY(key, &der);
	GBytes *bytes;

	g_assert_cmpint(len, >, 0);
	bytes = g_bytes_new(der, (gsize)len);
	OPENSSL_free(der);
	return bytes;
}

static void
check_dg15_roundtrip(EVP_PKEY *key, int expected_type)
{
	g_autoptr(GBytes) spki = spki_of(key);
	g_autoptr(GBytes) file = wrap(0x6F, g_bytes_get_data(spki, NULL), g_bytes_get_size(spki));
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg15) dg15 = td_dg15_parse(file, &error);

	g_assert_no_error(error);
	g_assert_nonnull(dg15);
	g_assert_cmpint(EVP_PKEY_get_base_id(dg15->public_key), ==, expected_type);
	g_assert_cmpint(EVP_PKEY_eq(dg15->public_key, key), ==, 1);
	g_assert_true(g_bytes_equal(dg15->subject_public_key_info, spki));
}

static void
test_dg15_ec_brainpool(void)
{
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	g_autoptr(EVP_PKEY) explicit_key = NULL;
	char curve[64] = {0};

	g_assert_nonnull(key);
	check_dg15_roundtrip(key, EVP_PKEY_EC);

	/* the same key with explicit curve parameters in its SPKI */
	explicit_key = EVP_PKEY_dup(key);
	g_assert_cmpint(EVP_PKEY_set_utf8_string_param(explicit_key,
						       OSSL_PKEY_PARAM_EC_ENCODING,
						       OSSL_PKEY_EC_ENCODING_EXPLICIT),
			==,
			1);
	check_dg15_roundtrip(explicit_key, EVP_PKEY_EC);
	{
		/* it really is the explicit form: the curve travels in the SPKI */
		g_autoptr(GBytes) named_spki = spki_of(key);
		g_autoptr(GBytes) explicit_spki = spki_of(explicit_key);
		g_assert_cmpuint(g_bytes_get_size(explicit_spki), >, g_bytes_get_size(named_spki) + 100);
	}
	g_assert_cmpint(EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof(curve), NULL), ==, 1);
	g_assert_cmpstr(curve, ==, "brainpoolP256r1");
}

static void
test_dg15_rsa(void)
{
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);

	g_assert_nonnull(key);
	check_dg15_roundtrip(key, EVP_PKEY_RSA);
}

static void
test_dg15_malformed(void)
{
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "prime256v1");
	g_autoptr(EVP_PKEY) ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	g_autoptr(GBytes) spki = spki_of(key);
	g_autoptr(GBytes) ed_spki = spki_of(ed);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(spki, &len);
	g_autoptr(GByteArray) corrupt = g_byte_array_new();
	GBytes *files[4] = {NULL};

	g_byte_array_append(corrupt, data, (guint)len);
	corrupt->data[len - 10] ^= 0xFF; /* the point is no longer on the curve */
	files[0] = wrap(0x6F, data, len - 1); /* SPKI cut short */
	files[1] = wrap(0x6F, corrupt->data, corrupt->len);
	files[2] = wrap(0x6E, data, len); /* DG14's tag */
	files[3] = wrap(0x6F, g_bytes_get_data(ed_spki, NULL), g_bytes_get_size(ed_spki));
	for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
		td_test_assert_malformed(TdDg15, td_dg15_parse, files[i]);
		g_bytes_unref(files[i]);
	}
}

/* SOD fixtures: a self-signed "document signer" and three data groups. */
typedef struct {
	EVP_PKEY *key;
	X509 *cert;
	GBytes *dg[3];
	guint dg_numbers[3];
} SodFixture;

static void
sod_fixture_set_up(SodFixture *fx, gconstpointer user_data)
{
	X509_NAME *name;

	fx->key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "prime256v1");
	fx->cert = X509_new();
	g_assert_cmpint(X509_set_version(fx->cert, X509_VERSION_3), ==, 1);
	ASN1_INTEGER_set(X509_get_serialNumber(fx->cert), 42);
	name = X509_get_subject_name(fx->cert);
	X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, (const unsigned char *)"VN", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"Test Document Signer", -1, -1, 0);
	X509_set_issuer_name(fx->cert, name);
	X509_gmtime_adj(X509_getm_notBefore(fx->cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(fx->cert), 3600);
	X509_set_pubkey(fx->cert, fx->key);
	g_assert_cmpint(X509_sign(fx->cert, fx->key, EVP_sha256()), >, 0);

	fx->dg[0] = g_bytes_new_static("\x61\x03\x5F\x1F\x00", 5);
	fx->dg[1] = g_bytes_new_static("\x6D\x02\x30\x00", 4);
	fx->dg[2] = g_bytes_new_static("\x6F\x00", 2);
	fx->dg_numbers[0] = 1;
	fx->dg_numbers[1] = 13;
	fx->dg_numbers[2] = 15;
}

static void
sod_fixture_tear_down(SodFixture *fx, gconstpointer user_data)
{
	EVP_PKEY_free(fx->key);
	X509_free(fx->cert);
	for (guint i = 0; i < G_N_ELEMENTS(fx->dg); i++)
		g_bytes_unref(fx->dg[i]);
}

static GBytes *
digest(const gchar *name, GBytes *data)
{
	guint8 md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD *evp = EVP_MD_fetch(NULL, name, NULL);

	g_assert_nonnull(evp);
	g_assert_cmpint(EVP_Digest(g_bytes_get_data(data, NULL), g_bytes_get_size(data), md, &md_len, evp, NULL), ==, 1);
	EVP_MD_free(evp);
	return g_bytes_new(md, md_len);
}

static void
append_oid(GByteArray *buf, const gchar *text)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(text, 1);
	unsigned char *der = NULL;
	int len = i2d_ASN1_OBJECT(obj, &der);
	g_byte_array_append(buf, der, (guint)len);
	OPENSSL_free(der);
	ASN1_OBJECT_free(obj);
}

/* LDSSecurityObject { version, hashAlgorithm, dataGroupHashValues }; a
 * negative duplicate_dg repeats no data group, truncate_hash cuts the hashes
 * by that many bytes. */
static GByteArray *
build_lds_security_object(SodFixture *fx, const gchar *alg_oid, const gchar *md_name, guint8 version, gboolean duplicate, gsize truncate_hash)
{
	GByteArray *buf = g_byte_array_new();
	gsize m_lso = td_tlv_begin(buf, 0x30);
	gsize m;

	td_tlv_append(buf, 0x02, &version, 1);
	m = td_tlv_begin(buf, 0x30);
	append_oid(buf, alg_oid);
	td_tlv_append(buf, 0x05, NULL, 0);
	td_tlv_end(buf, m);
	m = td_tlv_begin(buf, 0x30);
	for (guint i = 0; i < G_N_ELEMENTS(fx->dg) + (duplicate ? 1 : 0); i++) {
		guint j = i % G_N_ELEMENTS(fx->dg);
		g_autoptr(GBytes) hash = digest(md_name, fx->dg[j]);
		guint8 n = (guint8)fx->dg_numbers[j];
		gsize m_entry = td_tlv_begin(buf, 0x30);
		td_tlv_append(buf, 0x02, &n, 1);
		td_tlv_append(buf, 0x04, g_bytes_get_data(hash, NULL), g_bytes_get_size(hash) - truncate_hash);
		td_tlv_end(buf, m_entry);
	}
	td_tlv_end(buf, m);
	if (version == 1) {
		/* ldsVersionInfo { "0108", "080000" } */
		m = td_tlv_begin(buf, 0x30);
		td_tlv_append(buf, 0x13, (const guint8 *)"0108", 4);
		td_tlv_append(buf, 0x13, (const guint8 *)"080000", 6);
		td_tlv_end(buf, m);
	}
	td_tlv_end(buf, m_lso);
	return buf;
}

/* As a Document Signer does it: CMS SignedData, eContentType
 * 2.23.136.1.1.1, wrapped in tag 77. */
static GBytes *
sign_sod(SodFixture *fx, GByteArray *lso, const gchar *econtent_type, guint extra_flags)
{
	g_autoptr(BIO) bio = BIO_new_mem_buf(lso->data, (int)lso->len);
	g_autoptr(CMS_ContentInfo) cms = NULL;
	ASN1_OBJECT *type = NULL;
	unsigned char *der = NULL;
	int der_len;
	GBytes *file;

	cms = CMS_sign(fx->cert, fx->key, NULL, NULL, CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | extra_flags);
	g_assert_nonnull(cms);
	if (econtent_type != NULL) {
		type = OBJ_txt2obj(econtent_type, 1);
		g_assert_cmpint(CMS_set1_eContentType(cms, type), ==, 1);
		ASN1_OBJECT_free(type);
	}
	g_assert_cmpint(CMS_final(cms, bio, NULL, CMS_BINARY), ==, 1);
	der_len = i2d_CMS_ContentInfo(cms, &der);
	g_assert_cmpint(der_len, >, 0);
	file = wrap(0x77, der, (gsize)der_len);
	OPENSSL_free(der);
	return file;
}

static void
check_hashes(SodFixture *fx, TdSod *sod, const gchar *md_name)
{
	g_autoptr(GArray) numbers = td_sod_get_dg_numbers(sod);

	g_assert_cmpstr(td_sod_get_digest_name(sod), ==, md_name);
	g_assert_cmpmem(numbers->data, numbers->len * sizeof(guint), fx->dg_numbers, sizeof(fx->dg_numbers));
	for (guint i = 0; i < G_N_ELEMENTS(fx->dg); i++) {
		g_autoptr(GBytes) expected = digest(md_name, fx->dg[i]);
		g_autoptr(GBytes) stored = td_sod_get_dg_hash(sod, fx->dg_numbers[i]);
		g_assert_nonnull(stored);
		g_assert_true(g_bytes_equal(stored, expected));
	}
	g_assert_null(td_sod_get_dg_hash(sod, 2));
	g_assert_null(td_sod_get_dg_hash(sod, 0));
	g_assert_null(td_sod_get_dg_hash(sod, 17));
}

/* A well-formed EF.SOD: what the Document Signer hashed with, how it
 * signed, and what the parse must give back. */
typedef struct {
	const gchar *path;
	const gchar *hash_oid, *md_name;
	guint8 version;
	guint sign_flags;
} SodCase;

static const SodCase sod_cases[] = {
	{"/lds/sod/sha256", "2.16.840.1.101.3.4.2.1", "SHA256", 0, 0},
	{"/lds/sod/sha1-lds18", "1.3.14.3.2.26", "SHA1", 1, 0},
	{"/lds/sod/without-certificate", "2.16.840.1.101.3.4.2.3", "SHA512", 0, CMS_NOCERTS},
};

static void
test_sod_well_formed(SodFixture *fx, gconstpointer user_data)
{
	const SodCase *c = user_data;
	g_autoptr(GByteArray) lso = build_lds_security_object(fx, c->hash_oid, c->md_name, c->version, FALSE, 0);
	g_autoptr(GBytes) file = sign_sod(fx, lso, TD_OID_LDS_SECURITY_OBJECT, c->sign_flags);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSod) sod = td_sod_parse(file, &error);
	g_autoptr(GBytes) econtent = NULL;
	X509_STORE *store = NULL;

	g_assert_no_error(error);
	g_assert_nonnull(sod);
	check_hashes(fx, sod, c->md_name);
	g_assert_cmpuint(td_sod_get_version(sod), ==, c->version);
	econtent = td_sod_get_econtent(sod);
	g_assert_cmpmem(g_bytes_get_data(econtent, NULL), g_bytes_get_size(econtent), lso->data, lso->len);
	if (c->sign_flags & CMS_NOCERTS) {
		g_assert_null(td_sod_get_signer_certificate(sod));
		return;
	}
	g_assert_nonnull(td_sod_get_signer_certificate(sod));
	g_assert_cmpint(X509_cmp(td_sod_get_signer_certificate(sod), fx->cert), ==, 0);

	/* what the verifier will do with the borrowed CMS must work */
	store = X509_STORE_new();
	g_assert_cmpint(CMS_verify(td_sod_get_cms(sod), NULL, store, NULL, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY), ==, 1);
	X509_STORE_free(store);
}

static void
expect_sod_malformed(GBytes *file)
{
	td_test_assert_malformed(TdSod, td_sod_parse, file);
}

/* An EF.SOD the parse must refuse, built as a Document Signer would but
 * with one thing wrong. */
typedef struct {
	const gchar *what;
	const gchar *hash_oid, *md_name;
	guint8 version;
	gboolean duplicate;
	gsize truncate_hash;
	const gchar *econtent_type;
	guint sign_flags;
} BadSod;

static const BadSod bad_sods[] = {
	{"eContentType id-data", "2.16.840.1.101.3.4.2.1", "SHA256", 0, FALSE, 0, NULL, 0},
	{"a data group twice", "2.16.840.1.101.3.4.2.1", "SHA256", 0, TRUE, 0, TD_OID_LDS_SECURITY_OBJECT, 0},
	{"hashes 12 bytes short", "2.16.840.1.101.3.4.2.1", "SHA256", 0, FALSE, 12, TD_OID_LDS_SECURITY_OBJECT, 0},
	{"MD5", "1.2.840.113549.2.5", "MD5", 0, FALSE, 0, TD_OID_LDS_SECURITY_OBJECT, 0},
	{"version 2", "2.16.840.1.101.3.4.2.1", "SHA256", 2, FALSE, 0, TD_OID_LDS_SECURITY_OBJECT, 0},
	/* detached content: nothing to take the hashes from */
	{"detached content", "2.16.840.1.101.3.4.2.1", "SHA256", 0, FALSE, 0, TD_OID_LDS_SECURITY_OBJECT,
	 CMS_DETACHED},
};

static void
test_sod_malformed(SodFixture *fx, gconstpointer user_data)
{
	g_autoptr(GByteArray) good = build_lds_security_object(fx, "2.16.840.1.101.3.4.2.1", "SHA256", 0, FALSE, 0);
	g_autoptr(GBytes) signed_good = sign_sod(fx, good, TD_OID_LDS_SECURITY_OBJECT, 0);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(signed_good, &len);

	for (gsize i = 0; i < G_N_ELEMENTS(bad_sods); i++) {
		const BadSod *bad = &bad_sods[i];
		g_autoptr(GByteArray) lso = build_lds_security_object(fx, bad->hash_oid, bad->md_name, bad->version,
								      bad->duplicate, bad->truncate_hash);
		g_autoptr(GBytes) file = sign_sod(fx, lso, bad->econtent_type, bad->sign_flags);
		g_test_message("%s", bad->what);
		expect_sod_malformed(file);
	}
	/* truncated at several points, and with a byte appended */
	for (gsize cut = 1; cut < len; cut += len / 9) {
		g_autoptr(GBytes) file = g_bytes_new(data, len - cut);
		expect_sod_malformed(file);
	}
	{
		g_autoptr(GByteArray) longer = g_byte_array_new();
		g_autoptr(GBytes) file = NULL;
		g_byte_array_append(longer, data, (guint)len);
		g_byte_array_append(longer, (const guint8 *)"", 1);
		file = g_bytes_new(longer->data, longer->len);
		expect_sod_malformed(file);
	}
	/* the CMS inside a well-formed 77 with garbage after it */
	{
		g_autoptr(GByteArray) inner = g_byte_array_new();
		g_autoptr(GBytes) file = NULL;
		TdTlv outer;
		g_assert_true(td_tlv_parse(data, len, &outer, NULL));
		g_byte_array_append(inner, outer.value, (guint)outer.length);
		g_byte_array_append(inner, (const guint8 *)"\x05\x00", 2);
		file = wrap(0x77, inner->data, inner->len);
		expect_sod_malformed(file);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/lds/dg15/ec-brainpool", test_dg15_ec_brainpool);
	g_test_add_func("/lds/dg15/rsa", test_dg15_rsa);
	g_test_add_func("/lds/dg15/malformed", test_dg15_malformed);
	for (gsize i = 0; i < G_N_ELEMENTS(sod_cases); i++)
		g_test_add(sod_cases[i].path, SodFixture, &sod_cases[i], sod_fixture_set_up, test_sod_well_formed,
			   sod_fixture_tear_down);
	g_test_add("/lds/sod/malformed", SodFixture, NULL, sod_fixture_set_up, test_sod_malformed, sod_fixture_tear_down);
	return g_test_run();
}
