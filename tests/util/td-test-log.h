/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Warnings a test expects, taken instead of aborting (the tests run with
 * fatal warnings): GLib 2.74's g_test_expect_message does not see
 * structured logging, which the tree uses (G_LOG_USE_STRUCTURED). Call
 * once, in main() before any test; any thread may log. */
void td_test_log_expecting_warnings(void);
/* The next warning matching pattern (g_pattern_match_simple) is taken. */
void td_test_expect_warning(const gchar *pattern);
/* Fails the test unless one was. */
void td_test_assert_warning_seen(void);

G_END_DECLS
