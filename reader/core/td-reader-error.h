/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TD_READER_ERROR (td_reader_error_quark())
GQuark td_reader_error_quark(void);

/* One error domain for everything between the PC/SC daemon and a parsed data
 * group, so the kiosk can map each code to one sentence a patient or staff
 * member understands. */
typedef enum {
	TD_READER_ERROR_NO_SERVICE,	    /* pcscd not running or went away */
	TD_READER_ERROR_NO_READER,	    /* no (such) reader */
	TD_READER_ERROR_NO_CARD,	    /* reader present, no card */
	TD_READER_ERROR_CARD_REMOVED,	    /* card left the reader mid-session */
	TD_READER_ERROR_TRANSPORT,	    /* any other transmit failure */
	TD_READER_ERROR_WRONG_ACCESS_KEY,   /* BAC/PACE refused every key tried */
	TD_READER_ERROR_SECURE_MESSAGING,   /* bad MAC, bad padding, SSC out of step */
	TD_READER_ERROR_CARD_STATUS,	    /* the card answered an unexpected SW */
	TD_READER_ERROR_FILE_NOT_FOUND,	    /* 6A82 on SELECT */
	TD_READER_ERROR_ACCESS_DENIED,	    /* 6982: needs EAC or other rights */
	TD_READER_ERROR_MALFORMED,	    /* card data that does not parse */
	TD_READER_ERROR_INVALID_INPUT,	    /* caller data: an ID, MRZ, QR text */
	TD_READER_ERROR_NOT_SUPPORTED,
	TD_READER_ERROR_CANCELLED,
	TD_READER_ERROR_CRYPTO,		    /* OpenSSL failed */
	TD_READER_ERROR_TIMEOUT,	    /* the card (or reader) did not answer in time */
	TD_READER_ERROR_BAC_KEY_NEEDED,	    /* the chip offers only BAC and the keys hold none:
					     * the ID alone is not enough, the birth date is */
	TD_READER_ERROR_CHIP_NOT_AUTHENTIC, /* the chip took the access key (so the key is
					     * right) but its own proof of it does not verify:
					     * not a genuine chip, or a faulty one */
} TdReaderError;

/* TRUE for the errors after which nothing more can be asked of the card:
 * it left the reader, pcscd went away, the work was cancelled, or the card
 * stopped answering (its transport is abandoned). Such an error is never
 * a finding about the card (a failed check, an unreadable file). */
gboolean td_reader_error_ends_conversation(const GError *error);

G_END_DECLS
