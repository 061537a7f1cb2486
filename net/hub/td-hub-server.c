/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "td-day-report.h"
#include "td-hub-authorization.h"
#include "td-hub-db.h"
#include "td-hub-rollup.h"
#include "td-spreadsheet.h"
#include "td-hub-server.h"
#include "td-https-listen.h"
#include "td-report-client.h"
#include "td-secret.h"

#define TD_HUB_REALM	 "tiepdon-hub"

struct _TdHubServer {
	SoupServer *soup;
	GMainContext *context;
	GThreadPool *workers;
	GAsyncQueue *connections; /* idle PGconn, one per worker */
	guint n_connections;
	guint in_flight; /* jobs handed to workers, main thread only */
};

typedef enum {
	HUB_JOB_REPORT,
	HUB_JOB_ROLLUP_HTML,
	HUB_JOB_ROLLUP_CSV,
	HUB_JOB_ROLLUP_SPREADSHEET,
} HubJobKind;

/* One request's database work: filled by the main thread, done by a
 * worker, answered by the main thread again. */
typedef struct {
	TdHubServer *server;
	SoupServerMessage *msg;
	gboolean disconnected; /* the client went: nothing to answer */
	HubJobKind kind;
	TdDayReport *report;
	gchar *token_hash;
	gchar *viewer;
	gchar *day;
	/* the answer */
	guint status;
	TdDayReportStored stored;
	const gchar *content_type;
	GBytes *body;
} HubJob;

static void
hub_job_free(HubJob *job)
{
	g_signal_handlers_disconnect_by_data(job->msg, job);
	g_object_unref(job->msg);
	td_day_report_free(job->report);
	g_free(job->token_hash);
	g_free(job->viewer);
	g_free(job->day);
	g_clear_pointer(&job->body, g_bytes_unref);
	g_free(job);
}

/* body NULL: none */
static void
hub_respond_bytes(SoupServerMessage *msg, guint status, const gchar *content_type, GBytes *body)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);

	soup_server_message_set_status(msg, status, NULL);
	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_message_headers_replace(headers, "X-Content-Type-Options", "nosniff");
	if (body != NULL)
		soup_server_message_set_response(msg, content_type, SOUP_MEMORY_COPY, g_bytes_get_data(body, NULL),
						 g_bytes_get_size(body));
}

static void
hub_respond(SoupServerMessage *msg, guint status, const gchar *content_type, const gchar *body)
{
	g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new_static(body, strlen(body)) : NULL;

	hub_respond_bytes(msg, status, content_type, bytes);
}

static void
hub_respond_error(SoupServerMessage *msg, guint status, const gchar *message)
{
	g_autoptr(JsonObject) object = json_object_new();
	g_autoptr(JsonNode) root = json_node_new(JSON_NODE_OBJECT);
	g_autofree gchar *body = NULL;

	json_object_set_string_member(object, "error", message);
	json_node_set_object(root, object);
	body = json_to_string(root, FALSE);
	hub_respond(msg, status, "application/json", body);
}

/* ---- workers ---- */

static void
hub_job_report(HubJob *job, PGconn *conn)
{
	g_autoptr(GError) error = NULL;

	switch (td_hub_db_store_report(conn, job->report, job->token_hash, &error)) {
	case TD_HUB_STORE_STORED:
		job->status = SOUP_STATUS_OK;
		break;
	case TD_HUB_STORE_REPLACED:
		job->status = SOUP_STATUS_OK;
		job->stored = TD_DAY_REPORT_REPLACED_SAME;
		break;
	case TD_HUB_STORE_CHANGED:
		job->status = SOUP_STATUS_OK;
		job->stored = TD_DAY_REPORT_REPLACED_CHANGED;
		break;
	case TD_HUB_STORE_UNAUTHORIZED:
		job->status = SOUP_STATUS_UNAUTHORIZED;
		break;
	case TD_HUB_STORE_FAILED:
	default:
		g_warning("storing the report of %s for %s: %s", job->report->station, job->report->day,
			  error->message);
		job->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
		break;
	}
}

/* A page or CSV text as the answer's bytes (text is taken). */
static GBytes *
hub_text_bytes(gchar *text)
{
	return g_bytes_new_take(text, strlen(text));
}

static void
hub_job_rollup(HubJob *job, PGconn *conn)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	g_autoptr(GDateTime) now = NULL;
	g_autofree gchar *made_at = NULL;

	if (!td_hub_db_check_viewer(conn, job->viewer, job->token_hash, &error)) {
		if (error != NULL)
			g_warning("checking a viewer: %s", error->message);
		job->status = error != NULL ? SOUP_STATUS_SERVICE_UNAVAILABLE : SOUP_STATUS_UNAUTHORIZED;
		return;
	}
	rows = td_hub_db_station_days(conn, job->day, &error);
	if (rows == NULL) {
		g_warning("reading the roll-up for %s: %s", job->day, error->message);
		job->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
		return;
	}
	job->status = SOUP_STATUS_OK;
	if (job->kind == HUB_JOB_ROLLUP_CSV) {
		job->content_type = "text/csv; charset=utf-8";
		job->body = hub_text_bytes(td_hub_rollup_csv(rows, job->day));
		return;
	}
	if (job->kind == HUB_JOB_ROLLUP_SPREADSHEET) {
		job->content_type = TD_SPREADSHEET_CONTENT_TYPE;
		job->body = td_hub_rollup_spreadsheet(rows, job->day, &error);
		if (job->body == NULL) {
			/* the temporary folder full or not writable */
			g_warning("writing the roll-up's spreadsheet for %s: %s", job->day, error->message);
			job->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
		}
		return;
	}
	now = g_date_time_new_now_local();
	made_at = g_date_time_format(now, "%H:%M %d/%m/%Y");
	job->content_type = "text/html; charset=utf-8";
	job->body = hub_text_bytes(td_hub_rollup_html(rows, job->day, made_at));
}

static gboolean
hub_job_done_cb(gpointer data)
{
	HubJob *job = data;
	SoupServerMessage *msg = job->msg;
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);

	job->server->in_flight--;
	if (job->disconnected) {
		hub_job_free(job);
		return G_SOURCE_REMOVE;
	}
	if (job->kind == HUB_JOB_REPORT) {
		if (job->status == SOUP_STATUS_OK) {
			g_autofree gchar *ack = td_day_report_ack_to_json(job->report, job->stored);
			hub_respond(msg, SOUP_STATUS_OK, "application/json", ack);
			g_debug("stored the report of %s for %s%s", job->report->station, job->report->day,
				job->stored != TD_DAY_REPORT_STORED ? " (replaced)" : "");
		} else if (job->status == SOUP_STATUS_UNAUTHORIZED) {
			g_message("refused a report for station %s from %s: unknown station or not its token",
				  job->report->station, soup_server_message_get_remote_host(msg));
			hub_respond_error(msg, job->status, "unknown station, or not its token");
		} else {
			hub_respond_error(msg, job->status, "the hub's database is not available; try again later");
		}
	} else if (job->status == SOUP_STATUS_UNAUTHORIZED) {
		soup_message_headers_replace(headers, "WWW-Authenticate", "Basic realm=\"" TD_HUB_REALM "\", charset=\"UTF-8\"");
		hub_respond(msg, job->status, "text/plain; charset=utf-8", "Cần tên và mã của người xem.\n");
	} else if (job->status == SOUP_STATUS_OK) {
		if (job->kind != HUB_JOB_ROLLUP_HTML) {
			/* the spreadsheet's name in Vietnamese words (tổng hợp:
			 * the roll-up), the programs' as it always was */
			g_autofree gchar *disposition = g_strdup_printf(
			    "attachment; filename=\"tiepdon-%s-%s%s\"",
			    job->kind == HUB_JOB_ROLLUP_SPREADSHEET ? "tong-hop" : "rollup", job->day,
			    job->kind == HUB_JOB_ROLLUP_SPREADSHEET ? TD_SPREADSHEET_SUFFIX : ".csv");
			soup_message_headers_replace(headers, "Content-Disposition", disposition);
		} else {
			soup_message_headers_replace(headers, "Content-Security-Policy",
						     "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
		}
		hub_respond_bytes(msg, job->status, job->content_type, job->body);
	} else if (job->status == SOUP_STATUS_INTERNAL_SERVER_ERROR) {
		hub_respond(msg, job->status, "text/plain; charset=utf-8",
			    "Máy chủ chưa tạo được tệp bảng tính; xin thử lại sau.\n");
	} else {
		hub_respond(msg, job->status, "text/plain; charset=utf-8", "Cơ sở dữ liệu chưa sẵn sàng; xin thử lại sau.\n");
	}
	soup_server_message_unpause(msg);
	hub_job_free(job);
	return G_SOURCE_REMOVE;
}

static void
hub_worker(gpointer data, gpointer user_data)
{
	HubJob *job = data;
	TdHubServer *self = user_data;
	PGconn *conn = g_async_queue_pop(self->connections);
	GSource *done;

	/* a server restart broke it: libpq reconnects on the same settings */
	if (PQstatus(conn) != CONNECTION_OK)
		PQreset(conn);
	if (job->kind == HUB_JOB_REPORT)
		hub_job_report(job, conn);
	else
		hub_job_rollup(job, conn);
	g_async_queue_push(self->connections, conn);
	/* libpq's TLS ran in this thread, which may outlive OpenSSL's
	 * clean-up at the program's end */
	td_secret_end_thread_state();

	/* answered on the server's own thread */
	done = g_idle_source_new();
	g_source_set_callback(done, hub_job_done_cb, job, NULL);
	g_source_attach(done, self->context);
	g_source_unref(done);
}

/* ---- requests ---- */

static void
hub_disconnected_cb(SoupServerMessage *msg, HubJob *job)
{
	job->disconnected = TRUE;
}

static void
hub_dispatch(TdHubServer *self, HubJob *job)
{
	g_signal_connect(job->msg, "disconnected", G_CALLBACK(hub_disconnected_cb), job);
	soup_server_message_pause(job->msg);
	self->in_flight++;
	g_thread_pool_push(self->workers, job, NULL);
}

static HubJob *
hub_job_new(TdHubServer *self, SoupServerMessage *msg, HubJobKind kind)
{
	HubJob *job = g_new0(HubJob, 1);
	job->server = self;
	job->msg = g_object_ref(msg);
	job->kind = kind;
	return job;
}

static const gchar *
hub_authorization(SoupServerMessage *msg)
{
	return soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Authorization");
}

/* Before the body is read: only reports with a declared, small body. */
static void
hub_report_early_cb(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
		    gpointer user_data)
{
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(msg);

	if (g_strcmp0(soup_server_message_get_method(msg), "POST") != 0)
		return; /* refused by the handler */
	if (soup_message_headers_get_encoding(headers) != SOUP_ENCODING_CONTENT_LENGTH)
		hub_respond_error(msg, SOUP_STATUS_LENGTH_REQUIRED, "a report needs a Content-Length");
	else if (soup_message_headers_get_content_length(headers) > TD_DAY_REPORT_MAX_LEN)
		hub_respond_error(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "a day report is at most 16 KiB");
}

static void
hub_report_cb(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
	      gpointer user_data)
{
	TdHubServer *self = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) body = NULL;
	g_autofree gchar *token_hash = NULL;
	TdDayReport *report;
	HubJob *job;

	if (g_strcmp0(soup_server_message_get_method(msg), "POST") != 0) {
		hub_respond_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "POST a day report here");
		return;
	}
	token_hash = td_hub_authorization_bearer_hash(hub_authorization(msg));
	if (token_hash == NULL) {
		hub_respond_error(msg, SOUP_STATUS_UNAUTHORIZED, "a report needs the station's bearer token");
		return;
	}
	body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
	report = td_day_report_from_json(g_bytes_get_data(body, NULL), g_bytes_get_size(body), &error);
	if (report == NULL) {
		hub_respond_error(msg, SOUP_STATUS_BAD_REQUEST, error->message);
		return;
	}
	job = hub_job_new(self, msg, HUB_JOB_REPORT);
	job->report = report;
	job->token_hash = g_steal_pointer(&token_hash);
	hub_dispatch(self, job);
}

static void
hub_rollup_cb(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
	      gpointer user_data)
{
	TdHubServer *self = user_data;
	const gchar *day = query != NULL ? g_hash_table_lookup(query, "date") : NULL;
	g_autofree gchar *name = NULL;
	g_autofree gchar *hash = NULL;
	HubJobKind kind;
	HubJob *job;

	if (g_strcmp0(path, "/") == 0) {
		soup_server_message_set_redirect(msg, SOUP_STATUS_FOUND, "/rollup");
		return;
	}
	if (g_strcmp0(path, "/rollup") == 0) {
		kind = HUB_JOB_ROLLUP_HTML;
	} else if (g_strcmp0(path, "/rollup.csv") == 0) {
		kind = HUB_JOB_ROLLUP_CSV;
	} else if (g_strcmp0(path, "/rollup-sheet" TD_SPREADSHEET_SUFFIX) == 0) {
		kind = HUB_JOB_ROLLUP_SPREADSHEET;
	} else {
		hub_respond(msg, SOUP_STATUS_NOT_FOUND, "text/plain; charset=utf-8", "Không có trang này.\n");
		return;
	}
	if (g_strcmp0(soup_server_message_get_method(msg), "GET") != 0) {
		hub_respond(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, NULL);
		return;
	}
	if (day != NULL && !td_day_report_day_is_valid(day)) {
		hub_respond(msg, SOUP_STATUS_BAD_REQUEST, "text/plain; charset=utf-8",
			    "Ngày phải viết yyyy-mm-dd.\n");
		return;
	}
	if (!td_hub_authorization_basic(hub_authorization(msg), &name, &hash)) {
		soup_message_headers_replace(soup_server_message_get_response_headers(msg), "WWW-Authenticate",
					     "Basic realm=\"" TD_HUB_REALM "\", charset=\"UTF-8\"");
		hub_respond(msg, SOUP_STATUS_UNAUTHORIZED, "text/plain; charset=utf-8",
			    "Cần tên và mã của người xem.\n");
		return;
	}
	job = hub_job_new(self, msg, kind);
	job->viewer = g_steal_pointer(&name);
	job->token_hash = g_steal_pointer(&hash);
	if (day != NULL) {
		job->day = g_strdup(day);
	} else {
		/* the report due this morning is yesterday's */
		g_autoptr(GDateTime) now = g_date_time_new_now_local();
		g_autoptr(GDateTime) yesterday = g_date_time_add_days(now, -1);
		job->day = g_date_time_format(yesterday, "%Y-%m-%d");
	}
	hub_dispatch(self, job);
}

/* ---- life ---- */

TdHubServer *
td_hub_server_new(const gchar *conninfo, guint db_connections, GTlsCertificate *certificate, GError **error)
{
	g_autoptr(TdHubServer) self = g_new0(TdHubServer, 1);

	self->context = g_main_context_ref_thread_default();
	self->connections = g_async_queue_new();
	for (guint i = 0; i < MAX(db_connections, 1); i++) {
		PGconn *conn = td_hub_db_connect(conninfo, error);
		if (conn == NULL)
			return NULL;
		if (i == 0 && td_hub_db_migrate(conn, error) < 0) {
			PQfinish(conn);
			return NULL;
		}
		g_async_queue_push(self->connections, conn);
		self->n_connections++;
	}
	self->workers = g_thread_pool_new(hub_worker, self, (gint)self->n_connections, FALSE, error);
	if (self->workers == NULL)
		return NULL;
	/* one request per connection: a station sends once a day */
	self->soup = td_https_server_new(certificate, "tiepdon-hub");
	soup_server_add_early_handler(self->soup, TD_REPORT_CLIENT_PATH, hub_report_early_cb, self, NULL);
	soup_server_add_handler(self->soup, TD_REPORT_CLIENT_PATH, hub_report_cb, self, NULL);
	soup_server_add_handler(self->soup, "/", hub_rollup_cb, self, NULL);
	return g_steal_pointer(&self);
}

guint
td_hub_server_listen(TdHubServer *self, const gchar *address, guint port, GError **error)
{
	g_autoptr(GInetAddress) inet = address != NULL ? g_inet_address_new_from_string(address) : NULL;
	if (address != NULL && inet == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "'%s' is not an IP address", address);
		return 0;
	}
	return td_https_listen(self->soup, inet, port, error);
}

void
td_hub_server_free(TdHubServer *self)
{
	PGconn *conn;

	if (self == NULL)
		return;
	if (self->soup != NULL)
		soup_server_disconnect(self->soup);
	if (self->workers != NULL)
		g_thread_pool_free(self->workers, FALSE, TRUE);
	/* the workers' answers are queued on the context: let them finish */
	while (self->in_flight > 0)
		g_main_context_iteration(self->context, TRUE);
	g_clear_object(&self->soup);
	while ((conn = g_async_queue_try_pop(self->connections)) != NULL)
		PQfinish(conn);
	g_async_queue_unref(self->connections);
	g_main_context_unref(self->context);
	g_free(self);
}
