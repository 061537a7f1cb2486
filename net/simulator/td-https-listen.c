/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-https-listen.h"

/* GLib listens with a backlog of 10: an area's stations arriving in the
 * same second would find it full and wait out TCP's SYN retransmits (1 s,
 * then 3 s). The kernel caps this at net.core.somaxconn. */
#define TD_HTTPS_LISTEN_BACKLOG 1024

static void
https_request_started_cb(SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
}

SoupServer *
td_https_server_new(GTlsCertificate *certificate, const gchar *server_header)
{
	SoupServer *soup = soup_server_new("tls-certificate", certificate, "server-header", server_header, NULL);
	g_signal_connect(soup, "request-started", G_CALLBACK(https_request_started_cb), NULL);
	return soup;
}

static GSocket *
https_listen_socket(GInetAddress *address, guint port, GError **error)
{
	g_autoptr(GSocket) socket = g_socket_new(g_inet_address_get_family(address), G_SOCKET_TYPE_STREAM,
						 G_SOCKET_PROTOCOL_TCP, error);
	g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new(address, (guint16)port);

	if (socket == NULL)
		return NULL;
	g_socket_set_listen_backlog(socket, TD_HTTPS_LISTEN_BACKLOG);
	if (!g_socket_bind(socket, socket_address, TRUE, error) || !g_socket_listen(socket, error))
		return NULL;
	return g_steal_pointer(&socket);
}

guint
td_https_listen(SoupServer *soup, GInetAddress *address, guint port, GError **error)
{
	g_autoptr(GSocket) socket = NULL;
	GSList *uris;
	guint bound = 0;

	if (address != NULL) {
		socket = https_listen_socket(address, port, error);
	} else {
		/* every interface: IPv6's, which GLib opens to IPv4 too, or
		 * IPv4's on a machine without IPv6 */
		g_autoptr(GInetAddress) any6 = g_inet_address_new_any(G_SOCKET_FAMILY_IPV6);
		g_autoptr(GInetAddress) any4 = g_inet_address_new_any(G_SOCKET_FAMILY_IPV4);
		g_autoptr(GError) error_v6 = NULL;
		socket = https_listen_socket(any6, port, &error_v6);
		if (socket == NULL)
			socket = https_listen_socket(any4, port, error);
	}
	if (socket == NULL || !soup_server_listen_socket(soup, socket, SOUP_SERVER_LISTEN_HTTPS, error))
		return 0;
	uris = soup_server_get_uris(soup);
	if (uris != NULL)
		bound = (guint)g_uri_get_port(uris->data);
	g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
	if (bound == 0)
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "no listening port");
	return bound;
}
