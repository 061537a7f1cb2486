/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hostile card answering the file reader: every response APDU comes from
 * the fuzz input (2-byte length, then the bytes), so lengths, status words
 * and Le negotiation are all under the fuzzer's control. A length with its
 * top bit set stands for a long answer in few input bytes: a count byte
 * and that many bytes from the input, then (length & 0x7fff) zero bytes,
 * then a 2-byte status word from the input. So a file past 32 KiB, and
 * READ BINARY B1's answers (DO'53' then the bytes), are in reach of
 * short inputs (seeds/file-read/past-32k). TD_FUZZ_TRACE=1 prints the
 * exchange, for making seeds. */
#include <stdint.h>
#include <string.h>

#include "td-chip-reader.h"
#include "td-reader-error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TD_TYPE_FUZZ_TRANSPORT (td_fuzz_transport_get_type())
G_DECLARE_FINAL_TYPE(TdFuzzTransport, td_fuzz_transport, TD, FUZZ_TRANSPORT, TdTransport)

struct _TdFuzzTransport {
	TdTransport parent_instance;
	const guint8 *pos;
	const guint8 *end;
	guint answered;
};

G_DEFINE_TYPE(TdFuzzTransport, td_fuzz_transport, TD_TYPE_TRANSPORT)

static GBytes *
td_fuzz_transport_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable, GError **error)
{
	TdFuzzTransport *self = TD_FUZZ_TRANSPORT(transport);
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

static void
td_fuzz_trace(const gchar *line, gpointer user_data)
{
	g_printerr("%s\n", line);
}

static gsize
td_fuzz_transport_get_max_extended_length(TdTransport *transport)
{
	TdFuzzTransport *self = TD_FUZZ_TRANSPORT(transport);
	/* Half the runs offer extended length. */
	return (self->end - self->pos) % 2 ? 65536 : 0;
}

static void
td_fuzz_transport_init(TdFuzzTransport *self)
{
}

static void
td_fuzz_transport_class_init(TdFuzzTransportClass *klass)
{
	TD_TRANSPORT_CLASS(klass)->transmit_raw = td_fuzz_transport_transmit_raw;
	TD_TRANSPORT_CLASS(klass)->get_max_extended_length = td_fuzz_transport_get_max_extended_length;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(TdFuzzTransport) transport = g_object_new(TD_TYPE_FUZZ_TRANSPORT, NULL);
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(GBytes) file = NULL;

	transport->pos = data;
	transport->end = data + size;
	if (g_getenv("TD_FUZZ_TRACE") != NULL)
		td_transport_set_trace(TD_TRANSPORT(transport), td_fuzz_trace, NULL, FALSE);
	reader = td_chip_reader_new(TD_TRANSPORT(transport));
	file = td_chip_reader_read_file(reader, 0x011C, NULL, NULL);
	return 0;
}
