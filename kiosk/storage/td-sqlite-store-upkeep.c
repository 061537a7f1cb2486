/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What runs beside the check-ins: the daily counts the reports read,
 * retention (purge), and the PIN attempts behind the staff lock-out. */
#include "config.h"

#include <string.h>

#include "td-sqlite-store-private.h"

static gboolean
store_count_changes(TdSqliteStore *self, const gchar *sql, gint64 arg, guint *out, GError **error)
{
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, sql, error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, arg);
	if (!td_sqlite_step_done(self, stmt, "cannot purge", error))
		return FALSE;
	*out = (guint)sqlite3_changes(self->db);
	return TRUE;
}

gboolean
td_sqlite_store_purge(TdStore *store, guint retention_days, gint64 now, TdPurgeCounts *out, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	gint64 cutoff = now - (gint64)retention_days * TD_SECONDS_PER_DAY;
	TdPurgeCounts counts = {0};

	if (!td_sqlite_begin(self, error))
		return FALSE;
	if (!store_count_changes(self, "DELETE FROM exceptions WHERE resolved = 1 AND resolved_unix < ?1", cutoff,
				 &counts.exceptions, error) ||
	    !store_count_changes(self, "UPDATE staff_actions SET note = NULL WHERE note IS NOT NULL AND time_unix < ?1",
				 cutoff, &counts.staff_notes, error) ||
	    !store_count_changes(self, "DELETE FROM pin_attempts WHERE time_unix < ?1", now - TD_PIN_ATTEMPT_KEEP_S,
				 &counts.pin_attempts, error))
		goto fail;
	{
		g_autoptr(TdStmt) stmt =
		    td_sqlite_stmt(self, "SELECT COUNT(*) FROM exceptions WHERE resolved = 0 AND created_unix < ?1", error);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, cutoff);
		if (sqlite3_step(stmt) != SQLITE_ROW) {
			td_sqlite_set_error(self, error, "cannot count open exceptions");
			goto fail;
		}
		counts.open_exceptions_kept = (guint)sqlite3_column_int64(stmt, 0);
	}
	if (!td_sqlite_commit(self, error))
		goto fail;
	/* the deleted rows' old pages are still in the WAL until it is
	 * checkpointed and truncated; a busy reader only delays that */
	sqlite3_wal_checkpoint_v2(self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	*out = counts;
	return TRUE;
fail:
	td_sqlite_rollback(self);
	return FALSE;
}

/* One pass over the covering index: a SUM per verdict word, the words bound
 * as parameters so the SQL follows the enums in td-checkin-record.c. */
static const gchar *
store_count_days_sql(TdSqliteStore *self)
{
	GString *sql;
	guint param = 1;

	if (self->count_days_sql != NULL)
		return self->count_days_sql;
	sql = g_string_new("SELECT day, COUNT(*)");
	for (guint i = 0; i < TD_CARD_VERDICT_COUNT; i++)
		g_string_append_printf(sql, ", SUM(card_verdict = ?%u)", param++);
	for (guint i = 0; i < TD_ELIGIBILITY_COUNT; i++)
		g_string_append_printf(sql, ", SUM(eligibility = ?%u)", param++);
	for (guint i = 0; i < TD_VNEID_COUNT; i++)
		g_string_append_printf(sql, ", SUM(vneid = ?%u)", param++);
	for (guint i = 0; i < TD_OUTCOME_COUNT; i++)
		g_string_append_printf(sql, ", SUM(outcome = ?%u)", param++);
	g_string_append_printf(sql, " FROM checkins WHERE day BETWEEN ?%u AND ?%u GROUP BY day ORDER BY day", param,
			       param + 1);
	self->count_days_sql = g_string_free(sql, FALSE);
	return self->count_days_sql;
}

GPtrArray *
td_sqlite_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func((GDestroyNotify)td_daily_counts_free);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, store_count_days_sql(self), error);
	int param = 1;
	int rc;

	if (stmt == NULL)
		return NULL;
	for (guint i = 0; i < TD_CARD_VERDICT_COUNT; i++)
		td_sqlite_bind_text(stmt, param++, td_card_verdict_to_string(i));
	for (guint i = 0; i < TD_ELIGIBILITY_COUNT; i++)
		td_sqlite_bind_text(stmt, param++, td_eligibility_verdict_to_string(i));
	for (guint i = 0; i < TD_VNEID_COUNT; i++)
		td_sqlite_bind_text(stmt, param++, td_vneid_answer_to_string(i));
	for (guint i = 0; i < TD_OUTCOME_COUNT; i++)
		td_sqlite_bind_text(stmt, param++, td_outcome_to_string(i));
	td_sqlite_bind_text(stmt, param++, from_day);
	td_sqlite_bind_text(stmt, param++, to_day);

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		TdDailyCounts *c = td_daily_counts_new((const gchar *)sqlite3_column_text(stmt, 0));
		int col = 1;
		c->checkins = (guint)sqlite3_column_int64(stmt, col++);
		for (guint i = 0; i < TD_CARD_VERDICT_COUNT; i++)
			c->by_card[i] = (guint)sqlite3_column_int64(stmt, col++);
		for (guint i = 0; i < TD_ELIGIBILITY_COUNT; i++)
			c->by_eligibility[i] = (guint)sqlite3_column_int64(stmt, col++);
		for (guint i = 0; i < TD_VNEID_COUNT; i++)
			c->by_vneid[i] = (guint)sqlite3_column_int64(stmt, col++);
		for (guint i = 0; i < TD_OUTCOME_COUNT; i++)
			c->by_outcome[i] = (guint)sqlite3_column_int64(stmt, col++);
		g_ptr_array_add(days, c);
	}
	if (rc != SQLITE_DONE) {
		td_sqlite_set_error(self, error, "cannot count check-ins");
		return NULL;
	}
	return g_steal_pointer(&days);
}

/* ---- staff PIN attempts ---- */

gboolean
td_sqlite_store_record_pin_attempt(TdStore *store, gint64 time_unix, gboolean success, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self, "INSERT INTO pin_attempts (time_unix, success) VALUES (?1, ?2)", error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, time_unix);
	sqlite3_bind_int(stmt, 2, success ? 1 : 0);
	return td_sqlite_step_done(self, stmt, "cannot record a PIN attempt", error);
}

gboolean
td_sqlite_store_count_pin_failures(TdStore *store, gint64 since_unix, guint *count_out, gint64 *newest_out, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	/* "after the last success" by row order, not by clock: a clock set
	 * back must not bring old failures back to life */
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self,
		       "SELECT COUNT(*), COALESCE(MAX(time_unix), 0) FROM pin_attempts"
		       " WHERE success = 0 AND time_unix >= ?1"
		       " AND id > COALESCE((SELECT MAX(id) FROM pin_attempts WHERE success = 1), 0)",
		       error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, since_unix);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		td_sqlite_set_error(self, error, "cannot count PIN attempts");
		return FALSE;
	}
	*count_out = (guint)sqlite3_column_int64(stmt, 0);
	if (newest_out != NULL)
		*newest_out = sqlite3_column_int64(stmt, 1);
	return TRUE;
}

/* ---- GObject ---- */

