/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon report --pdf, through the program: an A4 page whose text (as
 * pdftotext reads it back, diacritics and all) holds the national motto,
 * the station, the report's day, every count of a known day and the rate
 * as WORDING.md writes it; page 1 is saved as a PNG in the build folder
 * to look at. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "td-report-pdf.h"
#include "td-test-files.h"
#include "td-test-report.h"

static gchar *
pdf_tool(const gchar *tool, const gchar *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;

	g_ptr_array_add(argv, (gpointer)tool);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	if (td_test_run(NULL, &out, &err, (const gchar *const *)argv->pdata) != 0)
		g_error("%s failed: %s", tool, err);
	return g_steal_pointer(&out);
}

/* The line of text holding label ends with value (a table row). */
static void
assert_row(const gchar *text, const gchar *label, const gchar *value)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		if (strstr(lines[i], label) != NULL) {
			g_autofree gchar *line = g_strstrip(g_strdup(lines[i]));
			if (!g_str_has_suffix(line, value))
				g_error("row '%s' ends '%s', not '%s'", label, line, value);
			return;
		}
	}
	g_error("no row '%s' in:\n%s", label, text);
}

static gboolean
have_poppler(void)
{
	g_autofree gchar *pdftotext = g_find_program_in_path("pdftotext");
	if (pdftotext != NULL)
		return TRUE;
	g_test_skip("pdftotext (poppler-utils) is missing");
	return FALSE;
}

static void
test_pdf_content(void)
{
	g_autoptr(TdTestKiosk) kiosk = NULL;
	g_autofree gchar *pdf = NULL;
	g_autofree gchar *png_prefix = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *info = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree gchar *date_words = td_report_pdf_date_words(now);
	g_autofree gchar *date_line = g_strdup_printf("An Bình, %s", date_words);

	if (!have_poppler())
		return;
	kiosk = td_test_kiosk_new("01001", "Trạm Y tế xã An Bình",
				  "[report]\nplace=An Bình\nparent-body=Trung tâm Y tế huyện An Phú\n");
	td_test_kiosk_add_standard_day(kiosk, "2025-03-13");
	td_test_kiosk_add_checkins(kiosk, "2025-03-14", 7); /* another day: not in the report */
	pdf = g_build_filename(kiosk->dir, "bao-cao.pdf", NULL);
	g_assert_cmpint(td_test_run(NULL, &out, &err,
				    (const gchar *const[]){TD_TIEPDON, "report", "--config", kiosk->config_path,
							   "--pdf", pdf, "--date", "2025-03-13", NULL}),
			==, 0);
	g_assert_nonnull(strstr(out, pdf));

	info = pdf_tool("pdfinfo", (const gchar *const[]){pdf, NULL});
	g_assert_true(g_regex_match_simple("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
	g_assert_true(g_regex_match_simple("^Page size: +595\\.[0-9]+ x 841\\.[0-9]+ pts \\(A4\\)$", info,
					   G_REGEX_MULTILINE, 0));

	text = td_test_pdf_text(pdf, NULL);
	g_assert_nonnull(text);
	g_test_message("%s", text);
	for (const gchar *const *want = (const gchar *const[]){"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
							    "Độc lập - Tự do - Hạnh phúc",
							    "TRUNG TÂM Y TẾ HUYỆN AN PHÚ",
							    "TRẠM Y TẾ XÃ AN BÌNH",
							    "Mã cơ sở: 01001",
							    "BÁO CÁO",
							    "Số liệu ngày 13/03/2025",
							    "NGƯỜI LẬP BÁO CÁO",
							    "TRƯỞNG TRẠM",
							    "(Ký, ghi rõ họ tên)",
							    NULL};
	     *want != NULL; want++) {
		if (strstr(text, *want) == NULL)
			g_error("'%s' is not in the PDF's text", *want);
	}
	g_assert_nonnull(strstr(text, date_line));
	assert_row(text, "Tổng số lượt tiếp đón", "50");
	assert_row(text, "Tiếp đón bằng thẻ căn cước gắn chip", "44");
	assert_row(text, "Đủ điều kiện khám chữa bệnh BHYT", "40");
	assert_row(text, "Chờ xác nhận thông tin BHYT", "2");
	assert_row(text, "Chuyển nhân viên tiếp đón xử lý", "3");
	assert_row(text, "Số lượt trả lời câu hỏi về VNeID", "48");
	assert_row(text, "Số lượt chưa trả lời câu hỏi về VNeID", "2");
	assert_row(text, "Tỷ lệ tích hợp thẻ BHYT vào VNeID", "25% (12 trên 48 lượt)");

	/* page 1 as a picture, for a person to look at the layout */
	png_prefix = g_build_filename(TD_TEST_OUTPUT_DIR, "daily-report", NULL);
	g_free(pdf_tool("pdftoppm", (const gchar *const[]){"-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
							   pdf, png_prefix, NULL}));
	g_test_message("page 1: %s.png", png_prefix);
	{
		g_autofree gchar *png = g_strconcat(png_prefix, ".png", NULL);
		g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
	}
}

/* The month's report for signing (tiepdon report --month --pdf): March
 * 2025's two days summed (the standard day's 50 and the 14th's 7, all
 * these integrated), the rate from the sums: 19 of 55 answers, 35%; the
 * subtitle names the month and its last day; February's day not in it. */
static void
test_pdf_month(void)
{
	g_autoptr(TdTestKiosk) kiosk = NULL;
	g_autofree gchar *pdf = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *text = NULL;

	if (!have_poppler())
		return;
	kiosk = td_test_kiosk_new("01001", "Trạm Y tế xã An Bình", NULL);
	td_test_kiosk_add_standard_day(kiosk, "2025-03-13");
	td_test_kiosk_add_checkins(kiosk, "2025-03-14", 7);
	td_test_kiosk_add_checkins(kiosk, "2025-02-28", 5);
	pdf = g_build_filename(kiosk->dir, "bao-cao-thang.pdf", NULL);
	g_assert_cmpint(td_test_run(NULL, &out, NULL,
				    (const gchar *const[]){TD_TIEPDON, "report", "--config", kiosk->config_path,
							   "--month", "2025-03", "--pdf", pdf, NULL}),
			==, 0);
	g_assert_nonnull(strstr(out, "Đã lưu báo cáo tháng 2025-03"));
	text = td_test_pdf_text(pdf, NULL);
	g_assert_nonnull(text);
	g_assert_nonnull(strstr(text, "Số liệu tháng 03/2025 (đến ngày 31/03/2025)"));
	assert_row(text, "Tổng số lượt tiếp đón", "57");
	assert_row(text, "Tiếp đón bằng thẻ căn cước gắn chip", "51");
	assert_row(text, "Số lượt trả lời câu hỏi về VNeID", "55");
	assert_row(text, "Tỷ lệ tích hợp thẻ BHYT vào VNeID", "35% (19 trên 55 lượt)");
	{
		g_autofree gchar *png_prefix = g_build_filename(TD_TEST_OUTPUT_DIR, "monthly-report", NULL);
		g_free(pdf_tool("pdftoppm", (const gchar *const[]){"-png", "-r", "100", "-f", "1", "-l", "1",
								   "-singlefile", pdf, png_prefix, NULL}));
		g_test_message("page 1: %s.png", png_prefix);
	}
}

static void
test_pdf_unset_place_and_empty_day(void)
{
	g_autoptr(TdTestKiosk) kiosk = NULL;
	g_autofree gchar *pdf = NULL;
	g_autofree gchar *text = NULL;

	if (!have_poppler())
		return;
	kiosk = td_test_kiosk_new("01002", "Trạm Y tế xã Hòa Lợi", NULL);
	pdf = g_build_filename(kiosk->dir, "empty.pdf", NULL);
	g_assert_cmpint(td_test_run(NULL, NULL, NULL,
				    (const gchar *const[]){TD_TIEPDON, "report", "--config", kiosk->config_path,
							   "--pdf", pdf, "--date", "2024-02-29", NULL}),
			==, 0);
	text = td_test_pdf_text(pdf, NULL);
	g_assert_nonnull(text);
	/* a place left for the hand, a day with nobody still reported */
	g_assert_nonnull(strstr(text, "……………, ngày"));
	g_assert_nonnull(strstr(text, "TRẠM Y TẾ XÃ HÒA LỢI"));
	g_assert_nonnull(strstr(text, "Số liệu ngày 29/02/2024"));
	assert_row(text, "Tổng số lượt tiếp đón", "0");
	assert_row(text, "Tỷ lệ tích hợp thẻ BHYT vào VNeID", "chưa hỏi lượt nào");
}

static void
test_pdf_refusals(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new("01001", "Trạm", NULL);
	g_autofree gchar *err = NULL;
	g_autofree gchar *pdf = g_build_filename(kiosk->dir, "no-such-folder", "x.pdf", NULL);

	/* a bad day is a usage error; an unwritable file a clear failure */
	g_assert_cmpint(td_test_run(NULL, NULL, &err,
				    (const gchar *const[]){TD_TIEPDON, "report", "--config", kiosk->config_path,
							   "--pdf", pdf, "--date", "2025-02-30", NULL}),
			==, 2);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(td_test_run(NULL, NULL, &err,
				    (const gchar *const[]){TD_TIEPDON, "report", "--config", kiosk->config_path,
							   "--pdf", pdf, NULL}),
			==, 1);
	g_assert_nonnull(strstr(err, "cannot write the report"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(td_test_run(NULL, NULL, &err,
				    (const gchar *const[]){TD_TIEPDON, "report", "--config", kiosk->config_path,
							   "--pdf", pdf, "--format", "csv", NULL}),
			==, 2);
}

static void
test_date_words(void)
{
	const struct {
		gint y, m, d;
		const gchar *words;
	} cases[] = {
	    {2025, 2, 5, "ngày 05 tháng 02 năm 2025"},
	    {2025, 3, 14, "ngày 14 tháng 3 năm 2025"},
	    {2025, 1, 31, "ngày 31 tháng 01 năm 2025"},
	    {2025, 12, 1, "ngày 01 tháng 12 năm 2025"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GDateTime) date = g_date_time_new_local(cases[i].y, cases[i].m, cases[i].d, 9, 0, 0);
		g_autofree gchar *words = td_report_pdf_date_words(date);
		g_assert_cmpstr(words, ==, cases[i].words);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/report-pdf/content", test_pdf_content);
	g_test_add_func("/report-pdf/month", test_pdf_month);
	g_test_add_func("/report-pdf/unset-place-and-empty-day", test_pdf_unset_place_and_empty_day);
	g_test_add_func("/report-pdf/refusals", test_pdf_refusals);
	g_test_add_func("/report-pdf/date-words", test_date_words);
	return g_test_run();
}
