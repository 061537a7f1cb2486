/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-checkin-kiosk.h"
#include "td-checkin-session.h"
#include "td-config.h"
#include "td-sqlite-store.h"
#include "td-store.h"
#include "td-test-gateway-sim.h"
#include "td-vchip-transport.h"

G_BEGIN_DECLS

/* One kiosk for a test: the session as the kiosk wires it
 * (td_checkin_session_new_for_kiosk) from a config file in a temporary
 * folder: a real SQLite store there, the test PKI's trust store, the
 * gateway simulator over HTTPS with this folder's fixtures; the card is a
 * virtual chip in-process. */
typedef struct {
	TdCheckinSession *session;
	TdConfig *config;
	TdStore *store;
	gchar *dir;
	TdTestSim *sim;
	TdTrustStore *trust_store; /* the same CSCAs, for tests that read cards themselves */
	GError *connect_error;	   /* set: the card's connect fails with it */
	TdVchip *chip;
	TdTransport *transport;
	GArray *states; /* TdCheckinState entered, in order */
	guint warnings;
	guint updates; /* "updated" signals */
	guint last_warning_seconds;
} TdTestKiosk;

/* sim_latency_ms < 0: no simulator (and no gateway). */
TdTestKiosk *td_test_kiosk_new(gint sim_latency_ms);
/* The same with settings of the config file changed first: "group", "key",
 * "value" triples, NULL-terminated. */
TdTestKiosk *td_test_kiosk_new_with_settings(gint sim_latency_ms, const gchar *group, ...) G_GNUC_NULL_TERMINATED;
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
/* The open exceptions in the store (TdCheckinException). */
GPtrArray *td_test_kiosk_open_exceptions(TdTestKiosk *kiosk);
/* example.ini's card: its ID number and birth date (YYMMDD) */
#define AN_ID	 "001058012345"
#define AN_BIRTH "580315"
/* How long a test waits for a state before it fails. */
#define WAIT_MS 20000

/* The stored check-in id (the test fails when there is none). */
TdCheckinRecord *td_test_kiosk_stored_checkin(TdTestKiosk *kiosk, gint64 id);
/* No check-in was stored. */
void td_test_kiosk_assert_nothing_stored(TdTestKiosk *kiosk);
/* The session holds nothing of the patient. */
void td_test_kiosk_assert_forgotten(TdTestKiosk *kiosk);

/* How many check-ins the store holds, all days. */
guint td_test_kiosk_count_checkins(TdTestKiosk *kiosk);

/* A worker held until the test lets it go: td_test_gate_pass() (in the
 * worker) says it has come, then waits for td_test_gate_open() (or
 * give_up_s, 0: for good); td_test_gate_entered() tells the test, or waits. */
typedef struct {
	GMutex lock;
	GCond cond;
	gboolean entered;
	gboolean open;
} TdTestGate;

void td_test_gate_init(TdTestGate *gate);
void td_test_gate_clear(TdTestGate *gate);
void td_test_gate_pass(TdTestGate *gate, guint give_up_s);
void td_test_gate_open(TdTestGate *gate);
gboolean td_test_gate_entered(TdTestGate *gate, gboolean wait);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTestKiosk, td_test_kiosk_free)

G_END_DECLS
