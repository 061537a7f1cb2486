/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-sm.h"
#include "td-transport.h"

G_BEGIN_DECLS

/* A transport whose "card" is a function in the test: it gets the plain
 * command (secure messaging already removed when one is in force) and
 * returns the response data and status word. Lets the tests run the
 * terminal code against the card-side code of this folder in-process. */
#define TD_TYPE_TEST_CARD_TRANSPORT (td_test_card_transport_get_type())
G_DECLARE_FINAL_TYPE(TdTestCardTransport, td_test_card_transport, TD, TEST_CARD_TRANSPORT, TdTransport)

typedef GBytes *(*TdTestCardHandler)(TdTestCardTransport *self, const TdApdu *command, guint16 *sw, gpointer user_data);

TdTestCardTransport *td_test_card_transport_new(TdTestCardHandler handler, gpointer user_data);
/* Called by a handler: the secure messaging in force from the next command
 * on; the answer being built still goes out as the command came (plain after
 * PACE's last step, under the old keys after chip authentication). Called
 * outside a handler: in force at once. Takes it. */
void td_test_card_transport_set_sm(TdTestCardTransport *self, TdSm *sm);
TdSm *td_test_card_transport_get_sm(TdTestCardTransport *self);
/* Every raw command APDU seen, hex upper-case, in order. */
GPtrArray *td_test_card_transport_get_log(TdTestCardTransport *self);

G_END_DECLS
