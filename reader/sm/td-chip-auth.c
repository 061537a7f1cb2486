/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chip authentication (ICAO 9303-11 §6.2): the terminal's exchange and the
 * primitives the card side (reader/virtual-chip) shares. */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string.h>

#include "td-chip-auth.h"
#include "td-der.h"
#include "td-reader-error.h"
#include "td-tlv.h"

static const gchar *td_ca_cipher_names[] = {NULL, "3DES-CBC-CBC", "AES-CBC-CMAC-128", "AES-CBC-CMAC-192", "AES-CBC-CMAC-256"};

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY_CTX, EVP_PKEY_CTX_free)

gboolean
td_chip_auth_protocol_parse(const gchar *text, TdChipAuthProtocol *out, GError **error)
{
	for (guint ka = TD_KEY_AGREEMENT_DH; ka <= TD_KEY_AGREEMENT_ECDH; ka++) {
		for (guint cipher = TD_SECURITY_CIPHER_3DES; cipher <= TD_SECURITY_CIPHER_AES_256; cipher++) {
			g_autofree gchar *name = g_strdup_printf("id-CA-%s-%s", ka == TD_KEY_AGREEMENT_ECDH ? "ECDH" : "DH",
								 td_ca_cipher_names[cipher]);
			g_autofree gchar *dotted = g_strdup_printf(TD_OID_ID_CA ".%u.%u", ka, cipher);
			if (g_strcmp0(text, name) == 0 || g_strcmp0(text, dotted) == 0) {
				out->key_agreement = ka;
				out->cipher = cipher;
				return TRUE;
			}
		}
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "chip authentication protocol %s not supported",
		    text != NULL ? text : "(none)");
	return FALSE;
}

gchar *
td_chip_auth_protocol_to_oid(const TdChipAuthProtocol *protocol)
{
	return g_strdup_printf(TD_OID_ID_CA ".%u.%u", protocol->key_agreement, protocol->cipher);
}

gboolean
td_chip_auth_key_fits(EVP_PKEY *key, TdKeyAgreement key_agreement)
{
	if (key_agreement == TD_KEY_AGREEMENT_ECDH)
		return EVP_PKEY_is_a(key, "EC");
	return key_agreement == TD_KEY_AGREEMENT_DH && (EVP_PKEY_is_a(key, "DH") || EVP_PKEY_is_a(key, "DHX"));
}

/* ICAO 9303-11 §9.7.1: H(Z || counter), cut to the key length. */
static TdSecret *
td_ca_kdf(const TdChipAuthProtocol *proto, const TdSecret *z, guint32 counter)
{
	gboolean sha256 = proto->cipher == TD_SECURITY_CIPHER_AES_192 || proto->cipher == TD_SECURITY_CIPHER_AES_256;
	gsize key_len = proto->cipher == TD_SECURITY_CIPHER_AES_192 ? 24 : proto->cipher == TD_SECURITY_CIPHER_AES_256 ? 32 : 16;
	guint8 be[4] = {counter >> 24, counter >> 16, counter >> 8, counter};
	guint8 digest[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	TdSecret *key = NULL;

	if (md != NULL && EVP_DigestInit_ex(md, sha256 ? EVP_sha256() : EVP_sha1(), NULL) == 1 &&
	    EVP_DigestUpdate(md, z->data, z->len) == 1 && EVP_DigestUpdate(md, be, sizeof(be)) == 1 &&
	    EVP_DigestFinal_ex(md, digest, NULL) == 1) {
		key = td_secret_new_from_data(digest, key_len);
		if (proto->cipher == TD_SECURITY_CIPHER_3DES)
			td_des_adjust_parity(key->data, key->len);
	}
	EVP_MD_CTX_free(md);
	td_memwipe(digest, sizeof(digest));
	return key;
}

TdSecret *
td_chip_auth_kdf(const gchar *protocol, const TdSecret *shared_secret, guint32 counter, GError **error)
{
	TdChipAuthProtocol proto;
	TdSecret *key;

	g_return_val_if_fail(shared_secret != NULL, NULL);

	if (!td_chip_auth_protocol_parse(protocol, &proto, error))
		return NULL;
	key = td_ca_kdf(&proto, shared_secret, counter);
	if (key == NULL)
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "chip authentication: key derivation failed");
	return key;
}

TdSm *
td_chip_auth_session_new(const TdChipAuthProtocol *proto, EVP_PKEY *own, EVP_PKEY *peer, GError **error)
{
	g_autoptr(EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_pkey(NULL, own, NULL);
	g_autoptr(TdSecret) z = NULL;
	g_autoptr(TdSecret) ks_enc = NULL;
	g_autoptr(TdSecret) ks_mac = NULL;
	guint8 ssc[16] = {0};
	size_t z_len = 0;

	if (ctx == NULL || EVP_PKEY_derive_init(ctx) != 1 ||
	    (proto->key_agreement == TD_KEY_AGREEMENT_DH && EVP_PKEY_CTX_set_dh_pad(ctx, 1) != 1) ||
	    EVP_PKEY_derive_set_peer(ctx, peer) != 1 || EVP_PKEY_derive(ctx, NULL, &z_len) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
				    "chip authentication: the keys do not agree on domain parameters");
		return NULL;
	}
	z = td_secret_new(z_len);
	if (EVP_PKEY_derive(ctx, z->data, &z_len) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "chip authentication: key agreement failed");
		return NULL;
	}
	z->len = z_len;
	ks_enc = td_ca_kdf(proto, z, 1);
	ks_mac = td_ca_kdf(proto, z, 2);
	if (ks_enc == NULL || ks_mac == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "chip authentication: key derivation failed");
		return NULL;
	}
	return td_sm_new(td_sm_cipher_kind_from_security(proto->cipher), ks_enc, ks_mac, ssc, proto->cipher == TD_SECURITY_CIPHER_3DES ? 8 : 16);
}

/* ---- terminal side ---- */

typedef struct {
	EVP_PKEY *key;
	TdChipAuthProtocol proto;
	gint64 key_id; /* -1: none */
} TdCaChipKey;

const TdUnreadableSecurityInfo *
td_chip_auth_find_unreadable(const TdSecurityInfos *dg14)
{
	const TdUnreadableSecurityInfo *lost = td_security_infos_find_unreadable(dg14, TD_SECURITY_INFO_CHIP_AUTH);
	return lost != NULL ? lost : td_security_infos_find_unreadable(dg14, TD_SECURITY_INFO_CHIP_AUTH_PUBLIC_KEY);
}

/* The first usable chip-authentication key of DG14, with the protocol of
 * the ChipAuthenticationInfo of the same key id (3DES if there is none, as
 * ICAO 9303-11 §6.2 allows for version 1). */
static gboolean
td_ca_choose_key(const TdSecurityInfos *dg14, TdCaChipKey *out, GError **error)
{
	const TdUnreadableSecurityInfo *lost = td_chip_auth_find_unreadable(dg14);

	if (lost != NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "chip authentication info unreadable: %s",
			    lost->reason);
		return FALSE;
	}
	out->key = NULL;
	for (guint i = 0; i < dg14->chip_auth_public_keys->len && out->key == NULL; i++) {
		const TdChipAuthPublicKeyInfo *info = g_ptr_array_index(dg14->chip_auth_public_keys, i);
		gsize spki_len = 0;
		const guint8 *spki = g_bytes_get_data(info->subject_public_key_info, &spki_len);
		EVP_PKEY *key;

		if (info->key_agreement != TD_KEY_AGREEMENT_DH && info->key_agreement != TD_KEY_AGREEMENT_ECDH)
			continue;
		key = d2i_PUBKEY(NULL, &spki, (long)spki_len);
		if (key == NULL || !td_chip_auth_key_fits(key, info->key_agreement)) {
			EVP_PKEY_free(key);
			continue;
		}
		out->key = key;
		out->key_id = info->key_id;
		out->proto.key_agreement = info->key_agreement;
		out->proto.cipher = TD_SECURITY_CIPHER_3DES;
	}
	if (out->key == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "DG14 holds no usable chip-authentication key");
		return FALSE;
	}
	for (guint i = 0; i < dg14->chip_auth_infos->len; i++) {
		const TdChipAuthInfo *info = g_ptr_array_index(dg14->chip_auth_infos, i);
		TdChipAuthProtocol proto;
		if (td_chip_auth_protocol_parse(info->protocol, &proto, NULL) && proto.key_agreement == out->proto.key_agreement &&
		    (info->key_id == out->key_id || info->key_id == -1 || out->key_id == -1)) {
			out->proto = proto;
			break;
		}
	}
	return TRUE;
}

TdSm *
td_chip_auth_run(TdCardChannel *channel, const TdSecurityInfos *dg14, GCancellable *cancellable, GError **error)
{
	TdCaChipKey chip = {0};
	g_autoptr(EVP_PKEY) chip_key = NULL;
	g_autoptr(EVP_PKEY) eph = NULL;
	g_autoptr(EVP_PKEY_CTX) kctx = NULL;
	g_autofree guint8 *eph_pub = NULL;
	gsize eph_pub_len;
	g_autoptr(GByteArray) buf = g_byte_array_new();
	g_autoptr(GBytes) answer = NULL;
	guint8 key_id = 0;

	g_return_val_if_fail(channel != NULL && dg14 != NULL, NULL);
	if (!td_ca_choose_key(dg14, &chip, error))
		return NULL;
	chip_key = chip.key;
	if (chip.key_id > 255) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "chip-authentication key id too large");
		return NULL;
	}
	key_id = (guint8)chip.key_id;

	/* an ephemeral key on the chip's domain parameters */
	kctx = EVP_PKEY_CTX_new_from_pkey(NULL, chip_key, NULL);
	if (kctx == NULL || EVP_PKEY_keygen_init(kctx) != 1 || EVP_PKEY_keygen(kctx, &eph) != 1) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "chip authentication: no ephemeral key");
		return NULL;
	}
	eph_pub_len = EVP_PKEY_get1_encoded_public_key(eph, &eph_pub);
	if (eph_pub_len == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "chip authentication: cannot encode the key");
		return NULL;
	}

	if (chip.proto.cipher == TD_SECURITY_CIPHER_3DES) {
		g_autoptr(GBytes) data = NULL;
		g_autoptr(TdApdu) mse = NULL;
		td_tlv_append(buf, 0x91, eph_pub, eph_pub_len);
		if (chip.key_id >= 0)
			td_tlv_append(buf, 0x84, &key_id, 1);
		data = g_bytes_new(buf->data, buf->len);
		mse = td_apdu_new(0x00, 0x22, 0x41, 0xA6, data, -1);
		answer = td_card_channel_send_expect_ok(channel, mse, cancellable, error);
	} else {
		g_autofree gchar *oid = td_chip_auth_protocol_to_oid(&chip.proto);
		g_autoptr(GBytes) mse_data = NULL;
		g_autoptr(GBytes) ga_data = NULL;
		g_autoptr(TdApdu) mse = NULL;
		g_autoptr(TdApdu) ga = NULL;
		g_autoptr(GBytes) mse_answer = NULL;
		gsize mark;

		if (!td_der_append_oid(buf, 0x80, oid, error))
			return NULL;
		if (chip.key_id >= 0)
			td_tlv_append(buf, 0x84, &key_id, 1);
		mse_data = g_bytes_new(buf->data, buf->len);
		mse = td_apdu_new(0x00, 0x22, 0x41, 0xA4, mse_data, -1);
		mse_answer = td_card_channel_send_expect_ok(channel, mse, cancellable, error);
		if (mse_answer == NULL)
			return NULL;
		g_byte_array_set_size(buf, 0);
		mark = td_tlv_begin(buf, 0x7C);
		td_tlv_append(buf, 0x80, eph_pub, eph_pub_len);
		td_tlv_end(buf, mark);
		ga_data = g_bytes_new(buf->data, buf->len);
		ga = td_apdu_new(0x00, 0x86, 0x00, 0x00, ga_data, 256);
		answer = td_card_channel_send_expect_ok(channel, ga, cancellable, error);
	}
	if (answer == NULL)
		return NULL;
	return td_chip_auth_session_new(&chip.proto, eph, chip_key, error);
}

