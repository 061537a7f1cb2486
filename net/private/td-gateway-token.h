/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An API key from POST /api/token/take. expires_in in the answer is an
 * absolute ISO-8601 instant, not a duration (the spec); a JSON number
 * there is read as OAuth 2's seconds from now (a Unix time where it is one),
 * up to TD_GATEWAY_TOKEN_MAX_RELATIVE_S. The key is the APIKey object in any
 * letter case, or the answer itself when it carries access_token at the
 * top. Secret: freed with a wipe. */
#define TD_GATEWAY_TOKEN_MAX_RELATIVE_S (24 * 3600)
/* How long a token is used when the answer gives no expires_in the client
 * can use (absent, null, unreadable, already past): short, as the token is
 * good and a 401 before then renews it anyway. */
#define TD_GATEWAY_TOKEN_ASSUMED_LIFETIME_S (5 * 60)

typedef struct {
	gchar *access_token;
	gchar *id_token;
	gint64 taken_at_us;   /* g_get_real_time() when parsed */
	gint64 expires_at_us; /* real time */
} TdGatewayToken;

/* Parses the token answer. maKetQua 401, 402, 403 (any 4xx but 429: a
 * refusal of the account) is TD_GATEWAY_ERROR_AUTH; a gateway-side error code TD_GATEWAY_ERROR_HTTP;
 * anything else not a usable key TD_GATEWAY_ERROR_MALFORMED. */
TdGatewayToken *td_gateway_token_parse(const guint8 *data, gsize len, gint64 now_us,
				       GError **error);
/* TRUE while the token is worth sending: until shortly before its expiry
 * (a tenth of its lifetime, at most a minute), so it never dies in flight. */
gboolean td_gateway_token_is_fresh(const TdGatewayToken *token, gint64 now_us);
void td_gateway_token_free(TdGatewayToken *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdGatewayToken, td_gateway_token_free)

G_END_DECLS
