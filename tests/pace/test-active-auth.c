/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <string.h>

#include "td-active-auth.h"
#include "td-card-channel.h"
#include "td-reader-error.h"
#include "td-test-card-transport.h"
#include "td-vchip-active-auth.h"

#define ECDSA_PLAIN_SHA1 "0.4.0.127.0.7.1.1.4.1.1"
#define ECDSA_PLAIN_SHA256 "0.4.0.127.0.7.1.1.4.1.3"
#define ECDSA_PLAIN_SHA384 "0.4.0.127.0.7.1.1.4.1.4"
#define ECDSA_WITH_SHA256 "1.2.840.10045.4.3.2"

/* Every signature algorithm an ActiveAuthenticationInfo may name, written
 * out from the sources (BSI TR-03111 §4.2.1 ecdsa-plain-signatures, ANSI
 * X9.62 / RFC 5758 §3.2 ecdsa-with-SHA2, RFC 3279 §2.2.3 ecdsa-with-SHA1)
 * rather than taken from the code under test. */
static const struct {
	const gchar *name; /* the virtual chip profile's aa-signature-oid */
	const gchar *oid;
	const gchar *digest;
} ec_algorithms[] = {
	{"bsi-plain-sha1", "0.4.0.127.0.7.1.1.4.1.1", "SHA1"},
	{"bsi-plain-sha224", "0.4.0.127.0.7.1.1.4.1.2", "SHA224"},
	{"bsi-plain-sha256", "0.4.0.127.0.7.1.1.4.1.3", "SHA256"},
	{"bsi-plain-sha384", "0.4.0.127.0.7.1.1.4.1.4", "SHA384"},
	{"bsi-plain-sha512", "0.4.0.127.0.7.1.1.4.1.5", "SHA512"},
	{"x962-sha1", "1.2.840.10045.4.1", "SHA1"},
	{"x962-sha224", "1.2.840.10045.4.3.1", "SHA224"},
	{"x962-sha256", "1.2.840.10045.4.3.2", "SHA256"},
	{"x962-sha384", "1.2.840.10045.4.3.3", "SHA384"},
	{"x962-sha512", "1.2.840.10045.4.3.4", "SHA512"},
};

typedef enum {
	CHIP_HONEST,
	CHIP_TAMPERS,	/* flips a bit of its signature */
	CHIP_TRUNCATES, /* drops the last byte */
	CHIP_REFUSES,	/* 6982 */
} ChipBehaviour;

typedef struct {
	EVP_PKEY *key;
	const gchar *ec_digest;	 /* what the chip signs with */
	gboolean ec_der;	 /* answers DER rather than r || s */
	const gchar *rsa_digest;
	ChipBehaviour behaviour;
	gsize challenge_len;
} AaChip;

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ECDSA_SIG, ECDSA_SIG_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BIGNUM, BN_free)

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
		sig = td_vchip_aa_sign_ecdsa(chip->key, chip->ec_digest, chip->ec_der, g_bytes_get_data(cmd->data, NULL),
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

/* Runs INTERNAL AUTHENTICATE against a chip holding chip_key that signs
 * with digest (plain or DER for EC); the terminal checks with terminal_key
 * and the OID DG14 would announce. */
static gboolean
run_aa_encoded(EVP_PKEY *chip_key, EVP_PKEY *terminal_key, const gchar *ec_oid, const gchar *digest, gboolean der,
	       ChipBehaviour behaviour, GError **error)
{
	AaChip chip = {.key = chip_key, .behaviour = behaviour};
	g_autoptr(TdTestCardTransport) transport = td_test_card_transport_new(aa_chip_handler, &chip);
	g_autoptr(TdCardChannel) channel = td_card_channel_new(TD_TRANSPORT(transport));
	gboolean ok;

	if (EVP_PKEY_is_a(chip_key, "RSA")) {
		chip.rsa_digest = digest;
	} else {
		chip.ec_digest = digest;
		chip.ec_der = der;
	}
	ok = td_active_auth_verify(channel, terminal_key, ec_oid, NULL, error);
	g_assert_cmpuint(chip.challenge_len, ==, 8);
	return ok;
}

static gboolean
run_aa(EVP_PKEY *chip_key, EVP_PKEY *terminal_key, const gchar *ec_oid, const gchar *digest, ChipBehaviour behaviour, GError **error)
{
	return run_aa_encoded(chip_key, terminal_key, ec_oid, digest, FALSE, behaviour, error);
}

/* "Possible clone": one of the two active-authentication codes, not the
 * "not checked" of TD_READER_ERROR. */
#define assert_clone(error)                                                                                            \
	G_STMT_START                                                                                                   \
	{                                                                                                              \
		g_assert_nonnull(error);                                                                               \
		if ((error)->domain != TD_ACTIVE_AUTH_ERROR)                                                           \
			g_error("expected a clone, got \"%s\"", (error)->message);                                     \
	}                                                                                                              \
	G_STMT_END

static void
test_aa_ec_every_algorithm(void)
{
	const gchar *curves[] = {"P-256", "brainpoolP256r1"};

	for (gsize c = 0; c < G_N_ELEMENTS(curves); c++) {
		g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curves[c]);
		g_autoptr(EVP_PKEY) other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curves[c]);

		for (gsize i = 0; i < G_N_ELEMENTS(ec_algorithms); i++) {
			for (gint der = 0; der <= 1; der++) {
				const gchar *oid = ec_algorithms[i].oid;
				const gchar *digest = ec_algorithms[i].digest;
				g_autoptr(GError) error = NULL;

				g_test_message("%s %s (%s) %s", curves[c], ec_algorithms[i].name, oid, der ? "DER" : "plain");
				g_assert_true(run_aa_encoded(key, key, oid, digest, der, CHIP_HONEST, &error));
				g_assert_no_error(error);

				/* a chip with another key: a clone carrying copied data groups */
				g_assert_false(run_aa_encoded(other, key, oid, digest, der, CHIP_HONEST, &error));
				g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
				g_clear_error(&error);

				g_assert_false(run_aa_encoded(key, key, oid, digest, der, CHIP_TAMPERS, &error));
				assert_clone(error);
				g_clear_error(&error);

				g_assert_false(run_aa_encoded(key, key, oid, digest, der, CHIP_TRUNCATES, &error));
				assert_clone(error);
			}
		}
	}
}

/* The virtual chip's names for the algorithms stand for the same OIDs. */
static void
test_aa_ec_profile_names(void)
{
	const gchar *const *names = td_vchip_aa_signature_names();

	g_assert_cmpuint(g_strv_length((gchar **)names), ==, G_N_ELEMENTS(ec_algorithms));
	for (gsize i = 0; i < G_N_ELEMENTS(ec_algorithms); i++) {
		const TdVchipAaSignature *sig = td_vchip_aa_signature_lookup(ec_algorithms[i].name);
		g_assert_nonnull(sig);
		g_assert_cmpstr(sig->oid, ==, ec_algorithms[i].oid);
		g_assert_cmpstr(sig->digest, ==, ec_algorithms[i].digest);
	}
	g_assert_null(td_vchip_aa_signature_lookup("x962-sha3-256"));
}

static void
test_aa_ec(void)
{
	const struct {
		const gchar *curve;
		const gchar *oid;
		const gchar *digest;
	} cases[] = {
		{"P-384", ECDSA_PLAIN_SHA384, "SHA384"},
		{"P-256", NULL, "SHA256"},
		{"P-384", NULL, "SHA384"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		for (gint der = 0; der <= 1; der++) {
			g_autoptr(GError) error = NULL;
			g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve);

			g_test_message("%s %s %s", cases[i].curve, cases[i].oid != NULL ? cases[i].oid : "(curve default)",
				       der ? "DER" : "plain");
			g_assert_true(run_aa_encoded(key, key, cases[i].oid, cases[i].digest, der, CHIP_HONEST, &error));
			g_assert_no_error(error);
			g_assert_false(run_aa_encoded(key, key, cases[i].oid, cases[i].digest, der, CHIP_TAMPERS, &error));
			assert_clone(error);
		}
	}
}

/* ---- hand-made answers: r and s of a good signature, encoded badly ---- */

typedef struct {
	EVP_PKEY *key;
	GBytes *challenge;
	BIGNUM *r;
	BIGNUM *s;
	BIGNUM *order;
	gsize order_len;
} EcFixture;

static void
ec_fixture_setup(EcFixture *f, gconstpointer curve)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) der = NULL;
	g_autoptr(ECDSA_SIG) sig = NULL;
	const guint8 *p;

	f->key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", (const char *)curve);
	f->challenge = g_bytes_new_static("\x01\x23\x45\x67\x89\xAB\xCD\xEF", 8);
	der = td_vchip_aa_sign_ecdsa(f->key, "SHA256", TRUE, g_bytes_get_data(f->challenge, NULL), 8, &error);
	g_assert_no_error(error);
	p = g_bytes_get_data(der, NULL);
	sig = d2i_ECDSA_SIG(NULL, &p, (long)g_bytes_get_size(der));
	g_assert_nonnull(sig);
	f->r = BN_dup(ECDSA_SIG_get0_r(sig));
	f->s = BN_dup(ECDSA_SIG_get0_s(sig));
	g_assert_cmpint(EVP_PKEY_get_bn_param(f->key, OSSL_PKEY_PARAM_EC_ORDER, &f->order), ==, 1);
	f->order_len = (gsize)BN_num_bytes(f->order);
}

static void
ec_fixture_teardown(EcFixture *f, gconstpointer curve)
{
	BN_free(f->r);
	BN_free(f->s);
	BN_free(f->order);
	g_bytes_unref(f->challenge);
	EVP_PKEY_free(f->key);
}

/* DER INTEGER of a non-negative n, minimal unless extra_zeros pad it. */
static void
append_der_integer(GByteArray *out, const BIGNUM *n, guint extra_zeros)
{
	gsize len = (gsize)BN_num_bytes(n);
	g_autofree guint8 *bytes = g_malloc0(len + 1);
	guint8 tag = 0x02, zero = 0x00, body_len;

	BN_bn2bin(n, bytes);
	/* a leading zero where the top bit would read as a sign, or for 0 */
	if (len == 0 || (bytes[0] & 0x80) != 0)
		extra_zeros++;
	body_len = (guint8)(extra_zeros + len);
	g_byte_array_append(out, &tag, 1);
	g_byte_array_append(out, &body_len, 1);
	for (guint i = 0; i < extra_zeros; i++)
		g_byte_array_append(out, &zero, 1);
	g_byte_array_append(out, bytes, (guint)len);
}

/* SEQUENCE { r, s } with a short or (long_form) a needless 81 length. */
static GBytes *
der_signature(const BIGNUM *r, guint r_zeros, const BIGNUM *s, gboolean long_form, const gchar *trailer, gsize trailer_len)
{
	g_autoptr(GByteArray) body = g_byte_array_new();
	GByteArray *out = g_byte_array_new();
	guint8 head[3] = {0x30, 0x81, 0};

	append_der_integer(body, r, r_zeros);
	append_der_integer(body, s, 0);
	g_assert_cmpuint(body->len, <, 128);
	if (long_form) {
		head[2] = (guint8)body->len;
		g_byte_array_append(out, head, 3);
	} else {
		head[1] = (guint8)body->len;
		g_byte_array_append(out, head, 2);
	}
	g_byte_array_append(out, body->data, body->len);
	if (trailer_len > 0)
		g_byte_array_append(out, (const guint8 *)trailer, (guint)trailer_len);
	return g_byte_array_free_to_bytes(out);
}

static GBytes *
plain_signature(const BIGNUM *r, const BIGNUM *s, gsize order_len)
{
	guint8 *buf = g_malloc0(2 * order_len);
	g_assert_cmpint(BN_bn2binpad(r, buf, (int)order_len), ==, (int)order_len);
	g_assert_cmpint(BN_bn2binpad(s, buf + order_len, (int)order_len), ==, (int)order_len);
	return g_bytes_new_take(buf, 2 * order_len);
}

static gboolean
check(EcFixture *f, GBytes *sig, GError **error)
{
	return td_active_auth_check_signature(f->key, ECDSA_WITH_SHA256, f->challenge, sig, error);
}

static void
test_aa_ec_encodings(EcFixture *f, gconstpointer curve)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) der = der_signature(f->r, 0, f->s, FALSE, NULL, 0);
	g_autoptr(GBytes) plain = plain_signature(f->r, f->s, f->order_len);

	/* the same r and s, both ways, under either OID family */
	g_assert_true(check(f, der, &error));
	g_assert_no_error(error);
	g_assert_true(check(f, plain, &error));
	g_assert_no_error(error);
	g_assert_true(td_active_auth_check_signature(f->key, "0.4.0.127.0.7.1.1.4.1.3", f->challenge, der, &error));
	g_assert_no_error(error);
	g_assert_true(td_active_auth_check_signature(f->key, "0.4.0.127.0.7.1.1.4.1.3", f->challenge, plain, &error));
	g_assert_no_error(error);
}

static void
test_aa_ec_der_not_strict(EcFixture *f, gconstpointer curve)
{
	const struct {
		const gchar *what;
		guint r_zeros;
		gboolean long_form;
		const gchar *trailer;
		gsize trailer_len;
	} cases[] = {
		{"a trailing zero byte", 0, FALSE, "\x00", 1},
		{"trailing garbage", 0, FALSE, "\x90\x00\xFF", 3},
		{"r with a needless leading zero", 1, FALSE, NULL, 0},
		{"r with two needless leading zeros", 2, FALSE, NULL, 0},
		{"a long-form length that fits the short form", 0, TRUE, NULL, 0},
	};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) sig = der_signature(f->r, cases[i].r_zeros, f->s, cases[i].long_form, cases[i].trailer,
						      cases[i].trailer_len);
		g_test_message("%s: %s", (const gchar *)curve, cases[i].what);
		g_assert_false(check(f, sig, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
	}
}

static void
test_aa_ec_out_of_range(EcFixture *f, gconstpointer curve)
{
	g_autoptr(BIGNUM) zero = BN_new();
	g_autoptr(BIGNUM) s_plus_n = BN_new();
	g_autoptr(BIGNUM) n_minus_s = BN_new();
	struct {
		const gchar *what;
		GBytes *sig;
	} cases[6];

	BN_zero(zero);
	/* s + n and n - s: the other signatures of the same point a lax
	 * verifier would let through */
	g_assert_true(BN_add(s_plus_n, f->s, f->order));
	g_assert_true(BN_sub(n_minus_s, f->order, f->s));
	cases[0].what = "r = 0, DER";
	cases[0].sig = der_signature(zero, 0, f->s, FALSE, NULL, 0);
	cases[1].what = "r = 0, plain";
	cases[1].sig = plain_signature(zero, f->s, f->order_len);
	cases[2].what = "s = n, DER";
	cases[2].sig = der_signature(f->r, 0, f->order, FALSE, NULL, 0);
	cases[3].what = "s = n, plain";
	cases[3].sig = plain_signature(f->r, f->order, f->order_len);
	cases[4].what = "s + n, DER";
	cases[4].sig = der_signature(f->r, 0, s_plus_n, FALSE, NULL, 0);
	cases[5].what = "r = n, DER";
	cases[5].sig = der_signature(f->order, 0, f->s, FALSE, NULL, 0);

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_test_message("%s: %s", (const gchar *)curve, cases[i].what);
		g_assert_false(check(f, cases[i].sig, &error));
		g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
		g_bytes_unref(cases[i].sig);
	}
	/* n - s is in range and ECDSA accepts it (it is the same signature
	 * mirrored): not a clone, just how ECDSA is */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) mirrored = der_signature(f->r, 0, n_minus_s, FALSE, NULL, 0);
		g_assert_true(check(f, mirrored, &error));
		g_assert_no_error(error);
	}
}

static void
test_aa_ec_plain_wrong_length(EcFixture *f, gconstpointer curve)
{
	g_autoptr(GBytes) plain = plain_signature(f->r, f->s, f->order_len);
	gsize len = g_bytes_get_size(plain);
	const guint8 *data = g_bytes_get_data(plain, NULL);
	g_autofree guint8 *longer = g_malloc0(len + 1);
	g_autoptr(GBytes) padded = NULL;
	g_autoptr(GBytes) short_by_one = NULL;
	g_autoptr(GBytes) empty = g_bytes_new(NULL, 0);
	g_autoptr(GError) error = NULL;

	/* a leading zero: 2 x 32 + 1 bytes, and no DER either */
	memcpy(longer + 1, data, len);
	padded = g_bytes_new(longer, len + 1);
	g_assert_false(check(f, padded, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH);
	g_clear_error(&error);

	/* one byte short: ANSWER_LENGTH, or SIGNATURE_INVALID when r happens
	 * to start with 30 and it is taken for DER; a clone either way */
	short_by_one = g_bytes_new(data, len - 1);
	g_assert_false(check(f, short_by_one, &error));
	assert_clone(error);
	g_clear_error(&error);

	g_assert_false(check(f, empty, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH);
}

static void
test_aa_ec_unknown_oid(void)
{
	/* OIDs near the known ones, and one for RSA */
	const gchar *unknown[] = {"1.2.3", "0.4.0.127.0.7.1.1.4.1.6", "0.4.0.127.0.7.1.1.4.1", "1.2.840.10045.4.3.5",
				  "1.2.840.10045.4.2", "1.2.840.10045.4.3", "1.2.840.113549.1.1.11", ""};
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

	for (gsize i = 0; i < G_N_ELEMENTS(unknown); i++) {
		g_autoptr(GError) error = NULL;
		/* the chip's answer is good: the OID alone decides */
		g_assert_false(run_aa(key, key, unknown[i], "SHA256", CHIP_HONEST, &error));
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
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
	g_assert_false(td_active_auth_check_signature(key, ECDSA_WITH_SHA256, challenge, sig, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
	g_clear_error(&error);
	g_assert_true(td_active_auth_check_signature(key, "1.2.840.10045.4.1", challenge, sig, &error));
	g_assert_no_error(error);
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
	static const gchar *curves[] = {"P-256", "brainpoolP256r1"};

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/active-auth/ec", test_aa_ec);
	g_test_add_func("/active-auth/ec/every-algorithm", test_aa_ec_every_algorithm);
	g_test_add_func("/active-auth/ec/profile-names", test_aa_ec_profile_names);
	g_test_add_func("/active-auth/ec/unknown-oid", test_aa_ec_unknown_oid);
	g_test_add_func("/active-auth/ec-digest-mismatch", test_aa_ec_digest_mismatch);
	for (gsize i = 0; i < G_N_ELEMENTS(curves); i++) {
		g_autofree gchar *encodings = g_strdup_printf("/active-auth/ec/%s/encodings", curves[i]);
		g_autofree gchar *strict = g_strdup_printf("/active-auth/ec/%s/der-not-strict", curves[i]);
		g_autofree gchar *range = g_strdup_printf("/active-auth/ec/%s/out-of-range", curves[i]);
		g_autofree gchar *length = g_strdup_printf("/active-auth/ec/%s/plain-wrong-length", curves[i]);
		g_test_add(encodings, EcFixture, curves[i], ec_fixture_setup, test_aa_ec_encodings, ec_fixture_teardown);
		g_test_add(strict, EcFixture, curves[i], ec_fixture_setup, test_aa_ec_der_not_strict, ec_fixture_teardown);
		g_test_add(range, EcFixture, curves[i], ec_fixture_setup, test_aa_ec_out_of_range, ec_fixture_teardown);
		g_test_add(length, EcFixture, curves[i], ec_fixture_setup, test_aa_ec_plain_wrong_length, ec_fixture_teardown);
	}
	g_test_add_func("/active-auth/rsa", test_aa_rsa);
	g_test_add_func("/active-auth/rsa-wrong-challenge", test_aa_rsa_wrong_challenge);
	g_test_add_func("/active-auth/refused", test_aa_refused);
	return g_test_run();
}
