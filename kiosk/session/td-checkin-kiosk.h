/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-checkin-session.h"
#include "td-config.h"
#include "td-store.h"

G_BEGIN_DECLS

/* The session wired the way the kiosk (and `tiepdon checkin`) runs it:
 * records go to store (td_store_record_checkin), ID numbers are hashed
 * with the station key (td_config_hash_id), the VNeID question is skipped
 * for [vneid] ask-again-days after an "integrated", the gateway comes from
 * [gateway] (none: look-ups are "not checked"), the trust store from
 * trust_dir (NULL: [reader] trust-dir; none configured: every card is
 * untrusted), the patient's time limits from [kiosk] idle-timeout-s
 * and warning-s, the card's from [reader] command-timeout and
 * card-timeout. Tests pass their own connect_func (an in-process chip)
 * and config file. config must outlive the session. */
TdCheckinSession *td_checkin_session_new_for_kiosk(TdConfig *config, TdStore *store, const gchar *trust_dir,
						   TdCardConnectFunc connect_func, gpointer user_data,
						   GDestroyNotify destroy, GError **error);

G_END_DECLS
