/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-trust-store.h"

G_BEGIN_DECLS

/* Passive authentication (ICAO 9303-11 §5.1, PKI per 9303-12): is EF.SOD
 * signed by a Document Signer that chains to a CSCA we trust, and do the
 * data groups read match the hashes it signs?
 *
 * The answer is a verdict, not a gboolean:
 *  VALID      signature, chain, CRL and every data group read check out.
 *  INVALID    forged or tampered: SOD malformed, SOD signature or a signed
 *             attribute wrong, a data-group hash mismatch, a data group read
 *             that the SOD does not list, or the DS revoked by its CSCA.
 *  UNTRUSTED  the SOD is intact, but the DS does not chain to a CSCA in the
 *             store (none loaded, unknown issuer, DS or CSCA expired or not
 *             yet valid, CRL out of date). Not proof of forgery: the kiosk
 *             sends it to staff, never accepts it silently.
 * If both apply, INVALID wins. Every failure adds one sentence to reasons. */
typedef enum {
	TD_PASSIVE_AUTH_VALID,
	TD_PASSIVE_AUTH_INVALID,
	TD_PASSIVE_AUTH_UNTRUSTED,
} TdPassiveAuthStatus;

typedef enum {
	TD_DG_HASH_ABSENT,	/* neither listed in the SOD nor read */
	TD_DG_HASH_MATCHED,
	TD_DG_HASH_MISMATCHED,
	TD_DG_HASH_NOT_READ,	/* listed in the SOD, not given (e.g. DG2, DG3) */
	TD_DG_HASH_NOT_LISTED,	/* given but the SOD signs no hash for it */
} TdDgHashOutcome;

typedef struct {
	TdPassiveAuthStatus status;
	GPtrArray *reasons;	     /* gchar*: "DG13 hash does not match the SOD", ... */
	TdDgHashOutcome dg[17];	     /* indexed by data-group number 1..16 */
	gchar *signer_subject;	     /* DS certificate, RFC 2253; NULL if none */
	gchar *signer_issuer;
	gchar *hash_algorithm;	     /* LDSSecurityObject's, e.g. "SHA256" */
	gchar *signature_algorithm;  /* SignerInfo's, e.g. "ecdsa-with-SHA256" */
	gboolean revocation_checked; /* a CRL from the DS's issuer was applied */
} TdPassiveAuthResult;

const gchar *td_passive_auth_status_to_string(TdPassiveAuthStatus status);
void td_passive_auth_result_free(TdPassiveAuthResult *result);
/* The reasons joined with "; " (or "" if none), for logs and staff screens. */
gchar *td_passive_auth_result_describe(const TdPassiveAuthResult *result);

/* sod_file: EF.SOD as read (tag 77). data_groups: GUINT_TO_POINTER(dg
 * number) -> GBytes of the whole file as read. store: NULL = no trust
 * store (UNTRUSTED at best). now: the time certificates and CRLs are
 * checked at.
 * A malformed SOD is a verdict (INVALID, "SOD malformed: ..."), not an
 * error: GError is only for caller mistakes (a data-group number outside
 * 1..16, TD_READER_ERROR_INVALID_INPUT) and OpenSSL failing to allocate
 * (TD_READER_ERROR_CRYPTO). */
TdPassiveAuthResult *td_passive_auth_verify(GBytes *sod_file,
					    GHashTable *data_groups,
					    TdTrustStore *store,
					    GDateTime *now,
					    GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdPassiveAuthResult, td_passive_auth_result_free)

G_END_DECLS
