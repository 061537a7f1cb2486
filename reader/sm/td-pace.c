/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* OpenPACE's public eac.h names CMAC_CTX, which OpenSSL 3 declares only when
 * deprecated APIs are visible. This file calls no deprecated function. */
#undef OPENSSL_NO_DEPRECATED

#include <eac/eac.h>
#include <eac/objects.h>
#include <eac/pace.h>
#include <openssl/buffer.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <string.h>

#include "td-pace.h"
#include "td-reader-error.h"
#include "td-tlv.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EAC_CTX, EAC_CTX_clear_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PACE_SEC, PACE_SEC_clear_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BUF_MEM, BUF_MEM_clear_free)

/* 0.4.0.127.0.7.2.2.4 (id-PACE), then the mapping and the cipher arcs. */
static const guint8 td_pace_oid_prefix[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04};
#define TD_PACE_OID_LEN (sizeof(td_pace_oid_prefix) + 2)

enum {
	TD_PACE_MAPPING_DH_GM = 1,
	TD_PACE_MAPPING_ECDH_GM = 2,
};

enum {
	TD_PACE_CIPHER_3DES = 1,
	TD_PACE_CIPHER_AES_128 = 2,
	TD_PACE_CIPHER_AES_192 = 3,
	TD_PACE_CIPHER_AES_256 = 4,
};

/* Password references of MSE:Set AT (ICAO 9303-11 §4.4.4.1). */
#define TD_PACE_PASSWORD_MRZ 0x01
#define TD_PACE_PASSWORD_CAN 0x02

/* One PACEInfo of EF.CardAccess; oid points into the file's bytes. */
typedef struct {
	const guint8 *oid;
	gsize oid_len;
	guint8 mapping;
	guint8 cipher;
	gint64 version;
	gint64 parameter_id; /* -1: absent */
} TdPaceInfo;

/* OpenPACE's object identifiers are registered at run time. */
static void
td_pace_eac_init(void)
{
	static gsize initialised = 0;
	if (g_once_init_enter(&initialised)) {
		EAC_init();
		g_once_init_leave(&initialised, 1);
	}
}

static BUF_MEM *
td_buf_mem_new(const guint8 *data, gsize len)
{
	BUF_MEM *buf = BUF_MEM_new();
	if (buf == NULL)
		return NULL;
	if (len > 0) {
		if (BUF_MEM_grow(buf, len) != len) {
			BUF_MEM_free(buf);
			return NULL;
		}
		memcpy(buf->data, data, len);
	}
	return buf;
}

static gboolean
td_der_small_uint(const TdTlv *tlv, gint64 *out)
{
	gint64 value = 0;
	if (tlv->tag != 0x02 || tlv->length < 1 || tlv->length > 4 || (tlv->value[0] & 0x80) != 0)
		return FALSE;
	for (gsize i = 0; i < tlv->length; i++)
		value = (value << 8) | tlv->value[i];
	*out = value;
	return TRUE;
}

/* Parses one SecurityInfo; FALSE (no error) if it is not a PACEInfo. */
static gboolean
td_pace_info_parse(const TdTlv *seq, TdPaceInfo *info, GError **error)
{
	TdTlvIter iter;
	TdTlv oid, version, param;
	g_autoptr(GError) error_local = NULL;

	if (seq->tag != 0x30) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "SecurityInfo is not a SEQUENCE");
		return FALSE;
	}
	td_tlv_iter_init(&iter, seq->value, seq->length);
	if (!td_tlv_iter_next(&iter, &oid, error))
		goto malformed;
	if (oid.tag != 0x06)
		goto malformed;
	if (oid.length != TD_PACE_OID_LEN || memcmp(oid.value, td_pace_oid_prefix, sizeof(td_pace_oid_prefix)) != 0)
		return FALSE; /* another protocol: chip authentication, terminal authentication... */
	if (!td_tlv_iter_next(&iter, &version, error) || !td_der_small_uint(&version, &info->version))
		goto malformed;
	info->oid = oid.value;
	info->oid_len = oid.length;
	info->mapping = oid.value[TD_PACE_OID_LEN - 2];
	info->cipher = oid.value[TD_PACE_OID_LEN - 1];
	info->parameter_id = -1;
	if (td_tlv_iter_next(&iter, &param, &error_local)) {
		if (!td_der_small_uint(&param, &info->parameter_id))
			goto malformed;
	} else if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	return TRUE;

malformed:
	if (error != NULL && *error == NULL)
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "malformed PACEInfo in EF.CardAccess");
	return FALSE;
}

/* What OpenPACE can run with standardized domain parameters: the generic
 * mapping only (the integrated mapping is refused for TR-03110 2.02). */
static gboolean
td_pace_info_is_usable(const TdPaceInfo *info)
{
	if (info->version < 1 || info->version > 2)
		return FALSE;
	if (info->cipher < TD_PACE_CIPHER_3DES || info->cipher > TD_PACE_CIPHER_AES_256)
		return FALSE;
	if (info->mapping == TD_PACE_MAPPING_ECDH_GM)
		return info->parameter_id >= 8 && info->parameter_id <= 18;
	if (info->mapping == TD_PACE_MAPPING_DH_GM)
		return info->parameter_id >= 0 && info->parameter_id <= 2;
	return FALSE;
}

static gint
td_pace_info_rank(const TdPaceInfo *info)
{
	static const gint cipher_rank[] = {0, 1, 10, 8, 9};
	return (info->mapping == TD_PACE_MAPPING_ECDH_GM ? 100 : 50) + cipher_rank[info->cipher];
}

/* Walks the SET OF SecurityInfos. With want_oid NULL: the best usable
 * PACEInfo. Otherwise: the usable one with this OID (and parameter id, if
 * want_parameter_id >= 0). */
static gboolean
td_pace_find_info(GBytes *card_access,
		  const guint8 *want_oid,
		  gsize want_oid_len,
		  gint64 want_parameter_id,
		  TdPaceInfo *out,
		  GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(card_access, &len);
	TdTlv set, seq;
	TdTlvIter iter;
	gboolean found = FALSE;
	g_autoptr(GError) error_local = NULL;

	if (!td_tlv_parse(data, len, &set, error))
		return FALSE;
	if (set.tag != 0x31) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "EF.CardAccess is not a SET OF SecurityInfos");
		return FALSE;
	}
	td_tlv_iter_init(&iter, set.value, set.length);
	while (td_tlv_iter_next(&iter, &seq, &error_local)) {
		TdPaceInfo info = {0};
		gboolean is_pace = td_pace_info_parse(&seq, &info, &error_local);
		if (error_local != NULL)
			break;
		if (!is_pace || !td_pace_info_is_usable(&info))
			continue;
		if (want_oid != NULL) {
			if (info.oid_len != want_oid_len || memcmp(info.oid, want_oid, want_oid_len) != 0)
				continue;
			if (want_parameter_id >= 0 && info.parameter_id != want_parameter_id)
				continue;
		} else if (found && td_pace_info_rank(&info) <= td_pace_info_rank(out)) {
			continue;
		}
		*out = info;
		found = TRUE;
		if (want_oid != NULL)
			break;
	}
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (!found) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
				    "EF.CardAccess announces no PACE variant this reader supports");
		return FALSE;
	}
	return TRUE;
}

static TdSmCipherKind
td_pace_info_sm_kind(const TdPaceInfo *info)
{
	switch (info->cipher) {
	case TD_PACE_CIPHER_3DES:
		return TD_SM_CIPHER_3DES;
	case TD_PACE_CIPHER_AES_192:
		return TD_SM_CIPHER_AES_192;
	case TD_PACE_CIPHER_AES_256:
		return TD_SM_CIPHER_AES_256;
	default:
		return TD_SM_CIPHER_AES_128;
	}
}

static EAC_CTX *
td_pace_ctx_new(const TdPaceInfo *info, GError **error)
{
	static const gchar *cipher_names[] = {NULL, "3DES-CBC-CBC", "AES-CBC-CMAC-128", "AES-CBC-CMAC-192", "AES-CBC-CMAC-256"};
	g_autofree gchar *sn = NULL;
	g_autoptr(EAC_CTX) ctx = NULL;
	int nid;

	td_pace_eac_init();
	sn = g_strdup_printf("id-PACE-%s-GM-%s", info->mapping == TD_PACE_MAPPING_ECDH_GM ? "ECDH" : "DH",
			     cipher_names[info->cipher]);
	nid = EAC_OBJ_sn2nid(sn);
	ctx = EAC_CTX_new();
	if (nid == NID_undef || ctx == NULL || !EAC_CTX_init_pace(ctx, nid, (int)info->parameter_id)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "OpenPACE cannot set up %s with parameters %d",
			    sn, (int)info->parameter_id);
		return NULL;
	}
	return g_steal_pointer(&ctx);
}

/* The PACE password: the CAN as is; for the MRZ, K = SHA-1(MRZ information)
 * (ICAO 9303-11 §4.4.3.1), handed to OpenPACE as a raw secret since its own
 * MRZ encoding wants the printed lines. */
static PACE_SEC *
td_pace_sec_new(TdAccessKeyKind kind, const gchar *can, const gchar *mrz_information, GError **error)
{
	PACE_SEC *sec = NULL;

	if (kind == TD_ACCESS_KEY_PACE_CAN) {
		if (can == NULL || strlen(can) == 0) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "no CAN");
			return NULL;
		}
		sec = PACE_SEC_new(can, strlen(can), PACE_CAN);
	} else if (kind == TD_ACCESS_KEY_PACE_MRZ) {
		guint8 k[EVP_MAX_MD_SIZE];
		guint k_len = 0;
		if (mrz_information == NULL || strlen(mrz_information) == 0) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "no MRZ information");
			return NULL;
		}
		if (!EVP_Digest(mrz_information, strlen(mrz_information), k, &k_len, EVP_sha1(), NULL)) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "SHA-1 failed");
			return NULL;
		}
		sec = PACE_SEC_new((const char *)k, k_len, PACE_RAW);
		td_memwipe(k, sizeof(k));
	} else {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "not a PACE access key");
		return NULL;
	}
	if (sec == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "OpenPACE refused the password");
		return NULL;
	}
	return sec;
}

/* KSenc and KSmac out of OpenPACE, into our own secure messaging. */
static TdSm *
td_pace_sm_from_ctx(const EAC_CTX *ctx, const TdPaceInfo *info, GError **error)
{
	const KA_CTX *ka = ctx->pace_ctx->ka_ctx;
	TdSmCipherKind kind = td_pace_info_sm_kind(info);
	gsize expected_len = kind == TD_SM_CIPHER_AES_192 ? 24 : kind == TD_SM_CIPHER_AES_256 ? 32 : 16;
	guint8 ssc[16] = {0};
	g_autoptr(TdSecret) ks_enc = NULL;
	g_autoptr(TdSecret) ks_mac = NULL;

	if (ka->k_enc == NULL || ka->k_mac == NULL || ka->k_enc->length != expected_len || ka->k_mac->length != expected_len) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "PACE session keys missing");
		return NULL;
	}
	ks_enc = td_secret_new_from_data((const guint8 *)ka->k_enc->data, ka->k_enc->length);
	ks_mac = td_secret_new_from_data((const guint8 *)ka->k_mac->data, ka->k_mac->length);
	return td_sm_new(kind, ks_enc, ks_mac, ssc, kind == TD_SM_CIPHER_3DES ? 8 : 16);
}

static GBytes *
td_pace_mse_data(const TdPaceInfo *info, guint8 password_ref)
{
	GByteArray *buf = g_byte_array_new();
	td_tlv_append(buf, 0x80, info->oid, info->oid_len);
	td_tlv_append(buf, 0x83, &password_ref, 1);
	if (info->parameter_id >= 0) {
		guint8 id = (guint8)info->parameter_id;
		td_tlv_append(buf, 0x84, &id, 1);
	}
	return g_byte_array_free_to_bytes(buf);
}

GBytes *
td_pace_build_mse_set_at_data(GBytes *card_access, TdAccessKeyKind kind, GError **error)
{
	TdPaceInfo info = {0};
	if (!td_pace_find_info(card_access, NULL, 0, -1, &info, error))
		return NULL;
	return td_pace_mse_data(&info, kind == TD_ACCESS_KEY_PACE_MRZ ? TD_PACE_PASSWORD_MRZ : TD_PACE_PASSWORD_CAN);
}

/* Dynamic authentication data: 7C { tag value }; value NULL gives 7C 00. */
static GBytes *
td_pace_dad(guint32 tag, const BUF_MEM *value)
{
	GByteArray *buf = g_byte_array_new();
	gsize mark = td_tlv_begin(buf, 0x7C);
	if (value != NULL)
		td_tlv_append(buf, tag, (const guint8 *)value->data, value->length);
	td_tlv_end(buf, mark);
	return g_byte_array_free_to_bytes(buf);
}

/* The value of `tag` inside 7C { ... }, as a BUF_MEM for OpenPACE. */
static BUF_MEM *
td_pace_dad_get(GBytes *data, guint32 tag, GError **error)
{
	gsize len = 0;
	const guint8 *raw = g_bytes_get_data(data, &len);
	TdTlv outer, inner;
	BUF_MEM *buf;

	if (!td_tlv_parse_expect(raw, len, 0x7C, &outer, error))
		return NULL;
	if (!td_tlv_find(outer.value, outer.length, tag, &inner) || inner.length == 0) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
			    "dynamic authentication data lacks tag %02X", tag);
		return NULL;
	}
	buf = td_buf_mem_new(inner.value, inner.length);
	if (buf == NULL)
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "out of memory");
	return buf;
}

/* One GENERAL AUTHENTICATE step: sends 7C{tag value}, requires 9000 and
 * returns the chip's value of answer_tag. The last step maps 63xx to a
 * refused password. */
static BUF_MEM *
td_pace_step(TdTransport *transport,
	     gboolean last,
	     guint32 tag,
	     const BUF_MEM *value,
	     guint32 answer_tag,
	     GCancellable *cancellable,
	     GError **error)
{
	g_autoptr(GBytes) dad = td_pace_dad(tag, value);
	g_autoptr(TdApdu) apdu = td_apdu_new(last ? 0x00 : 0x10, 0x86, 0x00, 0x00, dad, 256);
	g_autoptr(TdResponse) resp = NULL;

	resp = td_transport_transmit(transport, apdu, cancellable, error);
	if (resp == NULL)
		return NULL;
	if ((resp->sw & 0xFF00) == 0x6300) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
			    "the chip refused the PACE password (%04X)", resp->sw);
		return NULL;
	}
	if (resp->sw != TD_SW_OK) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_STATUS,
			    "PACE GENERAL AUTHENTICATE: %s (%04X)", td_sw_describe(resp->sw), resp->sw);
		return NULL;
	}
	return td_pace_dad_get(resp->data, answer_tag, error);
}

static gboolean
td_pace_crypto_error(GError **error, const gchar *what)
{
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "PACE: %s failed", what);
	return FALSE;
}

TdSm *
td_pace_authenticate(TdTransport *transport,
		     GBytes *card_access,
		     const TdAccessKey *key,
		     GCancellable *cancellable,
		     GError **error)
{
	TdPaceInfo info = {0};
	g_autoptr(EAC_CTX) ctx = NULL;
	g_autoptr(PACE_SEC) sec = NULL;
	g_autoptr(GBytes) mse_data = NULL;
	g_autoptr(TdApdu) mse = NULL;
	g_autoptr(TdResponse) mse_resp = NULL;
	g_autoptr(BUF_MEM) enc_nonce = NULL;
	g_autoptr(BUF_MEM) my_mapping = NULL;
	g_autoptr(BUF_MEM) chip_mapping = NULL;
	g_autoptr(BUF_MEM) my_eph = NULL;
	g_autoptr(BUF_MEM) chip_eph = NULL;
	g_autoptr(BUF_MEM) my_token = NULL;
	g_autoptr(BUF_MEM) chip_token = NULL;
	g_autofree gchar *mrz_information = NULL;

	g_return_val_if_fail(TD_IS_TRANSPORT(transport), NULL);
	g_return_val_if_fail(card_access != NULL, NULL);
	g_return_val_if_fail(key != NULL, NULL);

	if (!td_pace_find_info(card_access, NULL, 0, -1, &info, error))
		return NULL;
	if (key->kind == TD_ACCESS_KEY_PACE_MRZ)
		mrz_information = td_access_key_mrz_information(key);
	sec = td_pace_sec_new(key->kind, key->can, mrz_information, error);
	if (mrz_information != NULL)
		td_memwipe(mrz_information, strlen(mrz_information));
	if (sec == NULL)
		return NULL;
	ctx = td_pace_ctx_new(&info, error);
	if (ctx == NULL)
		return NULL;

	/* MSE:Set AT selects the protocol, password and domain parameters. */
	mse_data = td_pace_mse_data(&info, key->kind == TD_ACCESS_KEY_PACE_MRZ ? TD_PACE_PASSWORD_MRZ : TD_PACE_PASSWORD_CAN);
	mse = td_apdu_new(0x00, 0x22, 0xC1, 0xA4, mse_data, -1);
	mse_resp = td_transport_transmit(transport, mse, cancellable, error);
	if (mse_resp == NULL)
		return NULL;
	/* 63Cx carries the retry counter of a PIN; it is not a refusal. */
	if (mse_resp->sw != TD_SW_OK && (mse_resp->sw & 0xFFF0) != 0x63C0) {
		g_set_error(error, TD_READER_ERROR,
			    mse_resp->sw == 0x6A80 || mse_resp->sw == 0x6A88 ? TD_READER_ERROR_NOT_SUPPORTED : TD_READER_ERROR_CARD_STATUS,
			    "PACE MSE:Set AT: %s (%04X)", td_sw_describe(mse_resp->sw), mse_resp->sw);
		return NULL;
	}

	/* Step 1: the chip's nonce, encrypted with Kπ. */
	enc_nonce = td_pace_step(transport, FALSE, 0, NULL, 0x80, cancellable, error);
	if (enc_nonce == NULL)
		return NULL;
	if (!PACE_STEP2_dec_nonce(ctx, sec, enc_nonce)) {
		td_pace_crypto_error(error, "decrypting the nonce");
		return NULL;
	}

	/* Step 2: the generic mapping. */
	my_mapping = PACE_STEP3A_generate_mapping_data(ctx);
	if (my_mapping == NULL) {
		td_pace_crypto_error(error, "generating the mapping key");
		return NULL;
	}
	chip_mapping = td_pace_step(transport, FALSE, 0x81, my_mapping, 0x82, cancellable, error);
	if (chip_mapping == NULL)
		return NULL;
	if (!PACE_STEP3A_map_generator(ctx, chip_mapping)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "PACE: the chip's mapping data is invalid");
		return NULL;
	}

	/* Step 3: key agreement on the mapped generator. */
	my_eph = PACE_STEP3B_generate_ephemeral_key(ctx);
	if (my_eph == NULL) {
		td_pace_crypto_error(error, "generating the ephemeral key");
		return NULL;
	}
	chip_eph = td_pace_step(transport, FALSE, 0x83, my_eph, 0x84, cancellable, error);
	if (chip_eph == NULL)
		return NULL;
	/* OpenPACE also refuses a chip key equal to ours (a reflection). */
	if (!PACE_STEP3B_compute_shared_secret(ctx, chip_eph)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "PACE: the chip's ephemeral key is invalid");
		return NULL;
	}
	if (!PACE_STEP3C_derive_keys(ctx)) {
		td_pace_crypto_error(error, "deriving the session keys");
		return NULL;
	}

	/* Step 4: mutual authentication. */
	my_token = PACE_STEP3D_compute_authentication_token(ctx, chip_eph);
	if (my_token == NULL) {
		td_pace_crypto_error(error, "computing the token");
		return NULL;
	}
	chip_token = td_pace_step(transport, TRUE, 0x85, my_token, 0x86, cancellable, error);
	if (chip_token == NULL)
		return NULL;
	if (PACE_STEP3D_verify_authentication_token(ctx, chip_token) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
				    "PACE: the chip's authentication token does not verify");
		return NULL;
	}
	return td_pace_sm_from_ctx(ctx, &info, error);
}

GBytes *
td_pace_build_card_access_full(int parameter_id, const gchar *ca_protocol, GError **error)
{
	GByteArray *buf;
	gsize set_mark, seq_mark;
	guint8 oid[TD_PACE_OID_LEN];
	guint8 version = 2, id;

	if (parameter_id < 0 || parameter_id > 18 || (parameter_id > 2 && parameter_id < 8)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "no standardized domain parameters %d", parameter_id);
		return NULL;
	}
	id = (guint8)parameter_id;
	memcpy(oid, td_pace_oid_prefix, sizeof(td_pace_oid_prefix));
	oid[TD_PACE_OID_LEN - 2] = parameter_id >= 8 ? TD_PACE_MAPPING_ECDH_GM : TD_PACE_MAPPING_DH_GM;
	oid[TD_PACE_OID_LEN - 1] = TD_PACE_CIPHER_AES_128;

	buf = g_byte_array_new();
	set_mark = td_tlv_begin(buf, 0x31);
	seq_mark = td_tlv_begin(buf, 0x30);
	td_tlv_append(buf, 0x06, oid, sizeof(oid));
	td_tlv_append(buf, 0x02, &version, 1);
	td_tlv_append(buf, 0x02, &id, 1);
	td_tlv_end(buf, seq_mark);
	if (ca_protocol != NULL) {
		ASN1_OBJECT *obj;
		guint8 ca_version = 1;

		td_pace_eac_init();
		obj = EAC_OBJ_txt2obj(ca_protocol, 0);
		if (obj == NULL || OBJ_length(obj) == 0) {
			ASN1_OBJECT_free(obj);
			g_byte_array_unref(buf);
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "unknown protocol %s", ca_protocol);
			return NULL;
		}
		seq_mark = td_tlv_begin(buf, 0x30);
		td_tlv_append(buf, 0x06, OBJ_get0_data(obj), OBJ_length(obj));
		td_tlv_append(buf, 0x02, &ca_version, 1);
		td_tlv_end(buf, seq_mark);
		ASN1_OBJECT_free(obj);
	}
	td_tlv_end(buf, set_mark);
	return g_byte_array_free_to_bytes(buf);
}

GBytes *
td_pace_build_card_access(int parameter_id, GError **error)
{
	return td_pace_build_card_access_full(parameter_id, NULL, error);
}

/* ---- card side ---- */

typedef enum {
	TD_PACE_CARD_IDLE,	     /* waiting for MSE:Set AT */
	TD_PACE_CARD_SELECTED,	     /* waiting for 7C 00 */
	TD_PACE_CARD_NONCE_SENT,     /* waiting for the terminal's mapping data */
	TD_PACE_CARD_MAPPED,	     /* waiting for the terminal's ephemeral key */
	TD_PACE_CARD_KEYS_AGREED,    /* waiting for the terminal's token */
	TD_PACE_CARD_DONE,
} TdPaceCardState;

struct _TdPaceCard {
	GBytes *card_access;
	gchar *can;
	gchar *mrz_information;
	TdPaceCardState state;
	TdPaceInfo info;
	EAC_CTX *ctx;
	PACE_SEC *sec;
	BUF_MEM *terminal_eph;
	TdSm *sm;
};

static void
td_pace_card_reset(TdPaceCard *card)
{
	g_clear_pointer(&card->ctx, EAC_CTX_clear_free);
	g_clear_pointer(&card->sec, PACE_SEC_clear_free);
	g_clear_pointer(&card->terminal_eph, BUF_MEM_clear_free);
	g_clear_pointer(&card->sm, td_sm_free);
	card->state = TD_PACE_CARD_IDLE;
}

TdPaceCard *
td_pace_card_new(GBytes *card_access, const gchar *can, const gchar *mrz_information, GError **error)
{
	TdPaceCard *card;
	TdPaceInfo info = {0};

	g_return_val_if_fail(card_access != NULL, NULL);
	if (!td_pace_find_info(card_access, NULL, 0, -1, &info, error))
		return NULL;
	card = g_new0(TdPaceCard, 1);
	card->card_access = g_bytes_ref(card_access);
	card->can = g_strdup(can);
	card->mrz_information = g_strdup(mrz_information);
	return card;
}

void
td_pace_card_free(TdPaceCard *card)
{
	if (card == NULL)
		return;
	td_pace_card_reset(card);
	td_str_clear_free(card->can);
	td_str_clear_free(card->mrz_information);
	g_bytes_unref(card->card_access);
	g_free(card);
}

static GBytes *
td_pace_card_fail(TdPaceCard *card, guint16 status, guint16 *sw)
{
	td_pace_card_reset(card);
	*sw = status;
	return g_bytes_new(NULL, 0);
}

GBytes *
td_pace_card_mse_set_at(TdPaceCard *card, GBytes *command_data, guint16 *sw)
{
	gsize len = 0;
	const guint8 *data;
	TdTlv oid, pwd, param;
	gint64 parameter_id = -1;
	TdAccessKeyKind kind;

	g_return_val_if_fail(card != NULL && sw != NULL, NULL);
	td_pace_card_reset(card);
	data = command_data != NULL ? g_bytes_get_data(command_data, &len) : NULL;
	if (data == NULL || !td_tlv_find(data, len, 0x80, &oid) || !td_tlv_find(data, len, 0x83, &pwd) || pwd.length != 1)
		return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
	if (td_tlv_find(data, len, 0x84, &param)) {
		if (param.length != 1)
			return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
		parameter_id = param.value[0];
	}
	if (pwd.value[0] == TD_PACE_PASSWORD_CAN && card->can != NULL)
		kind = TD_ACCESS_KEY_PACE_CAN;
	else if (pwd.value[0] == TD_PACE_PASSWORD_MRZ && card->mrz_information != NULL)
		kind = TD_ACCESS_KEY_PACE_MRZ;
	else
		return td_pace_card_fail(card, 0x6A88, sw);
	if (!td_pace_find_info(card->card_access, oid.value, oid.length, parameter_id, &card->info, NULL))
		return td_pace_card_fail(card, 0x6A88, sw);
	card->ctx = td_pace_ctx_new(&card->info, NULL);
	card->sec = td_pace_sec_new(kind, card->can, card->mrz_information, NULL);
	if (card->ctx == NULL || card->sec == NULL)
		return td_pace_card_fail(card, 0x6A88, sw);
	card->state = TD_PACE_CARD_SELECTED;
	*sw = TD_SW_OK;
	return g_bytes_new(NULL, 0);
}

GBytes *
td_pace_card_general_authenticate(TdPaceCard *card, GBytes *command_data, gboolean last_in_chain, guint16 *sw)
{
	g_autoptr(BUF_MEM) in = NULL;
	g_autoptr(BUF_MEM) out = NULL;
	guint32 out_tag;

	g_return_val_if_fail(card != NULL && sw != NULL, NULL);
	if (command_data == NULL)
		return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
	/* Steps 1..3 come chained, step 4 ends the chain. */
	if (card->state < TD_PACE_CARD_SELECTED || card->state > TD_PACE_CARD_KEYS_AGREED ||
	    last_in_chain != (card->state == TD_PACE_CARD_KEYS_AGREED))
		return td_pace_card_fail(card, TD_SW_CONDITIONS_NOT_SATISFIED, sw);

	switch (card->state) {
	case TD_PACE_CARD_SELECTED: {
		gsize len = 0;
		const guint8 *raw = g_bytes_get_data(command_data, &len);
		TdTlv outer;
		if (!td_tlv_parse_expect(raw, len, 0x7C, &outer, NULL) || outer.length != 0)
			return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
		out = PACE_STEP1_enc_nonce(card->ctx, card->sec);
		out_tag = 0x80;
		break;
	}
	case TD_PACE_CARD_NONCE_SENT:
		in = td_pace_dad_get(command_data, 0x81, NULL);
		if (in == NULL)
			return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
		out = PACE_STEP3A_generate_mapping_data(card->ctx);
		if (out != NULL && !PACE_STEP3A_map_generator(card->ctx, in))
			return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
		out_tag = 0x82;
		break;
	case TD_PACE_CARD_MAPPED:
		in = td_pace_dad_get(command_data, 0x83, NULL);
		if (in == NULL)
			return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
		out = PACE_STEP3B_generate_ephemeral_key(card->ctx);
		if (out != NULL && (!PACE_STEP3B_compute_shared_secret(card->ctx, in) || !PACE_STEP3C_derive_keys(card->ctx)))
			return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
		card->terminal_eph = g_steal_pointer(&in);
		out_tag = 0x84;
		break;
	case TD_PACE_CARD_KEYS_AGREED:
		in = td_pace_dad_get(command_data, 0x85, NULL);
		if (in == NULL)
			return td_pace_card_fail(card, TD_SW_INCORRECT_DATA, sw);
		/* A wrong password gives a different generator, so a different
		 * shared secret, so a token that does not verify. */
		if (PACE_STEP3D_verify_authentication_token(card->ctx, in) != 1)
			return td_pace_card_fail(card, TD_SW_AUTH_FAILED, sw);
		out = PACE_STEP3D_compute_authentication_token(card->ctx, card->terminal_eph);
		if (out != NULL) {
			card->sm = td_pace_sm_from_ctx(card->ctx, &card->info, NULL);
			if (card->sm == NULL)
				g_clear_pointer(&out, BUF_MEM_clear_free);
		}
		out_tag = 0x86;
		break;
	default:
		g_assert_not_reached();
	}
	if (out == NULL)
		return td_pace_card_fail(card, 0x6F00, sw);
	card->state++;
	*sw = TD_SW_OK;
	return td_pace_dad(out_tag, out);
}

TdSm *
td_pace_card_steal_sm(TdPaceCard *card)
{
	g_return_val_if_fail(card != NULL, NULL);
	if (card->state != TD_PACE_CARD_DONE)
		return NULL;
	return g_steal_pointer(&card->sm);
}
