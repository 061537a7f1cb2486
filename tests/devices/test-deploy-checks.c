/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-deploy-checks.h"
#include "td-device-settings.h"
#include "td-scanner.h"

static const TdCheckResult *
find_result(GPtrArray *results, const gchar *name)
{
	for (guint i = 0; i < results->len; i++) {
		const TdCheckResult *result = g_ptr_array_index(results, i);
		if (g_strcmp0(result->name, name) == 0)
			return result;
	}
	g_error("no check named %s", name);
	return NULL;
}

/* Every line is there, and a missing printer and scanner say so. */
static void
test_deploy_checks_missing(void)
{
	g_autoptr(GKeyFile) config = g_key_file_new();
	g_autoptr(GPtrArray) results = NULL;
	const TdCheckResult *printer, *scanner;

	g_key_file_set_string(config, "printer", "queue", "tiepdon-no-such-queue");
	g_key_file_set_string(config, "scanner", "device", "/nonexistent/tiepdon-scanner");
	results = td_deploy_checks_run(config);
	g_assert_cmpuint(results->len, ==, 5);
	for (guint i = 0; i < results->len; i++) {
		const TdCheckResult *result = g_ptr_array_index(results, i);
		g_test_message("%s: %s: %s", result->name, result->ok ? "ok" : "FAIL", result->message);
		g_assert_cmpstr(result->message, !=, "");
	}
	find_result(results, "udev rules");
	find_result(results, "kiosk user");
	printer = find_result(results, "printer");
	g_assert_false(printer->ok);
	g_assert_nonnull(strstr(printer->message, "PRN-NONE"));
	/* and reception's words for it, with no code (the health page's) */
	g_assert_cmpstr(printer->desk_words, ==, "not set up, tell the administrator");
	scanner = find_result(results, "scanner");
	g_assert_false(scanner->ok);
	g_assert_nonnull(strstr(scanner->message, "/nonexistent/tiepdon-scanner"));
	/* titled as reception calls the part (English: no catalogue bound) */
	g_assert_cmpstr(printer->title, ==, "Ticket printer");
	find_result(results, "voice");
}

/* The voice: espeak-ng says Vietnamese and GStreamer has its sink here (the
 * build's dependencies), or the settings turned it off. */
static void
test_deploy_checks_voice(void)
{
	g_autoptr(GKeyFile) config = g_key_file_new();
	g_autoptr(GPtrArray) results = td_deploy_checks_run(config);
	const TdCheckResult *voice = find_result(results, "voice");

	g_test_message("voice: %s", voice->message);
	g_assert_true(voice->ok);
	g_assert_nonnull(strstr(voice->message, "Vietnamese voice"));
	g_clear_pointer(&results, g_ptr_array_unref);

	g_key_file_set_boolean(config, "voice", "enabled", FALSE);
	results = td_deploy_checks_run(config);
	voice = find_result(results, "voice");
	g_assert_true(voice->ok);
	g_assert_nonnull(strstr(voice->message, "turned off"));
}

/* A readable scanner node, a switched-off scanner, and the private cupsd's
 * accepting and stopped queues. */
static void
test_deploy_checks_present(void)
{
	g_autoptr(GKeyFile) config = g_key_file_new();
	g_autoptr(GPtrArray) results = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *device = NULL;
	gint fd = g_file_open_tmp("tiepdon-scanner-XXXXXX", &device, &error);

	g_assert_no_error(error);
	g_close(fd, NULL);
	g_key_file_set_string(config, "scanner", "device", device);
	g_key_file_set_string(config, "printer", "queue", "tiepdon-ok");
	results = td_deploy_checks_run(config);
	g_assert_true(find_result(results, "scanner")->ok);
	if (g_getenv("TD_TEST_CUPSD") != NULL) {
		/* a raw queue (no driver): tickets go as ESC/POS, and it says so */
		const TdCheckResult *printer = find_result(results, "printer");
		g_assert_true(printer->ok);
		g_assert_nonnull(strstr(printer->message, "ESC/POS for 80 mm"));
		g_clear_pointer(&results, g_ptr_array_unref);
		/* told to send it PDF, it would print garbage: said before a patient finds out */
		g_key_file_set_string(config, "printer", "format", "pdf");
		results = td_deploy_checks_run(config);
		printer = find_result(results, "printer");
		g_assert_false(printer->ok);
		g_assert_nonnull(strstr(printer->message, "format=pdf"));
		g_key_file_remove_key(config, "printer", "format", NULL);
	}
	g_clear_pointer(&results, g_ptr_array_unref);

	g_key_file_set_boolean(config, "scanner", "enabled", FALSE);
	g_key_file_set_string(config, "scanner", "device", "/nonexistent/tiepdon-scanner");
	g_key_file_set_string(config, "printer", "queue", "tiepdon-stopped");
	results = td_deploy_checks_run(config);
	g_assert_true(find_result(results, "scanner")->ok);
	if (g_getenv("TD_TEST_CUPSD") != NULL) {
		const TdCheckResult *printer = find_result(results, "printer");
		g_assert_false(printer->ok);
		g_assert_nonnull(strstr(printer->message, "PRN-STOPPED"));
		g_assert_cmpstr(printer->desk_words, ==, "stopped, tell the administrator");
	}
	g_unlink(device);
}

/* The devices' settings: defaults without a key file (no tickets in
 * training), each key read, and a mistyped value refused with its place. */
static void
test_device_settings(void)
{
	g_autoptr(GKeyFile) config = g_key_file_new();
	g_autoptr(TdDeviceSettings) defaults = td_device_settings_new(NULL, NULL);
	g_autoptr(TdDeviceSettings) settings = NULL;
	g_autoptr(TdDeviceSettings) refused = NULL;
	g_autoptr(GPtrArray) results = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_false(defaults->print_tickets);
	g_assert_null(defaults->printer_queue);
	g_assert_true(defaults->scanner_enabled);
	g_assert_cmpstr(defaults->scanner_device, ==, TD_SCANNER_DEFAULT_DEVICE);
	g_assert_true(defaults->voice_enabled);
	g_assert_cmpuint(defaults->voice_volume, ==, TD_VOICE_DEFAULT_VOLUME);
	g_assert_cmpstr(defaults->voice_phrases_dir, ==, TD_VOICE_DEFAULT_PHRASES_DIR);

	g_key_file_set_string(config, "printer", "queue", "receipt");
	g_key_file_set_string(config, "voice", "volume", "35");
	g_key_file_set_string(config, "voice", "phrases", "/srv/voice");
	settings = td_device_settings_new(config, &error);
	g_assert_no_error(error);
	g_assert_true(settings->print_tickets); /* a kiosk prints unless told not to */
	g_assert_cmpstr(settings->printer_queue, ==, "receipt");
	g_assert_cmpint(settings->printer_format, ==, TD_TICKET_FORMAT_AUTO);
	g_assert_cmpuint(settings->printer_paper_mm, ==, 80);
	g_assert_cmpuint(settings->voice_volume, ==, 35);
	g_assert_cmpstr(settings->voice_phrases_dir, ==, "/srv/voice");

	g_clear_pointer(&settings, td_device_settings_free);
	g_key_file_set_string(config, "printer", "format", "escpos");
	g_key_file_set_string(config, "printer", "paper-mm", "58");
	settings = td_device_settings_new(config, &error);
	g_assert_no_error(error);
	g_assert_cmpint(settings->printer_format, ==, TD_TICKET_FORMAT_ESCPOS);
	g_assert_cmpuint(settings->printer_paper_mm, ==, 58);
	g_key_file_set_string(config, "printer", "paper-mm", "76");
	refused = td_device_settings_new(config, &error);
	g_assert_null(refused);
	g_assert_nonnull(strstr(error->message, "[printer] paper-mm"));
	g_clear_error(&error);
	g_key_file_set_string(config, "printer", "paper-mm", "80");
	g_key_file_set_string(config, "printer", "format", "postscript");
	refused = td_device_settings_new(config, &error);
	g_assert_null(refused);
	g_assert_nonnull(strstr(error->message, "[printer] format"));
	g_clear_error(&error);
	g_key_file_set_string(config, "printer", "format", "auto");

	g_key_file_set_string(config, "voice", "volume", "120");
	refused = td_device_settings_new(config, &error);
	g_assert_null(refused);
	g_assert_nonnull(strstr(error->message, "[voice] volume"));
	g_clear_error(&error);
	g_key_file_set_string(config, "voice", "volume", "50");
	g_key_file_set_string(config, "scanner", "enabled", "maybe");
	refused = td_device_settings_new(config, &error);
	g_assert_null(refused);
	g_assert_nonnull(strstr(error->message, "[scanner] enabled"));
	/* the doctor says so on both device lines */
	results = td_deploy_checks_run(config);
	g_assert_false(find_result(results, "scanner")->ok);
	g_assert_nonnull(strstr(find_result(results, "printer")->message, "[scanner] enabled"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/devices/deploy-checks/missing", test_deploy_checks_missing);
	g_test_add_func("/devices/deploy-checks/present", test_deploy_checks_present);
	g_test_add_func("/devices/deploy-checks/voice", test_deploy_checks_voice);
	g_test_add_func("/devices/settings", test_device_settings);
	return g_test_run();
}
