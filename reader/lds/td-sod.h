/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/cms.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* EF.SOD (tag 77): the Document Signer's CMS SignedData over an
 * LDSSecurityObject (ICAO 9303-10 §4.6.2). Parsing only: the signature and
 * the certificate chain are checked elsewhere, against these accessors. */
typedef struct _TdSod TdSod;

#define TD_OID_LDS_SECURITY_OBJECT "2.23.136.1.1.1"

TdSod *td_sod_parse(GBytes *file, GError **error);
void td_sod_free(TdSod *sod);

/* The LDSSecurityObject's hash algorithm as an OpenSSL digest name usable
 * with EVP_MD_fetch(): "SHA1", "SHA224", "SHA256", "SHA384", "SHA512". */
const gchar *td_sod_get_digest_name(const TdSod *sod);
/* 0 (LDS 1.7) or 1 (LDS 1.8, with ldsVersionInfo). */
guint td_sod_get_version(const TdSod *sod);
/* The stored hash of data group dg_number (new reference), or NULL. */
GBytes *td_sod_get_dg_hash(const TdSod *sod, guint dg_number);
/* The data-group numbers with a hash, ascending (a new array: unref it). */
GArray *td_sod_get_dg_numbers(const TdSod *sod);
/* Borrowed: the certificate in the SignedData's certificates that matches
 * the SignerInfo's sid, or NULL if the SOD carries none that does. */
X509 *td_sod_get_signer_certificate(const TdSod *sod);
/* Borrowed: the whole parsed CMS, for signature verification. */
CMS_ContentInfo *td_sod_get_cms(const TdSod *sod);
/* The DER LDSSecurityObject (the signed eContent; new reference). */
GBytes *td_sod_get_econtent(const TdSod *sod);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSod, td_sod_free)

G_END_DECLS
