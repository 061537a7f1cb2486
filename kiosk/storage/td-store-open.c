/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-pg-store.h"
#include "td-sqlite-store.h"
#include "td-store-open.h"

TdStore *
td_store_open_configured(const TdConfig *config, TdStoreOpenMode mode, GError **error)
{
	g_autoptr(TdSqliteStore) sqlite = NULL;

	g_return_val_if_fail(config != NULL, NULL);
	if (config->storage_url != NULL)
		return TD_STORE(td_pg_store_new(config->storage_url, config->kiosk_id, error));
	sqlite = mode == TD_STORE_OPEN_WRITABLE ? td_sqlite_store_new(config->storage_path, error)
						 : td_sqlite_store_open_read_only(config->storage_path, error);
	if (sqlite == NULL)
		return NULL;
	td_sqlite_store_set_kiosk_id(sqlite, config->kiosk_id);
	return TD_STORE(g_steal_pointer(&sqlite));
}
