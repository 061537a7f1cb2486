/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "td-day-report.h"
#include "td-json.h"
#include "td-report.h"
#include "td-spreadsheet.h"

/* Ten years of daily rows is the most any report asks for. */
#define TD_REPORT_MAX_DAYS 3660

gchar *
td_report_today(void)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	return g_date_time_format(now, "%Y-%m-%d");
}

gboolean
td_report_day_to_date(const gchar *day, GDate *date, GError **error)
{
	guint64 y = 0, m = 0, d = 0;
	g_auto(GStrv) parts = NULL;

	g_date_clear(date, 1);
	if (day != NULL && strlen(day) == 10 && day[4] == '-' && day[7] == '-') {
		parts = g_strsplit(day, "-", 3);
		if (g_ascii_string_to_unsigned(parts[0], 10, 1900, 9999, &y, NULL) &&
		    g_ascii_string_to_unsigned(parts[1], 10, 1, 12, &m, NULL) &&
		    g_ascii_string_to_unsigned(parts[2], 10, 1, 31, &d, NULL) &&
		    g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y)) {
			g_date_set_dmy(date, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
			return TRUE;
		}
	}
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "'%s' is not a date (YYYY-MM-DD)",
		    day != NULL ? day : "");
	return FALSE;
}

gboolean
td_report_parse_day(const gchar *day, GError **error)
{
	GDate date;
	return td_report_day_to_date(day, &date, error);
}

static gchar *
report_format_date(const GDate *date)
{
	return g_strdup_printf("%04u-%02u-%02u", g_date_get_year(date), g_date_get_month(date), g_date_get_day(date));
}

GPtrArray *
td_report_range(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error)
{
	g_autoptr(GPtrArray) stored = NULL;
	g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func((GDestroyNotify)td_daily_counts_free);
	GDate from, to, date;
	guint next = 0;

	if (!td_report_day_to_date(from_day, &from, error) || !td_report_day_to_date(to_day, &to, error))
		return NULL;
	if (g_date_compare(&from, &to) > 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the range starts (%s) after it ends (%s)",
			    from_day, to_day);
		return NULL;
	}
	if (g_date_days_between(&from, &to) >= TD_REPORT_MAX_DAYS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "a range is at most %d days",
			    TD_REPORT_MAX_DAYS);
		return NULL;
	}
	stored = td_store_count_days(store, from_day, to_day, error);
	if (stored == NULL)
		return NULL;

	/* merge the stored days into the calendar, both in order */
	date = from;
	while (g_date_compare(&date, &to) <= 0) {
		g_autofree gchar *day = report_format_date(&date);
		TdDailyCounts *row;
		if (next < stored->len &&
		    g_strcmp0(((TdDailyCounts *)g_ptr_array_index(stored, next))->day, day) == 0) {
			row = g_ptr_array_index(stored, next);
			stored->pdata[next++] = NULL; /* moved to days */
		} else {
			row = td_daily_counts_new(day);
		}
		g_ptr_array_add(days, row);
		g_date_add_days(&date, 1);
	}
	return g_steal_pointer(&days);
}

TdDailyCounts *
td_report_day(TdStore *store, const gchar *day, GError **error)
{
	g_autoptr(GPtrArray) days = td_report_range(store, day, day, error);
	if (days == NULL)
		return NULL;
	return g_ptr_array_steal_index(days, 0);
}

/* ---- output ---- */

static const gchar *card_labels[TD_CARD_VERDICT_COUNT] = {
    "Thủ công, không thẻ (manual, no card)",
    "Thẻ xác thực (genuine)",
    "Thẻ chưa xác thực đủ (unverified)",
    "Thẻ nghi giả (forged)",
    "Thẻ không đọc được (unreadable)",
};
static const gchar *eligibility_labels[] = {
    "Chưa tra cứu (not checked)",
    "Đủ điều kiện (eligible)",
    "Đủ điều kiện, thẻ mới (eligible, new card)",
    "Thẻ hết hạn (expired)",
    "Không tìm thấy thẻ (not found)",
    "Sai họ tên / ngày sinh (mismatch)",
    "Thẻ thu hồi / giảm quyền lợi (revoked)",
    "Thẻ BQP / BCA quản lý (other agency)",
    "Trẻ em chưa có thẻ (child without card)",
    "Lỗi cấu hình cổng (gateway config error)",
    "Cổng giám định lỗi (gateway unavailable)",
    "Thẻ cũ hết hạn, có thẻ mới (new card not confirmed)",
    "Mã kết quả lạ (unknown code)",
};
G_STATIC_ASSERT(G_N_ELEMENTS(eligibility_labels) == TD_ELIGIBILITY_COUNT);
static const gchar *vneid_labels[TD_VNEID_COUNT] = {
    "Không hỏi (not asked)",
    "Đã tích hợp (integrated)",
    "Chưa tích hợp (not yet)",
    "Chưa có tài khoản mức 2 (no level-2 account)",
    "Được hỗ trợ tích hợp (assisted)",
    "Không dùng điện thoại thông minh (no smartphone)",
    "Đi trước khi trả lời (left before answering)",
};

static gchar *
report_rate_string(const TdDailyCounts *c)
{
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
	gdouble rate = td_daily_counts_integration_rate(c);
	if (rate < 0)
		return g_strdup("");
	return g_strdup(g_ascii_formatd(buf, sizeof(buf), "%.1f", rate));
}

static void
text_line(GString *out, guint indent, const gchar *label, guint value)
{
	/* pad by characters, not bytes: the labels are UTF-8 */
	glong width = g_utf8_strlen(label, -1) + (glong)indent;
	g_string_append_printf(out, "%*s%s:", indent, "", label);
	for (glong i = width; i < 52; i++)
		g_string_append_c(out, ' ');
	g_string_append_printf(out, "%6u\n", value);
}

/* heading: "Báo cáo ngày (report for) 2024-05-02", or a month's */
static gchar *
report_format_text(const gchar *heading, const TdDailyCounts *c, const gchar *station_code, const gchar *station_name)
{
	GString *out = g_string_new(NULL);
	g_autofree gchar *rate =
	    td_day_report_rate_text(td_daily_counts_vneid_integrated(c), td_daily_counts_vneid_answered(c));

	g_string_append_printf(out, "%s — %s%s%s\n\n", heading, station_code != NULL ? station_code : "",
			       station_name != NULL ? " " : "", station_name != NULL ? station_name : "");
	text_line(out, 0, "Lượt tiếp đón (check-ins)", c->checkins);
	text_line(out, 2, "Bằng CCCD gắn chip (by chip card)", td_daily_counts_by_chip_card(c));
	for (guint i = 0; i < TD_CARD_VERDICT_COUNT; i++)
		text_line(out, 4, card_labels[i], c->by_card[i]);
	text_line(out, 0, "Đủ điều kiện BHYT (eligible, incl. new card)", td_daily_counts_eligible(c));
	for (guint i = 0; i < TD_ELIGIBILITY_COUNT; i++)
		text_line(out, 2, eligibility_labels[i], c->by_eligibility[i]);
	text_line(out, 0, "Chờ xác nhận BHYT (pending eligibility)", c->by_outcome[TD_OUTCOME_PENDING_ELIGIBILITY]);
	text_line(out, 0, "Chuyển nhân viên tiếp đón (sent to reception)", c->sent_to_staff);
	g_string_append(out, "VNeID:\n");
	for (guint i = 1; i < TD_VNEID_COUNT; i++)
		text_line(out, 2, vneid_labels[i], c->by_vneid[i]);
	text_line(out, 2, vneid_labels[TD_VNEID_NOT_ASKED], c->by_vneid[TD_VNEID_NOT_ASKED]);
	/* as the signed report and the hub write it: "67% (2 trên 3 lượt)" */
	g_string_append_printf(out, "Tỷ lệ tích hợp (integration rate): %s\n", rate);
	return g_string_free(out, FALSE);
}

gchar *
td_report_format_text(const TdDailyCounts *c, const gchar *station_code, const gchar *station_name)
{
	g_autofree gchar *heading = g_strdup_printf("Báo cáo ngày (report for) %s", c->day);
	return report_format_text(heading, c, station_code, station_name);
}

gchar *
td_report_format_month_text(GPtrArray *days, const gchar *month, const gchar *station_code,
			    const gchar *station_name)
{
	g_autoptr(TdDailyCounts) total = td_daily_counts_new(NULL);
	g_autofree gchar *heading = NULL;
	const gchar *last = days->len > 0 ? ((const TdDailyCounts *)g_ptr_array_index(days, days->len - 1))->day : month;

	for (guint i = 0; i < days->len; i++)
		td_daily_counts_add(total, g_ptr_array_index(days, i));
	/* "to" the last day counted: a month still going says so */
	heading = g_strdup_printf("Báo cáo tháng (report for month) %s, đến ngày (to) %s", month, last);
	return report_format_text(heading, total, station_code, station_name);
}

/* The columns of both CSVs, in order; columns added later go at the end.
 * vneid_integrated: the card was in VNeID already; vneid_assisted: the
 * desk helped. The rate is (integrated + assisted) / vneid_answered, as
 * the PDF and the hub count it (the hub's own vneid_integrated is that
 * sum). The spreadsheet's headings are the signed report's words. */
static const struct {
	const gchar *key;
	const gchar *heading;
} csv_columns[] = {
    {"date", "Ngày"},
    {"station_code", "Mã cơ sở"},
    {"checkins", "Lượt tiếp đón"},
    {"by_chip_card", "Bằng CCCD gắn chip"},
    {"eligible", "Đủ điều kiện BHYT"},
    {"pending_eligibility", "Chờ xác nhận BHYT"},
    {"see_staff", "Chuyển nhân viên tiếp đón"},
    {"vneid_integrated", "Đã tích hợp VNeID"},
    {"vneid_not_yet", "Chưa tích hợp VNeID"},
    {"vneid_no_account", "Chưa có tài khoản mức 2"},
    {"vneid_assisted", "Được hỗ trợ tích hợp"},
    {"integration_rate_percent", "Tỷ lệ tích hợp (%)"},
    {"vneid_no_smartphone", "Không dùng điện thoại thông minh"},
    {"vneid_left_before_answering", "Đi trước khi trả lời"},
    {"vneid_answered", "Số lượt trả lời về VNeID"},
};

/* A row's numbers in the columns' order, but for the rate's column,
 * which comes after the first TD_REPORT_COUNTS_BEFORE_RATE of them. */
#define TD_REPORT_COUNTS_BEFORE_RATE 9
#define TD_REPORT_COUNTS 12
static void
report_row_counts(const TdDailyCounts *c, guint counts[TD_REPORT_COUNTS])
{
	const guint row[TD_REPORT_COUNTS] = {c->checkins,
					     td_daily_counts_by_chip_card(c),
					     td_daily_counts_eligible(c),
					     c->by_outcome[TD_OUTCOME_PENDING_ELIGIBILITY],
					     c->sent_to_staff,
					     c->by_vneid[TD_VNEID_INTEGRATED],
					     c->by_vneid[TD_VNEID_NOT_YET],
					     c->by_vneid[TD_VNEID_NO_ACCOUNT],
					     c->by_vneid[TD_VNEID_ASSISTED],
					     c->by_vneid[TD_VNEID_NO_SMARTPHONE],
					     c->by_vneid[TD_VNEID_LEFT],
					     td_daily_counts_vneid_answered(c)};

	G_STATIC_ASSERT(TD_REPORT_COUNTS + 3 == G_N_ELEMENTS(csv_columns));
	memcpy(counts, row, sizeof(row));
}

static void
csv_append_row(GString *out, const gchar *day, const gchar *station_code, const TdDailyCounts *c)
{
	g_autofree gchar *rate = report_rate_string(c);
	guint counts[TD_REPORT_COUNTS];

	/* the station code is letters and digits (checked at load), the
	 * rest numbers: no quoting needed */
	report_row_counts(c, counts);
	g_string_append_printf(out, "%s,%s", day, station_code != NULL ? station_code : "");
	for (gsize i = 0; i < TD_REPORT_COUNTS; i++) {
		if (i == TD_REPORT_COUNTS_BEFORE_RATE)
			g_string_append_printf(out, ",%s", rate);
		g_string_append_printf(out, ",%u", counts[i]);
	}
	g_string_append(out, "\r\n");
}

/* day NULL: the period's sums, "Cộng" */
static void
sheet_append_row(TdSpreadsheet *sheet, const gchar *day, const gchar *station_code, const TdDailyCounts *c)
{
	guint counts[TD_REPORT_COUNTS];

	report_row_counts(c, counts);
	if (day != NULL)
		td_spreadsheet_add_day(sheet, day, NULL);
	else
		td_spreadsheet_add_text(sheet, "Cộng");
	td_spreadsheet_add_text(sheet, station_code);
	for (gsize i = 0; i < TD_REPORT_COUNTS; i++) {
		if (i == TD_REPORT_COUNTS_BEFORE_RATE)
			td_spreadsheet_add_percent(sheet, td_daily_counts_vneid_integrated(c),
						   td_daily_counts_vneid_answered(c));
		td_spreadsheet_add_count(sheet, counts[i]);
	}
	td_spreadsheet_end_row(sheet);
}

gchar *
td_report_format_csv(GPtrArray *days, const gchar *station_code)
{
	GString *out = g_string_new(NULL);

	for (gsize i = 0; i < G_N_ELEMENTS(csv_columns); i++)
		g_string_append_printf(out, "%s%s", i > 0 ? "," : "", csv_columns[i].key);
	g_string_append(out, "\r\n");
	for (guint i = 0; i < days->len; i++) {
		const TdDailyCounts *c = g_ptr_array_index(days, i);
		csv_append_row(out, c->day, station_code, c);
	}
	return g_string_free(out, FALSE);
}

GBytes *
td_report_format_spreadsheet(GPtrArray *days, const gchar *station_code, GError **error)
{
	const gchar *headings[G_N_ELEMENTS(csv_columns) + 1] = {NULL};
	g_autoptr(TdSpreadsheet) sheet = NULL;
	g_autoptr(TdDailyCounts) total = td_daily_counts_new(NULL);

	for (gsize i = 0; i < G_N_ELEMENTS(csv_columns); i++)
		headings[i] = csv_columns[i].heading;
	sheet = td_spreadsheet_new("Báo cáo", headings);
	for (guint i = 0; i < days->len; i++) {
		const TdDailyCounts *c = g_ptr_array_index(days, i);
		sheet_append_row(sheet, c->day, station_code, c);
		td_daily_counts_add(total, c);
	}
	/* the period's sums, its rate from the sums (never an average of
	 * the days' rates) */
	sheet_append_row(sheet, NULL, station_code, total);
	return td_spreadsheet_to_bytes(sheet, error);
}

static void
json_add_uint(JsonBuilder *b, const gchar *name, guint value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, value);
}

static void
json_add_counts(JsonBuilder *b, const TdDailyCounts *c, gboolean with_date)
{
	gdouble rate = td_daily_counts_integration_rate(c);

	json_builder_begin_object(b);
	if (with_date) {
		json_builder_set_member_name(b, "date");
		json_builder_add_string_value(b, c->day);
	}
	json_add_uint(b, "checkins", c->checkins);
	json_add_uint(b, "by_chip_card", td_daily_counts_by_chip_card(c));
	json_add_uint(b, "manual", c->by_card[TD_CARD_VERDICT_NO_CARD]);
	json_builder_set_member_name(b, "card");
	json_builder_begin_object(b);
	for (guint i = 1; i < TD_CARD_VERDICT_COUNT; i++)
		json_add_uint(b, td_card_verdict_to_string(i), c->by_card[i]);
	json_builder_end_object(b);
	json_add_uint(b, "eligible", td_daily_counts_eligible(c));
	json_builder_set_member_name(b, "eligibility");
	json_builder_begin_object(b);
	for (guint i = 0; i < TD_ELIGIBILITY_COUNT; i++)
		json_add_uint(b, td_eligibility_verdict_to_string(i), c->by_eligibility[i]);
	json_builder_end_object(b);
	json_add_uint(b, "pending_eligibility", c->by_outcome[TD_OUTCOME_PENDING_ELIGIBILITY]);
	json_add_uint(b, "see_staff", c->sent_to_staff);
	json_builder_set_member_name(b, "vneid");
	json_builder_begin_object(b);
	for (guint i = 0; i < TD_VNEID_COUNT; i++)
		json_add_uint(b, td_vneid_answer_to_string(i), c->by_vneid[i]);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "integration_rate");
	if (rate < 0)
		json_builder_add_null_value(b);
	else
		json_builder_add_double_value(b, (gdouble)(gint64)(rate * 10.0 + 0.5) / 10.0);
	json_builder_end_object(b);
}

gchar *
td_report_format_json(GPtrArray *days, const gchar *station_code, const gchar *station_name)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(TdDailyCounts) total = td_daily_counts_new(NULL);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "station");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "code");
	json_builder_add_string_value(b, station_code);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, station_name);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "days");
	json_builder_begin_array(b);
	for (guint i = 0; i < days->len; i++) {
		json_add_counts(b, g_ptr_array_index(days, i), TRUE);
		td_daily_counts_add(total, g_ptr_array_index(days, i));
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "total");
	json_add_counts(b, total, FALSE);
	json_builder_end_object(b);

	return td_json_to_text(b, TRUE);
}
