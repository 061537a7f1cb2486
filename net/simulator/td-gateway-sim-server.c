/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "td-gateway-sim-server.h"
#include "td-json.h"
#include "td-https-listen.h"

#define SIM_HUGE_ANSWER (1024 * 1024)

typedef struct {
	gchar *username;
	gchar *id_token;
	gint64 expires_at_us; /* real time */
} TdSimToken;

struct _TdSimServer {
	SoupServer *soup;
	TdSimFixtures *fixtures;
	TdSimFaults faults;
	GHashTable *tokens; /* access_token → TdSimToken */
	GRand *rand;
	guint64 api_requests;
	gint64 rate_window; /* second the window counts */
	guint rate_window_count;
	/* what tests read back from GET /sim/stats */
	guint64 token_takes;
	guint64 checks;
	guint64 answered_401;
	guint64 answered_403;
	guint64 answered_429;
	guint64 answered_500;
	guint64 dropped;
};

static void
sim_token_free(gpointer data)
{
	TdSimToken *token = data;
	g_free(token->username);
	g_free(token->id_token);
	g_free(token);
}


static gboolean
sim_unpause_cb(gpointer user_data)
{
	soup_server_message_unpause(SOUP_SERVER_MESSAGE(user_data));
	return G_SOURCE_REMOVE;
}

/* Sets the answer, then holds it back latency_ms if asked. */
static void
sim_respond(SoupServerMessage *msg, guint status, const gchar *body, gsize len, guint latency_ms)
{
	soup_server_message_set_status(msg, status, NULL);
	soup_server_message_set_response(msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
					 body, len);
	if (latency_ms > 0) {
		soup_server_message_pause(msg);
		g_timeout_add_full(G_PRIORITY_DEFAULT, latency_ms, sim_unpause_cb,
				   g_object_ref(msg), g_object_unref);
	}
}

static void
sim_respond_code(SoupServerMessage *msg, guint status, const gchar *code, guint latency_ms)
{
	g_autofree gchar *body = g_strdup_printf("{\"maKetQua\":\"%s\"}", code);
	sim_respond(msg, status, body, strlen(body), latency_ms);
}

/* Closes the connection under the request: the client sees no answer. */
static void
sim_drop(TdSimServer *self, SoupServerMessage *msg)
{
	GIOStream *stream = soup_server_message_steal_connection(msg);
	self->dropped++;
	if (stream != NULL) {
		g_io_stream_close(stream, NULL, NULL);
		g_object_unref(stream);
	}
}

/* Promises more body than it sends, then closes: a cut connection. */
static void
sim_truncate(TdSimServer *self, SoupServerMessage *msg)
{
	static const gchar partial[] = "HTTP/1.1 200 OK\r\n"
				       "Content-Type: application/json\r\n"
				       "Content-Length: 400\r\n\r\n"
				       "{\"maKetQua\":\"000\",\"maThe\":\"DN40";
	GIOStream *stream = soup_server_message_steal_connection(msg);
	if (stream == NULL)
		return;
	g_output_stream_write_all(g_io_stream_get_output_stream(stream), partial,
				  sizeof(partial) - 1, NULL, NULL, NULL);
	g_io_stream_close(stream, NULL, NULL);
	g_object_unref(stream);
}

/* The faults every /api request goes through. FALSE: already answered. */
static gboolean
sim_api_gate(TdSimServer *self, SoupServerMessage *msg)
{
	gint64 second = g_get_monotonic_time() / G_USEC_PER_SEC;

	if (g_strcmp0(soup_server_message_get_method(msg), "POST") != 0) {
		soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
		return FALSE;
	}
	self->api_requests++;
	if (self->faults.rate_limit_per_s > 0) {
		if (second != self->rate_window) {
			self->rate_window = second;
			self->rate_window_count = 0;
		}
		if (++self->rate_window_count > self->faults.rate_limit_per_s) {
			self->answered_429++;
			sim_respond_code(msg, 429, "429", 0);
			/* the next window starts within a second */
			soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Retry-After", "1");
			return FALSE;
		}
	}
	if (self->faults.drop_every > 0 && self->api_requests % self->faults.drop_every == 0) {
		sim_drop(self, msg);
		return FALSE;
	}
	if ((self->faults.fail_every > 0 && self->api_requests % self->faults.fail_every == 0) ||
	    (self->faults.fail_rate > 0 && g_rand_double(self->rand) < self->faults.fail_rate)) {
		self->answered_500++;
		sim_respond_code(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "500",
				 self->faults.latency_ms);
		return FALSE;
	}
	return TRUE;
}

static JsonObject *
sim_request_json(SoupServerMessage *msg, JsonParser *parser)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	gsize len = 0;
	const gchar *data = g_bytes_get_data(bytes, &len);
	JsonNode *root;

	if (len == 0 || !json_parser_load_from_data(parser, data, (gssize)len, NULL))
		return NULL;
	root = json_parser_get_root(parser);
	return root != NULL && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
}

/* A request member that is a string, else NULL: requests are untrusted. */
static const gchar *
sim_member_string(JsonObject *object, const gchar *member)
{
	JsonNode *node = object != NULL ? json_object_get_member(object, member) : NULL;
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node) ||
	    json_node_get_value_type(node) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(node);
}

static gboolean
sim_password_matches(const TdSimAccount *account, const gchar *md5_hex)
{
	g_autofree gchar *expected = NULL;
	if (account == NULL || md5_hex == NULL)
		return FALSE;
	expected = g_compute_checksum_for_string(G_CHECKSUM_MD5, account->password, -1);
	return g_ascii_strcasecmp(expected, md5_hex) == 0;
}

static gchar *
sim_random_hex(TdSimServer *self, guint bytes)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < bytes; i++)
		g_string_append_printf(out, "%02x", (guint)g_rand_int_range(self->rand, 0, 256));
	return g_string_free(out, FALSE);
}

static void
sim_token_take(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
	       gpointer user_data)
{
	TdSimServer *self = user_data;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonBuilder) builder = json_builder_new();
	g_autoptr(GHashTable) form = NULL;
	g_autoptr(GDateTime) expiry = NULL;
	g_autofree gchar *expiry_text = NULL;
	g_autofree gchar *body = NULL;
	const gchar *username = NULL;
	const gchar *password = NULL;
	const TdSimAccount *account;
	JsonObject *request;
	TdSimToken *token;
	gchar *access_token;

	if (!sim_api_gate(self, msg))
		return;
	self->token_takes++;
	/* the spec allows form or JSON */
	request = sim_request_json(msg, parser);
	if (request != NULL) {
		username = sim_member_string(request, "username");
		password = sim_member_string(request, "password");
	} else {
		g_autoptr(GBytes) bytes =
		    soup_message_body_flatten(soup_server_message_get_request_body(msg));
		g_autofree gchar *text = g_strndup(g_bytes_get_data(bytes, NULL),
						   g_bytes_get_size(bytes));
		form = soup_form_decode(text);
		username = g_hash_table_lookup(form, "username");
		password = g_hash_table_lookup(form, "password");
	}
	account = td_sim_fixtures_find_account(self->fixtures, username);
	if (!sim_password_matches(account, password) || (request != NULL && account->token_form_only)) {
		self->answered_401++;
		sim_respond_code(msg, SOUP_STATUS_OK, "401", self->faults.latency_ms);
		return;
	}
	token = g_new0(TdSimToken, 1);
	token->username = g_strdup(username);
	token->id_token = sim_random_hex(self, 16);
	token->expires_at_us = g_get_real_time() +
			       (gint64)self->faults.token_lifetime_s * G_USEC_PER_SEC;
	access_token = sim_random_hex(self, 24);
	expiry = g_date_time_new_from_unix_utc(token->expires_at_us / G_USEC_PER_SEC);
	expiry_text = g_date_time_format_iso8601(expiry);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "maKetQua");
	json_builder_add_string_value(builder, "200");
	json_builder_set_member_name(builder, "APIKey");
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "access_token");
	json_builder_add_string_value(builder, access_token);
	json_builder_set_member_name(builder, "id_token");
	json_builder_add_string_value(builder, token->id_token);
	json_builder_set_member_name(builder, "token_type");
	json_builder_add_string_value(builder, "Bearer");
	json_builder_set_member_name(builder, "username");
	json_builder_add_string_value(builder, username);
	json_builder_set_member_name(builder, "expires_in");
	json_builder_add_string_value(builder, expiry_text);
	json_builder_end_object(builder);
	json_builder_end_object(builder);
	g_hash_table_replace(self->tokens, access_token, token);
	body = td_json_to_text(builder, FALSE);
	sim_respond(msg, SOUP_STATUS_OK, body, strlen(body), self->faults.latency_ms);
}

/* Checks the credentials in the query string as the gateway does. */
static gboolean
sim_check_credentials(TdSimServer *self, GHashTable *query)
{
	const gchar *access_token = query != NULL ? g_hash_table_lookup(query, "token") : NULL;
	const gchar *id_token = query != NULL ? g_hash_table_lookup(query, "id_token") : NULL;
	const gchar *username = query != NULL ? g_hash_table_lookup(query, "username") : NULL;
	const gchar *password = query != NULL ? g_hash_table_lookup(query, "password") : NULL;
	const TdSimAccount *account = td_sim_fixtures_find_account(self->fixtures, username);
	TdSimToken *token = access_token != NULL ? g_hash_table_lookup(self->tokens, access_token)
						 : NULL;

	if (token == NULL || g_strcmp0(token->id_token, id_token) != 0 ||
	    g_strcmp0(token->username, username) != 0 || !sim_password_matches(account, password))
		return FALSE;
	if (token->expires_at_us <= g_get_real_time()) {
		g_hash_table_remove(self->tokens, access_token);
		return FALSE;
	}
	return !account->tokens_refused;
}


/* A value as the answer carries it: padded, as a fixed-width column gives
 * it, an absent one a space (a HIS's copy of real answers has "maDKBD":" "). */
static void
sim_add_value(JsonBuilder *builder, const gchar *member, const gchar *value, gboolean padded)
{
	g_autofree gchar *wide = NULL;

	if (padded)
		wide = value != NULL ? g_strdup_printf("%-16s", value) : g_strdup(" ");
	td_json_add_string(builder, member, padded ? wide : value);
}

static gchar *
sim_citizen_answer(const TdSimCitizen *c, const gchar *code, gboolean by_new_card,
		   gboolean with_card)
{
	g_autoptr(JsonBuilder) builder = json_builder_new();
	gboolean padded = g_strcmp0(c->answer, "padded") == 0;
	const struct {
		const gchar *member;
		const gchar *value;
	} card_fields[] = {
	    /* echo-id: the card named by the ID number asked with, as a
	     * gateway may answer (DOMAIN.md §3: maThe takes either) */
	    {"maThe", g_strcmp0(c->answer, "echo-id") == 0 ? c->id : by_new_card ? c->new_card : c->card},
	    {"hoTen", c->name},
	    {"ngaySinh", c->birth_date},
	    {"gioiTinh", c->gender},
	    {"diaChi", c->address},
	    {"maDKBD", by_new_card && c->new_facility ? c->new_facility : c->facility},
	    {"cqBHXH", c->insurer},
	    {"gtTheTu", by_new_card ? c->new_valid_from : c->valid_from},
	    {"gtTheDen", by_new_card ? c->new_valid_to : c->valid_to},
	    {"maKV", NULL},
	    {"ngayDu5Nam", c->five_year_date},
	    {"maSoBHXH", c->social_number},
	    {"maTheCu", by_new_card ? c->card : c->old_card},
	    {"maTheMoi", by_new_card ? NULL : c->new_card},
	    {"gtTheTuMoi", by_new_card ? NULL : c->new_valid_from},
	    {"gtTheDenMoi", by_new_card ? NULL : c->new_valid_to},
	    {"maDKBDMoi", by_new_card ? NULL : c->new_facility},
	    {"tenDKBDMoi", by_new_card ? NULL : c->new_facility_name},
	};

	json_builder_begin_object(builder);
	td_json_add_string(builder, "maKetQua", code);
	sim_add_value(builder, "ghiChu", c->note, padded);
	if (!with_card) {
		json_builder_end_object(builder);
		return td_json_to_text(builder, FALSE);
	}
	for (gsize i = 0; i < G_N_ELEMENTS(card_fields); i++)
		sim_add_value(builder, card_fields[i].member, card_fields[i].value, padded);
	td_json_add_string(builder, "dsLichSuKCB2018", NULL);
	td_json_add_string(builder, "dsLichSuKT2018", NULL);
	json_builder_end_object(builder);
	return td_json_to_text(builder, FALSE);
}

/* A broken answer on purpose (the fixture's "answer" field). */
static gboolean
sim_broken_answer(TdSimServer *self, SoupServerMessage *msg, const TdSimCitizen *c,
		  guint latency_ms)
{
	if (g_strcmp0(c->answer, "drop") == 0) {
		sim_drop(self, msg);
	} else if (g_strcmp0(c->answer, "truncated") == 0) {
		sim_truncate(self, msg);
	} else if (g_strcmp0(c->answer, "huge") == 0) {
		GString *big = g_string_sized_new(SIM_HUGE_ANSWER + 64);
		g_string_append(big, "{\"maKetQua\":\"000\",\"ghiChu\":\"");
		while (big->len < SIM_HUGE_ANSWER)
			g_string_append(big, "Lịch sử khám chữa bệnh ");
		g_string_append(big, "\"}");
		sim_respond(msg, SOUP_STATUS_OK, big->str, big->len, latency_ms);
		g_string_free(big, TRUE);
	} else if (g_strcmp0(c->answer, "non-utf8") == 0) {
		static const gchar body[] = "{\"maKetQua\":\"000\",\"hoTen\":\"Nguy\xe1\xbb\n\xff\"}";
		sim_respond(msg, SOUP_STATUS_OK, body, sizeof(body) - 1, latency_ms);
	} else if (g_strcmp0(c->answer, "not-json") == 0) {
		static const gchar body[] = "<html><body>Hệ thống đang bảo trì</body></html>";
		sim_respond(msg, SOUP_STATUS_OK, body, sizeof(body) - 1, latency_ms);
	} else if (g_strcmp0(c->answer, "truncated-json") == 0) {
		static const gchar body[] = "{\"maKetQua\":\"000\",\"maThe\":\"DN40";
		sim_respond(msg, SOUP_STATUS_OK, body, sizeof(body) - 1, latency_ms);
	} else if (g_strcmp0(c->answer, "no-code") == 0) {
		static const gchar body[] = "{\"ghiChu\":\"Thẻ hợp lệ\"}";
		sim_respond(msg, SOUP_STATUS_OK, body, sizeof(body) - 1, latency_ms);
	} else {
		return FALSE;
	}
	return TRUE;
}

/* The HTTP status a card check's answer goes out with: 200, or with
 * --rest-statuses the status a REST service would give its code. */
static guint
sim_check_status(TdSimServer *self, const gchar *code)
{
	static const gchar *const insured[] = {"000", "001", "002", "003", "004", NULL};

	if (!self->faults.rest_statuses || g_strv_contains(insured, code))
		return SOUP_STATUS_OK;
	return g_str_equal(code, "050") ? SOUP_STATUS_NOT_FOUND : SOUP_STATUS_BAD_REQUEST;
}

static void
sim_check(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
	  gpointer user_data)
{
	TdSimServer *self = user_data;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *body = NULL;
	const gchar *ma_the, *name, *birth_date, *staff_name, *staff_id;
	const TdSimStaff *staff;
	const TdSimCitizen *c;
	const gchar *code;
	gboolean by_new_card = FALSE;
	guint latency = self->faults.latency_ms;
	guint d1, m1, y1, d2, m2, y2;
	JsonObject *request;

	if (!sim_api_gate(self, msg))
		return;
	self->checks++;
	if (!sim_check_credentials(self, query)) {
		self->answered_401++;
		sim_respond_code(msg, SOUP_STATUS_OK, "401", latency);
		return;
	}
	if (td_sim_fixtures_find_account(self->fixtures, g_hash_table_lookup(query, "username"))
		->checks_forbidden) {
		self->answered_403++;
		sim_respond(msg, SOUP_STATUS_FORBIDDEN, "", 0, latency);
		return;
	}
	request = sim_request_json(msg, parser);
	ma_the = sim_member_string(request, "maThe");
	name = sim_member_string(request, "hoTen");
	birth_date = sim_member_string(request, "ngaySinh");
	staff_name = sim_member_string(request, "hoTenCb");
	staff_id = sim_member_string(request, "cccdCb");
	if (ma_the == NULL || name == NULL || staff_name == NULL || staff_id == NULL ||
	    !td_sim_parse_date(birth_date, &d2, &m2, &y2) ||
	    (d2 != 0 && self->faults.strict_birth_date_length != 0 &&
	     strlen(birth_date) != self->faults.strict_birth_date_length) ||
	    (d2 == 0 && m2 != 0 && self->faults.month_year_refused)) {
		sim_respond_code(msg, sim_check_status(self, "205"), "205", latency);
		return;
	}
	staff = td_sim_fixtures_find_staff(self->fixtures, staff_id);
	if (staff == NULL) {
		sim_respond_code(msg, sim_check_status(self, "054"), "054", latency);
		return;
	}
	if (!td_sim_names_equal(staff->name, staff_name)) {
		sim_respond_code(msg, sim_check_status(self, "055"), "055", latency);
		return;
	}
	c = td_sim_fixtures_find_citizen(self->fixtures, ma_the, &by_new_card);
	if (c == NULL) {
		sim_respond_code(msg, sim_check_status(self, "050"), "050", latency);
		return;
	}
	latency += c->latency_ms;
	if (c->answer != NULL && sim_broken_answer(self, msg, c, latency))
		return;
	if (!td_sim_names_equal(c->name, name)) {
		code = td_sim_names_same_initial(c->name, name) ? "061" : "060";
		body = sim_citizen_answer(c, code, FALSE, FALSE);
	} else if (!td_sim_parse_date(c->birth_date, &d1, &m1, &y1) || y1 != y2 ||
		   (m2 != 0 && m1 != m2) || (d2 != 0 && d1 != d2)) {
		code = "070";
		body = sim_citizen_answer(c, code, FALSE, FALSE);
	} else {
		if (by_new_card)
			code = c->new_result != NULL ? c->new_result : "000";
		else if (c->card_result != NULL && g_strcmp0(c->card, ma_the) == 0)
			code = c->card_result;
		else
			code = c->result;
		/* "no card" answers (050–053, 130) name no card: the
		 * look-up found none under what was asked */
		body = sim_citizen_answer(c, code, by_new_card,
					  !g_str_has_prefix(code, "05") && g_strcmp0(code, "130") != 0);
	}
	sim_respond(msg, sim_check_status(self, code), body, strlen(body), latency);
}

static void
sim_control(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
	    gpointer user_data)
{
	TdSimServer *self = user_data;
	g_autofree gchar *body = NULL;

	if (g_strcmp0(path, "/sim/expire-tokens") == 0) {
		/* as after a gateway restart: every token dies before its time */
		g_hash_table_remove_all(self->tokens);
		sim_respond(msg, SOUP_STATUS_OK, "{}", 2, 0);
		return;
	}
	if (g_strcmp0(path, "/sim/stats") != 0) {
		soup_server_message_set_status(msg, SOUP_STATUS_NOT_FOUND, NULL);
		return;
	}
	body = g_strdup_printf("{\"requests\":%" G_GUINT64_FORMAT ",\"token_takes\":%" G_GUINT64_FORMAT
			       ",\"checks\":%" G_GUINT64_FORMAT ",\"answered_401\":%" G_GUINT64_FORMAT
			       ",\"answered_403\":%" G_GUINT64_FORMAT ",\"answered_429\":%" G_GUINT64_FORMAT
			       ",\"answered_500\":%" G_GUINT64_FORMAT ",\"dropped\":%" G_GUINT64_FORMAT
			       "}",
			       self->api_requests, self->token_takes, self->checks,
			       self->answered_401, self->answered_403, self->answered_429, self->answered_500,
			       self->dropped);
	sim_respond(msg, SOUP_STATUS_OK, body, strlen(body), 0);
}

TdSimServer *
td_sim_server_new(TdSimFixtures *fixtures, const TdSimFaults *faults,
		  GTlsCertificate *certificate)
{
	TdSimServer *self = g_new0(TdSimServer, 1);

	self->fixtures = fixtures;
	self->faults = *faults;
	if (self->faults.token_lifetime_s == 0)
		self->faults.token_lifetime_s = 3600;
	self->tokens = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, sim_token_free);
	self->rand = g_rand_new();
	/* one request per connection, as the hub: a kiosk that restarts, or
	 * its client's connection cache dropping one, left the connection in
	 * CLOSE-WAIT for good (and training mode runs for days) */
	self->soup = td_https_server_new(certificate, "tiepdon-gateway-sim");
	soup_server_add_handler(self->soup, "/api/token/take", sim_token_take, self, NULL);
	soup_server_add_handler(self->soup, "/api/egw/KQNhanLichSuKCB2024", sim_check, self, NULL);
	soup_server_add_handler(self->soup, "/sim", sim_control, self, NULL);
	return self;
}

guint
td_sim_server_listen(TdSimServer *self, guint port, GError **error)
{
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	return td_https_listen(self->soup, loopback, port, error);
}

void
td_sim_server_free(TdSimServer *self)
{
	if (self == NULL)
		return;
	soup_server_disconnect(self->soup);
	g_object_unref(self->soup);
	g_hash_table_unref(self->tokens);
	g_rand_free(self->rand);
	td_sim_fixtures_free(self->fixtures);
	g_free(self);
}
