/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* OpenPACE's public eac.h names CMAC_CTX, which OpenSSL 3 declares only when
 * deprecated APIs are visible. This file calls no deprecated function. */
#undef OPENSSL_NO_DEPRECATED

#include <eac/eac.h>
#include <eac/pace.h>
#include <openssl/buffer.h>

#include "td-der.h"
#include "td-pace.h"
#include "td-reader-error.h"
#include "td-tlv.h"
#include "td-vchip-chip-auth.h"
#include "td-vchip-pace.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(BUF_MEM, BUF_MEM_clear_free)

GBytes *
td_vchip_build_card_access(int parameter_id, TdSecurityCipher cipher, const gchar *ca_protocol, GError **error)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	g_autofree gchar *pace_oid = NULL;
	gsize set_mark, seq_mark;
	guint8 version = 2, id;

	if (parameter_id < 0 || parameter_id > 18 || (parameter_id > 2 && parameter_id < 8)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "no standardized domain parameters %d", parameter_id);
		return NULL;
	}
	if (cipher < TD_SECURITY_CIPHER_AES_128 || cipher > TD_SECURITY_CIPHER_AES_256) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "no PACE with cipher %d", cipher);
		return NULL;
	}
	id = (guint8)parameter_id;
	pace_oid = g_strdup_printf(TD_OID_ID_PACE ".%u.%u",
				   parameter_id >= 8 ? TD_PACE_MAPPING_ECDH_GM : TD_PACE_MAPPING_DH_GM,
				   cipher);

	set_mark = td_tlv_begin(buf, 0x31);
	seq_mark = td_tlv_begin(buf, 0x30);
	if (!td_der_append_oid(buf, 0x06, pace_oid, error))
		return NULL;
	td_tlv_append(buf, 0x02, &version, 1);
	td_tlv_append(buf, 0x02, &id, 1);
	td_tlv_end(buf, seq_mark);
	if (ca_protocol != NULL && !td_vchip_chip_auth_append_info(buf, ca_protocol, error))
		return NULL;
	td_tlv_end(buf, set_mark);
	return g_byte_array_free_to_bytes(g_steal_pointer(&buf));
}

typedef enum {
	TD_VCHIP_PACE_IDLE,	   /* waiting for MSE:Set AT */
	TD_VCHIP_PACE_SELECTED,	   /* waiting for 7C 00 */
	TD_VCHIP_PACE_NONCE_SENT,  /* waiting for the terminal's mapping data */
	TD_VCHIP_PACE_MAPPED,	   /* waiting for the terminal's ephemeral key */
	TD_VCHIP_PACE_KEYS_AGREED, /* waiting for the terminal's token */
	TD_VCHIP_PACE_DONE,
} TdVchipPaceState;

struct _TdVchipPace {
	const TdSecurityInfos *card_access;
	gchar *can;
	gchar *mrz_information;
	TdVchipPaceState state;
	const TdPaceInfo *info; /* the one MSE:Set AT chose */
	EAC_CTX *ctx;
	PACE_SEC *sec;
	BUF_MEM *terminal_eph;
	TdSm *sm;
	gboolean token_broken; /* a chip that takes the key and cannot prove it */
};

static void
td_vchip_pace_reset(TdVchipPace *pace)
{
	g_clear_pointer(&pace->ctx, EAC_CTX_clear_free);
	g_clear_pointer(&pace->sec, PACE_SEC_clear_free);
	g_clear_pointer(&pace->terminal_eph, BUF_MEM_clear_free);
	g_clear_pointer(&pace->sm, td_sm_free);
	pace->info = NULL;
	pace->state = TD_VCHIP_PACE_IDLE;
}

TdVchipPace *
td_vchip_pace_new(const TdSecurityInfos *card_access, const gchar *can, const gchar *mrz_information, GError **error)
{
	TdVchipPace *pace;

	g_return_val_if_fail(card_access != NULL, NULL);
	/* the chip runs what a terminal could choose, or nothing */
	if (td_pace_choose_info(card_access, error) == NULL)
		return NULL;
	pace = g_new0(TdVchipPace, 1);
	pace->card_access = card_access;
	pace->can = g_strdup(can);
	pace->mrz_information = g_strdup(mrz_information);
	return pace;
}

void
td_vchip_pace_set_token_broken(TdVchipPace *pace, gboolean broken)
{
	pace->token_broken = broken;
}

void
td_vchip_pace_free(TdVchipPace *pace)
{
	if (pace == NULL)
		return;
	td_vchip_pace_reset(pace);
	td_str_clear_free(pace->can);
	td_str_clear_free(pace->mrz_information);
	g_free(pace);
}

static GBytes *
td_vchip_pace_fail(TdVchipPace *pace, guint16 status, guint16 *sw)
{
	td_vchip_pace_reset(pace);
	*sw = status;
	return g_bytes_new(NULL, 0);
}

/* The usable PACEInfo of EF.CardAccess with the OID (and parameter id, if
 * the terminal named one, else -1) of MSE:Set AT. */
static const TdPaceInfo *
find_announced_info(const TdSecurityInfos *card_access, const TdTlv *oid, gint64 parameter_id)
{
	g_autofree gchar *protocol = td_der_oid_to_string(oid->value, oid->length, NULL);

	for (guint i = 0; protocol != NULL && i < card_access->pace_infos->len; i++) {
		const TdPaceInfo *info = g_ptr_array_index(card_access->pace_infos, i);
		if (g_strcmp0(info->protocol, protocol) == 0 && td_pace_info_is_usable(info) &&
		    (parameter_id < 0 || info->parameter_id == parameter_id))
			return info;
	}
	return NULL;
}

GBytes *
td_vchip_pace_mse_set_at(TdVchipPace *pace, GBytes *command_data, guint16 *sw)
{
	gsize len = 0;
	const guint8 *data;
	TdTlv oid, pwd, param;
	gint64 parameter_id = -1;
	TdAccessKeyKind kind;

	g_return_val_if_fail(pace != NULL && sw != NULL, NULL);
	td_vchip_pace_reset(pace);
	data = command_data != NULL ? g_bytes_get_data(command_data, &len) : NULL;
	if (data == NULL || !td_tlv_find(data, len, 0x80, &oid) || !td_tlv_find(data, len, 0x83, &pwd) || pwd.length != 1)
		return td_vchip_pace_fail(pace, TD_SW_INCORRECT_DATA, sw);
	if (td_tlv_find(data, len, 0x84, &param)) {
		if (param.length != 1)
			return td_vchip_pace_fail(pace, TD_SW_INCORRECT_DATA, sw);
		parameter_id = param.value[0];
	}
	if (pwd.value[0] == TD_PACE_PASSWORD_CAN && pace->can != NULL)
		kind = TD_ACCESS_KEY_PACE_CAN;
	else if (pwd.value[0] == TD_PACE_PASSWORD_MRZ && pace->mrz_information != NULL)
		kind = TD_ACCESS_KEY_PACE_MRZ;
	else
		return td_vchip_pace_fail(pace, 0x6A88, sw);
	pace->info = find_announced_info(pace->card_access, &oid, parameter_id);
	if (pace->info == NULL)
		return td_vchip_pace_fail(pace, 0x6A88, sw);
	pace->ctx = td_pace_ctx_new(pace->info, NULL);
	pace->sec = td_pace_sec_new(kind, pace->can, pace->mrz_information, NULL);
	if (pace->ctx == NULL || pace->sec == NULL)
		return td_vchip_pace_fail(pace, 0x6A88, sw);
	pace->state = TD_VCHIP_PACE_SELECTED;
	*sw = TD_SW_OK;
	return g_bytes_new(NULL, 0);
}

/* What each GENERAL AUTHENTICATE step carries in its 7C: the terminal's
 * data object (none in step 1: 7C 00) and the chip's in the answer. */
static const struct {
	guint32 terminal_tag, chip_tag;
} steps[] = {
	[TD_VCHIP_PACE_SELECTED] = {0, 0x80},	  /* the encrypted nonce */
	[TD_VCHIP_PACE_NONCE_SENT] = {0x81, 0x82}, /* mapping data */
	[TD_VCHIP_PACE_MAPPED] = {0x83, 0x84},	  /* ephemeral public keys */
	[TD_VCHIP_PACE_KEYS_AGREED] = {0x85, 0x86}, /* authentication tokens */
};

GBytes *
td_vchip_pace_general_authenticate(TdVchipPace *pace, GBytes *command_data, gboolean last_in_chain, guint16 *sw)
{
	g_autoptr(BUF_MEM) in = NULL;
	g_autoptr(BUF_MEM) out = NULL;

	g_return_val_if_fail(pace != NULL && sw != NULL, NULL);
	if (command_data == NULL)
		return td_vchip_pace_fail(pace, TD_SW_INCORRECT_DATA, sw);
	/* Steps 1..3 come chained, step 4 ends the chain. */
	if (pace->state < TD_VCHIP_PACE_SELECTED || pace->state > TD_VCHIP_PACE_KEYS_AGREED ||
	    last_in_chain != (pace->state == TD_VCHIP_PACE_KEYS_AGREED))
		return td_vchip_pace_fail(pace, TD_SW_CONDITIONS_NOT_SATISFIED, sw);
	if (steps[pace->state].terminal_tag != 0) {
		in = td_pace_dad_get(command_data, steps[pace->state].terminal_tag, NULL);
		if (in == NULL)
			return td_vchip_pace_fail(pace, TD_SW_INCORRECT_DATA, sw);
	}

	switch (pace->state) {
	case TD_VCHIP_PACE_SELECTED: {
		gsize len = 0;
		const guint8 *raw = g_bytes_get_data(command_data, &len);
		TdTlv outer;
		if (!td_tlv_parse_expect(raw, len, 0x7C, &outer, NULL) || outer.length != 0)
			return td_vchip_pace_fail(pace, TD_SW_INCORRECT_DATA, sw);
		out = PACE_STEP1_enc_nonce(pace->ctx, pace->sec);
		break;
	}
	case TD_VCHIP_PACE_NONCE_SENT:
		out = PACE_STEP3A_generate_mapping_data(pace->ctx);
		if (out != NULL && !PACE_STEP3A_map_generator(pace->ctx, in))
			return td_vchip_pace_fail(pace, TD_SW_INCORRECT_DATA, sw);
		break;
	case TD_VCHIP_PACE_MAPPED:
		out = PACE_STEP3B_generate_ephemeral_key(pace->ctx);
		if (out != NULL && (!PACE_STEP3B_compute_shared_secret(pace->ctx, in) || !PACE_STEP3C_derive_keys(pace->ctx)))
			return td_vchip_pace_fail(pace, TD_SW_INCORRECT_DATA, sw);
		pace->terminal_eph = g_steal_pointer(&in);
		break;
	case TD_VCHIP_PACE_KEYS_AGREED:
		/* A wrong password gives a different generator, so a different
		 * shared secret, so a token that does not verify. */
		if (PACE_STEP3D_verify_authentication_token(pace->ctx, in) != 1)
			return td_vchip_pace_fail(pace, TD_SW_AUTH_FAILED, sw);
		out = PACE_STEP3D_compute_authentication_token(pace->ctx, pace->terminal_eph);
		if (out != NULL && pace->token_broken && out->length > 0) {
			/* its token spoilt: no session, as a false chip's
			 * would not hold either */
			out->data[out->length - 1] ^= 0x01;
			break;
		}
		if (out != NULL) {
			pace->sm = td_pace_sm_new(pace->ctx, pace->info, NULL);
			if (pace->sm == NULL)
				g_clear_pointer(&out, BUF_MEM_clear_free);
		}
		break;
	default:
		g_assert_not_reached();
	}
	if (out == NULL)
		return td_vchip_pace_fail(pace, 0x6F00, sw);
	*sw = TD_SW_OK;
	return td_pace_dad_new(steps[pace->state++].chip_tag, out);
}

TdSm *
td_vchip_pace_steal_sm(TdVchipPace *pace)
{
	g_return_val_if_fail(pace != NULL, NULL);
	if (pace->state != TD_VCHIP_PACE_DONE)
		return NULL;
	return g_steal_pointer(&pace->sm);
}
