/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* Hex helpers for tests that replay fixed vectors. Spaces are ignored. */
GBytes *td_test_hex(const gchar *hex);
gchar *td_test_to_hex(GBytes *bytes);
#define td_test_assert_bytes_hex(bytes, hex)                                                                           \
	G_STMT_START                                                                                                   \
	{                                                                                                              \
		g_autofree gchar *_actual = td_test_to_hex(bytes);                                                     \
		g_autoptr(GBytes) _expected_bytes = td_test_hex(hex);                                                  \
		g_autofree gchar *_expected = td_test_to_hex(_expected_bytes);                                         \
		g_assert_cmpstr(_actual, ==, _expected);                                                               \
	}                                                                                                              \
	G_STMT_END
