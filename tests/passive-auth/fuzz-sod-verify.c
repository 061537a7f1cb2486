/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Arbitrary bytes as EF.SOD through the whole passive authentication, with
 * two data groups read and an empty trust store: must never crash, leak or
 * answer VALID. */
#include "config.h"

#include <stdint.h>

#include "td-passive-auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static TdTrustStore *store = NULL;
	g_autoptr(GBytes) sod = g_bytes_new_static(data, size);
	g_autoptr(GHashTable) read = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_bytes_unref);
	g_autoptr(GDateTime) now = g_date_time_new_utc(2027, 1, 1, 0, 0, 0);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPassiveAuthResult) result = NULL;

	if (store == NULL)
		store = td_trust_store_new();
	g_hash_table_insert(read, GUINT_TO_POINTER(1), g_bytes_new_static("\x61\x03\x5F\x1F\x00", 5));
	g_hash_table_insert(read, GUINT_TO_POINTER(13), g_bytes_new_static("\x6D\x00", 2));
	result = td_passive_auth_verify(sod, read, store, now, &error);
	if (result == NULL || result->status == TD_PASSIVE_AUTH_VALID)
		__builtin_trap();
	return 0;
}
