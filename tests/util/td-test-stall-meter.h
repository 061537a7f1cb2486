/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long the main loop ever stalls while the kiosk works off it (a card
 * read, a gateway call, printing, speech, a database that does not
 * answer): a 5 ms source ticks from start to stop.
 *
 * A gap is the time between two ticks less the time the main thread stood
 * ready to run while the CPU was another's (the kernel's run delay,
 * /proc/thread-self/schedstat): what the product's main thread did, running
 * or blocked, not how busy the machine was. So a test that holds the gap
 * to a bound can run beside other tests on two cores: a call that blocks
 * the main thread still counts whole (blocked is not ready to run), a
 * neighbour's compile does not. Where the kernel keeps no run delay the
 * gap is the whole time between ticks, as before. What it leaves out
 * includes the turns of the kiosk's own worker threads: a worker that
 * kept the main thread from both cores would not show here (the kernel
 * gives a thread waking from a wait its turn within milliseconds, and the
 * printed total says how much was left out). */

/* The bound the tests hold a gap to: far above what the kiosk's main loop
 * shows under ASan (tens of ms), far below what one blocking card read
 * (17 commands of 10 ms), gateway call (300 ms) or print job on the main
 * thread costs. */
#define TD_TEST_MAX_MAIN_LOOP_GAP_US (250 * 1000)
/* Of a gap, the time the main thread spent off the CPU waiting (a socket,
 * a lock, a disk), not drawing: a page drawn for the first time under
 * ASan can take the main loop past TD_TEST_MAX_MAIN_LOOP_GAP_US while it
 * never waits; a call to a database that does not answer waits its whole
 * timeout. Tests of what waits hold the wait to this and the whole gap
 * to the looser TD_TEST_MAX_MAIN_LOOP_DRAW_US. */
#define TD_TEST_MAX_MAIN_LOOP_WAIT_US (250 * 1000)
#define TD_TEST_MAX_MAIN_LOOP_DRAW_US (1000 * 1000)

typedef struct _TdTestStallMeter TdTestStallMeter;
/* Names where the work was when the longest gap ended (a session's
 * state), for the printed line; NULL names nothing. */
typedef const gchar *(*TdTestStallMeterWhere)(gpointer data);

/* Starts ticking on the thread-default main context, which must be the
 * main thread's. */
TdTestStallMeter *td_test_stall_meter_start(TdTestStallMeterWhere where, gpointer where_data);
/* Around work of the test's own on the main thread (a screenshot and its
 * layout check): pause takes the reading the product's time so far is due
 * (as a tick would), resume starts the next gap, so neither side's time
 * is put down to the other. */
void td_test_stall_meter_pause(TdTestStallMeter *meter);
void td_test_stall_meter_resume(TdTestStallMeter *meter);
/* Of the gaps so far, the longest time off the CPU within one (not
 * running, not ready to run: blocked). Call before stop. */
gint64 td_test_stall_meter_longest_wait(TdTestStallMeter *meter);
/* Takes the gap since the last tick, stops, prints "# stall: longest
 * main-loop gap during WHAT: ..." with the ticks, the longest wait and the
 * run delay left out, frees the meter and returns the longest gap in
 * microseconds. */
gint64 td_test_stall_meter_stop(TdTestStallMeter *meter, const gchar *what);

/* The calling thread's CPU time, µs (0 where the clock cannot be read):
 * what the meter adds to a gap's wait, and what a test's own work on the
 * main thread is measured in. */
gint64 td_test_thread_cpu_us(void);

G_END_DECLS
