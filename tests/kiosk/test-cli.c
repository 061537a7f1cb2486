/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon report / export / purge / set-pin / exceptions through the real
 * program, and its one table of exit codes. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <time.h>

#include "td-command-line.h"
#include "td-config.h"
#include "td-report.h"
#include "td-sqlite-store.h"
#include "td-staff-pin.h"
#include "td-test-kiosk.h"

static gchar *tmp_dir;
static gchar *config_path;

static void
add_checkins(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(config_path, &error);
	g_autoptr(TdSqliteStore) store = NULL;
	const struct {
		const gchar *day;
		TdVneidAnswer vneid;
		TdOutcome outcome;
	} rows[] = {
	    {"2024-05-02", TD_VNEID_INTEGRATED, TD_OUTCOME_CHECKED_IN},
	    {"2024-05-02", TD_VNEID_NOT_YET, TD_OUTCOME_CHECKED_IN},
	    {"2024-05-02", TD_VNEID_ASSISTED, TD_OUTCOME_SEE_STAFF},
	    {"2024-05-04", TD_VNEID_NOT_ASKED, TD_OUTCOME_PENDING_ELIGIBILITY},
	};

	g_assert_no_error(error);
	store = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
		g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
		g_autoptr(TdCheckinException) exc = NULL;
		g_strlcpy(rec->day, rows[i].day, sizeof(rec->day));
		rec->card_verdict = TD_CARD_VERDICT_GENUINE;
		rec->eligibility = TD_ELIGIBILITY_ELIGIBLE;
		rec->vneid = rows[i].vneid;
		rec->outcome = rows[i].outcome;
		if (rec->outcome != TD_OUTCOME_CHECKED_IN) {
			exc = td_checkin_exception_new();
			exc->reason = g_strdup(i == 2 ? "card-untrusted" : "gateway-unavailable");
			exc->full_name = g_strdup(i == 2 ? "Trần Thị Bình" : "Lê Văn Cường");
			exc->id_number = g_strdup(i == 2 ? "001160004321" : "001058009876");
			exc->date_of_birth = g_strdup("1960-02-03");
		}
		g_assert_true(td_store_record_checkin(TD_STORE(store), rec, exc, &error));
	}
}

static void
test_report(void)
{
	g_auto(TdTiepdonRun) run = {0};

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--date", "2024-05-02",
				       "--format", "csv", NULL),
			==, 0);
	g_assert_cmpstr(strchr(run.out, '\n') + 1, ==, "2024-05-02,01001,3,3,3,0,1,1,1,0,1,66.7,0,0,3\r\n");
	td_tiepdon_run_clear(&run);

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--date", "2024-05-02", NULL),
			==, 0);
	g_assert_nonnull(strstr(run.out, "Tỷ lệ tích hợp (integration rate): 67% (2 trên 3 lượt)"));
	td_tiepdon_run_clear(&run);

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--date", "2024-05-04",
				       "--format", "json", NULL),
			==, 0);
	g_assert_nonnull(strstr(run.out, "\"pending_eligibility\" : 1"));
	td_tiepdon_run_clear(&run);

	/* usage errors say what is wrong and exit 2 */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--date", "2024-13-01", NULL),
			==, 2);
	g_assert_nonnull(strstr(run.err, "2024-13-01"));
	td_tiepdon_run_clear(&run);
	/* a day to come: no zeros to sign or send (two days on from here is
	 * after the station's today whatever this machine's zone) */
	{
		g_autoptr(GDateTime) now = g_date_time_new_now_utc();
		g_autoptr(GDateTime) later = g_date_time_add_days(now, 2);
		g_autofree gchar *day = g_date_time_format(later, "%Y-%m-%d");
		g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--date", day,
					       "--pdf", "/nonexistent/report.pdf", NULL),
				==, 2);
		g_assert_nonnull(strstr(run.err, "after today"));
		td_tiepdon_run_clear(&run);
	}
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--format", "xml", NULL), ==,
			2);
	td_tiepdon_run_clear(&run);

	/* a month: the 2nd's three and the 4th's one summed, the rate from
	 * the sums (the 4th's patient was not asked); day by day as CSV */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--month", "2024-05", NULL),
			==, 0);
	g_assert_true(g_str_has_prefix(run.out, "Báo cáo tháng (report for month) 2024-05, đến ngày (to) 2024-05-31 — 01001"));
	g_assert_true(g_regex_match_simple("^Lượt tiếp đón \\(check-ins\\): +4$", run.out, G_REGEX_MULTILINE, 0));
	g_assert_nonnull(strstr(run.out, "Tỷ lệ tích hợp (integration rate): 67% (2 trên 3 lượt)"));
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--month", "2024-05",
				       "--format", "csv", NULL),
			==, 0);
	{
		g_auto(GStrv) lines = g_strsplit(run.out, "\r\n", -1);
		g_assert_cmpuint(g_strv_length(lines), ==, 1 + 31 + 1);
		g_assert_true(g_str_has_prefix(lines[1], "2024-05-01,"));
		g_assert_true(g_str_has_prefix(lines[31], "2024-05-31,"));
	}
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--month", "2024-13", NULL),
			==, 2);
	td_tiepdon_run_clear(&run);
	/* February of a leap year: its 29 days */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--month", "2024-02", NULL),
			==, 0);
	g_assert_nonnull(strstr(run.out, "đến ngày (to) 2024-02-29"));
	td_tiepdon_run_clear(&run);
	/* this month: to today, the station's; one to come: nothing to count */
	{
		g_autofree gchar *today = td_report_today();
		g_autofree gchar *this_month = g_strndup(today, 7);
		g_autofree gchar *to_today = g_strdup_printf("đến ngày (to) %s", today);
		g_autoptr(GDateTime) now = g_date_time_new_now_utc();
		g_autoptr(GDateTime) later = g_date_time_add_months(now, 2);
		g_autofree gchar *month_to_come = g_date_time_format(later, "%Y-%m");

		g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--month", this_month,
					       NULL),
				==, 0);
		g_assert_nonnull(strstr(run.out, to_today));
		td_tiepdon_run_clear(&run);
		g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--month",
					       month_to_come, NULL),
				==, 2);
		g_assert_nonnull(strstr(run.err, "after this month"));
	}
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "report", "--config", config_path, "--month", "2024-05",
				       "--date", "2024-05-02", NULL),
			==, 2);
}

/* A mistyped [storage] path is an error, not an empty database made on
 * the spot that reports zeros. */
static void
test_report_mistyped_path(void)
{
	g_auto(TdTiepdonRun) run = {0};
	g_autofree gchar *dir = g_build_filename(tmp_dir, "typo", NULL);
	g_autofree gchar *conf = NULL;
	g_autofree gchar *db = NULL;

	g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
	conf = td_test_write_config(dir, NULL);
	db = g_build_filename(dir, "tiepdon.db", NULL);
	for (guint i = 0; i < 3; i++) {
		const gchar *cmd[][8] = {
		    {"report", "--config", conf, "--date", "2024-05-02", NULL},
		    {"export", "--config", conf, "--from", "2024-05-01", "--to", "2024-05-02", NULL},
		    {"exceptions", "list", "--config", conf, NULL},
		};
		g_assert_cmpint(td_tiepdon_runv(&run, NULL, NULL, cmd[i]), ==, 3);
		g_assert_nonnull(strstr(run.err, "no database at"));
		g_assert_false(g_file_test(db, G_FILE_TEST_EXISTS));
		td_tiepdon_run_clear(&run);
	}
}

static void
test_export(void)
{
	g_auto(TdTiepdonRun) run = {0};
	g_autofree gchar *csv_path = g_build_filename(tmp_dir, "export.csv", NULL);
	g_autofree gchar *csv = NULL;
	g_auto(GStrv) lines = NULL;

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "export", "--config", config_path, "--from", "2024-05-01", "--to",
				       "2024-05-05", "--output", csv_path, NULL),
			==, 0);
	g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
	lines = g_strsplit(csv, "\r\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 7);
	g_assert_cmpstr(lines[1], ==, "2024-05-01,01001,0,0,0,0,0,0,0,0,0,,0,0,0");
	g_assert_true(g_str_has_prefix(lines[2], "2024-05-02,01001,3,"));
	g_assert_cmpstr(lines[4], ==, "2024-05-04,01001,1,1,1,1,0,0,0,0,0,,0,0,0");
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "export", "--config", config_path, "--from", "2024-05-01", NULL),
			==, 2);
}

static void
test_purge(void)
{
	g_auto(TdTiepdonRun) run = {0};
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "purge", "--config", config_path, NULL), ==, 0);
	g_assert_nonnull(strstr(run.out, "(resolved exceptions deleted): 0"));
	/* everything here is of today: nothing is old enough */
	g_assert_nonnull(strstr(run.out, "(expired, not handled; personal data erased): 0"));
}

/* The doctor's lines in Vietnamese for staff (--lang vi, or a Vietnamese
 * locale), in English for scripts (--lang en, or the C locale): each check
 * titled as reception calls it; the name the JSON keys on unchanged. And
 * the voice gets its line, or says it is turned off. */
static void
test_doctor_languages(void)
{
	const gchar *vi_env[] = {"LANG=vi_VN.UTF-8", NULL};
	g_auto(TdTiepdonRun) run = {0};
	g_autofree gchar *voice_off = NULL;
	g_autofree gchar *dir = td_test_make_tmp_dir("tiepdon-doctor-XXXXXX");

	td_tiepdon_run(&run, NULL, NULL, "doctor", "--config", config_path, "--lang", "vi", NULL);
	g_assert_nonnull(strstr(run.out, "✔ Sổ lưu tiếp đón: "));
	g_assert_nonnull(strstr(run.out, "Dung lượng ổ đĩa: còn trống "));
	g_assert_nonnull(strstr(run.out, "Giọng đọc: "));
	g_assert_null(strstr(run.out, "MB free"));
	td_tiepdon_run_clear(&run);

	td_tiepdon_run(&run, NULL, NULL, "doctor", "--config", config_path, "--lang", "vi", "--json", NULL);
	g_assert_nonnull(strstr(run.out, "\"name\" : \"disk\""));
	g_assert_nonnull(strstr(run.out, "\"title\" : \"Dung lượng ổ đĩa\""));
	td_tiepdon_run_clear(&run);

	/* the reception PC's: what tiepdon-staff uses, not the kiosk's parts */
	td_tiepdon_run(&run, NULL, NULL, "doctor", "--config", config_path, "--reception-pc", "--json", NULL);
	g_assert_nonnull(strstr(run.out, "\"name\" : \"database\""));
	g_assert_nonnull(strstr(run.out, "\"name\" : \"disk\""));
	g_assert_null(strstr(run.out, "\"name\" : \"pcscd\""));
	g_assert_null(strstr(run.out, "\"name\" : \"gateway\""));
	g_assert_null(strstr(run.out, "\"name\" : \"voice\""));
	g_assert_null(strstr(run.out, "\"name\" : \"udev rules\""));
	td_tiepdon_run_clear(&run);

	/* a Vietnamese locale chooses Vietnamese; --lang wins over it */
	td_tiepdon_run(&run, vi_env, NULL, "doctor", "--config", config_path, NULL);
	g_assert_nonnull(strstr(run.out, "Dung lượng ổ đĩa: còn trống "));
	td_tiepdon_run_clear(&run);
	td_tiepdon_run(&run, vi_env, NULL, "doctor", "--config", config_path, "--lang", "en", NULL);
	g_assert_nonnull(strstr(run.out, "MB free in"));
	g_assert_null(strstr(run.out, "còn trống"));
	td_tiepdon_run_clear(&run);

	/* the C locale (cron, scripts): English, in columns */
	td_tiepdon_run(&run, NULL, NULL, "doctor", "--config", config_path, NULL);
	g_assert_nonnull(strstr(run.out, " disk         "));
	g_assert_nonnull(strstr(run.out, "MB free in"));
	g_assert_nonnull(strstr(run.out, " voice        "));
	td_tiepdon_run_clear(&run);

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "doctor", "--config", config_path, "--lang", "fr", NULL), ==, 2);
	td_tiepdon_run_clear(&run);

	voice_off = td_test_write_config(dir, "[voice]\nenabled=false\n");
	td_tiepdon_run(&run, NULL, NULL, "doctor", "--config", voice_off, "--lang", "vi", NULL);
	g_assert_nonnull(strstr(run.out, "✔ Giọng đọc: đã tắt ([voice] enabled=false)"));
	/* no [gateway]: no look-up at all, so every patient goes to the desk
	 * for the insurance (it said every check-in "pends", which the
	 * kiosk never did without a gateway) */
	{
		g_autofree gchar *message = NULL;
		g_autofree gchar *effect = NULL;

		g_assert_false(td_test_doctor_line_effect(voice_off, NULL, "gateway", &message, &effect));
		g_assert_cmpstr(message, ==, "no [gateway] configured: every patient is sent to reception for the insurance");
		g_assert_cmpstr(effect, ==, "insurance-at-desk");
	}
	td_test_remove_tree(dir);
}

/* A key misspelt kept the default of the setting meant without a word
 * (found by the independent gateway: "password-md5case" left the digest
 * upper case, and a gateway wanting lower case refused every look-up; a
 * "[storage] ur=" would leave a kiosk on a SQLite file of its own, its
 * check-ins out of reception's sight). The doctor names each, in any
 * group, and a group misspelt whole, with what each is likely a slip
 * for, in the file's order; the administrator's to mend, the kiosk goes
 * on. */
static void
test_doctor_unknown_settings(void)
{
	g_autofree gchar *dir = td_test_make_tmp_dir("tiepdon-doctor-XXXXXX");
	g_autofree gchar *password = g_build_filename(dir, "gateway.password", NULL);
	/* after td_test_write_config's [storage] path= */
	g_autofree gchar *section = g_strdup_printf("ur=postgresql://tiepdon@db/tiepdon\n"
						    "[gateway]\nurl=https://127.0.0.1:9\nusername=tramyte\n"
						    "password-file=%s\nstaff-name=Trần Thị Lan Anh\n"
						    "staff-id=001190012345\npassword-md5case=lower\ncolour=blue\n"
						    "[printer]\nqueue=tickets\npaper-mm=80\n"
						    "[scanners]\ndevice=/dev/input/event3\n",
						    password);
	g_autofree gchar *path = NULL;
	g_autofree gchar *message = NULL;
	g_autofree gchar *effect = NULL;

	g_assert_true(g_file_set_contents_full(password, "mat-khau\n", -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
	path = td_test_write_config(dir, section);
	g_assert_false(td_test_doctor_line_effect(path, NULL, "config", &message, &effect));
	g_assert_cmpstr(message, ==,
			"settings tiepdon does not know, left out: [storage] ur (url?), "
			"[gateway] password-md5case (password-md5-case?), [gateway] colour, [scanners] ([scanner]?)");
	g_assert_cmpstr(effect, ==, "none");
	td_test_remove_tree(dir);
}

/* The doctor's lines named name, as tiepdon doctor --json gives them */
static guint
doctor_count_lines(const gchar *path, const gchar *name)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_auto(TdTiepdonRun) run = {0};
	JsonArray *checks;
	guint n = 0;

	td_tiepdon_run(&run, NULL, NULL, "doctor", "--config", path, "--json", NULL);
	g_assert_true(json_parser_load_from_data(parser, run.out, -1, &error));
	checks = json_node_get_array(json_parser_get_root(parser));
	for (guint i = 0; i < json_array_get_length(checks); i++)
		n += g_strcmp0(json_object_get_string_member(json_array_get_object_element(checks, i), "name"), name) == 0;
	return n;
}

/* A kiosk on its own SQLite file whose clock went back (a flat clock
 * battery, the PC switched off at night) filed the day's check-ins under
 * an old date, and nothing said so: there is no server to compare with.
 * The doctor compares with the newest record stored; a clock that is
 * right says nothing. libfaketime sets the doctor's clock three days
 * back. */
static void
test_doctor_clock_gone_back(void)
{
	g_autofree gchar *dir = td_test_make_tmp_dir("tiepdon-clock-XXXXXX");
	g_autofree gchar *path = td_test_write_config(dir, NULL);
	g_autofree gchar *db_path = g_build_filename(dir, "tiepdon.db", NULL);
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree gchar *today = g_date_time_format(now, "%Y-%m-%d");
	g_autofree gchar *preload = g_strconcat("LD_PRELOAD=", TD_FAKETIME_LIB, NULL);
	g_autofree gchar *asan = g_strdup_printf("ASAN_OPTIONS=%s%sallocator_release_to_os_interval_ms=-1",
						 g_getenv("ASAN_OPTIONS") != NULL ? g_getenv("ASAN_OPTIONS") : "",
						 g_getenv("ASAN_OPTIONS") != NULL ? ":" : "");
	const gchar *const back[] = {preload, "FAKETIME=-3d", asan, NULL};
	g_autofree gchar *message = NULL;
	g_autofree gchar *effect = NULL;

	if (!g_file_test(TD_FAKETIME_LIB, G_FILE_TEST_EXISTS))
		g_error("%s is missing: install libfaketime (.ci/install-build-deps.sh)", TD_FAKETIME_LIB);
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(TdSqliteStore) store = td_sqlite_store_new(db_path, &error);
		g_autoptr(TdCheckinRecord) rec = td_test_make_record(today);

		g_assert_no_error(error);
		rec->time_unix = g_date_time_to_unix(now);
		g_assert_true(td_store_record_checkin(TD_STORE(store), rec, NULL, &error));
		g_assert_no_error(error);
	}
	/* the clock right: no line */
	g_assert_cmpuint(doctor_count_lines(path, "clock"), ==, 0);
	/* three days back */
	g_assert_false(td_test_doctor_line_effect(path, back, "clock", &message, &effect));
	g_assert_nonnull(strstr(message, ", before the newest record stored ("));
	g_assert_nonnull(strstr(message, "it has gone back"));
	g_assert_cmpstr(effect, ==, "none");
	td_test_remove_tree(dir);
}

static void
test_set_pin(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = NULL;
	g_auto(TdTiepdonRun) run = {0};
	gboolean matches = FALSE;

	g_assert_cmpint(td_tiepdon_run(&run, NULL, "123456\n654321\n", "set-pin", "--config", config_path, NULL), ==, 1);
	g_assert_nonnull(strstr(run.err, "differ"));
	td_tiepdon_run_clear(&run);
	/* 4 digits fell to the hash in minutes: at least 6 */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, "1234\n1234\n", "set-pin", "--config", config_path, NULL), ==, 1);
	g_assert_nonnull(strstr(run.err, "6 to 12 digits"));
	td_tiepdon_run_clear(&run);

	g_assert_cmpint(td_tiepdon_run(&run, NULL, "135790\n135790\n", "set-pin", "--config", config_path, NULL), ==, 0);
	config = td_config_load(config_path, &error);
	g_assert_no_error(error);
	g_assert_nonnull(config->staff_pin_hash);
	g_assert_true(td_staff_pin_check_hash(config->staff_pin_hash, "135790", &matches, &error));
	g_assert_true(matches);
	/* the PIN itself is nowhere in the file */
	{
		g_autofree gchar *contents = NULL;
		g_assert_true(g_file_get_contents(config_path, &contents, NULL, NULL));
		g_assert_null(strstr(contents, "135790"));
		g_assert_nonnull(strstr(contents, "# test station"));
	}
}

/* The line tiepdon staff list prints for name */
static gchar *
staff_list_line(const gchar *name)
{
	g_auto(TdTiepdonRun) run = {0};
	g_autofree gchar *start = g_strconcat("\n", name, " ", NULL);
	const gchar *at;

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "list", "--config", config_path, NULL), ==, 0);
	at = g_str_has_prefix(run.out, start + 1) ? run.out : strstr(run.out, start);
	g_assert_nonnull(at);
	at += at == run.out ? 0 : 1;
	return g_strndup(at, strcspn(at, "\n"));
}

/* Who may open the manager's dashboard: a person added is reception's,
 * made a manager (and back) by tiepdon staff set-role; the station's
 * account is a manager whatever is asked; a role that is neither is a
 * usage error. */
static void
test_staff_roles(void)
{
	g_auto(TdTiepdonRun) run = {0};
	g_autofree gchar *line = NULL;

	/* the station's PIN in the settings: Trạm can log in */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, "135790\n135790\n", "set-pin", "--config", config_path, NULL), ==, 0);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, "246802\n246802\n", "staff", "add", "--config", config_path, "Hoa",
				       NULL),
			==, 0);
	g_assert_nonnull(strstr(run.out, "set-role 'Hoa' manager"));
	line = staff_list_line("Hoa");
	g_assert_nonnull(strstr(line, "lễ tân (reception)"));
	g_clear_pointer(&line, g_free);
	line = staff_list_line(TD_STAFF_STATION_NAME);
	g_assert_nonnull(strstr(line, "quản lý (manager)"));
	g_clear_pointer(&line, g_free);

	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path, "Hoa", "manager",
				       NULL),
			==, 0);
	line = staff_list_line("Hoa");
	g_assert_nonnull(strstr(line, "quản lý (manager)"));
	g_clear_pointer(&line, g_free);

	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path,
				       TD_STAFF_STATION_NAME, "reception", NULL),
			==, 1);
	g_assert_nonnull(strstr(run.err, "a manager always"));
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path, "Nobody",
				       "manager", NULL),
			==, 1);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path, "Hoa", "boss",
				       NULL),
			==, 2);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path, "Hoa",
				       "reception", NULL),
			==, 0);
	g_clear_pointer(&line, g_free);
	line = staff_list_line("Hoa");
	g_assert_nonnull(strstr(line, "lễ tân (reception)"));

	/* never without someone who can open the dashboard: Trạm is the
	 * only manager, then Hoa is, once the shared PIN is disabled; so
	 * too from a settings file without the station's PIN (a PostgreSQL
	 * station's manager's) */
	{
		g_autofree gchar *no_pin = g_build_filename(tmp_dir, "no-pin.conf", NULL);
		g_autofree gchar *text =
		    g_strdup_printf("[station]\ncode=01001\n[storage]\npath=%s/tiepdon.db\n", tmp_dir);

		g_autofree gchar *message = NULL;

		g_assert_true(g_file_set_contents_full(no_pin, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
		/* the doctor counts who can log in and open it: with this file,
		 * nobody (Trạm has no PIN here) */
		g_assert_true(td_test_doctor_line(config_path, "staff", &message));
		g_assert_cmpstr(message, ==, "1 can open the manager's dashboard, 1 reception");
		g_clear_pointer(&message, g_free);
		g_assert_false(td_test_doctor_line(no_pin, "staff", &message));
		g_assert_nonnull(strstr(message, "nobody can open the manager's dashboard"));
		g_clear_pointer(&message, g_free);
		/* a new station, no PIN set and nobody added: the way in first */
		{
			g_autofree gchar *new_dir = g_build_filename(tmp_dir, "new-station", NULL);
			g_autofree gchar *new_config = NULL;

			g_assert_cmpint(g_mkdir(new_dir, 0700), ==, 0);
			new_config = td_test_write_config(new_dir, NULL);
			td_tiepdon_run_clear(&run);
			g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "purge", "--config", new_config, NULL), ==, 0);
			g_assert_false(td_test_doctor_line(new_config, "staff", &message));
			g_assert_cmpstr(message, ==,
					"nobody can log in to the staff pages: run tiepdon set-pin, or tiepdon staff add NAME");
		}
		for (guint i = 0; i < 2; i++) {
			td_tiepdon_run_clear(&run);
			g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "disable", "--config",
						       i == 0 ? config_path : no_pin, TD_STAFF_STATION_NAME, NULL),
					==, 1);
			g_assert_nonnull(strstr(run.err, "the only account that can open the manager's dashboard"));
		}
	}
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path, "Hoa", "manager",
				       NULL),
			==, 0);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "disable", "--config", config_path,
				       TD_STAFF_STATION_NAME, NULL),
			==, 0);
	for (guint i = 0; i < 2; i++) {
		td_tiepdon_run_clear(&run);
		g_assert_cmpint(i == 0 ? td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path,
							"Hoa", "reception", NULL)
				       : td_tiepdon_run(&run, NULL, NULL, "staff", "disable", "--config", config_path,
							"Hoa", NULL),
				==, 1);
		g_assert_nonnull(strstr(run.err, "'Hoa' is the only account"));
	}
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "enable", "--config", config_path,
				       TD_STAFF_STATION_NAME, NULL),
			==, 0);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "staff", "set-role", "--config", config_path, "Hoa",
				       "reception", NULL),
			==, 0);
}

/* Staff without the GUI: the queue from the terminal, closed with a
 * Vietnamese note, as cron and ssh run it (LC_ALL=C). */
static void
test_exceptions(void)
{
	const gchar *c_locale[] = {"LC_ALL=C", NULL};
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_auto(TdTiepdonRun) run = {0};
	g_autofree gchar *first_id = NULL;
	JsonArray *list;
	JsonObject *first;

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "list", "--config", config_path, "--date",
				       "2024-05-02", "--json", NULL),
			==, 0);
	g_assert_true(json_parser_load_from_data(parser, run.out, -1, &error));
	list = json_node_get_array(json_parser_get_root(parser));
	g_assert_cmpuint(json_array_get_length(list), ==, 1);
	first = json_array_get_object_element(list, 0);
	g_assert_cmpstr(json_object_get_string_member(first, "full_name"), ==, "Trần Thị Bình");
	g_assert_cmpstr(json_object_get_string_member(first, "reason"), ==, "card-untrusted");
	/* the day's third check-in: ticket 3, of the station's one sequence */
	g_assert_cmpint(json_object_get_int_member(first, "queue_number"), ==, 3);
	g_assert_cmpstr(json_object_get_string_member(first, "queue_series"), ==, "");
	first_id = g_strdup_printf("%" G_GINT64_FORMAT, json_object_get_int_member(first, "id"));
	td_tiepdon_run_clear(&run);

	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "list", "--config", config_path, NULL), ==, 0);
	g_assert_nonnull(strstr(run.out, "Trần Thị Bình, 001160004321, sinh (born) 03/02/1960"));
	g_assert_nonnull(strstr(run.out, "  số (no.) 3  card-untrusted\n"));
	td_tiepdon_run_clear(&run);

	/* the VNeID help beside the case, as the console's button: the
	 * case stays open (as a resolution it closed the case, and the
	 * insurance decision after it was refused) */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "resolve", "--config", config_path, first_id,
				       "vneid-assisted", NULL),
			==, 2);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "vneid-assisted", "--config", config_path,
				       first_id, NULL),
			==, 0);
	g_assert_nonnull(strstr(run.out, "the case stays open"));
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "list", "--config", config_path, "--date",
				       "2024-05-02", NULL),
			==, 0);
	g_assert_nonnull(strstr(run.out, "Trần Thị Bình"));
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, c_locale, NULL, "exceptions", "resolve", "--config", config_path, "--note",
				       "Đã xem thẻ giấy của bà Bình", first_id, "accepted-paper-card", NULL),
			==, 0);
	td_tiepdon_run_clear(&run);
	/* twice is a failure; an unknown action or id a usage error */
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "resolve", "--config", config_path, first_id,
				       "self-pay", NULL),
			==, 1);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "resolve", "--config", config_path, first_id,
				       "wave-through", NULL),
			==, 2);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "resolve", "--config", config_path, "x",
				       "self-pay", NULL),
			==, 2);
	td_tiepdon_run_clear(&run);
	g_assert_cmpint(td_tiepdon_run(&run, NULL, NULL, "exceptions", "list", "--config", config_path, "--date",
				       "2024-05-02", NULL),
			==, 0);
	g_assert_nonnull(strstr(run.out, "no exceptions"));

	/* the note went in as written */
	{
		g_autoptr(TdConfig) config = td_config_load(config_path, &error);
		g_autoptr(TdSqliteStore) store = td_sqlite_store_open_read_only(config->storage_path, &error);
		g_autoptr(GPtrArray) actions = td_store_list_staff_actions(TD_STORE(store), 0, &error);
		g_assert_no_error(error);
		g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, actions->len - 1))->note, ==,
				"Đã xem thẻ giấy của bà Bình");
		g_assert_cmpstr(((TdStaffAction *)g_ptr_array_index(actions, actions->len - 2))->action, ==,
				"vneid-assisted");
	}
}

/* One table for every command: 0 ok, 1 failure, 2 usage, 3 settings. */
static void
test_exit_codes(void)
{
	g_autofree gchar *missing = g_build_filename(tmp_dir, "nope.conf", NULL);
	const gchar *commands[] = {"report",	 "export",     "purge",	 "backup",
				   "restore",	 "set-pin",    "doctor",     "checkin",
				   "create-key", "exceptions list", "exceptions resolve", "eligibility",
				   "read", "staff set-role"};

	for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
		g_auto(GStrv) words = g_strsplit(commands[i], " ", -1);
		g_autoptr(GStrvBuilder) usage = g_strv_builder_new();
		g_autoptr(GStrvBuilder) config = g_strv_builder_new();
		g_auto(GStrv) usage_args = NULL;
		g_auto(GStrv) config_args = NULL;
		g_auto(TdTiepdonRun) run = {0};

		g_strv_builder_addv(usage, (const char **)words);
		g_strv_builder_add(usage, "--no-such-option");
		usage_args = g_strv_builder_end(usage);
		g_assert_cmpint(td_tiepdon_runv(&run, NULL, NULL, (const gchar *const *)usage_args), ==, 2);
		td_tiepdon_run_clear(&run);

		/* each with the arguments it needs, and settings that are not there */
		g_strv_builder_addv(config, (const char **)words);
		g_strv_builder_add_many(config, "--config", missing, NULL);
		if (g_strcmp0(words[0], "checkin") == 0 || g_strcmp0(words[0], "read") == 0)
			g_strv_builder_add_many(config, "--id", "001058012345", NULL);
		if (g_strcmp0(words[0], "eligibility") == 0)
			g_strv_builder_add_many(config, "--id", "001058012345", "--name", "An", "--dob", "1958", NULL);
		if (g_strcmp0(words[0], "export") == 0)
			g_strv_builder_add_many(config, "--from", "2024-05-01", "--to", "2024-05-02", NULL);
		if (words[1] != NULL && g_strcmp0(words[1], "resolve") == 0)
			g_strv_builder_add_many(config, "1", "self-pay", NULL);
		if (words[1] != NULL && g_strcmp0(words[1], "set-role") == 0)
			g_strv_builder_add_many(config, "Hoa", "manager", NULL);
		if (g_strcmp0(words[0], "restore") == 0)
			g_strv_builder_add(config, "tiepdon-2026-12-01.db");
		config_args = g_strv_builder_end(config);
		g_assert_cmpint(td_tiepdon_runv(&run, NULL, NULL, (const gchar *const *)config_args), ==, 3);
		g_assert_nonnull(strstr(run.err, "nope.conf"));
	}
}

/* Without TZ a program takes the station's zone, and its database
 * sessions with it (PGTZ); a TZ or PGTZ given on purpose is kept. In the
 * test's own process, so it fails whatever the machine's zone (the run
 * below cannot tell on a machine set to Vietnam's). */
static void
test_station_time_zone(void)
{
	g_autofree gchar *saved_tz = g_strdup(g_getenv("TZ"));
	g_autofree gchar *saved_pgtz = g_strdup(g_getenv("PGTZ"));

	g_unsetenv("TZ");
	g_unsetenv("PGTZ");
	td_command_line_use_station_time_zone();
	g_assert_cmpstr(g_getenv("TZ"), ==, TD_STATION_TIME_ZONE);
	g_assert_cmpstr(g_getenv("PGTZ"), ==, TD_STATION_TIME_ZONE);

	g_setenv("TZ", "UTC", TRUE);
	g_setenv("PGTZ", "Europe/Paris", TRUE);
	td_command_line_use_station_time_zone();
	g_assert_cmpstr(g_getenv("TZ"), ==, "UTC");
	g_assert_cmpstr(g_getenv("PGTZ"), ==, "Europe/Paris");
	g_unsetenv("TZ");
	td_command_line_use_station_time_zone();
	g_assert_cmpstr(g_getenv("TZ"), ==, TD_STATION_TIME_ZONE);
	g_assert_cmpstr(g_getenv("PGTZ"), ==, "Europe/Paris");

	if (saved_tz != NULL)
		g_setenv("TZ", saved_tz, TRUE);
	else
		g_unsetenv("TZ");
	if (saved_pgtz != NULL)
		g_setenv("PGTZ", saved_pgtz, TRUE);
	else
		g_unsetenv("PGTZ");
	tzset();
}

/* The station's day is Vietnam's whatever zone the machine was left in:
 * at 23:30 UTC on 5 December (06:30 on the 6th in Vietnam) `tiepdon
 * report` without TZ reports the 6th (before, on a machine on UTC, the
 * 5th: the day, and the queue numbers with it, turned at 07:00); a TZ
 * given on purpose is kept. The clock is moved by Debian's libfaketime
 * (see test-pg-offline.c for ASan's part). */
static void
test_station_day(void)
{
	g_autoptr(GDateTime) target = g_date_time_new_utc(2026, 12, 5, 23, 30, 0);
	g_autofree gchar *faketime = g_strdup_printf("FAKETIME=%+" G_GINT64_FORMAT,
						     g_date_time_to_unix(target) - g_get_real_time() / G_USEC_PER_SEC);
	g_autofree gchar *preload = g_strconcat("LD_PRELOAD=", TD_FAKETIME_LIB, NULL);
	g_autofree gchar *asan = g_strdup_printf("ASAN_OPTIONS=%s%sallocator_release_to_os_interval_ms=-1",
						 g_getenv("ASAN_OPTIONS") != NULL ? g_getenv("ASAN_OPTIONS") : "",
						 g_getenv("ASAN_OPTIONS") != NULL ? ":" : "");
	const struct {
		const gchar *tz; /* "TZ" alone: unset */
		const gchar *day;
	} runs[] = {{"TZ", "\"2026-12-06\""}, {"TZ=UTC", "\"2026-12-05\""}, {"TZ=Asia/Ho_Chi_Minh", "\"2026-12-06\""}};

	if (!g_file_test(TD_FAKETIME_LIB, G_FILE_TEST_EXISTS))
		g_error("%s is missing: install libfaketime (.ci/install-build-deps.sh)", TD_FAKETIME_LIB);
	for (guint i = 0; i < G_N_ELEMENTS(runs); i++) {
		g_auto(TdTiepdonRun) run = {0};
		const gchar *const env[] = {runs[i].tz, preload, faketime, asan, NULL};
		g_assert_cmpint(td_tiepdon_run(&run, env, NULL, "report", "--config", config_path, "--format", "json", NULL),
				==, 0);
		g_test_message("%s: %s", runs[i].tz, run.out);
		g_assert_nonnull(strstr(run.out, runs[i].day));
	}
}

int
main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	tmp_dir = td_test_make_tmp_dir("td-cli-XXXXXX");
	config_path = td_test_write_config(tmp_dir, NULL);
	add_checkins();

	g_test_add_func("/cli/report", test_report);
	g_test_add_func("/cli/report-mistyped-path", test_report_mistyped_path);
	g_test_add_func("/cli/export", test_export);
	g_test_add_func("/cli/purge", test_purge);
	g_test_add_func("/cli/doctor-languages", test_doctor_languages);
	g_test_add_func("/cli/doctor-unknown-settings", test_doctor_unknown_settings);
	g_test_add_func("/cli/doctor-clock-gone-back", test_doctor_clock_gone_back);
	g_test_add_func("/cli/set-pin", test_set_pin);
	g_test_add_func("/cli/staff-roles", test_staff_roles);
	g_test_add_func("/cli/exceptions", test_exceptions);
	g_test_add_func("/cli/exit-codes", test_exit_codes);
	g_test_add_func("/cli/station-time-zone", test_station_time_zone);
	g_test_add_func("/cli/station-day", test_station_day);
	rc = td_test_run_and_remove(tmp_dir);
	g_free(config_path);
	return rc;
}
