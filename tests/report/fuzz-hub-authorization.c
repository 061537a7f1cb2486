/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Authorization header of a request to tiepdon-hub comes from the
 * network: read as a Bearer token and as Basic credentials, it must never
 * crash or over-read, and what is accepted must be what the hub can use
 * (a UTF-8 name without a colon, a SHA-256 in hex). */
#include <stdint.h>
#include <string.h>

#include "td-hub-authorization.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a header's value is text: libsoup hands it over up to a NUL */
	g_autofree gchar *value = g_strndup((const gchar *)data, size);
	g_autofree gchar *bearer = td_hub_authorization_bearer_hash(value);
	g_autofree gchar *name = NULL;
	g_autofree gchar *hash = NULL;

	if (bearer != NULL)
		g_assert_cmpuint(strlen(bearer), ==, 64);
	if (td_hub_authorization_basic(value, &name, &hash)) {
		g_assert_true(g_utf8_validate(name, -1, NULL));
		g_assert_null(strchr(name, ':'));
		g_assert_cmpuint(strlen(hash), ==, 64);
	}
	return 0;
}
