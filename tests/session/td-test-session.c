/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-access-key.h"
#include "td-test-files.h"
#include "td-test-session.h"

static TdTransport *
kiosk_connect(const gchar *reader_name, const TdTransportDeadline *deadline, gpointer user_data, GCancellable *cancellable, GError **error)
{
	TdTestKiosk *kiosk = user_data;
	if (kiosk->connect_error != NULL) {
		g_propagate_error(error, g_error_copy(kiosk->connect_error));
		return NULL;
	}
	g_assert_nonnull(kiosk->transport);
	return g_object_ref(kiosk->transport);
}

static void
kiosk_state_changed(TdCheckinSession *session, guint old_state, guint new_state, TdTestKiosk *kiosk)
{
	g_array_append_val(kiosk->states, new_state);
}

static void
kiosk_updated(TdCheckinSession *session, TdTestKiosk *kiosk)
{
	kiosk->updates++;
}

static void
kiosk_warning(TdCheckinSession *session, guint seconds_left, TdTestKiosk *kiosk)
{
	kiosk->warnings++;
	kiosk->last_warning_seconds = seconds_left;
}

/* The kiosk as td_checkin_session_new_for_kiosk() wires it, from a config
 * file like a station's: storage and the station key in the test's folder,
 * the test PKI's trust store, the simulator as [gateway]. */
static TdTestKiosk *
kiosk_new_valist(gint sim_latency_ms, const gchar *group, va_list args)
{
	TdTestKiosk *kiosk = g_new0(TdTestKiosk, 1);
	g_autoptr(GError) error = NULL;
	g_autoptr(GKeyFile) kf = NULL;
	g_autofree gchar *db = NULL;
	g_autofree gchar *path = NULL;

	kiosk->dir = g_dir_make_tmp("tiepdon-session-XXXXXX", &error);
	g_assert_no_error(error);
	if (sim_latency_ms >= 0) {
		g_autofree gchar *latency = g_strdup_printf("--latency-ms=%d", sim_latency_ms);
		kiosk->sim = td_test_sim_start("--fixtures=" TD_SESSION_FIXTURES, latency, NULL);
		kf = td_test_sim_key_file(kiosk->sim);
	} else {
		kf = g_key_file_new();
	}
	td_test_set_kiosk_settings(kf, kiosk->dir, TD_TEST_PKI_DIR "/trust-store");
	db = g_key_file_get_string(kf, "storage", "path", NULL);
	/* tickets only where a test gives the session a printer */
	g_key_file_set_string(kf, "printer", "tickets", "false");
	for (; group != NULL; group = va_arg(args, const gchar *)) {
		const gchar *name = va_arg(args, const gchar *);
		const gchar *value = va_arg(args, const gchar *);
		g_key_file_set_string(kf, group, name, value);
	}
	path = g_build_filename(kiosk->dir, "tiepdon.conf", NULL);
	td_test_save_settings(kf, path);
	kiosk->config = td_config_load(path, &error);
	g_assert_no_error(error);

	kiosk->store = TD_STORE(td_sqlite_store_new(db, &error));
	g_assert_no_error(error);
	kiosk->trust_store = td_trust_store_new_from_directory(TD_TEST_PKI_DIR "/trust-store", &error);
	g_assert_no_error(error);
	kiosk->states = g_array_new(FALSE, FALSE, sizeof(guint));

	kiosk->session =
	    td_checkin_session_new_for_kiosk(kiosk->config, kiosk->store, NULL, kiosk_connect, kiosk, NULL, &error);
	g_assert_no_error(error);
	g_signal_connect(kiosk->session, "state-changed", G_CALLBACK(kiosk_state_changed), kiosk);
	g_signal_connect(kiosk->session, "warning", G_CALLBACK(kiosk_warning), kiosk);
	g_signal_connect(kiosk->session, "updated", G_CALLBACK(kiosk_updated), kiosk);
	return kiosk;
}

TdTestKiosk *
td_test_kiosk_new(gint sim_latency_ms)
{
	return td_test_kiosk_new_with_settings(sim_latency_ms, NULL, NULL);
}

TdTestKiosk *
td_test_kiosk_new_with_settings(gint sim_latency_ms, const gchar *group, ...)
{
	TdTestKiosk *kiosk;
	va_list args;

	va_start(args, group);
	kiosk = kiosk_new_valist(sim_latency_ms, group, args);
	va_end(args);
	return kiosk;
}

void
td_test_kiosk_free(TdTestKiosk *kiosk)
{
	if (kiosk == NULL)
		return;
	td_test_kiosk_wait_idle_work(kiosk);
	g_signal_handlers_disconnect_by_data(kiosk->session, kiosk);
	g_clear_object(&kiosk->session);
	g_clear_pointer(&kiosk->config, td_config_free);
	g_clear_error(&kiosk->connect_error);
	g_clear_pointer(&kiosk->sim, td_test_sim_stop);
	g_clear_object(&kiosk->transport);
	g_clear_pointer(&kiosk->chip, td_vchip_unref);
	g_clear_pointer(&kiosk->trust_store, td_trust_store_unref);
	g_clear_object(&kiosk->store);
	td_test_remove_tree(kiosk->dir);
	g_free(kiosk->dir);
	g_array_unref(kiosk->states);
	g_free(kiosk);
}

void
td_test_kiosk_stop_sim(TdTestKiosk *kiosk)
{
	g_clear_pointer(&kiosk->sim, td_test_sim_stop);
}

void
td_test_kiosk_make_card(TdTestKiosk *kiosk, const gchar *profile, guint latency_ms, ...)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = g_build_filename(TD_VCHIP_PROFILES_DIR, profile, NULL);
	const gchar *group;
	va_list args;

	g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &error);
	g_assert_no_error(error);
	g_key_file_set_string(kf, "security", "ds-key", TD_TEST_PKI_DIR "/ds-p256.key");
	g_key_file_set_string(kf, "security", "ds-certificate", TD_TEST_PKI_DIR "/ds-p256.pem");
	va_start(args, latency_ms);
	while ((group = va_arg(args, const gchar *)) != NULL) {
		const gchar *key = va_arg(args, const gchar *);
		const gchar *value = va_arg(args, const gchar *);
		if (value != NULL)
			g_key_file_set_string(kf, group, key, value);
		else
			g_key_file_remove_key(kf, group, key, NULL);
	}
	va_end(args);
	/* removing the DS key means "the profile's own ephemeral DS" */
	if (!g_key_file_has_key(kf, "security", "ds-key", NULL))
		g_key_file_remove_key(kf, "security", "ds-certificate", NULL);
	g_clear_object(&kiosk->transport);
	g_clear_pointer(&kiosk->chip, td_vchip_unref);
	kiosk->chip = td_vchip_new_from_keyfile(kf, TD_VCHIP_PROFILES_DIR, &error);
	g_assert_no_error(error);
	td_vchip_set_latency_ms(kiosk->chip, latency_ms);
	kiosk->transport = td_vchip_transport_new(kiosk->chip);
}

void
td_test_kiosk_present_card(TdTestKiosk *kiosk, const gchar *id12, const gchar *birth_yymmdd)
{
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_id(id12, birth_yymmdd, NULL, NULL, &error);
	g_assert_no_error(error);
	td_checkin_session_card_inserted(kiosk->session, "Virtual Reader 00 00");
	td_checkin_session_submit_access_key(kiosk->session, keys);
}

void
td_test_kiosk_remove_card(TdTestKiosk *kiosk)
{
	td_vchip_transport_remove_card(TD_VCHIP_TRANSPORT(kiosk->transport));
	td_checkin_session_card_removed(kiosk->session);
}

static gboolean
kiosk_deadline(gpointer user_data)
{
	gboolean *expired = user_data;
	*expired = TRUE;
	return G_SOURCE_REMOVE;
}

void
td_test_kiosk_wait_state(TdTestKiosk *kiosk, TdCheckinState state, guint timeout_ms)
{
	gboolean expired = FALSE;
	guint id = g_timeout_add(timeout_ms, kiosk_deadline, &expired);

	while (td_checkin_session_get_state(kiosk->session) != state && !expired)
		g_main_context_iteration(NULL, TRUE);
	if (!expired)
		g_source_remove(id);
	if (td_checkin_session_get_state(kiosk->session) != state)
		g_error("waited %u ms for state %s, still in %s", timeout_ms, td_checkin_state_to_string(state),
			td_checkin_state_to_string(td_checkin_session_get_state(kiosk->session)));
}

void
td_test_kiosk_wait_idle_work(TdTestKiosk *kiosk)
{
	gboolean expired = FALSE;
	guint id = g_timeout_add(30000, kiosk_deadline, &expired);

	while (td_checkin_session_is_busy(kiosk->session) && !expired)
		g_main_context_iteration(NULL, TRUE);
	if (!expired)
		g_source_remove(id);
	g_assert_false(td_checkin_session_is_busy(kiosk->session));
	/* results already queued for the context (cancelled ones) */
	while (g_main_context_iteration(NULL, FALSE))
		;
}

gboolean
td_test_kiosk_visited(TdTestKiosk *kiosk, TdCheckinState state)
{
	for (guint i = 0; i < kiosk->states->len; i++)
		if (g_array_index(kiosk->states, guint, i) == (guint)state)
			return TRUE;
	return FALSE;
}

GPtrArray *
td_test_kiosk_open_exceptions(TdTestKiosk *kiosk)
{
	g_autoptr(GError) error = NULL;
	GPtrArray *list = td_store_list_exceptions(kiosk->store, NULL, TRUE, &error);
	g_assert_no_error(error);
	return list;
}

TdCheckinRecord *
td_test_kiosk_stored_checkin(TdTestKiosk *kiosk, gint64 id)
{
	g_autoptr(GError) error = NULL;
	TdCheckinRecord *record = td_store_get_checkin(kiosk->store, id, &error);
	g_assert_no_error(error);
	return record;
}

void
td_test_kiosk_assert_nothing_stored(TdTestKiosk *kiosk)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) record = td_store_get_checkin(kiosk->store, 1, &error);
	g_assert_null(record);
	g_assert_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND);
}

void
td_test_kiosk_assert_forgotten(TdTestKiosk *kiosk)
{
	g_assert_null(td_checkin_session_get_dg13(kiosk->session));
	g_assert_null(td_checkin_session_get_verification(kiosk->session));
	g_assert_null(td_checkin_session_get_eligibility(kiosk->session));
	g_assert_null(td_checkin_session_get_record(kiosk->session));
}

guint
td_test_kiosk_count_checkins(TdTestKiosk *kiosk)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) days = td_store_count_days(kiosk->store, "2000-01-01", "2999-12-31", &error);
	guint n = 0;
	g_assert_no_error(error);
	for (guint i = 0; i < days->len; i++)
		n += ((TdDailyCounts *)g_ptr_array_index(days, i))->checkins;
	return n;
}

/* ---- a worker held until the test lets it go ---- */

void
td_test_gate_init(TdTestGate *gate)
{
	g_mutex_init(&gate->lock);
	g_cond_init(&gate->cond);
}

void
td_test_gate_clear(TdTestGate *gate)
{
	g_mutex_clear(&gate->lock);
	g_cond_clear(&gate->cond);
}

void
td_test_gate_pass(TdTestGate *gate, guint give_up_s)
{
	gint64 give_up = g_get_monotonic_time() + (gint64)give_up_s * G_TIME_SPAN_SECOND;

	g_mutex_lock(&gate->lock);
	gate->entered = TRUE;
	g_cond_broadcast(&gate->cond);
	while (!gate->open) {
		if (give_up_s == 0)
			g_cond_wait(&gate->cond, &gate->lock);
		else if (!g_cond_wait_until(&gate->cond, &gate->lock, give_up))
			break;
	}
	g_mutex_unlock(&gate->lock);
}

void
td_test_gate_open(TdTestGate *gate)
{
	g_mutex_lock(&gate->lock);
	gate->open = TRUE;
	g_cond_broadcast(&gate->cond);
	g_mutex_unlock(&gate->lock);
}

gboolean
td_test_gate_entered(TdTestGate *gate, gboolean wait)
{
	gboolean entered;

	g_mutex_lock(&gate->lock);
	while (wait && !gate->entered)
		g_cond_wait(&gate->cond, &gate->lock);
	entered = gate->entered;
	g_mutex_unlock(&gate->lock);
	return entered;
}
