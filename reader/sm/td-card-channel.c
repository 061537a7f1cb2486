/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-card-channel.h"
#include "td-reader-error.h"

struct _TdCardChannel {
	TdTransport *transport;
	TdSm *sm;
};

TdCardChannel *
td_card_channel_new(TdTransport *transport)
{
	TdCardChannel *channel = g_new0(TdCardChannel, 1);
	channel->transport = g_object_ref(transport);
	return channel;
}

void
td_card_channel_free(TdCardChannel *channel)
{
	if (channel == NULL)
		return;
	g_clear_pointer(&channel->sm, td_sm_free);
	g_clear_object(&channel->transport);
	g_free(channel);
}

TdTransport *
td_card_channel_get_transport(TdCardChannel *channel)
{
	return channel->transport;
}

void
td_card_channel_set_sm(TdCardChannel *channel, TdSm *sm)
{
	g_clear_pointer(&channel->sm, td_sm_free);
	channel->sm = sm;
}

TdSm *
td_card_channel_get_sm(TdCardChannel *channel)
{
	return channel->sm;
}

TdResponse *
td_card_channel_send(TdCardChannel *channel, const TdApdu *apdu, GCancellable *cancellable, GError **error)
{
	g_autoptr(TdApdu) wrapped = NULL;
	g_autoptr(TdResponse) protected_resp = NULL;
	TdResponse *plain;

	if (channel->sm == NULL)
		return td_transport_transmit(channel->transport, apdu, cancellable, error);

	wrapped = td_sm_wrap_command(channel->sm, apdu, error);
	if (wrapped == NULL)
		return NULL;
	protected_resp = td_transport_transmit(channel->transport, wrapped, cancellable, error);
	if (protected_resp == NULL)
		return NULL;
	if (g_bytes_get_size(protected_resp->data) == 0 && protected_resp->sw != TD_SW_OK &&
	    protected_resp->sw != TD_SW_SM_DO_MISSING && protected_resp->sw != TD_SW_SM_DO_INCORRECT) {
		/* A bare status word to a protected command. Whether the chip
		 * counted the command, the answer, both or neither is written
		 * nowhere and differs between chips; guessing wrong makes every
		 * later command fail. The session ends here and whoever needs
		 * one opens a new one (DOMAIN.md §2). */
		td_card_channel_set_sm(channel, NULL);
		return td_response_new(NULL, protected_resp->sw);
	}
	plain = td_sm_unwrap_response(channel->sm, protected_resp, error);
	if (plain == NULL) {
		/* The counters no longer agree: nothing more can be said
		 * under this session. */
		td_card_channel_set_sm(channel, NULL);
		return NULL;
	}
	return plain;
}

GBytes *
td_card_channel_send_expect_ok(TdCardChannel *channel, const TdApdu *apdu, GCancellable *cancellable, GError **error)
{
	g_autoptr(TdResponse) resp = td_card_channel_send(channel, apdu, cancellable, error);

	if (resp == NULL)
		return NULL;
	switch (resp->sw) {
	case TD_SW_OK:
		return g_bytes_ref(resp->data);
	case TD_SW_FILE_NOT_FOUND:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_FILE_NOT_FOUND, "file not found (%04X)", resp->sw);
		return NULL;
	case TD_SW_SECURITY_NOT_SATISFIED:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_ACCESS_DENIED,
			    "access denied by the card (%04X: %s)", resp->sw, td_sw_describe(resp->sw));
		return NULL;
	default:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_STATUS, "the card answered %04X (%s)", resp->sw,
			    td_sw_describe(resp->sw));
		return NULL;
	}
}
