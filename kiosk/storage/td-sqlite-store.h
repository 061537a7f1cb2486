/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-store.h"

G_BEGIN_DECLS

/* The TdStore on one SQLite file: WAL, synchronous=FULL (a check-in the
 * patient saw confirmed is on disk), secure_delete (purged personal data
 * does not linger in free pages), a busy timeout for the second process
 * (the CLI beside the kiosk), versioned migrations. */
#define TD_TYPE_SQLITE_STORE (td_sqlite_store_get_type())
G_DECLARE_FINAL_TYPE(TdSqliteStore, td_sqlite_store, TD, SQLITE_STORE, GObject)

#define TD_SQLITE_STORE_SCHEMA_VERSION 3

/* Opens (creating it, mode 0600) and migrates to the current schema.
 * Refuses a database written by a newer tiepdon. */
TdSqliteStore *td_sqlite_store_new(const gchar *path, GError **error);
/* Migrates only up to version: for tests of the migrations. */
TdSqliteStore *td_sqlite_store_new_at_version(const gchar *path, guint version, GError **error);
guint td_sqlite_store_get_schema_version(TdSqliteStore *self);
const gchar *td_sqlite_store_get_path(TdSqliteStore *self);
/* PRAGMA integrity_check: FALSE with the first problem in the error. */
gboolean td_sqlite_store_check_integrity(TdSqliteStore *self, GError **error);

G_END_DECLS
