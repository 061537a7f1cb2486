/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>

#include "td-day-report.h"
#include "td-print.h"
#include "td-report-pdf.h"
#include "td-report-send.h"
#include "td-report.h"
#include "td-secret-file.h"

/* A4 portrait, in points; margins as Nghị định 30/2020 asks (top and bottom
 * 20-25 mm, left 30-35 mm, right 15-20 mm) and its 13-14 pt body text in a
 * Times-like face where the machine has one. */
#define PDF_MM		(72.0 / 25.4)
#define PDF_WIDTH	(210.0 * PDF_MM)
#define PDF_HEIGHT	(297.0 * PDF_MM)
#define PDF_LEFT	(30.0 * PDF_MM)
#define PDF_RIGHT	(20.0 * PDF_MM)
#define PDF_TOP		(20.0 * PDF_MM)
#define PDF_TEXT_WIDTH	(PDF_WIDTH - PDF_LEFT - PDF_RIGHT)
#define PDF_FAMILY	"Liberation Serif,DejaVu Serif"
#define PDF_FONT	PDF_FAMILY " 13"
#define PDF_FONT_BOLD	PDF_FAMILY " Bold 13"
#define PDF_FONT_ITALIC PDF_FAMILY " Italic 13"
#define PDF_FONT_SMALL	PDF_FAMILY " Italic 10.5"
#define PDF_FONT_TABLE	PDF_FAMILY " 12.5"
/* The two header columns carry long upper-case lines: a narrower cut,
 * where the family has one, keeps each on one line. */
#define PDF_FONT_HEADER	     PDF_FAMILY " Condensed 12"
#define PDF_FONT_HEADER_BOLD PDF_FAMILY " Bold Condensed 12"
#define PDF_FONT_MOTTO	     PDF_FAMILY " Bold Condensed 13"
#define PDF_CELL_PAD	5.0

static gdouble
pdf_text(cairo_t *cr, const gchar *text, const gchar *font, gdouble x, gdouble y, gdouble width,
	 PangoAlignment alignment)
{
	g_autoptr(PangoLayout) layout = td_print_layout_new(cr, text, font, width, alignment);
	return td_print_layout_draw(cr, layout, x, y, TRUE);
}

/* A line under the text just drawn, centred in [x, x + width]. */
static void
pdf_rule(cairo_t *cr, gdouble x, gdouble width, gdouble rule_width, gdouble y)
{
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x + (width - rule_width) / 2.0, y);
	cairo_line_to(cr, x + (width + rule_width) / 2.0, y);
	cairo_stroke(cr);
}

gchar *
td_report_pdf_date_words(GDateTime *date)
{
	gint day = g_date_time_get_day_of_month(date);
	gint month = g_date_time_get_month(date);
	return g_strdup_printf("ngày %s%d tháng %s%d năm %d", day < 10 ? "0" : "", day, month < 3 ? "0" : "", month,
			       g_date_time_get_year(date));
}

/* The two header columns: who writes (left), the motto and the date line
 * (right). Returns the y below them. */
static gdouble
pdf_draw_header(cairo_t *cr, const TdReportPdf *r, GDateTime *made_at)
{
	const gdouble left_width = PDF_TEXT_WIDTH * 0.4;
	const gdouble right_x = PDF_LEFT + left_width;
	const gdouble right_width = PDF_TEXT_WIDTH - left_width;
	g_autofree gchar *station = g_utf8_strup(r->station_name != NULL ? r->station_name : "Trạm Y tế", -1);
	g_autofree gchar *parent = r->parent_body != NULL ? g_utf8_strup(r->parent_body, -1) : NULL;
	g_autofree gchar *date_words = td_report_pdf_date_words(made_at);
	g_autofree gchar *date_line =
	    g_strdup_printf("%s, %s", r->place != NULL ? r->place : "……………", date_words);
	gdouble left_y = PDF_TOP, right_y = PDF_TOP;

	if (parent != NULL)
		left_y += pdf_text(cr, parent, PDF_FAMILY " Condensed 11", PDF_LEFT, left_y, left_width, PANGO_ALIGN_CENTER);
	left_y += pdf_text(cr, station, PDF_FONT_HEADER_BOLD, PDF_LEFT, left_y, left_width, PANGO_ALIGN_CENTER);
	pdf_rule(cr, PDF_LEFT, left_width, left_width / 3.0, left_y + 3.0);
	left_y += 8.0;
	if (r->station_code != NULL) {
		g_autofree gchar *code = g_strdup_printf("Mã cơ sở: %s", r->station_code);
		left_y += pdf_text(cr, code, PDF_FONT_HEADER, PDF_LEFT, left_y, left_width, PANGO_ALIGN_CENTER);
	}
	left_y += pdf_text(cr, "Số: ……/BC-TYT", PDF_FONT_HEADER, PDF_LEFT, left_y, left_width, PANGO_ALIGN_CENTER);

	right_y += pdf_text(cr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", PDF_FONT_HEADER_BOLD, right_x, right_y,
			    right_width, PANGO_ALIGN_CENTER);
	{
		g_autoptr(PangoLayout) motto = td_print_layout_new(cr, "Độc lập - Tự do - Hạnh phúc", PDF_FONT_MOTTO,
								   right_width, PANGO_ALIGN_CENTER);
		PangoRectangle ink, logical;
		pango_layout_get_pixel_extents(motto, &ink, &logical);
		right_y += td_print_layout_draw(cr, motto, right_x, right_y, TRUE);
		/* the motto is underlined across its own length */
		pdf_rule(cr, right_x, right_width, (gdouble)ink.width, right_y + 1.5);
	}
	right_y += 14.0;
	right_y += pdf_text(cr, date_line, PDF_FONT_ITALIC, right_x, right_y, right_width, PANGO_ALIGN_CENTER);
	return MAX(left_y, right_y);
}

typedef struct {
	const gchar *label;
	gchar *value;
} PdfRow;

/* The table of counts, three columns (STT, Nội dung, Số lượng), borders on
 * every cell. Returns the y below it. */
static gdouble
pdf_draw_table(cairo_t *cr, const PdfRow *rows, guint n_rows, gdouble y)
{
	const gdouble widths[3] = {42.0, PDF_TEXT_WIDTH - 42.0 - 160.0, 160.0};
	const PangoAlignment aligns[3] = {PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER};

	cairo_set_line_width(cr, 0.7);
	for (guint i = 0; i <= n_rows; i++) {
		g_autofree gchar *number = i == 0 ? g_strdup("STT") : g_strdup_printf("%u", i);
		const gchar *cells[3] = {number, i == 0 ? "Nội dung" : rows[i - 1].label,
					 i == 0 ? "Số lượng" : rows[i - 1].value};
		const gchar *font = i == 0 ? PDF_FAMILY " Bold 12.5" : PDF_FONT_TABLE;
		PangoLayout *layouts[3];
		gdouble height = 0, x = PDF_LEFT;

		for (guint c = 0; c < 3; c++) {
			layouts[c] = td_print_layout_new(cr, cells[c], font, widths[c] - 2 * PDF_CELL_PAD, aligns[c]);
			height = MAX(height, td_print_layout_draw(cr, layouts[c], 0, 0, FALSE));
		}
		height += 2 * PDF_CELL_PAD;
		for (guint c = 0; c < 3; c++) {
			/* every cell's text in the middle of its row */
			gdouble text_height = td_print_layout_draw(cr, layouts[c], 0, 0, FALSE);
			td_print_layout_draw(cr, layouts[c], x + PDF_CELL_PAD, y + (height - text_height) / 2.0, TRUE);
			cairo_rectangle(cr, x, y, widths[c], height);
			cairo_stroke(cr);
			x += widths[c];
			g_object_unref(layouts[c]);
		}
		y += height;
	}
	return y;
}

/* Two signature blocks side by side, with room to sign below. */
static void
pdf_draw_signatures(cairo_t *cr, gdouble y)
{
	const gdouble half = PDF_TEXT_WIDTH / 2.0;
	const struct {
		const gchar *title;
		const gchar *hint;
	} blocks[] = {
	    {"NGƯỜI LẬP BÁO CÁO", "(Ký, ghi rõ họ tên)"},
	    {"TRƯỞNG TRẠM", "(Ký, ghi rõ họ tên, đóng dấu)"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(blocks); i++) {
		gdouble x = PDF_LEFT + i * half;
		gdouble block_y = y + pdf_text(cr, blocks[i].title, PDF_FONT_BOLD, x, y, half, PANGO_ALIGN_CENTER);
		pdf_text(cr, blocks[i].hint, PDF_FONT_ITALIC, x, block_y, half, PANGO_ALIGN_CENTER);
	}
}

static void
pdf_draw(cairo_t *cr, const TdReportPdf *r, GDateTime *made_at)
{
	const TdDailyCounts *c = r->counts;
	g_autofree gchar *day = td_day_report_day_text(c->day);
	g_autofree gchar *made_time = g_date_time_format(made_at, "%H:%M");
	g_autofree gchar *made_day = g_date_time_format(made_at, "%d/%m/%Y");
	/* "Số liệu tháng 05/2024 (đến ngày 31/05/2024)" */
	g_autofree gchar *subtitle = r->month != NULL ? g_strdup_printf("Số liệu tháng %.2s/%.4s (đến ngày %s)",
									r->month + 5, r->month, day)
						      : g_strdup_printf("Số liệu ngày %s", day);
	g_autofree gchar *note = g_strdup_printf(
	    "Số liệu do hệ thống tiếp đón tự động (tiepdon %s) tổng hợp từ %u máy tiếp đón, lập lúc %s ngày %s. "
	    "Tỷ lệ tích hợp tính trên số lượt người bệnh đã trả lời câu hỏi về VNeID; số lượt chưa trả lời"
	    " (chuyển quầy trước khi được hỏi, tiếp đón không có thẻ chưa được hỏi, bỏ đi trước khi trả lời) không"
	    " tính.",
	    PACKAGE_VERSION, r->kiosks, made_time, made_day);
	PdfRow rows[] = {
	    {"Tổng số lượt tiếp đón", g_strdup_printf("%u", c->checkins)},
	    {"Tiếp đón bằng thẻ căn cước gắn chip", g_strdup_printf("%u", td_daily_counts_by_chip_card(c))},
	    {"Đủ điều kiện khám chữa bệnh BHYT", g_strdup_printf("%u", td_daily_counts_eligible(c))},
	    {"Chờ xác nhận thông tin BHYT",
	     g_strdup_printf("%u", c->by_outcome[TD_OUTCOME_PENDING_ELIGIBILITY])},
	    {"Chuyển nhân viên tiếp đón xử lý", g_strdup_printf("%u", c->sent_to_staff)},
	    /* answered, not asked: the rate's denominator, and beside it
	     * those it leaves out (sent to the desk before the question,
	     * checked in by hand, gone before answering) */
	    {"Số lượt trả lời câu hỏi về VNeID", g_strdup_printf("%u", td_daily_counts_vneid_answered(c))},
	    {"Số lượt chưa trả lời câu hỏi về VNeID",
	     g_strdup_printf("%u", c->checkins - td_daily_counts_vneid_answered(c))},
	    {"Đã tích hợp thẻ BHYT vào VNeID (kể cả được hỗ trợ tại trạm)",
	     g_strdup_printf("%u", td_daily_counts_vneid_integrated(c))},
	    {"Chưa có tài khoản định danh điện tử mức 2 (hướng dẫn đến Công an xã)",
	     g_strdup_printf("%u", c->by_vneid[TD_VNEID_NO_ACCOUNT])},
	    {"Tỷ lệ tích hợp thẻ BHYT vào VNeID",
	     td_day_report_rate_text(td_daily_counts_vneid_integrated(c), td_daily_counts_vneid_answered(c))},
	};
	gdouble y;

	cairo_set_source_rgb(cr, 0, 0, 0);
	y = pdf_draw_header(cr, r, made_at) + 28.0;
	y += pdf_text(cr, "BÁO CÁO", PDF_FAMILY " Bold 14", PDF_LEFT, y, PDF_TEXT_WIDTH, PANGO_ALIGN_CENTER);
	y += pdf_text(cr, "Kết quả tiếp đón bằng thẻ căn cước gắn chip\nvà tích hợp thẻ bảo hiểm y tế vào ứng dụng VNeID",
		      PDF_FONT_BOLD, PDF_LEFT, y, PDF_TEXT_WIDTH, PANGO_ALIGN_CENTER);
	y += pdf_text(cr, subtitle, PDF_FONT_ITALIC, PDF_LEFT, y, PDF_TEXT_WIDTH, PANGO_ALIGN_CENTER);
	y = pdf_draw_table(cr, rows, G_N_ELEMENTS(rows), y + 18.0);
	y += 8.0 + pdf_text(cr, note, PDF_FONT_SMALL, PDF_LEFT, y + 8.0, PDF_TEXT_WIDTH, PANGO_ALIGN_LEFT);
	pdf_draw_signatures(cr, y + 22.0);
	for (guint i = 0; i < G_N_ELEMENTS(rows); i++)
		g_free(rows[i].value);
}

static cairo_status_t
pdf_append(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

gboolean
td_report_pdf_write(const TdReportPdf *report, const gchar *path, GError **error)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree gchar *title = report->month != NULL ? g_strdup_printf("Báo cáo tháng %s", report->month)
							: g_strdup_printf("Báo cáo ngày %s", report->counts->day);
	cairo_surface_t *surface;
	cairo_status_t status;
	cairo_t *cr;

	g_autoptr(GByteArray) pdf = g_byte_array_new();

	g_return_val_if_fail(report != NULL && report->counts != NULL && path != NULL, FALSE);
	/* drawn in memory, then written as every file is (td_file_replace):
	 * a full disk says so (G_FILE_ERROR_NOSPC, in words staff can act
	 * on), where cairo's own file said only "error while writing" */
	surface = cairo_pdf_surface_create_for_stream(pdf_append, pdf, PDF_WIDTH, PDF_HEIGHT);
	status = cairo_surface_status(surface);
	if (status == CAIRO_STATUS_SUCCESS) {
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "tiepdon " PACKAGE_VERSION);
		cr = cairo_create(surface);
		pdf_draw(cr, report, report->made_at != NULL ? report->made_at : now);
		status = td_print_pdf_finish(cr);
	}
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot draw the report for %s: %s", path,
			    cairo_status_to_string(status));
		return FALSE;
	}
	if (!td_file_replace(path, pdf->data, pdf->len, 0644, error)) {
		g_prefix_error(error, "cannot write the report to %s: ", path);
		return FALSE;
	}
	return TRUE;
}

gboolean
td_report_pdf_write_day(TdStore *store, const TdConfig *config, const TdReportSettings *settings, const gchar *day,
			const gchar *path, GError **error)
{
	g_autoptr(TdDailyCounts) counts = td_report_day(store, day, error);
	TdReportPdf report = {
		.counts = counts,
		.station_name = config->station_name,
		.station_code = config->station_code,
		.parent_body = settings->parent_body,
		.place = settings->place,
		.kiosks = td_report_station_kiosks(store, day),
	};
	if (counts == NULL)
		return FALSE;
	return td_report_pdf_write(&report, path, error);
}

gboolean
td_report_pdf_write_month(TdStore *store, const TdConfig *config, const TdReportSettings *settings,
			  const gchar *month, const gchar *last_day, const gchar *path, GError **error)
{
	g_autofree gchar *first = g_strdup_printf("%s-01", month);
	g_autoptr(GPtrArray) days = td_report_range(store, first, last_day, error);
	g_autoptr(TdDailyCounts) total = td_daily_counts_new(last_day);
	TdReportPdf report = {
		.counts = total,
		.station_name = config->station_name,
		.station_code = config->station_code,
		.parent_body = settings->parent_body,
		.place = settings->place,
		.month = month,
	};

	if (days == NULL)
		return FALSE;
	for (guint i = 0; i < days->len; i++) {
		const TdDailyCounts *day = g_ptr_array_index(days, i);
		td_daily_counts_add(total, day);
		/* the most that took part on one day: "từ 3 máy" */
		if (day->checkins > 0)
			report.kiosks = MAX(report.kiosks, td_report_station_kiosks(store, day->day));
	}
	/* a month nobody came: the station's kiosks, as a day's report says */
	if (report.kiosks == 0)
		report.kiosks = td_report_station_kiosks(store, last_day);
	return td_report_pdf_write(&report, path, error);
}
