/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPcscTransport against a real private pcscd with the vpcd reader and a
 * scripted card (td-test-vpcd-card.c) on the far side of its socket. */
#include "config.h"

#include <string.h>

#include "td-pcsc-transport.h"
#include "td-reader-error.h"
#include "td-test-vpcd-card.h"

#define TD_TEST_CARD_TIMEOUT_MS 5000

static const TdTestVpcdRule test_rules[] = {
	/* 61xx then the data on GET RESPONSE */
	{"80 CA 00 01", "61 10"},
	{"00 C0 00 00 10", "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 90 00"},
	/* 6Cxx: "wrong Le, send it again with Le 08" */
	{"80 CA 00 02 00", "6C 08"},
	{"80 CA 00 02 08", "A0 A1 A2 A3 A4 A5 A6 A7 90 00"},
	{"80 EE", NULL}, /* echo */
	{"80 01", "90"}, /* too short to hold a status word */
};

/* The vpcd driver opens two slots, "Virtual PCD 00 00" on TD_VPCD_PORT and
 * "... 00 01" on the next port; find the first by its prefix. */
static gchar *
test_first_reader(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) readers = td_pcsc_list_readers(&error);

	g_assert_no_error(error);
	g_assert_nonnull(readers);
	g_assert_cmpuint(g_strv_length(readers), ==, 2);
	return g_strdup(readers[0]);
}

/* The scripted card in the first reader, and a transport to it. */
typedef struct {
	gchar *reader;
	TdTestVpcdCard *card;
	TdTransport *transport;
} CardInReader;

static void
card_in_reader_set_up(CardInReader *fx, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	fx->reader = test_first_reader();
	fx->card = td_test_vpcd_card_insert(td_test_vpcd_port(), fx->reader, test_rules, G_N_ELEMENTS(test_rules),
					    &error);
	g_assert_no_error(error);
	fx->transport = td_pcsc_transport_new(fx->reader, NULL, &error);
	g_assert_no_error(error);
}

static void
card_in_reader_tear_down(CardInReader *fx, gconstpointer user_data)
{
	g_clear_object(&fx->transport);
	g_clear_pointer(&fx->card, td_test_vpcd_card_remove);
	g_clear_pointer(&fx->reader, g_free);
}

/* The scripted card's echo command with one byte of data. */
static GBytes *
echo_one_byte(void)
{
	static const guint8 cmd[] = {0x80, 0xEE, 0x00, 0x00, 0x01, 0x42};
	return g_bytes_new_static(cmd, sizeof(cmd));
}

static void
test_list_readers(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) readers = td_pcsc_list_readers(&error);

	g_assert_no_error(error);
	g_assert_cmpuint(g_strv_length(readers), ==, 2);
	for (guint i = 0; readers[i] != NULL; i++)
		g_assert_true(g_str_has_prefix(readers[i], "Virtual PCD"));
	g_assert_cmpstr(readers[0], !=, readers[1]);
}

static void
test_no_card(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTransport) transport = td_pcsc_transport_new(NULL, NULL, &error);

	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NO_CARD);
	g_assert_null(transport);
}

static void
test_unknown_reader(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTransport) transport = td_pcsc_transport_new("No Such Reader 00 00", NULL, &error);

	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_NO_READER);
	g_assert_null(transport);
}

static void
test_round_trip(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *reader = test_first_reader();
	g_autoptr(TdTestVpcdCard) card = NULL;
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(GBytes) atr = NULL;
	g_autoptr(GBytes) expected_atr = g_bytes_new_static(td_test_vpcd_atr, sizeof(td_test_vpcd_atr));
	static const guint8 echo_cmd[] = {0x80, 0xEE, 0x00, 0x00, 0x03, 0x11, 0x22, 0x33, 0x00};
	static const guint8 echo_resp[] = {0x11, 0x22, 0x33, 0x90, 0x00};
	g_autoptr(GBytes) command = g_bytes_new_static(echo_cmd, sizeof(echo_cmd));
	g_autoptr(GBytes) response = NULL;
	g_autoptr(GBytes) expected = g_bytes_new_static(echo_resp, sizeof(echo_resp));

	card = td_test_vpcd_card_insert(td_test_vpcd_port(), reader, test_rules, G_N_ELEMENTS(test_rules), &error);
	g_assert_no_error(error);

	/* NULL: the first reader holding a card */
	transport = td_pcsc_transport_new(NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(transport);
	g_assert_cmpstr(td_pcsc_transport_get_reader_name(TD_PCSC_TRANSPORT(transport)), ==, reader);

	atr = td_transport_get_atr(transport);
	g_assert_nonnull(atr);
	g_assert_true(g_bytes_equal(atr, expected_atr));
	/* vpcd reports no SCARD_ATTR_MAXINPUT: the ATR's card capabilities decide */
	g_assert_cmpuint(td_transport_get_max_extended_length(transport), ==, 65535);

	response = td_transport_transmit_raw(transport, command, NULL, &error);
	g_assert_no_error(error);
	g_assert_true(g_bytes_equal(response, expected));
	g_assert_cmpuint(td_test_vpcd_card_get_apdu_count(card), ==, 1);
}

/* An extended-length command and response pass the 64 KiB buffers of
 * pcsc-lite and of the transport whole. */
static void
test_extended_echo(CardInReader *fx, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GByteArray) command = g_byte_array_new();
	g_autoptr(GBytes) command_bytes = NULL;
	g_autoptr(GBytes) response = NULL;
	const gsize data_len = 4000;
	static const guint8 header[] = {0x80, 0xEE, 0x00, 0x00, 0x00, 4000 >> 8, 4000 & 0xFF};
	static const guint8 le[] = {0x00, 0x00};
	const guint8 *resp_data;
	gsize resp_len = 0;

	g_byte_array_append(command, header, sizeof(header));
	for (gsize i = 0; i < data_len; i++) {
		guint8 b = (guint8)(i * 7);
		g_byte_array_append(command, &b, 1);
	}
	g_byte_array_append(command, le, sizeof(le));
	command_bytes = g_byte_array_free_to_bytes(g_steal_pointer(&command));

	response = td_transport_transmit_raw(fx->transport, command_bytes, NULL, &error);
	g_assert_no_error(error);
	resp_data = g_bytes_get_data(response, &resp_len);
	g_assert_cmpuint(resp_len, ==, data_len + 2);
	g_assert_cmpmem(resp_data, data_len, (const guint8 *)g_bytes_get_data(command_bytes, NULL) + 7, data_len);
	g_assert_cmpuint(resp_data[data_len], ==, 0x90);
}

/* The base class's 61xx and 6Cxx handling, through a real reader. */
static void
test_get_response_and_wrong_le(CardInReader *fx, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdApdu) get_61 = td_apdu_new(0x80, 0xCA, 0x00, 0x01, NULL, 256);
	g_autoptr(TdApdu) get_6c = td_apdu_new(0x80, 0xCA, 0x00, 0x02, NULL, 256);
	g_autoptr(TdResponse) resp = NULL;
	static const guint8 expected_61[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
	static const guint8 expected_6c[] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7};

	resp = td_transport_transmit(fx->transport, get_61, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(resp->sw, ==, 0x9000);
	g_assert_cmpmem(g_bytes_get_data(resp->data, NULL), g_bytes_get_size(resp->data), expected_61, sizeof(expected_61));
	g_clear_pointer(&resp, td_response_free);

	resp = td_transport_transmit(fx->transport, get_6c, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(resp->sw, ==, 0x9000);
	g_assert_cmpmem(g_bytes_get_data(resp->data, NULL), g_bytes_get_size(resp->data), expected_6c, sizeof(expected_6c));
	g_assert_cmpuint(td_test_vpcd_card_get_apdu_count(fx->card), ==, 4);
}

/* A one-byte answer is no response APDU: TRANSPORT, not a crash or an
 * over-read. */
static void
test_short_answer(CardInReader *fx, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	static const guint8 cmd[] = {0x80, 0x01, 0x00, 0x00};
	g_autoptr(GBytes) command = g_bytes_new_static(cmd, sizeof(cmd));
	g_autoptr(GBytes) response = td_transport_transmit_raw(fx->transport, command, NULL, &error);

	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT);
	g_assert_null(response);
}

/* The connection is exclusive: a second one gives up after its short
 * retry, as a card that does not answer it (TIMEOUT: the check-in sends
 * the patient to staff with "the card is not answering", as when the
 * connect's deadline ends first), and the first keeps working. */
static void
test_exclusive(CardInReader *fx, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTransport) second = td_pcsc_transport_new(fx->reader, NULL, &error);
	g_autoptr(GBytes) command = echo_one_byte();
	g_autoptr(GBytes) response = NULL;

	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT);
	g_assert_nonnull(strstr(error->message, "stayed in use"));
	g_assert_null(second);
	g_clear_error(&error);
	response = td_transport_transmit_raw(fx->transport, command, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(g_bytes_get_size(response), ==, 3);
}

/* Closing the card's socket mid-session is a card removal. */
static void
test_card_removed(CardInReader *fx, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) command = echo_one_byte();
	g_autoptr(GBytes) response = NULL;
	g_autoptr(GBytes) after = NULL;
	guint elapsed_ms = 0;
	gint64 start;

	response = td_transport_transmit_raw(fx->transport, command, NULL, &error);
	g_assert_no_error(error);
	g_clear_pointer(&fx->card, td_test_vpcd_card_remove);
	start = g_get_monotonic_time();
	after = td_transport_transmit_raw(fx->transport, command, NULL, &error);
	g_test_message("transmit after removal failed in %" G_GINT64_FORMAT " ms: %s",
		       (g_get_monotonic_time() - start) / 1000,
		       error != NULL ? error->message : "(no error)");
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED);
	g_assert_null(after);
	g_clear_error(&error);

	/* and it stays removed */
	after = td_transport_transmit_raw(fx->transport, command, NULL, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED);
	g_assert_true(td_test_wait_for_card(fx->reader, FALSE, TD_TEST_CARD_TIMEOUT_MS, &elapsed_ms));
	g_test_message("pcscd saw the card leave %u ms after the failed transmit", elapsed_ms);
}

static void
test_cancelled(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GCancellable) cancellable = g_cancellable_new();
	g_autoptr(TdTransport) transport = NULL;

	g_cancellable_cancel(cancellable);
	transport = td_pcsc_transport_new(NULL, cancellable, &error);
	g_assert_error(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_assert_null(transport);
}

static void
add_card_in_reader_test(const gchar *path, void (*test)(CardInReader *fx, gconstpointer user_data))
{
	g_test_add(path, CardInReader, NULL, card_in_reader_set_up, test, card_in_reader_tear_down);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (!td_test_vpcd_available())
		return 77;
	/* no card yet: these run first */
	g_test_add_func("/pcsc/transport/list-readers", test_list_readers);
	g_test_add_func("/pcsc/transport/no-card", test_no_card);
	g_test_add_func("/pcsc/transport/unknown-reader", test_unknown_reader);
	g_test_add_func("/pcsc/transport/cancelled", test_cancelled);
	g_test_add_func("/pcsc/transport/round-trip", test_round_trip);
	add_card_in_reader_test("/pcsc/transport/extended-echo", test_extended_echo);
	add_card_in_reader_test("/pcsc/transport/get-response-and-wrong-le", test_get_response_and_wrong_le);
	add_card_in_reader_test("/pcsc/transport/short-answer", test_short_answer);
	add_card_in_reader_test("/pcsc/transport/exclusive", test_exclusive);
	add_card_in_reader_test("/pcsc/transport/card-removed", test_card_removed);
	return g_test_run();
}
