/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the send (td-report-send.c) and the report's status for doctor and
 * the dashboard (td-report-status.c) share: the report room's own. */
#include <glib.h>

G_BEGIN_DECLS

/* Another machine sending this station's reports, said by the send and,
 * for a week after it was last seen, by doctor (td-report-status.c). */
#define TD_REPORT_OTHER_SENDER_TEXT                                                                                    \
	"máy khác đã gửi báo cáo của trạm này với số liệu khác (another machine sent this station's report with "    \
	"other figures: two kiosks, each with its own SQLite store? The hub keeps one machine's figures only; "   \
	"a station's kiosks share one PostgreSQL, DEPLOY.md section 12)"

/* The lock one send at a time takes, beside the state file. */
gchar *td_report_lock_path(const gchar *state_file);

G_END_DECLS
