/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Starts soup listening over HTTPS on address (NULL: every interface, IPv4
 * and IPv6 where there is IPv6) and port (0: any free one),
 * as the gateway simulator and tiepdon-hub both do; returns the port it
 * got, 0 with an error. */
guint td_https_listen(SoupServer *soup, GInetAddress *address, guint port, GError **error);

G_END_DECLS
