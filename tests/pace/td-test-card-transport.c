/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-reader-error.h"
#include "td-test-card-transport.h"
#include "td-test-hex.h"

struct _TdTestCardTransport {
	TdTransport parent_instance;
	TdTestCardHandler handler;
	gpointer user_data;
	TdSm *sm;
	TdSm *next_sm;
	gboolean next_sm_pending;
	gboolean in_handler;
	GPtrArray *log;
};

G_DEFINE_TYPE(TdTestCardTransport, td_test_card_transport, TD_TYPE_TRANSPORT)

static GBytes *
td_test_card_transport_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable, GError **error)
{
	TdTestCardTransport *self = TD_TEST_CARD_TRANSPORT(transport);
	gsize len = 0;
	const guint8 *raw = g_bytes_get_data(command, &len);
	g_autoptr(TdApdu) apdu = NULL;
	g_autoptr(TdApdu) plain = NULL;
	g_autoptr(GBytes) data = NULL;
	g_autoptr(TdResponse) resp = NULL;
	guint16 sw = 0x6F00;
	gboolean protected_cmd;

	g_ptr_array_add(self->log, td_test_to_hex(command));
	apdu = td_apdu_decode(raw, len, error);
	if (apdu == NULL)
		return NULL;
	protected_cmd = (apdu->cla & 0x0C) == 0x0C;
	if (protected_cmd) {
		if (self->sm == NULL)
			return g_bytes_new("\x69\x87", 2);
		plain = td_sm_unwrap_command(self->sm, apdu, NULL);
		if (plain == NULL) {
			/* a real chip drops out of secure messaging */
			g_clear_pointer(&self->sm, td_sm_free);
			return g_bytes_new("\x69\x88", 2);
		}
	} else {
		/* a plain command ends secure messaging on the chip */
		g_clear_pointer(&self->sm, td_sm_free);
		plain = g_steal_pointer(&apdu);
	}
	self->in_handler = TRUE;
	data = self->handler(self, plain, &sw, self->user_data);
	self->in_handler = FALSE;
	resp = td_response_new(data, sw);
	if (self->sm != NULL && protected_cmd) {
		g_autoptr(TdResponse) wrapped = td_sm_wrap_response(self->sm, resp, TRUE, error);
		if (wrapped == NULL)
			return NULL;
		g_clear_pointer(&resp, td_response_free);
		resp = g_steal_pointer(&wrapped);
	}
	if (self->next_sm_pending) {
		g_clear_pointer(&self->sm, td_sm_free);
		self->sm = g_steal_pointer(&self->next_sm);
		self->next_sm_pending = FALSE;
	}
	return td_response_encode(resp);
}

static void
td_test_card_transport_finalize(GObject *object)
{
	TdTestCardTransport *self = TD_TEST_CARD_TRANSPORT(object);
	g_clear_pointer(&self->sm, td_sm_free);
	g_clear_pointer(&self->next_sm, td_sm_free);
	g_ptr_array_unref(self->log);
	G_OBJECT_CLASS(td_test_card_transport_parent_class)->finalize(object);
}

static void
td_test_card_transport_init(TdTestCardTransport *self)
{
	self->log = g_ptr_array_new_with_free_func(g_free);
}

static void
td_test_card_transport_class_init(TdTestCardTransportClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_test_card_transport_finalize;
	TD_TRANSPORT_CLASS(klass)->transmit_raw = td_test_card_transport_transmit_raw;
}

TdTestCardTransport *
td_test_card_transport_new(TdTestCardHandler handler, gpointer user_data)
{
	TdTestCardTransport *self = g_object_new(TD_TYPE_TEST_CARD_TRANSPORT, NULL);
	self->handler = handler;
	self->user_data = user_data;
	return self;
}

void
td_test_card_transport_set_sm(TdTestCardTransport *self, TdSm *sm)
{
	if (!self->in_handler) {
		g_clear_pointer(&self->sm, td_sm_free);
		self->sm = sm;
		return;
	}
	g_clear_pointer(&self->next_sm, td_sm_free);
	self->next_sm = sm;
	self->next_sm_pending = TRUE;
}

TdSm *
td_test_card_transport_get_sm(TdTestCardTransport *self)
{
	return self->sm;
}

GPtrArray *
td_test_card_transport_get_log(TdTestCardTransport *self)
{
	return self->log;
}
