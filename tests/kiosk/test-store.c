/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "td-pg-store.h"
#include "td-sqlite-store.h"
#include "td-test-kiosk.h"
#include "td-test-postgres.h"
#include "td-test-store-fixture.h"

/* What every engine's store must do: queue numbers, exceptions and their
 * expiry, links, VNeID answers. Each test runs once per engine: SQLite on
 * a file, PostgreSQL on a database of the private server (the "store-pg"
 * test runs this program under tests/with-private-postgres.sh). The
 * SQLite file's own tests (migrations, crashes, modes) are in
 * test-store-sqlite-file.c. */

/* The engine's store as the kiosk gets it (one per process). */
static TdStore *
fx_open(TdStoreFixture *fx)
{
	g_autoptr(GError) error = NULL;
	TdStore *store = fx->engine == TD_TEST_ENGINE_PG ? TD_STORE(td_pg_store_new(fx->conninfo, "kiosk-a", &error))
						 : TD_STORE(td_sqlite_store_new(fx->db_path, &error));
	g_assert_no_error(error);
	if (fx->engine == TD_TEST_ENGINE_SQLITE)
		td_sqlite_store_set_kiosk_id(TD_SQLITE_STORE(store), "kiosk-a");
	return store;
}

/* A connection of its own, as another kiosk process has. */
static TdStore *
fx_open_second(TdStoreFixture *fx)
{
	g_autoptr(GError) error = NULL;
	TdStore *store = fx->engine == TD_TEST_ENGINE_PG
			     ? TD_STORE(td_pg_store_new_at_version(fx->conninfo, "kiosk-b", TD_PG_STORE_SCHEMA_VERSION,
								   &error))
			     : TD_STORE(td_sqlite_store_new_at_version(fx->db_path, TD_SQLITE_STORE_SCHEMA_VERSION, &error));
	g_assert_no_error(error);
	if (fx->engine == TD_TEST_ENGINE_SQLITE)
		td_sqlite_store_set_kiosk_id(TD_SQLITE_STORE(store), "kiosk-b");
	return store;
}

/* A number the SQL (valid in both dialects) finds in the database. */
static gint64
fx_sql_int(TdStoreFixture *fx, const gchar *sql)
{
	g_autofree gchar *value = NULL;
	if (fx->engine == TD_TEST_ENGINE_SQLITE)
		return td_test_sql_int(fx->db_path, sql);
	value = td_test_pg_query_value(fx->conninfo, sql);
	return g_ascii_strtoll(value, NULL, 10);
}

/* Every row's times `days` earlier, as if that many days had passed: a
 * purge on the station database follows the server's clock, so a later
 * `now` alone would not age anything there. */
static void
fx_age_rows(TdStoreFixture *fx, gint days)
{
	g_autofree gchar *sql = g_strdup_printf(
	    "UPDATE checkins SET time_unix = time_unix - %d * 86400 WHERE time_unix > 0;"
	    "UPDATE exceptions SET created_unix = created_unix - %d * 86400, resolved_unix = resolved_unix - %d * 86400;"
	    "UPDATE staff_actions SET time_unix = time_unix - %d * 86400;",
	    days, days, days, days);

	if (fx->engine == TD_TEST_ENGINE_SQLITE)
		td_test_sql_exec(fx->db_path, sql);
	else
		td_test_pg_exec(fx->conninfo, sql);
}

static void
test_queue_numbers(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(TdStore) store = fx_open(fx);
	g_autoptr(TdStore) other = NULL;

	for (guint i = 1; i <= 5; i++)
		g_assert_cmpuint(td_test_store_record(store, "2024-03-01"), ==, i);
	/* a new day starts again at 1 */
	for (guint i = 1; i <= 3; i++)
		g_assert_cmpuint(td_test_store_record(store, "2024-03-02"), ==, i);
	/* one store per file per process: a second open shares it */
	other = fx_open(fx);
	g_assert_true(other == store);
	g_clear_object(&other);
	/* a second connection (the CLI, another kiosk process) continues the
	 * same sequence */
	other = fx_open_second(fx);
	g_assert_cmpuint(td_test_store_record(other, "2024-03-01"), ==, 6);
	g_assert_cmpuint(td_test_store_record(store, "2024-03-01"), ==, 7);
	g_assert_cmpuint(td_test_store_record(other, "2024-03-02"), ==, 4);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM (SELECT DISTINCT day, queue_number FROM checkins) AS d"), ==,
			11);
	/* each record names the kiosk that took it */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(DISTINCT kiosk_id) FROM checkins"), ==, 2);
}

typedef struct {
	TdStoreFixture *fx;
	guint n;
} WriterArgs;

static gpointer
writer_thread(gpointer user_data)
{
	WriterArgs *args = user_data;
	/* a connection of its own, as another process would have */
	g_autoptr(TdStore) store = fx_open_second(args->fx);
	for (guint i = 0; i < args->n; i++)
		td_test_store_record(store, "2024-04-01");
	return NULL;
}

/* Two connections writing at once: BEGIN IMMEDIATE and the busy timeout
 * keep the numbers unique with no gaps. */
static void
test_queue_numbers_concurrent(TdStoreFixture *fx, gconstpointer data)
{
	WriterArgs args = {fx, 25};
	GThread *a, *b;

	/* created before the threads race to migrate it */
	g_object_unref(fx_open(fx));
	a = g_thread_new("writer-a", writer_thread, &args);
	b = g_thread_new("writer-b", writer_thread, &args);
	g_thread_join(a);
	g_thread_join(b);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(DISTINCT queue_number) FROM checkins"), ==, 50);
	g_assert_cmpint(fx_sql_int(fx, "SELECT MIN(queue_number) FROM checkins"), ==, 1);
	g_assert_cmpint(fx_sql_int(fx, "SELECT MAX(queue_number) FROM checkins"), ==, 50);
}

static TdCheckinException *
make_exception(const gchar *reason)
{
	TdCheckinException *exc = td_checkin_exception_new();
	exc->id_number = g_strdup("001099012345");
	exc->full_name = g_strdup("TRẦN THỊ B");
	exc->date_of_birth = g_strdup("1950-02-03");
	exc->reason = g_strdup(reason);
	exc->detail = g_strdup("Thẻ không xác thực được.");
	return exc;
}

static gint64
record_exception(TdStore *store, const gchar *day, TdOutcome outcome, gint64 time_unix, gint64 *checkin_id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) rec = td_test_make_record(day);
	g_autoptr(TdCheckinException) exc = make_exception("card-forged");
	rec->outcome = outcome;
	rec->time_unix = time_unix;
	g_assert_true(td_store_record_checkin(store, rec, exc, &error));
	g_assert_no_error(error);
	g_assert_cmpint(exc->checkin_id, ==, rec->id);
	g_assert_cmpint(exc->id, >, 0);
	*checkin_id = rec->id;
	return exc->id;
}

static void
test_exceptions(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	g_autoptr(GPtrArray) open = NULL;
	g_autoptr(GPtrArray) all = NULL;
	g_autoptr(GPtrArray) actions = NULL;
	g_autoptr(TdCheckinRecord) rec = NULL;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	gint64 c1, c2, c3;
	gint64 e1 = record_exception(store, "2024-06-01", TD_OUTCOME_SEE_STAFF, now, &c1);
	gint64 e2 = record_exception(store, "2024-06-01", TD_OUTCOME_PENDING_ELIGIBILITY, now, &c2);
	gint64 e3 = record_exception(store, "2024-06-02", TD_OUTCOME_SEE_STAFF, now, &c3);
	TdCheckinException *first;
	TdPurgeCounts purged = {0};
	const TdRetention retention = {30, 90};

	open = td_store_list_exceptions(store, "2024-06-01", TRUE, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(open->len, ==, 2);
	first = g_ptr_array_index(open, 0);
	g_assert_cmpint(first->id, ==, e1);
	g_assert_cmpstr(first->full_name, ==, "TRẦN THỊ B");
	g_assert_cmpstr(first->id_number, ==, "001099012345");
	g_assert_cmpstr(first->reason, ==, "card-forged");
	g_assert_false(first->resolved);
	/* each case with its check-in's ticket: the day's first and second */
	g_assert_cmpuint(first->queue_number, ==, 1);
	g_assert_cmpstr(first->queue_series, ==, "");
	g_assert_cmpuint(((TdCheckinException *)g_ptr_array_index(open, 1))->queue_number, ==, 2);

	/* accepted: the check-in becomes checked-in, with an audit row */
	g_assert_true(td_store_resolve_exception(store, e1, "accepted-paper-card", "thẻ giấy", &error));
	g_assert_no_error(error);
	rec = td_store_get_checkin(store, c1, &error);
	g_assert_no_error(error);
	g_assert_cmpint(rec->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_clear_pointer(&rec, td_checkin_record_free);
	/* twice is refused */
	g_assert_false(td_store_resolve_exception(store, e1, "self-pay", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_ALREADY_RESOLVED);
	g_clear_error(&error);
	g_assert_false(td_store_resolve_exception(store, e2, "wave-through", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_false(td_store_resolve_exception(store, 9999, "self-pay", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);

	/* pending eligibility confirmed by staff */
	g_assert_true(td_store_resolve_exception(store, e2, "eligibility-confirmed", NULL, &error));
	rec = td_store_get_checkin(store, c2, &error);
	g_assert_cmpint(rec->outcome, ==, TD_OUTCOME_CHECKED_IN);
	g_assert_cmpint(rec->eligibility, ==, TD_ELIGIBILITY_ELIGIBLE);
	g_clear_pointer(&rec, td_checkin_record_free);
	/* the VNeID help closes nothing, and is no resolution */
	g_assert_false(td_store_resolve_exception(store, e3, "vneid-assisted", NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_true(td_store_record_vneid_assisted_as(store, TD_STAFF_STATION_ID, e3, c3, NULL, &error));
	g_assert_no_error(error);
	open = (g_ptr_array_unref(open), td_store_list_exceptions(store, NULL, TRUE, &error));
	g_assert_cmpuint(open->len, ==, 1);
	/* referred elsewhere: outcome stays */
	g_assert_true(td_store_resolve_exception(store, e3, "referred", NULL, &error));
	rec = td_store_get_checkin(store, c3, &error);
	g_assert_cmpint(rec->outcome, ==, TD_OUTCOME_SEE_STAFF);
	g_assert_cmpint(rec->vneid, ==, TD_VNEID_ASSISTED);

	open = (g_ptr_array_unref(open), td_store_list_exceptions(store, NULL, TRUE, &error));
	g_assert_cmpuint(open->len, ==, 0);
	all = td_store_list_exceptions(store, NULL, FALSE, &error);
	g_assert_cmpuint(all->len, ==, 3);
	g_assert_cmpstr(((TdCheckinException *)g_ptr_array_index(all, 0))->resolution, ==, "accepted-paper-card");
	/* closed, the cases keep their tickets; the next day starts at 1 */
	g_assert_cmpuint(((TdCheckinException *)g_ptr_array_index(all, 0))->queue_number, ==, 1);
	g_assert_cmpuint(((TdCheckinException *)g_ptr_array_index(all, 1))->queue_number, ==, 2);
	g_assert_cmpuint(((TdCheckinException *)g_ptr_array_index(all, 2))->queue_number, ==, 1);

	g_assert_true(td_store_record_staff_action(store, "manual-checkin", 0, c1, "no card", &error));
	actions = td_store_list_staff_actions(store, 0, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(actions->len, ==, 5);
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, 0))->action, ==, "accepted-paper-card");
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, 0))->note, ==, "thẻ giấy");
	g_assert_cmpint(((TdStaffAction *)g_ptr_array_index(actions, 0))->exception_id, ==, e1);
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, 2))->action, ==, "vneid-assisted");
	g_assert_cmpint(((TdStaffAction *)g_ptr_array_index(actions, 2))->exception_id, ==, e3);
	g_assert_cmpint(((TdStaffAction *)g_ptr_array_index(actions, 4))->exception_id, ==, 0);

	/* within retention nothing goes; past it the personal data does */
	fx_age_rows(fx, 29);
	g_assert_true(td_store_purge(store, &retention, now, &purged, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(purged.exceptions_deleted, ==, 0);
	g_assert_cmpuint(purged.checkins_minimised, ==, 0);
	fx_age_rows(fx, 2);
	g_assert_true(td_store_purge(store, &retention, now, &purged, &error));
	g_assert_cmpuint(purged.exceptions_deleted, ==, 3);
	g_assert_cmpuint(purged.exceptions_expired, ==, 0);
	g_assert_cmpuint(purged.checkins_minimised, ==, 3);
	g_assert_cmpuint(purged.staff_notes, ==, 2);
	g_ptr_array_unref(all);
	all = td_store_list_exceptions(store, NULL, FALSE, &error);
	g_assert_cmpuint(all->len, ==, 0);
	/* check-ins stay for the reports */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM checkins"), ==, 3);
	/* and the day still says one patient was sent to reception, though
	 * staff closed the case (the outcome says checked-in) and the case is
	 * gone; the pending insurance check had a case too, but its patient
	 * got a number */
	{
		g_autoptr(GPtrArray) days = td_store_count_days(store, "2024-06-01", "2024-06-02", &error);
		const TdDailyCounts *first_day, *second_day;
		g_assert_no_error(error);
		g_assert_cmpuint(days->len, ==, 2);
		first_day = g_ptr_array_index(days, 0);
		second_day = g_ptr_array_index(days, 1);
		g_assert_cmpuint(first_day->sent_to_staff, ==, 1);
		g_assert_cmpuint(first_day->by_outcome[TD_OUTCOME_SEE_STAFF], ==, 0);
		g_assert_cmpuint(first_day->by_outcome[TD_OUTCOME_CHECKED_IN], ==, 2);
		g_assert_cmpuint(second_day->sent_to_staff, ==, 1);
	}
	/* the name is gone from the file itself (secure_delete, WAL truncated) */
	if (fx->engine == TD_TEST_ENGINE_SQLITE) {
		g_autofree gchar *contents = NULL;
		gsize len = 0;
		g_autofree gchar *wal = g_strconcat(fx->db_path, "-wal", NULL);
		g_assert_true(g_file_get_contents(fx->db_path, &contents, &len, NULL));
		g_assert_null(memmem(contents, len, "001099012345", 12));
		g_clear_pointer(&contents, g_free);
		if (g_file_get_contents(wal, &contents, &len, NULL))
			g_assert_null(memmem(contents, len, "001099012345", 12));
	}
}

/* Unresolved past retention: closed as expired, fields erased, an audit
 * row; deleted one retention period later like any resolved one. */
static void
test_open_exception_expires(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	g_autoptr(GPtrArray) all = NULL;
	g_autoptr(GPtrArray) actions = NULL;
	const TdRetention retention = {30, 90};
	TdPurgeCounts purged = {0};
	TdCheckinException *exc;
	gint64 c1, oldest = -1;
	gint64 e1 = record_exception(store, "2024-06-01", TD_OUTCOME_SEE_STAFF, 1000, &c1);

	g_assert_true(td_store_oldest_personal_record(store, &oldest, &error));
	g_assert_cmpint(oldest, ==, 1000);
	g_assert_true(td_store_purge(store, &retention, 1000 + 31 * 86400, &purged, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(purged.exceptions_expired, ==, 1);
	g_assert_cmpuint(purged.exceptions_deleted, ==, 0);
	all = td_store_list_exceptions(store, NULL, FALSE, &error);
	g_assert_cmpuint(all->len, ==, 1);
	exc = g_ptr_array_index(all, 0);
	g_assert_cmpint(exc->id, ==, e1);
	g_assert_true(exc->resolved);
	g_assert_cmpstr(exc->resolution, ==, TD_STORE_RESOLUTION_EXPIRED);
	g_assert_cmpstr(exc->reason, ==, "card-forged");
	g_assert_null(exc->id_number);
	g_assert_null(exc->full_name);
	g_assert_null(exc->date_of_birth);
	g_assert_null(exc->detail);
	actions = td_store_list_staff_actions(store, 0, &error);
	g_assert_cmpuint(actions->len, ==, 1);
	g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, 0))->action, ==, "exception-expired");
	/* nothing personal is left */
	g_assert_true(td_store_oldest_personal_record(store, &oldest, &error));
	g_assert_cmpint(oldest, ==, 0);
	/* the daily counts still see the check-in */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM checkins WHERE day = '2024-06-01'"), ==, 1);
	g_assert_true(td_store_purge(store, &retention, 1000 + 62 * 86400, &purged, &error));
	g_assert_cmpuint(purged.exceptions_deleted, ==, 1);
}

/* The ID hash links one person's visits only for link-days, even when the
 * check-in's other details are kept longer. */
static void
test_links_expire(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	const TdRetention retention = {120, 90};
	TdPurgeCounts purged = {0};
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gint64 when = 0;
	const gint64 t0 = 1700000000;

	for (guint i = 0; i < 2; i++) {
		g_autoptr(TdCheckinRecord) rec = td_test_make_record(i == 0 ? "2023-11-14" : "2024-01-20");
		rec->id_hash = g_strdup(i == 0 ? "aa11" : "bb22");
		rec->time_unix = t0 + i * 67 * 86400;
		rec->vneid = TD_VNEID_INTEGRATED;
		rec->card_reasons = g_strdup("passive authentication valid");
		g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
	}
	g_assert_true(td_store_purge(store, &retention, t0 + 91 * 86400, &purged, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(purged.links_expired, ==, 1);
	g_assert_cmpuint(purged.checkins_minimised, ==, 0);
	g_assert_true(td_store_last_vneid_answer(store, "aa11", &when, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_NOT_ASKED);
	g_assert_true(td_store_last_vneid_answer(store, "bb22", &when, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_INTEGRATED);
	/* the older row keeps its details until retention */
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM checkins WHERE card_reasons IS NOT NULL"), ==, 2);
}

static void
test_vneid_last_answer(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	TdVneidAnswer answers[] = {TD_VNEID_NOT_YET, TD_VNEID_INTEGRATED, TD_VNEID_NOT_ASKED, TD_VNEID_LEFT};
	TdVneidAnswer answer = TD_VNEID_ASSISTED;
	gint64 when = -1;

	for (guint i = 0; i < G_N_ELEMENTS(answers); i++) {
		g_autoptr(TdCheckinRecord) rec = td_test_make_record("2024-07-01");
		rec->id_hash = g_strdup("aa11");
		rec->time_unix = 1000 + i;
		rec->vneid = answers[i];
		g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
	}
	/* the latest real answer, not the later "not asked" nor "left" */
	g_assert_true(td_store_last_vneid_answer(store, "aa11", &when, &answer, &error));
	g_assert_no_error(error);
	g_assert_cmpint(answer, ==, TD_VNEID_INTEGRATED);
	g_assert_cmpint(when, ==, 1001);
	g_assert_true(td_store_last_vneid_answer(store, "bb22", &when, &answer, &error));
	g_assert_cmpint(answer, ==, TD_VNEID_NOT_ASKED);
	g_assert_cmpint(when, ==, 0);
}

/* A second visit the same day finds the number the person already has
 * (the newest of the day, never another day's or another person's); the
 * VNeID answer given after the number was shown is written to it. */
static void
test_find_checkin_and_vneid(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	const struct {
		const gchar *day;
		const gchar *id_hash;
	} visits[] = {{"2024-07-01", "aa11"}, {"2024-07-02", "bb22"}, {"2024-07-02", "aa11"}, {"2024-07-02", "aa11"}};
	gint64 ids[G_N_ELEMENTS(visits)];
	g_autoptr(TdCheckinRecord) found = NULL;
	g_autoptr(TdCheckinRecord) again = NULL;
	g_autoptr(TdDailyCounts) counts = NULL;
	g_autoptr(GPtrArray) days = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(visits); i++) {
		g_autoptr(TdCheckinRecord) rec = td_test_make_record(visits[i].day);
		rec->id_hash = g_strdup(visits[i].id_hash);
		rec->time_unix = 1000 + i;
		g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
		g_assert_no_error(error);
		ids[i] = rec->id;
	}
	found = td_store_find_checkin(store, "2024-07-02", "aa11", &error);
	g_assert_no_error(error);
	g_assert_nonnull(found);
	g_assert_cmpint(found->id, ==, ids[3]);
	g_assert_cmpuint(found->queue_number, ==, 3);
	g_assert_cmpstr(found->day, ==, "2024-07-02");
	g_assert_null(td_store_find_checkin(store, "2024-07-03", "aa11", &error));
	g_assert_no_error(error);
	g_assert_null(td_store_find_checkin(store, "2024-07-01", "cc33", &error));
	g_assert_no_error(error);

	g_assert_true(td_store_set_vneid_answer(store, found->id, TD_VNEID_NO_SMARTPHONE, &error));
	g_assert_no_error(error);
	again = td_store_get_checkin(store, found->id, &error);
	g_assert_cmpint(again->vneid, ==, TD_VNEID_NO_SMARTPHONE);
	g_assert_true(td_store_set_vneid_answer(store, ids[2], TD_VNEID_LEFT, &error));
	g_assert_false(td_store_set_vneid_answer(store, 9999, TD_VNEID_INTEGRATED, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);

	/* the day's counts keep both answers apart; the patient who left is
	 * not among those who answered */
	days = td_store_count_days(store, "2024-07-02", "2024-07-02", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(days->len, ==, 1);
	counts = g_steal_pointer(&days->pdata[0]);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_NO_SMARTPHONE], ==, 1);
	g_assert_cmpuint(counts->by_vneid[TD_VNEID_LEFT], ==, 1);
	g_assert_cmpuint(td_daily_counts_vneid_answered(counts), ==, 1);

	/* the desk's list of the day's "not yet": that day's only, oldest
	 * first, with the numbers patients hold */
	g_assert_true(td_store_set_vneid_answer(store, ids[0], TD_VNEID_NOT_YET, &error));
	g_assert_true(td_store_set_vneid_answer(store, ids[2], TD_VNEID_NOT_YET, &error));
	g_assert_true(td_store_set_vneid_answer(store, ids[1], TD_VNEID_NOT_YET, &error));
	g_assert_no_error(error);
	{
		g_autoptr(GPtrArray) waiting = td_store_list_checkins_with_vneid(store, "2024-07-02", TD_VNEID_NOT_YET, &error);
		g_autoptr(GPtrArray) none = td_store_list_checkins_with_vneid(store, "2024-07-03", TD_VNEID_NOT_YET, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(waiting->len, ==, 2);
		g_assert_cmpint(((TdCheckinRecord *)g_ptr_array_index(waiting, 0))->id, ==, ids[1]);
		g_assert_cmpuint(((TdCheckinRecord *)g_ptr_array_index(waiting, 0))->queue_number, ==, 1);
		g_assert_cmpint(((TdCheckinRecord *)g_ptr_array_index(waiting, 1))->id, ==, ids[2]);
		g_assert_cmpuint(((TdCheckinRecord *)g_ptr_array_index(waiting, 1))->queue_number, ==, 2);
		g_assert_cmpuint(none->len, ==, 0);
	}
}

/* The one way a number is shown: the station's sequence as it always
 * was, a kiosk's offline series with its letter and three digits; the
 * voice says the letter, then the number. Series are "" or A–Z. */
static void
test_queue_label(void)
{
	static const struct {
		const gchar *series;
		guint number;
		const gchar *shown;
		const gchar *spoken;
	} cases[] = {
	    {"", 7, "7", "7"},	       {"", 117, "117", "117"},	   {NULL, 3, "3", "3"},
	    {"B", 1, "B-001", "B 1"}, {"B", 17, "B-017", "B 17"}, {"Z", 1234, "Z-1234", "Z 1234"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *shown = td_queue_label(cases[i].series, cases[i].number);
		g_autofree gchar *spoken = td_queue_label_spoken(cases[i].series, cases[i].number);
		g_assert_cmpstr(shown, ==, cases[i].shown);
		g_assert_cmpstr(spoken, ==, cases[i].spoken);
	}
	g_assert_true(td_queue_series_is_valid(""));
	g_assert_true(td_queue_series_is_valid("A"));
	g_assert_true(td_queue_series_is_valid("Z"));
	g_assert_false(td_queue_series_is_valid(NULL));
	g_assert_false(td_queue_series_is_valid("a"));
	g_assert_false(td_queue_series_is_valid("AB"));
	g_assert_false(td_queue_series_is_valid("1"));
	g_assert_false(td_queue_series_is_valid("-"));
}

/* A patient who went home unseen: the case closes and the check-in is
 * not checked in, nor still waiting for the gateway (one given a number
 * pending the gateway counted so in the day's report after leaving). */
static void
test_patient_left(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	gint64 seen_id, pending_id;
	gint64 seen = record_exception(store, "2024-06-01", TD_OUTCOME_SEE_STAFF, now, &seen_id);
	gint64 pending = record_exception(store, "2024-06-01", TD_OUTCOME_PENDING_ELIGIBILITY, now, &pending_id);
	const gint64 cases[] = {seen, pending}, visits[] = {seen_id, pending_id};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(TdCheckinRecord) visit = NULL;

		g_assert_true(td_store_resolve_exception(store, cases[i], "patient-left", "về nhà", &error));
		g_assert_no_error(error);
		visit = td_store_get_checkin(store, visits[i], &error);
		g_assert_no_error(error);
		g_assert_cmpint(visit->outcome, ==, TD_OUTCOME_SEE_STAFF);
	}
	{
		g_autoptr(GPtrArray) open = td_store_list_exceptions(store, "2024-06-01", TRUE, &error);
		g_autoptr(GPtrArray) all = td_store_list_exceptions(store, "2024-06-01", FALSE, &error);

		g_assert_no_error(error);
		g_assert_cmpuint(open->len, ==, 0);
		g_assert_cmpstr(((TdCheckinException *)g_ptr_array_index(all, 1))->resolution, ==, "patient-left");
	}
}

/* Registers a test of what every engine must do, once per engine. */
static void
add_engine_test(const gchar *name, void (*func)(TdStoreFixture *, gconstpointer))
{
	g_autofree gchar *sqlite = g_strdup_printf("/store/%s", name);
	g_autofree gchar *pg = g_strdup_printf("/store/postgres/%s", name);
	g_test_add(sqlite, TdStoreFixture, GINT_TO_POINTER(TD_TEST_ENGINE_SQLITE), td_store_fixture_setup, func,
		   td_store_fixture_teardown);
	if (g_getenv("TD_PG_CONNINFO") != NULL)
		g_test_add(pg, TdStoreFixture, GINT_TO_POINTER(TD_TEST_ENGINE_PG), td_store_fixture_setup, func,
			   td_store_fixture_teardown);
}

/* The desk's help into VNeID is one write: the check-in's answer and the
 * audit row naming who helped, both or neither; so is a patient's own
 * answer given at the desk. Before, two: the answer
 * first, so an audit row refused (here by a trigger; at a station, the
 * connection to the database lost between them) left the answer
 * "helped" with nobody on record. */
static void
test_vneid_assisted_one_write(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = fx_open(fx);
	g_autoptr(TdCheckinRecord) rec = td_test_make_record("2024-07-01");
	g_autoptr(TdCheckinRecord) after = NULL;

	rec->vneid = TD_VNEID_NOT_YET;
	g_assert_true(td_store_record_checkin(store, rec, NULL, &error));
	g_assert_no_error(error);
	if (fx->engine == TD_TEST_ENGINE_SQLITE)
		td_test_sql_exec(fx->db_path, "CREATE TRIGGER refuse_audit BEFORE INSERT ON staff_actions"
					      " WHEN NEW.action LIKE 'vneid-%'"
					      " BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
	else
		td_test_pg_exec(fx->conninfo,
				"CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS"
				" $$BEGIN RAISE EXCEPTION 'audit refused'; END$$;"
				" CREATE TRIGGER refuse_audit BEFORE INSERT ON staff_actions FOR EACH ROW"
				" WHEN (NEW.action LIKE 'vneid-%') EXECUTE FUNCTION refuse_audit()");
	g_assert_false(td_store_record_vneid_assisted_as(store, TD_STAFF_STATION_ID, 0, rec->id, NULL, &error));
	g_assert_nonnull(error);
	g_clear_error(&error);
	/* the patient's own answer at the desk, the same */
	g_assert_false(td_store_record_vneid_answer_as(store, TD_STAFF_STATION_ID, rec->id, TD_VNEID_INTEGRATED,
						       &error));
	g_assert_nonnull(error);
	g_clear_error(&error);
	after = td_store_get_checkin(store, rec->id, &error);
	g_assert_no_error(error);
	g_assert_cmpint(after->vneid, ==, TD_VNEID_NOT_YET);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM staff_actions"), ==, 0);

	/* allowed again: both */
	if (fx->engine == TD_TEST_ENGINE_SQLITE)
		td_test_sql_exec(fx->db_path, "DROP TRIGGER refuse_audit");
	else
		td_test_pg_exec(fx->conninfo, "DROP TRIGGER refuse_audit ON staff_actions");
	g_assert_true(td_store_record_vneid_assisted_as(store, TD_STAFF_STATION_ID, 0, rec->id, "giúp cài", &error));
	g_assert_no_error(error);
	g_clear_pointer(&after, td_checkin_record_free);
	after = td_store_get_checkin(store, rec->id, &error);
	g_assert_cmpint(after->vneid, ==, TD_VNEID_ASSISTED);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM staff_actions WHERE action = 'vneid-assisted'"), ==, 1);
	g_assert_true(td_store_record_vneid_answer_as(store, TD_STAFF_STATION_ID, rec->id, TD_VNEID_INTEGRATED, &error));
	g_assert_no_error(error);
	g_clear_pointer(&after, td_checkin_record_free);
	after = td_store_get_checkin(store, rec->id, &error);
	g_assert_cmpint(after->vneid, ==, TD_VNEID_INTEGRATED);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM staff_actions WHERE action = 'vneid-answer'"), ==, 1);
	/* a check-in that is not there: neither */
	g_assert_false(td_store_record_vneid_assisted_as(store, TD_STAFF_STATION_ID, 0, 9999, NULL, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_assert_cmpint(fx_sql_int(fx, "SELECT COUNT(*) FROM staff_actions"), ==, 2);
}

static gboolean
member_is_manager(TdStore *store, const gchar *name)
{
	g_autoptr(GPtrArray) staff = td_store_list_staff(store, NULL);

	g_assert_nonnull(staff);
	for (guint i = 0; i < staff->len; i++) {
		const TdStaffMember *member = g_ptr_array_index(staff, i);
		if (g_strcmp0(member->name, name) == 0)
			return member->manager;
	}
	g_assert_not_reached();
}

/* Who may open the manager's dashboard: on a database from before roles
 * every account may (and none can be changed), and keeps it once the
 * database is brought up to date; a person added after is reception's
 * until made a manager; the station's account (the administrator's PIN)
 * is a manager whatever is asked. */
static void
test_staff_roles(TdStoreFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) before = fx->engine == TD_TEST_ENGINE_PG
					? TD_STORE(td_pg_store_new_at_version(fx->conninfo, "kiosk-a", 11, &error))
					: TD_STORE(td_sqlite_store_new_at_version(fx->db_path, 12, &error));
	g_autoptr(TdStore) store = NULL;

	g_assert_no_error(error);
	g_assert_true(td_store_add_staff(before, "Hoa", "hash-as-stored", NULL, &error));
	g_assert_no_error(error);
	g_assert_true(member_is_manager(before, "Hoa"));
	g_assert_false(td_store_set_staff_manager(before, "Hoa", FALSE, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA);
	g_clear_error(&error);
	g_clear_object(&before);

	store = fx_open(fx);
	g_assert_true(member_is_manager(store, "Hoa"));
	g_assert_true(member_is_manager(store, TD_STAFF_STATION_NAME));
	g_assert_true(td_store_add_staff(store, "Lan", "hash-as-stored", NULL, &error));
	g_assert_no_error(error);
	g_assert_false(member_is_manager(store, "Lan"));

	g_assert_true(td_store_set_staff_manager(store, "Lan", TRUE, &error));
	g_assert_true(td_store_set_staff_manager(store, "Hoa", FALSE, &error));
	g_assert_no_error(error);
	g_assert_true(member_is_manager(store, "Lan"));
	g_assert_false(member_is_manager(store, "Hoa"));

	g_assert_false(td_store_set_staff_manager(store, TD_STAFF_STATION_NAME, FALSE, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
	g_clear_error(&error);
	g_assert_true(member_is_manager(store, TD_STAFF_STATION_NAME));
	g_assert_false(td_store_set_staff_manager(store, "Nobody", TRUE, &error));
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/store/queue-label", test_queue_label);
	add_engine_test("queue-numbers", test_queue_numbers);
	add_engine_test("queue-numbers-concurrent", test_queue_numbers_concurrent);
	add_engine_test("exceptions", test_exceptions);
	add_engine_test("open-exception-expires", test_open_exception_expires);
	add_engine_test("links-expire", test_links_expire);
	add_engine_test("vneid-last-answer", test_vneid_last_answer);
	add_engine_test("find-checkin-and-vneid", test_find_checkin_and_vneid);
	add_engine_test("vneid-assisted-one-write", test_vneid_assisted_one_write);
	add_engine_test("staff-roles", test_staff_roles);
	add_engine_test("patient-left", test_patient_left);
	return g_test_run();
}
