/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-deploy-checks.h"

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
	g_assert_cmpuint(results->len, ==, 4);
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
	scanner = find_result(results, "scanner");
	g_assert_false(scanner->ok);
	g_assert_nonnull(strstr(scanner->message, "/nonexistent/tiepdon-scanner"));
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
	if (g_getenv("TD_TEST_CUPSD") != NULL)
		g_assert_true(find_result(results, "printer")->ok);
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
	}
	g_unlink(device);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/devices/deploy-checks/missing", test_deploy_checks_missing);
	g_test_add_func("/devices/deploy-checks/present", test_deploy_checks_present);
	return g_test_run();
}
