/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-config.h"
#include "td-report-client.h"

G_BEGIN_DECLS

/* The [report] section of the kiosk's key file. The hub's address, token
 * and CA are the report client's (net/td-report-client.h); the rest is the
 * kiosk's:
 *
 *   [report]
 *   url=https://hub.ttyt-example.vn    (absent: the report is not sent up)
 *   token-file=/etc/tiepdon/report.token
 *   send-at=08:30                 when tiepdon-report.timer sends yesterday's report
 *   retry-first-s=30              first wait after a failed send; doubles...
 *   retry-max-s=900               ...up to this...
 *   retry-for-h=12                ...for this long, then the next run goes on
 *   state-file=report-state.json  (default: beside the database)
 *   place=An Bình                 the printed report's "…, ngày … tháng … năm …"
 *   parent-body=TRUNG TÂM Y TẾ KHU VỰC AN PHÚ   the line above the station's name
 *   printer=QUEUE                 the A4 queue the dashboard prints to (absent:
 *                                 no such button on a kiosk, "Lưu vào USB"
 *                                 carries it; the reception PC saves it)
 *
 * Errors are TD_CONFIG_ERROR naming the file and key. */
typedef struct {
	TdReportClientConfig *client; /* NULL: no [report] url */
	guint send_at_hour;
	guint send_at_minute;
	guint retry_first_ms;
	guint retry_max_ms;
	guint64 retry_for_ms;
	gchar *state_file;
	gchar *place;	    /* NULL: dots to fill in by hand */
	gchar *parent_body; /* NULL: left out */
	gchar *printer;	    /* NULL: save only */
} TdReportSettings;

TdReportSettings *td_report_settings_new(const TdConfig *config, GError **error);
/* [report] printer alone (NULL: none), whatever the other keys say: the
 * dashboard's button names what a press will do; a fault elsewhere in
 * [report] is said when it is pressed ("báo người quản trị"). */
gchar *td_report_settings_printer(const TdConfig *config);
void td_report_settings_free(TdReportSettings *settings);

/* send-at as systemd's OnCalendar wants it: "*-*-* 08:30:00". */
gchar *td_report_settings_timer_calendar(const TdReportSettings *settings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdReportSettings, td_report_settings_free)

G_END_DECLS
