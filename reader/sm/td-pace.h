/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <openssl/types.h>

#include "td-access-key.h"
#include "td-security-infos.h"
#include "td-sm.h"
#include "td-transport.h"

G_BEGIN_DECLS

/* PACE, ICAO 9303-11 §4.4: password-authenticated key agreement with the
 * generic mapping (ECDH or DH) and standardized domain parameters, the way
 * the CCCD announces it in EF.CardAccess (ECDH-GM, AES-128, brainpoolP256r1).
 * The group arithmetic, nonce encryption and tokens are OpenPACE's; the APDU
 * exchange and the secure messaging afterwards are ours (TdSm, SSC 0). */

/* Terminal side. Chooses the PACEInfo of card_access (EF.CardAccess, parsed
 * with td_card_access_parse()) that suits best (ECDH before DH, AES-128
 * first), runs MSE:Set AT and the four GENERAL AUTHENTICATE steps on
 * transport, and returns secure messaging ready to use. key:
 * TD_ACCESS_KEY_PACE_CAN or TD_ACCESS_KEY_PACE_MRZ.
 * TD_READER_ERROR_WRONG_ACCESS_KEY when the chip refuses the password;
 * CHIP_NOT_AUTHENTIC when it takes it but its own token does not verify;
 * NOT_SUPPORTED when no PACEInfo is usable. */
TdSm *td_pace_authenticate(TdTransport *transport, const TdSecurityInfos *card_access, const TdAccessKey *key, GCancellable *cancellable, GError **error);

/* The MSE:Set AT command data the terminal sends for the PACEInfo it would
 * choose: 80 OID, 83 password reference (1 MRZ, 2 CAN), 84 parameter id. */
GBytes *td_pace_build_mse_set_at_data(const TdSecurityInfos *card_access, TdAccessKeyKind kind, GError **error);

/* ---- Shared with the card side (the virtual chip) ----
 * The protocol's primitives; each side runs its own exchange with them.
 * OpenPACE's types are declared here rather than by including eac.h, which
 * needs OpenSSL's deprecated declarations (C11 allows the typedef twice). */
typedef struct eac_ctx EAC_CTX;
typedef struct pace_sec PACE_SEC;

/* Password references of MSE:Set AT (ICAO 9303-11 §4.4.4.1). */
#define TD_PACE_PASSWORD_MRZ 0x01
#define TD_PACE_PASSWORD_CAN 0x02

/* What OpenPACE runs with standardized domain parameters: the generic
 * mapping, version 1 or 2, a known cipher. */
gboolean td_pace_info_is_usable(const TdPaceInfo *info);
/* The usable PACEInfo of card_access a terminal takes (ECDH before DH,
 * AES-128 first); NULL + NOT_SUPPORTED if none is usable. */
const TdPaceInfo *td_pace_choose_info(const TdSecurityInfos *card_access, GError **error);
/* OpenPACE set up for info (free with EAC_CTX_clear_free). */
EAC_CTX *td_pace_ctx_new(const TdPaceInfo *info, GError **error);
/* The password: the CAN as is; for the MRZ, K = SHA-1(MRZ information)
 * (ICAO 9303-11 §4.4.3.1). Free with PACE_SEC_clear_free. */
PACE_SEC *td_pace_sec_new(TdAccessKeyKind kind, const gchar *can, const gchar *mrz_information, GError **error);
/* Secure messaging with the session keys ctx derived (SSC 0). */
TdSm *td_pace_sm_new(const EAC_CTX *ctx, const TdPaceInfo *info, GError **error);
/* Dynamic authentication data 7C { tag value }; value NULL gives 7C 00. */
GBytes *td_pace_dad_new(guint32 tag, const BUF_MEM *value);
/* The value of tag inside 7C { ... } (free with BUF_MEM_clear_free); NULL
 * + MALFORMED if it is not there or empty. */
BUF_MEM *td_pace_dad_get(GBytes *data, guint32 tag, GError **error);

G_END_DECLS
