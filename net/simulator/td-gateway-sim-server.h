/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-gateway-sim-fixtures.h"

G_BEGIN_DECLS

/* Faults the simulator injects, so tests and training can show what the
 * kiosk does when the real gateway misbehaves. 0 = off. */
typedef struct {
	guint latency_ms;	/* every /api answer waits this long */
	gdouble fail_rate;	/* share of /api requests answered HTTP 500 */
	guint fail_every;	/* every Nth /api request answered HTTP 500 */
	guint drop_every;	/* every Nth /api request: connection closed, no answer */
	guint token_lifetime_s; /* lifetime of a token (default 3600) */
	guint rate_limit_per_s; /* more /api requests than this in a second: HTTP 429 */
	/* the card check's result codes in HTTP statuses as a REST service
	 * gives them (404 with 050, 400 with the other refusals, 200 for
	 * an insured patient), the code still in the body */
	gboolean rest_statuses;
	/* a whole birth date taken in one shape only, the other answered
	 * 205, as a gateway that read only the spec's table (dd/mm/yyyy) or
	 * only its example (ddmmyyyy) would: 10 or 8 (its length); 0 both */
	guint strict_birth_date_length;
	/* a month and year (mm/yyyy) answered 205, as a gateway that takes
	 * whole dates and years only would */
	gboolean month_year_refused;
} TdSimFaults;

typedef struct _TdSimServer TdSimServer;

/* Takes ownership of fixtures. */
TdSimServer *td_sim_server_new(TdSimFixtures *fixtures, const TdSimFaults *faults,
			       GTlsCertificate *certificate);
/* Listens on 127.0.0.1:port (0 = any free port) over HTTPS, returns the port
 * or 0 with error. */
guint td_sim_server_listen(TdSimServer *server, guint port, GError **error);
void td_sim_server_free(TdSimServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdSimServer, td_sim_server_free)

G_END_DECLS
