/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-apdu.h"

G_BEGIN_DECLS

/* Something that carries raw APDUs to a card and back: a PC/SC reader
 * (TdPcscTransport) or the virtual chip in-process (TdVchipTransport).
 * Everything above (secure messaging, file reading) talks to this class
 * only, which is how unit tests and the real reader share one code path.
 *
 * td_transport_transmit() also does the ISO 7816-3/4 chores every reader
 * needs: GET RESPONSE on 61xx, a resend with the right Le on 6Cxx, and the
 * counters the benchmark prints. */
#define TD_TYPE_TRANSPORT (td_transport_get_type())
G_DECLARE_DERIVABLE_TYPE(TdTransport, td_transport, TD, TRANSPORT, GObject)

struct _TdTransportClass {
	GObjectClass parent_class;
	/* Sends one raw command APDU; returns the raw response with SW1 SW2.
	 * Card removal is TD_READER_ERROR_CARD_REMOVED. */
	GBytes *(*transmit_raw)(TdTransport *self, GBytes *command, GCancellable *cancellable, GError **error);
	/* The card's ATR (may be NULL). */
	GBytes *(*get_atr)(TdTransport *self);
	/* Largest command/response the link carries; 0 = short APDUs only. */
	gsize (*get_max_extended_length)(TdTransport *self);
	gpointer padding[8];
};

typedef struct {
	guint apdu_count;	 /* command APDUs sent, GET RESPONSE included */
	guint64 bytes_sent;
	guint64 bytes_received;	 /* response bytes including SW */
	gint64 elapsed_us;	 /* wall time inside transmit_raw */
} TdTransportStats;

/* How the staff trace prints an APDU: header and lengths always, data bytes
 * only when redaction is off (never in production logs). */
typedef void (*TdTransportTraceFunc)(const gchar *line, gpointer user_data);

TdResponse *td_transport_transmit(TdTransport *self, const TdApdu *apdu, GCancellable *cancellable, GError **error);
GBytes *td_transport_transmit_raw(TdTransport *self, GBytes *command, GCancellable *cancellable, GError **error);
GBytes *td_transport_get_atr(TdTransport *self);
gsize td_transport_get_max_extended_length(TdTransport *self);
void td_transport_get_stats(TdTransport *self, TdTransportStats *stats);
void td_transport_reset_stats(TdTransport *self);
/* trace_func NULL turns tracing off; redact TRUE hides data bytes. */
void td_transport_set_trace(TdTransport *self, TdTransportTraceFunc trace_func, gpointer user_data, gboolean redact);
/* Called by TdSecureChannel to tag trace lines as protected/plain. */
void td_transport_trace(TdTransport *self, const gchar *format, ...) G_GNUC_PRINTF(2, 3);

G_END_DECLS
