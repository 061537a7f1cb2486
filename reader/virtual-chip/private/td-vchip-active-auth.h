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
 * EC key (P-256 or brainpoolP256r1): ECDSA with the digest of the signature
 * algorithm DG14's ActiveAuthenticationInfo names. ICAO names the BSI
 * TR-03111 ecdsa-plain-SHA* OIDs; chips in the field also carry X9.62's
 * ecdsa-with-SHA*. Whatever the OID, most chips answer plain r || s (each
 * big-endian, left-padded to the size of the group order) and a few answer
 * the DER ECDSA-Sig-Value SEQUENCE { r INTEGER, s INTEGER }.
 *
 * RSA key: ISO/IEC 9796-2 digital signature scheme 1 with partial message
 * recovery, as ICAO specifies. With k the modulus size in bytes, Lh the
 * digest size and t the trailer size (1 for SHA-1: 'BC'; 2 for the others:
 * 'xx CC' with the ISO/IEC 10118-3 hash identifier, 33 SHA-1, 34 SHA-256,
 * 35 SHA-512, 36 SHA-384, 38 SHA-224), the chip draws a random M1 of
 * k - Lh - t - 1 bytes and builds
 *   F = '6A' || M1 || H(M1 || challenge) || trailer      (k bytes)
 * and answers F^d mod n (raw RSA, k bytes, no "min(s, n - s)"). The
 * terminal computes F = s^e mod n, checks '6A' and the trailer, and
 * compares H(M1 || its challenge) with the digest in F. */

/* An EC signature algorithm a profile may name (aa-signature-oid). */
typedef struct {
	const gchar *name;   /* "bsi-plain-sha256", "x962-sha256", ... */
	const gchar *oid;    /* dotted, as DG14 carries it */
	const gchar *digest; /* OpenSSL digest name */
} TdVchipAaSignature;

/* NULL if name is none of bsi-plain-sha1/224/256/384/512,
 * x962-sha1/224/256/384/512. */
const TdVchipAaSignature *td_vchip_aa_signature_lookup(const gchar *name);
/* The names in the order above, NULL-terminated, for messages and tests. */
const gchar *const *td_vchip_aa_signature_names(void);

EVP_PKEY *td_vchip_aa_generate_key(TdVchipAaKeyType type, GError **error);

/* The answer to INTERNAL AUTHENTICATE. scheme says how this chip signs, as
 * personalisation left it in TdVchipCardData (whose field still bears the
 * older name aa_rsa_digest): for an RSA key the ISO/IEC 9796-2 digest
 * ("SHA1", "SHA256", ...); for an EC key an aa-signature-oid name, with
 * "+der" appended when the chip answers in DER ("x962-sha256+der"). NULL:
 * SHA1 for RSA, plain bsi-plain-sha256 for EC. */
GBytes *td_vchip_aa_sign(EVP_PKEY *key, const gchar *scheme, const guint8 *challenge, gsize challenge_len, GError **error);
/* The scheme string for td_vchip_aa_sign() that a profile asks for. */
gchar *td_vchip_aa_scheme_new(const TdVchipProfile *profile);

/* The two signatures themselves. digest: an OpenSSL name ("SHA256"). */
GBytes *td_vchip_aa_sign_ecdsa(EVP_PKEY *key, const gchar *digest, gboolean der, const guint8 *challenge, gsize challenge_len, GError **error);
GBytes *td_vchip_aa_sign_iso9796_2(EVP_PKEY *key, const gchar *digest, const guint8 *challenge, gsize challenge_len, GError **error);

G_END_DECLS
