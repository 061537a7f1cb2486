/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "td-passive-auth"

#include "config.h"

#include <openssl/asn1t.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "td-passive-auth.h"
#include "td-reader-error.h"

/* ICAO 9303-10: id-icao-mrtd-security-ldsSecurityObject */
#define TD_OID_LDS_SECURITY_OBJECT "2.23.136.1.1.1"

/* LDSSecurityObject (ICAO 9303-10 §4.6.2), decoded with OpenSSL's ASN.1
 * templates rather than by hand: it is card data, and these decoders are
 * fuzzed upstream. Static items, so nothing clashes with other parsers. */
typedef struct {
	ASN1_INTEGER *number;
	ASN1_OCTET_STRING *hash;
} TD_DG_HASH;
DEFINE_STACK_OF(TD_DG_HASH)

typedef struct {
	ASN1_PRINTABLESTRING *lds_version;
	ASN1_PRINTABLESTRING *unicode_version;
} TD_LDS_VERSION_INFO;

typedef struct {
	ASN1_INTEGER *version;
	X509_ALGOR *hash_algorithm;
	STACK_OF(TD_DG_HASH) *hashes;
	TD_LDS_VERSION_INFO *version_info; /* LDS 1.8 (v1) only */
} TD_LDS_SECURITY_OBJECT;

ASN1_SEQUENCE(TD_DG_HASH) = {
	ASN1_SIMPLE(TD_DG_HASH, number, ASN1_INTEGER),
	ASN1_SIMPLE(TD_DG_HASH, hash, ASN1_OCTET_STRING),
} static_ASN1_SEQUENCE_END(TD_DG_HASH)

ASN1_SEQUENCE(TD_LDS_VERSION_INFO) = {
	ASN1_SIMPLE(TD_LDS_VERSION_INFO, lds_version, ASN1_PRINTABLESTRING),
	ASN1_SIMPLE(TD_LDS_VERSION_INFO, unicode_version, ASN1_PRINTABLESTRING),
} static_ASN1_SEQUENCE_END(TD_LDS_VERSION_INFO)

ASN1_SEQUENCE(TD_LDS_SECURITY_OBJECT) = {
	ASN1_SIMPLE(TD_LDS_SECURITY_OBJECT, version, ASN1_INTEGER),
	ASN1_SIMPLE(TD_LDS_SECURITY_OBJECT, hash_algorithm, X509_ALGOR),
	ASN1_SEQUENCE_OF(TD_LDS_SECURITY_OBJECT, hashes, TD_DG_HASH),
	ASN1_OPT(TD_LDS_SECURITY_OBJECT, version_info, TD_LDS_VERSION_INFO),
} static_ASN1_SEQUENCE_END(TD_LDS_SECURITY_OBJECT)

static void
td_lds_security_object_free(TD_LDS_SECURITY_OBJECT *lds)
{
	ASN1_item_free((ASN1_VALUE *)lds, ASN1_ITEM_rptr(TD_LDS_SECURITY_OBJECT));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TD_LDS_SECURITY_OBJECT, td_lds_security_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CMS_ContentInfo, CMS_ContentInfo_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ASN1_OBJECT, ASN1_OBJECT_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_MD, EVP_MD_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BIO, BIO_free)

const gchar *
td_passive_auth_status_to_string(TdPassiveAuthStatus status)
{
	switch (status) {
	case TD_PASSIVE_AUTH_VALID:
		return "valid";
	case TD_PASSIVE_AUTH_INVALID:
		return "invalid";
	case TD_PASSIVE_AUTH_UNTRUSTED:
		return "untrusted";
	default:
		return "unknown";
	}
}

void
td_passive_auth_result_free(TdPassiveAuthResult *result)
{
	if (result == NULL)
		return;
	g_ptr_array_unref(result->reasons);
	g_free(result->signer_subject);
	g_free(result->signer_issuer);
	g_free(result->hash_algorithm);
	g_free(result->signature_algorithm);
	g_free(result);
}

gchar *
td_passive_auth_result_describe(const TdPassiveAuthResult *result)
{
	g_autoptr(GString) str = g_string_new(NULL);
	g_return_val_if_fail(result != NULL, NULL);
	for (guint i = 0; i < result->reasons->len; i++) {
		if (i > 0)
			g_string_append(str, "; ");
		g_string_append(str, g_ptr_array_index(result->reasons, i));
	}
	return g_string_free(g_steal_pointer(&str), FALSE);
}

/* Records one failure; INVALID outranks UNTRUSTED outranks VALID. */
G_GNUC_PRINTF(3, 4)
static void
td_passive_auth_fail(TdPassiveAuthResult *result, TdPassiveAuthStatus status, const gchar *format, ...)
{
	va_list args;
	gchar *reason;

	va_start(args, format);
	reason = g_strdup_vprintf(format, args);
	va_end(args);
	for (guint i = 0; i < result->reasons->len; i++) {
		if (g_strcmp0(g_ptr_array_index(result->reasons, i), reason) == 0) {
			g_free(reason);
			reason = NULL;
			break;
		}
	}
	if (reason != NULL)
		g_ptr_array_add(result->reasons, reason);
	if (status == TD_PASSIVE_AUTH_INVALID || result->status == TD_PASSIVE_AUTH_VALID)
		result->status = status;
	ERR_clear_error();
}

static gchar *
td_x509_name_to_string(const X509_NAME *name)
{
	g_autoptr(BIO) bio = BIO_new(BIO_s_mem());
	char *data = NULL;
	long len;

	if (bio == NULL || X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253) < 0)
		return g_strdup("(unprintable name)");
	len = BIO_get_mem_data(bio, &data);
	return g_strndup(data, len > 0 ? (gsize)len : 0);
}

static gchar *
td_asn1_time_to_date(const ASN1_TIME *time)
{
	struct tm tm = {0};
	if (time == NULL || !ASN1_TIME_to_tm(time, &tm))
		return g_strdup("(unknown date)");
	return g_strdup_printf("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The digests ICAO 9303-11 allows for data-group hashes. */
static EVP_MD *
td_passive_auth_fetch_md(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj = NULL;
	int nid;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	nid = OBJ_obj2nid(obj);
	switch (nid) {
	case NID_sha1:
	case NID_sha224:
	case NID_sha256:
	case NID_sha384:
	case NID_sha512:
		return EVP_MD_fetch(NULL, OBJ_nid2sn(nid), NULL);
	default:
		return NULL;
	}
}

static gchar *
td_passive_auth_algorithm_name(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj = NULL;
	gchar buf[80];
	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	OBJ_obj2txt(buf, sizeof(buf), obj, 0);
	return g_strdup(buf);
}

/* EF.SOD is the CMS ContentInfo inside an application tag 23 ('77'). */
static gboolean
td_sod_unwrap(GBytes *sod_file, const guint8 **out_der, long *out_len, const gchar **why)
{
	gsize file_len = 0;
	const guint8 *data = g_bytes_get_data(sod_file, &file_len);
	const unsigned char *p = data;
	long len = 0;
	int tag = 0;
	int klass = 0;
	int ret;

	if (file_len < 2 || file_len > G_MAXINT) {
		*why = "EF.SOD is empty or too large";
		return FALSE;
	}
	ret = ASN1_get_object(&p, &len, &tag, &klass, (long)file_len);
	if ((ret & 0x80) != 0 || ret == 0x21 || tag != 23 || klass != V_ASN1_APPLICATION ||
	    (ret & V_ASN1_CONSTRUCTED) == 0) {
		*why = "EF.SOD is not a definite-length '77' TLV";
		return FALSE;
	}
	/* Bytes after the TLV (file padding) are not signed and not used. */
	*out_der = p;
	*out_len = len;
	return TRUE;
}

static gboolean
td_passive_auth_check_hashes(TdPassiveAuthResult *result,
			     const TD_LDS_SECURITY_OBJECT *lds,
			     GHashTable *data_groups,
			     const EVP_MD *md)
{
	for (int i = 0; i < sk_TD_DG_HASH_num(lds->hashes); i++) {
		const TD_DG_HASH *entry = sk_TD_DG_HASH_value(lds->hashes, i);
		long number = ASN1_INTEGER_get(entry->number);
		GBytes *contents;

		if (number < 1 || number > 16) {
			td_passive_auth_fail(result,
					     TD_PASSIVE_AUTH_INVALID,
					     "SOD malformed: hash for data group %ld, not 1..16",
					     number);
			return FALSE;
		}
		if (result->dg[number] != TD_DG_HASH_ABSENT) {
			td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: DG%ld listed twice", number);
			return FALSE;
		}
		contents = data_groups != NULL ? g_hash_table_lookup(data_groups, GUINT_TO_POINTER((guint)number)) : NULL;
		if (contents == NULL) {
			result->dg[number] = TD_DG_HASH_NOT_READ;
			continue;
		}
		{
			guint8 digest[EVP_MAX_MD_SIZE];
			guint digest_len = 0;
			gsize len = 0;
			const guint8 *data = g_bytes_get_data(contents, &len);

			if (!EVP_Digest(data, len, digest, &digest_len, md, NULL)) {
				td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "cannot hash DG%ld", number);
				result->dg[number] = TD_DG_HASH_MISMATCHED;
				continue;
			}
			if ((guint)ASN1_STRING_length(entry->hash) == digest_len &&
			    CRYPTO_memcmp(ASN1_STRING_get0_data(entry->hash), digest, digest_len) == 0) {
				result->dg[number] = TD_DG_HASH_MATCHED;
			} else {
				result->dg[number] = TD_DG_HASH_MISMATCHED;
				td_passive_auth_fail(result,
						     TD_PASSIVE_AUTH_INVALID,
						     "DG%ld hash does not match the SOD",
						     number);
			}
		}
	}
	for (guint n = 1; n <= 16; n++) {
		if (data_groups == NULL || result->dg[n] != TD_DG_HASH_ABSENT ||
		    !g_hash_table_contains(data_groups, GUINT_TO_POINTER(n)))
			continue;
		/* Unsigned data from the chip must never pass as verified. */
		result->dg[n] = TD_DG_HASH_NOT_LISTED;
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_INVALID,
				     "DG%u was read but the SOD holds no hash for it",
				     n);
	}
	return TRUE;
}

/* The signed attributes ICAO 9303-10 §4.6.2.2 requires, then the signature
 * over them with the SignerInfo's own algorithm (and RSA-PSS parameters). */
static void
td_passive_auth_check_signer_info(TdPassiveAuthResult *result,
				  CMS_SignerInfo *si,
				  const ASN1_OBJECT *lds_oid,
				  const ASN1_OCTET_STRING *econtent)
{
	EVP_PKEY *pkey = NULL;
	X509 *signer = NULL;
	X509_ALGOR *digest_alg = NULL;
	X509_ALGOR *sig_alg = NULL;
	const ASN1_OBJECT *content_type;
	const ASN1_OCTET_STRING *message_digest;
	g_autoptr(EVP_MD) md = NULL;
	guint8 digest[EVP_MAX_MD_SIZE];
	guint digest_len = 0;

	CMS_SignerInfo_get0_algs(si, &pkey, &signer, &digest_alg, &sig_alg);
	if (sig_alg != NULL) {
		g_autofree gchar *sig_name = td_passive_auth_algorithm_name(sig_alg);
		g_autofree gchar *digest_name = td_passive_auth_algorithm_name(digest_alg);
		result->signature_algorithm = g_strdup_printf("%s (digest %s)", sig_name, digest_name);
	}
	if (CMS_signed_get_attr_count(si) <= 0) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD has no signed attributes");
		return;
	}
	content_type = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT);
	if (content_type == NULL || OBJ_cmp(content_type, lds_oid) != 0)
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_INVALID,
				     "SOD contentType signed attribute is not LDSSecurityObject");

	md = td_passive_auth_fetch_md(digest_alg);
	message_digest = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
	if (md == NULL) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD signature digest algorithm not supported");
		return;
	}
	if (message_digest == NULL ||
	    !EVP_Digest(ASN1_STRING_get0_data(econtent), (size_t)ASN1_STRING_length(econtent), digest, &digest_len, md, NULL) ||
	    (guint)ASN1_STRING_length(message_digest) != digest_len ||
	    CRYPTO_memcmp(ASN1_STRING_get0_data(message_digest), digest, digest_len) != 0)
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_INVALID,
				     "SOD messageDigest does not match the LDS security object");

	if (signer == NULL || pkey == NULL) {
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_INVALID,
				     "SOD carries no Document Signer certificate for its signature");
		return;
	}
	if (CMS_SignerInfo_verify(si) != 1)
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD signature invalid");
}

typedef struct {
	TdPassiveAuthResult *result;
	gboolean crl_problem;
} TdChainCheck;

/* Whether a certificate's EC key, written with explicit curve parameters,
 * is on a curve OpenSSL knows by name (it matches the parameters against
 * its own when it decodes them). */
static gboolean
td_x509_explicit_curve_is_named(X509 *cert)
{
	EVP_PKEY *key = X509_get0_pubkey(cert);
	gchar name[64] = {0};

	return key != NULL &&
	       EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), NULL) == 1 &&
	       name[0] != '\0';
}

/* Collects every chain problem (rather than stopping at the first) so the
 * staff screen can say "expired AND revoked". */
static int
td_passive_auth_verify_cb(int ok, X509_STORE_CTX *ctx)
{
	TdChainCheck *check;
	TdPassiveAuthResult *result;
	X509 *cert;
	int err;
	int depth;
	const gchar *what;

	if (ok)
		return ok;
	check = X509_STORE_CTX_get_app_data(ctx);
	result = check->result;
	cert = X509_STORE_CTX_get_current_cert(ctx);
	err = X509_STORE_CTX_get_error(ctx);
	depth = X509_STORE_CTX_get_error_depth(ctx);
	what = depth == 0 ? "Document Signer certificate" : "CSCA certificate";

	switch (err) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
		g_autofree gchar *issuer = td_x509_name_to_string(X509_get_issuer_name(cert));
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_UNTRUSTED, "no CSCA in the trust store for issuer %s", issuer);
		break;
	}
	case X509_V_ERR_CERT_HAS_EXPIRED: {
		/* ICAO 9303-12 §5: a DS certificate is valid for its key
		 * usage period PLUS the longest validity of the documents it
		 * signed, so an expired DS means the document is out of its
		 * validity too. Not a forgery; not to be accepted silently. */
		g_autofree gchar *date = td_asn1_time_to_date(X509_get0_notAfter(cert));
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_UNTRUSTED, "%s expired on %s", what, date);
		break;
	}
	case X509_V_ERR_CERT_NOT_YET_VALID: {
		g_autofree gchar *date = td_asn1_time_to_date(X509_get0_notBefore(cert));
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_UNTRUSTED, "%s not valid before %s", what, date);
		break;
	}
	case X509_V_ERR_CERT_REVOKED:
		/* Revoked is never accepted: the CSCA says the key is not to
		 * be trusted, e.g. compromised; treated as a forgery. */
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_INVALID,
				     depth == 0 ? "Document Signer revoked by CSCA CRL" : "CSCA link certificate revoked by CRL");
		break;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE: {
		/* Not called a forgery: a successor CSCA may share the old
		 * one's name, and without an authorityKeyIdentifier OpenSSL
		 * can pick the wrong key. Still never accepted. */
		g_autofree gchar *issuer = td_x509_name_to_string(X509_get_issuer_name(cert));
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_UNTRUSTED,
				     "%s signature does not verify with the trust store's CSCA %s",
				     what,
				     issuer);
		break;
	}
	case X509_V_ERR_EC_KEY_EXPLICIT_PARAMS:
		/* ICAO 9303-12 §4.1.6.3 asks ECDSA CSCA and Document Signer
		 * keys to carry their curve's parameters explicitly; OpenSSL 3
		 * refuses that in every chain (RFC 5480 forbids it on the
		 * web). The CSCA's signature covers the parameters, so a
		 * known curve written out is accepted; any other curve is
		 * not. */
		if (td_x509_explicit_curve_is_named(cert))
			return 1;
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_UNTRUSTED, "%s: explicit curve parameters of no known curve",
				     what);
		break;
	case X509_V_ERR_CRL_HAS_EXPIRED: {
		X509_CRL *crl = X509_STORE_CTX_get0_current_crl(ctx);
		g_autofree gchar *date = td_asn1_time_to_date(crl != NULL ? X509_CRL_get0_nextUpdate(crl) : NULL);
		check->crl_problem = TRUE;
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_UNTRUSTED,
				     "CSCA CRL out of date since %s: revocation cannot be checked",
				     date);
		break;
	}
	default:
		if (err >= X509_V_ERR_UNABLE_TO_GET_CRL && err <= X509_V_ERR_CRL_PATH_VALIDATION_ERROR)
			check->crl_problem = TRUE;
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_UNTRUSTED,
				     "%s: %s",
				     what,
				     X509_verify_cert_error_string(err));
		break;
	}
	return 1;
}

static gboolean
td_passive_auth_check_chain(TdPassiveAuthResult *result, X509 *signer, TdTrustStore *store, time_t now, GError **error)
{
	g_autoptr(X509_STORE) x509_store = NULL;
	g_autoptr(X509_STORE_CTX) ctx = NULL;
	STACK_OF(X509) *links = NULL;
	gboolean has_crl = FALSE;
	TdChainCheck check = {result, FALSE};
	X509_VERIFY_PARAM *param;
	int ret;

	if (store == NULL) {
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_UNTRUSTED,
				     "no CSCA trust store configured: issuer %s not checked",
				     result->signer_issuer);
		return TRUE;
	}
	if (!td_trust_store_prepare_verification(store, signer, now, &x509_store, &links, &has_crl, error))
		return FALSE;
	ctx = X509_STORE_CTX_new();
	if (ctx == NULL || !X509_STORE_CTX_init(ctx, x509_store, signer, links)) {
		sk_X509_pop_free(links, X509_free);
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "cannot set up certificate verification");
		return FALSE;
	}
	param = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_time(param, now);
	/* CRL_CHECK makes a missing CRL an error, so only with one present;
	 * the result says whether revocation was checked. No purpose: ICAO
	 * DS certificates carry no extendedKeyUsage. */
	if (has_crl)
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK);
	X509_STORE_CTX_set_app_data(ctx, &check);
	X509_STORE_CTX_set_verify_cb(ctx, td_passive_auth_verify_cb);
	ret = X509_verify_cert(ctx);
	if (ret != 1 && result->reasons->len == 0)
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_UNTRUSTED,
				     "Document Signer chain not verified: %s",
				     X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
	result->revocation_checked = has_crl && !check.crl_problem;
	X509_STORE_CTX_cleanup(ctx);
	sk_X509_pop_free(links, X509_free);
	return TRUE;
}

static gboolean
td_passive_auth_check_data_group_keys(GHashTable *data_groups, GError **error)
{
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	if (data_groups == NULL)
		return TRUE;
	g_hash_table_iter_init(&iter, data_groups);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		guint n = GPOINTER_TO_UINT(key);
		if (n < 1 || n > 16 || value == NULL) {
			g_set_error(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_INVALID_INPUT,
				    "data group %u is not 1..16 or has no contents",
				    n);
			return FALSE;
		}
	}
	return TRUE;
}

TdPassiveAuthResult *
td_passive_auth_verify(GBytes *sod_file, GHashTable *data_groups, TdTrustStore *store, GDateTime *now, GError **error)
{
	g_autoptr(TdPassiveAuthResult) result = g_new0(TdPassiveAuthResult, 1);
	g_autoptr(CMS_ContentInfo) cms = NULL;
	g_autoptr(ASN1_OBJECT) lds_oid = OBJ_txt2obj(TD_OID_LDS_SECURITY_OBJECT, 1);
	g_autoptr(TD_LDS_SECURITY_OBJECT) lds = NULL;
	g_autoptr(EVP_MD) lds_md = NULL;
	const gchar *why = NULL;
	const guint8 *der = NULL;
	const unsigned char *p;
	long der_len = 0;
	ASN1_OCTET_STRING **econtent;
	STACK_OF(CMS_SignerInfo) *signer_infos;
	CMS_SignerInfo *si;
	X509 *signer = NULL;
	long version;
	time_t now_unix;

	g_return_val_if_fail(sod_file != NULL, NULL);

	result->reasons = g_ptr_array_new_with_free_func(g_free);
	result->status = TD_PASSIVE_AUTH_VALID;
	if (!td_passive_auth_check_data_group_keys(data_groups, error))
		return NULL;
	if (lds_oid == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "OpenSSL cannot create an OID");
		return NULL;
	}
	now_unix = now != NULL ? (time_t)g_date_time_to_unix(now) : time(NULL);

	/* 1. The container: '77' { ContentInfo { SignedData } } with an
	 * LDSSecurityObject as encapsulated content. */
	if (!td_sod_unwrap(sod_file, &der, &der_len, &why)) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: %s", why);
		return g_steal_pointer(&result);
	}
	p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, der_len);
	if (cms == NULL || p != der + der_len) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: not a DER CMS ContentInfo");
		return g_steal_pointer(&result);
	}
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: not a CMS SignedData");
		return g_steal_pointer(&result);
	}
	if (OBJ_cmp(CMS_get0_eContentType(cms), lds_oid) != 0) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: eContentType is not LDSSecurityObject");
		return g_steal_pointer(&result);
	}
	econtent = CMS_get0_content(cms);
	if (econtent == NULL || *econtent == NULL) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: no encapsulated LDS security object");
		return g_steal_pointer(&result);
	}

	/* 2. The LDSSecurityObject and the data-group hashes. They are checked
	 * before the signature so the per-DG outcome is always filled in. */
	p = ASN1_STRING_get0_data(*econtent);
	lds = (TD_LDS_SECURITY_OBJECT *)ASN1_item_d2i(NULL, &p, ASN1_STRING_length(*econtent), ASN1_ITEM_rptr(TD_LDS_SECURITY_OBJECT));
	if (lds == NULL || p != ASN1_STRING_get0_data(*econtent) + ASN1_STRING_length(*econtent)) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: LDS security object does not parse");
		return g_steal_pointer(&result);
	}
	version = ASN1_INTEGER_get(lds->version);
	if (version != 0 && !(version == 1 && lds->version_info != NULL)) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD malformed: LDS security object version %ld", version);
		return g_steal_pointer(&result);
	}
	lds_md = td_passive_auth_fetch_md(lds->hash_algorithm);
	result->hash_algorithm = lds_md != NULL ? g_strdup(OBJ_nid2sn(EVP_MD_get_type(lds_md)))
						: td_passive_auth_algorithm_name(lds->hash_algorithm);
	if (lds_md == NULL) {
		td_passive_auth_fail(result, TD_PASSIVE_AUTH_INVALID, "SOD hash algorithm %s not supported", result->hash_algorithm);
		return g_steal_pointer(&result);
	}
	if (!td_passive_auth_check_hashes(result, lds, data_groups, lds_md))
		return g_steal_pointer(&result);

	/* 3. The one SignerInfo: signed attributes and signature. */
	signer_infos = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(signer_infos) != 1) {
		td_passive_auth_fail(result,
				     TD_PASSIVE_AUTH_INVALID,
				     "SOD malformed: %d SignerInfos, ICAO requires one",
				     sk_CMS_SignerInfo_num(signer_infos));
		return g_steal_pointer(&result);
	}
	si = sk_CMS_SignerInfo_value(signer_infos, 0);
	/* Matches the SignerInfo's sid against the certificates in the SOD
	 * only; where the DS comes from decides nothing, the chain does. */
	CMS_set1_signers_certs(cms, NULL, 0);
	ERR_clear_error();
	CMS_SignerInfo_get0_algs(si, NULL, &signer, NULL, NULL);
	if (signer != NULL) {
		result->signer_subject = td_x509_name_to_string(X509_get_subject_name(signer));
		result->signer_issuer = td_x509_name_to_string(X509_get_issuer_name(signer));
	}
	td_passive_auth_check_signer_info(result, si, lds_oid, *econtent);

	/* 4. The DS certificate to a CSCA in the trust store, with its CRL. */
	if (signer != NULL && !td_passive_auth_check_chain(result, signer, store, now_unix, error))
		return NULL;
	ERR_clear_error();
	return g_steal_pointer(&result);
}
