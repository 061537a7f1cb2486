/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the chip, against the virtual chip in-process: every key source
 * (the QR code, the ID and dates, the MRZ) and key order, PACE or BAC and
 * their refusals, and DG13 as each chip variant lays it out. How the
 * reader then talks to the chip (Le, short identifiers, refusals, resets)
 * is test-chip-reader.c. */
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

/* ---- DG13 as each chip lays it out ---- */

/* DG13 as each chip variant lays it out, read through secure messaging:
 * the same citizen every time, no warnings. */
static void
test_dg13_every_container(void)
{
	const gchar *containers[] = {"set", "sequence", "flat", "extra-sequence"};

	for (guint i = 0; i < G_N_ELEMENTS(containers); i++) {
		const gchar *quirks[] = {"dg13-container", containers[i], "dg13-entry-order", i % 2 ? "shuffled" : "ascending",
					 "dg13-parent-nesting", i < 2 ? "one-sequence" : "two-sequences", NULL};
		g_autoptr(TdChipDocument) doc = NULL;

		g_test_message("dg13-container=%s", containers[i]);
		doc = td_test_read_quirked_by_qr(quirks, TD_CHIP_READ_CHECKIN, NULL);
		td_test_assert_an(doc);
		g_assert_cmpuint(doc->dg13->issue_date->year, ==, 2021);
		g_assert_cmpstr(doc->dg13->old_id_number, ==, "011234567");
		g_assert_cmpuint(doc->dg13->warnings->len, ==, 0);
	}
}

/* A card with entries the reader cannot take (religion in BMPString, the
 * issue date in T61String): read to the end, those fields empty, one
 * warning each, the rest of the card as usual. */
static void
test_dg13_bad_entries(void)
{
	const gchar *quirks[] = {"dg13-string-type-7", "bmp", "dg13-string-type-11", "t61", NULL};
	g_autoptr(TdChipDocument) doc = td_test_read_quirked_by_qr(quirks, TD_CHIP_READ_CHECKIN, NULL);

	td_test_assert_an(doc);
	g_assert_null(doc->dg13->religion);
	g_assert_null(doc->dg13->issue_date);
	g_assert_cmpstr(doc->dg13->ethnicity, ==, "Kinh");
	g_assert_cmpuint(doc->dg13->warnings->len, ==, 2);
	g_assert_cmpstr(g_ptr_array_index(doc->dg13->warnings, 0), ==,
			"entry 7 (religion): unexpected string type BMPString");
	g_assert_cmpstr(g_ptr_array_index(doc->dg13->warnings, 1), ==,
			"entry 11 (issue date): unexpected string type T61String");
	g_assert_nonnull(doc->sod);
	g_assert_nonnull(doc->dg15);
}

/* No name on the card: read to the end without one, the warning saying
 * so (the desk reads the name printed on the card); no ID number: the
 * card opens nothing, and the read fails saying why. */
static void
test_dg13_without_name(void)
{
	const gchar *quirks[] = {"dg13-omit-entries", "2", NULL};
	const gchar *no_id[] = {"dg13-omit-entries", "1", NULL};
	g_autoptr(TdChipDocument) doc = td_test_read_quirked_by_qr(quirks, TD_CHIP_READ_CHECKIN, NULL);
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", no_id);
	g_autoptr(TdAccessKeyList) keys = td_test_an_keys_from_qr();
	g_autoptr(TdChipReader) reader = td_test_open_reader(chip, keys);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdChipDocument) refused = NULL;

	g_assert_nonnull(doc);
	g_assert_null(doc->dg13->full_name);
	g_assert_cmpstr(doc->dg13->id_number, ==, TD_TEST_AN_ID);
	g_assert_cmpuint(doc->dg13->warnings->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(doc->dg13->warnings, 0), ==, "entry 2 (full name): missing");
	g_assert_nonnull(doc->sod);

	refused = td_chip_document_read(reader, TD_CHIP_READ_CHECKIN, NULL, NULL, NULL, &error);
	g_assert_null(refused);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	g_assert_nonnull(strstr(error->message, "entry 1 (ID number): missing"));
}

/* ---- opening the chip: the keys and PACE or BAC ---- */

static void
test_read_from_qr(void)
{
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_quirked_by_qr(NULL, TD_CHIP_READ_DG1, &reader);

	td_test_assert_an(doc);
	/* The QR gives the ID, so the CAN: PACE, as on real cards. */
	g_assert_cmpstr(td_chip_reader_get_access_method(reader), ==, "PACE");
	g_assert_nonnull(doc->dg1);
	g_assert_cmpstr(td_mrz_get_id_number(doc->dg1->mrz), ==, TD_TEST_AN_ID);
	g_assert_cmpstr(doc->dg1->mrz->expiry_yymmdd, ==, "991231");
	g_assert_nonnull(doc->sod);
	g_assert_nonnull(doc->dg15);
}

static void
test_read_from_id_and_dates(void)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", NULL);
	g_autoptr(TdAccessKeyList) keys = td_test_keys_from_id(TD_TEST_AN_ID, "580315", "991231", NULL);
	g_autoptr(TdChipDocument) doc = td_test_read_document(chip, keys, TD_CHIP_READ_CHECKIN, NULL);

	td_test_assert_an(doc);
}

static void
test_read_from_mrz(void)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", NULL);
	g_autoptr(TdAccessKeyList) keys = td_test_keys_from_chip_mrz(chip);
	g_autoptr(TdChipDocument) doc = td_test_read_document(chip, keys, TD_CHIP_READ_CHECKIN, NULL);

	td_test_assert_an(doc);
}

/* A QR without the issue date leaves several expiry candidates: the reader
 * tries them in turn and the chip opens on the right one. */
static void
test_expiry_candidates_tried_in_turn(void)
{
	const gchar *bac_only[] = {"security/pace", "false", NULL};
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("tran-thi-bich-ngoc.ini", bac_only);
	g_autoptr(TdDg1) parsed = td_test_chip_dg1(chip);
	g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 23, 9, 0, 0);
	/* ID and birth only: the expiry comes from the renewal rule. */
	g_autoptr(TdAccessKeyList) keys =
		td_test_keys_from_id(td_mrz_get_id_number(parsed->mrz), parsed->mrz->birth_yymmdd, NULL, today);
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	const TdAccessKey *used;

	g_assert_cmpuint(td_access_key_list_get_length(keys), >=, 3);
	doc = td_test_read_document(chip, keys, TD_CHIP_READ_CHECKIN, &reader);
	used = td_chip_reader_get_access_key(reader);
	g_assert_cmpstr(used->expiry_yymmdd, ==, parsed->mrz->expiry_yymmdd);
}

/* A BAC-only example.ini chip (with PACE the CAN from the right ID would
 * open it) that keys do not open: the reader that tried, the error
 * being code. */
static TdChipReader *
bac_only_chip_refuses(TdAccessKeyList *keys, gint code)
{
	const gchar *bac_only[] = {"security/pace", "false", NULL};
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", bac_only);
	g_autoptr(TdChipReader) reader = td_test_reader_on(chip);
	g_autoptr(GError) error = NULL;

	g_assert_false(td_chip_reader_open(reader, keys, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, code);
	return g_steal_pointer(&reader);
}

static void
test_wrong_key(void)
{
	/* Right ID, wrong birth date: every candidate expiry is refused. */
	g_autoptr(TdAccessKeyList) keys = td_test_keys_from_id(TD_TEST_AN_ID, "580316", NULL, NULL);
	g_autoptr(TdChipReader) reader = bac_only_chip_refuses(keys, TD_READER_ERROR_WRONG_ACCESS_KEY);
	guint bac_keys = 0;

	for (guint i = 0; i < td_access_key_list_get_length(keys); i++)
		bac_keys += td_access_key_list_get(keys, i)->kind == TD_ACCESS_KEY_BAC;
	/* At most one try per candidate, never more. */
	g_assert_cmpuint(td_chip_reader_get_keys_tried(reader), <=, td_access_key_list_get_length(keys));
	g_assert_cmpuint(td_chip_reader_get_keys_tried(reader), >=, bac_keys);
}

/* The same BAC-only chip with the ID alone (the number pad's first
 * question): nothing was refused, the birth date is missing, and the error
 * says so, so the kiosk asks for it instead of "wrong number". */
static void
test_bac_key_needed(void)
{
	g_autoptr(TdAccessKeyList) keys = td_test_keys_from_id(TD_TEST_AN_ID, NULL, NULL, NULL);
	g_autoptr(TdChipReader) reader = bac_only_chip_refuses(keys, TD_READER_ERROR_BAC_KEY_NEEDED);

	g_assert_cmpuint(td_chip_reader_get_keys_tried(reader), ==, 0);
}

/* EF.CardAccess announces PACE and MSE:Set AT is refused, with each status
 * word chips answer it (before any password is used): BAC with the QR
 * code's keys; given the ID number alone, the birth date BAC needs is
 * asked for, never "the number is wrong" (the patient would type the same
 * right number again). */
static void
test_pace_refused_each_way(void)
{
	const gchar *refusals[] = {"true", "6985", "6982", "6A86", "6D00"};

	for (guint i = 0; i < G_N_ELEMENTS(refusals); i++) {
		const gchar *quirks[] = {"pace-refuse", refusals[i], NULL};
		g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
		g_autoptr(TdAccessKeyList) qr_keys = td_test_an_keys_from_qr();
		g_autoptr(TdAccessKeyList) id_keys = td_test_keys_from_id(TD_TEST_AN_ID, NULL, NULL, NULL);
		g_autoptr(TdChipReader) reader = NULL;
		g_autoptr(TdChipReader) id_reader = td_test_reader_on(chip);
		g_autoptr(TdChipDocument) doc = td_test_read_document(chip, qr_keys, TD_CHIP_READ_CHECKIN, &reader);
		g_autoptr(GError) error = NULL;

		g_test_message("pace-refuse=%s", refusals[i]);
		td_test_assert_an(doc);
		g_assert_cmpstr(td_chip_reader_get_access_method(reader), ==, "BAC");
		g_assert_false(td_chip_reader_open(id_reader, id_keys, NULL, &error));
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_BAC_KEY_NEEDED);
	}
}

/* EF.CardAccess that does not parse: no PACE, BAC with the other keys, as
 * when the chip has none (it used to end the read). */
static void
test_card_access_unreadable(void)
{
	const gchar *quirks[] = {"card-access-not-a-set", "true", NULL};
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = td_test_read_quirked_by_qr(quirks, TD_CHIP_READ_CHECKIN, &reader);
	GPtrArray *steps;

	/* one key tried, BAC: the CAN the QR code gives first was skipped */
	g_assert_cmpuint(td_chip_reader_get_keys_tried(reader), ==, 1);
	td_test_assert_an(doc);
	g_assert_cmpstr(td_chip_reader_get_access_method(reader), ==, "BAC");
	steps = td_chip_reader_get_steps(reader);
	g_assert_cmpstr(((TdChipReadStep *)g_ptr_array_index(steps, 0))->name, ==, "EF.CardAccess");
	for (guint i = 0; i < steps->len; i++)
		g_assert_cmpstr(((TdChipReadStep *)g_ptr_array_index(steps, i))->name, !=, "PACE");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/chip-reader/read-from-qr", test_read_from_qr);
	g_test_add_func("/chip-reader/read-from-id-and-dates", test_read_from_id_and_dates);
	g_test_add_func("/chip-reader/read-from-mrz", test_read_from_mrz);
	g_test_add_func("/chip-reader/expiry-candidates-tried-in-turn", test_expiry_candidates_tried_in_turn);
	g_test_add_func("/chip-reader/wrong-key", test_wrong_key);
	g_test_add_func("/chip-reader/bac-key-needed", test_bac_key_needed);
	g_test_add_func("/chip-reader/card-access-unreadable", test_card_access_unreadable);
	g_test_add_func("/chip-reader/pace-refused-each-way", test_pace_refused_each_way);
	g_test_add_func("/chip-reader/dg13/every-container", test_dg13_every_container);
	g_test_add_func("/chip-reader/dg13/bad-entries", test_dg13_bad_entries);
	g_test_add_func("/chip-reader/dg13/without-name", test_dg13_without_name);
	return g_test_run();
}
