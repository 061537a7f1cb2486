/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>

#include "td-card-channel.h"

G_BEGIN_DECLS

/* Active authentication, ICAO 9303-11 §6.1: the chip proves it holds the
 * private key of DG15 by signing a fresh challenge, so that a copy of the
 * (signed, but copyable) data groups on another chip is caught.
 *
 * EC keys: ECDSA with the digest of the signature algorithm DG14's
 * ActiveAuthenticationInfo names, BSI TR-03111 ecdsa-plain-SHA1..512
 * (0.4.0.127.0.7.1.1.4.1.1..5, ICAO's choice) or X9.62 ecdsa-with-SHA1
 * (1.2.840.10045.4.1) and ecdsa-with-SHA224..512 (1.2.840.10045.4.3.1..4),
 * which chips in the field carry too. Whatever the OID, the answer may be
 * plain r || s (exactly twice the size of the group order, as most chips
 * send it) or a strict-DER ECDSA-Sig-Value (a few chips); r and s must lie
 * in 1..n-1. An OID not in that list is NOT_SUPPORTED.
 *
 * RSA keys: ISO/IEC 9796-2 digital signature scheme 1 (partial message
 * recovery), trailer 'BC' for SHA-1 or 'xx CC' with the ISO/IEC 10118-3
 * hash identifier: 33 SHA-1, 34 SHA-256, 35 SHA-512, 36 SHA-384, 38
 * SHA-224. */

#define TD_ACTIVE_AUTH_ERROR (td_active_auth_error_quark())
GQuark td_active_auth_error_quark(void);

/* Both codes mean the chip did NOT prove that it holds the DG15 key: treat
 * the card as a clone. Everything else (no answer, a status word, an
 * unusable key) comes as TD_READER_ERROR and means "not checked". */
typedef enum {
	/* the answer is not a signature of our challenge by the DG15 key */
	TD_ACTIVE_AUTH_ERROR_SIGNATURE_INVALID,
	/* the answer cannot even be a signature with that key (wrong size) */
	TD_ACTIVE_AUTH_ERROR_ANSWER_LENGTH,
} TdActiveAuthError;

/* Terminal side: sends INTERNAL AUTHENTICATE with 8 fresh random bytes on
 * channel (under its secure messaging) and checks the answer. TRUE: the
 * chip is genuine. ec_signature_algorithm_oid: dotted OID from DG14's
 * ActiveAuthenticationInfo (e.g. "0.4.0.127.0.7.1.1.4.1.3" =
 * ecdsa-plain-SHA256, "1.2.840.10045.4.3.2" = ecdsa-with-SHA256); NULL for
 * RSA, and for EC a digest of the curve's size is assumed. */
gboolean td_active_auth_verify(TdCardChannel *channel, EVP_PKEY *dg15_public_key, const gchar *ec_signature_algorithm_oid, GCancellable *cancellable, GError **error);

/* The check alone, for tests and for a challenge sent some other way. */
gboolean td_active_auth_check_signature(EVP_PKEY *public_key, const gchar *ec_signature_algorithm_oid, GBytes *challenge, GBytes *signature, GError **error);

G_END_DECLS
