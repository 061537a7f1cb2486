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
	g_autofree gchar *trust = g_build_filename(td_test_env("TD_TEST_PKI_DIR"), "trust-store", NULL);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *root, *v;
	JsonArray *reasons;
	g_autoptr(GString) joined = g_string_new(NULL);

	g_ptr_array_add(argv, (gpointer)td_test_env("TIEPDON"));
	g_ptr_array_add(argv, (gpointer) "read");
	g_ptr_array_add(argv, (gpointer) "--json");
	g_ptr_array_add(argv, (gpointer) "--trust");
	g_ptr_array_add(argv, trust);
	for (guint i = 0; key_args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)key_args[i]);
	g_ptr_array_add(argv, NULL);
	proc = g_subprocess_newv((const gchar *const *)argv->pdata,
				 G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &out, &err, &error));
	g_test_message("%s: exit %d %s", name, g_subprocess_get_exit_status(proc), err);
	g_assert_cmpint(g_subprocess_get_exit_status(proc), ==, 0);
	td_test_stop_chip(chip);

	g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
	root = json_node_get_object(json_parser_get_root(parser));
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

static void
test_genuine_ec(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("genuine-ec.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.verdict, ==, "genuine");
}

static void
test_genuine_rsa_pss(void)
{
	const gchar *changes[] = {PKI_DS("ds-rsa"), "security", "signature-scheme", "rsa-pss", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("genuine-rsa-pss.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.verdict, ==, "genuine");
}

static void
test_brainpool_ds(void)
{
	const gchar *changes[] = {PKI_DS("ds-brainpool"), "security", "hash-algorithm", "SHA384", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("brainpool.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.verdict, ==, "genuine");
}

static void
test_no_clone_check(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "security", "chip-auth", "false", "security", "active-auth", "false",
				  NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("no-clone-check.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.chip, ==, "not-offered");
	g_assert_cmpstr(o.verdict, ==, "unverified");
}

static void
test_dg13_changed(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "variant", "tamper-dg", "13", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("dg13-changed.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "invalid");
	g_assert_cmpstr(o.verdict, ==, "forged");
	g_assert_nonnull(strstr(o.reasons, "DG13"));
}

static void
test_sod_signature_broken(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "variant", "break-sod-signature", "true", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("sod-broken.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "invalid");
	g_assert_cmpstr(o.verdict, ==, "forged");
}

static void
test_unknown_csca(void)
{
	const gchar *changes[] = {PKI_DS("ds-unknown"), NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("unknown-csca.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "untrusted");
	g_assert_cmpstr(o.verdict, ==, "unverified");
}

static void
test_revoked_ds(void)
{
	const gchar *changes[] = {PKI_DS("ds-revoked"), NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("revoked.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "invalid");
	g_assert_cmpstr(o.verdict, ==, "forged");
	g_assert_nonnull(strstr(o.reasons, "revoked"));
}

static void
test_expired_ds(void)
{
	const gchar *changes[] = {PKI_DS("ds-expired"), NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("expired.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "untrusted");
	g_assert_cmpstr(o.verdict, ==, "unverified");
	g_assert_nonnull(strstr(o.reasons, "expired"));
}

static void
test_aa_key_mismatch(void)
{
	/* Without chip authentication the kiosk falls back to active
	 * authentication, which the clone fails. */
	const gchar *changes[] = {PKI_DS("ds-p256"), "security", "chip-auth", "false", "variant", "aa-key-mismatch", "true",
				  NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("aa-clone.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.chip, ==, "failed");
	g_assert_cmpstr(o.verdict, ==, "forged");
}

/* The chip's signature arrives with a spoilt secure-messaging MAC: the
 * reader never saw a signature, so the card is not called a clone (a wrong
 * signature is, above) but "unreadable", for staff to look at. */
static void
test_aa_answer_unreadable(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "security", "chip-auth", "false", "variant",
				  "aa-answer-mac-broken", "true", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("aa-unreadable-answer.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.chip, ==, "unreadable");
	g_assert_cmpstr(o.verdict, ==, "unverified");
	g_assert_nonnull(strstr(o.reasons, "active authentication could not be done"));
}

/* Tracker #10: a genuine chip whose DG14 names X9.62 ecdsa-with-SHA256 and
 * that answers INTERNAL AUTHENTICATE in DER, as some chips in the field do,
 * was sent to staff as "unverified". Without chip authentication, so that
 * active authentication is what decides. */
static void
test_genuine_aa_x962_der(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "security", "chip-auth", "false",
				  "variant", "aa-signature-oid", "x962-sha256", "variant", "aa-signature-encoding", "der",
				  NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("aa-x962-der.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.chip, ==, "active-auth");
	g_assert_cmpstr(o.verdict, ==, "genuine");
}

static void
test_ca_key_mismatch(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "security", "chip-auth", "true", "variant", "ca-key-mismatch", "true",
				  NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("ca-clone.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.chip, ==, "failed");
	g_assert_cmpstr(o.verdict, ==, "forged");
}

/* Tracker #11: an issuer's slip in DG14, signed into EF.SOD as it is. The
 * verdict says which info is unreadable, never that the chip offers no
 * such check, and guesses nothing: with the chip-authentication key
 * unreadable active authentication decides where DG15 is there; with the
 * active-authentication algorithm unreadable the card goes to staff. */
static void
test_unreadable_dg14_entry(void)
{
	const gchar *ca_key[] = {PKI_DS("ds-p256"), "security", "chip-auth", "true", "variant", "unreadable-dg14-entry",
				 "chip-auth-key", NULL};
	const gchar *ca_key_no_aa[] = {PKI_DS("ds-p256"), "security", "chip-auth", "true", "security", "active-auth", "false",
				       "variant", "unreadable-dg14-entry", "chip-auth-key", NULL};
	const gchar *aa_algorithm[] = {PKI_DS("ds-p256"), "security", "chip-auth", "false", "variant", "unreadable-dg14-entry",
				       "active-auth-algorithm", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	g_auto(TdVerifyOutcome) no_aa = {0};
	g_auto(TdVerifyOutcome) aa = {0};

	read_card("ca-unreadable.ini", ca_key, by_qr, &o);
	g_assert_cmpstr(o.passive, ==, "valid");
	g_assert_cmpstr(o.chip, ==, "active-auth");
	g_assert_cmpstr(o.verdict, ==, "genuine");
	g_assert_nonnull(strstr(o.reasons, "chip authentication info unreadable: SecurityInfo 1 0.4.0.127.0.7.2.2.1.2"));

	read_card("ca-unreadable-no-aa.ini", ca_key_no_aa, by_qr, &no_aa);
	g_assert_cmpstr(no_aa.passive, ==, "valid");
	/* the chip offers chip authentication; DG14 cannot say how */
	g_assert_cmpstr(no_aa.chip, ==, "unreadable");
	g_assert_cmpstr(no_aa.verdict, ==, "unverified");
	g_assert_nonnull(strstr(no_aa.reasons, "chip authentication info unreadable"));
	g_assert_null(strstr(no_aa.reasons, "offers no clone check"));

	read_card("aa-unreadable.ini", aa_algorithm, by_qr, &aa);
	g_assert_cmpstr(aa.passive, ==, "valid");
	g_assert_cmpstr(aa.chip, ==, "unreadable");
	g_assert_cmpstr(aa.verdict, ==, "unverified");
	g_assert_nonnull(strstr(aa.reasons, "active authentication info unreadable: SecurityInfo 0 2.23.136.1.1.5"));
}

static void
test_pace_by_can(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "security", "pace", "true", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	/* The ID number alone: PACE with the CAN (its last 6 digits). */
	read_card("pace-can.ini", changes, by_id, &o);
	g_assert_cmpstr(o.access_method, ==, "PACE");
	g_assert_cmpstr(o.verdict, ==, "genuine");
}

static void
test_pace_refused_then_bac(void)
{
	const gchar *changes[] = {PKI_DS("ds-p256"), "security", "pace", "true", "variant", "pace-refuse", "true", NULL};
	g_auto(TdVerifyOutcome) o = {0};
	read_card("pace-refused.ini", changes, by_qr, &o);
	g_assert_cmpstr(o.access_method, ==, "BAC");
	g_assert_cmpstr(o.verdict, ==, "genuine");
}

int
main(int argc, char **argv)
{
	int status;

	g_test_init(&argc, &argv, NULL);
	work_dir = g_dir_make_tmp("tiepdon-verify-XXXXXX", NULL);
	g_test_add_func("/verify/genuine-ec", test_genuine_ec);
	g_test_add_func("/verify/genuine-rsa-pss", test_genuine_rsa_pss);
	g_test_add_func("/verify/brainpool-ds-sha384", test_brainpool_ds);
	g_test_add_func("/verify/no-clone-check", test_no_clone_check);
	g_test_add_func("/verify/dg13-changed", test_dg13_changed);
	g_test_add_func("/verify/sod-signature-broken", test_sod_signature_broken);
	g_test_add_func("/verify/unknown-csca", test_unknown_csca);
	g_test_add_func("/verify/revoked-ds", test_revoked_ds);
	g_test_add_func("/verify/expired-ds", test_expired_ds);
	g_test_add_func("/verify/aa-key-mismatch", test_aa_key_mismatch);
	g_test_add_func("/verify/aa-answer-unreadable", test_aa_answer_unreadable);
	g_test_add_func("/verify/genuine-aa-x962-der", test_genuine_aa_x962_der);
	g_test_add_func("/verify/ca-key-mismatch", test_ca_key_mismatch);
	g_test_add_func("/verify/unreadable-dg14-entry", test_unreadable_dg14_entry);
	g_test_add_func("/verify/pace-by-can", test_pace_by_can);
	g_test_add_func("/verify/pace-refused-then-bac", test_pace_refused_then_bac);
	status = g_test_run();
	td_test_remove_tree(work_dir);
	g_free(work_dir);
	return status;
}
