/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A scanner is a USB keyboard the kiosk trusts to type only scans; a
 * faulty or hostile one can type anything. Its key events, decoded and
 * then read as the kiosk reads a scan, must
 * never crash, over-read or grow without bound. A finished scan is read
 * by td_access_key_list_new_from_scan, as the kiosk's window reads one
 * (QR code, ID number alone, MRZ). Each event is 9 bytes of
 * the input: the type (1 byte), the code (2), the value (4, signed) and
 * the time since the last event in tenths of a millisecond (2), so the
 * inter-key timeout is in reach. make-keymap-seeds.py writes the seeds
 * from the recorded streams (streams/). */
#include <stdint.h>
#include <string.h>

#include "td-access-key.h"
#include "td-keymap.h"
#include "td-secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_as_scan(const gchar *text)
{
	g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 23, 0, 0, 0);
	g_autoptr(TdAccessKeyList) keys = NULL;

	g_assert_cmpuint(strlen(text), <=, TD_KEYMAP_MAX_SCAN_BYTES);
	g_assert_true(g_utf8_validate(text, -1, NULL));
	keys = td_access_key_list_new_from_scan(text, today, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(TdKeymapDecoder) decoder = td_keymap_decoder_new();
	guint64 time_us = 1000000;

	for (size_t at = 0; at + 9 <= size; at += 9) {
		const uint8_t *e = data + at;
		struct input_event event = {0};
		g_autoptr(TdWipedString) scan = NULL;

		time_us += (guint64)(e[7] << 8 | e[8]) * 100;
		event.input_event_sec = (time_t)(time_us / 1000000);
		event.input_event_usec = (suseconds_t)(time_us % 1000000);
		event.type = e[0];
		event.code = (guint16)(e[1] << 8 | e[2]);
		event.value = (gint32)((guint32)e[3] << 24 | (guint32)e[4] << 16 | (guint32)e[5] << 8 | e[6]);
		scan = td_keymap_decoder_feed(decoder, &event);
		if (scan != NULL)
			read_as_scan(scan);
	}
	return 0;
}
