/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A server that takes connections and never answers, on the private
 * server's socket while the private server is stopped (under
 * tests/with-private-postgres.sh): every connect waits out its whole
 * timeout, as a station's server gone away behind a live network does
 * (nothing refuses, nothing answers). It accepts from the thread-default
 * main context of whoever started it: connections wait in the socket's
 * backlog until that context runs. */
typedef struct _TdTestPgSilent TdTestPgSilent;

/* Stops the private server and listens where it did. */
TdTestPgSilent *td_test_pg_silent_start(void);
/* The connections tried so far (those waiting in the backlog taken in
 * first, from the calling thread's context). */
guint td_test_pg_silent_count_connections(TdTestPgSilent *self);
/* Closes everything and starts the private server again, where it was. */
void td_test_pg_silent_stop(TdTestPgSilent *self);

G_END_DECLS
