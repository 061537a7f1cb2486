/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What tiepdon-hub takes from the network (a station's day report) and
 * what the kiosk takes back (the hub's acknowledgement) must never crash
 * or over-read; what parses must write out and read back the same. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "td-day-report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(TdDayReport) report = td_day_report_from_json(data, size, NULL);
	TdDayReport expected = {.station = (gchar *)"01001", .day = (gchar *)"2025-03-13"};

	(void)td_day_report_ack_parse(data, size, &expected, NULL, NULL);
	if (report != NULL) {
		g_autofree gchar *json = td_day_report_to_json(report);
		g_autoptr(TdDayReport) again = td_day_report_from_json((const guint8 *)json, strlen(json), NULL);
		g_autofree gchar *rate = td_day_report_rate_text(report->vneid_integrated, report->vneid_asked);
		g_assert_nonnull(again);
		g_assert_true(g_str_has_suffix(rate, report->vneid_asked > 0 ? "lượt)" : "nào"));
		g_assert_cmpuint(again->checkins, ==, report->checkins);
		g_assert_cmpstr(again->station, ==, report->station);
	}
	return 0;
}
