/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-security-infos.h"
#include "td-sm.h"

G_BEGIN_DECLS

/* PACE, the chip's half (ICAO 9303-11 §4.4): it answers MSE:Set AT and the
 * four GENERAL AUTHENTICATE steps. The primitives (OpenPACE set-up, the
 * password, dynamic authentication data, the session) are reader/sm's
 * (td-pace.h), shared with the terminal. */

/* An EF.CardAccess as real cards carry it: one PACEInfo (generic mapping,
 * version 2) for standardized domain parameter parameter_id: ECDH for 8..18
 * (13 = brainpoolP256r1, 12 = NIST P-256, 16 = brainpoolP384r1, 18 = NIST
 * P-521), DH for 0..2; cipher one of the AES ones (AES-CBC-CMAC-128 on the
 * CCCD). With ca_protocol non-NULL (e.g. "id-CA-ECDH-AES-CBC-CMAC-128") a
 * ChipAuthenticationInfo (version 1) follows. */
GBytes *td_vchip_build_card_access(int parameter_id, TdSecurityCipher cipher, const gchar *ca_protocol, GError **error);

/* One object per card session. card_access: the chip's EF.CardAccess,
 * parsed (borrowed: it must outlive the object); can: 6 digits (may be
 * NULL); mrz_information: the 24-character MRZ information (may be NULL).
 * NOT_SUPPORTED if card_access announces no PACE variant OpenPACE runs. */
typedef struct _TdVchipPace TdVchipPace;

TdVchipPace *td_vchip_pace_new(const TdSecurityInfos *card_access, const gchar *can, const gchar *mrz_information, GError **error);
/* The last step's token (T_IC) spoilt by one bit, and no session: a chip
 * that takes the password but cannot prove it has it. */
void td_vchip_pace_set_token_broken(TdVchipPace *pace, gboolean broken);
void td_vchip_pace_free(TdVchipPace *pace);
/* Both return the response data (never NULL, maybe empty) and set *sw:
 * 9000, 6A80 (malformed data), 6A88 (unknown password or protocol), 6985
 * (out of sequence, chaining wrong), 6300 (the terminal's token failed: wrong
 * password). A failure resets the protocol; the terminal must start over
 * with MSE:Set AT. */
GBytes *td_vchip_pace_mse_set_at(TdVchipPace *pace, GBytes *command_data, guint16 *sw);
/* last_in_chain: the command's CLA did not have bit 0x10 (command chaining)
 * set. Steps 1..3 are chained, step 4 is the last. */
GBytes *td_vchip_pace_general_authenticate(TdVchipPace *pace, GBytes *command_data, gboolean last_in_chain, guint16 *sw);
/* The secure messaging PACE established (transfer full), or NULL if PACE has
 * not completed since the last MSE:Set AT. */
TdSm *td_vchip_pace_steal_sm(TdVchipPace *pace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdVchipPace, td_vchip_pace_free)

G_END_DECLS
