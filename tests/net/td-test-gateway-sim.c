/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "td-test-files.h"
#include "td-test-gateway-sim.h"

static void
sim_child_setup(gpointer user_data)
{
	/* a crashed test must not leave a simulator behind */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

TdTestSim *
td_test_sim_start(const gchar *first_arg, ...)
{
	g_autoptr(GSubprocessLauncher) launcher =
	    g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GDataInputStream) out = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *line = NULL;
	g_autofree gchar *cert_dir = NULL;
	TdTestSim *sim = g_new0(TdTestSim, 1);
	const gchar *arg;
	va_list args;

	sim->dir = g_dir_make_tmp("tiepdon-net-XXXXXX", &error);
	g_assert_no_error(error);
	cert_dir = g_build_filename(sim->dir, "cert", NULL);
	sim->ca_file = g_build_filename(cert_dir, "cert.pem", NULL);
	g_ptr_array_add(argv, g_strdup(TD_GATEWAY_SIM_PATH));
	g_ptr_array_add(argv, g_strdup("--port=0"));
	g_ptr_array_add(argv, g_strdup("--fixtures=" TD_GATEWAY_SIM_FIXTURES));
	g_ptr_array_add(argv, g_strconcat("--generate-cert=", cert_dir, NULL));
	va_start(args, first_arg);
	for (arg = first_arg; arg != NULL; arg = va_arg(args, const gchar *))
		g_ptr_array_add(argv, g_strdup(arg));
	va_end(args);
	g_ptr_array_add(argv, NULL);

	g_subprocess_launcher_set_child_setup(launcher, sim_child_setup, NULL, NULL);
	/* clang 14's LeakSanitizer crashes at exit in a process that dlopen()ed
	 * a module with thread-local storage, as GIO's TLS backend
	 * (glib-networking) is. Leak checking stays on for the test itself;
	 * the simulator was checked leak-free in a gcc ASan build. */
	g_subprocess_launcher_setenv(launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
	sim->process = g_subprocess_launcher_spawnv(launcher, (const gchar *const *)argv->pdata,
						    &error);
	g_assert_no_error(error);
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(sim->process));
	line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(line);
	g_assert_true(g_str_has_prefix(line, "listening on https://127.0.0.1:"));
	sim->port = (guint)g_ascii_strtoull(strrchr(line, ':') + 1, NULL, 10);
	g_assert_cmpuint(sim->port, >, 0);
	sim->url = g_strdup_printf("https://127.0.0.1:%u", sim->port);
	return sim;
}

void
td_test_sim_stop(TdTestSim *sim)
{
	if (sim == NULL)
		return;
	if (sim->process != NULL) {
		g_subprocess_send_signal(sim->process, SIGTERM);
		g_subprocess_wait(sim->process, NULL, NULL);
		g_object_unref(sim->process);
	}
	if (sim->dir != NULL)
		td_test_remove_tree(sim->dir);
	g_free(sim->dir);
	g_free(sim->url);
	g_free(sim->ca_file);
	g_free(sim);
}

GKeyFile *
td_test_sim_key_file(TdTestSim *sim)
{
	GKeyFile *kf = g_key_file_new();
	g_autofree gchar *password_file = g_build_filename(sim->dir, "gateway.pass", NULL);
	g_autoptr(GError) error = NULL;

	if (!g_file_test(password_file, G_FILE_TEST_EXISTS)) {
		g_file_set_contents_full(password_file, "mat-khau-demo\n", -1,
					 G_FILE_SET_CONTENTS_NONE, 0600, &error);
		g_assert_no_error(error);
	}
	g_key_file_set_string(kf, "gateway", "url", sim->url);
	g_key_file_set_string(kf, "gateway", "username", "tramyte_ankhanh");
	g_key_file_set_string(kf, "gateway", "password-file", password_file);
	g_key_file_set_string(kf, "gateway", "ca-file", sim->ca_file);
	g_key_file_set_string(kf, "gateway", "staff-name", "Trần Thị Lan Anh");
	g_key_file_set_string(kf, "gateway", "staff-id", "001190012345");
	g_key_file_set_string(kf, "gateway", "timeout", "5");
	g_key_file_set_string(kf, "gateway", "connect-timeout", "2");
	g_key_file_set_string(kf, "gateway", "rate-limit", "50");
	g_key_file_set_string(kf, "station", "code", "01001");
	return kf;
}

TdGatewayConfig *
td_test_sim_config(TdTestSim *sim, GKeyFile *key_file)
{
	g_autoptr(GError) error = NULL;
	TdGatewayConfig *config = td_gateway_config_new_from_key_file(key_file, NULL, &error);
	g_assert_no_error(error);
	return config;
}

static gsize
sim_collect_cb(char *data, size_t size, size_t nmemb, void *user_data)
{
	g_string_append_len(user_data, data, (gssize)(size * nmemb));
	return size * nmemb;
}

static gchar *
sim_control(TdTestSim *sim, const gchar *path, gboolean post)
{
	g_autofree gchar *url = g_strconcat(sim->url, path, NULL);
	GString *body = g_string_new(NULL);
	CURL *easy = curl_easy_init();
	CURLcode code;

	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_CAINFO, sim->ca_file);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT, 10L);
	if (post)
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, "");
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, sim_collect_cb);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, body);
	code = curl_easy_perform(easy);
	curl_easy_cleanup(easy);
	g_assert_cmpint(code, ==, CURLE_OK);
	return g_string_free(body, FALSE);
}

gint64
td_test_sim_stat(TdTestSim *sim, const gchar *name)
{
	g_autofree gchar *body = sim_control(sim, "/sim/stats", FALSE);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;

	json_parser_load_from_data(parser, body, -1, &error);
	g_assert_no_error(error);
	return json_object_get_int_member(json_node_get_object(json_parser_get_root(parser)), name);
}

void
td_test_sim_expire_tokens(TdTestSim *sim)
{
	g_autofree gchar *body = sim_control(sim, "/sim/expire-tokens", TRUE);
	g_assert_cmpstr(body, ==, "{}");
}
