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
	if (line->ok && line->not_set_up)
		return g_strdup_printf("– %s: %s", td_check_result_title(line->name), _("not set up on this machine"));
	if (line->ok)
		return g_strdup_printf("✔ %s: %s", td_check_result_title(line->name), _("works"));
	if (line->desk_words != NULL)
		return g_strdup_printf("✘ %s: %s", td_check_result_title(line->name), _(line->desk_words));
	return g_strdup_printf("✘ %s: %s", td_check_result_title(line->name),
			       _("needs attention, tell the administrator"));
}

/* The effects a failing check has on today's check-ins
 * (td-check-result.h) that the desk must know of, what stops check-in
 * first, and whether the kiosk then checks nobody in by itself.
 * real_card: about the real reader and the real CSCA, which the training
 * mode's virtual chip and its own PKI do not use. */
static const struct {
	TdCheckEffect effect;
	gboolean stops;
	gboolean real_card;
} health_effects[] = {
    {TD_CHECK_EFFECT_NO_CHECK_IN, TRUE, FALSE},	   {TD_CHECK_EFFECT_NO_READER, TRUE, TRUE},
    {TD_CHECK_EFFECT_NOT_STORED, TRUE, FALSE},	   {TD_CHECK_EFFECT_CARDS_BY_EYE, TRUE, TRUE},
    {TD_CHECK_EFFECT_INSURANCE_AT_DESK, TRUE, FALSE}, {TD_CHECK_EFFECT_OFFLINE, FALSE, FALSE},
    {TD_CHECK_EFFECT_INSURANCE_LATER, FALSE, FALSE}, {TD_CHECK_EFFECT_NO_TICKETS, FALSE, FALSE},
    {TD_CHECK_EFFECT_NO_SCANNER, FALSE, FALSE},
};

/* The effect in a sentence: what patients meet, what the desk does. */
static gchar *
td_health_effect_sentence(TdCheckEffect effect)
{
	/* the desk's page named as its button is */
	const gchar *desk_page = _("Check in without a card");

	switch (effect) {
	case TD_CHECK_EFFECT_NO_CHECK_IN:
		return g_strdup_printf(_("The kiosk is not set up to check patients in: check them in at the desk "
					 "(“%s”), and tell the administrator now."),
				       desk_page);
	case TD_CHECK_EFFECT_NO_READER:
		return g_strdup_printf(_("The card reader cannot be used: check patients in at the desk (“%s”)."),
				       desk_page);
	case TD_CHECK_EFFECT_NOT_STORED:
		return g_strdup(_("The kiosk cannot save check-ins: patients are asked to go to the desk. Tell the "
				  "administrator now."));
	case TD_CHECK_EFFECT_CARDS_BY_EYE:
		return g_strdup(_("The kiosk cannot tell a genuine ID card: all patients are sent to the desk to have "
				  "the card checked by eye."));
	case TD_CHECK_EFFECT_INSURANCE_AT_DESK:
		return g_strdup(_("The kiosk is not set up to check health insurance: all patients are sent to the desk "
				  "to check it."));
	case TD_CHECK_EFFECT_OFFLINE:
		return g_strdup(_("The station's database cannot be reached: patients are still checked in, with a "
				  "lettered number (B-001), sent to the database once it is back."));
	case TD_CHECK_EFFECT_INSURANCE_LATER:
		return g_strdup(_("The kiosk cannot check health insurance: patients are checked in, and the desk "
				  "confirms their insurance later."));
	case TD_CHECK_EFFECT_NO_TICKETS:
		return g_strdup(_("Tickets do not print: patients read their number on the screen."));
	case TD_CHECK_EFFECT_NO_SCANNER:
		return g_strdup(_("The QR code on the card cannot be scanned: patients type their ID number."));
	case TD_CHECK_EFFECT_NONE:
	default:
		return NULL;
	}
}

gchar *
td_staff_health_summary_text(GPtrArray *lines, gboolean training)
{
	g_autoptr(GString) text = g_string_new(NULL);
	gboolean said[G_N_ELEMENTS(health_effects)] = {FALSE};
	gboolean stops = FALSE;
	gboolean any = FALSE;
	gboolean others = FALSE;

	for (guint i = 0; i < lines->len; i++) {
		const TdCheckResult *line = g_ptr_array_index(lines, i);
		gboolean known = FALSE;

		if (line->ok)
			continue;
		for (guint k = 0; k < G_N_ELEMENTS(health_effects); k++) {
			if (line->effect != health_effects[k].effect)
				continue;
			known = TRUE;
			if (training && health_effects[k].real_card)
				break;
			/* the reader and its service say one thing once */
			said[k] = TRUE;
			any = TRUE;
			stops |= health_effects[k].stops;
		}
		others |= !known;
	}
	if (!any)
		return g_strdup(others ? _("Check-in works as usual; the red lines below are for the administrator.")
				       : _("Check-in works as usual."));
	g_string_append(text, stops ? _("The kiosk is not checking patients in by itself.")
				    : _("The kiosk still checks patients in."));
	/* in the table's order: what stops check-in first */
	for (guint k = 0; k < G_N_ELEMENTS(health_effects); k++) {
		g_autofree gchar *sentence = NULL;

		if (!said[k])
			continue;
		sentence = td_health_effect_sentence(health_effects[k].effect);
		g_string_append_c(text, '\n');
		g_string_append(text, sentence);
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}
