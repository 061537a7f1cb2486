/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <string.h>

#include "td-active-auth.h"
#include "td-card-channel.h"
#include "td-dg15.h"
#include "td-reader-error.h"
#include "td-test-card-transport.h"
#include "td-test-hex.h"
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

/* What the terminal makes of a chip holding key, over the whole INTERNAL
 * AUTHENTICATE: an honest chip passes; one with other (a clone carrying
 * copied data groups) fails the signature; one that tampers with or cuts
 * its answer fails with tampered_code and truncated_code, or (-1) with
 * either clone code. */
static void
assert_aa_catches_clones(EVP_PKEY *key, EVP_PKEY *other, const gchar *oid, const gchar *digest, gboolean der,
			 gint tampered_code, gint truncated_code)
{
	const struct {
		ChipBehaviour behaviour;
		gint code;
	} faults[] = {{CHIP_TAMPERS, tampered_code}, {CHIP_TRUNCATES, truncated_code}};
	g_autoptr(GError) error = NULL;

	g_assert_true(run_aa_encoded(key, key, oid, digest, der, CHIP_HONEST, &error));
	g_assert_no_error(error);

	g_assert_false(run_aa_encoded(other, key, oid, digest, der, CHIP_HONEST, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
	g_clear_error(&error);

	for (gsize i = 0; i < G_N_ELEMENTS(faults); i++) {
		g_assert_false(run_aa_encoded(key, key, oid, digest, der, faults[i].behaviour, &error));
		if (faults[i].code < 0)
			assert_clone(error);
		else
			g_assert_error(error, TD_ACTIVE_AUTH_ERROR, faults[i].code);
		g_clear_error(&error);
	}
}

static void
test_aa_ec_every_algorithm(void)
{
	const gchar *curves[] = {"P-256", "brainpoolP256r1"};

	for (gsize c = 0; c < G_N_ELEMENTS(curves); c++) {
		g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curves[c]);
		g_autoptr(EVP_PKEY) other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curves[c]);

		for (gsize i = 0; i < G_N_ELEMENTS(ec_algorithms); i++) {
			for (gint der = 0; der <= 1; der++) {
				g_test_message("%s %s (%s) %s", curves[c], ec_algorithms[i].name, ec_algorithms[i].oid,
					       der ? "DER" : "plain");
				assert_aa_catches_clones(key, other, ec_algorithms[i].oid, ec_algorithms[i].digest, der, -1, -1);
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
			g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve);
			g_autoptr(EVP_PKEY) other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve);

			g_test_message("%s %s %s", cases[i].curve, cases[i].oid != NULL ? cases[i].oid : "(curve default)",
				       der ? "DER" : "plain");
			assert_aa_catches_clones(key, other, cases[i].oid, cases[i].digest, der, -1, -1);
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

/* td_active_auth_check_signature takes sig for challenge under key and oid. */
static void
assert_signature_good(EVP_PKEY *key, const gchar *oid, GBytes *challenge, GBytes *sig)
{
	g_autoptr(GError) error = NULL;
	g_assert_true(td_active_auth_check_signature(key, oid, challenge, sig, &error));
	g_assert_no_error(error);
}

/* ...and refuses it: the signature does not hold. */
static void
assert_signature_invalid(EVP_PKEY *key, const gchar *oid, GBytes *challenge, GBytes *sig)
{
	g_autoptr(GError) error = NULL;
	g_assert_false(td_active_auth_check_signature(key, oid, challenge, sig, &error));
	g_assert_error(error, TD_ACTIVE_AUTH_ERROR, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID);
}

/* sig with one bit of byte at flipped. */
static GBytes *
flip_bit(GBytes *sig, gsize at)
{
	gsize len = g_bytes_get_size(sig);
	guint8 *flipped = g_memdup2(g_bytes_get_data(sig, NULL), len);
	flipped[at] ^= 0x01;
	return g_bytes_new_take(flipped, len);
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
	g_autoptr(GBytes) der = der_signature(f->r, 0, f->s, FALSE, NULL, 0);
	g_autoptr(GBytes) plain = plain_signature(f->r, f->s, f->order_len);

	/* the same r and s, both ways, under either OID family */
	assert_signature_good(f->key, ECDSA_WITH_SHA256, f->challenge, der);
	assert_signature_good(f->key, ECDSA_WITH_SHA256, f->challenge, plain);
	assert_signature_good(f->key, "0.4.0.127.0.7.1.1.4.1.3", f->challenge, der);
	assert_signature_good(f->key, "0.4.0.127.0.7.1.1.4.1.3", f->challenge, plain);
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
		g_autoptr(GBytes) sig = der_signature(f->r, cases[i].r_zeros, f->s, cases[i].long_form, cases[i].trailer,
						      cases[i].trailer_len);
		g_test_message("%s: %s", (const gchar *)curve, cases[i].what);
		assert_signature_invalid(f->key, ECDSA_WITH_SHA256, f->challenge, sig);
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
		g_test_message("%s: %s", (const gchar *)curve, cases[i].what);
		assert_signature_invalid(f->key, ECDSA_WITH_SHA256, f->challenge, cases[i].sig);
		g_bytes_unref(cases[i].sig);
	}
	/* n - s is in range and ECDSA accepts it (it is the same signature
	 * mirrored): not a clone, just how ECDSA is */
	{
		g_autoptr(GBytes) mirrored = der_signature(f->r, 0, n_minus_s, FALSE, NULL, 0);
		assert_signature_good(f->key, ECDSA_WITH_SHA256, f->challenge, mirrored);
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
	assert_signature_invalid(key, ECDSA_PLAIN_SHA256, challenge, sig);
	assert_signature_invalid(key, ECDSA_WITH_SHA256, challenge, sig);
	assert_signature_good(key, "1.2.840.10045.4.1", challenge, sig);
}

static void
test_aa_rsa(void)
{
	const gchar *digests[] = {"SHA1", "SHA256", "SHA384", "SHA512", "SHA224"};
	g_autoptr(EVP_PKEY) key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	g_autoptr(EVP_PKEY) other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);

	for (gsize i = 0; i < G_N_ELEMENTS(digests); i++) {
		g_test_message("RSA-2048 %s", digests[i]);
		assert_aa_catches_clones(key, other, NULL, digests[i], FALSE, TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
					 TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH);
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
	assert_signature_good(key, NULL, challenge, sig);
	/* an answer recorded for another challenge */
	assert_signature_invalid(key, NULL, replayed, sig);
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

/* ---- vectors published elsewhere ---- */

/* Wycheproof (github.com/C2SP/wycheproof), testvectors_v1/
 * ecdsa_brainpoolP256r1_sha256_test.json (DER, test group 2) and
 * ecdsa_brainpoolP256r1_sha256_p1363_test.json (r || s, test group 1): one
 * brainpoolP256r1 key (the CCCD's curve), the message "123400", SHA-256.
 * Their tcId and comment are kept; their "invalid" must come out as a
 * possible clone here, never as "not checked". */
#define WYCHEPROOF_BP256_KEY \
	"305A301406072A8648CE3D020106092B240303020801010703420004019A2D9637743A63DDAEFDBCA0EE229A163B809B9B14" \
	"5E5313BBEB8DEFEAB9D6548CAF89BF5BA49499404145651234336401B9B2843A579ED152E090F11B9E59"

static const struct {
	const gchar *file;
	guint tc_id;
	const gchar *comment;
	const gchar *oid;
	gboolean valid;
	const gchar *signature;
} wycheproof[] = {
	{"der", 5, "signature malleability", ECDSA_WITH_SHA256, TRUE,
	 "304402200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220426E857AAD3FF7AA96E4D200"
	 "C03B45F1846A36D089EE3917768CA1A0D6D4DA6E"},
	{"der", 6, "valid", ECDSA_WITH_SHA256, TRUE,
	 "304402200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A781388F"
	 "DD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 7, "length of sequence [r, s] uses long form encoding", ECDSA_WITH_SHA256, FALSE,
	 "30814402200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A78138"
	 "8FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 8, "length of sequence [r, s] contains a leading 0", ECDSA_WITH_SHA256, FALSE,
	 "3082004402200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A781"
	 "388FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 22, "appending 0's to sequence [r, s]", ECDSA_WITH_SHA256, FALSE,
	 "304602200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A781388F"
	 "DD48478007CF43D32B736DE019916CE1C0737C390000"},
	{"der", 24, "appending unused 0's to sequence [r, s]", ECDSA_WITH_SHA256, FALSE,
	 "304402200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A781388F"
	 "DD48478007CF43D32B736DE019916CE1C0737C390000"},
	{"der", 62, "flipped bit 0 in r", ECDSA_WITH_SHA256, FALSE,
	 "30420A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111E0220678CD260F4AEB211A781388FDD48"
	 "478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 66, "length of r uses long form encoding", ECDSA_WITH_SHA256, FALSE,
	 "30450281200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A78138"
	 "8FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 67, "length of r contains a leading 0", ECDSA_WITH_SHA256, FALSE,
	 "3046028200200A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A781"
	 "388FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 106, "leading ff in r", ECDSA_WITH_SHA256, FALSE,
	 "30450221FF0A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F0220678CD260F4AEB211A78138"
	 "8FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 108, "replacing r with zero", ECDSA_WITH_SHA256, FALSE,
	 "30250201000220678CD260F4AEB211A781388FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 152, "replaced r by r + n", ECDSA_WITH_SHA256, FALSE,
	 "3045022100B45AE44C5C1BB1FF143702D28EE43A86A590E44BCAFDA560B652E5BFDDE567C60220678CD260F4AEB211A78138"
	 "8FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 160, "replaced s by s + n", ECDSA_WITH_SHA256, FALSE,
	 "304502210111882A3C969D5BCDE5E743207ACBD4F19408BE76E0D514D7A9AF7B6457BBD2E00220678CD260F4AEB211A78138"
	 "8FDD48478007CF43D32B736DE019916CE1C0737C39"},
	{"der", 168, "Signature with special case values r=0 and s=0", ECDSA_WITH_SHA256, FALSE,
	 "3006020100020100"},
	{"der", 196, "Signature with special case values r=n and s=n - 1", ECDSA_WITH_SHA256, FALSE,
	 "3046022100A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7022100A9FB57DBA1EEA9BC3E66"
	 "0A909D838D718C397AA3B561A6F7901E0E82974856A6"},
	{"p1363", 1, "signature malleability", ECDSA_PLAIN_SHA256, TRUE,
	 "0A5F8C70BA2D0842D5D0F841F160AD15195769A8159BFE692634D73D469D111F426E857AAD3FF7AA96E4D200C03B45F1846A"
	 "36D089EE3917768CA1A0D6D4DA6E"},
	{"p1363", 2, "replaced r by r + n", ECDSA_PLAIN_SHA256, FALSE,
	 "B45AE44C5C1BB1FF143702D28EE43A86A590E44BCAFDA560B652E5BFDDE567C6678CD260F4AEB211A781388FDD48478007CF"
	 "43D32B736DE019916CE1C0737C39"},
	{"p1363", 4, "replaced r by n - r", ECDSA_PLAIN_SHA256, FALSE,
	 "9F9BCB6AE7C1A1796895124EAC22E05C72E210FB9FC5A88E69E9374550AB4588678CD260F4AEB211A781388FDD48478007CF"
	 "43D32B736DE019916CE1C0737C39"},
	{"p1363", 7, "replaced s by s + n", ECDSA_PLAIN_SHA256, FALSE,
	 "0111882A3C969D5BCDE5E743207ACBD4F19408BE76E0D514D7A9AF7B6457BBD2E000678CD260F4AEB211A781388FDD484780"
	 "07CF43D32B736DE019916CE1C0737C39"},
	{"p1363", 11, "Signature with special case values r=0 and s=0", ECDSA_PLAIN_SHA256, FALSE,
	 "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
	 "0000000000000000000000000000"},
	{"p1363", 13, "Signature with special case values r=0 and s=n", ECDSA_PLAIN_SHA256, FALSE,
	 "0000000000000000000000000000000000000000000000000000000000000000A9FB57DBA1EEA9BC3E660A909D838D718C39"
	 "7AA3B561A6F7901E0E82974856A7"},
	{"p1363", 27, "Signature with special case values r=n and s=n", ECDSA_PLAIN_SHA256, FALSE,
	 "A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7A9FB57DBA1EEA9BC3E660A909D838D718C39"
	 "7AA3B561A6F7901E0E82974856A7"},
};

static void
test_aa_published_ecdsa(void)
{
	g_autoptr(GBytes) spki = td_test_hex(WYCHEPROOF_BP256_KEY);
	g_autoptr(GBytes) message = td_test_hex("313233343030");
	const guint8 *p = g_bytes_get_data(spki, NULL);
	g_autoptr(EVP_PKEY) key = d2i_PUBKEY(NULL, &p, (long)g_bytes_get_size(spki));

	g_assert_nonnull(key);
	for (gsize i = 0; i < G_N_ELEMENTS(wycheproof); i++) {
		g_autoptr(GBytes) sig = td_test_hex(wycheproof[i].signature);

		g_test_message("Wycheproof %s tcId %u: %s", wycheproof[i].file, wycheproof[i].tc_id, wycheproof[i].comment);
		if (wycheproof[i].valid) {
			/* ...and the same with one bit of s flipped */
			g_autoptr(GBytes) flipped = flip_bit(sig, g_bytes_get_size(sig) - 1);
			assert_signature_good(key, wycheproof[i].oid, message, sig);
			assert_signature_invalid(key, wycheproof[i].oid, message, flipped);
		} else {
			g_autoptr(GError) error = NULL;
			g_assert_false(td_active_auth_check_signature(key, wycheproof[i].oid, message, sig, &error));
			assert_clone(error);
		}
	}
}

/* gmrtd (github.com/gmrtd/gmrtd), activeauth/active_auth_test.go,
 * TestDoActiveAuth: a real passport's active authentication, as logged:
 * its DG15 (RSA, 1792 bits), the terminal's challenge and the chip's
 * ISO/IEC 9796-2 answer. */
static void
test_aa_published_rsa(void)
{
	g_autoptr(GBytes) dg15_file = td_test_hex(
		"6F8201023081FF300D06092A864886F70D01010105000381ED003081E90281E100BB8F93F4DC95E205CDA17C6927AB1E365B"
		"13065D03CD12E0FCE95D96840529453202F56CC4C13F77CD062930C8BC89A2873B257045C286E601CF3C09323A5310331490"
		"2804AA10A314628CE222206A8866946A36B442041BB54AC81E6855DD1D6E16101833D65A191C20AC8B33B8A1A32920F46043"
		"F8031CF2BC17417030865FC5BE5A39DEE423BCBA3CA8177168EB23CFE01BA43EC87711B1CFFF85DB46F300DD8AE317B50D54"
		"3B573E119E23AF7070D0B2FED6A3B2313A5EC02A531AAED1741F4390D1013E2A0F081EAC5DC8B0A1B2C6BDB1206F08D30E36"
		"43E1E5BDF536110203010001");
	g_autoptr(GBytes) challenge = td_test_hex("96302B0F3D7E7864");
	g_autoptr(GBytes) other_challenge = td_test_hex("96302B0F3D7E7865");
	g_autoptr(GBytes) signature = td_test_hex(
		"474256306840C0AB1B63C10E1C26BDFEF4A0DD843920283CC4E6E70A60F2BD25DC7725F9677BC1CDE66379DC28B38E8490F3"
		"3AFB2D10F9980C44C0BFC175D2B6684218F535C92FDD3E18DB770A9CCBF91DB3C7F0138E6D9E94B9BC8371761E3ABED5E5E9"
		"B260279CFB238B58AE0D6A01DA51C74C2A3ECD62C448BD9F20127F7384587287FA971204234E55B1A856C3E5AAAA620BB799"
		"A68FBAE08EE132BB61683EBA9B0B40DC1E54641CAD975B16991CAB50AF82E3F3985AFD19E7427A125F5B4B9878B12A5D2E01"
		"C7EEDCA3BB41C6FC05DCCD818BCE379D04B1F2F5D43487D3");
	/* one bit flipped: F no longer opens to 6A ... BC */
	g_autoptr(GBytes) flipped = flip_bit(signature, g_bytes_get_size(signature) / 2);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg15) dg15 = td_dg15_parse(dg15_file, &error);

	g_assert_no_error(error);
	g_assert_true(EVP_PKEY_is_a(dg15->public_key, "RSA"));
	assert_signature_good(dg15->public_key, NULL, challenge, signature);
	assert_signature_invalid(dg15->public_key, NULL, challenge, flipped);
	/* the genuine answer replayed to another challenge */
	assert_signature_invalid(dg15->public_key, NULL, other_challenge, signature);
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
	g_test_add_func("/active-auth/published/ecdsa-wycheproof", test_aa_published_ecdsa);
	g_test_add_func("/active-auth/published/rsa-passport", test_aa_published_rsa);
	return g_test_run();
}
