/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TD_GATEWAY_ERROR (td_gateway_error_quark())
GQuark td_gateway_error_quark(void);

/* Why a look-up produced no gateway verdict. The kiosk never shows these
 * words to a patient; it maps the code to "see staff" or "try later". */
typedef enum {
	TD_GATEWAY_ERROR_CONFIG,	/* bad or missing setting, unsafe password file */
	TD_GATEWAY_ERROR_INVALID_INPUT, /* caller data: ID/card code, name, birth date */
	TD_GATEWAY_ERROR_AUTH,		/* the gateway refused our account (401 after retry) */
	TD_GATEWAY_ERROR_CONNECT,	/* could not connect, connection reset or dropped */
	TD_GATEWAY_ERROR_TIMEOUT,	/* connect or total timeout */
	TD_GATEWAY_ERROR_TLS,		/* a TLS failure other than the certificate (handshake, cipher) */
	TD_GATEWAY_ERROR_HTTP,		/* an HTTP status other than 200 */
	TD_GATEWAY_ERROR_RATE_LIMITED,	/* our own limit or the gateway's 429 */
	TD_GATEWAY_ERROR_MALFORMED,	/* answer too large, not UTF-8, not the JSON we expect */
	/* the gateway's certificate failed verification (not signed by the
	 * configured CA, expired, another name, revoked): a configuration or
	 * network problem (a proxy or someone in between), never an outage */
	TD_GATEWAY_ERROR_CERTIFICATE,
} TdGatewayError;

G_END_DECLS
