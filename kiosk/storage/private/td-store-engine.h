/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the engines (SQLite, PostgreSQL) share beyond the TdStore
 * interface. Not for anyone outside kiosk/storage. */

#include "td-store.h"

G_BEGIN_DECLS

/* What each staff action means for the check-in (NULL = unchanged), as
 * td_store_resolve_exception documents. */
void td_store_resolve_action_effect(const gchar *action, const gchar **outcome, const gchar **eligibility,
				    const gchar **vneid);

/* After the commit, and only then (the number is the patient's now): the
 * record's id, number and time, the exception's ids. exc may be NULL. */
void td_store_confirm_checkin(TdCheckinRecord *rec, TdCheckinException *exc, gint64 checkin_id, gint64 queue_number,
			      gint64 time_unix, gint64 exception_id);

G_END_DECLS
