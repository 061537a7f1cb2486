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

/* Card side, for the virtual chip: checks EXTERNAL AUTHENTICATE data against
 * the RND.IC it issued, answers E.IC || M.IC with its K.IC, and returns the
 * session. TD_READER_ERROR_WRONG_ACCESS_KEY if the MAC or RND.IC is wrong. */
TdSm *td_bac_card_authenticate(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 rnd_ic[8], const guint8 k_ic[16], GBytes *command_data, GBytes **answer, GError **error);

G_END_DECLS
