/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real tiepdon-hub for the tests that send the daily report up: its own
 * database in the private PostgreSQL (tests/with-private-postgres.sh), a
 * loopback certificate of its own, `tiepdon-hub serve` on 127.0.0.1.
 * Shared by the report chain's tests and the manager's dashboard's. */
typedef struct {
	gchar *database;      /* its conninfo */
	gchar *dir;	      /* the certificate's folder */
	gchar *ca_file;	      /* the hub's certificate, what a kiosk trusts */
	gchar *key_file;
	GSubprocess *process; /* NULL: stopped */
	guint port;	      /* where it listens (0 before the first start); kept across restarts */
} TdTestHub;

/* A new database named after name, and a certificate; not started. */
TdTestHub *td_test_hub_new(const gchar *name);
/* `tiepdon-hub ARGS --database DATABASE`, which must exit with
 * expect_status: its standard output (stripped) when that is 0, else its
 * standard error. */
gchar *td_test_hub_command(TdTestHub *hub, const gchar *const *args, gint expect_status);
/* Serving, on hub->port (0: any free one, then kept); stopped with its
 * test if that dies. */
void td_test_hub_start(TdTestHub *hub);
void td_test_hub_stop(TdTestHub *hub);
/* Stopped, its files removed (the database stays with the server). */
void td_test_hub_free(TdTestHub *hub);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTestHub, td_test_hub_free)

G_END_DECLS
