/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-test-log.h"

static GMutex expected_lock;
static gchar *expected_warning; /* a g_pattern_match_simple() pattern */
static gboolean expected_seen;

static gboolean
expected_take(const gchar *message)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&expected_lock);

	if (expected_warning == NULL || expected_seen || !g_pattern_match_simple(expected_warning, message))
		return FALSE;
	expected_seen = TRUE;
	return TRUE;
}

static GLogWriterOutput
expecting_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
	for (gsize i = 0; (level & G_LOG_LEVEL_WARNING) && i < n_fields; i++) {
		if (g_strcmp0(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 &&
		    expected_take(fields[i].value)) {
			g_test_message("expected warning: %s", (const gchar *)fields[i].value);
			return G_LOG_WRITER_HANDLED;
		}
	}
	return g_log_writer_default(level, fields, n_fields, data);
}

void
td_test_log_expecting_warnings(void)
{
	g_log_set_writer_func(expecting_writer, NULL, NULL);
}

void
td_test_expect_warning(const gchar *pattern)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&expected_lock);

	g_free(expected_warning);
	expected_warning = g_strdup(pattern);
	expected_seen = FALSE;
}

void
td_test_assert_warning_seen(void)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&expected_lock);

	if (!expected_seen)
		g_error("no warning like \"%s\" was logged", expected_warning);
	g_clear_pointer(&expected_warning, g_free);
}
