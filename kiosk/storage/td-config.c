/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "td-config.h"
#include "td-config-keys.h"
#include "td-id-hash.h"
#include "td-pg-store.h"
#include "td-secret-file.h"

#define TD_CONFIG_DEFAULT_PATH	      TD_SYSCONFDIR "/tiepdon.conf"
#define TD_CONFIG_DEFAULT_DB	      "/var/lib/tiepdon/tiepdon.db"
#define TD_CONFIG_DEFAULT_BACKUP_DIR  "/var/backups/tiepdon"
#define TD_CONFIG_DEFAULT_BACKUP_KEEP_DAYS 7
#define TD_CONFIG_ID_KEY_DEFAULT_NAME "id-hash.key"
#define TD_CONFIG_JOURNAL_DEFAULT_NAME "offline-journal.db"
/* a settings file is a few KiB; more is not one */
#define TD_CONFIG_MAX_SIZE (1024 * 1024)

G_DEFINE_QUARK(td-config-error-quark, td_config_error)

TdConfig *
td_config_ref(TdConfig *config)
{
	g_return_val_if_fail(config != NULL, NULL);
	g_atomic_int_inc(&config->ref_count);
	return config;
}

void
td_config_free(TdConfig *config)
{
	if (config == NULL || !g_atomic_int_dec_and_test(&config->ref_count))
		return;
	g_free(config->path);
	if (config->key_file != NULL)
		g_key_file_unref(config->key_file);
	g_free(config->station_code);
	g_free(config->station_name);
	g_free(config->id_hash_key_file);
	g_free(config->storage_path);
	g_free(config->storage_url);
	g_free(config->kiosk_id);
	g_free(config->journal_path);
	g_free(config->backup_dir);
	g_free(config->reader_name);
	g_free(config->trust_dir);
	td_gateway_config_free(config->gateway);
	g_strfreev(config->unknown_settings);
	g_free(config->vneid_guide_url);
	g_free(config->staff_pin_hash);
	td_id_hasher_free(config->id_hasher);
	g_mutex_clear(&config->id_hasher_lock);
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

/* A letter, digit or '-' a character: it goes in every record, the report
 * and log lines. */
static gboolean
config_kiosk_id_is_valid(const gchar *id)
{
	if (id == NULL || id[0] == '\0' || strlen(id) > TD_CONFIG_KIOSK_ID_MAX)
		return FALSE;
	for (const gchar *p = id; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-')
			return FALSE;
	}
	return TRUE;
}

gchar *
td_config_default_kiosk_id(void)
{
	g_autoptr(GString) id = g_string_new(NULL);

	/* the host name up to its first dot, other characters dropped */
	for (const gchar *p = g_get_host_name(); *p != '\0' && *p != '.'; p++) {
		if ((g_ascii_isalnum(*p) || *p == '-') && id->len < TD_CONFIG_KIOSK_ID_MAX)
			g_string_append_c(id, *p);
	}
	if (id->len == 0)
		g_string_assign(id, "kiosk");
	return g_string_free(g_steal_pointer(&id), FALSE);
}

/* With url=, what the kiosk does when the server cannot be reached: its
 * letter ([station] offline-letter, required: the series of the numbers
 * it hands out meanwhile, unique per station) and its journal ([storage]
 * journal=, default beside the data). SQLite needs neither. */
static gboolean
config_read_offline(TdConfig *config, const gchar *file, const gchar *base_dir, GError **error)
{
	GKeyFile *kf = config->key_file;
	g_autofree gchar *letter = NULL;
	g_autofree gchar *data_dir = g_path_get_dirname(config->storage_path);
	g_autofree gchar *default_journal = g_build_filename(data_dir, TD_CONFIG_JOURNAL_DEFAULT_NAME, NULL);

	if (!config_get_string(kf, file, "station", "offline-letter", config->storage_url != NULL, &letter, error))
		return FALSE;
	if (letter != NULL && (letter[0] == '\0' || !td_queue_series_is_valid(letter))) {
		config_set_invalid(error, file, "station", "offline-letter",
				   "one capital letter A to Z, different on each kiosk of the station: the series of "
				   "the numbers this kiosk hands out while the database cannot be reached (B-001, …)");
		return FALSE;
	}
	g_strlcpy(config->offline_letter, letter != NULL ? letter : "", sizeof(config->offline_letter));
	return config_get_path(kf, file, base_dir, "storage", "journal", default_journal, &config->journal_path,
			       error);
}

/* [storage] path= (SQLite) or url= (PostgreSQL), never both; and
 * [station] kiosk-id, which the records of a shared database carry. */
static gboolean
config_read_storage(TdConfig *config, const gchar *file, const gchar *base_dir, GError **error)
{
	GKeyFile *kf = config->key_file;
	g_autofree gchar *path = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!config_get_string(kf, file, "storage", "path", FALSE, &path, error) ||
	    !config_get_string(kf, file, "storage", "url", FALSE, &config->storage_url, error))
		return FALSE;
	if (path != NULL && config->storage_url != NULL) {
		config_set_invalid(error, file, "storage", "url",
				   "set either path= (SQLite, one kiosk) or url= (PostgreSQL, shared), not both");
		return FALSE;
	}
	if (config->storage_url != NULL && !td_pg_store_check_conninfo(config->storage_url, &error_local)) {
		config_set_invalid(error, file, "storage", "url", error_local->message);
		return FALSE;
	}
	if (!config_get_path(kf, file, base_dir, "storage", "path", TD_CONFIG_DEFAULT_DB, &config->storage_path, error))
		return FALSE;
	if (!config_get_string(kf, file, "station", "kiosk-id", FALSE, &config->kiosk_id, error))
		return FALSE;
	if (config->kiosk_id == NULL)
		config->kiosk_id = td_config_default_kiosk_id();
	if (!config_kiosk_id_is_valid(config->kiosk_id)) {
		config_set_invalid(error, file, "station", "kiosk-id",
				   "1 to " G_STRINGIFY(TD_CONFIG_KIOSK_ID_MAX) " letters, digits or '-'");
		return FALSE;
	}
	return config_read_offline(config, file, base_dir, error);
}

/* [storage] backup-dir and backup-keep-days, after retention-days: a copy
 * keeps the personal data of its night where the purge cannot reach it,
 * so a record lives on in the copies at most backup-keep-days past its
 * retention, never more than the retention again. A station on PostgreSQL
 * is copied on its server, and training data is made up: neither has
 * copies unless one is asked for (and then PostgreSQL's is refused). */
static gboolean
config_read_backup(TdConfig *config, const gchar *file, const gchar *base_dir, gboolean demo, GError **error)
{
	GKeyFile *kf = config->key_file;
	g_autofree gchar *asked = g_key_file_get_string(kf, "storage", "backup-dir", NULL);

	/* "backup-dir=" turns them off (the disk copied some other way) */
	if (asked != NULL && g_strstrip(asked)[0] == '\0')
		config->backup_dir = NULL;
	else if (!config_get_path(kf, file, base_dir, "storage", "backup-dir",
				  demo || config->storage_url != NULL ? NULL : TD_CONFIG_DEFAULT_BACKUP_DIR,
				  &config->backup_dir, error))
		return FALSE;
	if (config->backup_dir != NULL && config->storage_url != NULL) {
		config_set_invalid(error, file, "storage", "backup-dir",
				   "is for a kiosk on its own file (path=); a station on PostgreSQL is backed up on "
				   "its server (pg_dump or base backups)");
		return FALSE;
	}
	if (!config_get_uint(kf, file, "storage", "backup-keep-days",
			     MIN(TD_CONFIG_DEFAULT_BACKUP_KEEP_DAYS, config->retention_days), 1, 3650,
			     &config->backup_keep_days, error))
		return FALSE;
	if (config->backup_keep_days > config->retention_days) {
		config_set_invalid(error, file, "storage", "backup-keep-days",
				   "must not be longer than retention-days: a copy keeps the personal data it holds");
		return FALSE;
	}
	return TRUE;
}

/* Reads every section except [gateway]; shared by load and demo. */
static gboolean
config_read_sections(TdConfig *config, const gchar *file, const gchar *base_dir, gboolean demo, GError **error)
{
	GKeyFile *kf = config->key_file;
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

	if (!config_read_storage(config, file, base_dir, error))
		return FALSE;
	if (!config_get_uint(kf, file, "storage", "retention-days", 30, 1, 3650, &config->retention_days, error))
		return FALSE;
	if (!config_get_uint(kf, file, "storage", "link-days", 90, 1, 3650, &config->link_days, error))
		return FALSE;
	if (!config_read_backup(config, file, base_dir, demo, error))
		return FALSE;

	/* The key sits beside the settings (root's /etc/tiepdon), not beside
	 * the database: a copy of the data folder must not carry the key that
	 * turns its hashes back into ID numbers. */
	default_key = g_build_filename(base_dir, TD_CONFIG_ID_KEY_DEFAULT_NAME, NULL);
	if (!config_get_path(kf, file, base_dir, "station", "id-hash-key-file", default_key,
			     &config->id_hash_key_file, error))
		return FALSE;
	if (!config_get_uint(kf, file, "station", "id-hash-cost", TD_ID_HASH_DEFAULT_COST, TD_ID_HASH_MIN_COST,
			     TD_ID_HASH_MAX_COST, &config->id_hash_cost, error))
		return FALSE;

	if (!config_get_string(kf, file, "reader", "name", FALSE, &config->reader_name, error))
		return FALSE;
	/* one CSCA folder for every command: the setting, or the deployment's */
	if (!config_get_path(kf, file, base_dir, "reader", "trust-dir", NULL, &config->trust_dir, error))
		return FALSE;
	if (config->trust_dir == NULL && g_file_test(TD_CONFIG_DEFAULT_TRUST_DIR, G_FILE_TEST_IS_DIR))
		config->trust_dir = g_strdup(TD_CONFIG_DEFAULT_TRUST_DIR);
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
	/* its QR code on a 58 mm ticket, 0.5 mm a module: version 15 at
	 * most (77 modules and the quiet zone in 48 mm), 412 bytes */
	if (config->vneid_guide_url != NULL && strlen(config->vneid_guide_url) > TD_CONFIG_GUIDE_URL_MAX) {
		config_set_invalid(error, file, "vneid", "guide-url",
				   "must be at most " G_STRINGIFY(TD_CONFIG_GUIDE_URL_MAX)
				   " characters: its QR code is printed on the ticket");
		return FALSE;
	}
	if (!config_get_uint(kf, file, "vneid", "ask-again-days", 90, 0, 3650, &config->vneid_ask_again_days, error))
		return FALSE;
	if (config->vneid_ask_again_days > config->link_days) {
		config_set_invalid(error, file, "vneid", "ask-again-days",
				   "must not be longer than [storage] link-days (how long visits are linked)");
		return FALSE;
	}

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
	/* [kiosk] demo=true in the file: training data, as the built-in
	 * demo's, has no copies unless backup-dir asks for them */
	if (config->demo && !g_key_file_has_key(kf, "storage", "backup-dir", NULL))
		g_clear_pointer(&config->backup_dir, g_free);
	return TRUE;
}

gboolean
td_config_read_key_file(const gchar *path, GKeyFile *key_file, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	/* not followed if a link, not waited on if a FIFO; it holds the PIN
	 * hash, so who may read or change it is checked on the file read */
	g_autoptr(GBytes) contents = td_file_read(path, TD_CONFIG_MAX_SIZE, TD_FILE_ACCESS_PROTECTED, &error_local);

	if (contents == NULL) {
		g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_READ, error_local->message);
		return FALSE;
	}
	if (!g_key_file_load_from_data(key_file, g_bytes_get_data(contents, NULL), g_bytes_get_size(contents),
				       G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &error_local)) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_READ, "%s: %s", path, error_local->message);
		return FALSE;
	}
	return TRUE;
}

static TdConfig *
config_new(void)
{
	TdConfig *config = g_new0(TdConfig, 1);
	config->ref_count = 1;
	g_mutex_init(&config->id_hasher_lock);
	config->key_file = g_key_file_new();
	config->unknown_settings = g_new0(gchar *, 1);
	return config;
}

TdConfig *
td_config_load(const gchar *path, GError **error)
{
	g_autoptr(TdConfig) config = config_new();
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *base_dir = NULL;

	config->path = g_strdup(path != NULL ? path : TD_CONFIG_DEFAULT_PATH);
	if (!td_config_read_key_file(config->path, config->key_file, error))
		return NULL;
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
	{
		g_autoptr(GStrvBuilder) unknown = g_strv_builder_new();

		td_config_add_unknown_settings(config->key_file,
					       config->gateway != NULL ? (const gchar *const *)config->gateway->unknown_keys
								       : NULL,
					       unknown);
		g_strfreev(config->unknown_settings);
		config->unknown_settings = g_strv_builder_end(unknown);
	}
	return g_steal_pointer(&config);
}

TdConfig *
td_config_new_demo(const gchar *data_dir, GError **error)
{
	g_autoptr(TdConfig) config = config_new();

	if (g_mkdir_with_parents(data_dir, 0700) != 0) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_WRITE, "cannot create %s: %s", data_dir,
			    g_strerror(errno));
		return NULL;
	}
	g_key_file_set_string(config->key_file, "station", "code", "DEMO");
	g_key_file_set_string(config->key_file, "station", "name", "Trạm Y tế (đào tạo)");
	g_key_file_set_string(config->key_file, "storage", "path", "tiepdon-demo.db");
	/* training data is made up: its key may sit beside it */
	if (!config_read_sections(config, "demo", data_dir, TRUE, error))
		return NULL;
	return g_steal_pointer(&config);
}

gboolean
td_config_load_id_hash_key(TdConfig *config, GError **error)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&config->id_hasher_lock);
	g_autoptr(GBytes) key = NULL;

	if (config->id_hasher != NULL)
		return TRUE;
	key = td_id_hash_key_load(config->id_hash_key_file, TRUE, error);
	if (key == NULL)
		return FALSE;
	config->id_hasher = td_id_hasher_new(key, config->id_hash_cost, error);
	return config->id_hasher != NULL;
}

gchar *
td_config_hash_id(TdConfig *config, const gchar *id12)
{
	g_autoptr(GError) error_local = NULL;

	g_return_val_if_fail(config != NULL, NULL);
	if (id12 == NULL || strlen(id12) != 12 || strspn(id12, "0123456789") != 12)
		return NULL;
	if (!td_config_load_id_hash_key(config, &error_local)) {
		g_message("cannot hash an ID number: %s", error_local->message);
		return NULL;
	}
	return td_id_hasher_hash(config->id_hasher, id12);
}

TdRetention
td_config_get_retention(const TdConfig *config)
{
	TdRetention retention = {config->retention_days, config->link_days};
	return retention;
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
	 * leaves one or the other; same mode and group as before (root's file,
	 * the kiosk's group reads it) */
	if (stat(config->path, &st) == 0)
		mode = st.st_mode & 0777;
	if (!td_file_replace(config->path, data, len, (guint)mode, &error_local)) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_WRITE, "cannot save %s: %s", config->path,
			    error_local->message);
		return FALSE;
	}
	g_free(config->staff_pin_hash);
	config->staff_pin_hash = g_strdup(pin_hash);
	return TRUE;
}
