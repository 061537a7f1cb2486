/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

#include "td-vchip-profile.h"

G_BEGIN_DECLS

/* Active authentication, card side (ICAO 9303-11 §6.1): the chip signs the
 * terminal's challenge (INTERNAL AUTHENTICATE data, normally 8 bytes) with
 * the private key whose public half is in DG15.
 *
 * EC key (P-256 or brainpoolP256r1): ECDSA over SHA-256(challenge); the
 * answer is the plain signature r || s, each big-endian and left-padded to
 * the field size (32 + 32 bytes), as ecdsa-plain-SHA256 in DG14 announces.
 *
 * RSA key: ISO/IEC 9796-2 digital signature scheme 1 with partial message
 * recovery, as ICAO specifies. With k the modulus size in bytes, Lh the
 * digest size and t the trailer size (1 for SHA-1: 'BC'; 2 for SHA-256:
 * '34 CC'), the chip draws a random M1 of k - Lh - t - 1 bytes and builds
 *   F = '6A' || M1 || H(M1 || challenge) || trailer      (k bytes)
 * and answers F^d mod n (raw RSA, k bytes, no "min(s, n - s)"). The
 * terminal computes F = s^e mod n, checks '6A' and the trailer, and
 * compares H(M1 || its challenge) with the digest in F. */

EVP_PKEY *td_vchip_aa_generate_key(TdVchipAaKeyType type, GError **error);
/* rsa_digest: "SHA1" or "SHA256", ignored for EC keys. */
GBytes *td_vchip_aa_sign(EVP_PKEY *key, const gchar *rsa_digest, const guint8 *challenge, gsize challenge_len, GError **error);

G_END_DECLS
