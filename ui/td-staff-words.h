/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-record.h"
#include "td-eligibility.h"

G_BEGIN_DECLS

/* What reception reads, in the staff's language and words (WORDING.md): no
 * reason codes, no English log sentences, dates as dd/mm/yyyy. */

/* The action buttons' words for a store resolution ("self-pay", …). */
const gchar *td_staff_action_text(const gchar *action);
/* What a resolution did, in words for after it ("Insurance card code
 * entered"; the buttons' words are what to do): the history, the minute
 * to undo, a colleague's decision. Every stored resolution has its words,
 * "expired" and the old "vneid-assisted" too. */
const gchar *td_staff_resolution_text(const gchar *resolution);
/* The check-in's VNeID answer, as the case shows it. */
const gchar *td_staff_vneid_text(TdVneidAnswer answer);
/* A printer's fault in reception's words (td_check_printer_fault_words),
 * translated. */
const gchar *td_staff_printer_fault_text(const gchar *code);
/* The reason of a case in words: the policy's staff words, in Vietnamese
 * in both languages (reception's); a plain sentence for a code no rule
 * gives. */
const gchar *td_staff_reason_text(const gchar *reason);
/* The same for a case, with what its check-in says more: a data mismatch
 * names the name or the birth date, as the gateway's code did (record
 * may be NULL). */
const gchar *td_staff_case_reason_text(const gchar *reason, const TdCheckinRecord *record);
/* One of the reader's warnings ("entry 7 (religion): …") as the card item
 * that could not be read. */
gchar *td_staff_card_warning_text(const gchar *warning);
/* A stored birth date (ISO, perhaps yyyy-mm or yyyy) as people read it:
 * dd/mm/yyyy, mm/yyyy or yyyy. */
gchar *td_staff_date_display(const gchar *iso);
/* What the gateway answered, in words. */
const gchar *td_staff_eligibility_text(const TdEligibility *eligibility);

G_END_DECLS
