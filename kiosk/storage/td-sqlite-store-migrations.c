/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdSqliteStore's schema: every migration step since the first, in
 * order. td-sqlite-store.c applies them when a store is opened. */
#include "config.h"

#include "td-sqlite-store-private.h"

/* Migrations, in order; step i takes the schema from version i to i+1.
 * Never edit a step once released: add one. */
const gchar *const td_sqlite_migrations[] = {
    /* 0 → 1: check-ins, exceptions, audit trail */
    "CREATE TABLE checkins ("
    " id INTEGER PRIMARY KEY,"
    " time_unix INTEGER NOT NULL,"
    " day TEXT NOT NULL,"
    " queue_number INTEGER NOT NULL,"
    " card_verdict TEXT NOT NULL,"
    " card_reasons TEXT,"
    " eligibility TEXT NOT NULL,"
    " eligibility_code TEXT,"
    " benefit_level INTEGER NOT NULL DEFAULT 0,"
    " registered_here INTEGER NOT NULL DEFAULT 0,"
    " vneid TEXT NOT NULL,"
    " outcome TEXT NOT NULL,"
    " see_staff_reason TEXT,"
    " id_hash TEXT,"
    " UNIQUE (day, queue_number));"
    "CREATE TABLE exceptions ("
    " id INTEGER PRIMARY KEY,"
    " checkin_id INTEGER NOT NULL REFERENCES checkins(id),"
    " created_unix INTEGER NOT NULL,"
    " id_number TEXT, full_name TEXT, date_of_birth TEXT, card_code TEXT,"
    " reason TEXT NOT NULL, detail TEXT,"
    " resolved INTEGER NOT NULL DEFAULT 0,"
    " resolution TEXT,"
    " resolved_unix INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX exceptions_open ON exceptions (resolved, resolved_unix);"
    "CREATE INDEX exceptions_checkin ON exceptions (checkin_id);"
    "CREATE TABLE staff_actions ("
    " id INTEGER PRIMARY KEY,"
    " time_unix INTEGER NOT NULL,"
    " action TEXT NOT NULL,"
    " exception_id INTEGER,"
    " checkin_id INTEGER,"
    " note TEXT);"
    "CREATE INDEX staff_actions_time ON staff_actions (time_unix);",
    /* 1 → 2: PIN lock-out that survives restarts; a covering index so the
     * reports read only the index; the VNeID "asked recently" look-up */
    "CREATE TABLE pin_attempts ("
    " id INTEGER PRIMARY KEY,"
    " time_unix INTEGER NOT NULL,"
    " success INTEGER NOT NULL);"
    "CREATE INDEX pin_attempts_time ON pin_attempts (time_unix);"
    "CREATE INDEX checkins_report ON checkins (day, card_verdict, eligibility, vneid, outcome);"
    "CREATE INDEX checkins_id_hash ON checkins (id_hash, time_unix) WHERE id_hash IS NOT NULL;",
    /* 2 → 3: what the card held that the reader skipped (DG13 entries it
     * could not use), one sentence a line; never personal data */
    "ALTER TABLE checkins ADD COLUMN card_warnings TEXT;",
    /* 3 → 4: retention finds old check-ins and old open exceptions by
     * their time, every day, without reading the whole table */
    ("CREATE INDEX checkins_time ON checkins (time_unix);"
     "CREATE INDEX exceptions_created ON exceptions (resolved, created_unix);"),
    /* 4 → 5: the kiosk that took each record ([station] kiosk-id), as in
     * a database several kiosks share; rows from before say NULL */
    ("ALTER TABLE checkins ADD COLUMN kiosk_id TEXT;"
     "ALTER TABLE exceptions ADD COLUMN kiosk_id TEXT;"
     "ALTER TABLE staff_actions ADD COLUMN kiosk_id TEXT;"),
    /* 5 → 6: staff accounts, each with a PIN of its own; the audit trail,
     * resolutions and PIN attempts say whose. The station's account (id 1,
     * its PIN in the settings file) did everything staff did before. */
    ("CREATE TABLE staff ("
     " id INTEGER PRIMARY KEY,"
     " name TEXT NOT NULL UNIQUE,"
     " pin_hash TEXT,"
     " active INTEGER NOT NULL DEFAULT 1,"
     " created_unix INTEGER NOT NULL);"
     "INSERT INTO staff (id, name, pin_hash, active, created_unix) VALUES (" G_STRINGIFY(TD_STAFF_STATION_ID)
     ", '" TD_STAFF_STATION_NAME "', NULL, 1, 0);"
     "ALTER TABLE staff_actions ADD COLUMN staff_id INTEGER REFERENCES staff(id);"
     "UPDATE staff_actions SET staff_id = " G_STRINGIFY(TD_STAFF_STATION_ID)
     " WHERE action NOT IN ('ticket-not-printed', 'patient-called-staff', 'exception-" TD_STORE_RESOLUTION_EXPIRED "');"
     "ALTER TABLE exceptions ADD COLUMN resolved_by INTEGER REFERENCES staff(id);"
     "UPDATE exceptions SET resolved_by = " G_STRINGIFY(TD_STAFF_STATION_ID)
     " WHERE resolved = 1 AND resolution <> '" TD_STORE_RESOLUTION_EXPIRED "';"
     "ALTER TABLE pin_attempts ADD COLUMN staff_id INTEGER NOT NULL DEFAULT " G_STRINGIFY(TD_STAFF_STATION_ID) ";"
     "CREATE INDEX pin_attempts_staff ON pin_attempts (staff_id, success, id);"),
    /* 6 → 7: a queue number's series ("" the station's sequence, or a
     * kiosk's letter for what its offline journal took), unique with the
     * day and the number: the table rebuilt, as SQLite changes a UNIQUE
     * constraint; the day's last number per series, which a journal keeps
     * after it sent (and deleted) the check-ins; and a journal's own row:
     * the token that tells its check-ins from those of a journal made
     * again on the same kiosk, and since when the server has been out of
     * reach (td-sqlite-store-journal.c). */
    ("CREATE TABLE checkins_new ("
     " id INTEGER PRIMARY KEY,"
     " time_unix INTEGER NOT NULL,"
     " day TEXT NOT NULL,"
     " queue_number INTEGER NOT NULL,"
     " card_verdict TEXT NOT NULL,"
     " card_reasons TEXT,"
     " eligibility TEXT NOT NULL,"
     " eligibility_code TEXT,"
     " benefit_level INTEGER NOT NULL DEFAULT 0,"
     " registered_here INTEGER NOT NULL DEFAULT 0,"
     " vneid TEXT NOT NULL,"
     " outcome TEXT NOT NULL,"
     " see_staff_reason TEXT,"
     " id_hash TEXT,"
     " card_warnings TEXT,"
     " kiosk_id TEXT,"
     " queue_series TEXT NOT NULL DEFAULT '',"
     " UNIQUE (day, queue_series, queue_number));"
     "INSERT INTO checkins_new (id, time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
     " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash, card_warnings,"
     " kiosk_id) SELECT id, time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
     " eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash, card_warnings,"
     " kiosk_id FROM checkins;"
     "DROP TABLE checkins;"
     "ALTER TABLE checkins_new RENAME TO checkins;"
     "CREATE INDEX checkins_report ON checkins (day, card_verdict, eligibility, vneid, outcome);"
     "CREATE INDEX checkins_id_hash ON checkins (id_hash, time_unix) WHERE id_hash IS NOT NULL;"
     "CREATE INDEX checkins_time ON checkins (time_unix);"
     "CREATE TABLE queue_counters (day TEXT NOT NULL, series TEXT NOT NULL, last INTEGER NOT NULL,"
     " PRIMARY KEY (day, series));"
     "INSERT INTO queue_counters (day, series, last)"
     " SELECT day, queue_series, MAX(queue_number) FROM checkins GROUP BY day, queue_series;"
     "CREATE TABLE journal_state (one INTEGER PRIMARY KEY CHECK (one = 1), token TEXT NOT NULL,"
     " offline_since INTEGER);"
     "INSERT INTO journal_state (one, token) VALUES (1, lower(hex(randomblob(8))));"),
    /* 7 → 8: whether the patient was sent to reception, kept when staff
     * close the case (which makes the outcome checked-in) and through
     * retention, so the day's "sent to reception" does not shrink as
     * reception works. Set with the check-in's insert when its outcome is
     * see-staff (a case for staff is not enough: a pending insurance check
     * and a staff alert make one too, and those patients got a number). */
    ("ALTER TABLE checkins ADD COLUMN sent_to_staff INTEGER NOT NULL DEFAULT 0;"
     /* rows from before: still sent, or a case closed by an action that
      * only a patient sent to reception gets (a pending insurance check
      * is confirmed instead; the best the old rows can say) */
     "UPDATE checkins SET sent_to_staff = 1 WHERE outcome = 'see-staff' OR id IN (SELECT checkin_id FROM"
     " exceptions WHERE resolution IN ('accepted-paper-card', 'card-code-entered', 'self-pay', 'referred'));"
     "CREATE TRIGGER checkins_sent_to_staff AFTER INSERT ON checkins WHEN NEW.outcome = 'see-staff' BEGIN"
     " UPDATE checkins SET sent_to_staff = 1 WHERE id = NEW.id; END;"),
    /* 8 → 9: a check-in's origin (TdCheckinRecord), in a kiosk's offline
     * journal: one whose online commit's reply was lost keeps the origin
     * the server may already have, so sending it adds nothing twice */
    "ALTER TABLE checkins ADD COLUMN origin TEXT;",
    /* 9 → 10: the origin of an audit row of the kiosk's own (a patient's
     * call for staff, a login) that a journal kept in an outage: the
     * server may have it already (its online reply was lost) */
    "ALTER TABLE staff_actions ADD COLUMN origin TEXT;",
    /* 10 → 11: in a kiosk's offline journal, the patient's VNeID answer
     * to a check-in the server already has (checkin_id is the server's),
     * given while the server was out of reach: sent once it answers */
    "CREATE TABLE server_vneid_answers (checkin_id INTEGER PRIMARY KEY, vneid TEXT NOT NULL,"
    " time_unix INTEGER NOT NULL);",
    /* 11 → 12: in a kiosk's offline journal, an audit row about a
     * check-in (or its case) the server already has: a ticket that did
     * not print, a reprint, a manual check-in, written while the server
     * was out of reach. Its ids are the server's, so not checkin_id and
     * exception_id, which name the journal's own rows (a journaled
     * check-in's belongings, deleted with it). NULL in every other row. */
    "ALTER TABLE staff_actions ADD COLUMN server_checkin_id INTEGER;"
    "ALTER TABLE staff_actions ADD COLUMN server_exception_id INTEGER;",
    /* 12 → 13: who may open the manager's dashboard. Every account could
     * before; they keep it (nobody finds the figures gone on the day of
     * an upgrade), and a person added from now on is reception's until
     * tiepdon staff set-role NAME manager. The station's account, whose
     * PIN is the administrator's, is a manager always. */
    ("ALTER TABLE staff ADD COLUMN manager INTEGER NOT NULL DEFAULT 0;"
     "UPDATE staff SET manager = 1;"),
};
G_STATIC_ASSERT(G_N_ELEMENTS(td_sqlite_migrations) == TD_SQLITE_STORE_SCHEMA_VERSION);
