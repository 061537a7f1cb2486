/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "td-sqlite-store-private.h"
#include "td-config.h"
#include "td-store-engine.h"

static void td_sqlite_store_iface_init(TdStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE(TdSqliteStore,
			td_sqlite_store,
			G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(TD_TYPE_STORE, td_sqlite_store_iface_init))

/* From this version on checkins has card_warnings; a store opened at an
 * older version for the migration tests writes without it. */
#define TD_SCHEMA_CARD_WARNINGS 3
/* From this version on the records say which kiosk took them. */
#define TD_SCHEMA_KIOSK_ID 5
/* From this version on the audit trail, resolutions and PIN attempts say
 * which staff account (td-sqlite-store-staff.c needs it). */
#define TD_SCHEMA_STAFF 6
/* From this version on a number has a series and a counter per day and
 * series. */
#define TD_SCHEMA_SERIES 7
/* From this version on a check-in keeps its origin (a journal's). */
#define TD_SCHEMA_ORIGIN 9

gboolean
td_sqlite_store_read_version(TdSqliteStore *self, guint *version, GError **error)
{
	gint64 max = 0;

	if (!td_sqlite_query_int64(self, "SELECT MAX(version) FROM schema_version", "cannot read the schema version",
				   &max, error))
		return FALSE;
	*version = (guint)max;
	return TRUE;
}

gboolean
td_sqlite_store_migrate(TdSqliteStore *self, guint target, GError **error)
{
	if (sqlite3_exec(self->db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", NULL, NULL,
			 NULL) != SQLITE_OK) {
		td_sqlite_set_error(self, error, "cannot create the schema_version table");
		return FALSE;
	}
	for (;;) {
		guint version = 0;
		g_autofree gchar *what = NULL;

		/* read inside the write transaction: a second process may have
		 * migrated meanwhile */
		if (!td_sqlite_begin(self, error))
			return FALSE;
		if (!td_sqlite_store_read_version(self, &version, error)) {
			td_sqlite_rollback(self);
			return FALSE;
		}
		if (version > TD_SQLITE_STORE_SCHEMA_VERSION) {
			td_sqlite_rollback(self);
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
				    "%s: schema version %u is newer than this tiepdon knows (%u); "
				    "use the newer tiepdon",
				    self->path, version, TD_SQLITE_STORE_SCHEMA_VERSION);
			return FALSE;
		}
		if (version >= target) {
			self->schema_version = version;
			return td_sqlite_commit(self, error);
		}
		what = g_strdup_printf("migration to schema version %u failed", version + 1);
		if (sqlite3_exec(self->db, td_sqlite_migrations[version], NULL, NULL, NULL) != SQLITE_OK) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA, "%s: %s: %s", self->path, what,
				    sqlite3_errmsg(self->db));
			td_sqlite_rollback(self);
			return FALSE;
		}
		{
			g_autoptr(TdStmt) stmt = NULL;
			stmt = td_sqlite_stmt(self,
					  version == 0 ? "INSERT INTO schema_version (version) VALUES (?1)"
						       : "UPDATE schema_version SET version = ?1",
					  error);
			if (stmt == NULL) {
				td_sqlite_rollback(self);
				return FALSE;
			}
			sqlite3_bind_int(stmt, 1, (int)version + 1);
			if (!td_sqlite_step_done(self, stmt, what, error)) {
				td_sqlite_rollback(self);
				return FALSE;
			}
		}
		if (!td_sqlite_commit(self, error))
			return FALSE;
	}
}

guint
td_sqlite_store_get_schema_version(TdSqliteStore *self)
{
	return self->schema_version;
}

const gchar *
td_sqlite_store_get_path(TdSqliteStore *self)
{
	return self->path;
}

void
td_sqlite_store_set_kiosk_id(TdSqliteStore *self, const gchar *kiosk_id)
{
	STORE_LOCK(self);
	g_free(self->kiosk_id);
	self->kiosk_id = g_strdup(kiosk_id);
}

gboolean
td_sqlite_store_is_read_only(TdSqliteStore *self)
{
	return self->read_only;
}

gboolean
td_sqlite_store_check_integrity(TdSqliteStore *self, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "PRAGMA integrity_check", error);
	const gchar *first;

	if (stmt == NULL)
		return FALSE;
	if (!td_sqlite_step_row(self, stmt, "integrity check failed to run", error))
		return FALSE;
	first = (const gchar *)sqlite3_column_text(stmt, 0);
	if (g_strcmp0(first, "ok") != 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_FAILED, "%s: damaged: %s", self->path,
			    first != NULL ? first : "?");
		return FALSE;
	}
	return TRUE;
}

gboolean
td_sqlite_store_get_newest_time(TdSqliteStore *self, gint64 *time_out, GError **error)
{
	STORE_LOCK(self);
	/* none: NULL, read as 0 */
	return td_sqlite_query_int64(self,
				     "SELECT MAX(t) FROM (SELECT MAX(time_unix) AS t FROM checkins"
				     " UNION ALL SELECT MAX(time_unix) FROM staff_actions)",
				     "cannot read the newest record's time", time_out, error);
}

/* ---- check-ins and exceptions ---- */

static gboolean
store_insert_exception(TdSqliteStore *self, TdCheckinException *exc, gint64 checkin_id, gint64 now, GError **error)
{
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
					    self->schema_version >= TD_SCHEMA_KIOSK_ID
						? "INSERT INTO exceptions (checkin_id, created_unix, id_number, full_name,"
						  " date_of_birth, card_code, reason, detail, kiosk_id)"
						  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
						: "INSERT INTO exceptions (checkin_id, created_unix, id_number, full_name,"
						  " date_of_birth, card_code, reason, detail)"
						  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
					    error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, checkin_id);
	sqlite3_bind_int64(stmt, 2, now);
	td_sqlite_bind_text(stmt, 3, exc->id_number);
	td_sqlite_bind_text(stmt, 4, exc->full_name);
	td_sqlite_bind_text(stmt, 5, exc->date_of_birth);
	td_sqlite_bind_text(stmt, 6, exc->card_code);
	td_sqlite_bind_text(stmt, 7, exc->reason != NULL ? exc->reason : "see-staff");
	td_sqlite_bind_text(stmt, 8, exc->detail);
	if (self->schema_version >= TD_SCHEMA_KIOSK_ID)
		td_sqlite_bind_text(stmt, 9, self->kiosk_id);
	return td_sqlite_step_done(self, stmt, "cannot store the exception", error);
}

static gboolean
td_sqlite_store_record_checkin(TdStore *store, TdCheckinRecord *rec, TdCheckinException *exc, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	gint64 now = rec->time_unix != 0 ? rec->time_unix : g_get_real_time() / G_USEC_PER_SEC;
	gint64 queue_number = 0;
	gint64 checkin_id = 0;
	gint64 exception_id = 0;

	if (!td_sqlite_begin(self, error))
		return FALSE;
	{
		/* from schema 7 the day's counter of the store's series (a
		 * journal's numbers go on after it sent and deleted some),
		 * started from the highest number the day has */
		g_autoptr(TdStmt) stmt = td_sqlite_stmt(
		    self,
		    self->schema_version >= TD_SCHEMA_SERIES
			? "INSERT INTO queue_counters (day, series, last) VALUES (?1, ?2,"
			  " (SELECT COALESCE(MAX(queue_number), 0) + 1 FROM checkins WHERE day = ?1 AND queue_series = ?2))"
			  " ON CONFLICT (day, series) DO UPDATE SET last = last + 1 RETURNING last"
			: "SELECT COALESCE(MAX(queue_number), 0) + 1 FROM checkins WHERE day = ?1",
		    error);
		if (stmt == NULL)
			goto fail;
		td_sqlite_bind_text(stmt, 1, rec->day);
		if (self->schema_version >= TD_SCHEMA_SERIES)
			td_sqlite_bind_text(stmt, 2, self->queue_series);
		if (!td_sqlite_step_row(self, stmt, "cannot allocate a queue number", error))
			goto fail;
		queue_number = sqlite3_column_int64(stmt, 0);
	}
	{
		g_autoptr(TdStmt) stmt = td_sqlite_stmt(
		    self,
		    self->schema_version >= TD_SCHEMA_ORIGIN
			? "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
			  " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash,"
			  " card_warnings, kiosk_id, queue_series, origin)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
		    : self->schema_version >= TD_SCHEMA_SERIES
			? "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
			  " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash,"
			  " card_warnings, kiosk_id, queue_series)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
		    : self->schema_version >= TD_SCHEMA_KIOSK_ID
			? "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
			  " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash,"
			  " card_warnings, kiosk_id)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
		    : self->schema_version >= TD_SCHEMA_CARD_WARNINGS
			? "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
			  " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash,"
			  " card_warnings)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
			: "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
			  " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
		    error);
		g_autofree gchar *warnings = NULL;
		if (stmt == NULL)
			goto fail;
		if (rec->card_warnings != NULL && rec->card_warnings[0] != NULL)
			warnings = g_strjoinv("\n", rec->card_warnings);
		sqlite3_bind_int64(stmt, 1, now);
		td_sqlite_bind_text(stmt, 2, rec->day);
		sqlite3_bind_int64(stmt, 3, queue_number);
		td_sqlite_bind_text(stmt, 4, td_card_verdict_to_string(rec->card_verdict));
		td_sqlite_bind_text(stmt, 5, rec->card_reasons);
		td_sqlite_bind_text(stmt, 6, td_eligibility_verdict_to_string(rec->eligibility));
		td_sqlite_bind_text(stmt, 7, rec->eligibility_code);
		sqlite3_bind_int(stmt, 8, rec->benefit_level);
		sqlite3_bind_int(stmt, 9, rec->registered_here ? 1 : 0);
		td_sqlite_bind_text(stmt, 10, td_vneid_answer_to_string(rec->vneid));
		td_sqlite_bind_text(stmt, 11, td_outcome_to_string(rec->outcome));
		td_sqlite_bind_text(stmt, 12, rec->see_staff_reason);
		td_sqlite_bind_text(stmt, 13, rec->id_hash);
		if (self->schema_version >= TD_SCHEMA_CARD_WARNINGS)
			td_sqlite_bind_text(stmt, 14, warnings);
		if (self->schema_version >= TD_SCHEMA_KIOSK_ID)
			td_sqlite_bind_text(stmt, 15, self->kiosk_id);
		if (self->schema_version >= TD_SCHEMA_SERIES)
			td_sqlite_bind_text(stmt, 16, self->queue_series);
		if (self->schema_version >= TD_SCHEMA_ORIGIN)
			td_sqlite_bind_text(stmt, 17, rec->origin);
		if (!td_sqlite_step_done(self, stmt, "cannot store the check-in", error))
			goto fail;
		checkin_id = sqlite3_last_insert_rowid(self->db);
	}
	if (exc != NULL) {
		if (!store_insert_exception(self, exc, checkin_id, now, error))
			goto fail;
		exception_id = sqlite3_last_insert_rowid(self->db);
	}
	if (!td_sqlite_commit(self, error))
		goto fail;
	td_store_confirm_checkin(rec, exc, checkin_id, queue_number, now, exception_id);
	g_strlcpy(rec->queue_series, self->queue_series, sizeof(rec->queue_series));
	return TRUE;
fail:
	td_sqlite_rollback(self);
	return FALSE;
}

/* The check-in columns get_checkin and find_checkin read, in the order
 * store_checkin_from_row() takes them; what an older schema lacks read
 * as NULL or "". */
#define TD_CHECKIN_COLUMNS                                                                                          \
	"id, time_unix, day, queue_number, card_verdict, card_reasons, eligibility, eligibility_code,"              \
	" benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash"
#define TD_CHECKIN_SELECT(self, where)                                                                               \
	((self)->schema_version >= TD_SCHEMA_ORIGIN                                                                  \
	     ? "SELECT " TD_CHECKIN_COLUMNS ", card_warnings, queue_series, origin FROM checkins " where           \
	 : (self)->schema_version >= TD_SCHEMA_SERIES                                                                \
	     ? "SELECT " TD_CHECKIN_COLUMNS ", card_warnings, queue_series, NULL FROM checkins " where             \
	 : (self)->schema_version >= TD_SCHEMA_CARD_WARNINGS                                                         \
	     ? "SELECT " TD_CHECKIN_COLUMNS ", card_warnings, '', NULL FROM checkins " where                       \
	     : "SELECT " TD_CHECKIN_COLUMNS ", NULL, '', NULL FROM checkins " where)

static TdCheckinRecord *
store_checkin_from_row(TdStmt *stmt)
{
	TdCheckinRecord *rec = td_checkin_record_new();
	rec->id = sqlite3_column_int64(stmt, 0);
	rec->time_unix = sqlite3_column_int64(stmt, 1);
	g_strlcpy(rec->day, (const gchar *)sqlite3_column_text(stmt, 2), sizeof(rec->day));
	rec->queue_number = (guint)sqlite3_column_int64(stmt, 3);
	/* words this version does not know keep the zero value */
	td_card_verdict_from_string((const gchar *)sqlite3_column_text(stmt, 4), &rec->card_verdict);
	rec->card_reasons = td_sqlite_column_dup(stmt, 5);
	td_eligibility_verdict_from_string((const gchar *)sqlite3_column_text(stmt, 6), &rec->eligibility);
	rec->eligibility_code = td_sqlite_column_dup(stmt, 7);
	rec->benefit_level = sqlite3_column_int(stmt, 8);
	rec->registered_here = sqlite3_column_int(stmt, 9) != 0;
	td_vneid_answer_from_string((const gchar *)sqlite3_column_text(stmt, 10), &rec->vneid);
	td_outcome_from_string((const gchar *)sqlite3_column_text(stmt, 11), &rec->outcome);
	rec->see_staff_reason = td_sqlite_column_dup(stmt, 12);
	rec->id_hash = td_sqlite_column_dup(stmt, 13);
	if (sqlite3_column_type(stmt, 14) != SQLITE_NULL)
		rec->card_warnings = g_strsplit((const gchar *)sqlite3_column_text(stmt, 14), "\n", -1);
	g_strlcpy(rec->queue_series, (const gchar *)sqlite3_column_text(stmt, 15), sizeof(rec->queue_series));
	rec->origin = td_sqlite_column_dup(stmt, 16);
	return rec;
}

static TdCheckinRecord *
td_sqlite_store_get_checkin(TdStore *store, gint64 id, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, TD_CHECKIN_SELECT(self, "WHERE id = ?1"), error);
	gboolean found;

	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if (!td_sqlite_step_maybe_row(self, stmt, &found, "cannot read a check-in", error))
		return NULL;
	if (!found) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no check-in %" G_GINT64_FORMAT, id);
		return NULL;
	}
	return store_checkin_from_row(stmt);
}

/* The newest check-in of the day for this person (the checkins_id_hash
 * index finds it); NULL and no error when there is none. */
static TdCheckinRecord *
td_sqlite_store_find_checkin(TdStore *store, const gchar *day, const gchar *id_hash, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(
	    self, TD_CHECKIN_SELECT(self, "WHERE id_hash = ?1 AND day = ?2 ORDER BY time_unix DESC, id DESC LIMIT 1"),
	    error);
	gboolean found;

	if (stmt == NULL)
		return NULL;
	td_sqlite_bind_text(stmt, 1, id_hash);
	td_sqlite_bind_text(stmt, 2, day);
	if (!td_sqlite_step_maybe_row(self, stmt, &found, "cannot look up today's check-in", error) || !found)
		return NULL;
	return store_checkin_from_row(stmt);
}

static gpointer
store_checkin_from_list_row(TdStmt *stmt)
{
	return store_checkin_from_row(stmt);
}

static GPtrArray *
td_sqlite_store_list_checkins_with_vneid(TdStore *store, const gchar *day, TdVneidAnswer answer, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self, TD_CHECKIN_SELECT(self, "WHERE day = ?1 AND vneid = ?2 ORDER BY time_unix, id"), error);

	if (stmt == NULL)
		return NULL;
	td_sqlite_bind_text(stmt, 1, day);
	td_sqlite_bind_text(stmt, 2, td_vneid_answer_to_string(answer));
	return td_sqlite_collect_rows(self, stmt, store_checkin_from_list_row, (GDestroyNotify)td_checkin_record_free,
				  "cannot list the day's check-ins", error);
}

/* Under the store's lock. */
static gboolean
store_update_vneid(TdSqliteStore *self, gint64 checkin_id, TdVneidAnswer answer, GError **error)
{
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "UPDATE checkins SET vneid = ?2 WHERE id = ?1", error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, checkin_id);
	td_sqlite_bind_text(stmt, 2, td_vneid_answer_to_string(answer));
	if (!td_sqlite_step_done(self, stmt, "cannot record the VNeID answer", error))
		return FALSE;
	if (sqlite3_changes(self->db) == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no check-in %" G_GINT64_FORMAT,
			    checkin_id);
		return FALSE;
	}
	return TRUE;
}

static gboolean
td_sqlite_store_set_vneid_answer(TdStore *store, gint64 checkin_id, TdVneidAnswer answer, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	return store_update_vneid(self, checkin_id, answer, error);
}

static gpointer
exception_from_row(TdStmt *stmt)
{
	TdCheckinException *exc = td_checkin_exception_new();

	exc->id = sqlite3_column_int64(stmt, 0);
	exc->checkin_id = sqlite3_column_int64(stmt, 1);
	exc->id_number = td_sqlite_column_dup(stmt, 2);
	exc->full_name = td_sqlite_column_dup(stmt, 3);
	exc->date_of_birth = td_sqlite_column_dup(stmt, 4);
	exc->card_code = td_sqlite_column_dup(stmt, 5);
	exc->reason = td_sqlite_column_dup(stmt, 6);
	exc->detail = td_sqlite_column_dup(stmt, 7);
	exc->resolved = sqlite3_column_int(stmt, 8) != 0;
	exc->resolution = td_sqlite_column_dup(stmt, 9);
	exc->resolved_unix = sqlite3_column_int64(stmt, 10);
	exc->created_unix = sqlite3_column_int64(stmt, 11);
	exc->resolved_by = td_sqlite_column_dup(stmt, 12);
	exc->queue_number = (guint)sqlite3_column_int64(stmt, 13);
	g_strlcpy(exc->queue_series, (const gchar *)sqlite3_column_text(stmt, 14), sizeof(exc->queue_series));
	return exc;
}

static GPtrArray *
td_sqlite_store_list_exceptions(TdStore *store, const gchar *day, gboolean open_only, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
#define TD_EXCEPTIONS_SELECT(series)                                                                                 \
	"SELECT e.id, e.checkin_id, e.id_number, e.full_name, e.date_of_birth, e.card_code, e.reason,"               \
	" e.detail, e.resolved, e.resolution, e.resolved_unix, e.created_unix, s.name, c.queue_number, " series      \
	" FROM exceptions e JOIN checkins c ON c.id = e.checkin_id"                                                  \
	" LEFT JOIN staff s ON s.id = e.resolved_by"                                                                 \
	" WHERE (?1 IS NULL OR c.day = ?1) AND (?2 = 0 OR e.resolved = 0) ORDER BY e.id"
	/* a file not yet migrated (a read-only open) has no series: "" */
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
						self->schema_version >= TD_SCHEMA_SERIES
						    ? TD_EXCEPTIONS_SELECT("c.queue_series")
						    : TD_EXCEPTIONS_SELECT("''"),
						error);
#undef TD_EXCEPTIONS_SELECT

	if (stmt == NULL)
		return NULL;
	td_sqlite_bind_text(stmt, 1, day);
	sqlite3_bind_int(stmt, 2, open_only ? 1 : 0);
	return td_sqlite_collect_rows(self, stmt, exception_from_row, (GDestroyNotify)td_checkin_exception_free,
				  "cannot list exceptions", error);
}

static gboolean
store_insert_staff_action(TdSqliteStore *self,
			  gint64 staff_id,
			  gint64 now,
			  const gchar *action,
			  gint64 exception_id,
			  gint64 checkin_id,
			  const gchar *note,
			  GError **error)
{
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self,
			   self->schema_version >= TD_SCHEMA_STAFF
			       ? "INSERT INTO staff_actions (time_unix, action, exception_id, checkin_id, note, kiosk_id, staff_id)"
				 " VALUES (?1, ?2, NULLIF(?3, 0), NULLIF(?4, 0), ?5, ?6, NULLIF(?7, 0))"
			   : self->schema_version >= TD_SCHEMA_KIOSK_ID
			       ? "INSERT INTO staff_actions (time_unix, action, exception_id, checkin_id, note, kiosk_id)"
				 " VALUES (?1, ?2, NULLIF(?3, 0), NULLIF(?4, 0), ?5, ?6)"
			       : "INSERT INTO staff_actions (time_unix, action, exception_id, checkin_id, note)"
				 " VALUES (?1, ?2, NULLIF(?3, 0), NULLIF(?4, 0), ?5)",
			   error);
	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, now);
	td_sqlite_bind_text(stmt, 2, action);
	sqlite3_bind_int64(stmt, 3, exception_id);
	sqlite3_bind_int64(stmt, 4, checkin_id);
	td_sqlite_bind_text(stmt, 5, note);
	if (self->schema_version >= TD_SCHEMA_KIOSK_ID)
		td_sqlite_bind_text(stmt, 6, self->kiosk_id);
	if (self->schema_version >= TD_SCHEMA_STAFF)
		sqlite3_bind_int64(stmt, 7, staff_id);
	return td_sqlite_step_done(self, stmt, "cannot write the audit trail", error);
}

static gboolean
td_sqlite_store_resolve_exception(TdStore *store,
				  gint64 staff_id,
				  gint64 exception_id,
				  const gchar *action,
				  const gchar *note,
				  gint64 now,
				  GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	const gchar *outcome, *eligibility;
	gint64 checkin_id;

	if (!td_sqlite_begin(self, error))
		return FALSE;
	{
		g_autoptr(TdStmt) stmt =
		    td_sqlite_stmt(self, "SELECT checkin_id, resolved FROM exceptions WHERE id = ?1", error);
		gboolean found;
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, exception_id);
		if (!td_sqlite_step_maybe_row(self, stmt, &found, "cannot read the exception", error))
			goto fail;
		if (!found) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
				    "no exception %" G_GINT64_FORMAT " (already purged?)", exception_id);
			goto fail;
		}
		if (sqlite3_column_int(stmt, 1) != 0) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_ALREADY_RESOLVED,
				    "exception %" G_GINT64_FORMAT " is already resolved", exception_id);
			goto fail;
		}
		checkin_id = sqlite3_column_int64(stmt, 0);
	}
	{
		g_autoptr(TdStmt) stmt = td_sqlite_stmt(
		    self,
		    "UPDATE exceptions SET resolved = 1, resolution = ?2, resolved_unix = ?3, resolved_by = ?4 WHERE id = ?1",
		    error);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, exception_id);
		td_sqlite_bind_text(stmt, 2, action);
		sqlite3_bind_int64(stmt, 3, now);
		sqlite3_bind_int64(stmt, 4, staff_id);
		if (!td_sqlite_step_done(self, stmt, "cannot resolve the exception", error))
			goto fail;
	}
	td_store_resolve_action_effect(action, &outcome, &eligibility);
	{
		g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
						    "UPDATE checkins SET outcome = COALESCE(?2, outcome),"
						    " eligibility = COALESCE(?3, eligibility) WHERE id = ?1",
						    error);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, checkin_id);
		td_sqlite_bind_text(stmt, 2, outcome);
		td_sqlite_bind_text(stmt, 3, eligibility);
		if (!td_sqlite_step_done(self, stmt, "cannot update the check-in", error))
			goto fail;
	}
	if (!store_insert_staff_action(self, staff_id, now, action, exception_id, checkin_id, note, error))
		goto fail;
	if (!td_sqlite_commit(self, error))
		goto fail;
	return TRUE;
fail:
	td_sqlite_rollback(self);
	return FALSE;
}

static gboolean
td_sqlite_store_record_staff_action(TdStore *store,
				    gint64 staff_id,
				    gint64 now,
				    const gchar *action,
				    gint64 exception_id,
				    gint64 checkin_id,
				    const gchar *note,
				    GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	TdVneidAnswer vneid = td_store_action_vneid_effect(action, note);

	if (vneid == TD_VNEID_NOT_ASKED)
		return store_insert_staff_action(self, staff_id, now, action, exception_id, checkin_id, note, error);
	if (!td_sqlite_begin(self, error))
		return FALSE;
	if (!store_update_vneid(self, checkin_id, vneid, error) ||
	    !store_insert_staff_action(self, staff_id, now, action, exception_id, checkin_id, note, error) ||
	    !td_sqlite_commit(self, error)) {
		td_sqlite_rollback(self);
		return FALSE;
	}
	return TRUE;
}

gpointer
td_sqlite_staff_action_from_row(TdStmt *stmt)
{
	TdStaffAction *action = g_new0(TdStaffAction, 1);

	action->id = sqlite3_column_int64(stmt, 0);
	action->time_unix = sqlite3_column_int64(stmt, 1);
	action->action = td_sqlite_column_dup(stmt, 2);
	action->exception_id = sqlite3_column_int64(stmt, 3);
	action->checkin_id = sqlite3_column_int64(stmt, 4);
	action->note = td_sqlite_column_dup(stmt, 5);
	action->staff_id = sqlite3_column_int64(stmt, 6);
	action->staff_name = td_sqlite_column_dup(stmt, 7);
	action->kiosk_id = td_sqlite_column_dup(stmt, 8);
	return action;
}

static GPtrArray *
td_sqlite_store_list_staff_actions(TdStore *store, gint64 since_unix, GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
					    "SELECT a.id, a.time_unix, a.action, COALESCE(a.exception_id, 0),"
					    " COALESCE(a.checkin_id, 0), a.note, COALESCE(a.staff_id, 0), s.name, a.kiosk_id"
					    " FROM staff_actions a LEFT JOIN staff s ON s.id = a.staff_id"
					    " WHERE a.time_unix >= ?1 ORDER BY a.id",
					    error);

	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, since_unix);
	return td_sqlite_collect_rows(self, stmt, td_sqlite_staff_action_from_row, (GDestroyNotify)td_staff_action_free,
				  "cannot read the audit trail", error);
}

static gboolean
td_sqlite_store_last_vneid_answer(TdStore *store,
				  const gchar *id_hash,
				  gint64 *time_out,
				  TdVneidAnswer *answer_out,
				  GError **error)
{
	TdSqliteStore *self = TD_SQLITE_STORE(store);
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
					    "SELECT time_unix, vneid FROM checkins WHERE id_hash = ?1 AND vneid NOT IN (?2, ?3)"
					    " ORDER BY time_unix DESC LIMIT 1",
					    error);
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gint64 when = 0;
	gboolean found;

	if (stmt == NULL)
		return FALSE;
	td_sqlite_bind_text(stmt, 1, id_hash);
	td_sqlite_bind_text(stmt, 2, td_vneid_answer_to_string(TD_VNEID_NOT_ASKED));
	td_sqlite_bind_text(stmt, 3, td_vneid_answer_to_string(TD_VNEID_LEFT));
	if (!td_sqlite_step_maybe_row(self, stmt, &found, "cannot look up the VNeID answer", error))
		return FALSE;
	if (found) {
		when = sqlite3_column_int64(stmt, 0);
		if (!td_vneid_answer_from_string((const gchar *)sqlite3_column_text(stmt, 1), &answer))
			when = 0;
	}
	if (time_out != NULL)
		*time_out = when;
	if (answer_out != NULL)
		*answer_out = answer;
	return TRUE;
}

static void
td_sqlite_store_finalize(GObject *object)
{
	TdSqliteStore *self = TD_SQLITE_STORE(object);
	td_sqlite_store_unregister(self);
	g_hash_table_unref(self->statements); /* finalizes the statements */
	if (self->db != NULL)
		sqlite3_close(self->db);
	g_free(self->count_days_sql);
	g_free(self->registry_key);
	g_free(self->kiosk_id);
	g_free(self->path);
	g_mutex_clear(&self->lock);
	G_OBJECT_CLASS(td_sqlite_store_parent_class)->finalize(object);
}

static void
store_stmt_finalize(gpointer stmt)
{
	sqlite3_finalize(stmt);
}

static void
td_sqlite_store_init(TdSqliteStore *self)
{
	g_mutex_init(&self->lock);
	self->kiosk_id = td_config_default_kiosk_id();
	self->statements = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, store_stmt_finalize);
}

static void
td_sqlite_store_class_init(TdSqliteStoreClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_sqlite_store_finalize;
}

static void
td_sqlite_store_iface_init(TdStoreInterface *iface)
{
	iface->record_checkin = td_sqlite_store_record_checkin;
	iface->get_checkin = td_sqlite_store_get_checkin;
	iface->list_exceptions = td_sqlite_store_list_exceptions;
	iface->resolve_exception = td_sqlite_store_resolve_exception;
	iface->record_staff_action = td_sqlite_store_record_staff_action;
	iface->list_staff_actions = td_sqlite_store_list_staff_actions;
	iface->last_vneid_answer = td_sqlite_store_last_vneid_answer;
	iface->find_checkin = td_sqlite_store_find_checkin;
	iface->set_vneid_answer = td_sqlite_store_set_vneid_answer;
	iface->list_checkins_with_vneid = td_sqlite_store_list_checkins_with_vneid;
	iface->purge = td_sqlite_store_purge;
	iface->oldest_personal_record = td_sqlite_store_oldest_personal_record;
	iface->count_days = td_sqlite_store_count_days;
	iface->begin_pin_attempt = td_sqlite_store_begin_pin_attempt;
	iface->finish_pin_attempt = td_sqlite_store_finish_pin_attempt;
	iface->count_pin_failures = td_sqlite_store_count_pin_failures;
	iface->add_staff = td_sqlite_store_add_staff;
	iface->list_staff = td_sqlite_store_list_staff;
	iface->set_staff_active = td_sqlite_store_set_staff_active;
	iface->set_staff_pin = td_sqlite_store_set_staff_pin;
	iface->set_staff_manager = td_sqlite_store_set_staff_manager;
	iface->get_change_token = td_sqlite_store_get_change_token;
}
