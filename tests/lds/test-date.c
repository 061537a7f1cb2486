/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The typed date: the card's spellings (with partial dates for citizens
 * registered with a birth year only), ISO and display forms. */
#include "config.h"

#include <string.h>

#include "td-date.h"
#include "td-reader-error.h"

static void
test_parse_card_spellings(void)
{
	const struct {
		const gchar *text;
		guint year, month, day;
		TdDatePrecision precision;
		const gchar *iso;
		const gchar *display;
	} cases[] = {
		{"15/08/1990", 1990, 8, 15, TD_DATE_PRECISION_DAY, "1990-08-15", "15/08/1990"},
		{"15081990", 1990, 8, 15, TD_DATE_PRECISION_DAY, "1990-08-15", "15/08/1990"},
		{"29/02/2000", 2000, 2, 29, TD_DATE_PRECISION_DAY, "2000-02-29", "29/02/2000"},
		{"08/1990", 1990, 8, 0, TD_DATE_PRECISION_MONTH, "1990-08", "08/1990"},
		{"1940", 1940, 0, 0, TD_DATE_PRECISION_YEAR, "1940", "1940"},
		/* 00 stands for what is not known */
		{"00/00/1940", 1940, 0, 0, TD_DATE_PRECISION_YEAR, "1940", "1940"},
		{"00/03/1940", 1940, 3, 0, TD_DATE_PRECISION_MONTH, "1940-03", "03/1940"},
		{"00001940", 1940, 0, 0, TD_DATE_PRECISION_YEAR, "1940", "1940"},
		{"00031940", 1940, 3, 0, TD_DATE_PRECISION_MONTH, "1940-03", "03/1940"},
		{"00/1940", 1940, 0, 0, TD_DATE_PRECISION_YEAR, "1940", "1940"},
		/* padded with spaces by some personalisation systems */
		{" 15/08/1990  ", 1990, 8, 15, TD_DATE_PRECISION_DAY, "1990-08-15", "15/08/1990"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		TdDate date = {0};
		g_autoptr(GError) error = NULL;
		g_autofree gchar *iso = NULL;
		g_autofree gchar *display = NULL;

		g_test_message("%s", cases[i].text);
		g_assert_true(td_date_parse(cases[i].text, &date, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(date.year, ==, cases[i].year);
		g_assert_cmpuint(date.month, ==, cases[i].month);
		g_assert_cmpuint(date.day, ==, cases[i].day);
		g_assert_cmpint(date.precision, ==, cases[i].precision);
		g_assert_true(td_date_is_valid(&date));
		iso = td_date_format_iso(&date);
		display = td_date_format_display(&date);
		g_assert_cmpstr(iso, ==, cases[i].iso);
		g_assert_cmpstr(display, ==, cases[i].display);
	}
}

static void
test_parse_card_refused(void)
{
	const gchar *bad[] = {
		"31/02/2000",  /* no such day */
		"29/02/1900",  /* not a leap year */
		"15/13/1990",  /* no such month */
		"15/00/1990",  /* a day in an unknown month */
		"15-08-1990",  /* wrong separators */
		"1/8/1990",    /* not zero-padded */
		"15/08/90",    /* two-digit year */
		"0999",	       /* before year 1000 */
		"abcd",	       "", "19901", "15/08/19901", "15/08/1990x", "1990-08-15",
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		TdDate date = {.year = 7};
		g_autoptr(GError) error = NULL;

		g_test_message("%s", bad[i]);
		g_assert_false(td_date_parse(bad[i], &date, &error));
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
		/* the text is personal data: never in the message */
		if (bad[i][0] != '\0')
			g_assert_null(strstr(error->message, bad[i]));
		/* a failed parse leaves the output alone */
		g_assert_cmpuint(date.year, ==, 7);
	}
	{
		TdDate date = {0};
		g_assert_false(td_date_parse(NULL, &date, NULL));
	}
}

static void
test_iso_round_trip(void)
{
	const gchar *good[] = {"1990-08-15", "1990-08", "1940", "2000-02-29"};
	const gchar *bad[] = {"1990-00", "1990-8-15", "1990-02-30", "1990-08-00", "15/08/1990", "90", "", NULL};

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		TdDate date = {0};
		g_autoptr(GError) error = NULL;
		g_autofree gchar *again = NULL;
		g_assert_true(td_date_parse_iso(good[i], &date, &error));
		g_assert_no_error(error);
		again = td_date_format_iso(&date);
		g_assert_cmpstr(again, ==, good[i]);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		TdDate date = {0};
		g_autoptr(GError) error = NULL;
		g_assert_false(td_date_parse_iso(bad[i], &date, &error));
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	}
}

static void
test_validity_and_copy(void)
{
	const TdDate good = {.year = 1958, .month = 3, .day = 15, .precision = TD_DATE_PRECISION_DAY};
	const TdDate year_with_month = {.year = 1958, .month = 3, .precision = TD_DATE_PRECISION_YEAR};
	const TdDate month_with_day = {.year = 1958, .month = 3, .day = 15, .precision = TD_DATE_PRECISION_MONTH};
	const TdDate no_day = {.year = 1958, .month = 3, .precision = TD_DATE_PRECISION_DAY};
	g_autoptr(TdDate) copy = td_date_copy(&good);

	g_assert_true(td_date_is_valid(&good));
	g_assert_false(td_date_is_valid(&year_with_month));
	g_assert_false(td_date_is_valid(&month_with_day));
	g_assert_false(td_date_is_valid(&no_day));
	g_assert_nonnull(copy);
	g_assert_true(copy != &good);
	g_assert_cmpmem(copy, sizeof(*copy), &good, sizeof(good));
	g_assert_null(td_date_copy(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/date/parse/card-spellings", test_parse_card_spellings);
	g_test_add_func("/date/parse/refused", test_parse_card_refused);
	g_test_add_func("/date/iso-round-trip", test_iso_round_trip);
	g_test_add_func("/date/validity-and-copy", test_validity_and_copy);
	return g_test_run();
}
