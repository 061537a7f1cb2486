/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-gateway-config.h"

G_BEGIN_DECLS

/* The gateway simulator as a child process on a free loopback port, with a
 * fresh certificate in a temporary folder, for tests and the benchmark. */
typedef struct {
	GSubprocess *process;
	gchar *dir;
	gchar *url;
	gchar *ca_file;
	guint port;
} TdTestSim;

/* Starts tiepdon-gateway-sim with the demo fixtures and the given extra
 * options (NULL-terminated); aborts the test if it does not come up. */
TdTestSim *td_test_sim_start(const gchar *first_arg, ...) ;
void td_test_sim_stop(TdTestSim *sim);

/* A key file that works against this simulator: demo account, its CA file,
 * the registered staff member, station 01001, short timeouts, cache and
 * rate limit as in production. Tests change keys before building a config. */
GKeyFile *td_test_sim_key_file(TdTestSim *sim);
TdGatewayConfig *td_test_sim_config(TdTestSim *sim, GKeyFile *key_file);

/* Reads a counter from GET /sim/stats ("requests", "token_takes", "checks",
 * "answered_401", "answered_429", "answered_500", "dropped"). */
gint64 td_test_sim_stat(TdTestSim *sim, const gchar *name);
/* POST /sim/expire-tokens: every token dies now, as after a gateway restart. */
void td_test_sim_expire_tokens(TdTestSim *sim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTestSim, td_test_sim_stop)

G_END_DECLS
