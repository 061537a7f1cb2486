/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-dashboard.h"
#include "td-day-chart.h"
#include "td-day-report.h"
#include "td-i18n.h"
#include "td-print.h"
#include "td-report-pdf.h"
#include "td-report-send.h"
#include "td-report.h"
#include "td-secret-file.h"
#include "td-ticket.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"
#include "td-usb-drive.h"
#include "td-worker.h"

#include <gio/gunixmounts.h>

/* The figures, in the order on screen. */
typedef enum {
	TD_FIGURE_CHECKINS,
	TD_FIGURE_CHIP_CARD,
	TD_FIGURE_INSURED,
	TD_FIGURE_SEE_STAFF,
	TD_FIGURE_VNEID,
	TD_FIGURE_NO_ACCOUNT,
	TD_N_FIGURES,
} TdFigure;

#define TD_FIGURE_COLUMNS 3

struct _TdDashboard {
	GtkBox parent_instance;
	TdKioskContext *context;
	gchar *export_dir;
	gchar *day; /* yyyy-mm-dd shown */
	GCancellable *cancellable;
	GCancellable *load_cancellable; /* the newest read of the figures */
	GPtrArray *days;		/* of TdDailyCounts, the figures shown */
	TdReportUp *up;			/* yesterday's report to the district; NULL: not read */
	gboolean loading;
	GUnixMountMonitor *mounts;

	GtkWidget *title;
	GtkWidget *previous_day;
	GtkWidget *next_day;
	GtkWidget *figure_values[TD_N_FIGURES];
	GtkWidget *figure_details[TD_N_FIGURES];
	GtkWidget *figure_names[TD_N_FIGURES];
	GtkWidget *chart_title;
	GtkWidget *chart;
	GtkWidget *legend_vneid;
	GtkWidget *legend_other;
	GtkWidget *up_line; /* yesterday's report: sent, or when, or not */
	GtkWidget *export_button;
	GtkWidget *usb_button;
	GtkWidget *print_button;
	GtkWidget *back_button;
	GtkWidget *status;
};

G_DEFINE_FINAL_TYPE(TdDashboard, td_dashboard, GTK_TYPE_BOX)

enum { SIGNAL_CLOSE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* day moved by offset days, yyyy-mm-dd */
static gchar *
td_day_offset(const gchar *day, gint offset)
{
	g_autoptr(GDate) date = g_date_new();
	gchar buf[11];

	g_date_set_parse(date, day);
	if (!g_date_valid(date))
		return g_strdup(day);
	if (offset < 0)
		g_date_subtract_days(date, (guint)-offset);
	else
		g_date_add_days(date, (guint)offset);
	g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", date);
	return g_strdup(buf);
}

/* yyyy-mm-dd as staff read dates: dd/mm/yyyy */
static gchar *
td_day_text(const gchar *day)
{
	if (strlen(day) != 10)
		return g_strdup(day);
	return g_strdup_printf("%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

static gboolean
td_dashboard_is_today(TdDashboard *self)
{
	g_autofree gchar *today = td_report_today();
	return g_strcmp0(self->day, today) >= 0;
}

/* "25%" and what it is of: "(12 of 48 check-ins)", or of the patients who
 * answered the VNeID question. */
static void
td_set_share(TdDashboard *self, TdFigure figure, guint part, guint whole, gboolean of_answers)
{
	g_autofree gchar *value = NULL;
	g_autofree gchar *detail = NULL;

	if (whole == 0) {
		value = g_strdup("—");
		detail = g_strdup(of_answers ? _("(nobody answered)") : _("(no check-ins)"));
	} else {
		value = g_strdup_printf("%u%%", td_day_report_percent(part, whole));
		detail = of_answers ? g_strdup_printf(_("(%u of %u who answered)"), part, whole)
				    : g_strdup_printf(_("(%u of %u check-ins)"), part, whole);
	}
	gtk_label_set_text(GTK_LABEL(self->figure_values[figure]), value);
	gtk_label_set_text(GTK_LABEL(self->figure_details[figure]), detail);
}

static void
td_dashboard_show_figures(TdDashboard *self, const TdDailyCounts *day)
{
	guint checkins = day != NULL ? day->checkins : 0;
	guint answered = day != NULL ? td_daily_counts_vneid_answered(day) : 0;
	g_autofree gchar *count = g_strdup_printf("%u", checkins);

	gtk_label_set_text(GTK_LABEL(self->figure_values[TD_FIGURE_CHECKINS]), count);
	gtk_label_set_text(GTK_LABEL(self->figure_details[TD_FIGURE_CHECKINS]), "");
	td_set_share(self, TD_FIGURE_CHIP_CARD, day != NULL ? td_daily_counts_by_chip_card(day) : 0, checkins, FALSE);
	td_set_share(self, TD_FIGURE_INSURED, day != NULL ? td_daily_counts_eligible(day) : 0, checkins, FALSE);
	td_set_share(self, TD_FIGURE_SEE_STAFF, day != NULL ? day->sent_to_staff : 0, checkins,
		     FALSE);
	td_set_share(self, TD_FIGURE_VNEID, day != NULL ? td_daily_counts_vneid_integrated(day) : 0, answered, TRUE);
	td_set_share(self, TD_FIGURE_NO_ACCOUNT, day != NULL ? day->by_vneid[TD_VNEID_NO_ACCOUNT] : 0, answered,
		     TRUE);
}

static void
td_dashboard_retranslate(TdDashboard *self)
{
	const gchar *names[TD_N_FIGURES] = {
	    [TD_FIGURE_CHECKINS] = _("Check-ins"),
	    [TD_FIGURE_CHIP_CARD] = _("With the chip ID card"),
	    [TD_FIGURE_INSURED] = _("Insurance valid"),
	    [TD_FIGURE_SEE_STAFF] = _("Sent to reception"),
	    [TD_FIGURE_VNEID] = _("Insurance card in VNeID"),
	    [TD_FIGURE_NO_ACCOUNT] = _("Sent to the commune police"),
	};
	g_autofree gchar *date = td_day_text(self->day);
	g_autofree gchar *title = td_dashboard_is_today(self) ? g_strdup_printf(_("Today at the station, %s"), date)
							       : g_strdup_printf(_("At the station on %s"), date);
	g_autofree gchar *chart = g_strdup_printf(_("Check-ins, the %u days to %s"), TD_DASHBOARD_DAYS, date);

	gtk_label_set_text(GTK_LABEL(self->title), title);
	for (guint i = 0; i < TD_N_FIGURES; i++)
		gtk_label_set_text(GTK_LABEL(self->figure_names[i]), names[i]);
	gtk_label_set_text(GTK_LABEL(self->chart_title), chart);
	td_ui_set_a11y_label(self->chart, chart);
	gtk_label_set_text(GTK_LABEL(self->legend_vneid), _("Insurance card in VNeID"));
	gtk_label_set_text(GTK_LABEL(self->legend_other), _("The other check-ins"));
	td_ui_button_set_text(self->previous_day, _("‹ Day before"));
	td_ui_button_set_text(self->next_day, _("Day after ›"));
	td_ui_button_set_text(self->export_button, _("Export the report (CSV)"));
	td_ui_button_set_text(self->usb_button, _("Save to the USB stick"));
	td_ui_button_set_text(self->print_button, _("Print the day's report"));
	td_ui_button_set_text(self->back_button, _("Back"));
}

static void
td_dashboard_update_usb(TdDashboard *self)
{
	g_autofree gchar *usb = td_usb_drive_find();
	gtk_widget_set_sensitive(self->usb_button, usb != NULL && self->context != NULL);
}

/* The TD_DASHBOARD_DAYS days ending with the day shown, read in a worker. */
typedef struct {
	TdStore *store;
	gchar *from;
	gchar *to;
	TdReportSettings *settings; /* NULL: the report's settings are not usable */
	GPtrArray *days;
	TdReportUp *up;
} TdFiguresLoad;

static void
td_figures_load_free(TdFiguresLoad *load)
{
	g_object_unref(load->store);
	g_free(load->from);
	g_free(load->to);
	g_clear_pointer(&load->settings, td_report_settings_free);
	g_clear_pointer(&load->days, g_ptr_array_unref);
	g_clear_pointer(&load->up, td_report_up_free);
	g_free(load);
}

static gboolean
td_figures_load_work(gpointer data, GError **error)
{
	TdFiguresLoad *load = data;
	/* the report's state file, read here too: it is a file */
	if (load->settings != NULL)
		load->up = td_report_up_read(load->settings, NULL);
	load->days = td_report_range(load->store, load->from, load->to, error);
	return load->days != NULL;
}

/* The line under the buttons: what a read or a save did; none (not an
 * empty line) when nothing, the room being the report's line's on a
 * 1024 × 768 screen. */
static void
td_dashboard_set_status(TdDashboard *self, const gchar *text)
{
	gtk_label_set_text(GTK_LABEL(self->status), text);
	gtk_widget_set_visible(self->status, text != NULL && text[0] != '\0');
}

/* Yesterday's report to the district, as the manager needs it: sent,
 * when it goes, or not sent and whom to tell; and another machine
 * sending this station's figures. Nothing where this machine sends none
 * (no [report] url: the PDF is printed and signed instead). */
static void
td_dashboard_show_up(TdDashboard *self)
{
	const TdReportUp *up = self->up;
	g_autoptr(GString) text = g_string_new(NULL);
	g_autofree gchar *day = NULL;
	gboolean warn = FALSE;

	if (up == NULL || up->state == TD_REPORT_UP_OFF) {
		gtk_widget_set_visible(self->up_line, FALSE);
		return;
	}
	/* short, a line on a 1024 × 768 screen; doctor gives the details */
	day = g_strdup_printf("%.2s/%.2s", up->day + 8, up->day + 5);
	if (up->state == TD_REPORT_UP_SENT) {
		g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(up->sent_unix);
		g_autoptr(GDateTime) now = g_date_time_new_now_local();
		gboolean today = when != NULL && g_date_time_get_day_of_year(when) == g_date_time_get_day_of_year(now) &&
				 g_date_time_get_year(when) == g_date_time_get_year(now);
		g_autofree gchar *clock = when == NULL ? g_strdup("?")
					  : today      ? g_date_time_format(when, "%H:%M")
						       : g_date_time_format(when, "%H:%M %d/%m");
		g_string_append_printf(text, _("The figures of %s went to the district at %s."), day, clock);
	} else if (up->state == TD_REPORT_UP_WAITING) {
		g_autofree gchar *clock = g_strdup_printf("%02u:%02u", up->send_at_hour, up->send_at_minute);
		g_string_append_printf(text, _("The figures of %s go to the district at %s."), day, clock);
	} else {
		g_string_append_printf(text, _("The figures of %s have not reached the district: tell the administrator."),
				       day);
		warn = TRUE;
	}
	if (up->other_sender_day != NULL) {
		g_string_append_c(text, ' ');
		g_string_append(text, _("Another machine sends this station's figures too: tell the administrator."));
		warn = TRUE;
	}
	gtk_label_set_text(GTK_LABEL(self->up_line), text->str);
	td_ui_set_css_class(self->up_line, "td-warn", warn);
	gtk_widget_set_visible(self->up_line, TRUE);
}

/* The figures of the days read (none: dashes), in the language shown. */
static void
td_dashboard_show(TdDashboard *self)
{
	GPtrArray *days = self->days;

	td_dashboard_show_figures(self, days != NULL && days->len > 0 ? g_ptr_array_index(days, days->len - 1) : NULL);
	td_day_chart_set_days(TD_DAY_CHART(self->chart), days);
	gtk_widget_set_sensitive(self->next_day, !self->loading && !td_dashboard_is_today(self));
	gtk_widget_set_sensitive(self->previous_day, !self->loading);
	td_dashboard_update_usb(self);
	td_dashboard_retranslate(self);
	td_dashboard_show_up(self);
}

static void
td_figures_loaded_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdDashboard *self = TD_DASHBOARD(source);
	g_autoptr(GError) error = NULL;
	TdFiguresLoad *load = td_ui_worker_finish(result, &error);
	g_autofree gchar *text = NULL;

	if (td_ui_worker_cancelled(error))
		return; /* another day asked for, or the page is gone */
	self->loading = FALSE;
	if (load != NULL) {
		g_clear_pointer(&self->days, g_ptr_array_unref);
		self->days = g_steal_pointer(&load->days);
		g_clear_pointer(&self->up, td_report_up_free);
		self->up = g_steal_pointer(&load->up);
	} else {
		text = td_ui_store_read_error_text("dashboard", error);
	}
	td_dashboard_set_status(self, text != NULL ? text : "");
	td_dashboard_show(self);
}

void
td_dashboard_refresh(TdDashboard *self)
{
	TdFiguresLoad *load;

	/* the day's figures are not the last day's: dashes until they come */
	g_clear_pointer(&self->days, g_ptr_array_unref);
	g_cancellable_cancel(self->load_cancellable);
	g_clear_object(&self->load_cancellable);
	if (self->context == NULL || self->context->store == NULL) {
		td_dashboard_set_status(self, _("This kiosk has no records."));
		td_dashboard_show(self);
		return;
	}
	self->load_cancellable = g_cancellable_new();
	load = g_new0(TdFiguresLoad, 1);
	load->store = g_object_ref(self->context->store);
	load->from = td_day_offset(self->day, -(TD_DASHBOARD_DAYS - 1));
	load->to = g_strdup(self->day);
	if (self->context->config != NULL) {
		g_autoptr(GError) error = NULL;
		load->settings = td_report_settings_new(self->context->config, &error);
		if (load->settings == NULL)
			g_message("dashboard: the report's settings: %s", error->message);
	}
	self->loading = TRUE;
	td_dashboard_set_status(self, _("Loading…"));
	td_dashboard_show(self);
	td_ui_worker_run(self, self->load_cancellable, td_figures_load_work, load, (GDestroyNotify)td_figures_load_free,
			 td_figures_loaded_cb, NULL);
}

gboolean
td_dashboard_is_busy(TdDashboard *self)
{
	return self->loading;
}

void
td_dashboard_show_day(TdDashboard *self, const gchar *day)
{
	g_autofree gchar *today = td_report_today();
	g_free(self->day);
	/* no figures come from tomorrow */
	self->day = g_strdup(day == NULL || g_strcmp0(day, today) > 0 ? today : day);
	td_dashboard_refresh(self);
}

const gchar *
td_dashboard_get_day(TdDashboard *self)
{
	return self->day;
}

static void
td_day_clicked_cb(GtkButton *button, TdDashboard *self)
{
	g_autofree gchar *day = td_day_offset(self->day, GTK_WIDGET(button) == self->next_day ? 1 : -1);
	td_dashboard_show_day(self, day);
}

/* The CSV of the days to `to`, as `tiepdon export` writes it; blocks (a
 * worker for the USB stick). */
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
	gchar *pdf_draft;  /* written here first (the data folder), then onto the stick */
	gchar *pdf_error;  /* the report could not be added: why (the CSV is there) */
} TdCsvJob;

static void
td_csv_job_free(TdCsvJob *job)
{
	g_clear_object(&job->store);
	g_free(job->station_code);
	g_free(job->from);
	g_free(job->to);
	g_free(job->path);
	g_clear_pointer(&job->config, td_config_free);
	g_free(job->pdf_path);
	g_free(job->pdf_draft);
	g_free(job->pdf_error);
	g_free(job);
}

static TdCsvJob *
td_csv_job_new(TdDashboard *self, const gchar *path, GError **error)
{
	TdCsvJob *job;

	if (self->context == NULL || self->context->store == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("This kiosk has no records."));
		return NULL;
	}
	job = g_new0(TdCsvJob, 1);
	job->store = g_object_ref(self->context->store);
	job->station_code = g_strdup(self->context->config != NULL ? self->context->config->station_code : NULL);
	job->from = td_day_offset(self->day, -(TD_DASHBOARD_DAYS - 1));
	job->to = g_strdup(self->day);
	job->path = g_strdup(path);
	return job;
}

static gboolean
td_csv_job_run(const TdCsvJob *job, GError **error)
{
	g_autoptr(GPtrArray) days = td_report_range(job->store, job->from, job->to, error);
	g_autofree gchar *csv = NULL;

	if (days == NULL)
		return FALSE;
	csv = td_report_format_csv(days, job->station_code);
	return td_file_replace(job->path, csv, strlen(csv), 0640, error);
}

gboolean
td_dashboard_export_csv(TdDashboard *self, const gchar *path, GError **error)
{
	TdCsvJob *job = td_csv_job_new(self, path, error);
	gboolean ok = job != NULL && td_csv_job_run(job, error);
	if (job != NULL)
		td_csv_job_free(job);
	return ok;
}

void
td_dashboard_set_export_dir(TdDashboard *self, const gchar *dir)
{
	g_free(self->export_dir);
	self->export_dir = g_strdup(dir);
}

static gchar *
td_dashboard_dir(TdDashboard *self)
{
	g_autofree gchar *dir = self->export_dir != NULL ? g_strdup(self->export_dir)
							 : g_build_filename(g_get_user_data_dir(), "tiepdon", NULL);
	g_mkdir_with_parents(dir, 0700);
	return g_steal_pointer(&dir);
}

static gchar *
td_dashboard_csv_name(TdDashboard *self)
{
	return g_strdup_printf("tiepdon-%s.csv", self->day);
}

static gchar *
td_dashboard_report_name(const gchar *day)
{
	return g_strdup_printf("tiepdon-bao-cao-%s.pdf", day);
}

/* ---- the CSV, in the data folder or onto the USB stick (a slow drive,
 * synced: staff pull it out when the kiosk says it is saved); the store
 * is read and the file written in a worker ---- */

/* The day's report onto the stick as the CSV goes: drawn in the data
 * folder, then written there with a sync (td_file_replace), so a stick
 * pulled at "it can be taken out" holds the whole file. */
static gboolean
td_csv_job_add_report(TdCsvJob *job, GError **error)
{
	g_autoptr(TdReportSettings) settings = td_report_settings_new(job->config, error);
	g_autofree gchar *pdf = NULL;
	gsize len = 0;
	gboolean ok;

	if (settings == NULL || !td_report_pdf_write_day(job->store, job->config, settings, job->to, job->pdf_draft, error))
		return FALSE;
	ok = g_file_get_contents(job->pdf_draft, &pdf, &len, error) &&
	     td_file_replace(job->pdf_path, pdf, len, 0640, error);
	g_unlink(job->pdf_draft);
	return ok;
}

static gboolean
td_csv_job_work(gpointer data, GError **error)
{
	TdCsvJob *job = data;
	g_autoptr(GError) pdf_error = NULL;

	if (!td_csv_job_run(job, error))
		return FALSE;
	/* the report is a help: the CSV on the stick stands without it */
	if (job->pdf_path != NULL && !td_csv_job_add_report(job, &pdf_error)) {
		g_message("the day's report not added to the USB stick: %s", pdf_error->message);
		job->pdf_error = g_strdup(pdf_error->message);
		g_clear_pointer(&job->pdf_path, g_free);
	}
	return TRUE;
}

static void
td_csv_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdDashboard *self = TD_DASHBOARD(source);
	const TdCsvJob *job = td_ui_worker_get_job(result);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = NULL;

	if (td_ui_worker_finish(result, &error) == NULL) {
		if (td_ui_worker_cancelled(error))
			return;
		text = g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)
			   ? td_ui_store_error_text("dashboard export", error)
		       : job->usb ? g_strdup_printf(_("Could not save to the USB stick: %s"), error->message)
				  : g_strdup(error->message);
	} else if (job->pdf_error != NULL) {
		g_autofree gchar *csv_name = g_path_get_basename(job->path);
		/* why, in the log (td_csv_job_work) */
		text = g_strdup_printf(_("Saved on the USB stick: %s (the day's report could not be added). It can be "
					 "taken out."),
				       csv_name);
	} else if (job->pdf_path != NULL) {
		g_autofree gchar *csv_name = g_path_get_basename(job->path);
		g_autofree gchar *pdf_name = g_path_get_basename(job->pdf_path);
		text = g_strdup_printf(_("Saved on the USB stick: %s, and the day's report %s. It can be taken out."),
				       csv_name, pdf_name);
	} else {
		text = job->usb ? g_strdup_printf(_("Saved on the USB stick: %s. It can be taken out."), job->path)
				: g_strdup_printf(_("Saved to %s"), job->path);
	}
	td_dashboard_set_status(self, text);
	gtk_widget_set_sensitive(self->export_button, TRUE);
	td_dashboard_update_usb(self);
}

static void
td_dashboard_export_async(TdDashboard *self, const gchar *path, gboolean usb)
{
	g_autoptr(GError) error = NULL;
	TdCsvJob *job = td_csv_job_new(self, path, &error);

	if (job == NULL) {
		td_dashboard_set_status(self, error->message);
		return;
	}
	job->usb = usb;
	if (usb && self->context->config != NULL) {
		g_autofree gchar *dir = g_path_get_dirname(path);
		g_autofree gchar *report = td_dashboard_report_name(self->day);
		g_autofree gchar *drafts = td_dashboard_dir(self);
		job->config = td_config_ref(self->context->config);
		job->pdf_path = g_build_filename(dir, report, NULL);
		job->pdf_draft = g_build_filename(drafts, ".usb-report.pdf", NULL);
	}
	td_dashboard_set_status(self, usb ? _("Saving to the USB stick…") : _("Saving…"));
	gtk_widget_set_sensitive(usb ? self->usb_button : self->export_button, FALSE);
	td_ui_worker_run(self, self->cancellable, td_csv_job_work, job, (GDestroyNotify)td_csv_job_free, td_csv_done_cb,
			 NULL);
}

static void
td_export_clicked_cb(GtkButton *button, TdDashboard *self)
{
	g_autofree gchar *name = td_dashboard_csv_name(self);
	g_autofree gchar *dir = td_dashboard_dir(self);
	g_autofree gchar *path = g_build_filename(dir, name, NULL);

	td_dashboard_export_async(self, path, FALSE);
}

void
td_dashboard_export_usb(TdDashboard *self)
{
	g_autofree gchar *usb = td_usb_drive_find();
	g_autofree gchar *name = td_dashboard_csv_name(self);
	g_autofree gchar *path = NULL;

	if (usb == NULL) {
		td_dashboard_set_status(self, _("No USB stick found: plug one in and try again."));
		return;
	}
	path = g_build_filename(usb, name, NULL);
	td_dashboard_export_async(self, path, TRUE);
}


static void
td_usb_clicked_cb(GtkButton *button, TdDashboard *self)
{
	td_dashboard_export_usb(self);
}

static void
td_mounts_changed_cb(GUnixMountMonitor *monitor, TdDashboard *self)
{
	td_dashboard_update_usb(self);
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
		text = g_strdup_printf(_("Could not save the report: %s"), error->message);
	} else if (job->print_error != NULL)
		text = g_strdup_printf(_("Could not print (%s). The report is saved in %s."), job->print_error, job->path);
	else if (job->printer != NULL)
		text = g_strdup_printf(_("Sent to the printer %s; saved in %s."), job->printer, job->path);
	else
		text = g_strdup_printf(_("Saved to %s"), job->path);
	td_dashboard_set_status(self, text);
	gtk_widget_set_sensitive(self->print_button, TRUE);
}

static void
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
	dir = td_dashboard_dir(self);
	name = td_dashboard_report_name(job->day);
	job->path = g_build_filename(dir, name, NULL);
	gtk_widget_set_sensitive(self->print_button, FALSE);
	task = g_task_new(self, self->cancellable, td_report_job_done_cb, NULL);
	g_task_set_task_data(task, job, (GDestroyNotify)td_report_job_free);
	td_worker_run_in_thread(task, td_report_job_thread);
}

static void
td_back_clicked_cb(GtkButton *button, TdDashboard *self)
{
	g_signal_emit(self, signals[SIGNAL_CLOSE], 0);
}

static void
td_language_changed_cb(TdI18n *i18n, TdDashboard *self)
{
	td_dashboard_show(self);
}

static void
td_dashboard_dispose(GObject *object)
{
	TdDashboard *self = TD_DASHBOARD(object);
	g_signal_handlers_disconnect_by_data(td_i18n_get_default(), self);
	g_cancellable_cancel(self->cancellable);
	g_cancellable_cancel(self->load_cancellable);
	g_clear_object(&self->load_cancellable);
	g_clear_pointer(&self->days, g_ptr_array_unref);
	g_clear_pointer(&self->up, td_report_up_free);
	if (self->mounts != NULL)
		g_signal_handlers_disconnect_by_data(self->mounts, self);
	g_clear_object(&self->mounts);
	G_OBJECT_CLASS(td_dashboard_parent_class)->dispose(object);
}

static void
td_dashboard_finalize(GObject *object)
{
	TdDashboard *self = TD_DASHBOARD(object);
	g_free(self->export_dir);
	g_free(self->day);
	g_object_unref(self->cancellable);
	G_OBJECT_CLASS(td_dashboard_parent_class)->finalize(object);
}

static void
td_dashboard_class_init(TdDashboardClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = td_dashboard_dispose;
	object_class->finalize = td_dashboard_finalize;
	signals[SIGNAL_CLOSE] = g_signal_new("close", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					     NULL, G_TYPE_NONE, 0);
}

static GtkWidget *
td_dashboard_button(GtkWidget *box, const gchar *css_class, GCallback callback, TdDashboard *self)
{
	GtkWidget *button = td_ui_append(box, td_ui_button_new("", css_class));
	/* two lines on a 768 px portrait screen, where the four actions on
	 * one would push the window past its edge */
	td_ui_button_set_wrap_when_narrow(button);
	g_signal_connect(button, "clicked", callback, self);
	return button;
}

/* A square of the series' colour, and what it stands for. */
static GtkWidget *
td_dashboard_legend(GtkWidget *row, TdDayChartSeries series)
{
	GtkWidget *label;

	td_ui_append(row, td_day_chart_swatch_new(series));
	/* a few words: whole on one line where the row has room, on two on a
	 * portrait 600 px panel rather than past its edge */
	label = td_ui_append(row, td_ui_label_new("td-hint"));
	gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD);
	gtk_label_set_natural_wrap_mode(GTK_LABEL(label), GTK_NATURAL_WRAP_NONE);
	gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_LEFT);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	return label;
}

static void
td_dashboard_init(TdDashboard *self)
{
	GtkWidget *row;
	GtkWidget *grid = gtk_grid_new();

	self->day = td_report_today();
	self->cancellable = g_cancellable_new();
	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_box_set_spacing(GTK_BOX(self), TD_UI_SPACING);
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-staff");

	/* ‹ the day › */
	row = td_ui_append(GTK_WIDGET(self), gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	self->previous_day = td_dashboard_button(row, "td-small", G_CALLBACK(td_day_clicked_cb), self);
	self->title = td_ui_append(row, td_ui_label_new("td-title"));
	gtk_widget_set_hexpand(self->title, TRUE);
	self->next_day = td_dashboard_button(row, "td-small", G_CALLBACK(td_day_clicked_cb), self);

	/* the figures: a value, what it is of, its name */
	gtk_grid_set_column_spacing(GTK_GRID(grid), TD_UI_SPACING_WIDE);
	gtk_grid_set_column_homogeneous(GTK_GRID(grid), TRUE);
	for (guint i = 0; i < TD_N_FIGURES; i++) {
		GtkWidget *cell = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
		self->figure_values[i] = td_ui_append(cell, td_ui_label_new("td-figure"));
		self->figure_details[i] = td_ui_append(cell, td_ui_label_new("td-hint"));
		self->figure_names[i] = td_ui_append(cell, td_ui_label_new("td-body"));
		gtk_widget_set_margin_bottom(cell, TD_UI_SPACING_TIGHT);
		gtk_grid_attach(GTK_GRID(grid), cell, (int)(i % TD_FIGURE_COLUMNS), (int)(i / TD_FIGURE_COLUMNS), 1, 1);
	}
	td_ui_append(GTK_WIDGET(self), grid);

	self->chart_title = td_ui_append(GTK_WIDGET(self), td_ui_label_new("td-body"));
	self->chart = td_ui_append(GTK_WIDGET(self), td_day_chart_new());
	/* its natural height: a portrait screen puts the room below the page */
	gtk_widget_set_vexpand(self->chart, FALSE);
	row = td_ui_append(GTK_WIDGET(self), gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	self->legend_vneid = td_dashboard_legend(row, TD_DAY_CHART_VNEID);
	self->legend_other = td_dashboard_legend(row, TD_DAY_CHART_OTHER);

	/* one row: the staff screens keep their sizes in large text, and the
	 * four fit the narrowest screen */
	row = td_ui_append(GTK_WIDGET(self), gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	gtk_widget_set_halign(row, GTK_ALIGN_CENTER);
	self->export_button = td_dashboard_button(row, "td-primary", G_CALLBACK(td_export_clicked_cb), self);
	self->usb_button = td_dashboard_button(row, "td-small", G_CALLBACK(td_usb_clicked_cb), self);
	self->print_button = td_dashboard_button(row, "td-small", G_CALLBACK(td_print_clicked_cb), self);
	self->back_button = td_dashboard_button(row, "td-small", G_CALLBACK(td_back_clicked_cb), self);
	self->status = td_ui_append(GTK_WIDGET(self), td_ui_label_new("td-hint"));
	gtk_widget_set_visible(self->status, FALSE);
	/* under the buttons, where the status's empty line was: on a
	 * 1024 × 768 screen they keep their place */
	self->up_line = td_ui_append(GTK_WIDGET(self), td_ui_label_new("td-hint"));
	gtk_widget_set_visible(self->up_line, FALSE);

	/* a stick plugged in or out while the page is open */
	self->mounts = g_unix_mount_monitor_get();
	g_signal_connect(self->mounts, "mounts-changed", G_CALLBACK(td_mounts_changed_cb), self);
	td_dashboard_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
}

GtkWidget *
td_dashboard_new(TdKioskContext *context)
{
	TdDashboard *self = g_object_new(TD_TYPE_DASHBOARD, NULL);
	self->context = context;
	return GTK_WIDGET(self);
}
