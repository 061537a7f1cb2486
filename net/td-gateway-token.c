/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "td-gateway-answer.h"
#include "td-gateway-error.h"
#include "td-gateway-token.h"
#include "td-secret.h"

#define TD_GATEWAY_TOKEN_MAX	   8192
#define TD_GATEWAY_TOKEN_MARGIN_US (60 * G_USEC_PER_SEC)

void
td_gateway_token_free(TdGatewayToken *token)
{
	if (token == NULL)
		return;
	td_str_clear_free(token->access_token);
	td_str_clear_free(token->id_token);
	g_free(token);
}

gboolean
td_gateway_token_is_fresh(const TdGatewayToken *token, gint64 now_us)
{
	gint64 lifetime = token->expires_at_us - token->taken_at_us;
	gint64 margin = MIN(TD_GATEWAY_TOKEN_MARGIN_US, MAX(lifetime, 0) / 10);
	return now_us < token->expires_at_us - margin;
}

/* Tokens go into a query string: printable ASCII only, no spaces. */
static gchar *
token_get_key(JsonObject *key, const gchar *member, GError **error)
{
	const gchar *text = NULL;
	JsonNode *node = json_object_get_member(key, member);
	gsize len;

	if (node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
	    json_node_get_value_type(node) == G_TYPE_STRING)
		text = json_node_get_string(node);
	len = text != NULL ? strlen(text) : 0;
	if (len == 0 || len > TD_GATEWAY_TOKEN_MAX)
		goto bad;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isgraph(text[i]))
			goto bad;
	}
	return g_strdup(text);
bad:
	g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
		    "the gateway's token answer has no valid %s", member);
	return NULL;
}

TdGatewayToken *
td_gateway_token_parse(const guint8 *data, gsize len, gint64 now_us, GError **error)
{
	g_autoptr(JsonParser) parser = NULL;
	g_autoptr(TdGatewayToken) token = g_new0(TdGatewayToken, 1);
	g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
	g_autoptr(GDateTime) expiry = NULL;
	g_autofree gchar *code = NULL;
	JsonObject *object;
	JsonObject *key;
	JsonNode *node;
	const gchar *expires_in = NULL;

	object = td_gateway_answer_parse_object(data, len, &parser, error);
	if (object == NULL)
		return NULL;
	code = td_gateway_answer_result_code(object, error);
	if (code == NULL)
		return NULL;
	if (g_strcmp0(code, "401") == 0 || g_strcmp0(code, "403") == 0) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_AUTH,
			    "the gateway refused the username or password (maKetQua %s)", code);
		return NULL;
	}
	if (g_strcmp0(code, "200") != 0) {
		/* the code is printable ASCII of at most 16 chars: safe to show */
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_HTTP,
			    "the gateway did not give a token (maKetQua %s)", code);
		return NULL;
	}
	node = json_object_get_member(object, "APIKey");
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node)) {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
				    "the gateway's token answer has no APIKey object");
		return NULL;
	}
	key = json_node_get_object(node);
	token->access_token = token_get_key(key, "access_token", error);
	if (token->access_token == NULL)
		return NULL;
	token->id_token = token_get_key(key, "id_token", error);
	if (token->id_token == NULL)
		return NULL;
	token->taken_at_us = now_us;
	node = json_object_get_member(key, "expires_in");
	if (node != NULL && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_INT64) {
		/* seconds from now, as OAuth 2 has it: a gateway (a test host,
		 * a proxy in front) that says it so is taken at its word,
		 * within a day; the spec's is an instant */
		gint64 seconds = json_node_get_int(node);
		if (seconds <= 0 || seconds > TD_GATEWAY_TOKEN_MAX_RELATIVE_S) {
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
				    "the gateway's token answer has an expires_in of %" G_GINT64_FORMAT " seconds",
				    seconds);
			return NULL;
		}
		token->expires_at_us = now_us + seconds * G_USEC_PER_SEC;
		return g_steal_pointer(&token);
	}
	if (node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
	    json_node_get_value_type(node) == G_TYPE_STRING)
		expires_in = json_node_get_string(node);
	/* an instant without a zone is read as UTC, as the spec says */
	if (expires_in != NULL && strlen(expires_in) <= 64)
		expiry = g_date_time_new_from_iso8601(expires_in, utc);
	if (expiry == NULL) {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
				    "the gateway's token answer has no valid expires_in instant");
		return NULL;
	}
	token->expires_at_us = g_date_time_to_unix(expiry) * G_USEC_PER_SEC +
			       g_date_time_get_microsecond(expiry);
	return g_steal_pointer(&token);
}
