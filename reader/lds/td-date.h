/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar date as the CCCD prints it, which is not always a whole date:
 * many elderly citizens were registered with a birth year only (printed
 * 00/00/yyyy), some with a month and year. The precision says which parts
 * are known; the unknown ones are 0. */
typedef enum {
	TD_DATE_PRECISION_YEAR,
	TD_DATE_PRECISION_MONTH,
	TD_DATE_PRECISION_DAY,
} TdDatePrecision;

typedef struct {
	guint year;  /* 1000..9999 */
	guint month; /* 1..12; 0 below TD_DATE_PRECISION_MONTH */
	guint day;   /* 1..31; 0 below TD_DATE_PRECISION_DAY */
	TdDatePrecision precision;
} TdDate;

/* The card's spellings: "dd/mm/yyyy", "ddmmyyyy", "mm/yyyy", "yyyy", with
 * 00 for an unknown day or month ("00/00/yyyy", "00/mm/yyyy", "00mmyyyy").
 * Fails with TD_READER_ERROR_MALFORMED; the message never repeats the text
 * (it is personal data). */
gboolean td_date_parse(const gchar *text, TdDate *out, GError **error);
/* ISO 8601 as td_date_format_iso() writes it: "yyyy-mm-dd", "yyyy-mm" or
 * "yyyy" (what the kiosk stores). Same errors. */
gboolean td_date_parse_iso(const gchar *text, TdDate *out, GError **error);
/* TRUE if the parts agree with the precision and make a real date. */
gboolean td_date_is_valid(const TdDate *date);

/* "yyyy-mm-dd", "yyyy-mm" or "yyyy": for JSON and storage. */
gchar *td_date_format_iso(const TdDate *date);
/* "dd/mm/yyyy", "mm/yyyy" or "yyyy": for people, and for the BHXH
 * gateway's ngaySinh. */
gchar *td_date_format_display(const TdDate *date);

/* A date of a citizen is personal data: copies are freed with a wipe. */
TdDate *td_date_copy(const TdDate *date);
void td_date_free(TdDate *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDate, td_date_free)

G_END_DECLS
