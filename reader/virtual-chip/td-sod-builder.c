/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>

#include "td-reader-error.h"
#include "td-sod-builder.h"

/* ICAO 9303-10: id-icao-mrtd-security-ldsSecurityObject */
#define TD_OID_LDS_SECURITY_OBJECT "2.23.136.1.1.1"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CMS_ContentInfo, CMS_ContentInfo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ASN1_OBJECT, ASN1_OBJECT_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_MD, EVP_MD_free)

/* Sets a TD_READER_ERROR_CRYPTO error carrying OpenSSL's last reason, so a
 * failing personalisation says what OpenSSL disliked. */
static void
td_sod_builder_set_crypto_error(GError **error, const gchar *what)
{
	unsigned long code = ERR_peek_last_error();
	g_set_error(error,
		    TD_READER_ERROR,
		    TD_READER_ERROR_CRYPTO,
		    "%s: %s",
		    what,
		    code != 0 ? ERR_reason_error_string(code) : "unknown OpenSSL error");
	ERR_clear_error();
}

/* DER definite length, shortest form (also valid BER for the '77' wrapper). */
static void
td_der_append_length(GByteArray *buf, gsize len)
{
	guint8 bytes[9];
	guint n = 0;

	if (len < 0x80) {
		guint8 b = (guint8)len;
		g_byte_array_append(buf, &b, 1);
		return;
	}
	for (gsize v = len; v > 0; v >>= 8)
		n++;
	bytes[0] = (guint8)(0x80 | n);
	for (guint i = 0; i < n; i++)
		bytes[1 + i] = (guint8)(len >> (8 * (n - 1 - i)));
	g_byte_array_append(buf, bytes, n + 1);
}

static void
td_der_append(GByteArray *buf, guint8 tag, const guint8 *value, gsize len)
{
	g_byte_array_append(buf, &tag, 1);
	td_der_append_length(buf, len);
	if (len > 0)
		g_byte_array_append(buf, value, len);
}

/* Wraps the whole of inner as the value of a new TLV and frees inner. */
static GByteArray *
td_der_wrap(guint8 tag, GByteArray *inner)
{
	GByteArray *outer = g_byte_array_sized_new(inner->len + 6);
	td_der_append(outer, tag, inner->data, inner->len);
	g_byte_array_unref(inner);
	return outer;
}

static GByteArray *
td_der_algorithm_identifier(const EVP_MD *md, GError **error)
{
	/* ICAO 9303-10 and RFC 5754: hash AlgorithmIdentifiers carry no
	 * parameters; X509_ALGOR with V_ASN1_UNDEF leaves them out. */
	g_autoptr(GByteArray) buf = g_byte_array_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	guint8 *der = NULL;
	int len;

	if (alg == NULL || !X509_ALGOR_set0(alg, OBJ_nid2obj(EVP_MD_get_type(md)), V_ASN1_UNDEF, NULL)) {
		X509_ALGOR_free(alg);
		td_sod_builder_set_crypto_error(error, "cannot build the hash AlgorithmIdentifier");
		return NULL;
	}
	len = i2d_X509_ALGOR(alg, &der);
	X509_ALGOR_free(alg);
	if (len <= 0) {
		td_sod_builder_set_crypto_error(error, "cannot encode the hash AlgorithmIdentifier");
		return NULL;
	}
	g_byte_array_append(buf, der, (guint)len);
	OPENSSL_free(der);
	return g_steal_pointer(&buf);
}

static GBytes *
td_lds_security_object_build_with_md(const EVP_MD *md,
				     const TdSodDataGroup *data_groups,
				     guint n_data_groups,
				     GError **error)
{
	g_autoptr(GByteArray) alg = NULL;
	GByteArray *hashes = g_byte_array_new();
	GByteArray *body;
	static const guint8 version_zero[] = {0x00};

	alg = td_der_algorithm_identifier(md, error);
	if (alg == NULL) {
		g_byte_array_unref(hashes);
		return NULL;
	}
	for (guint i = 0; i < n_data_groups; i++) {
		const TdSodDataGroup *dg = &data_groups[i];
		guint8 digest[EVP_MAX_MD_SIZE];
		guint digest_len = 0;
		guint8 number = (guint8)dg->dg_number;
		GByteArray *entry;
		gsize len = 0;
		const guint8 *data;

		if (dg->dg_number < 1 || dg->dg_number > 16 || dg->contents == NULL) {
			g_set_error(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_INVALID_INPUT,
				    "data group number %u is not 1..16 or has no contents",
				    dg->dg_number);
			g_byte_array_unref(hashes);
			return NULL;
		}
		data = g_bytes_get_data(dg->contents, &len);
		if (!EVP_Digest(data, len, digest, &digest_len, md, NULL)) {
			td_sod_builder_set_crypto_error(error, "cannot hash a data group");
			g_byte_array_unref(hashes);
			return NULL;
		}
		/* DataGroupHash ::= SEQUENCE { dataGroupNumber INTEGER,
		 *                              dataGroupHashValue OCTET STRING } */
		entry = g_byte_array_new();
		td_der_append(entry, 0x02, &number, 1);
		td_der_append(entry, 0x04, digest, digest_len);
		entry = td_der_wrap(0x30, entry);
		g_byte_array_append(hashes, entry->data, entry->len);
		g_byte_array_unref(entry);
	}

	/* LDSSecurityObject ::= SEQUENCE { version INTEGER (v0),
	 *   hashAlgorithm AlgorithmIdentifier,
	 *   dataGroupHashValues SEQUENCE OF DataGroupHash } */
	body = g_byte_array_new();
	td_der_append(body, 0x02, version_zero, sizeof(version_zero));
	g_byte_array_append(body, alg->data, alg->len);
	hashes = td_der_wrap(0x30, hashes);
	g_byte_array_append(body, hashes->data, hashes->len);
	g_byte_array_unref(hashes);
	body = td_der_wrap(0x30, body);
	return g_byte_array_free_to_bytes(body);
}

static gboolean
td_sod_builder_set_scheme(CMS_SignerInfo *si, EVP_PKEY *ds_key, const EVP_MD *md, TdSodSignatureScheme scheme, GError **error)
{
	EVP_PKEY_CTX *pctx;

	if (scheme == TD_SOD_SIGNATURE_DEFAULT)
		return TRUE;
	if (!EVP_PKEY_is_a(ds_key, "RSA")) {
		g_set_error_literal(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_INVALID_INPUT,
				    "RSA-PSS needs an RSA Document Signer key");
		return FALSE;
	}
	/* CMS_KEY_PARAM left the signing context open for us: the PSS
	 * parameters set here end up in the SignerInfo's signatureAlgorithm. */
	pctx = CMS_SignerInfo_get0_pkey_ctx(si);
	if (pctx == NULL || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) <= 0) {
		td_sod_builder_set_crypto_error(error, "cannot set RSA-PSS parameters");
		return FALSE;
	}
	return TRUE;
}

GBytes *
td_sod_build(const gchar *digest_name,
	     const gchar *signature_digest_name,
	     const TdSodDataGroup *data_groups,
	     guint n_data_groups,
	     EVP_PKEY *ds_key,
	     X509 *ds_cert,
	     TdSodSignatureScheme scheme,
	     GError **error)
{
	g_autoptr(EVP_MD) md = NULL;
	g_autoptr(EVP_MD) signature_md = NULL;
	g_autoptr(GBytes) lds = NULL;
	g_autoptr(CMS_ContentInfo) cms = NULL;
	g_autoptr(ASN1_OBJECT) econtent_type = NULL;
	g_autoptr(BIO) content = NULL;
	CMS_SignerInfo *si;
	const guint flags = CMS_BINARY | CMS_NOSMIMECAP;
	guint8 *der = NULL;
	int der_len;
	GByteArray *file;

	g_return_val_if_fail(digest_name != NULL, NULL);
	g_return_val_if_fail(ds_key != NULL, NULL);
	g_return_val_if_fail(ds_cert != NULL, NULL);

	if (signature_digest_name == NULL)
		signature_digest_name = digest_name;
	md = EVP_MD_fetch(NULL, digest_name, NULL);
	signature_md = EVP_MD_fetch(NULL, signature_digest_name, NULL);
	if (md == NULL || signature_md == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "unknown digest %s",
			    md == NULL ? digest_name : signature_digest_name);
		ERR_clear_error();
		return NULL;
	}
	lds = td_lds_security_object_build_with_md(md, data_groups, n_data_groups, error);
	if (lds == NULL)
		return NULL;

	/* An empty SignedData first, so the eContentType can be set before the
	 * signer is added: OpenSSL copies it into the contentType signed
	 * attribute when it signs, and adds messageDigest and signingTime. */
	cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | flags);
	econtent_type = OBJ_txt2obj(TD_OID_LDS_SECURITY_OBJECT, 1);
	if (cms == NULL || econtent_type == NULL || !CMS_set1_eContentType(cms, econtent_type)) {
		td_sod_builder_set_crypto_error(error, "cannot start the CMS SignedData");
		return NULL;
	}
	si = CMS_add1_signer(cms, ds_cert, ds_key, signature_md, CMS_PARTIAL | CMS_KEY_PARAM | flags);
	if (si == NULL) {
		td_sod_builder_set_crypto_error(error, "cannot add the Document Signer");
		return NULL;
	}
	if (!td_sod_builder_set_scheme(si, ds_key, signature_md, scheme, error))
		return NULL;
	content = BIO_new_mem_buf(g_bytes_get_data(lds, NULL), (int)g_bytes_get_size(lds));
	if (content == NULL || !CMS_final(cms, content, NULL, flags)) {
		td_sod_builder_set_crypto_error(error, "cannot sign the LDS security object");
		return NULL;
	}
	der_len = i2d_CMS_ContentInfo(cms, &der);
	if (der_len <= 0) {
		td_sod_builder_set_crypto_error(error, "cannot encode the SOD");
		return NULL;
	}
	file = g_byte_array_sized_new((guint)der_len + 6);
	td_der_append(file, 0x77, der, (gsize)der_len);
	OPENSSL_free(der);
	return g_byte_array_free_to_bytes(file);
}
