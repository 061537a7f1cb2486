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

/* Appends text as one field and the tab after it. A tab or a line break
 * inside would start another field or row: each becomes a space. One
 * that starts like a formula (=, +, -, @) gets a leading apostrophe, so
 * the spreadsheet shows it rather than runs it (names typed by people,
 * a kiosk's program name from the network: OWASP's advice on CSV
 * injection). */
void td_spreadsheet_append_text(GString *row, const gchar *text);

/* text (UTF-8: rows of td_spreadsheet_append_text fields and numbers,
 * each ending CRLF) as the file's bytes. */
GBytes *td_spreadsheet_file_new(const gchar *text);

G_END_DECLS
