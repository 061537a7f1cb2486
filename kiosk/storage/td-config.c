/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-config.h"
#include "td-secret.h"

#define TD_CONFIG_DEFAULT_PATH	      TD_SYSCONFDIR "/tiepdon.conf"
#define TD_CONFIG_DEFAULT_DB	      "/var/lib/tiepdon/tiepdon.db"
#define TD_CONFIG_ID_KEY_LEN	      32
#define TD_CONFIG_ID_KEY_DEFAULT_NAME "id-hash.key"

G_DEFINE_QUARK(td-config-error-quark, td_config_error)

void
td_config_free(TdConfig *config)
{
	if (config == NULL)
		return;
	g_free(config->path);
	if (config->key_file != NULL)
		g_key_file_unref(config->key_file);
	g_free(config->station_code);
	g_free(config->station_name);
	g_free(config->id_hash_key_file);
	g_free(config->storage_path);
	g_free(config->reader_name);
	g_free(config->trust_dir);
	td_gateway_config_free(config->gateway);
	g_free(config->vneid_guide_url);
	g_free(config->staff_pin_hash);
	td_secret_clear_free(config->id_hash_key);
	g_free(config);
}

/* Every message starts with where the fault is, so whoever edits the file
 * goes straight to it. */
static void
config_set_invalid(GError **error, const gchar *file, const gchar *group, const gchar *key, const gchar *what)
{
	g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "%s: [%s] %s: %s", file, group, key, what);
}

static gboolean
config_get_string(GKeyFile *kf,
		  const gchar *file,
		  const gchar *group,
		  const gchar *key,
		  gboolean required,
		  gchar **out,
		  GError **error)
{
	g_autofree gchar *value = g_key_file_get_string(kf, group, key, NULL);
	if (value != NULL)
		g_strstrip(value);
	if (value == NULL || value[0] == '\0') {
		if (required) {
			config_set_invalid(error, file, group, key, "missing; this setting is required");
			return FALSE;
		}
		*out = NULL;
		return TRUE;
	}
	*out = g_steal_pointer(&value);
	return TRUE;
}

static gboolean
config_get_path(GKeyFile *kf,
		const gchar *file,
		const gchar *base_dir,
		const gchar *group,
		const gchar *key,
		const gchar *default_path,
		gchar **out,
		GError **error)
{
	g_autofree gchar *value = NULL;
	if (!config_get_string(kf, file, group, key, FALSE, &value, error))
		return FALSE;
	if (value == NULL) {
		*out = g_strdup(default_path);
		return TRUE;
	}
	*out = g_path_is_absolute(value) ? g_steal_pointer(&value) : g_build_filename(base_dir, value, NULL);
	return TRUE;
}

static gboolean
config_get_uint(GKeyFile *kf,
		const gchar *file,
		const gchar *group,
		const gchar *key,
		guint default_value,
		guint min,
		guint max,
		guint *out,
		GError **error)
{
	g_autofree gchar *value = NULL;
	guint64 parsed = 0;

	if (!config_get_string(kf, file, group, key, FALSE, &value, error))
		return FALSE;
	if (value == NULL) {
		*out = default_value;
		return TRUE;
	}
	if (!g_ascii_string_to_unsigned(value, 10, min, max, &parsed, NULL)) {
		g_autofree gchar *what =
		    g_strdup_printf("'%s' is not a whole number from %u to %u", value, min, max);
		config_set_invalid(error, file, group, key, what);
		return FALSE;
	}
	*out = (guint)parsed;
	return TRUE;
}

static gboolean
config_get_bool(GKeyFile *kf, const gchar *file, const gchar *group, const gchar *key, gboolean *out, GError **error)
{
	g_autofree gchar *value = NULL;
	if (!config_get_string(kf, file, group, key, FALSE, &value, error))
		return FALSE;
	if (value == NULL || g_strcmp0(value, "false") == 0) {
		*out = FALSE;
		return TRUE;
	}
	if (g_strcmp0(value, "true") == 0) {
		*out = TRUE;
		return TRUE;
	}
	{
		g_autofree gchar *what = g_strdup_printf("'%s' is not true or false", value);
		config_set_invalid(error, file, group, key, what);
	}
	return FALSE;
}

/* Reads every section except [gateway]; shared by load and demo. */
static gboolean
config_read_sections(TdConfig *config, const gchar *file, const gchar *base_dir, gboolean demo, GError **error)
{
	GKeyFile *kf = config->key_file;
	g_autofree gchar *db_dir = NULL;
	g_autofree gchar *default_key = NULL;

	if (!config_get_string(kf, file, "station", "code", !demo, &config->station_code, error))
		return FALSE;
	if (config->station_code != NULL) {
		for (const gchar *p = config->station_code; *p != '\0'; p++) {
			if (!g_ascii_isalnum(*p)) {
				config_set_invalid(error, file, "station", "code",
						   "letters and digits only (the station's maDKBD, e.g. 01001)");
				return FALSE;
			}
		}
	}
	if (!config_get_string(kf, file, "station", "name", FALSE, &config->station_name, error))
		return FALSE;

	if (!config_get_path(kf, file, base_dir, "storage", "path", TD_CONFIG_DEFAULT_DB, &config->storage_path, error))
		return FALSE;
	if (!config_get_uint(kf, file, "storage", "retention-days", 30, 1, 3650, &config->retention_days, error))
		return FALSE;

	/* The key sits beside the database by default: the service can write
	 * there on first use, and the two belong together (a new key makes
	 * the stored hashes unrecognisable). */
	db_dir = g_path_get_dirname(config->storage_path);
	default_key = g_build_filename(db_dir, TD_CONFIG_ID_KEY_DEFAULT_NAME, NULL);
	if (!config_get_path(kf, file, base_dir, "station", "id-hash-key-file", default_key,
			     &config->id_hash_key_file, error))
		return FALSE;

	if (!config_get_string(kf, file, "reader", "name", FALSE, &config->reader_name, error))
		return FALSE;
	if (!config_get_path(kf, file, base_dir, "reader", "trust-dir", NULL, &config->trust_dir, error))
		return FALSE;
	if (!config_get_uint(kf, file, "reader", "command-timeout", TD_CONFIG_DEFAULT_COMMAND_TIMEOUT_S, 1, 60,
			     &config->command_timeout_s, error))
		return FALSE;
	if (!config_get_uint(kf, file, "reader", "card-timeout", TD_CONFIG_DEFAULT_CARD_TIMEOUT_S, 1, 600,
			     &config->card_timeout_s, error))
		return FALSE;
	if (config->card_timeout_s < config->command_timeout_s) {
		config_set_invalid(error, file, "reader", "card-timeout", "must not be shorter than command-timeout");
		return FALSE;
	}

	if (!config_get_string(kf, file, "vneid", "guide-url", FALSE, &config->vneid_guide_url, error))
		return FALSE;
	if (config->vneid_guide_url != NULL && !g_str_has_prefix(config->vneid_guide_url, "https://") &&
	    !g_str_has_prefix(config->vneid_guide_url, "http://")) {
		config_set_invalid(error, file, "vneid", "guide-url", "must be an http:// or https:// address");
		return FALSE;
	}
	if (!config_get_uint(kf, file, "vneid", "ask-again-days", 90, 0, 3650, &config->vneid_ask_again_days, error))
		return FALSE;

	if (!config_get_string(kf, file, "staff", "pin-hash", FALSE, &config->staff_pin_hash, error))
		return FALSE;
	if (config->staff_pin_hash != NULL && !g_str_has_prefix(config->staff_pin_hash, "pbkdf2-sha256$")) {
		config_set_invalid(error, file, "staff", "pin-hash",
				   "not a PIN hash written by 'tiepdon set-pin'; run it again");
		return FALSE;
	}
	if (!config_get_uint(kf, file, "staff", "lockout-attempts", 5, 1, 100, &config->lockout_attempts, error))
		return FALSE;
	if (!config_get_uint(kf, file, "staff", "lockout-minutes", 15, 1, 24 * 60, &config->lockout_minutes, error))
		return FALSE;

	if (!config_get_uint(kf, file, "kiosk", "idle-timeout-s", 60, 10, 3600, &config->idle_timeout_s, error))
		return FALSE;
	if (!config_get_uint(kf, file, "kiosk", "warning-s", 15, 0, 600, &config->warning_s, error))
		return FALSE;
	if (config->warning_s >= config->idle_timeout_s) {
		config_set_invalid(error, file, "kiosk", "warning-s", "must be shorter than idle-timeout-s");
		return FALSE;
	}
	if (!config_get_bool(kf, file, "kiosk", "demo", &config->demo, error))
		return FALSE;
	config->demo = config->demo || demo;
	return TRUE;
}

TdConfig *
td_config_load(const gchar *path, GError **error)
{
	g_autoptr(TdConfig) config = g_new0(TdConfig, 1);
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *base_dir = NULL;

	config->path = g_strdup(path != NULL ? path : TD_CONFIG_DEFAULT_PATH);
	config->key_file = g_key_file_new();
	if (!g_key_file_load_from_file(config->key_file, config->path,
				       G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &error_local)) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_READ, "%s: %s", config->path,
			    error_local->message);
		return NULL;
	}
	base_dir = g_path_get_dirname(config->path);
	if (!config_read_sections(config, config->path, base_dir, FALSE, error))
		return NULL;

	/* No [gateway] is a supported set-up (check-ins pend eligibility); a
	 * [gateway] that is there must be right. */
	if (g_key_file_has_group(config->key_file, "gateway")) {
		config->gateway = td_gateway_config_new_from_key_file(config->key_file, base_dir, &error_local);
		if (config->gateway == NULL) {
			g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "%s: %s",
				    config->path, error_local->message);
			return NULL;
		}
	}
	return g_steal_pointer(&config);
}

TdConfig *
td_config_new_demo(const gchar *data_dir, GError **error)
{
	g_autoptr(TdConfig) config = g_new0(TdConfig, 1);

	if (g_mkdir_with_parents(data_dir, 0700) != 0) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_WRITE, "cannot create %s: %s", data_dir,
			    g_strerror(errno));
		return NULL;
	}
	config->key_file = g_key_file_new();
	g_key_file_set_string(config->key_file, "station", "code", "DEMO");
	g_key_file_set_string(config->key_file, "station", "name", "Trạm Y tế (đào tạo / training)");
	g_key_file_set_string(config->key_file, "storage", "path", "tiepdon-demo.db");
	if (!config_read_sections(config, "demo", data_dir, TRUE, error))
		return NULL;
	return g_steal_pointer(&config);
}

static gboolean
config_create_id_key(const gchar *path, GError **error)
{
	guint8 key[TD_CONFIG_ID_KEY_LEN];
	gssize written;
	int fd;

	if (RAND_bytes(key, sizeof(key)) != 1) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "no random bytes for a new ID key");
		return FALSE;
	}
	/* O_EXCL: two kiosk processes starting at once must not both write */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		td_memwipe(key, sizeof(key));
		if (errno == EEXIST)
			return TRUE;
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "cannot create ID hashing key %s: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	written = write(fd, key, sizeof(key));
	td_memwipe(key, sizeof(key));
	if (written != (gssize)sizeof(key) || fsync(fd) != 0) {
		int saved = errno;
		close(fd);
		g_unlink(path);
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "cannot write ID hashing key %s: %s", path,
			    g_strerror(saved));
		return FALSE;
	}
	close(fd);
	return TRUE;
}

gboolean
td_config_load_id_hash_key(TdConfig *config, GError **error)
{
	const gchar *path = config->id_hash_key_file;
	guint8 key[TD_CONFIG_ID_KEY_LEN + 1];
	struct stat st;
	gssize n;
	int fd;

	if (config->id_hash_key != NULL)
		return TRUE;
	if (!g_file_test(path, G_FILE_TEST_EXISTS) && !config_create_id_key(path, error))
		return FALSE;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "cannot open ID hashing key %s: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	/* fstat on the open file, so the mode checked is the file read */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY, "ID hashing key %s is not a regular file",
			    path);
		return FALSE;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		close(fd);
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY,
			    "ID hashing key %s is accessible to group or others (mode %04o); run: chmod 600 %s",
			    path, (guint)(st.st_mode & 07777), path);
		return FALSE;
	}
	n = read(fd, key, sizeof(key));
	close(fd);
	if (n != TD_CONFIG_ID_KEY_LEN) {
		td_memwipe(key, sizeof(key));
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY,
			    "ID hashing key %s must hold exactly %d bytes", path, TD_CONFIG_ID_KEY_LEN);
		return FALSE;
	}
	config->id_hash_key = td_secret_new_from_data(key, TD_CONFIG_ID_KEY_LEN);
	td_memwipe(key, sizeof(key));
	return TRUE;
}

gchar *
td_config_hash_id(TdConfig *config, const gchar *id12)
{
	g_autoptr(GError) error_local = NULL;
	EVP_MAC *mac = NULL;
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	guint8 digest[32];
	gsize digest_len = 0;
	TdSecret *key;
	gboolean ok;

	g_return_val_if_fail(config != NULL, NULL);
	if (id12 == NULL || strlen(id12) != 12 || strspn(id12, "0123456789") != 12)
		return NULL;
	if (!td_config_load_id_hash_key(config, &error_local)) {
		g_message("cannot hash an ID number: %s", error_local->message);
		return NULL;
	}
	key = config->id_hash_key;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (mac == NULL)
		return NULL;
	ctx = EVP_MAC_CTX_new(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	ok = ctx != NULL && EVP_MAC_init(ctx, key->data, key->len, params) == 1 &&
	     EVP_MAC_update(ctx, (const guint8 *)id12, 12) == 1 &&
	     EVP_MAC_final(ctx, digest, &digest_len, sizeof(digest)) == 1 && digest_len == sizeof(digest);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	if (!ok)
		return NULL;
	{
		GString *hex = g_string_sized_new(65);
		for (gsize i = 0; i < sizeof(digest); i++)
			g_string_append_printf(hex, "%02x", digest[i]);
		return g_string_free(hex, FALSE);
	}
}

gboolean
td_config_save_pin_hash(TdConfig *config, const gchar *pin_hash, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *data = NULL;
	gsize len = 0;
	struct stat st;
	int mode = 0600;

	if (config->path == NULL) {
		g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_WRITE,
				    "the training mode has no config file to save a PIN in");
		return FALSE;
	}
	g_key_file_set_string(config->key_file, "staff", "pin-hash", pin_hash);
	data = g_key_file_to_data(config->key_file, &len, NULL);
	/* written to a new file and renamed over the old one, so a crash
	 * leaves one or the other; same mode as before (it may hold the
	 * gateway user name) */
	if (stat(config->path, &st) == 0)
		mode = st.st_mode & 0777;
	if (!g_file_set_contents_full(config->path, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, mode,
				      &error_local)) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_WRITE, "cannot save %s: %s", config->path,
			    error_local->message);
		return FALSE;
	}
	g_free(config->staff_pin_hash);
	config->staff_pin_hash = g_strdup(pin_hash);
	return TRUE;
}
