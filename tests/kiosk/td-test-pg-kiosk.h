/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-config.h"
#include "td-journaled-store.h"
#include "td-store.h"

G_BEGIN_DECLS

/* What the tests of a kiosk on a station's PostgreSQL share
 * (test-pg-offline.c, test-pg-lost-reply.c; under
 * tests/with-private-postgres.sh). */

/* The settings of a kiosk of a station on conninfo, in dir/name, its
 * journal in dir (kiosk_id.journal); the path of the file. */
gchar *td_test_pg_kiosk_config(const gchar *dir, const gchar *name, const gchar *conninfo, const gchar *kiosk_id,
			       const gchar *letter);
/* The settings at path, loaded as the kiosk loads them; the test fails
 * if they do not load. */
TdConfig *td_test_load_config(const gchar *path);
/* A new database of the station, set up by `tiepdon db init --apply`'s
 * code: its roles, schema and rights. */
gchar *td_test_pg_station_database(const gchar *name);
/* The kiosk's store as the kiosk opens it (a TdJournaledStore). */
TdStore *td_test_pg_open_kiosk_store(const TdConfig *config);
/* A kiosk's journaled store on conninfo (a server that may be out of
 * reach: a socket path that is not there) and the journal file at
 * journal, as a kiosk kiosk_id numbering offline in letter opens it. */
TdJournaledStore *td_test_pg_open_journaled(const gchar *conninfo, const gchar *journal, const gchar *kiosk_id,
					    const gchar *letter);
/* One number of the database's answer to sql. */
gint64 td_test_pg_count(const gchar *conninfo, const gchar *sql);

TdJournalState td_test_journal_state(TdStore *store);
/* The worker (every TD_JOURNAL_RETRY_S) has sent what the server takes:
 * the kiosk is online again, waiting check-ins left in the journal.
 * Generous for a loaded machine. */
void td_test_wait_journal_sent_but(TdStore *store, guint waiting);
void td_test_wait_journal_sent(TdStore *store);

/* A check-in of day for the person id_hash, with an exception or not. */
TdCheckinRecord *td_test_store_checkin(TdStore *store, const gchar *day, const gchar *id_hash, TdCheckinException *exc);
/* An audit row of the kiosk's own (no check-in, no exception). */
void td_test_record_own_action(TdStore *store, gint64 staff_id, const gchar *action, const gchar *note);
/* A file copied whole, owner-only (a journal as it was, put back). */
void td_test_copy_file(const gchar *from, const gchar *to);

G_END_DECLS
