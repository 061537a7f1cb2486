/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-eligibility-query.h"
#include "td-eligibility.h"
#include "td-gateway-config.h"
#include "td-gateway-error.h"

G_BEGIN_DECLS

#define TD_TYPE_GATEWAY_CLIENT (td_gateway_client_get_type())
G_DECLARE_FINAL_TYPE(TdGatewayClient, td_gateway_client, TD, GATEWAY_CLIENT, GObject)

/* The BHXH gateway client: token cache, card check, answer cache and rate
 * limit. Thread-safe: one client per process, shared by every look-up. */
TdGatewayClient *td_gateway_client_new(const TdGatewayConfig *config);

/* Looks one citizen up (blocking: call it off the GTK thread, or use the
 * async variant). Always returns a result, UNAVAILABLE / CONFIG_ERROR
 * included, except NULL with G_IO_ERROR_CANCELLED when cancelled. */
TdEligibility *td_gateway_client_check(TdGatewayClient *self, const TdEligibilityQuery *query,
				       GCancellable *cancellable, GError **error);
/* The same call in a worker thread; the callback runs in the caller's
 * thread-default main context. */
void td_gateway_client_check_async(TdGatewayClient *self, const TdEligibilityQuery *query,
				   GCancellable *cancellable, GAsyncReadyCallback callback,
				   gpointer user_data);
TdEligibility *td_gateway_client_check_finish(TdGatewayClient *self, GAsyncResult *result,
					      GError **error);

/* Takes a new token, and nothing else (blocking): proves address, TLS,
 * account and password without spending a look-up of the rate-limited
 * card check. The token replaces the cached one. While this client waits
 * after a refused login ([gateway] refused-wait) it fails with that
 * refusal and sends nothing; a new client has no wait. */
gboolean td_gateway_client_probe(TdGatewayClient *self, GCancellable *cancellable, GError **error);

/* Forgets cached answers (the staff console's "ask again"). */
void td_gateway_client_clear_cache(TdGatewayClient *self);

G_END_DECLS
