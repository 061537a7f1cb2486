/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-https-listen.h"

guint
td_https_listen(SoupServer *soup, GInetAddress *address, guint port, GError **error)
{
	GSList *uris;
	guint bound = 0;

	if (address == NULL) {
		if (!soup_server_listen_all(soup, port, SOUP_SERVER_LISTEN_HTTPS, error))
			return 0;
	} else {
		g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new(address, (guint16)port);
		if (!soup_server_listen(soup, socket_address, SOUP_SERVER_LISTEN_HTTPS, error))
			return 0;
	}
	uris = soup_server_get_uris(soup);
	if (uris != NULL)
		bound = (guint)g_uri_get_port(uris->data);
	g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
	if (bound == 0)
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "no listening port");
	return bound;
}
