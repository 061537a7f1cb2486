/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPcscMonitor against a real private pcscd with the vpcd reader: signals
 * arrive in the main context the monitor was started in, and stop()
 * returns promptly. */
#include "config.h"

#include "td-pcsc-monitor.h"
#include "td-test-monitor-log.h"
#include "td-test-vpcd-card.h"

#define TD_TEST_EVENT_TIMEOUT_MS 5000


/* Readers, then a card in and out, in a thread-default context of the
 * test's own. */
static void
test_card_in_and_out(void)
{
	g_autoptr(GMainContext) context = g_main_context_new();
	g_autoptr(TdPcscMonitor) monitor = td_pcsc_monitor_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) expected_atr = g_bytes_new_static(td_test_vpcd_atr, sizeof(td_test_vpcd_atr));
	g_auto(GStrv) readers = NULL;
	g_autofree gchar *inserted = NULL;
	g_autofree gchar *removed = NULL;
	TdTestVpcdCard *card;
	TdTestMonitorLog log = {0};
	guint elapsed_ms = 0;
	gint64 start;

	g_main_context_push_thread_default(context);
	td_test_monitor_log_init(&log, context, monitor);
	g_assert_true(td_pcsc_monitor_start(monitor, &error));
	g_assert_no_error(error);

	g_assert_true(td_test_monitor_log_wait(&log, 2, TD_TEST_EVENT_TIMEOUT_MS, &elapsed_ms));
	g_test_message("both readers reported after %u ms", elapsed_ms);
	g_assert_true(g_str_has_prefix(g_ptr_array_index(log.events, 0), "reader-added Virtual PCD"));
	g_assert_true(g_str_has_prefix(g_ptr_array_index(log.events, 1), "reader-added Virtual PCD"));
	readers = td_pcsc_monitor_dup_readers(monitor);
	g_assert_cmpuint(g_strv_length(readers), ==, 2);

	/* nothing else happens while no card is there */
	g_assert_false(td_test_monitor_log_wait(&log, 3, 500, NULL));

	card = td_test_vpcd_card_insert(td_test_vpcd_port(), NULL, NULL, 0, &error);
	g_assert_no_error(error);
	g_assert_true(td_test_monitor_log_wait(&log, 3, TD_TEST_EVENT_TIMEOUT_MS, &elapsed_ms));
	g_test_message("card-inserted %u ms after the card connected", elapsed_ms);
	inserted = g_strdup_printf("card-inserted %s", readers[0]);
	g_assert_cmpstr(g_ptr_array_index(log.events, 2), ==, inserted);
	g_assert_nonnull(log.last_atr);
	g_assert_true(g_bytes_equal(log.last_atr, expected_atr));

	td_test_vpcd_card_remove(card);
	g_assert_true(td_test_monitor_log_wait(&log, 4, TD_TEST_EVENT_TIMEOUT_MS, &elapsed_ms));
	g_test_message("card-removed %u ms after the card disconnected", elapsed_ms);
	removed = g_strdup_printf("card-removed %s", readers[0]);
	g_assert_cmpstr(g_ptr_array_index(log.events, 3), ==, removed);

	/* blocked in SCardGetStatusChange: stop() must cancel it */
	start = g_get_monotonic_time();
	td_pcsc_monitor_stop(monitor);
	g_test_message("stop took %" G_GINT64_FORMAT " ms", (g_get_monotonic_time() - start) / 1000);
	g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC);
	g_clear_pointer(&readers, g_strfreev);
	readers = td_pcsc_monitor_dup_readers(monitor);
	g_assert_cmpuint(g_strv_length(readers), ==, 0);

	g_assert_false(log.wrong_thread);
	g_assert_cmpuint(log.events->len, ==, 4);
	td_test_monitor_log_clear(&log);
	g_main_context_pop_thread_default(context);
}

/* With the global default context and nobody iterating it while the worker
 * posts, the signals must still wait for the main thread (a
 * g_main_context_invoke() would run them in the worker right away). */
static void
test_default_context_not_iterated(void)
{
	g_autoptr(TdPcscMonitor) monitor = td_pcsc_monitor_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) expected_atr = g_bytes_new_static(td_test_vpcd_atr, sizeof(td_test_vpcd_atr));
	g_autoptr(TdTestVpcdCard) card = NULL;
	g_autofree gchar *reader = NULL;
	g_auto(GStrv) readers = NULL;
	TdTestMonitorLog log = {0};

	td_test_monitor_log_init(&log, g_main_context_default(), monitor);

	/* a card already in when the monitor starts is reported too */
	card = td_test_vpcd_card_insert(td_test_vpcd_port(), NULL, NULL, 0, &error);
	g_assert_no_error(error);
	g_assert_true(td_pcsc_monitor_start(monitor, &error));
	g_usleep(1500 * 1000);
	g_assert_cmpuint(log.events->len, ==, 0);

	g_assert_true(td_test_monitor_log_wait(&log, 3, TD_TEST_EVENT_TIMEOUT_MS, NULL));
	readers = td_pcsc_monitor_dup_readers(monitor);
	g_assert_cmpuint(g_strv_length(readers), ==, 2);
	reader = g_strdup_printf("card-inserted %s", readers[0]);
	g_assert_true(td_test_monitor_log_has(&log, reader));
	g_assert_true(g_bytes_equal(log.last_atr, expected_atr));
	g_assert_false(log.wrong_thread);

	/* events queued but not delivered are dropped by stop() */
	g_clear_pointer(&card, td_test_vpcd_card_remove);
	g_usleep(1500 * 1000);
	td_pcsc_monitor_stop(monitor);
	while (g_main_context_iteration(NULL, FALSE))
		;
	g_assert_cmpuint(log.events->len, ==, 3);
	td_test_monitor_log_clear(&log);
}

/* Starting twice fails; stop, start again and the state is reported anew;
 * unref without stop joins the worker (ASan/LSan would see it leak). */
static void
test_restart(void)
{
	g_autoptr(GMainContext) context = g_main_context_new();
	g_autoptr(TdPcscMonitor) monitor = td_pcsc_monitor_new();
	g_autoptr(GError) error = NULL;
	TdTestMonitorLog log = {0};

	g_main_context_push_thread_default(context);
	td_test_monitor_log_init(&log, context, monitor);
	g_assert_true(td_pcsc_monitor_start(monitor, &error));
	g_assert_false(td_pcsc_monitor_start(monitor, &error));
	g_assert_nonnull(error);
	g_clear_error(&error);
	g_assert_true(td_test_monitor_log_wait(&log, 2, TD_TEST_EVENT_TIMEOUT_MS, NULL));
	td_pcsc_monitor_stop(monitor);
	td_pcsc_monitor_stop(monitor);

	g_assert_true(td_pcsc_monitor_start(monitor, &error));
	g_assert_true(td_test_monitor_log_wait(&log, 4, TD_TEST_EVENT_TIMEOUT_MS, NULL));
	g_assert_true(g_str_has_prefix(g_ptr_array_index(log.events, 3), "reader-added "));
	g_clear_object(&monitor);
	g_assert_false(log.wrong_thread);
	td_test_monitor_log_clear(&log);
	g_main_context_pop_thread_default(context);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (!td_test_vpcd_available())
		return 77;
	g_test_add_func("/pcsc/monitor/card-in-and-out", test_card_in_and_out);
	g_test_add_func("/pcsc/monitor/default-context-not-iterated", test_default_context_not_iterated);
	g_test_add_func("/pcsc/monitor/restart", test_restart);
	return g_test_run();
}
