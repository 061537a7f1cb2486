/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "td-demo-env.h"
#include "td-reader-error.h"
#include "td-vchip-transport.h"
#include "td-vchip.h"

struct _TdDemoEnv {
	GMutex mutex; /* the chip is swapped on the main thread, used by the card worker */
	TdVchip *chip;
	GPtrArray *transports; /* weak: every transport handed out, to remove the card */
	guint latency_ms;
	GPtrArray *profiles;
	GSubprocess *gateway_sim;
	gchar *pki_dir;	  /* NULL: the profiles' own ephemeral signer */
	gchar *trust_dir; /* pki_dir/trust-store */
};

/* Installed data (datadir/tiepdon); $TD_DATADIR, a ':'-separated list of
 * folders, comes first (the build tree sets it through meson devenv). */
gchar *
td_demo_env_find_data(const gchar *relative)
{
	const gchar *env = g_getenv("TD_DATADIR");
	g_auto(GStrv) dirs = g_strsplit(env != NULL ? env : "", G_SEARCHPATH_SEPARATOR_S, -1);
	g_autofree gchar *installed = g_build_filename(TD_DATADIR, relative, NULL);

	for (guint i = 0; dirs[i] != NULL; i++) {
		g_autofree gchar *path = NULL;
		if (dirs[i][0] == '\0')
			continue;
		path = g_build_filename(dirs[i], relative, NULL);
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			return g_steal_pointer(&path);
	}
	return g_file_test(installed, G_FILE_TEST_EXISTS) ? g_steal_pointer(&installed) : NULL;
}

/* $TD_GATEWAY_SIM, else beside this program, else the install's bindir. */
static gchar *
td_demo_env_find_program(const gchar *name)
{
	g_autofree gchar *self_path = g_file_read_link("/proc/self/exe", NULL);
	g_autofree gchar *self_dir = self_path != NULL ? g_path_get_dirname(self_path) : NULL;
	const gchar *env = g_getenv("TD_GATEWAY_SIM");
	const gchar *dirs[] = {self_dir, TD_BINDIR};

	if (env != NULL && g_file_test(env, G_FILE_TEST_IS_EXECUTABLE))
		return g_strdup(env);
	for (guint i = 0; i < G_N_ELEMENTS(dirs); i++) {
		g_autofree gchar *path = NULL;
		if (dirs[i] == NULL)
			continue;
		path = g_build_filename(dirs[i], name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_EXECUTABLE))
			return g_steal_pointer(&path);
	}
	return NULL;
}

static gint
td_compare_paths(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

TdDemoEnv *
td_demo_env_new(GError **error)
{
	g_autoptr(TdDemoEnv) self = g_new0(TdDemoEnv, 1);
	g_autofree gchar *dir = td_demo_env_find_data("profiles");
	g_autoptr(GDir) listing = NULL;
	const gchar *name;

	g_mutex_init(&self->mutex);
	self->transports = g_ptr_array_new();
	self->profiles = g_ptr_array_new_with_free_func(g_free);
	if (dir == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
				    "the demo citizens (profiles/*.ini) are not installed");
		return NULL;
	}
	listing = g_dir_open(dir, 0, error);
	if (listing == NULL)
		return NULL;
	while ((name = g_dir_read_name(listing)) != NULL) {
		/* example.ini documents the format; it is a citizen too */
		if (g_str_has_suffix(name, ".ini"))
			g_ptr_array_add(self->profiles, g_build_filename(dir, name, NULL));
	}
	g_ptr_array_sort(self->profiles, td_compare_paths);
	return g_steal_pointer(&self);
}

static void
td_demo_env_forget_transport(gpointer data, GObject *where_the_object_was)
{
	TdDemoEnv *self = data;
	g_mutex_lock(&self->mutex);
	g_ptr_array_remove(self->transports, where_the_object_was);
	g_mutex_unlock(&self->mutex);
}

void
td_demo_env_free(TdDemoEnv *self)
{
	if (self == NULL)
		return;
	if (self->gateway_sim != NULL) {
		g_subprocess_force_exit(self->gateway_sim);
		g_subprocess_wait(self->gateway_sim, NULL, NULL);
		g_object_unref(self->gateway_sim);
	}
	for (guint i = 0; i < self->transports->len; i++)
		g_object_weak_unref(g_ptr_array_index(self->transports, i), td_demo_env_forget_transport, self);
	g_ptr_array_unref(self->transports);
	g_clear_pointer(&self->chip, td_vchip_unref);
	g_ptr_array_unref(self->profiles);
	g_free(self->pki_dir);
	g_free(self->trust_dir);
	g_mutex_clear(&self->mutex);
	g_free(self);
}

GPtrArray *
td_demo_env_get_profiles(TdDemoEnv *self)
{
	return self->profiles;
}

gchar *
td_demo_env_profile_name(const gchar *profile_path)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	if (!g_key_file_load_from_file(kf, profile_path, G_KEY_FILE_NONE, NULL))
		return g_path_get_basename(profile_path);
	return g_key_file_get_string(kf, "citizen", "full-name", NULL);
}

gboolean
td_demo_env_insert_card(TdDemoEnv *self, const gchar *profile_path, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree gchar *base_dir = g_path_get_dirname(profile_path);
	TdVchip *chip;

	if (!g_key_file_load_from_file(kf, profile_path, G_KEY_FILE_NONE, error))
		return FALSE;
	if (self->pki_dir != NULL) {
		g_autofree gchar *key = g_build_filename(self->pki_dir, "ds-p256.key", NULL);
		g_autofree gchar *cert = g_build_filename(self->pki_dir, "ds-p256.pem", NULL);
		g_key_file_set_string(kf, "security", "ds-key", key);
		g_key_file_set_string(kf, "security", "ds-certificate", cert);
	}
	chip = td_vchip_new_from_keyfile(kf, base_dir, error);
	if (chip == NULL)
		return FALSE;
	td_vchip_set_latency_ms(chip, self->latency_ms);
	td_demo_env_remove_card(self);
	g_mutex_lock(&self->mutex);
	self->chip = chip;
	g_mutex_unlock(&self->mutex);
	return TRUE;
}

void
td_demo_env_remove_card(TdDemoEnv *self)
{
	g_mutex_lock(&self->mutex);
	for (guint i = 0; i < self->transports->len; i++)
		td_vchip_transport_remove_card(TD_VCHIP_TRANSPORT(g_ptr_array_index(self->transports, i)));
	g_clear_pointer(&self->chip, td_vchip_unref);
	g_mutex_unlock(&self->mutex);
}

gboolean
td_demo_env_has_card(TdDemoEnv *self)
{
	gboolean has;
	g_mutex_lock(&self->mutex);
	has = self->chip != NULL;
	g_mutex_unlock(&self->mutex);
	return has;
}

void
td_demo_env_set_latency_ms(TdDemoEnv *self, guint ms)
{
	g_mutex_lock(&self->mutex);
	self->latency_ms = ms;
	if (self->chip != NULL)
		td_vchip_set_latency_ms(self->chip, ms);
	g_mutex_unlock(&self->mutex);
}

TdTransport *
td_demo_env_connect(const gchar *reader_name, const TdTransportDeadline *deadline, gpointer user_data, GCancellable *cancellable, GError **error)
{
	TdDemoEnv *self = user_data;
	TdTransport *transport = NULL;

	g_mutex_lock(&self->mutex);
	if (self->chip == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NO_CARD, "no card on the virtual reader");
	} else {
		transport = td_vchip_transport_new(self->chip);
		g_ptr_array_add(self->transports, transport);
		g_object_weak_ref(G_OBJECT(transport), td_demo_env_forget_transport, self);
	}
	g_mutex_unlock(&self->mutex);
	return transport;
}

const gchar *
td_demo_env_prepare_pki(TdDemoEnv *self, const gchar *data_dir, GError **error)
{
	g_autofree gchar *dir = g_build_filename(data_dir, "demo-pki", NULL);
	g_autofree gchar *trust = g_build_filename(dir, "trust-store", NULL);
	g_autofree gchar *ds = g_build_filename(dir, "ds-p256.pem", NULL);
	const gchar *script = g_getenv("TD_DEMO_PKI_SCRIPT");
	g_autofree gchar *installed_script = g_build_filename(TD_LIBEXECDIR, "tiepdon-training-pki", NULL);

	if (!g_file_test(ds, G_FILE_TEST_EXISTS) || !g_file_test(trust, G_FILE_TEST_IS_DIR)) {
		gint status = 0;
		/* Installed kiosks have it in libexec; the build tree's devenv
		 * names kiosk/tiepdon-training-pki.sh. */
		if (script == NULL)
			script = installed_script;
		if (!g_file_test(script, G_FILE_TEST_IS_EXECUTABLE)) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is not there", script);
			return NULL;
		}
		{
			const gchar *argv[] = {script, dir, NULL};
			if (!g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
					  NULL, &status, error))
				return NULL;
		}
		if (!g_spawn_check_wait_status(status, error))
			return NULL;
	}
	g_free(self->pki_dir);
	g_free(self->trust_dir);
	self->pki_dir = g_steal_pointer(&dir);
	self->trust_dir = g_steal_pointer(&trust);
	return self->trust_dir;
}

static void
td_demo_env_child_setup(gpointer user_data)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

TdGatewayConfig *
td_demo_env_start_gateway(TdDemoEnv *self, const gchar *data_dir, GError **error)
{
	g_autofree gchar *program = td_demo_env_find_program("tiepdon-gateway-sim");
	g_autofree gchar *fixtures = td_demo_env_find_data("gateway-sim-citizens.json");
	g_autofree gchar *cert_dir = g_build_filename(data_dir, "gateway-sim", NULL);
	g_autofree gchar *password_file = g_build_filename(data_dir, "gateway-demo.pass", NULL);
	g_autofree gchar *line = NULL;
	g_autoptr(GDataInputStream) out = NULL;
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	const gchar *url;

	if (program == NULL || fixtures == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
				    "the gateway simulator or its demo citizens are not installed");
		return NULL;
	}
	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
	/* the simulator ends with the kiosk, even one that crashed */
	g_subprocess_launcher_set_child_setup(launcher, td_demo_env_child_setup, NULL, NULL);
	self->gateway_sim = g_subprocess_launcher_spawn(launcher, error, program, "--port", "0", "--generate-cert",
							cert_dir, "--fixtures", fixtures, NULL);
	if (self->gateway_sim == NULL)
		return NULL;
	/* the simulator prints this one line once it listens */
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(self->gateway_sim));
	line = g_data_input_stream_read_line_utf8(out, NULL, NULL, error);
	if (line == NULL || !g_str_has_prefix(line, "listening on ")) {
		if (error != NULL && *error == NULL)
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the gateway simulator did not start");
		return NULL;
	}
	url = line + strlen("listening on ");

	/* the demo account of gateway-sim-citizens.json */
	if (!g_file_set_contents_full(password_file, "mat-khau-demo", -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
		return NULL;
	g_key_file_set_string(kf, "gateway", "url", url);
	g_key_file_set_string(kf, "gateway", "username", "tramyte_ankhanh");
	g_key_file_set_string(kf, "gateway", "password-file", password_file);
	g_key_file_set_string(kf, "gateway", "ca-file", "gateway-sim/cert.pem");
	g_key_file_set_string(kf, "gateway", "staff-name", "Trần Thị Lan Anh");
	g_key_file_set_string(kf, "gateway", "staff-id", "001190012345");
	g_key_file_set_string(kf, "station", "code", "01001");
	return td_gateway_config_new_from_key_file(kf, data_dir, error);
}
