/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PACE as the reader runs it: EF.CardAccess built and chosen from, the
 * worked example's MSE:Set AT and command shapes, whole runs against the
 * virtual chip (ECDH on two curves, DH; MRZ and CAN), a wrong CAN, a
 * chip token that does not verify, the card's order of steps. The
 * published runs' values are test-pace-worked-examples.c's. */
#include "config.h"

#include <string.h>

#include "td-card-channel.h"
#include "td-pace.h"
#include "td-reader-error.h"
#include "td-sm.h"
#include "td-test-card-transport.h"
#include "td-test-hex.h"
#include "td-test-pace-example.h"
#include "td-vchip-pace.h"


static TdSecurityInfos *
card_access_built(int parameter_id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) file = td_vchip_build_card_access(parameter_id, TD_SECURITY_CIPHER_AES_128, NULL, &error);
	TdSecurityInfos *infos;
	g_assert_no_error(error);
	infos = td_card_access_parse(file, &error);
	g_assert_no_error(error);
	return infos;
}


/* ---- the chip: the virtual chip's PACE behind a transport ---- */

static GBytes *
pace_card_handler(TdTestCardTransport *transport, const TdApdu *cmd, guint16 *sw, gpointer user_data)
{
	TdVchipPace *card = user_data;

	if (cmd->ins == 0x22 && cmd->p1 == 0xC1 && cmd->p2 == 0xA4)
		return td_vchip_pace_mse_set_at(card, cmd->data, sw);
	if (cmd->ins == 0x86) {
		GBytes *answer = td_vchip_pace_general_authenticate(card, cmd->data, (cmd->cla & 0x10) == 0, sw);
		TdSm *sm = td_vchip_pace_steal_sm(card);
		if (sm != NULL)
			td_test_card_transport_set_sm(transport, sm);
		return answer;
	}
	/* SELECT: only under secure messaging, as after PACE on a real chip */
	if (cmd->ins == 0xA4) {
		*sw = td_test_card_transport_get_sm(transport) != NULL ? TD_SW_OK : TD_SW_SECURITY_NOT_SATISFIED;
		return g_bytes_new(NULL, 0);
	}
	*sw = TD_SW_INS_NOT_SUPPORTED;
	return g_bytes_new(NULL, 0);
}

static void
test_pace_card_access_build(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) ca = td_vchip_build_card_access(13, TD_SECURITY_CIPHER_AES_128, NULL, &error);
	g_autoptr(GBytes) with_ca = NULL;
	g_autofree gchar *hex = NULL;
	g_autofree gchar *hex_ca = NULL;

	g_assert_no_error(error);
	hex = td_test_to_hex(ca);
	g_assert_cmpstr(hex, ==, TD_TEST_PACE_EXAMPLE_CARD_ACCESS);

	with_ca = td_vchip_build_card_access(13, TD_SECURITY_CIPHER_AES_128, "id-CA-ECDH-AES-CBC-CMAC-128", &error);
	g_assert_no_error(error);
	hex_ca = td_test_to_hex(with_ca);
	g_assert_cmpstr(hex_ca, ==, "31253012060A04007F0007020204020202010202010D"
				    "300F060A04007F00070202030202020101");

	g_assert_null(td_vchip_build_card_access(5, TD_SECURITY_CIPHER_AES_128, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
}

/* AES-256 with NIST P-521 (parameter 18): the PACEInfo names both, and the
 * terminal takes it. */
static void
test_pace_card_access_aes256_p521(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) file = td_vchip_build_card_access(18, TD_SECURITY_CIPHER_AES_256, NULL, &error);
	g_autoptr(TdSecurityInfos) infos = NULL;
	const TdPaceInfo *info;

	g_assert_no_error(error);
	infos = td_card_access_parse(file, &error);
	g_assert_no_error(error);
	info = td_pace_choose_info(infos, &error);
	g_assert_no_error(error);
	g_assert_nonnull(info);
	g_assert_cmpstr(info->protocol, ==, "0.4.0.127.0.7.2.2.4.2.4");
	g_assert_cmpuint(info->cipher, ==, TD_SECURITY_CIPHER_AES_256);
	g_assert_cmpint(info->parameter_id, ==, 18);

	g_assert_null(td_vchip_build_card_access(13, TD_SECURITY_CIPHER_3DES, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
}

static void
test_pace_mse_set_at_example(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) ca = td_test_card_access_from_hex(TD_TEST_PACE_EXAMPLE_CARD_ACCESS);
	g_autoptr(GBytes) mse = td_pace_build_mse_set_at_data(ca, TD_ACCESS_KEY_PACE_MRZ, &error);
	g_autofree gchar *hex = NULL;

	g_assert_no_error(error);
	hex = td_test_to_hex(mse);
	g_assert_cmpstr(hex, ==, "800A04007F00070202040202830101" "84010D");
}

/* The worked example's chip answers step 1; then we stop it. Checks the
 * first APDUs byte for byte. */
static GBytes *
example_chip_handler(TdTestCardTransport *transport, const TdApdu *cmd, guint16 *sw, gpointer user_data)
{
	guint *step = user_data;
	(*step)++;
	if (*step == 1) {
		*sw = TD_SW_OK;
		return g_bytes_new(NULL, 0);
	}
	if (*step == 2) {
		*sw = TD_SW_OK;
		return td_test_hex("7C12801095A3A016522EE98D01E76CB6B98B42C3");
	}
	*sw = TD_SW_INCORRECT_DATA;
	return g_bytes_new(NULL, 0);
}

static void
test_pace_example_apdus(void)
{
	guint step = 0;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) ca = td_test_card_access_from_hex(TD_TEST_PACE_EXAMPLE_CARD_ACCESS);
	g_autoptr(TdTestCardTransport) transport = td_test_card_transport_new(example_chip_handler, &step);
	g_autoptr(TdSm) sm = NULL;
	GPtrArray *log;
	TdAccessKey key;

	td_test_pace_example_key(&key, TD_ACCESS_KEY_PACE_MRZ);
	sm = td_pace_authenticate(TD_TRANSPORT(transport), ca, &key, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_STATUS);
	g_assert_null(sm);
	log = td_test_card_transport_get_log(transport);
	g_assert_cmpuint(log->len, ==, 3);
	g_assert_cmpstr(g_ptr_array_index(log, 0), ==, "0022C1A412800A04007F0007020204020283010184010D");
	g_assert_cmpstr(g_ptr_array_index(log, 1), ==, "10860000027C0000");
	/* step 2: 7C 43 81 41 then an uncompressed brainpoolP256r1 point */
	g_assert_true(g_str_has_prefix(g_ptr_array_index(log, 2), "10860000457C43814104"));
	g_assert_true(g_str_has_suffix(g_ptr_array_index(log, 2), "00"));
}

static void
run_pace(int parameter_id, TdAccessKeyKind kind, const gchar *card_can, TdSmCipherKind want_kind)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) ca = card_access_built(parameter_id);
	g_autoptr(TdVchipPace) card = NULL;
	g_autoptr(TdTestCardTransport) transport = NULL;
	g_autoptr(TdSm) sm = NULL;
	g_autoptr(TdCardChannel) channel = NULL;
	g_autoptr(TdApdu) select = NULL;
	g_autoptr(GBytes) fid = g_bytes_new_static("\x01\x1E", 2);
	g_autoptr(GBytes) answer = NULL;
	g_autofree gchar *mrz_information = NULL;
	TdAccessKey key;

	g_assert_no_error(error);
	td_test_pace_example_key(&key, kind);
	mrz_information = td_access_key_mrz_information(&key);
	card = td_vchip_pace_new(ca, card_can, mrz_information, &error);
	g_assert_no_error(error);
	transport = td_test_card_transport_new(pace_card_handler, card);

	sm = td_pace_authenticate(TD_TRANSPORT(transport), ca, &key, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(sm);
	g_assert_cmpint(td_sm_get_cipher_kind(sm), ==, want_kind);

	/* the session works: a protected SELECT EF.COM */
	channel = td_card_channel_new(TD_TRANSPORT(transport));
	td_card_channel_set_sm(channel, g_steal_pointer(&sm));
	select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, fid, -1);
	answer = td_card_channel_send_expect_ok(channel, select, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(answer);
	/* MSE, 4 x GA, SELECT */
	g_assert_cmpuint(td_test_card_transport_get_log(transport)->len, ==, 6);
}

/* A whole PACE run against the virtual chip's card side: the domain
 * parameters (ICAO 9303-11 standardized id), the password kind, the CAN
 * the card knows, and the secure-messaging cipher that must come of it. */
typedef struct {
	const gchar *path;
	int parameter_id;
	TdAccessKeyKind kind;
	const gchar *card_can;
	TdSmCipherKind want_kind;
} PaceRun;

static const PaceRun pace_runs[] = {
	{"/pace/run/can-brainpoolP256r1", 13, TD_ACCESS_KEY_PACE_CAN, "123456", TD_SM_CIPHER_AES_128},
	{"/pace/run/mrz-brainpoolP256r1", 13, TD_ACCESS_KEY_PACE_MRZ, NULL, TD_SM_CIPHER_AES_128},
	{"/pace/run/can-p256", 12, TD_ACCESS_KEY_PACE_CAN, "123456", TD_SM_CIPHER_AES_128},
	{"/pace/run/mrz-p256", 12, TD_ACCESS_KEY_PACE_MRZ, NULL, TD_SM_CIPHER_AES_128},
	{"/pace/run/can-dh1024", 0, TD_ACCESS_KEY_PACE_CAN, "123456", TD_SM_CIPHER_AES_128},
};

static void
test_pace_run(gconstpointer data)
{
	const PaceRun *run = data;
	run_pace(run->parameter_id, run->kind, run->card_can, run->want_kind);
}

static void
test_pace_wrong_can(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) ca = card_access_built(13);
	g_autoptr(TdVchipPace) card = td_vchip_pace_new(ca, "654321", NULL, NULL);
	g_autoptr(TdTestCardTransport) transport = td_test_card_transport_new(pace_card_handler, card);
	g_autoptr(TdSm) sm = NULL;
	TdAccessKey key;

	td_test_pace_example_key(&key, TD_ACCESS_KEY_PACE_CAN);
	sm = td_pace_authenticate(TD_TRANSPORT(transport), ca, &key, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY);
	g_assert_null(sm);
	g_assert_null(td_test_card_transport_get_sm(transport));
	g_assert_null(td_vchip_pace_steal_sm(card));
	g_clear_error(&error);

	/* a password the card has no value for: 6A88 on MSE:Set AT */
	td_test_pace_example_key(&key, TD_ACCESS_KEY_PACE_MRZ);
	sm = td_pace_authenticate(TD_TRANSPORT(transport), ca, &key, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
	g_assert_null(sm);
}

/* The card side's last answer with its token (T_IC, tag 86) changed by
 * one bit, as a chip that cannot prove it has the password answers: it
 * took the terminal's token, so the password is right. Not a wrong key
 * (the patient would type the number again, refused again), and no
 * session (ICAO 9303-11 §4.4.3.4: the terminal aborts). Found by an
 * independently written chip, where the reader said "the card refused
 * every access key tried: check the ID number". */
static GBytes *
forged_token_handler(TdTestCardTransport *transport, const TdApdu *cmd, guint16 *sw, gpointer user_data)
{
	g_autoptr(GBytes) answer = pace_card_handler(transport, cmd, sw, user_data);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(answer, &len);
	g_autofree guint8 *changed = NULL;

	/* the last GENERAL AUTHENTICATE: 7C 0A 86 08 T_IC */
	if (cmd->ins != 0x86 || (cmd->cla & 0x10) != 0 || len != 12 || data[2] != 0x86)
		return g_steal_pointer(&answer);
	changed = g_memdup2(data, len);
	changed[len - 1] ^= 0x01;
	return g_bytes_new(changed, len);
}

static void
test_pace_chip_token_not_verifying(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) ca = card_access_built(13);
	g_autoptr(TdVchipPace) card = td_vchip_pace_new(ca, "123456", NULL, NULL);
	g_autoptr(TdTestCardTransport) transport = td_test_card_transport_new(forged_token_handler, card);
	g_autoptr(TdSm) sm = NULL;
	TdAccessKey key;

	td_test_pace_example_key(&key, TD_ACCESS_KEY_PACE_CAN);
	sm = td_pace_authenticate(TD_TRANSPORT(transport), ca, &key, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CHIP_NOT_AUTHENTIC);
	g_assert_null(sm);
	/* MSE and the four steps were all answered: the chip did not refuse */
	g_assert_cmpuint(td_test_card_transport_get_log(transport)->len, ==, 5);
}

static void
test_pace_card_access_choice(void)
{
	g_autoptr(GError) error = NULL;
	/* DH-GM-3DES (param 0) listed before ECDH-GM-AES-128 (param 13): the
	 * ECDH one is taken */
	g_autoptr(TdSecurityInfos) two = td_test_card_access_from_hex("3128"
							       "3012060A04007F00070202040101020102020100"
							       "3012060A04007F0007020204020202010202010D");
	/* integrated mapping only: not for us */
	g_autoptr(TdSecurityInfos) im_only = td_test_card_access_from_hex("3114" "3012060A04007F0007020204040202010202010D");
	/* the ECDH-GM entry unreadable (its version a PrintableString): the
	 * DH one still serves */
	g_autoptr(TdSecurityInfos) one_broken = td_test_card_access_from_hex("3128"
								     "3012060A04007F00070202040101020102020100"
								     "3012060A04007F0007020204020213010202010D");
	/* the only PACEInfo unreadable: no PACE, and the error says why */
	g_autoptr(TdSecurityInfos) only_broken = td_test_card_access_from_hex("3114" "3012060A04007F0007020204020213010202010D");
	g_autoptr(GBytes) mse = NULL;
	g_autofree gchar *hex = NULL;
	g_autofree gchar *hex_broken = NULL;

	mse = td_pace_build_mse_set_at_data(two, TD_ACCESS_KEY_PACE_CAN, &error);
	g_assert_no_error(error);
	hex = td_test_to_hex(mse);
	g_assert_cmpstr(hex, ==, "800A04007F00070202040202830102" "84010D");
	g_clear_pointer(&mse, g_bytes_unref);

	mse = td_pace_build_mse_set_at_data(one_broken, TD_ACCESS_KEY_PACE_CAN, &error);
	g_assert_no_error(error);
	hex_broken = td_test_to_hex(mse);
	g_assert_cmpstr(hex_broken, ==, "800A04007F00070202040101830102" "840100");

	g_assert_null(td_pace_build_mse_set_at_data(im_only, TD_ACCESS_KEY_PACE_CAN, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
	g_clear_error(&error);
	g_assert_null(td_pace_build_mse_set_at_data(only_broken, TD_ACCESS_KEY_PACE_CAN, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
	g_assert_nonnull(strstr(error->message, "unreadable: SecurityInfo 0 0.4.0.127.0.7.2.2.4.2.2"));
	g_clear_error(&error);
	g_assert_null(td_vchip_pace_new(im_only, "123456", NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
}

static void
test_pace_card_sequence(void)
{
	g_autoptr(TdSecurityInfos) ca = card_access_built(13);
	g_autoptr(TdVchipPace) card = td_vchip_pace_new(ca, "123456", NULL, NULL);
	g_autoptr(GBytes) mse = td_test_hex("800A04007F00070202040202830102");
	g_autoptr(GBytes) wrong_oid = td_test_hex("800A04007F00070202040204830102");
	g_autoptr(GBytes) empty = td_test_hex("7C00");
	g_autoptr(GBytes) r1 = NULL;
	g_autoptr(GBytes) r2 = NULL;
	g_autoptr(GBytes) r3 = NULL;
	g_autoptr(GBytes) r4 = NULL;
	g_autoptr(GBytes) r5 = NULL;
	guint16 sw = 0;

	/* GENERAL AUTHENTICATE before MSE:Set AT */
	r1 = td_vchip_pace_general_authenticate(card, empty, FALSE, &sw);
	g_assert_cmphex(sw, ==, TD_SW_CONDITIONS_NOT_SATISFIED);
	/* a protocol the card does not announce */
	r2 = td_vchip_pace_mse_set_at(card, wrong_oid, &sw);
	g_assert_cmphex(sw, ==, 0x6A88);
	/* no parameter id: the only PACEInfo with that OID is meant */
	r3 = td_vchip_pace_mse_set_at(card, mse, &sw);
	g_assert_cmphex(sw, ==, TD_SW_OK);
	/* step 1 sent as the last of a chain */
	r4 = td_vchip_pace_general_authenticate(card, empty, TRUE, &sw);
	g_assert_cmphex(sw, ==, TD_SW_CONDITIONS_NOT_SATISFIED);
	/* and the protocol was reset: MSE again needed */
	r5 = td_vchip_pace_general_authenticate(card, empty, FALSE, &sw);
	g_assert_cmphex(sw, ==, TD_SW_CONDITIONS_NOT_SATISFIED);
	g_assert_null(td_vchip_pace_steal_sm(card));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/pace/card-access/build", test_pace_card_access_build);
	g_test_add_func("/pace/card-access/build-aes256-p521", test_pace_card_access_aes256_p521);
	g_test_add_func("/pace/card-access/choice", test_pace_card_access_choice);
	g_test_add_func("/pace/example/mse-set-at", test_pace_mse_set_at_example);
	g_test_add_func("/pace/example/apdus", test_pace_example_apdus);
	for (gsize i = 0; i < G_N_ELEMENTS(pace_runs); i++)
		g_test_add_data_func(pace_runs[i].path, &pace_runs[i], test_pace_run);
	g_test_add_func("/pace/run/wrong-can", test_pace_wrong_can);
	g_test_add_func("/pace/run/chip-token-not-verifying", test_pace_chip_token_not_verifying);
	g_test_add_func("/pace/card/sequence", test_pace_card_sequence);
	return g_test_run();
}
