/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/rand.h>
#include <string.h>

#include "td-hub-db.h"
#include "td-pq.h"
#include "td-secret.h"

G_DEFINE_QUARK(td-hub-db-error-quark, td_hub_db_error)

/* Any number will do, as long as nothing else on the server uses it: the
 * transaction-scoped lock that lets one hub at a time migrate. */
#define TD_HUB_DB_MIGRATION_LOCK "7349001"
#define TD_HUB_TOKEN_BYTES	 32

/* Migration n takes the schema from version n to n + 1. Never edit one
 * that has shipped: add the next. */
static const gchar *const hub_migrations[TD_HUB_DB_SCHEMA_VERSION] = {
    /* 0 → 1: stations, their day reports, the roll-up's viewers */
    "CREATE TABLE stations ("
    "  code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9]{1,16}$'),"
    "  name text NOT NULL,"
    "  commune text NOT NULL,"
    "  district text NOT NULL,"
    "  token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),"
    "  added_at timestamptz NOT NULL DEFAULT now());"
    "CREATE TABLE day_reports ("
    "  station_code text NOT NULL REFERENCES stations (code) ON DELETE CASCADE,"
    "  day date NOT NULL,"
    "  kiosks integer NOT NULL CHECK (kiosks > 0),"
    "  program text NOT NULL,"
    "  checkins integer NOT NULL CHECK (checkins >= 0),"
    "  by_chip_card integer NOT NULL CHECK (by_chip_card BETWEEN 0 AND checkins),"
    "  eligible integer NOT NULL CHECK (eligible BETWEEN 0 AND checkins),"
    "  pending_eligibility integer NOT NULL CHECK (pending_eligibility >= 0),"
    "  see_staff integer NOT NULL CHECK (see_staff >= 0),"
    "  vneid_asked integer NOT NULL CHECK (vneid_asked BETWEEN 0 AND checkins),"
    "  vneid_integrated integer NOT NULL CHECK (vneid_integrated BETWEEN 0 AND vneid_asked),"
    "  vneid_no_account integer NOT NULL CHECK (vneid_no_account >= 0),"
    "  received_at timestamptz NOT NULL,"
    "  sends integer NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (station_code, day));"
    "CREATE INDEX day_reports_day ON day_reports (day);"
    "CREATE TABLE viewers ("
    "  name text PRIMARY KEY,"
    "  token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),"
    "  added_at timestamptz NOT NULL DEFAULT now());",
};

/* A TdHubDbError, worded as every libpq error is. */
static void
db_set_error(GError **error, gint code, const gchar *what, const gchar *pq_message)
{
	td_pq_set_error(error, TD_HUB_DB_ERROR, code, what, pq_message);
}

PGconn *
td_hub_db_connect(const gchar *conninfo, GError **error)
{
	g_autoptr(PGconn) conn = PQconnectdb(conninfo);

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		db_set_error(error, TD_HUB_DB_ERROR_CONNECT, "cannot connect to the database",
			     conn != NULL ? PQerrorMessage(conn) : "out of memory");
		return NULL;
	}
	td_pq_quiet_session(conn);
	return g_steal_pointer(&conn);
}

/* NULL with an error unless result is a success. */
static PGresult *
db_check(PGresult *result, GError **error)
{
	ExecStatusType status = PQresultStatus(result);

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		db_set_error(error, TD_HUB_DB_ERROR_QUERY, "the database refused a statement",
			     PQresultErrorMessage(result));
		PQclear(result);
		return NULL;
	}
	return result;
}

/* One statement with text parameters. */
static PGresult *
db_run(PGconn *conn, const gchar *sql, gint n_params, const gchar *const *params, GError **error)
{
	return db_check(PQexecParams(conn, sql, n_params, NULL, params, NULL, NULL, 0), error);
}

/* Statements without parameters, several allowed. */
static gboolean
db_exec(PGconn *conn, const gchar *sql, GError **error)
{
	g_autoptr(PGresult) result = db_check(PQexec(conn, sql), error);
	return result != NULL;
}

gint
td_hub_db_schema_version(PGconn *conn, GError **error)
{
	g_autoptr(PGresult) exists =
	    db_run(conn, "SELECT to_regclass('hub_schema') IS NOT NULL", 0, NULL, error);
	g_autoptr(PGresult) version = NULL;

	if (exists == NULL)
		return -1;
	if (g_strcmp0(PQgetvalue(exists, 0, 0), "t") != 0)
		return 0;
	version = db_run(conn, "SELECT max(version) FROM hub_schema", 0, NULL, error);
	if (version == NULL)
		return -1;
	return PQgetisnull(version, 0, 0) ? 0 : (gint)g_ascii_strtoll(PQgetvalue(version, 0, 0), NULL, 10);
}

gint
td_hub_db_migrate(PGconn *conn, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	gint found;

	if (!db_exec(conn,
		     "BEGIN;"
		     "SELECT pg_advisory_xact_lock(" TD_HUB_DB_MIGRATION_LOCK ");"
		     "CREATE TABLE IF NOT EXISTS hub_schema (version integer NOT NULL);",
		     error))
		return -1;
	found = td_hub_db_schema_version(conn, &error_local);
	if (found < 0 || found > TD_HUB_DB_SCHEMA_VERSION) {
		db_exec(conn, "ROLLBACK", NULL);
		if (found < 0)
			g_propagate_error(error, g_steal_pointer(&error_local));
		else
			g_set_error(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_SCHEMA,
				    "the database's schema is version %d, newer than this tiepdon-hub knows (%d): "
				    "install the tiepdon-hub that wrote it",
				    found, TD_HUB_DB_SCHEMA_VERSION);
		return -1;
	}
	for (gint v = found; v < TD_HUB_DB_SCHEMA_VERSION; v++) {
		if (!db_exec(conn, hub_migrations[v], &error_local)) {
			db_exec(conn, "ROLLBACK", NULL);
			g_set_error(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_SCHEMA, "migrating the schema from %d: %s", v,
				    error_local->message);
			return -1;
		}
	}
	if (!db_exec(conn, found == 0 ? "INSERT INTO hub_schema (version) VALUES (" G_STRINGIFY(TD_HUB_DB_SCHEMA_VERSION) ")"
				      : "UPDATE hub_schema SET version = " G_STRINGIFY(TD_HUB_DB_SCHEMA_VERSION),
		     error) ||
	    !db_exec(conn, "COMMIT", error)) {
		db_exec(conn, "ROLLBACK", NULL);
		return -1;
	}
	return found;
}

gchar *
td_hub_token_new(void)
{
	guint8 raw[TD_HUB_TOKEN_BYTES];
	gchar *token;

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		g_error("no random bytes for a token");
	token = g_base64_encode(raw, sizeof(raw));
	td_memwipe(raw, sizeof(raw));
	/* base64url, no padding: safe in a header, a file and a URL */
	for (gchar *p = token; *p != '\0'; p++) {
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
		else if (*p == '=')
			*p = '\0';
	}
	return token;
}

gchar *
td_hub_token_hash(const gchar *token)
{
	return g_compute_checksum_for_string(G_CHECKSUM_SHA256, token, -1);
}

static gboolean
db_text_is_valid(const gchar *text)
{
	return text != NULL && text[0] != '\0' && g_utf8_validate(text, -1, NULL) &&
	       g_utf8_strlen(text, -1) <= TD_HUB_NAME_MAX;
}

/* Inserts, or with replace updates, a row holding a fresh token's hash;
 * sql takes the token hash as its last parameter. */
static gchar *
db_add_credential(PGconn *conn, const gchar *sql, const gchar **params, gint n_params, const gchar *what,
		  GError **error)
{
	g_autoptr(PGresult) result = NULL;
	gchar *token = td_hub_token_new();
	g_autofree gchar *hash = td_hub_token_hash(token);

	params[n_params - 1] = hash;
	result = db_run(conn, sql, n_params, params, error);
	if (result == NULL) {
		td_str_clear_free(token);
		return NULL;
	}
	if (PQntuples(result) == 0) {
		g_set_error(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_EXISTS,
			    "%s already exists: add --new-token to give it a new token (the old one stops working)",
			    what);
		td_str_clear_free(token);
		return NULL;
	}
	return token;
}

gchar *
td_hub_db_add_station(PGconn *conn, const gchar *code, const gchar *name, const gchar *commune,
		      const gchar *area, gboolean replace, GError **error)
{
	const gchar *params[5] = {code, name, commune, area, NULL};
	g_autofree gchar *what = g_strdup_printf("station %s", code);

	if (!td_day_report_station_code_is_valid(code)) {
		g_set_error_literal(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_INVALID,
				    "a station code is 1 to 16 letters and digits (its maDKBD, e.g. 01001)");
		return NULL;
	}
	if (!db_text_is_valid(name) || !db_text_is_valid(commune) || !db_text_is_valid(area)) {
		g_set_error_literal(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_INVALID,
				    "name, commune and area are each needed (UTF-8, at most 200 characters)");
		return NULL;
	}
	return db_add_credential(conn,
				 replace ? "INSERT INTO stations (code, name, commune, district, token_sha256) "
					   "VALUES ($1, $2, $3, $4, decode($5, 'hex')) "
					   "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, "
					   "commune = EXCLUDED.commune, district = EXCLUDED.district, "
					   "token_sha256 = EXCLUDED.token_sha256 RETURNING code"
					 : "INSERT INTO stations (code, name, commune, district, token_sha256) "
					   "VALUES ($1, $2, $3, $4, decode($5, 'hex')) "
					   "ON CONFLICT (code) DO NOTHING RETURNING code",
				 params, G_N_ELEMENTS(params), what, error);
}

gboolean
td_hub_db_set_station(PGconn *conn, const gchar *code, const gchar *name, const gchar *commune, const gchar *area,
		      GError **error)
{
	const gchar *params[4] = {code, name, commune, area};
	g_autoptr(PGresult) result = NULL;

	if (!td_day_report_station_code_is_valid(code)) {
		g_set_error_literal(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_INVALID,
				    "a station code is 1 to 16 letters and digits (its maDKBD, e.g. 01001)");
		return FALSE;
	}
	if ((name == NULL && commune == NULL && area == NULL) || (name != NULL && !db_text_is_valid(name)) ||
	    (commune != NULL && !db_text_is_valid(commune)) || (area != NULL && !db_text_is_valid(area))) {
		g_set_error_literal(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_INVALID,
				    "give the name, the commune or the area to change (UTF-8, at most 200 characters)");
		return FALSE;
	}
	/* the stored column of the area keeps its name from before the
	 * 2025 reform */
	result = db_run(conn,
			"UPDATE stations SET name = COALESCE($2, name), commune = COALESCE($3, commune), "
			"district = COALESCE($4, district) WHERE code = $1 RETURNING code",
			G_N_ELEMENTS(params), params, error);
	if (result == NULL)
		return FALSE;
	if (PQntuples(result) == 0) {
		g_set_error(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_UNKNOWN,
			    "station %s is not registered: add it with add-station", code);
		return FALSE;
	}
	return TRUE;
}

gchar *
td_hub_db_add_viewer(PGconn *conn, const gchar *name, gboolean replace, GError **error)
{
	const gchar *params[2] = {name, NULL};
	g_autofree gchar *what = g_strdup_printf("viewer %s", name);

	/* HTTP Basic puts the name before a colon */
	if (!db_text_is_valid(name) || strchr(name, ':') != NULL) {
		g_set_error_literal(error, TD_HUB_DB_ERROR, TD_HUB_DB_ERROR_INVALID,
				    "a viewer's name is needed (no colon, at most 200 characters)");
		return NULL;
	}
	return db_add_credential(conn,
				 replace ? "INSERT INTO viewers (name, token_sha256) VALUES ($1, decode($2, 'hex')) "
					   "ON CONFLICT (name) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256 "
					   "RETURNING name"
					 : "INSERT INTO viewers (name, token_sha256) VALUES ($1, decode($2, 'hex')) "
					   "ON CONFLICT (name) DO NOTHING RETURNING name",
				 params, G_N_ELEMENTS(params), what, error);
}

TdHubStoreResult
td_hub_db_store_report(PGconn *conn, const TdDayReport *r, const gchar *token_hash, GError **error)
{
	gchar *numbers[9] = {
	    g_strdup_printf("%u", r->kiosks),		   g_strdup_printf("%u", r->checkins),
	    g_strdup_printf("%u", r->by_chip_card),	   g_strdup_printf("%u", r->eligible),
	    g_strdup_printf("%u", r->pending_eligibility), g_strdup_printf("%u", r->see_staff),
	    g_strdup_printf("%u", r->vneid_asked),	   g_strdup_printf("%u", r->vneid_integrated),
	    g_strdup_printf("%u", r->vneid_no_account),
	};
	const gchar *params[] = {r->station, r->day,	  r->program,  numbers[0], numbers[1], numbers[2], numbers[3],
				 numbers[4], numbers[5], numbers[6], numbers[7], numbers[8], token_hash};
	g_autoptr(PGresult) result = NULL;
	TdHubStoreResult outcome;

	/* The token check and the write in one statement: no row comes from
	 * the SELECT unless the station exists with that token's hash (a
	 * hash of 256 random bits: comparing it in SQL leaks nothing). */
	/* the earlier row, as the statement found it (a CTE reads the
	 * snapshot before the write), against the new one: the same figures
	 * are a re-send; others may be another machine of that station. Two
	 * sends at once (a retry overlapping its first try) may find no
	 * earlier row in that snapshot and still replace: not "changed",
	 * which would raise a false alarm at the sender */
	result = db_run(conn,
			"WITH earlier AS (SELECT kiosks, checkins, by_chip_card, eligible, pending_eligibility, "
			"  see_staff, vneid_asked, vneid_integrated, vneid_no_account FROM day_reports "
			"  WHERE station_code = $1 AND day = $2::date) "
			"INSERT INTO day_reports AS r (station_code, day, program, kiosks, checkins, by_chip_card, "
			"  eligible, pending_eligibility, see_staff, vneid_asked, vneid_integrated, vneid_no_account, "
			"  received_at) "
			"SELECT s.code, $2::date, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() "
			"FROM stations s WHERE s.code = $1 AND s.token_sha256 = decode($13, 'hex') "
			"ON CONFLICT (station_code, day) DO UPDATE SET program = EXCLUDED.program, "
			"  kiosks = EXCLUDED.kiosks, checkins = EXCLUDED.checkins, by_chip_card = EXCLUDED.by_chip_card, "
			"  eligible = EXCLUDED.eligible, pending_eligibility = EXCLUDED.pending_eligibility, "
			"  see_staff = EXCLUDED.see_staff, vneid_asked = EXCLUDED.vneid_asked, "
			"  vneid_integrated = EXCLUDED.vneid_integrated, vneid_no_account = EXCLUDED.vneid_no_account, "
			"  received_at = EXCLUDED.received_at, sends = r.sends + 1 "
			"RETURNING sends, EXISTS (SELECT 1 FROM earlier) AND (SELECT ROW(e.*) FROM earlier e) "
			"  IS DISTINCT FROM ROW(r.kiosks, r.checkins, r.by_chip_card, r.eligible, "
			"  r.pending_eligibility, r.see_staff, r.vneid_asked, r.vneid_integrated, r.vneid_no_account)",
			G_N_ELEMENTS(params), params, error);
	if (result == NULL)
		outcome = TD_HUB_STORE_FAILED;
	else if (PQntuples(result) == 0)
		outcome = TD_HUB_STORE_UNAUTHORIZED;
	else
		outcome = g_strcmp0(PQgetvalue(result, 0, 0), "1") == 0 ? TD_HUB_STORE_STORED
			  : g_strcmp0(PQgetvalue(result, 0, 1), "t") == 0 ? TD_HUB_STORE_CHANGED
									   : TD_HUB_STORE_REPLACED;
	for (guint i = 0; i < G_N_ELEMENTS(numbers); i++)
		g_free(numbers[i]);
	return outcome;
}

gboolean
td_hub_db_check_viewer(PGconn *conn, const gchar *name, const gchar *token_hash, GError **error)
{
	const gchar *params[] = {name, token_hash};
	g_autoptr(PGresult) result =
	    db_run(conn, "SELECT 1 FROM viewers WHERE name = $1 AND token_sha256 = decode($2, 'hex')", 2, params,
		   error);
	return result != NULL && PQntuples(result) == 1;
}

void
td_hub_station_day_free(TdHubStationDay *row)
{
	if (row == NULL)
		return;
	g_free(row->area);
	g_free(row->commune);
	g_free(row->code);
	g_free(row->name);
	g_free(row->program);
	g_free(row->received_at);
	g_free(row);
}

GPtrArray *
td_hub_db_station_days(PGconn *conn, const gchar *day, GError **error)
{
	const gchar *params[] = {day};
	g_autoptr(PGresult) result =
	    db_run(conn,
		   "SELECT s.district, s.commune, s.code, s.name, r.station_code IS NOT NULL, "
		   "  coalesce(r.kiosks, 0), coalesce(r.checkins, 0), coalesce(r.by_chip_card, 0), "
		   "  coalesce(r.eligible, 0), coalesce(r.vneid_asked, 0), coalesce(r.vneid_integrated, 0), "
		   "  coalesce(r.program, ''), coalesce(to_char(r.received_at, 'YYYY-MM-DD HH24:MI'), '') "
		   "FROM stations s LEFT JOIN day_reports r ON r.station_code = s.code AND r.day = $1::date "
		   "ORDER BY s.district, s.commune, s.code",
		   1, params, error);
	GPtrArray *rows;

	if (result == NULL)
		return NULL;
	rows = g_ptr_array_new_with_free_func((GDestroyNotify)td_hub_station_day_free);
	for (gint i = 0; i < PQntuples(result); i++) {
		TdHubStationDay *row = g_new0(TdHubStationDay, 1);
		guint *counts[] = {&row->kiosks, &row->checkins, &row->by_chip_card, &row->eligible,
				   &row->vneid_asked, &row->vneid_integrated};
		row->area = g_strdup(PQgetvalue(result, i, 0));
		row->commune = g_strdup(PQgetvalue(result, i, 1));
		row->code = g_strdup(PQgetvalue(result, i, 2));
		row->name = g_strdup(PQgetvalue(result, i, 3));
		row->reported = g_strcmp0(PQgetvalue(result, i, 4), "t") == 0;
		for (guint c = 0; c < G_N_ELEMENTS(counts); c++)
			*counts[c] = (guint)g_ascii_strtoull(PQgetvalue(result, i, 5 + (gint)c), NULL, 10);
		row->program = g_strdup(PQgetvalue(result, i, 11));
		row->received_at = g_strdup(PQgetvalue(result, i, 12));
		g_ptr_array_add(rows, row);
	}
	return rows;
}
