/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's speed on realistic sizes: 300 check-ins a day for 1 and 10
 * years. Prints figures; asserts nothing about time. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "td-id-hash.h"
#include "td-report.h"
#include "td-sqlite-store.h"
#include "td-test-figures.h"

#define PER_DAY 300
#define FIRST_TIME 1600000000

static gdouble
median(gdouble *values, guint n)
{
	td_test_sort_doubles(values, n);
	return values[n / 2];
}

static void
format_day(const GDate *date, gchar out[11])
{
	g_snprintf(out, 11, "%04u-%02u-%02u", g_date_get_year(date), g_date_get_month(date), g_date_get_day(date));
}

static int
first_value_cb(void *out, int n_columns, char **values, char **names)
{
	g_strlcpy(out, n_columns > 0 && values[0] != NULL ? values[0] : "", 16);
	return 0;
}

/* SQLite answers the mode it is in: a mode it refused is not an error. */
static void
set_journal_mode(sqlite3 *db, const gchar *mode)
{
	g_autofree gchar *sql = g_strdup_printf("PRAGMA journal_mode = %s", mode);
	gchar now[16] = "";

	g_assert_cmpint(sqlite3_exec(db, sql, first_value_cb, now, NULL), ==, SQLITE_OK);
	g_assert_cmpstr(now, ==, mode);
}

/* Rows straight into the file, one transaction, one prepared insert: the
 * store's own path (one durable transaction each) would take hours. The
 * generator's connection caches 256 MiB of pages (the random ID hashes'
 * index read its pages back from the file at every insert) and writes no
 * journal (a throw-away file; the whole history went through the WAL):
 * ten years in 10 s instead of 46. The file is back in WAL mode after,
 * and the store measured opens it with its own settings. */
static void
generate(const gchar *path, guint n_days, GDate *first_day)
{
	g_autoptr(GRand) rand = g_rand_new_with_seed(7);
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	GDate date = *first_day;
	gint64 t0 = FIRST_TIME;

	g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_exec(db, "PRAGMA cache_size = -262144", NULL, NULL, NULL), ==, SQLITE_OK);
	set_journal_mode(db, "off");
	g_assert_cmpint(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_prepare_v2(db,
					   "INSERT INTO checkins (time_unix, day, queue_number, card_verdict,"
					   " eligibility, vneid, outcome, id_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
					   -1, &stmt, NULL),
			==, SQLITE_OK);
	for (guint d = 0; d < n_days; d++) {
		gchar day[11];
		format_day(&date, day);
		for (guint q = 1; q <= PER_DAY; q++) {
			gchar hash[17];
			g_snprintf(hash, sizeof(hash), "%016x", g_rand_int(rand));
			sqlite3_bind_int64(stmt, 1, t0 + (gint64)d * 86400 + q * 60);
			sqlite3_bind_text(stmt, 2, day, -1, SQLITE_STATIC);
			sqlite3_bind_int(stmt, 3, (int)q);
			sqlite3_bind_text(stmt, 4, td_card_verdict_to_string(g_rand_int_range(rand, 0, 5)), -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(stmt, 5, td_eligibility_verdict_to_string(g_rand_int_range(rand, 0, 12)), -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(stmt, 6, td_vneid_answer_to_string(g_rand_int_range(rand, 0, 5)), -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(stmt, 7, td_outcome_to_string(g_rand_int_range(rand, 0, 3)), -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 8, hash, -1, SQLITE_TRANSIENT);
			g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_DONE);
			sqlite3_reset(stmt);
		}
		g_date_add_days(&date, 1);
	}
	sqlite3_finalize(stmt);
	g_assert_cmpint(sqlite3_exec(db, "COMMIT; ANALYZE", NULL, NULL, NULL), ==, SQLITE_OK);
	set_journal_mode(db, "wal");
	sqlite3_close(db);
}

static void
bench_years(const gchar *dir, guint years)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = g_strdup_printf("%s/bench-%u.db", dir, years);
	g_autofree gchar *wal = g_strconcat(path, "-wal", NULL);
	g_autofree gchar *shm = g_strconcat(path, "-shm", NULL);
	g_autoptr(TdSqliteStore) store = NULL;
	guint n_days = years * 365;
	GDate first, today, month_ago;
	gchar today_s[11], month_ago_s[11];
	gdouble commits[200], reports[20], ranges[20];
	gdouble first_purge, daily_purge;
	const TdRetention retention = {30, 90};
	gint64 end = FIRST_TIME + (gint64)n_days * 86400;
	TdPurgeCounts purged = {0};
	gint64 t;
	GStatBuf st;

	g_date_clear(&first, 1);
	g_date_set_dmy(&first, 1, G_DATE_JANUARY, 2020);
	today = first;
	g_date_add_days(&today, n_days);
	month_ago = today;
	g_date_subtract_days(&month_ago, 29);
	format_day(&today, today_s);
	format_day(&month_ago, month_ago_s);

	g_object_unref(td_sqlite_store_new(path, &error)); /* the schema */
	g_assert_no_error(error);
	t = g_get_monotonic_time();
	generate(path, n_days, &first);
	printf("%2u year(s), %u check-ins: generated in %.1f s\n", years, n_days * PER_DAY,
	       (g_get_monotonic_time() - t) / 1e6);

	store = td_sqlite_store_new(path, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(commits); i++) {
		g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
		g_strlcpy(rec->day, today_s, sizeof(rec->day));
		rec->card_verdict = TD_CARD_VERDICT_GENUINE;
		rec->vneid = TD_VNEID_INTEGRATED;
		t = g_get_monotonic_time();
		g_assert_true(td_store_record_checkin(TD_STORE(store), rec, NULL, &error));
		commits[i] = (g_get_monotonic_time() - t) / 1e3;
	}
	for (guint i = 0; i < G_N_ELEMENTS(reports); i++) {
		g_autoptr(TdDailyCounts) c = NULL;
		t = g_get_monotonic_time();
		c = td_report_day(TD_STORE(store), today_s, &error);
		reports[i] = (g_get_monotonic_time() - t) / 1e3;
		g_assert_cmpuint(c->checkins, ==, G_N_ELEMENTS(commits));
	}
	for (guint i = 0; i < G_N_ELEMENTS(ranges); i++) {
		g_autoptr(GPtrArray) days = NULL;
		t = g_get_monotonic_time();
		days = td_report_range(TD_STORE(store), month_ago_s, today_s, &error);
		ranges[i] = (g_get_monotonic_time() - t) / 1e3;
		g_assert_cmpuint(days->len, ==, 30);
	}
	/* retention: the first pass over the whole history, then one day's
	 * worth, what the timer does every night (both VACUUM) */
	t = g_get_monotonic_time();
	g_assert_true(td_store_purge(TD_STORE(store), &retention, end, &purged, &error));
	first_purge = (g_get_monotonic_time() - t) / 1e6;
	g_assert_cmpuint(purged.checkins_minimised, >, 0);
	t = g_get_monotonic_time();
	g_assert_true(td_store_purge(TD_STORE(store), &retention, end + 86400, &purged, &error));
	daily_purge = (g_get_monotonic_time() - t) / 1e6;
	g_assert_cmpuint(purged.checkins_minimised, ==, PER_DAY);
	g_clear_object(&store);
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	printf("   retention: first pass %.2f s, a day's pass (with VACUUM) %.2f s\n", first_purge, daily_purge);
	printf("   check-in commit (synchronous=FULL), median of %u: %.3f ms\n", (guint)G_N_ELEMENTS(commits),
	       median(commits, G_N_ELEMENTS(commits)));
	printf("   today's report, median of %u:                 %.3f ms\n", (guint)G_N_ELEMENTS(reports),
	       median(reports, G_N_ELEMENTS(reports)));
	printf("   30-day range report, median of %u:            %.3f ms\n", (guint)G_N_ELEMENTS(ranges),
	       median(ranges, G_N_ELEMENTS(ranges)));
	printf("   database file (after retention): %.1f MiB\n", st.st_size / (1024.0 * 1024.0));
	g_unlink(path);
	g_unlink(wal);
	g_unlink(shm);
}

/* What each check-in pays to store the ID's hash, at the default cost. */
static void
bench_id_hash(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) key = g_bytes_new_static("0123456789abcdef0123456789abcdef", TD_ID_HASH_KEY_LEN);
	g_autoptr(TdIdHasher) hasher = td_id_hasher_new(key, TD_ID_HASH_DEFAULT_COST, &error);
	gdouble times[20];

	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(times); i++) {
		gint64 t = g_get_monotonic_time();
		g_autofree gchar *hash = td_id_hasher_hash(hasher, "001058012345");
		times[i] = (g_get_monotonic_time() - t) / 1e3;
		g_assert_nonnull(hash);
	}
	printf("ID hash (HMAC, then scrypt N = 2^%d, r = 8), median of %u: %.1f ms\n", TD_ID_HASH_DEFAULT_COST,
	       (guint)G_N_ELEMENTS(times), median(times, G_N_ELEMENTS(times)));
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("td-bench-store-XXXXXX", &error);
	g_assert_no_error(error);
	bench_id_hash();
	bench_years(dir, 1);
	bench_years(dir, 10);
	g_rmdir(dir);
	return 0;
}
