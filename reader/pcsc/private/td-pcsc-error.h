/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <PCSC/winscard.h>
#include <glib.h>

G_BEGIN_DECLS

/* Where a PC/SC call failed decides what a "no card" code means: before a
 * session it is TD_READER_ERROR_NO_CARD, during one the card left
 * (TD_READER_ERROR_CARD_REMOVED). */
typedef enum {
	TD_PCSC_PHASE_CONNECT,
	TD_PCSC_PHASE_SESSION,
} TdPcscPhase;

/* TRUE for the codes that mean pcscd is gone (not running, stopped, or the
 * socket to it broke), after which the context must be re-established. */
gboolean td_pcsc_rv_is_service_lost(LONG rv);

/* Maps a PC/SC return value onto TD_READER_ERROR; what says which call
 * failed ("SCardTransmit") and goes into the message with
 * pcsc_stringify_error(). */
void td_pcsc_set_error(GError **error, LONG rv, TdPcscPhase phase, const gchar *what);

G_END_DECLS
