/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-transport.h"

G_BEGIN_DECLS

/* A card that answers from a script of (expected command, response)
 * pairs, both in hex as written by hand or taken from a published
 * transcript, and fails the test on any other command. */
#define TD_TYPE_TEST_SCRIPT_TRANSPORT (td_test_script_transport_get_type())
G_DECLARE_FINAL_TYPE(TdTestScriptTransport, td_test_script_transport, TD, TEST_SCRIPT_TRANSPORT, TdTransport)

TdTestScriptTransport *td_test_script_transport_new(void);
void td_test_script_transport_add(TdTestScriptTransport *self, const gchar *command_hex, const gchar *response_hex);
/* Past the script's end, keep answering its last response (a card that
 * never stops asking for GET RESPONSE). */
void td_test_script_transport_set_loop_last(TdTestScriptTransport *self, gboolean loop_last);
/* How many commands the card has answered. */
guint td_test_script_transport_get_answered(TdTestScriptTransport *self);

G_END_DECLS
