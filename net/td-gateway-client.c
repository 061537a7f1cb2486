/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "td-gateway-answer.h"
#include "td-gateway-cache.h"
#include "td-gateway-client.h"
#include "td-gateway-http.h"
#include "td-gateway-rate-limit.h"
#include "td-gateway-token.h"
#include "td-json.h"
#include "td-secret.h"
#include "td-worker.h"

#define TD_GATEWAY_TOKEN_PATH "/api/token/take"
#define TD_GATEWAY_CHECK_PATH "/api/egw/KQNhanLichSuKCB2024"
#define TD_GATEWAY_CACHE_MAX  512

struct _TdGatewayClient {
	GObject parent_instance;
	TdGatewayConfig *config;
	TdGatewayRateLimit *rate_limit;
	TdGatewayCache *cache;
	TdGatewayHttpShare *http_share;
	/* held across a token take, so concurrent look-ups that all find the
	 * token stale wait for one take instead of each taking their own */
	GMutex token_lock;
	TdGatewayToken *token;
	/* after a 429: no request before this (monotonic µs), as the gateway
	 * asked; a client that kept asking could lock the facility's account
	 * out (DOMAIN.md) */
	GMutex hold_lock;
	gint64 hold_until_us;
	/* after the gateway refused the login: no look-up asks it before
	 * this (monotonic µs), for the same reason ([gateway] refused-wait) */
	gint64 refused_until_us;
	/* after it refused a freshly taken token the card check twice: no
	 * card check before this (the login itself works, and the health
	 * page's probe still asks it) */
	gint64 checks_refused_until_us;
	/* how a whole birth date is sent (TdBirthDateFormat, atomic): the
	 * setting's, until the gateway refuses it and takes the other */
	gint birth_date_format;
	/* TRUE (atomic) once the gateway refused a birth month and year and
	 * took the year alone: such dates go as the year from then on */
	gint month_year_refused;
};

G_DEFINE_TYPE(TdGatewayClient, td_gateway_client, G_TYPE_OBJECT)

static void
td_gateway_client_finalize(GObject *object)
{
	TdGatewayClient *self = TD_GATEWAY_CLIENT(object);
	td_gateway_token_free(self->token);
	g_mutex_clear(&self->token_lock);
	g_mutex_clear(&self->hold_lock);
	td_gateway_cache_free(self->cache);
	td_gateway_http_share_free(self->http_share);
	td_gateway_rate_limit_free(self->rate_limit);
	td_gateway_config_free(self->config);
	G_OBJECT_CLASS(td_gateway_client_parent_class)->finalize(object);
}

static void
td_gateway_client_class_init(TdGatewayClientClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_gateway_client_finalize;
}

static void
td_gateway_client_init(TdGatewayClient *self)
{
	g_mutex_init(&self->token_lock);
	g_mutex_init(&self->hold_lock);
}

TdGatewayClient *
td_gateway_client_new(const TdGatewayConfig *config)
{
	TdGatewayClient *self = g_object_new(TD_TYPE_GATEWAY_CLIENT, NULL);
	self->config = td_gateway_config_copy(config);
	self->birth_date_format = (gint)config->birth_date_format;
	self->rate_limit =
	    td_gateway_rate_limit_new(config->rate_limit_per_s, config->rate_limit_burst);
	self->cache = td_gateway_cache_new(config->cache_seconds, TD_GATEWAY_CACHE_MAX);
	self->http_share = td_gateway_http_share_new();
	return self;
}

void
td_gateway_client_clear_cache(TdGatewayClient *self)
{
	g_return_if_fail(TD_IS_GATEWAY_CLIENT(self));
	td_gateway_cache_clear(self->cache);
}

/* The monotonic time by which a look-up that starts now must be over: the
 * [gateway] timeout bounds the whole look-up (token, check, a renewal, a
 * re-check, their retries), as the patient waits for all of it. */
static gint64
client_deadline(TdGatewayClient *self)
{
	return g_get_monotonic_time() + (gint64)self->config->timeout_ms * 1000;
}

/* What is left before the deadline, in ms; FALSE (TIMEOUT) when nothing
 * is (the rate limit's wait may have taken it). */
static gboolean
client_time_left(TdGatewayClient *self, gint64 deadline, gint64 *left_ms, GError **error)
{
	*left_ms = (deadline - g_get_monotonic_time()) / 1000;
	if (*left_ms > 0)
		return TRUE;
	g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_TIMEOUT,
		    "the look-up took longer than the gateway timeout (%u ms)", self->config->timeout_ms);
	return FALSE;
}

/* How long a 429 without Retry-After holds requests back, and the most a
 * Retry-After may (a patient's look-up is pending meanwhile, not lost). */
#define TD_GATEWAY_HOLD_DEFAULT_S 30
#define TD_GATEWAY_HOLD_MAX_S	  600

/* How long a hold (the 429's, the refusal's) still has to run, in µs. */
static gint64
client_hold_left_us(TdGatewayClient *self, const gint64 *until_us)
{
	gint64 left_us;

	g_mutex_lock(&self->hold_lock);
	left_us = *until_us - g_get_monotonic_time();
	g_mutex_unlock(&self->hold_lock);
	return left_us;
}

/* A hold that runs at least duration_us from now. */
static void
client_hold_for(TdGatewayClient *self, gint64 *until_us, gint64 duration_us)
{
	g_mutex_lock(&self->hold_lock);
	*until_us = MAX(*until_us, g_get_monotonic_time() + duration_us);
	g_mutex_unlock(&self->hold_lock);
}

/* FALSE (RATE_LIMITED) while the gateway's last 429 holds requests back. */
static gboolean
client_check_hold(TdGatewayClient *self, GError **error)
{
	gint64 left_us = client_hold_left_us(self, &self->hold_until_us);

	if (left_us <= 0)
		return TRUE;
	g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_RATE_LIMITED,
		    "the gateway asked for a pause (HTTP 429): %" G_GINT64_FORMAT " s left", (left_us + 999999) / 1000000);
	return FALSE;
}

static void
client_hold(TdGatewayClient *self, guint retry_after_s)
{
	guint hold_s = retry_after_s > 0 ? MIN(retry_after_s, TD_GATEWAY_HOLD_MAX_S) : TD_GATEWAY_HOLD_DEFAULT_S;

	client_hold_for(self, &self->hold_until_us, (gint64)hold_s * G_USEC_PER_SEC);
	g_message("gateway: HTTP 429, no request for %u s", hold_s);
}

/* FALSE (AUTH) while a refusal's hold (*until_us) runs: the gateway
 * refused this account's what, and asking again may count towards it
 * locking the account out; advice says what staff can do. */
static gboolean
client_check_refusal_hold(TdGatewayClient *self, const gint64 *until_us, const gchar *what, const gchar *advice,
			  GError **error)
{
	gint64 left_us = client_hold_left_us(self, until_us);

	if (left_us <= 0)
		return TRUE;
	g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_AUTH,
		    "the gateway refused this account's %s; no new try for %" G_GINT64_FORMAT
		    " s, so that tries do not lock it out (%s)",
		    what, (left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, advice);
	return FALSE;
}

/* While the refusal of the login holds look-ups back: the password or the
 * account is wrong until someone mends it. */
static gboolean
client_check_refused(TdGatewayClient *self, GError **error)
{
	return client_check_refusal_hold(self, &self->refused_until_us, "login",
					 "check the account; the password file is read when the kiosk starts: "
					 "restart it after changing the file",
					 error);
}

static void
client_refused(TdGatewayClient *self)
{
	client_hold_for(self, &self->refused_until_us, (gint64)self->config->refused_wait_ms * 1000);
	g_message("gateway: the login was refused, no look-up for %u ms", self->config->refused_wait_ms);
}

/* While the refusal of the card check to freshly taken tokens holds
 * look-ups back: "take a new token once, then stop" (DOMAIN.md §3), and
 * look-ups are rate-limited per account. */
static gboolean
client_check_checks_refused(TdGatewayClient *self, GError **error)
{
	return client_check_refusal_hold(self, &self->checks_refused_until_us, "card checks",
					 "the login works: ask BHXH to grant the account the card check and to "
					 "register this station's Internet address, or check the staff settings",
					 error);
}

/* One POST under the rate limit, retried once on a reset or a connect that
 * timed out, within what is left before the look-up's deadline. The
 * answer is returned as a plain buffer the caller wipes. */
static guint8 *
client_post(TdGatewayClient *self, const gchar *url, const gchar *log_path, const gchar *content_type,
	    const gchar *body, gsize *answer_len, guint *http_status, gint64 deadline, GCancellable *cancellable,
	    GError **error)
{
	TdGatewayHttpRequest request = {
		.url = url,
		.content_type = content_type,
		.body = body,
		.body_len = strlen(body),
		.ca_file = self->config->ca_file,
		.timeout_ms = self->config->timeout_ms,
		.connect_timeout_ms = self->config->connect_timeout_ms,
		.max_answer = TD_GATEWAY_ANSWER_MAX,
		.share = self->http_share,
	};

	for (guint attempt = 0;; attempt++) {
		g_autoptr(GError) error_local = NULL;
		g_autoptr(GBytes) answer = NULL;
		gboolean retryable = FALSE;
		gint64 started;
		gint64 left_ms;

		guint retry_after_s = 0;

		if (!client_check_hold(self, error) || !client_time_left(self, deadline, &left_ms, error) ||
		    !td_gateway_rate_limit_acquire(self->rate_limit, left_ms * 1000, cancellable, error) ||
		    !client_time_left(self, deadline, &left_ms, error))
			return NULL;
		request.timeout_ms = (guint)MIN((gint64)self->config->timeout_ms, left_ms);
		request.connect_timeout_ms = MIN(self->config->connect_timeout_ms, request.timeout_ms);
		started = g_get_monotonic_time();
		answer = td_gateway_http_post(&request, http_status, &retry_after_s, &retryable, cancellable,
					      &error_local);
		if (answer != NULL && *http_status == 429)
			client_hold(self, retry_after_s);
		if (answer != NULL) {
			guint8 *data;
			g_debug("gateway: POST %s: HTTP %u in %" G_GINT64_FORMAT " ms", log_path,
				*http_status, (g_get_monotonic_time() - started) / 1000);
			data = g_bytes_unref_to_data(g_steal_pointer(&answer), answer_len);
			/* an empty body is an answer too (the caller judges it) */
			return data != NULL ? data : g_malloc0(1);
		}
		g_debug("gateway: POST %s failed: %s", log_path, error_local->message);
		if (!retryable || attempt > 0) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return NULL;
		}
	}
}


/* The charset said with each body: a servlet-style gateway reads a body
 * without one as ISO-8859-1, and every Vietnamese name as a mismatch. */
#define TD_GATEWAY_JSON_TYPE "application/json; charset=utf-8"
#define TD_GATEWAY_FORM_TYPE "application/x-www-form-urlencoded; charset=utf-8"

/* The login's body, as JSON or as a form ([gateway] token-format). */
static gchar *
client_token_body(TdGatewayClient *self)
{
	g_autoptr(JsonBuilder) builder = NULL;

	if (self->config->token_as_form) {
		g_autofree gchar *user = g_uri_escape_string(self->config->username, NULL, FALSE);
		/* the password's MD5 is hexadecimal: nothing to escape */
		return g_strdup_printf("username=%s&password=%s", user, self->config->password_md5);
	}
	builder = json_builder_new_immutable();
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "username");
	json_builder_add_string_value(builder, self->config->username);
	json_builder_set_member_name(builder, "password");
	json_builder_add_string_value(builder, self->config->password_md5);
	json_builder_end_object(builder);
	return td_json_to_text(builder, FALSE);
}

/* POST /api/token/take. Called with token_lock held. */
static TdGatewayToken *
client_take_token(TdGatewayClient *self, gint64 deadline, GCancellable *cancellable, GError **error)
{
	g_autofree gchar *url = g_strconcat(self->config->url, TD_GATEWAY_TOKEN_PATH, NULL);
	gchar *body;
	guint8 *answer;
	gsize answer_len = 0;
	guint status = 0;
	TdGatewayToken *token;
	GError *error_local = NULL;

	body = client_token_body(self);
	answer = client_post(self, url, TD_GATEWAY_TOKEN_PATH,
			     self->config->token_as_form ? TD_GATEWAY_FORM_TYPE : TD_GATEWAY_JSON_TYPE, body,
			     &answer_len, &status, deadline, cancellable, error);
	td_str_clear_free(body);
	if (answer == NULL)
		return NULL;
	if (status == 401 || status == 403) {
		/* 403 too where the gateway takes logins only from a
		 * facility's registered address (DOMAIN.md §3) */
		g_set_error(&error_local, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_AUTH,
			    status == 403 ? "the gateway refused the login (HTTP %u): the username or password, or this "
					    "station's Internet address, which BHXH must have registered"
					  : "the gateway refused the username or password (HTTP %u)",
			    status);
		token = NULL;
	} else if (status != 200) {
		g_set_error(&error_local, TD_GATEWAY_ERROR,
			    status == 429 ? TD_GATEWAY_ERROR_RATE_LIMITED : TD_GATEWAY_ERROR_HTTP,
			    "the gateway's token endpoint answered HTTP %u", status);
		token = NULL;
	} else {
		token = td_gateway_token_parse(answer, answer_len, g_get_real_time(), &error_local);
	}
	td_memwipe(answer, answer_len);
	g_free(answer);
	/* a login taken ends a wait: the account was mended */
	if (token != NULL) {
		g_mutex_lock(&self->hold_lock);
		self->refused_until_us = 0;
		g_mutex_unlock(&self->hold_lock);
	}
	if (g_error_matches(error_local, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_AUTH)) {
		client_refused(self);
		/* the things the administrator cannot see from the refusal:
		 * DOMAIN.md allows either reading of each */
		if (!self->config->password_md5_lower || !self->config->token_as_form) {
			GError *hinted = g_error_new(
			    TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_AUTH, "%s; if both are right, the gateway may want %s%s%s",
			    error_local->message,
			    !self->config->password_md5_lower
				? "the password's MD5 in lower case ([gateway] password-md5-case=lower)"
				: "",
			    !self->config->password_md5_lower && !self->config->token_as_form ? ", or " : "",
			    !self->config->token_as_form ? "the login as a form ([gateway] token-format=form)" : "");
			g_error_free(error_local);
			error_local = hinted;
		}
	}
	if (error_local != NULL)
		g_propagate_error(error, error_local);
	return token;
}

gboolean
td_gateway_client_probe(TdGatewayClient *self, GCancellable *cancellable, GError **error)
{
	TdGatewayToken *token;

	g_return_val_if_fail(TD_IS_GATEWAY_CLIENT(self), FALSE);
	/* the staff console's health page asks each time it opens: with the
	 * password refused, each would be one more failed login */
	if (!client_check_refused(self, error))
		return FALSE;
	g_mutex_lock(&self->token_lock);
	token = client_take_token(self, client_deadline(self), cancellable, error);
	if (token != NULL) {
		td_gateway_token_free(self->token);
		self->token = token;
	}
	g_mutex_unlock(&self->token_lock);
	return token != NULL;
}

/* A copy of a fresh token. stale_access_token names a token the gateway has
 * just refused: it is taken again only if nobody has replaced it meanwhile. */
static TdGatewayToken *
client_get_token(TdGatewayClient *self, const gchar *stale_access_token, gint64 deadline,
		 GCancellable *cancellable, GError **error)
{
	TdGatewayToken *copy = NULL;

	g_mutex_lock(&self->token_lock);
	if (self->token != NULL && stale_access_token != NULL &&
	    g_strcmp0(self->token->access_token, stale_access_token) == 0) {
		td_gateway_token_free(self->token);
		self->token = NULL;
	}
	if (self->token == NULL || !td_gateway_token_is_fresh(self->token, g_get_real_time())) {
		g_clear_pointer(&self->token, td_gateway_token_free);
		/* a look-up that waited here while another's take was refused */
		if (client_check_refused(self, error))
			self->token = client_take_token(self, deadline, cancellable, error);
	}
	if (self->token != NULL) {
		copy = g_new0(TdGatewayToken, 1);
		*copy = *self->token;
		copy->access_token = g_strdup(self->token->access_token);
		copy->id_token = g_strdup(self->token->id_token);
	}
	g_mutex_unlock(&self->token_lock);
	return copy;
}

static gchar *
client_check_url(TdGatewayClient *self, const TdGatewayToken *token)
{
	g_autoptr(TdWipedString) access = g_uri_escape_string(token->access_token, NULL, FALSE);
	g_autoptr(TdWipedString) id = g_uri_escape_string(token->id_token, NULL, FALSE);
	g_autofree gchar *user = g_uri_escape_string(self->config->username, NULL, FALSE);

	return g_strdup_printf("%s%s?token=%s&id_token=%s&username=%s&password=%s", self->config->url,
			       TD_GATEWAY_CHECK_PATH, access, id, user, self->config->password_md5);
}

static gchar *
client_check_body(TdGatewayClient *self, const gchar *card_or_id, const TdEligibilityQuery *query,
		  TdBirthDateFormat format)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autoptr(TdWipedString) birth_date = td_eligibility_query_format_birth_date(query, format);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "maThe");
	json_builder_add_string_value(builder, card_or_id);
	json_builder_set_member_name(builder, "hoTen");
	json_builder_add_string_value(builder, query->name);
	json_builder_set_member_name(builder, "ngaySinh");
	json_builder_add_string_value(builder, birth_date);
	json_builder_set_member_name(builder, "hoTenCb");
	json_builder_add_string_value(builder, self->config->staff_name);
	json_builder_set_member_name(builder, "cccdCb");
	json_builder_add_string_value(builder, self->config->staff_id);
	json_builder_end_object(builder);
	return td_json_to_text(builder, FALSE);
}

/* The HTTP statuses whose body may still be the gateway's answer: the
 * client errors other than those the client acts on itself (401 and 403
 * renew the token, 429 is the rate limit). */
static gboolean
client_status_may_carry_code(guint status)
{
	return status >= 400 && status < 500 && status != 401 && status != 403 && status != 429;
}

static TdEligibility *
client_http_failure(guint status)
{
	g_autofree gchar *detail = g_strdup_printf("the gateway answered HTTP %u", status);
	return td_eligibility_new_failure(TD_ELIGIBILITY_STATUS_UNAVAILABLE, TD_GATEWAY_ERROR_HTTP, detail);
}

static TdEligibility *
client_failure(GError *error_local, GError **error)
{
	TdEligibility *result;
	if (g_error_matches(error_local, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_propagate_error(error, error_local);
		return NULL;
	}
	result = td_eligibility_new_from_error(error_local);
	g_error_free(error_local);
	return result;
}

/* One card check for one maThe, with the single token renewal a 401 earns. */
static TdEligibility *
client_check_card(TdGatewayClient *self, const gchar *card_or_id, const TdEligibilityQuery *query,
		  TdBirthDateFormat format, gint64 deadline, GCancellable *cancellable, GError **error)
{
	/* a token the gateway refused is still a credential */
	g_autoptr(TdWipedString) stale = NULL;
	gboolean gateway_said_401 = FALSE;
	gboolean check_forbidden = FALSE;
	GError *refused = NULL;

	if (!client_check_refused(self, &refused) || !client_check_checks_refused(self, &refused))
		return client_failure(refused, error);
	for (guint attempt = 0; attempt < 2; attempt++) {
		g_autoptr(TdGatewayToken) token = NULL;
		g_autoptr(TdGatewayAnswer) answer = NULL;
		TdEligibility *result;
		GError *error_local = NULL;
		gchar *url;
		gchar *body;
		guint8 *data;
		gsize len = 0;
		guint status = 0;

		token = client_get_token(self, stale, deadline, cancellable, &error_local);
		if (token == NULL)
			return client_failure(error_local, error);
		url = client_check_url(self, token);
		body = client_check_body(self, card_or_id, query, format);
		data = client_post(self, url, TD_GATEWAY_CHECK_PATH, TD_GATEWAY_JSON_TYPE, body, &len, &status,
				   deadline, cancellable, &error_local);
		td_str_clear_free(url);
		td_str_clear_free(body);
		if (data == NULL)
			return client_failure(error_local, error);
		if (status == 200)
			answer = td_gateway_answer_parse(data, len, &error_local);
		else if (client_status_may_carry_code(status))
			/* a gateway built as REST services are carries the
			 * result code in a 4xx too (404 with 050, 400 with
			 * 205): the code decides; a body that is no answer
			 * leaves the status to */
			answer = td_gateway_answer_parse(data, len, NULL);
		td_memwipe(data, len);
		g_free(data);

		/* HTTP 403 too: an account not granted the card check gets it
		 * (a HIS met it at one facility), and HIS clients renew on it
		 * as on 401 */
		if (status == 401 || status == 403 ||
		    (answer != NULL && g_strcmp0(answer->result_code, "401") == 0)) {
			/* the token died early (gateway restart, clock skew):
			 * take a new one once, never in a loop */
			gateway_said_401 = answer != NULL;
			check_forbidden = status == 403;
			g_clear_pointer(&stale, td_str_clear_free);
			stale = g_strdup(token->access_token);
			g_clear_error(&error_local);
			continue;
		}
		if (status == 429)
			return td_eligibility_new_failure(
			    TD_ELIGIBILITY_STATUS_UNAVAILABLE, TD_GATEWAY_ERROR_RATE_LIMITED,
			    "the gateway is rate-limiting this account");
		if (status != 200 && answer == NULL)
			return client_http_failure(status);
		if (answer == NULL)
			return client_failure(error_local, error);
		result = td_eligibility_new_from_answer(answer, self->config->station_code,
							&error_local);
		if (result == NULL)
			return client_failure(error_local, error);
		/* insured, the card named by an ID number: the number asked
		 * about, or the answer is about someone else */
		if ((result->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
		     result->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) &&
		    result->card_code == NULL && g_strcmp0(answer->card_code, card_or_id) != 0) {
			td_eligibility_free(result);
			return td_eligibility_new_failure(TD_ELIGIBILITY_STATUS_UNAVAILABLE, TD_GATEWAY_ERROR_MALFORMED,
							  "the gateway answered about another ID number than the one asked");
		}
		/* an "insured" that came with an error status says two
		 * things: neither is taken */
		if (status != 200 && (result->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
				      result->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD)) {
			td_eligibility_free(result);
			return client_http_failure(status);
		}
		return result;
	}
	{
		/* refused twice: the account, not an outage; staff are told.
		 * "Take a new token once, then stop" (DOMAIN.md §3): the next
		 * patients do not ask again before the refused-wait, as after
		 * a refused login, for look-ups are rate-limited per account
		 * and a client that keeps asking may lock the station out.
		 * Before, each patient cost two token takes and two checks */
		TdEligibility *result = td_eligibility_new_failure(
		    TD_ELIGIBILITY_STATUS_CONFIG_ERROR, TD_GATEWAY_ERROR_AUTH,
		    /* the gateway takes checks only from a facility's
		     * registered address (DOMAIN.md §3): a new line or a
		     * changed router is refused as an ungranted account is */
		    check_forbidden ? "the gateway does not let this account check cards from here (HTTP 403); "
				      "ask BHXH to grant it the card check and to register this station's Internet "
				      "address"
				    : "the gateway refused a freshly taken token; check the account settings");
		if (gateway_said_401)
			result->result_code = g_strdup("401");
		client_hold_for(self, &self->checks_refused_until_us, (gint64)self->config->refused_wait_ms * 1000);
		g_message("gateway: the card check was refused twice, none for %u ms", self->config->refused_wait_ms);
		return result;
	}
}

TdEligibility *
td_gateway_client_check(TdGatewayClient *self, const TdEligibilityQuery *query,
			GCancellable *cancellable, GError **error)
{
	g_autoptr(TdEligibility) result = NULL;
	/* what the gateway is asked: the query, or a copy of it (sharing its
	 * strings, freed with it) with the birth month left out */
	TdEligibilityQuery year_only;
	const TdEligibilityQuery *asked = query;
	TdBirthDateFormat format;
	gint64 deadline;

	g_return_val_if_fail(TD_IS_GATEWAY_CLIENT(self), NULL);
	g_return_val_if_fail(query != NULL, NULL);
	deadline = client_deadline(self);

	if (g_cancellable_set_error_if_cancelled(cancellable, error))
		return NULL;
	result = td_gateway_cache_lookup(self->cache, query);
	if (result != NULL) {
		g_debug("gateway: answer from cache");
		return g_steal_pointer(&result);
	}
	format = (TdBirthDateFormat)g_atomic_int_get(&self->birth_date_format);
	/* a birth month and year, to a gateway that took only the year */
	year_only = *query;
	if (query->birth_day == 0 && query->birth_month != 0 && g_atomic_int_get(&self->month_year_refused)) {
		year_only.birth_month = 0;
		asked = &year_only;
	}
	result = client_check_card(self, query->card_or_id, asked, format, deadline, cancellable, error);
	if (result == NULL)
		return NULL;

	/* 205 to a whole birth date: the spec's table says dd/mm/yyyy, its
	 * own example ddmmyyyy (DOMAIN.md §3), and a gateway takes one. Asked
	 * once the other way; if that is taken, it is how this gateway is
	 * asked from now on (until the kiosk restarts), and the
	 * administrator is told which to set. Before, every patient got a
	 * configuration error until someone changed birth-date-format */
	if (g_strcmp0(result->result_code, "205") == 0 && query->birth_day != 0) {
		TdBirthDateFormat other = format == TD_BIRTH_DATE_FORMAT_COMPACT ? TD_BIRTH_DATE_FORMAT_SLASHED
										 : TD_BIRTH_DATE_FORMAT_COMPACT;
		g_autoptr(TdEligibility) again =
		    client_check_card(self, query->card_or_id, query, other, deadline, cancellable, error);
		if (again == NULL)
			return NULL;
		/* only the gateway's answer to the question teaches the form:
		 * not an outage, a refused token or a hold (no result code, or
		 * 401) */
		if (again->result_code != NULL && g_strcmp0(again->result_code, "205") != 0 &&
		    g_strcmp0(again->result_code, "401") != 0) {
			g_atomic_int_set(&self->birth_date_format, (gint)other);
			format = other;
			g_message("gateway: it refused birth dates as %s and took them as %s; set [gateway] "
				  "birth-date-format=%s",
				  other == TD_BIRTH_DATE_FORMAT_COMPACT ? "dd/mm/yyyy" : "ddmmyyyy",
				  other == TD_BIRTH_DATE_FORMAT_COMPACT ? "ddmmyyyy" : "dd/mm/yyyy",
				  other == TD_BIRTH_DATE_FORMAT_COMPACT ? "ddmmyyyy" : "dd/mm/yyyy");
			g_clear_pointer(&result, td_eligibility_free);
			result = g_steal_pointer(&again);
		}
	}

	/* 205 to a month and year: DOMAIN.md gives mm/yyyy for it, but a
	 * gateway that takes whole dates and years only refused every
	 * patient born in a known month of an unknown day (the elderly
	 * registered so), each then sent to staff. Asked once with the year
	 * alone, the form the spec gives for when only the year is known: a
	 * gateway that takes it compares the year, and is asked so from then
	 * on (until the kiosk restarts), as the whole date's form is learned */
	if (g_strcmp0(result->result_code, "205") == 0 && asked->birth_day == 0 && asked->birth_month != 0) {
		g_autoptr(TdEligibility) again = NULL;

		year_only.birth_month = 0;
		again = client_check_card(self, query->card_or_id, &year_only, format, deadline, cancellable, error);
		if (again == NULL)
			return NULL;
		if (again->result_code != NULL && g_strcmp0(again->result_code, "205") != 0 &&
		    g_strcmp0(again->result_code, "401") != 0) {
			if (!g_atomic_int_exchange(&self->month_year_refused, TRUE))
				g_message("gateway: it refused a birth month and year (mm/yyyy) and took the year "
					  "alone; such dates go as the year from now on");
			asked = &year_only;
			g_clear_pointer(&result, td_eligibility_free);
			result = g_steal_pointer(&again);
		}
	}

	/* 003: the card asked about expired and a new one exists; the spec
	 * wants the new code asked about, once */
	if (g_strcmp0(result->result_code, "003") == 0 && result->new_card_code != NULL &&
	    g_strcmp0(result->new_card_code, query->card_or_id) != 0) {
		g_autofree gchar *new_code = g_strdup(result->new_card_code);
		g_autoptr(TdEligibility) renewed =
		    client_check_card(self, new_code, asked, format, deadline, cancellable, error);
		if (renewed == NULL)
			return NULL;
		if (renewed->status == TD_ELIGIBILITY_STATUS_ELIGIBLE)
			renewed->status = TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD;
		/* the new code expired too: said as it is (not "no code named") */
		if (renewed->status == TD_ELIGIBILITY_STATUS_NEW_CARD_UNCONFIRMED) {
			g_free(renewed->detail);
			renewed->detail = g_strdup("asked again with the new card code the gateway named, it "
						   "answered 003 again: the cards need a person");
		}
		renewed->replaced_card_code = g_strdup(result->card_code != NULL
							   ? result->card_code
							   : query->card_or_id);
		g_clear_pointer(&result, td_eligibility_free);
		result = g_steal_pointer(&renewed);
	}
	td_gateway_cache_store(self->cache, query, result);
	return g_steal_pointer(&result);
}

static void
client_check_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	GError *error = NULL;
	TdEligibility *result = td_gateway_client_check(TD_GATEWAY_CLIENT(source), task_data,
							cancellable, &error);
	if (result == NULL)
		g_task_return_error(task, error);
	else
		g_task_return_pointer(task, result, (GDestroyNotify)td_eligibility_free);
}

void
td_gateway_client_check_async(TdGatewayClient *self, const TdEligibilityQuery *query,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data)
{
	g_autoptr(GTask) task = NULL;

	g_return_if_fail(TD_IS_GATEWAY_CLIENT(self));
	g_return_if_fail(query != NULL);

	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, td_gateway_client_check_async);
	g_task_set_task_data(task, td_eligibility_query_copy(query),
			     (GDestroyNotify)td_eligibility_query_free);
	td_worker_run_in_thread(task, client_check_thread);
}

TdEligibility *
td_gateway_client_check_finish(TdGatewayClient *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	return g_task_propagate_pointer(G_TASK(result), error);
}
