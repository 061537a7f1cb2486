/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A proxy between a store and the private PostgreSQL (under
 * tests/with-private-postgres.sh), to lose what the network loses: it
 * listens on a Unix socket in a folder of its own, as the server does,
 * and forwards each connection both ways, message by message (the
 * frontend/backend protocol: a length-prefixed startup message, then a
 * type byte and a length each). */
typedef struct _TdTestPgProxy TdTestPgProxy;

TdTestPgProxy *td_test_pg_proxy_new(const gchar *dir);
void td_test_pg_proxy_free(TdTestPgProxy *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTestPgProxy, td_test_pg_proxy_free)

/* conninfo's database, reached through the proxy. */
gchar *td_test_pg_proxy_conninfo(TdTestPgProxy *self, const gchar *conninfo);

/* Once a client has sent a query with statement in it ("INSERT INTO
 * checkins"), the server's reply that ends its transaction is not passed
 * on (ReadyForQuery with no transaction open: after a COMMIT, or an
 * autocommitted statement's Sync; durable either way): both ends of that
 * connection are closed instead, and the proxy then closes every new
 * connection at once (a server out of reach) until
 * td_test_pg_proxy_forward(). */
void td_test_pg_proxy_lose_commit_of(TdTestPgProxy *self, const gchar *statement);
/* Whether it did. */
gboolean td_test_pg_proxy_lost_commit(TdTestPgProxy *self);
/* Forwards everything again. */
void td_test_pg_proxy_forward(TdTestPgProxy *self);
/* Forwards everything again, but loses the next commit of statement, as
 * td_test_pg_proxy_lose_commit_of (from a server out of reach to one that
 * takes the next statement and loses its reply, with nothing between). */
void td_test_pg_proxy_forward_losing_commit_of(TdTestPgProxy *self, const gchar *statement);

G_END_DECLS
