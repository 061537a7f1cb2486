/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon-gateway-sim: the BHXH eligibility gateway on loopback, for tests
 * and the kiosk's training mode. */
#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "td-command-line.h"
#include "td-gateway-sim-cert.h"
#include "td-gateway-sim-fixtures.h"
#include "td-gateway-sim-server.h"

static gboolean
sim_quit_cb(gpointer user_data)
{
	g_main_loop_quit(user_data);
	return G_SOURCE_REMOVE;
}

/* "N/s" or "N" */
static gboolean
sim_parse_rate(const gchar *text, guint *out)
{
	gchar *end = NULL;
	guint64 value;

	if (text == NULL)
		return TRUE;
	value = g_ascii_strtoull(text, &end, 10);
	if (end == text || (*end != '\0' && g_strcmp0(end, "/s") != 0) || value == 0 ||
	    value > 100000)
		return FALSE;
	*out = (guint)value;
	return TRUE;
}

int
main(int argc, char **argv)
{
	gint port = 0;
	gint latency_ms = 0;
	gint fail_every = 0;
	gint drop_every = 0;
	gint token_lifetime_s = 3600;
	gdouble fail_rate = 0;
	gboolean rest_statuses = FALSE;
	gboolean month_year_refused = FALSE;
	g_autofree gchar *fixtures_path = NULL;
	g_autofree gchar *cert_path = NULL;
	g_autofree gchar *key_path = NULL;
	g_autofree gchar *generate_dir = NULL;
	g_autofree gchar *rate_limit = NULL;
	g_autofree gchar *birth_date_format = NULL;
	const GOptionEntry entries[] = {
	    {"port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free one)", "N"},
	    {"fixtures", 0, 0, G_OPTION_ARG_FILENAME, &fixtures_path, "Citizens and accounts", "FILE"},
	    {"cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_path, "TLS certificate (PEM)", "FILE"},
	    {"key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, "TLS private key (PEM)", "FILE"},
	    {"generate-cert", 0, 0, G_OPTION_ARG_FILENAME, &generate_dir,
	     "Write a self-signed cert.pem/key.pem to DIR and use them", "DIR"},
	    {"latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every answer", "MS"},
	    {"fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fail_rate, "Share of requests answered HTTP 500", "0..1"},
	    {"fail-every", 0, 0, G_OPTION_ARG_INT, &fail_every, "Answer every Nth request HTTP 500", "N"},
	    {"drop-every", 0, 0, G_OPTION_ARG_INT, &drop_every, "Drop the connection of every Nth request", "N"},
	    {"token-lifetime-s", 0, 0, G_OPTION_ARG_INT, &token_lifetime_s, "Token lifetime", "S"},
	    {"rate-limit", 0, 0, G_OPTION_ARG_STRING, &rate_limit, "Answer HTTP 429 above N requests a second", "N/s"},
	    {"rest-statuses", 0, 0, G_OPTION_ARG_NONE, &rest_statuses,
	     "Carry a refused card check's code in HTTP 400/404 too, as a REST service would", NULL},
	    {"birth-date-format", 0, 0, G_OPTION_ARG_STRING, &birth_date_format,
	     "Take a whole birth date in this shape only, answer 205 to the other", "dd/mm/yyyy|ddmmyyyy"},
	    {"month-year-refused", 0, 0, G_OPTION_ARG_NONE, &month_year_refused,
	     "Answer 205 to a birth month and year (mm/yyyy): whole dates and years only", NULL},
	    {NULL},
	};

	/* stdout carries one line, "listening on …", which the kiosk's training
	 * mode and the tests read first: GLib's messages go to stderr, also
	 * the debug ones of G_MESSAGES_DEBUG (set for a look at a fault, it
	 * put a line before it and the training mode did not start) */
	g_log_writer_default_set_use_stderr(TRUE);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSimFixtures) fixtures = NULL;
	g_autoptr(GTlsCertificate) certificate = NULL;
	g_autoptr(TdSimServer) server = NULL;
	g_autoptr(GMainLoop) loop = NULL;
	TdSimFaults faults = {0};
	guint bound;

	setlocale(LC_ALL, "");
	g_set_prgname("tiepdon-gateway-sim");
	if (!td_command_line_parse("- BHXH gateway simulator", entries, NULL, TD_COMMAND_LINE_ARGUMENTS_ALLOWED, &argc,
				   &argv))
		return TD_COMMAND_LINE_EXIT_USAGE;
	if (port < 0 || port > 65535 || latency_ms < 0 || fail_every < 0 || drop_every < 0 ||
	    token_lifetime_s <= 0 || !(fail_rate >= 0 && fail_rate <= 1) ||
	    !sim_parse_rate(rate_limit, &faults.rate_limit_per_s) ||
	    (birth_date_format != NULL && g_strcmp0(birth_date_format, "dd/mm/yyyy") != 0 &&
	     g_strcmp0(birth_date_format, "ddmmyyyy") != 0))
		return td_command_line_usage_error("an option is out of range");
	if (fixtures_path == NULL)
		return td_command_line_usage_error("--fixtures FILE is required");
	if (generate_dir != NULL) {
		if (!td_gateway_sim_generate_cert(generate_dir, "gateway simulator", &error)) {
			td_command_line_print_error(error);
			return 1;
		}
		g_free(cert_path);
		g_free(key_path);
		cert_path = g_build_filename(generate_dir, "cert.pem", NULL);
		key_path = g_build_filename(generate_dir, "key.pem", NULL);
	}
	if (cert_path == NULL || key_path == NULL)
		return td_command_line_usage_error("give --cert and --key, or --generate-cert DIR");
	faults.latency_ms = (guint)latency_ms;
	faults.fail_rate = fail_rate;
	faults.fail_every = (guint)fail_every;
	faults.drop_every = (guint)drop_every;
	faults.token_lifetime_s = (guint)token_lifetime_s;
	faults.rest_statuses = rest_statuses;
	faults.strict_birth_date_length = birth_date_format != NULL ? (guint)strlen(birth_date_format) : 0;
	faults.month_year_refused = month_year_refused;

	fixtures = td_sim_fixtures_load(fixtures_path, &error);
	if (fixtures == NULL) {
		g_printerr("tiepdon-gateway-sim: %s: %s\n", fixtures_path, error->message);
		return 1;
	}
	certificate = g_tls_certificate_new_from_files(cert_path, key_path, &error);
	if (certificate == NULL) {
		td_command_line_print_error(error);
		if (g_error_matches(error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
			g_printerr("tiepdon-gateway-sim: TLS needs the glib-networking package\n");
		return 1;
	}
	server = td_sim_server_new(g_steal_pointer(&fixtures), &faults, certificate);
	bound = td_sim_server_listen(server, (guint)port, &error);
	if (bound == 0) {
		g_printerr("tiepdon-gateway-sim: cannot listen: %s\n", error->message);
		return 1;
	}
	/* tests and the training mode wait for this exact line */
	printf("listening on https://127.0.0.1:%u\n", bound);
	fflush(stdout);

	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGINT, sim_quit_cb, loop);
	g_unix_signal_add(SIGTERM, sim_quit_cb, loop);
	g_main_loop_run(loop);
	return 0;
}
