/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What net/'s two clients (the gateway and the report hub) share: reading
 * their settings from the product's key file, reading a credential file,
 * and parsing a JSON object from the network. Errors are TD_GATEWAY_ERROR
 * (net's one error domain). */

/* A trimmed string; NULL when absent or empty (an error only if required). */
gchar *td_net_key_file_get_string(GKeyFile *kf, const gchar *group, const gchar *key, gboolean required,
				  GError **error);
/* A number of seconds (decimals allowed) in (0, max_s], in milliseconds;
 * fallback_s when absent. */
gboolean td_net_key_file_get_seconds(GKeyFile *kf, const gchar *group, const gchar *key, guint fallback_s,
				     guint max_s, guint *out_ms, GError **error);
/* path as is when absolute (or base_dir NULL), else under base_dir. */
gchar *td_net_resolve_path(const gchar *base_dir, const gchar *path);

/* Reads a credential file only its owner may read (a regular file, not a
 * link, no group or other permissions, at most max_len bytes, not empty),
 * without its trailing newlines, into a GBytes wiped when freed. what names
 * it in errors ("gateway password file"); the content never appears in one. */
GBytes *td_net_read_private_file(const gchar *path, const gchar *what, gsize max_len, GError **error);

/* Parses untrusted JSON whose root must be an object: refuses (MALFORMED)
 * empty input, more than max_len bytes, invalid UTF-8 or an embedded NUL,
 * nesting deeper than a few levels (json-glib recurses per level), and
 * anything that is not a JSON object. what names the data in errors ("the
 * gateway's answer"); errors never quote the data. The object belongs to
 * *parser_out. */
JsonObject *td_net_parse_json_object(const guint8 *data, gsize len, gsize max_len, const gchar *what,
				     JsonParser **parser_out, GError **error);

G_END_DECLS
