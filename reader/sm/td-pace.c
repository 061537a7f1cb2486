/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PACE (ICAO 9303-11 §4.4): the terminal's exchange and the primitives the
 * card side (reader/virtual-chip) shares. */
#include "config.h"

/* OpenPACE's public eac.h names CMAC_CTX, which OpenSSL 3 declares only when
 * deprecated APIs are visible. This file calls no deprecated function. */
#undef OPENSSL_NO_DEPRECATED

#include <eac/eac.h>
#include <eac/objects.h>
#include <eac/pace.h>
#include <openssl/buffer.h>
#include <openssl/evp.h>
#include <string.h>

#include "td-der.h"
#include "td-pace.h"
#include "td-reader-error.h"
#include "td-tlv.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EAC_CTX, EAC_CTX_clear_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PACE_SEC, PACE_SEC_clear_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BUF_MEM, BUF_MEM_clear_free)

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

gboolean
td_pace_info_is_usable(const TdPaceInfo *info)
{
	g_return_val_if_fail(info != NULL, FALSE);
	/* the integrated mapping is refused by OpenPACE for TR-03110 2.02 */
	if (info->version < 1 || info->version > 2)
		return FALSE;
	if (info->cipher < TD_SECURITY_CIPHER_3DES || info->cipher > TD_SECURITY_CIPHER_AES_256)
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

const TdPaceInfo *
td_pace_choose_info(const TdSecurityInfos *card_access, GError **error)
{
	const TdPaceInfo *best = NULL;

	g_return_val_if_fail(card_access != NULL, NULL);
	for (guint i = 0; i < card_access->pace_infos->len; i++) {
		const TdPaceInfo *info = g_ptr_array_index(card_access->pace_infos, i);
		if (td_pace_info_is_usable(info) && (best == NULL || td_pace_info_rank(info) > td_pace_info_rank(best)))
			best = info;
	}
	if (best == NULL) {
		const TdUnreadableSecurityInfo *lost = td_security_infos_find_unreadable(card_access, TD_SECURITY_INFO_PACE);
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
			    "EF.CardAccess announces no PACE variant this reader supports%s%s",
			    lost != NULL ? "; unreadable: " : "", lost != NULL ? lost->reason : "");
	}
	return best;
}

EAC_CTX *
td_pace_ctx_new(const TdPaceInfo *info, GError **error)
{
	g_autoptr(EAC_CTX) ctx = NULL;
	int nid;

	g_return_val_if_fail(info != NULL, NULL);
	td_pace_eac_init();
	nid = EAC_OBJ_txt2nid(info->protocol);
	ctx = EAC_CTX_new();
	if (nid == NID_undef || ctx == NULL || !EAC_CTX_init_pace(ctx, nid, (int)info->parameter_id)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "OpenPACE cannot set up %s with parameters %d",
			    info->protocol, (int)info->parameter_id);
		return NULL;
	}
	return g_steal_pointer(&ctx);
}

/* K for the MRZ goes to OpenPACE as a raw secret, since its own MRZ encoding
 * wants the printed lines. */
PACE_SEC *
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
TdSm *
td_pace_sm_new(const EAC_CTX *ctx, const TdPaceInfo *info, GError **error)
{
	const KA_CTX *ka = ctx->pace_ctx->ka_ctx;
	TdSmCipherKind kind = td_sm_cipher_kind_from_security(info->cipher);
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
td_pace_mse_data(const TdPaceInfo *info, guint8 password_ref, GError **error)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();

	if (!td_der_append_oid(buf, 0x80, info->protocol, error))
		return NULL;
	td_tlv_append(buf, 0x83, &password_ref, 1);
	if (info->parameter_id >= 0) {
		guint8 id = (guint8)info->parameter_id;
		td_tlv_append(buf, 0x84, &id, 1);
	}
	return g_byte_array_free_to_bytes(g_steal_pointer(&buf));
}

GBytes *
td_pace_build_mse_set_at_data(const TdSecurityInfos *card_access, TdAccessKeyKind kind, GError **error)
{
	const TdPaceInfo *info = td_pace_choose_info(card_access, error);
	if (info == NULL)
		return NULL;
	return td_pace_mse_data(info, kind == TD_ACCESS_KEY_PACE_MRZ ? TD_PACE_PASSWORD_MRZ : TD_PACE_PASSWORD_CAN, error);
}

GBytes *
td_pace_dad_new(guint32 tag, const BUF_MEM *value)
{
	GByteArray *buf = g_byte_array_new();
	gsize mark = td_tlv_begin(buf, 0x7C);
	if (value != NULL)
		td_tlv_append(buf, tag, (const guint8 *)value->data, value->length);
	td_tlv_end(buf, mark);
	return g_byte_array_free_to_bytes(buf);
}

BUF_MEM *
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
	g_autoptr(GBytes) dad = td_pace_dad_new(tag, value);
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
		     const TdSecurityInfos *card_access,
		     const TdAccessKey *key,
		     GCancellable *cancellable,
		     GError **error)
{
	const TdPaceInfo *info;
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

	info = td_pace_choose_info(card_access, error);
	if (info == NULL)
		return NULL;
	if (key->kind == TD_ACCESS_KEY_PACE_MRZ)
		mrz_information = td_access_key_mrz_information(key);
	sec = td_pace_sec_new(key->kind, key->can, mrz_information, error);
	if (mrz_information != NULL)
		td_memwipe(mrz_information, strlen(mrz_information));
	if (sec == NULL)
		return NULL;
	ctx = td_pace_ctx_new(info, error);
	if (ctx == NULL)
		return NULL;

	/* MSE:Set AT selects the protocol, password and domain parameters. */
	mse_data = td_pace_mse_data(info, key->kind == TD_ACCESS_KEY_PACE_MRZ ? TD_PACE_PASSWORD_MRZ : TD_PACE_PASSWORD_CAN,
				    error);
	if (mse_data == NULL)
		return NULL;
	mse = td_apdu_new(0x00, 0x22, 0xC1, 0xA4, mse_data, -1);
	mse_resp = td_transport_transmit(transport, mse, cancellable, error);
	if (mse_resp == NULL)
		return NULL;
	/* 63Cx carries the retry counter of a PIN; it is not a refusal. Any
	 * other refusal comes before the password is used (6A80, 6A88, but
	 * also 6985, 6982, 6A86, 6D00 as chips answer it): the chip will not
	 * run PACE as EF.CardAccess describes it, and BAC is what ICAO 9303
	 * lets a reader fall back to. */
	if (mse_resp->sw != TD_SW_OK && (mse_resp->sw & 0xFFF0) != 0x63C0) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "PACE MSE:Set AT: %s (%04X)",
			    td_sw_describe(mse_resp->sw), mse_resp->sw);
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
	/* the chip answered our token with its own: it checked ours, so it
	 * has the password. A token of its that does not verify is no wrong
	 * number (typing it again would not help) but a chip that cannot
	 * prove its key (ICAO 9303-11 §4.4.3.4: the terminal aborts) */
	if (PACE_STEP3D_verify_authentication_token(ctx, chip_token) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CHIP_NOT_AUTHENTIC,
				    "PACE: the chip took the access key, but its own authentication token does not "
				    "verify: not a genuine chip, or a faulty one");
		return NULL;
	}
	return td_pace_sm_new(ctx, info, error);
}
