/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `tiepdon eligibility` (td_cli_eligibility) against the simulator, run in a
 * trapped subprocess so its stdout, stderr and exit status can be checked.
 * Built from kiosk/td-cli-eligibility.c directly, so it runs before the
 * `tiepdon` program links. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "td-cli.h"
#include "td-test-gateway-sim.h"

static TdTestSim *sim;

static int
run_cli(const gchar *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	va_list args;

	g_ptr_array_add(argv, (gpointer) "tiepdon eligibility");
	g_ptr_array_add(argv, (gpointer) "--config");
	g_ptr_array_add(argv, (gpointer)g_getenv("TD_TEST_CONFIG"));
	va_start(args, first);
	for (const gchar *arg = first; arg != NULL; arg = va_arg(args, const gchar *))
		g_ptr_array_add(argv, (gpointer)arg);
	va_end(args);
	g_ptr_array_add(argv, NULL);
	return td_cli_eligibility((int)argv->len - 1, (char **)argv->pdata);
}

static void
test_json_eligible(void)
{
	if (g_test_subprocess()) {
		exit(run_cli("--id", "001088000001", "--name", "Nguyễn Văn An", "--dob",
			     "15/03/1988", "--json", NULL));
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stdout("*\"result_code\" : \"000\"*");
	g_test_trap_assert_stdout("*\"status\" : \"eligible\"*");
	g_test_trap_assert_stdout("*\"card_code\" : \"DN4010100000001\"*");
	g_test_trap_assert_stdout("*\"valid_from\" : \"2025-01-01\"*");
	g_test_trap_assert_stdout("*\"valid_to\" : \"2030-12-31\"*");
	g_test_trap_assert_stdout("*\"registered_facility\" : \"01001\"*");
	g_test_trap_assert_stdout("*\"registered_here\" : true*");
	g_test_trap_assert_stdout("*\"benefit_level\" : 4*");
}

static void
test_json_not_eligible(void)
{
	if (g_test_subprocess()) {
		exit(run_cli("--card", "HT3010100000019", "--name", "Tạ Thị Tâm", "--dob",
			     "19/09/1950", "--json", NULL));
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	/* a verdict, even a bad one, is a successful look-up */
	g_test_trap_assert_passed();
	g_test_trap_assert_stdout("*\"result_code\" : \"110\"*\"status\" : \"revoked\"*");
}

static void
test_text_unavailable(void)
{
	if (g_test_subprocess()) {
		exit(run_cli("--id", "001193000028", "--name", "Âu Văn Vĩnh", "--dob", "28/06/1993",
			     NULL));
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stdout("*Status:*unavailable*");
	g_test_trap_assert_stderr("*no verdict*");
}

static void
test_usage(void)
{
	if (g_test_subprocess()) {
		/* both --id and --card */
		exit(run_cli("--id", "001088000001", "--card", "DN4010100000001", "--name", "An",
			     "--dob", "1988", NULL));
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*Usage:*");
}

static void
test_bad_id(void)
{
	if (g_test_subprocess())
		exit(run_cli("--id", "0010880", "--name", "An", "--dob", "1988", NULL));
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_failed();
	g_test_trap_assert_stderr("*12-digit*");
}

int
main(int argc, char **argv)
{
	g_autoptr(GKeyFile) kf = NULL;
	g_autofree gchar *config_path = NULL;
	g_autoptr(GError) error = NULL;
	int status;

	g_test_init(&argc, &argv, NULL);
	/* the trapped children reuse the parent's simulator and settings; the
	 * variable is set before any thread exists */
	if (g_getenv("TD_TEST_CONFIG") == NULL) {
		gint fd;
		config_path = g_build_filename(g_get_tmp_dir(), "tiepdon-cli-XXXXXX.conf", NULL);
		fd = g_mkstemp(config_path);
		g_assert_cmpint(fd, >=, 0);
		close(fd);
		g_setenv("TD_TEST_CONFIG", config_path, TRUE);
		sim = td_test_sim_start(NULL);
		kf = td_test_sim_key_file(sim);
		g_key_file_save_to_file(kf, config_path, &error);
		g_assert_no_error(error);
	}
	g_test_add_func("/net/cli/json-eligible", test_json_eligible);
	g_test_add_func("/net/cli/json-not-eligible", test_json_not_eligible);
	g_test_add_func("/net/cli/text-unavailable", test_text_unavailable);
	g_test_add_func("/net/cli/usage", test_usage);
	g_test_add_func("/net/cli/bad-id", test_bad_id);
	status = g_test_run();
	td_test_sim_stop(sim);
	if (config_path != NULL)
		g_unlink(config_path);
	return status;
}
