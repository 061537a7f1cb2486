/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Is the card genuine? The tracker's table of cases, each a test, each a
 * virtual chip personalised with the generated test PKI and read with
 * `tiepdon read --json --trust` through a real private pcscd. */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "td-test-files.h"
#include "td-test-pcscd-chip.h"

static gchar *work_dir;

/* The demo citizen of example.ini with the changes given as
 * "group", "key", "value" triples. */
static gchar *
write_profile(const gchar *name, const gchar *const *changes)
{
	return td_test_write_profile(work_dir, name, "example.ini", changes);
}

typedef struct {
	gchar *access_method;
	gchar *passive;
	gchar *chip;
	gchar *verdict;
	gchar *reasons; /* joined with " | " */
} TdVerifyOutcome;

static void
outcome_clear(TdVerifyOutcome *o)
{
	g_free(o->access_method);
	g_free(o->passive);
	g_free(o->chip);
	g_free(o->verdict);
	g_free(o->reasons);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdVerifyOutcome, outcome_clear)

/* Personalises a chip, reads it with the given key arguments, and returns
 * what `tiepdon read --json` said about it. */
static void
read_card(const gchar *name, const gchar *const *changes, const gchar *const *key_args, TdVerifyOutcome *o)
{
	g_autofree gchar *profile = write_profile(name, changes);
	g_autoptr(GSubprocess) chip = td_test_start_chip(profile, NULL);
	g_autofree gchar *out = NULL, *err = NULL;
	gint status = td_test_read_trusted(key_args, &out, &err);
	g_autoptr(JsonObject) root = NULL;
	JsonObject *v;
	JsonArray *reasons;
	g_autoptr(GString) joined = g_string_new(NULL);

	g_test_message("%s: exit %d %s", name, status, err);
	g_assert_cmpint(status, ==, 0);
	td_test_stop_chip(chip);

	root = td_test_parse_json_object(out);
	v = json_object_get_object_member(root, "verification");
	o->access_method = g_strdup(json_object_get_string_member(root, "access_method"));
	o->passive = g_strdup(json_object_get_string_member(v, "passive"));
	o->chip = g_strdup(json_object_get_string_member(v, "chip"));
	o->verdict = g_strdup(json_object_get_string_member(v, "verdict"));
	reasons = json_object_get_array_member(v, "reasons");
	for (guint i = 0; i < json_array_get_length(reasons); i++)
		g_string_append_printf(joined, "%s%s", i ? " | " : "", json_array_get_string_element(reasons, i));
	o->reasons = g_strdup(joined->str);
	g_test_message("%s: %s / passive %s / chip %s / %s: %s", name, o->access_method, o->passive, o->chip, o->verdict,
		       o->reasons);
}

static const gchar *const by_qr[] = {"--qr", "001058012345|011234567|Nguyễn Văn An|15031958|Nam|Hà Nội|10052021", NULL};
static const gchar *const by_id[] = {"--id", "001058012345", NULL};

#define PKI_DS(name) "security", "ds-key", "pki:" name ".key", "security", "ds-certificate", "pki:" name ".pem"

/* A card of the tracker's table: the profile's changes, the keys it is read
 * with, and what `tiepdon read` must say (NULL: not looked at); reason must
 * be among the reasons, not_reason must not. */
typedef struct {
	const gchar *path;
	const gchar *profile;
	const gchar *changes[20];
	const gchar *const *key_args;
	const gchar *access_method, *passive, *chip, *verdict;
	const gchar *reason, *not_reason;
} VerifyCase;

static const VerifyCase cases[] = {
	{"/verify/genuine-ec", "genuine-ec.ini", {PKI_DS("ds-p256"), NULL}, by_qr, NULL, "valid", NULL, "genuine"},
	{"/verify/genuine-rsa-pss", "genuine-rsa-pss.ini", {PKI_DS("ds-rsa"), "security", "signature-scheme", "rsa-pss", NULL},
	 by_qr, NULL, "valid", NULL, "genuine"},
	{"/verify/brainpool-ds-sha384", "brainpool.ini",
	 {PKI_DS("ds-brainpool"), "security", "hash-algorithm", "SHA384", NULL}, by_qr, NULL, "valid", NULL, "genuine"},
	{"/verify/no-clone-check", "no-clone-check.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "false", "security", "active-auth", "false", NULL}, by_qr, NULL,
	 "valid", "not-offered", "unverified"},
	{"/verify/dg13-changed", "dg13-changed.ini", {PKI_DS("ds-p256"), "variant", "tamper-dg", "13", NULL}, by_qr, NULL,
	 "invalid", NULL, "forged", "DG13"},
	{"/verify/sod-signature-broken", "sod-broken.ini",
	 {PKI_DS("ds-p256"), "variant", "break-sod-signature", "true", NULL}, by_qr, NULL, "invalid", NULL, "forged"},
	{"/verify/unknown-csca", "unknown-csca.ini", {PKI_DS("ds-unknown"), NULL}, by_qr, NULL, "untrusted", NULL,
	 "unverified"},
	{"/verify/revoked-ds", "revoked.ini", {PKI_DS("ds-revoked"), NULL}, by_qr, NULL, "invalid", NULL, "forged",
	 "revoked"},
	{"/verify/expired-ds", "expired.ini", {PKI_DS("ds-expired"), NULL}, by_qr, NULL, "untrusted", NULL, "unverified",
	 "expired"},
	/* Without chip authentication the kiosk falls back to active
	 * authentication, which the clone fails. */
	{"/verify/aa-key-mismatch", "aa-clone.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "false", "variant", "aa-key-mismatch", "true", NULL}, by_qr, NULL,
	 "valid", "failed", "forged"},
	/* The chip's signature arrives with a spoilt secure-messaging MAC: the
	 * reader never saw a signature, so the card is not called a clone (a
	 * wrong signature is, above) but "unreadable", for staff to look at. */
	{"/verify/aa-answer-unreadable", "aa-unreadable-answer.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "false", "variant", "aa-answer-mac-broken", "true", NULL}, by_qr,
	 NULL, "valid", "unreadable", "unverified", "active authentication could not be done"},
	/* Tracker #10: a genuine chip whose DG14 names X9.62 ecdsa-with-SHA256
	 * and that answers INTERNAL AUTHENTICATE in DER, as some chips in the
	 * field do, was sent to staff as "unverified". Without chip
	 * authentication, so that active authentication is what decides. */
	{"/verify/genuine-aa-x962-der", "aa-x962-der.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "false", "variant", "aa-signature-oid", "x962-sha256", "variant",
	  "aa-signature-encoding", "der", NULL},
	 by_qr, NULL, "valid", "active-auth", "genuine"},
	{"/verify/ca-key-mismatch", "ca-clone.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "true", "variant", "ca-key-mismatch", "true", NULL}, by_qr, NULL,
	 NULL, "failed", "forged"},
	/* The ID number alone: PACE with the CAN (its last 6 digits). */
	{"/verify/pace-by-can", "pace-can.ini", {PKI_DS("ds-p256"), "security", "pace", "true", NULL}, by_id, "PACE", NULL,
	 NULL, "genuine"},
	{"/verify/pace-refused-then-bac", "pace-refused.ini",
	 {PKI_DS("ds-p256"), "security", "pace", "true", "variant", "pace-refuse", "true", NULL}, by_qr, "BAC", NULL, NULL,
	 "genuine"},
};

/* Tracker #11: an issuer's slip in DG14, signed into EF.SOD as it is. The
 * verdict says which info is unreadable, never that the chip offers no
 * such check, and guesses nothing: with the chip-authentication key
 * unreadable active authentication decides where DG15 is there; with the
 * active-authentication algorithm unreadable the card goes to staff. */
static const VerifyCase unreadable_dg14_entry[] = {
	{NULL, "ca-unreadable.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "true", "variant", "unreadable-dg14-entry", "chip-auth-key", NULL},
	 by_qr, NULL, "valid", "active-auth", "genuine",
	 "chip authentication info unreadable: SecurityInfo 1 0.4.0.127.0.7.2.2.1.2"},
	/* the chip offers chip authentication; DG14 cannot say how */
	{NULL, "ca-unreadable-no-aa.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "true", "security", "active-auth", "false", "variant",
	  "unreadable-dg14-entry", "chip-auth-key", NULL},
	 by_qr, NULL, "valid", "unreadable", "unverified", "chip authentication info unreadable", "offers no clone check"},
	{NULL, "aa-unreadable.ini",
	 {PKI_DS("ds-p256"), "security", "chip-auth", "false", "variant", "unreadable-dg14-entry", "active-auth-algorithm",
	  NULL},
	 by_qr, NULL, "valid", "unreadable", "unverified",
	 "active authentication info unreadable: SecurityInfo 0 2.23.136.1.1.5"},
};

static void
check_card(const VerifyCase *c)
{
	g_auto(TdVerifyOutcome) o = {0};

	read_card(c->profile, c->changes, c->key_args, &o);
	if (c->access_method != NULL)
		g_assert_cmpstr(o.access_method, ==, c->access_method);
	if (c->passive != NULL)
		g_assert_cmpstr(o.passive, ==, c->passive);
	if (c->chip != NULL)
		g_assert_cmpstr(o.chip, ==, c->chip);
	g_assert_cmpstr(o.verdict, ==, c->verdict);
	if (c->reason != NULL)
		g_assert_nonnull(strstr(o.reasons, c->reason));
	if (c->not_reason != NULL)
		g_assert_null(strstr(o.reasons, c->not_reason));
}

static void
test_card(gconstpointer data)
{
	check_card(data);
}

static void
test_unreadable_dg14_entry(void)
{
	for (gsize i = 0; i < G_N_ELEMENTS(unreadable_dg14_entry); i++)
		check_card(&unreadable_dg14_entry[i]);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	work_dir = g_dir_make_tmp("tiepdon-verify-XXXXXX", NULL);
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add_data_func(cases[i].path, &cases[i], test_card);
	g_test_add_func("/verify/unreadable-dg14-entry", test_unreadable_dg14_entry);
	return td_test_run_and_remove(work_dir);
}
