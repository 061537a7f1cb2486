/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>

#include "td-apdu.h"
#include "td-card-channel.h"
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
 * secure messaging) with the key and protocol of dg14_file (the whole DG14,
 * tag 6E) and returns the new secure messaging (SSC 0), which the caller
 * puts on the channel. Success of the NEXT protected command is the proof;
 * a TD_READER_ERROR_SECURE_MESSAGING there means the chip failed it.
 * NOT_SUPPORTED if DG14 has no usable chip-authentication key. */
TdSm *td_chip_auth_run(TdCardChannel *channel, GBytes *dg14_file, GCancellable *cancellable, GError **error);

/* The key derivation of ICAO 9303-11 §9.7.1 as protocol uses it: the
 * first bytes of H(shared_secret || counter), counter 1 for KSenc and 2 for
 * KSmac (3 is PACE's password key); H is SHA-1 for 3DES (16 bytes, DES
 * parity adjusted) and AES-128, SHA-256 for AES-192 and AES-256 (24 and 32
 * bytes). What td_chip_auth_run() and the card side key their new secure
 * messaging with; public so that tests hold it to published vectors. */
TdSecret *td_chip_auth_kdf(const gchar *protocol, const TdSecret *shared_secret, guint32 counter, GError **error);

/* Card side, for the virtual chip. The SecurityInfos for DG14: a
 * ChipAuthenticationInfo (version 1) and a ChipAuthenticationPublicKeyInfo
 * with chip_key's public half, to go into DG14's SET OF SecurityInfos. */
GBytes *td_chip_auth_build_dg14_info(EVP_PKEY *chip_key, const gchar *protocol, GError **error);
/* A whole DG14 file: 6E { SET { those infos, extra_infos } }; extra_infos
 * (e.g. an ActiveAuthenticationInfo SEQUENCE) may be NULL. */
GBytes *td_chip_auth_build_dg14(EVP_PKEY *chip_key, const gchar *protocol, GBytes *extra_infos, GError **error);
/* The terminal's ephemeral public key from its MSE:Set KAT (tag 91) or
 * GENERAL AUTHENTICATE (7C { 80 }) command; NULL + MALFORMED otherwise. */
GBytes *td_chip_auth_card_get_terminal_key(const TdApdu *command, GError **error);
/* The new secure messaging once the terminal's key arrived (the answer to
 * that command still goes under the old one). MALFORMED if the key is not
 * on the chip's domain parameters. */
TdSm *td_chip_auth_card_respond(EVP_PKEY *chip_private_key, const gchar *protocol_oid, GBytes *terminal_public_key, GError **error);

G_END_DECLS
