/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-access-key.h"
#include "td-security-infos.h"

G_BEGIN_DECLS

/* The card of ICAO 9303-11's worked examples (DOMAIN.md §6), which
 * test-pace.c and test-pace-worked-examples.c both use. */

/* Its EF.CardAccess: id-PACE-ECDH-GM-AES-CBC-CMAC-128, brainpoolP256r1 */
#define TD_TEST_PACE_EXAMPLE_CARD_ACCESS "31143012060A04007F0007020204020202010202010D"

/* EF.CardAccess from hex, parsed as the reader and the chip hold it. */
TdSecurityInfos *td_test_card_access_from_hex(const gchar *hex);
/* Its access key of kind: the MRZ of T22000129 / 640812 / 101031, or the
 * CAN 123456. */
void td_test_pace_example_key(TdAccessKey *key, TdAccessKeyKind kind);

G_END_DECLS
