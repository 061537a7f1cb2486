/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "td-test-script-transport.h"

#include "td-reader-error.h"
#include "td-test-hex.h"

struct _TdTestScriptTransport {
	TdTransport parent_instance;
	GPtrArray *expected;  /* hex strings */
	GPtrArray *responses; /* hex strings */
	guint next;
	gboolean loop_last; /* keep answering the last response */
};

G_DEFINE_FINAL_TYPE(TdTestScriptTransport, td_test_script_transport, TD_TYPE_TRANSPORT)

static GBytes *
td_test_script_transport_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable,
				      GError **error)
{
	TdTestScriptTransport *self = TD_TEST_SCRIPT_TRANSPORT(transport);
	g_autofree gchar *cmd_hex = td_test_to_hex(command);
	guint i = self->next;

	if (i >= self->expected->len) {
		if (!self->loop_last || self->expected->len == 0) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT, "script ran out at %s", cmd_hex);
			return NULL;
		}
		i = self->expected->len - 1;
	}
	g_assert_cmpstr(cmd_hex, ==, g_ptr_array_index(self->expected, i));
	self->next++;
	return td_test_hex(g_ptr_array_index(self->responses, i));
}

static void
td_test_script_transport_finalize(GObject *object)
{
	TdTestScriptTransport *self = TD_TEST_SCRIPT_TRANSPORT(object);
	g_ptr_array_unref(self->expected);
	g_ptr_array_unref(self->responses);
	G_OBJECT_CLASS(td_test_script_transport_parent_class)->finalize(object);
}

static void
td_test_script_transport_init(TdTestScriptTransport *self)
{
	self->expected = g_ptr_array_new_with_free_func(g_free);
	self->responses = g_ptr_array_new_with_free_func(g_free);
}

static void
td_test_script_transport_class_init(TdTestScriptTransportClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_test_script_transport_finalize;
	TD_TRANSPORT_CLASS(klass)->transmit_raw = td_test_script_transport_transmit_raw;
}

TdTestScriptTransport *
td_test_script_transport_new(void)
{
	return g_object_new(TD_TYPE_TEST_SCRIPT_TRANSPORT, NULL);
}

/* Both sides normalised (spaces gone, upper case) as the card sees them. */
void
td_test_script_transport_add(TdTestScriptTransport *self, const gchar *command_hex, const gchar *response_hex)
{
	g_autoptr(GBytes) c = td_test_hex(command_hex);
	g_autoptr(GBytes) r = td_test_hex(response_hex);
	g_ptr_array_add(self->expected, td_test_to_hex(c));
	g_ptr_array_add(self->responses, td_test_to_hex(r));
}

void
td_test_script_transport_set_loop_last(TdTestScriptTransport *self, gboolean loop_last)
{
	self->loop_last = loop_last;
}

guint
td_test_script_transport_get_answered(TdTestScriptTransport *self)
{
	return self->next;
}
