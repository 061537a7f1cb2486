/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-chip-document.h"
#include "td-chip-reader.h"
#include "td-passive-auth.h"
#include "td-trust-store.h"

G_BEGIN_DECLS

/* Is this card genuine? Passive authentication (the SOD's signature, its
 * Document Signer chained to a CSCA in the trust store, every data group
 * read hashed against the SOD), then clone detection: chip authentication
 * where DG14 offers it, else active authentication with DG15. The verdict
 * is what the kiosk acts on; the reasons say why, in words for staff. */
typedef enum {
	TD_CHIP_VERDICT_GENUINE,    /* PA valid and the clone check passed */
	TD_CHIP_VERDICT_UNVERIFIED, /* PA valid but no clone check offered, or
				     * the trust store lacks the CSCA */
	TD_CHIP_VERDICT_FORGED,	    /* a signature, hash or clone check failed */
} TdChipVerdict;

typedef enum {
	TD_CLONE_CHECK_CHIP_AUTH,
	TD_CLONE_CHECK_ACTIVE_AUTH,
	/* the chip did not prove it holds the key: a wrong answer, or one
	 * that cannot be a signature although it came under secure messaging */
	TD_CLONE_CHECK_FAILED,
	/* the chip offers neither check, none we run, or refused it */
	TD_CLONE_CHECK_NOT_OFFERED,
	/* the chip offers a check but what it sent for it could not be read:
	 * DG14's entry for the check (the SOD may sign it all the same), or an
	 * answer whose secure messaging does not unwrap. Not run, so not
	 * proof of a clone either: staff look, as for NOT_OFFERED. */
	TD_CLONE_CHECK_UNREADABLE,
} TdCloneCheck;

typedef struct {
	TdChipVerdict verdict;
	TdPassiveAuthStatus passive;
	TdCloneCheck chip;
	GPtrArray *reasons; /* gchar*, in order: passive first, then clone check */
	TdPassiveAuthResult *passive_result;
	gint64 elapsed_us;  /* time spent verifying, card commands included */
} TdChipVerification;

/* Runs on an opened reader after td_chip_document_read(). store may be NULL
 * (then the verdict is at best "unverified"), now NULL = the current time.
 * Returns NULL with an error only when the card could not be talked to
 * (removed, pcscd gone, cancelled); a failed check is a verdict. */
TdChipVerification *td_chip_verify(TdChipReader *reader, const TdChipDocument *doc, TdTrustStore *store, GDateTime *now,
				   GCancellable *cancellable, GError **error);
void td_chip_verification_free(TdChipVerification *verification);

/* "genuine", "unverified", "forged" / "chip-auth", "active-auth", "failed",
 * "not-offered", "unreadable": the words of the JSON output (the passive
 * status's: td_passive_auth_status_to_string()). */
const gchar *td_chip_verdict_to_string(TdChipVerdict verdict);
const gchar *td_clone_check_to_string(TdCloneCheck check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdChipVerification, td_chip_verification_free)

G_END_DECLS
