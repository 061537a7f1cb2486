/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/evp.h>

#include "td-active-auth.h"
#include "td-card-channel.h"
#include "td-reader-error.h"
#include "td-test-card-transport.h"
#include "td-vchip-active-auth.h"

#define ECDSA_PLAIN_SHA1 "0.4.0.127.0.7.1.1.4.1.1"
#define ECDSA_PLAIN_SHA256 "0.4.0.127.0.7.1.1.4.1.3"
#define ECDSA_PLAIN_SHA384 "0.4.0.127.0.7.1.1.4.1.4"

typedef enum {
	CHIP_HONEST,
	CHIP_TAMPERS,	/* flips a bit of its signature */
	CHIP_TRUNCATES, /* drops the last byte */
	CHIP_REFUSES,	/* 6982 */
} ChipBehaviour;

typedef struct {
	EVP_PKEY *key;
	const gchar *ec_oid;	 /* what DG14 announces, for the terminal */
	const gchar *ec_digest;	 /* what the chip signs with */
	const gchar *rsa_digest;
	ChipBehaviour behaviour;
	gsize challenge_len;
} AaChip;

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)

static GBytes *
aa_chip_handler(TdTestCardTransport *transport, const TdApdu *cmd, guint16 *sw, gpointer user_data)
{
	AaChip *chip = user_data;
	g_autoptr(GBytes) sig = NULL;
	g_autoptr(GError) error = NULL;
	gsize len = 0;
	guint8 *raw;

	if (cmd->ins != 0x88 || cmd->data == NULL) {
		*sw = TD_SW_INS_NOT_SUPPORTED;
		return g_bytes_new(NULL, 0);
	}
	chip->challenge_len = g_bytes_get_size(cmd->data);
	if (chip->behaviour == CHIP_REFUSES) {
		*sw = TD_SW_SECURITY_NOT_SATISFIED;
		return g_bytes_new(NULL, 0);
	}
	if (chip->rsa_digest != NULL)
		sig = td_vchip_aa_sign_iso9796_2(chip->key, chip->rsa_digest, g_bytes_get_data(cmd->data, NULL),
						 g_bytes_get_size(cmd->data), &error);
	else
		sig = td_vchip_aa_sign_ecdsa(chip->key, chip->ec_digest, FALSE, g_bytes_get_data(cmd->data, NULL),
					     g_bytes_get_size(cmd->data), &error);
	g_assert_no_error(error);
	raw = g_bytes_unref_to_data(g_steal_pointer(&sig), &len);
	if (chip->behaviour == CHIP_TAMPERS)
		raw[len / 2] ^= 0x01;
	if (chip->behaviour == CHIP_TRUNCATES)
		len--;
	*sw = TD_SW_OK;
	return g_bytes_new_take(raw, len);
}

/* Runs INTERNAL AUTHENTICATE against a chip holding chip_key; the terminal
 * checks with terminal_key. */
static gboolean
run_aa(EVP_PKEY *chip_key, EVP_PKEY *terminal_key, const gchar *ec_oid, const gchar *digest, ChipBehaviour behaviour, GError **error)
{
	gboolean rsa = EVP_PKEY_is_a(chip_key, "RSA");
	AaChip chip = {.key = chip_key, .ec_oid = ec_oid, .behaviour = behaviour};
	g_autoptr(TdTestCardTransport) transport = td_test_card_transport_new(aa_chip_handler, &chip);
	g_autoptr(TdCardChannel) channel = td_card_channel_new(TD_TRANSPORT(transport));
	gboolean ok;

	if (rsa)
		chip.rsa_digest = digest;
	else
		chip.ec_digest = digest;
	ok = td_active_auth_verify(channel, terminal_key, ec_oid, NULL, error);
	g_assert_cmpuint(chip.challenge_len, ==, 8);
	return ok;
}

static void
test_aa_ec(void)
{
	const struct {
		const gchar *curve;
		const gchar *oid;
		const gchar *digest;
	} cases[] = {
		{"P-256", ECDSA_PLAIN_SHA256, "SHA256"},
		{"brainpoolP256r1", ECDSA_PLAIN_SHA256, "SHA256"},
		{"brainpoolP256r1", ECDSA_PLAIN_SHA1, "SHA1"},
		{"P-384", ECDSA_PLAIN_SHA384, "SHA384"},
		{"P-256", NULL, "SHA256"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve);
		g_autoptr(EVP_PKEY) other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve);

		g_test_message("%s %s", cases[i].curve, cases[i].oid != NULL ? cases[i].oid : "(curve default)");
		g_assert_true(run_aa(key, key, cases[i].oid, cases[i].digest, CHIP_HONEST, &error));
		g_assert_no_error(error);

		/* a chip with another key: a clone carrying copied data groups */
		g_assert_false(run_aa(other, key, cases[i].oid, cases[i].digest, CHIP_HONEST, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
		g_clear_error(&error);

		g_assert_false(run_aa(key, key, cases[i].oid, cases[i].digest, CHIP_TAMPERS, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
		g_clear_error(&error);

		g_assert_false(run_aa(key, key, cases[i].oid, cases[i].digest, CHIP_TRUNCATES, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH);
	}
}

static void
test_aa_ec_digest_mismatch(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	g_autoptr(GBytes) challenge = g_bytes_new_static("12345678", 8);
	g_autoptr(GBytes) sig = td_vchip_aa_sign_ecdsa(key, "SHA1", FALSE, g_bytes_get_data(challenge, NULL), 8, &error);

	g_assert_no_error(error);
	/* signed with SHA-1, checked as SHA-256: must fail */
	g_assert_false(td_active_auth_check_signature(key, ECDSA_PLAIN_SHA256, challenge, sig, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
	g_clear_error(&error);
	g_assert_false(td_active_auth_check_signature(key, "1.2.3", challenge, sig, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
}

static void
test_aa_rsa(void)
{
	const gchar *digests[] = {"SHA1", "SHA256", "SHA384", "SHA512", "SHA224"};
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	g_autoptr(EVP_PKEY) other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);

	for (gsize i = 0; i < G_N_ELEMENTS(digests); i++) {
		g_autoptr(GError) error = NULL;

		g_test_message("RSA-2048 %s", digests[i]);
		g_assert_true(run_aa(key, key, NULL, digests[i], CHIP_HONEST, &error));
		g_assert_no_error(error);

		g_assert_false(run_aa(other, key, NULL, digests[i], CHIP_HONEST, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
		g_clear_error(&error);

		g_assert_false(run_aa(key, key, NULL, digests[i], CHIP_TAMPERS, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
		g_clear_error(&error);

		g_assert_false(run_aa(key, key, NULL, digests[i], CHIP_TRUNCATES, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH);
	}
}

static void
test_aa_rsa_wrong_challenge(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	g_autoptr(GBytes) challenge = g_bytes_new_static("12345678", 8);
	g_autoptr(GBytes) replayed = g_bytes_new_static("12345679", 8);
	g_autoptr(GBytes) sig = td_vchip_aa_sign_iso9796_2(key, "SHA1", g_bytes_get_data(challenge, NULL), 8, &error);

	g_assert_no_error(error);
	g_assert_true(td_active_auth_check_signature(key, NULL, challenge, sig, &error));
	g_assert_no_error(error);
	/* an answer recorded for another challenge */
	g_assert_false(td_active_auth_check_signature(key, NULL, replayed, sig, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
}

static void
test_aa_refused(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

	/* no answer is "not checked", not "clone" */
	g_assert_false(run_aa(key, key, ECDSA_PLAIN_SHA256, "SHA256", CHIP_REFUSES, &error));
	g_assert_nonnull(error);
	g_assert_true(error->domain == TD_READER_ERROR);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/active-auth/ec", test_aa_ec);
	g_test_add_func("/active-auth/ec-digest-mismatch", test_aa_ec_digest_mismatch);
	g_test_add_func("/active-auth/rsa", test_aa_rsa);
	g_test_add_func("/active-auth/rsa-wrong-challenge", test_aa_rsa_wrong_challenge);
	g_test_add_func("/active-auth/refused", test_aa_refused);
	return g_test_run();
}
