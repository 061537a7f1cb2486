/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-daily-counts.h"
#include "td-store.h"

G_BEGIN_DECLS

/* The manager's figures: counts per day from the store (SQL aggregates),
 * with days that had no check-ins as zero rows, and the three outputs of
 * `tiepdon report` / `tiepdon export` and the dashboard. */

/* Today's date, local time, yyyy-mm-dd (the queue's day). */
gchar *td_report_today(void);
/* TRUE if day is a real yyyy-mm-dd date. */
gboolean td_report_parse_day(const gchar *day, GError **error);
/* The same, and the date in *date. */
gboolean td_report_day_to_date(const gchar *day, GDate *date, GError **error);

/* Of TdDailyCounts, one per day from from_day to to_day included (at most
 * ten years), in order. */
GPtrArray *td_report_range(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error);
TdDailyCounts *td_report_day(TdStore *store, const gchar *day, GError **error);

/* Vietnamese labels with English in parentheses. */
gchar *td_report_format_text(const TdDailyCounts *counts, const gchar *station_code, const gchar *station_name);
/* The same of a month's days (month yyyy-mm, days its TdDailyCounts to
 * the last counted), summed: the rate from the sums. */
gchar *td_report_format_month_text(GPtrArray *days, const gchar *month, const gchar *station_code,
				   const gchar *station_name);
/* The daily progress report for programs (`tiepdon export`): a header
 * row of English keys, then one row per day (yyyy-mm-dd, the rate with
 * one decimal). */
gchar *td_report_format_csv(GPtrArray *days, const gchar *station_code);
/* The same columns for a person with a spreadsheet (the dashboard's
 * file, td-spreadsheet.h): the signed report's Vietnamese headings, days
 * as dates shown dd/mm/yyyy, the station code as text, rates as whole
 * percents, and a last row "Cộng" of the period's sums. */
GBytes *td_report_format_spreadsheet(GPtrArray *days, const gchar *station_code, GError **error);
/* {"station":…, "days":[…], "total":…}; rates with one decimal or null. */
gchar *td_report_format_json(GPtrArray *days, const gchar *station_code, const gchar *station_name);

G_END_DECLS
