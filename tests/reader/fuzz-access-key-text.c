/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a scanner or a keyboard-wedge can type at the kiosk: QR text and MRZ
 * text. The first byte picks the parser: bit 1 the kiosk's whole reading
 * of a scan (td_access_key_list_new_from_scan), else bit 0 the QR reader
 * or the MRZ reader alone. */
#include <stdint.h>
#include <string.h>

#include "td-access-key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree gchar *text = NULL;
	g_autoptr(TdAccessKeyList) keys = NULL;
	g_autoptr(GDateTime) today = g_date_time_new_utc(2026, 11, 23, 0, 0, 0);

	if (size < 1)
		return 0;
	text = g_strndup((const gchar *)data + 1, size - 1);
	if (data[0] & 2)
		keys = td_access_key_list_new_from_scan(text, today, NULL);
	else if (data[0] & 1)
		keys = td_access_key_list_new_from_qr(text, today, NULL);
	else
		keys = td_access_key_list_new_from_mrz(text, NULL);
	return 0;
}
