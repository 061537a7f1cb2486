/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon-hub taking 10,000 stations' reports (a province's worth), as
 * fast as 32 stations at a time can send them: the real hub program on
 * loopback HTTPS, the real report client (a TLS connection per report, as
 * each station makes its own), the private PostgreSQL. Prints reports a
 * second, latency percentiles, how much of the ten-minute morning window
 * it took, and the hub's peak memory. Asserts only that every report was
 * stored, never a time. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "td-gateway-sim-cert.h"
#include "td-hub-db.h"
#include "td-report-client.h"
#include "td-test-figures.h"
#include "td-test-postgres.h"

#define N_STATIONS 10000
#define N_SENDERS  32
#define N_DISTRICTS 100

static struct {
	gchar *dir;
	gchar *ca_file;
	gchar *url;
	gchar *token_files[N_STATIONS];
	gdouble latency_ms[N_STATIONS];
	gint failures;
} bench;

static void
bench_add_stations(const gchar *conninfo)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(PGconn) conn = td_hub_db_connect(conninfo, &error);

	g_assert_no_error(error);
	g_assert_cmpint(td_hub_db_migrate(conn, &error), ==, 0);
	PQclear(PQexec(conn, "BEGIN"));
	for (guint i = 0; i < N_STATIONS; i++) {
		g_autofree gchar *code = g_strdup_printf("%05u", 10000 + i);
		g_autofree gchar *name = g_strdup_printf("Trạm Y tế xã số %u", i);
		g_autofree gchar *commune = g_strdup_printf("Xã số %u", i);
		g_autofree gchar *district = g_strdup_printf("Huyện số %u", i % N_DISTRICTS);
		g_autofree gchar *file = g_strdup_printf("%s/%s.token", bench.dir, code);
		gchar *token = td_hub_db_add_station(conn, code, name, commune, district, FALSE, &error);
		g_assert_no_error(error);
		g_assert_true(g_file_set_contents_full(file, token, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
		g_free(token);
		bench.token_files[i] = g_steal_pointer(&file);
	}
	PQclear(PQexec(conn, "COMMIT"));
}

static void
bench_child_setup(gpointer data)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
bench_start_hub(const gchar *conninfo)
{
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
	g_autofree gchar *cert = g_build_filename(bench.dir, "cert.pem", NULL);
	g_autofree gchar *key = g_build_filename(bench.dir, "key.pem", NULL);
	g_autoptr(GDataInputStream) out = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *line = NULL;
	GSubprocess *hub;

	g_subprocess_launcher_set_child_setup(launcher, bench_child_setup, NULL, NULL);
	g_subprocess_launcher_setenv(launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
	hub = g_subprocess_launcher_spawn(launcher, &error, TD_TIEPDON_HUB, "serve", "--database", conninfo, "--address",
					  "127.0.0.1", "--port", "0", "--cert", cert, "--key", key, NULL);
	g_assert_no_error(error);
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(hub));
	line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_true(g_str_has_prefix(line, "listening on https://127.0.0.1:"));
	bench.url = g_strdup_printf("https://127.0.0.1:%s", strrchr(line, ':') + 1);
	return hub;
}

static void
bench_send_one(gpointer data, gpointer user_data)
{
	guint i = GPOINTER_TO_UINT(data) - 1;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportClient) client = NULL;
	g_autoptr(TdDayReport) report = td_day_report_new();
	TdReportClientConfig config = {
	    .url = bench.url,
	    .token_file = bench.token_files[i],
	    .ca_file = bench.ca_file,
	    .timeout_ms = 60000,
	    .connect_timeout_ms = 30000,
	};
	gboolean retryable = FALSE;
	gint64 start;

	report->station = g_strdup_printf("%05u", 10000 + i);
	report->day = g_strdup("2025-03-13");
	report->program = g_strdup("tiepdon " PACKAGE_VERSION);
	report->kiosks = 1 + i % 3;
	report->checkins = 20 + i % 80;
	report->by_chip_card = report->checkins * 4 / 5;
	report->eligible = report->checkins * 3 / 4;
	report->see_staff = i % 5;
	report->vneid_asked = report->checkins - 2;
	report->vneid_integrated = report->vneid_asked / 4;
	report->vneid_no_account = report->vneid_asked / 10;
	client = td_report_client_new(&config);
	start = g_get_monotonic_time();
	if (!td_report_client_send(client, report, NULL, &retryable, NULL, &error)) {
		g_printerr("station %s: %s\n", report->station, error->message);
		g_atomic_int_inc(&bench.failures);
	}
	bench.latency_ms[i] = (g_get_monotonic_time() - start) / 1000.0;
}

/* A line of /proc/PID/status, in kB. */
static guint64
bench_proc_kb(GPid pid, const gchar *field)
{
	g_autofree gchar *path = g_strdup_printf("/proc/%d/status", pid);
	g_autofree gchar *status = NULL;
	const gchar *line;

	if (!g_file_get_contents(path, &status, NULL, NULL) || (line = strstr(status, field)) == NULL)
		return 0;
	return g_ascii_strtoull(line + strlen(field), NULL, 10);
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) hub = NULL;
	g_autofree gchar *database = NULL;
	g_autofree gchar *stored = NULL;
	GThreadPool *pool;
	gint64 start;
	gdouble seconds;
	guint64 hub_peak_kb, hub_now_kb;
	GPid hub_pid;

	g_test_init(&argc, &argv, NULL);
	if (g_getenv("TD_PG_CONNINFO") == NULL) {
		g_print("no private PostgreSQL (run under tests/with-private-postgres.sh)\n");
		return 77;
	}
	bench.dir = g_dir_make_tmp("tiepdon-bench-hub-XXXXXX", &error);
	g_assert_no_error(error);
	g_assert_true(td_gateway_sim_generate_cert(bench.dir, "hub", &error));
	bench.ca_file = g_build_filename(bench.dir, "cert.pem", NULL);
	database = td_test_pg_create_database("benchhub");

	start = g_get_monotonic_time();
	bench_add_stations(database);
	g_print("registered %d stations in %.1f s\n", N_STATIONS, (g_get_monotonic_time() - start) / 1e6);
	hub = bench_start_hub(database);
	hub_pid = (GPid)g_ascii_strtoll(g_subprocess_get_identifier(hub), NULL, 10);

	pool = g_thread_pool_new(bench_send_one, NULL, N_SENDERS, TRUE, &error);
	g_assert_no_error(error);
	start = g_get_monotonic_time();
	for (guint i = 0; i < N_STATIONS; i++)
		g_thread_pool_push(pool, GUINT_TO_POINTER(i + 1), NULL);
	g_thread_pool_free(pool, FALSE, TRUE);
	seconds = (g_get_monotonic_time() - start) / 1e6;
	hub_peak_kb = bench_proc_kb(hub_pid, "VmHWM:");
	hub_now_kb = bench_proc_kb(hub_pid, "VmRSS:");

	td_test_sort_doubles(bench.latency_ms, N_STATIONS);
	g_print("tiepdon-hub, %d stations' reports, %d sending at once, a TLS connection each:\n", N_STATIONS,
		N_SENDERS);
	g_print("  %.1f s in all: %.0f reports/s (%.1f %% of the ten-minute window)\n", seconds, N_STATIONS / seconds,
		100.0 * seconds / 600.0);
	g_print("  latency per report: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
		bench.latency_ms[N_STATIONS / 2], bench.latency_ms[N_STATIONS * 9 / 10],
		bench.latency_ms[N_STATIONS * 99 / 100], bench.latency_ms[N_STATIONS - 1]);
	g_print("  hub memory: peak (VmHWM) %.1f MiB, after the last report (VmRSS) %.1f MiB\n", hub_peak_kb / 1024.0,
		hub_now_kb / 1024.0);

	stored = td_test_pg_query_value(database, "SELECT count(*) FROM day_reports WHERE day = '2025-03-13'");
	g_print("  stored: %s rows, %d failures\n", stored, bench.failures);
	g_assert_cmpint(bench.failures, ==, 0);
	g_assert_cmpstr(stored, ==, G_STRINGIFY(N_STATIONS));

	g_subprocess_send_signal(hub, SIGTERM);
	g_subprocess_wait(hub, NULL, NULL);
	for (guint i = 0; i < N_STATIONS; i++) {
		g_unlink(bench.token_files[i]);
		g_free(bench.token_files[i]);
	}
	{
		g_autofree gchar *key = g_build_filename(bench.dir, "key.pem", NULL);
		g_unlink(key);
		g_unlink(bench.ca_file);
		g_rmdir(bench.dir);
	}
	g_free(bench.ca_file);
	g_free(bench.url);
	g_free(bench.dir);
	return 0;
}
