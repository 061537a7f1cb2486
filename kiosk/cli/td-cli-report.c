/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon report / export / purge / set-pin / create-key: the manager's
 * figures (also the PDF for signing and the counts sent up the chain) and
 * the housekeeping, from the terminal, a cron job or a timer. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "td-cli.h"
#include "td-id-hash.h"
#include "td-print.h"
#include "td-report-pdf.h"
#include "td-report-send.h"
#include "td-report.h"
#include "td-secret-file.h"
#include "td-secret.h"
#include "td-staff-pin.h"
#include "td-store-backup.h"

static void
cli_print_line(const gchar *line, gpointer user_data)
{
	printf("%s\n", line);
	fflush(stdout);
}

/* --pdf, --send, --timer-calendar: the report chain. */
static int
cli_report_chain(TdConfig *config, TdStore *store, const gchar *day, const gchar *pdf,
		 gboolean timer_calendar)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportSettings) settings = td_report_settings_new(config, &error);

	if (settings == NULL)
		return td_cli_fail(error);
	if (timer_calendar) {
		g_autofree gchar *calendar = td_report_settings_timer_calendar(settings);
		printf("%s\n", calendar);
		return td_cli_flush_output();
	}
	if (pdf != NULL) {
		gboolean written = td_report_pdf_write_day(store, config, settings, day, pdf, &error);
		td_print_release_font_caches();
		if (!written)
			return td_cli_fail(error);
		printf("Đã lưu báo cáo ngày %s (report saved) in %s\n", day, pdf);
		return td_cli_flush_output();
	}
	if (!td_report_send(store, config, settings, day, cli_print_line, NULL, NULL, NULL, &error))
		return td_cli_fail(error);
	return TD_EXIT_OK;
}

/* --month with --pdf: the month's report for signing. */
static int
cli_report_month_pdf(TdConfig *config, TdStore *store, const gchar *month, const gchar *last_day, const gchar *pdf)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportSettings) settings = td_report_settings_new(config, &error);
	gboolean written;

	if (settings == NULL)
		return td_cli_fail(error);
	written = td_report_pdf_write_month(store, config, settings, month, last_day, pdf, &error);
	td_print_release_font_caches();
	if (!written)
		return td_cli_fail(error);
	printf("Đã lưu báo cáo tháng %s (report saved) in %s\n", month, pdf);
	return td_cli_flush_output();
}

int
td_cli_report(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *day = NULL;
	g_autofree gchar *month = NULL;
	g_autofree gchar *first = NULL;
	g_autofree gchar *format = NULL;
	g_autofree gchar *pdf = NULL;
	gboolean send = FALSE;
	gboolean timer_calendar = FALSE;
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GPtrArray) days = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {"date", 'd', 0, G_OPTION_ARG_STRING, &day,
	     "The day (default today; with --send, the days due: yesterday and any missed)", "YYYY-MM-DD"},
	    {"month", 'm', 0, G_OPTION_ARG_STRING, &month,
	     "A month's counts to its last day or today: text and --pdf summed, csv and json day by day", "YYYY-MM"},
	    {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default), csv or json", "FORMAT"},
	    {"pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf,
	     "Write the report for signing as an A4 PDF: the day's, or with --month the month's", "FILE"},
	    {"send", 0, 0, G_OPTION_ARG_NONE, &send, "Send the counts to [report] url, retrying until acknowledged",
	     NULL},
	    {"timer-calendar", 0, 0, G_OPTION_ARG_NONE, &timer_calendar,
	     "Print [report] send-at as systemd's OnCalendar (for the timer's generator)", NULL},
	    {NULL},
	};
	int rc;

	if ((rc = td_cli_parse("- counts of a day or a month; the report for signing; sent up", entries, &argc, &argv)) !=
	    TD_EXIT_OK)
		return rc;
	if ((format != NULL) + (pdf != NULL) + send + timer_calendar > 1)
		return td_command_line_usage_error("--format, --pdf, --send and --timer-calendar go one at a time");
	if (month != NULL && (day != NULL || send || timer_calendar))
		return td_command_line_usage_error("--month goes with --format or --pdf only");
	if (month != NULL) {
		/* its first day, checked as a day; then its last, or today */
		g_autofree gchar *today = td_report_today();
		first = g_strdup_printf("%s-01", month);
		if (strlen(month) != 7 || !td_report_parse_day(first, &error))
			return td_command_line_usage_error("--month: %s is not YYYY-MM", month);
		if (strcmp(first, today) > 0)
			return td_command_line_usage_error("--month: %s is after this month", month);
		{
			/* yyyy-mm checked above as a real first day */
			GDateYear year = (GDateYear)g_ascii_strtoull(month, NULL, 10);
			GDateMonth in_year = (GDateMonth)g_ascii_strtoull(month + 5, NULL, 10);
			g_autofree gchar *last = g_strdup_printf("%s-%02u", month, g_date_get_days_in_month(in_year, year));
			day = g_strdup(strcmp(last, today) > 0 ? today : last);
		}
	}
	if (format != NULL && g_strcmp0(format, "text") != 0 && g_strcmp0(format, "csv") != 0 &&
	    g_strcmp0(format, "json") != 0)
		return td_command_line_usage_error("--format must be text, csv or json");
	if (day == NULL && !send)
		day = td_report_today();
	if (day != NULL && !td_report_parse_day(day, &error))
		return td_command_line_usage_error("--date: %s", error->message);
	if (day != NULL) {
		/* a day still to come has nothing to count: its zeros on a PDF
		 * for signing, or sent up, would be a false report (ISO days
		 * order as text) */
		g_autofree gchar *today = td_report_today();
		if (strcmp(day, today) > 0)
			return td_command_line_usage_error("--date: %s is after today (%s)", day, today);
	}
	/* read-only: a mistyped path is an error, not an empty database
	 * reported as zeros; --send writes only its own state file */
	if ((rc = td_cli_open(config_path, timer_calendar ? TD_CLI_NO_STORE : TD_CLI_STORE_READ_ONLY, &config,
			      timer_calendar ? NULL : &store)) != TD_EXIT_OK)
		return rc;
	if (month != NULL && pdf != NULL)
		return cli_report_month_pdf(config, store, month, day, pdf);
	if (pdf != NULL || send || timer_calendar)
		return cli_report_chain(config, store, day, pdf, timer_calendar);
	days = td_report_range(store, first != NULL ? first : day, day, &error);
	if (days == NULL)
		return td_cli_fail(error);
	if (g_strcmp0(format, "csv") == 0)
		out = td_report_format_csv(days, config->station_code);
	else if (g_strcmp0(format, "json") == 0)
		out = td_report_format_json(days, config->station_code, config->station_name);
	else if (month != NULL)
		out = td_report_format_month_text(days, month, config->station_code, config->station_name);
	else
		out = td_report_format_text(g_ptr_array_index(days, 0), config->station_code, config->station_name);
	fputs(out, stdout);
	if (g_strcmp0(format, "json") == 0)
		fputc('\n', stdout);
	return td_cli_flush_output();
}

int
td_cli_export(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *from = NULL;
	g_autofree gchar *to = NULL;
	g_autofree gchar *output = NULL;
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GPtrArray) days = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *csv = NULL;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {"from", 0, 0, G_OPTION_ARG_STRING, &from, "First day", "YYYY-MM-DD"},
	    {"to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day", "YYYY-MM-DD"},
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of stdout", "FILE"},
	    {NULL},
	};
	int rc;

	if ((rc = td_cli_parse("- the daily progress report as CSV", entries, &argc, &argv)) != TD_EXIT_OK)
		return rc;
	if (from == NULL || to == NULL)
		return td_command_line_usage_error("--from and --to are required");
	if (!td_report_parse_day(from, &error) || !td_report_parse_day(to, &error))
		return td_command_line_usage_error("%s", error->message);
	if ((rc = td_cli_open(config_path, TD_CLI_STORE_READ_ONLY, &config, &store)) != TD_EXIT_OK)
		return rc;
	days = td_report_range(store, from, to, &error);
	if (days == NULL)
		return td_cli_fail(error);
	csv = td_report_format_csv(days, config->station_code);
	if (output == NULL) {
		fputs(csv, stdout);
		return td_cli_flush_output();
	}
	/* counts only, no personal data: readable by the office */
	if (!td_file_replace(output, csv, strlen(csv), 0644, &error))
		return td_cli_fail(error);
	return TD_EXIT_OK;
}

int
td_cli_purge(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	TdPurgeCounts counts = {0};
	TdRetention retention;
	int rc;

	if ((rc = td_cli_parse_config_only(&argc, &argv,
					   "- erase personal data past the retention period (tiepdon-purge.timer, daily)",
					   TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	retention = td_config_get_retention(config);
	if (!td_store_purge(store, &retention, g_get_real_time() / G_USEC_PER_SEC, &counts, &error))
		return td_cli_fail(error);
	printf("Thời hạn lưu (retention): %u ngày (days); liên kết lượt khám (links): %u ngày (days)\n",
	       retention.retention_days, retention.link_days);
	printf("Đã xóa hồ sơ ngoại lệ đã xử lý (resolved exceptions deleted): %u\n", counts.exceptions_deleted);
	printf("Hết hạn, chưa xử lý (expired, not handled; personal data erased): %u\n", counts.exceptions_expired);
	printf("Lượt tiếp đón thu gọn (check-ins reduced to the daily counts): %u\n", counts.checkins_minimised);
	printf("Đã xóa mã liên kết (ID hashes erased): %u\n", counts.links_expired);
	printf("Đã xóa ghi chú nhân viên (staff notes blanked): %u\n", counts.staff_notes);
	printf("Đã xóa lần nhập PIN (PIN attempts deleted): %u\n", counts.pin_attempts);
	/* the databases a restore replaced (td-store-backup.h) go as copies go */
	if (config->storage_url == NULL) {
		g_autofree gchar *data_dir = g_path_get_dirname(config->storage_path);
		g_autofree gchar *today = td_report_today();
		printf("Đã xóa bản cũ giữ lại khi khôi phục (replaced databases removed, %u days kept): %u\n",
		       config->backup_keep_days,
		       td_store_backup_remove_replaced(data_dir, today, config->backup_keep_days));
	}
	return td_cli_flush_output();
}

int
td_cli_set_pin(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *hash = NULL;
	int rc;

	if ((rc = td_cli_parse_config_only(&argc, &argv, "- set the staff PIN (6 to 12 digits)", TD_CLI_NO_STORE,
					   &config, NULL)) != TD_EXIT_OK)
		return rc;
	if ((rc = td_cli_read_new_pin_hash(&hash)) != TD_EXIT_OK)
		return rc;
	if (!td_config_save_pin_hash(config, hash, &error))
		return td_cli_fail(error);
	printf("Đã đặt mã PIN (staff PIN set) in %s\n", config->path);
	return td_cli_flush_output();
}

/* For the deployment (the kiosk unit runs it as root before the kiosk):
 * the station's ID hashing key in the settings folder, made once. */
int
td_cli_create_key(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(GError) error = NULL;
	int rc;

	if ((rc = td_cli_parse_config_only(&argc, &argv,
					   "- create the station's ID hashing key if there is none (as root, once)",
					   TD_CLI_NO_STORE, &config, NULL)) != TD_EXIT_OK)
		return rc;
	if (td_id_hash_key_create(config->id_hash_key_file, &error)) {
		printf("Đã tạo khóa (key created): %s\n", config->id_hash_key_file);
	} else if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_EXIST)) {
		g_autoptr(GError) key_error =
		    g_error_new(TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "cannot create the ID hashing key: %s", error->message);
		return td_cli_fail(key_error);
	}
	/* new or old, it must be usable */
	g_clear_error(&error);
	if (!td_config_load_id_hash_key(config, &error))
		return td_cli_fail(error);
	return td_cli_flush_output();
}
