/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPgStore's schema: every migration step since the first, in order.
 * td-pg-store.c applies them (under an advisory lock) and prints them for
 * `tiepdon db init`. */
#include "config.h"

#include "td-pg-store-private.h"

/* Migrations, in order; step i takes the schema from version i to i+1.
 * Never edit a step once released: add one. */
/* The end of tiepdon_receive_journaled's merge (schemas 7, 8 and 10, the
 * same text in each): the online row (merged) stands for the journal's
 * check-in, the exceptions it has for the journal's (their ids back in
 * order), and the journal's audit rows go in unless the row has them. */
#define TD_PG_MERGE_BELONGINGS \
    " RETURN NEXT merged;" \
    " known := ARRAY(SELECT id FROM public.exceptions WHERE checkin_id = merged ORDER BY id);" \
    " FOR e IN SELECT * FROM jsonb_populate_recordset(NULL::public.exceptions, exceptions) LOOP" \
    "  exception_id := known[cardinality(exception_ids) + 1];" \
    "  IF exception_id IS NULL THEN" \
    "   INSERT INTO public.exceptions (checkin_id, created_unix, id_number, full_name, date_of_birth, card_code," \
    "    reason, detail, kiosk_id) VALUES (merged, e.created_unix, e.id_number, e.full_name, e.date_of_birth," \
    "    e.card_code, e.reason, e.detail, c.kiosk_id) RETURNING id INTO exception_id;" \
    "  END IF;" \
    "  exception_ids := exception_ids || exception_id;" \
    "  RETURN NEXT exception_id;" \
    " END LOOP;" \
    " FOR a IN SELECT jsonb_build_object('time_unix', x->'time_unix', 'action', x->'action', 'note', x->'note'," \
    "   'staff_id', NULLIF((x->>'staff_id')::bigint, 0), 'exception_id', exception_ids[(x->>'exception')::integer + 1]," \
    "   'checkin_id', CASE WHEN (x->>'of_checkin')::boolean THEN merged END) FROM jsonb_array_elements(actions) x LOOP" \
    "  INSERT INTO public.staff_actions (time_unix, action, exception_id, checkin_id, note, kiosk_id, staff_id)" \
    "   SELECT (a->>'time_unix')::bigint, a->>'action', (a->>'exception_id')::bigint, (a->>'checkin_id')::bigint," \
    "    a->>'note', c.kiosk_id, (a->>'staff_id')::bigint" \
    "   WHERE NOT EXISTS (SELECT 1 FROM public.staff_actions s WHERE s.time_unix = (a->>'time_unix')::bigint" \
    "    AND s.action = a->>'action' AND s.exception_id IS NOT DISTINCT FROM (a->>'exception_id')::bigint" \
    "    AND s.checkin_id IS NOT DISTINCT FROM (a->>'checkin_id')::bigint);" \
    " END LOOP;" \
    "END$$;"

const gchar *const td_pg_migrations[] = {
    /* 0 → 1: SQLite's schema 4, in PostgreSQL's types */
    "CREATE TABLE checkins ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " time_unix bigint NOT NULL,"
    " day date NOT NULL,"
    " queue_number integer NOT NULL,"
    " card_verdict text NOT NULL,"
    " card_reasons text,"
    " eligibility text NOT NULL,"
    " eligibility_code text,"
    " benefit_level integer NOT NULL DEFAULT 0,"
    " registered_here boolean NOT NULL DEFAULT false,"
    " vneid text NOT NULL,"
    " outcome text NOT NULL,"
    " see_staff_reason text,"
    " id_hash text,"
    " card_warnings text,"
    " UNIQUE (day, queue_number));"
    "CREATE TABLE exceptions ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " checkin_id bigint NOT NULL REFERENCES checkins (id),"
    " created_unix bigint NOT NULL,"
    " id_number text, full_name text, date_of_birth text, card_code text,"
    " reason text NOT NULL, detail text,"
    " resolved boolean NOT NULL DEFAULT false,"
    " resolution text,"
    " resolved_unix bigint NOT NULL DEFAULT 0);"
    "CREATE INDEX exceptions_open ON exceptions (resolved, resolved_unix);"
    "CREATE INDEX exceptions_created ON exceptions (resolved, created_unix);"
    "CREATE INDEX exceptions_checkin ON exceptions (checkin_id);"
    "CREATE TABLE staff_actions ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " time_unix bigint NOT NULL,"
    " action text NOT NULL,"
    " exception_id bigint,"
    " checkin_id bigint,"
    " note text);"
    "CREATE INDEX staff_actions_time ON staff_actions (time_unix);"
    "CREATE TABLE pin_attempts ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " time_unix bigint NOT NULL,"
    " success boolean NOT NULL);"
    "CREATE INDEX pin_attempts_time ON pin_attempts (time_unix);"
    "CREATE INDEX checkins_report ON checkins (day, card_verdict, eligibility, vneid, outcome);"
    "CREATE INDEX checkins_id_hash ON checkins (id_hash, time_unix) WHERE id_hash IS NOT NULL;"
    "CREATE INDEX checkins_time ON checkins (time_unix);",
    /* 1 → 2: several kiosks on one database: which kiosk took what; the
     * day's counter (seeded from the numbers already given); the
     * station's time zone, which says what "today" is for row security;
     * and the views the roles read instead of the tables: verdicts
     * without personal data (reports), the VNeID answers by ID hash (a
     * kiosk asks about a person's earlier visits without reading them) */
    "ALTER TABLE checkins ADD COLUMN kiosk_id text;"
    "ALTER TABLE exceptions ADD COLUMN kiosk_id text;"
    "ALTER TABLE staff_actions ADD COLUMN kiosk_id text;"
    "CREATE TABLE queue_counters (day date PRIMARY KEY, last integer NOT NULL);"
    "INSERT INTO queue_counters (day, last) SELECT day, max(queue_number) FROM checkins GROUP BY day;"
    "CREATE TABLE station_settings (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
    " time_zone text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh');"
    "INSERT INTO station_settings DEFAULT VALUES;"
    "CREATE FUNCTION tiepdon_today() RETURNS date LANGUAGE sql STABLE"
    " SET search_path = pg_catalog, pg_temp AS"
    " $$SELECT (now() AT TIME ZONE (SELECT time_zone FROM public.station_settings))::date$$;"
    "CREATE FUNCTION tiepdon_today_start() RETURNS bigint LANGUAGE sql STABLE"
    " SET search_path = pg_catalog, pg_temp AS"
    " $$SELECT extract(epoch FROM public.tiepdon_today()::timestamp"
    "   AT TIME ZONE (SELECT time_zone FROM public.station_settings))::bigint$$;"
    "CREATE VIEW checkin_verdicts AS"
    " SELECT day, kiosk_id, card_verdict, eligibility, vneid, outcome FROM checkins;"
    "CREATE VIEW vneid_history AS"
    " SELECT id_hash, time_unix, vneid FROM checkins WHERE id_hash IS NOT NULL;",
    /* 2 → 3: staff accounts (SQLite's schema 6): a PIN each, the audit
     * trail, resolutions and PIN attempts say whose; the station's account
     * (id 1) did what staff did before. And a notification on every
     * committed change, so the staff consoles of the station follow the
     * database without reading a table (td_store_get_change_token). */
    "CREATE TABLE staff ("
    " id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 2) PRIMARY KEY,"
    " name text NOT NULL UNIQUE,"
    " pin_hash text,"
    " active boolean NOT NULL DEFAULT true,"
    " created_unix bigint NOT NULL);"
    "INSERT INTO staff (id, name, pin_hash, active, created_unix) VALUES (" G_STRINGIFY(TD_STAFF_STATION_ID)
    ", '" TD_STAFF_STATION_NAME "', NULL, true, 0);"
    "ALTER TABLE staff_actions ADD COLUMN staff_id bigint REFERENCES staff (id);"
    "UPDATE staff_actions SET staff_id = " G_STRINGIFY(TD_STAFF_STATION_ID)
    " WHERE action NOT IN ('ticket-not-printed', 'patient-called-staff', 'exception-" TD_STORE_RESOLUTION_EXPIRED "');"
    "ALTER TABLE exceptions ADD COLUMN resolved_by bigint REFERENCES staff (id);"
    "UPDATE exceptions SET resolved_by = " G_STRINGIFY(TD_STAFF_STATION_ID)
    " WHERE resolved AND resolution <> '" TD_STORE_RESOLUTION_EXPIRED "';"
    "ALTER TABLE pin_attempts ADD COLUMN staff_id bigint NOT NULL DEFAULT " G_STRINGIFY(TD_STAFF_STATION_ID)
    " REFERENCES staff (id);"
    "CREATE INDEX pin_attempts_staff ON pin_attempts (staff_id, success, id);"
    "CREATE FUNCTION tiepdon_notify_change() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path = pg_catalog, pg_temp AS"
    " $$BEGIN PERFORM pg_notify('" TD_PG_CHANGE_CHANNEL "', ''); RETURN NULL; END$$;"
    "CREATE TRIGGER checkins_changed AFTER INSERT OR UPDATE OR DELETE ON checkins"
    " FOR EACH STATEMENT EXECUTE FUNCTION tiepdon_notify_change();"
    "CREATE TRIGGER exceptions_changed AFTER INSERT OR UPDATE OR DELETE ON exceptions"
    " FOR EACH STATEMENT EXECUTE FUNCTION tiepdon_notify_change();"
    "CREATE TRIGGER staff_actions_changed AFTER INSERT OR UPDATE OR DELETE ON staff_actions"
    " FOR EACH STATEMENT EXECUTE FUNCTION tiepdon_notify_change();"
    "CREATE TRIGGER staff_changed AFTER INSERT OR UPDATE OR DELETE ON staff"
    " FOR EACH STATEMENT EXECUTE FUNCTION tiepdon_notify_change();"
    "CREATE TRIGGER pin_attempts_changed AFTER INSERT OR UPDATE OR DELETE ON pin_attempts"
    " FOR EACH STATEMENT EXECUTE FUNCTION tiepdon_notify_change();",
    /* 3 → 4: the check-ins a kiosk took while the server was out of reach
     * (td-journaled-store.h): their numbers' series (the kiosk's letter;
     * "" the station's sequence), unique with the day and the number; and
     * where each came from (kiosk, journal row, journal token), unique, so
     * a journal that sends one again after a crash adds nothing */
    "ALTER TABLE checkins ADD COLUMN queue_series text NOT NULL DEFAULT '';"
    "ALTER TABLE checkins DROP CONSTRAINT checkins_day_queue_number_key;"
    "ALTER TABLE checkins ADD CONSTRAINT checkins_day_series_number_key UNIQUE (day, queue_series, queue_number);"
    "ALTER TABLE checkins ADD COLUMN origin text;"
    "ALTER TABLE checkins ADD CONSTRAINT checkins_origin_key UNIQUE (origin);",
    /* 4 → 5: whether the patient was sent to reception (SQLite's schema
     * 8), set with the check-in's insert from its outcome, whoever
     * inserts it (a kiosk, or its journal sent later); the verdicts view
     * shows it to the roles that count. */
    "ALTER TABLE checkins ADD COLUMN sent_to_staff boolean NOT NULL DEFAULT false;"
    "UPDATE checkins SET sent_to_staff = true WHERE outcome = 'see-staff' OR id IN (SELECT checkin_id FROM"
    " exceptions WHERE resolution IN ('accepted-paper-card', 'card-code-entered', 'self-pay', 'referred'));"
    "CREATE FUNCTION tiepdon_mark_sent_to_staff() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path = pg_catalog, pg_temp AS"
    " $$BEGIN NEW.sent_to_staff := NEW.outcome = 'see-staff'; RETURN NEW; END$$;"
    "CREATE TRIGGER checkins_sent_to_staff BEFORE INSERT ON checkins"
    " FOR EACH ROW EXECUTE FUNCTION tiepdon_mark_sent_to_staff();"
    "CREATE OR REPLACE VIEW checkin_verdicts AS"
    " SELECT day, kiosk_id, card_verdict, eligibility, vneid, outcome, sent_to_staff FROM checkins;",
    /* 5 → 6: a journal that waited across midnight, and a letter each. The kiosk role's row
     * security keeps it to today's rows, and a check-in journaled before
     * midnight must still arrive. The function takes the check-in with its
     * exceptions and audit rows (json, as the kiosk's journal holds them)
     * and inserts them as the owner: the kiosk gets the new ids back and
     * never reads another day's rows. It takes only what a journal sends
     * (an origin, a kiosk's letter), and only of the last
     * TD_PG_JOURNAL_DAYS days: an older journal is for a person to look
     * at. A check-in sent before (its origin there) adds nothing and
     * returns no row. */
    "CREATE FUNCTION tiepdon_receive_journaled(checkin jsonb, exceptions jsonb, actions jsonb)"
    " RETURNS SETOF bigint LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "DECLARE"
    " c public.checkins;"
    " e public.exceptions;"
    " a jsonb;"
    " new_id bigint;"
    " exception_id bigint;"
    " exception_ids bigint[] := '{}';"
    " today date := public.tiepdon_today();"
    "BEGIN"
    " c := jsonb_populate_record(NULL::public.checkins, checkin);"
    " IF c.origin IS NULL OR COALESCE(c.queue_series, '') = '' THEN"
    "  RAISE EXCEPTION 'a journaled check-in comes with its origin and its kiosk''s letter'"
    "   USING ERRCODE = 'check_violation';"
    " END IF;"
    " IF c.day > today OR c.day < today - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " THEN"
    "  RAISE EXCEPTION 'a journaled check-in of % is not of the last " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " days', c.day"
    "   USING ERRCODE = 'insufficient_privilege';"
    " END IF;"
    " INSERT INTO public.checkins (time_unix, day, queue_number, card_verdict, card_reasons, eligibility,"
    "  eligibility_code, benefit_level, registered_here, vneid, outcome, see_staff_reason, id_hash,"
    "  card_warnings, kiosk_id, queue_series, origin)"
    " VALUES (c.time_unix, c.day, c.queue_number, c.card_verdict, c.card_reasons, c.eligibility,"
    "  c.eligibility_code, COALESCE(c.benefit_level, 0), COALESCE(c.registered_here, false), c.vneid, c.outcome,"
    "  c.see_staff_reason, c.id_hash, c.card_warnings, c.kiosk_id, c.queue_series, c.origin)"
    " ON CONFLICT (origin) DO NOTHING RETURNING id INTO new_id;"
    " IF new_id IS NULL THEN RETURN; END IF;"
    " RETURN NEXT new_id;"
    " FOR e IN SELECT * FROM jsonb_populate_recordset(NULL::public.exceptions, exceptions) LOOP"
    "  INSERT INTO public.exceptions (checkin_id, created_unix, id_number, full_name, date_of_birth, card_code,"
    "   reason, detail, kiosk_id)"
    "  VALUES (new_id, e.created_unix, e.id_number, e.full_name, e.date_of_birth, e.card_code,"
    "   e.reason, e.detail, c.kiosk_id) RETURNING id INTO exception_id;"
    "  exception_ids := exception_ids || exception_id;"
    "  RETURN NEXT exception_id;"
    " END LOOP;"
    " FOR a IN SELECT * FROM jsonb_array_elements(actions) LOOP"
    "  INSERT INTO public.staff_actions (time_unix, action, exception_id, checkin_id, note, kiosk_id, staff_id)"
    "  VALUES ((a->>'time_unix')::bigint, a->>'action', exception_ids[(a->>'exception')::integer + 1],"
    "   CASE WHEN (a->>'of_checkin')::boolean THEN new_id END, a->>'note', c.kiosk_id,"
    "   NULLIF((a->>'staff_id')::bigint, 0));"
    " END LOOP;"
    "END$$;"
    "REVOKE ALL ON FUNCTION tiepdon_receive_journaled(jsonb, jsonb, jsonb) FROM PUBLIC;"
    /* and which kiosk numbers in which letter when offline: two kiosks on
     * one letter would both hand out B-001 in an outage. A kiosk claims
     * its letter when it opens the database (a new letter lets its old
     * one go); the function says who holds it, so one that comes second
     * is told, not silently allowed. */
    "CREATE TABLE offline_letters ("
    " letter text PRIMARY KEY CHECK (letter ~ '^[A-Z]$'),"
    " kiosk_id text NOT NULL UNIQUE,"
    " claimed_unix bigint NOT NULL);"
    "CREATE FUNCTION tiepdon_claim_offline_letter(kiosk text, wanted text)"
    " RETURNS text LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "DECLARE holder text;"
    "BEGIN"
    " DELETE FROM public.offline_letters WHERE kiosk_id = kiosk AND letter <> wanted;"
    " INSERT INTO public.offline_letters (letter, kiosk_id, claimed_unix)"
    "  VALUES (wanted, kiosk, extract(epoch FROM now())::bigint) ON CONFLICT DO NOTHING;"
    " SELECT kiosk_id INTO holder FROM public.offline_letters WHERE letter = wanted;"
    " RETURN holder;"
    "END$$;"
    "REVOKE ALL ON FUNCTION tiepdon_claim_offline_letter(text, text) FROM PUBLIC;",
    /* 6 → 7: exactly once across a lost commit. A kiosk's online
     * check-in carries its origin ("kiosk:uuid"); when its commit reached
     * the server but the reply did not, the kiosk journals it with that
     * origin and an offline number, which the patient holds. Sent, it
     * finds the kiosk's own online row (same origin, kiosk, day and
     * person, the station's series): that row takes the printed series
     * and number and the journal's later answers, the exceptions it has
     * stand for the journal's (their ids come back in order), and an
     * audit row it has already is not added again. Anything else is
     * schema 6's function, renamed (its rights go with it: db init's
     * grants take them from the kiosk). */
    "ALTER FUNCTION tiepdon_receive_journaled(jsonb, jsonb, jsonb) RENAME TO tiepdon_insert_journaled;"
    "CREATE FUNCTION tiepdon_receive_journaled(checkin jsonb, exceptions jsonb, actions jsonb)"
    " RETURNS SETOF bigint LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "DECLARE"
    " c public.checkins := jsonb_populate_record(NULL::public.checkins, checkin);"
    " merged bigint;"
    " known bigint[];"
    " e public.exceptions;"
    " a jsonb;"
    " exception_id bigint;"
    " exception_ids bigint[] := '{}';"
    "BEGIN"
    " UPDATE public.checkins o SET queue_series = c.queue_series, queue_number = c.queue_number, time_unix = c.time_unix,"
    "  vneid = c.vneid, outcome = c.outcome, eligibility = c.eligibility"
    "  WHERE o.origin = c.origin AND o.queue_series = '' AND COALESCE(c.queue_series, '') <> ''"
    "  AND o.kiosk_id = c.kiosk_id AND o.day = c.day AND o.id_hash IS NOT DISTINCT FROM c.id_hash"
    "  AND c.day BETWEEN public.tiepdon_today() - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " AND public.tiepdon_today()"
    "  RETURNING o.id INTO merged;"
    " IF merged IS NULL THEN"
    "  RETURN QUERY SELECT public.tiepdon_insert_journaled(checkin, exceptions, actions);"
    "  RETURN;"
    " END IF;"
    TD_PG_MERGE_BELONGINGS
    "REVOKE ALL ON FUNCTION tiepdon_receive_journaled(jsonb, jsonb, jsonb) FROM PUBLIC;",
    /* 7 → 8: the kiosk's own audit rows (a patient's call for staff, a
     * login, a quit) kept across an outage, once. Each carries an origin
     * ("kiosk:uuid", unique) given before its online attempt; one the
     * server could not take is journaled with it and arrives through this
     * function, as the owner (an outage across midnight: the kiosk role's
     * row security keeps it to today), of the last TD_PG_JOURNAL_DAYS
     * days only. One whose online insert was taken but whose reply was
     * lost, or one sent twice (a crash before the journal's delete), adds
     * nothing and returns no row. */
    "ALTER TABLE staff_actions ADD COLUMN origin text;"
    "CREATE UNIQUE INDEX staff_actions_origin ON staff_actions (origin);"
    "CREATE FUNCTION tiepdon_receive_journaled_action(a jsonb)"
    " RETURNS SETOF bigint LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "BEGIN"
    " IF COALESCE(a->>'origin', '') = '' OR COALESCE(a->>'kiosk_id', '') = '' THEN"
    "  RAISE EXCEPTION 'a journaled audit row comes with its origin and its kiosk'"
    "   USING ERRCODE = 'check_violation';"
    " END IF;"
    " IF (a->>'time_unix')::bigint < public.tiepdon_today_start() - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " * 86400 THEN"
    "  RAISE EXCEPTION 'a journaled audit row of % is not of the last " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " days',"
    "   to_timestamp((a->>'time_unix')::bigint) USING ERRCODE = 'insufficient_privilege';"
    " END IF;"
    " RETURN QUERY INSERT INTO public.staff_actions (time_unix, action, note, kiosk_id, staff_id, origin)"
    "  VALUES ((a->>'time_unix')::bigint, a->>'action', a->>'note', a->>'kiosk_id',"
    "   NULLIF((a->>'staff_id')::bigint, 0), a->>'origin')"
    "  ON CONFLICT (origin) DO NOTHING RETURNING id;"
    "END$$;"
    "REVOKE ALL ON FUNCTION tiepdon_receive_journaled_action(jsonb) FROM PUBLIC;"
    /* and a case reception closed on the server before the kiosk's
     * journal arrived is not opened again: schema 7's merge gave the
     * online row the journal's answers, and so put back "see staff" over
     * reception's resolution. Now, when a staff action on the row (or
     * its exceptions) is newer than everything the journal holds of it,
     * the row keeps its outcome and eligibility, and its VNeID answer
     * unless it had none (the patient's answer at the kiosk is news
     * then); the printed series and number still come from the journal.
     * The same function otherwise. */
    "CREATE OR REPLACE FUNCTION tiepdon_receive_journaled(checkin jsonb, exceptions jsonb, actions jsonb)"
    " RETURNS SETOF bigint LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "DECLARE"
    " c public.checkins := jsonb_populate_record(NULL::public.checkins, checkin);"
    " o public.checkins;"
    " merged bigint;"
    " journal_newest bigint;"
    " staff_later boolean;"
    " known bigint[];"
    " e public.exceptions;"
    " a jsonb;"
    " exception_id bigint;"
    " exception_ids bigint[] := '{}';"
    "BEGIN"
    " SELECT * INTO o FROM public.checkins r"
    "  WHERE r.origin = c.origin AND r.queue_series = '' AND COALESCE(c.queue_series, '') <> ''"
    "  AND r.kiosk_id = c.kiosk_id AND r.day = c.day AND r.id_hash IS NOT DISTINCT FROM c.id_hash"
    "  AND c.day BETWEEN public.tiepdon_today() - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " AND public.tiepdon_today()"
    "  FOR UPDATE;"
    " merged := o.id;"
    " IF merged IS NULL THEN"
    "  RETURN QUERY SELECT public.tiepdon_insert_journaled(checkin, exceptions, actions);"
    "  RETURN;"
    " END IF;"
    " journal_newest := GREATEST(c.time_unix,"
    "  (SELECT max((x->>'time_unix')::bigint) FROM jsonb_array_elements(actions) x));"
    " staff_later := EXISTS (SELECT 1 FROM public.staff_actions s WHERE s.time_unix > journal_newest"
    "  AND (s.checkin_id = merged OR s.exception_id IN (SELECT x.id FROM public.exceptions x WHERE x.checkin_id = merged)));"
    " UPDATE public.checkins r SET queue_series = c.queue_series, queue_number = c.queue_number, time_unix = c.time_unix,"
    "  vneid = CASE WHEN staff_later AND o.vneid <> 'not-asked' THEN o.vneid ELSE c.vneid END,"
    "  outcome = CASE WHEN staff_later THEN o.outcome ELSE c.outcome END,"
    "  eligibility = CASE WHEN staff_later THEN o.eligibility ELSE c.eligibility END"
    "  WHERE r.id = merged;"
    TD_PG_MERGE_BELONGINGS,
    /* 8 → 9: reception adds check-ins without a card only, and no cases,
     * however it writes. The row security keeps the staff role's own
     * INSERT to today's and "no-card", but the journal's functions insert
     * as the owner: through them the reception PC could add a "genuine"
     * check-in of any of the last days, or a case, which is the kiosk's
     * word alone. A trigger sees who logged in (session_user, unchanged
     * inside the owner's functions): a member of tiepdon_staff, unless a
     * superuser, is refused (42501). Without the role (a database not
     * set up by db init) nobody is. */
    "CREATE FUNCTION tiepdon_staff_adds_no_card() RETURNS trigger LANGUAGE plpgsql"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "DECLARE"
    " staff oid := (SELECT oid FROM pg_roles WHERE rolname = 'tiepdon_staff');"
    "BEGIN"
    " IF staff IS NULL OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN RETURN NEW; END IF;"
    " IF NOT pg_has_role(session_user, staff, 'MEMBER') THEN RETURN NEW; END IF;"
    " IF TG_TABLE_NAME = 'checkins' THEN"
    "  IF NEW.card_verdict = 'no-card' THEN RETURN NEW; END IF;"
    " END IF;"
    " RAISE EXCEPTION 'reception adds check-ins without a card only, and no cases: % by %', TG_TABLE_NAME, session_user"
    "  USING ERRCODE = 'insufficient_privilege';"
    "END$$;"
    "CREATE TRIGGER staff_adds_no_card BEFORE INSERT ON checkins"
    " FOR EACH ROW EXECUTE FUNCTION tiepdon_staff_adds_no_card();"
    "CREATE TRIGGER staff_adds_no_card BEFORE INSERT ON exceptions"
    " FOR EACH ROW EXECUTE FUNCTION tiepdon_staff_adds_no_card();",
    /* 9 → 10: a journaled check-in sent again after the server took it
     * (the reply to the first send lost, the link flapping; or a crash
     * before the journal's delete). The row it made had the same origin
     * and the journal's series and number, so schema 8's merge passed it
     * over, the insert found the origin taken, and no id came back: the
     * kiosk deleted the journal's row without knowing the server's, and a
     * VNeID answer or a case closed on the kiosk's id afterwards was
     * NOT_FOUND; a VNeID answer given between the two sends (into the
     * journal) was dropped. Now such a row is merged with itself: its ids
     * come back, its VNeID answer is the journal's only where it has
     * none, its outcome and eligibility stay, and what it has already
     * (exceptions, audit rows) is not added again. */
    "CREATE OR REPLACE FUNCTION tiepdon_receive_journaled(checkin jsonb, exceptions jsonb, actions jsonb)"
    " RETURNS SETOF bigint LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "DECLARE"
    " c public.checkins := jsonb_populate_record(NULL::public.checkins, checkin);"
    " o public.checkins;"
    " merged bigint;"
    " sent_before boolean;"
    " journal_newest bigint;"
    " staff_later boolean;"
    " known bigint[];"
    " e public.exceptions;"
    " a jsonb;"
    " exception_id bigint;"
    " exception_ids bigint[] := '{}';"
    "BEGIN"
    " SELECT * INTO o FROM public.checkins r"
    "  WHERE r.origin = c.origin AND COALESCE(c.queue_series, '') <> ''"
    "  AND (r.queue_series = '' OR (r.queue_series = c.queue_series AND r.queue_number = c.queue_number))"
    "  AND r.kiosk_id = c.kiosk_id AND r.day = c.day AND r.id_hash IS NOT DISTINCT FROM c.id_hash"
    "  AND c.day BETWEEN public.tiepdon_today() - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " AND public.tiepdon_today()"
    "  FOR UPDATE;"
    " merged := o.id;"
    " IF merged IS NULL THEN"
    "  RETURN QUERY SELECT public.tiepdon_insert_journaled(checkin, exceptions, actions);"
    "  RETURN;"
    " END IF;"
    " sent_before := o.queue_series <> '';"
    " journal_newest := GREATEST(c.time_unix,"
    "  (SELECT max((x->>'time_unix')::bigint) FROM jsonb_array_elements(actions) x));"
    " staff_later := sent_before OR EXISTS (SELECT 1 FROM public.staff_actions s WHERE s.time_unix > journal_newest"
    "  AND (s.checkin_id = merged OR s.exception_id IN (SELECT x.id FROM public.exceptions x WHERE x.checkin_id = merged)));"
    " UPDATE public.checkins r SET queue_series = c.queue_series, queue_number = c.queue_number,"
    "  time_unix = CASE WHEN sent_before THEN o.time_unix ELSE c.time_unix END,"
    "  vneid = CASE WHEN staff_later AND o.vneid <> 'not-asked' THEN o.vneid ELSE c.vneid END,"
    "  outcome = CASE WHEN staff_later THEN o.outcome ELSE c.outcome END,"
    "  eligibility = CASE WHEN staff_later THEN o.eligibility ELSE c.eligibility END"
    "  WHERE r.id = merged;"
    TD_PG_MERGE_BELONGINGS,
    /* 10 → 11: what a kiosk's offline journal lost or left stuck.
     * - Two kiosks numbering offline in one letter (both started with the
     *   server out of reach, so neither could claim it; or a cloned
     *   kiosk-id) both printed K-001: the second's row broke the unique
     *   (day, series, number) and stayed in its journal for good, its case
     *   never reaching reception. A printed number cannot be made unique
     *   after the fact, and the origin already makes each arrive once:
     *   only the station's own sequence stays unique.
     * - An audit row about a check-in the server has (a ticket that did
     *   not print, a reprint, a manual check-in), written in an outage,
     *   arrives through tiepdon_receive_journaled_action with the ids of
     *   its check-in and case: they must exist and belong together (the
     *   table has no foreign keys on them), and an action that also sets
     *   the row's VNeID answer (vneid-assisted, vneid-answer) is not
     *   taken this way, for its answer would not go with it.
     * - A VNeID answer a journal kept for a check-in of the evening before
     *   (sent after midnight) was not the kiosk role's to see, and was
     *   dropped: tiepdon_fill_journaled_vneid sets it, as the owner, on
     *   the sending kiosk's row of the last TD_PG_JOURNAL_DAYS days where
     *   it has none; 1 set, 0 answered already, -1 no such row. Only a
     *   patient's answer: the desk's "assisted" is a staff member's, with
     *   an audit row. (The kiosk id is the caller's word: every kiosk has
     *   one role, which may already set today's answers.) */
    "ALTER TABLE checkins DROP CONSTRAINT checkins_day_series_number_key;"
    "CREATE UNIQUE INDEX checkins_station_number ON checkins (day, queue_number) WHERE queue_series = '';"
    "CREATE OR REPLACE FUNCTION tiepdon_receive_journaled_action(a jsonb)"
    " RETURNS SETOF bigint LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "BEGIN"
    " IF COALESCE(a->>'origin', '') = '' OR COALESCE(a->>'kiosk_id', '') = '' THEN"
    "  RAISE EXCEPTION 'a journaled audit row comes with its origin and its kiosk'"
    "   USING ERRCODE = 'check_violation';"
    " END IF;"
    " IF (a->>'time_unix')::bigint < public.tiepdon_today_start() - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " * 86400 THEN"
    "  RAISE EXCEPTION 'a journaled audit row of % is not of the last " G_STRINGIFY(TD_PG_JOURNAL_DAYS) " days',"
    "   to_timestamp((a->>'time_unix')::bigint) USING ERRCODE = 'insufficient_privilege';"
    " END IF;"
    " IF COALESCE((a->>'checkin_id')::bigint, 0) <> 0 OR COALESCE((a->>'exception_id')::bigint, 0) <> 0 THEN"
    "  IF a->>'action' IN ('vneid-assisted', 'vneid-answer') THEN"
    "   RAISE EXCEPTION 'a journaled % comes without the VNeID answer it sets', a->>'action'"
    "    USING ERRCODE = 'check_violation';"
    "  END IF;"
    "  IF COALESCE((a->>'checkin_id')::bigint, 0) <> 0 AND NOT EXISTS (SELECT 1 FROM public.checkins c"
    "   WHERE c.id = (a->>'checkin_id')::bigint) THEN"
    "   RAISE EXCEPTION 'no check-in %', a->>'checkin_id' USING ERRCODE = 'foreign_key_violation';"
    "  END IF;"
    "  IF COALESCE((a->>'exception_id')::bigint, 0) <> 0 AND NOT EXISTS (SELECT 1 FROM public.exceptions e"
    "   WHERE e.id = (a->>'exception_id')::bigint AND (COALESCE((a->>'checkin_id')::bigint, 0) = 0"
    "   OR e.checkin_id = (a->>'checkin_id')::bigint)) THEN"
    "   RAISE EXCEPTION 'no exception % of check-in %', a->>'exception_id', a->>'checkin_id'"
    "    USING ERRCODE = 'foreign_key_violation';"
    "  END IF;"
    " END IF;"
    " RETURN QUERY INSERT INTO public.staff_actions (time_unix, action, note, kiosk_id, staff_id, origin,"
    "  checkin_id, exception_id)"
    "  VALUES ((a->>'time_unix')::bigint, a->>'action', a->>'note', a->>'kiosk_id',"
    "   NULLIF((a->>'staff_id')::bigint, 0), a->>'origin',"
    "   NULLIF((a->>'checkin_id')::bigint, 0), NULLIF((a->>'exception_id')::bigint, 0))"
    "  ON CONFLICT (origin) DO NOTHING RETURNING id;"
    "END$$;"
    "CREATE FUNCTION tiepdon_fill_journaled_vneid(checkin bigint, kiosk text, answer text)"
    " RETURNS integer LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = pg_catalog, pg_temp AS $$"
    "BEGIN"
    " IF answer IS NULL OR answer NOT IN ('integrated', 'not-yet', 'no-account', 'no-smartphone',"
    "  'left-before-answering') THEN"
    "  RAISE EXCEPTION 'a journaled VNeID answer is a patient''s, not %', answer USING ERRCODE = 'check_violation';"
    " END IF;"
    " UPDATE public.checkins SET vneid = answer WHERE id = checkin AND kiosk_id = kiosk AND vneid = 'not-asked'"
    "  AND day >= public.tiepdon_today() - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) ";"
    " IF FOUND THEN RETURN 1; END IF;"
    " IF EXISTS (SELECT 1 FROM public.checkins WHERE id = checkin AND kiosk_id = kiosk"
    "  AND day >= public.tiepdon_today() - " G_STRINGIFY(TD_PG_JOURNAL_DAYS) ") THEN RETURN 0; END IF;"
    " RETURN -1;"
    "END$$;"
    "REVOKE ALL ON FUNCTION tiepdon_fill_journaled_vneid(bigint, text, text) FROM PUBLIC;",
    /* 11 → 12: who may open the manager's dashboard (SQLite's schema
     * 13). Every account could before, and keeps it; a person added from
     * now on is reception's until tiepdon staff set-role NAME manager. */
    ("ALTER TABLE staff ADD COLUMN manager boolean NOT NULL DEFAULT false;"
     "UPDATE staff SET manager = true;"),
};
G_STATIC_ASSERT(G_N_ELEMENTS(td_pg_migrations) == TD_PG_STORE_SCHEMA_VERSION);
