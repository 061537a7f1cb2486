/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-test-stall-meter.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

struct _TdTestStallMeter {
	gint64 last;	       /* monotonic time at the last tick */
	gint64 last_cpu;       /* the main thread's CPU time then */
	gint64 last_run_delay; /* its time ready to run but not running, then */
	gint64 longest;
	gint64 longest_wait;
	gint64 run_delay_left_out; /* over the whole measure */
	guint ticks;
	guint source_id;
	TdTestStallMeterWhere where;
	gpointer where_data;
	const gchar *longest_where;
	int schedstat_fd; /* the main thread's /proc schedstat, or -1 */
};

gint64
td_test_thread_cpu_us(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The main thread's run delay so far, µs: the second figure of its
 * schedstat (ns on the CPU, ns waiting on a run queue, time slices); 0
 * where the kernel does not keep it. The file, opened once by start on
 * the main thread, is read again from its start at each tick (every 5 ms),
 * into a buffer on the stack. */
static gint64
td_stall_meter_run_delay_us(TdTestStallMeter *meter)
{
	gchar buf[96];
	ssize_t n;
	guint64 on_cpu, run_delay;

	if (meter->schedstat_fd < 0)
		return 0;
	n = pread(meter->schedstat_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (sscanf(buf, "%" SCNu64 " %" SCNu64, &on_cpu, &run_delay) != 2)
		return 0;
	return (gint64)(run_delay / 1000);
}

static void
td_stall_meter_take(TdTestStallMeter *meter)
{
	gint64 now = g_get_monotonic_time();
	gint64 cpu = td_test_thread_cpu_us();
	gint64 run_delay = td_stall_meter_run_delay_us(meter);
	gint64 ready = MAX(run_delay - meter->last_run_delay, 0);
	gint64 gap = MAX((now - meter->last) - ready, 0);
	gint64 wait = MAX(gap - (cpu - meter->last_cpu), 0);

	meter->run_delay_left_out += ready;
	meter->longest_wait = MAX(meter->longest_wait, wait);
	if (gap > meter->longest) {
		meter->longest = gap;
		meter->longest_where = meter->where != NULL ? meter->where(meter->where_data) : NULL;
	}
	meter->last = now;
	meter->last_cpu = cpu;
	meter->last_run_delay = run_delay;
}

static gboolean
td_stall_meter_tick_cb(gpointer data)
{
	TdTestStallMeter *meter = data;

	td_stall_meter_take(meter);
	meter->ticks++;
	return G_SOURCE_CONTINUE;
}

TdTestStallMeter *
td_test_stall_meter_start(TdTestStallMeterWhere where, gpointer where_data)
{
	TdTestStallMeter *meter = g_new0(TdTestStallMeter, 1);

	meter->where = where;
	meter->where_data = where_data;
	meter->schedstat_fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
	/* the first gap runs from here: a main loop blocked from the start
	 * is measured too */
	td_test_stall_meter_resume(meter);
	meter->source_id = g_timeout_add(5, td_stall_meter_tick_cb, meter);
	return meter;
}

void
td_test_stall_meter_pause(TdTestStallMeter *meter)
{
	td_stall_meter_take(meter);
}

void
td_test_stall_meter_resume(TdTestStallMeter *meter)
{
	meter->last = g_get_monotonic_time();
	meter->last_cpu = td_test_thread_cpu_us();
	meter->last_run_delay = td_stall_meter_run_delay_us(meter);
}

gint64
td_test_stall_meter_longest_wait(TdTestStallMeter *meter)
{
	return meter->longest_wait;
}

gint64
td_test_stall_meter_stop(TdTestStallMeter *meter, const gchar *what)
{
	g_autoptr(GString) line = g_string_new(NULL);
	gint64 longest;

	/* the last gap runs to here: a main loop that never turned again
	 * since the last tick (or since start) is measured too */
	td_stall_meter_take(meter);
	longest = meter->longest;
	g_source_remove(meter->source_id);
	g_string_printf(line, "longest main-loop gap during %s: %.1f ms (%u ticks of 5 ms)", what,
			(double)longest / 1000.0, meter->ticks);
	if (meter->longest_where != NULL)
		g_string_append_printf(line, ", ending in state %s", meter->longest_where);
	g_string_append_printf(line, "; longest wait off the CPU within one: %.1f ms; time ready to run while the "
				     "CPU was another's, left out: %.1f ms in all",
			       (double)meter->longest_wait / 1000.0, (double)meter->run_delay_left_out / 1000.0);
	printf("# stall: %s\n", line->str);
	if (meter->schedstat_fd >= 0)
		close(meter->schedstat_fd);
	g_free(meter);
	return longest;
}
