/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

#include "td-apdu.h"
#include "td-sm.h"

G_BEGIN_DECLS

/* Chip authentication, the chip's half (ICAO 9303-11 §6.2): what DG14 and
 * EF.CardAccess announce, and the answer to the terminal's key. The
 * primitives (protocols, key derivation, the session) are reader/sm's
 * (td-chip-auth.h), shared with the terminal. protocol: a name or dotted
 * OID td_chip_auth_protocol_parse() takes. */

/* Appends a ChipAuthenticationInfo (version 1, no key id), as EF.CardAccess
 * repeats it. */
gboolean td_vchip_chip_auth_append_info(GByteArray *buf, const gchar *protocol, GError **error);
/* Appends DG14's chip-authentication SecurityInfos: that
 * ChipAuthenticationInfo and a ChipAuthenticationPublicKeyInfo with
 * chip_key's public half, both with key_id (-1: none, for a chip with one
 * key). INVALID_INPUT if the key does not suit the protocol. */
gboolean td_vchip_chip_auth_append_dg14_infos(GByteArray *buf, EVP_PKEY *chip_key, const gchar *protocol, gint key_id,
					      GError **error);
/* The terminal's ephemeral public key from its MSE:Set KAT (tag 91) or
 * GENERAL AUTHENTICATE (7C { 80 }) command; NULL + MALFORMED otherwise. */
GBytes *td_vchip_chip_auth_get_terminal_key(const TdApdu *command, GError **error);
/* The new secure messaging once the terminal's key arrived (the answer to
 * that command still goes under the old one). MALFORMED if the key is not
 * on the chip's domain parameters. */
TdSm *td_vchip_chip_auth_respond(EVP_PKEY *chip_private_key, const gchar *protocol, GBytes *terminal_public_key, GError **error);

G_END_DECLS
