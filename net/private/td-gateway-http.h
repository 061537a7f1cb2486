/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What consecutive requests share: TLS sessions (so a look-up resumes the
 * last session instead of a full handshake) and DNS answers. Thread-safe. */
typedef struct _TdGatewayHttpShare TdGatewayHttpShare;
TdGatewayHttpShare *td_gateway_http_share_new(void);
void td_gateway_http_share_free(TdGatewayHttpShare *share);

/* One HTTPS POST with libcurl (the gateway's and the report hub's): verified TLS only (https, TLS 1.2+, peer and
 * host checked, optional CA file), connect and total timeouts, an answer size
 * cap, and cancellation noticed at once (the cancellable wakes curl's poll;
 * the xferinfo callback checks it too). */
typedef struct {
	const gchar *url; /* may carry credentials: never logged */
	const gchar *content_type;
	const gchar *body;
	gsize body_len;
	const gchar *ca_file; /* NULL: system store */
	guint timeout_ms;
	guint connect_timeout_ms;
	gsize max_answer;
	TdGatewayHttpShare *share; /* NULL: nothing shared */
	const gchar *peer;	   /* who answers, for errors: NULL = "the gateway" */
	/* an Authorization header value ("Bearer …"), NULL: none; a secret:
	 * never logged, wiped from the request's header list after */
	const gchar *authorization;
} TdGatewayHttpRequest;

/* Returns the body (possibly empty) and the HTTP status, or NULL with
 * G_IO_ERROR_CANCELLED or a TD_GATEWAY_ERROR. *retryable says whether the
 * failure is a reset or a connect that timed out, the ones worth one retry.
 * *retry_after_s (may be NULL) is the answer's Retry-After in seconds, 0
 * without one. */
GBytes *td_gateway_http_post(const TdGatewayHttpRequest *request, guint *http_status, guint *retry_after_s,
			     gboolean *retryable, GCancellable *cancellable, GError **error);

G_END_DECLS
