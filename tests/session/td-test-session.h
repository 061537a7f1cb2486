/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-checkin-session.h"
#include "td-sqlite-store.h"
#include "td-store.h"
#include "td-test-gateway-sim.h"
#include "td-vchip-transport.h"

G_BEGIN_DECLS

/* One kiosk for a test: a session wired to a real SQLite store in a
 * temporary folder, the test PKI's trust store, the gateway simulator over
 * HTTPS with this folder's fixtures, and a virtual chip in-process. */
typedef struct {
	TdCheckinSession *session;
	TdStore *store;
	gchar *dir;
	TdTestSim *sim;
	TdGatewayClient *gateway;
	TdTrustStore *trust_store;
	TdVchip *chip;
	TdTransport *transport;
	GArray *states; /* TdCheckinState entered, in order */
	guint warnings;
	guint last_warning_seconds;
} TdTestKiosk;

/* sim_latency_ms < 0: no simulator (and no gateway). */
TdTestKiosk *td_test_kiosk_new(gint sim_latency_ms);
void td_test_kiosk_free(TdTestKiosk *kiosk);
/* profile: a file name in reader/virtual-chip/profiles; extra: "group",
 * "key", "value" triples (NULL-terminated) to change in it. The DS of the
 * test PKI signs the card unless extra sets ds-key. */
void td_test_kiosk_make_card(TdTestKiosk *kiosk, const gchar *profile, guint latency_ms, ...) G_GNUC_NULL_TERMINATED;
/* Places the card, submits the keys of id12 + birth (YYMMDD). */
void td_test_kiosk_present_card(TdTestKiosk *kiosk, const gchar *id12, const gchar *birth_yymmdd);
void td_test_kiosk_remove_card(TdTestKiosk *kiosk);
/* Iterates the main context until the session is in state (fails the test
 * after timeout_ms). */
void td_test_kiosk_wait_state(TdTestKiosk *kiosk, TdCheckinState state, guint timeout_ms);
/* Until no card or network work is left. */
void td_test_kiosk_wait_idle_work(TdTestKiosk *kiosk);
gboolean td_test_kiosk_visited(TdTestKiosk *kiosk, TdCheckinState state);
void td_test_kiosk_stop_sim(TdTestKiosk *kiosk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTestKiosk, td_test_kiosk_free)

G_END_DECLS
