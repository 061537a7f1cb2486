/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Access keys from the three sources, MRZ check digits and the expiry
 * dates derived from the renewal-age rule. */
#include <string.h>

#include "td-access-key.h"
#include "td-mrz.h"
#include "td-reader-error.h"

static void
test_check_digit(void)
{
	/* ICAO 9303-3 examples. */
	g_assert_cmpint(td_mrz_check_digit("L898902C<", -1), ==, '3');
	g_assert_cmpint(td_mrz_check_digit("690806", -1), ==, '1');
	g_assert_cmpint(td_mrz_check_digit("940623", -1), ==, '6');
	g_assert_cmpint(td_mrz_check_digit("D23145890", -1), ==, '7');
	g_assert_cmpint(td_mrz_check_digit("<<<<", -1), ==, '0');
}

/* ICAO 9303-5 appendix: the TD1 specimen. */
#define SPECIMEN_TD1 "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"

static void
test_mrz_td1_specimen(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdMrz) mrz = td_mrz_parse_td1(SPECIMEN_TD1, FALSE, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(mrz->document_code, ==, "I");
	g_assert_cmpstr(mrz->issuing_state, ==, "UTO");
	g_assert_cmpstr(mrz->document_number, ==, "D23145890");
	g_assert_cmpstr(mrz->birth_yymmdd, ==, "740812");
	g_assert_cmpint(mrz->sex, ==, 'F');
	g_assert_cmpstr(mrz->expiry_yymmdd, ==, "120415");
	g_assert_cmpstr(mrz->primary_identifier, ==, "ERIKSSON");
	g_assert_cmpstr(mrz->secondary_identifier, ==, "ANNA MARIA");
	g_assert_null(td_mrz_get_id_number(mrz));
}

/* What the reader was given was refused as input: an error, nothing back.
 * result is what the call returned (only looked at). */
static void
assert_invalid_input(gconstpointer result, GError **error)
{
	g_assert_error(*error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
	g_assert_null(result);
}

static void
test_mrz_bad_check_digits(void)
{
	const gchar *broken[] = {
		/* document number check digit 7 -> 8 */
		"I<UTOD231458908<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
		/* birth date check digit */
		"I<UTOD231458907<<<<<<<<<<<<<<<7408123F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
		/* expiry check digit */
		"I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204158UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
		/* composite */
		"I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<7ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
		/* too short */
		"I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6",
		/* lower case is not MRZ */
		"i<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
	};
	for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdMrz) mrz = td_mrz_parse_td1(broken[i], FALSE, &error);
		assert_invalid_input(mrz, &error);
	}
}

/* A CCCD-style MRZ: the 12-digit ID and its check digit in optional data. */
static gchar *
make_cccd_mrz(const gchar *id12, const gchar *birth, gchar sex, const gchar *expiry)
{
	g_autofree gchar *line1 = NULL;
	g_autofree gchar *line2_start = NULL;
	g_autofree gchar *composite = NULL;
	gchar doc_cd = td_mrz_check_digit(id12 + 3, 9);
	gchar id_cd = td_mrz_check_digit(id12, 12);

	line1 = g_strdup_printf("IDVNM%.9s%c%s%c<<", id12 + 3, doc_cd, id12, id_cd);
	line2_start = g_strdup_printf("%s%c%c%s%cVNM", birth, td_mrz_check_digit(birth, 6), sex, expiry,
				      td_mrz_check_digit(expiry, 6));
	composite = g_strdup_printf("%.25s%.7s%.7s%s", line1 + 5, line2_start, line2_start + 8, "<<<<<<<<<<<");
	return g_strdup_printf("%s\n%s<<<<<<<<<<<%c\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<", line1, line2_start,
			       td_mrz_check_digit(composite, -1));
}

static void
test_mrz_cccd_keys(void)
{
	g_autofree gchar *text = make_cccd_mrz("001090012345", "900101", 'M', "300101");
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_mrz(text, &error);
	const TdAccessKey *key;

	g_assert_no_error(error);
	g_assert_cmpstr(td_access_key_list_get_id_number(keys), ==, "001090012345");
	g_assert_cmpuint(td_access_key_list_get_length(keys), ==, 2);
	key = td_access_key_list_get(keys, 0);
	g_assert_cmpint(key->kind, ==, TD_ACCESS_KEY_PACE_MRZ);
	key = td_access_key_list_get(keys, 1);
	g_assert_cmpint(key->kind, ==, TD_ACCESS_KEY_BAC);
	g_assert_cmpstr(key->document_number, ==, "090012345");
	g_assert_cmpstr(key->birth_yymmdd, ==, "900101");
	g_assert_cmpstr(key->expiry_yymmdd, ==, "300101");
}

static GDateTime *
day(gint y, gint m, gint d)
{
	return g_date_time_new_utc(y, m, d, 12, 0, 0);
}

static void
assert_bac_expiries(const TdAccessKeyList *keys, const gchar *const *expected)
{
	guint n = 0;
	for (guint i = 0; i < td_access_key_list_get_length(keys); i++) {
		const TdAccessKey *key = td_access_key_list_get(keys, i);
		if (key->kind != TD_ACCESS_KEY_BAC)
			continue;
		g_assert_nonnull(expected[n]);
		g_assert_cmpstr(key->expiry_yymmdd, ==, expected[n]);
		n++;
	}
	g_assert_null(expected[n]);
}

static void
test_qr_seven_fields(void)
{
	g_autoptr(GDateTime) today = day(2026, 11, 23);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(
		"001090012345|123456789|Nguyễn Văn An|01011990|Nam|Số 1, Hà Nội|15032021", today, &error);
	const TdAccessKey *key;
	const gchar *expected[] = {"300101", "500101", NULL};

	g_assert_no_error(error);
	g_assert_cmpstr(td_access_key_list_get_id_number(keys), ==, "001090012345");
	key = td_access_key_list_get(keys, 0);
	g_assert_cmpint(key->kind, ==, TD_ACCESS_KEY_PACE_CAN);
	g_assert_cmpstr(key->can, ==, "012345");
	key = td_access_key_list_get(keys, 1);
	g_assert_cmpstr(key->document_number, ==, "090012345");
	g_assert_cmpstr(key->birth_yymmdd, ==, "900101");
	assert_bac_expiries(keys, expected);
}

static void
test_qr_six_fields(void)
{
	g_autoptr(GDateTime) today = day(2026, 11, 23);
	g_autoptr(GError) error = NULL;
	/* Issued at 24 and a half: within two years of 25, so valid to 40. */
	g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(
		"079196001234|Trần Thị Bích Ngọc|01071996|Nữ|Quận 1, TP. Hồ Chí Minh|15012021", today, &error);
	const gchar *expected[] = {"360701", "210701", "560701", NULL};

	g_assert_no_error(error);
	assert_bac_expiries(keys, expected);
}

/* Born in 1940, day and month not known (the chip's 00/00/1940, common
 * among the elderly): the QR was refused whole, and with it the PACE key
 * that needs only the ID; now PACE alone (no BAC key can be made). */
static void
test_qr_birth_year_only(void)
{
	g_autoptr(GDateTime) today = day(2026, 11, 23);
	const gchar *qrs[] = {
	    "079040001234||Nguyễn Văn Bình|00001940|Nam|Xã An Bình, An Giang|15012021",
	    "079040001234||Nguyễn Văn Bình|00031940|Nam|Xã An Bình, An Giang|15012021",
	};

	for (guint i = 0; i < G_N_ELEMENTS(qrs); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(qrs[i], today, &error);

		g_assert_no_error(error);
		g_assert_cmpuint(td_access_key_list_get_length(keys), ==, 1);
		g_assert_cmpint(td_access_key_list_get(keys, 0)->kind, ==, TD_ACCESS_KEY_PACE_CAN);
		g_assert_cmpstr(td_access_key_list_get(keys, 0)->can, ==, "001234");
		g_assert_cmpstr(td_access_key_list_get_id_number(keys), ==, "079040001234");
	}
}

static void
test_qr_malformed(void)
{
	g_autoptr(GDateTime) today = day(2026, 11, 23);
	const gchar *bad[] = {
		"",
		"001090012345",
		"00109001234|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|15032021",   /* 11 digits */
		"001090012345|123456789|Nguyễn Văn An|32011990|Nam|Hà Nội|15032021",  /* day 32 */
		"001090012345|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|1503202",   /* short date */
		"00109001234X|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|15032021|", /* not an ID, a field more */
		"DN4797924012345|4e677579e1bb856e2056c4836e20416e|01/01/1990|1|Hà Nội|01/01/2024|", /* a BHYT card's */
		"|123456789|Nguyễn Văn An|01011990|Nam|Hà Nội|15032021|x",
		"\xff\xfe|bad utf8",
	};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(bad[i], today, &error);
		assert_invalid_input(keys, &error);
	}
}

/* QR texts of another shape than DOMAIN.md's six or seven fields, after a
 * whole ID: a separator after the issue date, fields a newer card adds
 * after the seventh, a layout not known, a read cut short. Before, each
 * was refused whole, and the patient holding the card to the scanner saw
 * nothing happen; the ID alone opens the chip with PACE. */
static void
test_qr_other_shapes(void)
{
	g_autoptr(GDateTime) today = day(2026, 11, 23);
	const struct {
		const gchar *text;
		gboolean with_bac;	/* the birth date's BAC keys */
		gboolean issue_unknown; /* ... for an issue date not known */
	} cases[] = {
	    {"001090012345|123456789|Nguyễn Văn An|01011990|Nam|Số 1, Hà Nội|15032021|", TRUE},
	    {"001090012345|123456789|Nguyễn Văn An|01011990|Nam|Số 1, Hà Nội|15032021||", TRUE},
	    {"001090012345|123456789|Nguyễn Văn An|01011990|Nam|Số 1, Hà Nội|15032021|Hà Nội|01012041", TRUE},
	    /* the six-field form with a separator after it: seven fields,
	     * the birth date where the six-field form has it */
	    {"001090012345|Nguyễn Văn An|01011990|Nam|Số 1, Hà Nội|15032021|", TRUE},
	    /* another shape whose issue date does not read: the birth date's
	     * keys all the same */
	    {"001090012345|123456789|Nguyễn Văn An|01011990|Nam|Số 1, Hà Nội|1503|x", TRUE, TRUE},
	    /* nor its birth date: the ID alone */
	    {"001090012345|123456789|Nguyễn Văn An|32011990|Nam|Số 1, Hà Nội|15032021|x", FALSE},
	    {"001090012345|Nguyễn Văn An|Nam|Số 1, Hà Nội|x|y|z|w", FALSE},
	    {"001090012345|123456789|Nguyễn Văn An|0101", FALSE},
	    {"001090012345|", FALSE},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(cases[i].text, today, &error);
		const TdAccessKey *key;

		g_assert_no_error(error);
		g_assert_cmpstr(td_access_key_list_get_id_number(keys), ==, "001090012345");
		key = td_access_key_list_get(keys, 0);
		g_assert_cmpint(key->kind, ==, TD_ACCESS_KEY_PACE_CAN);
		g_assert_cmpstr(key->can, ==, "012345");
		if (cases[i].with_bac && cases[i].issue_unknown) {
			g_assert_cmpuint(td_access_key_list_get_length(keys), >, 2);
			g_assert_cmpstr(td_access_key_list_get(keys, 1)->birth_yymmdd, ==, "900101");
		} else if (cases[i].with_bac) {
			const gchar *expected[] = {"300101", "500101", NULL};
			assert_bac_expiries(keys, expected);
		} else {
			g_assert_cmpuint(td_access_key_list_get_length(keys), ==, 1);
		}
	}
}

/* The renewal-age rule: the expiry dates tried, most likely first, for a
 * birth date and an issue date (0 0 0: not known) on a given day. */
typedef struct {
	gint birth[3], issue[3], today[3];
	const gchar *expected[6];
} ExpiryCase;

static const ExpiryCase expiry_cases[] = {
	{{1990, 5, 10}, {2021, 3, 1}, {2026, 11, 23}, {"300510", "500510", NULL}},  /* at 30 */
	{{1958, 3, 3}, {2021, 6, 1}, {2026, 11, 23}, {"991231", NULL}},	    /* at 63 */
	{{1962, 6, 1}, {2021, 2, 1}, {2026, 11, 23}, {"991231", "220601", NULL}},   /* near 60 */
	/* Issued at 12, within two years of 14: valid to 25. */
	{{2012, 9, 9}, {2025, 1, 1}, {2026, 11, 23}, {"370909", "260909", "520909", NULL}},
	{{1990, 5, 10}, {0, 0, 0}, {2026, 11, 23}, {"300510", "500510", "150510", NULL}}, /* issue unknown */
	/* past 60, issue unknown: no expiry, or a card issued before 58
	 * that ran to the 60th birthday (before, never tried) */
	{{1965, 3, 1}, {0, 0, 0}, {2026, 11, 23}, {"991231", "250301", NULL}},
	/* Birthday 29 February: the 25th birthday, in 2025, is read as 28
	 * February or 1 March (nothing says which a card writes: before,
	 * only the first was tried); 2040 has a 29 February */
	{{2000, 2, 29}, {2021, 1, 1}, {2026, 11, 23}, {"250228", "250301", "400229", NULL}},
	{{2004, 2, 29}, {0, 0, 0}, {2026, 11, 23}, {"290228", "290301", "440229", "180228", "180301", NULL}},
};

static GDate *
ymd(const gint date[3])
{
	return g_date_new_dmy((GDateDay)date[2], (GDateMonth)date[1], (GDateYear)date[0]);
}

static void
test_expiry_rule(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(expiry_cases); i++) {
		const ExpiryCase *c = &expiry_cases[i];
		g_autoptr(GDate) birth = ymd(c->birth);
		g_autoptr(GDate) issue = c->issue[0] > 0 ? ymd(c->issue) : NULL;
		g_autoptr(GDate) today = ymd(c->today);
		g_autoptr(GPtrArray) got = td_expiry_candidates(birth, issue, today);
		g_ptr_array_add(got, NULL);
		g_assert_cmpstrv((const gchar *const *)got->pdata, c->expected);
	}
}

/* A birth date typed whole keeps its century: born 10/05/1926, a card with
 * no expiry (before, the year went as 26, was taken for 2026, and only a
 * newborn's expiries were tried). */
static void
test_birth_date_typed_whole(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) today = g_date_time_new_local(2026, 11, 23, 10, 0, 0);
	g_autoptr(TdAccessKeyList) keys =
	    td_access_key_list_new_from_birth_date("001026012345", 10, 5, 1926, today, &error);
	gboolean no_expiry_tried = FALSE;

	g_assert_no_error(error);
	g_assert_cmpint(td_access_key_list_get(keys, 0)->kind, ==, TD_ACCESS_KEY_PACE_CAN);
	for (guint i = 1; i < td_access_key_list_get_length(keys); i++) {
		const TdAccessKey *key = td_access_key_list_get(keys, i);
		g_assert_cmpstr(key->birth_yymmdd, ==, "260510");
		g_assert_cmpstr(key->document_number, ==, "026012345");
		no_expiry_tried |= g_str_equal(key->expiry_yymmdd, "991231");
	}
	g_assert_true(no_expiry_tried);
	g_assert_null(td_access_key_list_new_from_birth_date("001026012345", 30, 2, 1990, today, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
}

static void
test_id_only_is_pace(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_id("001090012345", NULL, NULL, NULL, &error);

	g_assert_no_error(error);
	g_assert_cmpuint(td_access_key_list_get_length(keys), ==, 1);
	g_assert_cmpint(td_access_key_list_get(keys, 0)->kind, ==, TD_ACCESS_KEY_PACE_CAN);
}

static void
test_id_validation(void)
{
	/* an ID that is not 12 digits, or a birth date that is no date */
	const struct {
		const gchar *id, *birth_yymmdd;
	} bad[] = {
		{"00109001234", NULL}, {"0010900123456", NULL}, {"00109001234a", NULL}, {"", NULL}, {"001090012345", "901301"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdAccessKeyList) keys =
			td_access_key_list_new_from_id(bad[i].id, bad[i].birth_yymmdd, NULL, NULL, &error);
		assert_invalid_input(keys, &error);
	}
}

/* What a scanner typed, read as the kiosk reads it: the front's QR code,
 * the ID number alone (a scanner set to send only that), the back's MRZ;
 * anything else refused without quoting it (it is a patient's data). */
static void
test_scan_text(void)
{
	g_autoptr(GDateTime) today = day(2026, 11, 23);
	g_autofree gchar *mrz = make_cccd_mrz("001090012345", "900101", 'M', "300101");
	g_autoptr(TdAccessKeyList) from_qr = td_access_key_list_new_from_scan(
	    "079196001234|Trần Thị Bích Ngọc|01071996|Nữ|Quận 1, TP. Hồ Chí Minh|15012021", today, NULL);
	g_autoptr(TdAccessKeyList) from_id = td_access_key_list_new_from_scan("079203012345", today, NULL);
	g_autoptr(TdAccessKeyList) from_mrz = td_access_key_list_new_from_scan(mrz, today, NULL);
	g_autoptr(TdAccessKeyList) refused = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_nonnull(from_qr);
	g_assert_cmpstr(td_access_key_list_get_id_number(from_qr), ==, "079196001234");
	g_assert_cmpint(td_access_key_list_get(from_qr, td_access_key_list_get_length(from_qr) - 1)->kind, ==,
			TD_ACCESS_KEY_BAC);
	g_assert_nonnull(from_id);
	g_assert_cmpuint(td_access_key_list_get_length(from_id), ==, 1);
	g_assert_cmpint(td_access_key_list_get(from_id, 0)->kind, ==, TD_ACCESS_KEY_PACE_CAN);
	g_assert_nonnull(from_mrz);
	g_assert_cmpstr(td_access_key_list_get_id_number(from_mrz), ==, "001090012345");
	refused = td_access_key_list_new_from_scan("Nguyễn Văn Bình 0790400", today, &error);
	g_assert_null(refused);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
	g_assert_null(strstr(error->message, "Bình"));
	g_assert_null(strstr(error->message, "0790400"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/access-key/check-digit", test_check_digit);
	g_test_add_func("/access-key/mrz/td1-specimen", test_mrz_td1_specimen);
	g_test_add_func("/access-key/mrz/bad-check-digits", test_mrz_bad_check_digits);
	g_test_add_func("/access-key/mrz/cccd-keys", test_mrz_cccd_keys);
	g_test_add_func("/access-key/qr/seven-fields", test_qr_seven_fields);
	g_test_add_func("/access-key/qr/six-fields", test_qr_six_fields);
	g_test_add_func("/access-key/qr/birth-year-only", test_qr_birth_year_only);
	g_test_add_func("/access-key/qr/malformed", test_qr_malformed);
	g_test_add_func("/access-key/qr/other-shapes", test_qr_other_shapes);
	g_test_add_func("/access-key/expiry-rule", test_expiry_rule);
	g_test_add_func("/access-key/birth-date-typed-whole", test_birth_date_typed_whole);
	g_test_add_func("/access-key/id-only-is-pace", test_id_only_is_pace);
	g_test_add_func("/access-key/id-validation", test_id_validation);
	g_test_add_func("/access-key/scan-text", test_scan_text);
	return g_test_run();
}
