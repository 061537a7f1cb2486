/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPgStore: opening and migrating, check-ins, exceptions and the audit
 * trail (the connection and its statements: td-pg-store-connection.c; the
 * schema steps: td-pg-store-migrations.c). Each function does what its SQLite twin in
 * td-sqlite-store.c does; the comments there say why. */
#include "config.h"

#include <string.h>

#include "td-pg-store-private.h"
#include "td-secret.h"
#include "td-store-engine.h"

static void td_pg_store_iface_init(TdStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE(TdPgStore,
			td_pg_store,
			G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(TD_TYPE_STORE, td_pg_store_iface_init))

/* Nothing else on a station's server takes this transaction-scoped lock:
 * one process at a time migrates (the hub uses another number). */
#define TD_PG_MIGRATION_LOCK "7349014"

/* From this version on: staff accounts, and the change notifications.
 * (Stores opened at an older version, for the migration tests, only
 * record check-ins.) */
#define TD_PG_SCHEMA_STAFF 3
/* From this version on: a number's series, and a journaled check-in's
 * origin. */
#define TD_PG_SCHEMA_SERIES 4

/* ---- migrations ---- */

static gboolean
pg_read_version(TdPgStore *self, guint *version, GError **error)
{
	g_autoptr(PGresult) exists =
	    td_pg_query(self, "SELECT to_regclass('public.schema_version') IS NOT NULL", 0, NULL,
			"cannot read the schema version", error);
	g_autoptr(PGresult) result = NULL;

	if (exists == NULL)
		return FALSE;
	if (g_strcmp0(PQgetvalue(exists, 0, 0), "t") != 0) {
		*version = 0;
		return TRUE;
	}
	result = td_pg_query(self, "SELECT COALESCE(MAX(version), 0) FROM schema_version", 0, NULL,
			     "cannot read the schema version", error);
	if (result == NULL)
		return FALSE;
	*version = (guint)td_pg_get_int(result, 0, 0);
	return TRUE;
}

static gboolean
pg_refuse_newer(guint version, GError **error)
{
	if (version <= TD_PG_STORE_SCHEMA_VERSION)
		return TRUE;
	g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
		    "PostgreSQL: schema version %u is newer than this tiepdon knows (%u); use the newer tiepdon",
		    version, TD_PG_STORE_SCHEMA_VERSION);
	return FALSE;
}

gboolean
td_pg_store_migrate(TdPgStore *self, guint target, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	guint version = 0;

	/* up to date (the usual start, and the only one a kiosk's role may
	 * make): no lock, no DDL */
	if (!pg_read_version(self, &version, error) || !pg_refuse_newer(version, error))
		return FALSE;
	if (version >= target) {
		self->schema_version = version;
		return TRUE;
	}
	if (!td_pg_exec(self,
			"BEGIN;"
			"SELECT pg_advisory_xact_lock(" TD_PG_MIGRATION_LOCK ");"
			"CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);",
			"cannot start the migration", &error_local)) {
		td_pg_rollback(self);
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
			    "%s (the database needs schema %u: run 'tiepdon db init --apply' as its owner)",
			    error_local->message, target);
		return FALSE;
	}
	/* read again under the lock: another kiosk may have migrated */
	if (!pg_read_version(self, &version, error) || !pg_refuse_newer(version, error)) {
		td_pg_rollback(self);
		return FALSE;
	}
	for (guint v = version; v < target; v++) {
		if (!td_pg_exec(self, td_pg_migrations[v], "migration failed", &error_local)) {
			td_pg_rollback(self);
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA, "to schema version %u: %s", v + 1,
				    error_local->message);
			return FALSE;
		}
	}
	{
		gchar buf[TD_PG_INT_LEN];
		const gchar *params[] = {td_pg_int(buf, target)};
		g_autoptr(PGresult) result =
		    td_pg_query(self,
				version == 0 ? "INSERT INTO schema_version (version) VALUES ($1)"
					     : "UPDATE schema_version SET version = $1",
				1, params, "cannot record the schema version", error);
		if (result == NULL || !td_pg_commit(self, error)) {
			td_pg_rollback(self);
			return FALSE;
		}
	}
	self->schema_version = target;
	return TRUE;
}

gchar *
td_pg_store_init_sql(void)
{
	GString *sql = g_string_new("-- tiepdon db init: the roles of a station's database\n");

	g_string_append(sql, td_pg_store_init_roles_sql());
	g_string_append(sql, "-- the schema, created as its owner (for a new database; 'tiepdon db init --apply'\n"
			     "-- also brings an older one up to date)\n"
			     "SET ROLE tiepdon_owner;\nBEGIN;\n"
			     "CREATE TABLE schema_version (version integer NOT NULL);\n");
	for (guint v = 0; v < TD_PG_STORE_SCHEMA_VERSION; v++) {
		g_autofree gchar *step = g_strdup(td_pg_migrations[v]);
		g_string_append_printf(sql, "-- schema %u\n%s\n", v + 1, step);
	}
	g_string_append_printf(sql, "INSERT INTO schema_version (version) VALUES (%u);\nCOMMIT;\n",
			       TD_PG_STORE_SCHEMA_VERSION);
	g_string_append(sql, "-- what each role may do\n");
	g_string_append(sql, td_pg_store_init_grants_sql());
	g_string_append(sql, "RESET ROLE;\n");
	return g_string_free(sql, FALSE);
}

guint
td_pg_store_get_schema_version(TdPgStore *self)
{
	return self->schema_version;
}

/* ---- check-ins and exceptions ---- */

gboolean
td_pg_insert_exception(TdPgStore *self, TdCheckinException *exc, gint64 checkin_id, gint64 now, gint64 *id_out,
		    GError **error)
{
	gchar b1[TD_PG_INT_LEN], b2[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(b1, checkin_id),
				 td_pg_int(b2, now),
				 exc->id_number,
				 exc->full_name,
				 exc->date_of_birth,
				 exc->card_code,
				 exc->reason != NULL ? exc->reason : "see-staff",
				 exc->detail,
				 self->kiosk_id};
	g_autoptr(PGresult) result = td_pg_query(
	    self,
	    self->schema_version >= TD_PG_SCHEMA_KIOSKS
		? "INSERT INTO exceptions (checkin_id, created_unix, id_number, full_name, date_of_birth, card_code,"
		  " reason, detail, kiosk_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
		: "INSERT INTO exceptions (checkin_id, created_unix, id_number, full_name, date_of_birth, card_code,"
		  " reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	    self->schema_version >= TD_PG_SCHEMA_KIOSKS ? 9 : 8, params, "cannot store the exception", error);
	if (result == NULL)
		return FALSE;
	*id_out = td_pg_get_int(result, 0, 0);
	return TRUE;
}

/* The day's next number: the counter row's lock is held until the
 * transaction ends, so the other kiosks wait for this check-in's commit
 * or rollback. (Schema 1, before the counters: the highest number + 1,
 * the day's rows locked by a table lock, as SQLite's write lock does.) */
static gboolean
pg_next_queue_number(TdPgStore *self, const gchar *day, gint64 *number_out, GError **error)
{
	const gchar *params[] = {day};
	g_autoptr(PGresult) result = NULL;

	if (self->schema_version < TD_PG_SCHEMA_KIOSKS &&
	    !td_pg_exec(self, "LOCK TABLE checkins IN SHARE ROW EXCLUSIVE MODE", "cannot lock the queue", error))
		return FALSE;
	result = td_pg_query(self,
			     self->schema_version >= TD_PG_SCHEMA_KIOSKS
				 ? "INSERT INTO queue_counters AS q (day, last) VALUES ($1::date, 1)"
				   " ON CONFLICT (day) DO UPDATE SET last = q.last + 1 RETURNING last"
				 : "SELECT COALESCE(MAX(queue_number), 0) + 1 FROM checkins WHERE day = $1::date",
			     1, params, "cannot allocate a queue number", error);
	if (result == NULL)
		return FALSE;
	*number_out = td_pg_get_int(result, 0, 0);
	return TRUE;
}

/* One check-in row of the kiosk's own, numbered by the caller, in the
 * caller's transaction. */
gboolean
td_pg_insert_checkin(TdPgStore *self, const TdCheckinRecord *rec, gint64 now, gint64 queue_number, gint64 *id_out,
		     GError **error)
{
	g_autofree gchar *warnings = NULL;
	gchar b_now[TD_PG_INT_LEN], b_number[TD_PG_INT_LEN], b_level[TD_PG_INT_LEN];
	const gchar *sql;
	gint n_params;

	if (rec->card_warnings != NULL && rec->card_warnings[0] != NULL)
		warnings = g_strjoinv("\n", rec->card_warnings);
	/* the origin (a journaled store's) is the last parameter */
	if (self->schema_version >= TD_PG_SCHEMA_SERIES) {
		sql = "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
		      " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason,"
		      " id_hash, card_warnings, kiosk_id, origin)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id";
		n_params = 16;
	} else if (self->schema_version >= TD_PG_SCHEMA_KIOSKS) {
		sql = "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
		      " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason,"
		      " id_hash, card_warnings, kiosk_id)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
		n_params = 15;
	} else {
		sql = "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
		      " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason,"
		      " id_hash, card_warnings)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
		n_params = 14;
	}
	{
		const gchar *params[] = {td_pg_int(b_now, now),
					 rec->day,
					 td_pg_int(b_number, queue_number),
					 td_card_verdict_to_string(rec->card_verdict),
					 rec->card_reasons,
					 td_eligibility_verdict_to_string(rec->eligibility),
					 rec->eligibility_code,
					 td_pg_int(b_level, rec->benefit_level),
					 rec->registered_here ? "t" : "f",
					 td_vneid_answer_to_string(rec->vneid),
					 td_outcome_to_string(rec->outcome),
					 rec->see_staff_reason,
					 rec->id_hash,
					 warnings,
					 self->kiosk_id,
					 rec->origin};
		g_autoptr(PGresult) result = td_pg_query(self, sql, n_params, params, "cannot store the check-in", error);
		if (result == NULL)
			return FALSE;
		*id_out = td_pg_get_int(result, 0, 0);
	}
	return TRUE;
}

static gboolean
td_pg_store_record_checkin(TdStore *store, TdCheckinRecord *rec, TdCheckinException *exc, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	gint64 now = rec->time_unix != 0 ? rec->time_unix : g_get_real_time() / G_USEC_PER_SEC;
	gint64 queue_number = 0, checkin_id = 0, exception_id = 0;

	/* the station's one sequence */
	rec->queue_series[0] = '\0';
	if (!td_pg_begin(self, error))
		return FALSE;
	if (!pg_next_queue_number(self, rec->day, &queue_number, error))
		goto fail;
	if (!td_pg_insert_checkin(self, rec, now, queue_number, &checkin_id, error))
		goto fail;
	if (exc != NULL && !td_pg_insert_exception(self, exc, checkin_id, now, &exception_id, error))
		goto fail;
	if (!td_pg_commit(self, error))
		goto fail;
	td_store_confirm_checkin(rec, exc, checkin_id, queue_number, now, exception_id);
	return TRUE;
fail:
	td_pg_rollback(self);
	return FALSE;
}

/* The check-in columns get_checkin and find_checkin read, in the order
 * pg_checkin_from_row() takes them. */
#define TD_PG_CHECKIN_COLUMNS                                                                                        \
	"id, time_unix, to_char(day, 'YYYY-MM-DD'), queue_number, card_verdict, card_reasons, eligibility,"         \
	" eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash, card_warnings"
/* SELECT … FROM checkins where: the series too from schema 4 */
#define TD_PG_CHECKIN_SELECT(self, where)                                                                            \
	((self)->schema_version >= TD_PG_SCHEMA_SERIES                                                               \
	     ? "SELECT " TD_PG_CHECKIN_COLUMNS ", queue_series FROM checkins " where                               \
	     : "SELECT " TD_PG_CHECKIN_COLUMNS ", '' FROM checkins " where)

static TdCheckinRecord *
pg_checkin_from_row(const PGresult *r, gint row)
{
	TdCheckinRecord *rec = td_checkin_record_new();
	rec->id = td_pg_get_int(r, row, 0);
	rec->time_unix = td_pg_get_int(r, row, 1);
	g_strlcpy(rec->day, PQgetvalue(r, row, 2), sizeof(rec->day));
	rec->queue_number = (guint)td_pg_get_int(r, row, 3);
	/* words this version does not know keep the zero value */
	td_card_verdict_from_string(PQgetvalue(r, row, 4), &rec->card_verdict);
	rec->card_reasons = td_pg_get_dup(r, row, 5);
	td_eligibility_verdict_from_string(PQgetvalue(r, row, 6), &rec->eligibility);
	rec->eligibility_code = td_pg_get_dup(r, row, 7);
	rec->benefit_level = (gint)td_pg_get_int(r, row, 8);
	rec->registered_here = g_strcmp0(PQgetvalue(r, row, 9), "t") == 0;
	td_vneid_answer_from_string(PQgetvalue(r, row, 10), &rec->vneid);
	td_outcome_from_string(PQgetvalue(r, row, 11), &rec->outcome);
	rec->see_staff_reason = td_pg_get_dup(r, row, 12);
	rec->id_hash = td_pg_get_dup(r, row, 13);
	if (!PQgetisnull(r, row, 14))
		rec->card_warnings = g_strsplit(PQgetvalue(r, row, 14), "\n", -1);
	g_strlcpy(rec->queue_series, PQgetvalue(r, row, 15), sizeof(rec->queue_series));
	return rec;
}

static TdCheckinRecord *
td_pg_store_get_checkin(TdStore *store, gint64 id, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	gchar buf[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(buf, id)};
	g_autoptr(PGresult) result = td_pg_query(self, TD_PG_CHECKIN_SELECT(self, "WHERE id = $1"), 1, params,
						 "cannot read a check-in", error);
	if (result == NULL)
		return NULL;
	if (PQntuples(result) == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no check-in %" G_GINT64_FORMAT, id);
		return NULL;
	}
	return pg_checkin_from_row(result, 0);
}

static TdCheckinRecord *
td_pg_store_find_checkin(TdStore *store, const gchar *day, const gchar *id_hash, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	const gchar *params[] = {id_hash, day};
	g_autoptr(PGresult) result =
	    td_pg_query(self,
			TD_PG_CHECKIN_SELECT(self, "WHERE id_hash = $1 AND day = $2::date"
						   " ORDER BY time_unix DESC, id DESC LIMIT 1"),
			2, params, "cannot look up today's check-in", error);
	if (result == NULL || PQntuples(result) == 0)
		return NULL;
	return pg_checkin_from_row(result, 0);
}

/* Runs a statement that must change one row; NOT_FOUND otherwise. */
static gboolean
pg_update_one(TdPgStore *self, const gchar *sql, gint n_params, const gchar *const *params, const gchar *what,
	      gint64 id, GError **error)
{
	g_autoptr(PGresult) result = td_pg_query(self, sql, n_params, params, what, error);
	if (result == NULL)
		return FALSE;
	if (g_strcmp0(PQcmdTuples(result), "0") == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no check-in %" G_GINT64_FORMAT, id);
		return FALSE;
	}
	return TRUE;
}

static GPtrArray *
td_pg_store_list_checkins_with_vneid(TdStore *store, const gchar *day, TdVneidAnswer answer, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	const gchar *params[] = {day, td_vneid_answer_to_string(answer)};
	g_autoptr(PGresult) result =
	    td_pg_query(self, TD_PG_CHECKIN_SELECT(self, "WHERE day = $1::date AND vneid = $2 ORDER BY time_unix, id"),
			2, params, "cannot list the day's check-ins", error);
	GPtrArray *list;

	if (result == NULL)
		return NULL;
	list = g_ptr_array_new_with_free_func((GDestroyNotify)td_checkin_record_free);
	for (gint row = 0; row < PQntuples(result); row++)
		g_ptr_array_add(list, pg_checkin_from_row(result, row));
	return list;
}

/* Under the store's lock. */
static gboolean
pg_update_vneid(TdPgStore *self, gint64 checkin_id, TdVneidAnswer answer, GError **error)
{
	gchar buf[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(buf, checkin_id), td_vneid_answer_to_string(answer)};
	return pg_update_one(self, "UPDATE checkins SET vneid = $2 WHERE id = $1", 2, params,
			     "cannot record the VNeID answer", checkin_id, error);
}

static gboolean
td_pg_store_set_vneid_answer(TdStore *store, gint64 checkin_id, TdVneidAnswer answer, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	return pg_update_vneid(self, checkin_id, answer, error);
}

static GPtrArray *
td_pg_store_list_exceptions(TdStore *store, const gchar *day, gboolean open_only, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	const gchar *params[] = {day, open_only ? "t" : "f"};
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)td_checkin_exception_free);
#define TD_PG_EXCEPTIONS_SELECT(series)                                                                              \
	"SELECT e.id, e.checkin_id, e.id_number, e.full_name, e.date_of_birth, e.card_code, e.reason,"               \
	" e.detail, e.resolved, e.resolution, e.resolved_unix, e.created_unix, s.name, c.queue_number, " series      \
	" FROM exceptions e JOIN checkins c ON c.id = e.checkin_id"                                                  \
	" LEFT JOIN staff s ON s.id = e.resolved_by"                                                                 \
	" WHERE ($1::date IS NULL OR c.day = $1::date) AND (NOT $2::boolean OR NOT e.resolved)"                      \
	" ORDER BY e.id"
	g_autoptr(PGresult) r = td_pg_query(self,
					    self->schema_version >= TD_PG_SCHEMA_SERIES
						? TD_PG_EXCEPTIONS_SELECT("c.queue_series")
						: TD_PG_EXCEPTIONS_SELECT("''"),
					    2, params, "cannot list exceptions", error);
#undef TD_PG_EXCEPTIONS_SELECT
	if (r == NULL)
		return NULL;
	for (gint i = 0; i < PQntuples(r); i++) {
		TdCheckinException *exc = td_checkin_exception_new();
		exc->id = td_pg_get_int(r, i, 0);
		exc->checkin_id = td_pg_get_int(r, i, 1);
		exc->id_number = td_pg_get_dup(r, i, 2);
		exc->full_name = td_pg_get_dup(r, i, 3);
		exc->date_of_birth = td_pg_get_dup(r, i, 4);
		exc->card_code = td_pg_get_dup(r, i, 5);
		exc->reason = td_pg_get_dup(r, i, 6);
		exc->detail = td_pg_get_dup(r, i, 7);
		exc->resolved = g_strcmp0(PQgetvalue(r, i, 8), "t") == 0;
		exc->resolution = td_pg_get_dup(r, i, 9);
		exc->resolved_unix = td_pg_get_int(r, i, 10);
		exc->created_unix = td_pg_get_int(r, i, 11);
		exc->resolved_by = td_pg_get_dup(r, i, 12);
		exc->queue_number = (guint)td_pg_get_int(r, i, 13);
		g_strlcpy(exc->queue_series, PQgetvalue(r, i, 14), sizeof(exc->queue_series));
		g_ptr_array_add(list, exc);
	}
	return g_steal_pointer(&list);
}

gboolean
td_pg_insert_staff_action(TdPgStore *self, gint64 staff_id, gint64 now, const gchar *action, gint64 exception_id,
		       gint64 checkin_id, const gchar *note, const gchar *origin, GError **error)
{
	gchar b1[TD_PG_INT_LEN], b2[TD_PG_INT_LEN], b3[TD_PG_INT_LEN], b4[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(b1, now),	      action, td_pg_int(b2, exception_id),
				 td_pg_int(b3, checkin_id), note,   self->kiosk_id,
				 td_pg_int(b4, staff_id),   origin};
	gboolean with_origin = self->schema_version >= TD_PG_SCHEMA_ACTION_ORIGIN;
	g_autoptr(PGresult) result =
	    td_pg_query(self,
			with_origin ? "INSERT INTO staff_actions (time_unix, action, exception_id, checkin_id, note, kiosk_id,"
				      " staff_id, origin) VALUES ($1, $2, NULLIF($3::bigint, 0), NULLIF($4::bigint, 0), $5,"
				      " $6, NULLIF($7::bigint, 0), $8)"
				    : "INSERT INTO staff_actions (time_unix, action, exception_id, checkin_id, note, kiosk_id,"
				      " staff_id) VALUES ($1, $2, NULLIF($3::bigint, 0), NULLIF($4::bigint, 0), $5, $6,"
				      " NULLIF($7::bigint, 0))",
			with_origin ? 8 : 7, params, "cannot write the audit trail", error);
	return result != NULL;
}

static gboolean
td_pg_store_resolve_exception(TdStore *store, gint64 staff_id, gint64 exception_id, const gchar *action,
			      const gchar *note, gint64 now, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	const gchar *outcome, *eligibility;
	gchar b_id[TD_PG_INT_LEN], b_now[TD_PG_INT_LEN], b_checkin[TD_PG_INT_LEN], b_staff[TD_PG_INT_LEN];
	gint64 checkin_id;

	if (!td_pg_begin(self, error))
		return FALSE;
	{
		/* FOR UPDATE: two staff resolving at once, the second finds
		 * it resolved */
		const gchar *params[] = {td_pg_int(b_id, exception_id)};
		g_autoptr(PGresult) r = td_pg_query(self,
						    "SELECT checkin_id, resolved FROM exceptions WHERE id = $1 FOR UPDATE",
						    1, params, "cannot read the exception", error);
		if (r == NULL)
			goto fail;
		if (PQntuples(r) == 0) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
				    "no exception %" G_GINT64_FORMAT " (already purged?)", exception_id);
			goto fail;
		}
		if (g_strcmp0(PQgetvalue(r, 0, 1), "t") == 0) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_ALREADY_RESOLVED,
				    "exception %" G_GINT64_FORMAT " is already resolved", exception_id);
			goto fail;
		}
		checkin_id = td_pg_get_int(r, 0, 0);
	}
	{
		const gchar *params[] = {b_id, action, td_pg_int(b_now, now), td_pg_int(b_staff, staff_id)};
		g_autoptr(PGresult) r = td_pg_query(self,
						    "UPDATE exceptions SET resolved = true, resolution = $2,"
						    " resolved_unix = $3, resolved_by = $4 WHERE id = $1",
						    4, params, "cannot resolve the exception", error);
		if (r == NULL)
			goto fail;
	}
	td_store_resolve_action_effect(action, &outcome, &eligibility);
	{
		const gchar *params[] = {td_pg_int(b_checkin, checkin_id), outcome, eligibility};
		g_autoptr(PGresult) r = td_pg_query(self,
						    "UPDATE checkins SET outcome = COALESCE($2, outcome),"
						    " eligibility = COALESCE($3, eligibility) WHERE id = $1",
						    3, params, "cannot update the check-in", error);
		if (r == NULL)
			goto fail;
	}
	if (!td_pg_insert_staff_action(self, staff_id, now, action, exception_id, checkin_id, note, NULL, error))
		goto fail;
	if (!td_pg_commit(self, error))
		goto fail;
	return TRUE;
fail:
	td_pg_rollback(self);
	return FALSE;
}

static gboolean
td_pg_store_record_staff_action(TdStore *store, gint64 staff_id, gint64 now, const gchar *action,
				gint64 exception_id, gint64 checkin_id, const gchar *note, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	TdVneidAnswer vneid = td_store_action_vneid_effect(action, note);

	if (vneid == TD_VNEID_NOT_ASKED)
		return td_pg_insert_staff_action(self, staff_id, now, action, exception_id, checkin_id, note, NULL,
						 error);
	if (!td_pg_begin(self, error))
		return FALSE;
	if (!pg_update_vneid(self, checkin_id, vneid, error) ||
	    !td_pg_insert_staff_action(self, staff_id, now, action, exception_id, checkin_id, note, NULL, error) ||
	    !td_pg_commit(self, error)) {
		td_pg_rollback(self);
		return FALSE;
	}
	return TRUE;
}

static GPtrArray *
td_pg_store_list_staff_actions(TdStore *store, gint64 since_unix, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	gchar buf[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(buf, since_unix)};
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)td_staff_action_free);
	g_autoptr(PGresult) r = td_pg_query(self,
					    "SELECT a.id, a.time_unix, a.action, COALESCE(a.exception_id, 0),"
					    " COALESCE(a.checkin_id, 0), a.note, COALESCE(a.staff_id, 0), s.name, a.kiosk_id"
					    " FROM staff_actions a LEFT JOIN staff s ON s.id = a.staff_id"
					    " WHERE a.time_unix >= $1 ORDER BY a.id",
					    1, params, "cannot read the audit trail", error);
	if (r == NULL)
		return NULL;
	for (gint i = 0; i < PQntuples(r); i++) {
		TdStaffAction *action = g_new0(TdStaffAction, 1);
		action->id = td_pg_get_int(r, i, 0);
		action->time_unix = td_pg_get_int(r, i, 1);
		action->action = td_pg_get_dup(r, i, 2);
		action->exception_id = td_pg_get_int(r, i, 3);
		action->checkin_id = td_pg_get_int(r, i, 4);
		action->note = td_pg_get_dup(r, i, 5);
		action->staff_id = td_pg_get_int(r, i, 6);
		action->staff_name = td_pg_get_dup(r, i, 7);
		action->kiosk_id = td_pg_get_dup(r, i, 8);
		g_ptr_array_add(list, action);
	}
	return g_steal_pointer(&list);
}

static gboolean
td_pg_store_last_vneid_answer(TdStore *store, const gchar *id_hash, gint64 *time_out, TdVneidAnswer *answer_out,
			      GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	const gchar *params[] = {id_hash, td_vneid_answer_to_string(TD_VNEID_NOT_ASKED),
				 td_vneid_answer_to_string(TD_VNEID_LEFT)};
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gint64 when = 0;
	/* the view, not the table: a kiosk's role reads the answers of
	 * earlier days, not the check-ins they belong to */
	g_autoptr(PGresult) r = td_pg_query(self,
					    self->schema_version >= TD_PG_SCHEMA_KIOSKS
						? "SELECT time_unix, vneid FROM vneid_history WHERE id_hash = $1"
						  " AND vneid NOT IN ($2, $3) ORDER BY time_unix DESC LIMIT 1"
						: "SELECT time_unix, vneid FROM checkins WHERE id_hash = $1"
						  " AND vneid NOT IN ($2, $3) ORDER BY time_unix DESC LIMIT 1",
					    3, params, "cannot look up the VNeID answer", error);
	if (r == NULL)
		return FALSE;
	if (PQntuples(r) > 0) {
		when = td_pg_get_int(r, 0, 0);
		if (!td_vneid_answer_from_string(PQgetvalue(r, 0, 1), &answer))
			when = 0;
	}
	if (time_out != NULL)
		*time_out = when;
	if (answer_out != NULL)
		*answer_out = answer;
	return TRUE;
}

guint
td_pg_store_count_kiosks(TdPgStore *self, const gchar *day, GError **error)
{
	PG_STORE_LOCK(self);
	const gchar *params[] = {day};
	g_autoptr(PGresult) r = NULL;

	if (self->schema_version < TD_PG_SCHEMA_KIOSKS)
		return 1;
	/* kiosks that read a card: a reception PC's check-ins by hand (no
	 * card) are not a kiosk's */
	r = td_pg_query(self,
			"SELECT count(DISTINCT kiosk_id) FROM checkin_verdicts"
			" WHERE day = $1::date AND card_verdict <> 'no-card'",
			1, params, "cannot count the kiosks", error);
	if (r == NULL)
		return 0;
	return MAX(1, (guint)td_pg_get_int(r, 0, 0));
}

/* ---- opening: one store per connection string per process ---- */

static GMutex registry_lock;
static GHashTable *registry; /* conninfo + kiosk id → GWeakRef */

static void
weak_ref_free(gpointer data)
{
	g_weak_ref_clear(data);
	g_free(data);
}

static TdPgStore *
pg_store_open(const gchar *conninfo, const gchar *kiosk_id, guint version, gboolean even_unreachable,
	      GError **error)
{
	g_autoptr(TdPgStore) self = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!td_pg_store_check_conninfo(conninfo, error))
		return NULL;
	self = g_object_new(TD_TYPE_PG_STORE, NULL);
	self->conninfo = g_strdup(conninfo);
	self->kiosk_id = g_strdup(kiosk_id);
	if (!td_pg_connect(self, &error_local)) {
		/* schema_version stays 0: the first connection migrates */
		if (even_unreachable && g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE))
			return g_steal_pointer(&self);
		g_propagate_error(error, g_steal_pointer(&error_local));
		return NULL;
	}
	if (!td_pg_store_migrate(self, version, error))
		return NULL;
	return g_steal_pointer(&self);
}

TdPgStore *
td_pg_store_new(const gchar *conninfo, const gchar *kiosk_id, GError **error)
{
	return td_pg_store_new_even_unreachable(conninfo, kiosk_id, FALSE, error);
}

TdPgStore *
td_pg_store_new_even_unreachable(const gchar *conninfo, const gchar *kiosk_id, gboolean even_unreachable,
				 GError **error)
{
	g_autofree gchar *key = g_strconcat(conninfo, "\n", kiosk_id, NULL);
	TdPgStore *self = NULL;
	GWeakRef *ref;

	g_return_val_if_fail(conninfo != NULL && kiosk_id != NULL, NULL);
	g_mutex_lock(&registry_lock);
	if (registry == NULL)
		registry = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, weak_ref_free);
	ref = g_hash_table_lookup(registry, key);
	if (ref != NULL)
		self = g_weak_ref_get(ref);
	if (self == NULL) {
		self = pg_store_open(conninfo, kiosk_id, TD_PG_STORE_SCHEMA_VERSION, even_unreachable, error);
		if (self != NULL) {
			ref = g_new0(GWeakRef, 1);
			g_weak_ref_init(ref, self);
			self->registry_key = g_strdup(key);
			g_hash_table_replace(registry, g_steal_pointer(&key), ref);
		}
	}
	g_mutex_unlock(&registry_lock);
	return self;
}

TdPgStore *
td_pg_store_new_at_version(const gchar *conninfo, const gchar *kiosk_id, guint version, GError **error)
{
	g_return_val_if_fail(version >= 1 && version <= TD_PG_STORE_SCHEMA_VERSION, NULL);
	return pg_store_open(conninfo, kiosk_id, version, FALSE, error);
}

static void
pg_store_unregister(TdPgStore *self)
{
	GWeakRef *ref;

	if (self->registry_key == NULL)
		return;
	g_mutex_lock(&registry_lock);
	ref = g_hash_table_lookup(registry, self->registry_key);
	/* the entry is ours unless a new store replaced it; ours is empty by
	 * now (finalize runs after the last reference) */
	if (ref != NULL) {
		g_autoptr(GObject) other = g_weak_ref_get(ref);
		if (other == NULL)
			g_hash_table_remove(registry, self->registry_key);
	}
	g_mutex_unlock(&registry_lock);
}

static void
td_pg_store_finalize(GObject *object)
{
	TdPgStore *self = TD_PG_STORE(object);
	pg_store_unregister(self);
	g_clear_pointer(&self->conn, PQfinish);
	td_str_clear_free(self->conninfo);
	g_free(self->kiosk_id);
	g_free(self->count_days_sql);
	g_free(self->registry_key);
	g_free(self->not_answering_reason);
	g_mutex_clear(&self->lock);
	G_OBJECT_CLASS(td_pg_store_parent_class)->finalize(object);
}

static void
td_pg_store_init(TdPgStore *self)
{
	g_mutex_init(&self->lock);
}

static void
td_pg_store_class_init(TdPgStoreClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_pg_store_finalize;
}

static void
td_pg_store_iface_init(TdStoreInterface *iface)
{
	iface->record_checkin = td_pg_store_record_checkin;
	iface->get_checkin = td_pg_store_get_checkin;
	iface->list_exceptions = td_pg_store_list_exceptions;
	iface->resolve_exception = td_pg_store_resolve_exception;
	iface->record_staff_action = td_pg_store_record_staff_action;
	iface->list_staff_actions = td_pg_store_list_staff_actions;
	iface->last_vneid_answer = td_pg_store_last_vneid_answer;
	iface->find_checkin = td_pg_store_find_checkin;
	iface->set_vneid_answer = td_pg_store_set_vneid_answer;
	iface->list_checkins_with_vneid = td_pg_store_list_checkins_with_vneid;
	iface->purge = td_pg_store_purge;
	iface->oldest_personal_record = td_pg_store_oldest_personal_record;
	iface->count_days = td_pg_store_count_days;
	iface->begin_pin_attempt = td_pg_store_begin_pin_attempt;
	iface->finish_pin_attempt = td_pg_store_finish_pin_attempt;
	iface->count_pin_failures = td_pg_store_count_pin_failures;
	iface->add_staff = td_pg_store_add_staff;
	iface->list_staff = td_pg_store_list_staff;
	iface->set_staff_active = td_pg_store_set_staff_active;
	iface->set_staff_pin = td_pg_store_set_staff_pin;
	iface->set_staff_manager = td_pg_store_set_staff_manager;
	iface->get_change_token = td_pg_store_get_change_token;
}
