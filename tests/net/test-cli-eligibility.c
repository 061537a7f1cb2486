/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `tiepdon eligibility` against the simulator: the installed program, run
 * as staff run it, its stdout, stderr and exit status checked. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "td-test-gateway-sim.h"
#include "td-test-files.h"

static TdTestSim *sim;
static gchar *config_path;

typedef struct {
	gint status;
	gchar *out;
	gchar *err;
} TdCliRun;

static void
cli_run_clear(TdCliRun *run)
{
	g_free(run->out);
	g_free(run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdCliRun, cli_run_clear)

static void
run_cli(TdCliRun *run, const gchar *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	va_list args;

	g_ptr_array_add(argv, (gpointer)TD_TIEPDON_PATH);
	g_ptr_array_add(argv, (gpointer) "eligibility");
	g_ptr_array_add(argv, (gpointer) "--config");
	g_ptr_array_add(argv, config_path);
	va_start(args, first);
	for (const gchar *arg = first; arg != NULL; arg = va_arg(args, const gchar *))
		g_ptr_array_add(argv, (gpointer)arg);
	va_end(args);
	g_ptr_array_add(argv, NULL);
	proc = g_subprocess_newv((const gchar *const *)argv->pdata,
				 G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &run->out, &run->err, &error));
	g_assert_no_error(error);
	run->status = g_subprocess_get_exit_status(proc);
	g_test_message("exit %d\n%s%s", run->status, run->out, run->err);
}

static void
test_json_eligible(void)
{
	g_auto(TdCliRun) run = {0};

	run_cli(&run, "--id", "001088000001", "--name", "Nguyễn Văn An", "--dob", "15/03/1988", "--json", NULL);
	g_assert_cmpint(run.status, ==, 0);
	g_assert_true(g_pattern_match_simple("*\"result_code\" : \"000\"*", run.out));
	g_assert_true(g_pattern_match_simple("*\"status\" : \"eligible\"*", run.out));
	g_assert_true(g_pattern_match_simple("*\"card_code\" : \"DN4010100000001\"*", run.out));
	g_assert_true(g_pattern_match_simple("*\"valid_from\" : \"2025-01-01\"*", run.out));
	g_assert_true(g_pattern_match_simple("*\"valid_to\" : \"2030-12-31\"*", run.out));
	g_assert_true(g_pattern_match_simple("*\"registered_facility\" : \"01001\"*", run.out));
	g_assert_true(g_pattern_match_simple("*\"registered_here\" : true*", run.out));
	g_assert_true(g_pattern_match_simple("*\"benefit_level\" : 4*", run.out));
}

static void
test_json_not_eligible(void)
{
	g_auto(TdCliRun) run = {0};

	run_cli(&run, "--card", "HT3010100000019", "--name", "Tạ Thị Tâm", "--dob", "19/09/1950", "--json", NULL);
	/* a verdict, even a bad one, is a successful look-up */
	g_assert_cmpint(run.status, ==, 0);
	g_assert_true(g_pattern_match_simple("*\"result_code\" : \"110\"*\"status\" : \"revoked\"*", run.out));
}

static void
test_text_unavailable(void)
{
	g_auto(TdCliRun) run = {0};

	run_cli(&run, "--id", "001193000028", "--name", "Âu Văn Vĩnh", "--dob", "28/06/1993", NULL);
	g_assert_cmpint(run.status, !=, 0);
	g_assert_true(g_pattern_match_simple("*Status:*unavailable*", run.out));
	g_assert_true(g_pattern_match_simple("*no verdict*", run.err));
}

static void
test_usage(void)
{
	g_auto(TdCliRun) run = {0};

	/* both --id and --card */
	run_cli(&run, "--id", "001088000001", "--card", "DN4010100000001", "--name", "An", "--dob", "1988", NULL);
	g_assert_cmpint(run.status, ==, 2);
	g_assert_true(g_pattern_match_simple("*Usage:*", run.err));
}

static void
test_bad_id(void)
{
	g_auto(TdCliRun) run = {0};

	run_cli(&run, "--id", "0010880", "--name", "An", "--dob", "1988", NULL);
	g_assert_cmpint(run.status, !=, 0);
	g_assert_true(g_pattern_match_simple("*12-digit*", run.err));
}

int
main(int argc, char **argv)
{
	g_autoptr(GKeyFile) kf = NULL;
	gint fd;
	int status;

	g_test_init(&argc, &argv, NULL);
	config_path = g_build_filename(g_get_tmp_dir(), "tiepdon-cli-XXXXXX.conf", NULL);
	fd = g_mkstemp(config_path);
	g_assert_cmpint(fd, >=, 0);
	close(fd);
	sim = td_test_sim_start(NULL);
	kf = td_test_sim_key_file(sim);
	td_test_save_settings(kf, config_path);
	g_test_add_func("/net/cli/json-eligible", test_json_eligible);
	g_test_add_func("/net/cli/json-not-eligible", test_json_not_eligible);
	g_test_add_func("/net/cli/text-unavailable", test_text_unavailable);
	g_test_add_func("/net/cli/usage", test_usage);
	g_test_add_func("/net/cli/bad-id", test_bad_id);
	status = g_test_run();
	td_test_sim_stop(sim);
	g_unlink(config_path);
	g_free(config_path);
	return status;
}
