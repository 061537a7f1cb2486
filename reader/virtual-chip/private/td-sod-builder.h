/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* Builds an EF.SOD as a Document Signer would: an LDSSecurityObject (hash
 * algorithm + one hash per data group) as the eContent (type 2.23.136.1.1.1)
 * of a CMS SignedData with signed attributes, wrapped in the '77' tag.
 * Used by the virtual chip's personalisation and by tests that need
 * hand-made, broken or re-signed SODs. */
typedef enum {
	TD_SOD_SIGNATURE_DEFAULT,   /* ECDSA for EC keys, PKCS#1 v1.5 for RSA */
	TD_SOD_SIGNATURE_RSA_PSS,   /* RSA-PSS, MGF1 with the same digest */
} TdSodSignatureScheme;

typedef struct {
	guint dg_number; /* 1..16 */
	GBytes *contents; /* the whole data-group file as read from the chip */
} TdSodDataGroup;

/* digest_name: an OpenSSL digest name ("SHA256", "SHA1", "SHA384", ...) for
 * the data-group hashes; signature_digest_name: the signer's digest
 * (messageDigest and the signature), NULL for the same one (ICAO 9303-10
 * lets them differ, and real SODs do). data_groups: array of
 * TdSodDataGroup. Returns the EF.SOD file bytes (tag 77). */
GBytes *td_sod_build(const gchar *digest_name, const gchar *signature_digest_name, const TdSodDataGroup *data_groups,
		     guint n_data_groups, EVP_PKEY *ds_key, X509 *ds_cert, TdSodSignatureScheme scheme, GError **error);

G_END_DECLS
