/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/rand.h>
#include <string.h>

#include "td-apdu.h"
#include "td-chip-auth.h"
#include "td-der.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-sm.h"
#include "td-tlv.h"
#include "td-vchip-active-auth.h"
#include "td-vchip-bac.h"
#include "td-vchip-chip-auth.h"
#include "td-vchip-pace.h"
#include "td-vchip-personalise.h"
#include "td-vchip-state.h"
#include "td-vchip.h"

#define TD_SW_WRONG_LE(n) ((guint16)(0x6C00 | ((n) & 0xFF)))
#define TD_SW_FUNCTION_NOT_SUPPORTED 0x6A81

#define TD_SW_REFERENCED_DATA_NOT_FOUND 0x6A88

#define INS_GET_RESPONSE 0xC0
#define INS_GENERAL_AUTHENTICATE 0x86
#define CLA_CHAINING 0x10

/* A handler gets the plain command (unwrapped if it came protected) and
 * appends its answer's data to out; it returns the status word. */
typedef guint16 (*TdVchipHandler)(TdVchip *chip, const TdApdu *cmd, GByteArray *out);

static guint16 handle_select(TdVchip *chip, const TdApdu *cmd, GByteArray *out);
static guint16 handle_read_binary(TdVchip *chip, const TdApdu *cmd, GByteArray *out);
static guint16 handle_get_challenge(TdVchip *chip, const TdApdu *cmd, GByteArray *out);
static guint16 handle_external_authenticate(TdVchip *chip, const TdApdu *cmd, GByteArray *out);
static guint16 handle_internal_authenticate(TdVchip *chip, const TdApdu *cmd, GByteArray *out);
static guint16 handle_manage_security_environment(TdVchip *chip, const TdApdu *cmd, GByteArray *out);
static guint16 handle_general_authenticate(TdVchip *chip, const TdApdu *cmd, GByteArray *out);

/* Handlers that open a session (EXTERNAL AUTHENTICATE for BAC, the last
 * GENERAL AUTHENTICATE of PACE or chip authentication) set chip->next_sm;
 * it takes over once their answer is out. */
static const struct {
	guint8 ins;
	TdVchipHandler handler;
} handlers[] = {
	{0xA4, handle_select},
	{0xB0, handle_read_binary},
	{0x84, handle_get_challenge},
	{0x82, handle_external_authenticate},
	{0x88, handle_internal_authenticate},
	{0x22, handle_manage_security_environment},
	{INS_GENERAL_AUTHENTICATE, handle_general_authenticate},
};

static gsize
apdu_data_len(const TdApdu *cmd)
{
	return cmd->data != NULL ? g_bytes_get_size(cmd->data) : 0;
}

static const guint8 *
apdu_data(const TdApdu *cmd)
{
	return cmd->data != NULL ? g_bytes_get_data(cmd->data, NULL) : NULL;
}

void
td_vchip_drop_session(TdVchip *chip)
{
	g_clear_pointer(&chip->sm, td_sm_free);
	g_clear_pointer(&chip->next_sm, td_sm_free);
	g_clear_pointer(&chip->pace, td_vchip_pace_free);
	chip->ca_selected = FALSE;
	chip->ca_key_named = NULL;
	chip->rnd_ic_valid = FALSE;
	td_memwipe(chip->rnd_ic, sizeof chip->rnd_ic);
}

/* Whether the current session may read an EF; 9000 or the status to
 * answer. */
static guint16
check_file_access(TdVchip *chip, guint16 fid)
{
	gboolean present = g_hash_table_contains(chip->card->files, GUINT_TO_POINTER(fid));
	/* EF.CardAccess is in the MF and free to read: PACE needs it before
	 * there is any key. */
	if (fid == TD_FILE_CARD_ACCESS)
		return present && chip->current_df == TD_VCHIP_DF_MF ? TD_SW_OK : TD_SW_FILE_NOT_FOUND;
	if (chip->current_df != TD_VCHIP_DF_EMRTD)
		return TD_SW_FILE_NOT_FOUND;
	if (!present)
		return TD_SW_FILE_NOT_FOUND;
	if (fid == TD_FILE_DG3)
		return TD_SW_SECURITY_NOT_SATISFIED; /* needs EAC */
	if (chip->sm == NULL)
		return TD_SW_SECURITY_NOT_SATISFIED; /* needs BAC */
	return TD_SW_OK;
}

/* ISO 7816-4 FCP template: 80 size, 82 descriptor (transparent EF), 83 FID. */
static void
append_fcp(TdVchip *chip, guint16 fid, GByteArray *out)
{
	GBytes *file = g_hash_table_lookup(chip->card->files, GUINT_TO_POINTER(fid));
	gsize size = file != NULL ? g_bytes_get_size(file) : 0;
	const guint8 fcp[] = {0x62, 0x0B, 0x80, 0x02, (guint8)(size >> 8), (guint8)size, 0x82, 0x01, 0x01,
			      0x83, 0x02, (guint8)(fid >> 8), (guint8)fid};

	g_byte_array_append(out, fcp, sizeof fcp);
}

static guint16
handle_select(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	gsize len = apdu_data_len(cmd);
	const guint8 *data = apdu_data(cmd);
	guint16 fid, sw;

	if (cmd->p2 != 0x0C && cmd->p2 != 0x00)
		return TD_SW_WRONG_P1P2;
	switch (cmd->p1) {
	case 0x00: /* MF */
		if (len != 0 && !(len == 2 && data[0] == 0x3F && data[1] == 0x00))
			return TD_SW_FILE_NOT_FOUND;
		chip->current_df = TD_VCHIP_DF_MF;
		chip->selected_ef = 0;
		return TD_SW_OK;
	case 0x04: /* DF by name */
		if (len != TD_EMRTD_AID_LEN || memcmp(data, TD_EMRTD_AID, TD_EMRTD_AID_LEN) != 0)
			return TD_SW_FILE_NOT_FOUND;
		chip->current_df = TD_VCHIP_DF_EMRTD;
		chip->selected_ef = 0;
		return TD_SW_OK;
	case 0x02: /* EF under the current DF */
		if (len != 2)
			return TD_SW_WRONG_LENGTH;
		fid = (guint16)((data[0] << 8) | data[1]);
		sw = check_file_access(chip, fid);
		if (sw == TD_SW_OK)
			chip->selected_ef = fid;
		if (sw == TD_SW_OK && chip->profile->select_answers_fcp)
			append_fcp(chip, fid, out);
		return sw;
	default:
		return TD_SW_WRONG_P1P2;
	}
}

static guint16
handle_read_binary(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	guint16 fid = chip->selected_ef;
	gsize offset, file_len, n;
	const guint8 *file_data;
	GBytes *file;
	guint max_le = chip->sm != NULL ? chip->profile->max_le_sm : chip->profile->max_le;

	if (cmd->p1 & 0x80) {
		/* Short EF identifier: the CCCD's SFIs are the low byte of the
		 * FID (DG n = n, EF.COM 1E, EF.SOD 1D, EF.CardAccess 1C). */
		guint16 sw;
		if (chip->profile->sfi_refusal_sw != 0)
			return chip->profile->sfi_refusal_sw;
		if (cmd->p1 & 0x60)
			return TD_SW_WRONG_P1P2;
		fid = (guint16)(0x0100 | (cmd->p1 & 0x1F));
		sw = check_file_access(chip, fid);
		if (sw != TD_SW_OK)
			return sw;
		chip->selected_ef = fid;
		offset = cmd->p2;
	} else {
		offset = ((gsize)cmd->p1 << 8) | cmd->p2;
	}
	if (fid == 0)
		return TD_SW_CONDITIONS_NOT_SATISFIED; /* no EF selected */
	if (apdu_data_len(cmd) != 0 || cmd->le < 0)
		return TD_SW_WRONG_LENGTH;
	file = g_hash_table_lookup(chip->card->files, GUINT_TO_POINTER(fid));
	file_data = g_bytes_get_data(file, &file_len);
	if (offset >= file_len)
		return TD_SW_WRONG_P1P2;
	if ((guint)cmd->le > max_le) {
		if (chip->profile->too_large_le_sw == TD_VCHIP_TOO_LARGE_LE_6CXX)
			return TD_SW_WRONG_LE(MIN(max_le, file_len - offset));
		if (chip->profile->too_large_le_sw == TD_VCHIP_TOO_LARGE_LE_6282)
			return TD_SW_WARNING_EOF;
		return TD_SW_WRONG_LENGTH;
	}
	n = MIN((gsize)cmd->le, file_len - offset);
	if (n < (gsize)cmd->le && chip->profile->past_end_le == TD_VCHIP_PAST_END_6700)
		return TD_SW_WRONG_LENGTH;
	if (n < (gsize)cmd->le && chip->profile->past_end_le == TD_VCHIP_PAST_END_6CXX)
		return TD_SW_WRONG_LE(n);
	g_byte_array_append(out, file_data + offset, (guint)n);
	if (n < (gsize)cmd->le && chip->profile->eof_warning)
		return TD_SW_WARNING_EOF;
	return TD_SW_OK;
}

static guint16
handle_get_challenge(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	if (cmd->p1 != 0 || cmd->p2 != 0)
		return TD_SW_WRONG_P1P2;
	if (cmd->le != 8 || apdu_data_len(cmd) != 0)
		return TD_SW_WRONG_LENGTH;
	if (RAND_bytes(chip->rnd_ic, sizeof chip->rnd_ic) != 1)
		return 0x6F00;
	chip->rnd_ic_valid = TRUE;
	g_byte_array_append(out, chip->rnd_ic, sizeof chip->rnd_ic);
	return TD_SW_OK;
}

static guint16
handle_external_authenticate(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	guint8 k_ic[16];
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GError) error = NULL;
	TdSm *sm;

	if (cmd->p1 != 0 || cmd->p2 != 0)
		return TD_SW_WRONG_P1P2;
	if (apdu_data_len(cmd) != 40)
		return TD_SW_WRONG_LENGTH;
	if (!chip->rnd_ic_valid)
		return TD_SW_CONDITIONS_NOT_SATISFIED; /* no GET CHALLENGE first */
	/* One attempt per challenge, right or wrong. */
	chip->rnd_ic_valid = FALSE;
	if (RAND_bytes(k_ic, sizeof k_ic) != 1)
		return 0x6F00;
	sm = td_vchip_bac_authenticate(chip->card->k_enc, chip->card->k_mac, chip->rnd_ic, k_ic, cmd->data, &answer,
				       &error);
	td_memwipe(k_ic, sizeof k_ic);
	td_memwipe(chip->rnd_ic, sizeof chip->rnd_ic);
	if (sm == NULL) {
		g_debug("BAC refused: %s", error != NULL ? error->message : "no reason");
		return TD_SW_AUTH_FAILED;
	}
	g_byte_array_append(out, g_bytes_get_data(answer, NULL), (guint)g_bytes_get_size(answer));
	g_clear_pointer(&chip->next_sm, td_sm_free);
	chip->next_sm = sm;
	return TD_SW_OK;
}

static guint16
handle_internal_authenticate(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	g_autoptr(GBytes) sig = NULL;
	g_autoptr(GError) error = NULL;
	gsize len = apdu_data_len(cmd);

	if (chip->card->aa_sign_key == NULL)
		return TD_SW_INS_NOT_SUPPORTED; /* no active authentication */
	if (chip->sm == NULL)
		return TD_SW_SECURITY_NOT_SATISFIED;
	if (cmd->p1 != 0 || cmd->p2 != 0)
		return TD_SW_WRONG_P1P2;
	if (len == 0 || len > 64)
		return TD_SW_WRONG_LENGTH;
	sig = td_vchip_aa_sign(chip->card->aa_sign_key, chip->card->aa_rsa_digest, apdu_data(cmd), len, &error);
	if (sig == NULL) {
		g_warning("active authentication: %s", error->message);
		return 0x6F00;
	}
	g_byte_array_append(out, g_bytes_get_data(sig, NULL), (guint)g_bytes_get_size(sig));
	return TD_SW_OK;
}

static void
append_bytes(GByteArray *out, GBytes *bytes)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	if (len > 0)
		g_byte_array_append(out, data, (guint)len);
}

/* MSE:Set AT for PACE (ICAO 9303-11 §4.4.4.1), plain, before any session. */
static guint16
pace_set_at(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GError) error = NULL;
	guint16 sw = TD_SW_OK;

	if (chip->card->card_access == NULL)
		return TD_SW_REFERENCED_DATA_NOT_FOUND; /* no PACE on this chip */
	if (chip->sm != NULL)
		return TD_SW_CONDITIONS_NOT_SATISFIED;
	/* The quirk: EF.CardAccess promises PACE, the chip will not run it. */
	if (chip->profile->pace_refusal_sw != 0)
		return chip->profile->pace_refusal_sw;
	if (chip->pace == NULL) {
		chip->pace = td_vchip_pace_new(chip->card->card_access, chip->card->can, chip->card->mrz_information,
					       &error);
		if (chip->pace == NULL) {
			g_warning("PACE: %s", error->message);
			return 0x6F00;
		}
		td_vchip_pace_set_token_broken(chip->pace, chip->profile->pace_token_broken);
	}
	answer = td_vchip_pace_mse_set_at(chip->pace, cmd->data, &sw);
	append_bytes(out, answer);
	return sw;
}

/* Is the command's 80 OID the chip's chip-authentication protocol? */
static gboolean
is_chip_auth_oid(TdVchip *chip, const TdTlv *oid)
{
	g_autofree gchar *dotted = td_der_oid_to_string(oid->value, oid->length, NULL);
	TdChipAuthProtocol asked, offered;

	return dotted != NULL && td_chip_auth_protocol_parse(dotted, &asked, NULL) &&
	       td_chip_auth_protocol_parse(chip->card->ca_protocol, &offered, NULL) &&
	       asked.key_agreement == offered.key_agreement && asked.cipher == offered.cipher;
}

/* The key agreement of chip authentication, on the command that carries
 * the terminal's key (MSE:Set KAT, or GENERAL AUTHENTICATE after MSE:Set
 * AT): the new session takes over after this command's answer. */
static guint16
chip_auth_key_agreement(TdVchip *chip, const TdApdu *cmd)
{
	g_autoptr(GBytes) key = NULL;
	g_autoptr(GError) error = NULL;
	TdSm *sm;

	key = td_vchip_chip_auth_get_terminal_key(cmd, &error);
	sm = key != NULL ? td_vchip_chip_auth_respond(chip->ca_key_named, chip->card->ca_protocol, key, &error) : NULL;
	if (sm == NULL) {
		g_debug("chip authentication refused: %s", error->message);
		return TD_SW_INCORRECT_DATA;
	}
	g_clear_pointer(&chip->next_sm, td_sm_free);
	chip->next_sm = sm;
	return TD_SW_OK;
}

/* Which chip-authentication key the command names. With one key DG14 gives
 * no key ids, so a command naming one (84) names a key the chip does not
 * have. With two, each has its keyId and the command must name one (ICAO
 * 9303-11: keyId is there to tell the keys apart). NULL: none. */
static EVP_PKEY *
chip_auth_named_key(TdVchip *chip, const guint8 *data, gsize len)
{
	TdTlv key_id;
	gboolean named = td_tlv_find(data, len, 0x84, &key_id);

	if (chip->card->other_ca_key == NULL)
		return named ? NULL : chip->card->ca_key;
	if (!named || key_id.length != 1)
		return NULL;
	if (key_id.value[0] == 1)
		return chip->card->other_ca_key;
	return key_id.value[0] == 2 ? chip->card->ca_key : NULL;
}

/* Chip authentication in 3DES (MSE:Set KAT) or its AES selection (MSE:Set
 * AT, then GENERAL AUTHENTICATE), ICAO 9303-11 §6.2, under the current
 * secure messaging. */
static guint16
chip_auth_mse(TdVchip *chip, const TdApdu *cmd, gboolean key_agreement)
{
	gsize len = apdu_data_len(cmd);
	const guint8 *data = apdu_data(cmd);
	gboolean is_3des = g_strcmp0(chip->card->ca_protocol, "id-CA-ECDH-3DES-CBC-CBC") == 0;
	TdTlv tlv;

	chip->ca_selected = FALSE;
	if (chip->sm == NULL)
		return TD_SW_SECURITY_NOT_SATISFIED;
	if (chip->card->ca_key == NULL)
		return TD_SW_REFERENCED_DATA_NOT_FOUND;
	if (data == NULL)
		return TD_SW_INCORRECT_DATA;
	chip->ca_key_named = chip_auth_named_key(chip, data, len);
	if (chip->ca_key_named == NULL)
		return TD_SW_REFERENCED_DATA_NOT_FOUND;
	if (key_agreement)
		return is_3des ? chip_auth_key_agreement(chip, cmd) : TD_SW_INCORRECT_DATA;
	if (is_3des || !td_tlv_find(data, len, 0x80, &tlv) || !is_chip_auth_oid(chip, &tlv))
		return TD_SW_INCORRECT_DATA;
	chip->ca_selected = TRUE;
	return TD_SW_OK;
}

static guint16
handle_manage_security_environment(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	switch ((cmd->p1 << 8) | cmd->p2) {
	case 0xC1A4: /* Set AT, mutual authentication: PACE */
		return pace_set_at(chip, cmd, out);
	case 0x41A4: /* Set AT, internal authentication: chip authentication */
		return chip_auth_mse(chip, cmd, FALSE);
	case 0x41A6: /* Set KAT: chip authentication with 3DES */
		return chip_auth_mse(chip, cmd, TRUE);
	default:
		return TD_SW_WRONG_P1P2;
	}
}

static guint16
handle_general_authenticate(TdVchip *chip, const TdApdu *cmd, GByteArray *out)
{
	static const guint8 empty_dad[] = {0x7C, 0x00};
	guint16 sw = TD_SW_OK;

	if (cmd->p1 != 0 || cmd->p2 != 0)
		return TD_SW_WRONG_P1P2;
	if (chip->sm == NULL) {
		/* PACE: four steps, the first three chained. */
		g_autoptr(GBytes) answer = NULL;
		TdSm *sm;
		if (chip->pace == NULL)
			return TD_SW_CONDITIONS_NOT_SATISFIED;
		answer = td_vchip_pace_general_authenticate(chip->pace, cmd->data, (cmd->cla & CLA_CHAINING) == 0, &sw);
		append_bytes(out, answer);
		sm = sw == TD_SW_OK ? td_vchip_pace_steal_sm(chip->pace) : NULL;
		if (sm != NULL) {
			g_clear_pointer(&chip->next_sm, td_sm_free);
			chip->next_sm = sm;
		}
		return sw;
	}
	/* Chip authentication with AES: the terminal's ephemeral key. */
	if (!chip->ca_selected || (cmd->cla & CLA_CHAINING) != 0)
		return TD_SW_CONDITIONS_NOT_SATISFIED;
	chip->ca_selected = FALSE;
	sw = chip_auth_key_agreement(chip, cmd);
	if (sw == TD_SW_OK)
		g_byte_array_append(out, empty_dad, sizeof empty_dad);
	return sw;
}

static GBytes *
process_command(TdVchip *chip, GBytes *command)
{
	gsize raw_len = 0;
	const guint8 *raw = g_bytes_get_data(command, &raw_len);
	g_autoptr(TdApdu) outer = NULL;
	g_autoptr(TdApdu) plain = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GByteArray) out = g_byte_array_new();
	g_autoptr(TdResponse) wrapped = NULL;
	TdVchipHandler handler = NULL;
	gsize max_response;
	guint16 sw;
	gboolean is_read;
	guint8 ssc_before[16] = {0};
	TdVchipRefusalAnswer refusal;

	outer = td_apdu_decode(raw, raw_len, &error);
	if (outer == NULL) {
		td_vchip_drop_session(chip);
		return td_vchip_encode_response(NULL, 0, TD_SW_WRONG_LENGTH);
	}
	if (outer->cla == 0x00 && outer->ins == INS_GET_RESPONSE)
		return td_vchip_process_get_response(chip, outer);
	g_clear_pointer(&chip->pending, g_bytes_unref);

	if ((outer->extended || outer->le > 256 || apdu_data_len(outer) > 255) && !chip->profile->extended_length) {
		td_vchip_drop_session(chip);
		return td_vchip_encode_response(NULL, 0, chip->profile->extended_refusal_sw);
	}
	max_response = (outer->extended || outer->le > 256) ? 65536 : 256;

	if (chip->sm != NULL) {
		/* Secure messaging is on: only protected commands, and one
		 * failure ends it, as on real chips. */
		if ((outer->cla & 0x0C) != 0x0C) {
			td_vchip_drop_session(chip);
			return td_vchip_encode_response(NULL, 0, TD_SW_SM_DO_MISSING);
		}
		td_sm_get_ssc(chip->sm, ssc_before, sizeof ssc_before);
		plain = td_sm_unwrap_command(chip->sm, outer, &error);
		if (plain == NULL) {
			g_debug("SM command refused: %s", error->message);
			td_vchip_drop_session(chip);
			return td_vchip_encode_response(NULL, 0, TD_SW_SM_DO_INCORRECT);
		}
		if (td_vchip_reader_resets_card(chip, plain))
			return td_vchip_encode_response(NULL, 0, TD_SW_SECURITY_NOT_SATISFIED);
	} else {
		/* protected, but there is no session */
		if ((outer->cla & 0x0C) != 0)
			return td_vchip_encode_response(NULL, 0, TD_SW_SECURITY_NOT_SATISFIED);
		plain = g_steal_pointer(&outer);
	}

	/* Command chaining is for GENERAL AUTHENTICATE (PACE) only. */
	if ((plain->cla & ~(plain->ins == INS_GENERAL_AUTHENTICATE ? 0x0C | CLA_CHAINING : 0x0C)) != 0x00) {
		sw = TD_SW_CLA_NOT_SUPPORTED;
	} else {
		for (guint i = 0; i < G_N_ELEMENTS(handlers); i++) {
			if (handlers[i].ins == plain->ins)
				handler = handlers[i].handler;
		}
		sw = handler != NULL ? handler(chip, plain, out) : TD_SW_INS_NOT_SUPPORTED;
	}
	is_read = plain->ins == 0xB0;

	if (chip->sm == NULL) {
		GBytes *resp;
		if (out->len > max_response && !is_read) {
			/* T=0 style: the rest comes with GET RESPONSE. */
			resp = td_vchip_encode_response(out->data, max_response, TD_SW_BYTES_REMAINING(out->len - max_response));
			chip->pending = g_bytes_new(out->data + max_response, out->len - max_response);
			chip->pending_sw = sw;
		} else {
			resp = td_vchip_encode_response(out->data, out->len, sw);
		}
		if (chip->next_sm != NULL)
			chip->sm = g_steal_pointer(&chip->next_sm);
		return resp;
	}

	/* A READ that cannot fit the protected answer in the APDU form used is
	 * a too-large Le, as chips answer it. */
	if (is_read && td_vchip_wrapped_size(chip, out->len) > max_response) {
		g_byte_array_set_size(out, 0);
		sw = TD_SW_WRONG_LENGTH;
	}
	refusal = td_vchip_refusal_answer(chip, plain, sw, out->len);
	if (refusal != TD_VCHIP_ANSWER_PROTECTED)
		return td_vchip_answer_bare(chip, refusal, ssc_before, sw);
	{
		g_autoptr(GBytes) data = g_bytes_new(out->data, out->len);
		g_autoptr(TdResponse) resp = td_response_new(data, sw);
		wrapped = td_sm_wrap_response(chip->sm, resp, !chip->profile->omit_do99, &error);
	}
	if (chip->next_sm != NULL) {
		td_sm_free(chip->sm);
		chip->sm = g_steal_pointer(&chip->next_sm);
	}
	if (wrapped == NULL) {
		g_warning("SM response wrapping failed: %s", error->message);
		td_vchip_drop_session(chip);
		return td_vchip_encode_response(NULL, 0, TD_SW_SM_DO_INCORRECT);
	}
	if (plain->ins == 0x88 && chip->profile->aa_answer_mac_broken && wrapped->data != NULL &&
	    g_bytes_get_size(wrapped->data) > 0) {
		/* the last byte of DO'8E', the MAC, spoilt on the way */
		gsize len = 0;
		guint8 *spoilt = g_bytes_unref_to_data(g_steal_pointer(&wrapped->data), &len);
		spoilt[len - 1] ^= 0x01;
		wrapped->data = g_bytes_new_take(spoilt, len);
	}
	{
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(wrapped->data, &len);
		if (len > max_response) {
			GBytes *resp = td_vchip_encode_response(data, max_response, TD_SW_BYTES_REMAINING(len - max_response));
			chip->pending = g_bytes_new(data + max_response, len - max_response);
			chip->pending_sw = wrapped->sw;
			return resp;
		}
		return td_vchip_encode_response(data, len, wrapped->sw);
	}
}

GBytes *
td_vchip_process_apdu(TdVchip *chip, GBytes *command)
{
	GBytes *resp;

	g_return_val_if_fail(chip != NULL, NULL);
	g_return_val_if_fail(command != NULL, NULL);

	if (chip->latency_ms > 0)
		g_usleep((gulong)chip->latency_ms * 1000);
	g_mutex_lock(&chip->lock);
	if (chip->trace_func != NULL)
		chip->trace_func("C", command, chip->trace_data);
	resp = process_command(chip, command);
	{
		GBytes *as_t0 = td_vchip_answer_t0(chip, command, resp);
		g_bytes_unref(resp);
		resp = as_t0;
	}
	if (chip->trace_func != NULL)
		chip->trace_func("R", resp, chip->trace_data);
	g_mutex_unlock(&chip->lock);
	return resp;
}

void
td_vchip_power_cycle(TdVchip *chip)
{
	g_return_if_fail(chip != NULL);
	g_mutex_lock(&chip->lock);
	td_vchip_restart(chip);
	chip->reader_reset_done = FALSE;
	g_mutex_unlock(&chip->lock);
}

GBytes *
td_vchip_get_atr(TdVchip *chip)
{
	/* ISO 7816-3 with the historical bytes of a contactless card as PC/SC
	 * part 3 builds them: T0 = 8x (TD1 follows, x historical bytes),
	 * TD1 = 80, TD2 = 01 (T=1), then a category indicator 80 and the card
	 * capabilities (compact TLV 73): selection by DF name, FID and SFI;
	 * one-byte data units; extended Lc/Le (bit 0x40) when enabled. */
	guint8 atr[] = {0x3B, 0x85, 0x80, 0x01, 0x80, 0x73, 0x94, 0x01, 0x00, 0x00};
	guint8 tck = 0;
	g_return_val_if_fail(chip != NULL, NULL);
	if (chip->profile->atr_extended_length)
		atr[8] |= 0x40;
	for (gsize i = 1; i < sizeof atr - 1; i++)
		tck ^= atr[i];
	atr[sizeof atr - 1] = tck;
	return g_bytes_new(atr, sizeof atr);
}

GBytes *
td_vchip_get_file(TdVchip *chip, guint16 fid)
{
	GBytes *file;
	g_return_val_if_fail(chip != NULL, NULL);
	file = g_hash_table_lookup(chip->card->files, GUINT_TO_POINTER(fid));
	return file != NULL ? g_bytes_ref(file) : NULL;
}

void
td_vchip_set_latency_ms(TdVchip *chip, guint ms)
{
	g_return_if_fail(chip != NULL);
	chip->latency_ms = ms;
}

gboolean
td_vchip_get_extended_length(TdVchip *chip)
{
	g_return_val_if_fail(chip != NULL, FALSE);
	return chip->profile->atr_extended_length;
}

void
td_vchip_set_trace(TdVchip *chip, TdVchipTraceFunc func, gpointer user_data)
{
	g_return_if_fail(chip != NULL);
	chip->trace_func = func;
	chip->trace_data = user_data;
}

TdVchip *
td_vchip_new_from_keyfile(GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(TdVchipProfile) profile = NULL;
	TdVchipCardData *card;
	TdVchip *chip;

	g_return_val_if_fail(kf != NULL, NULL);
	profile = td_vchip_profile_new_from_keyfile(kf, base_dir, error);
	if (profile == NULL)
		return NULL;
	card = td_vchip_personalise(profile, error);
	if (card == NULL)
		return NULL;
	chip = g_new0(TdVchip, 1);
	chip->ref_count = 1;
	g_mutex_init(&chip->lock);
	chip->profile = g_steal_pointer(&profile);
	chip->card = card;
	td_vchip_restart(chip);
	return chip;
}

TdVchip *
td_vchip_new_from_profile(const gchar *path, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree gchar *base_dir = NULL;
	g_autoptr(GError) error_local = NULL;

	g_return_val_if_fail(path != NULL, NULL);
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &error_local)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile %s: %s", path, error_local->message);
		return NULL;
	}
	base_dir = g_path_get_dirname(path);
	return td_vchip_new_from_keyfile(kf, base_dir, error);
}

TdVchip *
td_vchip_ref(TdVchip *chip)
{
	g_return_val_if_fail(chip != NULL, NULL);
	g_atomic_int_inc(&chip->ref_count);
	return chip;
}

void
td_vchip_unref(TdVchip *chip)
{
	if (chip == NULL || !g_atomic_int_dec_and_test(&chip->ref_count))
		return;
	td_vchip_drop_session(chip);
	g_clear_pointer(&chip->pending, g_bytes_unref);
	td_vchip_card_data_free(chip->card);
	td_vchip_profile_free(chip->profile);
	g_mutex_clear(&chip->lock);
	g_free(chip);
}
