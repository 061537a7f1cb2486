/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "td-test-pg-silent.h"
#include "td-test-postgres.h"

struct _TdTestPgSilent {
	GSocketService *service;
	GPtrArray *connections; /* held open, never answered */
	gchar *path;
};

static gboolean
silent_incoming_cb(GSocketService *service, GSocketConnection *connection, GObject *source, gpointer data)
{
	TdTestPgSilent *self = data;
	g_ptr_array_add(self->connections, g_object_ref(connection));
	return TRUE;
}

TdTestPgSilent *
td_test_pg_silent_start(void)
{
	TdTestPgSilent *self = g_new0(TdTestPgSilent, 1);
	g_autoptr(GSocketAddress) address = NULL;
	g_autoptr(GError) error = NULL;

	self->path = g_strdup_printf("%s/.s.PGSQL.%s", g_getenv("TD_PG_HOST"), g_getenv("TD_PG_PORT"));
	td_test_pg_ctl("stop");
	address = g_unix_socket_address_new(self->path);
	self->connections = g_ptr_array_new_with_free_func(g_object_unref);
	self->service = g_socket_service_new();
	g_socket_listener_set_backlog(G_SOCKET_LISTENER(self->service), 64);
	g_assert_true(g_socket_listener_add_address(G_SOCKET_LISTENER(self->service), address, G_SOCKET_TYPE_STREAM,
						    G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error));
	g_assert_no_error(error);
	g_signal_connect(self->service, "incoming", G_CALLBACK(silent_incoming_cb), self);
	g_socket_service_start(self->service);
	return self;
}

guint
td_test_pg_silent_count_connections(TdTestPgSilent *self)
{
	/* a connect() that returned is in the backlog: its accept is ready
	 * to dispatch now */
	while (g_main_context_iteration(NULL, FALSE))
		;
	return self->connections->len;
}

void
td_test_pg_silent_stop(TdTestPgSilent *self)
{
	g_socket_service_stop(self->service);
	g_socket_listener_close(G_SOCKET_LISTENER(self->service));
	g_object_unref(self->service);
	g_ptr_array_unref(self->connections);
	g_unlink(self->path);
	g_free(self->path);
	g_free(self);
	td_test_pg_ctl("start");
}
