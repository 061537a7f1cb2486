/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>

#include "td-card-channel.h"
#include "td-security-infos.h"
#include "td-sm.h"

G_BEGIN_DECLS

/* Chip authentication version 1, ICAO 9303-11 §6.2: an ephemeral key
 * agreement with the chip's static key from DG14. The chip can only follow
 * into the new secure messaging if it holds the private key, so it also
 * proves the chip is not a clone (and its session keys were never derived
 * from the printed MRZ/CAN).
 *
 * Protocols (ChipAuthenticationInfo OID, by name or dotted):
 * id-CA-{DH,ECDH}-{3DES-CBC-CBC, AES-CBC-CMAC-128, -192, -256}. With 3DES
 * the terminal sends MSE:Set KAT (00 22 41 A6, 91 key, 84 key id); with AES
 * MSE:Set AT (00 22 41 A4, 80 OID, 84 key id) and GENERAL AUTHENTICATE
 * (00 86 00 00, 7C { 80 key }). Keys: SHA-1 (3DES, AES-128) or SHA-256
 * (AES-192/256) of shared secret || counter (1 enc, 2 mac). */

/* Terminal side: runs the key agreement on channel (under its current
 * secure messaging) with the first usable chip-authentication key of dg14
 * (parsed with td_dg14_parse()) and the protocol of its
 * ChipAuthenticationInfo, and returns the new secure messaging (SSC 0),
 * which the caller puts on the channel. Success of the NEXT protected
 * command is the proof; a TD_READER_ERROR_SECURE_MESSAGING there means the
 * chip failed it. NOT_SUPPORTED, with nothing sent, if DG14 has no usable
 * key, or if a chip-authentication entry of DG14 is unreadable (the
 * protocol would be a guess, and a wrong guess looks like a clone). */
TdSm *td_chip_auth_run(TdCardChannel *channel, const TdSecurityInfos *dg14, GCancellable *cancellable, GError **error);
/* The first unreadable chip-authentication entry of dg14 (a
 * ChipAuthenticationInfo or a ChipAuthenticationPublicKeyInfo), or NULL.
 * While there is one, td_chip_auth_run() does not run. */
const TdUnreadableSecurityInfo *td_chip_auth_find_unreadable(const TdSecurityInfos *dg14);

/* ---- Shared with the card side (the virtual chip) ----
 * The protocol's primitives; each side runs its own exchange with them. */

/* A protocol as the arcs after id-CA name it. */
typedef struct {
	TdKeyAgreement key_agreement;
	TdSecurityCipher cipher;
} TdChipAuthProtocol;

/* "id-CA-ECDH-AES-CBC-CMAC-128" or "0.4.0.127.0.7.2.2.3.2.2";
 * NOT_SUPPORTED for anything else. */
gboolean td_chip_auth_protocol_parse(const gchar *text, TdChipAuthProtocol *out, GError **error);
/* Its dotted OID. */
gchar *td_chip_auth_protocol_to_oid(const TdChipAuthProtocol *protocol);
/* Whether key is for this key agreement: EC for ECDH, DH for DH. */
gboolean td_chip_auth_key_fits(EVP_PKEY *key, TdKeyAgreement key_agreement);

/* The key derivation of ICAO 9303-11 §9.7.1 as protocol uses it: the
 * first bytes of H(shared_secret || counter), counter 1 for KSenc and 2 for
 * KSmac (3 is PACE's password key); H is SHA-1 for 3DES (16 bytes, DES
 * parity adjusted) and AES-128, SHA-256 for AES-192 and AES-256 (24 and 32
 * bytes). What td_chip_auth_session_new() keys the new secure messaging
 * with; public so that tests hold it to published vectors. */
TdSecret *td_chip_auth_kdf(const gchar *protocol, const TdSecret *shared_secret, guint32 counter, GError **error);

/* The new secure messaging (SSC 0) of a key agreement between own_key
 * (private) and peer_key (public, on the same domain parameters): the
 * terminal's ephemeral key and the chip's static one, or the other way
 * round. MALFORMED if the keys do not agree on domain parameters. */
TdSm *td_chip_auth_session_new(const TdChipAuthProtocol *protocol, EVP_PKEY *own_key, EVP_PKEY *peer_key, GError **error);

G_END_DECLS
