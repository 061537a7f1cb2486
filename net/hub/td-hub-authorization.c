/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-hub-authorization.h"
#include "td-hub-db.h"
#include "td-secret.h"

#define TD_HUB_TOKEN_MIN 16
#define TD_HUB_TOKEN_MAX 256
/* "Basic " and the base64 of the longest name (at most 4 bytes a character
 * in UTF-8), a colon and the longest token: what a viewer the hub accepts
 * can send, and a bound on what is decoded. */
#define TD_HUB_BASIC_MAX (6 + 4 * ((TD_HUB_NAME_MAX * 4 + 1 + TD_HUB_TOKEN_MAX + 2) / 3))

static gboolean
hub_token_is_wellformed(const gchar *token, gsize len)
{
	if (len < TD_HUB_TOKEN_MIN || len > TD_HUB_TOKEN_MAX)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isalnum(token[i]) && strchr("-._~+/=", token[i]) == NULL)
			return FALSE;
	}
	return TRUE;
}

gchar *
td_hub_authorization_bearer_hash(const gchar *value)
{
	const gchar *token;

	if (value == NULL || g_ascii_strncasecmp(value, "Bearer ", 7) != 0)
		return NULL;
	token = value + 7;
	if (!hub_token_is_wellformed(token, strlen(token)))
		return NULL;
	return td_hub_token_hash(token);
}

gboolean
td_hub_authorization_basic(const gchar *value, gchar **name_out, gchar **hash_out)
{
	gchar *decoded;
	gsize len = 0;
	gchar *colon;
	gboolean ok = FALSE;

	g_return_val_if_fail(name_out != NULL && hash_out != NULL, FALSE);
	if (value == NULL || g_ascii_strncasecmp(value, "Basic ", 6) != 0 || strlen(value) > TD_HUB_BASIC_MAX)
		return FALSE;
	decoded = (gchar *)g_base64_decode(value + 6, &len);
	/* one string: no NUL inside, the name UTF-8, a colon before the token */
	if (len > 0 && memchr(decoded, '\0', len) == NULL && (colon = memchr(decoded, ':', len)) != NULL &&
	    g_utf8_validate(decoded, colon - decoded, NULL) &&
	    hub_token_is_wellformed(colon + 1, len - (gsize)(colon + 1 - decoded))) {
		g_autoptr(TdWipedString) token = g_strndup(colon + 1, len - (gsize)(colon + 1 - decoded));
		*name_out = g_strndup(decoded, colon - decoded);
		*hash_out = td_hub_token_hash(token);
		ok = TRUE;
	}
	td_memwipe(decoded, len);
	g_free(decoded);
	return ok;
}
