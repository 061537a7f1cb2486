/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-secret.h"
#include "td-sm.h"

G_BEGIN_DECLS

/* Basic Access Control, the chip's half (ICAO 9303-11 §4.3.2): the answer to
 * EXTERNAL AUTHENTICATE. The primitives are reader/sm's (td-bac.h), shared
 * with the terminal. */

/* Checks EXTERNAL AUTHENTICATE's data (E.IFD || M.IFD) against the RND.IC
 * the chip issued, sets *answer to E.IC || M.IC with its K.IC, and returns
 * the session. TD_READER_ERROR_WRONG_ACCESS_KEY if the MAC or RND.IC is
 * wrong (the terminal has another key). */
TdSm *td_vchip_bac_authenticate(const TdSecret *k_enc, const TdSecret *k_mac, const guint8 rnd_ic[8], const guint8 k_ic[16], GBytes *command_data, GBytes **answer, GError **error);

G_END_DECLS
