/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/x509.h>

#include "td-chip-auth.h"
#include "td-der.h"
#include "td-reader-error.h"
#include "td-tlv.h"
#include "td-vchip-chip-auth.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY_CTX, EVP_PKEY_CTX_free)

/* keyId: an INTEGER after the fields, when the chip has more than one key */
static void
append_key_id(GByteArray *buf, gint key_id)
{
	guint8 id = (guint8)key_id;

	if (key_id >= 0)
		td_tlv_append(buf, 0x02, &id, 1);
}

static gboolean
append_info(GByteArray *buf, const TdChipAuthProtocol *proto, gint key_id, GError **error)
{
	g_autofree gchar *oid = td_chip_auth_protocol_to_oid(proto);
	guint8 version = 1;
	gsize mark = td_tlv_begin(buf, 0x30);

	if (!td_der_append_oid(buf, 0x06, oid, error))
		return FALSE;
	td_tlv_append(buf, 0x02, &version, 1);
	append_key_id(buf, key_id);
	td_tlv_end(buf, mark);
	return TRUE;
}

gboolean
td_vchip_chip_auth_append_info(GByteArray *buf, const gchar *protocol, GError **error)
{
	TdChipAuthProtocol proto;

	if (!td_chip_auth_protocol_parse(protocol, &proto, error))
		return FALSE;
	return append_info(buf, &proto, -1, error);
}

gboolean
td_vchip_chip_auth_append_dg14_infos(GByteArray *buf, EVP_PKEY *chip_key, const gchar *protocol, gint key_id,
				     GError **error)
{
	TdChipAuthProtocol proto;
	g_autofree gchar *pk_oid = NULL;
	g_autofree guint8 *spki = NULL;
	guint8 *p;
	int spki_len;
	gsize mark;

	g_return_val_if_fail(chip_key != NULL, FALSE);
	if (!td_chip_auth_protocol_parse(protocol, &proto, error))
		return FALSE;
	if (!td_chip_auth_key_fits(chip_key, proto.key_agreement)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "%s needs a %s key", protocol,
			    proto.key_agreement == TD_KEY_AGREEMENT_ECDH ? "EC" : "DH");
		return FALSE;
	}
	spki_len = i2d_PUBKEY(chip_key, NULL);
	if (spki_len <= 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "cannot encode the chip key");
		return FALSE;
	}
	spki = g_malloc(spki_len);
	p = spki;
	i2d_PUBKEY(chip_key, &p);
	pk_oid = g_strdup_printf(TD_OID_ID_PK ".%u", proto.key_agreement);

	if (!append_info(buf, &proto, key_id, error))
		return FALSE;
	mark = td_tlv_begin(buf, 0x30);
	if (!td_der_append_oid(buf, 0x06, pk_oid, error))
		return FALSE;
	g_byte_array_append(buf, spki, spki_len);
	append_key_id(buf, key_id);
	td_tlv_end(buf, mark);
	return TRUE;
}

GBytes *
td_vchip_chip_auth_get_terminal_key(const TdApdu *command, GError **error)
{
	gsize len = 0;
	const guint8 *data = command->data != NULL ? g_bytes_get_data(command->data, &len) : NULL;
	TdTlv outer, key;

	if (data != NULL && command->ins == 0x22 && command->p1 == 0x41 && command->p2 == 0xA6 &&
	    td_tlv_find(data, len, 0x91, &key) && key.length > 0)
		return g_bytes_new(key.value, key.length);
	if (data != NULL && command->ins == 0x86 && td_tlv_parse_expect(data, len, 0x7C, &outer, NULL) &&
	    td_tlv_find(outer.value, outer.length, 0x80, &key) && key.length > 0)
		return g_bytes_new(key.value, key.length);
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "no terminal key in the command");
	return NULL;
}

TdSm *
td_vchip_chip_auth_respond(EVP_PKEY *chip_private_key, const gchar *protocol, GBytes *terminal_public_key, GError **error)
{
	TdChipAuthProtocol proto;
	g_autoptr(EVP_PKEY) peer = NULL;
	g_autoptr(EVP_PKEY_CTX) check = NULL;

	g_return_val_if_fail(chip_private_key != NULL && terminal_public_key != NULL, NULL);
	if (!td_chip_auth_protocol_parse(protocol, &proto, error))
		return NULL;
	/* the terminal's key on the chip's domain parameters; checked, since a
	 * point off the curve or a DH value out of range leaks the chip key */
	peer = EVP_PKEY_new();
	if (peer == NULL || EVP_PKEY_copy_parameters(peer, chip_private_key) != 1 ||
	    EVP_PKEY_set1_encoded_public_key(peer, g_bytes_get_data(terminal_public_key, NULL),
					     g_bytes_get_size(terminal_public_key)) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "the terminal's key is not usable");
		return NULL;
	}
	check = EVP_PKEY_CTX_new_from_pkey(NULL, peer, NULL);
	if (check == NULL || EVP_PKEY_public_check(check) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "the terminal's key is not on the chip's domain parameters");
		return NULL;
	}
	return td_chip_auth_session_new(&proto, chip_private_key, peer, error);
}
