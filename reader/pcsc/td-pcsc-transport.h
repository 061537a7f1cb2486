/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-transport.h"

G_BEGIN_DECLS

/* A TdTransport over one PC/SC reader. It owns its own SCARDCONTEXT and
 * card handle (released in finalize), so a session can run on any one
 * worker thread while TdPcscMonitor watches readers on another. Every call
 * may block on pcscd: never call these on the main thread. */
#define TD_TYPE_PCSC_TRANSPORT (td_pcsc_transport_get_type())
G_DECLARE_FINAL_TYPE(TdPcscTransport, td_pcsc_transport, TD, PCSC_TRANSPORT, TdTransport)

/* Connects to the card in reader_name, or with NULL to the card in the first
 * reader that has one. The connection is exclusive: another application's
 * APDU in the middle of a secure-messaging session would silently break it.
 * If another process holds the card (typically a short probe right after
 * insertion) the connect is retried for about a second, then fails with
 * TD_READER_ERROR_TRANSPORT. Errors: NO_SERVICE, NO_READER, NO_CARD,
 * TRANSPORT, CANCELLED. */
TdTransport *td_pcsc_transport_new(const gchar *reader_name, GCancellable *cancellable, GError **error);
/* The same, with every exchange under deadline (td_transport_set_deadline),
 * the connect (which powers a card up) included: a card that does not
 * answer it fails with TD_READER_ERROR_TIMEOUT, its connect left to
 * finish in a thread of its own. Each transport has its own PC/SC context,
 * so an abandoned one holds up no other card. */
TdTransport *td_pcsc_transport_new_with_deadline(const gchar *reader_name, const TdTransportDeadline *deadline,
						 GCancellable *cancellable, GError **error);

/* The name of the reader the transport is connected to. */
const gchar *td_pcsc_transport_get_reader_name(TdPcscTransport *self);

/* All reader names pcscd knows (an empty vector when there are none).
 * Errors: TD_READER_ERROR_NO_SERVICE. */
GStrv td_pcsc_list_readers(GError **error);

G_END_DECLS
