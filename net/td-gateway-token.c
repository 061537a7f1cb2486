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
	JsonNode *node = td_gateway_answer_member(key, member);
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

/* A number this large is a Unix time, not seconds from now (2001 on). */
#define TD_GATEWAY_TOKEN_UNIX_TIME_S 1000000000

/* expires_in: the spec's ISO-8601 instant, or OAuth 2's seconds from now
 * (a test host, a proxy in front), or a Unix time. A number never costs
 * the token: seconds past a day are taken as a day (a 401 renews it sooner
 * anyway), and 0 or less is nothing usable, as a missing one is (the
 * kiosk got no token at all from such answers, so no patient's insurance
 * was checked). *expires_at_us is 0 when the answer gives nothing
 * usable. */
static void
token_read_expiry(JsonObject *key, gint64 now_us, gint64 *expires_at_us)
{
	g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
	g_autoptr(GDateTime) expiry = NULL;
	JsonNode *node = td_gateway_answer_member(key, "expires_in");
	const gchar *text;

	*expires_at_us = 0;
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node))
		return;
	if (json_node_get_value_type(node) == G_TYPE_INT64) {
		gint64 seconds = json_node_get_int(node);
		if (seconds >= TD_GATEWAY_TOKEN_UNIX_TIME_S)
			seconds -= now_us / G_USEC_PER_SEC;
		if (seconds > 0)
			*expires_at_us = now_us + MIN(seconds, (gint64)TD_GATEWAY_TOKEN_MAX_RELATIVE_S) * G_USEC_PER_SEC;
		return;
	}
	if (json_node_get_value_type(node) != G_TYPE_STRING)
		return;
	text = json_node_get_string(node);
	/* an instant without a zone is read as UTC, as the spec says */
	if (strlen(text) <= 64)
		expiry = g_date_time_new_from_iso8601(text, utc);
	if (expiry != NULL)
		*expires_at_us = g_date_time_to_unix(expiry) * G_USEC_PER_SEC +
				 g_date_time_get_microsecond(expiry);
}

TdGatewayToken *
td_gateway_token_parse(const guint8 *data, gsize len, gint64 now_us, GError **error)
{
	g_autoptr(JsonParser) parser = NULL;
	g_autoptr(TdGatewayToken) token = g_new0(TdGatewayToken, 1);
	g_autofree gchar *code = NULL;
	JsonObject *object;
	JsonObject *key;
	JsonNode *node;

	object = td_gateway_answer_parse_object(data, len, &parser, error);
	if (object == NULL)
		return NULL;
	code = td_gateway_answer_result_code(object, error);
	if (code == NULL)
		return NULL;
	/* the endpoint answers 200, 401, 402, 403 or 500: a 4xx refuses our
	 * account (staff must look at the settings), a 5xx is the gateway's */
	if (code[0] == '4' && strlen(code) == 3 && g_strcmp0(code, "429") != 0) {
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
	/* the spec's APIKey object, in whatever letter case; HIS clients also
	 * read access_token at the top, as a flat answer has it */
	node = td_gateway_answer_member(object, "APIKey");
	if (node != NULL && JSON_NODE_HOLDS_OBJECT(node)) {
		key = json_node_get_object(node);
	} else if (td_gateway_answer_member(object, "access_token") != NULL) {
		key = object;
	} else {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
				    "the gateway's token answer has no APIKey object");
		return NULL;
	}
	token->access_token = token_get_key(key, "access_token", error);
	if (token->access_token == NULL)
		return NULL;
	token->id_token = token_get_key(key, "id_token", error);
	if (token->id_token == NULL)
		return NULL;
	token->taken_at_us = now_us;
	token_read_expiry(key, now_us, &token->expires_at_us);
	/* how long the token lives only says when to take the next: one whose
	 * end we cannot read (absent, null, another format) or that is already
	 * past (our clock ahead of the gateway's) is used a short while, and a
	 * 401 before then renews it as always */
	if (token->expires_at_us <= now_us) {
		g_debug("gateway: the token answer gives no usable expires_in; using it %d s",
			TD_GATEWAY_TOKEN_ASSUMED_LIFETIME_S);
		token->expires_at_us = now_us + (gint64)TD_GATEWAY_TOKEN_ASSUMED_LIFETIME_S * G_USEC_PER_SEC;
	}
	return g_steal_pointer(&token);
}
