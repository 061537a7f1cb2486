/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The framing half of ICAO 9303-11 secure messaging (§9.8): data objects,
 * padding and the send sequence counter. The cipher lives in
 * td-sm-cipher.c. */
#include "config.h"

#include <openssl/crypto.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-sm.h"
#include "td-tlv.h"

#define TD_SM_MAX_SSC 16

struct _TdSm {
	TdSmCipherKind kind;
	gsize block_size;
	TdSecret *ks_enc;
	TdSecret *ks_mac;
	guint8 ssc[TD_SM_MAX_SSC];
	gsize ssc_len;
};

TdSm *
td_sm_new(TdSmCipherKind kind, const TdSecret *ks_enc, const TdSecret *ks_mac, const guint8 *ssc, gsize ssc_len)
{
	TdSm *sm;

	g_return_val_if_fail(ssc_len == td_sm_cipher_block_size(kind), NULL);
	sm = g_new0(TdSm, 1);
	sm->kind = kind;
	sm->block_size = td_sm_cipher_block_size(kind);
	sm->ks_enc = td_secret_dup(ks_enc);
	sm->ks_mac = td_secret_dup(ks_mac);
	memcpy(sm->ssc, ssc, ssc_len);
	sm->ssc_len = ssc_len;
	return sm;
}

void
td_sm_free(TdSm *sm)
{
	if (sm == NULL)
		return;
	td_secret_clear_free(sm->ks_enc);
	td_secret_clear_free(sm->ks_mac);
	td_memwipe(sm, sizeof(*sm));
	g_free(sm);
}

TdSmCipherKind
td_sm_get_cipher_kind(const TdSm *sm)
{
	return sm->kind;
}

gsize
td_sm_get_block_size(const TdSm *sm)
{
	return sm->block_size;
}

void
td_sm_get_ssc(const TdSm *sm, guint8 *out, gsize out_len)
{
	g_return_if_fail(out_len >= sm->ssc_len);
	memcpy(out, sm->ssc, sm->ssc_len);
}

static void
ssc_increment(TdSm *sm)
{
	for (gsize i = sm->ssc_len; i > 0; i--) {
		if (++sm->ssc[i - 1] != 0)
			break;
	}
}

void
td_sm_set_ssc(TdSm *sm, const guint8 *ssc, gsize ssc_len)
{
	g_return_if_fail(ssc_len == sm->ssc_len);
	memcpy(sm->ssc, ssc, ssc_len);
}

void
td_sm_advance_ssc(TdSm *sm)
{
	ssc_increment(sm);
}

/* 3DES uses a zero IV; AES uses E(KSenc, SSC) (9303-11 §9.8.6.1). */
static gboolean
compute_iv(TdSm *sm, guint8 *iv, GError **error)
{
	memset(iv, 0, TD_SM_MAX_SSC);
	if (sm->kind == TD_SM_CIPHER_3DES)
		return TRUE;
	return td_sm_cipher_encrypt(sm->kind, sm->ks_enc, NULL, sm->ssc, sm->ssc_len, iv, error);
}

/* MAC over SSC || input, padded. */
static gboolean
compute_mac(TdSm *sm, const guint8 *input, gsize len, guint8 mac[8], GError **error)
{
	g_autoptr(GByteArray) buf = g_byte_array_sized_new(sm->ssc_len + len + sm->block_size);
	gboolean ok;

	g_byte_array_append(buf, sm->ssc, sm->ssc_len);
	g_byte_array_append(buf, input, len);
	td_sm_pad(buf, sm->block_size);
	ok = td_sm_cipher_mac(sm->kind, sm->ks_mac, buf->data, buf->len, mac, error);
	td_memwipe(buf->data, buf->len);
	return ok;
}

static gboolean
verify_mac(TdSm *sm, const guint8 *input, gsize len, const TdTlv *do8e, GError **error)
{
	guint8 expected[8];

	if (do8e->length != 8) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
			    "secure messaging checksum of %" G_GSIZE_FORMAT " bytes", do8e->length);
		return FALSE;
	}
	if (!compute_mac(sm, input, len, expected, error))
		return FALSE;
	if (CRYPTO_memcmp(expected, do8e->value, 8) != 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "secure messaging checksum does not match");
		return FALSE;
	}
	return TRUE;
}

/* The data, encrypted: DO'87' = 01 || E(KSenc, pad(data)), or for an
 * odd instruction (its data BER-TLV coded: READ BINARY B1's offset)
 * DO'85' = E(KSenc, pad(data)), no padding indicator (ICAO 9303-11
 * §9.8.6, ISO/IEC 7816-4 §10.2). */
static gboolean
append_cryptogram(TdSm *sm, GByteArray *out, GBytes *data, gboolean odd_ins, GError **error)
{
	gsize len = 0;
	const guint8 *plain = g_bytes_get_data(data, &len);
	g_autoptr(GByteArray) padded = g_byte_array_sized_new(len + sm->block_size);
	g_autofree guint8 *value = NULL;
	guint8 iv[TD_SM_MAX_SSC];

	g_byte_array_append(padded, plain, len);
	td_sm_pad(padded, sm->block_size);
	gsize indicator = odd_ins ? 0 : 1;

	value = g_malloc(padded->len + indicator);
	if (indicator == 1)
		value[0] = 0x01;
	if (!compute_iv(sm, iv, error) ||
	    !td_sm_cipher_encrypt(sm->kind, sm->ks_enc, iv, padded->data, padded->len, value + indicator, error)) {
		td_memwipe(padded->data, padded->len);
		return FALSE;
	}
	td_memwipe(padded->data, padded->len);
	td_tlv_append(out, odd_ins ? 0x85 : 0x87, value, padded->len + indicator);
	return TRUE;
}

/* The data of a DO'87' or DO'85' (above), decrypted and unpadded. */
static GBytes *
decrypt_cryptogram(TdSm *sm, const TdTlv *cryptogram, GError **error)
{
	guint8 iv[TD_SM_MAX_SSC];
	g_autofree guint8 *plain = NULL;
	gsize indicator = cryptogram->tag == 0x87 ? 1 : 0;
	gsize enc_len, unpadded = 0;
	GBytes *result;

	if (cryptogram->length < indicator + sm->block_size || (indicator == 1 && cryptogram->value[0] != 0x01) ||
	    (cryptogram->length - indicator) % sm->block_size != 0) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
			    "secure messaging data object %02X is malformed", cryptogram->tag);
		return NULL;
	}
	enc_len = cryptogram->length - indicator;
	plain = g_malloc(enc_len);
	if (!compute_iv(sm, iv, error) ||
	    !td_sm_cipher_decrypt(sm->kind, sm->ks_enc, iv, cryptogram->value + indicator, enc_len, plain, error)) {
		/* a cipher that failed part way may have written some */
		td_memwipe(plain, enc_len);
		return NULL;
	}
	if (!td_sm_unpad(plain, enc_len, &unpadded)) {
		td_memwipe(plain, enc_len);
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "secure messaging padding is malformed");
		return NULL;
	}
	/* a chunk of DG13 or the face: wiped when the response goes */
	result = td_secret_bytes_new(plain, unpadded);
	td_memwipe(plain, enc_len);
	return result;
}

TdApdu *
td_sm_wrap_command(TdSm *sm, const TdApdu *plain, GError **error)
{
	g_autoptr(GByteArray) mac_input = g_byte_array_new();
	g_autoptr(GByteArray) body = g_byte_array_new();
	g_autoptr(GBytes) body_bytes = NULL;
	guint8 header[4] = {plain->cla | 0x0C, plain->ins, plain->p1, plain->p2};
	gboolean extended = plain->extended || plain->le > 256 ||
			    (plain->data != NULL && g_bytes_get_size(plain->data) > 223);
	guint8 mac[8];
	TdApdu *wrapped;

	ssc_increment(sm);
	g_byte_array_append(mac_input, header, 4);
	td_sm_pad(mac_input, sm->block_size);
	if (plain->data != NULL && g_bytes_get_size(plain->data) > 0) {
		if (!append_cryptogram(sm, body, plain->data, (plain->ins & 1) != 0, error))
			return NULL;
	}
	if (plain->le >= 0) {
		if (extended) {
			guint8 le[2] = {(plain->le >> 8) & 0xff, plain->le & 0xff};
			if (plain->le >= 65536)
				le[0] = le[1] = 0;
			td_tlv_append(body, 0x97, le, 2);
		} else {
			guint8 le = plain->le >= 256 ? 0 : (guint8)plain->le;
			td_tlv_append(body, 0x97, &le, 1);
		}
	}
	g_byte_array_append(mac_input, body->data, body->len);
	if (!compute_mac(sm, mac_input->data, mac_input->len, mac, error))
		return NULL;
	td_tlv_append(body, 0x8E, mac, 8);

	body_bytes = g_byte_array_free_to_bytes(g_steal_pointer(&body));
	wrapped = td_apdu_new(header[0], header[1], header[2], header[3], body_bytes, extended ? 65536 : 256);
	wrapped->extended = extended || g_bytes_get_size(body_bytes) > 255;
	return wrapped;
}

typedef struct {
	TdTlv cryptogram; /* DO'87', or DO'85' (odd instructions) */
	TdTlv do97;
	TdTlv do99;
	TdTlv do8e;
	gboolean has_cryptogram, has97, has99, has8e;
	gsize mac_input_end; /* offset of DO'8E' in the body */
} TdSmObjects;

static gboolean
parse_objects(const guint8 *data, gsize len, TdSmObjects *objs, GError **error)
{
	TdTlvIter iter;
	TdTlv tlv;
	g_autoptr(GError) error_local = NULL;

	memset(objs, 0, sizeof(*objs));
	td_tlv_iter_init(&iter, data, len);
	while (td_tlv_iter_next(&iter, &tlv, &error_local)) {
		if (objs->has8e) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "secure messaging data object %02X after the checksum", tlv.tag);
			return FALSE;
		}
		switch (tlv.tag) {
		case 0x87:
		case 0x85:
			if (objs->has_cryptogram)
				goto duplicate;
			objs->cryptogram = tlv;
			objs->has_cryptogram = TRUE;
			break;
		case 0x97:
			if (objs->has97)
				goto duplicate;
			objs->do97 = tlv;
			objs->has97 = TRUE;
			break;
		case 0x99:
			if (objs->has99)
				goto duplicate;
			objs->do99 = tlv;
			objs->has99 = TRUE;
			break;
		case 0x8E:
			objs->do8e = tlv;
			objs->has8e = TRUE;
			objs->mac_input_end = (gsize)(tlv.raw - data);
			break;
		default:
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "unexpected secure messaging data object %02X", tlv.tag);
			return FALSE;
		}
	}
	if (error_local != NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
			    "secure messaging data objects are malformed: %s", error_local->message);
		return FALSE;
	}
	if (!objs->has8e) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "secure messaging checksum (DO'8E') is missing");
		return FALSE;
	}
	return TRUE;
duplicate:
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
		    "secure messaging data object %02X appears twice", tlv.tag);
	return FALSE;
}

TdResponse *
td_sm_unwrap_response(TdSm *sm, const TdResponse *protected_resp, GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(protected_resp->data, &len);
	TdSmObjects objs;
	g_autoptr(GBytes) plain_data = NULL;
	guint16 sw = protected_resp->sw;

	if (len == 0) {
		/* The chip left secure messaging (6987/6988) or answered an
		 * error without protection; neither side counted it. */
		if (sw == TD_SW_SM_DO_MISSING || sw == TD_SW_SM_DO_INCORRECT) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "the card rejected the secure messaging (%04X: %s)", sw, td_sw_describe(sw));
			return NULL;
		}
		if (sw == TD_SW_OK) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
					    "the card answered without secure messaging");
			return NULL;
		}
		return td_response_new(NULL, sw);
	}

	ssc_increment(sm);
	if (!parse_objects(data, len, &objs, error))
		return NULL;
	if (objs.has97) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "response carries an Le object");
		return NULL;
	}
	if (!verify_mac(sm, data, objs.mac_input_end, &objs.do8e, error))
		return NULL;
	if (objs.has99) {
		if (objs.do99.length != 2) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
					    "secure messaging status object is not 2 bytes");
			return NULL;
		}
		sw = (guint16)((objs.do99.value[0] << 8) | objs.do99.value[1]);
	}
	if (objs.has_cryptogram) {
		plain_data = decrypt_cryptogram(sm, &objs.cryptogram, error);
		if (plain_data == NULL)
			return NULL;
	}
	return td_response_new(plain_data, sw);
}

TdApdu *
td_sm_unwrap_command(TdSm *sm, const TdApdu *protected_cmd, GError **error)
{
	gsize len = 0;
	const guint8 *data = protected_cmd->data != NULL ? g_bytes_get_data(protected_cmd->data, &len) : NULL;
	g_autoptr(GByteArray) mac_input = g_byte_array_new();
	g_autoptr(GBytes) plain_data = NULL;
	guint8 header[4] = {protected_cmd->cla, protected_cmd->ins, protected_cmd->p1, protected_cmd->p2};
	TdSmObjects objs;
	TdApdu *plain;
	gint le = -1;

	if ((protected_cmd->cla & 0x0C) != 0x0C) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "command is not protected");
		return NULL;
	}
	ssc_increment(sm);
	if (!parse_objects(data, len, &objs, error))
		return NULL;
	if (objs.has99) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
				    "command carries a status object");
		return NULL;
	}
	g_byte_array_append(mac_input, header, 4);
	td_sm_pad(mac_input, sm->block_size);
	g_byte_array_append(mac_input, data, objs.mac_input_end);
	if (!verify_mac(sm, mac_input->data, mac_input->len, &objs.do8e, error))
		return NULL;
	if (objs.has_cryptogram) {
		plain_data = decrypt_cryptogram(sm, &objs.cryptogram, error);
		if (plain_data == NULL)
			return NULL;
	}
	if (objs.has97) {
		if (objs.do97.length == 1)
			le = objs.do97.value[0] == 0 ? 256 : objs.do97.value[0];
		else if (objs.do97.length == 2) {
			le = (objs.do97.value[0] << 8) | objs.do97.value[1];
			if (le == 0)
				le = 65536;
		} else {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
					    "Le object is not 1 or 2 bytes");
			return NULL;
		}
	}
	plain = td_apdu_new(protected_cmd->cla & ~0x0C, protected_cmd->ins, protected_cmd->p1, protected_cmd->p2, plain_data, le);
	plain->extended = protected_cmd->extended;
	return plain;
}

TdResponse *
td_sm_wrap_response(TdSm *sm, const TdResponse *plain, gboolean include_do99, GError **error)
{
	g_autoptr(GByteArray) body = g_byte_array_new();
	g_autoptr(GBytes) body_bytes = NULL;
	guint8 mac[8];
	guint8 sw[2] = {plain->sw >> 8, plain->sw & 0xff};

	ssc_increment(sm);
	if (g_bytes_get_size(plain->data) > 0) {
		if (!append_cryptogram(sm, body, plain->data, FALSE, error))
			return NULL;
	}
	if (include_do99)
		td_tlv_append(body, 0x99, sw, 2);
	if (!compute_mac(sm, body->data, body->len, mac, error))
		return NULL;
	td_tlv_append(body, 0x8E, mac, 8);
	body_bytes = g_byte_array_free_to_bytes(g_steal_pointer(&body));
	return td_response_new(body_bytes, plain->sw);
}
