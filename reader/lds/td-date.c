/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-date.h"
#include "td-reader-error.h"
#include "td-secret.h"

static gboolean
td_date_read_digits(const gchar *text, guint n, guint *out)
{
	guint acc = 0;
	for (guint i = 0; i < n; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
		acc = acc * 10 + (guint)(text[i] - '0');
	}
	*out = acc;
	return TRUE;
}

gboolean
td_date_is_valid(const TdDate *date)
{
	if (date->year < 1000 || date->year > 9999)
		return FALSE;
	switch (date->precision) {
	case TD_DATE_PRECISION_YEAR:
		return date->month == 0 && date->day == 0;
	case TD_DATE_PRECISION_MONTH:
		return date->month >= 1 && date->month <= 12 && date->day == 0;
	case TD_DATE_PRECISION_DAY:
		return g_date_valid_dmy((GDateDay)date->day, (GDateMonth)date->month, (GDateYear)date->year);
	default:
		return FALSE;
	}
}

/* 00 stands for an unknown day or month on the card; a known day in an
 * unknown month means nothing. */
static gboolean
td_date_set_parts(TdDate *out, guint day, guint month, guint year)
{
	TdDate date = {.year = year, .month = month, .day = day};

	if (month == 0 && day != 0)
		return FALSE;
	date.precision = month == 0 ? TD_DATE_PRECISION_YEAR
		       : day == 0   ? TD_DATE_PRECISION_MONTH
				    : TD_DATE_PRECISION_DAY;
	if (!td_date_is_valid(&date))
		return FALSE;
	*out = date;
	return TRUE;
}

gboolean
td_date_parse(const gchar *text, TdDate *out, GError **error)
{
	gsize len;
	guint day = 0;
	guint month = 0;
	guint year = 0;
	gboolean ok = FALSE;

	g_return_val_if_fail(out != NULL, FALSE);
	if (text == NULL)
		text = "";
	/* some personalisation systems pad PrintableStrings with spaces */
	while (*text == ' ')
		text++;
	len = strlen(text);
	while (len > 0 && text[len - 1] == ' ')
		len--;

	if (len == 10 && text[2] == '/' && text[5] == '/')
		ok = td_date_read_digits(text, 2, &day) && td_date_read_digits(text + 3, 2, &month) &&
		     td_date_read_digits(text + 6, 4, &year);
	else if (len == 8)
		ok = td_date_read_digits(text, 2, &day) && td_date_read_digits(text + 2, 2, &month) &&
		     td_date_read_digits(text + 4, 4, &year);
	else if (len == 7 && text[2] == '/')
		ok = td_date_read_digits(text, 2, &month) && td_date_read_digits(text + 3, 4, &year);
	else if (len == 4)
		ok = td_date_read_digits(text, 4, &year);
	if (!ok || !td_date_set_parts(out, day, month, year)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
				    "not a date (dd/mm/yyyy, mm/yyyy or yyyy)");
		return FALSE;
	}
	return TRUE;
}

gboolean
td_date_parse_iso(const gchar *text, TdDate *out, GError **error)
{
	gsize len = text != NULL ? strlen(text) : 0;
	guint day = 0;
	guint month = 0;
	guint year = 0;
	gboolean ok = FALSE;

	g_return_val_if_fail(out != NULL, FALSE);
	if (len == 4 || (len == 7 && text[4] == '-') || (len == 10 && text[4] == '-' && text[7] == '-')) {
		ok = td_date_read_digits(text, 4, &year);
		if (ok && len >= 7)
			ok = td_date_read_digits(text + 5, 2, &month) && month != 0;
		if (ok && len == 10)
			ok = td_date_read_digits(text + 8, 2, &day) && day != 0;
	}
	if (!ok || !td_date_set_parts(out, day, month, year)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
				    "not an ISO date (yyyy-mm-dd, yyyy-mm or yyyy)");
		return FALSE;
	}
	return TRUE;
}

gchar *
td_date_format_iso(const TdDate *date)
{
	g_return_val_if_fail(date != NULL, NULL);
	switch (date->precision) {
	case TD_DATE_PRECISION_YEAR:
		return g_strdup_printf("%04u", date->year);
	case TD_DATE_PRECISION_MONTH:
		return g_strdup_printf("%04u-%02u", date->year, date->month);
	case TD_DATE_PRECISION_DAY:
	default:
		return g_strdup_printf("%04u-%02u-%02u", date->year, date->month, date->day);
	}
}

gchar *
td_date_format_display(const TdDate *date)
{
	g_return_val_if_fail(date != NULL, NULL);
	switch (date->precision) {
	case TD_DATE_PRECISION_YEAR:
		return g_strdup_printf("%04u", date->year);
	case TD_DATE_PRECISION_MONTH:
		return g_strdup_printf("%02u/%04u", date->month, date->year);
	case TD_DATE_PRECISION_DAY:
	default:
		return g_strdup_printf("%02u/%02u/%04u", date->day, date->month, date->year);
	}
}

TdDate *
td_date_copy(const TdDate *date)
{
	if (date == NULL)
		return NULL;
	return g_memdup2(date, sizeof(*date));
}

void
td_date_free(TdDate *date)
{
	if (date == NULL)
		return;
	td_memwipe(date, sizeof(*date));
	g_free(date);
}
