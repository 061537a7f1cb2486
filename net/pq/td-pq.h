/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* What both ends that talk to PostgreSQL through libpq share (tiepdon-hub's
 * database, the station's TdPgStore): each keeps its own error domain and
 * codes, this only words the error and keeps the server's chatter off
 * stderr. */

/* Sets "what: pq_message" in domain with code: libpq's messages end with a
 * newline, ours do not; a NULL pq_message is left empty. Never pass the
 * conninfo: it may hold a password. */
void td_pq_set_error(GError **error, GQuark domain, gint code, const gchar *what, const gchar *pq_message);

/* The server's notices ("relation … already exists, skipping") go to the
 * debug log, not to whoever runs the program; its errors come without
 * their DETAIL and CONTEXT lines, which can quote a row's personal data. */
void td_pq_quiet_session(PGconn *conn);

G_END_DECLS
