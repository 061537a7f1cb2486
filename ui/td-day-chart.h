/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The dashboard's 30-day chart, drawn by the app (GtkSnapshot): one bar a
 * day for the check-ins, the part whose insurance card is in VNeID in a
 * colour of its own, day numbers underneath (with their month at the ends
 * and where a month begins) and the largest count on the axis. */
#define TD_TYPE_DAY_CHART (td_day_chart_get_type())
G_DECLARE_FINAL_TYPE(TdDayChart, td_day_chart, TD, DAY_CHART, GtkWidget)

GtkWidget *td_day_chart_new(void);
/* days: of TdDailyCounts in order (borrowed for the call; the figures are
 * copied). NULL empties the chart. */
void td_day_chart_set_days(TdDayChart *self, GPtrArray *days);
guint td_day_chart_get_n_days(TdDayChart *self);
/* What the axis says under day i ("05/11", "10"), NULL where it says nothing. */
gchar *td_day_chart_dup_axis_label(TdDayChart *self, guint i);

/* The bars' two parts, and a square of each one's colour for the legend
 * (the high-contrast screen's colours there too). */
typedef enum {
	TD_DAY_CHART_VNEID, /* insurance card in VNeID */
	TD_DAY_CHART_OTHER, /* the other check-ins */
} TdDayChartSeries;
#define TD_TYPE_DAY_CHART_SWATCH (td_day_chart_swatch_get_type())
G_DECLARE_FINAL_TYPE(TdDayChartSwatch, td_day_chart_swatch, TD, DAY_CHART_SWATCH, GtkWidget)
GtkWidget *td_day_chart_swatch_new(TdDayChartSeries series);

G_END_DECLS
