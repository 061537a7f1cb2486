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
/* the same settings with an account the gateway lets log in but not check
 * cards (HTTP 403) */
static gchar *forbidden_config_path;

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
run_cli(TdCliRun *run, const gchar *config, const gchar *const *args, const gchar *input, gboolean debug_messages)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GSubprocessLauncher) launcher =
	    g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
				      G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;

	g_ptr_array_add(argv, (gpointer)TD_TIEPDON_PATH);
	g_ptr_array_add(argv, (gpointer) "eligibility");
	g_ptr_array_add(argv, (gpointer) "--config");
	g_ptr_array_add(argv, (gpointer)config);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	if (debug_messages)
		g_subprocess_launcher_setenv(launcher, "G_MESSAGES_DEBUG", "all", TRUE);
	else
		g_subprocess_launcher_unsetenv(launcher, "G_MESSAGES_DEBUG");
	proc = g_subprocess_launcher_spawnv(launcher, (const gchar *const *)argv->pdata, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, input, NULL, &run->out, &run->err, &error));
	g_assert_no_error(error);
	run->status = g_subprocess_get_exit_status(proc);
	g_test_message("exit %d\n%s%s", run->status, run->out, run->err);
}

/* A run of `tiepdon eligibility` as staff type it (with the forbidden
 * account's settings when said), the exit status it must end with
 * (ANY_FAILURE: any but 0), and what its stdout and stderr must match
 * (g_pattern_match_simple). */
#define ANY_FAILURE -1

typedef struct {
	const gchar *path;
	const gchar *args[10];
	gint status;
	const gchar *out[8];
	const gchar *err[2];
	gboolean forbidden_account;
	const gchar *input;	/* standard input */
	gboolean debug_messages; /* G_MESSAGES_DEBUG=all, as for a look at a fault */
} CliCase;

static const CliCase cases[] = {
	{"/net/cli/json-eligible",
	 {"--id", "001088000001", "--name", "Nguyễn Văn An", "--dob", "15/03/1988", "--json", NULL},
	 0,
	 {"*\"result_code\" : \"000\"*", "*\"status\" : \"eligible\"*", "*\"card_code\" : \"DN4010100000001\"*",
	  "*\"valid_from\" : \"2025-01-01\"*", "*\"valid_to\" : \"2030-12-31\"*", "*\"registered_facility\" : \"01001\"*",
	  "*\"registered_here\" : true*", "*\"benefit_level\" : 4*"}},
	/* GLib's debug messages (G_MESSAGES_DEBUG, for a look at a fault)
	 * go to stderr: stdout is the JSON alone, from its first byte
	 * (before, the gateway client's debug lines came first on stdout) */
	{"/net/cli/json-with-debug-messages",
	 {"--id", "001088000001", "--name", "Nguyễn Văn An", "--dob", "15/03/1988", "--json", NULL},
	 0,
	 {"{*\"status\" : \"eligible\"*}\n"},
	 {"*DEBUG*"},
	 FALSE,
	 NULL,
	 TRUE},
	/* a verdict, even a bad one, is a successful look-up */
	{"/net/cli/json-not-eligible",
	 {"--card", "HT3010100000019", "--name", "Tạ Thị Tâm", "--dob", "19/09/1950", "--json", NULL},
	 0,
	 {"*\"result_code\" : \"110\"*\"status\" : \"revoked\"*"}},
	{"/net/cli/text-unavailable",
	 {"--id", "001193000028", "--name", "Âu Văn Vĩnh", "--dob", "28/06/1993", NULL},
	 ANY_FAILURE,
	 {"*Status:*unavailable*"},
	 {"*no verdict*"}},
	/* the gateway pads the values of an eligible answer: the patient is
	 * insured, here, whatever the spaces */
	{"/net/cli/json-padded-answer",
	 {"--id", "001105000039", "--name", "Tăng Văn Lộc", "--dob", "09/04/2005", "--json", NULL},
	 0,
	 {"*\"status\" : \"eligible\"*", "*\"card_code\" : \"DN4010100000039\"*", "*\"valid_to\" : \"2030-12-31\"*",
	  "*\"registered_facility\" : \"01001\"*", "*\"registered_here\" : true*",
	  "*\"note\" : \"Thẻ còn giá trị sử dụng\"*"}},
	/* the gateway names the card by the ID number asked with: insured,
	 * the card code and benefit level unknown (before: no verdict) */
	{"/net/cli/json-card-named-by-id",
	 {"--id", "001106000040", "--name", "Quách Thị Mơ", "--dob", "14/02/2006", "--json", NULL},
	 0,
	 {"*\"status\" : \"eligible\"*", "*\"valid_to\" : \"2030-12-31\"*", "*\"registered_here\" : true*",
	  "*\"benefit_level\" : null*"}},
	/* an account not granted the card check: staff are told to see to
	 * the account, not that the gateway is down */
	{"/net/cli/text-check-forbidden",
	 {"--id", "001088000001", "--name", "Nguyễn Văn An", "--dob", "15/03/1988", NULL},
	 ANY_FAILURE,
	 {"*Status:*config-error*"},
	 {"*no verdict*account*"},
	 TRUE},
	/* both --id and --card */
	{"/net/cli/usage",
	 {"--id", "001088000001", "--card", "DN4010100000001", "--name", "An", "--dob", "1988", NULL},
	 2,
	 {NULL},
	 {"*Usage:*"}},
	{"/net/cli/bad-id", {"--id", "0010880", "--name", "An", "--dob", "1988", NULL}, ANY_FAILURE, {NULL}, {"*12-digit*"}},
	/* the patient's data on standard input, not in `ps` */
	{"/net/cli/values-from-stdin",
	 {"--id", "-", "--name", "-", "--dob", "-", "--json", NULL},
	 0,
	 {"*\"status\" : \"eligible\"*", "*\"card_code\" : \"DN4010100000001\"*"},
	 {NULL},
	 FALSE,
	 "001088000001\nNguyễn Văn An\r\n15/03/1988\n"},
	{"/net/cli/stdin-ended",
	 {"--id", "-", "--name", "-", "--dob", "-", NULL},
	 2,
	 {NULL},
	 {"*--name -: standard input ended*"},
	 FALSE,
	 "001088000001\n"},
};

static void
test_cli(gconstpointer data)
{
	const CliCase *c = data;
	g_auto(TdCliRun) run = {0};

	run_cli(&run, c->forbidden_account ? forbidden_config_path : config_path, c->args, c->input, c->debug_messages);
	if (c->status == ANY_FAILURE)
		g_assert_cmpint(run.status, !=, 0);
	else
		g_assert_cmpint(run.status, ==, c->status);
	for (guint i = 0; i < G_N_ELEMENTS(c->out) && c->out[i] != NULL; i++)
		g_assert_true(g_pattern_match_simple(c->out[i], run.out));
	for (guint i = 0; i < G_N_ELEMENTS(c->err) && c->err[i] != NULL; i++)
		g_assert_true(g_pattern_match_simple(c->err[i], run.err));
}

/* A settings file for the simulator in the temporary folder, username
 * replaced when given. */
static gchar *
save_config(const gchar *username)
{
	g_autoptr(GKeyFile) kf = td_test_sim_key_file(sim);
	gchar *path = g_build_filename(g_get_tmp_dir(), "tiepdon-cli-XXXXXX.conf", NULL);
	gint fd = g_mkstemp(path);

	g_assert_cmpint(fd, >=, 0);
	close(fd);
	if (username != NULL)
		g_key_file_set_string(kf, "gateway", "username", username);
	td_test_save_settings(kf, path);
	return path;
}

int
main(int argc, char **argv)
{
	int status;

	g_test_init(&argc, &argv, NULL);
	sim = td_test_sim_start(NULL);
	config_path = save_config(NULL);
	forbidden_config_path = save_config("tai_khoan_chua_cap_quyen");
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add_data_func(cases[i].path, &cases[i], test_cli);
	status = g_test_run();
	td_test_sim_stop(sim);
	g_unlink(config_path);
	g_unlink(forbidden_config_path);
	g_free(config_path);
	g_free(forbidden_config_path);
	return status;
}
