/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "td-fuzz-card-transport.h"
#include "td-reader-error.h"

struct _TdFuzzCardTransport {
	TdTransport parent_instance;
	const guint8 *pos;
	const guint8 *end;
	guint answered;
	gboolean extended_length;
};

G_DEFINE_TYPE(TdFuzzCardTransport, td_fuzz_card_transport, TD_TYPE_TRANSPORT)

static GBytes *
td_fuzz_card_transport_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable, GError **error)
{
	TdFuzzCardTransport *self = TD_FUZZ_CARD_TRANSPORT(transport);
	gsize len;

	/* A real card stops answering at some point: so does this one. */
	if (self->end - self->pos < 2 || ++self->answered > 2000) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED, "card removed");
		return NULL;
	}
	len = (gsize)(self->pos[0] << 8 | self->pos[1]);
	self->pos += 2;
	if (len & 0x8000) {
		g_autoptr(GByteArray) answer = g_byte_array_new();
		gsize prefix = self->pos < self->end ? *self->pos++ : 0;

		prefix = MIN(prefix, (gsize)(self->end - self->pos));
		g_byte_array_append(answer, self->pos, (guint)prefix);
		self->pos += prefix;
		if ((len & 0x7fff) > 0) {
			g_byte_array_set_size(answer, answer->len + (guint)(len & 0x7fff));
			memset(answer->data + prefix, 0, len & 0x7fff);
		}
		if (self->end - self->pos >= 2) {
			g_byte_array_append(answer, self->pos, 2);
			self->pos += 2;
		}
		return g_byte_array_free_to_bytes(g_steal_pointer(&answer));
	}
	len = MIN(len, (gsize)(self->end - self->pos));
	self->pos += len;
	return g_bytes_new(self->pos - len, len);
}

static gsize
td_fuzz_card_transport_get_max_extended_length(TdTransport *transport)
{
	return TD_FUZZ_CARD_TRANSPORT(transport)->extended_length ? 65536 : 0;
}

static void
td_fuzz_card_transport_init(TdFuzzCardTransport *self)
{
}

static void
td_fuzz_card_transport_class_init(TdFuzzCardTransportClass *klass)
{
	TD_TRANSPORT_CLASS(klass)->transmit_raw = td_fuzz_card_transport_transmit_raw;
	TD_TRANSPORT_CLASS(klass)->get_max_extended_length = td_fuzz_card_transport_get_max_extended_length;
}

static void
td_fuzz_trace(const gchar *line, gpointer user_data)
{
	g_printerr("%s\n", line);
}

TdFuzzCardTransport *
td_fuzz_card_transport_new(const uint8_t *data, size_t size)
{
	TdFuzzCardTransport *self = g_object_new(TD_TYPE_FUZZ_CARD_TRANSPORT, NULL);

	self->pos = data;
	self->end = data + size;
	self->extended_length = size % 2 == 1;
	if (g_getenv("TD_FUZZ_TRACE") != NULL)
		td_transport_set_trace(TD_TRANSPORT(self), td_fuzz_trace, NULL, FALSE);
	return self;
}
