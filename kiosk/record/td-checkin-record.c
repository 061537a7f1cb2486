/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-checkin-record.h"
#include "td-secret.h"

TdCheckinRecord *
td_checkin_record_new(void)
{
	return g_new0(TdCheckinRecord, 1);
}

void
td_checkin_record_free(TdCheckinRecord *record)
{
	if (record == NULL)
		return;
	g_free(record->card_reasons);
	g_free(record->eligibility_code);
	g_free(record->see_staff_reason);
	g_free(record->id_hash);
	g_strfreev(record->card_warnings);
	g_free(record->origin);
	g_free(record);
}

gboolean
td_checkin_record_vneid_to_ask(const TdCheckinRecord *record)
{
	return record->queue_number > 0 && record->outcome != TD_OUTCOME_SEE_STAFF &&
	       (record->vneid == TD_VNEID_NOT_ASKED || record->vneid == TD_VNEID_LEFT);
}

gboolean
td_queue_series_is_valid(const gchar *series)
{
	return series != NULL &&
	       (series[0] == '\0' || (series[0] >= 'A' && series[0] <= 'Z' && series[1] == '\0'));
}

gchar *
td_queue_label(const gchar *series, guint number)
{
	if (series == NULL || series[0] == '\0')
		return g_strdup_printf("%u", number);
	return g_strdup_printf("%s-%03u", series, number);
}

gchar *
td_queue_label_spoken(const gchar *series, guint number)
{
	if (series == NULL || series[0] == '\0')
		return g_strdup_printf("%u", number);
	return g_strdup_printf("%s %u", series, number);
}

TdCheckinException *
td_checkin_exception_new(void)
{
	return g_new0(TdCheckinException, 1);
}

void
td_checkin_exception_free(TdCheckinException *exception)
{
	if (exception == NULL)
		return;
	td_str_clear_free(exception->id_number);
	td_str_clear_free(exception->full_name);
	td_str_clear_free(exception->date_of_birth);
	td_str_clear_free(exception->card_code);
	g_free(exception->reason);
	td_str_clear_free(exception->detail);
	g_free(exception->resolution);
	g_free(exception->resolved_by);
	g_free(exception);
}

/* One table per enum, so the words stored in the database and printed in
 * reports are written once. */
static const gchar *card_verdict_words[] = {"no-card", "genuine", "unverified", "forged", "unreadable"};
static const gchar *eligibility_words[] = {
	"not-checked", "eligible",	 "eligible-new-card", "expired",	  "not-found",	     "mismatch",
	"revoked",     "other-agency", "child-no-card",	    "config-error", "unavailable", "new-card-unconfirmed", "unknown-code",
};
G_STATIC_ASSERT(G_N_ELEMENTS(eligibility_words) == TD_ELIGIBILITY_UNKNOWN_CODE + 1);
static const gchar *vneid_words[] = {"not-asked", "integrated",    "not-yet",
				     "no-account", "assisted", "no-smartphone", "left-before-answering"};
static const gchar *outcome_words[] = {"checked-in", "pending-eligibility", "see-staff"};

static const gchar *
word_at(const gchar *const *words, guint n, guint value)
{
	return value < n ? words[value] : "unknown";
}

static gboolean
word_index(const gchar *const *words, guint n, const gchar *str, guint *out)
{
	for (guint i = 0; str != NULL && i < n; i++) {
		if (strcmp(words[i], str) == 0) {
			*out = i;
			return TRUE;
		}
	}
	return FALSE;
}

#define TD_DEFINE_ENUM_WORDS(Type, prefix, table)                                                                      \
	const gchar *prefix##_to_string(Type value)                                                                    \
	{                                                                                                              \
		return word_at(table, G_N_ELEMENTS(table), (guint)value);                                              \
	}                                                                                                              \
	gboolean prefix##_from_string(const gchar *str, Type *out)                                                     \
	{                                                                                                              \
		guint i;                                                                                               \
		if (!word_index(table, G_N_ELEMENTS(table), str, &i))                                                  \
			return FALSE;                                                                                  \
		*out = (Type)i;                                                                                        \
		return TRUE;                                                                                           \
	}

TD_DEFINE_ENUM_WORDS(TdCardVerdict, td_card_verdict, card_verdict_words)
TD_DEFINE_ENUM_WORDS(TdEligibilityVerdict, td_eligibility_verdict, eligibility_words)
TD_DEFINE_ENUM_WORDS(TdVneidAnswer, td_vneid_answer, vneid_words)
TD_DEFINE_ENUM_WORDS(TdOutcome, td_outcome, outcome_words)
