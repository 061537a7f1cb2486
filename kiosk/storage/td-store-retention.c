/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention, once for both engines: which rows a purge closes, erases or
 * deletes, in which order. The engines only run the statements (and
 * compact their files after), so SQLite and PostgreSQL keep the same
 * personal data for the same time. */
#include "config.h"

#include <stddef.h>

#include "td-store-engine.h"

#define TD_SECONDS_PER_DAY 86400
/* PIN attempts matter for at most lockout-minutes (≤ one day). */
#define TD_PIN_ATTEMPT_KEEP_S TD_SECONDS_PER_DAY

/* The times a step compares with. */
typedef enum {
	PURGE_NOTHING,
	PURGE_NOW,
	PURGE_CUTOFF,	   /* now - retention-days */
	PURGE_LINK_CUTOFF, /* now - link-days */
	PURGE_PIN_CUTOFF,  /* now - a day */
} PurgeTime;

#define PURGE_UNCOUNTED G_MAXSIZE

/* In the SQL both engines speak: $1 and $2, true and false (SQLite keeps
 * them as 1 and 0, as its columns do). */
static const struct {
	const gchar *sql;
	PurgeTime first, second;
	gsize count_offset; /* where in TdPurgeCounts the changed rows go */
} purge_steps[] = {
    /* Nobody handled it in time: closed, and the audit trail says so;
     * what named the person goes. Deleted one retention period later,
     * like any resolved exception. */
    {"INSERT INTO staff_actions (time_unix, action, exception_id, checkin_id)"
     " SELECT $2, 'exception-" TD_STORE_RESOLUTION_EXPIRED "', id, checkin_id FROM exceptions"
     " WHERE resolved = false AND created_unix < $1",
     PURGE_CUTOFF, PURGE_NOW, PURGE_UNCOUNTED},
    {"UPDATE exceptions SET resolved = true, resolution = '" TD_STORE_RESOLUTION_EXPIRED "',"
     " resolved_unix = $2, id_number = NULL, full_name = NULL, date_of_birth = NULL,"
     " card_code = NULL, detail = NULL WHERE resolved = false AND created_unix < $1",
     PURGE_CUTOFF, PURGE_NOW, offsetof(TdPurgeCounts, exceptions_expired)},
    {"DELETE FROM exceptions WHERE resolved = true AND resolved_unix < $1", PURGE_CUTOFF, PURGE_NOTHING,
     offsetof(TdPurgeCounts, exceptions_deleted)},
    {"UPDATE checkins SET id_hash = NULL WHERE time_unix < $1 AND id_hash IS NOT NULL", PURGE_LINK_CUTOFF,
     PURGE_NOTHING, offsetof(TdPurgeCounts, links_expired)},
    /* what the daily counts need stays: day, queue number (numbering goes
     * on within a day), the four verdict words; time 0 marks a minimised
     * row */
    {"UPDATE checkins SET time_unix = 0, card_reasons = NULL, eligibility_code = NULL,"
     " benefit_level = 0, registered_here = false, see_staff_reason = NULL, id_hash = NULL,"
     " card_warnings = NULL WHERE time_unix > 0 AND time_unix < $1",
     PURGE_CUTOFF, PURGE_NOTHING, offsetof(TdPurgeCounts, checkins_minimised)},
    {"UPDATE staff_actions SET note = NULL WHERE note IS NOT NULL AND time_unix < $1", PURGE_CUTOFF, PURGE_NOTHING,
     offsetof(TdPurgeCounts, staff_notes)},
    {"DELETE FROM pin_attempts WHERE time_unix < $1", PURGE_PIN_CUTOFF, PURGE_NOTHING,
     offsetof(TdPurgeCounts, pin_attempts)},
};

static gint64
purge_time(PurgeTime which, const TdRetention *retention, gint64 now)
{
	switch (which) {
	case PURGE_NOW:
		return now;
	case PURGE_CUTOFF:
		return now - (gint64)retention->retention_days * TD_SECONDS_PER_DAY;
	case PURGE_LINK_CUTOFF:
		return now - (gint64)retention->link_days * TD_SECONDS_PER_DAY;
	case PURGE_PIN_CUTOFF:
		return now - TD_PIN_ATTEMPT_KEEP_S;
	case PURGE_NOTHING:
	default:
		return 0;
	}
}

gboolean
td_store_run_purge_steps(gpointer engine, TdStoreChangeCounter count_changes, const TdRetention *retention,
			 gint64 now, TdPurgeCounts *counts, GError **error)
{
	for (gsize i = 0; i < G_N_ELEMENTS(purge_steps); i++) {
		gint64 params[2] = {purge_time(purge_steps[i].first, retention, now),
				    purge_time(purge_steps[i].second, retention, now)};
		guint n_params = purge_steps[i].second == PURGE_NOTHING ? 1 : 2;
		guint changed = 0;

		if (!count_changes(engine, purge_steps[i].sql, n_params, params, &changed, error))
			return FALSE;
		if (purge_steps[i].count_offset != PURGE_UNCOUNTED)
			G_STRUCT_MEMBER(guint, counts, purge_steps[i].count_offset) = changed;
	}
	return TRUE;
}

gboolean
td_purge_counts_erased_any(const TdPurgeCounts *counts)
{
	return counts->exceptions_deleted + counts->exceptions_expired + counts->checkins_minimised +
		   counts->links_expired + counts->staff_notes >
	       0;
}
