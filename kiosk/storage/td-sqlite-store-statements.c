/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The steps every TdSqliteStore call takes: a cached statement, a step
 * to its end or its one row, a transaction, and SQLite's message in the
 * error. */
#include "config.h"

#include <sqlite3.h>

#include "td-sqlite-store-private.h"

void
td_sqlite_set_error(TdSqliteStore *self, GError **error, const gchar *what)
{
	int code = sqlite3_extended_errcode(self->db);
	gint domain_code = (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED ? TD_STORE_ERROR_BUSY
											    : TD_STORE_ERROR_FAILED;
	g_set_error(error, TD_STORE_ERROR, domain_code, "%s: %s: %s", self->path, what, sqlite3_errmsg(self->db));
}

TdStmt *
td_sqlite_stmt(TdSqliteStore *self, const gchar *sql, GError **error)
{
	sqlite3_stmt *stmt = g_hash_table_lookup(self->statements, sql);
	if (stmt == NULL) {
		if (sqlite3_prepare_v3(self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
			td_sqlite_set_error(self, error, "cannot prepare a statement");
			return NULL;
		}
		g_hash_table_insert(self->statements, (gpointer)sql, stmt);
	}
	return stmt;
}

/* Runs a statement to the end (no rows wanted). */
gboolean
td_sqlite_step_done(TdSqliteStore *self, TdStmt *stmt, const gchar *what, GError **error)
{
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		td_sqlite_set_error(self, error, what);
		return FALSE;
	}
	return TRUE;
}

gboolean
td_sqlite_step_row(TdSqliteStore *self, TdStmt *stmt, const gchar *what, GError **error)
{
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		td_sqlite_set_error(self, error, what);
		return FALSE;
	}
	return TRUE;
}

gboolean
td_sqlite_query_int64(TdSqliteStore *self, const gchar *sql, const gchar *what, gint64 *out, GError **error)
{
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, sql, error);

	if (stmt == NULL || !td_sqlite_step_row(self, stmt, what, error))
		return FALSE;
	*out = sqlite3_column_int64(stmt, 0);
	return TRUE;
}

gboolean
td_sqlite_step_maybe_row(TdSqliteStore *self, TdStmt *stmt, gboolean *found, const gchar *what, GError **error)
{
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		td_sqlite_set_error(self, error, what);
		return FALSE;
	}
	*found = rc == SQLITE_ROW;
	return TRUE;
}

gboolean
td_sqlite_run(TdSqliteStore *self, const gchar *sql, GError **error)
{
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, sql, error);
	return stmt != NULL && td_sqlite_step_done(self, stmt, sql, error);
}

/* IMMEDIATE takes the write lock up front, so the queue number read and the
 * insert cannot interleave with another writer. */
gboolean
td_sqlite_begin(TdSqliteStore *self, GError **error)
{
	return td_sqlite_run(self, "BEGIN IMMEDIATE", error);
}

gboolean
td_sqlite_commit(TdSqliteStore *self, GError **error)
{
	return td_sqlite_run(self, "COMMIT", error);
}

void
td_sqlite_rollback(TdSqliteStore *self)
{
	if (!sqlite3_get_autocommit(self->db))
		sqlite3_exec(self->db, "ROLLBACK", NULL, NULL, NULL);
}

void
td_sqlite_bind_text(TdStmt *stmt, int i, const gchar *text)
{
	sqlite3_bind_text(stmt, i, text, -1, SQLITE_TRANSIENT);
}

gchar *
td_sqlite_column_dup(TdStmt *stmt, int i)
{
	return g_strdup((const gchar *)sqlite3_column_text(stmt, i));
}

GPtrArray *
td_sqlite_collect_rows(TdSqliteStore *self,
		       TdStmt *stmt,
		       gpointer (*from_row)(TdStmt *stmt),
		       GDestroyNotify free_row,
		       const gchar *what,
		       GError **error)
{
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(free_row);
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_ptr_array_add(list, from_row(stmt));
	if (rc != SQLITE_DONE) {
		td_sqlite_set_error(self, error, what);
		return NULL;
	}
	return g_steal_pointer(&list);
}
