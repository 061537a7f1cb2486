/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report chain with real parts only: `tiepdon report --send` (the
 * program) to `tiepdon-hub serve` (the program) over HTTPS on loopback,
 * writing into the private PostgreSQL of tests/with-private-postgres.sh.
 * A re-send replaces; a wrong token is refused and the day stays pending,
 * as doctor says; a hub that is down is retried until it is back, doctor
 * showing the pending day and the error meanwhile; a run without a day
 * catches up on the days since the last one sent; the roll-up page lists
 * the station that did not report; the CSV holds exactly what was sent;
 * the token is never printed or stored in the clear; two machines sending
 * one station's day are told; a database newer than the hub is refused. */
#include "config.h"

#include <curl/curl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "td-hub-db.h"
#include "td-hub-rollup.h"
#include "td-report-send.h"
#include "td-test-hub.h"
#include "td-test-postgres.h"
#include "td-test-files.h"
#include "td-test-report.h"

#define DAY "2025-03-13"

static struct {
	TdTestHub *hub;
	gchar *token[3]; /* stations 01001, 01002, 01003 */
	gchar *viewer_token;
	TdTestKiosk *kiosk[2];
} chain;

static const gchar *const codes[3] = {"01001", "01002", "01003"};
static const gchar *const names[3] = {"Trạm Y tế xã An Bình", "Trạm Y tế xã An Hòa", "Trạm Y tế thị trấn Phú Mỹ"};
static const gchar *const communes[3] = {"Xã An Bình", "Xã An Hòa", "Thị trấn Phú Mỹ"};

static gchar *
hub_command(const gchar *const *args, gint expect_status)
{
	return td_test_hub_command(chain.hub, args, expect_status);
}

static gsize
collect_cb(char *data, size_t size, size_t nmemb, void *user_data)
{
	g_string_append_len(user_data, data, (gssize)(size * nmemb));
	return size * nmemb;
}

/* GET (or POST body) over verified HTTPS; returns the status, the
 * answer's bytes in *answer (may be NULL). */
static long
http_bytes(const gchar *path, const gchar *userpwd, const gchar *bearer, const gchar *body, GBytes **answer)
{
	g_autofree gchar *url = g_strdup_printf("https://127.0.0.1:%u%s", chain.hub->port, path);
	g_autofree gchar *authorization = bearer != NULL ? g_strconcat("Authorization: Bearer ", bearer, NULL) : NULL;
	struct curl_slist *headers = NULL;
	GString *text = g_string_new(NULL);
	CURL *easy = curl_easy_init();
	long status = 0;

	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_CAINFO, chain.hub->ca_file);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT, 20L);
	if (userpwd != NULL)
		curl_easy_setopt(easy, CURLOPT_USERPWD, userpwd);
	if (authorization != NULL)
		headers = curl_slist_append(headers, authorization);
	if (body != NULL) {
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect_cb);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, text);
	g_assert_cmpint(curl_easy_perform(easy), ==, CURLE_OK);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(easy);
	curl_slist_free_all(headers);
	if (answer != NULL)
		*answer = g_string_free_to_bytes(text);
	else
		g_string_free(text, TRUE);
	return status;
}

/* The same, the answer as text. */
static long
http(const gchar *path, const gchar *userpwd, const gchar *bearer, const gchar *body, gchar **answer)
{
	g_autoptr(GBytes) bytes = NULL;
	long status = http_bytes(path, userpwd, bearer, body, answer != NULL ? &bytes : NULL);

	if (answer != NULL)
		*answer = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
	return status;
}

/* [report] for station i, with a token file holding token. */
static TdTestKiosk *
kiosk_new(guint i, const gchar *token)
{
	g_autofree gchar *section =
	    g_strdup_printf("[report]\nurl=https://127.0.0.1:%u\ntoken-file=report.token\nca-file=%s\n"
			    "retry-first-s=0.2\nretry-max-s=1\nretry-for-h=0.02\nconnect-timeout=2\ntimeout=10\n",
			    chain.hub->port, chain.hub->ca_file);
	TdTestKiosk *kiosk = td_test_kiosk_new(codes[i], names[i], section);
	g_autofree gchar *token_line = g_strconcat(token, "\n", NULL);
	g_free(td_test_kiosk_write_file(kiosk, "report.token", token_line));
	return kiosk;
}

static gint
tiepdon(TdTestKiosk *kiosk, gchar **out, gchar **err, const gchar *command, const gchar *arg1, const gchar *arg2,
	const gchar *arg3)
{
	const gchar *argv[] = {TD_TIEPDON, command, "--config", kiosk->config_path, arg1, arg2, arg3, NULL};
	static const gchar *const env[] = {"G_MESSAGES_DEBUG=all", NULL};
	return td_test_run(env, out, err, argv);
}

static gchar *
doctor_report_line(TdTestKiosk *kiosk)
{
	g_autofree gchar *out = NULL;
	g_auto(GStrv) lines = NULL;

	tiepdon(kiosk, &out, NULL, "doctor", NULL, NULL, NULL);
	lines = g_strsplit(out, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		if (strstr(lines[i], " report ") != NULL)
			return g_strdup(lines[i]);
	}
	g_error("doctor printed no report line:\n%s", out);
}

static gchar *
stored(const gchar *code, const gchar *day, const gchar *column)
{
	g_autofree gchar *sql = g_strdup_printf("SELECT %s FROM day_reports WHERE station_code = '%s' AND day = '%s'",
						column, code, day);
	return td_test_pg_query_value(chain.hub->database, sql);
}

static void
test_send_and_replace(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *checkins = NULL;
	g_autofree gchar *sends = NULL;
	g_autofree gchar *rows = NULL;
	TdTestKiosk *kiosk = chain.kiosk[0];

	td_test_kiosk_add_standard_day(kiosk, DAY);
	g_assert_cmpint(tiepdon(kiosk, &out, &err, "report", "--send", "--date", DAY), ==, 0);
	g_assert_nonnull(strstr(out, DAY ": đã gửi (sent)"));
	checkins = stored("01001", DAY, "checkins");
	g_assert_cmpstr(checkins, ==, "50");
	g_clear_pointer(&checkins, g_free);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* two more patients after the first send: the re-send replaces */
	td_test_kiosk_add_checkins(kiosk, DAY, 2);
	g_assert_cmpint(tiepdon(kiosk, &out, &err, "report", "--send", "--date", DAY), ==, 0);
	g_assert_nonnull(strstr(out, "replaced the earlier send"));
	checkins = stored("01001", DAY, "checkins");
	sends = stored("01001", DAY, "sends");
	rows = td_test_pg_query_value(chain.hub->database, "SELECT count(*) FROM day_reports WHERE station_code = '01001'");
	g_assert_cmpstr(checkins, ==, "52");
	g_assert_cmpstr(sends, ==, "2");
	g_assert_cmpstr(rows, ==, "1");

	/* the bearer token went up, but into no output or log line */
	g_assert_null(strstr(out, chain.token[0]));
	g_assert_null(strstr(err, chain.token[0]));
}

static void
test_rollup_and_csv(void)
{
	g_autofree gchar *viewer = g_strconcat("ttyt-an-phu:", chain.viewer_token, NULL);
	g_autofree gchar *html = NULL;
	g_autofree gchar *csv = NULL;
	g_autofree gchar *missing = NULL;
	g_autoptr(GBytes) sheet = NULL;
	g_autofree gchar *sheet_text = NULL;
	g_auto(GStrv) lines = NULL;
	TdTestKiosk *kiosk = chain.kiosk[1];

	/* the second station reports; the third never does */
	td_test_kiosk_add_checkins(kiosk, DAY, 9);
	g_assert_cmpint(tiepdon(kiosk, NULL, NULL, "report", "--send", "--date", DAY), ==, 0);

	g_assert_cmpint(http("/rollup?date=" DAY, NULL, NULL, NULL, NULL), ==, 401);
	g_assert_cmpint(http("/rollup?date=" DAY, "ttyt-an-phu:wrong-wrong-wrong-wrong", NULL, NULL, NULL), ==, 401);
	/* a station's token is no viewer's */
	{
		g_autofree gchar *as_station = g_strconcat("ttyt-an-phu:", chain.token[0], NULL);
		g_assert_cmpint(http("/rollup?date=" DAY, as_station, NULL, NULL, NULL), ==, 401);
	}
	g_assert_cmpint(http("/rollup?date=" DAY, viewer, NULL, NULL, &html), ==, 200);
	g_test_message("%s", html);
	g_assert_nonnull(strstr(html, "Khu vực An Phú"));
	g_assert_nonnull(strstr(html, "Số liệu ngày 13/03/2025: 2/3 trạm đã báo cáo, 61 lượt tiếp đón"));
	/* An Bình's rate, as staff read it: 12 + 2 integrated of 48 + 2 */
	g_assert_nonnull(strstr(html, "<td>Xã An Bình</td><td class=\"n\">1/1</td><td class=\"n\">52</td>"
				      "<td class=\"n\">46</td><td class=\"n\">28% (14 trên 50 lượt)</td>"));
	missing = g_strdup_printf("Chưa báo cáo (1 trạm):</p>\n<ul class=\"missing\">\n<li>%s (mã 01003, %s)</li>",
				  names[2], communes[2]);
	g_assert_nonnull(strstr(html, missing));
	g_assert_null(strstr(html, "<li>Trạm Y tế xã An Bình"));

	g_assert_cmpint(http("/rollup.csv?date=" DAY, viewer, NULL, NULL, &csv), ==, 200);
	lines = g_strsplit(csv, "\r\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 5);
	g_assert_cmpstr(lines[0], ==,
			"\xEF\xBB\xBF"
			"date,area,commune,station_code,station_name,reported,kiosks,checkins,by_chip_card,eligible,"
			"vneid_asked,vneid_integrated,integration_rate_percent,program,received_at");
	g_assert_true(g_str_has_prefix(lines[1], DAY ",\"Khu vực An Phú\",\"Thị trấn Phú Mỹ\",01003,"
						"\"Trạm Y tế thị trấn Phú Mỹ\",no,0,0,0,0,0,0,,\"\","));
	g_assert_true(g_str_has_prefix(lines[2], DAY ",\"Khu vực An Phú\",\"Xã An Bình\",01001,\"Trạm Y tế xã An Bình\","
						"yes,1,52,46,42,50,14,28.0,\"tiepdon " PACKAGE_VERSION "\",2"));
	g_assert_true(g_str_has_prefix(lines[3], DAY ",\"Khu vực An Phú\",\"Xã An Hòa\",01002,\"Trạm Y tế xã An Hòa\","
						"yes,1,9,9,9,9,9,100.0,\"tiepdon " PACKAGE_VERSION "\",2"));
	g_assert_cmpstr(lines[4], ==, "");

	/* the file for a person with Excel, linked from the page: a
	 * workbook, read as the area's PC reads it: the page's words, the
	 * day and the time received as dates, the station codes as text
	 * ("01001", where a text file gave Excel the number 1001), whole
	 * percents, nothing for the station that has not reported, the
	 * reported ones summed */
	g_assert_nonnull(strstr(html, "<a href=\"/rollup-sheet.xlsx?date=" DAY "\">Tải tệp bảng tính (Excel)</a>"));
	g_assert_cmpint(http_bytes("/rollup-sheet.xlsx?date=" DAY, viewer, NULL, NULL, &sheet), ==, 200);
	g_assert_cmpmem(g_bytes_get_data(sheet, NULL), 2, "PK", 2);
	sheet_text = td_test_xlsx_cells_of(sheet);
	g_strfreev(lines);
	lines = g_strsplit(sheet_text, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 8);
	g_assert_cmpstr(lines[0], ==, "# sheet: Tổng hợp");
	g_assert_cmpstr(lines[1], ==, "# frozen: 1");
	g_assert_cmpstr(lines[2], ==,
			"s:Ngày\ts:Khu vực\ts:Xã, phường\ts:Mã trạm\ts:Tên trạm\ts:Đã báo cáo\ts:Số máy\t"
			"s:Lượt tiếp đón\ts:Bằng căn cước gắn chip\ts:Thẻ BHYT hợp lệ\ts:Lượt trả lời về VNeID\t"
			"s:Đã tích hợp BHYT vào VNeID\ts:Tỷ lệ tích hợp (%)\ts:Nhận lúc");
	g_assert_cmpstr(lines[3], ==, "d:13/03/2025\ts:Khu vực An Phú\ts:Thị trấn Phú Mỹ\ts:01003\t"
				      "s:Trạm Y tế thị trấn Phú Mỹ\ts:Chưa");
	/* received today, on the hub's clock: dd/mm/yyyy hh:mm */
	g_assert_true(g_regex_match_simple("^d:13/03/2025\ts:Khu vực An Phú\ts:Xã An Bình\ts:01001\ts:Trạm Y tế xã An "
					   "Bình\ts:Có\tn:1\tn:52\tn:46\tn:42\tn:50\tn:14\tp:28%\t"
					   "d:[0-3][0-9]/[01][0-9]/20[0-9][0-9] [0-2][0-9]:[0-5][0-9]$",
					   lines[4], 0, 0));
	g_assert_true(g_regex_match_simple("^d:13/03/2025\ts:Khu vực An Phú\ts:Xã An Hòa\ts:01002\ts:Trạm Y tế xã An "
					   "Hòa\ts:Có\tn:1\tn:9\tn:9\tn:9\tn:9\tn:9\tp:100%\t"
					   "d:[0-3][0-9]/[01][0-9]/20[0-9][0-9] [0-2][0-9]:[0-5][0-9]$",
					   lines[5], 0, 0));
	/* 23 of 59: 39% */
	g_assert_cmpstr(lines[6], ==,
			"d:13/03/2025\ts:Cộng\t\t\t\ts:2 trên 3 trạm\t\tn:61\tn:55\tn:51\tn:59\tn:23\tp:39%");
	g_assert_cmpstr(lines[7], ==, "");
}

/* A field that starts like a formula reaches the spreadsheet as text: a
 * kiosk's "program" comes over the network (printable ASCII, 64 at most,
 * is all the hub checks), and names are typed by people. */
static void
test_csv_formula_as_text(void)
{
	TdHubStationDay row = {"-Huyện", "Xã An Bình", "01001", "@SUM(A1)", TRUE, 1, 2, 2, 2, 2, 1,
			       "=HYPERLINK(\"http://x\",\"y\")", "2025-03-13 07:00"};
	g_autoptr(GPtrArray) rows = g_ptr_array_new();
	g_autofree gchar *csv = NULL;
	g_autoptr(GBytes) sheet = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sheet_text = NULL;

	g_ptr_array_add(rows, &row);
	csv = td_hub_rollup_csv(rows, DAY);
	g_assert_nonnull(strstr(csv, "\r\n" DAY ",\"'-Huyện\",\"Xã An Bình\",01001,\"'@SUM(A1)\",yes,1,2,2,2,2,1,50.0,"
				     "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2025-03-13 07:00\r\n"));

	/* the spreadsheet's file holds them as text cells, which no
	 * spreadsheet runs, apostrophe-free; a tab or line break typed into
	 * a name is a space there (a row as tall as two) */
	row.commune = "Xã An\tBình\r\n";
	row.name = "\"=HYPERLINK(\"\"http://x\"\")\"";
	sheet = td_hub_rollup_spreadsheet(rows, DAY, &error);
	g_assert_no_error(error);
	sheet_text = td_test_xlsx_cells_of(sheet);
	g_assert_nonnull(strstr(sheet_text, "\nd:13/03/2025\ts:-Huyện\ts:Xã An Bình  \ts:01001\t"
					    "s:\"=HYPERLINK(\"\"http://x\"\")\"\ts:Có\tn:1\tn:2\tn:2\tn:2\tn:2\tn:1\tp:50%\t"
					    "d:13/03/2025 07:00\n"));
	g_assert_null(strstr(sheet_text, "f:"));
}

static void
test_wrong_token(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *sends = NULL;
	g_autoptr(TdTestKiosk) kiosk = kiosk_new(0, "Xb9NotTheStationsTokenAtAll000000000000000");
	g_autoptr(TdTestKiosk) stranger = kiosk_new(0, chain.token[1]);
	gint64 started = g_get_monotonic_time();

	td_test_kiosk_add_checkins(kiosk, DAY, 1);
	g_assert_cmpint(tiepdon(kiosk, &out, &err, "report", "--send", "--date", DAY), ==, 1);
	g_assert_nonnull(strstr(err, "refused this station's token"));
	/* a refusal is not retried: no waiting */
	g_assert_cmpint(g_get_monotonic_time() - started, <, 60 * G_USEC_PER_SEC);
	line = doctor_report_line(kiosk);
	g_test_message("%s", line);
	g_assert_true(g_str_has_prefix(line, "FAIL report"));
	g_assert_nonnull(strstr(line, "pending: " DAY));
	g_assert_nonnull(strstr(line, "refused this station's token"));
	/* nothing of station 01001's stored report changed */
	sends = stored("01001", DAY, "sends");
	g_assert_cmpstr(sends, ==, "2");

	/* another station's token does not speak for this one */
	td_test_kiosk_add_checkins(stranger, DAY, 1);
	g_assert_cmpint(tiepdon(stranger, NULL, NULL, "report", "--send", "--date", DAY), ==, 1);
	g_clear_pointer(&sends, g_free);
	sends = stored("01001", DAY, "sends");
	g_assert_cmpstr(sends, ==, "2");
}

static gboolean
state_shows_failure(const gchar *path, const gchar *day)
{
	g_autoptr(TdReportState) state = td_report_state_load(path, NULL);
	return state != NULL && state->last_error != NULL && state->pending->len > 0 &&
	       g_strcmp0(g_ptr_array_index(state->pending, 0), day) == 0;
}

static void
test_hub_down_is_retried(void)
{
	const gchar *day = "2025-03-14";
	TdTestKiosk *kiosk = chain.kiosk[0];
	g_autofree gchar *state_file = g_build_filename(kiosk->dir, "report-state.json", NULL);
	g_autoptr(GSubprocess) sender = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *by_hand = NULL;
	g_autofree gchar *checkins = NULL;
	gint64 deadline;

	td_test_kiosk_add_checkins(kiosk, day, 4);
	td_test_hub_stop(chain.hub);
	sender = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, TD_TIEPDON, "report", "--config",
				  kiosk->config_path, "--send", "--date", day, NULL);
	g_assert_no_error(error);

	/* it fails, keeps the day and says so, and keeps trying */
	deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
	while (!state_shows_failure(state_file, day) && g_get_monotonic_time() < deadline)
		g_usleep(100000);
	g_assert_true(state_shows_failure(state_file, day));
	line = doctor_report_line(kiosk);
	g_test_message("%s", line);
	g_assert_true(g_str_has_prefix(line, "FAIL report"));
	g_assert_nonnull(strstr(line, "pending: 2025-03-14"));
	g_assert_nonnull(strstr(line, "cannot reach the report hub"));
	g_assert_nonnull(strstr(line, "retrying at"));

	/* a single try meanwhile (as the manager's press on the dashboard,
	 * settings that retry for no time): it gets its turn, the waiting run
	 * letting the lock go between its tries (before, it held it through
	 * them, and every press was refused as "another send is running"),
	 * tries, and leaves the waiting run's next try as it was */
	{
		g_autofree gchar *settings = NULL;
		g_autofree gchar *single = g_build_filename(kiosk->dir, "single-try.conf", NULL);
		gboolean tried = FALSE;
		g_auto(GStrv) halves = NULL;
		g_autofree gchar *once = NULL;

		g_assert_true(g_file_get_contents(kiosk->config_path, &settings, NULL, &error));
		halves = g_strsplit(settings, "retry-for-h=0.02", 2);
		g_assert_cmpuint(g_strv_length(halves), ==, 2);
		once = g_strjoinv("retry-for-h=0", halves);
		g_assert_true(g_file_set_contents_full(single, once, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
		/* the waiting run holds the lock only while it tries (ms) */
		for (guint i = 0; i < 20 && !tried; i++) {
			g_autofree gchar *err = NULL;
			const gchar *argv[] = {TD_TIEPDON, "report", "--config", single, "--send", "--date", day, NULL};

			g_assert_cmpint(td_test_run(NULL, NULL, &err, argv), !=, 0);
			tried = strstr(err, "cannot reach the report hub") != NULL;
			if (!tried) {
				g_test_message("%s", err);
				g_assert_nonnull(strstr(err, "is running"));
				g_usleep(50000);
			}
		}
		g_assert_true(tried);
		g_clear_pointer(&line, g_free);
		line = doctor_report_line(kiosk);
		g_assert_nonnull(strstr(line, "retrying at"));
	}

	/* the hub comes back on the same address: the report gets there,
	 * by the run that waits to retry or by one started meanwhile, which
	 * waits its turn, and the waiting run reads what it sent */
	td_test_hub_start(chain.hub);
	g_assert_cmpint(tiepdon(kiosk, &by_hand, NULL, "report", "--send", "--date", day), ==, 0);
	g_assert_true(g_subprocess_communicate_utf8(sender, NULL, NULL, &out, NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpint(g_subprocess_get_exit_status(sender), ==, 0);
	g_assert_nonnull(strstr(out, "thử lại sau")); /* it did wait and retry */
	g_assert_true(strstr(out, "2025-03-14: đã gửi (sent)") != NULL ||
		      strstr(by_hand, "2025-03-14: đã gửi (sent)") != NULL);
	checkins = stored("01001", day, "checkins");
	g_assert_cmpstr(checkins, ==, "4");
	g_clear_pointer(&line, g_free);
	line = doctor_report_line(kiosk);
	g_test_message("%s", line);
	g_assert_nonnull(strstr(line, "last sent 2025-03-14"));
	g_assert_null(strstr(line, "pending"));
}

/* Without --date: yesterday, and every day since the last one the hub
 * acknowledged, a month at most; days with nobody are reported too. */
static void
test_catch_up(void)
{
	TdTestKiosk *kiosk = chain.kiosk[1];
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) yesterday_time = g_date_time_add_days(now, -1);
	g_autoptr(GDateTime) first_time = g_date_time_add_days(now, -31);
	g_autofree gchar *yesterday = g_date_time_format(yesterday_time, "%Y-%m-%d");
	g_autofree gchar *first = g_date_time_format(first_time, "%Y-%m-%d");
	g_autofree gchar *out = NULL;
	g_autofree gchar *sql = NULL;
	g_autofree gchar *days = NULL;

	td_test_kiosk_add_checkins(kiosk, yesterday, 5);
	g_assert_cmpint(tiepdon(kiosk, &out, NULL, "report", "--send", NULL, NULL), ==, 0);
	sql = g_strdup_printf("SELECT count(*) || ' ' || min(day) || ' ' || max(day) || ' ' || sum(checkins) "
			      "FROM day_reports WHERE station_code = '01002' AND day > '%s'",
			      DAY);
	days = td_test_pg_query_value(chain.hub->database, sql);
	{
		g_autofree gchar *expected = g_strdup_printf("31 %s %s 5", first, yesterday);
		g_assert_cmpstr(days, ==, expected);
	}
	/* the hub holds no connection of the 31 after answering it */
	{
		g_autofree gchar *fd_dir = g_strdup_printf("/proc/%s/fd", g_subprocess_get_identifier(chain.hub->process));
		g_autoptr(GDir) fds = g_dir_open(fd_dir, 0, NULL);
		guint open_fds = 0;
		g_assert_nonnull(fds);
		while (g_dir_read_name(fds) != NULL)
			open_fds++;
		g_test_message("the hub has %u files open", open_fds);
		g_assert_cmpuint(open_fds, <, 25);
	}
	/* all acknowledged: the next run has nothing to do */
	g_clear_pointer(&out, g_free);
	g_assert_cmpint(tiepdon(kiosk, &out, NULL, "report", "--send", NULL, NULL), ==, 0);
	g_assert_nonnull(strstr(out, "nothing to send"));
	/* a check-in of three days ago arrives late (a journal sent after an
	 * outage): that day's figures changed since the hub got them,
	 * and the next run sends it again, alone (before, never) */
	{
		g_autoptr(GDateTime) late_time = g_date_time_add_days(now, -3);
		g_autofree gchar *late = g_date_time_format(late_time, "%Y-%m-%d");
		g_autofree gchar *sent_again = g_strdup_printf("%s: đã gửi (sent), thay bản gửi trước", late);
		g_autofree gchar *stored_now = NULL;

		td_test_kiosk_add_checkins(kiosk, late, 1);
		g_clear_pointer(&out, g_free);
		g_assert_cmpint(tiepdon(kiosk, &out, NULL, "report", "--send", NULL, NULL), ==, 0);
		g_assert_nonnull(strstr(out, sent_again));
		/* that day alone */
		{
			guint sends = 0;
			for (const gchar *p = strstr(out, "đã gửi"); p != NULL; p = strstr(p + 1, "đã gửi"))
				sends++;
			g_assert_cmpuint(sends, ==, 1);
		}
		stored_now = stored("01002", late, "checkins");
		g_assert_cmpstr(stored_now, ==, "1");
		g_clear_pointer(&out, g_free);
		g_assert_cmpint(tiepdon(kiosk, &out, NULL, "report", "--send", NULL, NULL), ==, 0);
		g_assert_nonnull(strstr(out, "nothing to send"));
	}
}

/* A kiosk cloned with its SQLite store (two kiosks, each its own file,
 * one station code): each sends the station's day, and the hub keeps
 * whichever came last. A send that replaced figures other than its
 * machine had sent says so, and doctor with it; a re-send of the same
 * figures (another run, a state file lost) alarms nobody. */
static void
test_two_machines_one_station(void)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) day_time = g_date_time_add_days(now, -5);
	g_autofree gchar *day = g_date_time_format(day_time, "%Y-%m-%d");
	g_autoptr(TdTestKiosk) first = kiosk_new(2, chain.token[2]);
	g_autoptr(TdTestKiosk) clone = kiosk_new(2, chain.token[2]);
	g_autofree gchar *out = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *state = NULL;
	const gchar *alarm = "máy khác đã gửi báo cáo của trạm này với số liệu khác";

	td_test_kiosk_add_checkins(first, day, 7);
	td_test_kiosk_add_checkins(clone, day, 3);
	g_assert_cmpint(tiepdon(first, &out, NULL, "report", "--send", "--date", day), ==, 0);
	g_assert_null(strstr(out, alarm));
	g_clear_pointer(&out, g_free);
	g_assert_cmpint(tiepdon(clone, &out, NULL, "report", "--send", "--date", day), ==, 0);
	g_assert_nonnull(strstr(out, alarm));
	line = doctor_report_line(clone);
	g_assert_nonnull(strstr(line, alarm));
	g_assert_nonnull(strstr(line, day));
	g_clear_pointer(&line, g_free);
	line = doctor_report_line(first);
	g_assert_null(strstr(line, alarm));
	g_clear_pointer(&line, g_free);

	/* the first sends its day again (by hand): the hub had the clone's */
	g_clear_pointer(&out, g_free);
	g_assert_cmpint(tiepdon(first, &out, NULL, "report", "--send", "--date", day), ==, 0);
	g_assert_nonnull(strstr(out, alarm));

	/* its own figures, changed (a late check-in): no other machine's */
	td_test_kiosk_add_checkins(first, day, 1);
	g_clear_pointer(&out, g_free);
	g_assert_cmpint(tiepdon(first, &out, NULL, "report", "--send", "--date", day), ==, 0);
	g_assert_nonnull(strstr(out, "replaced the earlier send"));
	g_assert_null(strstr(out, alarm));

	/* the same figures again: from a run, then with the state lost */
	g_clear_pointer(&out, g_free);
	g_assert_cmpint(tiepdon(first, &out, NULL, "report", "--send", "--date", day), ==, 0);
	g_assert_nonnull(strstr(out, "replaced the earlier send"));
	g_assert_null(strstr(out, alarm));
	g_clear_pointer(&out, g_free);
	state = g_build_filename(first->dir, "report-state.json", NULL);
	g_assert_cmpint(g_unlink(state), ==, 0);
	g_assert_cmpint(tiepdon(first, &out, NULL, "report", "--send", "--date", day), ==, 0);
	g_assert_nonnull(strstr(out, "replaced the earlier send"));
	g_assert_null(strstr(out, alarm));
}

/* A station moved to another area (stations grouped anew after the 2025
 * reform): set-station changes it, and the station's token still sends;
 * the roll-up shows the station under its new area. A station not
 * registered, or nothing to change, is refused. */
static void
test_set_station_keeps_token(void)
{
	g_autofree gchar *viewer = g_strconcat("ttyt-an-phu:", chain.viewer_token, NULL);
	g_autofree gchar *html = NULL;
	g_autofree gchar *changed = hub_command(
	    (const gchar *const[]){"set-station", "--code", "01002", "--area", "Khu vực Phú Mỹ", NULL}, 0);
	g_autofree gchar *unknown = hub_command(
	    (const gchar *const[]){"set-station", "--code", "09999", "--area", "Khu vực Phú Mỹ", NULL}, 1);
	g_autofree gchar *nothing = hub_command((const gchar *const[]){"set-station", "--code", "01002", NULL}, 1);

	g_assert_nonnull(strstr(changed, "01002"));
	g_assert_nonnull(strstr(unknown, "not registered"));
	g_assert_nonnull(strstr(nothing, "give the name, the commune or the area"));
	/* the second station's kiosk sends with the token it always had */
	g_assert_cmpint(tiepdon(chain.kiosk[1], NULL, NULL, "report", "--send", "--date", DAY), ==, 0);
	g_assert_cmpint(http("/rollup?date=" DAY, viewer, NULL, NULL, &html), ==, 200);
	g_assert_nonnull(strstr(html, "<h2>Khu vực Phú Mỹ</h2>"));
	g_assert_nonnull(strstr(html, "Cộng Khu vực Phú Mỹ"));
	g_assert_nonnull(strstr(html, "<h2>Khu vực An Phú</h2>"));

	/* back where it was, for the tests after */
	g_free(hub_command((const gchar *const[]){"set-station", "--code", "01002", "--district", "Khu vực An Phú", NULL},
			   0));
}

static void
test_hub_refuses_bad_reports(void)
{
	g_autofree gchar *answer = NULL;
	g_autoptr(GString) big = g_string_new("{\"format\":1,\"x\":\"");

	/* not a report; nothing at all; too large; no token */
	g_assert_cmpint(http("/api/v1/day-report", NULL, chain.token[0], "{\"format\":1}", &answer), ==, 400);
	g_assert_nonnull(strstr(answer, "day report: \\\"station\\\" must be a string"));
	g_assert_cmpint(http("/api/v1/day-report", NULL, chain.token[0], "", NULL), ==, 400);
	for (guint i = 0; i < 20000; i++)
		g_string_append_c(big, 'a');
	g_string_append(big, "\"}");
	g_assert_cmpint(http("/api/v1/day-report", NULL, chain.token[0], big->str, NULL), ==, 413);
	g_assert_cmpint(http("/api/v1/day-report", NULL, NULL, "{}", NULL), ==, 401);
	g_assert_cmpint(http("/api/v1/day-report", NULL, NULL, NULL, NULL), ==, 405);
}

static void
test_tokens_stored_hashed(void)
{
	g_autofree gchar *hash = td_hub_token_hash(chain.token[0]);
	g_autofree gchar *sql = g_strdup_printf("SELECT count(*) FROM stations WHERE code = '01001' AND "
						"token_sha256 = decode('%s', 'hex')",
						hash);
	g_autofree gchar *dump_sql = g_strdup_printf("SELECT count(*) FROM stations s, viewers v WHERE "
						     "position('%s' IN s::text || v::text) > 0 OR "
						     "position('%s' IN s::text || v::text) > 0",
						     chain.token[0], chain.viewer_token);
	g_autofree gchar *found = td_test_pg_query_value(chain.hub->database, sql);
	g_autofree gchar *in_clear = td_test_pg_query_value(chain.hub->database, dump_sql);

	g_assert_cmpstr(found, ==, "1");
	g_assert_cmpstr(in_clear, ==, "0");
	g_assert_cmpuint(strlen(chain.token[0]), ==, 43);
}

static void
test_newer_schema_refused(void)
{
	g_autofree gchar *other = td_test_pg_create_database("hubnewer");
	g_autofree gchar *err = NULL;
	g_autofree gchar *version = NULL;
	gchar *saved = chain.hub->database;

	/* the hub's commands on another database */
	chain.hub->database = other;
	g_free(hub_command((const gchar *const[]){"migrate", NULL}, 0));
	version = td_test_pg_query_value(other, "SELECT version FROM hub_schema");
	g_assert_cmpstr(version, ==, "1");
	td_test_pg_exec(other, "UPDATE hub_schema SET version = 99");
	err = hub_command((const gchar *const[]){"migrate", NULL}, 1);
	g_assert_nonnull(strstr(err, "version 99, newer than this tiepdon-hub knows (1)"));
	chain.hub->database = saved;
}

static void
chain_setup(void)
{
	chain.hub = td_test_hub_new("hub");
	for (guint i = 0; i < 3; i++)
		chain.token[i] = hub_command((const gchar *const[]){"add-station", "--code", codes[i], "--name", names[i],
								    "--commune", communes[i], "--area",
								    "Khu vực An Phú", NULL},
					     0);
	/* a station is added once; --new-token is how to replace it (and
	 * --district, the option's name before the 2025 reform, still
	 * names the area) */
	{
		g_autofree gchar *refused = hub_command((const gchar *const[]){"add-station", "--code", "01001", "--name",
										"x", "--commune", "y", "--district", "z", NULL},
							1);
		g_assert_nonnull(strstr(refused, "already exists"));
	}
	chain.viewer_token = hub_command((const gchar *const[]){"add-viewer", "--name", "ttyt-an-phu", NULL}, 0);
	td_test_hub_start(chain.hub);
	for (guint i = 0; i < 2; i++)
		chain.kiosk[i] = kiosk_new(i, chain.token[i]);
}

int
main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	if (g_getenv("TD_PG_CONNINFO") == NULL) {
		g_print("1..0 # SKIP no private PostgreSQL (run under tests/with-private-postgres.sh)\n");
		return 77;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	chain_setup();
	g_test_add_func("/report-chain/send-and-replace", test_send_and_replace);
	g_test_add_func("/report-chain/rollup-and-csv", test_rollup_and_csv);
	g_test_add_func("/report-chain/csv-formula-as-text", test_csv_formula_as_text);
	g_test_add_func("/report-chain/wrong-token", test_wrong_token);
	g_test_add_func("/report-chain/hub-down-is-retried", test_hub_down_is_retried);
	g_test_add_func("/report-chain/catch-up", test_catch_up);
	g_test_add_func("/report-chain/two-machines-one-station", test_two_machines_one_station);
	g_test_add_func("/report-chain/set-station-keeps-token", test_set_station_keeps_token);
	g_test_add_func("/report-chain/hub-refuses-bad-reports", test_hub_refuses_bad_reports);
	g_test_add_func("/report-chain/tokens-stored-hashed", test_tokens_stored_hashed);
	g_test_add_func("/report-chain/newer-schema-refused", test_newer_schema_refused);
	rc = g_test_run();

	for (guint i = 0; i < 2; i++)
		td_test_kiosk_free(chain.kiosk[i]);
	for (guint i = 0; i < 3; i++)
		g_free(chain.token[i]);
	g_free(chain.viewer_token);
	td_test_hub_free(chain.hub);
	curl_global_cleanup();
	return rc;
}
