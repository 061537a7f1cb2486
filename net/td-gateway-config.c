/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-gateway-config.h"
#include "td-gateway-error.h"
#include "td-net-util.h"
#include "td-settings-check.h"
#include "td-secret.h"

/* Public clients use 8-15 s; the kiosk prefers to give up a little sooner and
 * send the patient to reception than to keep a queue waiting. */
#define TD_GATEWAY_DEFAULT_TIMEOUT_S	     12
#define TD_GATEWAY_DEFAULT_CONNECT_TIMEOUT_S 5
#define TD_GATEWAY_DEFAULT_CACHE_S	     180
#define TD_GATEWAY_DEFAULT_RATE_LIMIT	     2.0
/* Once the gateway refused the login, no new try for this long: every
 * patient's look-up would log in again with the same refused password, and
 * a gateway that locks an account after failed logins locks the whole
 * facility out, its hospital software too (DOMAIN.md). Five minutes is a
 * dozen tries an hour at most. */
#define TD_GATEWAY_DEFAULT_REFUSED_WAIT_S    300
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
	g_strfreev(config->unknown_keys);
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
	copy->unknown_keys = g_strdupv(config->unknown_keys);
	return copy;
}

gchar *
td_gateway_read_password_file(const gchar *path, GError **error)
{
	g_autoptr(GBytes) password =
	    td_net_read_private_file(path, "gateway password file", TD_GATEWAY_PASSWORD_MAX, error);
	gsize len = 0;
	const guchar *data;
	gchar *digest;

	if (password == NULL)
		return NULL;
	data = g_bytes_get_data(password, &len);
	digest = g_compute_checksum_for_data(G_CHECKSUM_MD5, data, len);
	for (gchar *p = digest; *p != '\0'; p++)
		*p = g_ascii_toupper(*p);
	return digest;
}

/* Each key read is noted in seen: a key of [gateway] the reading never
 * asked for is one tiepdon does not know (config_unknown_keys). */
static gchar *
config_get_string(GKeyFile *kf, GHashTable *seen, const gchar *group, const gchar *key, gboolean required,
		  GError **error)
{
	if (g_str_equal(group, "gateway"))
		g_hash_table_add(seen, (gpointer)key);
	return td_net_key_file_get_string(kf, group, key, required, error);
}

static gboolean
config_get_seconds(GKeyFile *kf, GHashTable *seen, const gchar *key, guint fallback_s, guint max_s, guint *out_ms,
		   GError **error)
{
	g_hash_table_add(seen, (gpointer)key);
	return td_net_key_file_get_seconds(kf, "gateway", key, fallback_s, max_s, out_ms, error);
}

/* The [gateway] keys the reading never asked for (those in seen). */
static GStrv
config_unknown_keys(GKeyFile *kf, GHashTable *seen)
{
	g_autofree const gchar **known = (const gchar **)g_hash_table_get_keys_as_array(seen, NULL);
	g_autoptr(GStrvBuilder) unknown = g_strv_builder_new();

	td_settings_add_unknown_keys(kf, "gateway", known, g_hash_table_size(seen), unknown);
	return g_strv_builder_end(unknown);
}

TdGatewayConfig *
td_gateway_config_new_from_key_file(GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(TdGatewayConfig) config = g_new0(TdGatewayConfig, 1);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	g_autofree gchar *password_file = NULL;
	g_autofree gchar *staff_name = NULL;
	g_autofree gchar *ca_file = NULL;
	g_autofree gchar *format = NULL;
	g_autofree gchar *cache = NULL;
	g_autofree gchar *rate = NULL;
	guint cache_ms = 0;

	config->url = config_get_string(kf, seen, "gateway", "url", TRUE, error);
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

	config->username = config_get_string(kf, seen, "gateway", "username", TRUE, error);
	if (config->username == NULL)
		return NULL;
	password_file = config_get_string(kf, seen, "gateway", "password-file", TRUE, error);
	if (password_file == NULL)
		return NULL;
	{
		g_autofree gchar *path = td_net_resolve_path(base_dir, password_file);
		g_autofree gchar *md5_case = config_get_string(kf, seen, "gateway", "password-md5-case", FALSE, NULL);
		config->password_md5 = td_gateway_read_password_file(path, error);
		if (config->password_md5 == NULL)
			return NULL;
		/* DOMAIN.md: upper case is the usual reading of the digest,
		 * not the only one; a gateway that wants it in lower case
		 * refuses every login otherwise */
		if (g_strcmp0(md5_case, "lower") == 0) {
			for (gchar *p = config->password_md5; *p != '\0'; p++)
				*p = g_ascii_tolower(*p);
			config->password_md5_lower = TRUE;
		} else if (md5_case != NULL && g_strcmp0(md5_case, "upper") != 0) {
			g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
					    "setting [gateway] password-md5-case must be upper or lower");
			return NULL;
		}
	}
	{
		/* DOMAIN.md: the token call takes "form or JSON"; a gateway
		 * that reads one only refuses every login sent the other way */
		g_autofree gchar *token_format = config_get_string(kf, seen, "gateway", "token-format", FALSE, NULL);
		if (g_strcmp0(token_format, "form") == 0) {
			config->token_as_form = TRUE;
		} else if (token_format != NULL && g_strcmp0(token_format, "json") != 0) {
			g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
					    "setting [gateway] token-format must be json or form");
			return NULL;
		}
	}
	ca_file = config_get_string(kf, seen, "gateway", "ca-file", FALSE, NULL);
	if (ca_file != NULL) {
		config->ca_file = td_net_resolve_path(base_dir, ca_file);
		if (!g_file_test(config->ca_file, G_FILE_TEST_IS_REGULAR)) {
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
				    "setting [gateway] ca-file: %s is not a file",
				    config->ca_file);
			return NULL;
		}
	}
	config->staff_name = config_get_string(kf, seen, "gateway", "staff-name", TRUE, error);
	if (config->staff_name == NULL)
		return NULL;
	/* composed (NFC), as BHXH holds names and as the patient's name is
	 * sent: a settings file typed with a Vietnamese keyboard in its
	 * "Unicode tổ hợp" mode is decomposed, and a gateway that compares
	 * bytes would answer 055 (the staff name does not match) for every
	 * patient */
	staff_name = g_steal_pointer(&config->staff_name);
	config->staff_name = g_utf8_normalize(staff_name, -1, G_NORMALIZE_NFC);
	config->staff_id = config_get_string(kf, seen, "gateway", "staff-id", TRUE, error);
	if (config->staff_id == NULL)
		return NULL;

	format = config_get_string(kf, seen, "gateway", "birth-date-format", FALSE, NULL);
	if (format == NULL || g_strcmp0(format, "dd/mm/yyyy") == 0) {
		config->birth_date_format = TD_BIRTH_DATE_FORMAT_SLASHED;
	} else if (g_strcmp0(format, "ddmmyyyy") == 0) {
		config->birth_date_format = TD_BIRTH_DATE_FORMAT_COMPACT;
	} else {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "setting [gateway] birth-date-format must be dd/mm/yyyy or ddmmyyyy");
		return NULL;
	}

	if (!config_get_seconds(kf, seen, "timeout", TD_GATEWAY_DEFAULT_TIMEOUT_S, 120,
				&config->timeout_ms, error))
		return NULL;
	if (!config_get_seconds(kf, seen, "connect-timeout", TD_GATEWAY_DEFAULT_CONNECT_TIMEOUT_S, 60,
				&config->connect_timeout_ms, error))
		return NULL;
	if (config->connect_timeout_ms > config->timeout_ms)
		config->connect_timeout_ms = config->timeout_ms;
	if (!config_get_seconds(kf, seen, "refused-wait", TD_GATEWAY_DEFAULT_REFUSED_WAIT_S, 3600,
				&config->refused_wait_ms, error))
		return NULL;

	cache = config_get_string(kf, seen, "gateway", "cache-seconds", FALSE, NULL);
	if (cache != NULL && g_strcmp0(cache, "0") == 0) {
		config->cache_seconds = 0;
	} else {
		if (!config_get_seconds(kf, seen, "cache-seconds", TD_GATEWAY_DEFAULT_CACHE_S, 3600,
					&cache_ms, error))
			return NULL;
		config->cache_seconds = MAX(cache_ms / 1000, 1);
	}

	config->rate_limit_per_s = TD_GATEWAY_DEFAULT_RATE_LIMIT;
	rate = config_get_string(kf, seen, "gateway", "rate-limit", FALSE, NULL);
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

	config->station_code = config_get_string(kf, seen, "station", "code", FALSE, NULL);
	config->unknown_keys = config_unknown_keys(kf, seen);
	return g_steal_pointer(&config);
}
