/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <string.h>

#include "td-test-pg-proxy.h"

/* The server's ReadyForQuery: its type, length and transaction status,
 * 'I' when no transaction is open (the last one committed). */
static const guint8 ready_idle[] = {'Z', 0, 0, 0, 5, 'I'};

struct _TdTestPgProxy {
	gchar *dir;
	GSocket *listener;
	GCancellable *stopping;
	GThread *acceptor;
	GMutex lock;
	GPtrArray *links; /* of GThread, joined at the end */
	gchar *statement; /* under lock: lose the commit after the next one sent with this; NULL: none */
	gboolean refusing; /* under lock: a server out of reach */
	gboolean lost;	   /* under lock */
};

typedef struct {
	TdTestPgProxy *proxy;
	GSocket *client;
	GSocket *server;
	gboolean started;    /* the client's startup message went by */
	gboolean saw_statement; /* the client sent the statement whose commit is to be lost */
} TdProxyLink;

static gchar *
server_socket_path(void)
{
	return g_strdup_printf("%s/.s.PGSQL.%s", g_getenv("TD_PG_HOST"), g_getenv("TD_PG_PORT"));
}

static void
send_all(GSocket *socket, const guint8 *data, gsize len)
{
	while (len > 0) {
		gssize sent = g_socket_send(socket, (const gchar *)data, len, NULL, NULL);
		if (sent <= 0)
			return; /* the other end went: the pump sees it next */
		data += sent;
		len -= (gsize)sent;
	}
}

/* The length of the first whole message in buf (type byte, if any, and
 * the length itself included), 0 when it is not all there yet. */
static gsize
message_length(const GByteArray *buf, gboolean typed)
{
	gsize header = typed ? 1 : 0;
	guint32 be;

	if (buf->len < header + 4)
		return 0;
	memcpy(&be, buf->data + header, 4);
	if (buf->len < header + GUINT32_FROM_BE(be))
		return 0;
	return header + GUINT32_FROM_BE(be);
}

/* The client's messages, passed on whole; a simple or extended query
 * with the statement arms the cut on this connection. */
static void
client_messages(TdProxyLink *link, GByteArray *buf)
{
	gsize len;

	while ((len = message_length(buf, link->started)) > 0) {
		gchar type = link->started ? (gchar)buf->data[0] : '\0';
		/* a Parse starts with the statement's name, often "" (a NUL) */
		if (type == 'Q' || type == 'P') {
			G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&link->proxy->lock);
			const gchar *statement = link->proxy->statement;
			if (statement != NULL && memmem(buf->data, len, statement, strlen(statement)) != NULL)
				link->saw_statement = TRUE;
		}
		link->started = TRUE;
		send_all(link->server, buf->data, len);
		g_byte_array_remove_range(buf, 0, (guint)len);
	}
}

/* The server's messages, passed on whole; FALSE when the connection is
 * to be cut here: the server ready again with no transaction open after
 * the statement (an explicit COMMIT's, or an autocommitted statement's
 * Sync: durable either way). */
static gboolean
server_messages(TdProxyLink *link, GByteArray *buf)
{
	gsize len;

	while ((len = message_length(buf, TRUE)) > 0) {
		if (link->saw_statement && len == sizeof(ready_idle) && memcmp(buf->data, ready_idle, len) == 0) {
			G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&link->proxy->lock);
			if (link->proxy->statement != NULL) {
				g_clear_pointer(&link->proxy->statement, g_free);
				link->proxy->lost = TRUE;
				link->proxy->refusing = TRUE;
				return FALSE;
			}
		}
		send_all(link->client, buf->data, len);
		g_byte_array_remove_range(buf, 0, (guint)len);
	}
	return TRUE;
}

static gpointer
link_thread(gpointer data)
{
	TdProxyLink *link = data;
	g_autoptr(GByteArray) from_client = g_byte_array_new();
	g_autoptr(GByteArray) from_server = g_byte_array_new();

	while (!g_cancellable_is_cancelled(link->proxy->stopping)) {
		struct pollfd fds[2] = {{.fd = g_socket_get_fd(link->client), .events = POLLIN},
					{.fd = g_socket_get_fd(link->server), .events = POLLIN}};
		guint8 chunk[8192];
		gssize n;

		if (poll(fds, 2, 100) <= 0)
			continue;
		if (fds[0].revents != 0) {
			n = g_socket_receive(link->client, (gchar *)chunk, sizeof(chunk), NULL, NULL);
			if (n <= 0)
				break;
			g_byte_array_append(from_client, chunk, (guint)n);
			client_messages(link, from_client);
		}
		if (fds[1].revents != 0) {
			n = g_socket_receive(link->server, (gchar *)chunk, sizeof(chunk), NULL, NULL);
			if (n <= 0)
				break;
			g_byte_array_append(from_server, chunk, (guint)n);
			if (!server_messages(link, from_server))
				break;
		}
	}
	g_socket_close(link->client, NULL);
	g_socket_close(link->server, NULL);
	g_object_unref(link->client);
	g_object_unref(link->server);
	g_free(link);
	return NULL;
}

static GSocket *
connect_server(GError **error)
{
	g_autofree gchar *path = server_socket_path();
	g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);
	g_autoptr(GSocket) socket = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, error);

	if (socket == NULL || !g_socket_connect(socket, address, NULL, error))
		return NULL;
	return g_steal_pointer(&socket);
}

static gpointer
accept_thread(gpointer data)
{
	TdTestPgProxy *self = data;

	for (;;) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GSocket) client = g_socket_accept(self->listener, self->stopping, &error);
		g_autoptr(GSocket) server = NULL;
		TdProxyLink *link;
		gboolean refusing;

		if (client == NULL)
			break; /* stopping */
		{
			G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&self->lock);
			refusing = self->refusing;
		}
		if (!refusing)
			server = connect_server(&error);
		if (server == NULL) {
			/* out of reach: the client reads the end of its connection */
			g_socket_close(client, NULL);
			continue;
		}
		link = g_new0(TdProxyLink, 1);
		link->proxy = self;
		link->client = g_steal_pointer(&client);
		link->server = g_steal_pointer(&server);
		{
			G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&self->lock);
			g_ptr_array_add(self->links, g_thread_new("td-pg-proxy-link", link_thread, link));
		}
	}
	return NULL;
}

TdTestPgProxy *
td_test_pg_proxy_new(const gchar *dir)
{
	g_autoptr(GError) error = NULL;
	TdTestPgProxy *self = g_new0(TdTestPgProxy, 1);
	g_autofree gchar *path = g_strdup_printf("%s/.s.PGSQL.%s", dir, g_getenv("TD_PG_PORT"));
	g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);

	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	self->dir = g_strdup(dir);
	self->stopping = g_cancellable_new();
	self->links = g_ptr_array_new();
	g_mutex_init(&self->lock);
	self->listener = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
	g_assert_no_error(error);
	g_assert_true(g_socket_bind(self->listener, address, TRUE, &error));
	g_assert_true(g_socket_listen(self->listener, &error));
	g_assert_no_error(error);
	self->acceptor = g_thread_new("td-pg-proxy", accept_thread, self);
	return self;
}

void
td_test_pg_proxy_free(TdTestPgProxy *self)
{
	g_autofree gchar *path = NULL;

	if (self == NULL)
		return;
	g_cancellable_cancel(self->stopping);
	g_thread_join(self->acceptor);
	/* no new link now: the acceptor is gone */
	for (guint i = 0; i < self->links->len; i++)
		g_thread_join(g_ptr_array_index(self->links, i));
	g_ptr_array_unref(self->links);
	g_socket_close(self->listener, NULL);
	g_object_unref(self->listener);
	path = g_strdup_printf("%s/.s.PGSQL.%s", self->dir, g_getenv("TD_PG_PORT"));
	g_unlink(path);
	g_free(self->dir);
	g_free(self->statement);
	g_object_unref(self->stopping);
	g_mutex_clear(&self->lock);
	g_free(self);
}

gchar *
td_test_pg_proxy_conninfo(TdTestPgProxy *self, const gchar *conninfo)
{
	/* a later keyword wins */
	return g_strdup_printf("%s host=%s", conninfo, self->dir);
}

void
td_test_pg_proxy_lose_commit_of(TdTestPgProxy *self, const gchar *statement)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&self->lock);
	g_free(self->statement);
	self->statement = g_strdup(statement);
	self->lost = FALSE;
}

gboolean
td_test_pg_proxy_lost_commit(TdTestPgProxy *self)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&self->lock);
	return self->lost;
}

void
td_test_pg_proxy_forward_losing_commit_of(TdTestPgProxy *self, const gchar *statement)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&self->lock);
	g_free(self->statement);
	self->statement = g_strdup(statement);
	self->lost = FALSE;
	self->refusing = FALSE;
}

void
td_test_pg_proxy_forward(TdTestPgProxy *self)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&self->lock);
	g_clear_pointer(&self->statement, g_free);
	self->refusing = FALSE;
}
