/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-sm.h"
#include "td-transport.h"

G_BEGIN_DECLS

/* A transport plus the secure messaging currently in force (none before
 * BAC/PACE; replaced after chip authentication). Everything that talks to
 * the card's application after access control sends through this. */
typedef struct _TdCardChannel TdCardChannel;

TdCardChannel *td_card_channel_new(TdTransport *transport);
void td_card_channel_free(TdCardChannel *channel);
TdTransport *td_card_channel_get_transport(TdCardChannel *channel);
/* Takes ownership; NULL drops back to plain APDUs. */
void td_card_channel_set_sm(TdCardChannel *channel, TdSm *sm);
TdSm *td_card_channel_get_sm(TdCardChannel *channel);
/* Sends one command: wrapped and unwrapped when SM is on. The returned
 * response is the plain one. A secure-messaging failure ends SM (the SSC is
 * lost) and is reported as TD_READER_ERROR_SECURE_MESSAGING. A bare status
 * word to a protected command (no SM data objects) also ends SM, since
 * nobody can know what the chip counted, and is returned as it came:
 * td_card_channel_get_sm() is NULL afterwards. */
TdResponse *td_card_channel_send(TdCardChannel *channel, const TdApdu *apdu, GCancellable *cancellable, GError **error);
/* Convenience: send and require 9000 (else TD_READER_ERROR_CARD_STATUS, or
 * FILE_NOT_FOUND / ACCESS_DENIED for 6A82 / 6982). Returns the data. */
GBytes *td_card_channel_send_expect_ok(TdCardChannel *channel, const TdApdu *apdu, GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCardChannel, td_card_channel_free)

G_END_DECLS
