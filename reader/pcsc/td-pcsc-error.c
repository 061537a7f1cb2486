/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-pcsc-error.h"
#include "td-reader-error.h"

gboolean
td_pcsc_rv_is_service_lost(LONG rv)
{
	/* pcsc-lite 1.9.9 answers SCARD_E_NO_SERVICE when the socket is not
	 * there or the daemon closed it; SCARD_F_COMM_ERROR when a reply was cut
	 * short; SCARD_E_INVALID_HANDLE for a context made before pcscd
	 * restarted. */
	switch (rv) {
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
	case SCARD_F_COMM_ERROR:
	case SCARD_E_INVALID_HANDLE:
		return TRUE;
	default:
		return FALSE;
	}
}

void
td_pcsc_set_error(GError **error, LONG rv, TdPcscPhase phase, const gchar *what)
{
	const gchar *reason = pcsc_stringify_error(rv);

	switch (rv) {
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
	case SCARD_F_COMM_ERROR:
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_NO_SERVICE,
			    "the smart-card service (pcscd) is not running (%s: %s)",
			    what,
			    reason);
		return;
	case SCARD_E_INVALID_HANDLE:
		/* a handle from before a pcscd restart: the service went away
		 * under the session */
		g_set_error(error,
			    TD_READER_ERROR,
			    phase == TD_PCSC_PHASE_SESSION ? TD_READER_ERROR_CARD_REMOVED
							   : TD_READER_ERROR_NO_SERVICE,
			    "the smart-card service (pcscd) was restarted (%s: %s)",
			    what,
			    reason);
		return;
	case SCARD_E_NO_READERS_AVAILABLE:
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_NO_READER,
			    "no card reader is connected (%s)",
			    what);
		return;
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_READER_UNAVAILABLE:
		if (phase == TD_PCSC_PHASE_SESSION) {
			g_set_error(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_CARD_REMOVED,
				    "the card reader was disconnected (%s: %s)",
				    what,
				    reason);
		} else {
			g_set_error(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_NO_READER,
				    "the card reader is not available (%s: %s)",
				    what,
				    reason);
		}
		return;
	case SCARD_E_NO_SMARTCARD:
	case SCARD_W_REMOVED_CARD:
	case SCARD_W_RESET_CARD:
	case SCARD_W_UNPOWERED_CARD:
		/* a reset by someone else loses the secure-messaging state just
		 * like a removal does, so the session must start over */
		g_set_error(error,
			    TD_READER_ERROR,
			    phase == TD_PCSC_PHASE_SESSION ? TD_READER_ERROR_CARD_REMOVED
							   : TD_READER_ERROR_NO_CARD,
			    phase == TD_PCSC_PHASE_SESSION ? "the card was removed (%s: %s)"
							   : "there is no card in the reader (%s: %s)",
			    what,
			    reason);
		return;
	case SCARD_E_CANCELLED:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CANCELLED, "%s was cancelled", what);
		return;
	default:
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_TRANSPORT,
			    "%s failed: %s (0x%08lX)",
			    what,
			    reason,
			    (unsigned long)(guint32)rv);
		return;
	}
}
