/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A token bucket over every request this process sends to the gateway, so a
 * fault (a retry storm, a stuck card loop) can never hammer it: the gateway
 * rate-limits per account and a looping client locks the whole facility out. */
typedef struct _TdGatewayRateLimit TdGatewayRateLimit;

TdGatewayRateLimit *td_gateway_rate_limit_new(gdouble per_second, guint burst);
void td_gateway_rate_limit_free(TdGatewayRateLimit *limit);
/* Takes one request slot, waiting for it when it comes within max_wait_us;
 * otherwise fails at once with TD_GATEWAY_ERROR_RATE_LIMITED. Cancellable. */
gboolean td_gateway_rate_limit_acquire(TdGatewayRateLimit *limit, gint64 max_wait_us,
				       GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdGatewayRateLimit, td_gateway_rate_limit_free)

G_END_DECLS
