/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

#include "td-vchip-profile.h"

G_BEGIN_DECLS

/* The files of the CCCD's eMRTD application, encoded as a real card holds
 * them (ICAO 9303-10, ISO/IEC 19794-5, and the Vietnamese DG13). Each
 * function returns the whole EF, outer tag included; files with personal
 * data are wiped when their last reference goes. */

/* The OID after DG13's version, as a public reader decoded it from a real
 * card (28 D3 16 01 00 08): ISO/IEC 10646, the character set. Readers skip
 * it. */
#define TD_VCHIP_DG13_OID "1.0.10646.1.0.8"

/* ICAO's example signature algorithm for DG14's ActiveAuthenticationInfo
 * (the other OIDs are reader/lds's, td-security-infos.h). */
#define TD_OID_ECDSA_PLAIN_SHA256 "0.4.0.127.0.7.1.1.4.1.3"

/* The name as the MRZ writes it: diacritics removed, đ -> D, upper case,
 * everything else a space. "Nguyễn Văn An" -> "NGUYEN VAN AN". */
gchar *td_vchip_transliterate(const gchar *utf8);
/* The 90 characters of the TD1 MRZ (no newlines). */
gchar *td_vchip_build_mrz(const TdVchipProfile *profile, GError **error);

GBytes *td_vchip_build_com(void);
GBytes *td_vchip_build_dg1(const gchar *mrz);
/* Width and height from the JPEG's first SOFn marker. */
gboolean td_vchip_jpeg_get_size(const guint8 *data, gsize len, guint *width, guint *height, GError **error);
GBytes *td_vchip_build_dg2(GBytes *jpeg, gboolean female, GError **error);
/* Stands for the fingerprints: the SOD lists it, no one may read it. */
GBytes *td_vchip_build_dg3_placeholder(void);
GBytes *td_vchip_build_dg13(const TdVchipProfile *profile);
/* DG14: 6E { SET OF SecurityInfo }: with ca_key, the chip-authentication
 * infos for ca_protocol (td_vchip_chip_auth_append_dg14_infos()); with
 * other_ca_key too, that key's infos first under keyId 1 and ca_key's
 * under keyId 2; with an EC aa_key, the ActiveAuthenticationInfo naming
 * aa_signature_oid (dotted; NULL: ecdsa-plain-SHA256, ICAO's example).
 * None gives an empty SET. */
GBytes *td_vchip_build_dg14(EVP_PKEY *ca_key, EVP_PKEY *other_ca_key, const gchar *ca_protocol, EVP_PKEY *aa_key,
			    const gchar *aa_signature_oid, GError **error);
/* An issuer's slip: a copy of DG14 in which field `field` (0 = the OID) of
 * the first SecurityInfo whose protocol OID starts with `protocol` is
 * tagged OCTET STRING instead (one byte changed), so that readers cannot
 * read that SecurityInfo. Made before EF.SOD is signed: passive
 * authentication still holds. */
GBytes *td_vchip_dg14_make_entry_unreadable(GBytes *dg14, const gchar *protocol, guint field, GError **error);
GBytes *td_vchip_build_dg15(EVP_PKEY *aa_key, GError **error);

/* DER helpers shared with tests. */
void td_vchip_der_append_integer(GByteArray *buf, guint value);
/* A GBytes over the array's contents that wipes them when freed. */
GBytes *td_vchip_bytes_new_wiped(GByteArray *array);

G_END_DECLS
