/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shared store's speed, beside SQLite's: a check-in's commit (median,
 * p99) and throughput with 1 and 4 kiosks at once, and today's report on
 * ten years of a district's check-ins (30 stations). Runs under
 * tests/with-private-postgres.sh; prints figures, asserts nothing about
 * time. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "td-pg-store.h"
#include "td-sqlite-store.h"
#include "td-test-figures.h"
#include "td-test-postgres.h"

#define PER_KIOSK 400
/* a district's 30 stations, 120 check-ins a day each, for ten years */
#define STATIONS	 30
#define PER_STATION_DAY	 120
#define DAYS		 3650

typedef struct {
	TdStore *store;
	const gchar *day;
	gdouble *latency_ms; /* PER_KIOSK of them */
} Kiosk;

static gpointer
kiosk_run(gpointer data)
{
	Kiosk *kiosk = data;
	for (guint i = 0; i < PER_KIOSK; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
		gint64 start;

		g_strlcpy(rec->day, kiosk->day, sizeof(rec->day));
		rec->card_verdict = TD_CARD_VERDICT_GENUINE;
		rec->eligibility = TD_ELIGIBILITY_ELIGIBLE;
		rec->outcome = TD_OUTCOME_CHECKED_IN;
		rec->id_hash = g_strdup_printf("%016x", g_random_int());
		start = g_get_monotonic_time();
		if (!td_store_record_checkin(kiosk->store, rec, NULL, &error))
			g_error("%s", error->message);
		kiosk->latency_ms[i] = (g_get_monotonic_time() - start) / 1000.0;
	}
	return NULL;
}

/* n kiosks, each a store of its own (as separate machines), at once. */
static void
bench_commits(const gchar *engine, TdStore **stores, guint n)
{
	g_autofree gdouble *all = g_new0(gdouble, (gsize)n * PER_KIOSK);
	g_autofree Kiosk *kiosks = g_new0(Kiosk, n);
	g_autofree GThread **threads = g_new0(GThread *, n);
	gint64 start = g_get_monotonic_time();
	gdouble seconds;
	guint total = n * PER_KIOSK;

	for (guint k = 0; k < n; k++) {
		kiosks[k] = (Kiosk){stores[k], n == 1 ? "2099-01-05" : "2099-01-06", all + (gsize)k * PER_KIOSK};
		threads[k] = g_thread_new("kiosk", kiosk_run, &kiosks[k]);
	}
	for (guint k = 0; k < n; k++)
		g_thread_join(threads[k]);
	seconds = (g_get_monotonic_time() - start) / 1e6;
	td_test_sort_doubles(all, total);
	printf("%-10s %u kiosk%s: %u check-ins, commit median %.2f ms, p99 %.2f ms, %.0f check-ins/s\n", engine, n,
	       n == 1 ? " " : "s", total, all[total / 2], all[total * 99 / 100], total / seconds);
}

/* Ten years of a district, written by the server itself, loaded the way a
 * DBA loads a history: the table's indexes and unique constraints other
 * than its key (as the schema made them, whatever they are) dropped,
 * triggers off (the one that sets sent_to_staff is done in the insert),
 * the rows inserted, then the indexes and constraints built again from
 * their own definitions. Kept through 13 million inserts, they took the
 * fill from 65 s to 120. */
static void
generate_district(const gchar *conninfo)
{
	g_autofree gchar *sql = g_strdup_printf(
	    "SET session_replication_role = replica;"
	    "DO $$ DECLARE r record; rebuild text[] := '{}'; statement text; BEGIN"
	    " FOR r IN SELECT x.indexrelid::regclass AS name, c.conname, pg_get_indexdef(x.indexrelid) AS indexdef,"
	    "  pg_get_constraintdef(c.oid) AS constraintdef"
	    "  FROM pg_index x LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid"
	    "  AND c.contype IN ('u', 'x')"
	    "  WHERE x.indrelid = 'checkins'::regclass AND NOT x.indisprimary"
	    " LOOP"
	    "  IF r.conname IS NULL THEN"
	    "   rebuild := rebuild || r.indexdef; EXECUTE format('DROP INDEX %%s', r.name);"
	    "  ELSE"
	    "   rebuild := rebuild || format('ALTER TABLE checkins ADD CONSTRAINT %%I %%s', r.conname, r.constraintdef);"
	    "   EXECUTE format('ALTER TABLE checkins DROP CONSTRAINT %%I', r.conname);"
	    "  END IF;"
	    " END LOOP;"
	    " INSERT INTO checkins (time_unix, day, queue_number, card_verdict, eligibility, vneid, outcome,"
	    "  sent_to_staff, kiosk_id)"
	    "  SELECT extract(epoch FROM d)::bigint + q, d::date, q,"
	    "  (ARRAY['genuine','genuine','genuine','unverified'])[1 + q %% 4],"
	    "  (ARRAY['eligible','eligible','not-found'])[1 + q %% 3],"
	    "  (ARRAY['integrated','not-yet','not-asked'])[1 + q %% 3],"
	    "  (ARRAY['checked-in','checked-in','see-staff'])[1 + q %% 3],"
	    "  q %% 3 = 2, 'kiosk-' || (q %% %u)"
	    "  FROM generate_series(current_date - %u, current_date, interval '1 day') AS d,"
	    "  generate_series(1, %u) AS q;"
	    " FOREACH statement IN ARRAY rebuild LOOP EXECUTE statement; END LOOP;"
	    " END $$;"
	    "INSERT INTO queue_counters (day, last) SELECT day, max(queue_number) FROM checkins GROUP BY day"
	    " ON CONFLICT (day) DO UPDATE SET last = EXCLUDED.last;"
	    "SET session_replication_role = DEFAULT;"
	    "ANALYZE checkins;",
	    STATIONS, DAYS - 1, STATIONS * PER_STATION_DAY);
	g_autofree gchar *indexes_before = td_test_pg_query_value(
	    conninfo, "SELECT string_agg(indexdef, ';' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'checkins'");
	g_autofree gchar *indexes_after = NULL;

	td_test_pg_exec(conninfo, sql);
	/* the report is measured on the schema's own indexes, all of them,
	 * and the rows obeyed its constraints */
	indexes_after = td_test_pg_query_value(
	    conninfo, "SELECT string_agg(indexdef, ';' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'checkins'");
	g_assert_cmpstr(indexes_after, ==, indexes_before);
}

static void
bench_report(TdPgStore *store, const gchar *today)
{
	gdouble ms[21];
	for (guint i = 0; i < G_N_ELEMENTS(ms); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GPtrArray) days = NULL;
		gint64 start = g_get_monotonic_time();
		days = td_store_count_days(TD_STORE(store), today, today, &error);
		if (days == NULL)
			g_error("%s", error->message);
		(void)td_pg_store_count_kiosks(store, today, &error);
		ms[i] = (g_get_monotonic_time() - start) / 1000.0;
	}
	td_test_sort_doubles(ms, G_N_ELEMENTS(ms));
	printf("PostgreSQL today's report (counts + kiosks) on %u days x %u check-ins (%.1f M rows): median %.2f ms, "
	       "slowest %.2f ms\n",
	       DAYS, STATIONS * PER_STATION_DAY, DAYS * (gdouble)STATIONS * PER_STATION_DAY / 1e6, ms[10], ms[20]);
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = NULL;
	g_autofree gchar *db_path = NULL;
	g_autofree gchar *conninfo = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree gchar *today = g_date_time_format(now, "%Y-%m-%d");
	g_autofree gchar *wal = NULL;
	g_autofree gchar *shm = NULL;
	TdStore *stores[4] = {NULL};
	gint64 start;

	if (g_getenv("TD_PG_CONNINFO") == NULL) {
		fprintf(stderr, "run under tests/with-private-postgres.sh\n");
		return 77;
	}
	dir = g_dir_make_tmp("td-bench-pg-XXXXXX", &error);
	g_assert_no_error(error);
	db_path = g_build_filename(dir, "tiepdon.db", NULL);
	stores[0] = TD_STORE(td_sqlite_store_new(db_path, &error));
	g_assert_no_error(error);
	bench_commits("SQLite", stores, 1);
	g_clear_object(&stores[0]);

	conninfo = td_test_pg_create_database("bench");
	for (guint k = 0; k < 4; k++) {
		g_autofree gchar *id = g_strdup_printf("kiosk-%u", k + 1);
		stores[k] = TD_STORE(td_pg_store_new_at_version(conninfo, id, TD_PG_STORE_SCHEMA_VERSION, &error));
		g_assert_no_error(error);
	}
	bench_commits("PostgreSQL", stores, 1);
	bench_commits("PostgreSQL", stores, 4);

	start = g_get_monotonic_time();
	generate_district(conninfo);
	printf("(ten years generated with generate_series in %.0f s)\n", (g_get_monotonic_time() - start) / 1e6);
	bench_report(TD_PG_STORE(stores[0]), today);
	for (guint k = 0; k < 4; k++)
		g_clear_object(&stores[k]);
	g_unlink(db_path);
	wal = g_strconcat(db_path, "-wal", NULL);
	shm = g_strconcat(db_path, "-shm", NULL);
	g_unlink(wal);
	g_unlink(shm);
	g_rmdir(dir);
	return 0;
}
