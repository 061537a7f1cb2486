/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-day-report.h"
#include "td-gateway-error.h"

G_BEGIN_DECLS

/* The client of tiepdon-hub: sends one station's day report up the chain
 * over verified HTTPS, with the station's bearer token. Errors are
 * TD_GATEWAY_ERROR (net's domain; the codes mean the same here). */

/* Its settings, from the product's shared key file:
 *
 *   [report]
 *   url=https://hub.ttyt-example.vn       (https only; the hub's address)
 *   token-file=/etc/tiepdon/report.token   (the station's token, mode 0600;
 *                                           read at each send, wiped after)
 *   ca-file=...                            (optional: a private CA)
 *   timeout=30  connect-timeout=10         (seconds)
 */
typedef struct {
	gchar *url; /* without trailing slash */
	gchar *token_file;
	gchar *ca_file; /* NULL: the system's CA store */
	guint timeout_ms;
	guint connect_timeout_ms;
} TdReportClientConfig;

/* Relative file names are taken relative to base_dir (NULL: as given).
 * Fails with TD_GATEWAY_ERROR_CONFIG naming the key at fault; the token
 * file is only checked to exist here (it is read at each send). */
TdReportClientConfig *td_report_client_config_new_from_key_file(GKeyFile *key_file, const gchar *base_dir,
								GError **error);
void td_report_client_config_free(TdReportClientConfig *config);

/* Where the hub takes reports, under its address. */
#define TD_REPORT_CLIENT_PATH "/api/v1/day-report"

typedef struct _TdReportClient TdReportClient;

TdReportClient *td_report_client_new(const TdReportClientConfig *config);
void td_report_client_free(TdReportClient *self);

/* Sends report (valid, see td_day_report_validate) and waits for the hub's
 * acknowledgement; TRUE once the hub has stored it (*replaced: it replaced
 * an earlier send for the same station and day). Blocks. On failure,
 * *retryable says whether trying again later may work (the hub unreachable
 * or slow, a TLS failure, HTTP 429 or 5xx, a garbled answer) or not (the
 * hub refused the token, HTTP 401/403 → TD_GATEWAY_ERROR_AUTH; or the
 * report, another 4xx → TD_GATEWAY_ERROR_HTTP; an unusable token file →
 * TD_GATEWAY_ERROR_CONFIG). The token is read from its file for this send
 * only, then wiped; it appears in no message or log. */
gboolean td_report_client_send(TdReportClient *self, const TdDayReport *report, TdDayReportStored *stored,
			       gboolean *retryable, GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdReportClientConfig, td_report_client_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdReportClient, td_report_client_free)

G_END_DECLS
