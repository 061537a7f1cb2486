/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Watches every PC/SC reader and hot-plug from one worker thread blocked in
 * SCardGetStatusChange, and reports what happens as signals in the
 * GMainContext that was thread-default when td_pcsc_monitor_start() ran
 * (never from the worker thread):
 *
 *   reader-added   (const gchar *reader)
 *   reader-removed (const gchar *reader)
 *   card-inserted  (const gchar *reader, GBytes *atr)
 *   card-removed   (const gchar *reader)
 *   service-lost   ()  pcscd is not running or went away; the monitor
 *                      first reports card-removed/reader-removed for all it
 *                      knew, then retries every second
 *   service-restored () pcscd is back; added/inserted follow for what is
 *                      there
 *
 * If pcscd is not running at start, the first signal is service-lost. */
#define TD_TYPE_PCSC_MONITOR (td_pcsc_monitor_get_type())
G_DECLARE_FINAL_TYPE(TdPcscMonitor, td_pcsc_monitor, TD, PCSC_MONITOR, GObject)

TdPcscMonitor *td_pcsc_monitor_new(void);
/* Starts the worker thread; fails only if already started or the thread
 * cannot be created. Never blocks on pcscd. */
gboolean td_pcsc_monitor_start(TdPcscMonitor *self, GError **error);
/* Stops and joins the worker (also done on dispose). Returns promptly:
 * SCardCancel ends the wait. Events not yet delivered are dropped. */
void td_pcsc_monitor_stop(TdPcscMonitor *self);
/* The readers as the signals delivered so far describe them (call from the
 * monitor's main context). */
GStrv td_pcsc_monitor_dup_readers(TdPcscMonitor *self);

G_END_DECLS
