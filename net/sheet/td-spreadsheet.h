/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The file of figures tiepdon hands to a person with a spreadsheet: the
 * station's dashboard export and the area's roll-up on tiepdon-hub. One
 * sheet of an Excel workbook (.xlsx, written by libxlsxwriter), typed cell
 * by cell, because a text file leaves the types to the PC that opens it:
 * a station code "01001" (every Hà Nội station) became the number 1001,
 * and "05/12/2026" became the 12th of May on a PC set to US formats and
 * stayed text for the 13th. Here a code is text, a day is a date shown
 * dd/mm/yyyy, a count a number and a rate a percent, whatever the PC's
 * regional settings; LibreOffice and WPS open it too. Programs get the CSV
 * with English keys instead. */
typedef struct _TdSpreadsheet TdSpreadsheet;

/* One sheet, named sheet_name (at most 31 characters, as Excel allows),
 * its first row the headings, in bold and kept in sight when it scrolls. */
TdSpreadsheet *td_spreadsheet_new(const gchar *sheet_name, const gchar *const *headings);
void td_spreadsheet_free(TdSpreadsheet *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSpreadsheet, td_spreadsheet_free)

/* The next cell of the row being written, left to right. */
void td_spreadsheet_add_text(TdSpreadsheet *self, const gchar *text);
void td_spreadsheet_add_count(TdSpreadsheet *self, guint count);
void td_spreadsheet_add_blank(TdSpreadsheet *self);
/* day as yyyy-mm-dd, shown dd/mm/yyyy; time_text, if not NULL, "hh:mm"
 * after it. Anything else is kept as the text it is. */
void td_spreadsheet_add_day(TdSpreadsheet *self, const gchar *day, const gchar *time_text);
/* part of whole as the whole percent the reports give
 * (td_day_report_percent: never 100 % unless all, nor 0 % unless none);
 * blank when whole is 0. */
void td_spreadsheet_add_percent(TdSpreadsheet *self, guint part, guint whole);
/* Ends the row: the next cell starts the next one. */
void td_spreadsheet_end_row(TdSpreadsheet *self);

/* The workbook's bytes. libxlsxwriter writes only to a file: it goes
 * through a private folder under the temporary one, removed after. */
GBytes *td_spreadsheet_to_bytes(TdSpreadsheet *self, GError **error);

/* The file's MIME type, and the name of a file for a day. */
#define TD_SPREADSHEET_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define TD_SPREADSHEET_SUFFIX ".xlsx"

/* Whether a text field of a CSV must not reach a spreadsheet as it is: one
 * that starts like a formula (=, +, -, @, a tab or a return: OWASP's
 * advice on CSV injection) would be run, and one that starts with a quote
 * is read up to the next quote, tabs and formulas inside it too. People
 * open the programs' CSV in Excel too. (The workbook's text cells are
 * never read as formulas.) */
gboolean td_spreadsheet_text_is_risky(const gchar *text);

G_END_DECLS
