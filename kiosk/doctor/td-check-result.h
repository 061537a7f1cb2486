/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a failing check means for today's check-ins, as the kiosk then
 * behaves (td-checkin-policy.c, the journal): the staff health page's
 * first sentences. td_check_result_new gives a part's usual one; a check
 * that knows better sets its own. */
typedef enum {
	TD_CHECK_EFFECT_NONE,		   /* the administrator's: check-ins go on as usual */
	TD_CHECK_EFFECT_NO_CHECK_IN,	   /* the kiosk cannot run as set up: patients to the desk */
	TD_CHECK_EFFECT_NO_READER,	   /* no card can be laid on the kiosk: checked in at the desk */
	TD_CHECK_EFFECT_NOT_STORED,	   /* check-ins cannot be stored: patients to the desk */
	TD_CHECK_EFFECT_OFFLINE,	   /* the station's database out of reach: numbered offline, sent later */
	TD_CHECK_EFFECT_CARDS_BY_EYE,	   /* no CSCA vouches for the cards: every patient to the desk */
	TD_CHECK_EFFECT_INSURANCE_LATER,   /* the gateway: checked in, the desk confirms the insurance later */
	TD_CHECK_EFFECT_INSURANCE_AT_DESK, /* no gateway set up: every patient to the desk */
	TD_CHECK_EFFECT_NO_TICKETS,	   /* the number is on the screen only */
	TD_CHECK_EFFECT_NO_SCANNER,	   /* the card's QR code cannot be scanned: the number is typed */
} TdCheckEffect;

/* One line of `tiepdon doctor` (and of the staff console's health panel):
 * what was checked, whether it is fine, and a sentence saying what was
 * found or what to do.
 *
 * title and message are in the language of the text domain (Vietnamese in
 * the kiosk, as staff read it; `tiepdon doctor --lang`): the doctor marks
 * its sentences for gettext (catalogues in ui/po, msgids in English).
 * name stays English, the key scripts and the JSON output use. */
typedef struct {
	gchar *name;	/* "pcscd", "trust store", "gateway", "printer", ... */
	gchar *title;	/* the part as reception calls it: "Máy đọc thẻ" */
	gboolean ok;
	/* ok, and not this machine's to do (no [report] url: the day's
	 * report is printed, not sent): the health page says so, not
	 * "works" */
	gboolean not_set_up;
	gchar *message;
	TdCheckEffect effect; /* when not ok */
	/* when not ok, reception's words for it where more can be said than
	 * "needs attention, tell the administrator" (no keys, no commands:
	 * WORDING.md): an msgid, marked N_() and translated when shown, so
	 * the health page follows the language; NULL otherwise */
	const gchar *desk_words;
} TdCheckResult;

TdCheckResult *td_check_result_new(const gchar *name, gboolean ok, const gchar *format, ...) G_GNUC_PRINTF(3, 4);
/* "none", "no-check-in", "no-reader", "not-stored", "offline",
 * "cards-by-eye", "insurance-later", "insurance-at-desk", "no-tickets",
 * "no-scanner": `tiepdon doctor --json`'s "effect" of a failing line. */
const gchar *td_check_effect_to_string(TdCheckEffect effect);
void td_check_result_free(TdCheckResult *result);
/* A printer's fault in reception's words, by the code the doctor and
 * DEPLOY.md give it (td_ticket_error_staff_code: "PRN-PAPER"): paper and
 * a printer switched off are the desk's to mend, the rest the
 * administrator's; no code on a staff screen (WORDING.md). An msgid, as
 * desk_words: the printer's line carries it, and the console translates
 * it for a ticket that did not print. */
const gchar *td_check_printer_fault_words(const gchar *code);
/* The title of the check called name, translated; name itself (and a
 * critical warning: every check has a title) when there is none. */
const gchar *td_check_result_title(const gchar *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCheckResult, td_check_result_free)

G_END_DECLS
