/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon-vchip: the virtual CCCD chip as a card in a PC/SC reader. It
 * connects to vsmartcard's vpcd driver (loaded by pcscd, listening on a TCP
 * port) and answers it. vpcd's wire format (virtualsmartcard/src/vpcd/vpcd.c):
 * every message is a 2-byte big-endian length and a payload; a 1-byte
 * payload from vpcd is a control code (0 power off, 1 power on, 2 reset,
 * 4 "send the ATR", answered with the ATR as a message), anything longer is
 * a command APDU, answered with the response APDU. Power and reset get no
 * answer. Closing the connection is a card removal to the reader. */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "td-command-line.h"
#include "td-secret.h"
#include "td-vchip.h"

#define TD_VPCD_DEFAULT_PORT 35963
#define TD_VPCD_CONNECT_TIMEOUT_US (10 * G_USEC_PER_SEC)

enum {
	VPCD_CTRL_OFF = 0,
	VPCD_CTRL_ON = 1,
	VPCD_CTRL_RESET = 2,
	VPCD_CTRL_ATR = 4,
};

typedef struct {
	TdVchip *chip;
	GSocketConnection *connection;
	GMainLoop *loop;
	gint exit_status;
} TdVchipServer;

static void
trace_apdu(const gchar *direction, GBytes *apdu, gpointer user_data)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(apdu, &len);
	g_autoptr(GString) line = g_string_new(direction);
	g_string_append(line, ":");
	for (gsize i = 0; i < len; i++)
		g_string_append_printf(line, " %02X", data[i]);
	g_printerr("%s\n", line->str);
}

static gboolean
send_message(TdVchipServer *server, GBytes *payload, GError **error)
{
	GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(server->connection));
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(payload, &len);
	guint8 header[2] = {(guint8)(len >> 8), (guint8)len};
	if (len > 0xFFFF) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "response too large for vpcd");
		return FALSE;
	}
	g_autoptr(GByteArray) message = g_byte_array_sized_new((guint)len + 2);
	gboolean ok;

	/* One write per message: a separate 2-byte header would wait out
	 * Nagle's algorithm against vpcd's delayed ACK, some 40 ms a command. */
	g_byte_array_append(message, header, 2);
	g_byte_array_append(message, data, (guint)len);
	ok = g_output_stream_write_all(out, message->data, message->len, NULL, NULL, error);
	td_memwipe(message->data, message->len);
	return ok;
}

/* Reads one message; FALSE with error unset when vpcd closed the link. */
static gboolean
receive_message(TdVchipServer *server, GBytes **payload, GError **error)
{
	GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(server->connection));
	guint8 header[2];
	gsize got = 0;
	gsize len;
	g_autofree guint8 *data = NULL;

	if (!g_input_stream_read_all(in, header, 2, &got, NULL, error))
		return FALSE;
	if (got < 2)
		return FALSE;
	/* vpcd writes the length and the APDU separately; acknowledging at
	 * once lets the second part through without a delayed-ACK wait.
	 * Linux clears the flag after use, so set it for every message. */
	g_socket_set_option(g_socket_connection_get_socket(server->connection), IPPROTO_TCP, TCP_QUICKACK, 1, NULL);
	len = ((gsize)header[0] << 8) | header[1];
	data = g_malloc(MAX(len, 1));
	if (!g_input_stream_read_all(in, data, len, &got, NULL, error))
		return FALSE;
	if (got < len)
		return FALSE;
	*payload = g_bytes_new_take(g_steal_pointer(&data), len);
	return TRUE;
}

static gboolean
handle_message(TdVchipServer *server, GBytes *payload, GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(payload, &len);
	g_autoptr(GBytes) answer = NULL;

	if (len == 1) {
		switch (data[0]) {
		case VPCD_CTRL_OFF:
		case VPCD_CTRL_ON:
		case VPCD_CTRL_RESET:
			td_vchip_power_cycle(server->chip);
			return TRUE;
		case VPCD_CTRL_ATR:
			answer = td_vchip_get_atr(server->chip);
			return send_message(server, answer, error);
		default:
			g_debug("unknown vpcd control code %u", data[0]);
			return TRUE;
		}
	}
	answer = td_vchip_process_apdu(server->chip, payload);
	return send_message(server, answer, error);
}

static gboolean
on_socket_readable(GSocket *socket, GIOCondition condition, gpointer user_data)
{
	TdVchipServer *server = user_data;
	g_autoptr(GBytes) payload = NULL;
	g_autoptr(GError) error = NULL;

	if (!receive_message(server, &payload, &error)) {
		if (error != NULL) {
			td_command_line_print_error(error);
			server->exit_status = EXIT_FAILURE;
		}
		/* vpcd (pcscd) closed the connection: we are done. */
		g_main_loop_quit(server->loop);
		return G_SOURCE_REMOVE;
	}
	if (!handle_message(server, payload, &error)) {
		td_command_line_print_error(error);
		server->exit_status = EXIT_FAILURE;
		g_main_loop_quit(server->loop);
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static gboolean
on_signal(gpointer user_data)
{
	TdVchipServer *server = user_data;
	g_main_loop_quit(server->loop);
	return G_SOURCE_CONTINUE;
}

static GSocketConnection *
connect_with_retry(const gchar *host, guint16 port, GError **error)
{
	g_autoptr(GSocketClient) client = g_socket_client_new();
	gint64 deadline = g_get_monotonic_time() + TD_VPCD_CONNECT_TIMEOUT_US;

	/* vpcd is local: no proxy look-up (libproxy also throws C++
	 * exceptions that the sanitizer build cannot take). */
	g_socket_client_set_enable_proxy(client, FALSE);

	for (;;) {
		g_autoptr(GError) error_local = NULL;
		GSocketConnection *connection = g_socket_client_connect_to_host(client, host, port, NULL, &error_local);
		if (connection != NULL)
			return connection;
		if (g_get_monotonic_time() >= deadline) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return NULL;
		}
		g_usleep(100 * 1000); /* pcscd may still be loading the driver */
	}
}

static gboolean
parse_port(const gchar *text, guint16 *port)
{
	guint64 value = 0;
	if (text == NULL || !g_ascii_string_to_unsigned(text, 10, 1, 65535, &value, NULL))
		return FALSE;
	*port = (guint16)value;
	return TRUE;
}

int
main(int argc, char **argv)
{
	g_autofree gchar *profile_path = NULL;
	g_autofree gchar *host = NULL;
	g_autofree gchar *port_text = NULL;
	gint latency_ms = 0;
	gboolean trace = FALSE;
	const GOptionEntry entries[] = {
		{"profile", 0, 0, G_OPTION_ARG_FILENAME, &profile_path, "Personalisation profile", "FILE"},
		{"host", 0, 0, G_OPTION_ARG_STRING, &host, "Where vpcd listens (127.0.0.1)", "HOST"},
		{"port", 0, 0, G_OPTION_ARG_STRING, &port_text, "vpcd port ($TD_VPCD_PORT, else 35963)", "N"},
		{"latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every command by N ms", "N"},
		{"trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Print every APDU on stderr (personal data!)", NULL},
		{NULL},
	};

	/* stdout carries "connected to vpcd …", which the tests read first:
	 * GLib's messages go to stderr, also the debug ones of
	 * G_MESSAGES_DEBUG */
	g_log_writer_default_set_use_stderr(TRUE);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdVchip) chip = NULL;
	g_autoptr(GMainLoop) loop = NULL;
	g_autoptr(GSource) source = NULL;
	TdVchipServer server = {0};
	guint16 port = TD_VPCD_DEFAULT_PORT;

	setlocale(LC_ALL, "");
	g_set_prgname("tiepdon-vchip");
	if (!td_command_line_parse("- the virtual CCCD chip as a vpcd card", entries, NULL,
				   TD_COMMAND_LINE_ARGUMENTS_ALLOWED, &argc, &argv))
		return TD_COMMAND_LINE_EXIT_USAGE;
	if (profile_path == NULL)
		return td_command_line_usage_error("--profile FILE is required");
	if (port_text == NULL)
		port_text = g_strdup(g_getenv("TD_VPCD_PORT"));
	if (port_text != NULL && !parse_port(port_text, &port))
		return td_command_line_usage_error("bad port %s", port_text);
	if (latency_ms < 0)
		return td_command_line_usage_error("--latency-ms must not be negative");
	if (host == NULL)
		host = g_strdup("127.0.0.1");

	chip = td_vchip_new_from_profile(profile_path, &error);
	if (chip == NULL) {
		td_command_line_print_error(error);
		return EXIT_FAILURE;
	}
	td_vchip_set_latency_ms(chip, (guint)latency_ms);
	if (trace)
		td_vchip_set_trace(chip, trace_apdu, NULL);

	server.connection = connect_with_retry(host, port, &error);
	if (server.connection == NULL) {
		g_printerr("tiepdon-vchip: cannot connect to vpcd at %s:%u: %s\n", host, port, error->message);
		return EXIT_FAILURE;
	}
	g_socket_set_blocking(g_socket_connection_get_socket(server.connection), TRUE);
	/* APDUs are small and strictly request/answer: send them at once. */
	if (!g_socket_set_option(g_socket_connection_get_socket(server.connection), IPPROTO_TCP, TCP_NODELAY, 1, &error)) {
		g_printerr("tiepdon-vchip: TCP_NODELAY: %s\n", error->message);
		g_clear_error(&error);
	}
	g_print("connected to vpcd at %s:%u\n", host, port);
	fflush(stdout);

	loop = g_main_loop_new(NULL, FALSE);
	server.chip = chip;
	server.loop = loop;
	server.exit_status = EXIT_SUCCESS;
	source = g_socket_create_source(g_socket_connection_get_socket(server.connection),
					G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
	g_source_set_callback(source, G_SOURCE_FUNC(on_socket_readable), &server, NULL);
	g_source_attach(source, NULL);
	g_unix_signal_add(SIGTERM, on_signal, &server);
	g_unix_signal_add(SIGINT, on_signal, &server);

	g_main_loop_run(loop);

	g_source_destroy(source);
	g_io_stream_close(G_IO_STREAM(server.connection), NULL, NULL);
	g_object_unref(server.connection);
	return server.exit_status;
}
