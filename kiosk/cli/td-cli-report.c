/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon report / export / purge / set-pin: the manager's figures (also
 * the PDF for signing and the counts sent up the chain) and the
 * housekeeping, from the terminal, a cron job or tiepdon-report.timer. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "td-cli.h"
#include "td-config.h"
#include "td-print.h"
#include "td-report-pdf.h"
#include "td-report-send.h"
#include "td-report.h"
#include "td-secret.h"
#include "td-sqlite-store.h"
#include "td-staff-pin.h"

/* Parses the options; 0 to go on, else the exit status to return. */
static int
cli_parse(GOptionContext *context, int *argc, char ***argv)
{
	g_autoptr(GError) error = NULL;
	if (!g_option_context_parse(context, argc, argv, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 2;
	}
	if (*argc > 1) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", g_get_prgname(), (*argv)[1]);
		return 2;
	}
	return 0;
}

static gboolean
cli_open(const gchar *config_path, TdConfig **config_out, TdSqliteStore **store_out)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(config_path, &error);
	if (config == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return FALSE;
	}
	if (store_out != NULL) {
		*store_out = td_sqlite_store_new(config->storage_path, &error);
		if (*store_out == NULL) {
			fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
			return FALSE;
		}
	}
	*config_out = g_steal_pointer(&config);
	return TRUE;
}

static void
cli_print_line(const gchar *line, gpointer user_data)
{
	printf("%s\n", line);
	fflush(stdout);
}

/* --pdf, --send, --timer-calendar: the report chain. */
static int
cli_report_chain(TdConfig *config, TdSqliteStore *store, const gchar *day, const gchar *pdf,
		 gboolean timer_calendar)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportSettings) settings = td_report_settings_new(config, &error);

	if (settings == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 1;
	}
	if (timer_calendar) {
		g_autofree gchar *calendar = td_report_settings_timer_calendar(settings);
		printf("%s\n", calendar);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (pdf != NULL) {
		gboolean written = td_report_pdf_write_day(TD_STORE(store), config, settings, day, pdf, &error);
		td_print_release_font_caches();
		if (!written) {
			fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
			return 1;
		}
		printf("Đã lưu báo cáo ngày %s (report saved) in %s\n", day, pdf);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (!td_report_send(TD_STORE(store), config, settings, day, cli_print_line, NULL, NULL, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 1;
	}
	return 0;
}

int
td_cli_report(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *day = NULL;
	g_autofree gchar *format = NULL;
	g_autofree gchar *pdf = NULL;
	gboolean send = FALSE;
	gboolean timer_calendar = FALSE;
	g_autoptr(GOptionContext) context = g_option_context_new("- counts of a day; the report for signing; sent up");
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autoptr(GPtrArray) days = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {"date", 'd', 0, G_OPTION_ARG_STRING, &day,
	     "The day (default today; with --send, the days due: yesterday and any missed)", "YYYY-MM-DD"},
	    {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (default), csv or json", "FORMAT"},
	    {"pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, "Write the day's report for signing as an A4 PDF", "FILE"},
	    {"send", 0, 0, G_OPTION_ARG_NONE, &send, "Send the counts to [report] url, retrying until acknowledged",
	     NULL},
	    {"timer-calendar", 0, 0, G_OPTION_ARG_NONE, &timer_calendar,
	     "Print [report] send-at as systemd's OnCalendar (for the timer's generator)", NULL},
	    {NULL},
	};
	int rc;

	g_option_context_add_main_entries(context, entries, NULL);
	if ((rc = cli_parse(context, &argc, &argv)) != 0)
		return rc;
	if ((format != NULL) + (pdf != NULL) + send + timer_calendar > 1) {
		fprintf(stderr, "%s: --format, --pdf, --send and --timer-calendar go one at a time\n", g_get_prgname());
		return 2;
	}
	if (format != NULL && g_strcmp0(format, "text") != 0 && g_strcmp0(format, "csv") != 0 &&
	    g_strcmp0(format, "json") != 0) {
		fprintf(stderr, "%s: --format must be text, csv or json\n", g_get_prgname());
		return 2;
	}
	if (day == NULL && !send)
		day = td_report_today();
	if (day != NULL && !td_report_parse_day(day, &error)) {
		fprintf(stderr, "%s: --date: %s\n", g_get_prgname(), error->message);
		return 2;
	}
	if (!cli_open(config_path, &config, timer_calendar ? NULL : &store))
		return 1;
	if (pdf != NULL || send || timer_calendar)
		return cli_report_chain(config, store, day, pdf, timer_calendar);
	days = td_report_range(TD_STORE(store), day, day, &error);
	if (days == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 1;
	}
	if (g_strcmp0(format, "csv") == 0)
		out = td_report_format_csv(days, config->station_code);
	else if (g_strcmp0(format, "json") == 0)
		out = td_report_format_json(days, config->station_code, config->station_name);
	else
		out = td_report_format_text(g_ptr_array_index(days, 0), config->station_code, config->station_name);
	fputs(out, stdout);
	if (g_strcmp0(format, "json") == 0)
		fputc('\n', stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}

int
td_cli_export(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *from = NULL;
	g_autofree gchar *to = NULL;
	g_autofree gchar *output = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("- the daily progress report as CSV");
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
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

	g_option_context_add_main_entries(context, entries, NULL);
	if ((rc = cli_parse(context, &argc, &argv)) != 0)
		return rc;
	if (from == NULL || to == NULL) {
		fprintf(stderr, "%s: --from and --to are required\n", g_get_prgname());
		return 2;
	}
	if (!td_report_parse_day(from, &error) || !td_report_parse_day(to, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 2;
	}
	if (!cli_open(config_path, &config, &store))
		return 1;
	days = td_report_range(TD_STORE(store), from, to, &error);
	if (days == NULL) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 1;
	}
	csv = td_report_format_csv(days, config->station_code);
	if (output == NULL) {
		fputs(csv, stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (!g_file_set_contents_full(output, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 1;
	}
	return 0;
}

int
td_cli_purge(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("- delete exception data past retention");
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autoptr(GError) error = NULL;
	TdPurgeCounts counts = {0};
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {NULL},
	};
	int rc;

	g_option_context_add_main_entries(context, entries, NULL);
	if ((rc = cli_parse(context, &argc, &argv)) != 0)
		return rc;
	if (!cli_open(config_path, &config, &store))
		return 1;
	if (!td_store_purge(TD_STORE(store), config->retention_days, g_get_real_time() / G_USEC_PER_SEC, &counts,
			    &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		return 1;
	}
	printf("Thời hạn lưu (retention): %u ngày (days)\n", config->retention_days);
	printf("Đã xóa hồ sơ ngoại lệ (exceptions deleted): %u\n", counts.exceptions);
	printf("Đã xóa ghi chú nhân viên (staff notes blanked): %u\n", counts.staff_notes);
	printf("Đã xóa lần nhập PIN (PIN attempts deleted): %u\n", counts.pin_attempts);
	if (counts.open_exceptions_kept > 0)
		printf("Chưa xử lý, vẫn giữ (unresolved, kept; staff must act): %u\n", counts.open_exceptions_kept);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* One line, without echo on a terminal; from stdin as is otherwise (for
 * scripts and tests). NULL at end of input. */
static gchar *
cli_read_pin(const gchar *prompt)
{
	gchar buf[64];
	gboolean tty = isatty(STDIN_FILENO);
	struct termios saved, quiet;
	gchar *line = NULL;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &saved) != 0)
			return NULL;
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, sizeof(buf), stdin) != NULL) {
		buf[strcspn(buf, "\r\n")] = '\0';
		line = g_strdup(buf);
	}
	td_memwipe(buf, sizeof(buf));
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	return line;
}

int
td_cli_set_pin(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("- set the staff PIN (4 to 8 digits)");
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *hash = NULL;
	gchar *pin = NULL;
	gchar *again = NULL;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {NULL},
	};
	int rc;

	g_option_context_add_main_entries(context, entries, NULL);
	if ((rc = cli_parse(context, &argc, &argv)) != 0)
		return rc;
	if (!cli_open(config_path, &config, NULL))
		return 1;
	pin = cli_read_pin("Mã PIN mới (new PIN, 4–8 digits): ");
	again = cli_read_pin("Nhập lại (again): ");
	if (pin == NULL || again == NULL || !td_staff_pin_is_well_formed(pin)) {
		fprintf(stderr, "%s: a PIN is 4 to 8 digits\n", g_get_prgname());
		rc = 1;
	} else if (strcmp(pin, again) != 0) {
		fprintf(stderr, "%s: the two PINs differ; nothing changed\n", g_get_prgname());
		rc = 1;
	} else if ((hash = td_staff_pin_hash(pin, &error)) == NULL ||
		   !td_config_save_pin_hash(config, hash, &error)) {
		fprintf(stderr, "%s: %s\n", g_get_prgname(), error->message);
		rc = 1;
	} else {
		printf("Đã đặt mã PIN (staff PIN set) in %s\n", config->path);
	}
	td_str_clear_free(pin);
	td_str_clear_free(again);
	return rc;
}
