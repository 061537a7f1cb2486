/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-checkin-kiosk.h"
#include "td-device-settings.h"
#include "td-ticket.h"

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

static TdCheckinRecord *
kiosk_find_checkin(const gchar *day, const gchar *id_hash, gpointer user_data, GError **error)
{
	return td_store_find_checkin(TD_STORE(user_data), day, id_hash, error);
}

static gboolean
kiosk_set_vneid(gint64 checkin_id, TdVneidAnswer answer, gpointer user_data, GError **error)
{
	return td_store_set_vneid_answer(TD_STORE(user_data), checkin_id, answer, error);
}

/* Where the patient goes with the ticket, after its "Xin mời:". */
static const gchar *
kiosk_ticket_where(const TdCheckinRecord *record)
{
	switch (record->outcome) {
	case TD_OUTCOME_SEE_STAFF:
		return "Đến quầy tiếp đón";
	case TD_OUTCOME_PENDING_ELIGIBILITY:
		return "Ngồi chờ quầy tiếp đón gọi số";
	case TD_OUTCOME_CHECKED_IN:
	default:
		return "Ngồi chờ gọi số vào phòng khám";
	}
}

gboolean
td_checkin_kiosk_print_ticket(const TdConfig *config, TdStore *store, const TdTicketPrinter *printer,
			      const TdCheckinRecord *record, const gchar *full_name, GError **error)
{
	g_autoptr(TdTicket) ticket = td_ticket_new();
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *number = NULL;
	g_autofree gchar *label = td_queue_label(record->queue_series, record->queue_number);

	ticket->station_name = g_strdup(config->station_name);
	ticket->queue_number = record->queue_number;
	g_strlcpy(ticket->queue_series, record->queue_series, sizeof(ticket->queue_series));
	if (record->time_unix > 0)
		ticket->issued = g_date_time_new_from_unix_local(record->time_unix);
	ticket->where_to_go = g_strdup(kiosk_ticket_where(record));
	ticket->bhyt_status = g_strdup(td_ticket_bhyt_status_text(record->eligibility));
	ticket->initials = td_ticket_initials_from_name(full_name);
	if (config->vneid_guide_url != NULL && td_checkin_record_vneid_to_ask(record))
		ticket->vneid_guide_url = g_strdup(config->vneid_guide_url);
	if (td_ticket_print(ticket, printer, &error_local) > 0)
		return TRUE;
	/* for staff: which ticket, and the code DEPLOY.md explains */
	number = g_strdup_printf("%s %s", label, td_ticket_error_staff_code(error_local));
	if (store != NULL)
		td_store_record_staff_action(store, TD_CHECKIN_KIOSK_ACTION_TICKET_NOT_PRINTED, 0, record->id, number,
					     NULL);
	g_propagate_error(error, g_steal_pointer(&error_local));
	return FALSE;
}

typedef struct {
	const TdConfig *config; /* outlives the session */
	TdStore *store;
	TdTicketPrinter *printer;
} TdKioskPrinter;

static void
kiosk_printer_free(TdKioskPrinter *printer)
{
	g_object_unref(printer->store);
	td_ticket_printer_free(printer->printer);
	g_free(printer);
}

static gboolean
kiosk_print(const TdCheckinRecord *record, const gchar *full_name, gpointer user_data, GError **error)
{
	TdKioskPrinter *printer = user_data;
	return td_checkin_kiosk_print_ticket(printer->config, printer->store, printer->printer, record, full_name,
					     error);
}

void
td_checkin_kiosk_enable_tickets(TdCheckinSession *session, const TdConfig *config, TdStore *store,
				const TdTicketPrinter *printer)
{
	TdKioskPrinter *data = g_new0(TdKioskPrinter, 1);
	data->config = config;
	data->store = g_object_ref(store);
	data->printer = td_ticket_printer_copy(printer);
	td_checkin_session_set_print_func(session, kiosk_print, data, (GDestroyNotify)kiosk_printer_free);
}

TdCheckinSession *
td_checkin_session_new_for_kiosk(TdConfig *config, TdStore *store, const gchar *trust_dir,
				 TdCardConnectFunc connect_func, gpointer user_data, GDestroyNotify destroy,
				 GError **error)
{
	g_autoptr(TdCheckinSession) session = NULL;
	g_autoptr(TdVneidSource) vneid = NULL;
	/* a station's own file; the training mode's settings are made up */
	g_autoptr(TdDeviceSettings) devices = td_device_settings_new(config->path != NULL ? config->key_file : NULL, error);
	guint patient_ms = config->idle_timeout_s * 1000;
	guint warning_ms = config->warning_s * 1000;

	/* a bad station key must stop the kiosk at start, not at the first
	 * patient */
	if (devices == NULL || !td_config_load_id_hash_key(config, error))
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
	td_checkin_session_set_find_func(session, kiosk_find_checkin, g_object_ref(store), g_object_unref);
	td_checkin_session_set_vneid_func(session, kiosk_set_vneid, g_object_ref(store), g_object_unref);
	if (devices->print_tickets) {
		g_autoptr(TdTicketPrinter) printer = td_device_settings_ticket_printer(devices);
		td_checkin_kiosk_enable_tickets(session, config, store, printer);
	}
	td_checkin_session_set_id_hash_func(session, kiosk_hash_id, config, NULL);
	vneid = td_vneid_ask_source_new(config->vneid_ask_again_days, kiosk_last_vneid_answer, g_object_ref(store),
					g_object_unref);
	td_checkin_session_set_vneid_source(session, vneid);
	/* wherever the patient is to act: the pad, the card after the keys,
	 * the VNeID question */
	{
		const TdCheckinState patient_states[] = {TD_CHECKIN_STATE_ENTERING_KEY, TD_CHECKIN_STATE_AWAITING_CARD,
							 TD_CHECKIN_STATE_KEY_NEEDED, TD_CHECKIN_STATE_VNEID_STEP};
		for (guint i = 0; i < G_N_ELEMENTS(patient_states); i++)
			td_checkin_session_set_timeout(session, patient_states[i], patient_ms, warning_ms);
	}
	td_checkin_session_set_card_timeouts(session, config->command_timeout_s * 1000, config->card_timeout_s * 1000);
	return g_steal_pointer(&session);
}
