/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPgStore's connection: connecting (with time limits and the checks of
 * the connection string), running statements with their errors told as
 * TdStoreError (unreachable, busy, refused), connecting again after a
 * server restart where nothing can happen twice. */
#include "config.h"

#include <string.h>

#include "td-pg-store-private.h"
#include "td-pq.h"

/* A server out of reach is known within this: the kiosk's commit deadline
 * is 10 s, and the check-in still has to reach the offline journal in
 * time for the patient to get a number (td-journaled-store.h). */
#define TD_PG_CONNECT_TIMEOUT_S 4
/* A network cut under an open connection (no reset, packets dropped):
 * without this a statement waits for TCP's retransmissions, minutes */
#define TD_PG_TCP_USER_TIMEOUT_MS 4000
/* A connect that failed after this long was not refused but timed out
 * (libpq's shortest connect_timeout is 2 s) */
#define TD_PG_TIMED_OUT_AFTER_US (2 * G_USEC_PER_SEC)

const gchar *
td_pg_int(gchar buf[TD_PG_INT_LEN], gint64 value)
{
	g_snprintf(buf, TD_PG_INT_LEN, "%" G_GINT64_FORMAT, value);
	return buf;
}

/* The SQLSTATE says which TdStoreError it is: another transaction in the
 * way, a role without the right, a schema that is not there. */
static gint
pg_error_code(const gchar *sqlstate)
{
	if (sqlstate == NULL)
		return TD_STORE_ERROR_FAILED;
	if (g_str_equal(sqlstate, "40001") || g_str_equal(sqlstate, "40P01") || g_str_equal(sqlstate, "55P03") ||
	    g_str_equal(sqlstate, "57014"))
		return TD_STORE_ERROR_BUSY;
	if (g_str_equal(sqlstate, "42501"))
		return TD_STORE_ERROR_PERMISSION;
	if (g_str_equal(sqlstate, "42P01") || g_str_equal(sqlstate, "42703") || g_str_equal(sqlstate, "42883"))
		return TD_STORE_ERROR_SCHEMA;
	return TD_STORE_ERROR_FAILED;
}

/* A TdStoreError that says it came from PostgreSQL. Never the conninfo:
 * it may hold a password. */
static void
pg_set_error(GError **error, gint code, const gchar *what, const gchar *pq_message)
{
	g_autofree gchar *what_here = g_strconcat("PostgreSQL: ", what, NULL);
	td_pq_set_error(error, TD_STORE_ERROR, code, what_here, pq_message);
}

/* This machine, in a few characters: the start of its systemd machine
 * id, else of its host name's hash. */
static const gchar *
pg_machine_tag(void)
{
	static gsize read_once = 0;
	static gchar tag[9];

	if (g_once_init_enter(&read_once)) {
		g_autofree gchar *id = NULL;
		if (!g_file_get_contents("/etc/machine-id", &id, NULL, NULL) || strlen(g_strstrip(id)) < 8) {
			g_free(id);
			id = g_compute_checksum_for_string(G_CHECKSUM_SHA256, g_get_host_name(), -1);
		}
		g_strlcpy(tag, id, sizeof(tag));
		g_once_init_leave(&read_once, 1);
	}
	return tag;
}

gchar *
td_pg_application_name(const gchar *kiosk_id)
{
	return g_strdup_printf(TD_PG_APPLICATION_PREFIX "%s@%s", kiosk_id != NULL ? kiosk_id : "", pg_machine_tag());
}

/* What every connection asks of its session on the server: a kiosk that
 * loses its power or its network inside a transaction leaves it open on
 * the server, the day's queue counter locked, until the server's TCP
 * keepalive finds it gone (about two hours by default), and every other
 * kiosk's check-in waits on that lock meanwhile (holding its store, so
 * its journal does not step in). Our transactions never wait on us
 * between statements, so one that does for 5 s is ended and its locks
 * freed: the others wait at most that long. */
#define TD_PG_SESSION_OPTIONS "-c idle_in_transaction_session_timeout=5s"

PGconn *
td_pg_store_connect_as_kiosk(const gchar *conninfo, const gchar *kiosk_id)
{
	/* the server's list of connections names the kiosk and its machine:
	 * two machines with one kiosk id are told (td_pg_store_find_namesakes) */
	g_autofree gchar *application_name = td_pg_application_name(kiosk_id);
	/* A kiosk must not wait for ever on a server that went away: a
	 * connect_timeout, a TCP user timeout and keepalives, unless the URL
	 * sets its own (the expanded dbname overrides the keywords before it;
	 * the name after it is ours); nor the others on a kiosk gone silent */
	const gchar *const keywords[] = {"connect_timeout", "tcp_user_timeout", "keepalives_idle", "keepalives_interval",
					 "options", "dbname", "application_name", NULL};
	const gchar *const values[] = {G_STRINGIFY(TD_PG_CONNECT_TIMEOUT_S), G_STRINGIFY(TD_PG_TCP_USER_TIMEOUT_MS), "10",
				       "2", TD_PG_SESSION_OPTIONS, conninfo, application_name, NULL};

	return PQconnectdbParams(keywords, values, 1);
}

gboolean
td_pg_connect(TdPgStore *self, GError **error)
{
	gint64 start = g_get_monotonic_time();

	g_clear_pointer(&self->conn, PQfinish);
	/* A server gone away behind a live network (nothing refuses, nothing
	 * answers) makes each connect wait out its whole timeout, and the
	 * calls queued behind one (the store is one connection) would each
	 * wait as long again: a staff console's three calls took 12 s to
	 * say the database was away. For as long as the last try waited (at
	 * most our own timeout, whatever the URL's), the next ones fail at
	 * once with what libpq said of it; a server that refuses at once
	 * (stopped, restarting) is tried by every call. */
	if (start < self->not_answering_until) {
		pg_set_error(error, TD_STORE_ERROR_UNREACHABLE, "cannot reach the database", self->not_answering_reason);
		return FALSE;
	}
	self->conn = td_pg_store_connect_as_kiosk(self->conninfo, self->kiosk_id);
	if (self->conn == NULL || PQstatus(self->conn) != CONNECTION_OK) {
		gint64 failed_at = g_get_monotonic_time();
		gint64 waited = failed_at - start;
		if (self->conn != NULL && waited >= TD_PG_TIMED_OUT_AFTER_US) {
			self->not_answering_until =
			    failed_at + MIN(waited, (gint64)TD_PG_CONNECT_TIMEOUT_S * G_USEC_PER_SEC);
			g_free(self->not_answering_reason);
			self->not_answering_reason = g_strdup(PQerrorMessage(self->conn));
		}
		pg_set_error(error, self->conn != NULL ? TD_STORE_ERROR_UNREACHABLE : TD_STORE_ERROR_FAILED,
			     "cannot reach the database", self->conn != NULL ? PQerrorMessage(self->conn) : "out of memory");
		g_clear_pointer(&self->conn, PQfinish);
		return FALSE;
	}
	self->not_answering_until = 0;
	td_pq_quiet_session(self->conn);
	/* a new session listens to nothing: td_pg_store_get_change_token
	 * listens again, and counts the gap as a change */
	self->listening = FALSE;
	return TRUE;
}

gboolean
td_pg_ensure_connected(TdPgStore *self, GError **error)
{
	if (self->conn != NULL && PQstatus(self->conn) == CONNECTION_OK)
		return TRUE;
	if (!td_pg_connect(self, error))
		return FALSE;
	/* a kiosk that started while the server was out of reach learns
	 * the schema (and brings it up to date) on its first connection */
	if (self->schema_version == 0 && !td_pg_store_migrate(self, TD_PG_STORE_SCHEMA_VERSION, error)) {
		g_clear_pointer(&self->conn, PQfinish);
		return FALSE;
	}
	return TRUE;
}

/* The error of a statement that failed: the connection lost on the way
 * (the server stopped, the network cut) is UNREACHABLE whatever the
 * SQLSTATE says (57P01 "terminating connection due to administrator
 * command", or none); anything else is what the server said. */
static gint
pg_failure_code(TdPgStore *self, const PGresult *result)
{
	if (self->conn == NULL || PQstatus(self->conn) == CONNECTION_BAD)
		return TD_STORE_ERROR_UNREACHABLE;
	return pg_error_code(PQresultErrorField(result, PG_DIAG_SQLSTATE));
}

/* The server restarted since the last call (a kiosk keeps its connection
 * all day): libpq finds out only when a statement fails. Sent again on a
 * new connection when nothing can have happened twice: outside a
 * transaction, a read or the BEGIN that opens one. */
static gboolean
pg_may_retry(TdPgStore *self, gboolean was_idle, const gchar *sql)
{
	if (!was_idle || PQstatus(self->conn) != CONNECTION_BAD)
		return FALSE;
	if (!g_str_has_prefix(sql, "SELECT") && !g_str_has_prefix(sql, "BEGIN"))
		return FALSE;
	g_debug("database connection lost; connecting again");
	return td_pg_connect(self, NULL);
}

PGresult *
td_pg_query(TdPgStore *self, const gchar *sql, gint n_params, const gchar *const *params, const gchar *what,
	    GError **error)
{
	PGresult *result;
	ExecStatusType status;
	gboolean was_idle;

	if (!td_pg_ensure_connected(self, error))
		return NULL;
	was_idle = PQtransactionStatus(self->conn) == PQTRANS_IDLE;
	result = PQexecParams(self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
	status = PQresultStatus(result);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && pg_may_retry(self, was_idle, sql)) {
		PQclear(result);
		result = PQexecParams(self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
		status = PQresultStatus(result);
	}
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		pg_set_error(error, pg_failure_code(self, result), what,
			     result != NULL ? PQresultErrorMessage(result) : "connection lost");
		PQclear(result);
		return NULL;
	}
	return result;
}

gboolean
td_pg_exec(TdPgStore *self, const gchar *sql, const gchar *what, GError **error)
{
	g_autoptr(PGresult) result = NULL;
	ExecStatusType status;
	gboolean was_idle;

	if (!td_pg_ensure_connected(self, error))
		return FALSE;
	was_idle = PQtransactionStatus(self->conn) == PQTRANS_IDLE;
	result = PQexec(self->conn, sql);
	status = PQresultStatus(result);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && pg_may_retry(self, was_idle, sql)) {
		g_clear_pointer(&result, PQclear);
		result = PQexec(self->conn, sql);
		status = PQresultStatus(result);
	}
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		pg_set_error(error, pg_failure_code(self, result), what,
			     result != NULL ? PQresultErrorMessage(result) : "connection lost");
		return FALSE;
	}
	return TRUE;
}

gboolean
td_pg_begin(TdPgStore *self, GError **error)
{
	return td_pg_exec(self, "BEGIN", "cannot begin a transaction", error);
}

gboolean
td_pg_commit(TdPgStore *self, GError **error)
{
	return td_pg_exec(self, "COMMIT", "cannot commit", error);
}

void
td_pg_rollback(TdPgStore *self)
{
	if (self->conn != NULL && PQtransactionStatus(self->conn) != PQTRANS_IDLE &&
	    PQstatus(self->conn) == CONNECTION_OK)
		PQclear(PQexec(self->conn, "ROLLBACK"));
}

gint64
td_pg_get_int(const PGresult *result, gint row, gint col)
{
	return g_ascii_strtoll(PQgetvalue(result, row, col), NULL, 10);
}

gchar *
td_pg_get_dup(const PGresult *result, gint row, gint col)
{
	return PQgetisnull(result, row, col) ? NULL : g_strdup(PQgetvalue(result, row, col));
}

/* ---- the connection string ---- */

static gboolean
pg_host_is_socket(const gchar *host)
{
	return host[0] == '/' || host[0] == '@';
}

gboolean
td_pg_store_check_conninfo(const gchar *conninfo, GError **error)
{
	g_autofree gchar *parse_error = NULL;
	PQconninfoOption *options = PQconninfoParse(conninfo, &parse_error);
	const gchar *host = NULL, *hostaddr = NULL, *sslmode = NULL;
	gboolean has_password = FALSE;
	gboolean has_service = FALSE;
	gboolean remote = FALSE;

	if (options == NULL) {
		pg_set_error(error, TD_STORE_ERROR_INVALID, "not a connection URL or keyword string",
			     parse_error != NULL ? parse_error : "out of memory");
		if (parse_error != NULL)
			PQfreemem(g_steal_pointer(&parse_error));
		return FALSE;
	}
	for (PQconninfoOption *o = options; o->keyword != NULL; o++) {
		if (o->val == NULL || o->val[0] == '\0')
			continue;
		if (g_str_equal(o->keyword, "host"))
			host = o->val;
		else if (g_str_equal(o->keyword, "hostaddr"))
			hostaddr = o->val;
		else if (g_str_equal(o->keyword, "sslmode"))
			sslmode = o->val;
		else if (g_str_equal(o->keyword, "password"))
			has_password = TRUE;
		else if (g_str_equal(o->keyword, "service"))
			has_service = TRUE;
	}
	/* what the URL leaves out libpq takes from the environment, which
	 * this parse does not read: a PGHOST or PGSSLMODE is checked as if
	 * written, a PGSERVICE refused as service= is */
	if (host == NULL)
		host = g_getenv("PGHOST");
	if (hostaddr == NULL && g_getenv("PGHOSTADDR") != NULL && *g_getenv("PGHOSTADDR") != '\0')
		hostaddr = g_getenv("PGHOSTADDR");
	if (sslmode == NULL)
		sslmode = g_getenv("PGSSLMODE");
	if (g_getenv("PGSERVICE") != NULL && *g_getenv("PGSERVICE") != '\0')
		has_service = TRUE;
	/* a service file's host and sslmode are read by libpq when it
	 * connects, not here: "service=tiepdon" passed this check with a
	 * remote host and sslmode=prefer in pg_service.conf */
	if (has_service) {
		g_set_error_literal(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID,
				    "service= (or PGSERVICE) is not taken: the host and sslmode its file gives are not "
				    "checked here; write the host, dbname and sslmode in the URL");
		PQconninfoFree(options);
		return FALSE;
	}
	/* host may list several, comma-separated; any over the network
	 * makes the whole string need TLS */
	if (hostaddr != NULL)
		remote = TRUE;
	if (host != NULL) {
		g_auto(GStrv) hosts = g_strsplit(host, ",", -1);
		for (guint i = 0; hosts[i] != NULL; i++) {
			if (hosts[i][0] != '\0' && !pg_host_is_socket(hosts[i]))
				remote = TRUE;
		}
	}
	if (remote && g_strcmp0(sslmode, "verify-full") != 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID,
			    "a server reached over the network needs sslmode=verify-full (%s%s): anything less "
			    "lets whoever is on the network between the kiosk and the server read the patients' "
			    "check-ins or pose as the server; or use the local socket (host=/run/postgresql)",
			    sslmode != NULL ? "not " : "none given", sslmode != NULL ? sslmode : "");
		PQconninfoFree(options);
		return FALSE;
	}
	PQconninfoFree(options);
	if (has_password) {
		g_set_error_literal(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID,
				    "no password in the settings: put it in a password file (passfile=, mode 0600; "
				    "see DEPLOY.md)");
		return FALSE;
	}
	return TRUE;
}

/* ---- the server: what it is, who else is on it, its clock ---- */

gboolean
td_pg_store_find_namesakes(TdPgStore *self, gchar **where_out, GError **error)
{
	PG_STORE_LOCK(self);
	g_autofree gchar *mine = td_pg_application_name(self->kiosk_id);
	g_autofree gchar *prefix = g_strndup(mine, strrchr(mine, '@') - mine);
	const gchar *params[] = {prefix, mine};
	g_autoptr(PGresult) r = NULL;

	*where_out = NULL;
	if (!td_pg_ensure_connected(self, error))
		return FALSE;
	/* the same kiosk id from another machine, or from another address
	 * (machines cloned with their machine id). Every session's name is
	 * shown to every role, its address (and state) only to its own role:
	 * another role's session is compared by its machine tag alone */
	r = td_pg_query(self,
			"SELECT string_agg(DISTINCT CASE WHEN state IS NULL THEN 'another role'"
			" ELSE COALESCE(host(client_addr), 'local') END, ', ') FROM pg_stat_activity"
			" WHERE pid <> pg_backend_pid() AND split_part(application_name, '@', 1) = $1"
			" AND (application_name <> $2 OR (state IS NOT NULL AND client_addr IS DISTINCT FROM inet_client_addr()))",
			2, params, "cannot read the server's connections", error);
	if (r == NULL)
		return FALSE;
	if (!PQgetisnull(r, 0, 0))
		*where_out = td_pg_get_dup(r, 0, 0);
	return TRUE;
}

gchar *
td_pg_store_describe(TdPgStore *self, GError **error)
{
	PG_STORE_LOCK(self);
	g_autoptr(PGresult) r = td_pg_query(self, "SELECT current_database(), current_user", 0, NULL,
					    "cannot describe the database", error);
	if (r == NULL)
		return NULL;
	return g_strdup_printf("PostgreSQL %d.%d, database %s as %s, schema %u", PQserverVersion(self->conn) / 10000,
			       PQserverVersion(self->conn) % 10000, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1),
			       self->schema_version);
}

gboolean
td_pg_store_get_station_clock(TdPgStore *self, gint64 *now_unix_out, gchar day_out[11], GError **error)
{
	PG_STORE_LOCK(self);

	return td_pg_ensure_connected(self, error) && td_pg_read_station_clock(self, now_unix_out, day_out, error);
}

gboolean
td_pg_read_station_clock(TdPgStore *self, gint64 *now_unix_out, gchar day_out[11], GError **error)
{
	g_autoptr(PGresult) r = td_pg_query(self,
			self->schema_version >= TD_PG_SCHEMA_KIOSKS
			    ? "SELECT extract(epoch FROM now())::bigint, to_char(tiepdon_today(), 'YYYY-MM-DD')"
			    : "SELECT extract(epoch FROM now())::bigint, to_char(current_date, 'YYYY-MM-DD')",
			0, NULL, "cannot read the server's clock", error);
	if (r == NULL)
		return FALSE;
	*now_unix_out = td_pg_get_int(r, 0, 0);
	g_strlcpy(day_out, PQgetvalue(r, 0, 1), 11);
	return TRUE;
}
