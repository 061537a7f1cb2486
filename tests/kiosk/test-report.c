/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reports on generated data: 40 days of random verdicts (seeded), counted
 * here in C as they are written, compared with what the store's SQL
 * aggregates and the three output formats say. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "td-report.h"
#include "td-test-files.h"
#include "td-sqlite-store.h"

#define N_DAYS 40

typedef struct {
	gchar *dir;
	TdSqliteStore *store;
	TdDailyCounts expected[N_DAYS];
} Fixture;

static void
day_name(guint i, gchar out[11])
{
	GDate date;
	g_date_clear(&date, 1);
	g_date_set_dmy(&date, 1, G_DATE_JANUARY, 2024);
	g_date_add_days(&date, i);
	g_snprintf(out, 11, "%04u-%02u-%02u", g_date_get_year(&date), g_date_get_month(&date), g_date_get_day(&date));
}

static void
fixture_setup(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *db = NULL;
	g_autoptr(GRand) rand = g_rand_new_with_seed(20240101);

	fx->dir = g_dir_make_tmp("td-report-XXXXXX", &error);
	g_assert_no_error(error);
	db = g_build_filename(fx->dir, "t.db", NULL);
	fx->store = td_sqlite_store_new(db, &error);
	g_assert_no_error(error);

	for (guint d = 0; d < N_DAYS; d++) {
		/* some days have nobody: they must still be rows */
		guint n = (d % 7 == 3) ? 0 : (guint)g_rand_int_range(rand, 1, 14);
		TdDailyCounts *e = &fx->expected[d];
		day_name(d, e->day);
		for (guint i = 0; i < n; i++) {
			g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
			TdCheckinException *exc;
			g_strlcpy(rec->day, e->day, sizeof(rec->day));
			rec->card_verdict = (TdCardVerdict)g_rand_int_range(rand, 0, TD_CARD_VERDICT_COUNT);
			rec->eligibility = (TdEligibilityVerdict)g_rand_int_range(rand, 0, TD_ELIGIBILITY_COUNT);
			rec->vneid = (TdVneidAnswer)g_rand_int_range(rand, 0, TD_VNEID_COUNT);
			rec->outcome = (TdOutcome)g_rand_int_range(rand, 0, TD_OUTCOME_COUNT);
			/* sent to reception: with a case for staff, as the
			 * session stores it; half of them closed since (the
			 * outcome becomes checked-in, "sent" stays) */
			exc = rec->outcome == TD_OUTCOME_SEE_STAFF ? td_checkin_exception_new() : NULL;
			if (exc != NULL)
				exc->reason = g_strdup("insurance-not-found");
			g_assert_true(td_store_record_checkin(TD_STORE(fx->store), rec, exc, &error));
			g_assert_no_error(error);
			if (exc != NULL && g_rand_boolean(rand)) {
				g_assert_true(td_store_resolve_exception(TD_STORE(fx->store), exc->id, "self-pay", NULL, &error));
				g_assert_no_error(error);
				rec->outcome = TD_OUTCOME_CHECKED_IN;
			}
			e->checkins++;
			e->by_card[rec->card_verdict]++;
			e->by_eligibility[rec->eligibility]++;
			e->by_vneid[rec->vneid]++;
			e->by_outcome[rec->outcome]++;
			e->sent_to_staff += exc != NULL;
			g_clear_pointer(&exc, td_checkin_exception_free);
		}
	}
}

static void
fixture_teardown(Fixture *fx, gconstpointer data)
{
	g_autofree gchar *db = g_build_filename(fx->dir, "t.db", NULL);
	g_autofree gchar *wal = g_strconcat(db, "-wal", NULL);
	g_autofree gchar *shm = g_strconcat(db, "-shm", NULL);
	g_clear_object(&fx->store);
	g_unlink(db);
	g_unlink(wal);
	g_unlink(shm);
	g_rmdir(fx->dir);
	g_free(fx->dir);
}

static void
assert_counts_equal(const TdDailyCounts *got, const TdDailyCounts *want)
{
	g_assert_cmpstr(got->day, ==, want->day);
	g_assert_cmpuint(got->checkins, ==, want->checkins);
	for (guint i = 0; i < TD_CARD_VERDICT_COUNT; i++)
		g_assert_cmpuint(got->by_card[i], ==, want->by_card[i]);
	for (guint i = 0; i < TD_ELIGIBILITY_COUNT; i++)
		g_assert_cmpuint(got->by_eligibility[i], ==, want->by_eligibility[i]);
	for (guint i = 0; i < TD_VNEID_COUNT; i++)
		g_assert_cmpuint(got->by_vneid[i], ==, want->by_vneid[i]);
	for (guint i = 0; i < TD_OUTCOME_COUNT; i++)
		g_assert_cmpuint(got->by_outcome[i], ==, want->by_outcome[i]);
	g_assert_cmpuint(got->sent_to_staff, ==, want->sent_to_staff);
}

/* The rate computed here from the raw counts, not with the library. */
/* Who answered the VNeID question, and how many of them said integrated
 * (or were helped to). */
static guint
expected_answered(const TdDailyCounts *e, guint *yes)
{
	*yes = e->by_vneid[TD_VNEID_INTEGRATED] + e->by_vneid[TD_VNEID_ASSISTED];
	return e->by_vneid[TD_VNEID_INTEGRATED] + e->by_vneid[TD_VNEID_NOT_YET] + e->by_vneid[TD_VNEID_NO_ACCOUNT] +
	       e->by_vneid[TD_VNEID_ASSISTED] + e->by_vneid[TD_VNEID_NO_SMARTPHONE];
}

static gchar *
expected_rate(const TdDailyCounts *e)
{
	guint yes;
	guint answered = expected_answered(e, &yes);
	gchar buf[32];
	if (answered == 0)
		return g_strdup("");
	return g_strdup(g_ascii_formatd(buf, sizeof(buf), "%.1f", 100.0 * yes / answered));
}

/* The text report's rate, as the signed report and the hub say it:
 * "67% (2 trên 3 lượt)", rounded to the nearest whole percent. */
static gchar *
expected_rate_words(const TdDailyCounts *e)
{
	guint yes;
	guint answered = expected_answered(e, &yes);
	if (answered == 0)
		return g_strdup("chưa hỏi lượt nào");
	return g_strdup_printf("%u%% (%u trên %u lượt)", (guint)floor(100.0 * yes / answered + 0.5), yes, answered);
}

static void
test_range(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	/* two days before and after the data: zero rows */
	g_autoptr(GPtrArray) days = td_report_range(TD_STORE(fx->store), "2023-12-30", "2024-02-11", &error);

	g_assert_no_error(error);
	g_assert_cmpuint(days->len, ==, N_DAYS + 4);
	g_assert_cmpstr(((TdDailyCounts *)g_ptr_array_index(days, 0))->day, ==, "2023-12-30");
	g_assert_cmpuint(((TdDailyCounts *)g_ptr_array_index(days, 0))->checkins, ==, 0);
	g_assert_cmpstr(((TdDailyCounts *)g_ptr_array_index(days, N_DAYS + 3))->day, ==, "2024-02-11");
	for (guint d = 0; d < N_DAYS; d++)
		assert_counts_equal(g_ptr_array_index(days, d + 2), &fx->expected[d]);
}

static void
test_day_and_text(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDailyCounts) day = td_report_day(TD_STORE(fx->store), fx->expected[5].day, &error);
	g_autofree gchar *text = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *rate = expected_rate_words(&fx->expected[5]);

	g_assert_no_error(error);
	assert_counts_equal(day, &fx->expected[5]);
	text = td_report_format_text(day, "01001", "Trạm Y tế xã A");
	g_assert_nonnull(strstr(text, fx->expected[5].day));
	g_assert_nonnull(strstr(text, "Trạm Y tế xã A"));
	line = g_strdup_printf("%6u\n", fx->expected[5].checkins);
	g_assert_nonnull(strstr(text, "Lượt tiếp đón (check-ins):"));
	g_assert_nonnull(strstr(strstr(text, "(check-ins):"), line));
	g_assert_nonnull(strstr(text, rate));

	/* a day that does not exist is an error, not an empty report */
	g_assert_null(td_report_day(TD_STORE(fx->store), "2024-02-30", &error));
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
	g_clear_error(&error);
	g_assert_null(td_report_range(TD_STORE(fx->store), "2024-02-03", "2024-02-01", &error));
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_csv(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) days = td_report_range(TD_STORE(fx->store), "2024-01-01", "2024-02-09", &error);
	g_autofree gchar *csv = td_report_format_csv(days, "01001");
	g_auto(GStrv) lines = g_strsplit(csv, "\r\n", -1);

	g_assert_cmpuint(g_strv_length(lines), ==, N_DAYS + 2); /* header, rows, "" */
	g_assert_true(g_str_has_prefix(lines[0], "date,station_code,checkins,by_chip_card,eligible,"));
	for (guint d = 0; d < N_DAYS; d++) {
		const TdDailyCounts *e = &fx->expected[d];
		g_autofree gchar *rate = expected_rate(e);
		g_autofree gchar *want = g_strdup_printf(
		    "%s,01001,%u,%u,%u,%u,%u,%u,%u,%u,%u,%s,%u,%u,%u", e->day, e->checkins,
		    e->checkins - e->by_card[TD_CARD_VERDICT_NO_CARD],
		    e->by_eligibility[TD_ELIGIBILITY_ELIGIBLE] + e->by_eligibility[TD_ELIGIBILITY_ELIGIBLE_NEW_CARD],
		    e->by_outcome[TD_OUTCOME_PENDING_ELIGIBILITY], e->sent_to_staff,
		    e->by_vneid[TD_VNEID_INTEGRATED], e->by_vneid[TD_VNEID_NOT_YET], e->by_vneid[TD_VNEID_NO_ACCOUNT],
		    e->by_vneid[TD_VNEID_ASSISTED], rate, e->by_vneid[TD_VNEID_NO_SMARTPHONE], e->by_vneid[TD_VNEID_LEFT],
		    /* the rate's denominator, to rebuild it */
		    e->checkins - e->by_vneid[TD_VNEID_NOT_ASKED] - e->by_vneid[TD_VNEID_LEFT]);
		g_assert_cmpstr(lines[d + 1], ==, want);
	}
}

/* The manager's file, written out by hand: two days, the second with
 * nobody asked about VNeID (no rate), then the sums, whose rate is 2 of 3
 * (67), not the average of the days' rates. */
static void
test_spreadsheet(void)
{
	g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func((GDestroyNotify)td_daily_counts_free);
	TdDailyCounts *first = td_daily_counts_new("2024-03-09");
	TdDailyCounts *second = td_daily_counts_new("2024-03-10");
	g_autoptr(GBytes) file = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *cells = NULL;

	first->checkins = 5;
	first->by_card[TD_CARD_VERDICT_GENUINE] = 4;
	first->by_card[TD_CARD_VERDICT_NO_CARD] = 1;
	first->by_eligibility[TD_ELIGIBILITY_ELIGIBLE] = 3;
	first->by_eligibility[TD_ELIGIBILITY_ELIGIBLE_NEW_CARD] = 1;
	first->by_outcome[TD_OUTCOME_PENDING_ELIGIBILITY] = 1;
	first->sent_to_staff = 1;
	first->by_vneid[TD_VNEID_INTEGRATED] = 1;
	first->by_vneid[TD_VNEID_ASSISTED] = 1;
	first->by_vneid[TD_VNEID_NO_ACCOUNT] = 1;
	first->by_vneid[TD_VNEID_LEFT] = 1;
	first->by_vneid[TD_VNEID_NOT_ASKED] = 1;
	second->checkins = 2;
	second->by_card[TD_CARD_VERDICT_GENUINE] = 2;
	second->by_vneid[TD_VNEID_NOT_ASKED] = 2;
	g_ptr_array_add(days, first);
	g_ptr_array_add(days, second);

	file = td_report_format_spreadsheet(days, "01001", &error);
	g_assert_no_error(error);
	/* a zip (an .xlsx workbook), read as a PC reads it: the code is text
	 * ("01001", not 1001), each day a date shown dd/mm/yyyy (not text a
	 * PC set to US formats takes for the 3rd of September), the rate a
	 * percent, the headings frozen above the rows */
	g_assert_cmpmem(g_bytes_get_data(file, NULL), 2, "PK", 2);
	cells = td_test_xlsx_cells_of(file);
	g_assert_cmpstr(cells, ==,
			"# sheet: Báo cáo\n"
			"# frozen: 1\n"
			"s:Ngày\ts:Mã cơ sở\ts:Lượt tiếp đón\ts:Bằng CCCD gắn chip\ts:Đủ điều kiện BHYT\t"
			"s:Chờ xác nhận BHYT\ts:Chuyển nhân viên tiếp đón\ts:Đã tích hợp VNeID\ts:Chưa tích hợp VNeID\t"
			"s:Chưa có tài khoản mức 2\ts:Được hỗ trợ tích hợp\ts:Tỷ lệ tích hợp (%)\t"
			"s:Không dùng điện thoại thông minh\ts:Đi trước khi trả lời\ts:Số lượt trả lời về VNeID\n"
			"d:09/03/2024\ts:01001\tn:5\tn:4\tn:4\tn:1\tn:1\tn:1\tn:0\tn:1\tn:1\tp:67%\tn:0\tn:1\tn:3\n"
			"d:10/03/2024\ts:01001\tn:2\tn:2\tn:0\tn:0\tn:0\tn:0\tn:0\tn:0\tn:0\t\tn:0\tn:0\tn:0\n"
			"s:Cộng\ts:01001\tn:7\tn:6\tn:4\tn:1\tn:1\tn:1\tn:0\tn:1\tn:1\tp:67%\tn:0\tn:1\tn:3\n");
}

static void
test_json(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) days = td_report_range(TD_STORE(fx->store), "2024-01-01", "2024-02-09", &error);
	g_autofree gchar *json = td_report_format_json(days, "01001", "Trạm Y tế xã A");
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *root, *total, *day0;
	JsonArray *array;
	guint sum = 0, sum_forged = 0;

	g_assert_true(json_parser_load_from_data(parser, json, -1, &error));
	g_assert_no_error(error);
	root = json_node_get_object(json_parser_get_root(parser));
	array = json_object_get_array_member(root, "days");
	g_assert_cmpuint(json_array_get_length(array), ==, N_DAYS);
	for (guint d = 0; d < N_DAYS; d++) {
		sum += fx->expected[d].checkins;
		sum_forged += fx->expected[d].by_card[TD_CARD_VERDICT_FORGED];
	}
	total = json_object_get_object_member(root, "total");
	g_assert_cmpint(json_object_get_int_member(total, "checkins"), ==, sum);
	g_assert_cmpint(json_object_get_int_member(json_object_get_object_member(total, "card"), "forged"), ==,
			sum_forged);
	day0 = json_array_get_object_element(array, 0);
	g_assert_cmpstr(json_object_get_string_member(day0, "date"), ==, "2024-01-01");
	g_assert_cmpint(json_object_get_int_member(json_object_get_object_member(day0, "eligibility"), "expired"), ==,
			fx->expected[0].by_eligibility[TD_ELIGIBILITY_EXPIRED]);
	{
		g_autofree gchar *want = expected_rate(&fx->expected[0]);
		gchar buf[32];
		g_assert_cmpstr(g_ascii_formatd(buf, sizeof(buf), "%.1f",
						json_object_get_double_member(day0, "integration_rate")),
				==, want);
	}
	/* a day with nobody has no rate */
	g_assert_true(
	    json_node_is_null(json_object_get_member(json_array_get_object_element(array, 3), "integration_rate")));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/report/range", Fixture, NULL, fixture_setup, test_range, fixture_teardown);
	g_test_add("/report/day-and-text", Fixture, NULL, fixture_setup, test_day_and_text, fixture_teardown);
	g_test_add("/report/csv", Fixture, NULL, fixture_setup, test_csv, fixture_teardown);
	g_test_add_func("/report/spreadsheet", test_spreadsheet);
	g_test_add("/report/json", Fixture, NULL, fixture_setup, test_json, fixture_teardown);
	return g_test_run();
}
