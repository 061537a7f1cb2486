/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-daily-counts.h"

TdDailyCounts *
td_daily_counts_new(const gchar *day)
{
	TdDailyCounts *counts = g_new0(TdDailyCounts, 1);
	if (day != NULL)
		g_strlcpy(counts->day, day, sizeof(counts->day));
	return counts;
}

void
td_daily_counts_free(TdDailyCounts *counts)
{
	g_free(counts);
}

void
td_daily_counts_add(TdDailyCounts *a, const TdDailyCounts *b)
{
	a->checkins += b->checkins;
	for (guint i = 0; i < TD_CARD_VERDICT_COUNT; i++)
		a->by_card[i] += b->by_card[i];
	for (guint i = 0; i < TD_ELIGIBILITY_COUNT; i++)
		a->by_eligibility[i] += b->by_eligibility[i];
	for (guint i = 0; i < TD_VNEID_COUNT; i++)
		a->by_vneid[i] += b->by_vneid[i];
	for (guint i = 0; i < TD_OUTCOME_COUNT; i++)
		a->by_outcome[i] += b->by_outcome[i];
	a->sent_to_staff += b->sent_to_staff;
}

guint
td_daily_counts_by_chip_card(const TdDailyCounts *counts)
{
	return counts->checkins - counts->by_card[TD_CARD_VERDICT_NO_CARD];
}

guint
td_daily_counts_eligible(const TdDailyCounts *counts)
{
	return counts->by_eligibility[TD_ELIGIBILITY_ELIGIBLE] +
	       counts->by_eligibility[TD_ELIGIBILITY_ELIGIBLE_NEW_CARD];
}

guint
td_daily_counts_vneid_answered(const TdDailyCounts *counts)
{
	return counts->checkins - counts->by_vneid[TD_VNEID_NOT_ASKED] - counts->by_vneid[TD_VNEID_LEFT];
}

guint
td_daily_counts_vneid_integrated(const TdDailyCounts *counts)
{
	return counts->by_vneid[TD_VNEID_INTEGRATED] + counts->by_vneid[TD_VNEID_ASSISTED];
}

gdouble
td_daily_counts_integration_rate(const TdDailyCounts *counts)
{
	guint answered = td_daily_counts_vneid_answered(counts);
	guint integrated = td_daily_counts_vneid_integrated(counts);
	if (answered == 0)
		return -1.0;
	return 100.0 * (gdouble)integrated / (gdouble)answered;
}
