/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The area's view of one day, from td_hub_db_station_days() rows
 * (ordered by area, commune, code): an HTML page with one table per
 * area (khu vực, the former district), a row per commune (stations reported of how many, check-ins,
 * by chip card, the VNeID integration rate as "25% (12 trên 48 lượt)") and
 * the area's total, then the stations that have not reported; a
 * spreadsheet file and a CSV with one row per station. Vietnamese: the
 * area's staff read it. */

/* made_at: "dd/mm/yyyy hh:mm", when the page was made. */
gchar *td_hub_rollup_html(GPtrArray *rows, const gchar *day, const gchar *made_at);
/* date,area,commune,station_code,station_name,reported,kiosks,checkins,
 * by_chip_card,eligible,vneid_asked,vneid_integrated,
 * integration_rate_percent,program,received_at — CRLF line ends, text
 * fields quoted. */
gchar *td_hub_rollup_csv(GPtrArray *rows, const gchar *day);
/* The same rows for a person with a spreadsheet (td-spreadsheet.h):
 * Vietnamese headings, the day and the time received as dates, station
 * codes as text, whole percents, blank figures for a station that has not
 * reported, and a last row "Cộng" of the reported stations' sums. */
GBytes *td_hub_rollup_spreadsheet(GPtrArray *rows, const gchar *day, GError **error);

G_END_DECLS
