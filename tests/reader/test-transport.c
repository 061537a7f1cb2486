/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ISO 7816 chores of TdTransport (61xx, 6Cxx), APDU encoding, the
 * counters and the redacted trace, against a scripted card. */
#include <string.h>

#include "td-reader-error.h"
#include "td-test-hex.h"
#include "td-test-script-transport.h"
#include "td-transport.h"

/* READ BINARY with le through td_transport_transmit, to a card that
 * answers as scripted (pairs of command and answer, in hex, NULL last). */
static TdResponse *
read_binary_scripted(TdTestScriptTransport *t, gint le, const gchar *const *script, GError **error)
{
	g_autoptr(TdApdu) apdu = td_apdu_new(0x00, 0xB0, 0x00, 0x00, NULL, le);

	for (guint i = 0; script[i] != NULL; i += 2)
		td_test_script_transport_add(t, script[i], script[i + 1]);
	return td_transport_transmit(TD_TRANSPORT(t), apdu, NULL, error);
}

/* The scripted READ BINARY comes back whole: 9000 and data_hex. */
static void
assert_scripted_read(TdTestScriptTransport *t, gint le, const gchar *const *script, const gchar *data_hex)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) resp = read_binary_scripted(t, le, script, &error);

	g_assert_no_error(error);
	g_assert_cmpint(resp->sw, ==, 0x9000);
	td_test_assert_bytes_hex(resp->data, data_hex);
}

static void
test_get_response(void)
{
	g_autoptr(TdTestScriptTransport) t = td_test_script_transport_new();
	const gchar *const script[] = {"00B000000C", "010203046108", "00C0000008", "05060708090A0B0C9000", NULL};
	TdTransportStats stats;

	assert_scripted_read(t, 12, script, "0102030405060708090A0B0C");
	td_transport_get_stats(TD_TRANSPORT(t), &stats);
	g_assert_cmpuint(stats.apdu_count, ==, 2);
	g_assert_cmpuint(stats.bytes_sent, ==, 10);
	g_assert_cmpuint(stats.bytes_received, ==, 16);
}

/* A T=0 card that announces every answer as 6100 ("256 or more") and,
 * asked for 256, tells the count by 6Cxx: asked again with it. */
static void
test_get_response_wrong_le(void)
{
	g_autoptr(TdTestScriptTransport) t = td_test_script_transport_new();
	const gchar *const script[] = {"00B0000000", "6100", "00C0000000", "6C05", "00C0000005", "01020304059000", NULL};

	assert_scripted_read(t, 256, script, "0102030405");
}

/* The same after a first piece: what came before 6Cxx is kept. And a
 * card that names another count when asked for the one it named is not
 * followed further. */
static void
test_get_response_wrong_le_keeps_data(void)
{
	g_autoptr(TdTestScriptTransport) t = td_test_script_transport_new();
	g_autoptr(TdTestScriptTransport) again = td_test_script_transport_new();
	const gchar *const script[] = {"00B0000000", "AABB6100",     "00C0000000", "CCDD6100",     "00C0000000",
				       "6C03",	     "00C0000003", "EEFF009000", NULL};
	const gchar *const twice[] = {"00B0000000", "6100", "00C0000000", "6C05", "00C0000005", "6C04", NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) resp = NULL;

	assert_scripted_read(t, 256, script, "AABBCCDDEEFF00");
	resp = read_binary_scripted(again, 256, twice, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT);
	g_assert_null(resp);
}

static void
test_wrong_le_resent(void)
{
	g_autoptr(TdTestScriptTransport) t = td_test_script_transport_new();
	const gchar *const script[] = {"00B0000000", "6C04", "00B0000004", "600F5F019000", NULL};

	assert_scripted_read(t, 256, script, "600F5F01");
}

static void
test_endless_get_response_stops(void)
{
	g_autoptr(TdTestScriptTransport) t = td_test_script_transport_new();
	const gchar *const script[] = {"00B0000001", "AA6101", "00C0000001", "AA6101", NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) resp = NULL;

	td_test_script_transport_set_loop_last(t, TRUE);
	resp = read_binary_scripted(t, 1, script, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT);
	g_assert_null(resp);
}

static void
collect_trace(const gchar *line, gpointer user_data)
{
	g_ptr_array_add(user_data, g_strdup(line));
}

static void
test_trace_redacts_data(void)
{
	g_autoptr(TdTestScriptTransport) t = td_test_script_transport_new();
	g_autoptr(GBytes) data = td_test_hex("303031303930303132333435");
	g_autoptr(TdApdu) apdu = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, data, -1);
	g_autoptr(TdResponse) resp = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);

	td_test_script_transport_add(t, "00A4020C0C303031303930303132333435", "4E475559454E9000");
	td_transport_set_trace(TD_TRANSPORT(t), collect_trace, lines, TRUE);
	resp = td_transport_transmit(TD_TRANSPORT(t), apdu, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(lines->len, ==, 2);
	g_assert_cmpstr(g_ptr_array_index(lines, 0), ==, ">> 00 A4 02 0C [13 bytes]");
	g_assert_cmpstr(g_ptr_array_index(lines, 1), ==, "<< [6 bytes] 9000");
}

static void
test_apdu_encoding(void)
{
	g_autoptr(GBytes) data = td_test_hex("0102");
	g_autoptr(GBytes) big = g_bytes_new_take(g_malloc0(300), 300);
	g_autoptr(TdApdu) case1 = td_apdu_new(0x00, 0xA4, 0x00, 0x0C, NULL, -1);
	g_autoptr(TdApdu) case2 = td_apdu_new(0x00, 0xB0, 0x00, 0x00, NULL, 256);
	g_autoptr(TdApdu) case3 = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, data, -1);
	g_autoptr(TdApdu) case4 = td_apdu_new(0x00, 0x88, 0x00, 0x00, data, 0x10);
	g_autoptr(TdApdu) case2e = td_apdu_new(0x00, 0xB0, 0x00, 0x00, NULL, 1000);
	g_autoptr(TdApdu) case4e = td_apdu_new(0x00, 0x86, 0x00, 0x00, big, 65536);
	g_autoptr(GBytes) e1 = td_apdu_encode(case1);
	g_autoptr(GBytes) e2 = td_apdu_encode(case2);
	g_autoptr(GBytes) e3 = td_apdu_encode(case3);
	g_autoptr(GBytes) e4 = td_apdu_encode(case4);
	g_autoptr(GBytes) e2e = td_apdu_encode(case2e);
	g_autoptr(GBytes) e4e = td_apdu_encode(case4e);
	GBytes *all[] = {e1, e2, e3, e4, e2e, e4e};
	TdApdu *originals[] = {case1, case2, case3, case4, case2e, case4e};

	td_test_assert_bytes_hex(e1, "00A4000C");
	td_test_assert_bytes_hex(e2, "00B0000000");
	td_test_assert_bytes_hex(e3, "00A4020C020102");
	td_test_assert_bytes_hex(e4, "008800000201 0210");
	td_test_assert_bytes_hex(e2e, "00B00000 0003E8");
	g_assert_cmpuint(g_bytes_get_size(e4e), ==, 4 + 3 + 300 + 2);
	/* Every encoding decodes back to the same command (the chip side). */
	for (guint i = 0; i < G_N_ELEMENTS(all); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdApdu) back = td_apdu_decode(g_bytes_get_data(all[i], NULL), g_bytes_get_size(all[i]), &error);
		g_assert_no_error(error);
		g_assert_cmpint(back->ins, ==, originals[i]->ins);
		g_assert_cmpint(back->le, ==, originals[i]->le);
		g_assert_cmpuint(back->data != NULL ? g_bytes_get_size(back->data) : 0, ==,
				 originals[i]->data != NULL ? g_bytes_get_size(originals[i]->data) : 0);
	}
}

static void
test_apdu_decode_rejects(void)
{
	const gchar *bad[] = {"00A4", "00A4020C05 0102", "00A4020C0003", "00A4020C 000002 01"};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GBytes) raw = td_test_hex(bad[i]);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdApdu) apdu = td_apdu_decode(g_bytes_get_data(raw, NULL), g_bytes_get_size(raw), &error);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
		g_assert_null(apdu);
	}
}

/* A card that hangs: each command waits until the test lets it answer
 * (9000), as a stopped card would keep SCardTransmit waiting. */
#define TD_TYPE_STUCK_TRANSPORT (td_stuck_transport_get_type())
G_DECLARE_FINAL_TYPE(TdStuckTransport, td_stuck_transport, TD, STUCK_TRANSPORT, TdTransport)

struct _TdStuckTransport {
	TdTransport parent_instance;
	GMutex lock;
	GCond cond;
	gboolean answer;
	guint commands;
};

G_DEFINE_TYPE(TdStuckTransport, td_stuck_transport, TD_TYPE_TRANSPORT)

static GThread *stuck_finalized_in;
static gint stuck_finalized;

static GBytes *
td_stuck_transport_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable, GError **error)
{
	TdStuckTransport *self = TD_STUCK_TRANSPORT(transport);
	g_mutex_lock(&self->lock);
	self->commands++;
	while (!self->answer)
		g_cond_wait(&self->cond, &self->lock);
	g_mutex_unlock(&self->lock);
	return td_test_hex("9000");
}

static void
td_stuck_transport_let_answer(TdStuckTransport *self)
{
	g_mutex_lock(&self->lock);
	self->answer = TRUE;
	g_cond_broadcast(&self->cond);
	g_mutex_unlock(&self->lock);
}

static void
td_stuck_transport_finalize(GObject *object)
{
	TdStuckTransport *self = TD_STUCK_TRANSPORT(object);
	stuck_finalized_in = g_thread_self();
	g_atomic_int_set(&stuck_finalized, 1);
	g_mutex_clear(&self->lock);
	g_cond_clear(&self->cond);
	G_OBJECT_CLASS(td_stuck_transport_parent_class)->finalize(object);
}

static void
td_stuck_transport_init(TdStuckTransport *self)
{
	g_mutex_init(&self->lock);
	g_cond_init(&self->cond);
}

static void
td_stuck_transport_class_init(TdStuckTransportClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_stuck_transport_finalize;
	TD_TRANSPORT_CLASS(klass)->transmit_raw = td_stuck_transport_transmit_raw;
}

/* A command past its deadline returns TIMEOUT in time; the transport is
 * abandoned (later commands fail at once, with the first reason, without
 * reaching the card), and it is freed by the helper thread once the hung
 * call returns, not by the caller. Without a deadline nothing changes. */
static void
test_deadline_abandons_stuck_card(void)
{
	TdStuckTransport *stuck = g_object_new(TD_TYPE_STUCK_TRANSPORT, NULL);
	TdTransport *transport = TD_TRANSPORT(stuck);
	TdTransportDeadline deadline = td_transport_deadline_from_now(100, 0);
	g_autoptr(TdApdu) select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, NULL, 0);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) response = NULL;
	gint64 start;

	td_transport_set_deadline(transport, &deadline);
	start = g_get_monotonic_time();
	response = td_transport_transmit(transport, select, NULL, &error);
	g_assert_null(response);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT);
	g_assert_nonnull(strstr(error->message, "within 100 ms"));
	g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
	g_assert_true(td_transport_is_abandoned(transport));
	g_clear_error(&error);

	/* the card is not asked again */
	g_assert_null(td_transport_transmit(transport, select, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT);
	g_assert_nonnull(strstr(error->message, "within 100 ms"));
	g_mutex_lock(&stuck->lock);
	g_assert_cmpuint(stuck->commands, <=, 1); /* the helper may not even have started */
	g_mutex_unlock(&stuck->lock);

	/* the caller lets go; the hung call still holds the transport */
	td_stuck_transport_let_answer(stuck);
	g_object_unref(transport);
	while (!g_atomic_int_get(&stuck_finalized))
		g_usleep(1000);
	g_assert_true(stuck_finalized_in != g_thread_self());
}

/* A card with a whole-card deadline: a command that would begin after it
 * is not sent at all. */
static void
test_deadline_card_time_limit(void)
{
	g_autoptr(TdTestScriptTransport) transport = td_test_script_transport_new();
	TdTransportDeadline deadline = {.command_ms = 1000, .card_end_time = g_get_monotonic_time() - 1};
	g_autoptr(TdApdu) select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, NULL, 0);
	g_autoptr(GError) error = NULL;

	td_transport_set_deadline(TD_TRANSPORT(transport), &deadline);
	g_assert_null(td_transport_transmit(TD_TRANSPORT(transport), select, NULL, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT);
	g_assert_cmpuint(td_test_script_transport_get_answered(transport), ==, 0);
	g_clear_error(&error);

	/* lifted: the script's card answers */
	td_transport_set_deadline(TD_TRANSPORT(transport), NULL);
	td_test_script_transport_add(transport, "00A4020C00", "9000");
	{
		g_autoptr(TdResponse) response = td_transport_transmit(TD_TRANSPORT(transport), select, NULL, &error);
		g_assert_no_error(error);
		g_assert_cmphex(response->sw, ==, 0x9000);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/transport/get-response", test_get_response);
	g_test_add_func("/transport/get-response-wrong-le", test_get_response_wrong_le);
	g_test_add_func("/transport/get-response-wrong-le-keeps-data", test_get_response_wrong_le_keeps_data);
	g_test_add_func("/transport/wrong-le-resent", test_wrong_le_resent);
	g_test_add_func("/transport/endless-get-response-stops", test_endless_get_response_stops);
	g_test_add_func("/transport/trace-redacts-data", test_trace_redacts_data);
	g_test_add_func("/transport/deadline-abandons-stuck-card", test_deadline_abandons_stuck_card);
	g_test_add_func("/transport/deadline-card-time-limit", test_deadline_card_time_limit);
	g_test_add_func("/apdu/encoding", test_apdu_encoding);
	g_test_add_func("/apdu/decode-rejects", test_apdu_decode_rejects);
	return g_test_run();
}
