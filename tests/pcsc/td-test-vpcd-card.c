/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <PCSC/winscard.h>
#include <string.h>

#include "td-test-hex.h"
#include "td-test-vpcd-card.h"

#define TD_TEST_VPCD_TIMEOUT_MS 5000

/* 3B 85: T0 with TD1 and five historical bytes; 81: T=1, TD2 follows;
 * 01: T=1; 80 73 00 00 40: compact-TLV card capabilities, extended Lc/Le;
 * B6: TCK. */
const guint8 td_test_vpcd_atr[10] = {0x3B, 0x85, 0x81, 0x01, 0x80, 0x73, 0x00, 0x00, 0x40, 0xB6};

struct _TdTestVpcdCard {
	GSocketConnection *connection;
	GCancellable *cancellable;
	GThread *thread;
	GPtrArray *rules; /* (GBytes prefix, GBytes response or NULL) pairs */
	gint apdu_count;
};

/* The data field of a short or extended case 3/4 command, for echo rules. */
static GBytes *
td_test_command_data(const guint8 *apdu, gsize len)
{
	if (len > 5 && apdu[4] != 0 && len >= 5u + apdu[4])
		return g_bytes_new(apdu + 5, apdu[4]);
	if (len > 7 && apdu[4] == 0) {
		gsize lc = (gsize)apdu[5] << 8 | apdu[6];
		if (len >= 7 + lc)
			return g_bytes_new(apdu + 7, lc);
	}
	return g_bytes_new(NULL, 0);
}

static GBytes *
td_test_vpcd_card_answer(TdTestVpcdCard *card, const guint8 *apdu, gsize len)
{
	for (guint i = 0; i + 1 < card->rules->len; i += 2) {
		GBytes *prefix = g_ptr_array_index(card->rules, i);
		GBytes *response = g_ptr_array_index(card->rules, i + 1);
		gsize prefix_len = 0;
		const guint8 *prefix_data = g_bytes_get_data(prefix, &prefix_len);

		if (len < prefix_len || memcmp(apdu, prefix_data, prefix_len) != 0)
			continue;
		if (response == NULL) {
			g_autoptr(GBytes) data = td_test_command_data(apdu, len);
			GByteArray *echo = g_byte_array_new();
			static const guint8 sw_ok[] = {0x90, 0x00};
			g_byte_array_append(echo, g_bytes_get_data(data, NULL), g_bytes_get_size(data));
			g_byte_array_append(echo, sw_ok, sizeof(sw_ok));
			return g_byte_array_free_to_bytes(echo);
		}
		return g_bytes_ref(response);
	}
	return td_test_hex("6D00");
}

static gboolean
td_test_vpcd_send(TdTestVpcdCard *card, GOutputStream *out, const guint8 *data, gsize len)
{
	guint8 header[2] = {(guint8)(len >> 8), (guint8)len};

	return g_output_stream_write_all(out, header, 2, NULL, card->cancellable, NULL) &&
	       g_output_stream_write_all(out, data, len, NULL, card->cancellable, NULL);
}

static gpointer
td_test_vpcd_card_thread(gpointer user_data)
{
	TdTestVpcdCard *card = user_data;
	GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(card->connection));
	GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(card->connection));
	g_autofree guint8 *buf = g_malloc(0x10000);

	for (;;) {
		guint8 header[2];
		gsize got = 0;
		gsize len;

		if (!g_input_stream_read_all(in, header, 2, &got, card->cancellable, NULL) || got != 2)
			break;
		len = (gsize)header[0] << 8 | header[1];
		if (!g_input_stream_read_all(in, buf, len, &got, card->cancellable, NULL) || got != len)
			break;
		if (len == 1) {
			/* power off / on / reset need no answer; 4 asks for the ATR */
			if (buf[0] == 4 && !td_test_vpcd_send(card, out, td_test_vpcd_atr, sizeof(td_test_vpcd_atr)))
				break;
			continue;
		}
		{
			g_autoptr(GBytes) response = td_test_vpcd_card_answer(card, buf, len);
			g_atomic_int_inc(&card->apdu_count);
			if (!td_test_vpcd_send(card,
					       out,
					       g_bytes_get_data(response, NULL),
					       g_bytes_get_size(response)))
				break;
		}
	}
	return NULL;
}

TdTestVpcdCard *
td_test_vpcd_card_insert(guint16 port, const gchar *reader, const TdTestVpcdRule *rules, guint n_rules, GError **error)
{
	g_autoptr(GSocketClient) client = g_socket_client_new();
	TdTestVpcdCard *card;
	GSocketConnection *connection;
	guint elapsed_ms = 0;

	/* vpcd notices a card that left only at pcscd's next presence poll;
	 * a new card connecting before that is taken for the old one */
	if (reader != NULL && !td_test_wait_for_card(reader, FALSE, TD_TEST_VPCD_TIMEOUT_MS, &elapsed_ms)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s still shows the previous card", reader);
		return NULL;
	}

	/* no proxy lookup: libproxy (C++) aborts under ASan, and this is
	 * loopback anyway */
	g_socket_client_set_enable_proxy(client, FALSE);
	connection = g_socket_client_connect_to_host(client, "127.0.0.1", port, NULL, error);
	if (connection == NULL)
		return NULL;
	card = g_new0(TdTestVpcdCard, 1);
	card->connection = connection;
	card->cancellable = g_cancellable_new();
	/* no free func: echo rules hold NULL, which g_bytes_unref() refuses */
	card->rules = g_ptr_array_new();
	for (guint i = 0; i < n_rules; i++) {
		g_ptr_array_add(card->rules, td_test_hex(rules[i].command_prefix));
		g_ptr_array_add(card->rules, rules[i].response != NULL ? td_test_hex(rules[i].response) : NULL);
	}
	card->thread = g_thread_new("td-test-vpcd-card", td_test_vpcd_card_thread, card);
	if (reader != NULL) {
		if (!td_test_wait_for_card(reader, TRUE, TD_TEST_VPCD_TIMEOUT_MS, &elapsed_ms)) {
			td_test_vpcd_card_remove(card);
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s did not see the card", reader);
			return NULL;
		}
		g_test_message("pcscd saw the card after %u ms", elapsed_ms);
	}
	return card;
}

void
td_test_vpcd_card_remove(TdTestVpcdCard *card)
{
	if (card == NULL)
		return;
	g_cancellable_cancel(card->cancellable);
	g_io_stream_close(G_IO_STREAM(card->connection), NULL, NULL);
	g_thread_join(card->thread);
	g_object_unref(card->connection);
	g_object_unref(card->cancellable);
	for (guint i = 0; i < card->rules->len; i++) {
		GBytes *bytes = g_ptr_array_index(card->rules, i);
		if (bytes != NULL)
			g_bytes_unref(bytes);
	}
	g_ptr_array_unref(card->rules);
	g_free(card);
}

guint
td_test_vpcd_card_get_apdu_count(TdTestVpcdCard *card)
{
	return (guint)g_atomic_int_get(&card->apdu_count);
}

guint16
td_test_vpcd_port(void)
{
	const gchar *port = g_getenv("TD_VPCD_PORT");
	guint64 value = 0;

	if (port == NULL || !g_ascii_string_to_unsigned(port, 10, 1, 65534, &value, NULL))
		return 0;
	return (guint16)value;
}

gboolean
td_test_vpcd_available(void)
{
	if (td_test_vpcd_port() != 0)
		return TRUE;
	g_printerr("TD_VPCD_PORT is not set: run through with-private-pcscd.sh\n");
	return FALSE;
}

gboolean
td_test_wait_for_card(const gchar *reader, gboolean present, guint timeout_ms, guint *elapsed_ms)
{
	SCARDCONTEXT context = 0;
	SCARD_READERSTATE state = {0};
	gint64 start = g_get_monotonic_time();
	gint64 deadline = start + (gint64)timeout_ms * 1000;
	gboolean ok = FALSE;

	if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context) != SCARD_S_SUCCESS)
		return FALSE;
	state.szReader = reader;
	state.dwCurrentState = SCARD_STATE_UNAWARE;
	for (;;) {
		gint64 now = g_get_monotonic_time();
		LONG rv;

		if (now >= deadline)
			break;
		rv = SCardGetStatusChange(context, (DWORD)((deadline - now) / 1000), &state, 1);
		if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
			break;
		if (((state.dwEventState & SCARD_STATE_PRESENT) != 0) == present) {
			ok = TRUE;
			break;
		}
		state.dwCurrentState = state.dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
	}
	SCardReleaseContext(context);
	if (elapsed_ms != NULL)
		*elapsed_ms = (guint)((g_get_monotonic_time() - start) / 1000);
	return ok;
}
