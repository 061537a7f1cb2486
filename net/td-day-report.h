/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One station's figures for one day, as they travel up the chain: from
 * `tiepdon report --send` (net/td-report-client) to tiepdon-hub (net/hub).
 * Counts only: no person, no ID, no name. The wire format, both ways, lives
 * here and nowhere else:
 *
 *   {"format":1, "station":"01001", "date":"2025-03-14", "kiosks":1,
 *    "program":"tiepdon 0.1.0", "checkins":48, "by_chip_card":40,
 *    "eligible":35, "pending_eligibility":2, "see_staff":6,
 *    "vneid_asked":40, "vneid_integrated":12, "vneid_no_account":9}
 *
 * vneid_integrated counts everyone who has the insurance card in VNeID by
 * the end of the check-in (already there, or helped by staff just now);
 * vneid_no_account those sent to the commune police for an account.
 * Members a reader does not know are ignored (a newer sender may add some);
 * a higher "format" is refused. The hub acknowledges with
 *
 *   {"stored":true, "station":"01001", "date":"2025-03-14", "replaced":false}
 */
#define TD_DAY_REPORT_FORMAT 1
/* A report is a few hundred bytes; the hub reads no more than this. */
#define TD_DAY_REPORT_MAX_LEN 16384
/* No station sees more in a day; a larger count is a broken sender. */
#define TD_DAY_REPORT_MAX_COUNT 1000000
#define TD_DAY_REPORT_MAX_KIOSKS 64

typedef struct {
	gchar *station; /* the station's code: letters and digits, at most 16 */
	gchar *day;	/* yyyy-mm-dd */
	guint kiosks;	/* kiosks whose figures are summed, 1.. */
	gchar *program; /* "tiepdon 0.1.0": printable ASCII, at most 64 */
	guint checkins;
	guint by_chip_card;
	guint eligible;
	guint pending_eligibility;
	guint see_staff;
	guint vneid_asked;
	guint vneid_integrated;
	guint vneid_no_account;
} TdDayReport;

TdDayReport *td_day_report_new(void);
void td_day_report_free(TdDayReport *report);

/* TRUE for a station code the chain accepts (also the hub's station list). */
gboolean td_day_report_station_code_is_valid(const gchar *code);
/* TRUE for a real calendar date written yyyy-mm-dd. */
gboolean td_day_report_day_is_valid(const gchar *day);
/* yyyy-mm-dd as people read a day, dd/mm/yyyy (WORDING.md): the screens,
 * the report, the spreadsheets. Anything else is returned as it is. */
gchar *td_day_report_day_text(const gchar *day);
/* Every field in range and the counts consistent (a part never exceeds its
 * whole); else TD_GATEWAY_ERROR_INVALID_INPUT naming the field. */
gboolean td_day_report_validate(const TdDayReport *report, GError **error);

/* The JSON above (report must be valid). */
gchar *td_day_report_to_json(const TdDayReport *report);
/* Parses and validates what a station sent: TD_GATEWAY_ERROR_MALFORMED for
 * what is not the JSON above, INVALID_INPUT for values out of range. The
 * message names the member at fault, never its value. */
TdDayReport *td_day_report_from_json(const guint8 *data, gsize len, GError **error);

/* What the hub did with a report ("replaced" and "changed" in its
 * acknowledgement). A first report of a day replaced by other figures from
 * a machine that never sent that day is another machine reporting for the
 * same station (two kiosks, each with its own SQLite store): the hub
 * keeps one machine's figures only. */
typedef enum {
	TD_DAY_REPORT_STORED,		/* the first for that station and day */
	TD_DAY_REPORT_REPLACED_SAME,	/* the same figures again (a re-send) */
	TD_DAY_REPORT_REPLACED_CHANGED, /* an earlier one with other figures */
} TdDayReportStored;

/* The hub's acknowledgement of report, and the sender's reading of it: TRUE
 * only for "stored":true naming the same station and date. A hub that
 * does not say "changed" is read as the same figures. */
gchar *td_day_report_ack_to_json(const TdDayReport *report, TdDayReportStored stored);
gboolean td_day_report_ack_parse(const guint8 *data, gsize len, const TdDayReport *report, TdDayReportStored *stored,
				 GError **error);

/* The integration rate as staff read it (WORDING.md): "25% (12 trên 48
 * lượt)", a whole percent; "chưa hỏi lượt nào" when nobody was asked. */
gchar *td_day_report_rate_text(guint integrated, guint asked);
/* part of whole (whole > 0) as a whole percent, rounded to the nearest,
 * except that only all of it is 100% and only none of it 0% (199 of 200
 * is 99%, 1 of 300 is 1%): a target of 100% is met or not. The dashboard,
 * the signed report and the text report all say it so. */
guint td_day_report_percent(guint part, guint whole);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDayReport, td_day_report_free)

G_END_DECLS
