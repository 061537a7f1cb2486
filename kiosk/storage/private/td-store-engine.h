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

G_END_DECLS
