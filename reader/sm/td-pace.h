/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-access-key.h"
#include "td-sm.h"
#include "td-transport.h"

G_BEGIN_DECLS

/* PACE, ICAO 9303-11 §4.4: password-authenticated key agreement with the
 * generic mapping (ECDH or DH) and standardized domain parameters, the way
 * the CCCD announces it in EF.CardAccess (ECDH-GM, AES-128, brainpoolP256r1).
 * The group arithmetic, nonce encryption and tokens are OpenPACE's; the APDU
 * exchange and the secure messaging afterwards are ours (TdSm, SSC 0). */

/* Terminal side. Chooses the PACEInfo of card_access (the EF.CardAccess file)
 * that suits best (ECDH before DH, AES-128 first), runs MSE:Set AT and the
 * four GENERAL AUTHENTICATE steps on transport, and returns secure messaging
 * ready to use. key: TD_ACCESS_KEY_PACE_CAN or TD_ACCESS_KEY_PACE_MRZ.
 * TD_READER_ERROR_WRONG_ACCESS_KEY when the chip refuses the password (or its
 * token does not verify); NOT_SUPPORTED when no PACEInfo is usable. */
TdSm *td_pace_authenticate(TdTransport *transport, GBytes *card_access, const TdAccessKey *key, GCancellable *cancellable, GError **error);

/* The MSE:Set AT command data the terminal sends for the PACEInfo it would
 * choose: 80 OID, 83 password reference (1 MRZ, 2 CAN), 84 parameter id. */
GBytes *td_pace_build_mse_set_at_data(GBytes *card_access, TdAccessKeyKind kind, GError **error);

/* An EF.CardAccess as real cards carry it: one PACEInfo (generic mapping,
 * AES-CBC-CMAC-128, version 2) for standardized domain parameter
 * parameter_id: ECDH for 8..18 (13 = brainpoolP256r1, 12 = NIST P-256), DH
 * for 0..2. With ca_protocol non-NULL (e.g. "id-CA-ECDH-AES-CBC-CMAC-128")
 * a ChipAuthenticationInfo (version 1) follows. */
GBytes *td_pace_build_card_access(int parameter_id, GError **error);
GBytes *td_pace_build_card_access_full(int parameter_id, const gchar *ca_protocol, GError **error);

/* Card side, for the virtual chip. One object per card session; it answers
 * MSE:Set AT and GENERAL AUTHENTICATE and, once the terminal's token checked
 * out, hands over the secure messaging. can: 6 digits (may be NULL);
 * mrz_information: the 24-character MRZ information (may be NULL). */
typedef struct _TdPaceCard TdPaceCard;

TdPaceCard *td_pace_card_new(GBytes *card_access, const gchar *can, const gchar *mrz_information, GError **error);
void td_pace_card_free(TdPaceCard *card);
/* Both return the response data (never NULL, maybe empty) and set *sw:
 * 9000, 6A80 (malformed data), 6A88 (unknown password or protocol), 6985
 * (out of sequence, chaining wrong), 6300 (the terminal's token failed: wrong
 * password). A failure resets the protocol; the terminal must start over
 * with MSE:Set AT. */
GBytes *td_pace_card_mse_set_at(TdPaceCard *card, GBytes *command_data, guint16 *sw);
/* last_in_chain: the command's CLA did not have bit 0x10 (command chaining)
 * set. Steps 1..3 are chained, step 4 is the last. */
GBytes *td_pace_card_general_authenticate(TdPaceCard *card, GBytes *command_data, gboolean last_in_chain, guint16 *sw);
/* The secure messaging PACE established (transfer full), or NULL if PACE has
 * not completed since the last MSE:Set AT. */
TdSm *td_pace_card_steal_sm(TdPaceCard *card);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdPaceCard, td_pace_card_free)

G_END_DECLS
