/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The virtual chip's access control and authenticity checks, driven by the
 * reader's own terminal side: PACE (CAN and MRZ), BAC beside it, chip
 * authentication (AES and 3DES), active authentication, and the forged and
 * cloned cards the [variant] make. */
#include "config.h"

#include <string.h>

#include "td-active-auth.h"
#include "td-bac.h"
#include "td-card-channel.h"
#include "td-chip-auth.h"
#include "td-chip-reader.h"
#include "td-dg15.h"
#include "td-lds-files.h"
#include "td-pace.h"
#include "td-passive-auth.h"
#include "td-reader-error.h"
#include "td-security-infos.h"
#include "td-tlv.h"
#include "td-vchip-active-auth.h"
#include "td-vchip-pace.h"
#include "td-vchip-transport.h"
#include "td-test-vchip.h"
#include "td-vchip.h"

#define ECDSA_PLAIN_SHA256 "0.4.0.127.0.7.1.1.4.1.3"

/* The citizen of example.ini: ID 001058012345, so CAN 012345. */
#define AN_CAN "012345"

/* profile, then NULL-terminated group, key, value triplets to override. */
static TdVchip *
load_chip_with(const gchar *profile, const gchar *const *settings, GError **error)
{
	g_autofree gchar *path = g_build_filename(TD_VCHIP_PROFILES_DIR, profile, NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL));
	for (guint i = 0; settings != NULL && settings[i] != NULL; i += 3)
		g_key_file_set_string(kf, settings[i], settings[i + 1], settings[i + 2]);
	return td_vchip_new_from_keyfile(kf, TD_VCHIP_PROFILES_DIR, error);
}

static TdVchip *
load_chip(const gchar *profile, const gchar *const *settings)
{
	g_autoptr(GError) error = NULL;
	TdVchip *chip = load_chip_with(profile, settings, &error);
	g_assert_no_error(error);
	g_assert_nonnull(chip);
	return chip;
}

static TdAccessKey
key_can(const gchar *can)
{
	TdAccessKey key = {.kind = TD_ACCESS_KEY_PACE_CAN};
	g_strlcpy(key.can, can, sizeof key.can);
	return key;
}

static TdAccessKey
key_mrz(TdAccessKeyKind kind, const gchar *document_number, const gchar *birth, const gchar *expiry)
{
	TdAccessKey key = {.kind = kind};
	g_strlcpy(key.document_number, document_number, sizeof key.document_number);
	g_strlcpy(key.birth_yymmdd, birth, sizeof key.birth_yymmdd);
	g_strlcpy(key.expiry_yymmdd, expiry, sizeof key.expiry_yymmdd);
	return key;
}

/* A card channel to the chip (through its own transport). */
static TdCardChannel *
channel_on(TdVchip *chip)
{
	g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
	return td_card_channel_new(transport);
}

static guint16
send_plain(TdCardChannel *channel, guint8 ins, guint8 p1, guint8 p2, const guint8 *data, gsize len, gint le,
	   GBytes **out)
{
	g_autoptr(GBytes) body = data != NULL ? g_bytes_new(data, len) : NULL;
	g_autoptr(TdApdu) apdu = td_apdu_new(0x00, ins, p1, p2, body, le);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) resp = td_card_channel_send(channel, apdu, NULL, &error);
	g_assert_no_error(error);
	if (out != NULL)
		*out = g_bytes_ref(resp->data);
	return resp->sw;
}

static guint16
select_ef(TdCardChannel *channel, guint16 fid)
{
	const guint8 fid_bytes[2] = {(guint8)(fid >> 8), (guint8)fid};
	return send_plain(channel, 0xA4, 0x02, 0x0C, fid_bytes, 2, -1, NULL);
}

static guint16
select_application(TdCardChannel *channel)
{
	return send_plain(channel, 0xA4, 0x04, 0x0C, (const guint8 *)TD_EMRTD_AID, TD_EMRTD_AID_LEN, -1, NULL);
}

/* The whole EF through the channel (under its secure messaging, if any). */
static GBytes *
read_file(TdCardChannel *channel, guint16 fid)
{
	g_autoptr(GByteArray) file = g_byte_array_new();
	gsize total = 0;
	g_assert_cmphex(select_ef(channel, fid), ==, 0x9000);
	for (gboolean more = TRUE; more;) {
		g_autoptr(GBytes) part = NULL;
		guint16 sw = send_plain(channel, 0xB0, (guint8)(file->len >> 8), (guint8)file->len, NULL, 0, 128, &part);
		g_assert_cmphex(sw, ==, 0x9000);
		more = td_test_vchip_file_add_part(file, part, &total);
	}
	return g_byte_array_free_to_bytes(g_steal_pointer(&file));
}

static void
assert_same_file(GBytes *read, TdVchip *chip, guint16 fid)
{
	g_autoptr(GBytes) expected = td_vchip_get_file(chip, fid);
	g_assert_nonnull(expected);
	g_assert_true(g_bytes_equal(read, expected));
}

/* EF.CardAccess or DG14 read through the channel, parsed. */
static TdSecurityInfos *
read_security_infos(TdCardChannel *channel, TdVchip *chip, guint16 fid)
{
	g_autoptr(GBytes) file = read_file(channel, fid);
	g_autoptr(GError) error = NULL;
	TdSecurityInfos *infos;

	assert_same_file(file, chip, fid);
	infos = fid == TD_FILE_DG14 ? td_dg14_parse(file, &error) : td_card_access_parse(file, &error);
	g_assert_no_error(error);
	return infos;
}

/* EF.CardAccess in the clear from the MF, then PACE; the channel ends up
 * under PACE's secure messaging with the eMRTD application selected. */
static gboolean
open_pace(TdCardChannel *channel, TdVchip *chip, const TdAccessKey *key, GError **error)
{
	g_autoptr(TdSecurityInfos) card_access = read_security_infos(channel, chip, TD_FILE_CARD_ACCESS);
	TdSm *sm;
	sm = td_pace_authenticate(td_card_channel_get_transport(channel), card_access, key, NULL, error);
	if (sm == NULL)
		return FALSE;
	g_assert_cmpint(td_sm_get_cipher_kind(sm), ==, TD_SM_CIPHER_AES_128);
	td_card_channel_set_sm(channel, sm);
	g_assert_cmphex(select_application(channel), ==, 0x9000);
	return TRUE;
}

/* open_pace, which must succeed. */
static void
pace_open(TdCardChannel *channel, TdVchip *chip, const TdAccessKey *key)
{
	g_autoptr(GError) error = NULL;
	g_assert_true(open_pace(channel, chip, key, &error));
	g_assert_no_error(error);
}

/* open_pace with a password the chip refuses. */
static void
assert_pace_wrong_key(TdCardChannel *channel, TdVchip *chip, const TdAccessKey *key)
{
	g_autoptr(GError) error = NULL;
	g_assert_false(open_pace(channel, chip, key, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY);
}

/* The file read through the channel is the chip's, byte for byte. */
static void
assert_reads_same(TdCardChannel *channel, TdVchip *chip, guint16 fid)
{
	g_autoptr(GBytes) read = read_file(channel, fid);
	assert_same_file(read, chip, fid);
}

static void
open_bac(TdCardChannel *channel, const TdAccessKey *key)
{
	g_autoptr(GError) error = NULL;
	TdSm *sm;
	g_assert_cmphex(select_application(channel), ==, 0x9000);
	sm = td_bac_authenticate(td_card_channel_get_transport(channel), key, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(sm);
	td_card_channel_set_sm(channel, sm);
}

static void
test_pace_can(void)
{
	g_autoptr(TdVchip) chip = load_chip("example.ini", NULL);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey wrong = key_can("012346");
	TdAccessKey right = key_can(AN_CAN);

	/* nothing of the application before access control */
	g_assert_cmphex(select_application(channel), ==, 0x9000);
	g_assert_cmphex(select_ef(channel, TD_FILE_DG13), ==, 0x6982);
	/* EF.CardAccess is in the MF, not in the application */
	g_assert_cmphex(select_ef(channel, TD_FILE_CARD_ACCESS), ==, 0x6A82);
	g_assert_cmphex(send_plain(channel, 0xA4, 0x00, 0x0C, NULL, 0, -1, NULL), ==, 0x9000);

	assert_pace_wrong_key(channel, chip, &wrong);
	/* a refused password leaves no session: the right one still works */
	pace_open(channel, chip, &right);
	assert_reads_same(channel, chip, TD_FILE_DG13);
	/* DG3 still needs EAC */
	g_assert_cmphex(select_ef(channel, TD_FILE_DG3), ==, 0x6982);
}

static void
test_pace_mrz(void)
{
	g_autoptr(TdVchip) chip = load_chip("example.ini", NULL);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey key = key_mrz(TD_ACCESS_KEY_PACE_MRZ, "058012345", "580315", "991231");
	TdAccessKey wrong = key_mrz(TD_ACCESS_KEY_PACE_MRZ, "058012345", "580315", "991230");

	assert_pace_wrong_key(channel, chip, &wrong);
	pace_open(channel, chip, &key);
	assert_reads_same(channel, chip, TD_FILE_DG1);
}

/* NIST P-256 (parameter 12), and a chip without PACE at all. */
static void
test_pace_parameters(void)
{
	g_autoptr(TdVchip) ngoc = load_chip("tran-thi-bich-ngoc.ini", NULL);
	g_autoptr(TdVchip) khoa = load_chip("le-minh-khoa.ini", NULL);
	g_autoptr(GBytes) expected = td_vchip_build_card_access(12, TD_SECURITY_CIPHER_AES_128, "id-CA-ECDH-AES-CBC-CMAC-128", NULL);
	g_autoptr(TdSecurityInfos) expected_infos = td_card_access_parse(expected, NULL);
	g_autoptr(GBytes) card_access = td_vchip_get_file(ngoc, TD_FILE_CARD_ACCESS);
	g_autoptr(TdCardChannel) channel = channel_on(ngoc);
	g_autoptr(TdCardChannel) khoa_channel = channel_on(khoa);
	TdAccessKey key = key_can("004321");
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) mse_data = NULL;
	g_autoptr(TdApdu) mse = NULL;
	g_autoptr(TdResponse) resp = NULL;

	g_assert_true(g_bytes_equal(card_access, expected));
	pace_open(channel, ngoc, &key);
	assert_reads_same(channel, ngoc, TD_FILE_DG13);

	/* le-minh-khoa: no EF.CardAccess, MSE:Set AT for PACE refused */
	g_assert_null(td_vchip_get_file(khoa, TD_FILE_CARD_ACCESS));
	g_assert_cmphex(select_ef(khoa_channel, TD_FILE_CARD_ACCESS), ==, 0x6A82);
	mse_data = td_pace_build_mse_set_at_data(expected_infos, TD_ACCESS_KEY_PACE_CAN, &error);
	g_assert_no_error(error);
	mse = td_apdu_new(0x00, 0x22, 0xC1, 0xA4, mse_data, -1);
	resp = td_card_channel_send(khoa_channel, mse, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmphex(resp->sw, ==, 0x6A88);
}

static void
test_pace_refuse(void)
{
	const gchar *const quirk[] = {"variant", "pace-refuse", "true", NULL};
	g_autoptr(TdVchip) chip = load_chip("example.ini", quirk);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey can = key_can(AN_CAN);
	TdAccessKey bac = key_mrz(TD_ACCESS_KEY_BAC, "058012345", "580315", "991231");
	g_autoptr(GError) error = NULL;

	/* announced, then refused at MSE:Set AT with 6A80 */
	g_assert_false(open_pace(channel, chip, &can, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
	g_assert_nonnull(strstr(error->message, "6A80"));
	open_bac(channel, &bac);
	assert_reads_same(channel, chip, TD_FILE_DG13);
}

/* The reader's own choice: PACE where it works, BAC where the chip refuses
 * it. */
static void
test_reader_falls_back_to_bac(void)
{
	const gchar *const refuse[] = {"variant", "pace-refuse", "true", NULL};
	const gchar *const *settings[] = {NULL, refuse};
	const gchar *expected[] = {"PACE", "BAC"};
	const gchar *qr = "001058012345|011234567|Nguyễn Văn An|15031958|Nam|Số 12 ngõ 34, Phường Kim Mã|10052021";

	for (guint i = 0; i < G_N_ELEMENTS(settings); i++) {
		g_autoptr(TdVchip) chip = load_chip("example.ini", settings[i]);
		g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
		g_autoptr(TdChipReader) reader = td_chip_reader_new(transport);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(qr, NULL, &error);
		g_autoptr(GBytes) dg13 = NULL;
		g_assert_no_error(error);
		g_assert_true(td_chip_reader_open(reader, keys, NULL, &error));
		g_assert_no_error(error);
		g_assert_cmpstr(td_chip_reader_get_access_method(reader), ==, expected[i]);
		dg13 = td_chip_reader_read_file(reader, TD_FILE_DG13, NULL, &error);
		g_assert_no_error(error);
		assert_same_file(dg13, chip, TD_FILE_DG13);
	}
}

/* Chip authentication on an open channel; then a protected READ under the
 * new keys. */
static void
run_chip_auth(TdVchip *chip, TdCardChannel *channel, TdSmCipherKind expected_kind)
{
	g_autoptr(TdSecurityInfos) dg14 = read_security_infos(channel, chip, TD_FILE_DG14);
	g_autoptr(GError) error = NULL;
	TdSm *sm = td_chip_auth_run(channel, dg14, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(sm);
	g_assert_cmpint(td_sm_get_cipher_kind(sm), ==, expected_kind);
	td_card_channel_set_sm(channel, sm);
	assert_reads_same(channel, chip, TD_FILE_DG1);
}

static void
test_chip_auth_after_pace(void)
{
	g_autoptr(TdVchip) chip = load_chip("example.ini", NULL);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey key = key_can(AN_CAN);
	pace_open(channel, chip, &key);
	run_chip_auth(chip, channel, TD_SM_CIPHER_AES_128);
}

/* After BAC (3DES session), into an AES one. */
static void
test_chip_auth_after_bac(void)
{
	g_autoptr(TdVchip) chip = load_chip("pham-thi-thu-ha.ini", NULL);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey key = key_mrz(TD_ACCESS_KEY_BAC, "185006789", "850714", "450714");
	open_bac(channel, &key);
	run_chip_auth(chip, channel, TD_SM_CIPHER_AES_128);
}

/* vo-duc-thang: MSE:Set KAT and 3DES after an AES PACE, AES-256 too. */
static void
test_chip_auth_3des_and_aes256(void)
{
	const gchar *const aes256[] = {"security", "chip-auth-protocol", "id-CA-ECDH-AES-CBC-CMAC-256", NULL};
	g_autoptr(TdVchip) chip = load_chip("vo-duc-thang.ini", NULL);
	g_autoptr(TdVchip) chip256 = load_chip("vo-duc-thang.ini", aes256);
	TdAccessKey key = key_can("003456");
	TdVchip *chips[] = {chip, chip256};
	TdSmCipherKind kinds[] = {TD_SM_CIPHER_3DES, TD_SM_CIPHER_AES_256};

	for (guint i = 0; i < G_N_ELEMENTS(chips); i++) {
		g_autoptr(TdCardChannel) channel = channel_on(chips[i]);
		pace_open(channel, chips[i], &key);
		run_chip_auth(chips[i], channel, kinds[i]);
	}
}

/* A profile without chip authentication: DG14 offers none. */
static void
test_chip_auth_not_offered(void)
{
	g_autoptr(TdVchip) chip = load_chip("le-minh-khoa.ini", NULL);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey key = key_mrz(TD_ACCESS_KEY_BAC, "212001122", "121120", "261120");
	g_autoptr(TdSecurityInfos) dg14 = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSm) sm = NULL;
	static const guint8 mse_ca[] = {0x80, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x02};

	open_bac(channel, &key);
	dg14 = read_security_infos(channel, chip, TD_FILE_DG14);
	sm = td_chip_auth_run(channel, dg14, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
	g_assert_null(sm);
	/* and the chip refuses it if asked anyway */
	g_assert_cmphex(send_plain(channel, 0x22, 0x41, 0xA4, mse_ca, sizeof mse_ca, -1, NULL), ==, 0x6A88);
}

/* example.ini with one [variant] key set, opened with PACE by the CAN, and
 * its DG14 as the terminal reads it. */
typedef struct {
	TdVchip *chip;
	TdTransport *transport;
	TdCardChannel *channel;
	TdSecurityInfos *dg14;
} VariantChip;

static void
variant_chip_open(VariantChip *v, const gchar *variant, const gchar *value)
{
	const gchar *const quirk[] = {"variant", variant, value, NULL};
	TdAccessKey key = key_can(AN_CAN);

	v->chip = load_chip("example.ini", quirk);
	v->transport = td_vchip_transport_new(v->chip);
	v->channel = td_card_channel_new(v->transport);
	pace_open(v->channel, v->chip, &key);
	v->dg14 = read_security_infos(v->channel, v->chip, TD_FILE_DG14);
}

static void
variant_chip_clear(VariantChip *v)
{
	g_clear_pointer(&v->dg14, td_security_infos_free);
	g_clear_pointer(&v->channel, td_card_channel_free);
	g_clear_object(&v->transport);
	g_clear_pointer(&v->chip, td_vchip_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(VariantChip, variant_chip_clear)

static void
test_ca_key_mismatch(void)
{
	g_auto(VariantChip) v = {0};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdApdu) read = td_apdu_new(0x00, 0xB0, 0x81, 0x00, NULL, 16);
	g_autoptr(TdResponse) resp = NULL;
	TdSm *sm;

	variant_chip_open(&v, "ca-key-mismatch", "true");
	/* the exchange itself goes through: the chip answers under the old keys */
	sm = td_chip_auth_run(v.channel, v.dg14, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(sm);
	td_card_channel_set_sm(v.channel, sm);
	/* ...but it cannot follow into the new ones */
	resp = td_card_channel_send(v.channel, read, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING);
	g_assert_null(resp);
}

static gboolean
active_auth(const gchar *profile, const gchar *const *settings, const gchar *oid, GError **error)
{
	g_autoptr(TdVchip) chip = load_chip(profile, settings);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey key = key_can(AN_CAN);
	EVP_PKEY *public_key = td_test_vchip_dg15_key(chip);
	gboolean ok;
	pace_open(channel, chip, &key);
	ok = td_active_auth_verify(channel, public_key, oid, NULL, error);
	EVP_PKEY_free(public_key);
	return ok;
}

static void
test_aa_key_mismatch(void)
{
	const gchar *const quirk[] = {"variant", "aa-key-mismatch", "true", NULL};
	const gchar *const rsa_quirk[] = {"security", "aa-key-type", "rsa-2048", "variant", "aa-key-mismatch", "true", NULL};
	const gchar *const rsa[] = {"security", "aa-key-type", "rsa-2048", NULL};
	g_autoptr(GError) error = NULL;

	g_assert_true(active_auth("example.ini", NULL, ECDSA_PLAIN_SHA256, &error));
	g_assert_no_error(error);
	g_assert_false(active_auth("example.ini", quirk, ECDSA_PLAIN_SHA256, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
	g_clear_error(&error);
	g_assert_true(active_auth("example.ini", rsa, NULL, &error));
	g_assert_no_error(error);
	g_assert_false(active_auth("example.ini", rsa_quirk, NULL, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
}

/* [variant] aa-signature-oid and aa-signature-encoding: DG14 names the
 * algorithm, the chip answers in that encoding, and the terminal, given
 * what DG14 names, takes it, on both curves. */
static void
test_aa_signature_variants(void)
{
	const gchar *const *names = td_vchip_aa_signature_names();
	const gchar *curves[] = {"ec-p256", "ec-brainpoolP256r1"};

	for (guint i = 0; names[i] != NULL; i++) {
		for (guint der = 0; der <= 1; der++) {
			const gchar *curve = curves[(i + der) % G_N_ELEMENTS(curves)];
			const gchar *const settings[] = {"security", "aa-key-type", curve, "variant", "aa-signature-oid", names[i],
							 "variant", "aa-signature-encoding", der ? "der" : "plain", NULL};
			g_autoptr(TdVchip) chip = load_chip("example.ini", settings);
			g_autoptr(TdCardChannel) channel = channel_on(chip);
			g_autoptr(GBytes) dg14_file = td_vchip_get_file(chip, TD_FILE_DG14);
			g_autoptr(TdSecurityInfos) dg14 = NULL;
			g_autoptr(GBytes) challenge = g_bytes_new_static("\x11\x22\x33\x44\x55\x66\x77\x88", 8);
			g_autoptr(TdApdu) apdu = td_apdu_new(0x00, 0x88, 0x00, 0x00, challenge, 256);
			g_autoptr(GBytes) answer = NULL;
			g_autoptr(GError) error = NULL;
			TdAccessKey key = key_can(AN_CAN);
			EVP_PKEY *public_key = td_test_vchip_dg15_key(chip);
			const gchar *oid;

			g_test_message("%s %s %s", curve, names[i], der ? "der" : "plain");
			dg14 = td_dg14_parse(dg14_file, &error);
			g_assert_no_error(error);
			g_assert_cmpuint(dg14->active_auth_infos->len, ==, 1);
			oid = ((TdActiveAuthInfo *)g_ptr_array_index(dg14->active_auth_infos, 0))->signature_algorithm;
			g_assert_cmpstr(oid, ==, td_vchip_aa_signature_lookup(names[i])->oid);

			pace_open(channel, chip, &key);
			answer = td_card_channel_send_expect_ok(channel, apdu, NULL, &error);
			g_assert_no_error(error);
			/* plain: r || s of 32 bytes each; DER: 30 len 02 .. 02 .. */
			if (der) {
				g_assert_cmpuint(((const guint8 *)g_bytes_get_data(answer, NULL))[0], ==, 0x30);
				g_assert_cmpuint(g_bytes_get_size(answer), >=, 8);
				g_assert_cmpuint(g_bytes_get_size(answer), <=, 72);
			} else {
				g_assert_cmpuint(g_bytes_get_size(answer), ==, 64);
			}
			g_assert_true(td_active_auth_check_signature(public_key, oid, challenge, answer, &error));
			g_assert_no_error(error);
			EVP_PKEY_free(public_key);
		}
	}
}

/* Passive authentication over the files the chip serves (no trust store:
 * UNTRUSTED at best). */
static TdPassiveAuthResult *
passive_auth(TdVchip *chip)
{
	static const guint readable[] = {1, 2, 13, 14, 15};
	g_autoptr(GHashTable) dgs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_bytes_unref);
	g_autoptr(GBytes) sod = td_vchip_get_file(chip, TD_FILE_SOD);
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autoptr(GError) error = NULL;
	TdPassiveAuthResult *result;

	for (guint i = 0; i < G_N_ELEMENTS(readable); i++) {
		GBytes *file = td_vchip_get_file(chip, TD_DG_FILE_ID(readable[i]));
		if (file != NULL)
			g_hash_table_insert(dgs, GUINT_TO_POINTER(readable[i]), file);
	}
	result = td_passive_auth_verify(sod, dgs, NULL, now, &error);
	g_assert_no_error(error);
	g_assert_nonnull(result);
	return result;
}

/* [variant] unreadable-dg14-entry: DG14 as the issuer signed it, one entry
 * unreadable and the others kept. Chip authentication's terminal side sends
 * nothing for an unreadable key and leaves the session as it was. */
static void
test_unreadable_dg14_entry(void)
{
	g_auto(VariantChip) v = {0};
	g_auto(VariantChip) aa = {0};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPassiveAuthResult) result = NULL;
	g_autoptr(GBytes) dg1 = NULL;
	const TdUnreadableSecurityInfo *lost;
	TdSm *sm;

	variant_chip_open(&v, "unreadable-dg14-entry", "chip-auth-key");
	result = passive_auth(v.chip);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_UNTRUSTED);
	g_assert_cmpint(result->dg[14], ==, TD_DG_HASH_MATCHED);
	g_assert_cmpuint(v.dg14->chip_auth_infos->len, ==, 1);
	g_assert_cmpuint(v.dg14->chip_auth_public_keys->len, ==, 0);
	g_assert_cmpuint(v.dg14->active_auth_infos->len, ==, 1);
	lost = td_chip_auth_find_unreadable(v.dg14);
	g_assert_nonnull(lost);
	g_assert_cmpint(lost->kind, ==, TD_SECURITY_INFO_CHIP_AUTH_PUBLIC_KEY);
	sm = td_chip_auth_run(v.channel, v.dg14, NULL, &error);
	g_assert_null(sm);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
	g_assert_nonnull(strstr(error->message, "chip authentication info unreadable"));
	dg1 = read_file(v.channel, TD_FILE_DG1);
	assert_same_file(dg1, v.chip, TD_FILE_DG1);

	variant_chip_open(&aa, "unreadable-dg14-entry", "active-auth-algorithm");
	g_assert_cmpuint(aa.dg14->chip_auth_public_keys->len, ==, 1);
	g_assert_cmpuint(aa.dg14->active_auth_infos->len, ==, 0);
	g_assert_null(td_chip_auth_find_unreadable(aa.dg14));
	lost = td_security_infos_find_unreadable(aa.dg14, TD_SECURITY_INFO_ACTIVE_AUTH);
	g_assert_nonnull(lost);
	g_assert_nonnull(strstr(lost->reason, "signature algorithm"));
}

static void
test_tamper_dg(void)
{
	g_autoptr(TdVchip) genuine = load_chip("example.ini", NULL);
	g_autoptr(TdPassiveAuthResult) ok = passive_auth(genuine);

	g_assert_cmpint(ok->status, ==, TD_PASSIVE_AUTH_UNTRUSTED);
	for (guint dg = 1; dg <= 15; dg++) {
		if (dg == 1 || dg == 2 || dg == 13 || dg == 14 || dg == 15)
			g_assert_cmpint(ok->dg[dg], ==, TD_DG_HASH_MATCHED);
	}
	g_assert_cmpint(ok->dg[3], ==, TD_DG_HASH_NOT_READ);

	for (guint dg = 1; dg <= 15; dg++) {
		g_autofree gchar *value = g_strdup_printf("%u", dg);
		const gchar *const quirk[] = {"variant", "tamper-dg", value, NULL};
		g_autoptr(TdVchip) chip = NULL;
		g_autoptr(TdPassiveAuthResult) result = NULL;
		g_autoptr(GBytes) original = NULL;
		g_autoptr(GBytes) tampered = NULL;
		gsize differing = 0;

		if (!(dg == 1 || dg == 2 || dg == 13 || dg == 14 || dg == 15))
			continue;
		chip = load_chip("example.ini", quirk);
		result = passive_auth(chip);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
		for (guint other = 1; other <= 16; other++) {
			if (other == dg)
				g_assert_cmpint(result->dg[other], ==, TD_DG_HASH_MISMATCHED);
			else if (other != 3)
				g_assert_cmpint(result->dg[other], !=, TD_DG_HASH_MISMATCHED);
		}
		/* one byte, same length, same structure */
		original = td_vchip_get_file(genuine, TD_DG_FILE_ID(dg));
		tampered = td_vchip_get_file(chip, TD_DG_FILE_ID(dg));
		g_assert_cmpuint(g_bytes_get_size(original), ==, g_bytes_get_size(tampered));
		if (dg == 13 || dg == 1) {
			/* (DG2 and DG14/15 hold per-start keys or the same photo:
			 * compare structure only for the text groups) */
			const guint8 *a = g_bytes_get_data(original, NULL);
			const guint8 *b = g_bytes_get_data(tampered, NULL);
			for (gsize i = 0; i < g_bytes_get_size(original); i++)
				differing += a[i] != b[i];
			g_assert_cmpuint(differing, ==, 1);
		}
	}
}

static void
test_break_sod_signature(void)
{
	const gchar *const quirk[] = {"variant", "break-sod-signature", "true", NULL};
	const gchar *const sha1[] = {"variant", "break-sod-signature", "true", "security", "hash-algorithm", "SHA1", NULL};
	const gchar *const *settings[] = {quirk, sha1};

	for (guint i = 0; i < G_N_ELEMENTS(settings); i++) {
		g_autoptr(TdVchip) chip = load_chip("example.ini", settings[i]);
		g_autoptr(TdPassiveAuthResult) result = passive_auth(chip);
		g_autofree gchar *reasons = td_passive_auth_result_describe(result);
		g_test_message("break-sod-signature: %s", reasons);
		g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_INVALID);
		/* the hashes are intact: only the signature is wrong */
		g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MATCHED);
		g_assert_cmpint(result->dg[1], ==, TD_DG_HASH_MATCHED);
	}
}

/* Neither clone check: no DG14, no DG15, no INTERNAL AUTHENTICATE, and an
 * EF.SOD that does not list them. */
static void
test_no_clone_check(void)
{
	const gchar *const settings[] = {"security", "chip-auth", "false", "security", "active-auth", "false", NULL};
	const gchar *const tamper15[] = {"security", "active-auth", "false", "variant", "tamper-dg", "15", NULL};
	g_autoptr(TdVchip) chip = load_chip("example.ini", settings);
	g_autoptr(TdCardChannel) channel = channel_on(chip);
	TdAccessKey key = key_can(AN_CAN);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPassiveAuthResult) result = NULL;
	g_autoptr(TdVchip) broken = NULL;
	static const guint8 challenge[8] = {1, 2, 3, 4, 5, 6, 7, 8};

	g_assert_null(td_vchip_get_file(chip, TD_FILE_DG14));
	g_assert_null(td_vchip_get_file(chip, TD_FILE_DG15));
	pace_open(channel, chip, &key);
	g_assert_cmphex(select_ef(channel, TD_FILE_DG14), ==, 0x6A82);
	g_assert_cmphex(select_ef(channel, TD_FILE_DG15), ==, 0x6A82);
	g_assert_cmphex(send_plain(channel, 0x88, 0x00, 0x00, challenge, sizeof challenge, 256, NULL), ==, 0x6D00);
	result = passive_auth(chip);
	g_assert_cmpint(result->status, ==, TD_PASSIVE_AUTH_UNTRUSTED);
	g_assert_cmpint(result->dg[13], ==, TD_DG_HASH_MATCHED);
	g_assert_cmpint(result->dg[14], ==, TD_DG_HASH_ABSENT);
	g_assert_cmpint(result->dg[15], ==, TD_DG_HASH_ABSENT);

	broken = load_chip_with("example.ini", tamper15, &error);
	g_assert_null(broken);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
	g_assert_nonnull(strstr(error->message, "has no DG15"));
}

static void
test_profile_errors(void)
{
	static const struct {
		const gchar *group, *key, *value, *message;
	} cases[] = {
		{"security", "pace", "maybe", "[security] pace:"},
		{"security", "pace-parameter-id", "7", "[security] pace-parameter-id:"},
		{"security", "pace-parameter-id", "thirteen", "[security] pace-parameter-id:"},
		{"security", "chip-auth", "yes please", "[security] chip-auth:"},
		{"security", "active-auth", "nope", "[security] active-auth:"},
		{"security", "chip-auth-protocol", "id-CA-DH-AES-CBC-CMAC-128", "[security] chip-auth-protocol:"},
		{"security", "chip-auth-key", "no-such-file.pem", "[security] chip-auth-key:"},
		{"security", "chip-auth-key", "le-minh-khoa.jpg", "[security] chip-auth-key:"},
		{"variant", "tamper-dg", "3", "[variant] tamper-dg:"},
		{"variant", "tamper-dg", "16", "[variant] tamper-dg:"},
		{"variant", "break-sod-signature", "1x", "[variant] break-sod-signature:"},
		{"variant", "aa-key-mismatch", "on", "[variant] aa-key-mismatch:"},
		{"variant", "ca-key-mismatch", "on", "[variant] ca-key-mismatch:"},
		{"variant", "pace-refuse", "on", "[variant] pace-refuse:"},
		{"variant", "reset-before-dg", "17", "[variant] reset-before-dg:"},
		{"variant", "reset-before-dg", "sod", "[variant] reset-before-dg:"},
		{"variant", "card-access-not-a-set", "on", "[variant] card-access-not-a-set:"},
		{"variant", "unreadable-dg14-entry", "signature", "[variant] unreadable-dg14-entry:"},
		{"variant", "aa-signature-oid", "ecdsa-with-SHA256", "[variant] aa-signature-oid:"},
		{"variant", "aa-signature-oid", "1.2.840.10045.4.3.2", "[variant] aa-signature-oid:"},
		{"variant", "aa-signature-encoding", "asn1", "[variant] aa-signature-encoding:"},
		/* profiles from before the group's rename are still read */
		{"quirks", "tamper-dg", "3", "[variant] tamper-dg:"},
	};
	const gchar *const ca_off[] = {"security", "chip-auth", "false", "variant", "ca-key-mismatch", "true", NULL};
	const gchar *const ca_off_unreadable[] = {"security", "chip-auth", "false", "variant", "unreadable-dg14-entry",
						  "chip-auth-key", NULL};
	const gchar *const rsa_unreadable[] = {"security", "aa-key-type", "rsa-2048", "variant", "unreadable-dg14-entry",
					       "active-auth-algorithm", NULL};
	const gchar *const pace_off[] = {"security", "pace", "false", "variant", "pace-refuse", "true", NULL};
	const gchar *const aa_off[] = {"security", "active-auth", "false", "variant", "aa-key-mismatch", "true", NULL};
	/* ISO/IEC 9796-2 has no such choice */
	const gchar *const rsa_der[] = {"security", "aa-key-type", "rsa-2048", "variant", "aa-signature-encoding", "der",
					NULL};
	const gchar *const no_aa_oid[] = {"security", "active-auth", "false", "variant", "aa-signature-oid", "x962-sha256",
					  NULL};
	const gchar *const *needs_ec[] = {rsa_der, no_aa_oid, rsa_unreadable};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const gchar *const settings[] = {cases[i].group, cases[i].key, cases[i].value, NULL};
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = load_chip_with("example.ini", settings, &error);
		g_assert_null(chip);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
		g_assert_nonnull(strstr(error->message, cases[i].message));
	}
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = load_chip_with("example.ini", ca_off, &error);
		g_autoptr(TdVchip) unreadable = NULL;
		g_assert_null(chip);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
		g_assert_nonnull(strstr(error->message, "needs [security] chip-auth=true"));
		g_clear_error(&error);
		unreadable = load_chip_with("example.ini", ca_off_unreadable, &error);
		g_assert_null(unreadable);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
		g_assert_nonnull(strstr(error->message, "chip-auth-key needs [security] chip-auth=true"));
	}
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = load_chip_with("example.ini", pace_off, &error);
		g_assert_null(chip);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
		g_assert_nonnull(strstr(error->message, "needs [security] pace=true"));
	}
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = load_chip_with("example.ini", aa_off, &error);
		g_assert_null(chip);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
		g_assert_nonnull(strstr(error->message, "needs [security] active-auth=true"));
	}
	for (guint i = 0; i < G_N_ELEMENTS(needs_ec); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = load_chip_with("example.ini", needs_ec[i], &error);
		g_assert_null(chip);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
		g_assert_nonnull(strstr(error->message, "with an EC aa-key-type"));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vchip/auth/pace-can", test_pace_can);
	g_test_add_func("/vchip/auth/pace-mrz", test_pace_mrz);
	g_test_add_func("/vchip/auth/pace-parameters", test_pace_parameters);
	g_test_add_func("/vchip/auth/pace-refuse", test_pace_refuse);
	g_test_add_func("/vchip/auth/reader-fallback", test_reader_falls_back_to_bac);
	g_test_add_func("/vchip/auth/chip-auth-pace", test_chip_auth_after_pace);
	g_test_add_func("/vchip/auth/chip-auth-bac", test_chip_auth_after_bac);
	g_test_add_func("/vchip/auth/chip-auth-3des-aes256", test_chip_auth_3des_and_aes256);
	g_test_add_func("/vchip/auth/chip-auth-not-offered", test_chip_auth_not_offered);
	g_test_add_func("/vchip/auth/ca-key-mismatch", test_ca_key_mismatch);
	g_test_add_func("/vchip/auth/unreadable-dg14-entry", test_unreadable_dg14_entry);
	g_test_add_func("/vchip/auth/aa-key-mismatch", test_aa_key_mismatch);
	g_test_add_func("/vchip/auth/aa-signature-variants", test_aa_signature_variants);
	g_test_add_func("/vchip/auth/tamper-dg", test_tamper_dg);
	g_test_add_func("/vchip/auth/break-sod-signature", test_break_sod_signature);
	g_test_add_func("/vchip/auth/no-clone-check", test_no_clone_check);
	g_test_add_func("/vchip/auth/profile-errors", test_profile_errors);
	return g_test_run();
}
