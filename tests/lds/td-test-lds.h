/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-reader-error.h"

G_BEGIN_DECLS

/* What the LDS parsers' tests share. */

/* Asserts that parse (a td_*_parse taking the file and a GError **) refuses
 * file as malformed: no Type back, TD_READER_ERROR_MALFORMED set. A macro so
 * each parser keeps its own type and a failure names the caller's line. */
#define td_test_assert_malformed(Type, parse, file)                                                                    \
	G_STMT_START                                                                                                   \
	{                                                                                                              \
		g_autoptr(GError) malformed_error_ = NULL;                                                             \
		g_autoptr(Type) malformed_parsed_ = parse((file), &malformed_error_);                                  \
		g_assert_null(malformed_parsed_);                                                                      \
		g_assert_error(malformed_error_, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);                          \
	}                                                                                                              \
	G_STMT_END

G_END_DECLS
