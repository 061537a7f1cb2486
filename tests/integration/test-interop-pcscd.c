/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The interoperability matrix: virtual chips that behave in every way real
 * CCCD chips are known to (one variant at a time, and realistic mixes),
 * each read through a real private pcscd with `tiepdon read --json
 * --trust` by the ID number, by the QR code and by the MRZ. Every read
 * must give the citizen's data and the right verdict. The matrix is
 * printed (variant x key source: OK or the error, commands, ms). */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "td-dg1.h"
#include "td-lds-files.h"
#include "td-mrz.h"
#include "td-test-files.h"
#include "td-test-pcscd-chip.h"
#include "td-vchip.h"

#define PKI_DS(name) "security", "ds-key", "pki:" name ".key", "security", "ds-certificate", "pki:" name ".pem"
#define DS_P256 PKI_DS("ds-p256")

typedef struct {
	const gchar *name;
	const gchar *base;	    /* a shipped profile */
	const gchar *changes[40];   /* "group", "key", "value" triples */
	const gchar *verdict;	    /* what every read must conclude */
	guint warnings;		    /* DG13 entries that must be reported unread */
	guint apdus;		    /* the commands every read takes; 0: not checked */
} TdInteropCard;

static const TdInteropCard cards[] = {
	{"well-behaved", "example.ini", {DS_P256}, "genuine"},
	{"bac-only", "example.ini", {DS_P256, "security", "pace", "false"}, "genuine"},
	{"le-160", "example.ini", {DS_P256, "variant", "max-le", "160"}, "genuine"},
	{"le-223", "example.ini", {DS_P256, "variant", "max-le", "223"}, "genuine"},
	{"le-160-under-sm-bare", "example.ini",
	 {DS_P256, "variant", "max-le-sm", "160", "variant", "sm-wrong-length", "bare"}, "genuine"},
	{"bare-6700-counted", "example.ini",
	 {DS_P256, "security", "pace", "false", "variant", "max-le", "160", "variant", "sm-wrong-length", "bare-counted"},
	 "genuine"},
	{"bare-6700-not-counted", "example.ini",
	 {DS_P256, "variant", "max-le-sm", "128", "variant", "sm-wrong-length", "bare-not-counted"}, "genuine"},
	{"bare-6700-session-ended", "example.ini",
	 {DS_P256, "security", "pace", "false", "variant", "max-le", "160", "variant", "sm-wrong-length",
	  "bare-session-ended"},
	 "genuine"},
	{"6cxx", "example.ini", {DS_P256, "variant", "max-le", "200", "variant", "too-large-le-sw", "6Cxx"}, "genuine"},
	/* a too-large Le answered 6282 without data (DOMAIN.md §2), under
	 * secure messaging, protected and bare: only the channel's scripted
	 * card answered it so before, never a whole read */
	{"6282-no-data", "example.ini", {DS_P256, "variant", "max-le", "160", "variant", "too-large-le-sw", "6282"},
	 "genuine"},
	{"6282-no-data-bare-bac", "example.ini",
	 {DS_P256, "security", "pace", "false", "variant", "max-le", "160", "variant", "too-large-le-sw", "6282",
	  "variant", "sm-wrong-length", "bare-counted"},
	 "genuine"},
	{"no-do99", "example.ini", {DS_P256, "variant", "omit-do99", "true"}, "genuine"},
	{"6282-last-block", "example.ini", {DS_P256, "variant", "eof-warning", "true"}, "genuine"},
	{"t0-get-response", "example.ini", {DS_P256, "variant", "t0-get-response", "true"}, "genuine"},
	/* T=0 carries no extended APDUs: the RSA signature comes in parts */
	{"t0-get-response-bac-rsa-aa", "vo-duc-thang.ini",
	 {DS_P256, "security", "pace", "false", "variant", "extended-length", "false", "variant", "max-le", "256",
	  "variant", "t0-get-response", "true"},
	 "genuine"},
	{"no-card-access-aa-only", "example.ini",
	 {DS_P256, "security", "pace", "false", "security", "chip-auth", "false"}, "genuine"},
	{"sfi-6a86", "example.ini", {DS_P256, "variant", "sfi-read", "6A86"}, "genuine"},
	{"sfi-6d00-le-128", "example.ini", {DS_P256, "variant", "sfi-read", "6D00", "variant", "max-le", "128"}, "genuine"},
	{"missing-file-bare", "example.ini", {DS_P256, "variant", "sm-file-not-found", "bare"}, "genuine"},
	/* The reader's ATR offers extended length, the chip has none: one
	 * refused command to learn it (well-behaved reads in 18). */
	{"extended-offered-refused", "example.ini", {DS_P256, "variant", "atr-extended-length", "true"}, "genuine", 0, 19},
	/* the same chip answering the extended command as one it cannot
	 * parse at all (DOMAIN.md: short APDUs only in every public reader
	 * seen). Before, 6A86 and 6D00 were taken for a refused short EF
	 * identifier and then failed the read; 6E00 and 6F00 failed it */
	{"extended-refused-6a86", "example.ini",
	 {DS_P256, "variant", "atr-extended-length", "true", "variant", "extended-refused-sw", "6A86"}, "genuine"},
	{"extended-refused-6d00", "example.ini",
	 {DS_P256, "variant", "atr-extended-length", "true", "variant", "extended-refused-sw", "6D00"}, "genuine"},
	{"extended-refused-6e00-bac", "example.ini",
	 {DS_P256, "security", "pace", "false", "variant", "atr-extended-length", "true", "variant",
	  "extended-refused-sw", "6E00"},
	 "genuine"},
	{"extended-refused-6b00", "example.ini",
	 {DS_P256, "variant", "atr-extended-length", "true", "variant", "extended-refused-sw", "6B00"}, "genuine"},
	{"extended-refused-6f00", "example.ini",
	 {DS_P256, "variant", "atr-extended-length", "true", "variant", "extended-refused-sw", "6F00"}, "genuine"},
	{"select-answers-fcp-sfi-6a86", "example.ini",
	 {DS_P256, "variant", "select-answers-fcp", "true", "variant", "sfi-read", "6A86"}, "genuine"},
	{"application-selected", "example.ini", {DS_P256, "variant", "application-selected", "true"}, "genuine"},
	{"card-access-not-by-sfi", "example.ini", {DS_P256, "variant", "sfi-read", "6A82"}, "genuine"},
	{"reader-reset-at-dg13", "example.ini", {DS_P256, "variant", "reset-before-dg", "13"}, "genuine"},
	{"reader-reset-at-dg15-aa", "example.ini",
	 {DS_P256, "security", "chip-auth", "false", "variant", "reset-before-dg", "15"}, "genuine"},
	{"ds-brainpool-sha384", "example.ini", {PKI_DS("ds-brainpool"), "security", "hash-algorithm", "SHA384"}, "genuine"},
	{"ds-explicit-brainpool", "example.ini", {PKI_DS("ds-explicit")}, "genuine"},
	{"sod-sha256-signed-sha384", "example.ini", {DS_P256, "security", "signature-digest", "SHA384"}, "genuine"},
	{"sod-sha512-signed-sha256-rsa-pss", "example.ini",
	 {PKI_DS("ds-rsa"), "security", "hash-algorithm", "SHA512", "security", "signature-digest", "SHA256", "security",
	  "signature-scheme", "rsa-pss"},
	 "genuine"},
	{"ds-rsa-pss", "example.ini", {PKI_DS("ds-rsa"), "security", "signature-scheme", "rsa-pss"}, "genuine"},
	{"ca-key-explicit-no-aa", "example.ini",
	 {DS_P256, "security", "active-auth", "false", "variant", "chip-auth-key-explicit", "true"}, "genuine"},
	{"ca-3des", "example.ini", {DS_P256, "security", "chip-auth-protocol", "id-CA-ECDH-3DES-CBC-CBC"}, "genuine"},
	{"ca-two-keys", "example.ini", {DS_P256, "variant", "chip-auth-two-keys", "true"}, "genuine"},
	{"ca-two-keys-3des", "example.ini",
	 {DS_P256, "security", "chip-auth-protocol", "id-CA-ECDH-3DES-CBC-CBC", "variant", "chip-auth-two-keys", "true"},
	 "genuine"},
	{"pace-p256", "example.ini", {DS_P256, "security", "pace-parameter-id", "12"}, "genuine"},
	{"pace-aes256-brainpool-p384", "example.ini",
	 {DS_P256, "security", "pace-parameter-id", "16", "security", "pace-cipher", "AES-256"}, "genuine"},
	{"pace-aes256-p521", "example.ini",
	 {DS_P256, "security", "pace-parameter-id", "18", "security", "pace-cipher", "AES-256"}, "genuine"},
	{"old-chip-mix", "example.ini",
	 {DS_P256, "security", "pace", "false", "variant", "max-le-sm", "160", "variant", "sm-wrong-length",
	  "bare-not-counted", "variant", "sfi-read", "6A86", "variant", "omit-do99", "true", "variant", "eof-warning",
	  "true"},
	 "genuine"},
	{"child-bac-aa", "le-minh-khoa.ini", {DS_P256}, "genuine"},
	/* born 29 February 2000, the card expiring at 25 on 1 March 2025
	 * (2025 has no 29 February): BAC from the birth date tries 28
	 * February and then 1 March (before, 28 February only: the card
	 * could not be opened by the ID and birth date, nor by the QR) */
	{"bac-feb-29-expiry-1-march", "example.ini",
	 {DS_P256, "security", "pace", "false", "citizen", "date-of-birth", "29/02/2000", "citizen", "issue-date",
	  "10/05/2021", "citizen", "expiry-date", "01/03/2025"},
	 "genuine"},
	{"two-sequences-le-160", "pham-thi-thu-ha.ini", {DS_P256}, "genuine"},
	{"brainpool-aa-pace-p256", "tran-thi-bich-ngoc.ini", {DS_P256}, "genuine"},
	{"extended-rsa-aa-3des-ca", "vo-duc-thang.ini", {DS_P256}, "genuine"},
	{"dg13-entries-in-sequence", "example.ini", {DS_P256, "variant", "dg13-container", "sequence"}, "genuine"},
	{"dg13-flat", "example.ini", {DS_P256, "variant", "dg13-container", "flat"}, "genuine"},
	{"dg13-extra-sequence", "example.ini",
	 {DS_P256, "variant", "dg13-container", "extra-sequence", "variant", "dg13-parent-nesting", "two-sequences"},
	 "genuine"},
	{"dg13-all-utf8-shuffled", "example.ini",
	 {DS_P256, "variant", "dg13-string-types", "utf8", "variant", "dg13-entry-order", "shuffled", "citizen",
	  "field-16", "0123456789ABCDEF"},
	 "genuine"},
	{"dg13-bmp-religion", "example.ini", {DS_P256, "variant", "dg13-string-type-7", "bmp"}, "genuine", 1},
	{"field-mix-bac-sequence-bare", "le-minh-khoa.ini",
	 {DS_P256, "variant", "dg13-container", "sequence", "variant", "max-le-sm", "160", "variant", "sm-wrong-length",
	  "bare-counted", "variant", "sfi-read", "6A86"},
	 "genuine"},
	{"aa-x962-der", "example.ini",
	 {DS_P256, "security", "chip-auth", "false", "variant", "aa-signature-oid", "x962-sha256", "variant",
	  "aa-signature-encoding", "der"},
	 "genuine"},
	{"aa-x962-sha1-plain-brainpool", "example.ini",
	 {DS_P256, "security", "pace", "false", "security", "chip-auth", "false", "security", "aa-key-type",
	  "ec-brainpoolP256r1", "variant", "aa-signature-oid", "x962-sha1"},
	 "genuine"},
	{"aa-bsi-sha384-der", "example.ini",
	 {DS_P256, "security", "chip-auth", "false", "variant", "aa-signature-oid", "bsi-plain-sha384", "variant",
	  "aa-signature-encoding", "der"},
	 "genuine"},
	{"dg13-changed", "example.ini", {DS_P256, "variant", "tamper-dg", "13"}, "forged"},
};

static gchar *work_dir;
static GString *matrix;

/* What the card's front and back carry, from the profile (not from a read). */
typedef struct {
	gchar *id;
	gchar *name;
	gchar *birth_iso;
	gchar *birth_yymmdd;
	gchar *qr;
	gchar *mrz;
	gboolean pace;
} TdPrintedCard;

static void
printed_card_clear(TdPrintedCard *c)
{
	g_free(c->id);
	g_free(c->name);
	g_free(c->birth_iso);
	g_free(c->birth_yymmdd);
	g_free(c->qr);
	g_free(c->mrz);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdPrintedCard, printed_card_clear)

static gchar *
ddmmyyyy(const gchar *date)
{
	return g_strdup_printf("%.2s%.2s%.4s", date, date + 3, date + 6);
}

static void
printed_card_load(const gchar *profile, TdPrintedCard *c)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dob = NULL, *old_id = NULL, *sex = NULL, *residence = NULL, *issue = NULL;
	g_autofree gchar *dob_digits = NULL, *issue_digits = NULL;
	g_autoptr(TdVchip) chip = NULL;
	g_autoptr(GBytes) dg1 = NULL;
	g_autoptr(TdDg1) parsed = NULL;

	g_assert_true(g_key_file_load_from_file(kf, profile, G_KEY_FILE_NONE, &error));
	c->id = g_key_file_get_string(kf, "citizen", "id-number", NULL);
	c->name = g_key_file_get_string(kf, "citizen", "full-name", NULL);
	dob = g_key_file_get_string(kf, "citizen", "date-of-birth", NULL);
	old_id = g_key_file_get_string(kf, "citizen", "old-id-number", NULL);
	sex = g_key_file_get_string(kf, "citizen", "sex", NULL);
	residence = g_key_file_get_string(kf, "citizen", "place-of-residence", NULL);
	issue = g_key_file_get_string(kf, "citizen", "issue-date", NULL);
	c->pace = !g_key_file_has_key(kf, "security", "pace", NULL) || g_key_file_get_boolean(kf, "security", "pace", NULL);
	c->birth_iso = g_strdup_printf("%.4s-%.2s-%.2s", dob + 6, dob + 3, dob);
	c->birth_yymmdd = g_strdup_printf("%.2s%.2s%.2s", dob + 8, dob + 3, dob);
	dob_digits = ddmmyyyy(dob);
	issue_digits = ddmmyyyy(issue);
	c->qr = g_strdup_printf("%s|%s|%s|%s|%s|%s|%s", c->id, old_id != NULL ? old_id : "", c->name, dob_digits, sex,
				residence, issue_digits);
	/* The MRZ as printed on the back: the chip's DG1 holds the same. */
	chip = td_vchip_new_from_profile(profile, &error);
	g_assert_no_error(error);
	dg1 = td_vchip_get_file(chip, TD_FILE_DG1);
	parsed = td_dg1_parse(dg1, &error);
	g_assert_no_error(error);
	c->mrz = g_strdup(parsed->mrz->raw);
}

/* One read; fills the matrix cell. */
static void
read_and_check(const TdInteropCard *card, const TdPrintedCard *printed, const gchar *source, const gchar *const *key_args)
{
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(JsonObject) root = NULL;
	JsonObject *personal, *verification;
	gint status = td_test_read_trusted(key_args, &out, &err);

	if (status != 0) {
		g_strstrip(err);
		g_string_append_printf(matrix, " | %-24.24s", err);
		g_test_message("%s by %s: exit %d: %s", card->name, source, status, err);
		g_test_fail();
		return;
	}
	root = td_test_parse_json_object(out);
	personal = json_object_get_object_member(root, "personal");
	verification = json_object_get_object_member(root, "verification");
	g_string_append_printf(matrix, " | OK %-4s %3" G_GINT64_FORMAT " APDUs %5" G_GINT64_FORMAT " ms",
			       json_object_get_string_member(root, "access_method"),
			       json_object_get_int_member(root, "apdu_count"), json_object_get_int_member(root, "elapsed_ms"));
	/* a PACE chip read by BAC would hide a PACE variant the reader lost */
	g_assert_cmpstr(json_object_get_string_member(root, "access_method"), ==, printed->pace ? "PACE" : "BAC");
	g_assert_cmpstr(json_object_get_string_member(personal, "id_number"), ==, printed->id);
	g_assert_cmpstr(json_object_get_string_member(personal, "full_name"), ==, printed->name);
	g_assert_cmpstr(json_object_get_string_member(personal, "date_of_birth"), ==, printed->birth_iso);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(root, "warnings")), ==, card->warnings);
	if (card->apdus != 0)
		g_assert_cmpint(json_object_get_int_member(root, "apdu_count"), ==, card->apdus);
	if (g_strcmp0(json_object_get_string_member(verification, "verdict"), card->verdict) != 0) {
		g_test_message("%s by %s: verdict %s, expected %s", card->name, source,
			       json_object_get_string_member(verification, "verdict"), card->verdict);
		g_test_fail();
	}
}

static void
test_card(gconstpointer data)
{
	const TdInteropCard *card = data;
	g_autofree gchar *file = g_strconcat(card->name, ".ini", NULL);
	g_autofree gchar *profile = td_test_write_profile(work_dir, file, card->base, card->changes);
	g_auto(TdPrintedCard) printed = {0};
	g_autoptr(GSubprocess) chip = NULL;

	printed_card_load(profile, &printed);
	chip = td_test_start_chip(profile, NULL);
	g_string_append_printf(matrix, "%-26s", card->name);
	{
		/* The ID alone opens a PACE chip; a BAC-only chip needs the
		 * birth date too (the kiosk asks for it on the pad). */
		const gchar *by_id_pace[] = {"--id", printed.id, NULL};
		const gchar *by_id_bac[] = {"--id", printed.id, "--dob", printed.birth_yymmdd, NULL};
		const gchar *by_qr[] = {"--qr", printed.qr, NULL};
		const gchar *by_mrz[] = {"--mrz", printed.mrz, NULL};
		read_and_check(card, &printed, "ID", printed.pace ? by_id_pace : by_id_bac);
		read_and_check(card, &printed, "QR", by_qr);
		read_and_check(card, &printed, "MRZ", by_mrz);
	}
	g_string_append_printf(matrix, " | %s\n", card->verdict);
	td_test_stop_chip(chip);
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	int status;

	g_test_init(&argc, &argv, NULL);
	/* one card's failure must not hide the rest of the matrix */
	g_test_set_nonfatal_assertions();
	work_dir = g_dir_make_tmp("tiepdon-interop-XXXXXX", &error);
	g_assert_no_error(error);
	matrix = g_string_new(NULL);
	g_string_append_printf(matrix, "%-26s | %-31s | %-31s | %-31s | verdict\n", "variant", "by ID number", "by QR code",
			       "by MRZ");
	for (guint i = 0; i < G_N_ELEMENTS(cards); i++) {
		g_autofree gchar *path = g_strconcat("/interop/", cards[i].name, NULL);
		g_test_add_data_func(path, &cards[i], test_card);
	}
	status = g_test_run();
	/* the matrix, for people: on stderr, which meson keeps in the log */
	g_printerr("\n%s", matrix->str);
	g_string_free(matrix, TRUE);
	td_test_remove_tree(work_dir);
	g_free(work_dir);
	return status;
}
