/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-day-report.h"
#include "td-spreadsheet.h"

gboolean
td_spreadsheet_text_is_risky(const gchar *text)
{
	return text[0] != '\0' && strchr("=+-@\t\r\"", text[0]) != NULL;
}

void
td_spreadsheet_append_text(GString *row, const gchar *text)
{
	if (td_spreadsheet_text_is_risky(text))
		g_string_append_c(row, '\'');
	for (const gchar *p = text; *p != '\0'; p++)
		g_string_append_c(row, *p == '\t' || *p == '\r' || *p == '\n' ? ' ' : *p);
	g_string_append_c(row, '\t');
}

gchar *
td_spreadsheet_percent_text(guint part, guint whole)
{
	return whole > 0 ? g_strdup_printf("%u", td_day_report_percent(part, whole)) : g_strdup("");
}

GBytes *
td_spreadsheet_file_new(const gchar *text)
{
	glong n_units = 0;
	g_autofree gunichar2 *utf16 = g_utf8_to_utf16(text, -1, NULL, &n_units, NULL);
	GByteArray *out = g_byte_array_sized_new(2 + 2 * (guint)n_units);

	/* what the callers write is checked UTF-8 (headings, numbers, names
	 * validated when stored): a failure here is a bug, said, and the
	 * text kept as UTF-8 with its mark */
	if (utf16 == NULL) {
		g_critical("the spreadsheet's text is not UTF-8");
		g_byte_array_append(out, (const guint8 *)"\xEF\xBB\xBF", 3);
		g_byte_array_append(out, (const guint8 *)text, (guint)strlen(text));
		return g_byte_array_free_to_bytes(out);
	}
	g_byte_array_append(out, (const guint8 *)"\xFF\xFE", 2);
	for (glong i = 0; i < n_units; i++) {
		guint16 unit = GUINT16_TO_LE(utf16[i]);
		g_byte_array_append(out, (const guint8 *)&unit, 2);
	}
	return g_byte_array_free_to_bytes(out);
}
