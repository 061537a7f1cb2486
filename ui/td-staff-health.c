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
