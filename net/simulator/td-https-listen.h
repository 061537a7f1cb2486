/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A libsoup HTTPS server that answers one request per connection and then
 * closes it ("Connection: close" on every answer): libsoup 3.2 leaves a
 * kept-alive TLS connection that the client has closed in CLOSE-WAIT for
 * good, with its memory (about 24 KB). The gateway simulator and
 * tiepdon-hub are both made with it. */
SoupServer *td_https_server_new(GTlsCertificate *certificate, const gchar *server_header);

/* Starts soup listening over HTTPS on address (NULL: every interface, IPv4
 * and IPv6 where there is IPv6) and port (0: any free one),
 * as the gateway simulator and tiepdon-hub both do; returns the port it
 * got, 0 with an error. */
guint td_https_listen(SoupServer *soup, GInetAddress *address, guint port, GError **error);

G_END_DECLS
