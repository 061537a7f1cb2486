/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-day-report.h"
#include "td-hub-db.h"
#include "td-hub-rollup.h"
#include "td-spreadsheet.h"

typedef struct {
	guint stations;
	guint reported;
	guint checkins;
	guint by_chip_card;
	guint asked;
	guint integrated;
} RollupSum;

static void
rollup_sum_add(RollupSum *sum, const TdHubStationDay *row)
{
	sum->stations++;
	if (!row->reported)
		return;
	sum->reported++;
	sum->checkins += row->checkins;
	sum->by_chip_card += row->by_chip_card;
	sum->asked += row->vneid_asked;
	sum->integrated += row->vneid_integrated;
}

/* One table row; label is escaped here. */
static void
rollup_html_row(GString *out, const gchar *css_class, const gchar *label, const RollupSum *sum)
{
	g_autofree gchar *escaped = g_markup_escape_text(label, -1);
	g_autofree gchar *rate = td_day_report_rate_text(sum->integrated, sum->asked);
	g_string_append_printf(out,
			       "<tr%s%s%s><td>%s</td><td class=\"n\">%u/%u</td><td class=\"n\">%u</td>"
			       "<td class=\"n\">%u</td><td class=\"n\">%s</td></tr>\n",
			       css_class != NULL ? " class=\"" : "", css_class != NULL ? css_class : "",
			       css_class != NULL ? "\"" : "", escaped, sum->reported, sum->stations, sum->checkins,
			       sum->by_chip_card, rate);
}

static gboolean
rollup_same(const gchar *a, const gchar *b)
{
	return g_strcmp0(a, b) == 0;
}

/* The table of one area, rows [start, end). */
static void
rollup_html_area(GString *out, GPtrArray *rows, guint start, guint end)
{
	const TdHubStationDay *first = g_ptr_array_index(rows, start);
	g_autofree gchar *area = g_markup_escape_text(first->area, -1);
	g_autofree gchar *total_label = g_strdup_printf("Cộng %s", first->area);
	RollupSum total = {0};
	guint missing = 0;

	g_string_append_printf(out,
			       "<h2>%s</h2>\n<table>\n<thead><tr><th>Xã, phường</th><th>Trạm đã báo cáo</th>"
			       "<th>Lượt tiếp đón</th><th>Bằng căn cước gắn chip</th>"
			       "<th>Tỷ lệ tích hợp BHYT vào VNeID</th></tr></thead>\n<tbody>\n",
			       area);
	for (guint i = start; i < end;) {
		const TdHubStationDay *row = g_ptr_array_index(rows, i);
		RollupSum commune = {0};
		for (; i < end && rollup_same(((TdHubStationDay *)g_ptr_array_index(rows, i))->commune, row->commune);
		     i++) {
			rollup_sum_add(&commune, g_ptr_array_index(rows, i));
			rollup_sum_add(&total, g_ptr_array_index(rows, i));
		}
		rollup_html_row(out, NULL, row->commune, &commune);
	}
	rollup_html_row(out, "total", total_label, &total);
	g_string_append(out, "</tbody>\n</table>\n");

	for (guint i = start; i < end; i++) {
		const TdHubStationDay *row = g_ptr_array_index(rows, i);
		g_autofree gchar *name = NULL;
		g_autofree gchar *commune = NULL;
		if (row->reported)
			continue;
		if (missing++ == 0)
			g_string_append_printf(out, "<p class=\"missing\">Chưa báo cáo (%u trạm):</p>\n<ul class=\"missing\">\n",
					       total.stations - total.reported);
		name = g_markup_escape_text(row->name, -1);
		commune = g_markup_escape_text(row->commune, -1);
		g_string_append_printf(out, "<li>%s (mã %s, %s)</li>\n", name, row->code, commune);
	}
	g_string_append(out, missing > 0 ? "</ul>\n" : "<p>Tất cả các trạm đã báo cáo.</p>\n");
}

gchar *
td_hub_rollup_html(GPtrArray *rows, const gchar *day, const gchar *made_at)
{
	GString *out = g_string_new(NULL);
	g_autofree gchar *day_text = td_day_report_day_text(day);
	RollupSum all = {0};

	for (guint i = 0; i < rows->len; i++)
		rollup_sum_add(&all, g_ptr_array_index(rows, i));
	g_string_append_printf(
	    out,
	    "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<title>Báo cáo tiếp đón ngày %s</title>\n<style>\n"
	    "body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:.5em 0 1em}"
	    "th,td{border:1px solid #888;padding:.3em .7em}th{background:#eee}td.n{text-align:right}"
	    "tr.total{font-weight:bold}.missing{color:#a00}\n</style>\n</head>\n<body>\n"
	    "<h1>Kết quả tiếp đón bằng căn cước gắn chip và tích hợp BHYT vào VNeID</h1>\n"
	    "<p>Số liệu ngày %s: %u/%u trạm đã báo cáo, %u lượt tiếp đón, %u bằng căn cước gắn chip. "
	    "Trang lập lúc %s.</p>\n"
	    "<form method=\"get\"><label>Ngày <input type=\"date\" name=\"date\" value=\"%s\"></label> "
	    "<button>Xem</button> <a href=\"/rollup-sheet" TD_SPREADSHEET_SUFFIX "?date=%s\">Tải tệp bảng tính (Excel)</a> · "
	    "<a href=\"/rollup.csv?date=%s\">Tải CSV cho phần mềm</a></form>\n",
	    day_text, day_text, all.reported, all.stations, all.checkins, all.by_chip_card, made_at, day, day, day);
	if (rows->len == 0)
		g_string_append(out, "<p>Chưa có trạm nào được đăng ký (tiepdon-hub add-station).</p>\n");
	for (guint start = 0; start < rows->len;) {
		const gchar *area = ((TdHubStationDay *)g_ptr_array_index(rows, start))->area;
		guint end = start;
		while (end < rows->len && rollup_same(((TdHubStationDay *)g_ptr_array_index(rows, end))->area, area))
			end++;
		rollup_html_area(out, rows, start, end);
		start = end;
	}
	g_string_append(out, "</body>\n</html>\n");
	return g_string_free(out, FALSE);
}

/* A CSV text field: quoted, inner quotes doubled, and a risky one
 * (td_spreadsheet_text_is_risky: "program" comes from the kiosks over the
 * network, a station's names are typed by people) with a leading
 * apostrophe, so a spreadsheet shows it as text rather than running it. */
static void
rollup_csv_text(GString *out, const gchar *text)
{
	g_string_append_c(out, '"');
	if (td_spreadsheet_text_is_risky(text))
		g_string_append_c(out, '\'');
	for (const gchar *p = text; *p != '\0'; p++) {
		if (*p == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *p);
	}
	g_string_append(out, "\",");
}

gchar *
td_hub_rollup_csv(GPtrArray *rows, const gchar *day)
{
	/* UTF-8's byte order mark first: Excel on Windows, where the area's
	 * staff open it, reads a CSV without one in the local code page and
	 * shows each Vietnamese letter as two or three others ("Phú" as
	 * "PhĂº") */
	GString *out = g_string_new("\xEF\xBB\xBF"
				    "date,area,commune,station_code,station_name,reported,kiosks,checkins,"
				    "by_chip_card,eligible,vneid_asked,vneid_integrated,integration_rate_percent,"
				    "program,received_at\r\n");
	for (guint i = 0; i < rows->len; i++) {
		const TdHubStationDay *row = g_ptr_array_index(rows, i);
		gchar rate[G_ASCII_DTOSTR_BUF_SIZE] = "";
		if (row->reported && row->vneid_asked > 0)
			g_ascii_formatd(rate, sizeof(rate), "%.1f", 100.0 * row->vneid_integrated / row->vneid_asked);
		g_string_append_printf(out, "%s,", day);
		rollup_csv_text(out, row->area);
		rollup_csv_text(out, row->commune);
		g_string_append_printf(out, "%s,", row->code);
		rollup_csv_text(out, row->name);
		g_string_append_printf(out, "%s,%u,%u,%u,%u,%u,%u,%s,", row->reported ? "yes" : "no", row->kiosks,
				       row->checkins, row->by_chip_card, row->eligible, row->vneid_asked,
				       row->vneid_integrated, rate);
		rollup_csv_text(out, row->program);
		/* the last field ends the line, not with a comma */
		g_string_truncate(out, out->len - 1);
		g_string_append_printf(out, ",%s\r\n", row->received_at);
	}
	return g_string_free(out, FALSE);
}

/* A count of a station that reported; blank for one that did not (a 0
 * would read as a day nobody came). */
static void
rollup_sheet_count(TdSpreadsheet *sheet, gboolean reported, guint count)
{
	if (reported)
		td_spreadsheet_add_count(sheet, count);
	else
		td_spreadsheet_add_blank(sheet);
}

GBytes *
td_hub_rollup_spreadsheet(GPtrArray *rows, const gchar *day, GError **error)
{
	static const gchar *const headings[] = {
	    "Ngày", "Khu vực", "Xã, phường", "Mã trạm", "Tên trạm", "Đã báo cáo", "Số máy", "Lượt tiếp đón",
	    "Bằng căn cước gắn chip", "Thẻ BHYT hợp lệ", "Lượt trả lời về VNeID", "Đã tích hợp BHYT vào VNeID",
	    "Tỷ lệ tích hợp (%)", "Nhận lúc", NULL};
	g_autoptr(TdSpreadsheet) sheet = td_spreadsheet_new("Tổng hợp", headings);
	RollupSum all = {0};
	guint eligible = 0;
	g_autofree gchar *reported = NULL;

	for (guint i = 0; i < rows->len; i++) {
		const TdHubStationDay *row = g_ptr_array_index(rows, i);

		rollup_sum_add(&all, row);
		if (row->reported)
			eligible += row->eligible;
		td_spreadsheet_add_day(sheet, day, NULL);
		td_spreadsheet_add_text(sheet, row->area);
		td_spreadsheet_add_text(sheet, row->commune);
		/* text: "01001", every Hà Nội station's, is no number */
		td_spreadsheet_add_text(sheet, row->code);
		td_spreadsheet_add_text(sheet, row->name);
		td_spreadsheet_add_text(sheet, row->reported ? "Có" : "Chưa");
		rollup_sheet_count(sheet, row->reported, row->kiosks);
		rollup_sheet_count(sheet, row->reported, row->checkins);
		rollup_sheet_count(sheet, row->reported, row->by_chip_card);
		rollup_sheet_count(sheet, row->reported, row->eligible);
		rollup_sheet_count(sheet, row->reported, row->vneid_asked);
		rollup_sheet_count(sheet, row->reported, row->vneid_integrated);
		td_spreadsheet_add_percent(sheet, row->reported ? row->vneid_integrated : 0,
					   row->reported ? row->vneid_asked : 0);
		/* received_at: "yyyy-mm-dd hh:mm…", a date and time cell */
		if (row->reported && strlen(row->received_at) >= 16) {
			g_autofree gchar *received_day = g_strndup(row->received_at, 10);
			g_autofree gchar *received_time = g_strndup(row->received_at + 11, 5);
			td_spreadsheet_add_day(sheet, received_day, received_time);
		}
		td_spreadsheet_end_row(sheet);
	}
	/* the reported stations' sums, the rate from the sums; "12 trên 15"
	 * where a station says "Có" */
	reported = g_strdup_printf("%u trên %u trạm", all.reported, all.stations);
	td_spreadsheet_add_day(sheet, day, NULL);
	td_spreadsheet_add_text(sheet, "Cộng");
	td_spreadsheet_add_blank(sheet);
	td_spreadsheet_add_blank(sheet);
	td_spreadsheet_add_blank(sheet);
	td_spreadsheet_add_text(sheet, reported);
	td_spreadsheet_add_blank(sheet);
	td_spreadsheet_add_count(sheet, all.checkins);
	td_spreadsheet_add_count(sheet, all.by_chip_card);
	td_spreadsheet_add_count(sheet, eligible);
	td_spreadsheet_add_count(sheet, all.asked);
	td_spreadsheet_add_count(sheet, all.integrated);
	td_spreadsheet_add_percent(sheet, all.integrated, all.asked);
	td_spreadsheet_end_row(sheet);
	return td_spreadsheet_to_bytes(sheet, error);
}
