/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The manager's dashboard: a day's figures, the chart of the days to it,
 * yesterday's report to the hub; its ways out (the spreadsheet, the USB
 * stick, the report for signing) are td-dashboard-export.c's. */
#include "config.h"

#include <string.h>

#include "td-dashboard-private.h"
#include "td-day-chart.h"
#include "td-day-report.h"
#include "td-i18n.h"
#include "td-reflow-box.h"
#include "td-report-send.h"
#include "td-report.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"
#include "td-usb-drive.h"

#include <gio/gunixmounts.h>

G_DEFINE_FINAL_TYPE(TdDashboard, td_dashboard, GTK_TYPE_BOX)

enum { SIGNAL_CLOSE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* day moved by offset days, yyyy-mm-dd */
gchar *
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

static gboolean
td_dashboard_is_today(TdDashboard *self)
{
	g_autofree gchar *today = td_report_today();
	return g_strcmp0(self->day, today) >= 0;
}

/* "25%" and what it is of: "(12 of 48 check-ins)", or of the visits whose
 * patient answered the VNeID question (visits, as the month line counts). */
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
		detail = of_answers ? g_strdup_printf(_("(%u of %u answers)"), part, whole)
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

/* The month so far, to the day shown: a province tracks its stations'
 * integration month by month, and one day's few patients say little. The
 * rate is of the month's sums, never an average of the days' rates. */
static void
td_dashboard_show_month(TdDashboard *self)
{
	g_autoptr(TdDailyCounts) month = td_daily_counts_new(NULL);
	/* dd/mm/yyyy, as every date staff read */
	g_autofree gchar *date = td_day_report_day_text(self->day);
	g_autofree gchar *so_far = NULL;
	g_autofree gchar *vneid = NULL;
	g_autofree gchar *text = NULL;
	guint answered;

	for (guint i = 0; self->days != NULL && i < self->days->len; i++) {
		const TdDailyCounts *day = g_ptr_array_index(self->days, i);
		/* yyyy-mm of the day shown */
		if (strncmp(day->day, self->day, 7) == 0)
			td_daily_counts_add(month, day);
	}
	if (self->days == NULL) {
		gtk_label_set_text(GTK_LABEL(self->month_line), "");
		return;
	}
	answered = td_daily_counts_vneid_answered(month);
	so_far = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "This month to %s: %u check-in",
					     "This month to %s: %u check-ins", month->checkins),
				 date, month->checkins);
	vneid = answered == 0 ? g_strdup(_("nobody answered about VNeID yet"))
			      : g_strdup_printf(_("%u%% in VNeID (%u of %u answers)"),
						td_day_report_percent(td_daily_counts_vneid_integrated(month), answered),
						td_daily_counts_vneid_integrated(month), answered);
	/* "Từ đầu tháng đến 05/12/2026: 57 lượt; tích hợp VNeID 72% (31 trên 43 lượt trả lời)":
	 * visits, not people, as every figure here */
	text = g_strdup_printf(_("%s; %s."), so_far, vneid);
	gtk_label_set_text(GTK_LABEL(self->month_line), text);
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
	g_autofree gchar *date = td_day_report_day_text(self->day);
	g_autofree gchar *title = td_dashboard_is_today(self) ? g_strdup_printf(_("Today at the station, %s"), date)
							       : g_strdup_printf(_("At the station on %s"), date);
	g_autofree gchar *chart = g_strdup_printf(_("Check-ins, the %u days to %s"), TD_DASHBOARD_DAYS, date);

	gtk_label_set_text(GTK_LABEL(self->title), title);
	for (guint i = 0; i < TD_N_FIGURES; i++)
		gtk_label_set_text(GTK_LABEL(self->figure_names[i]), names[i]);
	gtk_label_set_text(GTK_LABEL(self->chart_title), chart);
	td_dashboard_show_month(self);
	td_ui_set_a11y_label(self->chart, chart);
	gtk_label_set_text(GTK_LABEL(self->legend_vneid), _("Insurance card in VNeID"));
	gtk_label_set_text(GTK_LABEL(self->legend_other), _("The other check-ins"));
	td_ui_button_set_text(self->previous_day, _("‹ Day before"));
	td_ui_button_set_text(self->next_day, _("Day after ›"));
	td_ui_button_set_text(self->export_button, _("Export the report (spreadsheet)"));
	td_dashboard_update_usb(self);
	td_dashboard_update_print(self);
	td_ui_button_set_text(self->back_button, _("Back"));
	td_ui_button_set_text(self->send_button, _("Send the figures up now"));
}

/* The report's button says what it does. With [report] printer it
 * prints (and keeps the PDF); without one, on the reception PC it saves
 * the PDF into Documents; on a kiosk there is no such button: a PDF in
 * the kiosk's data folder reached no one (it said "Đã lưu vào
 * /var/lib/…"), and "Lưu vào USB" takes the day's report along. */
void
td_dashboard_update_print(TdDashboard *self)
{
	g_autofree gchar *queue = self->context != NULL && self->context->config != NULL
				      ? td_report_settings_printer(self->context->config)
				      : NULL;
	gboolean printer = queue != NULL;

	td_ui_button_set_text(self->print_button, printer ? _("Print the day's report") : _("Save the day's report"));
	gtk_widget_set_visible(self->print_button, printer || self->desktop);
}

/* A greyed button says nothing of why: without a stick it says what to
 * do ("Cắm USB để lưu"), and turns into "Lưu vào USB" when one is in
 * (the mount monitor calls again). Off while a save to the stick runs,
 * whatever calls (a language changed, a day loaded, a mount): a second
 * save would write over the first. */
void
td_dashboard_update_usb(TdDashboard *self)
{
	g_autofree gchar *usb = td_usb_drive_find();
	gboolean present = usb != NULL && self->context != NULL;

	gtk_widget_set_sensitive(self->usb_button, present && !self->saving_to_usb);
	td_ui_button_set_text(self->usb_button,
			      present || self->saving_to_usb ? _("Save to the USB stick") : _("Plug in a USB stick to save"));
}

/* The TD_DASHBOARD_DAYS days ending with the day shown, read in a worker. */
typedef struct {
	TdStore *store;
	gchar *from;
	gchar *to;
	TdConfig *config; /* a reference: the report's settings are made from it */
	GPtrArray *days;
	TdReportUp *up; /* NULL: the report's settings are not usable */
} TdFiguresLoad;

static void
td_figures_load_free(TdFiguresLoad *load)
{
	g_object_unref(load->store);
	g_free(load->from);
	g_free(load->to);
	g_clear_pointer(&load->config, td_config_free);
	g_clear_pointer(&load->days, g_ptr_array_unref);
	g_clear_pointer(&load->up, td_report_up_free);
	g_free(load);
}

static gboolean
td_figures_load_work(gpointer data, GError **error)
{
	TdFiguresLoad *load = data;

	/* the report's settings (a token file looked at) and its state file,
	 * made and read here too: files, not the main thread's */
	if (load->config != NULL) {
		g_autoptr(GError) error_settings = NULL;
		g_autoptr(TdReportSettings) settings = td_report_settings_new(load->config, &error_settings);
		if (settings != NULL)
			load->up = td_report_up_read(settings, NULL);
		else
			g_message("dashboard: the report's settings: %s", error_settings->message);
	}
	load->days = td_report_range(load->store, load->from, load->to, error);
	return load->days != NULL;
}

/* The line under the buttons: what a read or a save did; none (not an
 * empty line) when nothing, the room being the report's line's on a
 * 1024 × 768 screen. */
void
td_dashboard_set_status(TdDashboard *self, const gchar *text)
{
	gtk_label_set_text(GTK_LABEL(self->status), text);
	gtk_widget_set_visible(self->status, text != NULL && text[0] != '\0');
}

/* "HH:MM" of a moment today, "HH:MM dd/mm/yyyy" of another day. */
static gchar *
td_dashboard_clock_text(gint64 unix_time)
{
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(unix_time);
	g_autofree gchar *when_day = when != NULL ? g_date_time_format(when, "%Y-%m-%d") : NULL;
	g_autofree gchar *today = td_report_today();

	if (when == NULL)
		return g_strdup("?");
	return g_date_time_format(when, g_strcmp0(when_day, today) == 0 ? "%H:%M" : "%H:%M %d/%m/%Y");
}

gchar *
td_dashboard_up_words(const TdReportUp *up, gboolean *warn)
{
	g_autoptr(GString) text = g_string_new(NULL);
	/* its dates dd/mm/yyyy as every other */
	g_autofree gchar *day = td_day_report_day_text(up->day);

	*warn = FALSE;
	if (up->state == TD_REPORT_UP_SENT) {
		g_autofree gchar *clock = td_dashboard_clock_text(up->sent_unix);
		g_string_append_printf(text, _("The figures of %s went up at %s."), day, clock);
	} else if (up->state == TD_REPORT_UP_WAITING) {
		g_autofree gchar *clock = g_strdup_printf("%02u:%02u", up->send_at_hour, up->send_at_minute);
		g_string_append_printf(text, _("The figures of %s go up at %s."), day, clock);
	} else if (up->state == TD_REPORT_UP_DUE && up->retry_unix > 0) {
		/* the hub did not take them at the send-at: a running send
		 * tries again (no fault yet, the morning's retries are ahead) */
		g_autofree gchar *clock = td_dashboard_clock_text(up->retry_unix);
		g_string_append_printf(text, _("The figures of %s have not gone up yet: the next try is at %s."), day,
				       clock);
	} else if (up->state == TD_REPORT_UP_DUE) {
		/* their time has come and no retry is planned: the timer's
		 * run is sending them, or "Gửi số liệu lên ngay" does; in
		 * other words than late's, which say it in more than colour */
		g_string_append_printf(text, _("The figures of %s are waiting to go up."), day);
	} else {
		/* "Gửi số liệu lên ngay" sends them; where this program may
		 * not (a reception PC's user), the administrator does */
		if (up->can_send)
			g_string_append_printf(text, _("The figures of %s have not gone up yet."), day);
		else
			g_string_append_printf(text, _("The figures of %s have not gone up: tell the administrator."),
					       day);
		*warn = TRUE;
	}
	if (up->other_sender_day != NULL) {
		g_string_append_c(text, ' ');
		g_string_append(text, _("Another machine sends this station's figures too: tell the administrator."));
		*warn = TRUE;
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}

/* Yesterday's report to the hub, as the manager needs it: sent,
 * when it goes, or not sent and whom to tell; and another machine
 * sending this station's figures. Nothing where this machine sends none
 * (no [report] url: the PDF is printed and signed instead). */
void
td_dashboard_show_up(TdDashboard *self)
{
	const TdReportUp *up = self->up;
	g_autofree gchar *text = NULL;
	gboolean warn = FALSE;

	/* not gone up yet (late, or before its time: a manager asked for
	 * the figures by 09:00 need not wait for the timer) */
	gtk_widget_set_visible(self->send_button,
			       up != NULL && up->can_send &&
				   (up->state == TD_REPORT_UP_LATE || up->state == TD_REPORT_UP_DUE ||
				    up->state == TD_REPORT_UP_WAITING));
	gtk_widget_set_sensitive(self->send_button, !self->sending);
	if (up == NULL || up->state == TD_REPORT_UP_OFF) {
		gtk_widget_set_visible(self->up_line, FALSE);
		return;
	}
	/* short, a line on a 1024 × 768 screen (doctor gives the details) */
	text = td_dashboard_up_words(up, &warn);
	gtk_label_set_text(GTK_LABEL(self->up_line), text);
	td_ui_set_css_class(self->up_line, "td-warn", warn);
	gtk_widget_set_visible(self->up_line, TRUE);
}

/* The figures of the days read (none: dashes), in the language shown. */
static void
td_dashboard_show(TdDashboard *self)
{
	GPtrArray *days = self->days;

	td_dashboard_show_figures(self, days != NULL && days->len > 0 ? g_ptr_array_index(days, days->len - 1) : NULL);
	if (days != NULL && days->len > TD_DASHBOARD_DAYS) {
		/* the month's first day, read for the month's line, is not the
		 * chart's */
		g_autoptr(GPtrArray) chart_days = g_ptr_array_new();
		for (guint i = days->len - TD_DASHBOARD_DAYS; i < days->len; i++)
			g_ptr_array_add(chart_days, g_ptr_array_index(days, i));
		td_day_chart_set_days(TD_DAY_CHART(self->chart), chart_days);
	} else {
		td_day_chart_set_days(TD_DAY_CHART(self->chart), days);
	}
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
	/* the 31st: the month's first day is one before the chart's */
	{
		g_autofree gchar *first = g_strdup_printf("%.7s-01", self->day);
		if (g_strcmp0(first, load->from) < 0) {
			g_free(load->from);
			load->from = g_steal_pointer(&first);
		}
	}
	load->to = g_strdup(self->day);
	if (self->context->config != NULL)
		load->config = td_config_ref(self->context->config);
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

static void
td_mounts_changed_cb(GUnixMountMonitor *monitor, TdDashboard *self)
{
	td_dashboard_update_usb(self);
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

/* The report's line goes beside the buttons where it has this much width
 * (three lines of its longest words), else under them */
#define TD_DASHBOARD_UP_LINE_MIN_PX 300
#define TD_DASHBOARD_UP_LINE_CHARS  30

/* The least height of the figures and the chart's box on a short screen:
 * the first row of figures whole (1024 x 600 leaves it about 330 px) */
#define TD_DASHBOARD_FIGURES_MIN_PX 120

static void
td_dashboard_init(TdDashboard *self)
{
	GtkWidget *row, *figures, *actions;
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
	/* the figures and the chart scroll where the screen is short (a 10"
	 * 1024 x 600 panel): the day's way back and the actions under them
	 * stay in sight (before, the actions lay 125 px under the fold) */
	figures = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING);
	td_ui_append(figures, grid);
	self->month_line = td_ui_append(figures, td_ui_label_new("td-body"));
	self->chart_title = td_ui_append(figures, td_ui_label_new("td-body"));
	self->chart = td_ui_append(figures, td_day_chart_new());
	/* its natural height: a portrait screen puts the room below the page */
	gtk_widget_set_vexpand(self->chart, FALSE);
	row = td_ui_append(figures, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING));
	self->legend_vneid = td_dashboard_legend(row, TD_DAY_CHART_VNEID);
	self->legend_other = td_dashboard_legend(row, TD_DAY_CHART_OTHER);
	td_ui_append(GTK_WIDGET(self), td_ui_words_scroller_new(figures, TD_DASHBOARD_FIGURES_MIN_PX));

	/* one row: the staff screens keep their sizes in large text, and the
	 * four fit the narrowest screen */
	actions = td_ui_append(GTK_WIDGET(self), gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING));
	gtk_widget_add_css_class(actions, TD_UI_PINNED_FOOTER_CLASS);
	/* the buttons, and the report's line beside them where the width
	 * leaves it room (under them where not): under them, its two lines
	 * took the 58 px a 1024 x 768 screen lacked, and the figures
	 * scrolled */
	self->up_row = td_ui_append(actions, td_reflow_box_new(TD_UI_SPACING_WIDE));
	row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING);
	gtk_widget_set_halign(row, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(row, GTK_ALIGN_CENTER);
	td_reflow_box_append(TD_REFLOW_BOX(self->up_row), row);
	self->export_button = td_dashboard_button(row, "td-primary", G_CALLBACK(td_export_clicked_cb), self);
	/* the reception PC's only (td_dashboard_set_desktop) */
	gtk_widget_set_visible(self->export_button, FALSE);
	self->usb_button = td_dashboard_button(row, "td-small", G_CALLBACK(td_usb_clicked_cb), self);
	self->print_button = td_dashboard_button(row, "td-small", G_CALLBACK(td_print_clicked_cb), self);
	/* yesterday's figures sent now, where they have not gone up: in the
	 * row, not beside the report's line, which took 26 px more than a
	 * 7" panel has under the figures */
	self->send_button = td_dashboard_button(row, "td-small", G_CALLBACK(td_send_clicked_cb), self);
	gtk_widget_set_visible(self->send_button, FALSE);
	self->back_button = td_dashboard_button(row, "td-small", G_CALLBACK(td_back_clicked_cb), self);
	self->up_line = td_ui_label_new("td-hint");
	/* below this width it goes under the buttons. Beside them it asks
	 * for no more than this many characters a line, and takes the room
	 * a wide screen leaves: a line that asked for its whole length took
	 * room the buttons' words needed (the reception PC's five buttons
	 * went to three lines each) */
	gtk_widget_set_size_request(self->up_line, TD_DASHBOARD_UP_LINE_MIN_PX, -1);
	gtk_label_set_max_width_chars(GTK_LABEL(self->up_line), TD_DASHBOARD_UP_LINE_CHARS);
	gtk_widget_set_hexpand(self->up_line, TRUE);
	gtk_widget_set_valign(self->up_line, GTK_ALIGN_CENTER);
	gtk_widget_set_visible(self->up_line, FALSE);
	td_reflow_box_append(TD_REFLOW_BOX(self->up_row), self->up_line);
	self->status = td_ui_append(actions, td_ui_label_new("td-hint"));
	gtk_widget_set_visible(self->status, FALSE);

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
