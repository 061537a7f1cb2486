/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-gateway-error.h"
#include "td-net-util.h"
#include "td-secret-file.h"
#include "td-secret.h"

/* The objects net/ reads are flat or one level deep; a few levels more is
 * room to spare, and bounds json-glib's recursion on hostile input. */
#define TD_NET_JSON_MAX_DEPTH 16

gchar *
td_net_key_file_get_string(GKeyFile *kf, const gchar *group, const gchar *key, gboolean required, GError **error)
{
	g_autofree gchar *value = g_key_file_get_string(kf, group, key, NULL);
	if (value != NULL)
		g_strstrip(value);
	if (value == NULL || value[0] == '\0') {
		if (required)
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG, "missing setting [%s] %s", group,
				    key);
		return NULL;
	}
	return g_steal_pointer(&value);
}

gboolean
td_net_key_file_get_seconds(GKeyFile *kf, const gchar *group, const gchar *key, guint fallback_s, guint max_s,
			    guint *out_ms, GError **error)
{
	g_autofree gchar *text = td_net_key_file_get_string(kf, group, key, FALSE, NULL);
	gdouble value;
	gchar *end = NULL;

	if (text == NULL) {
		*out_ms = fallback_s * 1000;
		return TRUE;
	}
	value = g_ascii_strtod(text, &end);
	if (end == text || *end != '\0' || !(value > 0) || value > max_s) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "setting [%s] %s must be a number of seconds between 0 and %u", group, key, max_s);
		return FALSE;
	}
	*out_ms = (guint)(value * 1000 + 0.5);
	if (*out_ms == 0)
		*out_ms = 1;
	return TRUE;
}

gchar *
td_net_resolve_path(const gchar *base_dir, const gchar *path)
{
	if (g_path_is_absolute(path) || base_dir == NULL)
		return g_strdup(path);
	return g_build_filename(base_dir, path, NULL);
}

GBytes *
td_net_read_private_file(const gchar *path, const gchar *what, gsize max_len, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	/* the one file helper: no symlink, no FIFO (it would hang every
	 * command), owner-only mode checked on the file opened */
	g_autoptr(GBytes) content = td_file_read(path, max_len, TD_FILE_ACCESS_OWNER_ONLY, &error_local);
	const gchar *data;
	gsize len = 0;

	if (content == NULL) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG, "%s: %s", what, error_local->message);
		return NULL;
	}
	data = g_bytes_get_data(content, &len);
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len == 0) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG, "%s %s is empty", what, path);
		return NULL;
	}
	/* a slice of the wiped buffer: freed (and wiped) with the last ref */
	return g_bytes_new_from_bytes(content, 0, len);
}

/* Deepest nesting of objects and arrays, strings skipped; stops counting
 * past limit. */
static guint
net_json_depth(const guint8 *data, gsize len, guint limit)
{
	guint depth = 0, deepest = 0;
	gboolean in_string = FALSE;

	for (gsize i = 0; i < len && deepest <= limit; i++) {
		guint8 c = data[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = FALSE;
		} else if (c == '"') {
			in_string = TRUE;
		} else if (c == '{' || c == '[') {
			/* not MAX(deepest, ++depth): the macro counted each
			 * new deepest level twice, so depth drifted up by one
			 * with every object of a list, and a list of fifteen
			 * was "nested too deeply" */
			depth++;
			deepest = MAX(deepest, depth);
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return deepest;
}

JsonObject *
td_net_parse_json_object(const guint8 *data, gsize len, gsize max_len, const gchar *what, JsonParser **parser_out,
			 GError **error)
{
	g_autoptr(JsonParser) parser = NULL;
	JsonNode *root;

	if (len == 0) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED, "%s is empty", what);
		return NULL;
	}
	if (len > max_len) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED, "%s is larger than %" G_GSIZE_FORMAT
			    " bytes", what, max_len);
		return NULL;
	}
	/* also refuses an embedded NUL, which json-glib would stop at */
	if (!g_utf8_validate((const gchar *)data, (gssize)len, NULL)) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED, "%s is not valid UTF-8", what);
		return NULL;
	}
	if (net_json_depth(data, len, TD_NET_JSON_MAX_DEPTH) > TD_NET_JSON_MAX_DEPTH) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED, "%s is nested too deeply", what);
		return NULL;
	}
	parser = json_parser_new_immutable();
	if (!json_parser_load_from_data(parser, (const gchar *)data, (gssize)len, NULL)) {
		/* not the parser's message: it can quote the data, which may
		 * hold personal data, and errors end up in logs */
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED, "%s is not JSON, or is cut short",
			    what);
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED, "%s is not a JSON object", what);
		return NULL;
	}
	*parser_out = g_steal_pointer(&parser);
	return json_node_get_object(root);
}
