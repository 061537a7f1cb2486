/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A kiosk on a station's PostgreSQL when the server cannot be reached
 * (issue #14): the offline journal (B-001 …) sent exactly once, a kiosk
 * that starts offline, staff who log in with the station's PIN, an
 * outage across midnight sent with the kiosk's own role, one offline
 * letter per kiosk, the doctor's clock line, a server that takes
 * connections and never answers, a VNeID answer and an audit row about an
 * online check-in kept across an outage (and an answer sent after
 * midnight), and a kiosk gone silent inside a transaction. Runs under
 * tests/with-private-postgres.sh; a reply lost after the server's commit
 * and the kiosk's own audit rows are test-pg-lost-reply.c, the rest of
 * what only PostgreSQL has is test-pg-store.c. */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>

#include "td-config.h"
#include "td-journaled-store.h"
#include "td-pg-store.h"
#include "td-staff-pin.h"
#include "td-store-open.h"
#include "td-test-kiosk.h"
#include "td-test-log.h"
#include "td-test-pg-kiosk.h"
#include "td-test-pg-silent.h"
#include "td-test-postgres.h"

/* settings files and journals, removed at the end */
static gchar *tmp_dir;

/* Kiosk B's. */
static gchar *
write_offline_kiosk_config(const gchar *conninfo)
{
	return td_test_pg_kiosk_config(tmp_dir, "quay-b.conf", conninfo, "quay-b", "B");
}

/* ---- the journal: an outage mid-day, a start offline, staff, midnight, the reception PC ---- */

/* Issue #14: the database stopped mid-day. The kiosk goes on in its own
 * series (B-001, B-002), its exception, VNeID answer and audit row kept;
 * a revisit finds the journaled number; the doctor says "offline since";
 * once the server is back the worker sends each check-in exactly once
 * (counted by origin), the journal is empty, the kiosk online. Then a
 * crash between the server's commit and the journal's delete: the
 * journal as it was before sending is put back, sent again, and the
 * server adds nothing. */
static void
test_offline_journal(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("offline");
	g_autofree gchar *config_path = write_offline_kiosk_config(conninfo);
	g_autoptr(TdConfig) config = td_test_load_config(config_path);
	g_autofree gchar *snapshot = g_build_filename(tmp_dir, "quay-b.journal.before", NULL);
	g_autofree gchar *message = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(TdCheckinRecord) online = NULL;
	g_autoptr(TdCheckinRecord) first = NULL;
	g_autoptr(TdCheckinRecord) second = NULL;
	g_autoptr(TdCheckinRecord) again = NULL;
	g_autoptr(TdCheckinRecord) found = NULL;
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	g_autofree gchar *label = NULL;
	/* the station's day (Asia/Ho_Chi_Minh, the schema's default): a
	 * journal sends only recent days */
	g_autofree gchar *day = td_test_day_at(7, 0);
	TdJournalState state;

	store = td_test_pg_open_kiosk_store(config);
	online = td_test_store_checkin(store, day, "hash-online", NULL);
	g_assert_cmpuint(online->queue_number, ==, 1);
	g_assert_cmpstr(online->queue_series, ==, "");
	g_assert_cmpint(online->id, >, 0);

	td_test_pg_ctl("stop");
	exc->reason = g_strdup("card-forged");
	exc->full_name = g_strdup("Nguyễn Văn A");
	exc->id_number = g_strdup("001099012345");
	first = td_test_store_checkin(store, day, "hash-first", exc);
	second = td_test_store_checkin(store, day, "hash-second", NULL);
	label = td_queue_label(first->queue_series, first->queue_number);
	g_assert_cmpstr(label, ==, "B-001");
	g_clear_pointer(&label, g_free);
	label = td_queue_label(second->queue_series, second->queue_number);
	g_assert_cmpstr(label, ==, "B-002");
	/* what follows a journaled check-in goes to the journal */
	g_assert_cmpint(first->id, <, 0);
	g_assert_cmpint(exc->id, <, 0);
	g_assert_true(td_store_set_vneid_answer(store, second->id, TD_VNEID_INTEGRATED, &error));
	g_assert_no_error(error);
	g_assert_true(td_store_record_staff_action(store, "ticket-not-printed", 0, first->id, NULL, &error));
	g_assert_no_error(error);
	/* staff resolve on the server, once it has the case */
	g_assert_false(td_store_resolve_exception(store, exc->id, "self-pay", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);
	/* a revisit the same day is shown the number it has */
	found = td_store_find_checkin(store, day, "hash-first", &error);
	g_assert_no_error(error);
	g_assert_nonnull(found);
	g_assert_cmpstr(found->queue_series, ==, "B");
	g_assert_cmpuint(found->queue_number, ==, 1);
	g_clear_pointer(&found, td_checkin_record_free);
	state = td_test_journal_state(store);
	g_assert_cmpint(state.offline_since, >, 0);
	g_assert_cmpuint(state.waiting, ==, 2);
	/* the doctor, another process, reads it from the journal */
	g_assert_false(td_test_doctor_line(config_path, "database", &message));
	g_assert_nonnull(strstr(message, "cannot reach the database"));
	g_assert_nonnull(strstr(message, "offline since "));
	g_assert_nonnull(strstr(message, "2 check-ins waiting to be sent"));
	g_clear_pointer(&message, g_free);

	td_test_pg_ctl("start");
	td_test_wait_journal_sent(store);
	/* each has its origin, the online one too (given before its attempt) */
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins"), ==, 3);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(DISTINCT origin) FROM checkins"), ==, 3);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'B'"
					   " AND queue_number IN (1, 2) AND kiosk_id = 'quay-b'"),
			==, 2);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM exceptions e JOIN checkins c ON c.id = e.checkin_id"
					   " WHERE c.queue_series = 'B' AND c.queue_number = 1"
					   " AND e.reason = 'card-forged' AND e.full_name = 'Nguyễn Văn A' AND e.created_unix = c.time_unix"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM staff_actions a JOIN checkins c ON c.id = a.checkin_id"
					   " WHERE c.queue_series = 'B' AND c.queue_number = 1"
					   " AND a.action = 'ticket-not-printed'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'B'"
					   " AND queue_number = 2 AND vneid = 'integrated'"),
			==, 1);
	/* the ids the kiosk holds still lead to the check-ins sent */
	found = td_store_get_checkin(store, first->id, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(found->id_hash, ==, "hash-first");
	g_clear_pointer(&found, td_checkin_record_free);
	g_assert_true(td_store_resolve_exception(store, exc->id, "self-pay", NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM exceptions WHERE resolution = 'self-pay'"), ==, 1);
	/* the console's list gives the case the ticket the patient holds,
	 * the kiosk's letter with it */
	{
		g_autoptr(GPtrArray) cases = td_store_list_exceptions(store, day, FALSE, &error);
		const TdCheckinException *sent;

		g_assert_no_error(error);
		g_assert_cmpuint(cases->len, ==, 1);
		sent = g_ptr_array_index(cases, 0);
		g_clear_pointer(&label, g_free);
		label = td_queue_label(sent->queue_series, sent->queue_number);
		g_assert_cmpstr(label, ==, "B-001");
	}
	g_assert_true(td_test_doctor_line(config_path, "database", &message));
	g_assert_null(strstr(message, "offline since"));
	g_clear_pointer(&message, g_free);
	/* online again: the station's sequence */
	again = td_test_store_checkin(store, day, "hash-again", NULL);
	g_assert_cmpstr(again->queue_series, ==, "");
	g_assert_cmpuint(again->queue_number, ==, 2);
	g_clear_pointer(&again, td_checkin_record_free);

	/* the crash: one more offline, the journal copied as it is before
	 * sending (closed: nothing in a WAL), sent, then put back */
	td_test_pg_ctl("stop");
	again = td_test_store_checkin(store, day, "hash-third", NULL);
	g_assert_cmpuint(again->queue_number, ==, 3);
	/* the journal gave it the id B-001 had (its newest row was deleted):
	 * the id names this one now */
	g_assert_cmpint(again->id, ==, first->id);
	found = td_store_get_checkin(store, again->id, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(found->id_hash, ==, "hash-third");
	g_clear_pointer(&found, td_checkin_record_free);
	g_clear_object(&store);
	g_assert_cmpint(td_test_sql_int(config->journal_path, "SELECT count(*) FROM checkins"), ==, 1);
	{
		g_autofree gchar *contents = NULL;
		gsize length = 0;
		g_assert_true(g_file_get_contents(config->journal_path, &contents, &length, &error));
		g_assert_true(g_file_set_contents_full(snapshot, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, &error));
		g_assert_no_error(error);
	}
	td_test_pg_ctl("start");
	store = td_test_pg_open_kiosk_store(config);
	g_assert_cmpuint(td_test_journal_state(store).waiting, ==, 1);
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'B'"), ==, 3);
	g_clear_object(&store);
	g_assert_cmpint(g_rename(snapshot, config->journal_path), ==, 0);
	store = td_test_pg_open_kiosk_store(config);
	g_assert_cmpuint(td_test_journal_state(store).waiting, ==, 1);
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'B'"), ==, 3);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins"), ==, 5);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'B' AND queue_number = 3"),
			==, 1);
}

/* A kiosk that starts the day with the server out of reach: it opens,
 * checks in on its journal, and the schema is read (and the check-in
 * sent) once the server is there. Anything the server refuses is not
 * "unreachable": it fails, and nothing is journaled. */
static void
test_offline_start(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("offline_start");
	g_autofree gchar *config_path = write_offline_kiosk_config(conninfo);
	g_autoptr(TdConfig) config = td_test_load_config(config_path);
	g_autoptr(TdStore) store = NULL;
	g_autoptr(TdCheckinRecord) rec = NULL;
	g_autofree gchar *day = td_test_day_at(7, 0);

	g_unlink(config->journal_path);
	td_test_pg_ctl("stop");
	store = td_test_pg_open_kiosk_store(config);
	rec = td_test_store_checkin(store, day, "hash-early", NULL);
	g_assert_cmpstr(rec->queue_series, ==, "B");
	g_assert_cmpuint(rec->queue_number, ==, 1);
	td_test_pg_ctl("start");
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'B'"), ==, 1);
	/* a refusal (here: the queue's day is not a date) fails loudly */
	g_clear_pointer(&rec, td_checkin_record_free);
	rec = td_test_make_record("2024-13-45");
	g_assert_false(td_store_record_checkin(store, rec, NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_FAILED);
	g_assert_cmpuint(td_test_journal_state(store).waiting, ==, 0);
	g_assert_cmpint(td_test_journal_state(store).offline_since, ==, 0);
}

static TdStaffPinVerdict
pin_verdict(TdStore *store, const TdConfig *config, const gchar *pin)
{
	g_autoptr(GError) error = NULL;
	TdStaffPinVerdict verdict = TD_STAFF_PIN_WRONG;

	g_assert_true(td_staff_pin_verify(store, config, TD_STAFF_STATION_ID, pin, g_get_real_time() / G_USEC_PER_SEC,
					  &verdict, NULL, NULL, &error));
	g_assert_no_error(error);
	return verdict;
}

static void
assert_accounts(TdStore *store, const TdConfig *config, const gchar *names)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) accounts = td_staff_pin_accounts(store, config, &error);
	g_autoptr(GString) listed = g_string_new(NULL);

	g_assert_no_error(error);
	for (guint i = 0; i < accounts->len; i++) {
		TdStaffMember *member = g_ptr_array_index(accounts, i);
		g_string_append_printf(listed, "%s%s", i > 0 ? "," : "", member->name);
	}
	g_assert_cmpstr(listed->str, ==, names);
}

/* Staff log in to a kiosk that lost its server: the login lists the
 * station's account only (a person's PIN hash is on the server), the
 * station's PIN (in the kiosk's settings) opens the pages, and wrong PINs
 * are counted in the journal, so the lock-out holds offline too. Once the
 * server is back, the people's accounts are there again. */
static void
test_offline_staff_login(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_station_database("offline_login");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *as_manager = td_test_pg_conninfo_as(conninfo, "tiepdon_manager");
	g_autofree gchar *config_path = td_test_pg_kiosk_config(tmp_dir, "quay-l.conf", as_kiosk, "quay-l", "L");
	g_autofree gchar *pin_hash = td_staff_pin_hash("246802", &error);
	g_autoptr(TdConfig) config = td_test_load_config(config_path);
	g_autoptr(TdPgStore) manager = NULL;
	g_autoptr(TdStore) store = NULL;

	g_assert_no_error(error);
	g_assert_true(td_config_save_pin_hash(config, pin_hash, &error));
	g_assert_no_error(error);
	config->lockout_attempts = 3;
	manager = td_pg_store_new(as_manager, "manager", &error);
	g_assert_no_error(error);
	g_assert_true(td_store_add_staff(TD_STORE(manager), "Lan", pin_hash, NULL, &error));
	g_assert_no_error(error);
	g_clear_object(&manager);
	store = td_test_pg_open_kiosk_store(config);
	assert_accounts(store, config, TD_STAFF_STATION_NAME ",Lan");

	td_test_pg_ctl("stop");
	assert_accounts(store, config, TD_STAFF_STATION_NAME);
	g_assert_cmpint(td_test_journal_state(store).offline_since, >, 0);
	g_assert_cmpint(pin_verdict(store, config, "111111"), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(pin_verdict(store, config, "246802"), ==, TD_STAFF_PIN_OK);
	g_assert_cmpint(pin_verdict(store, config, "222222"), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(pin_verdict(store, config, "333333"), ==, TD_STAFF_PIN_WRONG);
	g_assert_cmpint(pin_verdict(store, config, "444444"), ==, TD_STAFF_PIN_LOCKED);
	/* locked: the right PIN too, until the window has passed */
	g_assert_cmpint(pin_verdict(store, config, "246802"), ==, TD_STAFF_PIN_LOCKED);

	td_test_pg_ctl("start");
	td_test_wait_journal_sent(store);
	assert_accounts(store, config, TD_STAFF_STATION_NAME ",Lan");
}

/* Issue #14: an outage across midnight, sent with the kiosk's own role.
 * The journal is filled by a kiosk whose server is a socket that is not
 * there, on the station's day; then the station's clock passes midnight
 * (its time zone moves from UTC-12 to UTC+14: 26 hours, a later day
 * whatever the hour) and a kiosk that reaches the database as
 * tiepdon_kiosk sends it. Yesterday's check-in arrives with its
 * exception and audit row, through the owner's function, though the
 * kiosk's row security lets it neither write nor read that day; the
 * journal put back as it was (a crash before its delete) adds nothing.
 * A check-in older than the days a journal may send is refused: it stays
 * in the journal, the kiosk is online again past it, and the doctor's
 * line says what was not sent. */
static void
test_offline_as_kiosk_role(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_station_database("offline_roles");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *as_owner = td_test_pg_conninfo_as(conninfo, "tiepdon_owner");
	g_autofree gchar *nowhere = g_strdup_printf("host=%s/no-server dbname=tiepdon", tmp_dir);
	g_autofree gchar *journal = g_build_filename(tmp_dir, "quay-c.journal", NULL);
	g_autofree gchar *snapshot = g_build_filename(tmp_dir, "quay-c.journal.before", NULL);
	g_autofree gchar *evening = td_test_day_at(-12, 0);
	g_autofree gchar *too_old = td_test_day_at(-12, -40);
	g_autofree gchar *morning = td_test_day_at(14, 0);
	g_autofree gchar *config_path = td_test_pg_kiosk_config(tmp_dir, "quay-c.conf", as_kiosk, "quay-c", "C");
	g_autofree gchar *message = NULL;
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	g_autoptr(TdCheckinRecord) rec = NULL;
	g_autoptr(TdCheckinRecord) stale = NULL;
	g_autoptr(TdCheckinRecord) online = NULL;

	td_test_pg_exec(as_owner, "UPDATE station_settings SET time_zone = 'Etc/GMT+12'");
	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(nowhere, journal, "quay-c", "C");
		stale = td_test_store_checkin(TD_STORE(store), too_old, "hash-stale", NULL);
		exc->reason = g_strdup("card-forged");
		exc->full_name = g_strdup("Trần Thị Bích");
		rec = td_test_store_checkin(TD_STORE(store), evening, "hash-evening", exc);
		g_assert_cmpstr(rec->queue_series, ==, "C");
		g_assert_true(td_store_record_staff_action(TD_STORE(store), "patient-called-staff", exc->id, 0, NULL,
							   &error));
		g_assert_no_error(error);
		/* and an audit row of the kiosk's own */
		g_assert_true(td_store_record_staff_action_as(TD_STORE(store), TD_STAFF_STATION_ID, "pin-login", 0, 0,
							      NULL, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(td_test_journal_state(TD_STORE(store)).actions_waiting, ==, 1);
	}
	td_test_copy_file(journal, snapshot);
	/* midnight passes at the station */
	td_test_pg_exec(as_owner, "UPDATE station_settings SET time_zone = 'Etc/GMT-14'");
	g_assert_cmpint(td_test_pg_count(as_kiosk, "SELECT count(*) FROM checkins"), ==, 0);
	for (guint run = 0; run < 2; run++) {
		if (run == 1) /* the crash: the journal as it was before sending */
			td_test_copy_file(snapshot, journal);
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(as_kiosk, journal, "quay-c", "C");
		td_test_wait_journal_sent_but(TD_STORE(store), 1);
		/* online: the station's sequence, on its new day */
		online = td_test_store_checkin(TD_STORE(store), morning, run == 0 ? "hash-morning" : "hash-later", NULL);
		g_assert_cmpstr(online->queue_series, ==, "");
		g_assert_cmpuint(online->queue_number, ==, run + 1);
		g_clear_pointer(&online, td_checkin_record_free);
	}
	g_assert_false(td_test_doctor_line(config_path, "database", &message));
	g_assert_nonnull(strstr(message, "1 check-in of the offline journal not sent, from "));
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE id_hash = 'hash-stale'"), ==, 0);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'C' AND origin IS NOT NULL"
					   " AND kiosk_id = 'quay-c' AND id_hash = 'hash-evening' AND day < tiepdon_today()"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM exceptions e JOIN checkins c ON c.id = e.checkin_id"
					   " WHERE c.queue_series = 'C' AND e.full_name = 'Trần Thị Bích'"
					   " AND e.kiosk_id = 'quay-c'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM staff_actions a JOIN exceptions e ON e.id = a.exception_id"
					   " JOIN checkins c ON c.id = e.checkin_id"
					   " WHERE c.queue_series = 'C' AND a.action = 'patient-called-staff'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM staff_actions WHERE action = 'pin-login'"
					   " AND kiosk_id = 'quay-c' AND origin LIKE 'quay-c:%' AND staff_id = "
					   G_STRINGIFY(TD_STAFF_STATION_ID) " AND checkin_id IS NULL AND exception_id IS NULL"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins"), ==, 3);
	/* the kiosk sees today's only: not yesterday's it sent, nor its
	 * exception's personal data */
	g_assert_cmpint(td_test_pg_count(as_kiosk, "SELECT count(*) FROM checkins"), ==, 2);
	g_assert_cmpint(td_test_pg_count(as_kiosk, "SELECT count(*) FROM exceptions"), ==, 0);
	/* and the function takes only what a journal sends */
	td_test_pg_assert_refused(as_kiosk,
		       "SELECT tiepdon_receive_journaled('{\"day\": \"2020-01-01\", \"origin\": \"x\","
		       " \"queue_series\": \"C\"}', '[]', '[]')",
		       "42501");
	td_test_pg_assert_refused(as_kiosk,
		       "SELECT tiepdon_receive_journaled(jsonb_build_object('day', tiepdon_today(), 'origin', 'x'),"
		       " '[]', '[]')",
		       "23514");
	td_test_pg_assert_refused(as_kiosk,
		       "SELECT tiepdon_receive_journaled_action('{\"time_unix\": 0, \"origin\": \"quay-c:x\","
		       " \"kiosk_id\": \"quay-c\", \"action\": \"quit\"}')",
		       "42501");
	td_test_pg_assert_refused(as_kiosk,
		       "SELECT tiepdon_receive_journaled_action(jsonb_build_object('time_unix', tiepdon_today_start(),"
		       " 'kiosk_id', 'quay-c', 'action', 'quit'))",
		       "23514");
	/* schema 6's function, which schema 7's calls, is not the kiosk's */
	td_test_pg_assert_refused(as_kiosk, "SELECT tiepdon_insert_journaled('{}', '[]', '[]')", "42501");
}


/* The reception PC (the tiepdon_staff role) in an outage: a patient
 * without a card gets its offline number, the login is kept; once the
 * database answers again both arrive, through the same functions as a
 * kiosk's journal (before, the staff role might not call them, and the
 * PC's journal could never be sent). */
static void
test_offline_reception_pc(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_station_database("offline_pc");
	g_autofree gchar *as_staff = td_test_pg_conninfo_as(conninfo, "tiepdon_staff");
	g_autofree gchar *as_owner = td_test_pg_conninfo_as(conninfo, "tiepdon_owner");
	g_autofree gchar *nowhere = g_strdup_printf("host=%s/no-server dbname=tiepdon", tmp_dir);
	g_autofree gchar *journal = g_build_filename(tmp_dir, "quay-le-tan.journal", NULL);
	g_autofree gchar *today = td_test_day_at(0, 0);
	g_autoptr(TdCheckinRecord) walk_in = NULL;

	td_test_pg_exec(as_owner, "UPDATE station_settings SET time_zone = 'UTC'");
	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(nowhere, journal, "quay-le-tan", "R");
		walk_in = td_test_make_record(today);
		walk_in->card_verdict = TD_CARD_VERDICT_NO_CARD;
		g_assert_true(td_store_record_checkin(TD_STORE(store), walk_in, NULL, &error));
		g_assert_no_error(error);
		g_assert_cmpstr(walk_in->queue_series, ==, "R");
		g_assert_true(td_store_record_staff_action_as(TD_STORE(store), TD_STAFF_STATION_ID, "pin-login", 0, 0,
							      NULL, &error));
		g_assert_no_error(error);
	}
	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(as_staff, journal, "quay-le-tan", "R");
		td_test_wait_journal_sent(TD_STORE(store));
	}
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'R'"
					   " AND card_verdict = 'no-card' AND kiosk_id = 'quay-le-tan'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM staff_actions WHERE action = 'pin-login'"
					   " AND kiosk_id = 'quay-le-tan'"),
			==, 1);
	/* but a card's verdict, and a case, stay the kiosk's word, through
	 * the journal's functions too (they insert as the owner): before
	 * schema 9 the PC's role could add a "genuine" check-in there */
	td_test_pg_assert_refused(
	    as_staff,
	    "SELECT tiepdon_receive_journaled(jsonb_build_object('day', tiepdon_today(), 'origin', 'quay-le-tan:x',"
	    " 'queue_series', 'R', 'queue_number', 90, 'time_unix', 1, 'card_verdict', 'genuine', 'eligibility',"
	    " 'eligible', 'vneid', 'not-asked', 'outcome', 'checked-in', 'kiosk_id', 'quay-le-tan'), '[]', '[]')",
	    "42501");
	td_test_pg_assert_refused(
	    as_staff,
	    "SELECT tiepdon_receive_journaled(jsonb_build_object('day', tiepdon_today(), 'origin', 'quay-le-tan:y',"
	    " 'queue_series', 'R', 'queue_number', 91, 'time_unix', 1, 'card_verdict', 'no-card', 'eligibility',"
	    " 'not-checked', 'vneid', 'not-asked', 'outcome', 'see-staff', 'kiosk_id', 'quay-le-tan'),"
	    " '[{\"created_unix\": 1, \"reason\": \"card-forged\"}]', '[]')",
	    "42501");
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_number >= 90"), ==, 0);
}

/* ---- offline letters: one per kiosk ---- */

/* Two kiosks of a station on one offline letter would both hand out
 * B-001 in an outage. The first to open the database (as tiepdon_kiosk)
 * holds the letter; the second is refused as bad settings, by the store
 * every writer opens and by the `tiepdon` command (exit 3, the setting
 * named), and its doctor says whose letter it is. Once the first takes
 * another letter, B is free and the second opens. */
static void
test_offline_letters(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_station_database("letters");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *first_path = td_test_pg_kiosk_config(tmp_dir, "letters-1.conf", as_kiosk, "quay-1", "B");
	g_autofree gchar *second_path = td_test_pg_kiosk_config(tmp_dir, "letters-2.conf", as_kiosk, "quay-2", "B");
	g_autofree gchar *message = NULL;
	g_autoptr(TdConfig) first = NULL;
	g_autoptr(TdConfig) second = NULL;
	g_autoptr(TdStore) store = NULL;
	g_auto(TdTiepdonRun) run = {0};

	first = td_test_load_config(first_path);
	second = td_test_load_config(second_path);
	store = td_test_pg_open_kiosk_store(first);
	g_clear_object(&store);
	/* opened again, the same kiosk keeps its letter */
	store = td_test_pg_open_kiosk_store(first);
	g_clear_object(&store);

	g_assert_null(td_store_open_configured(second, TD_STORE_OPEN_WRITABLE, &error));
	g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
	g_assert_nonnull(strstr(error->message, "offline-letter=B is kiosk quay-1's already"));
	g_clear_error(&error);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "resolve", "--config", second_path, "1",
				       "self-pay", NULL),
			==, 3);
	g_assert_nonnull(strstr(run.err, second_path));
	g_assert_nonnull(strstr(run.err, "[station] offline-letter=B is kiosk quay-1's already"));
	g_assert_false(td_test_doctor_line(second_path, "database", &message));
	g_assert_nonnull(strstr(message, "offline letter B is kiosk quay-1's too"));
	g_clear_pointer(&message, g_free);
	g_assert_true(td_test_doctor_line(first_path, "database", &message));
	g_clear_pointer(&message, g_free);

	/* the first kiosk takes C: B is free */
	g_free(first_path);
	first_path = td_test_pg_kiosk_config(tmp_dir, "letters-1.conf", as_kiosk, "quay-1", "C");
	g_clear_pointer(&first, td_config_free);
	first = td_test_load_config(first_path);
	store = td_test_pg_open_kiosk_store(first);
	g_clear_object(&store);
	store = td_test_pg_open_kiosk_store(second);
	g_clear_object(&store);
	g_assert_true(td_test_doctor_line(second_path, "database", &message));
	g_clear_pointer(&message, g_free);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM offline_letters"), ==, 2);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM offline_letters WHERE letter = 'B'"
					   " AND kiosk_id = 'quay-2'"),
			==, 1);
}

/* The offline letter's holder on the server, read as the doctor does. */
static gchar *
letter_holder(const gchar *conninfo, const gchar *letter)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPgStore) server = td_pg_store_new(conninfo, "reader", &error);
	gchar *holder = NULL;

	g_assert_no_error(error);
	g_assert_true(td_pg_store_get_offline_letter_holder(server, letter, &holder, &error));
	g_assert_no_error(error);
	return holder;
}

/* A kiosk that started with the server out of reach could not claim its
 * letter: it does when the server answers, before its journal is sent.
 * A second kiosk on a letter the first holds, started offline too, the
 * same day: both printed K-001. Its journal is sent all the same (its own
 * origins, nothing lost; before schema 11 the day's unique series and
 * number refused it for good, its case never reaching reception), the
 * log warns naming both kiosks and the setting, and its state (the staff
 * console's offline line) and doctor name the holder. */
static void
test_offline_letter_claimed_later(void)
{
	g_autofree gchar *conninfo = td_test_pg_station_database("letter_later");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *first_path = td_test_pg_kiosk_config(tmp_dir, "later-1.conf", as_kiosk, "quay-k", "K");
	g_autofree gchar *second_path = td_test_pg_kiosk_config(tmp_dir, "later-2.conf", as_kiosk, "quay-m", "K");
	g_autofree gchar *day = td_test_day_at(7, 0);
	g_autofree gchar *holder = NULL;
	g_autofree gchar *message = NULL;
	g_autoptr(TdConfig) first = td_test_load_config(first_path);
	g_autoptr(TdConfig) second = td_test_load_config(second_path);
	g_autoptr(TdCheckinRecord) rec = NULL;
	g_autoptr(TdStore) store = NULL;
	TdJournalState state;

	td_test_pg_ctl("stop");
	store = td_test_pg_open_kiosk_store(first);
	rec = td_test_store_checkin(store, day, "hash-k", NULL);
	g_assert_cmpstr(rec->queue_series, ==, "K");
	td_test_pg_ctl("start");
	td_test_wait_journal_sent(store);
	holder = letter_holder(conninfo, "K");
	g_assert_cmpstr(holder, ==, "quay-k");
	g_clear_pointer(&holder, g_free);
	g_assert_cmpstr(td_test_journal_state(store).letter_holder, ==, "");
	g_clear_object(&store);
	g_clear_pointer(&rec, td_checkin_record_free);

	td_test_pg_ctl("stop");
	store = td_test_pg_open_kiosk_store(second);
	rec = td_test_store_checkin(store, day, "hash-m", NULL);
	g_assert_cmpstr(rec->queue_series, ==, "K");
	g_assert_cmpuint(rec->queue_number, ==, 1);
	td_test_expect_warning("[station] offline-letter=K is kiosk quay-k's already, and kiosk quay-m numbers*");
	td_test_pg_ctl("start");
	td_test_wait_journal_sent(store);
	td_test_assert_warning_seen();
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'K'"
					   " AND kiosk_id = 'quay-m' AND id_hash = 'hash-m'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE queue_series = 'K'"
					   " AND queue_number = 1 AND day = tiepdon_today()"),
			==, 2);
	state = td_test_journal_state(store);
	g_assert_cmpuint(state.waiting, ==, 0);
	g_assert_cmpstr(state.letter, ==, "K");
	g_assert_cmpstr(state.letter_holder, ==, "quay-k");
	holder = letter_holder(conninfo, "K");
	g_assert_cmpstr(holder, ==, "quay-k");
	g_assert_false(td_test_doctor_line(second_path, "database", &message));
	g_assert_nonnull(strstr(message, "offline letter K is kiosk quay-k's too"));
}

/* ---- the clocks the doctor reads ---- */

/* The doctor of a kiosk runs with TZ set: the kiosk's day by it; the
 * line's effect on check-ins in *effect (may be NULL). */
static gboolean
doctor_clock_line_in(const gchar *config_path, const gchar *tz, gchar **message, gchar **effect)
{
	g_autofree gchar *tz_env = g_strconcat("TZ=", tz, NULL);
	const gchar *const env[] = {tz_env, NULL};

	return td_test_doctor_line_effect(config_path, env, "clock", message, effect);
}

/* A kiosk whose time zone is not the station's has every check-in
 * refused by its role's row security (the station's today is not its
 * day): the doctor's clock line says so, naming both days, and is
 * content once the kiosk's day is the station's. The station is at
 * UTC+14 and the kiosk first at UTC-12: 26 hours apart, another day
 * whatever the hour. */
static void
test_doctor_clock(void)
{
	g_autofree gchar *conninfo = td_test_pg_station_database("clock");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *as_owner = td_test_pg_conninfo_as(conninfo, "tiepdon_owner");
	g_autofree gchar *path = td_test_pg_kiosk_config(tmp_dir, "clock.conf", as_kiosk, "quay-t", "T");
	g_autofree gchar *kiosk_day = td_test_day_at(-12, 0);
	g_autofree gchar *station_day = td_test_day_at(14, 0);
	g_autofree gchar *message = NULL;
	g_autofree gchar *effect = NULL;

	td_test_pg_exec(as_owner, "UPDATE station_settings SET time_zone = 'Etc/GMT-14'");
	g_assert_false(doctor_clock_line_in(path, "Etc/GMT+12", &message, &effect));
	g_assert_nonnull(strstr(message, kiosk_day));
	g_assert_nonnull(strstr(message, station_day));
	g_assert_nonnull(strstr(message, "time zone"));
	/* nothing stored: the staff's health page says check-in stopped */
	g_assert_cmpstr(effect, ==, "not-stored");
	g_clear_pointer(&message, g_free);
	g_assert_true(doctor_clock_line_in(path, "Etc/GMT-14", &message, NULL));
	g_assert_nonnull(strstr(message, "as on the database server"));
}

/* The kiosk's clock 10 minutes ahead of the database server's, on the
 * same day: the doctor (the built program, its clock moved by Debian's
 * libfaketime, which the test needs: a missing one fails it) says how far
 * off, and is content with the true clock. The station and the kiosk are
 * put where it is about noon now, so the 10 minutes never cross midnight.
 * Under ASan, libfaketime's first clock_gettime (dlsym, malloc) comes
 * from inside ASan's allocator, which then waits on itself: the
 * allocator's release to the OS, the only caller of the clock there, is
 * turned off for the doctor. */
static void
test_doctor_clock_skew(void)
{
	g_autofree gchar *conninfo = td_test_pg_station_database("clock_skew");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *as_owner = td_test_pg_conninfo_as(conninfo, "tiepdon_owner");
	g_autofree gchar *path = td_test_pg_kiosk_config(tmp_dir, "skew.conf", as_kiosk, "quay-s", "S");
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	/* Etc/GMT-N is UTC+N */
	g_autofree gchar *zone = g_strdup_printf("Etc/GMT%+d", g_date_time_get_hour(now) - 12);
	g_autofree gchar *set_zone = g_strdup_printf("UPDATE station_settings SET time_zone = '%s'", zone);
	g_autofree gchar *tz_env = g_strconcat("TZ=", zone, NULL);
	g_autofree gchar *preload = g_strconcat("LD_PRELOAD=", TD_FAKETIME_LIB, NULL);
	g_autofree gchar *asan = g_strdup_printf("ASAN_OPTIONS=%s%sallocator_release_to_os_interval_ms=-1",
						 g_getenv("ASAN_OPTIONS") != NULL ? g_getenv("ASAN_OPTIONS") : "",
						 g_getenv("ASAN_OPTIONS") != NULL ? ":" : "");
	const gchar *const ahead[] = {tz_env, preload, "FAKETIME=+10m", asan, NULL};
	g_autofree gchar *message = NULL;
	const gchar *off;
	gdouble seconds;

	if (!g_file_test(TD_FAKETIME_LIB, G_FILE_TEST_EXISTS))
		g_error("%s is missing: install libfaketime (.ci/install-build-deps.sh)", TD_FAKETIME_LIB);
	td_test_pg_exec(as_owner, set_zone);
	g_assert_false(td_test_doctor_line_env(path, ahead, "clock", &message));
	off = strstr(message, "the kiosk's clock is ");
	g_assert_nonnull(off);
	seconds = g_ascii_strtod(off + strlen("the kiosk's clock is "), NULL);
	g_assert_cmpfloat(seconds, >=, 590);
	g_assert_cmpfloat(seconds, <=, 610);
	g_assert_nonnull(strstr(message, " s off the database server's"));
	g_clear_pointer(&message, g_free);
	g_assert_true(doctor_clock_line_in(path, zone, &message, NULL));
	g_assert_nonnull(strstr(message, "as on the database server"));
	g_clear_pointer(&message, g_free);

	/* a month and more ahead: the day's patient is 0 days old to the
	 * station (the purge erases by its clock), not 40 days, and the
	 * personal data line does not call for a purge that has run */
	{
		const gchar *const month_ahead[] = {tz_env, preload, "FAKETIME=+40d", asan, NULL};
		g_autoptr(TdConfig) config = td_test_load_config(path);
		g_autoptr(TdStore) store = td_test_pg_open_kiosk_store(config);
		g_autoptr(TdCheckinRecord) rec = NULL;
		g_autofree gchar *station_day = td_test_pg_query_value(as_owner, "SELECT tiepdon_today()::text");

		rec = td_test_store_checkin(store, station_day, "hash-skew", NULL);
		g_assert_true(td_test_doctor_line_env(path, month_ahead, "personal data", &message));
		g_assert_nonnull(strstr(message, "oldest personal record 0 days old"));
	}
}

/* ---- a server that does not answer ---- */

/* The server gone away behind a live network (it takes connections and
 * never answers): the call that finds out waits out its connect timeout;
 * the calls right after it fail at once (UNREACHABLE) without trying
 * again, as a staff console's queued calls must; once as long again has
 * passed, a call tries again, and finds the server back. */
static void
test_not_answering(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("silent");
	g_autoptr(TdPgStore) store = td_pg_store_new(conninfo, "reception", &error);
	g_autoptr(GPtrArray) open = NULL;
	TdTestPgSilent *silent;
	gint64 start, waited;

	g_assert_no_error(error);
	silent = td_test_pg_silent_start();
	start = g_get_monotonic_time();
	g_assert_null(td_store_list_exceptions(TD_STORE(store), NULL, TRUE, &error));
	waited = g_get_monotonic_time() - start;
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE);
	g_clear_error(&error);
	g_assert_cmpuint(td_test_pg_silent_count_connections(silent), ==, 1);
	g_test_message("a connect to a server that does not answer: given up after %.1f s", waited / 1e6);

	for (guint i = 0; i < 3; i++) {
		g_assert_null(td_store_list_exceptions(TD_STORE(store), NULL, TRUE, &error));
		g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE);
		g_clear_error(&error);
	}
	g_assert_cmpuint(td_test_pg_silent_count_connections(silent), ==, 1);

	td_test_pg_silent_stop(silent);
	g_usleep(waited + G_USEC_PER_SEC / 2);
	open = td_store_list_exceptions(TD_STORE(store), NULL, TRUE, &error);
	g_assert_no_error(error);
	g_assert_nonnull(open);
}

/* ---- what the journal keeps of check-ins the server has ---- */

/* The patient's VNeID answer comes seconds after the number: a server
 * gone away meanwhile took it with it (the journal kept only what
 * followed a journaled check-in; the answer was logged and lost, the
 * day's integration figures short of it). Now it waits in the journal,
 * the last answer for the check-in counting, and reaches the server's
 * row once it answers. */
static void
test_offline_answer_to_online_checkin(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("offline_answer");
	g_autofree gchar *config_path = td_test_pg_kiosk_config(tmp_dir, "quay-v.conf", conninfo, "quay-v", "V");
	g_autoptr(TdConfig) config = td_test_load_config(config_path);
	g_autofree gchar *day = td_test_day_at(7, 0);
	g_autoptr(TdStore) store = td_test_pg_open_kiosk_store(config);
	g_autoptr(TdCheckinRecord) online = td_test_store_checkin(store, day, "hash-answer", NULL);

	g_assert_cmpint(online->id, >, 0);
	td_test_pg_ctl("stop");
	g_assert_true(td_store_set_vneid_answer(store, online->id, TD_VNEID_NO_SMARTPHONE, &error));
	g_assert_no_error(error);
	/* answered again before the server is back: the last answer counts */
	g_assert_true(td_store_set_vneid_answer(store, online->id, TD_VNEID_NOT_YET, &error));
	g_assert_no_error(error);
	g_assert_cmpint(td_test_journal_state(store).offline_since, >, 0);
	/* the ticket did not print (td-checkin-kiosk.c writes this row): the
	 * audit trail keeps it through the outage too, about its check-in */
	g_assert_true(td_store_record_staff_action(store, "ticket-not-printed", 0, online->id, "V-7", &error));
	g_assert_no_error(error);
	g_assert_cmpuint(td_test_journal_state(store).answers_waiting, ==, 1);
	g_assert_cmpuint(td_test_journal_state(store).actions_waiting, ==, 1);
	/* and the doctor says both wait */
	{
		g_autofree gchar *message = NULL;
		g_assert_false(td_test_doctor_line(config_path, "database", &message));
		g_assert_nonnull(strstr(message, "; 1 audit row of the offline journal not sent"));
		g_assert_nonnull(strstr(message, "; 1 VNeID answer of the offline journal not sent"));
	}

	td_test_pg_ctl("start");
	td_test_wait_journal_sent(store);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM staff_actions a JOIN checkins c ON c.id = a.checkin_id"
					   " WHERE c.id_hash = 'hash-answer' AND a.action = 'ticket-not-printed'"
					   " AND a.note = 'V-7' AND a.kiosk_id = 'quay-v' AND a.origin LIKE 'quay-v:%'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM staff_actions"), ==, 1);
	g_assert_cmpuint(td_test_journal_state(store).answers_waiting, ==, 0);
	g_assert_cmpuint(td_test_journal_state(store).actions_waiting, ==, 0);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE id_hash = 'hash-answer'"
					   " AND vneid = 'not-yet'"),
			==, 1);
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins"), ==, 1);
}

/* The evening's last patient answers the VNeID question while the
 * server is out of reach, and it comes back after midnight. The kiosk's
 * role no longer sees that check-in (row security: today's only), and the
 * answer was logged and dropped, the evening's integration figures short
 * of it. It reaches the row through the owner's function. The station is
 * first at UTC-12 and then at UTC+14, as in test_offline_as_kiosk_role. */
static void
test_offline_answer_after_midnight(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_station_database("answer_midnight");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *as_owner = td_test_pg_conninfo_as(conninfo, "tiepdon_owner");
	g_autofree gchar *nowhere = g_strdup_printf("host=%s/no-server dbname=tiepdon", tmp_dir);
	g_autofree gchar *journal = g_build_filename(tmp_dir, "quay-w.journal", NULL);
	g_autofree gchar *evening = td_test_day_at(-12, 0);
	g_autoptr(TdCheckinRecord) online = NULL;

	td_test_pg_exec(as_owner, "UPDATE station_settings SET time_zone = 'Etc/GMT+12'");
	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(as_kiosk, journal, "quay-w", "W");
		online = td_test_store_checkin(TD_STORE(store), evening, "hash-evening", NULL);
		g_assert_cmpstr(online->queue_series, ==, "");
	}
	/* the answer, with the server out of reach */
	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(nowhere, journal, "quay-w", "W");
		g_assert_true(td_store_set_vneid_answer(TD_STORE(store), online->id, TD_VNEID_INTEGRATED, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(td_test_journal_state(TD_STORE(store)).answers_waiting, ==, 1);
	}
	/* midnight passes at the station; the server answers again */
	td_test_pg_exec(as_owner, "UPDATE station_settings SET time_zone = 'Etc/GMT-14'");
	g_assert_cmpint(td_test_pg_count(as_kiosk, "SELECT count(*) FROM checkins"), ==, 0);
	{
		g_autoptr(TdJournaledStore) store = td_test_pg_open_journaled(as_kiosk, journal, "quay-w", "W");
		td_test_wait_journal_sent(TD_STORE(store));
		g_assert_cmpuint(td_test_journal_state(TD_STORE(store)).answers_waiting, ==, 0);
	}
	g_assert_cmpint(td_test_pg_count(conninfo, "SELECT count(*) FROM checkins WHERE id_hash = 'hash-evening'"
					   " AND vneid = 'integrated' AND day < tiepdon_today()"),
			==, 1);
}

typedef struct {
	TdStore *store;
	gchar *day;
	TdCheckinRecord *record;
	gint done; /* atomic */
} TdWaitingCheckin;

static gpointer
waiting_checkin_run(gpointer data)
{
	TdWaitingCheckin *w = data;

	w->record = td_test_store_checkin(w->store, w->day, "hash-kiosk-b", NULL);
	g_atomic_int_set(&w->done, 1);
	return NULL;
}

/* ---- a kiosk gone silent ---- */

/* A kiosk that loses its power or its network inside a check-in's
 * transaction (here: a connection made as a kiosk's store makes it,
 * that took the day's next number and went silent) left the day's queue
 * counter locked on the server until its TCP keepalive found it gone,
 * about two hours: every other kiosk's check-in waited on the lock
 * (holding its store, so its journal did not step in), and their patients
 * were sent to staff without a number. The server ends the silent
 * transaction after a few seconds; kiosk B's check-in goes through. */
static void
test_silent_kiosk_holds_no_lock(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_station_database("silent_lock");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autoptr(TdPgStore) store = td_pg_store_new(as_kiosk, "quay-b", &error);
	TdWaitingCheckin waiting = {0};
	g_autoptr(GThread) thread = NULL;
	PGconn *silent;
	PGresult *result;
	gint64 start, deadline;

	g_assert_no_error(error);
	silent = td_pg_store_connect_as_kiosk(as_kiosk, "quay-a");
	g_assert_cmpint(PQstatus(silent), ==, CONNECTION_OK);
	result = PQexec(silent, "BEGIN; INSERT INTO queue_counters AS q (day, last) VALUES (tiepdon_today(), 1)"
				" ON CONFLICT (day) DO UPDATE SET last = q.last + 1");
	g_assert_cmpint(PQresultStatus(result), ==, PGRES_COMMAND_OK);
	PQclear(result);

	waiting.store = TD_STORE(store);
	/* the station's day (Asia/Ho_Chi_Minh, the schema's default), the
	 * counter row the silent connection holds */
	waiting.day = td_test_day_at(7, 0);
	start = g_get_monotonic_time();
	thread = g_thread_new("kiosk-b", waiting_checkin_run, &waiting);
	/* generous for a loaded machine: without the session option it
	 * waits for hours */
	deadline = start + 60 * G_USEC_PER_SEC;
	while (!g_atomic_int_get(&waiting.done) && g_get_monotonic_time() < deadline)
		g_usleep(G_USEC_PER_SEC / 10);
	if (!g_atomic_int_get(&waiting.done))
		g_error("kiosk B still waits on the silent kiosk's lock after 60 s");
	g_thread_join(g_steal_pointer(&thread));
	g_test_message("kiosk B waited %.1f s for the silent kiosk's lock", (g_get_monotonic_time() - start) / 1e6);
	/* it did wait on that lock (the server ends the silent transaction
	 * 5 s after its last statement): else the test proves nothing */
	g_assert_cmpint(g_get_monotonic_time() - start, >=, 3 * G_USEC_PER_SEC);
	g_assert_nonnull(waiting.record);
	/* the silent kiosk's number was never given: B's is the day's first */
	g_assert_cmpuint(waiting.record->queue_number, ==, 1);
	/* and the silent kiosk's session was ended */
	result = PQexec(silent, "COMMIT");
	g_assert_cmpint(PQresultStatus(result), !=, PGRES_COMMAND_OK);
	PQclear(result);
	PQfinish(silent);
	td_checkin_record_free(waiting.record);
	g_free(waiting.day);
}

int
main(int argc, char **argv)
{
	tmp_dir = td_test_pg_init(&argc, &argv, "td-pg-offline-XXXXXX");
	if (tmp_dir == NULL)
		return 77;
	g_test_add_func("/pg-offline/journal", test_offline_journal);
	g_test_add_func("/pg-offline/start", test_offline_start);
	g_test_add_func("/pg-offline/staff-login", test_offline_staff_login);
	g_test_add_func("/pg-offline/as-kiosk-role", test_offline_as_kiosk_role);
	g_test_add_func("/pg-offline/reception-pc", test_offline_reception_pc);
	g_test_add_func("/pg-offline/letters", test_offline_letters);
	g_test_add_func("/pg-offline/letter-claimed-later", test_offline_letter_claimed_later);
	g_test_add_func("/pg-offline/doctor-clock", test_doctor_clock);
	g_test_add_func("/pg-offline/doctor-clock-skew", test_doctor_clock_skew);
	g_test_add_func("/pg-offline/not-answering", test_not_answering);
	g_test_add_func("/pg-offline/silent-kiosk-holds-no-lock", test_silent_kiosk_holds_no_lock);
	g_test_add_func("/pg-offline/answer-to-online-checkin", test_offline_answer_to_online_checkin);
	g_test_add_func("/pg-offline/answer-after-midnight", test_offline_answer_after_midnight);
	return td_test_run_and_remove(tmp_dir);
}
