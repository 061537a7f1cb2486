/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's ways out: the spreadsheet of its days (.xlsx) into
 * the reception PC's Documents folder or onto a USB stick (with the day's
 * report for signing beside it), the day's report as a PDF, printed on
 * [report] printer when there is one, and yesterday's figures sent up to
 * the hub now. Each blocks, so a worker does it. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-dashboard-private.h"
#include "td-i18n.h"
#include "td-print.h"
#include "td-reflow-box.h"
#include "td-report-pdf.h"
#include "td-report-send.h"
#include "td-report.h"
#include "td-secret-file.h"
#include "td-spreadsheet.h"
#include "td-staff-words.h"
#include "td-ticket.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"
#include "td-usb-drive.h"
#include "td-worker.h"

/* The spreadsheet of the days to `to`, for a manager (the columns of
 * `tiepdon export`, Vietnamese headings, a total row); blocks (a worker). */
typedef struct {
	TdStore *store;
	gchar *station_code;
	gchar *from;
	gchar *to;
	gchar *path;
	gboolean usb; /* onto the stick: said so, and synced */
	/* onto the stick, the day's report for signing beside it: a manager
	 * takes both to a PC (the kiosk's data folder is out of reach) */
	TdConfig *config;
	gchar *pdf_path;
	gchar *pdf_error;  /* the report could not be added: why (the spreadsheet is there) */
	gint64 staff_id;   /* who pressed the button: the audit trail's */
} TdSheetJob;

static void
td_sheet_job_free(TdSheetJob *job)
{
	g_clear_object(&job->store);
	g_free(job->station_code);
	g_free(job->from);
	g_free(job->to);
	g_free(job->path);
	g_clear_pointer(&job->config, td_config_free);
	g_free(job->pdf_path);
	g_free(job->pdf_error);
	g_free(job);
}

static TdSheetJob *
td_sheet_job_new(TdDashboard *self, const gchar *path, GError **error)
{
	TdSheetJob *job;

	if (self->context == NULL || self->context->store == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("This kiosk has no records."));
		return NULL;
	}
	job = g_new0(TdSheetJob, 1);
	job->store = g_object_ref(self->context->store);
	job->station_code = g_strdup(self->context->config != NULL ? self->context->config->station_code : NULL);
	job->from = td_day_offset(self->day, -(TD_DASHBOARD_DAYS - 1));
	job->to = g_strdup(self->day);
	job->path = g_strdup(path);
	job->staff_id = self->context->staff_id;
	return job;
}

static gboolean
td_sheet_job_run(const TdSheetJob *job, GError **error)
{
	g_autoptr(GPtrArray) days = td_report_range(job->store, job->from, job->to, error);
	g_autoptr(GBytes) file = NULL;

	if (days == NULL)
		return FALSE;
	file = td_report_format_spreadsheet(days, job->station_code, error);
	return file != NULL &&
	       td_file_replace(job->path, g_bytes_get_data(file, NULL), g_bytes_get_size(file), 0640, error);
}

gboolean
td_dashboard_export_sheet(TdDashboard *self, const gchar *path, GError **error)
{
	TdSheetJob *job = td_sheet_job_new(self, path, error);
	gboolean ok = job != NULL && td_sheet_job_run(job, error);
	if (job != NULL)
		td_sheet_job_free(job);
	return ok;
}

void
td_dashboard_set_export_dir(TdDashboard *self, const gchar *dir)
{
	g_free(self->export_dir);
	self->export_dir = g_strdup(dir);
}

void
td_dashboard_set_desktop(TdDashboard *self, gboolean desktop)
{
	self->desktop = desktop;
	gtk_widget_set_visible(self->export_button, desktop);
	td_dashboard_update_print(self);
	/* the report's line under the reception PC's five buttons: beside
	 * them their words went to three lines, and its window, with no
	 * kiosk bars, has the height */
	td_reflow_box_set_stacked(TD_REFLOW_BOX(self->up_row), desktop);
}

/* Where a file staff asked for goes: on the reception PC into Documents
 * (the home folder when there is none), where its user finds it; on the
 * kiosk into its data directory (the report it prints). */
static gchar *
td_dashboard_dir(TdDashboard *self)
{
	const gchar *documents = g_get_user_special_dir(G_USER_DIRECTORY_DOCUMENTS);
	g_autofree gchar *dir = self->export_dir != NULL ? g_strdup(self->export_dir)
				: self->desktop		 ? g_strdup(documents != NULL ? documents : g_get_home_dir())
							 : g_build_filename(g_get_user_data_dir(), "tiepdon", NULL);
	g_mkdir_with_parents(dir, 0700);
	return g_steal_pointer(&dir);
}

static gchar *
td_dashboard_sheet_name(TdDashboard *self)
{
	return g_strdup_printf("tiepdon-%s" TD_SPREADSHEET_SUFFIX, self->day);
}

static gchar *
td_dashboard_report_name(const gchar *day)
{
	return g_strdup_printf("tiepdon-bao-cao-%s.pdf", day);
}

/* ---- the spreadsheet, in the data folder or onto the USB stick (a slow drive,
 * synced: staff pull it out when the kiosk says it is saved); the store
 * is read and the file written in a worker ---- */

/* The day's report onto the stick as the spreadsheet goes, written as
 * every file is (td_report_pdf_write: whole, synced), so a stick pulled
 * at "it can be taken out" holds the whole file. */
static gboolean
td_sheet_job_add_report(TdSheetJob *job, GError **error)
{
	g_autoptr(TdReportSettings) settings = td_report_settings_new(job->config, error);

	return settings != NULL &&
	       td_report_pdf_write_day(job->store, job->config, settings, job->to, job->pdf_path, error);
}

static gboolean
td_sheet_job_work(gpointer data, GError **error)
{
	TdSheetJob *job = data;
	g_autoptr(GError) pdf_error = NULL;

	if (!td_sheet_job_run(job, error))
		return FALSE;
	/* the report is a help: the spreadsheet on the stick stands without it */
	if (job->pdf_path != NULL && !td_sheet_job_add_report(job, &pdf_error)) {
		g_message("the day's report not added to the USB stick: %s", pdf_error->message);
		job->pdf_error = g_strdup(pdf_error->message);
		g_clear_pointer(&job->pdf_path, g_free);
	}
	return TRUE;
}

static void
td_sheet_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdDashboard *self = TD_DASHBOARD(source);
	const TdSheetJob *job = td_ui_worker_get_job(result);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;

	if (job->usb)
		self->saving_to_usb = FALSE;
	if (td_ui_worker_finish(result, &error) == NULL) {
		g_autofree gchar *why = NULL;

		if (td_ui_worker_cancelled(error))
			return;
		why = td_ui_file_error_text("dashboard export", error, job->usb);
		/* the records not read: the sentence is whole already */
		text = error->domain == TD_STORE_ERROR
			   ? g_steal_pointer(&why)
			   : g_strdup_printf(job->usb ? _("Could not save to the USB stick: %s") : _("Could not save the file: %s"),
					     why);
	} else if (job->pdf_error != NULL) {
		g_autofree gchar *sheet_name = g_path_get_basename(job->path);
		/* why, in the log (td_sheet_job_work) */
		text = g_strdup_printf(_("Saved on the USB stick: %s (the day's report could not be added). It can be "
					 "taken out."),
				       sheet_name);
	} else if (job->pdf_path != NULL) {
		g_autofree gchar *sheet_name = g_path_get_basename(job->path);
		g_autofree gchar *pdf_name = g_path_get_basename(job->pdf_path);
		text = g_strdup_printf(_("Saved on the USB stick: %s, and the day's report %s. It can be taken out."),
				       sheet_name, pdf_name);
	} else {
		text = job->usb ? g_strdup_printf(_("Saved on the USB stick: %s. It can be taken out."), job->path)
				: g_strdup_printf(_("Saved to %s"), job->path);
	}
	/* who took the station's figures away, and where: the audit trail
	 * (counts only, but the station's to account for) */
	if (error == NULL)
		td_kiosk_context_record_action_as_async(self->context, job->staff_id,
							job->usb ? TD_DASHBOARD_ACTION_SAVED_TO_USB
								 : TD_DASHBOARD_ACTION_EXPORTED,
							job->path);
	td_dashboard_set_status(self, text);
	/* each button back on by its own job's end (the other may be
	 * running) */
	if (!job->usb)
		gtk_widget_set_sensitive(self->export_button, TRUE);
	td_dashboard_update_usb(self);
}

static void
td_dashboard_export_async(TdDashboard *self, const gchar *path, gboolean usb)
{
	g_autoptr(GError) error = NULL;
	TdSheetJob *job = td_sheet_job_new(self, path, &error);

	if (job == NULL) {
		td_dashboard_set_status(self, error->message);
		return;
	}
	job->usb = usb;
	if (usb && self->context->config != NULL) {
		g_autofree gchar *dir = g_path_get_dirname(path);
		g_autofree gchar *report = td_dashboard_report_name(self->day);
		job->config = td_config_ref(self->context->config);
		job->pdf_path = g_build_filename(dir, report, NULL);
	}
	td_dashboard_set_status(self, usb ? _("Saving to the USB stick…") : _("Saving…"));
	self->saving_to_usb |= usb;
	gtk_widget_set_sensitive(usb ? self->usb_button : self->export_button, FALSE);
	td_ui_worker_run(self, self->cancellable, td_sheet_job_work, job, (GDestroyNotify)td_sheet_job_free, td_sheet_done_cb,
			 NULL);
}

void
td_export_clicked_cb(GtkButton *button, TdDashboard *self)
{
	g_autofree gchar *name = td_dashboard_sheet_name(self);
	g_autofree gchar *dir = td_dashboard_dir(self);
	g_autofree gchar *path = g_build_filename(dir, name, NULL);

	td_dashboard_export_async(self, path, FALSE);
}

void
td_dashboard_export_usb(TdDashboard *self)
{
	g_autofree gchar *usb = td_usb_drive_find();
	g_autofree gchar *name = td_dashboard_sheet_name(self);
	g_autofree gchar *path = NULL;

	if (usb == NULL) {
		td_dashboard_set_status(self, _("No USB stick found: plug one in and try again."));
		return;
	}
	path = g_build_filename(usb, name, NULL);
	td_dashboard_export_async(self, path, TRUE);
}


void
td_usb_clicked_cb(GtkButton *button, TdDashboard *self)
{
	td_dashboard_export_usb(self);
}

/* ---- the day's report for signing: saved as PDF, printed on [report]
 * printer when there is one; both block, so a worker does them ---- */

typedef struct {
	TdStore *store;	  /* a reference: the window may close while it prints */
	TdConfig *config; /* a reference: the window may close first */
	gchar *day;
	gchar *path;
	gchar *printer; /* NULL: save only */
	gchar *print_error;
	gint64 staff_id; /* who pressed the button: the audit trail's */
} TdReportJob;

static void
td_report_job_free(TdReportJob *job)
{
	g_clear_object(&job->store);
	g_clear_pointer(&job->config, td_config_free);
	g_free(job->day);
	g_free(job->path);
	g_free(job->printer);
	g_free(job->print_error);
	g_free(job);
}

static void
td_report_job_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdReportJob *job = task_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportSettings) settings = td_report_settings_new(job->config, &error);

	if (settings == NULL ||
	    !td_report_pdf_write_day(job->store, job->config, settings, job->day, job->path, &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	job->printer = g_strdup(settings->printer);
	if (job->printer != NULL && td_print_pdf_file(job->printer, job->path, "tiepdon daily report", &error) == 0)
		job->print_error = g_strdup(td_ticket_error_staff_code(error));
	g_task_return_boolean(task, TRUE);
}

static void
td_report_job_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdDashboard *self = TD_DASHBOARD(source);
	TdReportJob *job = g_task_get_task_data(G_TASK(result));
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;

	if (!g_task_propagate_boolean(G_TASK(result), &error)) {
		if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			return;
		g_autofree gchar *why = td_ui_file_error_text("daily report", error, FALSE);

		text = error->domain == TD_STORE_ERROR ? g_steal_pointer(&why)
						       : g_strdup_printf(_("Could not save the report: %s"), why);
	} else if (job->print_error != NULL)
		text = g_strdup_printf(_("Could not print: %s. The report is saved in %s."),
				       td_staff_printer_fault_text(job->print_error), job->path);
	else if (job->printer != NULL)
		text = g_strdup_printf(_("Sent to the printer %s; saved in %s."), job->printer, job->path);
	else
		text = g_strdup_printf(_("Saved to %s"), job->path);
	if (error == NULL)
		td_kiosk_context_record_action_as_async(self->context, job->staff_id,
							job->printer != NULL && job->print_error == NULL
							    ? TD_DASHBOARD_ACTION_PRINTED
							    : TD_DASHBOARD_ACTION_SAVED,
							job->path);
	td_dashboard_set_status(self, text);
	gtk_widget_set_sensitive(self->print_button, TRUE);
}

void
td_print_clicked_cb(GtkButton *button, TdDashboard *self)
{
	g_autoptr(GTask) task = NULL;
	g_autofree gchar *dir = NULL;
	g_autofree gchar *name = NULL;
	TdReportJob *job;

	if (self->context == NULL || self->context->store == NULL || self->context->config == NULL) {
		td_dashboard_set_status(self, _("This kiosk has no records."));
		return;
	}
	job = g_new0(TdReportJob, 1);
	job->store = g_object_ref(self->context->store);
	job->config = td_config_ref(self->context->config);
	job->day = g_strdup(self->day);
	job->staff_id = self->context->staff_id;
	dir = td_dashboard_dir(self);
	name = td_dashboard_report_name(job->day);
	job->path = g_build_filename(dir, name, NULL);
	gtk_widget_set_sensitive(self->print_button, FALSE);
	task = g_task_new(self, self->cancellable, td_report_job_done_cb, NULL);
	g_task_set_task_data(task, job, (GDestroyNotify)td_report_job_free);
	td_worker_run_in_thread(task, td_report_job_thread);
}

/* ---- the figures sent up now ------------------------------------------ */

/* What tiepdon-report.timer sends every morning (`tiepdon report --send`),
 * sent from the dashboard: the manager whose figures have not gone up
 * (the hub was down at send-at, the station offline) sends them when it
 * is back, or before the timer where the district wants them early,
 * instead of "tell the administrator". One try, the days due oldest
 * first, stopped by one that fails; the timer's run keeps its retries. */
typedef struct {
	TdStore *store;
	TdConfig *config;
	gint64 staff_id; /* who pressed the button: the audit trail's */
	TdReportUp *up;	 /* the report's state after the send */
	TdReportSendOutcome outcome; /* the days sent, whether a later try may work */
} TdSendJob;

static void
td_send_job_free(TdSendJob *job)
{
	g_object_unref(job->store);
	td_config_free(job->config);
	g_clear_pointer(&job->up, td_report_up_free);
	td_report_send_outcome_clear(&job->outcome);
	g_free(job);
}

static gboolean
td_send_work(gpointer data, GError **error)
{
	TdSendJob *job = data;
	g_autoptr(TdReportSettings) settings = td_report_settings_new(job->config, error);
	gboolean sent;

	if (settings == NULL)
		return FALSE;
	/* the dashboard waits for the answer: no retries of minutes */
	settings->retry_for_ms = 0;
	sent = td_report_send(job->store, job->config, settings, NULL, NULL, NULL, NULL, &job->outcome, error);
	job->up = td_report_up_read(settings, NULL);
	return sent;
}

/* Why the figures did not go up, in words a manager acts on (the
 * details go to the log). */
static const gchar *
td_send_error_text(const GError *error, gboolean retryable)
{
	/* the timer's run trying now (it lets go between its tries) */
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_BUSY))
		return _("This machine is sending them already: look again in a few minutes.");
	if (retryable)
		return _("Not sent: the district's server did not take them yet. Try again later; if it goes on, tell "
			 "the administrator.");
	/* refused (the token, the report), or a fault here (the settings,
	 * the records, the state file): no second try mends it */
	return _("Could not send the figures: tell the administrator.");
}

static void
td_sent_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdDashboard *self = TD_DASHBOARD(source);
	TdSendJob *job = td_ui_worker_get_job(result);
	g_autoptr(GError) error = NULL;
	gboolean sent = td_ui_worker_finish(result, &error) != NULL;

	if (td_ui_worker_cancelled(error))
		return;
	self->sending = FALSE;
	if (!sent)
		g_message("dashboard: the figures not sent up: %s", error->message);
	/* the days that went up, also where a later one did not: who sent
	 * which figures, as the hub has them */
	if (job->outcome.days_sent != NULL && job->outcome.days_sent->len > 0) {
		g_autofree gchar *days = g_strjoinv(", ", (gchar **)job->outcome.days_sent->pdata);

		td_kiosk_context_record_action_as_async(self->context, job->staff_id, TD_DASHBOARD_ACTION_SENT, days);
	}
	if (job->up != NULL) {
		g_clear_pointer(&self->up, td_report_up_free);
		self->up = g_steal_pointer(&job->up);
	}
	/* sent: the report's line says when */
	td_dashboard_set_status(self, sent ? "" : td_send_error_text(error, job->outcome.retryable));
	td_dashboard_show_up(self);
}

void
td_send_clicked_cb(GtkButton *button, TdDashboard *self)
{
	TdSendJob *job;

	if (self->sending)
		return;
	if (self->context == NULL || self->context->store == NULL || self->context->config == NULL) {
		td_dashboard_set_status(self, _("This kiosk has no records."));
		return;
	}
	job = g_new0(TdSendJob, 1);
	job->store = g_object_ref(self->context->store);
	job->config = td_config_ref(self->context->config);
	job->staff_id = self->context->staff_id;
	self->sending = TRUE;
	td_dashboard_set_status(self, _("Sending the figures up…"));
	td_dashboard_show_up(self);
	td_ui_worker_run(self, self->cancellable, td_send_work, job, (GDestroyNotify)td_send_job_free, td_sent_cb,
			 NULL);
}
