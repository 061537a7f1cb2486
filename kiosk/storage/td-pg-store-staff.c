/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPgStore: staff accounts, and the change token a TdStoreWatch polls.
 * Twins of td-sqlite-store-staff.c; the token is different: the schema's
 * triggers notify TD_PG_CHANGE_CHANNEL on every committed change, by any
 * kiosk or console of the station, and the token counts what this
 * connection has heard. */
#include "config.h"

#include "td-pg-store-private.h"
#include "td-store-engine.h"

/* SQLSTATE of a UNIQUE constraint broken */
#define TD_PG_UNIQUE_VIOLATION "23505"

gboolean
td_pg_store_add_staff(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 now_unix, gint64 *id_out,
		      GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	gchar buf[TD_PG_INT_LEN];
	const gchar *params[] = {name, pin_hash, td_pg_int(buf, now_unix)};
	g_autoptr(GError) error_local = NULL;
	g_autoptr(PGresult) r = NULL;

	if (!td_pg_ensure_connected(self, error))
		return FALSE;
	/* the statement by hand, not td_pg_query: a name taken is the
	 * caller's mistake, told as such, not the engine failing */
	r = PQexecParams(self->conn,
			 "INSERT INTO staff (name, pin_hash, active, created_unix) VALUES ($1, $2, true, $3) RETURNING id",
			 3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		*id_out = td_pg_get_int(r, 0, 0);
		return TRUE;
	}
	if (g_strcmp0(PQresultErrorField(r, PG_DIAG_SQLSTATE), TD_PG_UNIQUE_VIOLATION) == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID, "there is already a staff account named '%s'",
			    name);
		return FALSE;
	}
	g_clear_pointer(&r, PQclear);
	/* anything else (a lost connection, a role without the right):
	 * through td_pg_query, which words it and connects again */
	r = td_pg_query(self,
			"INSERT INTO staff (name, pin_hash, active, created_unix) VALUES ($1, $2, true, $3) RETURNING id",
			3, params, "cannot add the staff account", &error_local);
	if (r == NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	*id_out = td_pg_get_int(r, 0, 0);
	return TRUE;
}

GPtrArray *
td_pg_store_list_staff(TdStore *store, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)td_staff_member_free);
	/* a station's database not brought up to date has no roles yet:
	 * every account a manager, as before them */
	g_autoptr(PGresult) r = td_pg_query(self, td_store_list_staff_sql(self->schema_version >= TD_PG_SCHEMA_STAFF_ROLES),
					    0, NULL, "cannot list the staff accounts", error);

	if (r == NULL)
		return NULL;
	for (gint i = 0; i < PQntuples(r); i++) {
		TdStaffMember *member = g_new0(TdStaffMember, 1);
		member->id = td_pg_get_int(r, i, 0);
		member->name = td_pg_get_dup(r, i, 1);
		member->pin_hash = td_pg_get_dup(r, i, 2);
		member->active = g_strcmp0(PQgetvalue(r, i, 3), "t") == 0;
		member->created_unix = td_pg_get_int(r, i, 4);
		member->manager = g_strcmp0(PQgetvalue(r, i, 5), "t") == 0;
		g_ptr_array_add(list, member);
	}
	return g_steal_pointer(&list);
}

gboolean
td_pg_store_set_staff_active(TdStore *store, const gchar *name, gboolean active, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	const gchar *params[] = {name, active ? "t" : "f"};
	g_autoptr(PGresult) r = td_pg_query(self, "UPDATE staff SET active = $2 WHERE name = $1", 2, params,
					    "cannot change the staff account", error);

	if (r == NULL)
		return FALSE;
	if (g_strcmp0(PQcmdTuples(r), "0") == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no staff account named '%s'", name);
		return FALSE;
	}
	return TRUE;
}

gboolean
td_pg_store_set_staff_manager(TdStore *store, const gchar *name, gboolean manager, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	gchar b_station[TD_PG_INT_LEN];
	const gchar *params[] = {name, manager ? "t" : "f", td_pg_int(b_station, TD_STAFF_STATION_ID)};
	g_autoptr(PGresult) r = NULL;

	if (self->schema_version < TD_PG_SCHEMA_STAFF_ROLES) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
			    "the station's database (schema %u) has no staff roles yet: bring it up to date first "
			    "(tiepdon db init --apply)",
			    self->schema_version);
		return FALSE;
	}
	r = td_pg_query(self, "UPDATE staff SET manager = $2 WHERE name = $1 AND id <> $3", 3, params,
			"cannot change the staff account", error);
	if (r == NULL)
		return FALSE;
	if (g_strcmp0(PQcmdTuples(r), "0") == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
			    "no staff account named '%s' but the station's (a manager always)", name);
		return FALSE;
	}
	return TRUE;
}

gboolean
td_pg_store_set_staff_pin(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	gchar b_station[TD_PG_INT_LEN];
	const gchar *params[] = {name, pin_hash, td_pg_int(b_station, TD_STAFF_STATION_ID)};
	/* and a success in the PIN attempts, in the same statement: the
	 * failures that locked the person out (the forgotten PIN) count no
	 * more, or the new PIN waited out the lock-out too */
	g_autoptr(PGresult) r =
	    td_pg_query(self,
			"WITH changed AS (UPDATE staff SET pin_hash = $2 WHERE name = $1 AND id <> $3 RETURNING id)"
			" INSERT INTO pin_attempts (time_unix, success, staff_id)"
			" SELECT extract(epoch FROM now())::bigint, true, id FROM changed",
			3, params, "cannot change the staff account", error);

	if (r == NULL)
		return FALSE;
	if (g_strcmp0(PQcmdTuples(r), "0") == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
			    "no staff account named '%s' with a PIN of its own", name);
		return FALSE;
	}
	return TRUE;
}

/* No table read and no round trip once listening: what the server has
 * already sent is taken off the socket. A new connection (the first
 * call, or after the server restarted) listens again and counts as a
 * change, since what happened while nobody listened is unknown. */
gboolean
td_pg_store_get_change_token(TdStore *store, guint64 *token_out, GError **error)
{
	TdPgStore *self = TD_PG_STORE(store);
	PG_STORE_LOCK(self);
	PGnotify *notify;

	if (!td_pg_ensure_connected(self, error))
		return FALSE;
	if (!self->listening) {
		if (!td_pg_exec(self, "LISTEN " TD_PG_CHANGE_CHANNEL, "cannot listen for changes", error))
			return FALSE;
		self->listening = TRUE;
		self->changes++;
	}
	/* a server that went away is seen here: its goodbye, or the end of
	 * the stream */
	if (PQconsumeInput(self->conn) == 0 || PQstatus(self->conn) != CONNECTION_OK) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE, "PostgreSQL: connection lost: %s",
			    PQerrorMessage(self->conn));
		/* the next call connects again (and listens again) */
		g_clear_pointer(&self->conn, PQfinish);
		self->listening = FALSE;
		return FALSE;
	}
	while ((notify = PQnotifies(self->conn)) != NULL) {
		self->changes++;
		PQfreemem(notify);
	}
	*token_out = self->changes;
	return TRUE;
}
