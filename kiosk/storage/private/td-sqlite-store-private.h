/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of TdSqliteStore: td-sqlite-store.c (check-ins,
 * exceptions, audit), td-sqlite-store-statements.c (the cached
 * statements, steps and transactions every call uses),
 * td-sqlite-store-migrations.c (the schema steps), td-sqlite-store-open.c
 * (opening, one store per file per process, the files' modes),
 * td-sqlite-store-upkeep.c (reports, retention, the PIN lock-out) and
 * td-sqlite-store-staff.c (staff accounts, the change token). Not for
 * anyone else. */

#include <sqlite3.h>

#include "td-sqlite-store.h"

G_BEGIN_DECLS

/* From this schema version on checkins has sent_to_staff (set by a
 * trigger on the check-in's insert); count_days reads it. */
#define TD_SQLITE_SCHEMA_SENT_TO_STAFF 8

/* From this schema version on a journal keeps VNeID answers to check-ins
 * the server has (server_vneid_answers); the doctor reads older journals
 * as they are. */
#define TD_SQLITE_SCHEMA_SERVER_ANSWERS 11

/* From this schema version on staff has manager (the dashboard's role);
 * before it, every account could open the dashboard. */
#define TD_SQLITE_SCHEMA_STAFF_ROLES 13

#define TD_SQLITE_BUSY_TIMEOUT_MS 5000

struct _TdSqliteStore {
	GObject parent_instance;
	gchar *path;
	sqlite3 *db;
	GMutex lock;
	GHashTable *statements; /* SQL text (static or owned below) → sqlite3_stmt */
	gchar *count_days_sql;
	guint schema_version;
	gboolean read_only;
	gchar *registry_key; /* NULL: not the process's shared store */
	gchar *kiosk_id;     /* written with each record (schema 5 on) */
	gchar queue_series[2]; /* the series of its numbers: "" or, in a journal, the kiosk's letter */
};

/* Held for a whole call: one connection, used by one thread at a time. */
#define STORE_LOCK(self) G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&(self)->lock)

/* A cached statement handed out for one use: the cleanup resets it, so no
 * statement keeps a read transaction open (which would stall WAL
 * checkpoints) and no bound personal data stays in it. */
typedef sqlite3_stmt TdStmt;

static inline void
td_stmt_release(TdStmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdStmt, td_stmt_release)

/* td-sqlite-store-statements.c */
void td_sqlite_set_error(TdSqliteStore *self, GError **error, const gchar *what);
TdStmt *td_sqlite_stmt(TdSqliteStore *self, const gchar *sql, GError **error);
gboolean td_sqlite_step_done(TdSqliteStore *self, TdStmt *stmt, const gchar *what, GError **error);
/* Steps to the one row a query must return: FALSE with the error (what,
 * then SQLite's message) when there is none. */
gboolean td_sqlite_step_row(TdSqliteStore *self, TdStmt *stmt, const gchar *what, GError **error);
/* The one number a query with no parameters gives (its first row's first
 * column; NULL reads 0); what names it in the error. The caller holds the
 * lock where one is needed. */
gboolean td_sqlite_query_int64(TdSqliteStore *self, const gchar *sql, const gchar *what, gint64 *out,
			       GError **error);
/* Steps to the row a query may return: *found says whether there is one;
 * FALSE with the error (what, then SQLite's message) when the step fails. */
gboolean td_sqlite_step_maybe_row(TdSqliteStore *self, TdStmt *stmt, gboolean *found, const gchar *what,
				  GError **error);
gboolean td_sqlite_run(TdSqliteStore *self, const gchar *sql, GError **error);
gboolean td_sqlite_begin(TdSqliteStore *self, GError **error);
gboolean td_sqlite_commit(TdSqliteStore *self, GError **error);
void td_sqlite_rollback(TdSqliteStore *self);
/* Every row the statement returns, each made by from_row (freed with
 * free_row); NULL with the error (what, then SQLite's) when a step fails. */
GPtrArray *td_sqlite_collect_rows(TdSqliteStore *self,
				  TdStmt *stmt,
				  gpointer (*from_row)(TdStmt *stmt),
				  GDestroyNotify free_row,
				  const gchar *what,
				  GError **error);
/* A TdStaffAction of a row of id, time_unix, action, exception_id,
 * checkin_id, note, staff_id, the staff's name, kiosk_id (0 for none). */
gpointer td_sqlite_staff_action_from_row(TdStmt *stmt);
void td_sqlite_bind_text(TdStmt *stmt, int i, const gchar *text);
gchar *td_sqlite_column_dup(TdStmt *stmt, int i);

/* td-sqlite-store.c */
gboolean td_sqlite_store_read_version(TdSqliteStore *self, guint *version, GError **error);
gboolean td_sqlite_store_migrate(TdSqliteStore *self, guint target, GError **error);

/* td-sqlite-store-open.c: opens self->path; version 0 = read-only */
gboolean td_sqlite_store_open_file(TdSqliteStore *self, guint target_version, GError **error);
void td_sqlite_store_unregister(TdSqliteStore *self);

/* TdStore vfuncs implemented in td-sqlite-store-upkeep.c */
gboolean td_sqlite_store_purge(TdStore *store, const TdRetention *retention, gint64 now, TdPurgeCounts *out, GError **error);
gboolean td_sqlite_store_oldest_personal_record(TdStore *store, gint64 *time_out, GError **error);
GPtrArray *td_sqlite_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error);
gboolean td_sqlite_store_begin_pin_attempt(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix,
					   guint limit, guint overall_limit, TdPinAttempt *out, GError **error);
gboolean td_sqlite_store_finish_pin_attempt(TdStore *store, gint64 attempt, GError **error);
gboolean td_sqlite_store_count_pin_failures(TdStore *store, gint64 since_unix, guint *count_out, gint64 *newest_out, GError **error);

/* TdStore vfuncs implemented in td-sqlite-store-staff.c: staff accounts,
 * the change token */
gboolean td_sqlite_store_add_staff(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 now_unix,
				   gint64 *id_out, GError **error);
GPtrArray *td_sqlite_store_list_staff(TdStore *store, GError **error);
gboolean td_sqlite_store_set_staff_active(TdStore *store, const gchar *name, gboolean active, GError **error);
gboolean td_sqlite_store_set_staff_pin(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error);
gboolean td_sqlite_store_set_staff_manager(TdStore *store, const gchar *name, gboolean manager, GError **error);
gboolean td_sqlite_store_get_change_token(TdStore *store, guint64 *token_out, GError **error);

/* td-sqlite-store-migrations.c: the schema steps,
 * TD_SQLITE_STORE_SCHEMA_VERSION of them; step i takes version i to i + 1. */
extern const gchar *const td_sqlite_migrations[];

G_END_DECLS
