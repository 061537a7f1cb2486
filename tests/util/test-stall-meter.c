/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The stall meter the kiosk's timed tests stand on must see what it is
 * there to catch: a main thread blocked (a call that waits on the main
 * thread) or busy, however the wait starts, and never report a stall when
 * the main loop turns freely. */
#include "config.h"

#include "td-test-stall-meter.h"

#define BLOCK_US (300 * 1000)

static void
td_iterate_for(gint64 us)
{
	gint64 until = g_get_monotonic_time() + us;

	while (g_get_monotonic_time() < until)
		g_main_context_iteration(NULL, FALSE);
}

static gboolean
td_block_cb(gpointer data)
{
	(void)data;
	g_usleep(BLOCK_US);
	return G_SOURCE_REMOVE;
}

/* Spins until the main thread itself has run 300 ms. Bounded by wall time
 * instead, the spin was shorter than 300 ms of work whenever the machine
 * was busy (CI once saw 228 ms: 75 ms of the 300 the thread stood ready
 * while another test had the CPU), and the meter rightly leaves that out */
static gboolean
td_spin_cb(gpointer data)
{
	gint64 until = td_test_thread_cpu_us() + BLOCK_US;
	volatile guint64 n = 0;

	(void)data;
	/* 0: no thread clock, and the spin would never end */
	g_assert_cmpint(until, >, BLOCK_US);
	while (td_test_thread_cpu_us() < until)
		n++;
	return G_SOURCE_REMOVE;
}

/* A call that sleeps 300 ms on the main thread: the whole of it is a gap,
 * and all of it waiting off the CPU (blocked is not "ready to run") */
static void
test_blocked(void)
{
	TdTestStallMeter *meter = td_test_stall_meter_start(NULL, NULL);
	gint64 longest, wait;

	td_iterate_for(50 * 1000);
	g_timeout_add(1, td_block_cb, NULL);
	td_iterate_for(100 * 1000); /* the sleep and the tick after it */
	td_iterate_for(50 * 1000);
	wait = td_test_stall_meter_longest_wait(meter);
	longest = td_test_stall_meter_stop(meter, "a 300 ms sleep on the main thread");
	g_assert_cmpint(longest, >=, BLOCK_US);
	g_assert_cmpint(longest, >=, TD_TEST_MAX_MAIN_LOOP_GAP_US);
	g_assert_cmpint(wait, >=, TD_TEST_MAX_MAIN_LOOP_WAIT_US);
}

/* 300 ms of work on the main thread: a gap, though it never waits */
static void
test_busy(void)
{
	TdTestStallMeter *meter = td_test_stall_meter_start(NULL, NULL);

	td_iterate_for(50 * 1000);
	g_timeout_add(1, td_spin_cb, NULL);
	td_iterate_for(100 * 1000);
	g_assert_cmpint(td_test_stall_meter_stop(meter, "300 ms of work on the main thread"), >=,
			TD_TEST_MAX_MAIN_LOOP_GAP_US);
}

/* A main loop that never turns between start and stop (everything done
 * before it could): the meter measures from start to stop, not only
 * between ticks that never came */
static void
test_blocked_throughout(void)
{
	TdTestStallMeter *meter = td_test_stall_meter_start(NULL, NULL);

	g_usleep(BLOCK_US);
	g_assert_cmpint(td_test_stall_meter_stop(meter, "a main loop that never turned"), >=, BLOCK_US);
}

/* A paused meter leaves the test's own work out; the main loop turning
 * freely shows no stall */
static void
test_paused_and_free(void)
{
	TdTestStallMeter *meter = td_test_stall_meter_start(NULL, NULL);

	td_iterate_for(50 * 1000);
	td_test_stall_meter_pause(meter);
	g_usleep(BLOCK_US);
	td_test_stall_meter_resume(meter);
	td_iterate_for(50 * 1000);
	g_assert_cmpint(td_test_stall_meter_stop(meter, "a free main loop, 300 ms paused"), <,
			TD_TEST_MAX_MAIN_LOOP_GAP_US);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/stall-meter/blocked", test_blocked);
	g_test_add_func("/stall-meter/busy", test_busy);
	g_test_add_func("/stall-meter/blocked-throughout", test_blocked_throughout);
	g_test_add_func("/stall-meter/paused-and-free", test_paused_and_free);
	return g_test_run();
}
