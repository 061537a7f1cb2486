/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What only the PostgreSQL store has: its migrations, the roles `tiepdon
 * db init` sets up (tried through real connections as each role), the
 * change token, the commands on settings with url=, errors that quote no
 * row, and four kiosk processes checking in at once while they are
 * killed. Runs under tests/with-private-postgres.sh; what every engine
 * must do is in test-store.c (its /store/postgres/ tests), a kiosk whose
 * server cannot be reached in test-pg-offline.c, the URL policy (no
 * server needed) in test-pg-url.c. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <signal.h>
#include <string.h>

#include "td-config.h"
#include "td-journaled-store.h"
#include "td-staff-pin.h"
#include "td-pg-store.h"
#include "td-store-open.h"
#include "td-report-send.h"
#include "td-test-kiosk.h"
#include "td-test-log.h"
#include "td-test-postgres.h"

#define KIOSKS		  4
#define CHECKINS_PER_KIOSK 250

static gchar *tmp_dir;


/* The day as the station sees it: the tests set the station's time zone
 * to UTC. */
static gchar *
today_utc(gint offset_days)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autoptr(GDateTime) then = g_date_time_add_days(now, offset_days);
	return g_date_time_format(then, "%Y-%m-%d");
}

/* SQL that the role must not be allowed to run: the server says
 * "permission denied" (42501), or "must be owner" (also 42501). */
static void
assert_denied(const gchar *conninfo, const gchar *sql)
{
	td_test_pg_assert_refused(conninfo, sql, "42501");
}

/* Schema 1 (the SQLite tables) → 2 (kiosk ids, counters) → 3 (staff
 * accounts): rows kept, the counter goes on from the numbers already
 * given, what staff did before accounts is the station's account's, what
 * the kiosk did itself nobody's; a newer schema is refused and left
 * alone. */
static void
test_migrations(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("migrate");
	g_autoptr(TdPgStore) v1 = td_pg_store_new_at_version(conninfo, "kiosk-a", 1, &error);
	g_autoptr(TdPgStore) v2 = NULL;
	g_autoptr(TdCheckinRecord) rec = NULL;
	g_autofree gchar *version = NULL;
	g_autofree gchar *kiosk = NULL;

	g_assert_no_error(error);
	g_assert_cmpuint(td_pg_store_get_schema_version(v1), ==, 1);
	for (guint i = 1; i <= 2; i++) {
		g_autoptr(TdCheckinRecord) old = td_test_make_record("2024-03-01");
		g_assert_true(td_store_record_checkin(TD_STORE(v1), old, NULL, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(old->queue_number, ==, i);
	}
	/* the audit trail and a resolved case as schema 1 kept them */
	td_test_pg_exec(conninfo, "INSERT INTO staff_actions (time_unix, action, note) VALUES"
				  " (10, 'manual-checkin', NULL), (11, 'ticket-not-printed', NULL)");
	td_test_pg_exec(conninfo, "INSERT INTO exceptions (checkin_id, created_unix, reason, resolved, resolution)"
				  " SELECT id, 12, 'card-forged', true, 'self-pay' FROM checkins ORDER BY id LIMIT 1");
	g_clear_object(&v1);

	v2 = td_pg_store_new(conninfo, "kiosk-b", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(td_pg_store_get_schema_version(v2), ==, TD_PG_STORE_SCHEMA_VERSION);
	rec = td_test_make_record("2024-03-01");
	g_assert_true(td_store_record_checkin(TD_STORE(v2), rec, NULL, &error));
	g_assert_cmpuint(rec->queue_number, ==, 3);
	kiosk = td_test_pg_query_value(conninfo, "SELECT string_agg(COALESCE(kiosk_id, '-'), ',' ORDER BY id) FROM checkins");
	g_assert_cmpstr(kiosk, ==, "-,-,kiosk-b");
	version = td_test_pg_query_value(conninfo, "SELECT string_agg(version::text, ',') FROM schema_version");
	g_assert_cmpstr(version, ==, G_STRINGIFY(TD_PG_STORE_SCHEMA_VERSION));
	g_clear_pointer(&kiosk, g_free);
	kiosk = td_test_pg_query_value(conninfo, "SELECT string_agg(COALESCE(staff_id::text, '-'), ',' ORDER BY id)"
						 " FROM staff_actions");
	g_assert_cmpstr(kiosk, ==, G_STRINGIFY(TD_STAFF_STATION_ID) ",-");
	g_clear_pointer(&kiosk, g_free);
	kiosk = td_test_pg_query_value(conninfo, "SELECT s.name FROM exceptions e JOIN staff s ON s.id = e.resolved_by");
	g_assert_cmpstr(kiosk, ==, TD_STAFF_STATION_NAME);
	{
		/* the next account after the station's */
		gint64 id = 0;
		g_assert_true(td_store_add_staff(TD_STORE(v2), "Nguyễn Thị Lan", "hash", &id, &error));
		g_assert_no_error(error);
		g_assert_cmpint(id, ==, TD_STAFF_STATION_ID + 1);
		g_assert_false(td_store_add_staff(TD_STORE(v2), "Nguyễn Thị Lan", "hash", NULL, &error));
		g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
		g_clear_error(&error);
	}
	g_clear_object(&v2);

	td_test_pg_exec(conninfo, "UPDATE schema_version SET version = 99");
	v2 = td_pg_store_new(conninfo, "kiosk-b", &error);
	g_assert_null(v2);
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA);
	g_assert_nonnull(strstr(error->message, "newer"));
	g_clear_pointer(&version, g_free);
	version = td_test_pg_query_value(conninfo, "SELECT count(*) FROM checkins");
	g_assert_cmpstr(version, ==, "3");
}

/* tiepdon db init --apply, then each role through its own connection. */
static void
test_roles(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("roles");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *as_staff = td_test_pg_conninfo_as(conninfo, "tiepdon_staff");
	g_autofree gchar *as_manager = td_test_pg_conninfo_as(conninfo, "tiepdon_manager");
	g_autofree gchar *as_owner = td_test_pg_conninfo_as(conninfo, "tiepdon_owner");
	g_autofree gchar *today = today_utc(0);
	g_autofree gchar *yesterday = today_utc(-1);
	g_autofree gchar *sql = NULL;
	g_autofree gchar *old_id = NULL;
	g_autofree gchar *value = NULL;
	g_auto(TdTiepdonRun) run = {0};
	g_autoptr(TdPgStore) kiosk = NULL;
	g_autoptr(TdPgStore) staff = NULL;
	g_autoptr(TdPgStore) manager = NULL;
	g_autoptr(TdCheckinRecord) rec = NULL;
	g_autoptr(TdCheckinRecord) back = NULL;
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	g_autoptr(GPtrArray) days = NULL;
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gint64 when = 0;
	gint64 lan = 0;

	/* printed: the whole script; applied: as the superuser */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "db", "init", "--url", conninfo, NULL), ==, 0);
	g_assert_nonnull(strstr(run.out, "CREATE ROLE tiepdon_kiosk"));
	g_assert_nonnull(strstr(run.out, "CREATE POLICY kiosk_today ON checkins"));
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "db", "init", "--url", conninfo, "--apply", NULL), ==, 0);
	td_tiepdon_run_clear(&run);
	/* twice is harmless (a station re-runs it after an upgrade) */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "db", "init", "--url", conninfo, "--apply", NULL), ==, 0);
	value = td_test_pg_query_value(conninfo, "SELECT tableowner FROM pg_tables WHERE tablename = 'checkins'");
	g_assert_cmpstr(value, ==, "tiepdon_owner");
	g_clear_pointer(&value, g_free);
	td_test_pg_exec(as_owner, "UPDATE station_settings SET time_zone = 'UTC'");

	/* yesterday's patient, written by the owner (as a kiosk did then) */
	sql = g_strdup_printf("INSERT INTO checkins (time_unix, day, queue_number, card_verdict, eligibility, vneid,"
			      " outcome, id_hash, kiosk_id) VALUES (1000, '%s', 1, 'genuine', 'eligible',"
			      " 'integrated', 'checked-in', 'aa11', 'kiosk-1') RETURNING id",
			      yesterday);
	old_id = td_test_pg_query_value(as_owner, sql);

	/* the kiosk: checks in today, with an exception */
	kiosk = td_pg_store_new(as_kiosk, "kiosk-2", &error);
	g_assert_no_error(error);
	rec = td_test_make_record(today);
	rec->id_hash = g_strdup("aa11");
	rec->outcome = TD_OUTCOME_SEE_STAFF;
	exc->reason = g_strdup("card-forged");
	exc->full_name = g_strdup("TRẦN THỊ B");
	g_assert_true(td_store_record_checkin(TD_STORE(kiosk), rec, exc, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(rec->queue_number, ==, 1);
	/* it finds today's, and the VNeID answer of yesterday through the
	 * view, but not yesterday's check-in itself */
	back = td_store_find_checkin(TD_STORE(kiosk), today, "aa11", &error);
	g_assert_no_error(error);
	g_assert_nonnull(back);
	g_assert_true(td_store_last_vneid_answer(TD_STORE(kiosk), "aa11", &when, &answer, &error));
	g_assert_no_error(error);
	g_assert_cmpint(answer, ==, TD_VNEID_INTEGRATED);
	g_assert_cmpint(when, ==, 1000);
	g_assert_null(td_store_get_checkin(TD_STORE(kiosk), g_ascii_strtoll(old_id, NULL, 10), &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);
	g_assert_null(td_store_find_checkin(TD_STORE(kiosk), yesterday, "aa11", &error));
	g_assert_no_error(error);
	value = td_test_pg_query_value(as_kiosk, "SELECT count(*) FROM checkins");
	g_assert_cmpstr(value, ==, "1");
	g_clear_pointer(&value, g_free);
	/* nor may it write another day's */
	{
		g_autoptr(TdCheckinRecord) other_day = td_test_make_record(yesterday);
		g_assert_false(td_store_record_checkin(TD_STORE(kiosk), other_day, NULL, &error));
		g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION);
		g_clear_error(&error);
	}
	assert_denied(as_kiosk, "DELETE FROM checkins");
	assert_denied(as_kiosk, "DELETE FROM exceptions");
	assert_denied(as_kiosk, "UPDATE checkins SET id_hash = NULL");
	assert_denied(as_kiosk, "DROP TABLE checkins");
	assert_denied(as_kiosk, "ALTER TABLE checkins ADD COLUMN x integer");
	assert_denied(as_kiosk, "CREATE TABLE mine (x integer)");
	assert_denied(as_kiosk, "TRUNCATE staff_actions");
	/* the function that takes a journal's earlier days is the kiosk's
	 * and the reception PC's (test-pg-offline.c); the manager journals
	 * nothing */
	assert_denied(as_manager, "SELECT tiepdon_receive_journaled('{}', '[]', '[]')");
	assert_denied(as_manager, "SELECT tiepdon_receive_journaled_action('{}')");
	assert_denied(as_manager, "SELECT tiepdon_fill_journaled_vneid(1, 'kiosk-1', 'integrated')");
	/* what the owner's functions take from a kiosk of an earlier day: a
	 * patient's VNeID answer, not the desk's "assisted"; an audit row
	 * about a check-in and case that exist and belong together, and not
	 * one that would set an answer without it */
	{
		g_autofree gchar *fill = g_strdup_printf("SELECT tiepdon_fill_journaled_vneid(%s, 'kiosk-1', 'assisted')",
							 old_id);
		g_autofree gchar *answer_row = g_strdup_printf(
		    "SELECT tiepdon_receive_journaled_action('{\"origin\": \"kiosk-2:a1\", \"kiosk_id\": \"kiosk-2\","
		    " \"time_unix\": %" G_GINT64_FORMAT ", \"action\": \"vneid-assisted\", \"checkin_id\": %s}')",
		    g_get_real_time() / G_USEC_PER_SEC, old_id);
		g_autofree gchar *nowhere_row = g_strdup_printf(
		    "SELECT tiepdon_receive_journaled_action('{\"origin\": \"kiosk-2:a2\", \"kiosk_id\": \"kiosk-2\","
		    " \"time_unix\": %" G_GINT64_FORMAT ", \"action\": \"ticket-reprinted\", \"checkin_id\": 99999}')",
		    g_get_real_time() / G_USEC_PER_SEC);
		td_test_pg_assert_refused(as_kiosk, fill, "23514");
		td_test_pg_assert_refused(as_kiosk, answer_row, "23514");
		td_test_pg_assert_refused(as_kiosk, nowhere_row, "23503");
	}

	/* the manager adds the receptionist's account; a kiosk may list the
	 * accounts (its login page) but not add one */
	manager = td_pg_store_new(as_manager, "manager", &error);
	g_assert_no_error(error);
	g_assert_true(td_store_add_staff(TD_STORE(manager), "Lan", "pbkdf2-hash-as-stored", &lan, &error));
	g_assert_no_error(error);
	g_assert_false(td_store_add_staff(TD_STORE(kiosk), "Kẻ lạ", "hash", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION);
	g_clear_error(&error);
	assert_denied(as_kiosk, "UPDATE staff SET pin_hash = 'mine'");
	/* nor the manager: who sets a PIN could act in that person's name
	 * (a forgotten PIN is reset as the owner, tiepdon staff set-pin) */
	assert_denied(as_manager, "UPDATE staff SET pin_hash = 'mine'");
	g_assert_false(td_store_set_staff_pin(TD_STORE(manager), "Lan", "pbkdf2-other-hash", &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION);
	g_clear_error(&error);
	/* the manager says who else manages (the dashboard); nobody else */
	g_assert_true(td_store_set_staff_manager(TD_STORE(manager), "Lan", TRUE, &error));
	g_assert_no_error(error);
	assert_denied(as_kiosk, "UPDATE staff SET manager = true");
	assert_denied(as_staff, "UPDATE staff SET manager = true");
	{
		g_autoptr(GPtrArray) accounts = td_store_list_staff(TD_STORE(kiosk), &error);
		g_assert_no_error(error);
		g_assert_cmpuint(accounts->len, ==, 2);
		g_assert_cmpstr(((TdStaffMember *)g_ptr_array_index(accounts, 0))->name, ==, TD_STAFF_STATION_NAME);
		g_assert_cmpstr(((TdStaffMember *)g_ptr_array_index(accounts, 1))->name, ==, "Lan");
	}

	/* staff: every day's exceptions, resolve them (the audit names the
	 * action, the kiosk and the person), no deleting, no schema */
	staff = td_pg_store_new(as_staff, "reception", &error);
	g_assert_no_error(error);
	{
		TdPinAttempt attempt = {0};
		g_assert_true(td_store_begin_pin_attempt(TD_STORE(staff), lan, 100, 0, 5, 15, &attempt, &error));
		g_assert_no_error(error);
		g_assert_cmpint(attempt.id, >, 0);
		g_assert_true(td_store_finish_pin_attempt(TD_STORE(staff), attempt.id, &error));
		g_assert_no_error(error);
	}
	g_assert_true(td_store_resolve_exception_as(TD_STORE(staff), lan, exc->id, "accepted-paper-card", "thẻ giấy",
						    &error));
	g_assert_no_error(error);
	value = td_test_pg_query_value(conninfo, "SELECT action || '@' || kiosk_id || ' by ' || staff_id FROM staff_actions");
	g_assert_cmpstr(value, ==, "accepted-paper-card@reception by 2");
	g_clear_pointer(&value, g_free);
	{
		g_autoptr(GPtrArray) closed = td_store_list_exceptions(TD_STORE(staff), today, FALSE, &error);
		g_autoptr(GPtrArray) trail = td_store_list_staff_actions(TD_STORE(staff), 0, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(closed->len, ==, 1);
		g_assert_cmpstr(((TdCheckinException *)g_ptr_array_index(closed, 0))->resolved_by, ==, "Lan");
		g_assert_cmpuint(trail->len, ==, 1);
		g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(trail, 0))->staff_name, ==, "Lan");
	}
	/* the reception PC checks in a patient without a card: today's next
	 * number (the kiosk had 1); another day's row it may not add */
	{
		g_autoptr(TdCheckinRecord) walk_in = td_test_make_record(today);
		walk_in->card_verdict = TD_CARD_VERDICT_NO_CARD;
		g_assert_true(td_store_record_checkin(TD_STORE(staff), walk_in, NULL, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(walk_in->queue_number, ==, 2);
	}
	/* a card's verdict is the kiosk's to give: staff add no "genuine" row */
	assert_denied(as_staff, "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, eligibility, vneid,"
				" outcome) VALUES (1, tiepdon_today(), 99, 'genuine', 'eligible', 'integrated', 'checked-in')");
	assert_denied(as_staff, "DELETE FROM staff_actions");
	assert_denied(as_staff, "UPDATE staff_actions SET note = 'changed'");
	assert_denied(as_staff, "INSERT INTO checkins (time_unix, day, queue_number, card_verdict, eligibility, vneid,"
				" outcome) VALUES (1, '2024-01-01', 9, 'genuine', 'eligible', 'integrated', 'checked-in')");
	assert_denied(as_staff, "DROP TABLE exceptions");
	assert_denied(as_staff, "ALTER TABLE exceptions DROP COLUMN detail");

	/* the manager: counts, nothing personal */
	days = td_store_count_days(TD_STORE(manager), yesterday, today, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(days->len, ==, 2);
	/* the reception PC's check-in by hand makes it no kiosk */
	g_assert_cmpuint(td_pg_store_count_kiosks(manager, today, &error), ==, 1);
	assert_denied(as_manager, "SELECT id_hash FROM checkins");
	assert_denied(as_manager, "SELECT full_name FROM exceptions");
	assert_denied(as_manager, "SELECT id_hash FROM vneid_history");
	assert_denied(as_manager, "SELECT note FROM staff_actions");
	assert_denied(as_manager, "DROP VIEW checkin_verdicts");

	/* retention runs as the owner; a kiosk cannot */
	{
		const TdRetention retention = {30, 90};
		g_autoptr(TdPgStore) owner = td_pg_store_new(as_owner, "purge", &error);
		TdPurgeCounts purged = {0};
		g_assert_no_error(error);
		td_test_expect_warning("purge: this machine's clock is * s ahead of the station database's*");
		g_assert_false(td_store_purge(TD_STORE(kiosk), &retention, g_get_real_time() / G_USEC_PER_SEC + 40 * 86400,
					      &purged, &error));
		td_test_assert_warning_seen();
		g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION);
		g_clear_error(&error);
		/* a purging machine whose clock runs 40 days ahead erases only
		 * what is old by the server's clock (yesterday's row, written
		 * with time 1000), not today's: the station's data follows the
		 * server's clock */
		td_test_expect_warning("purge: this machine's clock is * s ahead of the station database's*");
		g_assert_true(td_store_purge(TD_STORE(owner), &retention, g_get_real_time() / G_USEC_PER_SEC + 40 * 86400,
					     &purged, &error));
		g_assert_no_error(error);
		td_test_assert_warning_seen();
		g_assert_cmpuint(purged.checkins_minimised, ==, 1);
		g_assert_cmpuint(purged.exceptions_expired, ==, 0);
		value = td_test_pg_query_value(conninfo, "SELECT count(*) FROM checkins WHERE time_unix > 0");
		g_assert_cmpstr(value, ==, "2");
		g_clear_pointer(&value, g_free);
		/* the same rows 40 days old by the server's clock go */
		td_test_pg_exec(conninfo, "UPDATE checkins SET time_unix = time_unix - 40 * 86400 WHERE time_unix > 0");
		g_assert_true(td_store_purge(TD_STORE(owner), &retention, g_get_real_time() / G_USEC_PER_SEC, &purged, &error));
		g_assert_no_error(error);
		/* the kiosk's and the reception's of today */
		g_assert_cmpuint(purged.checkins_minimised, ==, 2);
	}

	/* Lan locked out by her forgotten PIN: the owner's new one opens at
	 * once (tiepdon staff set-pin), not after the lock-out */
	{
		g_autoptr(TdPgStore) owner = td_pg_store_new(as_owner, "set-pin", &error);
		TdPinAttempt attempt = {0};
		g_assert_no_error(error);
		for (gint64 t = 200; t < 202; t++) {
			g_assert_true(td_store_begin_pin_attempt(TD_STORE(staff), lan, t, 0, 2, 6, &attempt, &error));
			g_assert_cmpint(attempt.id, >, 0);
		}
		g_assert_true(td_store_begin_pin_attempt(TD_STORE(staff), lan, 203, 0, 2, 6, &attempt, &error));
		g_assert_no_error(error);
		g_assert_cmpint(attempt.id, ==, 0); /* locked */
		g_assert_true(td_store_set_staff_pin(TD_STORE(owner), "Lan", "pbkdf2-new-hash", &error));
		g_assert_no_error(error);
		g_assert_true(td_store_begin_pin_attempt(TD_STORE(staff), lan, 204, 0, 2, 6, &attempt, &error));
		g_assert_no_error(error);
		g_assert_cmpint(attempt.id, >, 0);
	}
}

/* A store error carries no row's data: PostgreSQL's DETAIL of a
 * constraint ("Failing row contains (…)") would put a patient's ID
 * number and name in the error the kiosk logs. The constraint is the
 * test's own, on the table as the kiosk writes it. */
static void
test_errors_without_row_data(void)
{
	g_autofree gchar *conninfo = td_test_pg_create_database("terse");
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPgStore) store = td_pg_store_new(conninfo, "quay-1", &error);
	g_autoptr(TdCheckinRecord) record = td_checkin_record_new();
	g_autoptr(TdCheckinException) exception = td_checkin_exception_new();

	g_assert_no_error(error);
	td_test_pg_exec(conninfo, "ALTER TABLE exceptions ADD CONSTRAINT test_refused CHECK (reason <> 'card-forged')");
	g_strlcpy(record->day, "2026-12-06", sizeof(record->day));
	record->card_verdict = TD_CARD_VERDICT_FORGED;
	record->outcome = TD_OUTCOME_SEE_STAFF;
	exception->id_number = g_strdup("001099012345");
	exception->full_name = g_strdup("Nguyễn Thị Bí Mật");
	exception->date_of_birth = g_strdup("1999-02-03");
	exception->reason = g_strdup("card-forged");
	g_assert_false(td_store_record_checkin(TD_STORE(store), record, exception, &error));
	g_assert_nonnull(error);
	g_assert_nonnull(strstr(error->message, "test_refused"));
	g_assert_null(strstr(error->message, "001099012345"));
	g_assert_null(strstr(error->message, "Bí Mật"));
	g_assert_null(strstr(error->message, "1999-02-03"));
	g_assert_null(strstr(error->message, "Failing row"));
}

/* tiepdon doctor and tiepdon exceptions on settings with url=: the same
 * entry point as the kiosk. */
static void
test_commands_on_postgres(void)
{
	g_autofree gchar *conninfo = td_test_pg_create_database("doctor");
	g_autofree gchar *path = g_build_filename(tmp_dir, "pg.conf", NULL);
	g_autofree gchar *contents = g_strdup_printf(
	    "[station]\ncode=01001\nkiosk-id=quay-1\noffline-letter=Q\n[storage]\nurl=%s\njournal=%s/quay-1.journal\n",
	    conninfo, tmp_dir);
	g_autofree gchar *message = NULL;
	g_autofree gchar *effect = NULL;
	g_auto(TdTiepdonRun) run = {0};

	g_assert_true(g_file_set_contents_full(path, contents, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
	/* doctor (read-only) on an empty database: migrated by the open */
	g_assert_true(td_test_doctor_line(path, "database", &message));
	g_assert_nonnull(strstr(message, "PostgreSQL 15"));
	g_assert_nonnull(strstr(message, "schema " G_STRINGIFY(TD_PG_STORE_SCHEMA_VERSION)));
	g_assert_nonnull(strstr(message, "kiosk quay-1"));
	g_assert_null(strstr(message, "another machine"));
	g_clear_pointer(&message, g_free);
	/* a second machine with the same kiosk id (cloned from one image,
	 * the id defaulting to the host name): connected as its store
	 * connects, named by the line; this machine's own connections are
	 * not */
	{
		const gchar *const keywords[] = {"dbname", "application_name", NULL};
		const gchar *const values[] = {conninfo, "tiepdon:quay-1@0badc0de", NULL};
		PGconn *twin = PQconnectdbParams(keywords, values, 1);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdPgStore) mine = td_pg_store_new(conninfo, "quay-1", &error);

		g_autofree gchar *where = NULL;

		g_assert_cmpint(PQstatus(twin), ==, CONNECTION_OK);
		g_assert_no_error(error);
		g_assert_true(td_pg_store_find_namesakes(mine, &where, &error));
		g_assert_no_error(error);
		g_assert_cmpstr(where, ==, "local");
		g_assert_false(td_test_doctor_line_effect(path, NULL, "database", &message, &effect));
		g_assert_nonnull(strstr(message, "kiosk id quay-1 is used by another machine too (local)"));
		/* the administrator's to mend: check-ins go on */
		g_assert_cmpstr(effect, ==, "none");
		g_clear_pointer(&message, g_free);
		g_clear_pointer(&effect, g_free);
		PQfinish(twin);
	}
	/* a stopped server: the line says so, and that the kiosk numbers
	 * offline meanwhile (the staff's health page says it so) */
	td_test_pg_ctl("stop");
	g_assert_false(td_test_doctor_line_effect(path, NULL, "database", &message, &effect));
	g_assert_nonnull(strstr(message, "cannot reach the database"));
	g_assert_cmpstr(effect, ==, "offline");
	td_test_pg_ctl("start");
	/* a kiosk keeps its store all day: after a restart of the server
	 * the next check-in goes through on a new connection */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(TdPgStore) store = td_pg_store_new(conninfo, "quay-1", &error);
		g_autoptr(TdCheckinRecord) before = td_test_make_record("2024-09-01");
		g_autoptr(TdCheckinRecord) after = td_test_make_record("2024-09-01");
		g_assert_no_error(error);
		g_assert_true(td_store_record_checkin(TD_STORE(store), before, NULL, &error));
		td_test_pg_ctl("restart");
		g_assert_true(td_store_record_checkin(TD_STORE(store), after, NULL, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(after->queue_number, ==, 2);
	}
	/* back: the staff's queue without the GUI reads it again */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "list", "--config", path, "--json", NULL), ==, 0);
	g_assert_nonnull(strstr(run.out, "[]"));
}

typedef struct {
	GSubprocess *proc;
	guint confirmed; /* lines written by finished or killed runs */
	guint runs;
	gboolean done;
} Kiosk;

static guint
count_lines(const gchar *path)
{
	g_autofree gchar *text = NULL;
	guint n = 0;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return 0;
	for (const gchar *p = text; *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

static gchar *
kiosk_out_path(guint k, guint run)
{
	return g_strdup_printf("%s/kiosk-%u-run-%u.out", tmp_dir, k, run);
}

static void
kiosk_start(Kiosk *kiosk, guint k, const gchar *conninfo, const gchar *day)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
	g_autofree gchar *out = kiosk_out_path(k, kiosk->runs);
	g_autofree gchar *count = g_strdup_printf("%u", CHECKINS_PER_KIOSK - kiosk->confirmed);
	g_autofree gchar *id = g_strdup_printf("kiosk-%u", k);

	/* the numbers it confirms go to a file of this run's */
	g_subprocess_launcher_set_stdout_file_path(launcher, out);
	kiosk->proc = g_subprocess_launcher_spawn(launcher, &error, TD_TEST_COMMIT_LOOP, conninfo, day, count, id, NULL);
	g_assert_no_error(error);
	kiosk->runs++;
}

/* Four kiosk processes, 250 confirmed check-ins each, killed (kill -9) at
 * random and restarted: every number a kiosk confirmed is in the database
 * as that kiosk's, no number twice in the day and none missing, every
 * resolved exception with its audit row. */
static void
test_four_kiosks_killed(void)
{
	g_autofree gchar *conninfo = td_test_pg_create_database("kiosks");
	g_autofree gchar *as_kiosk = td_test_pg_conninfo_as(conninfo, "tiepdon_kiosk");
	g_autofree gchar *today = today_utc(0);
	g_autoptr(GHashTable) confirmed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_autoptr(GError) error = NULL;
	g_auto(TdTiepdonRun) run = {0};
	Kiosk kiosks[KIOSKS] = {{0}};
	guint kills = 0, running = KIOSKS;
	g_autofree gchar *value = NULL;

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "db", "init", "--url", conninfo, "--apply", NULL), ==, 0);
	td_test_pg_exec(conninfo, "UPDATE station_settings SET time_zone = 'UTC'");
	for (guint k = 0; k < KIOSKS; k++)
		kiosk_start(&kiosks[k], k, as_kiosk, today);
	while (running > 0) {
		guint k = (guint)g_test_rand_int_range(0, KIOSKS);
		g_usleep((gulong)g_test_rand_int_range(5000, 80000));
		for (guint i = 0; i < KIOSKS; i++) {
			g_autofree gchar *out = NULL;
			if (kiosks[i].done || g_subprocess_get_identifier(kiosks[i].proc) != NULL)
				continue;
			/* ended by itself: all its check-ins confirmed */
			g_assert_true(g_subprocess_wait_check(kiosks[i].proc, NULL, &error));
			g_assert_no_error(error);
			out = kiosk_out_path(i, kiosks[i].runs - 1);
			kiosks[i].confirmed += count_lines(out);
			g_assert_cmpuint(kiosks[i].confirmed, ==, CHECKINS_PER_KIOSK);
			g_clear_object(&kiosks[i].proc);
			kiosks[i].done = TRUE;
			running--;
		}
		if (kiosks[k].done || g_subprocess_get_identifier(kiosks[k].proc) == NULL)
			continue;
		g_subprocess_force_exit(kiosks[k].proc); /* SIGKILL */
		g_assert_true(g_subprocess_wait(kiosks[k].proc, NULL, &error));
		g_clear_object(&kiosks[k].proc);
		kills++;
		{
			g_autofree gchar *out = kiosk_out_path(k, kiosks[k].runs - 1);
			kiosks[k].confirmed += count_lines(out);
		}
		if (kiosks[k].confirmed >= CHECKINS_PER_KIOSK) {
			kiosks[k].done = TRUE;
			running--;
		} else {
			kiosk_start(&kiosks[k], k, as_kiosk, today);
		}
	}
	g_test_message("%u kills", kills);

	/* every confirmed number, from every run's file */
	for (guint k = 0; k < KIOSKS; k++) {
		for (guint r = 0; r < kiosks[k].runs; r++) {
			g_autofree gchar *path = kiosk_out_path(k, r);
			g_autofree gchar *text = NULL;
			g_auto(GStrv) lines = NULL;
			g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
			lines = g_strsplit(text, "\n", -1);
			for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
				g_auto(GStrv) parts = g_strsplit(lines[i], " ", 2);
				g_assert_cmpuint(g_strv_length(parts), ==, 2);
				/* no number confirmed twice, by any kiosk */
				g_assert_false(g_hash_table_contains(confirmed, parts[0]));
				g_hash_table_insert(confirmed, g_strdup(parts[0]), g_strdup_printf("%s kiosk-%u", parts[1], k));
			}
		}
	}
	g_assert_cmpuint(g_hash_table_size(confirmed), ==, KIOSKS * CHECKINS_PER_KIOSK);
	{
		GHashTableIter iter;
		gpointer number, where;
		g_hash_table_iter_init(&iter, confirmed);
		while (g_hash_table_iter_next(&iter, &number, &where)) {
			g_auto(GStrv) parts = g_strsplit(where, " ", 2);
			g_autofree gchar *sql = g_strdup_printf(
			    "SELECT count(*) FROM checkins WHERE id = %s AND queue_number = %s AND kiosk_id = '%s'", parts[0],
			    (const gchar *)number, parts[1]);
			g_autofree gchar *found = td_test_pg_query_value(conninfo, sql);
			g_assert_cmpstr(found, ==, "1");
		}
	}
	/* numbers 1..N, none twice, none missing (a killed check-in's
	 * rollback gave its number back) */
	value = td_test_pg_query_value(conninfo, "SELECT count(*) = max(queue_number) AND count(*) = count(DISTINCT"
						 " queue_number) AND min(queue_number) = 1 FROM checkins");
	g_assert_cmpstr(value, ==, "t");
	g_clear_pointer(&value, g_free);
	value = td_test_pg_query_value(conninfo, "SELECT last = (SELECT max(queue_number) FROM checkins) FROM queue_counters");
	g_assert_cmpstr(value, ==, "t");
	g_clear_pointer(&value, g_free);
	/* every see-staff check-in has its exception; every resolved one its
	 * audit row, once, by the kiosk that resolved it */
	value = td_test_pg_query_value(conninfo, "SELECT count(*) FROM checkins c WHERE outcome = 'see-staff' AND NOT"
						 " EXISTS (SELECT 1 FROM exceptions e WHERE e.checkin_id = c.id)");
	g_assert_cmpstr(value, ==, "0");
	g_clear_pointer(&value, g_free);
	value = td_test_pg_query_value(conninfo, "SELECT count(*) FROM exceptions e WHERE resolved AND (SELECT count(*)"
						 " FROM staff_actions a WHERE a.exception_id = e.id AND a.kiosk_id ="
						 " e.kiosk_id) <> 1");
	g_assert_cmpstr(value, ==, "0");
	g_clear_pointer(&value, g_free);
	value = td_test_pg_query_value(conninfo, "SELECT count(*) FROM staff_actions a WHERE NOT EXISTS (SELECT 1 FROM"
						 " exceptions e WHERE e.id = a.exception_id AND e.resolved)");
	g_assert_cmpstr(value, ==, "0");
	g_clear_pointer(&value, g_free);
	/* the day's report counts the four kiosks */
	{
		g_autoptr(TdPgStore) store = td_pg_store_new(conninfo, "report", &error);
		g_autofree gchar *journal = g_build_filename(tmp_dir, "report.journal", NULL);
		g_autoptr(TdJournaledStore) window = NULL;
		g_assert_no_error(error);
		g_assert_cmpuint(td_report_station_kiosks(TD_STORE(store), today), ==, KIOSKS);
		/* and so does the window's store, which journals in an outage
		 * (its PDF said "1 máy") */
		window = td_journaled_store_new(store, journal, "report", "R");
		g_assert_cmpuint(td_report_station_kiosks(TD_STORE(window), today), ==, KIOSKS);
	}
}

/* Takes tokens from store until one differs from before (the
 * notification may reach this connection a moment after the commit):
 * TRUE when it did within two seconds. */
static gboolean
change_seen(TdStore *store, guint64 before)
{
	for (guint i = 0; i < 200; i++) {
		g_autoptr(GError) error = NULL;
		guint64 token = 0;
		g_assert_true(td_store_get_change_token(store, &token, &error));
		g_assert_no_error(error);
		if (token != before)
			return TRUE;
		g_usleep(10 * 1000);
	}
	return FALSE;
}

static guint64
change_token(TdStore *store)
{
	g_autoptr(GError) error = NULL;
	guint64 token = 0;
	g_assert_true(td_store_get_change_token(store, &token, &error));
	g_assert_no_error(error);
	return token;
}

/* The staff console on the reception PC follows the kiosks' commits: the
 * change token moves when another connection checks in, resolves or adds
 * an account, stays when nothing was written, and moves after the server
 * restarted (what happened meanwhile is unknown). */
static void
test_change_token(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *conninfo = td_test_pg_create_database("changes");
	g_autoptr(TdPgStore) console = td_pg_store_new(conninfo, "reception", &error);
	g_autoptr(TdPgStore) kiosk = td_pg_store_new(conninfo, "kiosk-1", &error);
	g_autoptr(TdCheckinRecord) rec = td_test_make_record("2024-05-02");
	g_autoptr(TdCheckinException) exc = td_checkin_exception_new();
	guint64 token;

	g_assert_no_error(error);
	token = change_token(TD_STORE(console));
	g_usleep(100 * 1000);
	g_assert_cmpuint(change_token(TD_STORE(console)), ==, token);

	exc->reason = g_strdup("card-forged");
	g_assert_true(td_store_record_checkin(TD_STORE(kiosk), rec, exc, &error));
	g_assert_no_error(error);
	g_assert_true(change_seen(TD_STORE(console), token));
	token = change_token(TD_STORE(console));

	/* a read changes nothing */
	{
		g_autoptr(GPtrArray) open = td_store_list_exceptions(TD_STORE(kiosk), NULL, TRUE, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(open->len, ==, 1);
	}
	g_usleep(100 * 1000);
	g_assert_cmpuint(change_token(TD_STORE(console)), ==, token);

	g_assert_true(td_store_add_staff(TD_STORE(kiosk), "Lan", "hash", NULL, &error));
	g_assert_no_error(error);
	g_assert_true(change_seen(TD_STORE(console), token));
	token = change_token(TD_STORE(console));

	/* its own writes too */
	g_assert_true(td_store_resolve_exception(TD_STORE(console), exc->id, "self-pay", NULL, &error));
	g_assert_no_error(error);
	g_assert_true(change_seen(TD_STORE(console), token));
	token = change_token(TD_STORE(console));

	td_test_pg_ctl("restart");
	{
		/* the watcher's next polls: one may find the connection gone
		 * (an error, the watcher tries again), then a new connection
		 * listens and the token moves */
		guint64 after = token;
		for (guint i = 0; i < 200 && after == token; i++) {
			if (!td_store_get_change_token(TD_STORE(console), &after, &error)) {
				g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE);
				g_clear_error(&error);
				after = token;
			}
			g_usleep(10 * 1000);
		}
		g_assert_cmpuint(after, !=, token);
		token = after;
	}
	g_clear_pointer(&rec, td_checkin_record_free);
	rec = td_test_make_record("2024-05-02");
	g_assert_true(td_store_record_checkin(TD_STORE(kiosk), rec, NULL, &error));
	g_assert_no_error(error);
	g_assert_true(change_seen(TD_STORE(console), token));
}

int
main(int argc, char **argv)
{
	tmp_dir = td_test_pg_init(&argc, &argv, "td-pg-store-XXXXXX");
	if (tmp_dir == NULL)
		return 77;
	g_test_add_func("/pg-store/migrations", test_migrations);
	g_test_add_func("/pg-store/roles", test_roles);
	g_test_add_func("/pg-store/commands", test_commands_on_postgres);
	g_test_add_func("/pg-store/errors-without-row-data", test_errors_without_row_data);
	g_test_add_func("/pg-store/change-token", test_change_token);
	g_test_add_func("/pg-store/four-kiosks-killed", test_four_kiosks_killed);
	return td_test_run_and_remove(tmp_dir);
}
