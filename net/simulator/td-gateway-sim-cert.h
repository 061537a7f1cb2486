/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes a fresh self-signed certificate for 127.0.0.1 and localhost
 * (P-256, one year, common name "tiepdon " + who) to DIR/cert.pem and its
 * key to DIR/key.pem (mode 0600), creating DIR. A client trusts the server
 * by naming cert.pem as its CA file; a certificate from another run is a
 * wrong one. The gateway simulator and tiepdon-hub (for tests and a first
 * trial) both serve one. */
gboolean td_gateway_sim_generate_cert(const gchar *dir, const gchar *who, GError **error);

G_END_DECLS
