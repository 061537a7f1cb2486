/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What runs beside the check-ins: the daily counts the reports read,
 * retention (purge), and the PIN attempts behind the staff lock-out. */
#include "config.h"

#include <string.h>

#include "td-sqlite-store-private.h"
#include "td-store-engine.h"

/* A purge step (td-store-retention.c): its $1 and $2 bound by name, as
 * SQLite numbers named parameters by where they first appear. */
static gboolean
store_count_changes(gpointer engine, const gchar *sql, guint n_params, const gint64 *params, guint *changed,
		    GError **error)
{
	TdSqliteStore *self = engine;
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, sql, error);
	const gchar *names[] = {"$1", "$2"};

	if (stmt == NULL)
		return FALSE;
	for (guint i = 0; i < n_params && i < G_N_ELEMENTS(names); i++)
		sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, names[i]), params[i]);
	if (!td_sqlite_step_done(self, stmt, "cannot purge", error))
		return FALSE;
	*changed = (guint)sqlite3_changes(self->db);
	return TRUE;
}

gboolean
td_sqlite_store_purge(TdStore *store, const TdRetention *retention, gint64 now, TdPurgeCounts *out, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	TdPurgeCounts counts = {0};

	if (!td_sqlite_begin(self, error))
		return FALSE;
	if (!td_store_run_purge_steps(self, store_count_changes, retention, now, &counts, error))
		goto fail;
	if (!td_sqlite_commit(self, error))
		goto fail;
	/* secure_delete zeroes the cells it frees, but a page that b-tree
	 * balancing rebuilt keeps old cells in its unused gap: VACUUM copies
	 * only what is live into a fresh file. It holds the write lock for
	 * 0.2 s a year of data (bench-store; the timer runs it at night). */
	if (td_purge_counts_erased_any(&counts) && sqlite3_exec(self->db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK) {
		td_sqlite_set_error(self, error, "cannot compact the database after erasing");
		return FALSE;
	}
	/* the erased values' old pages are still in the WAL until it is
	 * checkpointed and truncated; a busy reader only delays that */
	sqlite3_wal_checkpoint_v2(self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	*out = counts;
	return TRUE;
fail:
	td_sqlite_rollback(self);
	return FALSE;
}

gboolean
td_sqlite_store_copy_into(TdSqliteStore *self, const gchar *dest, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "VACUUM INTO ?1", error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_text(stmt, 1, dest, -1, SQLITE_TRANSIENT);
	return td_sqlite_step_done(self, stmt, "cannot copy the database", error);
}

gboolean
td_sqlite_store_oldest_personal_record(TdStore *store, gint64 *time_out, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	return td_sqlite_query_int64(self,
				     "SELECT COALESCE(MIN(t), 0) FROM ("
				     " SELECT MIN(created_unix) AS t FROM exceptions"
				     "  WHERE COALESCE(id_number, full_name, date_of_birth, card_code, detail) IS NOT NULL"
				     " UNION ALL SELECT MIN(time_unix) FROM checkins WHERE time_unix > 0"
				     " UNION ALL SELECT MIN(time_unix) FROM staff_actions WHERE note IS NOT NULL)",
				     "cannot find the oldest personal record", time_out, error);
}

/* One pass over the covering index: a SUM per verdict word. */
static const gchar *
store_count_days_sql(TdSqliteStore *self)
{
	GString *sql;

	if (self->count_days_sql != NULL)
		return self->count_days_sql;
	sql = g_string_new("SELECT day, COUNT(*)");
	for (guint i = 0; i < TD_STORE_COUNT_WORDS; i++) {
		const gchar *column, *word;
		td_store_count_word(i, &column, &word);
		g_string_append_printf(sql, ", SUM(%s = ?%u)", column, i + 1);
	}
	/* a store opened at an older version (the migration tests) has no
	 * such column */
	g_string_append(sql, self->schema_version >= TD_SQLITE_SCHEMA_SENT_TO_STAFF ? ", SUM(sent_to_staff)" : ", 0");
	g_string_append_printf(sql, " FROM checkins WHERE day BETWEEN ?%u AND ?%u GROUP BY day ORDER BY day",
			       TD_STORE_COUNT_WORDS + 1, TD_STORE_COUNT_WORDS + 2);
	self->count_days_sql = g_string_free(sql, FALSE);
	return self->count_days_sql;
}

/* A row of store_count_days_sql(): the day, its check-ins, each word's
 * count, those sent to staff. */
static gpointer
daily_counts_from_row(TdStmt *stmt)
{
	TdDailyCounts *c = td_daily_counts_new((const gchar *)sqlite3_column_text(stmt, 0));

	c->checkins = (guint)sqlite3_column_int64(stmt, 1);
	for (guint i = 0; i < TD_STORE_COUNT_WORDS; i++)
		*td_store_count_slot(c, i) = (guint)sqlite3_column_int64(stmt, (int)i + 2);
	c->sent_to_staff = (guint)sqlite3_column_int64(stmt, TD_STORE_COUNT_WORDS + 2);
	return c;
}

GPtrArray *
td_sqlite_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, store_count_days_sql(self), error);

	if (stmt == NULL)
		return NULL;
	for (guint i = 0; i < TD_STORE_COUNT_WORDS; i++) {
		const gchar *column, *word;
		td_store_count_word(i, &column, &word);
		td_sqlite_bind_text(stmt, (int)i + 1, word);
	}
	td_sqlite_bind_text(stmt, TD_STORE_COUNT_WORDS + 1, from_day);
	td_sqlite_bind_text(stmt, TD_STORE_COUNT_WORDS + 2, to_day);
	return td_sqlite_collect_rows(self, stmt, daily_counts_from_row, (GDestroyNotify)td_daily_counts_free,
				      "cannot count check-ins", error);
}

/* ---- staff PIN attempts ---- */

/* Failures after since_unix and after the last success, at staff_id's
 * account (0: at any). */
static gboolean
store_count_pin_failures(TdSqliteStore *self, gint64 staff_id, gint64 since_unix, guint *count_out,
			 gint64 *newest_out, GError **error)
{
	/* "after the last success" by row order, not by clock: a clock set
	 * back must not bring old failures back to life */
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self,
		       "SELECT COUNT(*), COALESCE(MAX(time_unix), 0) FROM pin_attempts"
		       " WHERE success = 0 AND time_unix >= ?1 AND (?2 = 0 OR staff_id = ?2)"
		       " AND id > COALESCE((SELECT MAX(id) FROM pin_attempts"
		       "  WHERE success = 1 AND (?2 = 0 OR staff_id = ?2)), 0)",
		       error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, since_unix);
	sqlite3_bind_int64(stmt, 2, staff_id);
	if (!td_sqlite_step_row(self, stmt, "cannot count PIN attempts", error))
		return FALSE;
	*count_out = (guint)sqlite3_column_int64(stmt, 0);
	if (newest_out != NULL)
		*newest_out = sqlite3_column_int64(stmt, 1);
	return TRUE;
}

gboolean
td_sqlite_store_begin_pin_attempt(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix, guint limit,
				  guint overall_limit, TdPinAttempt *out, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	TdPinAttempt overall = {0};

	*out = (TdPinAttempt){0};
	/* IMMEDIATE: another process's attempt cannot slip between the count
	 * and the insert */
	if (!td_sqlite_begin(self, error))
		return FALSE;
	if (!store_count_pin_failures(self, staff_id, since_unix, &out->failures, &out->newest, error) ||
	    !store_count_pin_failures(self, 0, since_unix, &overall.failures, &overall.newest, error))
		goto fail;
	if (out->failures < limit && overall.failures >= overall_limit)
		*out = overall; /* locked by the guesses spread over accounts */
	if (out->failures < limit && overall.failures < overall_limit) {
		g_autoptr(TdStmt) stmt = td_sqlite_stmt(
		    self, "INSERT INTO pin_attempts (time_unix, success, staff_id) VALUES (?1, 0, ?2)", error);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, time_unix);
		sqlite3_bind_int64(stmt, 2, staff_id);
		if (!td_sqlite_step_done(self, stmt, "cannot record a PIN attempt", error))
			goto fail;
		out->id = sqlite3_last_insert_rowid(self->db);
	}
	if (!td_sqlite_commit(self, error))
		goto fail;
	return TRUE;
fail:
	out->id = 0;
	td_sqlite_rollback(self);
	return FALSE;
}

gboolean
td_sqlite_store_finish_pin_attempt(TdStore *store, gint64 attempt, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "UPDATE pin_attempts SET success = 1 WHERE id = ?1", error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, attempt);
	return td_sqlite_step_done(self, stmt, "cannot record a PIN attempt", error);
}

gboolean
td_sqlite_store_count_pin_failures(TdStore *store, gint64 since_unix, guint *count_out, gint64 *newest_out, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	return store_count_pin_failures(self, 0, since_unix, count_out, newest_out, error);
}
