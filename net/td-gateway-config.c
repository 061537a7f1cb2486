/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-gateway-config.h"
#include "td-gateway-error.h"
#include "td-secret-file.h"
#include "td-secret.h"

/* Public clients use 8-15 s; the kiosk prefers to give up a little sooner and
 * send the patient to reception than to keep a queue waiting. */
#define TD_GATEWAY_DEFAULT_TIMEOUT_S	     12
#define TD_GATEWAY_DEFAULT_CONNECT_TIMEOUT_S 5
#define TD_GATEWAY_DEFAULT_CACHE_S	     180
#define TD_GATEWAY_DEFAULT_RATE_LIMIT	     2.0
#define TD_GATEWAY_PASSWORD_MAX		     1024

void
td_gateway_config_free(TdGatewayConfig *config)
{
	if (config == NULL)
		return;
	g_free(config->url);
	g_free(config->username);
	td_str_clear_free(config->password_md5);
	g_free(config->ca_file);
	g_free(config->staff_name);
	g_free(config->staff_id);
	g_free(config->station_code);
	g_free(config);
}

TdGatewayConfig *
td_gateway_config_copy(const TdGatewayConfig *config)
{
	TdGatewayConfig *copy = g_new0(TdGatewayConfig, 1);
	*copy = *config;
	copy->url = g_strdup(config->url);
	copy->username = g_strdup(config->username);
	copy->password_md5 = g_strdup(config->password_md5);
	copy->ca_file = g_strdup(config->ca_file);
	copy->staff_name = g_strdup(config->staff_name);
	copy->staff_id = g_strdup(config->staff_id);
	copy->station_code = g_strdup(config->station_code);
	return copy;
}

gchar *
td_gateway_read_password_file(const gchar *path, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	/* O_NONBLOCK and a regular file only: a FIFO named here must not hang
	 * every command; the mode is checked on the file opened */
	g_autoptr(GBytes) bytes = td_file_read(path, TD_GATEWAY_PASSWORD_MAX, TD_FILE_ACCESS_OWNER_ONLY, &error_local);
	const gchar *buf;
	gsize len = 0;
	gchar *digest;

	if (bytes == NULL) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG, "gateway password file: %s",
			    error_local->message);
		return NULL;
	}
	buf = g_bytes_get_data(bytes, &len);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len == 0) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "gateway password file %s is empty", path);
		return NULL;
	}
	digest = g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *)buf, len);
	for (gchar *p = digest; *p != '\0'; p++)
		*p = g_ascii_toupper(*p);
	return digest;
}

static gchar *
config_get_string(GKeyFile *kf, const gchar *group, const gchar *key, gboolean required,
		  GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = g_key_file_get_string(kf, group, key, &error_local);
	if (value != NULL)
		g_strstrip(value);
	if (value == NULL || value[0] == '\0') {
		if (!required)
			return NULL;
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "missing setting [%s] %s", group, key);
		return NULL;
	}
	return g_steal_pointer(&value);
}

static gboolean
config_get_seconds(GKeyFile *kf, const gchar *key, guint fallback_s, guint max_s,
		   guint *out_ms, GError **error)
{
	g_autofree gchar *text = config_get_string(kf, "gateway", key, FALSE, NULL);
	gdouble value;
	gchar *end = NULL;

	if (text == NULL) {
		*out_ms = fallback_s * 1000;
		return TRUE;
	}
	value = g_ascii_strtod(text, &end);
	if (end == text || *end != '\0' || !(value > 0) || value > max_s) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "setting [gateway] %s must be a number of seconds between 0 and %u",
			    key, max_s);
		return FALSE;
	}
	*out_ms = (guint)(value * 1000 + 0.5);
	if (*out_ms == 0)
		*out_ms = 1;
	return TRUE;
}

static gchar *
config_resolve_path(const gchar *base_dir, const gchar *path)
{
	if (g_path_is_absolute(path) || base_dir == NULL)
		return g_strdup(path);
	return g_build_filename(base_dir, path, NULL);
}

TdGatewayConfig *
td_gateway_config_new_from_key_file(GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(TdGatewayConfig) config = g_new0(TdGatewayConfig, 1);
	g_autofree gchar *password_file = NULL;
	g_autofree gchar *ca_file = NULL;
	g_autofree gchar *format = NULL;
	g_autofree gchar *cache = NULL;
	g_autofree gchar *rate = NULL;
	guint cache_ms = 0;

	config->url = config_get_string(kf, "gateway", "url", TRUE, error);
	if (config->url == NULL)
		return NULL;
	if (!g_str_has_prefix(config->url, "https://") || strlen(config->url) <= 8 ||
	    strpbrk(config->url, "?# \t") != NULL) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "setting [gateway] url must be an https:// address without query");
		return NULL;
	}
	while (g_str_has_suffix(config->url, "/"))
		config->url[strlen(config->url) - 1] = '\0';

	config->username = config_get_string(kf, "gateway", "username", TRUE, error);
	if (config->username == NULL)
		return NULL;
	password_file = config_get_string(kf, "gateway", "password-file", TRUE, error);
	if (password_file == NULL)
		return NULL;
	{
		g_autofree gchar *path = config_resolve_path(base_dir, password_file);
		config->password_md5 = td_gateway_read_password_file(path, error);
		if (config->password_md5 == NULL)
			return NULL;
	}
	ca_file = config_get_string(kf, "gateway", "ca-file", FALSE, NULL);
	if (ca_file != NULL) {
		config->ca_file = config_resolve_path(base_dir, ca_file);
		if (!g_file_test(config->ca_file, G_FILE_TEST_IS_REGULAR)) {
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
				    "setting [gateway] ca-file: %s is not a file",
				    config->ca_file);
			return NULL;
		}
	}
	config->staff_name = config_get_string(kf, "gateway", "staff-name", TRUE, error);
	if (config->staff_name == NULL)
		return NULL;
	config->staff_id = config_get_string(kf, "gateway", "staff-id", TRUE, error);
	if (config->staff_id == NULL)
		return NULL;

	format = config_get_string(kf, "gateway", "birth-date-format", FALSE, NULL);
	if (format == NULL || g_strcmp0(format, "dd/mm/yyyy") == 0) {
		config->birth_date_format = TD_BIRTH_DATE_FORMAT_SLASHED;
	} else if (g_strcmp0(format, "ddmmyyyy") == 0) {
		config->birth_date_format = TD_BIRTH_DATE_FORMAT_COMPACT;
	} else {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "setting [gateway] birth-date-format must be dd/mm/yyyy or ddmmyyyy");
		return NULL;
	}

	if (!config_get_seconds(kf, "timeout", TD_GATEWAY_DEFAULT_TIMEOUT_S, 120,
				&config->timeout_ms, error))
		return NULL;
	if (!config_get_seconds(kf, "connect-timeout", TD_GATEWAY_DEFAULT_CONNECT_TIMEOUT_S, 60,
				&config->connect_timeout_ms, error))
		return NULL;
	if (config->connect_timeout_ms > config->timeout_ms)
		config->connect_timeout_ms = config->timeout_ms;

	cache = config_get_string(kf, "gateway", "cache-seconds", FALSE, NULL);
	if (cache != NULL && g_strcmp0(cache, "0") == 0) {
		config->cache_seconds = 0;
	} else {
		if (!config_get_seconds(kf, "cache-seconds", TD_GATEWAY_DEFAULT_CACHE_S, 3600,
					&cache_ms, error))
			return NULL;
		config->cache_seconds = MAX(cache_ms / 1000, 1);
	}

	config->rate_limit_per_s = TD_GATEWAY_DEFAULT_RATE_LIMIT;
	rate = config_get_string(kf, "gateway", "rate-limit", FALSE, NULL);
	if (rate != NULL) {
		gchar *end = NULL;
		gdouble value = g_ascii_strtod(rate, &end);
		if (end == rate || *end != '\0' || !(value >= 0.1) || value > 100) {
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
				    "setting [gateway] rate-limit must be requests per "
				    "second between 0.1 and 100");
			return NULL;
		}
		config->rate_limit_per_s = value;
	}
	/* a look-up is a token take plus a check (plus one retry), so let that
	 * much through at once, and no more */
	config->rate_limit_burst = 3;

	config->station_code = config_get_string(kf, "station", "code", FALSE, NULL);
	return g_steal_pointer(&config);
}
