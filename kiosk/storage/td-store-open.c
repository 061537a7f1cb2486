/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-journaled-store.h"
#include "td-pg-store.h"
#include "td-sqlite-store.h"
#include "td-store-open.h"

/* PostgreSQL: a writer (the kiosk, the reception's app, a command that
 * records) keeps working on its journal when the server is out of reach,
 * and may start so; a reader (report, doctor) needs the server. */
static TdStore *
store_open_pg(const TdConfig *config, TdStoreOpenMode mode, GError **error)
{
	gboolean writable = mode == TD_STORE_OPEN_WRITABLE;
	g_autoptr(TdPgStore) server =
	    td_pg_store_new_even_unreachable(config->storage_url, config->kiosk_id, writable, error);

	if (server == NULL)
		return NULL;
	if (!writable)
		return TD_STORE(g_steal_pointer(&server));
	return TD_STORE(td_journaled_store_new(server, config->journal_path, config->kiosk_id, config->offline_letter));
}

TdStore *
td_store_open_configured(const TdConfig *config, TdStoreOpenMode mode, GError **error)
{
	g_autoptr(TdSqliteStore) sqlite = NULL;

	g_return_val_if_fail(config != NULL, NULL);
	if (config->storage_url != NULL)
		return store_open_pg(config, mode, error);
	sqlite = mode == TD_STORE_OPEN_WRITABLE ? td_sqlite_store_new(config->storage_path, error)
						 : td_sqlite_store_open_read_only(config->storage_path, error);
	if (sqlite == NULL)
		return NULL;
	td_sqlite_store_set_kiosk_id(sqlite, config->kiosk_id);
	return TD_STORE(g_steal_pointer(&sqlite));
}
