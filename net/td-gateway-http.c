/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curl/curl.h>
#include <string.h>

#include "td-gateway-error.h"
#include "td-gateway-http.h"
#include "td-secret.h"

typedef struct {
	GByteArray *answer;
	gsize capacity; /* what answer holds without growing */
	gsize max_answer;
	gboolean too_large;
	GCancellable *cancellable;
} TdGatewayHttpTransfer;

struct _TdGatewayHttpShare {
	CURLSH *curl;
	GMutex locks[CURL_LOCK_DATA_LAST];
};

static void
http_share_lock_cb(CURL *handle, curl_lock_data data, curl_lock_access access, void *user_data)
{
	TdGatewayHttpShare *share = user_data;
	g_mutex_lock(&share->locks[data]);
}

static void
http_share_unlock_cb(CURL *handle, curl_lock_data data, void *user_data)
{
	TdGatewayHttpShare *share = user_data;
	g_mutex_unlock(&share->locks[data]);
}

static gpointer
http_global_init(gpointer data)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return NULL;
}

/* one GOnce for the whole file: curl_global_init must run exactly once */
static GOnce http_curl_once = G_ONCE_INIT;

TdGatewayHttpShare *
td_gateway_http_share_new(void)
{
	TdGatewayHttpShare *share = g_new0(TdGatewayHttpShare, 1);

	g_once(&http_curl_once, http_global_init, NULL);
	for (gsize i = 0; i < G_N_ELEMENTS(share->locks); i++)
		g_mutex_init(&share->locks[i]);
	share->curl = curl_share_init();
	curl_share_setopt(share->curl, CURLSHOPT_LOCKFUNC, http_share_lock_cb);
	curl_share_setopt(share->curl, CURLSHOPT_UNLOCKFUNC, http_share_unlock_cb);
	curl_share_setopt(share->curl, CURLSHOPT_USERDATA, share);
	/* not CURL_LOCK_DATA_CONNECT: curl documents it unsafe across threads */
	curl_share_setopt(share->curl, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(share->curl, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	return share;
}

void
td_gateway_http_share_free(TdGatewayHttpShare *share)
{
	if (share == NULL)
		return;
	curl_share_cleanup(share->curl);
	for (gsize i = 0; i < G_N_ELEMENTS(share->locks); i++)
		g_mutex_clear(&share->locks[i]);
	g_free(share);
}

/* an answer without its histories fits (they are wiped when they grow) */
#define TD_GATEWAY_HTTP_FIRST_CAPACITY 8192

static gsize
http_write_cb(char *data, size_t size, size_t nmemb, void *user_data)
{
	TdGatewayHttpTransfer *transfer = user_data;
	gsize len = size * nmemb;

	if (len > transfer->max_answer - MIN(transfer->answer->len, transfer->max_answer)) {
		/* returning less than len makes curl stop with CURLE_WRITE_ERROR */
		transfer->too_large = TRUE;
		return 0;
	}
	/* grown by hand, the old buffer wiped: g_byte_array_append's
	 * realloc would leave copies of the answer (names, addresses, the
	 * card's check history) in freed memory */
	if (transfer->answer->len + len > transfer->capacity) {
		gsize capacity = MAX(transfer->capacity * 2, transfer->answer->len + len);
		GByteArray *bigger = g_byte_array_sized_new((guint)MIN(capacity, transfer->max_answer));
		g_byte_array_append(bigger, transfer->answer->data, transfer->answer->len);
		td_memwipe(transfer->answer->data, transfer->answer->len);
		g_byte_array_unref(transfer->answer);
		transfer->answer = bigger;
		transfer->capacity = MIN(capacity, transfer->max_answer);
	}
	g_byte_array_append(transfer->answer, (const guint8 *)data, (guint)len);
	return len;
}

static int
http_xferinfo_cb(void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		 curl_off_t ulnow)
{
	TdGatewayHttpTransfer *transfer = user_data;
	return g_cancellable_is_cancelled(transfer->cancellable) ? 1 : 0;
}

static void
http_cancelled_cb(GCancellable *cancellable, gpointer user_data)
{
	/* thread-safe by contract: makes curl_multi_poll return at once */
	curl_multi_wakeup((CURLM *)user_data);
}

static void
http_set_error(CURLcode code, CURL *easy, const gchar *errbuf, gboolean too_large, const gchar *peer,
	       gboolean *retryable, GError **error)
{
	curl_off_t appconnect_us = 0;

	*retryable = FALSE;
	switch (code) {
	case CURLE_OPERATION_TIMEDOUT:
		/* only a connection that never came up is worth retrying; a
		 * gateway that accepted and went silent is slow, and asking it
		 * again would double the load it cannot carry */
		curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &appconnect_us);
		*retryable = appconnect_us == 0;
		if (appconnect_us == 0)
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_TIMEOUT,
				    "connecting to %s timed out", peer);
		else
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_TIMEOUT,
				    "%s did not answer in time", peer);
		return;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		*retryable = TRUE;
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONNECT,
			    "%s dropped the connection (%s)", peer, curl_easy_strerror(code));
		return;
	case CURLE_PARTIAL_FILE:
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
			    "the answer of %s was cut short", peer);
		return;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (too_large || code == CURLE_FILESIZE_EXCEEDED) {
			g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_MALFORMED,
				    "the answer of %s is too large", peer);
			return;
		}
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		/* the other end is not the gateway we trust: staff must look at
		 * the network or the CA file, retrying will not help */
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CERTIFICATE,
			    "the gateway's certificate is not trusted: %s",
			    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code));
		return;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
		/* curl's TLS messages name the certificate problem, not the URL */
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_TLS,
			    "the TLS connection to %s was refused: %s", peer,
			    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code));
		return;
	default:
		break;
	}
	g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONNECT,
		    "cannot reach %s: %s", peer, curl_easy_strerror(code));
}

/* curl copied the header strings into the list: wipe them before freeing,
 * as one of them may be a bearer token. */
static void
http_headers_clear_free(struct curl_slist *headers)
{
	for (struct curl_slist *h = headers; h != NULL; h = h->next)
		td_memwipe(h->data, strlen(h->data));
	curl_slist_free_all(headers);
}

GBytes *
td_gateway_http_post(const TdGatewayHttpRequest *request, guint *http_status, guint *retry_after_s,
		     gboolean *retryable, GCancellable *cancellable, GError **error)
{
	TdGatewayHttpTransfer transfer = {
		.answer = g_byte_array_sized_new(TD_GATEWAY_HTTP_FIRST_CAPACITY),
		.capacity = TD_GATEWAY_HTTP_FIRST_CAPACITY,
		.max_answer = request->max_answer,
		.cancellable = cancellable,
	};
	gchar errbuf[CURL_ERROR_SIZE] = {0};
	g_autofree gchar *content_type = NULL;
	struct curl_slist *headers = NULL;
	const gchar *peer = request->peer != NULL ? request->peer : "the gateway";
	CURLcode code = CURLE_OK;
	CURLM *multi;
	CURL *easy;
	gulong cancel_id = 0;
	gboolean done = FALSE;
	long status = 0;
	GBytes *answer = NULL;

	*retryable = FALSE;
	*http_status = 0;
	g_once(&http_curl_once, http_global_init, NULL);

	easy = curl_easy_init();
	multi = curl_multi_init();
	content_type = g_strdup_printf("Content-Type: %s", request->content_type);
	headers = curl_slist_append(headers, content_type);
	headers = curl_slist_append(headers, "Accept: application/json");
	/* no "Expect: 100-continue" round trip for our small bodies */
	headers = curl_slist_append(headers, "Expect:");
	if (request->authorization != NULL) {
		gchar *authorization = g_strconcat("Authorization: ", request->authorization, NULL);
		headers = curl_slist_append(headers, authorization);
		td_str_clear_free(authorization);
	}

	curl_easy_setopt(easy, CURLOPT_URL, request->url);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(easy, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (request->ca_file != NULL)
		curl_easy_setopt(easy, CURLOPT_CAINFO, request->ca_file);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long)request->timeout_ms);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, (long)request->connect_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)request->max_answer);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(easy, CURLOPT_POST, 1L);
	curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request->body);
	curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_len);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, http_write_cb);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
	curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, http_xferinfo_cb);
	curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &transfer);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, "tiepdon/" PACKAGE_VERSION);
	if (request->share != NULL)
		curl_easy_setopt(easy, CURLOPT_SHARE, request->share->curl);
	curl_multi_add_handle(multi, easy);

	if (cancellable != NULL)
		cancel_id = g_cancellable_connect(cancellable, G_CALLBACK(http_cancelled_cb),
						  multi, NULL);
	while (!done) {
		int running = 0;
		CURLMsg *msg;
		int queued;

		if (g_cancellable_is_cancelled(cancellable))
			break;
		if (curl_multi_perform(multi, &running) != CURLM_OK) {
			code = CURLE_OUT_OF_MEMORY;
			done = TRUE;
			break;
		}
		while ((msg = curl_multi_info_read(multi, &queued)) != NULL) {
			if (msg->msg == CURLMSG_DONE) {
				code = msg->data.result;
				done = TRUE;
			}
		}
		if (done || running == 0)
			break;
		/* curl keeps its own timeouts; 1 s is only a ceiling on a poll */
		curl_multi_poll(multi, NULL, 0, 1000, NULL);
	}
	/* disconnect waits for a running handler, so multi outlives it */
	if (cancel_id != 0)
		g_cancellable_disconnect(cancellable, cancel_id);

	if (g_cancellable_set_error_if_cancelled(cancellable, error) ||
	    code == CURLE_ABORTED_BY_CALLBACK) {
		if (error != NULL && *error == NULL)
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
					    "Operation was cancelled");
	} else if (!done) {
		g_set_error(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONNECT,
			    "the transfer to %s stopped unexpectedly", peer);
	} else if (code != CURLE_OK) {
		http_set_error(code, easy, errbuf, transfer.too_large, peer, retryable, error);
	} else {
		curl_off_t retry_after = 0;

		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
		*http_status = (guint)status;
		/* seconds, or an HTTP date curl turns into seconds from now */
		if (retry_after_s != NULL && curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK)
			*retry_after_s = (guint)CLAMP(retry_after, 0, G_MAXUINT);
		answer = g_byte_array_free_to_bytes(g_steal_pointer(&transfer.answer));
	}

	curl_multi_remove_handle(multi, easy);
	curl_easy_cleanup(easy);
	curl_multi_cleanup(multi);
	http_headers_clear_free(headers);
	if (transfer.answer != NULL) {
		td_memwipe(transfer.answer->data, transfer.answer->len);
		g_byte_array_unref(transfer.answer);
	}
	return answer;
}
