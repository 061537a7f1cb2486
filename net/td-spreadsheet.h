/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The file of figures tiepdon hands to a person with a spreadsheet: the
 * station's dashboard export and the area's roll-up on tiepdon-hub. One
 * format for both, the one Excel opens whole by a double click whatever
 * the PC's regional settings: UTF-16LE after its byte order mark, fields
 * between tabs, lines ending CRLF (Excel's own "Unicode Text"). A UTF-8
 * file without the mark is read in the local code page (each Vietnamese
 * letter as two or three others), and commas are no separator where the
 * decimal mark is the comma (Vietnamese formats): every row in one
 * column. Programs get the CSV with English keys instead. */

/* Whether a text field must not reach a spreadsheet as it is: one that
 * starts like a formula (=, +, -, @, a tab or a return: OWASP's advice
 * on CSV injection) would be run, and one that starts with a quote is
 * read up to the next quote, tabs and formulas inside it too. Names are
 * typed by people, and a kiosk's program name comes over the network. */
gboolean td_spreadsheet_text_is_risky(const gchar *text);
/* Appends text as one field and the tab after it: a tab or a line break
 * inside would start another field or row, so each becomes a space, and
 * a risky one gets a leading apostrophe, so it is shown rather than run. */
void td_spreadsheet_append_text(GString *row, const gchar *text);
/* A rate as a whole percent ("67"), "" when whole is 0: "66.7" is a date
 * or a text to a spreadsheet whose decimal mark is the comma (Vietnamese
 * number formats). */
gchar *td_spreadsheet_percent_text(guint part, guint whole);

/* text (UTF-8: rows of td_spreadsheet_append_text fields and numbers,
 * each ending CRLF) as the file's bytes. */
GBytes *td_spreadsheet_file_new(const gchar *text);

G_END_DECLS
