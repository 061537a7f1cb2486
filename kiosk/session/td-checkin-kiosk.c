/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-checkin-kiosk.h"

/* Both run in the session's worker threads: the store serialises its
 * SQLite connection behind its own mutex. */
static gboolean
kiosk_commit(TdCheckinRecord *record, TdCheckinException *exception, gpointer user_data, GError **error)
{
	return td_store_record_checkin(TD_STORE(user_data), record, exception, error);
}

static gboolean
kiosk_last_vneid_answer(const gchar *id_hash, gint64 *time_unix, TdVneidAnswer *answer, gpointer user_data,
			GError **error)
{
	return td_store_last_vneid_answer(TD_STORE(user_data), id_hash, time_unix, answer, error);
}

static gchar *
kiosk_hash_id(const gchar *id12, gpointer user_data)
{
	return td_config_hash_id(user_data, id12);
}

TdCheckinSession *
td_checkin_session_new_for_kiosk(TdConfig *config, TdStore *store, const gchar *trust_dir,
				 TdCardConnectFunc connect_func, gpointer user_data, GDestroyNotify destroy,
				 GError **error)
{
	g_autoptr(TdCheckinSession) session = NULL;
	g_autoptr(TdVneidSource) vneid = NULL;
	guint patient_ms = config->idle_timeout_s * 1000;
	guint warning_ms = config->warning_s * 1000;

	/* a bad station key must stop the kiosk at start, not at the first
	 * patient */
	if (!td_config_load_id_hash_key(config, error))
		return NULL;
	if (trust_dir == NULL)
		trust_dir = config->trust_dir;
	session = td_checkin_session_new(connect_func, user_data, destroy);
	if (trust_dir != NULL) {
		g_autoptr(TdTrustStore) trust = td_trust_store_new_from_directory(trust_dir, error);
		if (trust == NULL)
			return NULL;
		td_checkin_session_set_trust_store(session, trust);
	}
	if (config->gateway != NULL) {
		g_autoptr(TdGatewayClient) client = td_gateway_client_new(config->gateway);
		td_checkin_session_set_gateway(session, client);
	}
	td_checkin_session_set_commit_func(session, kiosk_commit, g_object_ref(store), g_object_unref);
	td_checkin_session_set_id_hash_func(session, kiosk_hash_id, config, NULL);
	vneid = td_vneid_ask_source_new(config->vneid_ask_again_days, kiosk_last_vneid_answer, g_object_ref(store),
					g_object_unref);
	td_checkin_session_set_vneid_source(session, vneid);
	td_checkin_session_set_timeout(session, TD_CHECKIN_STATE_KEY_NEEDED, patient_ms, warning_ms);
	td_checkin_session_set_timeout(session, TD_CHECKIN_STATE_VNEID_STEP, patient_ms, warning_ms);
	td_checkin_session_set_card_timeouts(session, config->command_timeout_s * 1000, config->card_timeout_s * 1000);
	return g_steal_pointer(&session);
}
