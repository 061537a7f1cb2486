/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-apdu.h"
#include "td-secret.h"
#include "td-security-infos.h"

G_BEGIN_DECLS

/* ICAO 9303-11 secure messaging, split as in OpenSC's sm/: the framing
 * (DO'87', or DO'85' for an odd instruction, '97'/'99'/'8E', padding, SSC) is generic here, and the block
 * cipher and MAC sit behind a TdSmCipher so that 3DES (BAC) and AES (PACE,
 * chip authentication) share every line of the framing.
 *
 * Both sides use the same object: the terminal wraps commands and unwraps
 * responses; the virtual chip unwraps commands and wraps responses. Each
 * wrap or unwrap increments the SSC once, as the standard requires. */

typedef enum {
	TD_SM_CIPHER_3DES,	/* BAC: 2-key 3DES CBC + ISO 9797-1 MAC alg. 3 */
	TD_SM_CIPHER_AES_128,	/* AES CBC + CMAC, 16-byte SSC */
	TD_SM_CIPHER_AES_192,
	TD_SM_CIPHER_AES_256,
} TdSmCipherKind;

typedef struct _TdSm TdSm;

/* ks_enc, ks_mac: the session keys; ssc: the initial send sequence counter
 * (8 bytes for 3DES, 16 for AES). Copies all three. */
TdSm *td_sm_new(TdSmCipherKind kind, const TdSecret *ks_enc, const TdSecret *ks_mac, const guint8 *ssc, gsize ssc_len);
void td_sm_free(TdSm *sm); /* wipes keys and SSC */
TdSmCipherKind td_sm_get_cipher_kind(const TdSm *sm);
gsize td_sm_get_block_size(const TdSm *sm);
/* The current SSC (for tests against the worked examples). */
void td_sm_get_ssc(const TdSm *sm, guint8 *out, gsize out_len);
/* Card side: chips differ in what they count when they answer a protected
 * command without protection; the virtual chip copies each with these. */
void td_sm_set_ssc(TdSm *sm, const guint8 *ssc, gsize ssc_len);
void td_sm_advance_ssc(TdSm *sm);

/* Terminal side. The protected command has CLA | 0x0C, Lc and the DOs, and
 * Le 00 (or 0000 extended) whenever the plain command expects data. */
TdApdu *td_sm_wrap_command(TdSm *sm, const TdApdu *plain, GError **error);
/* Checks DO'8E' in constant time before decrypting anything; accepts a
 * response without DO'99' (the status word of the unprotected response is
 * used then); a plain 6987/6988 answer is returned as is, since the card
 * dropped out of SM. Fails with TD_READER_ERROR_SECURE_MESSAGING. */
TdResponse *td_sm_unwrap_response(TdSm *sm, const TdResponse *protected_resp, GError **error);

/* Card side. */
TdApdu *td_sm_unwrap_command(TdSm *sm, const TdApdu *protected_cmd, GError **error);
/* include_do99 FALSE leaves DO'99' out (a quirk some chips have). */
TdResponse *td_sm_wrap_response(TdSm *sm, const TdResponse *plain, gboolean include_do99, GError **error);

/* The primitives, shared with BAC's mutual authentication and PACE. All
 * buffers are multiples of the block size (callers pad). iv NULL = zero. */
gboolean td_sm_cipher_encrypt(TdSmCipherKind kind, const TdSecret *key, const guint8 *iv, const guint8 *in, gsize len, guint8 *out, GError **error);
gboolean td_sm_cipher_decrypt(TdSmCipherKind kind, const TdSecret *key, const guint8 *iv, const guint8 *in, gsize len, guint8 *out, GError **error);
/* 3DES: ISO 9797-1 MAC algorithm 3 (retail MAC), 8 bytes, over data that the
 * caller has already padded. AES: CMAC truncated to 8 bytes. */
gboolean td_sm_cipher_mac(TdSmCipherKind kind, const TdSecret *key, const guint8 *data, gsize len, guint8 out[8], GError **error);
gsize td_sm_cipher_block_size(TdSmCipherKind kind);
/* The SM cipher a PACEInfo or ChipAuthenticationInfo announces. */
TdSmCipherKind td_sm_cipher_kind_from_security(TdSecurityCipher cipher);
/* ISO 9797-1 padding method 2: 0x80 then zeros up to the block size. */
void td_sm_pad(GByteArray *buf, gsize block_size);
/* Removes method-2 padding; FALSE if it is malformed. */
gboolean td_sm_unpad(const guint8 *data, gsize len, gsize *unpadded_len);
/* 3DES key with adjusted parity from 16 bytes of a SHA-1 output. */
void td_des_adjust_parity(guint8 *key, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSm, td_sm_free)

G_END_DECLS
