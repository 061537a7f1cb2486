/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-secret.h"
#include "td-transport.h"

typedef struct {
	TdTransportStats stats;
	TdTransportTraceFunc trace_func;
	gpointer trace_user_data;
	gboolean trace_redact;
	GMutex deadline_lock;
	TdTransportDeadline deadline;
	gchar *abandoned; /* why the card was given up, NULL while it is not */
} TdTransportPrivate;

G_DEFINE_TYPE_WITH_PRIVATE(TdTransport, td_transport, G_TYPE_OBJECT)

#define GET_PRIVATE(o) (td_transport_get_instance_private(o))

/* A card that keeps answering 61xx must not keep us in a loop forever. */
#define TD_TRANSPORT_MAX_GET_RESPONSE 64

static void
td_transport_init(TdTransport *self)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	g_mutex_init(&priv->deadline_lock);
}

static void
td_transport_finalize(GObject *object)
{
	TdTransportPrivate *priv = GET_PRIVATE(TD_TRANSPORT(object));
	g_mutex_clear(&priv->deadline_lock);
	g_free(priv->abandoned);
	G_OBJECT_CLASS(td_transport_parent_class)->finalize(object);
}

static void
td_transport_class_init(TdTransportClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_transport_finalize;
}

/* ---- deadlines: a blocking call in a helper thread the caller can leave ---- */

TdTransportDeadline
td_transport_deadline_from_now(guint command_ms, guint card_ms)
{
	TdTransportDeadline deadline = {.command_ms = command_ms};
	if (card_ms > 0)
		deadline.card_end_time = g_get_monotonic_time() + (gint64)card_ms * 1000;
	return deadline;
}

void
td_transport_set_deadline(TdTransport *self, const TdTransportDeadline *deadline)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	g_return_if_fail(TD_IS_TRANSPORT(self));
	g_mutex_lock(&priv->deadline_lock);
	if (deadline != NULL)
		priv->deadline = *deadline;
	else
		memset(&priv->deadline, 0, sizeof(priv->deadline));
	g_mutex_unlock(&priv->deadline_lock);
}

gboolean
td_transport_is_abandoned(TdTransport *self)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	gboolean abandoned;
	g_return_val_if_fail(TD_IS_TRANSPORT(self), FALSE);
	g_mutex_lock(&priv->deadline_lock);
	abandoned = priv->abandoned != NULL;
	g_mutex_unlock(&priv->deadline_lock);
	return abandoned;
}

/* One blocking call, shared by the caller (who may give up waiting) and
 * the helper thread (who always finishes it); the last one out frees it. */
typedef struct {
	gint ref_count;
	GMutex lock;
	GCond cond;
	gboolean done;
	TdTransport *transport; /* held by the helper until the call returns */
	TdTransportBlockingFunc func;
	gpointer data;
	GDestroyNotify data_free;
	gpointer result;
	GDestroyNotify result_free;
	GError *error;
} TdTransportCall;

static void
td_transport_call_unref(TdTransportCall *call)
{
	if (!g_atomic_int_dec_and_test(&call->ref_count))
		return;
	if (call->result != NULL && call->result_free != NULL)
		call->result_free(call->result);
	if (call->data_free != NULL)
		call->data_free(call->data);
	g_clear_error(&call->error);
	g_mutex_clear(&call->lock);
	g_cond_clear(&call->cond);
	g_free(call);
}

static void
td_transport_call_run(gpointer data, gpointer user_data)
{
	TdTransportCall *call = data;
	g_autoptr(GError) error = NULL;
	gpointer result = call->func(call->transport, call->data, &error);

	/* let go of the transport before the caller hears of the result:
	 * while it waits it holds a reference of its own, so this is the
	 * last one only for a card it gave up (its transport, its reader
	 * handle, are freed here, once the call that hung has come back),
	 * never for one it still uses (which would then be freed in this
	 * thread at any time, even while the program exits) */
	g_clear_object(&call->transport);
	/* the virtual chip's card side signs and derives keys in this
	 * thread, which may outlive OpenSSL's clean-up at the program's end:
	 * its state goes after the card's, and before the caller hears (it
	 * may then return, and the program end with OpenSSL's clean-up) */
	td_secret_end_thread_state();
	g_mutex_lock(&call->lock);
	call->result = result;
	call->error = g_steal_pointer(&error);
	call->done = TRUE;
	g_cond_signal(&call->cond);
	g_mutex_unlock(&call->lock);
	td_transport_call_unref(call);
}

/* Shared by every transport; threads are made as calls need them, and a
 * call that hangs keeps its thread without holding up the others. */
static GThreadPool *
td_transport_call_pool(void)
{
	static GThreadPool *pool = NULL;
	if (g_once_init_enter(&pool)) {
		GThreadPool *new_pool = g_thread_pool_new(td_transport_call_run, NULL, -1, FALSE, NULL);
		g_once_init_leave(&pool, new_pool);
	}
	return pool;
}

gpointer
td_transport_call_with_deadline(TdTransport *self, const gchar *what, TdTransportBlockingFunc func, gpointer data,
				GDestroyNotify data_free, GDestroyNotify result_free, GError **error)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	TdTransportDeadline deadline;
	TdTransportCall *call;
	gint64 end_time;
	gboolean past_card_deadline;
	gboolean timed_out;
	gpointer result = NULL;

	g_mutex_lock(&priv->deadline_lock);
	deadline = priv->deadline;
	if (priv->abandoned != NULL) {
		/* the first reason, not "abandoned": what a caller that
		 * swallowed the first error (an optional file) shows */
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT, priv->abandoned);
		g_mutex_unlock(&priv->deadline_lock);
		if (data_free != NULL)
			data_free(data);
		return NULL;
	}
	g_mutex_unlock(&priv->deadline_lock);

	if (deadline.command_ms == 0 && deadline.card_end_time == 0) {
		result = func(self, data, error);
		if (data_free != NULL)
			data_free(data);
		return result;
	}
	end_time = deadline.command_ms > 0 ? g_get_monotonic_time() + (gint64)deadline.command_ms * 1000 : G_MAXINT64;
	past_card_deadline = deadline.card_end_time != 0 && deadline.card_end_time <= end_time;
	if (past_card_deadline)
		end_time = deadline.card_end_time;
	if (end_time <= g_get_monotonic_time()) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT,
			    "the card took longer than its time limit; %s was not sent", what);
		if (data_free != NULL)
			data_free(data);
		return NULL;
	}

	call = g_new0(TdTransportCall, 1);
	call->ref_count = 2; /* the caller and the helper */
	g_mutex_init(&call->lock);
	g_cond_init(&call->cond);
	call->transport = g_object_ref(self);
	call->func = func;
	call->data = data;
	call->data_free = data_free;
	call->result_free = result_free;
	g_thread_pool_push(td_transport_call_pool(), call, NULL);

	g_mutex_lock(&call->lock);
	while (!call->done) {
		if (!g_cond_wait_until(&call->cond, &call->lock, end_time))
			break;
	}
	timed_out = !call->done;
	if (!timed_out) {
		result = g_steal_pointer(&call->result);
		if (call->error != NULL)
			g_propagate_error(error, g_steal_pointer(&call->error));
	}
	g_mutex_unlock(&call->lock);
	if (timed_out) {
		g_autofree gchar *reason =
		    past_card_deadline
			? g_strdup_printf("the card did not finish within its time limit (%s had no answer)", what)
			: g_strdup_printf("the card did not answer %s within %u ms", what, deadline.command_ms);
		g_mutex_lock(&priv->deadline_lock);
		if (priv->abandoned == NULL)
			priv->abandoned = g_strdup(reason);
		g_mutex_unlock(&priv->deadline_lock);
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT, reason);
	}
	td_transport_call_unref(call);
	return result;
}

typedef struct {
	GBytes *command;
	GCancellable *cancellable; /* a reference: the call may outlive its caller */
} TdTransmitCall;

static void
td_transmit_call_free(TdTransmitCall *call)
{
	g_bytes_unref(call->command);
	g_clear_object(&call->cancellable);
	g_free(call);
}

static gpointer
td_transport_transmit_blocking(TdTransport *self, gpointer data, GError **error)
{
	TdTransmitCall *call = data;
	return TD_TRANSPORT_GET_CLASS(self)->transmit_raw(self, call->command, call->cancellable, error);
}

void
td_transport_trace(TdTransport *self, const gchar *format, ...)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	g_autofree gchar *line = NULL;
	va_list args;

	if (priv->trace_func == NULL)
		return;
	va_start(args, format);
	line = g_strdup_vprintf(format, args);
	va_end(args);
	priv->trace_func(line, priv->trace_user_data);
}

static void
trace_bytes(TdTransport *self, const gchar *direction, GBytes *bytes)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	g_autoptr(GString) str = NULL;

	if (priv->trace_func == NULL)
		return;
	str = g_string_new(direction);
	if (g_str_equal(direction, ">>")) {
		/* The header (CLA INS P1 P2) is never personal; the body may be. */
		for (gsize i = 0; i < MIN(len, 4); i++)
			g_string_append_printf(str, " %02X", data[i]);
		if (len > 4) {
			if (priv->trace_redact)
				g_string_append_printf(str, " [%" G_GSIZE_FORMAT " bytes]", len - 4);
			else
				for (gsize i = 4; i < len; i++)
					g_string_append_printf(str, " %02X", data[i]);
		}
	} else {
		if (len > 2) {
			if (priv->trace_redact)
				g_string_append_printf(str, " [%" G_GSIZE_FORMAT " bytes]", len - 2);
			else
				for (gsize i = 0; i < len - 2; i++)
					g_string_append_printf(str, " %02X", data[i]);
		}
		if (len >= 2)
			g_string_append_printf(str, " %02X%02X", data[len - 2], data[len - 1]);
	}
	priv->trace_func(str->str, priv->trace_user_data);
}

GBytes *
td_transport_transmit_raw(TdTransport *self, GBytes *command, GCancellable *cancellable, GError **error)
{
	TdTransportClass *klass = TD_TRANSPORT_GET_CLASS(self);
	TdTransportPrivate *priv = GET_PRIVATE(self);
	TdTransmitCall *call;
	GBytes *response;
	gint64 start;

	g_return_val_if_fail(TD_IS_TRANSPORT(self), NULL);
	g_return_val_if_fail(klass->transmit_raw != NULL, NULL);

	if (g_cancellable_set_error_if_cancelled(cancellable, error))
		return NULL;
	trace_bytes(self, ">>", command);
	start = g_get_monotonic_time();
	call = g_new0(TdTransmitCall, 1);
	call->command = g_bytes_ref(command);
	call->cancellable = cancellable != NULL ? g_object_ref(cancellable) : NULL;
	response = td_transport_call_with_deadline(self, "a command", td_transport_transmit_blocking, call,
						   (GDestroyNotify)td_transmit_call_free, (GDestroyNotify)g_bytes_unref,
						   error);
	priv->stats.elapsed_us += g_get_monotonic_time() - start;
	priv->stats.apdu_count++;
	priv->stats.bytes_sent += g_bytes_get_size(command);
	if (response == NULL)
		return NULL;
	priv->stats.bytes_received += g_bytes_get_size(response);
	trace_bytes(self, "<<", response);
	return response;
}

/* One encoded command out, its answer decoded. */
static TdResponse *
transport_exchange(TdTransport *self, GBytes *command, GCancellable *cancellable, GError **error)
{
	g_autoptr(GBytes) raw = td_transport_transmit_raw(self, command, cancellable, error);

	if (raw == NULL)
		return NULL;
	return td_response_decode(raw, error);
}

TdResponse *
td_transport_transmit(TdTransport *self, const TdApdu *apdu, GCancellable *cancellable, GError **error)
{
	g_autoptr(GBytes) command = td_apdu_encode(apdu);
	g_autoptr(TdResponse) resp = NULL;
	g_autoptr(GByteArray) collected = NULL;

	resp = transport_exchange(self, command, cancellable, error);
	if (resp == NULL)
		return NULL;

	/* 6Cxx: the card tells the exact Le; send the same command again.
	 * Not under secure messaging: a protected command cannot be replayed
	 * (its MAC covers Le and the counter), so the SM layer above re-wraps
	 * it with the new Le instead. */
	if ((resp->sw & 0xff00) == 0x6C00 && (apdu->cla & 0x0C) != 0x0C) {
		g_autoptr(TdApdu) again = td_apdu_new(apdu->cla, apdu->ins, apdu->p1, apdu->p2, apdu->data,
						      (resp->sw & 0xff) == 0 ? 256 : (resp->sw & 0xff));
		g_clear_pointer(&resp, td_response_free);
		g_clear_pointer(&command, g_bytes_unref);
		command = td_apdu_encode(again);
		resp = transport_exchange(self, command, cancellable, error);
		if (resp == NULL)
			return NULL;
	}

	/* 61xx (T=0 mostly): collect the rest with GET RESPONSE. */
	for (guint i = 0; (resp->sw & 0xff00) == 0x6100; i++) {
		guint8 get_response[5] = {apdu->cla & 0x03, 0xC0, 0x00, 0x00, resp->sw & 0xff};
		g_autoptr(GBytes) gr = NULL;
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(resp->data, &len);

		if (i >= TD_TRANSPORT_MAX_GET_RESPONSE) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT,
				    "card kept answering 61xx after %u GET RESPONSE commands", i);
			return NULL;
		}
		if (collected == NULL)
			collected = g_byte_array_new();
		g_byte_array_append(collected, data, len);
		g_clear_pointer(&resp, td_response_free);
		gr = g_bytes_new(get_response, sizeof(get_response));
		resp = transport_exchange(self, gr, cancellable, error);
		if (resp == NULL)
			return NULL;
		/* 6Cxx to GET RESPONSE: a card that announced 6100 ("256 or
		 * more") with fewer left says how many; asked again for those */
		if ((resp->sw & 0xff00) == 0x6C00 && g_bytes_get_size(resp->data) == 0) {
			get_response[4] = resp->sw & 0xff;
			g_clear_pointer(&resp, td_response_free);
			g_clear_pointer(&gr, g_bytes_unref);
			gr = g_bytes_new(get_response, sizeof(get_response));
			resp = transport_exchange(self, gr, cancellable, error);
			if (resp == NULL)
				return NULL;
			/* asked for what it named, it names another: not an
			 * answer to the command (under secure messaging a
			 * part of one would not unwrap) */
			if ((resp->sw & 0xff00) == 0x6C00) {
				g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT,
					    "card answered GET RESPONSE for %u bytes with %04X", get_response[4],
					    resp->sw);
				return NULL;
			}
		}
	}
	if (collected != NULL) {
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(resp->data, &len);
		guint16 sw = resp->sw;
		g_byte_array_append(collected, data, len);
		g_clear_pointer(&resp, td_response_free);
		resp = td_response_new(NULL, sw);
		g_bytes_unref(resp->data);
		resp->data = g_byte_array_free_to_bytes(g_steal_pointer(&collected));
	}
	return g_steal_pointer(&resp);
}

GBytes *
td_transport_get_atr(TdTransport *self)
{
	TdTransportClass *klass = TD_TRANSPORT_GET_CLASS(self);
	g_return_val_if_fail(TD_IS_TRANSPORT(self), NULL);
	return klass->get_atr != NULL ? klass->get_atr(self) : NULL;
}

gsize
td_transport_get_max_extended_length(TdTransport *self)
{
	TdTransportClass *klass = TD_TRANSPORT_GET_CLASS(self);
	g_return_val_if_fail(TD_IS_TRANSPORT(self), 0);
	return klass->get_max_extended_length != NULL ? klass->get_max_extended_length(self) : 0;
}

void
td_transport_get_stats(TdTransport *self, TdTransportStats *stats)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	g_return_if_fail(TD_IS_TRANSPORT(self));
	*stats = priv->stats;
}

void
td_transport_reset_stats(TdTransport *self)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	g_return_if_fail(TD_IS_TRANSPORT(self));
	memset(&priv->stats, 0, sizeof(priv->stats));
}

void
td_transport_set_trace(TdTransport *self, TdTransportTraceFunc trace_func, gpointer user_data, gboolean redact)
{
	TdTransportPrivate *priv = GET_PRIVATE(self);
	g_return_if_fail(TD_IS_TRANSPORT(self));
	priv->trace_func = trace_func;
	priv->trace_user_data = user_data;
	priv->trace_redact = redact;
}
