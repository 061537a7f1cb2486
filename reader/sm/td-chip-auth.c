/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string.h>

#include "td-chip-auth.h"
#include "td-reader-error.h"
#include "td-tlv.h"

/* 0.4.0.127.0.7.2.2.3 (id-CA) + {1 DH, 2 ECDH} + cipher, and
 * 0.4.0.127.0.7.2.2.1 (id-PK) + {1 DH, 2 ECDH}. */
static const guint8 td_ca_oid_prefix[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03};
static const guint8 td_pk_oid_prefix[] = {0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01};
#define TD_CA_OID_LEN (sizeof(td_ca_oid_prefix) + 2)
#define TD_PK_OID_LEN (sizeof(td_pk_oid_prefix) + 1)

enum { TD_CA_KA_DH = 1, TD_CA_KA_ECDH = 2 };
enum { TD_CA_3DES = 1, TD_CA_AES_128, TD_CA_AES_192, TD_CA_AES_256 };

static const gchar *td_ca_cipher_names[] = {NULL, "3DES-CBC-CBC", "AES-CBC-CMAC-128", "AES-CBC-CMAC-192", "AES-CBC-CMAC-256"};

typedef struct {
	guint8 ka;     /* TD_CA_KA_* */
	guint8 cipher; /* TD_CA_* */
} TdCaProtocol;

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY_CTX, EVP_PKEY_CTX_free)

static void
td_ca_protocol_oid(const TdCaProtocol *proto, guint8 oid[TD_CA_OID_LEN])
{
	memcpy(oid, td_ca_oid_prefix, sizeof(td_ca_oid_prefix));
	oid[TD_CA_OID_LEN - 2] = proto->ka;
	oid[TD_CA_OID_LEN - 1] = proto->cipher;
}

/* "id-CA-ECDH-AES-CBC-CMAC-128" or "0.4.0.127.0.7.2.2.3.2.2". */
static gboolean
td_ca_protocol_parse(const gchar *text, TdCaProtocol *out, GError **error)
{
	for (guint8 ka = TD_CA_KA_DH; ka <= TD_CA_KA_ECDH; ka++) {
		for (guint8 cipher = TD_CA_3DES; cipher <= TD_CA_AES_256; cipher++) {
			g_autofree gchar *name = g_strdup_printf("id-CA-%s-%s", ka == TD_CA_KA_ECDH ? "ECDH" : "DH", td_ca_cipher_names[cipher]);
			g_autofree gchar *dotted = g_strdup_printf("0.4.0.127.0.7.2.2.3.%u.%u", ka, cipher);
			if (g_strcmp0(text, name) == 0 || g_strcmp0(text, dotted) == 0) {
				out->ka = ka;
				out->cipher = cipher;
				return TRUE;
			}
		}
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "chip authentication protocol %s not supported",
		    text != NULL ? text : "(none)");
	return FALSE;
}

static gboolean
td_ca_key_matches(EVP_PKEY *key, guint8 ka)
{
	if (ka == TD_CA_KA_ECDH)
		return EVP_PKEY_is_a(key, "EC");
	return EVP_PKEY_is_a(key, "DH") || EVP_PKEY_is_a(key, "DHX");
}

static TdSmCipherKind
td_ca_sm_kind(const TdCaProtocol *proto)
{
	switch (proto->cipher) {
	case TD_CA_3DES:
		return TD_SM_CIPHER_3DES;
	case TD_CA_AES_192:
		return TD_SM_CIPHER_AES_192;
	case TD_CA_AES_256:
		return TD_SM_CIPHER_AES_256;
	default:
		return TD_SM_CIPHER_AES_128;
	}
}

/* ICAO 9303-11 §9.7.1: H(Z || counter), cut to the key length. */
static TdSecret *
td_ca_kdf(const TdCaProtocol *proto, const TdSecret *z, guint32 counter)
{
	gboolean sha256 = proto->cipher == TD_CA_AES_192 || proto->cipher == TD_CA_AES_256;
	gsize key_len = proto->cipher == TD_CA_AES_192 ? 24 : proto->cipher == TD_CA_AES_256 ? 32 : 16;
	guint8 be[4] = {counter >> 24, counter >> 16, counter >> 8, counter};
	guint8 digest[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	TdSecret *key = NULL;

	if (md != NULL && EVP_DigestInit_ex(md, sha256 ? EVP_sha256() : EVP_sha1(), NULL) == 1 &&
	    EVP_DigestUpdate(md, z->data, z->len) == 1 && EVP_DigestUpdate(md, be, sizeof(be)) == 1 &&
	    EVP_DigestFinal_ex(md, digest, NULL) == 1) {
		key = td_secret_new_from_data(digest, key_len);
		if (proto->cipher == TD_CA_3DES)
			td_des_adjust_parity(key->data, key->len);
	}
	EVP_MD_CTX_free(md);
	td_memwipe(digest, sizeof(digest));
	return key;
}

TdSecret *
td_chip_auth_kdf(const gchar *protocol, const TdSecret *shared_secret, guint32 counter, GError **error)
{
	TdCaProtocol proto;
	TdSecret *key;

	g_return_val_if_fail(shared_secret != NULL, NULL);

	if (!td_ca_protocol_parse(protocol, &proto, error))
		return NULL;
	key = td_ca_kdf(&proto, shared_secret, counter);
	if (key == NULL)
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "chip authentication: key derivation failed");
	return key;
}

/* Z from our key and the peer's, then the new secure messaging. */
static TdSm *
td_ca_session(const TdCaProtocol *proto, EVP_PKEY *own, EVP_PKEY *peer, GError **error)
{
	g_autoptr(EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_pkey(NULL, own, NULL);
	g_autoptr(TdSecret) z = NULL;
	g_autoptr(TdSecret) ks_enc = NULL;
	g_autoptr(TdSecret) ks_mac = NULL;
	guint8 ssc[16] = {0};
	size_t z_len = 0;

	if (ctx == NULL || EVP_PKEY_derive_init(ctx) != 1 ||
	    (proto->ka == TD_CA_KA_DH && EVP_PKEY_CTX_set_dh_pad(ctx, 1) != 1) ||
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
	return td_sm_new(td_ca_sm_kind(proto), ks_enc, ks_mac, ssc, proto->cipher == TD_CA_3DES ? 8 : 16);
}

/* ---- DG14 ---- */

typedef struct {
	EVP_PKEY *key;
	TdCaProtocol proto;
	gboolean have_info; /* a ChipAuthenticationInfo matched the key */
	gint64 key_id;	    /* -1: none */
} TdCaChipKey;

static gboolean
td_ca_small_uint(const TdTlv *tlv, gint64 *out)
{
	gint64 v = 0;
	if (tlv->tag != 0x02 || tlv->length < 1 || tlv->length > 4 || (tlv->value[0] & 0x80) != 0)
		return FALSE;
	for (gsize i = 0; i < tlv->length; i++)
		v = (v << 8) | tlv->value[i];
	*out = v;
	return TRUE;
}

/* The first usable chip-authentication key of DG14, with the protocol of
 * the ChipAuthenticationInfo of the same key id (3DES if there is none, as
 * ICAO 9303-11 §6.2 allows for version 1). */
static gboolean
td_ca_parse_dg14(GBytes *dg14, TdCaChipKey *out, GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(dg14, &len);
	TdTlv file, set, seq;
	TdTlvIter iter;
	g_autoptr(GError) error_local = NULL;
	TdCaProtocol infos[8];
	gint64 info_ids[8];
	guint n_infos = 0;

	out->key = NULL;
	if (!td_tlv_parse(data, len, &file, error))
		return FALSE;
	if (file.tag != 0x6E || !td_tlv_parse_expect(file.value, file.length, 0x31, &set, error)) {
		if (error != NULL && *error == NULL)
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG14 is not 6E { SET }");
		return FALSE;
	}
	td_tlv_iter_init(&iter, set.value, set.length);
	while (td_tlv_iter_next(&iter, &seq, &error_local)) {
		TdTlvIter inner;
		TdTlv oid, second, third;
		gboolean has_third;

		if (seq.tag != 0x30)
			continue;
		td_tlv_iter_init(&inner, seq.value, seq.length);
		if (!td_tlv_iter_next(&inner, &oid, NULL) || oid.tag != 0x06 || !td_tlv_iter_next(&inner, &second, NULL))
			continue;
		has_third = td_tlv_iter_next(&inner, &third, NULL);
		if (oid.length == TD_CA_OID_LEN && memcmp(oid.value, td_ca_oid_prefix, sizeof(td_ca_oid_prefix)) == 0) {
			/* ChipAuthenticationInfo: OID, version, keyId OPTIONAL */
			guint8 ka = oid.value[TD_CA_OID_LEN - 2], cipher = oid.value[TD_CA_OID_LEN - 1];
			gint64 id = -1;
			if (ka < TD_CA_KA_DH || ka > TD_CA_KA_ECDH || cipher < TD_CA_3DES || cipher > TD_CA_AES_256 ||
			    n_infos >= G_N_ELEMENTS(infos) || (has_third && !td_ca_small_uint(&third, &id)))
				continue;
			infos[n_infos].ka = ka;
			infos[n_infos].cipher = cipher;
			info_ids[n_infos++] = id;
		} else if (out->key == NULL && oid.length == TD_PK_OID_LEN &&
			   memcmp(oid.value, td_pk_oid_prefix, sizeof(td_pk_oid_prefix)) == 0) {
			/* ChipAuthenticationPublicKeyInfo: OID, SPKI, keyId OPTIONAL */
			const guint8 *p = second.raw;
			guint8 ka = oid.value[TD_PK_OID_LEN - 1];
			EVP_PKEY *key;
			gint64 id = -1;
			if ((ka != TD_CA_KA_DH && ka != TD_CA_KA_ECDH) || second.tag != 0x30 ||
			    (has_third && !td_ca_small_uint(&third, &id)))
				continue;
			key = d2i_PUBKEY(NULL, &p, (long)second.raw_length);
			if (key == NULL || !td_ca_key_matches(key, ka)) {
				EVP_PKEY_free(key);
				continue;
			}
			out->key = key;
			out->key_id = id;
			out->proto.ka = ka;
			out->proto.cipher = TD_CA_3DES;
		}
	}
	if (error_local != NULL) {
		EVP_PKEY_free(g_steal_pointer(&out->key));
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (out->key == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED, "DG14 holds no usable chip-authentication key");
		return FALSE;
	}
	for (guint i = 0; i < n_infos; i++) {
		if (infos[i].ka == out->proto.ka && (info_ids[i] == out->key_id || info_ids[i] == -1 || out->key_id == -1)) {
			out->proto = infos[i];
			out->have_info = TRUE;
			break;
		}
	}
	return TRUE;
}

TdSm *
td_chip_auth_run(TdCardChannel *channel, GBytes *dg14_file, GCancellable *cancellable, GError **error)
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

	g_return_val_if_fail(channel != NULL && dg14_file != NULL, NULL);
	if (!td_ca_parse_dg14(dg14_file, &chip, error))
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

	if (chip.proto.cipher == TD_CA_3DES) {
		g_autoptr(GBytes) data = NULL;
		g_autoptr(TdApdu) mse = NULL;
		td_tlv_append(buf, 0x91, eph_pub, eph_pub_len);
		if (chip.key_id >= 0)
			td_tlv_append(buf, 0x84, &key_id, 1);
		data = g_bytes_new(buf->data, buf->len);
		mse = td_apdu_new(0x00, 0x22, 0x41, 0xA6, data, -1);
		answer = td_card_channel_send_expect_ok(channel, mse, cancellable, error);
	} else {
		guint8 oid[TD_CA_OID_LEN];
		g_autoptr(GBytes) mse_data = NULL;
		g_autoptr(GBytes) ga_data = NULL;
		g_autoptr(TdApdu) mse = NULL;
		g_autoptr(TdApdu) ga = NULL;
		g_autoptr(GBytes) mse_answer = NULL;
		gsize mark;

		td_ca_protocol_oid(&chip.proto, oid);
		td_tlv_append(buf, 0x80, oid, sizeof(oid));
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
	return td_ca_session(&chip.proto, eph, chip_key, error);
}

/* ---- card side ---- */

GBytes *
td_chip_auth_build_dg14_info(EVP_PKEY *chip_key, const gchar *protocol, GError **error)
{
	TdCaProtocol proto;
	guint8 ca_oid[TD_CA_OID_LEN], pk_oid[TD_PK_OID_LEN];
	guint8 version = 1;
	g_autofree guint8 *spki = NULL;
	guint8 *p;
	int spki_len;
	GByteArray *buf;
	gsize mark;

	g_return_val_if_fail(chip_key != NULL, NULL);
	if (!td_ca_protocol_parse(protocol, &proto, error))
		return NULL;
	if (!td_ca_key_matches(chip_key, proto.ka)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "%s needs a %s key", protocol,
			    proto.ka == TD_CA_KA_ECDH ? "EC" : "DH");
		return NULL;
	}
	spki_len = i2d_PUBKEY(chip_key, NULL);
	if (spki_len <= 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "cannot encode the chip key");
		return NULL;
	}
	spki = g_malloc(spki_len);
	p = spki;
	i2d_PUBKEY(chip_key, &p);
	td_ca_protocol_oid(&proto, ca_oid);
	memcpy(pk_oid, td_pk_oid_prefix, sizeof(td_pk_oid_prefix));
	pk_oid[TD_PK_OID_LEN - 1] = proto.ka;

	buf = g_byte_array_new();
	mark = td_tlv_begin(buf, 0x30);
	td_tlv_append(buf, 0x06, ca_oid, sizeof(ca_oid));
	td_tlv_append(buf, 0x02, &version, 1);
	td_tlv_end(buf, mark);
	mark = td_tlv_begin(buf, 0x30);
	td_tlv_append(buf, 0x06, pk_oid, sizeof(pk_oid));
	g_byte_array_append(buf, spki, spki_len);
	td_tlv_end(buf, mark);
	return g_byte_array_free_to_bytes(buf);
}

GBytes *
td_chip_auth_build_dg14(EVP_PKEY *chip_key, const gchar *protocol, GBytes *extra_infos, GError **error)
{
	g_autoptr(GBytes) infos = td_chip_auth_build_dg14_info(chip_key, protocol, error);
	GByteArray *buf;
	gsize file_mark, set_mark;

	if (infos == NULL)
		return NULL;
	buf = g_byte_array_new();
	file_mark = td_tlv_begin(buf, 0x6E);
	set_mark = td_tlv_begin(buf, 0x31);
	g_byte_array_append(buf, g_bytes_get_data(infos, NULL), g_bytes_get_size(infos));
	if (extra_infos != NULL)
		g_byte_array_append(buf, g_bytes_get_data(extra_infos, NULL), g_bytes_get_size(extra_infos));
	td_tlv_end(buf, set_mark);
	td_tlv_end(buf, file_mark);
	return g_byte_array_free_to_bytes(buf);
}

GBytes *
td_chip_auth_card_get_terminal_key(const TdApdu *command, GError **error)
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
td_chip_auth_card_respond(EVP_PKEY *chip_private_key, const gchar *protocol_oid, GBytes *terminal_public_key, GError **error)
{
	TdCaProtocol proto;
	g_autoptr(EVP_PKEY) peer = NULL;
	g_autoptr(EVP_PKEY_CTX) check = NULL;

	g_return_val_if_fail(chip_private_key != NULL && terminal_public_key != NULL, NULL);
	if (!td_ca_protocol_parse(protocol_oid, &proto, error))
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
	return td_ca_session(&proto, chip_private_key, peer, error);
}
