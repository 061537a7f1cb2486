/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-ticket.h"

G_BEGIN_DECLS

/* The settings of the kiosk's devices, from the groups of tiepdon.conf the
 * core leaves to them (td-config.h):
 *
 *   [printer]  queue=NAME (absent: CUPS's default)  tickets=true|false
 *              format=auto|pdf|escpos  paper-mm=80|58 (td-ticket.h)
 *   [scanner]  device=PATH (absent: TD_SCANNER_DEFAULT_DEVICE)  enabled=true|false
 *   [voice]    enabled=true|false  volume=0..100  phrases=DIR (recorded
 *              phrases, absent: TD_VOICE_DEFAULT_PHRASES_DIR)
 *
 * The kiosk, `tiepdon doctor` and the tests read them through this one
 * parser. Without a key file (the training mode): no tickets, the scanner
 * and the voice on their defaults. */
typedef struct {
	gboolean print_tickets;
	gchar *printer_queue; /* NULL: CUPS's default destination */
	TdTicketFormat printer_format;
	guint printer_paper_mm;
	gboolean scanner_enabled;
	gchar *scanner_device;
	gboolean voice_enabled;
	guint voice_volume; /* percent */
	gchar *voice_phrases_dir;
} TdDeviceSettings;

#define TD_VOICE_DEFAULT_PHRASES_DIR "/etc/tiepdon/voice"
#define TD_VOICE_DEFAULT_VOLUME	     80

/* key_file NULL: the defaults. Fails (naming the group and key) on a value
 * of the wrong type or out of range. */
TdDeviceSettings *td_device_settings_new(GKeyFile *key_file, GError **error);
void td_device_settings_free(TdDeviceSettings *settings);
/* Where and how the tickets print. */
TdTicketPrinter *td_device_settings_ticket_printer(const TdDeviceSettings *settings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDeviceSettings, td_device_settings_free)

G_END_DECLS
