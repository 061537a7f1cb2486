/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The 2D scanner (QR code on the CCCD's front, MRZ on its back) read
 * exclusively through evdev: the device is grabbed (EVIOCGRAB), so its
 * keystrokes reach neither the compositor nor any text field, and a scan
 * cannot type into the wrong place. A worker thread reads the events and
 * decodes them (TdKeymapDecoder); each finished scan is emitted as
 *
 *   "scanned" (TdScanner *scanner, const gchar *text)
 *
 * in the main context that was thread-default when td_scanner_start() was
 * called. The text is personal data, wiped after the handlers return: copy
 * what you keep. If the device goes away (unplugged), "disconnected"
 * (TdScanner *scanner, const gchar *reason) is emitted there once and the
 * thread ends; call td_scanner_start() again to retry.
 *
 * The udev rules (udev/70-tiepdon-scanner.rules) give the scanner the
 * stable name TD_SCANNER_DEFAULT_DEVICE and hide it from libinput. */

#define TD_SCANNER_DEFAULT_DEVICE "/dev/input/tiepdon-scanner"

#define TD_SCANNER_ERROR (td_scanner_error_quark())
GQuark td_scanner_error_quark(void);

typedef enum {
	TD_SCANNER_ERROR_OPEN,	  /* missing device, or no permission */
	TD_SCANNER_ERROR_GRAB,	  /* another program holds it exclusively */
	TD_SCANNER_ERROR_RUNNING, /* already started */
} TdScannerError;

#define TD_TYPE_SCANNER (td_scanner_get_type())
G_DECLARE_FINAL_TYPE(TdScanner, td_scanner, TD, SCANNER, GObject)

/* device_path NULL: TD_SCANNER_DEFAULT_DEVICE. */
TdScanner *td_scanner_new(const gchar *device_path);
const gchar *td_scanner_get_device_path(TdScanner *scanner);
/* The pause between keys that drops a partial scan (default 500 ms). */
void td_scanner_set_timeout_ms(TdScanner *scanner, guint timeout_ms);
/* Opens and grabs the device, then starts the worker thread. */
gboolean td_scanner_start(TdScanner *scanner, GError **error);
/* Stops the thread and releases the device; no signal is emitted after it
 * returns. Safe to call when not started. The thread holds a reference to
 * the scanner: call this before dropping yours. */
void td_scanner_stop(TdScanner *scanner);
gboolean td_scanner_is_running(TdScanner *scanner);
/* Recorded events (of struct input_event, evemu-record's) fed through the
 * same decoder in a worker thread, as if the device had sent them: each
 * scan comes as "scanned" in the main context thread-default at this
 * call, the way a device's does. For where no scanner (nor uinput) is at
 * hand: the tests, and a training station. */
void td_scanner_replay(TdScanner *scanner, GArray *events);

G_END_DECLS
