/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Authorization header a request to tiepdon-hub carries, read as the
 * hub reads it: untrusted network text, fuzzed (fuzz-hub-authorization).
 * Tokens are 16 to 256 characters of base64url, base64 or printable
 * token68 punctuation; only their SHA-256 leaves these functions. */

/* "Bearer TOKEN" (a station sending its report): the token's hash, NULL
 * when there is no well-formed one. */
gchar *td_hub_authorization_bearer_hash(const gchar *value);
/* "Basic base64(NAME:TOKEN)" (a viewer reading the rollup): the name
 * (UTF-8, no colon) and the token's hash; FALSE for anything else. The
 * decoded copy is wiped. */
gboolean td_hub_authorization_basic(const gchar *value, gchar **name_out, gchar **hash_out);

G_END_DECLS
