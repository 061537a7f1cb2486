/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "td-day-report.h"

G_BEGIN_DECLS

/* tiepdon-hub's PostgreSQL side (libpq): the schema and its migrations,
 * the stations and their tokens, the viewers of the roll-up, one row per
 * station and day.
 *
 * Tokens (a station's, a viewer's) are 256 random bits; only their SHA-256
 * is stored, so the database leaks no credential. A slow password hash
 * would add nothing against guessing 256 bits. */

#define TD_HUB_DB_ERROR (td_hub_db_error_quark())
GQuark td_hub_db_error_quark(void);

typedef enum {
	TD_HUB_DB_ERROR_CONNECT, /* the server cannot be reached or refused us */
	TD_HUB_DB_ERROR_SCHEMA,	 /* newer than this program, or a failed migration */
	TD_HUB_DB_ERROR_QUERY,	 /* a statement failed */
	TD_HUB_DB_ERROR_EXISTS,	 /* adding what is already there */
	TD_HUB_DB_ERROR_INVALID, /* a bad argument (station code, name) */
	TD_HUB_DB_ERROR_UNKNOWN, /* changing what is not there */
} TdHubDbError;

/* The longest station or viewer name, in characters. */
#define TD_HUB_NAME_MAX 200

/* The schema this program writes. */
#define TD_HUB_DB_SCHEMA_VERSION 1

/* Connects (conninfo: a libpq keyword string or postgresql:// URI); the
 * error never repeats the conninfo, which may hold a password. */
PGconn *td_hub_db_connect(const gchar *conninfo, GError **error);
/* Brings the schema up to TD_HUB_DB_SCHEMA_VERSION in one transaction (one
 * hub at a time), and refuses a database whose schema is newer. Returns
 * the version found before, or -1 with an error. */
gint td_hub_db_migrate(PGconn *conn, GError **error);
/* The version stored, 0 for an empty database, -1 with an error. */
gint td_hub_db_schema_version(PGconn *conn, GError **error);

/* A new credential: 32 random bytes, base64url (43 characters). */
gchar *td_hub_token_new(void);
/* SHA-256 of a credential, hex: what the database keeps. */
gchar *td_hub_token_hash(const gchar *token);

/* Adds a station (or, with replace, gives an existing one new details and
 * a new token; its old token stops working). Returns the token, to be
 * shown once. */
gchar *td_hub_db_add_station(PGconn *conn, const gchar *code, const gchar *name, const gchar *commune,
			     const gchar *area, gboolean replace, GError **error);
/* Changes a station's name, commune or area (NULL: as it is), keeping its
 * token: a regional health centre that takes over stations, or stations
 * grouped anew, need not send every station a new token. */
gboolean td_hub_db_set_station(PGconn *conn, const gchar *code, const gchar *name, const gchar *commune,
			       const gchar *area, GError **error);
/* The same for a person who may read the roll-up (HTTP Basic: name and the
 * token as password). */
gchar *td_hub_db_add_viewer(PGconn *conn, const gchar *name, gboolean replace, GError **error);

typedef enum {
	TD_HUB_STORE_STORED,	   /* a first report for that station and day */
	TD_HUB_STORE_REPLACED,	   /* replaced an earlier one with the same figures */
	TD_HUB_STORE_CHANGED,	   /* replaced an earlier one with other figures */
	TD_HUB_STORE_UNAUTHORIZED, /* no such station, or not its token */
	TD_HUB_STORE_FAILED,	   /* the database failed: see the error */
} TdHubStoreResult;

/* Stores report if token_hash is its station's, in one statement. */
TdHubStoreResult td_hub_db_store_report(PGconn *conn, const TdDayReport *report, const gchar *token_hash,
					GError **error);
/* TRUE if name is a viewer with that token hash; FALSE with no error if
 * not, with one if the database failed. */
gboolean td_hub_db_check_viewer(PGconn *conn, const gchar *name, const gchar *token_hash, GError **error);

/* One station's day, reported or not. */
typedef struct {
	gchar *area; /* the stations' column "district", its name before the 2025 reform */
	gchar *commune;
	gchar *code;
	gchar *name;
	gboolean reported;
	guint kiosks;
	guint checkins;
	guint by_chip_card;
	guint eligible;
	guint vneid_asked;
	guint vneid_integrated;
	gchar *program;	    /* "" when not reported */
	gchar *received_at; /* "yyyy-mm-dd hh:mm", hub time; "" when not reported */
} TdHubStationDay;

void td_hub_station_day_free(TdHubStationDay *row);
/* Every station, with its report for day (yyyy-mm-dd) if it sent one,
 * ordered by area, commune and code. */
GPtrArray *td_hub_db_station_days(PGconn *conn, const gchar *day, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdHubStationDay, td_hub_station_day_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGresult, PQclear)

G_END_DECLS
