/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/err.h>
#include <openssl/objects.h>

#include "td-der.h"
#include "td-reader-error.h"
#include "td-sod.h"
#include "td-tlv.h"

#define TD_SOD_MAX_DG 16

struct _TdSod {
	CMS_ContentInfo *cms;
	X509 *signer_certificate; /* own reference, or NULL */
	GBytes *econtent;
	guint version;
	const gchar *digest_name; /* static */
	GBytes *dg_hashes[TD_SOD_MAX_DG + 1];
	GArray *dg_numbers;
};

/* The hash algorithms ICAO 9303-12 allows for the LDSSecurityObject. */
static const struct {
	const gchar *oid;
	const gchar *name;
	gsize length;
} td_sod_digests[] = {
	{"1.3.14.3.2.26", "SHA1", 20},
	{"2.16.840.1.101.3.4.2.4", "SHA224", 28},
	{"2.16.840.1.101.3.4.2.1", "SHA256", 32},
	{"2.16.840.1.101.3.4.2.2", "SHA384", 48},
	{"2.16.840.1.101.3.4.2.3", "SHA512", 64},
};

void
td_sod_free(TdSod *sod)
{
	if (sod == NULL)
		return;
	CMS_ContentInfo_free(sod->cms);
	X509_free(sod->signer_certificate);
	if (sod->econtent != NULL)
		g_bytes_unref(sod->econtent);
	for (guint i = 0; i <= TD_SOD_MAX_DG; i++) {
		if (sod->dg_hashes[i] != NULL)
			g_bytes_unref(sod->dg_hashes[i]);
	}
	if (sod->dg_numbers != NULL)
		g_array_unref(sod->dg_numbers);
	g_free(sod);
}

static gboolean
td_sod_parse_hash_algorithm(TdSod *sod, const TdTlv *alg, gsize *hash_len, GError **error)
{
	g_autofree gchar *oid = NULL;
	g_autoptr(GError) error_local = NULL;
	TdTlvIter iter;
	TdTlv tlv;

	td_tlv_iter_init(&iter, alg->value, alg->length);
	if (!td_der_iter_expect(&iter, TD_DER_OID, "hash algorithm", &tlv, error))
		return FALSE;
	oid = td_der_get_oid(&tlv, "hash algorithm", error);
	if (oid == NULL)
		return FALSE;
	/* parameters: NULL or absent, nothing else */
	if (td_tlv_iter_next(&iter, &tlv, &error_local) &&
	    (tlv.tag != TD_DER_NULL || tlv.length != 0 || td_tlv_iter_next(&iter, &tlv, NULL))) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "hash algorithm: unexpected parameters");
		return FALSE;
	}
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(td_sod_digests); i++) {
		if (g_strcmp0(oid, td_sod_digests[i].oid) == 0) {
			sod->digest_name = td_sod_digests[i].name;
			*hash_len = td_sod_digests[i].length;
			return TRUE;
		}
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "hash algorithm %s not allowed", oid);
	return FALSE;
}

static gboolean
td_sod_parse_dg_hash(TdSod *sod, const TdTlv *entry, gsize hash_len, GError **error)
{
	TdTlvIter iter;
	TdTlv number_tlv;
	TdTlv hash_tlv;
	TdTlv extra;
	guint64 number = 0;
	guint dg;

	td_tlv_iter_init(&iter, entry->value, entry->length);
	if (!td_der_iter_expect(&iter, TD_DER_INTEGER, "data-group number", &number_tlv, error) ||
	    !td_der_get_uint(&number_tlv, "data-group number", &number, error) ||
	    !td_der_iter_expect(&iter, TD_DER_OCTET_STRING, "data-group hash", &hash_tlv, error))
		return FALSE;
	if (td_tlv_iter_next(&iter, &extra, NULL)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "data-group hash: trailing data");
		return FALSE;
	}
	if (number < 1 || number > TD_SOD_MAX_DG) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "data group %" G_GUINT64_FORMAT " does not exist", number);
		return FALSE;
	}
	dg = (guint)number;
	if (sod->dg_hashes[dg] != NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG%u hashed twice", dg);
		return FALSE;
	}
	if (hash_tlv.length != hash_len) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "DG%u hash has %" G_GSIZE_FORMAT " bytes, %s gives %" G_GSIZE_FORMAT,
			    dg,
			    hash_tlv.length,
			    sod->digest_name,
			    hash_len);
		return FALSE;
	}
	sod->dg_hashes[dg] = g_bytes_new(hash_tlv.value, hash_tlv.length);
	return TRUE;
}

/* LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm,
 *   dataGroupHashValues SEQUENCE OF DataGroupHash, ldsVersionInfo OPTIONAL } */
static gboolean
td_sod_parse_lds_security_object(TdSod *sod, const guint8 *data, gsize len, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdTlv lso;
	TdTlv tlv;
	TdTlv hashes;
	TdTlvIter iter;
	TdTlvIter hash_iter;
	guint64 version = 0;
	gsize hash_len = 0;

	if (!td_tlv_parse_expect(data, len, TD_DER_SEQUENCE, &lso, error))
		return FALSE;
	td_tlv_iter_init(&iter, lso.value, lso.length);
	if (!td_der_iter_expect(&iter, TD_DER_INTEGER, "version", &tlv, error) ||
	    !td_der_get_uint(&tlv, "version", &version, error))
		return FALSE;
	if (version > 1) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "version %" G_GUINT64_FORMAT, version);
		return FALSE;
	}
	sod->version = (guint)version;
	if (!td_der_iter_expect(&iter, TD_DER_SEQUENCE, "hash algorithm", &tlv, error) ||
	    !td_sod_parse_hash_algorithm(sod, &tlv, &hash_len, error) ||
	    !td_der_iter_expect(&iter, TD_DER_SEQUENCE, "data-group hashes", &hashes, error))
		return FALSE;
	/* ldsVersionInfo (LDS 1.8) is tolerated, whatever the version says */
	if (td_tlv_iter_next(&iter, &tlv, &error_local)) {
		if (tlv.tag != TD_DER_SEQUENCE || td_tlv_iter_next(&iter, &tlv, NULL)) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "unexpected data after the hashes");
			return FALSE;
		}
	}
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}

	td_tlv_iter_init(&hash_iter, hashes.value, hashes.length);
	while (td_tlv_iter_next(&hash_iter, &tlv, &error_local)) {
		if (tlv.tag != TD_DER_SEQUENCE) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "data-group hash: not a SEQUENCE");
			return FALSE;
		}
		if (!td_sod_parse_dg_hash(sod, &tlv, hash_len, error))
			return FALSE;
	}
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	sod->dg_numbers = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint dg = 1; dg <= TD_SOD_MAX_DG; dg++) {
		if (sod->dg_hashes[dg] != NULL)
			g_array_append_val(sod->dg_numbers, dg);
	}
	if (sod->dg_numbers->len == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "no data-group hashes");
		return FALSE;
	}
	return TRUE;
}

/* The SignedData's certificate named by the (single) SignerInfo's sid. */
static void
td_sod_find_signer_certificate(TdSod *sod, CMS_SignerInfo *si)
{
	STACK_OF(X509) *certs = CMS_get1_certs(sod->cms);

	for (int i = 0; certs != NULL && i < sk_X509_num(certs); i++) {
		X509 *cert = sk_X509_value(certs, i);
		if (CMS_SignerInfo_cert_cmp(si, cert) == 0 && X509_up_ref(cert) == 1) {
			sod->signer_certificate = cert;
			break;
		}
	}
	sk_X509_pop_free(certs, X509_free);
}

static gboolean
td_sod_parse_cms(TdSod *sod, const guint8 *der, gsize len, GError **error)
{
	const unsigned char *p = der;
	STACK_OF(CMS_SignerInfo) *signers;
	ASN1_OCTET_STRING **content;
	const ASN1_OBJECT *type;
	gchar oid[64] = {0};

	if (len > G_MAXLONG) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "too large");
		return FALSE;
	}
	sod->cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (sod->cms == NULL || p != der + len) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not a CMS ContentInfo");
		return FALSE;
	}
	if (OBJ_obj2nid(CMS_get0_type(sod->cms)) != NID_pkcs7_signed) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not a CMS SignedData");
		return FALSE;
	}
	type = CMS_get0_eContentType(sod->cms);
	if (type == NULL || OBJ_obj2txt(oid, sizeof(oid), type, 1) <= 0 ||
	    g_strcmp0(oid, TD_OID_LDS_SECURITY_OBJECT) != 0) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "eContentType %s is not an LDSSecurityObject", oid);
		return FALSE;
	}
	content = CMS_get0_content(sod->cms);
	if (content == NULL || *content == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "no eContent");
		return FALSE;
	}
	sod->econtent = g_bytes_new(ASN1_STRING_get0_data(*content), (gsize)ASN1_STRING_length(*content));

	/* ICAO 9303-10: exactly one SignerInfo, the Document Signer's */
	signers = CMS_get0_SignerInfos(sod->cms);
	if (signers == NULL || sk_CMS_SignerInfo_num(signers) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not exactly one SignerInfo");
		return FALSE;
	}
	td_sod_find_signer_certificate(sod, sk_CMS_SignerInfo_value(signers, 0));
	return TRUE;
}

TdSod *
td_sod_parse(GBytes *file, GError **error)
{
	g_autoptr(TdSod) sod = g_new0(TdSod, 1);
	gboolean ok;
	TdTlv outer;
	gsize len = 0;
	const guint8 *data;
	const guint8 *econtent;
	gsize econtent_len = 0;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x77, &outer, error)) {
		g_prefix_error(error, "EF.SOD: ");
		return NULL;
	}
	ok = td_sod_parse_cms(sod, outer.value, outer.length, error);
	/* OpenSSL's decoder leaves its reasons on the thread's error queue */
	ERR_clear_error();
	if (!ok) {
		g_prefix_error(error, "EF.SOD: ");
		return NULL;
	}
	econtent = g_bytes_get_data(sod->econtent, &econtent_len);
	if (!td_sod_parse_lds_security_object(sod, econtent, econtent_len, error)) {
		g_prefix_error(error, "EF.SOD: LDSSecurityObject: ");
		return NULL;
	}
	return g_steal_pointer(&sod);
}

const gchar *
td_sod_get_digest_name(const TdSod *sod)
{
	g_return_val_if_fail(sod != NULL, NULL);
	return sod->digest_name;
}

guint
td_sod_get_version(const TdSod *sod)
{
	g_return_val_if_fail(sod != NULL, 0);
	return sod->version;
}

GBytes *
td_sod_get_dg_hash(const TdSod *sod, guint dg_number)
{
	g_return_val_if_fail(sod != NULL, NULL);
	if (dg_number < 1 || dg_number > TD_SOD_MAX_DG || sod->dg_hashes[dg_number] == NULL)
		return NULL;
	return g_bytes_ref(sod->dg_hashes[dg_number]);
}

GArray *
td_sod_get_dg_numbers(const TdSod *sod)
{
	GArray *copy;

	g_return_val_if_fail(sod != NULL, NULL);
	copy = g_array_sized_new(FALSE, FALSE, sizeof(guint), sod->dg_numbers->len);
	g_array_append_vals(copy, sod->dg_numbers->data, sod->dg_numbers->len);
	return copy;
}

X509 *
td_sod_get_signer_certificate(const TdSod *sod)
{
	g_return_val_if_fail(sod != NULL, NULL);
	return sod->signer_certificate;
}

CMS_ContentInfo *
td_sod_get_cms(const TdSod *sod)
{
	g_return_val_if_fail(sod != NULL, NULL);
	return sod->cms;
}

GBytes *
td_sod_get_econtent(const TdSod *sod)
{
	g_return_val_if_fail(sod != NULL, NULL);
	return g_bytes_ref(sod->econtent);
}
