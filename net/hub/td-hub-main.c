/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon-hub: where an area's (or a province's) commune stations send
 * their daily report; the roll-up page and CSV for the area's staff. The
 * area is the regional health centre's (Trung tâm Y tế khu vực), which
 * took over the district health centre's stations when districts were
 * abolished on 1 July 2025; the roll-up groups its stations by it.
 *
 *   tiepdon-hub serve        [--config FILE] [--port N] ...
 *   tiepdon-hub migrate      bring the database's schema up to date
 *   tiepdon-hub add-station  --code C --name N --commune X --area Y [--new-token]
 *   tiepdon-hub set-station  --code C [--name N] [--commune X] [--area Y]
 *   tiepdon-hub add-viewer   --name NAME [--new-token]
 *
 * The add commands print the new token on stdout, once: it is stored only
 * as a hash. */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "td-command-line.h"
#include "td-gateway-sim-cert.h"
#include "td-hub-db.h"
#include "td-hub-server.h"
#include "td-secret.h"

#define TD_HUB_DEFAULT_CONFIG TD_SYSCONFDIR "/hub.conf"
#define TD_HUB_DEFAULT_PORT   8443

/* The settings every subcommand shares: [hub] in the config file, each
 * overridden by its option. */
typedef struct {
	gchar *config_path;
	gchar *database; /* libpq conninfo */
	gchar *address;
	gint port;
	gchar *cert;
	gchar *key;
	gint db_connections;
} HubSettings;

static void
hub_settings_clear(HubSettings *s)
{
	g_free(s->config_path);
	g_free(s->database);
	g_free(s->address);
	g_free(s->cert);
	g_free(s->key);
}

/* Fills what the options left unset from the config file (a missing file
 * is fine when the options say everything). */
static gboolean
hub_settings_load(HubSettings *s, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error_local = NULL;
	const gchar *path = s->config_path != NULL ? s->config_path : TD_HUB_DEFAULT_CONFIG;
	g_autofree gchar *base_dir = g_path_get_dirname(path);
	struct {
		const gchar *key;
		gchar **value;
		gboolean is_path;
	} strings[] = {
	    {"database", &s->database, FALSE},
	    {"address", &s->address, FALSE},
	    {"cert", &s->cert, TRUE},
	    {"key", &s->key, TRUE},
	};

	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &error_local)) {
		if (s->config_path != NULL || !g_error_matches(error_local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, error_local->message);
			return FALSE;
		}
	}
	for (guint i = 0; i < G_N_ELEMENTS(strings); i++) {
		g_autofree gchar *value = NULL;
		if (*strings[i].value != NULL)
			continue;
		value = g_key_file_get_string(kf, "hub", strings[i].key, NULL);
		if (value == NULL || g_strstrip(value)[0] == '\0')
			continue;
		*strings[i].value = strings[i].is_path && !g_path_is_absolute(value)
					? g_build_filename(base_dir, value, NULL)
					: g_steal_pointer(&value);
	}
	if (s->port < 0)
		s->port = g_key_file_has_key(kf, "hub", "port", NULL) ? g_key_file_get_integer(kf, "hub", "port", NULL)
								      : TD_HUB_DEFAULT_PORT;
	if (s->db_connections <= 0)
		s->db_connections = g_key_file_has_key(kf, "hub", "db-connections", NULL)
					? g_key_file_get_integer(kf, "hub", "db-connections", NULL)
					: 4;
	if (s->database == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "no database: set [hub] database in %s or give --database", path);
		return FALSE;
	}
	if (s->port < 0 || s->port > 65535 || s->db_connections < 1 || s->db_connections > 64) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "%s: [hub] port must be 0 to 65535 and db-connections 1 to 64", path);
		return FALSE;
	}
	return TRUE;
}

static GOptionGroup *
hub_settings_options(HubSettings *s)
{
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &s->config_path, "Settings (default " TD_HUB_DEFAULT_CONFIG ")",
	     "FILE"},
	    {"database", 'd', 0, G_OPTION_ARG_STRING, &s->database, "PostgreSQL connection (libpq string or URI)",
	     "CONNINFO"},
	    {NULL},
	};
	GOptionGroup *group = g_option_group_new("hub", "Settings", "Settings", NULL, NULL);
	g_option_group_add_entries(group, entries);
	return group;
}

/* Parses argv with entries plus the shared settings; 0 to go on, else the
 * exit status. */
static int
hub_parse(int *argc, char ***argv, const gchar *summary, const GOptionEntry *entries, HubSettings *s)
{
	g_autoptr(GError) error = NULL;

	if (!td_command_line_parse(summary, entries, hub_settings_options(s), TD_COMMAND_LINE_NO_ARGUMENTS, argc, argv))
		return TD_COMMAND_LINE_EXIT_USAGE;
	if (!hub_settings_load(s, &error)) {
		td_command_line_print_error(error);
		return TD_COMMAND_LINE_EXIT_USAGE;
	}
	return 0;
}

static PGconn *
hub_connect(HubSettings *s)
{
	g_autoptr(GError) error = NULL;
	PGconn *conn = td_hub_db_connect(s->database, &error);
	if (conn == NULL)
		td_command_line_print_error(error);
	return conn;
}

static gboolean
hub_quit_cb(gpointer user_data)
{
	g_main_loop_quit(user_data);
	return G_SOURCE_REMOVE;
}

static int
hub_serve(int argc, char **argv)
{
	HubSettings s = {.port = -1};
	g_autofree gchar *generate_dir = NULL;
	const GOptionEntry entries[] = {
	    {"address", 0, 0, G_OPTION_ARG_STRING, &s.address, "Listen on this address (default: all)", "IP"},
	    {"port", 'p', 0, G_OPTION_ARG_INT, &s.port, "Listen on this port (default 8443, 0: any free one)", "N"},
	    {"cert", 0, 0, G_OPTION_ARG_FILENAME, &s.cert, "TLS certificate chain (PEM)", "FILE"},
	    {"key", 0, 0, G_OPTION_ARG_FILENAME, &s.key, "TLS private key (PEM)", "FILE"},
	    {"generate-cert", 0, 0, G_OPTION_ARG_FILENAME, &generate_dir,
	     "Write a self-signed cert.pem/key.pem for 127.0.0.1 to DIR and use them (tests, trials)", "DIR"},
	    {"db-connections", 0, 0, G_OPTION_ARG_INT, &s.db_connections, "Database connections (default 4)", "N"},
	    {NULL},
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GTlsCertificate) certificate = NULL;
	g_autoptr(TdHubServer) server = NULL;
	g_autoptr(GMainLoop) loop = NULL;
	guint port;
	int rc;

	if ((rc = hub_parse(&argc, &argv, "- take the stations' daily reports", entries, &s)) != 0) {
		hub_settings_clear(&s);
		return rc;
	}
	if (generate_dir != NULL) {
		if (!td_gateway_sim_generate_cert(generate_dir, "hub", &error)) {
			td_command_line_print_error(error);
			hub_settings_clear(&s);
			return 1;
		}
		g_free(s.cert);
		g_free(s.key);
		s.cert = g_build_filename(generate_dir, "cert.pem", NULL);
		s.key = g_build_filename(generate_dir, "key.pem", NULL);
	}
	if (s.cert == NULL || s.key == NULL) {
		hub_settings_clear(&s);
		return td_command_line_usage_error("give [hub] cert and key (or --cert and --key)");
	}
	certificate = g_tls_certificate_new_from_files(s.cert, s.key, &error);
	if (certificate == NULL ||
	    (server = td_hub_server_new(s.database, (guint)s.db_connections, certificate, &error)) == NULL ||
	    (port = td_hub_server_listen(server, s.address, (guint)s.port, &error)) == 0) {
		td_command_line_print_error(error);
		hub_settings_clear(&s);
		return 1;
	}
	/* tests and scripts wait for this exact line */
	printf("listening on https://%s:%u\n", s.address != NULL ? s.address : "*", port);
	fflush(stdout);
	hub_settings_clear(&s);

	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGINT, hub_quit_cb, loop);
	g_unix_signal_add(SIGTERM, hub_quit_cb, loop);
	g_main_loop_run(loop);
	return 0;
}

/* The administration commands' start: their options, the database, and
 * with migrate its schema brought up to date. NULL, *rc the exit status,
 * when any of it fails. */
static PGconn *
hub_open_database(int *argc, char ***argv, const gchar *summary, const GOptionEntry *entries, gboolean migrate,
		  int *rc)
{
	HubSettings s = {.port = -1};
	g_autoptr(GError) error = NULL;
	g_autoptr(PGconn) conn = NULL;

	*rc = hub_parse(argc, argv, summary, entries, &s);
	if (*rc == 0 && (conn = hub_connect(&s)) == NULL)
		*rc = 1;
	hub_settings_clear(&s);
	if (*rc != 0)
		return NULL;
	if (migrate && td_hub_db_migrate(conn, &error) < 0) {
		td_command_line_print_error(error);
		*rc = 1;
		return NULL;
	}
	return g_steal_pointer(&conn);
}

static int
hub_migrate(int argc, char **argv)
{
	const GOptionEntry entries[] = {{NULL}};
	g_autoptr(GError) error = NULL;
	g_autoptr(PGconn) conn = NULL;
	gint before;
	int rc;

	conn = hub_open_database(&argc, &argv, "- bring the database's schema up to date", entries, FALSE, &rc);
	if (conn == NULL)
		return rc;
	before = td_hub_db_migrate(conn, &error);
	if (before < 0) {
		td_command_line_print_error(error);
		return 1;
	}
	printf("schema version %d (was %d)\n", TD_HUB_DB_SCHEMA_VERSION, before);
	return 0;
}

/* Prints a new token on stdout and how to use it on stderr. */
static int
hub_print_token(gchar *token, GError *error, const gchar *how)
{
	if (token == NULL) {
		td_command_line_print_error(error);
		return 1;
	}
	g_printerr("%s\n", how);
	printf("%s\n", token);
	td_str_clear_free(token);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
hub_add(int argc, char **argv, gboolean station)
{
	g_autofree gchar *code = NULL;
	g_autofree gchar *name = NULL;
	g_autofree gchar *commune = NULL;
	g_autofree gchar *area = NULL;
	gboolean new_token = FALSE;
	const GOptionEntry station_entries[] = {
	    {"code", 0, 0, G_OPTION_ARG_STRING, &code, "The station's code (maDKBD)", "CODE"},
	    {"name", 0, 0, G_OPTION_ARG_STRING, &name, "Its name (Trạm Y tế xã …)", "NAME"},
	    {"commune", 0, 0, G_OPTION_ARG_STRING, &commune, "Its commune or ward", "NAME"},
	    {"area", 0, 0, G_OPTION_ARG_STRING, &area, "Its area on the roll-up (khu vực, the former district)", "NAME"},
	    /* the option's name before the 2025 reform, for scripts written then */
	    {"district", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &area, NULL, NULL},
	    {"new-token", 0, 0, G_OPTION_ARG_NONE, &new_token, "Replace an existing station's details and token", NULL},
	    {NULL},
	};
	const GOptionEntry viewer_entries[] = {
	    {"name", 0, 0, G_OPTION_ARG_STRING, &name, "The viewer's user name", "NAME"},
	    {"new-token", 0, 0, G_OPTION_ARG_NONE, &new_token, "Replace an existing viewer's token", NULL},
	    {NULL},
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(PGconn) conn = NULL;
	gchar *token = NULL;
	int rc;

	conn = hub_open_database(&argc, &argv,
				 station ? "- register a station and print its token" : "- add a roll-up viewer",
				 station ? station_entries : viewer_entries, TRUE, &rc);
	if (conn == NULL)
		return rc;
	if (station) {
		token = td_hub_db_add_station(conn, code, name, commune, area, new_token, &error);
		return hub_print_token(token, error,
				       "The station's token (shown once): put it in the station's "
				       "[report] token-file, mode 0600.");
	}
	token = td_hub_db_add_viewer(conn, name, new_token, &error);
	return hub_print_token(token, error,
			       "The viewer's token (shown once): the password for the roll-up page, with the name.");
}

static int
hub_add_station(int argc, char **argv)
{
	return hub_add(argc, argv, TRUE);
}

/* A station's name, commune or area changed, its token kept. */
static int
hub_set_station(int argc, char **argv)
{
	g_autofree gchar *code = NULL;
	g_autofree gchar *name = NULL;
	g_autofree gchar *commune = NULL;
	g_autofree gchar *area = NULL;
	const GOptionEntry entries[] = {
	    {"code", 0, 0, G_OPTION_ARG_STRING, &code, "The station's code (maDKBD)", "CODE"},
	    {"name", 0, 0, G_OPTION_ARG_STRING, &name, "Its new name", "NAME"},
	    {"commune", 0, 0, G_OPTION_ARG_STRING, &commune, "Its new commune or ward", "NAME"},
	    {"area", 0, 0, G_OPTION_ARG_STRING, &area, "Its new area on the roll-up (khu vực)", "NAME"},
	    {"district", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &area, NULL, NULL},
	    {NULL},
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(PGconn) conn = NULL;
	int rc;

	conn = hub_open_database(&argc, &argv, "- change a station's details, keeping its token", entries, TRUE, &rc);
	if (conn == NULL)
		return rc;
	if (!td_hub_db_set_station(conn, code, name, commune, area, &error)) {
		td_command_line_print_error(error);
		return 1;
	}
	printf("station %s changed; its token is as it was\n", code);
	return 0;
}

static int
hub_add_viewer(int argc, char **argv)
{
	return hub_add(argc, argv, FALSE);
}

static const TdCommandLineCommand hub_commands[] = {
    {"serve", hub_serve, "Take the stations' reports; serve the roll-up"},
    {"migrate", hub_migrate, "Bring the database's schema up to date"},
    {"add-station", hub_add_station, "Register a station and print its token"},
    {"set-station", hub_set_station, "Change a station's name, commune or area; keep its token"},
    {"add-viewer", hub_add_viewer, "Let someone read the roll-up; print their token"},
};

int
main(int argc, char **argv)
{
	/* stdout is for what a command gives (serve's "listening on …", which
	 * the tests read first; add-station's token): GLib's messages go to
	 * stderr, also the debug ones of G_MESSAGES_DEBUG. First: it is
	 * global, set before any thread. */
	g_log_writer_default_set_use_stderr(TRUE);
	/* Vietnam's day and clock, whatever the machine's zone */
	td_command_line_use_station_time_zone();
	setlocale(LC_ALL, "");
	return td_command_line_run_command("tiepdon-hub", hub_commands, G_N_ELEMENTS(hub_commands), argc, argv);
}
