/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the chip reader talks to the chip, against the virtual chip
 * in-process: Le negotiation and the fewest-commands promise, short EF
 * identifiers, the refusals that end secure messaging, and the card's
 * state (the application, a reset, its keys, its removal), with the
 * quirks real chips have. Opening it (keys, PACE, BAC, DG13's layouts) is
 * test-chip-open.c. */
#include <openssl/core_names.h>
#include <openssl/x509.h>
#include <string.h>

#include "td-chip-document.h"
#include "td-chip-reader.h"
#include "td-chip-verify.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-test-quirked-chip.h"
#include "td-vchip-transport.h"
#include "td-vchip.h"

/* ---- how much one READ BINARY asks for: Le ---- */

/* Fewest commands: ceil(size / Le) READ BINARY, the first by short EF
 * identifier (no SELECT). */
static void
assert_fewest_commands(TdChipReader *reader, guint le)
{
	GPtrArray *steps = td_chip_reader_get_steps(reader);
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		guint fewest;
		if (step->file_size == 0)
			continue;
		fewest = (guint)((step->file_size + le - 1) / le);
		g_test_message("%s: %" G_GSIZE_FORMAT " bytes in %u commands (fewest %u)", step->name, step->file_size,
			       step->apdu_count, fewest);
		g_assert_cmpuint(step->apdu_count, ==, fewest);
	}
}

/* What was read of a check-in with the face and DG1 is byte for byte what
 * the chip holds. */
static void
assert_files_as_on_chip(TdChipReader *reader, TdVchip *chip)
{
	const guint16 fids[] = {TD_FILE_DG13, TD_FILE_SOD, TD_FILE_DG14, TD_FILE_DG15, TD_FILE_DG1, TD_FILE_DG2};
	GHashTable *files = td_chip_reader_get_files(reader);

	for (guint i = 0; i < G_N_ELEMENTS(fids); i++) {
		g_autoptr(GBytes) expected = td_vchip_get_file(chip, fids[i]);
		GBytes *got = g_hash_table_lookup(files, GUINT_TO_POINTER(fids[i]));
		g_assert_nonnull(got);
		g_assert_true(g_bytes_equal(got, expected));
	}
}

static void
test_le_capped_at_160(void)
{
	const gchar *quirks[] = {"max-le", "160", "too-large-le-sw", "6700", NULL};
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_quirked_by_qr(quirks, TD_CHIP_READ_DG2, &reader);
	GPtrArray *steps;
	TdChipReadStep *first_file = NULL;

	td_test_assert_an(doc);
	g_assert_nonnull(doc->dg2);
	g_assert_cmpuint(td_chip_reader_get_max_le(reader), ==, 160);
	/* The first file read (EF.CardAccess, before PACE, smaller than 160)
	 * gets 6700 to Le 256 before its size is known: that may be about
	 * its end (past-end-le), so its header is read alone, then the rest.
	 * The next file (DG13, larger) is read header first too; Le 223
	 * refused inside it is the chip's limit, learnt there (223, then
	 * 160). Every later file takes the fewest commands at Le 160. */
	steps = td_chip_reader_get_steps(reader);
	for (guint i = 0; i < steps->len; i++) {
		first_file = g_ptr_array_index(steps, i);
		if (first_file->file_size > 0)
			break;
	}
	g_assert_cmpstr(first_file->name, ==, "EF.CardAccess");
	g_assert_cmpuint(first_file->file_size, <, 160);
	g_assert_cmpuint(first_file->apdu_count, ==, 3);
	g_ptr_array_remove(steps, first_file);
	for (guint i = 0; i < steps->len; i++) {
		first_file = g_ptr_array_index(steps, i);
		if (first_file->file_size > 0)
			break;
	}
	g_assert_cmpstr(first_file->name, ==, "DG13");
	g_assert_cmpuint(first_file->apdu_count, ==, 2 + (first_file->file_size - 8 + 159) / 160);
	g_ptr_array_remove(steps, first_file);
	assert_fewest_commands(reader, 160);
}

/* A chip that refuses a Le running past the end of the file with 6700 (or
 * 6Cxx), though it serves that Le inside a larger file: ISO 7816-4 allows
 * it, and a reader that asks for more than a small file holds before it
 * knows the file's size meets it on every card. Every file is read, byte
 * for byte, the card's Le is not lowered for it, and the refusals cost one
 * command and a header read each at the most. */
static void
test_past_end_refused(void)
{
	const gchar *answers[] = {"6700", "6Cxx"};

	for (guint a = 0; a < G_N_ELEMENTS(answers); a++) {
		const gchar *quirks[] = {"past-end-le", answers[a], NULL};
		g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
		g_autoptr(TdAccessKeyList) keys = td_test_an_keys_from_qr();
		g_autoptr(TdChipReader) reader = NULL;
		g_autoptr(TdChipDocument) doc = td_test_read_document(chip, keys, TD_CHIP_READ_DG2 | TD_CHIP_READ_DG1, &reader);
		GPtrArray *steps = td_chip_reader_get_steps(reader);

		g_test_message("past-end-le=%s", answers[a]);
		td_test_assert_an(doc);
		assert_files_as_on_chip(reader, chip);
		g_assert_cmpuint(td_chip_reader_get_max_le(reader), ==, 256);
		g_assert_cmpuint(td_chip_reader_get_reopens(reader), ==, 0);
		for (guint i = 0; i < steps->len; i++) {
			TdChipReadStep *step = g_ptr_array_index(steps, i);
			guint le = g_str_equal(step->name, "EF.CardAccess") ? 256 : 223;
			if (step->file_size == 0)
				continue;
			g_test_message("%s: %" G_GSIZE_FORMAT " bytes in %u commands", step->name, step->file_size,
				       step->apdu_count);
			g_assert_cmpuint(step->apdu_count, <=, 2 + (step->file_size + le - 1) / le);
		}
	}
}

/* The same refusal bare, ending secure messaging, as some chips answer any
 * wrong length, on a BAC chip (no EF.CardAccess read in the clear to meet
 * it first): the file's header is read in a new session, the later files'
 * headers first, so the card costs one new session, not one a small file
 * (Le is lowered as for a real limit: which one it was cannot be told
 * without a second session). */
static void
test_past_end_refused_bare(void)
{
	const gchar *quirks[] = {"past-end-le", "6700", "sm-wrong-length", "bare-session-ended", "security/pace", "false",
				 NULL};
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
	g_autoptr(TdAccessKeyList) keys = td_test_an_keys_from_qr();
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_document(chip, keys, TD_CHIP_READ_DG2 | TD_CHIP_READ_DG1, &reader);

	td_test_assert_an(doc);
	assert_files_as_on_chip(reader, chip);
	g_assert_cmpuint(td_chip_reader_get_reopens(reader), ==, 1);
	/* lowered as for a real limit (a chip that ends sessions on one
	 * must not need a second session for a file) */
	g_assert_cmpuint(td_chip_reader_get_max_le(reader), ==, 128);
}

static void
test_sixcxx_and_no_do99(void)
{
	const gchar *quirks[] = {"max-le", "200", "too-large-le-sw", "6Cxx", "omit-do99", "true", NULL};
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_quirked_by_qr(quirks, TD_CHIP_READ_DG2, &reader);

	td_test_assert_an(doc);
	g_assert_cmpuint(td_chip_reader_get_max_le(reader), ==, 200);
}

static void
test_unquirked_reads_in_fewest(void)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", NULL);
	g_autoptr(TdAccessKeyList) keys = td_test_an_keys_from_qr();
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_document(chip, keys, TD_CHIP_READ_DG2 | TD_CHIP_READ_DG1, &reader);

	assert_files_as_on_chip(reader, chip);
	assert_fewest_commands(reader, 223);
	g_assert_nonnull(doc->dg2);
}

static void
test_extended_length(void)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("vo-duc-thang.ini", NULL);
	g_autoptr(TdAccessKeyList) keys = td_test_keys_from_chip_mrz(chip);
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_document(chip, keys, TD_CHIP_READ_DG2, &reader);
	GPtrArray *steps;

	g_assert_nonnull(doc->dg2);
	steps = td_chip_reader_get_steps(reader);
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		g_test_message("%s: %" G_GSIZE_FORMAT " bytes in %u commands", step->name, step->file_size, step->apdu_count);
		/* Once the chip's limit (1024) is learnt, a file takes
		 * ceil(size / ~1000) reads, far under short APDUs. */
		if (g_str_equal(step->name, "DG2"))
			g_assert_cmpuint(step->apdu_count, <=, (step->file_size + 999) / 1000);
	}
}


/* The commands a step took, by name ("DG13", "EF.SOD", ...). */
static const TdChipReadStep *
find_step(TdChipReader *reader, const gchar *name)
{
	GPtrArray *steps = td_chip_reader_get_steps(reader);
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		if (g_str_equal(step->name, name))
			return step;
	}
	g_assert_not_reached();
	return NULL;
}

/* ---- reading by short EF identifier ---- */

/* A chip without short EF identifiers: the first refusal costs one command,
 * then every file is SELECTed and never asked by SFI again. */
static void
test_sfi_refused(gconstpointer data)
{
	const gchar *refusal = data;
	const gchar *quirks[] = {"sfi-read", refusal, NULL};
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_quirked_by_qr(quirks, TD_CHIP_READ_CHECKIN, &reader);
	const TdChipReadStep *card_access = find_step(reader, "EF.CardAccess");
	const gchar *later[] = {"DG13", "EF.SOD", "DG14", "DG15"};

	td_test_assert_an(doc);
	g_assert_true(td_chip_reader_get_sfi_refused(reader));
	if (g_str_equal(refusal, "6A82")) {
		/* 6A82 to EF.CardAccess by SFI: SELECT tells (JMRTD never
		 * reads it by SFI: some passports do not serve it so). Found,
		 * so PACE; the other files find out for themselves. */
		g_assert_cmpuint(card_access->apdu_count, ==, 3);
		g_assert_cmpstr(td_chip_reader_get_access_method(reader), ==, "PACE");
		g_assert_cmpuint(find_step(reader, "DG13")->apdu_count, ==,
				 2 + (find_step(reader, "DG13")->file_size + 222) / 223);
		return;
	}
	/* refused SFI read, SELECT, one READ BINARY */
	g_assert_cmpuint(card_access->apdu_count, ==, 3);
	for (guint i = 0; i < G_N_ELEMENTS(later); i++) {
		const TdChipReadStep *step = find_step(reader, later[i]);
		g_assert_cmpuint(step->apdu_count, ==, 1 + (step->file_size + 222) / 223);
	}
}

/* A reader on example.ini with quirks, opened with the QR's keys, asked for
 * DG11 (which the chip does not have: "not found"), then for DG13, which
 * it returns. */
static GBytes *
read_dg13_after_missing_dg11(const gchar *const *quirks, TdChipReader **reader_out)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_test_an_keys_from_qr();
	g_autoptr(TdChipReader) reader = td_test_open_reader(chip, keys);
	g_autoptr(GBytes) dg11 = NULL;
	GBytes *dg13;

	dg11 = td_chip_reader_read_file(reader, TD_FILE_DG11, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_FILE_NOT_FOUND);
	g_assert_null(dg11);
	g_clear_error(&error);
	dg13 = td_chip_reader_read_file(reader, TD_FILE_DG13, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(dg13);
	*reader_out = g_steal_pointer(&reader);
	return dg13;
}

/* SFI works, and a file the chip does not have is "not found", not a
 * reason to give up SFI for the card. */
static void
test_sfi_missing_file(void)
{
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(GBytes) dg13 = read_dg13_after_missing_dg11(NULL, &reader);

	g_assert_false(td_chip_reader_get_sfi_refused(reader));
	g_assert_cmpuint(find_step(reader, "DG13")->apdu_count, ==, (g_bytes_get_size(dg13) + 222) / 223);
}

typedef struct {
	const gchar *profile_changes[8];
	const gchar *key_source; /* "qr": PACE; "mrz-dates": BAC */
} TdBareCase;

/* example.ini's chip with changes, read by An's keys from key_source ("qr":
 * PACE first; "mrz-dates": the ID with birth and expiry dates, BAC). */
static TdChipDocument *
read_an_by(const gchar *const *changes, const gchar *key_source, TdChipReadFlags flags, TdChipReader **reader_out)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", changes);
	g_autoptr(TdAccessKeyList) keys =
		g_str_equal(key_source, "qr") ? td_test_an_keys_from_qr() : td_test_keys_from_id(TD_TEST_AN_ID, "580315", "991231", NULL);
	TdChipDocument *doc = td_test_read_document(chip, keys, flags, reader_out);

	td_test_assert_an(doc);
	return doc;
}

/* ---- refusals that end secure messaging ---- */

/* The clone check a verification (without a trust store) ran. */
static TdCloneCheck
clone_check_of(TdChipReader *reader, const TdChipDocument *doc)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdChipVerification) verification = td_chip_verify(reader, doc, NULL, NULL, NULL, &error);

	g_assert_no_error(error);
	return verification->chip;
}

/* A chip that answers a too-large Le with a bare 6700 and counts (or not)
 * that command in its send sequence counter: the reader opens secure
 * messaging again, goes on with the smaller Le, and the clone check still
 * runs in the new session. */
static void
test_bare_wrong_length(gconstpointer data)
{
	const TdBareCase *c = data;
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc =
		read_an_by(c->profile_changes, c->key_source, TD_CHIP_READ_DG2 | TD_CHIP_READ_DG1, &reader);

	g_assert_nonnull(doc->dg2);
	/* Le 223 refused bare under secure messaging: one new session, and
	 * two steps down (128) so that a chip that takes less than 160 does
	 * not need a second. */
	g_assert_cmpuint(td_chip_reader_get_max_le(reader), ==, 128);
	g_assert_cmpuint(td_chip_reader_get_reopens(reader), ==, 1);
	g_assert_cmpuint(find_step(reader, "DG13")->reopens, ==, 1);
	g_assert_cmpint(clone_check_of(reader, doc), ==, TD_CLONE_CHECK_CHIP_AUTH);
}

/* A chip that ends secure messaging at every refused Le, from 256 down to
 * 16: more new sessions than a card is allowed, so a clear error rather
 * than a patient waiting on a loop. */
static void
test_bare_wrong_length_gives_up(void)
{
	const gchar *quirks[] = {"max-le-sm", "16", "sm-wrong-length", "bare-session-ended", NULL};
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_test_keys_from_id(TD_TEST_AN_ID, "580315", "991231", NULL);
	g_autoptr(TdChipReader) reader = td_test_open_reader(chip, keys);
	g_autoptr(GBytes) dg13 = NULL;

	dg13 = td_chip_reader_read_file(reader, TD_FILE_DG13, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING);
	g_assert_null(dg13);
	g_assert_cmpuint(td_chip_reader_get_reopens(reader), <=, 3);
}

/* A missing file answered bare: "not found", and the next file is read in
 * a new session. */
static void
test_bare_file_not_found(void)
{
	const gchar *quirks[] = {"sm-file-not-found", "bare", NULL};
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(GBytes) dg13 = read_dg13_after_missing_dg11(quirks, &reader);

	g_assert_cmpuint(g_bytes_get_size(dg13), >, 0);
	g_assert_cmpuint(td_chip_reader_get_reopens(reader), >=, 1);
}

/* A reader that carries extended APDUs (its SCARD_ATTR_MAXINPUT, or here
 * the ATR) and a chip that takes short ones only, refusing an extended
 * command with 6700 (bare, ending secure messaging, when protected). The
 * refusals come in the clear, on EF.CardAccess (read first whenever a PACE
 * key is tried, which every key source gives): one refused command
 * there, then the card is read with short APDUs and no session is lost. */
static void
test_extended_refused(gconstpointer data)
{
	const gchar *key_source = data;
	const gchar *quirks[] = {"atr-extended-length", "true", NULL};
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
	g_autoptr(TdAccessKeyList) keys = NULL;
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	const gchar *files[] = {"DG13", "EF.SOD", "DG14", "DG15"};

	if (g_str_equal(key_source, "qr"))
		keys = td_test_an_keys_from_qr();
	else
		keys = td_test_keys_from_chip_mrz(chip);
	doc = td_test_read_document(chip, keys, TD_CHIP_READ_CHECKIN, &reader);
	td_test_assert_an(doc);
	g_assert_nonnull(doc->dg14);
	g_assert_nonnull(doc->dg15);
	g_assert_cmpuint(td_chip_reader_get_reopens(reader), ==, 0);
	/* the extended Le refused, then one short read: 6700 is no reason
	 * to try a smaller extended one */
	g_assert_cmpuint(find_step(reader, "EF.CardAccess")->apdu_count, ==, 2);
	for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
		const TdChipReadStep *step = find_step(reader, files[i]);
		g_assert_cmpuint(step->apdu_count, ==, (step->file_size + 222) / 223);
	}
}

/* ---- the card's state: the application, a reset, its keys, its removal ---- */

/* A chip that comes up with the eMRTD application selected (where another
 * program left it): EF.CardAccess, in the MF, is not found by its short
 * identifier from there. Not "no PACE": the ID number alone, which gives
 * PACE keys only, must still open it. */
static void
test_application_selected(void)
{
	const gchar *quirks[] = {"application-selected", "true", NULL};
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
	g_autoptr(TdAccessKeyList) keys = td_test_keys_from_id(TD_TEST_AN_ID, NULL, NULL, NULL);
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_document(chip, keys, TD_CHIP_READ_CHECKIN, &reader);

	td_test_assert_an(doc);
	g_assert_cmpstr(td_chip_reader_get_access_method(reader), ==, "PACE");
	/* SFI read, SELECT, SELECT MF, SELECT again, READ BINARY */
	g_assert_cmpuint(find_step(reader, "EF.CardAccess")->apdu_count, ==, 5);
	g_assert_false(td_chip_reader_get_sfi_refused(reader));
}

typedef struct {
	const gchar *profile_changes[7];
	const gchar *key_source; /* "qr" (PACE) or "mrz-dates" (BAC) */
	TdCloneCheck clone_check;
} TdResetCase;

/* The reader re-activates the card (an RF glitch) before the first command
 * for one data group: the chip has no session any more and answers that
 * protected command with a bare 6982. Not "access denied" (an optional
 * DG14 or DG15 would pass for absent, and the clone check with it; DG13
 * would fail the read): secure messaging is opened again, once, and the
 * file read under it. */
static void
test_reader_reset(gconstpointer data)
{
	const TdResetCase *c = data;
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = read_an_by(c->profile_changes, c->key_source, TD_CHIP_READ_DG1, &reader);

	g_assert_nonnull(doc->dg14);
	g_assert_nonnull(doc->dg15);
	g_assert_nonnull(doc->dg1);
	g_assert_cmpuint(td_chip_reader_get_reopens(reader), ==, 1);
	g_assert_cmpint(clone_check_of(reader, doc), ==, c->clone_check);
}

/* DG14's chip-authentication key with its curve's parameters written out
 * (ECParameters), as many TR-03110 chips carry it (gmrtd reads the
 * specified-domain form first): chip authentication runs with it. */
static void
test_chip_auth_key_explicit(void)
{
	const gchar *changes[] = {"chip-auth-key-explicit", "true", "security/active-auth", "false", NULL};
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = read_an_by(changes, "qr", TD_CHIP_READ_CHECKIN, &reader);
	const TdChipAuthPublicKeyInfo *key_info;
	const guint8 *spki;
	EVP_PKEY *key;
	gchar encoding[32] = {0};

	g_assert_nonnull(doc->dg14);
	g_assert_cmpuint(doc->dg14->chip_auth_public_keys->len, ==, 1);
	key_info = g_ptr_array_index(doc->dg14->chip_auth_public_keys, 0);
	spki = g_bytes_get_data(key_info->subject_public_key_info, NULL);
	key = d2i_PUBKEY(NULL, &spki, (long)g_bytes_get_size(key_info->subject_public_key_info));
	g_assert_nonnull(key);
	g_assert_cmpint(EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_ENCODING, encoding, sizeof encoding, NULL),
			==, 1);
	g_assert_cmpstr(encoding, ==, OSSL_PKEY_EC_ENCODING_EXPLICIT);
	EVP_PKEY_free(key);
	g_assert_cmpint(clone_check_of(reader, doc), ==, TD_CLONE_CHECK_CHIP_AUTH);
}

static void
test_card_removed(void)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", NULL);
	g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
	g_autoptr(TdChipReader) reader = td_chip_reader_new(transport);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_test_an_keys_from_qr();
	g_autoptr(GBytes) file = NULL;

	g_assert_true(td_chip_reader_open(reader, keys, NULL, &error));
	td_vchip_transport_remove_card(TD_VCHIP_TRANSPORT(transport));
	file = td_chip_reader_read_file(reader, TD_FILE_DG13, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED);
	g_assert_null(file);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/chip-reader/le-capped-at-160", test_le_capped_at_160);
	g_test_add_func("/chip-reader/6cxx-and-no-do99", test_sixcxx_and_no_do99);
	g_test_add_func("/chip-reader/past-end-refused", test_past_end_refused);
	g_test_add_func("/chip-reader/past-end-refused-bare", test_past_end_refused_bare);
	g_test_add_func("/chip-reader/unquirked-reads-in-fewest", test_unquirked_reads_in_fewest);
	g_test_add_func("/chip-reader/extended-length", test_extended_length);
	g_test_add_data_func("/chip-reader/extended-refused/by-qr", "qr", test_extended_refused);
	g_test_add_data_func("/chip-reader/extended-refused/by-mrz", "mrz", test_extended_refused);
	g_test_add_func("/chip-reader/card-removed", test_card_removed);
	g_test_add_data_func("/chip-reader/sfi/refused-6a86", "6A86", test_sfi_refused);
	g_test_add_data_func("/chip-reader/sfi/refused-6d00", "6D00", test_sfi_refused);
	g_test_add_data_func("/chip-reader/sfi/refused-6a82", "6A82", test_sfi_refused);
	g_test_add_func("/chip-reader/sfi/missing-file", test_sfi_missing_file);
	g_test_add_func("/chip-reader/application-selected", test_application_selected);
	g_test_add_func("/chip-reader/chip-auth-key-explicit", test_chip_auth_key_explicit);
	{
		static const TdBareCase cases[] = {
			{{"max-le-sm", "160", "sm-wrong-length", "bare", NULL}, "qr"},
			{{"max-le-sm", "160", "sm-wrong-length", "bare-counted", NULL}, "qr"},
			{{"max-le-sm", "160", "sm-wrong-length", "bare-not-counted", NULL}, "qr"},
			{{"max-le-sm", "160", "sm-wrong-length", "bare-session-ended", NULL}, "qr"},
			{{"max-le-sm", "160", "sm-wrong-length", "bare", NULL}, "mrz-dates"},
			{{"max-le-sm", "160", "sm-wrong-length", "bare-counted", NULL}, "mrz-dates"},
			{{"max-le-sm", "160", "sm-wrong-length", "bare-not-counted", NULL}, "mrz-dates"},
			{{"max-le-sm", "160", "sm-wrong-length", "bare-session-ended", "eof-warning", "true", NULL}, "mrz-dates"},
		};
		for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
			g_autofree gchar *path = g_strdup_printf("/chip-reader/bare-6700/%s/%s", cases[i].profile_changes[3],
								 g_str_equal(cases[i].key_source, "qr") ? "pace" : "bac");
			if (cases[i].profile_changes[4] != NULL) {
				g_autofree gchar *longer = g_strconcat(path, "-eof-warning", NULL);
				g_test_add_data_func(longer, &cases[i], test_bare_wrong_length);
			} else {
				g_test_add_data_func(path, &cases[i], test_bare_wrong_length);
			}
		}
	}
	g_test_add_func("/chip-reader/bare-6700/gives-up", test_bare_wrong_length_gives_up);
	g_test_add_func("/chip-reader/bare-6a82", test_bare_file_not_found);
	{
		static const TdResetCase cases[] = {
			{{"reset-before-dg", "13", NULL}, "qr", TD_CLONE_CHECK_CHIP_AUTH},
			{{"reset-before-dg", "13", NULL}, "mrz-dates", TD_CLONE_CHECK_CHIP_AUTH},
			{{"reset-before-dg", "14", NULL}, "qr", TD_CLONE_CHECK_CHIP_AUTH},
			{{"reset-before-dg", "15", "security/chip-auth", "false", NULL}, "mrz-dates",
			 TD_CLONE_CHECK_ACTIVE_AUTH},
		};
		for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
			g_autofree gchar *path =
				g_strdup_printf("/chip-reader/reader-reset/dg%s/%s", cases[i].profile_changes[1],
						g_str_equal(cases[i].key_source, "qr") ? "pace" : "bac");
			g_test_add_data_func(path, &cases[i], test_reader_reset);
		}
	}
	return g_test_run();
}
