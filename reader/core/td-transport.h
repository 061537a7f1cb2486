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

/* How long a card may take. Both 0 (the default): no limit. */
typedef struct {
	guint command_ms;     /* one exchange, from sending it to the answer */
	gint64 card_end_time; /* g_get_monotonic_time() by which the card must be done */
} TdTransportDeadline;

/* A deadline starting now: command_ms per exchange, card_ms for all of
 * them (0: no limit for that part). */
TdTransportDeadline td_transport_deadline_from_now(guint command_ms, guint card_ms);

/* Every exchange from now on runs under deadline (a copy is kept; NULL
 * lifts it). An exchange past it fails with TD_READER_ERROR_TIMEOUT, and
 * when the card was left in the middle of one the transport is abandoned:
 * a command sent cannot be called back (SCardTransmit cannot be
 * interrupted), so it finishes in a thread of its own, which holds a
 * reference to the transport until the call returns, if ever; the
 * transport (its reader handle) is freed there. Every later exchange on
 * an abandoned transport fails with TIMEOUT at once. Thread-safe. */
void td_transport_set_deadline(TdTransport *self, const TdTransportDeadline *deadline);
gboolean td_transport_is_abandoned(TdTransport *self);

/* For subclasses, for any call that may block on the card (transmit_raw
 * goes through it): runs func(self, data, error) under the deadline, in a
 * helper thread, or directly when there is none. data belongs to the call
 * (data_free, may be NULL, frees it when the call ends); a result coming
 * back after the caller gave up is freed with result_free. what names the
 * call in the timeout's message. */
typedef gpointer (*TdTransportBlockingFunc)(TdTransport *self, gpointer data, GError **error);
gpointer td_transport_call_with_deadline(TdTransport *self, const gchar *what, TdTransportBlockingFunc func,
					 gpointer data, GDestroyNotify data_free, GDestroyNotify result_free,
					 GError **error);

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
