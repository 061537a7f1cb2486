/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of TdPgStore: td-pg-store.c (opening, migrating,
 * check-ins, exceptions, audit), td-pg-store-connection.c (the connection
 * and its statements), td-pg-store-migrations.c (the schema steps),
 * td-pg-store-upkeep.c (reports, retention, PIN attempts),
 * td-pg-store-staff.c (accounts, the change token), td-pg-store-journal.c
 * (what an offline journal sends) and td-pg-store-roles.c (db init). Not
 * for anyone else. */

#include <libpq-fe.h>

#include "td-pg-store.h"

G_BEGIN_DECLS

struct _TdPgStore {
	GObject parent_instance;
	gchar *conninfo;
	gchar *kiosk_id;
	PGconn *conn;
	GMutex lock;
	gchar *count_days_sql;
	guint schema_version;
	gchar *registry_key; /* NULL: not the process's shared store */
	gboolean listening;  /* LISTEN sent on this connection */
	guint64 changes;     /* notifications counted: the change token */
	/* monotonic µs: until then connecting is not tried again, the last
	 * try having waited out its timeout (td_pg_connect); what libpq
	 * said of that try */
	gint64 not_answering_until;
	gchar *not_answering_reason;
};

/* From this version on the tables have kiosk_id and queue_counters. */
#define TD_PG_SCHEMA_KIOSKS 2

/* From this schema version on checkins and the verdicts view have
 * sent_to_staff; count_days reads it. */
#define TD_PG_SCHEMA_SENT_TO_STAFF 5

/* From this schema version on a journal's check-ins are sent through
 * tiepdon_receive_journaled and kiosks claim their offline letters. */
#define TD_PG_SCHEMA_LETTERS 6

/* From this schema version on a journaled check-in whose online commit's
 * reply was lost becomes the server's row (tiepdon_receive_journaled's
 * merge): the journal is sent from this version on. */
#define TD_PG_SCHEMA_LOST_COMMIT 7

/* From this schema version on audit rows have an origin, and the
 * kiosk's own, journaled, arrive through tiepdon_receive_journaled_action. */
#define TD_PG_SCHEMA_ACTION_ORIGIN 8

/* From this schema version on a journaled audit row may name the
 * server's check-in or case it is about (tiepdon_receive_journaled_action
 * takes checkin_id and exception_id), a journaled VNeID answer reaches a
 * check-in of an earlier day (tiepdon_fill_journaled_vneid), and two
 * kiosks' offline tickets may share a number. */
#define TD_PG_SCHEMA_JOURNAL_IDS 11

/* From this schema version on staff has manager (the dashboard's role);
 * before it, every account could open the dashboard. */
#define TD_PG_SCHEMA_STAFF_ROLES 12

/* How many days back a kiosk may send what its journal holds (schema
 * 6's tiepdon_receive_journaled). Part of a released migration: another
 * value is a new migration step. */
#define TD_PG_JOURNAL_DAYS 31

/* What the triggers of schema 3 notify on every committed change. */
#define TD_PG_CHANGE_CHANNEL "tiepdon_changed"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGresult, PQclear)

/* Held for a whole call: one connection, one thread at a time. */
#define PG_STORE_LOCK(self) G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&(self)->lock)

/* A number as a text parameter. */
#define TD_PG_INT_LEN 24
const gchar *td_pg_int(gchar buf[TD_PG_INT_LEN], gint64 value);

/* (Re)connects to self->conninfo. */
gboolean td_pg_connect(TdPgStore *self, GError **error);
/* What a store's connection calls itself on the server: the prefix, the
 * kiosk id, '@' and a tag of this machine (td_pg_store_find_namesakes). */
#define TD_PG_APPLICATION_PREFIX "tiepdon:"
gchar *td_pg_application_name(const gchar *kiosk_id);
/* Re-connects a broken connection; FALSE when the server cannot be
 * reached. */
gboolean td_pg_ensure_connected(TdPgStore *self, GError **error);
/* One statement with text parameters (NULL = SQL NULL); NULL with an
 * error (TD_STORE_ERROR, from the SQLSTATE) unless it succeeded. */
PGresult *td_pg_query(TdPgStore *self, const gchar *sql, gint n_params, const gchar *const *params,
		      const gchar *what, GError **error);
/* Statements without parameters, several allowed. */
gboolean td_pg_exec(TdPgStore *self, const gchar *sql, const gchar *what, GError **error);
gboolean td_pg_begin(TdPgStore *self, GError **error);
/* td_pg_store_get_station_clock on a connection the caller holds (its lock
 * taken, connected; inside a transaction, the transaction's start). */
gboolean td_pg_read_station_clock(TdPgStore *self, gint64 *now_unix_out, gchar day_out[11], GError **error);
gboolean td_pg_commit(TdPgStore *self, GError **error);
void td_pg_rollback(TdPgStore *self);
gint64 td_pg_get_int(const PGresult *result, gint row, gint col);
/* NULL for SQL NULL */
gchar *td_pg_get_dup(const PGresult *result, gint row, gint col);

/* td-pg-store.c */
gboolean td_pg_store_migrate(TdPgStore *self, guint target, GError **error);
/* Rows of a kiosk's own check-in, in the caller's transaction.
 * td_pg_insert_checkin: numbered by the caller. exc->reason NULL is
 * "see-staff". (A journal's go through tiepdon_receive_journaled.) */
gboolean td_pg_insert_checkin(TdPgStore *self, const TdCheckinRecord *rec, gint64 now, gint64 queue_number,
			      gint64 *id_out, GError **error);
gboolean td_pg_insert_exception(TdPgStore *self, TdCheckinException *exc, gint64 checkin_id, gint64 now,
				gint64 *id_out, GError **error);
gboolean td_pg_insert_staff_action(TdPgStore *self, gint64 staff_id, gint64 now, const gchar *action,
				   gint64 exception_id, gint64 checkin_id, const gchar *note, const gchar *origin,
				   GError **error);

/* td-pg-store-journal.c: a check-in from a kiosk's offline journal
 * (TdJournalEntry, td-journal.h), its exceptions and audit rows, in one
 * transaction, of today or one of the TD_PG_JOURNAL_DAYS before. The
 * kiosk's own online row with that origin (its commit's reply was lost)
 * becomes the journal's check-in instead (schema 7), and a check-in sent
 * before (the reply to the send lost, a crash before the journal's
 * delete) is merged with itself (schema 10): their ids come back.
 * *checkin_id_out is 0 only when the origin is another kiosk's or another
 * day's row. exception_ids_out gets the server's ids of the entry's
 * exceptions, in order. */
typedef struct _TdJournalEntry TdJournalEntry;
gboolean td_pg_store_send_journaled(TdPgStore *self, const gchar *origin, TdJournalEntry *entry, gint64 *checkin_id_out,
				    GArray *exception_ids_out, GError **error);
/* An audit row with its origin, given before this online attempt so that
 * the journal, should the reply be lost, sends the same row (schema 8; an
 * older schema takes it without): the kiosk's own (no check-in, no case:
 * a patient's call, a login), or one about a check-in or case the server
 * has (its ids the server's: a ticket that did not print, a reprint). */
gboolean td_pg_store_record_action_with_origin(TdPgStore *self, const TdStaffAction *action, const gchar *origin,
					       GError **error);
/* One the journal kept, through tiepdon_receive_journaled_action (which
 * adds nothing when the server has that origin already); one about a
 * check-in needs schema 11 (SCHEMA before: it waits). */
gboolean td_pg_store_send_journaled_action(TdPgStore *self, const TdStaffAction *action, const gchar *origin,
					   GError **error);
/* A VNeID answer the journal kept for a check-in the server has: set
 * only where the row has none yet (a staff member's "helped into VNeID"
 * from the reception PC meanwhile stands); *set_out says whether it was.
 * NOT_FOUND where there is no such row of this kiosk (from schema 11 on,
 * of the last TD_PG_JOURNAL_DAYS days; before, of the days its role sees,
 * today's). */
gboolean td_pg_store_fill_vneid_answer(TdPgStore *self, gint64 checkin_id, TdVneidAnswer answer, gboolean *set_out,
				       GError **error);
/* Connected (and the schema known) or TD_STORE_ERROR_UNREACHABLE. */
gboolean td_pg_store_ping(TdPgStore *self, GError **error);

/* TdStore vfuncs implemented in td-pg-store-upkeep.c */
gboolean td_pg_store_purge(TdStore *store, const TdRetention *retention, gint64 now, TdPurgeCounts *out, GError **error);
gboolean td_pg_store_oldest_personal_record(TdStore *store, gint64 *time_out, GError **error);
GPtrArray *td_pg_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error);
gboolean td_pg_store_begin_pin_attempt(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix,
				       guint limit, guint overall_limit, TdPinAttempt *out, GError **error);
gboolean td_pg_store_finish_pin_attempt(TdStore *store, gint64 attempt, GError **error);
gboolean td_pg_store_count_pin_failures(TdStore *store, gint64 since_unix, guint *count_out, gint64 *newest_out, GError **error);

/* TdStore vfuncs implemented in td-pg-store-staff.c */
gboolean td_pg_store_add_staff(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 now_unix,
			       gint64 *id_out, GError **error);
GPtrArray *td_pg_store_list_staff(TdStore *store, GError **error);
gboolean td_pg_store_set_staff_active(TdStore *store, const gchar *name, gboolean active, GError **error);
gboolean td_pg_store_set_staff_pin(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error);
gboolean td_pg_store_set_staff_manager(TdStore *store, const gchar *name, gboolean manager, GError **error);
gboolean td_pg_store_get_change_token(TdStore *store, guint64 *token_out, GError **error);

/* td-pg-store-migrations.c: the schema steps, TD_PG_STORE_SCHEMA_VERSION of
 * them; step i takes version i to i + 1. */
extern const gchar *const td_pg_migrations[];

G_END_DECLS
