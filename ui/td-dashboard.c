/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-dashboard.h"
#include "td-day-chart.h"
#include "td-i18n.h"
#include "td-print.h"
#include "td-report-pdf.h"
#include "td-report.h"
#include "td-secret-file.h"
#include "td-ticket.h"
#include "td-ui-util.h"

#define TD_DASHBOARD_DAYS 30
#define TD_DASHBOARD_N_FIGURES 6

struct _TdDashboard {
	GtkBox parent_instance;
	TdKioskContext *context;
	gchar *export_dir;
	GtkWidget *title;
	GtkWidget *figure_values[TD_DASHBOARD_N_FIGURES];
	GtkWidget *figure_names[TD_DASHBOARD_N_FIGURES];
	GtkWidget *chart_title;
	GtkWidget *chart;
	GtkWidget *legend;
	GtkWidget *export_button;
	GtkWidget *print_button;
	GtkWidget *back_button;
	GtkWidget *status;
};

G_DEFINE_FINAL_TYPE(TdDashboard, td_dashboard, GTK_TYPE_BOX)

enum { SIGNAL_CLOSE, N_SIGNALS };
static guint signals[N_SIGNALS];

static gchar *
td_day_offset(const gchar *today, gint offset)
{
	g_autoptr(GDate) date = g_date_new();
	gchar buf[11];
	g_date_set_parse(date, today);
	if (!g_date_valid(date))
		return g_strdup(today);
	if (offset < 0)
		g_date_subtract_days(date, (guint)-offset);
	g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", date);
	return g_strdup(buf);
}

static GPtrArray *
td_dashboard_load(TdDashboard *self, GError **error)
{
	g_autofree gchar *today = td_report_today();
	g_autofree gchar *from = td_day_offset(today, -(TD_DASHBOARD_DAYS - 1));
	if (self->context == NULL || self->context->store == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no store");
		return NULL;
	}
	return td_report_range(self->context->store, from, today, error);
}

void
td_dashboard_refresh(TdDashboard *self)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) days = td_dashboard_load(self, &error);
	const TdDailyCounts *today = NULL;
	gchar *values[TD_DASHBOARD_N_FIGURES] = {NULL};
	gdouble rate;

	gtk_label_set_text(GTK_LABEL(self->status), error != NULL ? error->message : "");
	if (days != NULL && days->len > 0)
		today = g_ptr_array_index(days, days->len - 1);
	if (today != NULL) {
		rate = td_daily_counts_integration_rate(today);
		values[0] = g_strdup_printf("%u", today->checkins);
		values[1] = g_strdup_printf("%u", td_daily_counts_by_chip_card(today));
		values[2] = g_strdup_printf("%u", td_daily_counts_eligible(today));
		values[3] = g_strdup_printf("%u", today->by_outcome[TD_OUTCOME_SEE_STAFF]);
		values[4] = rate < 0 ? g_strdup("—") : g_strdup_printf("%.0f %%", rate);
		values[5] = g_strdup_printf("%u", today->by_vneid[TD_VNEID_NO_ACCOUNT]);
	}
	for (guint i = 0; i < TD_DASHBOARD_N_FIGURES; i++) {
		gtk_label_set_text(GTK_LABEL(self->figure_values[i]), values[i] != NULL ? values[i] : "—");
		g_free(values[i]);
	}
	td_day_chart_set_days(TD_DAY_CHART(self->chart), days);
}

gboolean
td_dashboard_export_csv(TdDashboard *self, const gchar *path, GError **error)
{
	g_autoptr(GPtrArray) days = td_dashboard_load(self, error);
	g_autofree gchar *csv = NULL;
	const gchar *code = self->context != NULL && self->context->config != NULL
				? self->context->config->station_code
				: NULL;
	if (days == NULL)
		return FALSE;
	csv = td_report_format_csv(days, code);
	return td_file_replace(path, csv, strlen(csv), 0640, error);
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

static void
td_export_clicked_cb(GtkButton *button, TdDashboard *self)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *today = td_report_today();
	g_autofree gchar *name = g_strdup_printf("tiepdon-%s.csv", today);
	g_autofree gchar *dir = td_dashboard_dir(self);
	g_autofree gchar *path = g_build_filename(dir, name, NULL);
	g_autofree gchar *text = NULL;

	if (!td_dashboard_export_csv(self, path, &error))
		text = g_strdup(error->message);
	else
		text = g_strdup_printf(_("Saved to %s"), path);
	gtk_label_set_text(GTK_LABEL(self->status), text);
}

/* ---- the day's report for signing: saved as PDF, printed on [report]
 * printer when there is one; both block, so a worker does them ---- */

typedef struct {
	TdStore *store;
	TdConfig *config;
	gchar *day;
	gchar *path;
	gchar *printer; /* NULL: save only */
	gchar *print_error;
} TdReportJob;

static void
td_report_job_free(TdReportJob *job)
{
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

	if (!g_task_propagate_boolean(G_TASK(result), &error))
		text = g_strdup_printf(_("Could not save the report: %s"), error->message);
	else if (job->print_error != NULL)
		text = g_strdup_printf(_("Could not print (%s). The report is saved in %s."), job->print_error, job->path);
	else if (job->printer != NULL)
		text = g_strdup_printf(_("Sent to the printer %s; saved in %s."), job->printer, job->path);
	else
		text = g_strdup_printf(_("Saved to %s"), job->path);
	gtk_label_set_text(GTK_LABEL(self->status), text);
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
		gtk_label_set_text(GTK_LABEL(self->status), "no store");
		return;
	}
	job = g_new0(TdReportJob, 1);
	job->store = self->context->store;
	job->config = self->context->config;
	job->day = td_report_today();
	dir = td_dashboard_dir(self);
	name = g_strdup_printf("tiepdon-bao-cao-%s.pdf", job->day);
	job->path = g_build_filename(dir, name, NULL);
	gtk_widget_set_sensitive(self->print_button, FALSE);
	task = g_task_new(self, NULL, td_report_job_done_cb, NULL);
	g_task_set_task_data(task, job, (GDestroyNotify)td_report_job_free);
	g_task_run_in_thread(task, td_report_job_thread);
}

static void
td_back_clicked_cb(GtkButton *button, TdDashboard *self)
{
	g_signal_emit(self, signals[SIGNAL_CLOSE], 0);
}

static void
td_dashboard_retranslate(TdDashboard *self)
{
	const gchar *names[TD_DASHBOARD_N_FIGURES] = {
	    _("Check-ins today"),   _("With the chip ID card"),	  _("Insurance valid"),
	    _("Sent to reception"), _("Insurance card in VNeID"), _("Sent to the commune police"),
	};
	gtk_label_set_text(GTK_LABEL(self->title), _("Today at the station"));
	for (guint i = 0; i < TD_DASHBOARD_N_FIGURES; i++)
		gtk_label_set_text(GTK_LABEL(self->figure_names[i]), names[i]);
	gtk_label_set_text(GTK_LABEL(self->chart_title), _("Check-ins, last 30 days"));
	gtk_label_set_text(GTK_LABEL(self->legend),
			   _("Dark: insurance card already in VNeID. Light: the other check-ins."));
	td_ui_set_a11y_label(self->chart, _("Check-ins, last 30 days"));
	td_ui_button_set_text(self->export_button, _("Export the report (CSV)"));
	td_ui_button_set_text(self->print_button, _("Print the day's report"));
	td_ui_button_set_text(self->back_button, _("Back"));
}

static void
td_language_changed_cb(TdI18n *i18n, TdDashboard *self)
{
	td_dashboard_retranslate(self);
}

static void
td_dashboard_finalize(GObject *object)
{
	TdDashboard *self = TD_DASHBOARD(object);
	g_free(self->export_dir);
	G_OBJECT_CLASS(td_dashboard_parent_class)->finalize(object);
}

static void
td_dashboard_class_init(TdDashboardClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->finalize = td_dashboard_finalize;
	signals[SIGNAL_CLOSE] = g_signal_new("close", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					     NULL, G_TYPE_NONE, 0);
}

static void
td_dashboard_init(TdDashboard *self)
{
}

GtkWidget *
td_dashboard_new(TdKioskContext *context)
{
	TdDashboard *self = g_object_new(TD_TYPE_DASHBOARD, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 16,
					 NULL);
	GtkWidget *grid = gtk_grid_new();
	GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 16);

	self->context = context;
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-staff");
	self->title = td_ui_label_new("td-title");
	gtk_box_append(GTK_BOX(self), self->title);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 32);
	gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
	gtk_grid_set_column_homogeneous(GTK_GRID(grid), TRUE);
	for (guint i = 0; i < TD_DASHBOARD_N_FIGURES; i++) {
		self->figure_values[i] = td_ui_label_new("td-figure");
		self->figure_names[i] = td_ui_label_new("td-body");
		gtk_grid_attach(GTK_GRID(grid), self->figure_values[i], (int)(i % 3), (int)(i / 3) * 2, 1, 1);
		gtk_grid_attach(GTK_GRID(grid), self->figure_names[i], (int)(i % 3), (int)(i / 3) * 2 + 1, 1, 1);
	}
	gtk_box_append(GTK_BOX(self), grid);
	self->chart_title = td_ui_label_new("td-body");
	gtk_box_append(GTK_BOX(self), self->chart_title);
	self->chart = td_day_chart_new();
	gtk_widget_set_vexpand(self->chart, TRUE);
	gtk_box_append(GTK_BOX(self), self->chart);
	self->legend = td_ui_label_new("td-hint");
	gtk_box_append(GTK_BOX(self), self->legend);
	gtk_widget_set_halign(row, GTK_ALIGN_CENTER);
	self->export_button = td_ui_button_new("", "td-primary");
	g_signal_connect(self->export_button, "clicked", G_CALLBACK(td_export_clicked_cb), self);
	gtk_box_append(GTK_BOX(row), self->export_button);
	self->print_button = td_ui_button_new("", NULL);
	g_signal_connect(self->print_button, "clicked", G_CALLBACK(td_print_clicked_cb), self);
	gtk_box_append(GTK_BOX(row), self->print_button);
	self->back_button = td_ui_button_new("", NULL);
	g_signal_connect(self->back_button, "clicked", G_CALLBACK(td_back_clicked_cb), self);
	gtk_box_append(GTK_BOX(row), self->back_button);
	gtk_box_append(GTK_BOX(self), row);
	self->status = td_ui_label_new("td-hint");
	gtk_box_append(GTK_BOX(self), self->status);

	td_dashboard_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_language_changed_cb), self, 0);
	return GTK_WIDGET(self);
}
