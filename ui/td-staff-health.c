/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-checkin-session.h"
#include "td-doctor.h"
#include "td-i18n.h"
#include "td-staff-health.h"
#include "td-staff-words.h"
#include "td-worker.h"

typedef struct {
	TdConfig *config; /* the checks' own reference: the window, and the
			   * context with it, may be gone before they end */
	TdDoctorScope scope;
	TdGatewayClient *gateway; /* the kiosk's (its wait after a refused login) */
} TdHealthJob;

static void
td_health_job_free(TdHealthJob *job)
{
	g_clear_pointer(&job->config, td_config_free);
	g_clear_object(&job->gateway);
	g_free(job);
}

static void
td_health_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdHealthJob *job = task_data;
	TdConfig *config = job->config;
	g_autoptr(GPtrArray) lines = NULL;

	if (config != NULL) {
		lines = td_doctor_run(config, NULL, job->scope, job->gateway, cancellable);
	} else {
		lines = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
		g_ptr_array_add(lines, td_check_result_new("config", FALSE, "no configuration loaded"));
	}
	if (g_task_return_error_if_cancelled(task))
		return;
	g_task_return_pointer(task, g_steal_pointer(&lines), (GDestroyNotify)g_ptr_array_unref);
}

void
td_staff_health_run_async(GObject *source, TdKioskContext *context, TdDoctorScope scope,
			  GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(source, cancellable, callback, user_data);
	TdHealthJob *job = g_new0(TdHealthJob, 1);

	if (context != NULL && context->config != NULL)
		job->config = td_config_ref(context->config);
	if (context != NULL && context->session != NULL && td_checkin_session_get_gateway(context->session) != NULL)
		job->gateway = g_object_ref(td_checkin_session_get_gateway(context->session));
	job->scope = scope;
	g_task_set_task_data(task, job, (GDestroyNotify)td_health_job_free);
	td_worker_run_in_thread(task, td_health_thread);
}

GPtrArray *
td_staff_health_run_finish(GAsyncResult *result, GError **error)
{
	return g_task_propagate_pointer(G_TASK(result), error);
}

gchar *
td_staff_health_line_text(const TdCheckResult *line)
{
	const gchar *message = line->message != NULL ? line->message : "";
	g_autofree gchar *code = NULL;

	if (line->ok && line->not_set_up)
		return g_strdup_printf("– %s: %s", td_check_result_title(line->name), _("not set up on this machine"));
	if (line->ok)
		return g_strdup_printf("✔ %s: %s", td_check_result_title(line->name), _("works"));
	/* "[PRN-PAPER] …": the printer's fault, said in words */
	if (g_str_has_prefix(message, "[PRN-") && strchr(message, ']') != NULL)
		code = g_strndup(message + 1, (gsize)(strchr(message, ']') - message - 1));
	if (code != NULL)
		return g_strdup_printf("✘ %s: %s", td_check_result_title(line->name), td_staff_printer_fault_text(code));
	return g_strdup_printf("✘ %s: %s", td_check_result_title(line->name),
			       _("needs attention, tell the administrator"));
}

/* What a failing check does to today's check-ins, as the kiosk then
 * behaves (td-checkin-policy.c, the patient pages); checks that touch
 * none (the clock, the daily report, the disk while there is room, the
 * set-up) are the administrator's and not said here. stops: the kiosk
 * checks nobody in by itself. real_card: about the real reader and the
 * real CSCA, which the training mode's virtual chip and its own PKI do
 * not use. */
static const struct {
	const gchar *name;
	gboolean stops;
	gboolean real_card;
	const gchar *effect;
} health_effects[] = {
    {"pcscd", TRUE, TRUE,
     N_("Patients cannot lay their ID card on the kiosk: check them in at the desk (“Check in without a card”).")},
    {"reader", TRUE, TRUE,
     N_("Patients cannot lay their ID card on the kiosk: check them in at the desk (“Check in without a card”).")},
    {"database", TRUE, FALSE,
     N_("The kiosk cannot save check-ins: patients are asked to go to the desk. Tell the administrator now.")},
    {"data files", TRUE, FALSE,
     N_("The kiosk cannot save check-ins: patients are asked to go to the desk. Tell the administrator now.")},
    {"trust store", FALSE, TRUE,
     N_("The kiosk cannot tell a genuine ID card: every patient is sent to the desk to have the card checked by "
	"eye.")},
    {"gateway", FALSE, FALSE,
     N_("The kiosk cannot check health insurance: patients are checked in, and the desk confirms their insurance "
	"later.")},
    {"printer", FALSE, FALSE, N_("Tickets do not print: patients read their number on the screen.")},
    {"scanner", FALSE, FALSE, N_("The QR code on the card cannot be scanned: patients type their ID number.")},
};

gchar *
td_staff_health_summary_text(GPtrArray *lines, gboolean training)
{
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GPtrArray) said = g_ptr_array_new();
	gboolean stops = FALSE;

	for (guint i = 0; i < lines->len; i++) {
		const TdCheckResult *line = g_ptr_array_index(lines, i);
		if (line->ok)
			continue;
		for (guint k = 0; k < G_N_ELEMENTS(health_effects); k++) {
			const gchar *effect = health_effects[k].effect;
			if (g_strcmp0(line->name, health_effects[k].name) != 0 || (training && health_effects[k].real_card))
				continue;
			stops |= health_effects[k].stops;
			/* the reader and its service say one thing once */
			if (!g_ptr_array_find_with_equal_func(said, effect, g_str_equal, NULL))
				g_ptr_array_add(said, (gpointer)effect);
		}
	}
	if (said->len == 0)
		return g_strdup(_("Check-in works as usual."));
	g_string_append(text, stops ? _("The kiosk is not checking patients in by itself.")
				    : _("The kiosk still checks patients in."));
	for (guint i = 0; i < said->len; i++) {
		g_string_append_c(text, '\n');
		g_string_append(text, _(g_ptr_array_index(said, i)));
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}
