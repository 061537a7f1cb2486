/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"
#include "td-report-send.h"

G_BEGIN_DECLS

/* The station manager's figures for any day (today first, a day before or
 * after): the day's counts (from td-report), each share with what it is of
 * ("25% (12 of 48 check-ins)"), the VNeID integration rate among those who
 * answered, a chart of the TD_DASHBOARD_DAYS days to that day with its
 * legend, the spreadsheet of those days (the columns of `tiepdon
 * export`) to the data folder or the USB stick (td-usb-drive.h), and the
 * day's report for signing (the same PDF as `tiepdon report --pdf`,
 * printed on [report] printer when set). Emits "close". */
#define TD_TYPE_DASHBOARD (td_dashboard_get_type())
G_DECLARE_FINAL_TYPE(TdDashboard, td_dashboard, TD, DASHBOARD, GtkBox)

#define TD_DASHBOARD_DAYS 30

/* The audit trail's words for the dashboard's ways out (the note: the
 * file's path; for a send, the days that went up, "2026-12-03, 2026-12-04") */
#define TD_DASHBOARD_ACTION_EXPORTED	  "report-exported"
#define TD_DASHBOARD_ACTION_SAVED_TO_USB "report-saved-to-usb"
#define TD_DASHBOARD_ACTION_PRINTED	  "report-printed"
#define TD_DASHBOARD_ACTION_SAVED	  "report-saved"
#define TD_DASHBOARD_ACTION_SENT	  "report-sent"

GtkWidget *td_dashboard_new(TdKioskContext *context);
/* The line the dashboard says of yesterday's report to the hub, in the
 * language now chosen; *warn: said as a fault. */
gchar *td_dashboard_up_words(const TdReportUp *up, gboolean *warn);
void td_dashboard_refresh(TdDashboard *self);
/* The figures are being read (in a worker; the page says "Loading…", and
 * why not when the store fails). */
gboolean td_dashboard_is_busy(TdDashboard *self);
/* yyyy-mm-dd (NULL, or a day after today: today). */
void td_dashboard_show_day(TdDashboard *self, const gchar *day);
const gchar *td_dashboard_get_day(TdDashboard *self);
/* The TD_DASHBOARD_DAYS days to the day shown, as a spreadsheet (.xlsx) into path. */
gboolean td_dashboard_export_sheet(TdDashboard *self, const gchar *path, GError **error);
/* Where the export and print buttons write (for tests; otherwise the
 * reception PC's Documents folder, the kiosk's data directory). */
void td_dashboard_set_export_dir(TdDashboard *self, const gchar *dir);
/* On the reception PC (tiepdon-staff): the export button writes the spreadsheet
 * into the user's Documents folder, and the report for signing goes there
 * too. On the kiosk (FALSE, the default) there is no export button: its
 * data directory is out of everyone's reach, so the USB stick is the way
 * off the kiosk. */
void td_dashboard_set_desktop(TdDashboard *self, gboolean desktop);
/* What "Save to the USB stick" does: the spreadsheet onto td_usb_drive_find()'s
 * drive, written and synced in a worker; the status line says when. */
void td_dashboard_export_usb(TdDashboard *self);

G_END_DECLS
