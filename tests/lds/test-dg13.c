/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DG13 from bytes written by hand, entry by entry, with their lengths
 * counted by hand: nothing here comes from the virtual chip's builder, so
 * the parser is not tested against a second copy of its own assumptions
 * (that is how the entries-in-the-SEQUENCE mistake went unseen). The
 * layout is DOMAIN.md §2's: 6D { SEQUENCE { INTEGER 1, OID 1.0.10646.1.0.8,
 * SET { SEQUENCE { INTEGER n, value }... } } }. Every person is made up.
 *
 * In five parts, each under its heading: the entries' bytes; whole files
 * and the checks they share; one card's fields (dates, old IDs, entries
 * unknown, twice or missing); the layouts and string types a card may
 * use; and what does not read: one entry wrong among good ones (which
 * costs that field only), a required entry unusable, a broken file. */
#include "config.h"

#include <string.h>

#include "td-dg13.h"
#include "td-reader-error.h"
#include "td-test-hex.h"
#include "td-test-lds.h"

/* INTEGER 1 (version), OID 1.0.10646.1.0.8 (28 = 1.0, D3 16 = 10646) */
#define HDR "02 01 01  06 06 28 D3 16 01 00 08"

/* ---- the entries: SEQUENCE { INTEGER n, string }, string bytes in hex ---- */

/* 1: PrintableString "001099012345" */
#define E1 "30 11  02 01 01  13 0C 30 30 31 30 39 39 30 31 32 33 34 35"
/* 1 as UTF8String: allowed too */
#define E1_UTF8 "30 11  02 01 01  0C 0C 30 30 31 30 39 39 30 31 32 33 34 35"
/* 2: UTF8String "Nguyễn Văn An" (ễ E1 BB 85, ă C4 83) */
#define E2 "30 15  02 01 02  0C 10 4E 67 75 79 E1 BB 85 6E 20 56 C4 83 6E 20 41 6E"
/* 2 as PrintableString "NGUYEN VAN AN" */
#define E2_PRINTABLE "30 12  02 01 02  13 0D 4E 47 55 59 45 4E 20 56 41 4E 20 41 4E"
/* 3: PrintableString "15/08/1990" */
#define E3 "30 0F  02 01 03  13 0A 31 35 2F 30 38 2F 31 39 39 30"
/* 3 as UTF8String */
#define E3_UTF8 "30 0F  02 01 03  0C 0A 31 35 2F 30 38 2F 31 39 39 30"
/* 3: "31/02/1990", no such day */
#define E3_BAD "30 0F  02 01 03  13 0A 33 31 2F 30 32 2F 31 39 39 30"
/* 3: "00/00/1940", the birth year only */
#define E3_YEAR "30 0F  02 01 03  13 0A 30 30 2F 30 30 2F 31 39 34 30"
/* 4: UTF8String "Nam" */
#define E4 "30 08  02 01 04  0C 03 4E 61 6D"
/* 4: UTF8String "Nữ" (ữ E1 BB AF) */
#define E4_NU "30 09  02 01 04  0C 04 4E E1 BB AF"
/* 5: UTF8String "Việt Nam" (ệ E1 BB 87) */
#define E5 "30 0F  02 01 05  0C 0A 56 69 E1 BB 87 74 20 4E 61 6D"
/* 6: UTF8String "Kinh" */
#define E6 "30 09  02 01 06  0C 04 4B 69 6E 68"
/* 7: UTF8String "Không" (ô C3 B4) */
#define E7 "30 0B  02 01 07  0C 06 4B 68 C3 B4 6E 67"
/* 7: BMPString "Không", UCS-2 big-endian */
#define E7_BMP "30 0F  02 01 07  1E 0A 00 4B 00 68 00 F4 00 6E 00 67"
/* 8: UTF8String "Hà Nội" (à C3 A0, ộ E1 BB 99) */
#define E8 "30 0E  02 01 08  0C 09 48 C3 A0 20 4E E1 BB 99 69"
/* 9: UTF8String "Quận 1, Hà Nội" (ậ E1 BA AD) */
#define E9 "30 18  02 01 09  0C 13 51 75 E1 BA AD 6E 20 31 2C 20 48 C3 A0 20 4E E1 BB 99 69"
/* 10: UTF8String "Nốt ruồi" (ố E1 BB 91, ồ E1 BB 93) */
#define E10 "30 11  02 01 0A  0C 0C 4E E1 BB 91 74 20 72 75 E1 BB 93 69"
/* 11: PrintableString "10/05/2021" */
#define E11 "30 0F  02 01 0B  13 0A 31 30 2F 30 35 2F 32 30 32 31"
/* 12: UTF8String "15/08/2030" */
#define E12 "30 0F  02 01 0C  0C 0A 31 35 2F 30 38 2F 32 30 33 30"
/* 12: UTF8String "Không thời hạn" (ô C3 B4, ờ E1 BB 9D, ạ E1 BA A1) */
#define E12_NO_EXPIRY "30 18  02 01 0C  0C 13 4B 68 C3 B4 6E 67 20 74 68 E1 BB 9D 69 20 68 E1 BA A1 6E"
/* the parents' names: "Nguyễn Văn Bình" (ì C3 AC), "Trần Thị Cúc" (ầ E1 BA
 * A7, ị E1 BB 8B, ú C3 BA) */
#define FATHER "0C 13 4E 67 75 79 E1 BB 85 6E 20 56 C4 83 6E 20 42 C3 AC 6E 68"
#define MOTHER "0C 11 54 72 E1 BA A7 6E 20 54 68 E1 BB 8B 20 43 C3 BA 63"
/* 13: SEQUENCE { 13, SEQUENCE { father, mother } } */
#define E13_ONE "30 2D  02 01 0D  30 28 " FATHER MOTHER
/* 13: SEQUENCE { 13, SEQUENCE { father }, SEQUENCE { mother } } */
#define E13_TWO "30 2F  02 01 0D  30 15 " FATHER "30 13 " MOTHER
/* 13: the father unknown, his place kept by an empty SEQUENCE:
 * SEQUENCE { 13, SEQUENCE {}, SEQUENCE { mother } } */
#define E13_MOTHER_EMPTY_SEQUENCE "30 1A  02 01 0D  30 00  30 13 " MOTHER
/* 13: the same by an empty UTF8String: SEQUENCE { 13, SEQUENCE { "", mother } } */
#define E13_MOTHER_EMPTY_STRING "30 1A  02 01 0D  30 15 0C 00 " MOTHER
/* 9: a residence of 208 bytes: long-form lengths inside the entry
 * (30 81 D6, 0C 81 D0), as Vietnamese addresses past 127 bytes have */
#define E9_LONG                                                                                                        \
	"30 81 D6 02 01 09 0C 81 D0 54 68 C3 B4 6E 20 C4 90 C3 B4 6E 67 20 48 E1 BA A1 2C 20 78 C3 A3 20 54 C3 A2 6E " \
	"20 50 68 C3 BA 2C 20 68 75 79 E1 BB 87 6E 20 C4 90 C3 B4 6E 67 20 53 C6 A1 6E 2C 20 74 E1 BB 89 6E 68 20 54 " \
	"68 61 6E 68 20 48 C3 B3 61 3B 20 6E C6 A1 69 20 E1 BB 9F 20 68 69 E1 BB 87 6E 20 74 E1 BA A1 69 3A 20 53 E1 " \
	"BB 91 20 31 32 33 20 6E 67 C3 B5 20 34 35 20 6E 67 C3 A1 63 68 20 36 37 20 C4 91 C6 B0 E1 BB 9D 6E 67 20 4E " \
	"67 75 79 E1 BB 85 6E 20 54 72 C3 A3 69 2C 20 70 68 C6 B0 E1 BB 9D 6E 67 20 54 68 61 6E 68 20 58 75 C3 A2 6E " \
	"20 54 72 75 6E 67 2C 20 71 75 E1 BA AD 6E 20 54 68 61 6E 68 20 58 75 C3 A2 6E 2C 20 48 C3 A0 20 4E E1 BB 99 69"
#define RESIDENCE_LONG                                                                                                 \
	"Thôn Đông Hạ, xã Tân Phú, huyện Đông Sơn, tỉnh Thanh Hóa; nơi ở hiện tại: Số 123 ngõ 45 ngách 67 đường "      \
	"Nguyễn Trãi, phường Thanh Xuân Trung, quận Thanh Xuân, Hà Nội"
/* 4: "Nam" with lengths longer than they need be (30 82 00 09, 0C 81 03):
 * BER allows them, and a card written by a BER encoder has them */
#define E4_LONG_LENGTHS "30 82 00 09  02 01 04  0C 81 03 4E 61 6D"
/* 12: "KHÔNG  THỜI HẠN": capitals, two spaces, a no-break space (C2 A0) */
#define E12_NO_EXPIRY_SPACED                                                                                           \
	"30 1A  02 01 0C  0C 15 4B 48 C3 94 4E 47 20 20 54 48 E1 BB 9C 49 C2 A0 48 E1 BA A0 4E"
/* 13: both parents, then an empty SEQUENCE after them: still two names
 * (the place kept holds nothing) */
#define E13_TRAILING_EMPTY "30 2F  02 01 0D  30 28 " FATHER MOTHER " 30 00"
/* 13: one empty UTF8String under ten SEQUENCEs */
#define E13_DEEP "30 19  02 01 0D  30 14 30 12 30 10 30 0E 30 0C 30 0A 30 08 30 06 30 04 30 02 0C 00"
/* 14: SEQUENCE { 14, SEQUENCE { "Lê Thị Dung" } } (ê C3 AA, ị E1 BB 8B) */
#define E14 "30 15  02 01 0E  30 10 0C 0E 4C C3 AA 20 54 68 E1 BB 8B 20 44 75 6E 67"
/* 15: PrintableString "385123456" */
#define E15 "30 0E  02 01 0F  13 09 33 38 35 31 32 33 34 35 36"
/* 16: PrintableString "ABCDEF0123456789" */
#define E16 "30 15  02 01 10  13 10 41 42 43 44 45 46 30 31 32 33 34 35 36 37 38 39"
/* 16: PrintableString "191234567", the old ID where 2024 cards are said to
 * put it */
#define E16_OLD_ID "30 0E  02 01 10  13 09 31 39 31 32 33 34 35 36 37"
/* 20: an entry of a later card generation, UTF8String "later" */
#define E20 "30 0A  02 01 14  0C 05 6C 61 74 65 72"

/* ---- whole files ---- */

/* Every entry, as real cards hold them: 16 entries = 314 bytes of SET,
 * + 4 = 318, + 11 of header = 329 (01 49) of SEQUENCE, + 4 = 333 (01 4D). */
#define DG13_SET_FULL                                                                                                  \
	"6D 82 01 4D  30 82 01 49 " HDR " 31 82 01 3A " E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 E11 E12 E13_ONE E14 E15 E16
/* the same with the parents two SEQUENCEs deep: two bytes more */
#define DG13_SET_FULL_TWO_SEQUENCES                                                                                    \
	"6D 82 01 4F  30 82 01 4B " HDR " 31 82 01 3C " E1 E2 E3 E4 E5 E6 E7 E8 E9 E10 E11 E12 E13_TWO E14 E15 E16

/* The citizen of DG13_SET_FULL. */
#define ID "001099012345"
#define NAME "Nguy\xE1\xBB\x85n V\xC4\x83n An"
#define FATHER_NAME "Nguy\xE1\xBB\x85n V\xC4\x83n B\xC3\xACnh"
#define MOTHER_NAME "Tr\xE1\xBA\xA7n Th\xE1\xBB\x8B C\xC3\xBA\x63"
#define SPOUSE_NAME "L\xC3\xAA Th\xE1\xBB\x8B Dung"

/* Values no warning may repeat: warnings go to logs, values are personal. */
static const gchar *const personal_values[] = {
	ID, "Nguy", "NGUYEN", "15/08", "31/02", "1990", "Kinh", "Kh\xC3\xB4ng", "Vi\xE1\xBB\x87t", "H\xC3\xA0",
	"later", "385123456", "191234567", "ABCDEF", NULL,
};

static void
assert_warnings_free_of_values(const TdDg13 *dg13)
{
	g_assert_nonnull(dg13->warnings);
	for (guint i = 0; i < dg13->warnings->len; i++) {
		const gchar *warning = g_ptr_array_index(dg13->warnings, i);
		g_test_message("warning: %s", warning);
		g_assert_true(g_utf8_validate(warning, -1, NULL));
		for (guint j = 0; personal_values[j] != NULL; j++)
			g_assert_null(strstr(warning, personal_values[j]));
	}
}

static TdDg13 *
parse_hex(const gchar *hex)
{
	g_autoptr(GBytes) file = td_test_hex(hex);
	g_autoptr(GError) error = NULL;
	TdDg13 *dg13 = td_dg13_parse(file, &error);

	g_assert_no_error(error);
	g_assert_nonnull(dg13);
	assert_warnings_free_of_values(dg13);
	return dg13;
}

/* Parsing fails, naming this in the error. */
static void
parse_hex_fails(const gchar *hex, const gchar *message_part)
{
	g_autoptr(GBytes) file = td_test_hex(hex);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg13) dg13 = td_dg13_parse(file, &error);

	g_assert_null(dg13);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	g_test_message("error: %s", error->message);
	if (message_part != NULL)
		g_assert_nonnull(strstr(error->message, message_part));
	for (guint j = 0; personal_values[j] != NULL; j++)
		g_assert_null(strstr(error->message, personal_values[j]));
}

static void
assert_date(const TdDate *date, guint year, guint month, guint day, TdDatePrecision precision)
{
	g_assert_nonnull(date);
	g_assert_cmpuint(date->year, ==, year);
	g_assert_cmpuint(date->month, ==, month);
	g_assert_cmpuint(date->day, ==, day);
	g_assert_cmpint(date->precision, ==, precision);
}

static void
assert_one_warning(const TdDg13 *dg13, const gchar *expected)
{
	g_assert_cmpuint(dg13->warnings->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(dg13->warnings, 0), ==, expected);
}

/* The two entries every card must have, as DG13_SET_FULL holds them. */
static void
assert_id_and_name(const TdDg13 *dg13)
{
	g_assert_cmpstr(dg13->id_number, ==, ID);
	g_assert_cmpstr(dg13->full_name, ==, NAME);
}

/* ---- one card's fields ---- */

/* DG13_SET_FULL's citizen, every field read. */
static void
test_full(gconstpointer hex)
{
	g_autoptr(TdDg13) dg13 = parse_hex(hex);

	assert_id_and_name(dg13);
	assert_date(dg13->date_of_birth, 1990, 8, 15, TD_DATE_PRECISION_DAY);
	g_assert_cmpstr(dg13->sex, ==, "Nam");
	g_assert_cmpstr(dg13->nationality, ==, "Vi\xE1\xBB\x87t Nam");
	g_assert_cmpstr(dg13->ethnicity, ==, "Kinh");
	g_assert_cmpstr(dg13->religion, ==, "Kh\xC3\xB4ng");
	g_assert_cmpstr(dg13->place_of_origin, ==, "H\xC3\xA0 N\xE1\xBB\x99i");
	g_assert_cmpstr(dg13->place_of_residence, ==, "Qu\xE1\xBA\xADn 1, H\xC3\xA0 N\xE1\xBB\x99i");
	g_assert_cmpstr(dg13->identification_features, ==, "N\xE1\xBB\x91t ru\xE1\xBB\x93i");
	assert_date(dg13->issue_date, 2021, 5, 10, TD_DATE_PRECISION_DAY);
	assert_date(dg13->expiry_date, 2030, 8, 15, TD_DATE_PRECISION_DAY);
	g_assert_false(dg13->no_expiry);
	g_assert_cmpstr(dg13->father_name, ==, FATHER_NAME);
	g_assert_cmpstr(dg13->mother_name, ==, MOTHER_NAME);
	g_assert_cmpstr(dg13->spouse_name, ==, SPOUSE_NAME);
	g_assert_cmpstr(dg13->old_id_number, ==, "385123456");
	g_assert_cmpstr(dg13->unknown_field16, ==, "ABCDEF0123456789");
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_no_expiry(void)
{
	/* SET { 1, 2, 12 }: 19 + 23 + 26 = 68 (44) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 53  30 51 " HDR " 31 44 " E1 E2 E12_NO_EXPIRY);

	g_assert_true(dg13->no_expiry);
	g_assert_null(dg13->expiry_date);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

/* One entry the reader cannot take among good ones: the card still reads,
 * with its ID and name, and one warning saying which entry and why. */
static TdDg13 *
parse_with_one_bad_entry(const gchar *hex, const gchar *warning)
{
	TdDg13 *dg13 = parse_hex(hex);

	assert_one_warning(dg13, warning);
	assert_id_and_name(dg13);
	return dg13;
}

static void
test_bmp_entry_among_good_ones(void)
{
	/* SET { 1, 2, 4, 6, 7 (BMPString), 11 }: 19+23+10+11+17+17 = 97 (61) */
	g_autoptr(TdDg13) dg13 = parse_with_one_bad_entry("6D 70  30 6E " HDR " 31 61 " E1 E2 E4 E6 E7_BMP E11,
							  "entry 7 (religion): unexpected string type BMPString");

	g_assert_null(dg13->religion);
	g_assert_cmpstr(dg13->sex, ==, "Nam");
	g_assert_cmpstr(dg13->ethnicity, ==, "Kinh");
	assert_date(dg13->issue_date, 2021, 5, 10, TD_DATE_PRECISION_DAY);
}

static void
test_bad_date_among_good_ones(void)
{
	/* SET { 1, 2, 3 (31/02/1990), 4 }: 19+23+17+10 = 69 (45) */
	g_autoptr(TdDg13) dg13 = parse_with_one_bad_entry(
		"6D 54  30 52 " HDR " 31 45 " E1 E2 E3_BAD E4,
		"entry 3 (date of birth): not a date (dd/mm/yyyy, mm/yyyy or yyyy)");

	g_assert_null(dg13->date_of_birth);
	g_assert_cmpstr(dg13->sex, ==, "Nam");
}

/* Where the old 9-digit ID (CMND) is read from. Entry 15 on the cards the
 * public readers decoded; one public profile has 2024 cards put it at entry
 * 16, where other cards hold 16 hexadecimal characters. */
static void
test_old_id_in_entry_15(void)
{
	/* SET { 1, 2, 15, 16 (nine digits) }: 19+23+16+16 = 74 (4A) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 59  30 57 " HDR " 31 4A " E1 E2 E15 E16_OLD_ID);

	g_assert_cmpstr(dg13->old_id_number, ==, "385123456");
	g_assert_cmpstr(dg13->unknown_field16, ==, "191234567");
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_old_id_in_entry_16(void)
{
	/* SET { 1, 2, 16 (nine digits) }: 19+23+16 = 58 (3A) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 49  30 47 " HDR " 31 3A " E1 E2 E16_OLD_ID);

	assert_id_and_name(dg13);
	g_assert_cmpstr(dg13->old_id_number, ==, "191234567");
	g_assert_null(dg13->unknown_field16);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_no_old_id_entry_16_hex(void)
{
	/* SET { 1, 2, 16 (hexadecimal) }: 19+23+23 = 65 (41) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 50  30 4E " HDR " 31 41 " E1 E2 E16);

	g_assert_null(dg13->old_id_number);
	g_assert_cmpstr(dg13->unknown_field16, ==, "ABCDEF0123456789");
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_unknown_entry_skipped(void)
{
	/* SET { 1, 20, 2 }: 19+12+23 = 54 (36) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 45  30 43 " HDR " 31 36 " E1 E20 E2);

	assert_id_and_name(dg13);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_duplicate_entry(void)
{
	/* SET { 1, 2, 4 "Nam", 4 "Nữ" }: 19+23+10+11 = 63 (3F). Which one the
	 * card meant is unknowable: neither is kept. */
	g_autoptr(TdDg13) dg13 =
		parse_with_one_bad_entry("6D 4E  30 4C " HDR " 31 3F " E1 E2 E4 E4_NU, "entry 4 (sex): appears 2 times");

	g_assert_null(dg13->sex);

	/* SET { 1, 2, 2 }: 19+23+23 = 65 (41): no usable name; the card
	 * still reads, for the desk (td_dg13_parse) */
	{
		g_autoptr(TdDg13) two_names = parse_hex("6D 50  30 4E " HDR " 31 41 " E1 E2 E2);

		g_assert_cmpstr(two_names->id_number, ==, ID);
		g_assert_null(two_names->full_name);
		assert_one_warning(two_names, "entry 2 (full name): appears 2 times");
	}
}

/* An entry whose number's length runs past its end (02 7F with one byte
 * left): before, the walk stopped there and the whole file was lost; the
 * entries before and after it are kept, with a warning. SET { 1, bad, 2 }:
 * 19+5+23 = 47 (2F), SEQUENCE 11+2+47 = 60 (3C). */
static void
test_unreadable_entry_number(void)
{
	g_autoptr(TdDg13) dg13 = parse_hex("6D 3E  30 3C " HDR " 31 2F " E1 "30 03 02 7F 01" E2);

	g_assert_cmpstr(dg13->id_number, ==, ID);
	g_assert_cmpstr(dg13->full_name, ==, NAME);
	g_assert_cmpuint(dg13->warnings->len, ==, 1);
	g_assert_nonnull(strstr(g_ptr_array_index(dg13->warnings, 0), "unreadable bytes"));
}

/* The ID number padded with a space, as dates may be: 13 0D, twelve digits
 * and 20. SET { 1, 2 }: 20+23 = 43 (2B), SEQUENCE 11+2+43 = 56 (38). */
static void
test_id_number_padded(void)
{
	g_autoptr(TdDg13) dg13 = parse_hex("6D 3A  30 38 " HDR " 31 2B "
					   "30 12  02 01 01  13 0D 30 30 31 30 39 39 30 31 32 33 34 35 20" E2);

	g_assert_cmpstr(dg13->id_number, ==, ID);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_missing_required_entries(void)
{
	/* SET { 1, 4 }: 19+10 = 29 (1D): read without a name, and said */
	{
		g_autoptr(TdDg13) nameless = parse_hex("6D 2C  30 2A " HDR " 31 1D " E1 E4);

		g_assert_cmpstr(nameless->id_number, ==, ID);
		g_assert_null(nameless->full_name);
		assert_one_warning(nameless, "entry 2 (full name): missing");
	}
	/* SET { 2, 4 }: 23+10 = 33 (21) */
	parse_hex_fails("6D 30  30 2E " HDR " 31 21 " E2 E4, "entry 1 (ID number): missing");
}

/* ---- layouts and string types ---- */

/* Entries 1, 2 and 3 in each container layout a card may use: the same
 * citizen, no warnings. */
static const struct {
	const gchar *path, *hex;
} layouts[] = {
	/* 6D { INTEGER 1, OID, 1, 2, 3 }: 11+19+23+17 = 70 (46) */
	{"/dg13/layout/flat", "6D 46 " HDR E1 E2 E3},
	/* 6D { SEQUENCE { SEQUENCE { INTEGER 1, OID, SET { 1, 2, 3 } } } }:
	 * SET 59 (3B), inner SEQUENCE 11+61 = 72 (48), outer 74 (4A) */
	{"/dg13/layout/extra-sequence", "6D 4C  30 4A  30 48 " HDR " 31 3B " E1 E2 E3},
	/* 6D { SEQUENCE { INTEGER 1, OID, 1, 2, 3 } }: what tiepdon first
	 * assumed; no card is known to do it, and it still reads */
	{"/dg13/layout/sequence", "6D 48  30 46 " HDR E1 E2 E3},
};

static void
test_layout(gconstpointer hex)
{
	g_autoptr(TdDg13) dg13 = parse_hex(hex);

	assert_id_and_name(dg13);
	assert_date(dg13->date_of_birth, 1990, 8, 15, TD_DATE_PRECISION_DAY);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_string_types_either_way(void)
{
	/* SET { 1 UTF8String, 2 PrintableString, 3 UTF8String }: 19+20+17 = 56 (38) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 47  30 45 " HDR " 31 38 " E1_UTF8 E2_PRINTABLE E3_UTF8);

	g_assert_cmpstr(dg13->id_number, ==, ID);
	g_assert_cmpstr(dg13->full_name, ==, "NGUYEN VAN AN");
	assert_date(dg13->date_of_birth, 1990, 8, 15, TD_DATE_PRECISION_DAY);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_year_only_birth_date(void)
{
	/* SET { 1, 2, 3 "00/00/1940" }: 59 (3B) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 4A  30 48 " HDR " 31 3B " E1 E2 E3_YEAR);

	assert_date(dg13->date_of_birth, 1940, 0, 0, TD_DATE_PRECISION_YEAR);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_shuffled_order(void)
{
	/* SET { 13, 3, 2, 12, 1, 4 }: 47+17+23+17+19+10 = 133 (81 85),
	 * SEQUENCE 11+136 = 147 (81 93), 6D 150 (81 96) */
	g_autoptr(TdDg13) dg13 =
	    parse_hex("6D 81 96  30 81 93 " HDR " 31 81 85 " E13_ONE E3 E2 E12 E1 E4);

	assert_id_and_name(dg13);
	assert_date(dg13->date_of_birth, 1990, 8, 15, TD_DATE_PRECISION_DAY);
	assert_date(dg13->expiry_date, 2030, 8, 15, TD_DATE_PRECISION_DAY);
	g_assert_cmpstr(dg13->sex, ==, "Nam");
	g_assert_cmpstr(dg13->father_name, ==, FATHER_NAME);
	g_assert_cmpstr(dg13->mother_name, ==, MOTHER_NAME);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

/* A card that names the mother only: the father's place kept empty, by
 * an empty SEQUENCE (in the reading with one SEQUENCE a parent) or an
 * empty string. Before, the empty SEQUENCE was passed over and the
 * mother read as the father. (Where the father's place is not kept at
 * all, one name is the father's: DOMAIN.md's order is all there is.) */
static void
test_mother_only(gconstpointer data)
{
	/* SET { 1, 2, 13 }: 17+23+28 = 68+2 = 70 (46), SEQUENCE 11+72 = 83 (53) */
	g_autofree gchar *hex = g_strdup_printf("6D 55  30 53 " HDR " 31 46 " E1 E2 "%s", (const gchar *)data);
	g_autoptr(TdDg13) dg13 = parse_hex(hex);

	assert_id_and_name(dg13);
	g_assert_null(dg13->father_name);
	g_assert_cmpstr(dg13->mother_name, ==, MOTHER_NAME);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

/* The version header's container without its OID, or with the OID
 * after the entries' SET (DOMAIN.md: find the entries wherever they sit
 * under 6D): SEQUENCE { INTEGER 1, SET { entries } } was taken for
 * entry 1, and the card refused ("entry 1: unexpected tag 31"). */
static void
test_header_without_oid(gconstpointer hex)
{
	g_autoptr(TdDg13) dg13 = parse_hex(hex);

	assert_id_and_name(dg13);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

/* Lengths in their long form inside the entries: a 208-byte residence
 * (81 D0) and a sex written with lengths longer than needed. */
static void
test_long_lengths(void)
{
	/* SET { 1, 2, 9, 4 }: 19+23+217+13 = 272 (82 01 10), SEQUENCE
	 * 11+4+272 = 287 (82 01 1F), 6D 291 (82 01 23) */
	g_autoptr(TdDg13) dg13 =
	    parse_hex("6D 82 01 23  30 82 01 1F " HDR " 31 82 01 10 " E1 E2 E9_LONG E4_LONG_LENGTHS);

	assert_id_and_name(dg13);
	g_assert_cmpstr(dg13->place_of_residence, ==, RESIDENCE_LONG);
	g_assert_cmpstr(dg13->sex, ==, "Nam");
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

/* "Không thời hạn" in capitals with the spaces between its words doubled
 * or no-break: no expiry still (before: an unreadable expiry date). */
static void
test_no_expiry_spaced(void)
{
	/* SET { 1, 2, 12 }: 19+23+28 = 70 (46), SEQUENCE 11+72 = 83 (53) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 55  30 53 " HDR " 31 46 " E1 E2 E12_NO_EXPIRY_SPACED);

	g_assert_true(dg13->no_expiry);
	g_assert_null(dg13->expiry_date);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

/* The parents with an empty place after them: both read, no warning
 * (before the places were kept, this read; it must still). */
static void
test_trailing_empty_place(void)
{
	/* SET { 1, 2, 13 }: 19+23+49 = 91 (5B), SEQUENCE 11+93 = 104 (68) */
	g_autoptr(TdDg13) dg13 = parse_hex("6D 6A  30 68 " HDR " 31 5B " E1 E2 E13_TRAILING_EMPTY);

	g_assert_cmpstr(dg13->father_name, ==, FATHER_NAME);
	g_assert_cmpstr(dg13->mother_name, ==, MOTHER_NAME);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
expect_malformed(GBytes *file)
{
	td_test_assert_malformed(TdDg13, td_dg13_parse, file);
}

static void
test_depth_bomb(void)
{
	g_autoptr(GByteArray) deep = g_byte_array_new();
	g_autoptr(GBytes) file = NULL;

	/* twenty SEQUENCEs, then twenty SETs, around nothing */
	parse_hex_fails("6D 28  30 26 30 24 30 22 30 20 30 1E 30 1C 30 1A 30 18 30 16 30 14"
			"30 12 30 10 30 0E 30 0C 30 0A 30 08 30 06 30 04 30 02 30 00",
			"nested too deep");
	parse_hex_fails("6D 28  31 26 31 24 31 22 31 20 31 1E 31 1C 31 1A 31 18 31 16 31 14"
			"31 12 31 10 31 0E 31 0C 31 0A 31 08 31 06 31 04 31 02 31 00",
			"nested too deep");

	/* 100000 SEQUENCEs around nothing (each one's length is the whole of
	 * the one inside): stops at the bound, no stack overflow */
	{
		g_autoptr(GArray) lengths = g_array_new(FALSE, FALSE, sizeof(gsize));
		gsize inner = 0;
		for (guint i = 0; i < 100000; i++) {
			g_array_append_val(lengths, inner);
			inner += inner < 0x80 ? 2 : inner < 0x10000 ? 4 : 5;
		}
		for (guint i = lengths->len; i-- > 0;) {
			gsize len = g_array_index(lengths, gsize, i);
			guint8 header[5] = {i == lengths->len - 1 ? 0x6D : 0x30};
			guint header_len;
			if (len < 0x80) {
				header[1] = (guint8)len;
				header_len = 2;
			} else if (len < 0x10000) {
				header[1] = 0x82;
				header[2] = (guint8)(len >> 8);
				header[3] = (guint8)len;
				header_len = 4;
			} else {
				header[1] = 0x83;
				header[2] = (guint8)(len >> 16);
				header[3] = (guint8)(len >> 8);
				header[4] = (guint8)len;
				header_len = 5;
			}
			g_byte_array_append(deep, header, header_len);
		}
	}
	file = g_bytes_new(deep->data, deep->len);
	expect_malformed(file);

	/* too deep inside one entry costs that entry only: SET { 1, 2, 13 deep }
	 * = 19+23+27 = 69 (45) */
	{
		g_autoptr(TdDg13) kept = parse_hex("6D 54  30 52 " HDR " 31 45 " E1 E2 E13_DEEP);
		assert_one_warning(kept, "entry 13 (parents): nested too deep");
		g_assert_null(kept->father_name);
		g_assert_null(kept->mother_name);
		g_assert_cmpstr(kept->full_name, ==, NAME);
	}
}

/* 6D { SEQUENCE { header, SET { entries } } } around hand-written entries,
 * for the table below, whose entries differ in length: the lengths of the
 * three containers are the only bytes counted here. */
static void
append_length(GString *hex, gsize len)
{
	if (len < 0x80)
		g_string_append_printf(hex, " %02X ", (guint)len);
	else
		g_string_append_printf(hex, " 82 %04X ", (guint)len);
}

static gchar *
wrap_set_layout(const gchar *entries_hex)
{
	g_autoptr(GBytes) entries = td_test_hex(entries_hex);
	gsize set_len = g_bytes_get_size(entries);
	gsize set_raw = set_len + (set_len < 0x80 ? 2 : 4);
	gsize seq_len = 11 + set_raw;
	gsize seq_raw = seq_len + (seq_len < 0x80 ? 2 : 4);
	GString *hex = g_string_new("6D");

	append_length(hex, seq_raw);
	g_string_append(hex, "30");
	append_length(hex, seq_len);
	g_string_append(hex, HDR " 31");
	append_length(hex, set_len);
	g_string_append(hex, entries_hex);
	return g_string_free(hex, FALSE);
}

/* The ASCII string types another ASN.1 writer may choose for the ID
 * number and the dates: the ID as a NumericString, the birth date as an
 * IA5String, the issue date as a VisibleString. Read as the documented
 * PrintableStrings are; an IA5String with a byte past ASCII is not. */
static void
test_ascii_string_types(void)
{
	/* 1: NumericString "001099012345"; 3: IA5String "15/08/1990"; 11:
	 * VisibleString "01/02/2021"; 15: IA5String "012345678" */
	g_autofree gchar *hex = wrap_set_layout("30 11 02 01 01 12 0C 30 30 31 30 39 39 30 31 32 33 34 35" E2
						"30 0F 02 01 03 16 0A 31 35 2F 30 38 2F 31 39 39 30"
						"30 0F 02 01 0B 1A 0A 30 31 2F 30 32 2F 32 30 32 31"
						"30 0E 02 01 0F 16 09 30 31 32 33 34 35 36 37 38");
	g_autoptr(TdDg13) dg13 = parse_hex(hex);
	/* the religion as an IA5String with "ô" in UTF-8 (C3 B4), and the
	 * ethnicity "Kinh" as a NumericString (X.680: digits and space only) */
	g_autofree gchar *bad = wrap_set_layout(E1 E2 "30 0A 02 01 07 16 05 4B 68 C3 B4 6E");
	g_autofree gchar *letters = wrap_set_layout(E1 E2 "30 09 02 01 06 12 04 4B 69 6E 68");

	assert_id_and_name(dg13);
	assert_date(dg13->date_of_birth, 1990, 8, 15, TD_DATE_PRECISION_DAY);
	assert_date(dg13->issue_date, 2021, 2, 1, TD_DATE_PRECISION_DAY);
	g_assert_cmpstr(dg13->old_id_number, ==, "012345678");
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
	td_dg13_free(parse_with_one_bad_entry(bad, "entry 7 (religion): not ASCII in an IA5String"));
	td_dg13_free(parse_with_one_bad_entry(letters, "entry 6 (ethnicity): not digits and spaces in a NumericString"));
}

/* ---- what does not read: one entry (that field only), a whole file ---- */

static void
test_one_bad_entry_each(void)
{
	const struct {
		const gchar *entries;
		const gchar *warning;
	} cases[] = {
		/* "15-08-1990" */
		{E1 E2 "30 0F 02 01 03 13 0A 31 35 2D 30 38 2D 31 39 39 30",
		 "entry 3 (date of birth): not a date (dd/mm/yyyy, mm/yyyy or yyyy)"},
		/* "1/8/1990", not zero-padded */
		{E1 E2 "30 0D 02 01 0B 13 08 31 2F 38 2F 31 39 39 30",
		 "entry 11 (issue date): not a date (dd/mm/yyyy, mm/yyyy or yyyy)"},
		/* "Không": neither a date nor "Không thời hạn" */
		{E1 E2 "30 0B 02 01 0C 0C 06 4B 68 C3 B4 6E 67",
		 "entry 12 (expiry date): neither a date nor the words for no expiry"},
		/* "abc" and a C1 control character (C2 85) */
		{E1 E2 "30 0A 02 01 09 0C 05 61 62 63 C2 85", "entry 9 (place of residence): control character"},
		/* "Nguy" then a broken three-byte sequence */
		{E1 E2 "30 0C 02 01 08 0C 07 4E 67 75 79 E1 BB 6E", "entry 8 (place of origin): not valid UTF-8"},
		/* T61String "Kinh" */
		{E1 E2 "30 09 02 01 06 14 04 4B 69 6E 68", "entry 6 (ethnicity): unexpected string type T61String"},
		/* three names under the parents: which is which is unknowable */
		{E1 E2 "30 0E 02 01 0D 30 09 0C 01 41 0C 01 42 0C 01 43",
		 "entry 13 (parents): 3 strings, expected at most 2"},
		/* an OCTET STRING */
		{E1 E2 "30 07 02 01 07 04 02 00 01", "entry 7 (religion): unexpected tag 4"},
		/* a UTF8String claiming 127 bytes inside a 7-byte entry */
		{E1 E2 "30 07 02 01 0A 0C 7F 41 42",
		 "entry 10 (identification features): TLV C: length 127 exceeds the 2 bytes left"},
		/* entry number -1 */
		{E1 E2 "30 06 02 01 FF 0C 01 41", "an entry whose number is not a small INTEGER was skipped"},
		/* an OCTET STRING among the entries */
		{E1 "04 00" E2, "unexpected tag 4 between the entries was skipped"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *hex = wrap_set_layout(cases[i].entries);
		td_dg13_free(parse_with_one_bad_entry(hex, cases[i].warning));
	}
}

static void
test_required_entry_unusable(void)
{
	const struct {
		const gchar *entries;
		const gchar *error;
	} cases[] = {
		/* 11 digits */
		{"30 10 02 01 01 13 0B 30 30 31 30 39 39 30 31 32 33 34" E2, "entry 1 (ID number): not 12 digits"},
		/* a letter among the digits */
		{"30 11 02 01 01 13 0C 30 30 31 30 39 39 30 31 32 33 34 41" E2, "entry 1 (ID number): not 12 digits"},
	};
	/* a name the reader cannot take leaves the card read without it,
	 * for the desk, the warning saying why */
	const struct {
		const gchar *entries;
		const gchar *warning;
	} names[] = {
		/* the name as a BMPString "An" */
		{E1 "30 09 02 01 02 1E 04 00 41 00 6E", "entry 2 (full name): unexpected string type BMPString"},
		/* the name "Nguyen" with a line break: "Nguy", 0A, "en" */
		{E1 "30 0C 02 01 02 0C 07 4E 67 75 79 0A 65 6E", "entry 2 (full name): control character"},
		/* an empty name */
		{E1 "30 05 02 01 02 0C 00", "entry 2 (full name): empty"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *hex = wrap_set_layout(cases[i].entries);
		parse_hex_fails(hex, cases[i].error);
	}
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree gchar *hex = wrap_set_layout(names[i].entries);
		g_autoptr(TdDg13) dg13 = parse_hex(hex);

		g_assert_cmpstr(dg13->id_number, ==, ID);
		g_assert_null(dg13->full_name);
		assert_one_warning(dg13, names[i].warning);
	}
}

static void
test_nfd_name_and_empty_field(void)
{
	/* "Nguyễn Văn An" decomposed (e + CC 82 + CC 83, a + CC 86), as some
	 * personalisation systems write it, and an empty sex: NFC out, and no
	 * sex without a warning (a blank field is not a fault) */
	g_autofree gchar *hex = wrap_set_layout(E1 "30 18 02 01 02 0C 13 4E 67 75 79 65 CC 82 CC 83 6E 20 56 61 CC 86 6E "
						   "20 41 6E"
						   "30 05 02 01 04 0C 00");
	g_autoptr(TdDg13) dg13 = parse_hex(hex);

	g_assert_cmpstr(dg13->full_name, ==, NAME);
	g_assert_null(dg13->sex);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

static void
test_bad_structure(void)
{
	g_autoptr(GBytes) good = td_test_hex(DG13_SET_FULL);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(good, &len);

	/* truncated anywhere */
	for (gsize cut = 0; cut < len; cut += 7) {
		g_autoptr(GBytes) file = g_bytes_new(data, cut);
		expect_malformed(file);
	}
	/* outer length claiming more than the file */
	{
		g_autofree guint8 *copy = g_memdup2(data, len);
		g_autoptr(GBytes) file = NULL;
		g_assert_cmphex(copy[1], ==, 0x82);
		copy[3]++;
		file = g_bytes_new(copy, len);
		expect_malformed(file);
	}
	/* a SEQUENCE in the SET claiming 127 bytes: the SET cannot be walked */
	parse_hex_fails("6D 14  30 12 " HDR " 31 05  30 7F 02 01 01", NULL);
	/* indefinite length */
	parse_hex_fails("6D 80  30 03 02 01 01  00 00", NULL);
	/* DG11, not DG13 */
	parse_hex_fails("6B 00", NULL);
	/* trailing bytes after the 6D */
	parse_hex_fails(DG13_SET_FULL "00", NULL);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_data_func("/dg13/set-layout/full", DG13_SET_FULL, test_full);
	/* the same with the parents two SEQUENCEs deep */
	g_test_add_data_func("/dg13/set-layout/parents-two-sequences", DG13_SET_FULL_TWO_SEQUENCES, test_full);
	g_test_add_func("/dg13/no-expiry", test_no_expiry);
	g_test_add_func("/dg13/warning/bmp-entry-among-good-ones", test_bmp_entry_among_good_ones);
	g_test_add_func("/dg13/warning/bad-date-among-good-ones", test_bad_date_among_good_ones);
	g_test_add_func("/dg13/warning/one-bad-entry-each", test_one_bad_entry_each);
	g_test_add_func("/dg13/warning/duplicate-entry", test_duplicate_entry);
	g_test_add_func("/dg13/warning/unreadable-entry-number", test_unreadable_entry_number);
	g_test_add_func("/dg13/id-number-padded", test_id_number_padded);
	g_test_add_func("/dg13/unknown-entry-skipped", test_unknown_entry_skipped);
	g_test_add_func("/dg13/old-id/entry-15", test_old_id_in_entry_15);
	g_test_add_func("/dg13/old-id/entry-16-nine-digits", test_old_id_in_entry_16);
	g_test_add_func("/dg13/old-id/none-entry-16-hex", test_no_old_id_entry_16_hex);
	g_test_add_func("/dg13/error/missing-required-entries", test_missing_required_entries);
	g_test_add_func("/dg13/error/required-entry-unusable", test_required_entry_unusable);
	for (gsize i = 0; i < G_N_ELEMENTS(layouts); i++)
		g_test_add_data_func(layouts[i].path, layouts[i].hex, test_layout);
	g_test_add_func("/dg13/layout/shuffled-order", test_shuffled_order);
	g_test_add_data_func("/dg13/parents/mother-only-empty-sequence", E13_MOTHER_EMPTY_SEQUENCE, test_mother_only);
	/* SET { 1, 2 } = 42 (2A); SEQUENCE 3+44 = 47 (2F), 6D 49 (31) */
	g_test_add_data_func("/dg13/layout/header-without-oid", "6D 31  30 2F  02 01 01  31 2A " E1 E2,
			     test_header_without_oid);
	/* the entries right after the version: SEQUENCE 3+42 = 45 (2D), 6D 47 (2F) */
	g_test_add_data_func("/dg13/layout/header-without-oid-flat", "6D 2F  30 2D  02 01 01 " E1 E2,
			     test_header_without_oid);
	/* the same with the OID last: SEQUENCE 3+44+8 = 55 (37), 6D 57 (39) */
	g_test_add_data_func("/dg13/layout/header-oid-after-set",
			     "6D 39  30 37  02 01 01  31 2A " E1 E2 " 06 06 28 D3 16 01 00 08", test_header_without_oid);
	g_test_add_func("/dg13/lengths/long-form-inside-entries", test_long_lengths);
	g_test_add_func("/dg13/expiry/no-expiry-spaced", test_no_expiry_spaced);
	g_test_add_data_func("/dg13/parents/mother-only-empty-string", E13_MOTHER_EMPTY_STRING, test_mother_only);
	g_test_add_func("/dg13/parents/trailing-empty-place", test_trailing_empty_place);
	g_test_add_func("/dg13/string-types-either-way", test_string_types_either_way);
	g_test_add_func("/dg13/ascii-string-types", test_ascii_string_types);
	g_test_add_func("/dg13/nfd-name-and-empty-field", test_nfd_name_and_empty_field);
	g_test_add_func("/dg13/year-only-birth-date", test_year_only_birth_date);
	g_test_add_func("/dg13/error/depth-bomb", test_depth_bomb);
	g_test_add_func("/dg13/error/bad-structure", test_bad_structure);
	return g_test_run();
}
