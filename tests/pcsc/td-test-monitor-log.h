/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-pcsc-monitor.h"

G_BEGIN_DECLS

/* Every signal a TdPcscMonitor emits, in order, as "signal reader" strings
 * ("service-lost" alone for the signals without a reader), and whether any
 * arrived outside the thread and context the log was made in. */
typedef struct {
	GMainContext *context;
	GThread *main_thread;
	GPtrArray *events;
	GBytes *last_atr; /* of the last card-inserted */
	gboolean wrong_thread;
} TdTestMonitorLog;

/* Connects to every signal of monitor; context (NULL: the thread-default
 * one) is where they must land. */
void td_test_monitor_log_init(TdTestMonitorLog *log, GMainContext *context, TdPcscMonitor *monitor);
void td_test_monitor_log_clear(TdTestMonitorLog *log);
/* Iterates the log's context until it holds n events or timeout_ms pass;
 * TRUE if it got them. *elapsed_ms (may be NULL): how long that took. */
gboolean td_test_monitor_log_wait(TdTestMonitorLog *log, guint n, guint timeout_ms, guint *elapsed_ms);
/* Event i, or "(none)". */
const gchar *td_test_monitor_log_get(TdTestMonitorLog *log, guint i);
gboolean td_test_monitor_log_has(TdTestMonitorLog *log, const gchar *event);

G_END_DECLS
