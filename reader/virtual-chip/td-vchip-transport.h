/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-transport.h"
#include "td-vchip.h"

G_BEGIN_DECLS

/* The virtual chip as a TdTransport, in-process: what unit tests and the
 * benchmark use instead of a PC/SC reader. */
#define TD_TYPE_VCHIP_TRANSPORT (td_vchip_transport_get_type())
G_DECLARE_FINAL_TYPE(TdVchipTransport, td_vchip_transport, TD, VCHIP_TRANSPORT, TdTransport)

/* Takes a reference on chip. The card is powered up (fresh session). */
TdTransport *td_vchip_transport_new(TdVchip *chip);
/* Takes the card out: every transmit after this fails with
 * TD_READER_ERROR_CARD_REMOVED. */
void td_vchip_transport_remove_card(TdVchipTransport *self);

G_END_DECLS
