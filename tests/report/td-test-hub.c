/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "td-gateway-sim-cert.h"
#include "td-test-hub.h"
#include "td-test-postgres.h"
#include "td-test-report.h"

/* clang 14's LeakSanitizer crashes at exit in a process that loaded GIO's
 * TLS module (glib-networking), as the hub does; the tests themselves,
 * and `tiepdon` (curl), keep leak checking. */
static const gchar *const hub_env[] = {"ASAN_OPTIONS=detect_leaks=0:abort_on_error=1", NULL};

TdTestHub *
td_test_hub_new(const gchar *name)
{
	g_autoptr(GError) error = NULL;
	TdTestHub *hub = g_new0(TdTestHub, 1);

	hub->database = td_test_pg_create_database(name);
	hub->dir = g_dir_make_tmp("tiepdon-hub-XXXXXX", &error);
	g_assert_no_error(error);
	/* a certificate for 127.0.0.1, kept across the hub's restarts */
	g_assert_true(td_gateway_sim_generate_cert(hub->dir, "hub", &error));
	g_assert_no_error(error);
	hub->ca_file = g_build_filename(hub->dir, "cert.pem", NULL);
	hub->key_file = g_build_filename(hub->dir, "key.pem", NULL);
	return hub;
}

gchar *
td_test_hub_command(TdTestHub *hub, const gchar *const *args, gint expect_status)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	gint status;

	g_ptr_array_add(argv, (gpointer)TD_TIEPDON_HUB);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, (gpointer) "--database");
	g_ptr_array_add(argv, hub->database);
	g_ptr_array_add(argv, NULL);
	status = td_test_run(hub_env, &out, &err, (const gchar *const *)argv->pdata);
	if (status != expect_status)
		g_error("tiepdon-hub %s: exit %d, not %d: %s", args[0], status, expect_status, err);
	return expect_status == 0 ? g_strstrip(g_steal_pointer(&out)) : g_steal_pointer(&err);
}

static void
td_test_hub_child_setup(gpointer data)
{
	/* a crashed test must not leave a hub behind */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

void
td_test_hub_start(TdTestHub *hub)
{
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
	g_autoptr(GDataInputStream) out = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *port_text = g_strdup_printf("%u", hub->port);
	g_autofree gchar *line = NULL;

	g_assert_null(hub->process);
	g_subprocess_launcher_set_child_setup(launcher, td_test_hub_child_setup, NULL, NULL);
	g_subprocess_launcher_setenv(launcher, "ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", TRUE);
	hub->process = g_subprocess_launcher_spawn(launcher, &error, TD_TIEPDON_HUB, "serve", "--database",
						   hub->database, "--address", "127.0.0.1", "--port", port_text,
						   "--cert", hub->ca_file, "--key", hub->key_file, "--db-connections",
						   "2", NULL);
	g_assert_no_error(error);
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(hub->process));
	line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(line);
	g_assert_true(g_str_has_prefix(line, "listening on https://127.0.0.1:"));
	hub->port = (guint)g_ascii_strtoull(strrchr(line, ':') + 1, NULL, 10);
	g_assert_cmpuint(hub->port, >, 0);
}

void
td_test_hub_stop(TdTestHub *hub)
{
	if (hub->process == NULL)
		return;
	g_subprocess_send_signal(hub->process, SIGTERM);
	g_assert_true(g_subprocess_wait(hub->process, NULL, NULL));
	g_clear_object(&hub->process);
}

void
td_test_hub_free(TdTestHub *hub)
{
	if (hub == NULL)
		return;
	td_test_hub_stop(hub);
	g_unlink(hub->ca_file);
	g_unlink(hub->key_file);
	g_rmdir(hub->dir);
	g_free(hub->ca_file);
	g_free(hub->key_file);
	g_free(hub->dir);
	g_free(hub->database);
	g_free(hub);
}
