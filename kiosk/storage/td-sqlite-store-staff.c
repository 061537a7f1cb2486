/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdSqliteStore: staff accounts, and the change token a TdStoreWatch
 * polls. */
#include "config.h"

#include <sqlite3.h>

#include "td-sqlite-store-private.h"
#include "td-store-engine.h"

gboolean
td_sqlite_store_add_staff(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 now_unix, gint64 *id_out,
			  GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(
	    self, "INSERT INTO staff (name, pin_hash, active, created_unix) VALUES (?1, ?2, 1, ?3)", error);

	if (stmt == NULL)
		return FALSE;
	td_sqlite_bind_text(stmt, 1, name);
	td_sqlite_bind_text(stmt, 2, pin_hash);
	sqlite3_bind_int64(stmt, 3, now_unix);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(self->db) == SQLITE_CONSTRAINT_UNIQUE) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID,
				    "there is already a staff account named '%s'", name);
			return FALSE;
		}
		td_sqlite_set_error(self, error, "cannot add the staff account");
		return FALSE;
	}
	*id_out = sqlite3_last_insert_rowid(self->db);
	return TRUE;
}

static gpointer
staff_member_from_row(TdStmt *stmt)
{
	TdStaffMember *member = g_new0(TdStaffMember, 1);

	member->id = sqlite3_column_int64(stmt, 0);
	member->name = td_sqlite_column_dup(stmt, 1);
	member->pin_hash = td_sqlite_column_dup(stmt, 2);
	member->active = sqlite3_column_int(stmt, 3) != 0;
	member->created_unix = sqlite3_column_int64(stmt, 4);
	member->manager = sqlite3_column_int(stmt, 5) != 0;
	return member;
}

GPtrArray *
td_sqlite_store_list_staff(TdStore *store, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	/* a database opened read-only may be of a schema before roles */
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self, td_store_list_staff_sql(self->schema_version >= TD_SQLITE_SCHEMA_STAFF_ROLES), error);

	if (stmt == NULL)
		return NULL;
	return td_sqlite_collect_rows(self, stmt, staff_member_from_row, (GDestroyNotify)td_staff_member_free,
				      "cannot list the staff accounts", error);
}

gboolean
td_sqlite_store_set_staff_active(TdStore *store, const gchar *name, gboolean active, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "UPDATE staff SET active = ?2 WHERE name = ?1", error);

	if (stmt == NULL)
		return FALSE;
	td_sqlite_bind_text(stmt, 1, name);
	sqlite3_bind_int(stmt, 2, active ? 1 : 0);
	if (!td_sqlite_step_done(self, stmt, "cannot change the staff account", error))
		return FALSE;
	if (sqlite3_changes(self->db) == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no staff account named '%s'", name);
		return FALSE;
	}
	return TRUE;
}

gboolean
td_sqlite_store_set_staff_pin(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = NULL;
	g_autoptr(TdStmt) unlock = NULL;

	if (!td_sqlite_begin(self, error))
		return FALSE;
	stmt = td_sqlite_stmt(self, "UPDATE staff SET pin_hash = ?2 WHERE name = ?1 AND id <> ?3", error);
	if (stmt == NULL)
		goto fail;
	td_sqlite_bind_text(stmt, 1, name);
	td_sqlite_bind_text(stmt, 2, pin_hash);
	sqlite3_bind_int64(stmt, 3, TD_STAFF_STATION_ID);
	if (!td_sqlite_step_done(self, stmt, "cannot change the staff account", error))
		goto fail;
	if (sqlite3_changes(self->db) == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
			    "no staff account named '%s' with a PIN of its own", name);
		goto fail;
	}
	/* a success in the PIN attempts, in the same transaction: the
	 * failures that locked the person out (the forgotten PIN) count no
	 * more, or the new PIN waited out the lock-out too */
	unlock = td_sqlite_stmt(self,
				"INSERT INTO pin_attempts (time_unix, success, staff_id)"
				" SELECT CAST(strftime('%s', 'now') AS INTEGER), 1, id FROM staff WHERE name = ?1",
				error);
	if (unlock == NULL)
		goto fail;
	td_sqlite_bind_text(unlock, 1, name);
	if (!td_sqlite_step_done(self, unlock, "cannot change the staff account", error) ||
	    !td_sqlite_commit(self, error))
		goto fail;
	return TRUE;
fail:
	td_sqlite_rollback(self);
	return FALSE;
}

gboolean
td_sqlite_store_set_staff_manager(TdStore *store, const gchar *name, gboolean manager, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = NULL;

	/* a database opened read-only may be of a schema before roles */
	if (self->schema_version < TD_SQLITE_SCHEMA_STAFF_ROLES) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
			    "%s (schema %u) has no staff roles yet: start the kiosk once to bring it up to date",
			    self->path, self->schema_version);
		return FALSE;
	}
	stmt = td_sqlite_stmt(self, "UPDATE staff SET manager = ?2 WHERE name = ?1 AND id <> ?3", error);
	if (stmt == NULL)
		return FALSE;
	td_sqlite_bind_text(stmt, 1, name);
	sqlite3_bind_int(stmt, 2, manager ? 1 : 0);
	sqlite3_bind_int64(stmt, 3, TD_STAFF_STATION_ID);
	if (!td_sqlite_step_done(self, stmt, "cannot change the staff account", error))
		return FALSE;
	if (sqlite3_changes(self->db) == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
			    "no staff account named '%s' but the station's (a manager always)", name);
		return FALSE;
	}
	return TRUE;
}

/* data_version moves when another connection (another process: a kiosk,
 * a command) commits; this connection's own writes move only its change
 * count. Neither reads a table. */
gboolean
td_sqlite_store_get_change_token(TdStore *store, guint64 *token_out, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "PRAGMA data_version", error);

	if (stmt == NULL)
		return FALSE;
	if (!td_sqlite_step_row(self, stmt, "cannot read the data version", error))
		return FALSE;
	*token_out = ((guint64)sqlite3_column_int64(stmt, 0) << 32) ^ (guint64)sqlite3_total_changes64(self->db);
	return TRUE;
}
