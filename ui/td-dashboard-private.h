/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What td-dashboard.c (the figures, the chart, the report's line) and
 * td-dashboard-export.c (the CSV, the USB stick, the report for signing)
 * share; no other file includes it. */
#include <gio/gunixmounts.h>

#include "td-dashboard.h"
#include "td-report-send.h"

G_BEGIN_DECLS

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
	gboolean desktop; /* the reception PC's (td_dashboard_set_desktop) */
	gchar *day;	  /* yyyy-mm-dd shown */
	GCancellable *cancellable;
	GCancellable *load_cancellable; /* the newest read of the figures */
	/* of TdDailyCounts, the figures shown: the TD_DASHBOARD_DAYS to the
	 * day shown, from the month's first day when that is earlier */
	GPtrArray *days;
	TdReportUp *up;			/* yesterday's report to the hub; NULL: not read */
	gboolean loading;
	GUnixMountMonitor *mounts;

	GtkWidget *title;
	GtkWidget *previous_day;
	GtkWidget *next_day;
	GtkWidget *figure_values[TD_N_FIGURES];
	GtkWidget *figure_details[TD_N_FIGURES];
	GtkWidget *figure_names[TD_N_FIGURES];
	GtkWidget *month_line; /* the month so far, to the day shown */
	GtkWidget *chart_title;
	GtkWidget *chart;
	GtkWidget *legend_vneid;
	GtkWidget *legend_other;
	GtkWidget *up_line; /* yesterday's report: sent, or when, or not */
	GtkWidget *up_row;  /* the buttons, and up_line beside or under them */
	GtkWidget *send_button; /* ... sent now, where it has not gone up */
	gboolean sending;
	GtkWidget *export_button;
	GtkWidget *usb_button;
	gboolean saving_to_usb; /* its button stays off until the stick is synced */
	GtkWidget *print_button;
	GtkWidget *back_button;
	GtkWidget *status;
};

/* day moved by offset days, yyyy-mm-dd */
gchar *td_day_offset(const gchar *day, gint offset);
/* The USB button, as a stick is there or not, and nothing is saving. */
void td_dashboard_update_usb(TdDashboard *self);
/* The report's button: "print" with a [report] printer, "save" on the
 * reception PC without one, none on a kiosk without one. */
void td_dashboard_update_print(TdDashboard *self);
/* Yesterday's report's line, and its "send now" where it has not gone. */
void td_dashboard_show_up(TdDashboard *self);
/* The line under the buttons (none when text is empty). */
void td_dashboard_set_status(TdDashboard *self, const gchar *text);

/* td-dashboard-export.c: the buttons' handlers */
void td_export_clicked_cb(GtkButton *button, TdDashboard *self);
void td_usb_clicked_cb(GtkButton *button, TdDashboard *self);
void td_print_clicked_cb(GtkButton *button, TdDashboard *self);
void td_send_clicked_cb(GtkButton *button, TdDashboard *self);

G_END_DECLS
