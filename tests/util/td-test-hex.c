/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "td-test-hex.h"

GBytes *
td_test_hex(const gchar *hex)
{
	GByteArray *buf = g_byte_array_new();
	gint hi = -1;
	for (const gchar *p = hex; *p != '\0'; p++) {
		gint v = g_ascii_xdigit_value(*p);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			guint8 b = (guint8)(hi << 4 | v);
			g_byte_array_append(buf, &b, 1);
			hi = -1;
		}
	}
	g_assert_cmpint(hi, ==, -1);
	return g_byte_array_free_to_bytes(buf);
}

gchar *
td_test_to_hex(GBytes *bytes)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	GString *str = g_string_sized_new(len * 2);
	for (gsize i = 0; i < len; i++)
		g_string_append_printf(str, "%02X", data[i]);
	return g_string_free(str, FALSE);
}
