/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-config.h"
#include "td-store.h"

G_BEGIN_DECLS

typedef enum {
	TD_STORE_OPEN_WRITABLE,	 /* the kiosk, check-ins, purge: created and migrated if need be */
	TD_STORE_OPEN_READ_ONLY, /* report, export, doctor: never creates (SQLite) */
} TdStoreOpenMode;

/* The store [storage] names, the one entry point of the kiosk, the CLI and
 * the doctor: SQLite at path=, or PostgreSQL at url= (TdPgStore), its
 * records naming [station] kiosk-id. One store per database per process
 * either way. WRITABLE with url=: a TdJournaledStore around it, which
 * keeps check-ins in [storage] journal= while the server cannot be
 * reached (also at start). */
TdStore *td_store_open_configured(const TdConfig *config, TdStoreOpenMode mode, GError **error);

G_END_DECLS
