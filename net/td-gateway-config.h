/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How `ngaySinh` is written in a card check: the spec's table says
 * dd/mm/yyyy, its own example ddmmyyyy; gateways differ, so it is a setting. */
typedef enum {
	TD_BIRTH_DATE_FORMAT_SLASHED, /* dd/mm/yyyy (default) */
	TD_BIRTH_DATE_FORMAT_COMPACT, /* ddmmyyyy */
} TdBirthDateFormat;

/* The gateway settings, read from the product's shared key file:
 *
 *   [gateway]
 *   url=https://egw.example.vn          (https only)
 *   username=...
 *   password-file=/etc/tiepdon/gateway.pass   (mode 0600 or stricter)
 *   password-md5-case=upper | lower      (how the gateway wants the password's MD5)
 *   token-format=json | form             (how the login is sent: the spec allows both)
 *   ca-file=...                          (optional: a private CA / the simulator's cert)
 *   staff-name=...  staff-id=...         (hoTenCb / cccdCb)
 *   birth-date-format=dd/mm/yyyy | ddmmyyyy   (the first way asked; a 205 to it
 *                                         has the other tried, and kept if taken)
 *   timeout=12  connect-timeout=5        (seconds; timeout bounds a whole look-up,
 *                                         all its requests together)
 *   cache-seconds=180                    (per-citizen answer cache, 0 = off)
 *   rate-limit=2                         (gateway requests per second, whole process)
 *   refused-wait=300                     (seconds without a new try once the gateway
 *                                         refused the login: it may lock it out)
 *   [station]
 *   code=01001                           (maDKBD of this station)
 */
typedef struct {
	gchar *url; /* base URL without trailing slash */
	gchar *username;
	gchar *password_md5; /* hex MD5 of the password, upper case unless lower; wiped on free */
	gboolean password_md5_lower;
	gboolean token_as_form; /* the login as application/x-www-form-urlencoded */
	gchar *ca_file;	     /* NULL: the system's CA store */
	gchar *staff_name;
	gchar *staff_id;
	TdBirthDateFormat birth_date_format;
	guint timeout_ms;
	guint connect_timeout_ms;
	guint cache_seconds;
	gdouble rate_limit_per_s;
	guint rate_limit_burst;
	guint refused_wait_ms;
	gchar *station_code; /* NULL when not configured */
	/* [gateway] keys it does not know, each as "[gateway] key" or
	 * "[gateway] key (likely?)" (td-settings-check.h): a misspelt
	 * setting, for the doctor to name. Never NULL. */
	GStrv unknown_keys;
} TdGatewayConfig;

/* Reads the keys above. Relative file names are taken relative to base_dir
 * (the key file's folder; NULL = current directory). Fails with
 * TD_GATEWAY_ERROR_CONFIG naming the key at fault. */
TdGatewayConfig *td_gateway_config_new_from_key_file(GKeyFile *key_file,
						     const gchar *base_dir,
						     GError **error);
TdGatewayConfig *td_gateway_config_copy(const TdGatewayConfig *config);
void td_gateway_config_free(TdGatewayConfig *config);

/* Reads a password file that only its owner may read, returns its MD5 as
 * upper-case hex (how the gateway wants it). Trailing newlines are not part
 * of the password. */
gchar *td_gateway_read_password_file(const gchar *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdGatewayConfig, td_gateway_config_free)

G_END_DECLS
