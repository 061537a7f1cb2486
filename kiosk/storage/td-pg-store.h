/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-store.h"

G_BEGIN_DECLS

/* The TdStore on PostgreSQL (libpq), shared by a station's kiosks, its
 * reception PC and the manager's reports: one database per station.
 *
 * The same tables, columns and meaning as the SQLite engine, plus the
 * kiosk that took each check-in, exception and staff action
 * (kiosk_id), and queue_counters(day, last): the day's next number is an
 * INSERT … ON CONFLICT DO UPDATE … RETURNING in the check-in's own
 * transaction, so the row lock serialises the kiosks of a station and a
 * rolled-back check-in takes its number back (no duplicate, no gap).
 *
 * One connection per store, used under a mutex (every call may block; the
 * kiosk calls from its workers); a broken connection is re-established on
 * the next call. One store per connection string per process, as with
 * SQLite. */
#define TD_TYPE_PG_STORE (td_pg_store_get_type())
G_DECLARE_FINAL_TYPE(TdPgStore, td_pg_store, TD, PG_STORE, GObject)

/* 1: the SQLite schema 4's tables; 2: kiosk ids, queue_counters, the
 * views the roles read (see td_pg_store_init_sql); 3: staff accounts,
 * change notifications; 4: the series of a number and the origin of a
 * check-in sent from a kiosk's offline journal; 5: whether the patient was
 * sent to reception; 6: a journal's check-ins of earlier days
 * (tiepdon_receive_journaled); 7: a journaled check-in whose online
 * commit's reply was lost becomes the row the server has; 8: the origin
 * of the kiosk's own audit rows, journaled across an outage
 * (tiepdon_receive_journaled_action), and reception's later resolution
 * of a merged row kept; 9: reception adds check-ins without a card only;
 * 10: a journaled check-in sent again is merged with itself; 11: a
 * journaled audit row names the server's check-in and case, a journaled
 * VNeID answer reaches an earlier day's check-in
 * (tiepdon_fill_journaled_vneid), and offline numbers need not be unique
 * (two kiosks on one letter). */
#define TD_PG_STORE_SCHEMA_VERSION 12

/* A URL or keyword string is accepted when it reaches the server through
 * a local socket (host=/run/postgresql, or no host), or carries
 * sslmode=verify-full: anything less lets whoever sits on the network
 * read the check-ins or pose as the server. A password belongs in a
 * passfile= (0600), not in the settings. */
gboolean td_pg_store_check_conninfo(const gchar *conninfo, GError **error);

/* A connection to conninfo as every store makes it for kiosk_id (its
 * timeouts, keepalives, session options and name on the server), not
 * checked (PQstatus): for a test to stand for a kiosk that goes silent.
 * Free with PQfinish. */
struct pg_conn *td_pg_store_connect_as_kiosk(const gchar *conninfo, const gchar *kiosk_id);

/* The process's store for conninfo (a new reference): connected, the
 * schema brought up to date (under an advisory lock: one migrator at a
 * time) or refused if newer than this program. A role that may not
 * create tables (tiepdon_kiosk) can open a database that is up to date
 * only: `tiepdon db init` migrates it. */
TdPgStore *td_pg_store_new(const gchar *conninfo, const gchar *kiosk_id, GError **error);
/* The same; with even_unreachable, a server that cannot be reached now
 * still gives a store (the kiosk starts offline and journals): every call
 * fails TD_STORE_ERROR_UNREACHABLE until a connection succeeds, which
 * then reads (and brings up to date) the schema. */
TdPgStore *td_pg_store_new_even_unreachable(const gchar *conninfo, const gchar *kiosk_id, gboolean even_unreachable,
					    GError **error);
/* A connection of its own (not shared), migrated only up to version: for
 * the migration tests and for several kiosks in one test process. */
TdPgStore *td_pg_store_new_at_version(const gchar *conninfo, const gchar *kiosk_id, guint version,
				      GError **error);
guint td_pg_store_get_schema_version(TdPgStore *self);
/* How many kiosks checked in a card on day (at least 1: the report's
 * kiosk); check-ins by hand, without a card, name no kiosk. */
guint td_pg_store_count_kiosks(TdPgStore *self, const gchar *day, GError **error);
/* A one-line sketch of the server for the doctor: "PostgreSQL 15.x,
 * database D as role R, schema N". */
gchar *td_pg_store_describe(TdPgStore *self, GError **error);
/* Another machine connected with this store's kiosk id (kiosks cloned
 * from one image keep the host name the id defaults to, and would share
 * their offline letter's numbers in an outage): where_out its addresses
 * ("local" for the server's own socket), NULL when none. */
gboolean td_pg_store_find_namesakes(TdPgStore *self, gchar **where_out, GError **error);
/* The server's clock and the station's day by it (station_settings'
 * time zone): the day row security calls today, which a kiosk's own day
 * must match for its check-ins to be allowed. */
gboolean td_pg_store_get_station_clock(TdPgStore *self, gint64 *now_unix_out, gchar day_out[11], GError **error);

/* The offline letter of each kiosk of a station ([station]
 * offline-letter, schema 6): one kiosk a letter, or two would hand out
 * the same B-001 in an outage. Claim: this store's kiosk takes letter
 * (and lets its earlier one go) unless another kiosk holds it;
 * *holder_out is then that kiosk's id, else this one's. Holder: who holds
 * letter, NULL when nobody does. */
gboolean td_pg_store_claim_offline_letter(TdPgStore *self, const gchar *letter, gchar **holder_out, GError **error);
gboolean td_pg_store_get_offline_letter_holder(TdPgStore *self, const gchar *letter, gchar **holder_out,
					       GError **error);

/* The SQL `tiepdon db init` prints: the roles (tiepdon_owner,
 * tiepdon_kiosk, tiepdon_staff, tiepdon_manager), the schema given to the
 * owner, and what each role may do (grants, row security). Run by a
 * superuser or the database's owner; idempotent. The migrations run
 * between the roles and the grants (td_pg_store_init_apply). */
const gchar *td_pg_store_init_roles_sql(void);
const gchar *td_pg_store_init_grants_sql(void);
/* The whole script for a new database: roles, schema, grants. */
gchar *td_pg_store_init_sql(void);
/* All of it on conninfo's database: roles, migrations as tiepdon_owner,
 * grants. */
gboolean td_pg_store_init_apply(const gchar *conninfo, GError **error);

G_END_DECLS
