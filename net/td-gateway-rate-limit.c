/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-gateway-error.h"
#include "td-gateway-rate-limit.h"

struct _TdGatewayRateLimit {
	GMutex lock;
	gdouble per_second;
	gdouble burst;
	/* may go negative: each waiting caller reserves its slot, so callers
	 * queue in order instead of racing for the next one */
	gdouble tokens;
	gint64 refilled_at_us; /* monotonic */
};

TdGatewayRateLimit *
td_gateway_rate_limit_new(gdouble per_second, guint burst)
{
	TdGatewayRateLimit *limit = g_new0(TdGatewayRateLimit, 1);
	g_mutex_init(&limit->lock);
	limit->per_second = per_second > 0 ? per_second : 1;
	limit->burst = MAX(burst, 1);
	limit->tokens = limit->burst;
	limit->refilled_at_us = g_get_monotonic_time();
	return limit;
}

void
td_gateway_rate_limit_free(TdGatewayRateLimit *limit)
{
	if (limit == NULL)
		return;
	g_mutex_clear(&limit->lock);
	g_free(limit);
}

static gboolean
rate_limit_sleep(gint64 wait_us, GCancellable *cancellable, GError **error)
{
	gint64 deadline = g_get_monotonic_time() + wait_us;
	GPollFD pollfd;
	gboolean have_fd = g_cancellable_make_pollfd(cancellable, &pollfd);

	for (;;) {
		gint64 left = deadline - g_get_monotonic_time();
		if (g_cancellable_set_error_if_cancelled(cancellable, error)) {
			if (have_fd)
				g_cancellable_release_fd(cancellable);
			return FALSE;
		}
		if (left <= 0)
			break;
		if (have_fd)
			g_poll(&pollfd, 1, (gint)((left + 999) / 1000));
		else
			g_usleep((gulong)MIN(left, 50000));
	}
	if (have_fd)
		g_cancellable_release_fd(cancellable);
	return TRUE;
}

gboolean
td_gateway_rate_limit_acquire(TdGatewayRateLimit *limit, gint64 max_wait_us,
			      GCancellable *cancellable, GError **error)
{
	gint64 now = g_get_monotonic_time();
	gint64 wait_us = 0;

	g_mutex_lock(&limit->lock);
	limit->tokens = MIN(limit->burst, limit->tokens + (gdouble)(now - limit->refilled_at_us) *
							       limit->per_second / G_USEC_PER_SEC);
	limit->refilled_at_us = now;
	if (limit->tokens < 1) {
		wait_us = (gint64)((1 - limit->tokens) * G_USEC_PER_SEC / limit->per_second);
		if (wait_us > max_wait_us) {
			g_mutex_unlock(&limit->lock);
			g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_RATE_LIMITED,
					    "too many gateway requests; the kiosk is holding back");
			return FALSE;
		}
	}
	limit->tokens -= 1;
	g_mutex_unlock(&limit->lock);
	if (wait_us > 0)
		return rate_limit_sleep(wait_us, cancellable, error);
	return TRUE;
}
