/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs where no pcscd is reachable (with-no-pcscd.sh), then starts and
 * kills a private pcscd of its own: NO_SERVICE errors, and the monitor's
 * service-lost / service-restored with a fresh reader state. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "td-pcsc-monitor.h"
#include "td-pcsc-transport.h"
#include "td-reader-error.h"
#include "td-test-monitor-log.h"
#include "td-test-vpcd-card.h"

#define TD_TEST_PORT		 35114
#define TD_TEST_EVENT_TIMEOUT_MS 8000


/* A pcscd in this namespace with one vpcd reader on TD_TEST_PORT. */
typedef struct {
	gchar *confdir;
	GSubprocess *process;
} TestPcscd;

static TestPcscd *
test_pcscd_start(void)
{
	g_autoptr(GError) error = NULL;
	TestPcscd *pcscd = g_new0(TestPcscd, 1);
	g_autofree gchar *conf = NULL;
	g_autofree gchar *conf_path = NULL;

	pcscd->confdir = g_dir_make_tmp("tiepdon-pcscd-XXXXXX", &error);
	g_assert_no_error(error);
	conf = g_strdup_printf("FRIENDLYNAME \"Virtual PCD\"\n"
			       "DEVICENAME   /dev/null:0x%04X\n"
			       "LIBPATH      %s\n"
			       "CHANNELID    0x%04X\n",
			       TD_TEST_PORT,
			       TD_VPCD_DRIVER,
			       TD_TEST_PORT);
	conf_path = g_build_filename(pcscd->confdir, "vpcd", NULL);
	g_file_set_contents(conf_path, conf, -1, &error);
	g_assert_no_error(error);
	pcscd->process = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
					  &error,
					  "/usr/sbin/pcscd",
					  "--foreground",
					  "--config",
					  pcscd->confdir,
					  NULL);
	g_assert_no_error(error);
	return pcscd;
}

static void
test_pcscd_kill(TestPcscd *pcscd)
{
	g_autofree gchar *conf_path = g_build_filename(pcscd->confdir, "vpcd", NULL);

	g_subprocess_send_signal(pcscd->process, SIGTERM);
	g_subprocess_wait(pcscd->process, NULL, NULL);
	g_object_unref(pcscd->process);
	g_unlink(conf_path);
	g_rmdir(pcscd->confdir);
	g_free(pcscd->confdir);
	g_free(pcscd);
}

static void
test_no_service_errors(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) readers = td_pcsc_list_readers(&error);
	g_autoptr(TdTransport) transport = NULL;

	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NO_SERVICE);
	g_assert_nonnull(strstr(error->message, "pcscd"));
	g_assert_null(readers);
	g_clear_error(&error);

	transport = td_pcsc_transport_new(NULL, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NO_SERVICE);
	g_assert_null(transport);
}

/* service-lost once (not once per retry), and stop() interrupts the
 * retry wait at once. */
static void
test_monitor_without_service(void)
{
	g_autoptr(TdPcscMonitor) monitor = td_pcsc_monitor_new();
	g_autoptr(GError) error = NULL;
	TdTestMonitorLog log = {0};
	gint64 start;

	td_test_monitor_log_init(&log, NULL, monitor);
	g_assert_true(td_pcsc_monitor_start(monitor, &error));
	g_assert_no_error(error);
	g_assert_true(td_test_monitor_log_wait(&log, 1, TD_TEST_EVENT_TIMEOUT_MS, NULL));
	g_assert_cmpstr(td_test_monitor_log_get(&log, 0), ==, "service-lost");
	g_assert_false(td_test_monitor_log_wait(&log, 2, 2500, NULL));

	start = g_get_monotonic_time();
	td_pcsc_monitor_stop(monitor);
	g_test_message("stop during the retry wait took %" G_GINT64_FORMAT " ms",
		       (g_get_monotonic_time() - start) / 1000);
	g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC / 2);
	g_assert_false(log.wrong_thread);
	td_test_monitor_log_clear(&log);
}

/* pcscd comes, a card goes in, pcscd is killed with the card in and a
 * session open, pcscd comes back. */
static void
test_service_lost_and_restored(void)
{
	g_autoptr(TdPcscMonitor) monitor = td_pcsc_monitor_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(GBytes) response = NULL;
	static const guint8 cmd[] = {0x80, 0xEE, 0x00, 0x00, 0x01, 0x42};
	g_autoptr(GBytes) command = g_bytes_new_static(cmd, sizeof(cmd));
	static const TdTestVpcdRule rules[] = {{"80 EE", NULL}};
	TdTestVpcdCard *card;
	TestPcscd *pcscd;
	TdTestMonitorLog log = {0};
	guint elapsed_ms = 0;
	guint n;

	td_test_monitor_log_init(&log, NULL, monitor);
	g_assert_true(td_pcsc_monitor_start(monitor, &error));
	g_assert_true(td_test_monitor_log_wait(&log, 1, TD_TEST_EVENT_TIMEOUT_MS, NULL));
	g_assert_cmpstr(td_test_monitor_log_get(&log, 0), ==, "service-lost");

	pcscd = test_pcscd_start();
	g_assert_true(td_test_monitor_log_wait(&log, 4, TD_TEST_EVENT_TIMEOUT_MS, &elapsed_ms));
	g_test_message("service-restored and both readers %u ms after pcscd started", elapsed_ms);
	g_assert_cmpstr(td_test_monitor_log_get(&log, 1), ==, "service-restored");
	g_assert_cmpstr(td_test_monitor_log_get(&log, 2), ==, "reader-added Virtual PCD 00 00");
	g_assert_cmpstr(td_test_monitor_log_get(&log, 3), ==, "reader-added Virtual PCD 00 01");

	card = td_test_vpcd_card_insert(TD_TEST_PORT, NULL, rules, G_N_ELEMENTS(rules), &error);
	g_assert_no_error(error);
	g_assert_true(td_test_monitor_log_wait(&log, 5, TD_TEST_EVENT_TIMEOUT_MS, NULL));
	g_assert_cmpstr(td_test_monitor_log_get(&log, 4), ==, "card-inserted Virtual PCD 00 00");
	transport = td_pcsc_transport_new(NULL, NULL, &error);
	g_assert_no_error(error);
	response = td_transport_transmit_raw(transport, command, NULL, &error);
	g_assert_no_error(error);
	g_clear_pointer(&response, g_bytes_unref);

	/* the daemon goes away under the monitor and an open session */
	test_pcscd_kill(pcscd);
	g_assert_true(td_test_monitor_log_wait(&log, 9, TD_TEST_EVENT_TIMEOUT_MS, &elapsed_ms));
	g_test_message("service-lost %u ms after pcscd was killed", elapsed_ms);
	g_assert_cmpstr(td_test_monitor_log_get(&log, 5), ==, "card-removed Virtual PCD 00 00");
	g_assert_cmpstr(td_test_monitor_log_get(&log, 6), ==, "reader-removed Virtual PCD 00 00");
	g_assert_cmpstr(td_test_monitor_log_get(&log, 7), ==, "reader-removed Virtual PCD 00 01");
	g_assert_cmpstr(td_test_monitor_log_get(&log, 8), ==, "service-lost");
	response = td_transport_transmit_raw(transport, command, NULL, &error);
	g_test_message("transmit with pcscd gone: %s", error != NULL ? error->message : "(no error)");
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NO_SERVICE);
	g_assert_null(response);
	g_clear_error(&error);
	g_clear_object(&transport);
	td_test_vpcd_card_remove(card);

	/* and comes back: a fresh state, reported in full */
	pcscd = test_pcscd_start();
	g_assert_true(td_test_monitor_log_wait(&log, 12, TD_TEST_EVENT_TIMEOUT_MS, NULL));
	g_assert_cmpstr(td_test_monitor_log_get(&log, 9), ==, "service-restored");
	g_assert_cmpstr(td_test_monitor_log_get(&log, 10), ==, "reader-added Virtual PCD 00 00");
	g_assert_cmpstr(td_test_monitor_log_get(&log, 11), ==, "reader-added Virtual PCD 00 01");

	/* nothing reaches a listener after stop(), even with pcscd going away */
	n = log.events->len;
	td_pcsc_monitor_stop(monitor);
	test_pcscd_kill(pcscd);
	g_assert_cmpuint(log.events->len, ==, n);
	g_assert_false(log.wrong_thread);
	td_test_monitor_log_clear(&log);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* only meaningful where no pcscd is reachable */
	if (!g_file_test("/run/pcscd", G_FILE_TEST_IS_DIR) || g_file_test("/run/pcscd/pcscd.comm", G_FILE_TEST_EXISTS)) {
		g_printerr("run through with-no-pcscd.sh\n");
		return 77;
	}
	if (!g_file_test(TD_VPCD_DRIVER, G_FILE_TEST_EXISTS) || !g_file_test("/usr/sbin/pcscd", G_FILE_TEST_IS_EXECUTABLE)) {
		g_printerr("pcscd or the vpcd driver is missing\n");
		return 77;
	}
	g_test_add_func("/pcsc/service/no-service-errors", test_no_service_errors);
	g_test_add_func("/pcsc/service/monitor-without-service", test_monitor_without_service);
	g_test_add_func("/pcsc/service/lost-and-restored", test_service_lost_and_restored);
	return g_test_run();
}
