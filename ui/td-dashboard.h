/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"

G_BEGIN_DECLS

/* The station manager's figures: today's counts (from td-report), the VNeID
 * integration rate, a 30-day chart, the CSV export (the same file as
 * `tiepdon export`) and the day's report for signing (the same PDF as
 * `tiepdon report --pdf`, printed on [report] printer when set). Emits
 * "close". */
#define TD_TYPE_DASHBOARD (td_dashboard_get_type())
G_DECLARE_FINAL_TYPE(TdDashboard, td_dashboard, TD, DASHBOARD, GtkBox)

GtkWidget *td_dashboard_new(TdKioskContext *context);
void td_dashboard_refresh(TdDashboard *self);
/* The last 30 days as CSV into path. */
gboolean td_dashboard_export_csv(TdDashboard *self, const gchar *path, GError **error);
/* Where the export and print buttons write (the data directory; for tests). */
void td_dashboard_set_export_dir(TdDashboard *self, const gchar *dir);

G_END_DECLS
