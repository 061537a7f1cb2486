/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the engines (SQLite, PostgreSQL) share beyond the TdStore
 * interface. Not for anyone outside kiosk/storage. */

#include "td-store.h"

G_BEGIN_DECLS

/* What each staff action means for the check-in (NULL = unchanged), as
 * td_store_resolve_exception documents. */
void td_store_resolve_action_effect(const gchar *action, const gchar **outcome, const gchar **eligibility);
/* The VNeID answer an audit row sets on its check-in, in the same
 * transaction, so the row and the answer are never one without the
 * other: "vneid-assisted" (the desk helped), "vneid-answer" (the
 * patient's answer at the desk, its note the answer's word);
 * TD_VNEID_NOT_ASKED: none. */
TdVneidAnswer td_store_action_vneid_effect(const gchar *action, const gchar *note);

/* count_days counts the verdict words in one pass, one column per word
 * after the day and COUNT(*), the words bound as parameters so the SQL
 * follows the enums in td-checkin-record.c: */
#define TD_STORE_COUNT_WORDS (TD_CARD_VERDICT_COUNT + TD_ELIGIBILITY_COUNT + TD_VNEID_COUNT + TD_OUTCOME_COUNT)
/* the i-th word and the checkins column it is compared with */
void td_store_count_word(guint i, const gchar **column, const gchar **word);
/* where the i-th word's count goes in c */
guint *td_store_count_slot(TdDailyCounts *c, guint i);

/* list_staff's query, in the SQL both engines speak: id, name, pin_hash,
 * active, created_unix, manager; the station's first, then by name. A
 * database of a schema before roles (!with_roles) has every account a
 * manager, as it was before them; the station's account is one always. */
const gchar *td_store_list_staff_sql(gboolean with_roles);

/* After the commit, and only then (the number is the patient's now): the
 * record's id, number and time, the exception's ids. exc may be NULL. */
void td_store_confirm_checkin(TdCheckinRecord *rec, TdCheckinException *exc, gint64 checkin_id, gint64 queue_number,
			      gint64 time_unix, gint64 exception_id);

/* Retention (td-store-retention.c): one statement in the SQL both engines
 * speak ($1 and $2, true and false), the rows it changed in *changed. */
typedef gboolean (*TdStoreChangeCounter)(gpointer engine, const gchar *sql, guint n_params, const gint64 *params,
					 guint *changed, GError **error);
/* The purge's statements in order, inside the engine's transaction. */
gboolean td_store_run_purge_steps(gpointer engine, TdStoreChangeCounter count_changes, const TdRetention *retention,
				  gint64 now, TdPurgeCounts *counts, GError **error);
/* TRUE when the purge erased personal data: the engine then compacts its
 * files, so the erased values do not linger in free pages. */
gboolean td_purge_counts_erased_any(const TdPurgeCounts *counts);

G_END_DECLS
