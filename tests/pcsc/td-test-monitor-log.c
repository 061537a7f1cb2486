/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "td-test-monitor-log.h"

static void
log_add(TdTestMonitorLog *log, const gchar *kind, const gchar *reader)
{
	if (g_thread_self() != log->main_thread || !g_main_context_is_owner(log->context))
		log->wrong_thread = TRUE;
	g_ptr_array_add(log->events, reader != NULL ? g_strdup_printf("%s %s", kind, reader) : g_strdup(kind));
}

static const gchar *
signal_name(TdPcscMonitor *monitor)
{
	return g_signal_name(g_signal_get_invocation_hint(monitor)->signal_id);
}

static void
on_reader(TdPcscMonitor *monitor, const gchar *reader, TdTestMonitorLog *log)
{
	log_add(log, signal_name(monitor), reader);
}

static void
on_card_inserted(TdPcscMonitor *monitor, const gchar *reader, GBytes *atr, TdTestMonitorLog *log)
{
	g_clear_pointer(&log->last_atr, g_bytes_unref);
	log->last_atr = g_bytes_ref(atr);
	log_add(log, "card-inserted", reader);
}

static void
on_service(TdPcscMonitor *monitor, TdTestMonitorLog *log)
{
	log_add(log, signal_name(monitor), NULL);
}

void
td_test_monitor_log_init(TdTestMonitorLog *log, GMainContext *context, TdPcscMonitor *monitor)
{
	log->context = context != NULL ? g_main_context_ref(context) : g_main_context_ref_thread_default();
	log->main_thread = g_thread_self();
	log->events = g_ptr_array_new_with_free_func(g_free);
	log->last_atr = NULL;
	log->wrong_thread = FALSE;
	g_signal_connect(monitor, "reader-added", G_CALLBACK(on_reader), log);
	g_signal_connect(monitor, "reader-removed", G_CALLBACK(on_reader), log);
	g_signal_connect(monitor, "card-removed", G_CALLBACK(on_reader), log);
	g_signal_connect(monitor, "card-inserted", G_CALLBACK(on_card_inserted), log);
	g_signal_connect(monitor, "service-lost", G_CALLBACK(on_service), log);
	g_signal_connect(monitor, "service-restored", G_CALLBACK(on_service), log);
}

void
td_test_monitor_log_clear(TdTestMonitorLog *log)
{
	g_clear_pointer(&log->events, g_ptr_array_unref);
	g_clear_pointer(&log->last_atr, g_bytes_unref);
	g_clear_pointer(&log->context, g_main_context_unref);
}

static gboolean
on_timeout(gpointer user_data)
{
	gboolean *timed_out = user_data;
	*timed_out = TRUE;
	return G_SOURCE_REMOVE;
}

gboolean
td_test_monitor_log_wait(TdTestMonitorLog *log, guint n, guint timeout_ms, guint *elapsed_ms)
{
	gboolean timed_out = FALSE;
	gint64 start = g_get_monotonic_time();
	GSource *timeout = g_timeout_source_new(timeout_ms);

	g_source_set_callback(timeout, on_timeout, &timed_out, NULL);
	g_source_attach(timeout, log->context);
	while (log->events->len < n && !timed_out)
		g_main_context_iteration(log->context, TRUE);
	g_source_destroy(timeout);
	g_source_unref(timeout);
	if (elapsed_ms != NULL)
		*elapsed_ms = (guint)((g_get_monotonic_time() - start) / 1000);
	return log->events->len >= n;
}

const gchar *
td_test_monitor_log_get(TdTestMonitorLog *log, guint i)
{
	return i < log->events->len ? g_ptr_array_index(log->events, i) : "(none)";
}

gboolean
td_test_monitor_log_has(TdTestMonitorLog *log, const gchar *event)
{
	return g_ptr_array_find_with_equal_func(log->events, event, g_str_equal, NULL);
}
