/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints the client's own cost per look-up against the simulator, and the
 * throughput of a burst. Figures only: nothing here asserts on time. */
#include "config.h"

#include <stdio.h>

#include "td-gateway-client.h"
#include "td-test-gateway-sim.h"

#define SIM_LATENCY_MS 50
#define SEQUENTIAL     20
#define BURST	       40

static TdGatewayClient *
bench_client(TdTestSim *sim, const gchar *cache_seconds)
{
	g_autoptr(GKeyFile) kf = td_test_sim_key_file(sim);
	g_autoptr(TdGatewayConfig) config = NULL;
	g_key_file_set_string(kf, "gateway", "cache-seconds", cache_seconds);
	g_key_file_set_string(kf, "gateway", "rate-limit", "100");
	g_key_file_set_string(kf, "gateway", "timeout", "30");
	config = td_test_sim_config(sim, kf);
	/* the bench measures the client, so its limit must not be the bottleneck */
	config->rate_limit_burst = BURST * 2;
	return td_gateway_client_new(config);
}

static gdouble
bench_sequential(TdGatewayClient *client, TdEligibilityQuery *query, guint n)
{
	gint64 started = g_get_monotonic_time();
	for (guint i = 0; i < n; i++) {
		g_autoptr(TdEligibility) e = td_gateway_client_check(client, query, NULL, NULL);
		if (e == NULL || e->status != TD_ELIGIBILITY_STATUS_ELIGIBLE)
			g_error("look-up %u failed", i);
	}
	return (gdouble)(g_get_monotonic_time() - started) / 1000.0 / n;
}

typedef struct {
	GMainLoop *loop;
	guint pending;
	guint eligible;
} BurstData;

static void
burst_done_cb(GObject *source, GAsyncResult *res, gpointer user_data)
{
	BurstData *data = user_data;
	g_autoptr(TdEligibility) e =
	    td_gateway_client_check_finish(TD_GATEWAY_CLIENT(source), res, NULL);
	if (e != NULL && e->status == TD_ELIGIBILITY_STATUS_ELIGIBLE)
		data->eligible++;
	if (--data->pending == 0)
		g_main_loop_quit(data->loop);
}

int
main(int argc, char **argv)
{
	g_autoptr(TdTestSim) fast = NULL;
	g_autoptr(TdTestSim) slow = NULL;
	g_autoptr(TdGatewayClient) fast_client = NULL;
	g_autoptr(TdGatewayClient) slow_client = NULL;
	g_autoptr(TdGatewayClient) cached_client = NULL;
	g_autoptr(TdEligibilityQuery) query =
	    td_eligibility_query_new("001088000001", "Nguyễn Văn An", "15/03/1988", NULL);
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_autofree gchar *latency_arg = g_strdup_printf("--latency-ms=%d", SIM_LATENCY_MS);
	BurstData burst = {.loop = loop, .pending = BURST};
	gdouble fast_ms, slow_ms, cached_ms;
	gint64 started;
	gdouble burst_s;

	g_test_init(&argc, &argv, NULL);
	fast = td_test_sim_start(NULL);
	slow = td_test_sim_start(latency_arg, NULL);
	fast_client = bench_client(fast, "0");
	slow_client = bench_client(slow, "0");
	cached_client = bench_client(fast, "60");

	/* warm up: token taken, TLS libraries loaded */
	bench_sequential(fast_client, query, 1);
	bench_sequential(slow_client, query, 1);
	bench_sequential(cached_client, query, 1);

	fast_ms = bench_sequential(fast_client, query, SEQUENTIAL);
	slow_ms = bench_sequential(slow_client, query, SEQUENTIAL);
	cached_ms = bench_sequential(cached_client, query, SEQUENTIAL * 50);

	started = g_get_monotonic_time();
	for (guint i = 0; i < BURST; i++)
		td_gateway_client_check_async(fast_client, query, NULL, burst_done_cb, &burst);
	g_main_loop_run(loop);
	burst_s = (gdouble)(g_get_monotonic_time() - started) / G_USEC_PER_SEC;

	printf("gateway look-up, simulator without latency:   %8.2f ms each (%d sequential)\n",
	       fast_ms, SEQUENTIAL);
	printf("gateway look-up, simulator latency %3d ms:     %8.2f ms each, client overhead %.2f ms\n",
	       SIM_LATENCY_MS, slow_ms, slow_ms - SIM_LATENCY_MS);
	printf("cached look-up:                                %8.4f ms each\n", cached_ms);
	printf("burst of %d async look-ups:                    %8.2f s, %.1f look-ups/s, %u eligible\n",
	       BURST, burst_s, BURST / burst_s, burst.eligible);
	return 0;
}
