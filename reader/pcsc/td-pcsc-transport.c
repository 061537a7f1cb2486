/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <PCSC/reader.h>
#include <PCSC/winscard.h>
#include <string.h>

#include "td-pcsc-atr.h"
#include "td-pcsc-error.h"
#include "td-pcsc-transport.h"
#include "td-reader-error.h"
#include "td-secret.h"

/* The largest short APDU (header, Lc, 255 data bytes, Le): a reader that
 * takes no more than this cannot carry an extended-length command. */
#define TD_PCSC_MAX_SHORT_COMMAND 261
/* What an extended Lc can announce. */
#define TD_PCSC_MAX_EXTENDED_DATA 65535

/* How long to keep retrying an exclusive connect while another process
 * holds the card. */
#define TD_PCSC_SHARING_RETRIES	   10
#define TD_PCSC_SHARING_RETRY_USEC (100 * G_USEC_PER_SEC / 1000)

struct _TdPcscTransport {
	TdTransport parent_instance;
	GMutex lock; /* one SCardTransmit at a time on the handle */
	SCARDCONTEXT context;
	gboolean has_context;
	SCARDHANDLE card;
	gboolean has_card;
	DWORD protocol;
	gchar *reader_name;
	GBytes *atr;
	gsize max_extended_length;
	guint8 *receive_buffer; /* MAX_BUFFER_SIZE_EXTENDED; wiped after use */
};

G_DEFINE_TYPE(TdPcscTransport, td_pcsc_transport, TD_TYPE_TRANSPORT)

static GStrv
td_pcsc_split_multi_string(const char *multi, DWORD len)
{
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
	DWORD pos = 0;

	/* a multi-string: NUL-terminated names, an empty name at the end */
	while (multi != NULL && pos < len && multi[pos] != '\0') {
		gsize name_len = strnlen(multi + pos, len - pos);
		g_autofree gchar *name = g_strndup(multi + pos, name_len);
		g_strv_builder_add(builder, name);
		pos += name_len + 1;
	}
	return g_strv_builder_end(builder);
}

static GStrv
td_pcsc_list_readers_in_context(SCARDCONTEXT context, GError **error)
{
	LPSTR multi = NULL;
	DWORD len = SCARD_AUTOALLOCATE;
	GStrv names;
	LONG rv;

	rv = SCardListReaders(context, NULL, (LPSTR)&multi, &len);
	if (rv == SCARD_E_NO_READERS_AVAILABLE)
		return g_new0(gchar *, 1);
	if (rv != SCARD_S_SUCCESS) {
		td_pcsc_set_error(error, rv, TD_PCSC_PHASE_CONNECT, "SCardListReaders");
		return NULL;
	}
	names = td_pcsc_split_multi_string(multi, len);
	SCardFreeMemory(context, multi);
	return names;
}

GStrv
td_pcsc_list_readers(GError **error)
{
	SCARDCONTEXT context = 0;
	GStrv names;
	LONG rv;

	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
	if (rv != SCARD_S_SUCCESS) {
		td_pcsc_set_error(error, rv, TD_PCSC_PHASE_CONNECT, "SCardEstablishContext");
		return NULL;
	}
	names = td_pcsc_list_readers_in_context(context, error);
	SCardReleaseContext(context);
	return names;
}

/* The first reader whose state says a card is in it and answered reset. */
static gchar *
td_pcsc_find_reader_with_card(SCARDCONTEXT context, GError **error)
{
	g_auto(GStrv) names = td_pcsc_list_readers_in_context(context, error);
	g_autofree SCARD_READERSTATE *states = NULL;
	guint n;
	LONG rv;

	if (names == NULL)
		return NULL;
	n = g_strv_length(names);
	if (n == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NO_READER, "no card reader is connected");
		return NULL;
	}
	states = g_new0(SCARD_READERSTATE, n);
	for (guint i = 0; i < n; i++) {
		states[i].szReader = names[i];
		states[i].dwCurrentState = SCARD_STATE_UNAWARE;
	}
	/* UNAWARE makes this return the present state at once */
	rv = SCardGetStatusChange(context, 0, states, n);
	if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
		td_pcsc_set_error(error, rv, TD_PCSC_PHASE_CONNECT, "SCardGetStatusChange");
		return NULL;
	}
	for (guint i = 0; i < n; i++) {
		DWORD state = states[i].dwEventState;
		if ((state & SCARD_STATE_PRESENT) != 0 && (state & SCARD_STATE_MUTE) == 0)
			return g_strdup(names[i]);
	}
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_NO_CARD, "there is no card in any reader");
	return NULL;
}

/* Extended length needs T=1 (T=0 would need ENVELOPE chaining), then
 * either the reader's own figure or the card's word for it. vsmartcard's
 * vpcd does not report SCARD_ATTR_MAXINPUT, so with it the ATR decides. */
static gsize
td_pcsc_transport_probe_max_extended_length(TdPcscTransport *self)
{
	guint8 attr[8] = {0};
	DWORD attr_len = sizeof(attr);
	LONG rv;

	if (self->protocol != SCARD_PROTOCOL_T1)
		return 0;
	rv = SCardGetAttrib(self->card, SCARD_ATTR_MAXINPUT, attr, &attr_len);
	if (rv == SCARD_S_SUCCESS && attr_len >= 1 && attr_len <= 4) {
		guint32 max_input = 0;
		/* a little-endian DWORD, as CCID's driver fills it */
		for (DWORD i = 0; i < attr_len; i++)
			max_input |= (guint32)attr[i] << (8 * i);
		if (max_input <= TD_PCSC_MAX_SHORT_COMMAND)
			return 0;
		return MIN(max_input, TD_PCSC_MAX_EXTENDED_DATA);
	}
	if (self->atr != NULL) {
		gsize atr_len = 0;
		const guint8 *atr = g_bytes_get_data(self->atr, &atr_len);
		if (td_pcsc_atr_announces_extended_length(atr, atr_len))
			return TD_PCSC_MAX_EXTENDED_DATA;
	}
	return 0;
}

static gboolean
td_pcsc_transport_connect(TdPcscTransport *self, GCancellable *cancellable, GError **error)
{
	guint8 atr[MAX_ATR_SIZE] = {0};
	DWORD atr_len = sizeof(atr);
	DWORD state = 0;
	DWORD protocol = 0;
	char reader_buf[MAX_READERNAME] = {0};
	DWORD reader_len = sizeof(reader_buf);
	LONG rv = SCARD_E_SHARING_VIOLATION;

	for (guint attempt = 0; attempt < TD_PCSC_SHARING_RETRIES; attempt++) {
		if (g_cancellable_set_error_if_cancelled(cancellable, error))
			return FALSE;
		rv = SCardConnect(self->context,
				  self->reader_name,
				  SCARD_SHARE_EXCLUSIVE,
				  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
				  &self->card,
				  &protocol);
		if (rv != SCARD_E_SHARING_VIOLATION)
			break;
		g_usleep(TD_PCSC_SHARING_RETRY_USEC);
	}
	if (rv == SCARD_E_SHARING_VIOLATION) {
		/* Held through the whole wait: by another program, or by a
		 * command given up on earlier that pcscd still waits for
		 * (SCardTransmit cannot be interrupted; its process may be
		 * gone). Either way the card does not answer us, as a card
		 * that stopped answering does: not an unreadable card. This
		 * was also a race with the connect's own deadline, which
		 * ends at about the same time with that answer. */
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_TIMEOUT,
			    "the card in %s stayed in use for %u ms (by another program, or by a command given up on "
			    "earlier)",
			    self->reader_name,
			    (guint)(TD_PCSC_SHARING_RETRIES * TD_PCSC_SHARING_RETRY_USEC / 1000));
		return FALSE;
	}
	if (rv != SCARD_S_SUCCESS) {
		td_pcsc_set_error(error, rv, TD_PCSC_PHASE_CONNECT, "SCardConnect");
		return FALSE;
	}
	self->has_card = TRUE;
	self->protocol = protocol;

	rv = SCardStatus(self->card, reader_buf, &reader_len, &state, &protocol, atr, &atr_len);
	if (rv != SCARD_S_SUCCESS) {
		td_pcsc_set_error(error, rv, TD_PCSC_PHASE_CONNECT, "SCardStatus");
		return FALSE;
	}
	if (atr_len > 0 && atr_len <= sizeof(atr))
		self->atr = g_bytes_new(atr, atr_len);
	self->max_extended_length = td_pcsc_transport_probe_max_extended_length(self);
	return TRUE;
}

static gpointer
td_pcsc_transport_connect_blocking(TdTransport *transport, gpointer data, GError **error)
{
	TdPcscTransport *self = TD_PCSC_TRANSPORT(transport);
	return td_pcsc_transport_connect(self, data, error) ? self : NULL;
}

TdTransport *
td_pcsc_transport_new(const gchar *reader_name, GCancellable *cancellable, GError **error)
{
	return td_pcsc_transport_new_with_deadline(reader_name, NULL, cancellable, error);
}

TdTransport *
td_pcsc_transport_new_with_deadline(const gchar *reader_name, const TdTransportDeadline *deadline,
				    GCancellable *cancellable, GError **error)
{
	g_autoptr(TdPcscTransport) self = g_object_new(TD_TYPE_PCSC_TRANSPORT, NULL);
	LONG rv;

	if (g_cancellable_set_error_if_cancelled(cancellable, error))
		return NULL;
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &self->context);
	if (rv != SCARD_S_SUCCESS) {
		td_pcsc_set_error(error, rv, TD_PCSC_PHASE_CONNECT, "SCardEstablishContext");
		return NULL;
	}
	self->has_context = TRUE;

	if (reader_name != NULL) {
		self->reader_name = g_strdup(reader_name);
	} else {
		self->reader_name = td_pcsc_find_reader_with_card(self->context, error);
		if (self->reader_name == NULL)
			return NULL;
	}
	td_transport_set_deadline(TD_TRANSPORT(self), deadline);
	/* the result is the transport itself: nothing to free if it comes late */
	if (td_transport_call_with_deadline(TD_TRANSPORT(self), "the connect", td_pcsc_transport_connect_blocking,
					    cancellable != NULL ? g_object_ref(cancellable) : NULL,
					    cancellable != NULL ? g_object_unref : NULL, NULL, error) == NULL)
		return NULL;
	return TD_TRANSPORT(g_steal_pointer(&self));
}

const gchar *
td_pcsc_transport_get_reader_name(TdPcscTransport *self)
{
	g_return_val_if_fail(TD_IS_PCSC_TRANSPORT(self), NULL);
	return self->reader_name;
}

/* pcscd notices a vanished card only at its next presence poll (about
 * 400 ms for vpcd and most CCID readers), so a transmit that fails with a
 * generic code is re-checked for a while before calling it a transport
 * error: the kiosk treats "card removed" very differently. */
static gboolean
td_pcsc_transport_card_gone(TdPcscTransport *self)
{
	for (guint i = 0; i < 10; i++) {
		DWORD state = 0;
		DWORD protocol = 0;
		DWORD reader_len = 0;
		DWORD atr_len = 0;
		LONG rv = SCardStatus(self->card, NULL, &reader_len, &state, &protocol, NULL, &atr_len);
		if (rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_RESET_CARD ||
		    rv == SCARD_E_READER_UNAVAILABLE || td_pcsc_rv_is_service_lost(rv))
			return TRUE;
		if (rv == SCARD_S_SUCCESS && (state & SCARD_PRESENT) == 0)
			return TRUE;
		g_usleep(100 * 1000);
	}
	return FALSE;
}

static GBytes *
td_pcsc_transport_transmit_raw(TdTransport *transport, GBytes *command, GCancellable *cancellable, GError **error)
{
	TdPcscTransport *self = TD_PCSC_TRANSPORT(transport);
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&self->lock);
	const SCARD_IO_REQUEST *pci;
	gsize command_len = 0;
	const guint8 *command_data = g_bytes_get_data(command, &command_len);
	DWORD response_len = MAX_BUFFER_SIZE_EXTENDED;
	GBytes *response;
	LONG rv;

	if (g_cancellable_set_error_if_cancelled(cancellable, error))
		return NULL;
	if (!self->has_card) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED, "the card is not connected");
		return NULL;
	}
	if (command_len < 4 || command_len > MAX_BUFFER_SIZE_EXTENDED) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_INVALID_INPUT,
			    "a command APDU of %" G_GSIZE_FORMAT " bytes cannot be sent",
			    command_len);
		return NULL;
	}
	pci = self->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
	rv = SCardTransmit(self->card, pci, command_data, command_len, NULL, self->receive_buffer, &response_len);
	if (rv != SCARD_S_SUCCESS) {
		if (rv != SCARD_W_REMOVED_CARD && rv != SCARD_W_RESET_CARD && !td_pcsc_rv_is_service_lost(rv) &&
		    td_pcsc_transport_card_gone(self)) {
			rv = SCARD_W_REMOVED_CARD;
		}
		td_pcsc_set_error(error, rv, TD_PCSC_PHASE_SESSION, "SCardTransmit");
		return NULL;
	}
	if (response_len < 2 || response_len > MAX_BUFFER_SIZE_EXTENDED) {
		td_memwipe(self->receive_buffer, MAX_BUFFER_SIZE_EXTENDED);
		/* vpcd (and some CCID readers) report a card that left mid-
		 * command as an empty answer rather than an error. */
		if (response_len < 2 && td_pcsc_transport_card_gone(self)) {
			td_pcsc_set_error(error, SCARD_W_REMOVED_CARD, TD_PCSC_PHASE_SESSION, "SCardTransmit");
			return NULL;
		}
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_TRANSPORT,
			    "the card answered %lu bytes, fewer than a status word",
			    (unsigned long)response_len);
		return NULL;
	}
	response = g_bytes_new(self->receive_buffer, response_len);
	/* responses carry personal data in clear or under SM: don't leave a
	 * copy behind in a long-lived buffer */
	td_memwipe(self->receive_buffer, response_len);
	return response;
}

static GBytes *
td_pcsc_transport_get_atr(TdTransport *transport)
{
	TdPcscTransport *self = TD_PCSC_TRANSPORT(transport);
	return self->atr != NULL ? g_bytes_ref(self->atr) : NULL;
}

static gsize
td_pcsc_transport_get_max_extended_length(TdTransport *transport)
{
	TdPcscTransport *self = TD_PCSC_TRANSPORT(transport);
	return self->max_extended_length;
}

static void
td_pcsc_transport_finalize(GObject *object)
{
	TdPcscTransport *self = TD_PCSC_TRANSPORT(object);

	/* both calls fail harmlessly if pcscd went away meanwhile */
	if (self->has_card)
		SCardDisconnect(self->card, SCARD_RESET_CARD);
	if (self->has_context)
		SCardReleaseContext(self->context);
	g_free(self->reader_name);
	g_clear_pointer(&self->atr, g_bytes_unref);
	g_free(self->receive_buffer);
	g_mutex_clear(&self->lock);
	G_OBJECT_CLASS(td_pcsc_transport_parent_class)->finalize(object);
}

static void
td_pcsc_transport_class_init(TdPcscTransportClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	TdTransportClass *transport_class = TD_TRANSPORT_CLASS(klass);

	object_class->finalize = td_pcsc_transport_finalize;
	transport_class->transmit_raw = td_pcsc_transport_transmit_raw;
	transport_class->get_atr = td_pcsc_transport_get_atr;
	transport_class->get_max_extended_length = td_pcsc_transport_get_max_extended_length;
}

static void
td_pcsc_transport_init(TdPcscTransport *self)
{
	g_mutex_init(&self->lock);
	self->receive_buffer = g_malloc0(MAX_BUFFER_SIZE_EXTENDED);
}
