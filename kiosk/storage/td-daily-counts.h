/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-record.h"

G_BEGIN_DECLS

#define TD_CARD_VERDICT_COUNT (TD_CARD_VERDICT_UNREADABLE + 1)
#define TD_ELIGIBILITY_COUNT  (TD_ELIGIBILITY_UNKNOWN_CODE + 1)
#define TD_VNEID_COUNT	      (TD_VNEID_LEFT + 1)
#define TD_OUTCOME_COUNT      (TD_OUTCOME_SEE_STAFF + 1)

/* What one day's check-ins add up to; filled by the store with SQL
 * aggregates, printed by td-report. */
typedef struct {
	gchar day[11]; /* yyyy-mm-dd */
	guint checkins;
	guint by_card[TD_CARD_VERDICT_COUNT]; /* [NO_CARD] = manual */
	guint by_eligibility[TD_ELIGIBILITY_COUNT];
	guint by_vneid[TD_VNEID_COUNT];
	guint by_outcome[TD_OUTCOME_COUNT]; /* as they are now: a case staff closed says checked-in (see-staff
					       * for one who went home; as it was for one referred) */
	/* sent to reception when they checked in, however staff closed the
	 * case since (by_outcome's see-staff counts the cases still open,
	 * and those closed without a check-in: went home, or referred from
	 * see-staff) */
	guint sent_to_staff;
} TdDailyCounts;

TdDailyCounts *td_daily_counts_new(const gchar *day);
void td_daily_counts_free(TdDailyCounts *counts);
/* Adds b's counters into a (for range totals). */
void td_daily_counts_add(TdDailyCounts *a, const TdDailyCounts *b);

guint td_daily_counts_by_chip_card(const TdDailyCounts *counts);
/* eligible + eligible with a new card */
guint td_daily_counts_eligible(const TdDailyCounts *counts);
/* The integration rate's two numbers: check-ins whose patient answered the
 * VNeID question (not those never asked, nor those who left with their
 * number before answering), and of them those who have the insurance card
 * in VNeID (already, or helped by staff to integrate it now). */
guint td_daily_counts_vneid_answered(const TdDailyCounts *counts);
guint td_daily_counts_vneid_integrated(const TdDailyCounts *counts);
/* Percent of patients asked who have BHYT in VNeID (integrated or helped
 * to integrate now) among those who answered; a negative value when nobody
 * was asked. */
gdouble td_daily_counts_integration_rate(const TdDailyCounts *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDailyCounts, td_daily_counts_free)

G_END_DECLS
