/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "td-card-channel.h"
#include "td-chip-auth.h"
#include "td-reader-error.h"
#include "td-test-card-transport.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)

typedef struct {
	EVP_PKEY *key;	    /* the key the chip really holds */
	const gchar *protocol;
	gboolean mse_seen;
	guint selects_ok;
} CaChip;

static GBytes *
ca_chip_handler(TdTestCardTransport *transport, const TdApdu *cmd, guint16 *sw, gpointer user_data)
{
	CaChip *chip = user_data;
	gboolean aes = !g_str_has_suffix(chip->protocol, "3DES-CBC-CBC");

	*sw = TD_SW_OK;
	if (cmd->ins == 0x22 && cmd->p1 == 0x41 && cmd->p2 == 0xA4 && aes) {
		chip->mse_seen = TRUE;
		return g_bytes_new(NULL, 0);
	}
	if ((cmd->ins == 0x22 && cmd->p1 == 0x41 && cmd->p2 == 0xA6 && !aes) || (cmd->ins == 0x86 && aes && chip->mse_seen)) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) pk = td_chip_auth_card_get_terminal_key(cmd, &error);
		TdSm *sm;
		g_assert_no_error(error);
		sm = td_chip_auth_card_respond(chip->key, chip->protocol, pk, &error);
		g_assert_no_error(error);
		td_test_card_transport_set_sm(transport, sm);
		return aes ? g_bytes_new("\x7C\x00", 2) : g_bytes_new(NULL, 0);
	}
	if (cmd->ins == 0xA4 && td_test_card_transport_get_sm(transport) != NULL) {
		chip->selects_ok++;
		return g_bytes_new(NULL, 0);
	}
	*sw = TD_SW_CONDITIONS_NOT_SATISFIED;
	return g_bytes_new(NULL, 0);
}

/* Some session (as PACE or BAC leave one) on both ends. */
static void
start_session(TdTestCardTransport *transport, TdCardChannel *channel)
{
	guint8 keys[32], ssc[16] = {0};
	g_autoptr(TdSecret) enc = NULL;
	g_autoptr(TdSecret) mac = NULL;

	g_assert_cmpint(RAND_bytes(keys, sizeof(keys)), ==, 1);
	enc = td_secret_new_from_data(keys, 16);
	mac = td_secret_new_from_data(keys + 16, 16);
	td_card_channel_set_sm(channel, td_sm_new(TD_SM_CIPHER_AES_128, enc, mac, ssc, 16));
	td_test_card_transport_set_sm(transport, td_sm_new(TD_SM_CIPHER_AES_128, enc, mac, ssc, 16));
}

/* Chip authentication with dg14_key announced and chip_key held; then a
 * protected SELECT under the new keys. */
static gboolean
run_ca(EVP_PKEY *dg14_key, EVP_PKEY *chip_key, const gchar *protocol, TdSmCipherKind want_kind, GError **error)
{
	CaChip chip = {.key = chip_key, .protocol = protocol};
	g_autoptr(TdTestCardTransport) transport = td_test_card_transport_new(ca_chip_handler, &chip);
	g_autoptr(TdCardChannel) channel = td_card_channel_new(TD_TRANSPORT(transport));
	g_autoptr(GBytes) dg14 = NULL;
	g_autoptr(GBytes) fid = g_bytes_new_static("\x01\x01", 2);
	g_autoptr(TdApdu) select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, fid, -1);
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GError) setup_error = NULL;
	TdSm *sm;

	dg14 = td_chip_auth_build_dg14(dg14_key, protocol, NULL, &setup_error);
	g_assert_no_error(setup_error);
	start_session(transport, channel);
	sm = td_chip_auth_run(channel, dg14, NULL, error);
	if (sm == NULL)
		return FALSE;
	g_assert_cmpint(td_sm_get_cipher_kind(sm), ==, want_kind);
	td_card_channel_set_sm(channel, sm);
	/* the proof: the chip follows into the new session */
	answer = td_card_channel_send_expect_ok(channel, select, NULL, error);
	if (answer == NULL)
		return FALSE;
	g_assert_cmpuint(chip.selects_ok, ==, 1);
	return TRUE;
}

static EVP_PKEY *
ffdhe2048_key(void)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	EVP_PKEY *key = NULL;
	g_assert_cmpint(EVP_PKEY_keygen_init(ctx), ==, 1);
	g_assert_cmpint(EVP_PKEY_CTX_set_group_name(ctx, "ffdhe2048"), ==, 1);
	g_assert_cmpint(EVP_PKEY_keygen(ctx, &key), ==, 1);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

static void
test_ca_ecdh(void)
{
	const struct {
		const gchar *curve;
		const gchar *protocol;
		TdSmCipherKind kind;
	} cases[] = {
		{"brainpoolP256r1", "id-CA-ECDH-AES-CBC-CMAC-128", TD_SM_CIPHER_AES_128},
		{"P-256", "id-CA-ECDH-AES-CBC-CMAC-128", TD_SM_CIPHER_AES_128},
		{"P-256", "id-CA-ECDH-AES-CBC-CMAC-256", TD_SM_CIPHER_AES_256},
		{"brainpoolP256r1", "id-CA-ECDH-3DES-CBC-CBC", TD_SM_CIPHER_3DES},
		{"P-384", "0.4.0.127.0.7.2.2.3.2.3", TD_SM_CIPHER_AES_192},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve);
		g_autoptr(EVP_PKEY) other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve);

		g_test_message("%s %s", cases[i].curve, cases[i].protocol);
		g_assert_true(run_ca(key, key, cases[i].protocol, cases[i].kind, &error));
		g_assert_no_error(error);

		/* a clone: DG14 copied, private key unknown; the chip cannot
		 * follow into the new session */
		g_assert_false(run_ca(key, other, cases[i].protocol, cases[i].kind, &error));
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING);
	}
}

static void
test_ca_dh(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(EVP_PKEY) key = ffdhe2048_key();
	g_autoptr(EVP_PKEY) other = ffdhe2048_key();

	g_assert_true(run_ca(key, key, "id-CA-DH-AES-CBC-CMAC-128", TD_SM_CIPHER_AES_128, &error));
	g_assert_no_error(error);
	g_assert_true(run_ca(key, key, "id-CA-DH-3DES-CBC-CBC", TD_SM_CIPHER_3DES, &error));
	g_assert_no_error(error);
	g_assert_false(run_ca(key, other, "id-CA-DH-AES-CBC-CMAC-128", TD_SM_CIPHER_AES_128, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING);
}

static void
test_ca_card_rejects_bad_key(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	/* x = 1, y = 1 is not on P-256 */
	guint8 point[65] = {0x04};
	g_autoptr(GBytes) off_curve = NULL;
	TdSm *sm;

	point[32] = 1;
	point[64] = 1;
	off_curve = g_bytes_new(point, sizeof(point));
	sm = td_chip_auth_card_respond(key, "id-CA-ECDH-AES-CBC-CMAC-128", off_curve, &error);
	g_assert_null(sm);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	g_clear_error(&error);
	g_assert_null(td_chip_auth_build_dg14(key, "id-CA-DH-AES-CBC-CMAC-128", NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
}

static void
test_ca_dg14_parse(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	g_autoptr(GBytes) dg14 = td_chip_auth_build_dg14(key, "id-CA-ECDH-AES-CBC-CMAC-128", NULL, NULL);
	g_autoptr(TdTestCardTransport) transport = td_test_card_transport_new(ca_chip_handler, NULL);
	g_autoptr(TdCardChannel) channel = td_card_channel_new(TD_TRANSPORT(transport));
	gsize len = 0;
	const guint8 *raw = g_bytes_get_data(dg14, &len);
	/* an ActiveAuthenticationInfo only: nothing to run chip authentication with */
	g_autoptr(GBytes) aa_only = g_bytes_new_static("\x6E\x13\x31\x11\x30\x0F\x06\x06\x67\x81\x08\x01\x01\x05\x02\x01\x01"
						       "\x06\x02\x2A\x03", 21);

	for (gsize cut = 1; cut < len; cut += 7) {
		g_autoptr(GBytes) truncated = g_bytes_new(raw, cut);
		g_assert_null(td_chip_auth_run(channel, truncated, NULL, &error));
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
		g_clear_error(&error);
	}
	g_assert_null(td_chip_auth_run(channel, aa_only, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
	/* nothing was sent */
	g_assert_cmpuint(td_test_card_transport_get_log(transport)->len, ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/chip-auth/ecdh", test_ca_ecdh);
	g_test_add_func("/chip-auth/dh", test_ca_dh);
	g_test_add_func("/chip-auth/card-rejects-bad-key", test_ca_card_rejects_bad_key);
	g_test_add_func("/chip-auth/dg14-parse", test_ca_dg14_parse);
	return g_test_run();
}
