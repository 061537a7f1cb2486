/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-journaled-store.h"
#include "td-pg-store.h"
#include "td-sqlite-store.h"
#include "td-store-open.h"

/* A writer takes its offline letter before it may journal: a letter
 * another kiosk of the station holds is refused as bad settings (both
 * would hand out B-001 in an outage). A server out of reach now is no
 * reason to refuse: the doctor checks the letter once it answers. */
static gboolean
store_claim_offline_letter(TdPgStore *server, const TdConfig *config, gboolean *claimed, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *holder = NULL;

	*claimed = FALSE;
	if (!td_pg_store_claim_offline_letter(server, config->offline_letter, &holder, &error_local)) {
		if (g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE))
			return TRUE;
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (g_strcmp0(holder, config->kiosk_id) != 0) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
			    "%s: [station] offline-letter=%s is kiosk %s's already: give each kiosk of the station a "
			    "letter of its own",
			    config->path != NULL ? config->path : "settings", config->offline_letter, holder);
		return FALSE;
	}
	*claimed = TRUE;
	return TRUE;
}

/* Another machine on this kiosk id (cloned from one image) would take
 * the same letter's numbers in an outage: said in the log and by the
 * doctor, not refused (a kiosk whose address changed overnight may find
 * its old connection not yet gone, and must still start). */
static void
store_warn_namesakes(TdPgStore *server, const TdConfig *config)
{
	g_autofree gchar *where = NULL;

	if (td_pg_store_find_namesakes(server, &where, NULL) && where != NULL)
		g_warning("[station] kiosk-id=%s is in use by another machine too (%s): give each kiosk its own id",
			  config->kiosk_id, where);
}

/* PostgreSQL: a writer (the kiosk, the reception's app, a command that
 * records) keeps working on its journal when the server is out of reach,
 * and may start so; a reader (report, doctor) needs the server. */
static TdStore *
store_open_pg(const TdConfig *config, TdStoreOpenMode mode, GError **error)
{
	gboolean writable = mode == TD_STORE_OPEN_WRITABLE;
	g_autoptr(TdPgStore) server =
	    td_pg_store_new_even_unreachable(config->storage_url, config->kiosk_id, writable, error);
	TdJournaledStore *store;
	gboolean claimed;

	if (server == NULL)
		return NULL;
	if (!writable)
		return TD_STORE(g_steal_pointer(&server));
	if (!store_claim_offline_letter(server, config, &claimed, error))
		return NULL;
	if (claimed)
		store_warn_namesakes(server, config);
	store = td_journaled_store_new(server, config->journal_path, config->kiosk_id, config->offline_letter);
	/* claimed now: its worker need not ask the server again */
	if (claimed)
		td_journaled_store_set_letter_claimed(store);
	return TD_STORE(store);
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
