/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-checkin-kiosk.h"
#include "td-demo-env.h"
#include "td-kiosk-context.h"
#include "td-pcsc-monitor.h"
#include "td-scanner.h"
#include "td-staff-pin.h"
#include "td-store-open.h"
#include "td-trust-store.h"
#include "td-worker.h"

#define TD_DEMO_GUIDE_URL "https://baohiemxahoi.gov.vn"

/* What both modes share once the config and the connect function exist:
 * the store, and the session wired as the core wires it for a kiosk. The
 * staff console's "ask again" uses the session's gateway client. */
static gboolean
td_kiosk_context_build_session(TdKioskContext *context, const gchar *trust_dir, TdCardConnectFunc connect,
			       gpointer connect_data, GError **error)
{
	const TdConfig *config = context->config;

	if (!td_config_load_id_hash_key(context->config, error))
		return FALSE;
	context->devices = td_device_settings_new(config->path != NULL ? config->key_file : NULL, error);
	if (context->devices == NULL)
		return FALSE;
	if (context->devices->scanner_enabled)
		context->scanner = G_OBJECT(td_scanner_new(context->devices->scanner_device));
	/* TD_VOICE=off: a quiet room (and the UI tests, unless they ask) */
	if (context->devices->voice_enabled && g_strcmp0(g_getenv("TD_VOICE"), "off") != 0)
		context->voice = td_voice_new(context->devices);
	context->store = td_store_open_configured(config, TD_STORE_OPEN_WRITABLE, error);
	if (context->store == NULL)
		return FALSE;
	context->watch = td_store_watch_new(context->store);
	context->session = td_checkin_session_new_for_kiosk(context->config, context->store, trust_dir, connect,
							     connect_data, NULL, error);
	return context->session != NULL;
}

TdKioskContext *
td_kiosk_context_new_demo(const gchar *data_dir, GError **error)
{
	g_autoptr(TdKioskContext) context = g_new0(TdKioskContext, 1);
	TdGatewayConfig *gateway;
	g_autoptr(GError) pki_error = NULL;
	const gchar *pki;

	context->data_dir = g_strdup(data_dir);
	context->config = td_config_new_demo(data_dir, error);
	if (context->config == NULL)
		return NULL;
	context->demo = td_demo_env_new(error);
	if (context->demo == NULL)
		return NULL;
	gateway = td_demo_env_start_gateway(context->demo, data_dir, error);
	if (gateway == NULL)
		return NULL;
	/* td_config_new_demo leaves [gateway] to the training mode */
	g_clear_pointer(&context->config->gateway, td_gateway_config_free);
	context->config->gateway = gateway;
	/* a public guide, as a station sets [vneid] guide-url: on the VNeID
	 * steps page and on the tickets of those to be asked */
	if (context->config->vneid_guide_url == NULL)
		context->config->vneid_guide_url = g_strdup(TD_DEMO_GUIDE_URL);
	/* a demo PKI, so the demo cards pass passive authentication as real
	 * ones do; without it every demo card is "untrusted" (see staff) */
	pki = td_demo_env_prepare_pki(context->demo, data_dir, &pki_error);
	if (pki == NULL)
		g_warning("training mode without a demo PKI: %s", pki_error->message);
	if (!td_kiosk_context_build_session(context, pki, td_demo_env_connect, context->demo, error))
		return NULL;
	/* trainees practise the console too: one PIN for all, on the banner */
	context->config->staff_pin_hash = td_staff_pin_hash(TD_TRAINING_PIN, error);
	if (context->config->staff_pin_hash == NULL)
		return NULL;
	return g_steal_pointer(&context);
}

/* The station's settings file and what they name (store, session). */
static TdKioskContext *
td_kiosk_context_load(const gchar *config_path, GError **error)
{
	g_autoptr(TdKioskContext) context = g_new0(TdKioskContext, 1);

	context->config = td_config_load(config_path, error);
	if (context->config == NULL)
		return NULL;
	if (!td_kiosk_context_build_session(context, NULL, td_checkin_connect_pcsc, NULL, error))
		return NULL;
	return g_steal_pointer(&context);
}

TdKioskContext *
td_kiosk_context_new_from_config(const gchar *config_path, GError **error)
{
	g_autoptr(TdKioskContext) context = td_kiosk_context_load(config_path, error);

	if (context == NULL)
		return NULL;
	context->monitor = G_OBJECT(td_pcsc_monitor_new());
	td_checkin_session_attach_monitor(context->session, TD_PCSC_MONITOR(context->monitor),
					  context->config->reader_name);
	return g_steal_pointer(&context);
}

TdKioskContext *
td_kiosk_context_new_for_staff(const gchar *config_path, GError **error)
{
	g_autoptr(TdKioskContext) context = td_kiosk_context_load(config_path, error);

	if (context == NULL)
		return NULL;
	/* the reception PC has no patient scanner and does not speak */
	g_clear_object(&context->scanner);
	g_clear_object(&context->voice);
	return g_steal_pointer(&context);
}

static void td_kiosk_context_start_scanner(TdKioskContext *context);

static gboolean
td_scanner_retry_cb(gpointer user_data)
{
	TdKioskContext *context = user_data;
	context->scanner_retry_id = 0;
	td_kiosk_context_start_scanner(context);
	return G_SOURCE_REMOVE;
}

static void
td_scanner_disconnected_cb(TdScanner *scanner, const gchar *reason, TdKioskContext *context)
{
	g_message("the scanner went away (%s): trying again in %u s", reason, TD_SCANNER_RETRY_S);
	td_kiosk_context_start_scanner(context);
}

static void
td_kiosk_context_start_scanner(TdKioskContext *context)
{
	g_autoptr(GError) error = NULL;

	if (context->scanner == NULL || td_scanner_is_running(TD_SCANNER(context->scanner)))
		return;
	if (td_scanner_start(TD_SCANNER(context->scanner), &error))
		return;
	/* not plugged in yet, or taken: the wedge reads it meanwhile */
	g_debug("scanner: %s", error->message);
	if (context->scanner_retry_id == 0)
		context->scanner_retry_id = g_timeout_add_seconds(TD_SCANNER_RETRY_S, td_scanner_retry_cb, context);
}

void
td_kiosk_context_set_voice(TdKioskContext *context, TdVoice *voice)
{
	if (voice != NULL)
		g_object_ref(voice);
	g_clear_object(&context->voice);
	context->voice = voice;
}

gboolean
td_kiosk_context_start(TdKioskContext *context, GError **error)
{
	if (context->scanner != NULL) {
		g_signal_connect(context->scanner, "disconnected", G_CALLBACK(td_scanner_disconnected_cb), context);
		td_kiosk_context_start_scanner(context);
	}
	if (context->monitor == NULL)
		return TRUE;
	return td_pcsc_monitor_start(TD_PCSC_MONITOR(context->monitor), error);
}

const gchar *
td_kiosk_context_guide_url(TdKioskContext *context)
{
	if (context == NULL || context->config == NULL)
		return NULL;
	return context->config->vneid_guide_url;
}

void
td_kiosk_context_set_printer(TdKioskContext *context, const TdTicketPrinter *printer)
{
	context->devices->print_tickets = TRUE;
	g_free(context->devices->printer_queue);
	context->devices->printer_queue = g_strdup(printer->queue);
	context->devices->printer_format = printer->format;
	context->devices->printer_paper_mm = printer->paper_mm;
	td_checkin_kiosk_enable_tickets(context->session, context->config, context->store, printer);
}

const gchar *
td_kiosk_context_training_pin(TdKioskContext *context)
{
	return context != NULL && context->demo != NULL ? TD_TRAINING_PIN : NULL;
}

typedef struct {
	TdStore *store;
	gint64 staff_id;
	gchar *action;
	gint64 exception_id;
	gchar *note;
} TdActionJob;

static void
td_action_job_free(TdActionJob *job)
{
	g_object_unref(job->store);
	g_free(job->action);
	g_free(job->note);
	g_free(job);
}

static void
td_action_job_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdActionJob *job = task_data;
	g_autoptr(GError) error = NULL;

	if (td_store_record_staff_action_as(job->store, job->staff_id, job->action, job->exception_id, 0, job->note,
					    &error)) {
		/* recorded */
	} else if (g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
		/* the database out of reach and no journal to keep it (a
		 * kiosk's store journals its own rows in an outage,
		 * td-journaled-store.h): the kiosk's log keeps what and who */
		g_message("the audit trail cannot be reached: \"%s\" by staff account %" G_GINT64_FORMAT
			  " is in this log only",
			  job->action, job->staff_id);
	} else {
		g_warning("the audit trail did not take \"%s\": %s", job->action, error->message);
	}
	g_task_return_boolean(task, TRUE);
}

void
td_kiosk_context_record_action_async(TdKioskContext *context, const gchar *action, const gchar *note)
{
	if (context != NULL)
		td_kiosk_context_record_action_as_async(context, context->staff_id, action, note);
}

void
td_kiosk_context_record_action_as_async(TdKioskContext *context, gint64 staff_id, const gchar *action,
					const gchar *note)
{
	td_kiosk_context_record_case_action_async(context, staff_id, action, 0, note);
}

void
td_kiosk_context_record_case_action_async(TdKioskContext *context, gint64 staff_id, const gchar *action,
					  gint64 exception_id, const gchar *note)
{
	g_autoptr(GTask) task = NULL;
	TdActionJob *job;

	if (context == NULL || context->store == NULL)
		return;
	job = g_new0(TdActionJob, 1);
	job->store = g_object_ref(context->store);
	job->staff_id = staff_id;
	job->action = g_strdup(action);
	job->exception_id = exception_id;
	job->note = g_strdup(note);
	task = g_task_new(NULL, NULL, NULL, NULL);
	g_task_set_task_data(task, job, (GDestroyNotify)td_action_job_free);
	td_worker_run_in_thread(task, td_action_job_thread);
}

/* "kiosk quay-b" */
#define TD_CALL_ANSWER_NOTE_PREFIX "kiosk "

gchar *
td_kiosk_call_answer_note(const gchar *kiosk_id)
{
	return kiosk_id != NULL ? g_strconcat(TD_CALL_ANSWER_NOTE_PREFIX, kiosk_id, NULL) : NULL;
}

const gchar *
td_kiosk_call_answer_kiosk(const TdStaffAction *answer)
{
	if (answer->note == NULL || !g_str_has_prefix(answer->note, TD_CALL_ANSWER_NOTE_PREFIX))
		return NULL;
	return answer->note + strlen(TD_CALL_ANSWER_NOTE_PREFIX);
}

void
td_kiosk_context_free(TdKioskContext *context)
{
	gboolean workers_done;

	if (context == NULL)
		return;
	if (context->monitor != NULL)
		td_pcsc_monitor_stop(TD_PCSC_MONITOR(context->monitor));
	g_clear_handle_id(&context->scanner_retry_id, g_source_remove);
	if (context->scanner != NULL) {
		g_signal_handlers_disconnect_by_data(context->scanner, context);
		td_scanner_stop(TD_SCANNER(context->scanner));
	}
	g_clear_object(&context->scanner);
	g_clear_object(&context->voice);
	/* the patient's card read and look-ups stop (a task running for it
	 * holds the session: letting it go would not dispose it); a check-in
	 * being written is let finish */
	if (context->session != NULL)
		td_checkin_session_send_event(context->session, TD_CHECKIN_EVENT_RESET);
	g_clear_object(&context->session);
	/* the last answers, audit rows and loads end before the libraries
	 * they use do (exit() tears OpenSSL down under a running worker) */
	workers_done = td_worker_wait_all(TD_WORKER_EXIT_WAIT_MS);
	/* their callbacks and releases, queued for this thread: what they
	 * hold (the store, whose journal thread is joined when it goes) is
	 * let go now, not never */
	while (workers_done && g_main_context_iteration(NULL, FALSE))
		;
	g_clear_object(&context->monitor);
	g_clear_object(&context->watch);
	g_clear_object(&context->store);
	if (!workers_done) {
		/* a worker still reading the card holds the settings and the
		 * training set-up by plain pointer: leaked, not freed under it */
		return;
	}
	g_clear_pointer(&context->demo, td_demo_env_free);
	g_clear_pointer(&context->config, td_config_free);
	g_clear_pointer(&context->devices, td_device_settings_free);
	g_free(context->data_dir);
	g_free(context);
}
