/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-gateway-http.h"
#include "td-net-util.h"
#include "td-report-client.h"
#include "td-secret.h"

#define TD_REPORT_DEFAULT_TIMEOUT_S	    30
#define TD_REPORT_DEFAULT_CONNECT_TIMEOUT_S 10
#define TD_REPORT_TOKEN_MIN		    16
#define TD_REPORT_TOKEN_MAX		    256
#define TD_REPORT_PEER			    "the report hub"

struct _TdReportClient {
	TdReportClientConfig *config;
	TdGatewayHttpShare *http_share;
};

void
td_report_client_config_free(TdReportClientConfig *config)
{
	if (config == NULL)
		return;
	g_free(config->url);
	g_free(config->token_file);
	g_free(config->ca_file);
	g_free(config);
}

static TdReportClientConfig *
report_client_config_copy(const TdReportClientConfig *config)
{
	TdReportClientConfig *copy = g_new0(TdReportClientConfig, 1);
	*copy = *config;
	copy->url = g_strdup(config->url);
	copy->token_file = g_strdup(config->token_file);
	copy->ca_file = g_strdup(config->ca_file);
	return copy;
}

TdReportClientConfig *
td_report_client_config_new_from_key_file(GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(TdReportClientConfig) config = g_new0(TdReportClientConfig, 1);
	g_autofree gchar *token_file = NULL;
	g_autofree gchar *ca_file = NULL;

	config->url = td_net_key_file_get_string(kf, "report", "url", TRUE, error);
	if (config->url == NULL)
		return NULL;
	if (!g_str_has_prefix(config->url, "https://") || strlen(config->url) <= 8 ||
	    strpbrk(config->url, "?# \t") != NULL) {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
				    "setting [report] url must be an https:// address without query");
		return NULL;
	}
	while (g_str_has_suffix(config->url, "/"))
		config->url[strlen(config->url) - 1] = '\0';

	token_file = td_net_key_file_get_string(kf, "report", "token-file", TRUE, error);
	if (token_file == NULL)
		return NULL;
	config->token_file = td_net_resolve_path(base_dir, token_file);
	if (!g_file_test(config->token_file, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "setting [report] token-file: %s is not a file", config->token_file);
		return NULL;
	}
	ca_file = td_net_key_file_get_string(kf, "report", "ca-file", FALSE, NULL);
	if (ca_file != NULL) {
		config->ca_file = td_net_resolve_path(base_dir, ca_file);
		if (!g_file_test(config->ca_file, G_FILE_TEST_IS_REGULAR)) {
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
				    "setting [report] ca-file: %s is not a file", config->ca_file);
			return NULL;
		}
	}
	if (!td_net_key_file_get_seconds(kf, "report", "timeout", TD_REPORT_DEFAULT_TIMEOUT_S, 300,
					 &config->timeout_ms, error) ||
	    !td_net_key_file_get_seconds(kf, "report", "connect-timeout", TD_REPORT_DEFAULT_CONNECT_TIMEOUT_S, 120,
					 &config->connect_timeout_ms, error))
		return NULL;
	config->connect_timeout_ms = MIN(config->connect_timeout_ms, config->timeout_ms);
	return g_steal_pointer(&config);
}

TdReportClient *
td_report_client_new(const TdReportClientConfig *config)
{
	TdReportClient *self = g_new0(TdReportClient, 1);
	self->config = report_client_config_copy(config);
	self->http_share = td_gateway_http_share_new();
	return self;
}

void
td_report_client_free(TdReportClient *self)
{
	if (self == NULL)
		return;
	td_gateway_http_share_free(self->http_share);
	td_report_client_config_free(self->config);
	g_free(self);
}

/* "Bearer <token>" from the token file, in memory the caller wipes. The
 * token must be one HTTP token68 (RFC 7235), so no line break or space can
 * reach the request's headers. */
static gchar *
report_client_read_authorization(TdReportClient *self, GError **error)
{
	g_autoptr(GBytes) token = td_net_read_private_file(self->config->token_file, "report token file",
							   TD_REPORT_TOKEN_MAX, error);
	const gchar *data;
	gsize len = 0;

	if (token == NULL)
		return NULL;
	data = g_bytes_get_data(token, &len);
	if (len < TD_REPORT_TOKEN_MIN) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
			    "report token file %s holds no token as tiepdon-hub prints it (too short)",
			    self->config->token_file);
		return NULL;
	}
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isalnum(data[i]) && strchr("-._~+/=", data[i]) == NULL) {
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG,
				    "report token file %s holds no token as tiepdon-hub prints it "
				    "(one line of letters, digits and -._~+/=)",
				    self->config->token_file);
			return NULL;
		}
	}
	return g_strdup_printf("Bearer %.*s", (int)len, data);
}

gboolean
td_report_client_send(TdReportClient *self, const TdDayReport *report, TdDayReportStored *stored, gboolean *retryable,
		      GCancellable *cancellable, GError **error)
{
	g_autofree gchar *url = g_strconcat(self->config->url, TD_REPORT_CLIENT_PATH, NULL);
	g_autofree gchar *body = NULL;
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GError) error_local = NULL;
	gchar *authorization;
	guint status = 0;
	gboolean transport_retryable = FALSE;
	gconstpointer data;
	gsize len = 0;

	g_return_val_if_fail(self != NULL && report != NULL && retryable != NULL, FALSE);
	*retryable = FALSE;
	if (!td_day_report_validate(report, error))
		return FALSE;
	authorization = report_client_read_authorization(self, error);
	if (authorization == NULL)
		return FALSE;
	body = td_day_report_to_json(report);
	{
		TdGatewayHttpRequest request = {
			.url = url,
			.content_type = "application/json",
			.body = body,
			.body_len = strlen(body),
			.ca_file = self->config->ca_file,
			.timeout_ms = self->config->timeout_ms,
			.connect_timeout_ms = self->config->connect_timeout_ms,
			.max_answer = TD_DAY_REPORT_MAX_LEN,
			.share = self->http_share,
			.peer = TD_REPORT_PEER,
			.authorization = authorization,
		};
		answer = td_gateway_http_post(&request, &status, NULL, &transport_retryable, cancellable, &error_local);
	}
	td_str_clear_free(authorization);
	if (answer == NULL) {
		/* the hub out of reach, slow, or its certificate not (yet)
		 * right: all worth another try later; a cancel is not */
		*retryable = !g_error_matches(error_local, G_IO_ERROR, G_IO_ERROR_CANCELLED);
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	g_debug("report: POST %s for %s %s: HTTP %u", TD_REPORT_CLIENT_PATH, report->station, report->day, status);
	if (status == 401 || status == 403) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_AUTH,
			    "the report hub refused this station's token (HTTP %u): check [report] token-file", status);
		return FALSE;
	}
	if (status != 200) {
		*retryable = status == 429 || status >= 500;
		g_set_error(error, TD_GATEWAY_ERROR, status == 429 ? TD_GATEWAY_ERROR_RATE_LIMITED : TD_GATEWAY_ERROR_HTTP,
			    "the report hub answered HTTP %u", status);
		return FALSE;
	}
	data = g_bytes_get_data(answer, &len);
	if (!td_day_report_ack_parse(data, len, report, stored, error)) {
		*retryable = TRUE;
		return FALSE;
	}
	return TRUE;
}
