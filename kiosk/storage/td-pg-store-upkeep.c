/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPgStore beside the check-ins: the daily counts, retention, the PIN
 * attempts. The SQLite twins (td-sqlite-store-upkeep.c) say why each does
 * what it does. */
#include "config.h"

#include "td-pg-store-private.h"
#include "td-store-engine.h"

/* The transaction-scoped lock that makes a PIN attempt's count and insert
 * one step for every kiosk of the station (any role may take it). */
#define TD_PG_PIN_LOCK "7349015"

/* How far ahead of the server a purging machine's clock may be before the
 * purge says so (it follows the server's either way). */
#define TD_PURGE_CLOCK_SLACK_S 300

/* A purge step (td-store-retention.c). */
static gboolean
pg_count_changes(gpointer engine, const gchar *sql, guint n_params, const gint64 *params, guint *changed,
		 GError **error)
{
	TdPgStore *self = engine;
	gchar b1[TD_PG_INT_LEN], b2[TD_PG_INT_LEN];
	const gchar *texts[] = {td_pg_int(b1, params[0]), n_params > 1 ? td_pg_int(b2, params[1]) : NULL};
	g_autoptr(PGresult) r = td_pg_query(self, sql, (gint)MIN(n_params, G_N_ELEMENTS(texts)), texts, "cannot purge",
					    error);
	if (r == NULL)
		return FALSE;
	*changed = (guint)g_ascii_strtoull(PQcmdTuples(r), NULL, 10);
	return TRUE;
}

gboolean
td_pg_store_purge(TdStore *store, const TdRetention *retention, gint64 now, TdPurgeCounts *out, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	TdPurgeCounts counts = {0};

	if (!td_pg_begin(self, error))
		return FALSE;
	/* The station's data is cut by the server's clock, the one its
	 * "today" and the kiosks' row policy follow: one machine whose clock
	 * ran a month ahead (a flat RTC battery, a wrong manual setting) would
	 * otherwise close every kiosk's open cases and erase a month of the
	 * station's records. The earlier of the two clocks wins, so a caller
	 * whose clock is behind purges less, never more. */
	{
		gint64 server_now = 0;
		gchar server_day[11];
		if (!td_pg_read_station_clock(self, &server_now, server_day, error))
			goto fail;
		if (now > server_now + TD_PURGE_CLOCK_SLACK_S)
			g_warning("purge: this machine's clock is %" G_GINT64_FORMAT " s ahead of the station database's; "
				  "retention follows the database's",
				  now - server_now);
		now = MIN(now, server_now);
	}
	if (!td_store_run_purge_steps(self, pg_count_changes, retention, now, &counts, error))
		goto fail;
	if (!td_pg_commit(self, error))
		goto fail;
	/* The old row versions hold the erased values until VACUUM frees
	 * them and new rows overwrite them (PostgreSQL has no secure_delete;
	 * README: storage). VACUUM cannot run inside a transaction, and only
	 * the tables' owner may run it: the purge runs as the owner. */
	if (td_purge_counts_erased_any(&counts) && !td_pg_exec(self, "VACUUM checkins, exceptions, staff_actions", "cannot vacuum after erasing", error))
		return FALSE;
	*out = counts;
	return TRUE;
fail:
	td_pg_rollback(self);
	return FALSE;
}

gboolean
td_pg_store_oldest_personal_record(TdStore *store, gint64 *time_out, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	g_autoptr(PGresult) r = td_pg_query(
	    self,
	    "SELECT COALESCE(MIN(t), 0) FROM ("
	    " SELECT MIN(created_unix) AS t FROM exceptions"
	    "  WHERE COALESCE(id_number, full_name, date_of_birth, card_code, detail) IS NOT NULL"
	    " UNION ALL SELECT MIN(time_unix) FROM checkins WHERE time_unix > 0"
	    " UNION ALL SELECT MIN(time_unix) FROM staff_actions WHERE note IS NOT NULL) AS oldest",
	    0, NULL, "cannot find the oldest personal record", error);
	if (r == NULL)
		return FALSE;
	*time_out = td_pg_get_int(r, 0, 0);
	return TRUE;
}

/* One pass: a count per verdict word, from the verdicts view (the
 * manager's role reads nothing else). */
static const gchar *
pg_count_days_sql(TdPgStore *self)
{
	GString *sql;

	if (self->count_days_sql != NULL)
		return self->count_days_sql;
	sql = g_string_new("SELECT to_char(day, 'YYYY-MM-DD'), count(*)");
	for (guint i = 0; i < TD_STORE_COUNT_WORDS; i++) {
		const gchar *column, *word;
		td_store_count_word(i, &column, &word);
		g_string_append_printf(sql, ", count(*) FILTER (WHERE %s = $%u)", column, i + 1);
	}
	g_string_append(sql, self->schema_version >= TD_PG_SCHEMA_SENT_TO_STAFF ? ", count(*) FILTER (WHERE sent_to_staff)"
									       : ", 0");
	g_string_append_printf(sql, " FROM %s WHERE day BETWEEN $%u::date AND $%u::date GROUP BY day ORDER BY day",
			       self->schema_version >= 2 ? "checkin_verdicts" : "checkins", TD_STORE_COUNT_WORDS + 1,
			       TD_STORE_COUNT_WORDS + 2);
	self->count_days_sql = g_string_free(sql, FALSE);
	return self->count_days_sql;
}

GPtrArray *
td_pg_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func((GDestroyNotify)td_daily_counts_free);
	const gchar *params[TD_STORE_COUNT_WORDS + 2];
	g_autoptr(PGresult) r = NULL;

	for (guint i = 0; i < TD_STORE_COUNT_WORDS; i++) {
		const gchar *column;
		td_store_count_word(i, &column, &params[i]);
	}
	params[TD_STORE_COUNT_WORDS] = from_day;
	params[TD_STORE_COUNT_WORDS + 1] = to_day;
	r = td_pg_query(self, pg_count_days_sql(self), G_N_ELEMENTS(params), params, "cannot count check-ins", error);
	if (r == NULL)
		return NULL;
	for (gint row = 0; row < PQntuples(r); row++) {
		TdDailyCounts *c = td_daily_counts_new(PQgetvalue(r, row, 0));
		c->checkins = (guint)td_pg_get_int(r, row, 1);
		for (guint i = 0; i < TD_STORE_COUNT_WORDS; i++)
			*td_store_count_slot(c, i) = (guint)td_pg_get_int(r, row, (gint)i + 2);
		c->sent_to_staff = (guint)td_pg_get_int(r, row, TD_STORE_COUNT_WORDS + 2);
		g_ptr_array_add(days, c);
	}
	return g_steal_pointer(&days);
}

/* ---- staff PIN attempts ---- */

/* Failures after since_unix and after the last success, at staff_id's
 * account (0: at any). */
static gboolean
pg_count_pin_failures(TdPgStore *self, gint64 staff_id, gint64 since_unix, guint *count_out, gint64 *newest_out,
		      GError **error)
{
	gchar b1[TD_PG_INT_LEN], b2[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(b1, since_unix), td_pg_int(b2, staff_id)};
	/* "after the last success" by row order, not by clock */
	g_autoptr(PGresult) r =
	    td_pg_query(self,
			"SELECT count(*), COALESCE(MAX(time_unix), 0) FROM pin_attempts"
			" WHERE NOT success AND time_unix >= $1 AND ($2::bigint = 0 OR staff_id = $2::bigint)"
			" AND id > COALESCE((SELECT MAX(id) FROM pin_attempts"
			"  WHERE success AND ($2::bigint = 0 OR staff_id = $2::bigint)), 0)",
			2, params, "cannot count PIN attempts", error);
	if (r == NULL)
		return FALSE;
	*count_out = (guint)td_pg_get_int(r, 0, 0);
	if (newest_out != NULL)
		*newest_out = td_pg_get_int(r, 0, 1);
	return TRUE;
}

gboolean
td_pg_store_begin_pin_attempt(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix, guint limit,
			      guint overall_limit, TdPinAttempt *out, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	TdPinAttempt overall = {0};

	*out = (TdPinAttempt){0};
	/* the lock: another kiosk's attempt cannot slip between the count and
	 * the insert */
	if (!td_pg_exec(self, "BEGIN; SELECT pg_advisory_xact_lock(" TD_PG_PIN_LOCK ")", "cannot lock PIN attempts",
			error)) {
		td_pg_rollback(self);
		return FALSE;
	}
	if (!pg_count_pin_failures(self, staff_id, since_unix, &out->failures, &out->newest, error) ||
	    !pg_count_pin_failures(self, 0, since_unix, &overall.failures, &overall.newest, error))
		goto fail;
	if (out->failures < limit && overall.failures >= overall_limit)
		*out = overall; /* locked by the guesses spread over accounts */
	if (out->failures < limit && overall.failures < overall_limit) {
		gchar b1[TD_PG_INT_LEN], b2[TD_PG_INT_LEN];
		const gchar *params[] = {td_pg_int(b1, time_unix), td_pg_int(b2, staff_id)};
		g_autoptr(PGresult) r = td_pg_query(self,
						    "INSERT INTO pin_attempts (time_unix, success, staff_id)"
						    " VALUES ($1, false, $2) RETURNING id",
						    2, params, "cannot record a PIN attempt", error);
		if (r == NULL)
			goto fail;
		out->id = td_pg_get_int(r, 0, 0);
	}
	if (!td_pg_commit(self, error))
		goto fail;
	return TRUE;
fail:
	out->id = 0;
	td_pg_rollback(self);
	return FALSE;
}

gboolean
td_pg_store_finish_pin_attempt(TdStore *store, gint64 attempt, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	gchar buf[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(buf, attempt)};
	g_autoptr(PGresult) r = td_pg_query(self, "UPDATE pin_attempts SET success = true WHERE id = $1", 1, params,
					    "cannot record a PIN attempt", error);
	return r != NULL;
}

gboolean
td_pg_store_count_pin_failures(TdStore *store, gint64 since_unix, guint *count_out, gint64 *newest_out,
			       GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	return pg_count_pin_failures(self, 0, since_unix, count_out, newest_out, error);
}
