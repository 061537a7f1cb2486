/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-transport.h"

typedef struct {
	TdTransportStats stats;
	TdTransportTraceFunc trace_func;
	gpointer trace_user_data;
	gboolean trace_redact;
} TdTransportPrivate;

G_DEFINE_TYPE_WITH_PRIVATE(TdTransport, td_transport, G_TYPE_OBJECT)

#define GET_PRIVATE(o) (td_transport_get_instance_private(o))

/* A card that keeps answering 61xx must not keep us in a loop forever. */
#define TD_TRANSPORT_MAX_GET_RESPONSE 64

static void
td_transport_init(TdTransport *self)
{
}

static void
td_transport_class_init(TdTransportClass *klass)
{
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
	GBytes *response;
	gint64 start;

	g_return_val_if_fail(TD_IS_TRANSPORT(self), NULL);
	g_return_val_if_fail(klass->transmit_raw != NULL, NULL);

	if (g_cancellable_set_error_if_cancelled(cancellable, error))
		return NULL;
	trace_bytes(self, ">>", command);
	start = g_get_monotonic_time();
	response = klass->transmit_raw(self, command, cancellable, error);
	priv->stats.elapsed_us += g_get_monotonic_time() - start;
	priv->stats.apdu_count++;
	priv->stats.bytes_sent += g_bytes_get_size(command);
	if (response == NULL)
		return NULL;
	priv->stats.bytes_received += g_bytes_get_size(response);
	trace_bytes(self, "<<", response);
	return response;
}

TdResponse *
td_transport_transmit(TdTransport *self, const TdApdu *apdu, GCancellable *cancellable, GError **error)
{
	g_autoptr(GBytes) command = td_apdu_encode(apdu);
	g_autoptr(GBytes) raw = NULL;
	g_autoptr(TdResponse) resp = NULL;
	g_autoptr(GByteArray) collected = NULL;

	raw = td_transport_transmit_raw(self, command, cancellable, error);
	if (raw == NULL)
		return NULL;
	resp = td_response_decode(raw, error);
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
		g_clear_pointer(&raw, g_bytes_unref);
		g_clear_pointer(&command, g_bytes_unref);
		command = td_apdu_encode(again);
		raw = td_transport_transmit_raw(self, command, cancellable, error);
		if (raw == NULL)
			return NULL;
		resp = td_response_decode(raw, error);
		if (resp == NULL)
			return NULL;
	}

	/* 61xx (T=0 mostly): collect the rest with GET RESPONSE. */
	for (guint i = 0; (resp->sw & 0xff00) == 0x6100; i++) {
		guint8 get_response[5] = {apdu->cla & 0x03, 0xC0, 0x00, 0x00, resp->sw & 0xff};
		g_autoptr(GBytes) gr = g_bytes_new(get_response, sizeof(get_response));
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
		g_clear_pointer(&raw, g_bytes_unref);
		raw = td_transport_transmit_raw(self, gr, cancellable, error);
		if (raw == NULL)
			return NULL;
		resp = td_response_decode(raw, error);
		if (resp == NULL)
			return NULL;
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
