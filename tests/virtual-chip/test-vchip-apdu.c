/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The virtual chip at the APDU level, through the in-process transport and
 * the reader's own terminal side of BAC and secure messaging. */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <string.h>

#include "td-bac.h"
#include "td-dg15.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-sm.h"
#include "td-test-hex.h"
#include "td-tlv.h"
#include "td-vchip-transport.h"
#include "td-test-vchip.h"
#include "td-vchip.h"

typedef struct {
	const gchar *profile;
	const gchar *document_number, *birth, *expiry;
} TestCitizen;

static const TestCitizen an = {"example.ini", "058012345", "580315", "991231"};
static const TestCitizen ha = {"pham-thi-thu-ha.ini", "185006789", "850714", "450714"};
static const TestCitizen thang = {"vo-duc-thang.ini", "072003456", "720228", "320228"};

static TdVchip *
load_chip(const TestCitizen *citizen)
{
	g_autofree gchar *path = g_build_filename(TD_VCHIP_PROFILES_DIR, citizen->profile, NULL);
	g_autoptr(GError) error = NULL;
	TdVchip *chip = td_vchip_new_from_profile(path, &error);
	g_assert_no_error(error);
	return chip;
}

static TdAccessKey
bac_key(const TestCitizen *citizen)
{
	TdAccessKey key = {.kind = TD_ACCESS_KEY_BAC};
	g_strlcpy(key.document_number, citizen->document_number, sizeof key.document_number);
	g_strlcpy(key.birth_yymmdd, citizen->birth, sizeof key.birth_yymmdd);
	g_strlcpy(key.expiry_yymmdd, citizen->expiry, sizeof key.expiry_yymmdd);
	return key;
}

/* Sends an encoded command as it is (no GET RESPONSE, no resend) and decodes
 * the answer. */
static TdResponse *
transmit_raw(TdTransport *transport, GBytes *command)
{
	g_autoptr(GBytes) raw = NULL;
	g_autoptr(GError) error = NULL;
	TdResponse *resp;
	raw = td_transport_transmit_raw(transport, command, NULL, &error);
	g_assert_no_error(error);
	resp = td_response_decode(raw, &error);
	g_assert_no_error(error);
	return resp;
}

/* Sends hex, returns the SW (and the data if wanted). */
static guint16
send_hex(TdTransport *transport, const gchar *hex, GBytes **data_out)
{
	g_autoptr(GBytes) cmd_bytes = td_test_hex(hex);
	g_autoptr(TdResponse) resp = transmit_raw(transport, cmd_bytes);
	if (data_out != NULL)
		*data_out = g_bytes_ref(resp->data);
	return resp->sw;
}

static TdSm *
open_session(TdTransport *transport, const TestCitizen *citizen)
{
	TdAccessKey key = bac_key(citizen);
	g_autoptr(GError) error = NULL;
	TdSm *sm;
	g_assert_cmphex(send_hex(transport, "00A4040C07A0000002471001", NULL), ==, 0x9000);
	sm = td_bac_authenticate(transport, &key, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(sm);
	return sm;
}

/* One protected command; returns the unwrapped response. cooked: through
 * td_transport_transmit() (GET RESPONSE, 6Cxx resend) instead of raw. */
static TdResponse *
sm_transmit_full(TdTransport *transport, TdSm *sm, guint8 ins, guint8 p1, guint8 p2, const guint8 *data, gsize len,
		 gint le, gboolean cooked)
{
	g_autoptr(GBytes) body = data != NULL ? g_bytes_new(data, len) : NULL;
	g_autoptr(TdApdu) plain = td_apdu_new(0x00, ins, p1, p2, body, le);
	g_autoptr(TdApdu) wrapped = NULL;
	g_autoptr(GBytes) encoded = NULL;
	g_autoptr(TdResponse) protected_resp = NULL;
	g_autoptr(GError) error = NULL;
	TdResponse *resp;
	plain->extended = le > 256;
	wrapped = td_sm_wrap_command(sm, plain, &error);
	g_assert_no_error(error);
	if (cooked) {
		protected_resp = td_transport_transmit(transport, wrapped, NULL, &error);
		g_assert_no_error(error);
	} else {
		encoded = td_apdu_encode(wrapped);
		protected_resp = transmit_raw(transport, encoded);
	}
	resp = td_sm_unwrap_response(sm, protected_resp, &error);
	g_assert_no_error(error);
	return resp;
}

static TdResponse *
sm_transmit(TdTransport *transport, TdSm *sm, guint8 ins, guint8 p1, guint8 p2, const guint8 *data, gsize len, gint le)
{
	return sm_transmit_full(transport, sm, ins, p1, p2, data, len, le, FALSE);
}

/* READ BINARY under SM at a 15-bit offset in the selected file. */
static TdResponse *
sm_read_binary(TdTransport *transport, TdSm *sm, gsize offset, gint le)
{
	return sm_transmit(transport, sm, 0xB0, (guint8)(offset >> 8), (guint8)offset, NULL, 0, le);
}

static guint16
sm_select(TdTransport *transport, TdSm *sm, guint16 fid)
{
	guint8 fid_bytes[2] = {(guint8)(fid >> 8), (guint8)fid};
	g_autoptr(TdResponse) resp = sm_transmit(transport, sm, 0xA4, 0x02, 0x0C, fid_bytes, 2, -1);
	return resp->sw;
}

/* A protected SELECT of fid, wrapped and encoded but not sent: for the tests
 * that look at or break the bytes on the wire. */
static GBytes *
sm_select_encoded(TdSm *sm, guint16 fid)
{
	guint8 fid_bytes[2] = {(guint8)(fid >> 8), (guint8)fid};
	g_autoptr(GBytes) body = g_bytes_new(fid_bytes, 2);
	g_autoptr(TdApdu) plain = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, body, -1);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdApdu) wrapped = td_sm_wrap_command(sm, plain, &error);
	g_assert_no_error(error);
	return td_apdu_encode(wrapped);
}

/* Reads a whole EF in chunks of chunk bytes under SM. */
static GBytes *
sm_read_file(TdTransport *transport, TdSm *sm, guint16 fid, guint chunk)
{
	g_autoptr(GByteArray) file = g_byte_array_new();
	gsize total = 0;
	g_assert_cmphex(sm_select(transport, sm, fid), ==, 0x9000);
	for (gboolean more = TRUE; more;) {
		g_autoptr(TdResponse) resp = sm_read_binary(transport, sm, file->len, (gint)chunk);
		g_assert_cmphex(resp->sw, ==, 0x9000);
		more = td_test_vchip_file_add_part(file, resp->data, &total);
	}
	return g_byte_array_free_to_bytes(g_steal_pointer(&file));
}

/* A chip with a BAC session open: what most tests start from. The test's
 * data is the TestCitizen whose profile it loads. */
typedef struct {
	TdVchip *chip;
	TdTransport *transport;
	TdSm *sm;
} Session;

static void
session_open(Session *s, const TestCitizen *citizen, TdVchip *chip)
{
	s->chip = chip;
	s->transport = td_vchip_transport_new(chip);
	s->sm = open_session(s->transport, citizen);
}

static void
session_setup(Session *s, gconstpointer data)
{
	session_open(s, data, load_chip(data));
}

static void
session_teardown(Session *s, gconstpointer data)
{
	g_clear_pointer(&s->sm, td_sm_free);
	g_clear_object(&s->transport);
	g_clear_pointer(&s->chip, td_vchip_unref);
}

/* The profile's key file, for a test to change a variant before the chip
 * is made from it. */
static GKeyFile *
load_profile(const TestCitizen *citizen)
{
	g_autofree gchar *path = g_build_filename(TD_VCHIP_PROFILES_DIR, citizen->profile, NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL));
	return g_steal_pointer(&kf);
}

static TdVchip *
chip_from_profile(GKeyFile *kf)
{
	g_autoptr(GError) error = NULL;
	TdVchip *chip = td_vchip_new_from_keyfile(kf, TD_VCHIP_PROFILES_DIR, &error);
	g_assert_no_error(error);
	return chip;
}

/* [variant] application-selected and select-answers-fcp: the chip comes
 * up in the eMRTD application (EF.CardAccess, in the MF, not found until
 * the MF is selected), and SELECT answers an FCP though P2 = 0C asks for
 * none, in the clear and under secure messaging. */
static void
test_power_up_and_select_quirks(void)
{
	g_autoptr(GKeyFile) kf = load_profile(&an);
	g_autoptr(TdVchip) chip = NULL;
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(TdSm) sm = NULL;
	g_autoptr(GBytes) fcp = NULL;
	g_autoptr(GBytes) card_access = NULL;
	const guint8 *fcp_data;
	g_autoptr(TdResponse) resp = NULL;
	guint8 dg13_fid[] = {0x01, 0x0D};

	g_key_file_set_string(kf, "variant", "application-selected", "true");
	g_key_file_set_string(kf, "variant", "select-answers-fcp", "true");
	chip = chip_from_profile(kf);
	transport = td_vchip_transport_new(chip);
	g_assert_cmphex(send_hex(transport, "00B09C0004", NULL), ==, 0x6A82);
	g_assert_cmphex(send_hex(transport, "00A4020C02011C", NULL), ==, 0x6A82);
	g_assert_cmphex(send_hex(transport, "00A4000C", NULL), ==, 0x9000);
	g_assert_cmphex(send_hex(transport, "00A4020C02011C", &fcp), ==, 0x9000);
	/* 62 { 80 size, 82 transparent EF, 83 FID } */
	card_access = td_vchip_get_file(chip, TD_FILE_CARD_ACCESS);
	g_assert_cmpuint(g_bytes_get_size(fcp), ==, 13);
	fcp_data = g_bytes_get_data(fcp, NULL);
	g_assert_cmpmem(fcp_data, 4, "\x62\x0B\x80\x02", 4);
	g_assert_cmpuint((gsize)((fcp_data[4] << 8) | fcp_data[5]), ==, g_bytes_get_size(card_access));
	g_assert_cmpmem(fcp_data + 6, 7, "\x82\x01\x01\x83\x02\x01\x1C", 7);

	td_vchip_power_cycle(chip);
	sm = open_session(transport, &an);
	resp = sm_transmit(transport, sm, 0xA4, 0x02, 0x0C, dg13_fid, sizeof dg13_fid, -1);
	g_assert_cmphex(resp->sw, ==, 0x9000);
	g_assert_cmpuint(g_bytes_get_size(resp->data), ==, 13);
	g_assert_cmphex(((const guint8 *)g_bytes_get_data(resp->data, NULL))[12], ==, 0x0D);
}

static void
test_plain_access_refused(void)
{
	g_autoptr(TdVchip) chip = load_chip(&an);
	g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
	g_assert_cmphex(send_hex(transport, "00A4000C", NULL), ==, 0x9000);		 /* MF */
	g_assert_cmphex(send_hex(transport, "00A4020C02011E", NULL), ==, 0x6A82);	 /* EF.COM not in the MF */
	g_assert_cmphex(send_hex(transport, "00A4020C02011C", NULL), ==, 0x9000);	 /* EF.CardAccess, clear */
	g_assert_cmphex(send_hex(transport, "00B09C0004", NULL), ==, 0x9000);		 /* ...and by SFI */
	g_assert_cmphex(send_hex(transport, "00A4040C07A0000002471002", NULL), ==, 0x6A82);
	g_assert_cmphex(send_hex(transport, "00A4040C07A0000002471001", NULL), ==, 0x9000);
	g_assert_cmphex(send_hex(transport, "00A4020C02011E", NULL), ==, 0x6982);	 /* EF.COM */
	g_assert_cmphex(send_hex(transport, "00A4020C02010D", NULL), ==, 0x6982);	 /* DG13 */
	g_assert_cmphex(send_hex(transport, "00B08D0000", NULL), ==, 0x6982);		 /* DG13 by SFI */
	g_assert_cmphex(send_hex(transport, "00B0000004", NULL), ==, 0x6985);		 /* nothing selected */
	g_assert_cmphex(send_hex(transport, "00A4020C02010B", NULL), ==, 0x6A82);	 /* DG11 absent */
	g_assert_cmphex(send_hex(transport, "00CA010000", NULL), ==, 0x6D00);
	g_assert_cmphex(send_hex(transport, "80A4040C07A0000002471001", NULL), ==, 0x6E00);
	g_assert_cmphex(send_hex(transport, "00A4070C02011E", NULL), ==, 0x6B00);
	g_assert_cmphex(send_hex(transport, "0084000004", NULL), ==, 0x6700);
	g_assert_cmphex(send_hex(transport, "00", NULL), ==, 0x6700);
	/* protected command with no session */
	g_assert_cmphex(send_hex(transport, "0CB0000004", NULL), ==, 0x6982);
	/* active authentication needs BAC first */
	g_assert_cmphex(send_hex(transport, "00880000080102030405060708", NULL), ==, 0x6982);
}

static void
test_bac_and_read(Session *s, gconstpointer data)
{
	const guint16 fids[] = {TD_FILE_COM, TD_FILE_DG1, TD_FILE_DG2, TD_FILE_DG13, TD_FILE_DG14, TD_FILE_DG15, TD_FILE_SOD};
	for (guint i = 0; i < G_N_ELEMENTS(fids); i++) {
		g_autoptr(GBytes) read = sm_read_file(s->transport, s->sm, fids[i], 223);
		g_autoptr(GBytes) expected = td_vchip_get_file(s->chip, fids[i]);
		g_assert_true(g_bytes_equal(read, expected));
	}
	/* listed in EF.COM and the SOD, but not readable without EAC */
	g_assert_cmphex(sm_select(s->transport, s->sm, TD_FILE_DG3), ==, 0x6982);
	/* an offset past the end */
	{
		g_autoptr(GBytes) com = td_vchip_get_file(s->chip, TD_FILE_COM);
		gsize len = g_bytes_get_size(com);
		g_autoptr(TdResponse) resp = NULL;
		g_assert_cmphex(sm_select(s->transport, s->sm, TD_FILE_COM), ==, 0x9000);
		resp = sm_read_binary(s->transport, s->sm, len, 4);
		g_assert_cmphex(resp->sw, ==, 0x6B00);
		/* Le past the end: the rest, 9000 */
		g_clear_pointer(&resp, td_response_free);
		resp = sm_read_binary(s->transport, s->sm, len - 3, 100);
		g_assert_cmphex(resp->sw, ==, 0x9000);
		g_assert_cmpuint(g_bytes_get_size(resp->data), ==, 3);
	}
	/* SFI read under SM selects and reads DG1 */
	{
		g_autoptr(TdResponse) resp = sm_transmit(s->transport, s->sm, 0xB0, 0x81, 0x00, NULL, 0, 4);
		g_assert_cmphex(resp->sw, ==, 0x9000);
		g_assert_cmphex(((const guint8 *)g_bytes_get_data(resp->data, NULL))[0], ==, 0x61);
	}
}

static void
test_bac_wrong_key(void)
{
	g_autoptr(TdVchip) chip = load_chip(&an);
	g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
	TdAccessKey key = bac_key(&an);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSm) sm = NULL;
	g_autoptr(GBytes) challenge = NULL;
	const gchar *external_authenticate =
		"0082000028000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728";
	memcpy(key.expiry_yymmdd, "300315", 7);
	g_assert_cmphex(send_hex(transport, "00A4040C07A0000002471001", NULL), ==, 0x9000);
	sm = td_bac_authenticate(transport, &key, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY);
	g_assert_null(sm);
	/* the raw answer is 6300; and without a challenge first, 6985 */
	g_assert_cmphex(send_hex(transport, "0084000008", &challenge), ==, 0x9000);
	g_assert_cmpuint(g_bytes_get_size(challenge), ==, 8);
	g_assert_cmphex(send_hex(transport, external_authenticate, NULL), ==, 0x6300);
	g_assert_cmphex(send_hex(transport, external_authenticate, NULL), ==, 0x6985);
	/* still locked */
	g_assert_cmphex(send_hex(transport, "00A4020C02010D", NULL), ==, 0x6982);
}

static void
test_sm_failures_end_session(Session *s, gconstpointer data)
{
	g_assert_cmphex(sm_select(s->transport, s->sm, TD_FILE_DG13), ==, 0x9000);
	/* a plain command inside the session: 6987, and the session is gone */
	g_assert_cmphex(send_hex(s->transport, "00B0000004", NULL), ==, 0x6987);
	g_assert_cmphex(send_hex(s->transport, "00A4020C02010D", NULL), ==, 0x6982);
	g_clear_pointer(&s->sm, td_sm_free);

	/* a bad MAC: 6988, and the session is gone */
	s->sm = open_session(s->transport, data);
	{
		g_autoptr(GBytes) encoded = sm_select_encoded(s->sm, TD_FILE_DG13);
		g_autoptr(GByteArray) broken = g_byte_array_new();
		g_autoptr(GBytes) broken_bytes = NULL;
		g_autoptr(GBytes) raw = NULL;
		g_byte_array_append(broken, g_bytes_get_data(encoded, NULL), (guint)g_bytes_get_size(encoded));
		broken->data[broken->len - 2] ^= 0x01; /* last MAC byte (before Le) */
		broken_bytes = g_bytes_new(broken->data, broken->len);
		raw = td_transport_transmit_raw(s->transport, broken_bytes, NULL, NULL);
		g_assert_cmpmem(g_bytes_get_data(raw, NULL), g_bytes_get_size(raw), "\x69\x88", 2);
	}
	g_assert_cmphex(send_hex(s->transport, "0CB0000004", NULL), ==, 0x6982);

	/* a power cycle ends it as well */
	g_clear_pointer(&s->sm, td_sm_free);
	s->sm = open_session(s->transport, data);
	td_vchip_power_cycle(s->chip);
	g_assert_cmphex(send_hex(s->transport, "00A4040C07A0000002471001", NULL), ==, 0x9000);
	g_assert_cmphex(send_hex(s->transport, "00A4020C02010D", NULL), ==, 0x6982);
}

static void
test_max_le_quirk(Session *s, gconstpointer data)
{
	g_autoptr(TdResponse) resp = NULL;
	g_autoptr(GBytes) dg13 = NULL;
	g_autoptr(GBytes) expected = td_vchip_get_file(s->chip, TD_FILE_DG13);

	g_assert_cmphex(sm_select(s->transport, s->sm, TD_FILE_DG13), ==, 0x9000);
	resp = sm_read_binary(s->transport, s->sm, 0, 161);
	g_assert_cmphex(resp->sw, ==, 0x6700);
	g_assert_cmpuint(g_bytes_get_size(resp->data), ==, 0);
	/* the session survives (SSC in step): step down and go on */
	dg13 = sm_read_file(s->transport, s->sm, TD_FILE_DG13, 160);
	g_assert_true(g_bytes_equal(dg13, expected));
}

static void
test_default_chip_short_le(Session *s, gconstpointer data)
{
	/* Le 256 plain data cannot fit a short protected answer: 6700. */
	g_autoptr(TdResponse) resp = NULL;
	g_assert_cmphex(sm_select(s->transport, s->sm, TD_FILE_DG2), ==, 0x9000);
	resp = sm_read_binary(s->transport, s->sm, 0, 256);
	g_assert_cmphex(resp->sw, ==, 0x6700);
	g_clear_pointer(&resp, td_response_free);
	resp = sm_read_binary(s->transport, s->sm, 0, 231);
	g_assert_cmphex(resp->sw, ==, 0x9000);
	g_assert_cmpuint(g_bytes_get_size(resp->data), ==, 231);
	/* extended APDUs are refused by a chip without extended length */
	g_assert_cmphex(send_hex(s->transport, "00B00000000400", NULL), ==, 0x6700);
}

static void
test_thang_quirks(Session *s, gconstpointer data)
{
	/* extended length, 6Cxx, no DO'99' */
	g_autoptr(GBytes) expected = td_vchip_get_file(s->chip, TD_FILE_DG2);
	g_autoptr(GBytes) atr = td_transport_get_atr(s->transport);
	gsize len = g_bytes_get_size(expected);
	g_autoptr(TdResponse) resp = NULL;
	gsize offset = 0;

	/* the ATR's card capabilities announce extended Lc/Le */
	g_assert_cmphex(((const guint8 *)g_bytes_get_data(atr, NULL))[8] & 0x40, ==, 0x40);
	g_assert_cmpuint(td_transport_get_max_extended_length(s->transport), >, 0);

	g_assert_cmphex(sm_select(s->transport, s->sm, TD_FILE_DG2), ==, 0x9000);
	/* more than max-le 1024: 6C00 | 1024 & 0xFF, i.e. 6C00 */
	resp = sm_read_binary(s->transport, s->sm, 0, 2000);
	g_assert_cmphex(resp->sw, ==, 0x6C00);
	g_clear_pointer(&resp, td_response_free);
	resp = sm_read_binary(s->transport, s->sm, len - 5, 2000);
	g_assert_cmphex(resp->sw, ==, 0x6C05);
	/* the whole DG2 in 1024-byte extended reads */
	{
		g_autoptr(GByteArray) read = g_byte_array_new();
		while (offset < len) {
			g_autoptr(TdResponse) part = sm_read_binary(s->transport, s->sm, offset, 1024);
			g_assert_cmphex(part->sw, ==, 0x9000);
			g_byte_array_append(read, g_bytes_get_data(part->data, NULL), (guint)g_bytes_get_size(part->data));
			offset += g_bytes_get_size(part->data);
		}
		g_assert_cmpmem(read->data, read->len, g_bytes_get_data(expected, NULL), len);
	}
	/* the protected answer carries no DO'99': a raw look */
	{
		g_autoptr(GBytes) encoded = sm_select_encoded(s->sm, TD_FILE_COM);
		g_autoptr(TdResponse) protected_resp = transmit_raw(s->transport, encoded);
		g_autoptr(TdResponse) unwrapped = NULL;
		g_autoptr(GError) error = NULL;
		const guint8 *d = g_bytes_get_data(protected_resp->data, NULL);
		g_assert_cmpuint(g_bytes_get_size(protected_resp->data), ==, 10);
		g_assert_cmphex(d[0], ==, 0x8E);
		unwrapped = td_sm_unwrap_response(s->sm, protected_resp, &error);
		g_assert_no_error(error);
		g_assert_cmphex(unwrapped->sw, ==, 0x9000);
	}
}

static GBytes *
internal_authenticate(TdTransport *transport, TdSm *sm, const guint8 challenge[8])
{
	g_autoptr(TdResponse) resp = sm_transmit_full(transport, sm, 0x88, 0, 0, challenge, 8, 256, TRUE);
	g_assert_cmphex(resp->sw, ==, 0x9000);
	return g_bytes_ref(resp->data);
}

static void
test_active_authentication_ec(Session *s, gconstpointer data)
{
	const guint8 challenge[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
	g_autoptr(GBytes) sig = internal_authenticate(s->transport, s->sm, challenge);
	EVP_PKEY *key = td_test_vchip_dg15_key(s->chip);
	const guint8 *sig_bytes = g_bytes_get_data(sig, NULL);
	ECDSA_SIG *ecdsa = ECDSA_SIG_new();
	guint8 *der = NULL;
	int der_len;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	guint8 other[8] = {0};

	g_assert_cmpuint(g_bytes_get_size(sig), ==, 64);
	ECDSA_SIG_set0(ecdsa, BN_bin2bn(sig_bytes, 32, NULL), BN_bin2bn(sig_bytes + 32, 32, NULL));
	der_len = i2d_ECDSA_SIG(ecdsa, &der);
	g_assert_cmpint(der_len, >, 0);
	g_assert_cmpint(EVP_DigestVerifyInit_ex(ctx, NULL, "SHA256", NULL, NULL, key, NULL), ==, 1);
	g_assert_cmpint(EVP_DigestVerify(ctx, der, (gsize)der_len, challenge, 8), ==, 1);
	/* ...and not for another challenge */
	g_assert_cmpint(EVP_DigestVerifyInit_ex(ctx, NULL, "SHA256", NULL, NULL, key, NULL), ==, 1);
	g_assert_cmpint(EVP_DigestVerify(ctx, der, (gsize)der_len, other, 8), !=, 1);
	OPENSSL_free(der);
	ECDSA_SIG_free(ecdsa);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
}

static void
test_active_authentication_rsa(Session *s, gconstpointer data)
{
	const guint8 challenge[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	g_autoptr(GBytes) sig = internal_authenticate(s->transport, s->sm, challenge);
	EVP_PKEY *key = td_test_vchip_dg15_key(s->chip);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	guint8 f[256];
	gsize f_len = sizeof f;
	guint8 digest[32];
	guint digest_len = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	g_assert_cmpuint(g_bytes_get_size(sig), ==, 256);
	g_assert_cmpint(EVP_PKEY_verify_recover_init(ctx), ==, 1);
	g_assert_cmpint(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING), ==, 1);
	g_assert_cmpint(EVP_PKEY_verify_recover(ctx, f, &f_len, g_bytes_get_data(sig, NULL), 256), ==, 1);
	g_assert_cmpuint(f_len, ==, 256);
	/* '6A' || M1 (221) || SHA-256(M1 || challenge) || '34CC' */
	g_assert_cmphex(f[0], ==, 0x6A);
	g_assert_cmphex(f[254], ==, 0x34);
	g_assert_cmphex(f[255], ==, 0xCC);
	g_assert_cmpint(EVP_DigestInit_ex2(md, EVP_sha256(), NULL), ==, 1);
	EVP_DigestUpdate(md, f + 1, 221);
	EVP_DigestUpdate(md, challenge, 8);
	EVP_DigestFinal_ex(md, digest, &digest_len);
	g_assert_cmpmem(f + 222, 32, digest, digest_len);
	EVP_MD_CTX_free(md);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(key);
}

/* An RSA-2048 signature under 3DES SM is longer than a short answer: the
 * chip answers 61xx and the transport fetches the rest. */
static void
setup_thang_short_apdus(Session *s, gconstpointer data)
{
	g_autoptr(GKeyFile) kf = load_profile(&thang);
	g_key_file_set_boolean(kf, "variant", "extended-length", FALSE);
	g_key_file_set_integer(kf, "variant", "max-le", 256);
	session_open(s, &thang, chip_from_profile(kf));
}

static void
test_rsa_short_apdu_get_response(Session *s, gconstpointer data)
{
	const guint8 challenge[8] = {8, 7, 6, 5, 4, 3, 2, 1};
	g_autoptr(GBytes) body = g_bytes_new(challenge, 8);
	g_autoptr(TdApdu) plain = td_apdu_new(0x00, 0x88, 0, 0, body, 256);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdApdu) wrapped = NULL;
	g_autoptr(TdResponse) protected_resp = NULL;
	g_autoptr(TdResponse) resp = NULL;

	wrapped = td_sm_wrap_command(s->sm, plain, &error);
	g_assert_no_error(error);
	protected_resp = td_transport_transmit(s->transport, wrapped, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(g_bytes_get_size(protected_resp->data), >, 256);
	resp = td_sm_unwrap_response(s->sm, protected_resp, &error);
	g_assert_no_error(error);
	g_assert_cmphex(resp->sw, ==, 0x9000);
	g_assert_cmpuint(g_bytes_get_size(resp->data), ==, 256);
}

static void
setup_an_eof_warning(Session *s, gconstpointer data)
{
	g_autoptr(GKeyFile) kf = load_profile(&an);
	g_key_file_set_boolean(kf, "variant", "eof-warning", TRUE);
	session_open(s, &an, chip_from_profile(kf));
}

static void
test_eof_warning_quirk(Session *s, gconstpointer data)
{
	g_autoptr(GBytes) com = td_vchip_get_file(s->chip, TD_FILE_COM);
	gsize len = g_bytes_get_size(com);
	g_autoptr(TdResponse) resp = NULL;
	g_assert_cmphex(sm_select(s->transport, s->sm, TD_FILE_COM), ==, 0x9000);
	resp = sm_read_binary(s->transport, s->sm, 0, (gint)len + 10);
	g_assert_cmphex(resp->sw, ==, 0x6282);
	g_assert_true(g_bytes_equal(resp->data, com));
}

static void
test_card_removed(void)
{
	g_autoptr(TdVchip) chip = load_chip(&an);
	g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
	g_autoptr(GBytes) cmd = g_bytes_new("\x00\xA4\x04\x0C\x07\xA0\x00\x00\x02\x47\x10\x01", 12);
	g_autoptr(GBytes) resp = NULL;
	g_autoptr(GError) error = NULL;
	g_assert_cmphex(send_hex(transport, "00A4040C07A0000002471001", NULL), ==, 0x9000);
	td_vchip_transport_remove_card(TD_VCHIP_TRANSPORT(transport));
	resp = td_transport_transmit_raw(transport, cmd, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED);
	g_assert_null(resp);
}

/* A test run on a chip with a BAC session open (setup names the chip). */
#define add_session_test(path, citizen, setup, test) \
	g_test_add(path, Session, citizen, setup, test, session_teardown)

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vchip/apdu/plain-refused", test_plain_access_refused);
	g_test_add_func("/vchip/apdu/power-up-and-select-quirks", test_power_up_and_select_quirks);
	add_session_test("/vchip/apdu/bac-read", &an, session_setup, test_bac_and_read);
	g_test_add_func("/vchip/apdu/bac-wrong-key", test_bac_wrong_key);
	add_session_test("/vchip/apdu/sm-failures", &an, session_setup, test_sm_failures_end_session);
	add_session_test("/vchip/apdu/max-le", &ha, session_setup, test_max_le_quirk);
	add_session_test("/vchip/apdu/short-le", &an, session_setup, test_default_chip_short_le);
	add_session_test("/vchip/apdu/extended-6cxx-no-do99", &thang, session_setup, test_thang_quirks);
	add_session_test("/vchip/apdu/aa-ec", &an, session_setup, test_active_authentication_ec);
	add_session_test("/vchip/apdu/aa-rsa", &thang, session_setup, test_active_authentication_rsa);
	add_session_test("/vchip/apdu/aa-rsa-get-response", NULL, setup_thang_short_apdus,
			 test_rsa_short_apdu_get_response);
	add_session_test("/vchip/apdu/eof-warning", NULL, setup_an_eof_warning, test_eof_warning_quirk);
	g_test_add_func("/vchip/apdu/card-removed", test_card_removed);
	return g_test_run();
}
