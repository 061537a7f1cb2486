/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-dg13.h"
#include "td-reader-error.h"
#include "td-tlv.h"

/* "Nguyễn Văn An" in NFC, and the same name decomposed (NFD), as some
 * card personalisation systems write it. */
#define NAME_NFC "Nguy\xE1\xBB\x85n V\xC4\x83n An"
#define NAME_NFD "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An"
#define PARENTS_FATHER "Nguy\xE1\xBB\x85n V\xC4\x83n B\xC3\xACnh"
#define PARENTS_MOTHER "Tr\xE1\xBA\xA7n Th\xE1\xBB\x8B C\xC3\xBA\x63"

typedef enum {
	NESTING_ONE_SEQUENCE,	/* { 13, { father, mother } } */
	NESTING_TWO_SEQUENCES,	/* { 13, { father }, { mother } } */
} ParentsNesting;

static void
append_entry(GByteArray *buf, guint number, guint32 string_tag, const gchar *text)
{
	gsize mark = td_tlv_begin(buf, 0x30);
	guint8 n = (guint8)number;
	td_tlv_append(buf, 0x02, &n, 1);
	td_tlv_append(buf, string_tag, (const guint8 *)text, strlen(text));
	td_tlv_end(buf, mark);
}

static void
append_names_entry(GByteArray *buf, guint number, ParentsNesting nesting, const gchar *first, const gchar *second)
{
	gsize mark = td_tlv_begin(buf, 0x30);
	guint8 n = (guint8)number;
	gsize inner;

	td_tlv_append(buf, 0x02, &n, 1);
	inner = td_tlv_begin(buf, 0x30);
	td_tlv_append(buf, 0x0C, (const guint8 *)first, strlen(first));
	if (second != NULL && nesting == NESTING_TWO_SEQUENCES) {
		td_tlv_end(buf, inner);
		inner = td_tlv_begin(buf, 0x30);
	}
	if (second != NULL)
		td_tlv_append(buf, 0x0C, (const guint8 *)second, strlen(second));
	td_tlv_end(buf, inner);
	td_tlv_end(buf, mark);
}

/* 6D { SEQUENCE { INTEGER 1, OID, entries } } around the entries in buf */
static GBytes *
wrap_dg13(GByteArray *entries)
{
	static const guint8 oid[] = {0x60, 0x85, 0x40, 0x01, 0x02, 0x01};
	static const guint8 version = 1;
	g_autoptr(GByteArray) buf = g_byte_array_new();
	gsize outer = td_tlv_begin(buf, 0x6D);
	gsize seq = td_tlv_begin(buf, 0x30);

	td_tlv_append(buf, 0x02, &version, 1);
	td_tlv_append(buf, 0x06, oid, sizeof(oid));
	g_byte_array_append(buf, entries->data, entries->len);
	td_tlv_end(buf, seq);
	td_tlv_end(buf, outer);
	return g_bytes_new(buf->data, buf->len);
}

static GBytes *
build_full_dg13(const gchar *name, ParentsNesting nesting, const gchar *expiry)
{
	g_autoptr(GByteArray) e = g_byte_array_new();

	append_entry(e, 1, 0x13, "001099012345");
	append_entry(e, 2, 0x0C, name);
	append_entry(e, 3, 0x13, "15/08/1990");
	append_entry(e, 4, 0x0C, "Nam");
	append_entry(e, 5, 0x0C, "Vi\xE1\xBB\x87t Nam");
	append_entry(e, 6, 0x0C, "Kinh");
	append_entry(e, 7, 0x0C, "Kh\xC3\xB4ng");
	append_entry(e, 8, 0x0C, "X\xC3\xA3 T\xC3\xA2n H\xC3\xB2\x61, An Giang");
	append_entry(e, 9, 0x0C, "S\xE1\xBB\x91 12, Qu\xE1\xBA\xADn 1, TP H\xE1\xBB\x93 Ch\xC3\xAD Minh");
	append_entry(e, 10, 0x0C, "N\xE1\xBB\x91t ru\xE1\xBB\x93i tr\xC3\xAAn m\xC3\xA0y tr\xC3\xA1i");
	append_entry(e, 11, 0x13, "10/05/2021");
	append_entry(e, 12, 0x0C, expiry);
	append_names_entry(e, 13, nesting, PARENTS_FATHER, PARENTS_MOTHER);
	append_names_entry(e, 14, nesting, "L\xC3\xAA Th\xE1\xBB\x8B Dung", NULL);
	append_entry(e, 15, 0x13, "385123456");
	append_entry(e, 16, 0x13, "ABCDEF0123456789");
	return wrap_dg13(e);
}

static void
check_full_dg13(TdDg13 *dg13)
{
	g_assert_cmpstr(dg13->id_number, ==, "001099012345");
	g_assert_cmpstr(dg13->full_name, ==, NAME_NFC);
	g_assert_cmpstr(dg13->date_of_birth, ==, "1990-08-15");
	g_assert_cmpstr(dg13->sex, ==, "Nam");
	g_assert_cmpstr(dg13->nationality, ==, "Vi\xE1\xBB\x87t Nam");
	g_assert_cmpstr(dg13->ethnicity, ==, "Kinh");
	g_assert_cmpstr(dg13->religion, ==, "Kh\xC3\xB4ng");
	g_assert_cmpstr(dg13->place_of_origin, ==, "X\xC3\xA3 T\xC3\xA2n H\xC3\xB2\x61, An Giang");
	g_assert_nonnull(dg13->place_of_residence);
	g_assert_nonnull(dg13->identification_features);
	g_assert_cmpstr(dg13->issue_date, ==, "2021-05-10");
	g_assert_cmpstr(dg13->father_name, ==, PARENTS_FATHER);
	g_assert_cmpstr(dg13->mother_name, ==, PARENTS_MOTHER);
	g_assert_cmpstr(dg13->spouse_name, ==, "L\xC3\xAA Th\xE1\xBB\x8B Dung");
	g_assert_cmpstr(dg13->old_id_number, ==, "385123456");
	g_assert_cmpstr(dg13->unknown_field16, ==, "ABCDEF0123456789");
}

static void
test_dg13_full_nfc_and_nfd(void)
{
	const gchar *names[] = {NAME_NFC, NAME_NFD};

	/* both spellings of the name come out as the same NFC bytes */
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autoptr(GBytes) file = build_full_dg13(names[i], NESTING_ONE_SEQUENCE, "15/08/2030");
		g_autoptr(GError) error = NULL;
		g_autoptr(TdDg13) dg13 = td_dg13_parse(file, &error);
		g_assert_no_error(error);
		g_assert_nonnull(dg13);
		check_full_dg13(dg13);
		g_assert_cmpstr(dg13->expiry_date, ==, "2030-08-15");
		g_assert_false(dg13->no_expiry);
	}
}

static void
test_dg13_parents_two_sequences(void)
{
	g_autoptr(GBytes) file = build_full_dg13(NAME_NFC, NESTING_TWO_SEQUENCES, "15/08/2030");
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg13) dg13 = td_dg13_parse(file, &error);

	g_assert_no_error(error);
	check_full_dg13(dg13);
}

static void
test_dg13_no_expiry(void)
{
	/* "Không thời hạn", precomposed and decomposed */
	const gchar *texts[] = {"Kh\xC3\xB4ng th\xE1\xBB\x9Di h\xE1\xBA\xA1n", "Kho\xCC\x82ng tho\xCC\x9B\xCC\x80i ha\xCC\xA3n"};

	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(GBytes) file = build_full_dg13(NAME_NFC, NESTING_ONE_SEQUENCE, texts[i]);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdDg13) dg13 = td_dg13_parse(file, &error);
		g_assert_no_error(error);
		g_assert_null(dg13->expiry_date);
		g_assert_true(dg13->no_expiry);
	}
}

static void
test_dg13_missing_entries_and_order(void)
{
	g_autoptr(GByteArray) e = g_byte_array_new();
	g_autoptr(GBytes) file = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg13) dg13 = NULL;

	/* out of order, gaps, an unknown entry 17 and a date as ddmmyyyy */
	append_entry(e, 11, 0x13, "01012020");
	append_entry(e, 17, 0x13, "whatever comes later");
	append_entry(e, 2, 0x13, "NGUYEN VAN AN");
	append_entry(e, 1, 0x13, "001099012345");
	append_names_entry(e, 13, NESTING_ONE_SEQUENCE, PARENTS_FATHER, NULL);
	file = wrap_dg13(e);
	dg13 = td_dg13_parse(file, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(dg13->id_number, ==, "001099012345");
	g_assert_cmpstr(dg13->full_name, ==, "NGUYEN VAN AN");
	g_assert_cmpstr(dg13->issue_date, ==, "2020-01-01");
	g_assert_cmpstr(dg13->father_name, ==, PARENTS_FATHER);
	g_assert_null(dg13->mother_name);
	g_assert_null(dg13->date_of_birth);
	g_assert_null(dg13->expiry_date);
	g_assert_false(dg13->no_expiry);
	g_assert_null(dg13->spouse_name);
	g_assert_null(dg13->old_id_number);
	g_assert_null(dg13->unknown_field16);
}

static void
test_dg13_without_outer_sequence(void)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	g_autoptr(GBytes) file = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg13) dg13 = NULL;
	gsize mark = td_tlv_begin(buf, 0x6D);

	append_entry(buf, 1, 0x13, "001099012345");
	append_entry(buf, 4, 0x0C, "N\xE1\xBB\xAF");
	td_tlv_end(buf, mark);
	file = g_bytes_new(buf->data, buf->len);
	dg13 = td_dg13_parse(file, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(dg13->id_number, ==, "001099012345");
	g_assert_cmpstr(dg13->sex, ==, "N\xE1\xBB\xAF");
}

static void
expect_malformed(GBytes *file)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg13) dg13 = td_dg13_parse(file, &error);
	g_assert_null(dg13);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
}

static void
expect_entry_malformed(guint number, guint32 tag, const gchar *text)
{
	g_autoptr(GByteArray) e = g_byte_array_new();
	g_autoptr(GBytes) file = NULL;

	append_entry(e, number, tag, text);
	file = wrap_dg13(e);
	expect_malformed(file);
}

static void
test_dg13_bad_values(void)
{
	expect_entry_malformed(1, 0x13, "00109901234");	   /* 11 digits */
	expect_entry_malformed(1, 0x13, "00109901234A");   /* not a digit */
	expect_entry_malformed(3, 0x13, "31/02/2000");	   /* no such day */
	expect_entry_malformed(3, 0x13, "15-08-1990");	   /* wrong separators */
	expect_entry_malformed(11, 0x13, "1/8/1990");	   /* not zero-padded */
	expect_entry_malformed(12, 0x0C, "Kh\xC3\xB4ng"); /* neither a date nor "no expiry" */
	expect_entry_malformed(2, 0x0C, "Nguy\xE1\xBBn");  /* invalid UTF-8 */
	expect_entry_malformed(2, 0x0C, "Nguyen\nVan");	   /* control character */
	expect_entry_malformed(9, 0x0C, "abc\xC2\x85");	   /* C1 control */
}

static void
test_dg13_bad_structure(void)
{
	g_autoptr(GBytes) good = build_full_dg13(NAME_NFC, NESTING_ONE_SEQUENCE, "15/08/2030");
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
	/* an inner length running past its parent: the last byte of the OID
	 * header area is the first entry's SEQUENCE length */
	{
		g_autoptr(GByteArray) e = g_byte_array_new();
		g_autoptr(GBytes) file = NULL;
		static const guint8 bad_entry[] = {0x30, 0x7F, 0x02, 0x01, 0x01};
		g_byte_array_append(e, bad_entry, sizeof(bad_entry));
		file = wrap_dg13(e);
		expect_malformed(file);
	}
	/* indefinite length */
	{
		static const guint8 indefinite[] = {0x6D, 0x80, 0x30, 0x03, 0x02, 0x01, 0x01, 0x00, 0x00};
		g_autoptr(GBytes) file = g_bytes_new_static(indefinite, sizeof(indefinite));
		expect_malformed(file);
	}
	/* wrong outer tag */
	{
		static const guint8 dg11[] = {0x6B, 0x00};
		g_autoptr(GBytes) file = g_bytes_new_static(dg11, sizeof(dg11));
		expect_malformed(file);
	}
}

static void
test_dg13_duplicates_and_extra_strings(void)
{
	g_autoptr(GByteArray) e = g_byte_array_new();
	g_autoptr(GByteArray) e2 = g_byte_array_new();
	g_autoptr(GBytes) file = NULL;
	g_autoptr(GBytes) file2 = NULL;

	append_entry(e, 2, 0x0C, "A");
	append_entry(e, 2, 0x0C, "B");
	file = wrap_dg13(e);
	expect_malformed(file);

	/* three names in the parents entry: which is which is unknowable */
	{
		gsize mark = td_tlv_begin(e2, 0x30);
		static const guint8 n = 13;
		td_tlv_append(e2, 0x02, &n, 1);
		td_tlv_append(e2, 0x0C, (const guint8 *)"A", 1);
		td_tlv_append(e2, 0x0C, (const guint8 *)"B", 1);
		td_tlv_append(e2, 0x0C, (const guint8 *)"C", 1);
		td_tlv_end(e2, mark);
	}
	file2 = wrap_dg13(e2);
	expect_malformed(file2);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dg13/full/nfc-and-nfd", test_dg13_full_nfc_and_nfd);
	g_test_add_func("/dg13/parents/two-sequences", test_dg13_parents_two_sequences);
	g_test_add_func("/dg13/no-expiry", test_dg13_no_expiry);
	g_test_add_func("/dg13/missing-entries-and-order", test_dg13_missing_entries_and_order);
	g_test_add_func("/dg13/without-outer-sequence", test_dg13_without_outer_sequence);
	g_test_add_func("/dg13/bad-values", test_dg13_bad_values);
	g_test_add_func("/dg13/bad-structure", test_dg13_bad_structure);
	g_test_add_func("/dg13/duplicates-and-extra-strings", test_dg13_duplicates_and_extra_strings);
	return g_test_run();
}
