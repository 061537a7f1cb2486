/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-access-key.h"
#include "td-secret.h"
#include "td-sm.h"
#include "td-transport.h"

G_BEGIN_DECLS

/* Basic Access Control, ICAO 9303-11 §4.3: 3DES keys from the MRZ, GET
 * CHALLENGE + EXTERNAL AUTHENTICATE, session keys and SSC. */

/* The 16-byte 3DES key number `counter` (1 = Kenc, 2 = Kmac) from a key seed
 * or shared secret: SHA-1(seed || counter) with parity adjusted. */
TdSecret *td_kdf_3des(const guint8 *seed, gsize seed_len, guint32 counter);
/* Kseed = first 16 bytes of SHA-1(MRZ information). */
TdSecret *td_bac_key_seed(const gchar *mrz_information);

/* Terminal side: runs mutual authentication on an already-selected eMRTD
 * application and returns secure messaging ready to use.
 * TD_READER_ERROR_WRONG_ACCESS_KEY when the chip refuses the key. */
TdSm *td_bac_authenticate(TdTransport *transport, const TdAccessKey *key, GCancellable *cancellable, GError **error);

/* Deterministic core of the above, for the worked example: given the chip's
 * RND.IC and the terminal's RND.IFD and K.IFD, the EXTERNAL AUTHENTICATE data
 * (E.IFD || M.IFD, 40 bytes). */
GBytes *td_bac_build_external_authenticate(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 rnd_ic[8], const guint8 rnd_ifd[8], const guint8 k_ifd[16], GError **error);
/* ...and from the chip's answer (E.IC || M.IC), the session. */
TdSm *td_bac_finish(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 rnd_ic[8], const guint8 rnd_ifd[8], const guint8 k_ifd[16], GBytes *chip_answer, GError **error);

/* ---- Shared with the card side (the virtual chip) ----
 * The protocol's primitives; each side runs its own exchange with them. */

/* E = 3DES-CBC(Kenc, S), M = retail MAC(Kmac, pad(E)): the 40-byte
 * cryptogram E || M that EXTERNAL AUTHENTICATE carries (S = RND.IFD ||
 * RND.IC || K.IFD) and its answer too (S = RND.IC || RND.IFD || K.IC). */
GBytes *td_bac_seal_cryptogram(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 s[32], GError **error);
/* Checks M (in constant time), then decrypts S into s.
 * TD_READER_ERROR_WRONG_ACCESS_KEY if M does not match or the cryptogram is
 * not 40 bytes. */
gboolean td_bac_open_cryptogram(const TdSecret *k_enc, const TdSecret *k_mac, GBytes *cryptogram, guint8 s[32], GError **error);
/* The session both sides derive: KSenc and KSmac from K.IFD xor K.IC, the
 * SSC from the low halves of RND.IC and RND.IFD. NULL + CRYPTO if the
 * derivation failed. */
TdSm *td_bac_session_new(const guint8 k_ifd[16], const guint8 k_ic[16], const guint8 rnd_ic[8], const guint8 rnd_ifd[8], GError **error);

G_END_DECLS
