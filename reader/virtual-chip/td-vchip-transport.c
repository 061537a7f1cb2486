/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-reader-error.h"
#include "td-vchip-transport.h"

struct _TdVchipTransport {
	TdTransport parent_instance;
	TdVchip *chip;
	gint removed; /* atomic: set by whoever lifts the card, read by the reader thread */
};

G_DEFINE_FINAL_TYPE(TdVchipTransport, td_vchip_transport, TD_TYPE_TRANSPORT)

static GBytes *
td_vchip_transport_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable, GError **error)
{
	TdVchipTransport *self = TD_VCHIP_TRANSPORT(transport);
	if (g_cancellable_set_error_if_cancelled(cancellable, error))
		return NULL;
	if (g_atomic_int_get(&self->removed)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED,
				    "the virtual card was removed");
		return NULL;
	}
	return td_vchip_process_apdu(self->chip, command);
}

static GBytes *
td_vchip_transport_get_atr(TdTransport *transport)
{
	TdVchipTransport *self = TD_VCHIP_TRANSPORT(transport);
	if (g_atomic_int_get(&self->removed))
		return NULL;
	return td_vchip_get_atr(self->chip);
}

static gsize
td_vchip_transport_get_max_extended_length(TdTransport *transport)
{
	TdVchipTransport *self = TD_VCHIP_TRANSPORT(transport);
	/* In-process there is no link limit: what the card announces. */
	return td_vchip_get_extended_length(self->chip) ? 65536 + 16 : 0;
}

static void
td_vchip_transport_finalize(GObject *object)
{
	TdVchipTransport *self = TD_VCHIP_TRANSPORT(object);
	g_clear_pointer(&self->chip, td_vchip_unref);
	G_OBJECT_CLASS(td_vchip_transport_parent_class)->finalize(object);
}

static void
td_vchip_transport_class_init(TdVchipTransportClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	TdTransportClass *transport_class = TD_TRANSPORT_CLASS(klass);
	object_class->finalize = td_vchip_transport_finalize;
	transport_class->transmit_raw = td_vchip_transport_transmit_raw;
	transport_class->get_atr = td_vchip_transport_get_atr;
	transport_class->get_max_extended_length = td_vchip_transport_get_max_extended_length;
}

static void
td_vchip_transport_init(TdVchipTransport *self)
{
}

TdTransport *
td_vchip_transport_new(TdVchip *chip)
{
	TdVchipTransport *self;
	g_return_val_if_fail(chip != NULL, NULL);
	self = g_object_new(TD_TYPE_VCHIP_TRANSPORT, NULL);
	self->chip = td_vchip_ref(chip);
	td_vchip_power_cycle(chip);
	return TD_TRANSPORT(self);
}

void
td_vchip_transport_remove_card(TdVchipTransport *self)
{
	g_return_if_fail(TD_IS_VCHIP_TRANSPORT(self));
	g_atomic_int_set(&self->removed, TRUE);
	td_vchip_power_cycle(self->chip);
}
