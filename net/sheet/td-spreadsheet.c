/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "td-day-report.h"
#include "td-spreadsheet.h"

typedef enum {
	CELL_TEXT,
	CELL_COUNT,
	CELL_DAY,
	CELL_PERCENT,
} CellKind;

typedef struct {
	CellKind kind;
	guint row;
	guint col;
	gchar *text; /* CELL_TEXT */
	double number;
	lxw_datetime when; /* CELL_DAY */
	gboolean with_time;
} Cell;

struct _TdSpreadsheet {
	gchar *sheet_name;
	GStrv headings;
	GArray *cells;	 /* of Cell, in the order written */
	GArray *widths;	 /* of guint: the widest value of each column, in characters */
	guint row;	 /* the row being written; 0 is the headings' */
	guint col;
};

/* Excel's widths are in characters of its default font (a digit's
 * width); a little more than the longest value, and a heading in at most
 * three lines, none shorter than its longest word. The headings' row is
 * as tall as its longest heading's lines (a line of Calibri 11 is 15
 * points): neither Excel nor LibreOffice makes a written row taller for
 * its wrapped text, and the lines after the first lay over the rows
 * under it. */
#define TD_SPREADSHEET_PADDING 3
#define TD_SPREADSHEET_MIN_WIDTH 10
#define TD_SPREADSHEET_MAX_WIDTH 60
#define TD_SPREADSHEET_HEADING_LINES 3
#define TD_SPREADSHEET_LINE_POINTS 15.0

static void
cell_clear(gpointer data)
{
	Cell *cell = data;
	g_free(cell->text);
}

static void
spreadsheet_note_width(TdSpreadsheet *self, guint col, guint chars)
{
	if (col >= self->widths->len)
		g_array_set_size(self->widths, col + 1);
	if (chars > g_array_index(self->widths, guint, col))
		g_array_index(self->widths, guint, col) = chars;
}

static guint
longest_word(const gchar *text)
{
	g_auto(GStrv) words = g_strsplit(text, " ", -1);
	guint longest = 0;

	for (guint i = 0; words[i] != NULL; i++)
		longest = MAX(longest, (guint)g_utf8_strlen(words[i], -1));
	return longest;
}

/* The lines text takes wrapped at its spaces in a column width chars
 * wide. */
static guint
wrapped_lines(const gchar *text, guint width)
{
	g_auto(GStrv) words = g_strsplit(text, " ", -1);
	guint lines = 1, line = 0;

	for (guint i = 0; words[i] != NULL; i++) {
		guint word = (guint)g_utf8_strlen(words[i], -1);
		if (line > 0 && line + 1 + word > width) {
			lines++;
			line = 0;
		}
		line += (line > 0 ? 1 : 0) + word;
	}
	return lines;
}

static guint
spreadsheet_column_width(TdSpreadsheet *self, guint col)
{
	guint chars = col < self->widths->len ? g_array_index(self->widths, guint, col) : 0;
	return CLAMP(chars + TD_SPREADSHEET_PADDING, TD_SPREADSHEET_MIN_WIDTH, TD_SPREADSHEET_MAX_WIDTH);
}

TdSpreadsheet *
td_spreadsheet_new(const gchar *sheet_name, const gchar *const *headings)
{
	TdSpreadsheet *self = g_new0(TdSpreadsheet, 1);

	self->sheet_name = g_utf8_substring(sheet_name, 0, MIN(g_utf8_strlen(sheet_name, -1), LXW_SHEETNAME_MAX));
	self->headings = g_strdupv((GStrv)headings);
	self->cells = g_array_new(FALSE, TRUE, sizeof(Cell));
	g_array_set_clear_func(self->cells, cell_clear);
	self->widths = g_array_new(FALSE, TRUE, sizeof(guint));
	for (guint i = 0; headings[i] != NULL; i++) {
		guint chars = (guint)g_utf8_strlen(headings[i], -1);
		spreadsheet_note_width(self, i,
				       MAX(longest_word(headings[i]),
					   (chars + TD_SPREADSHEET_HEADING_LINES - 1) / TD_SPREADSHEET_HEADING_LINES));
	}
	self->row = 1;
	return self;
}

void
td_spreadsheet_free(TdSpreadsheet *self)
{
	if (self == NULL)
		return;
	g_free(self->sheet_name);
	g_strfreev(self->headings);
	g_array_unref(self->cells);
	g_array_unref(self->widths);
	g_free(self);
}

static Cell *
spreadsheet_next_cell(TdSpreadsheet *self, CellKind kind, guint chars)
{
	Cell cell = {.kind = kind, .row = self->row, .col = self->col};

	spreadsheet_note_width(self, self->col, chars);
	self->col++;
	g_array_append_val(self->cells, cell);
	return &g_array_index(self->cells, Cell, self->cells->len - 1);
}

void
td_spreadsheet_add_text(TdSpreadsheet *self, const gchar *text)
{
	Cell *cell;

	if (text == NULL || text[0] == '\0') {
		td_spreadsheet_add_blank(self);
		return;
	}
	cell = spreadsheet_next_cell(self, CELL_TEXT, (guint)g_utf8_strlen(text, -1));
	/* a line break typed into a name would make its row as tall as two;
	 * other control characters have no place in a sheet's XML */
	cell->text = g_strdup(text);
	for (gchar *p = cell->text; *p != '\0'; p++)
		if ((guchar)*p < 0x20)
			*p = ' ';
}

void
td_spreadsheet_add_count(TdSpreadsheet *self, guint count)
{
	guint digits = 1;
	Cell *cell;

	for (guint n = count; n >= 10; n /= 10)
		digits++;
	cell = spreadsheet_next_cell(self, CELL_COUNT, digits);
	cell->number = count;
}

void
td_spreadsheet_add_blank(TdSpreadsheet *self)
{
	self->col++;
}

void
td_spreadsheet_add_day(TdSpreadsheet *self, const gchar *day, const gchar *time_text)
{
	guint y, m, d, hh = 0, mm = 0;
	Cell *cell;

	if (!td_day_report_day_is_valid(day) || sscanf(day, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
	    (time_text != NULL && (sscanf(time_text, "%2u:%2u", &hh, &mm) != 2 || hh > 23 || mm > 59))) {
		g_autofree gchar *as_is = g_strjoin(" ", day, time_text, NULL);
		td_spreadsheet_add_text(self, as_is);
		return;
	}
	cell = spreadsheet_next_cell(self, CELL_DAY, time_text != NULL ? 16 : 10);
	cell->when = (lxw_datetime){.year = (int)y, .month = (int)m, .day = (int)d, .hour = (int)hh, .min = (int)mm};
	cell->with_time = time_text != NULL;
}

void
td_spreadsheet_add_percent(TdSpreadsheet *self, guint part, guint whole)
{
	Cell *cell;

	if (whole == 0) {
		td_spreadsheet_add_blank(self);
		return;
	}
	/* the rounded percent as the cell's value: shown as "67%" with the
	 * figure the report has, where Excel's own rounding of 199/200
	 * would say 100 % */
	cell = spreadsheet_next_cell(self, CELL_PERCENT, 4);
	cell->number = td_day_report_percent(part, whole) / 100.0;
}

void
td_spreadsheet_end_row(TdSpreadsheet *self)
{
	self->row++;
	self->col = 0;
}

static gboolean
spreadsheet_check(lxw_error status, const gchar *what, GError **error)
{
	if (status == LXW_NO_ERROR)
		return TRUE;
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write the spreadsheet's %s: %s", what,
		    lxw_strerror(status));
	return FALSE;
}

/* The cells into a workbook at path; FALSE with error set, the workbook
 * closed (and freed) either way. */
static gboolean
spreadsheet_write(TdSpreadsheet *self, const gchar *path, const gchar *tmpdir, GError **error)
{
	lxw_workbook_options options = {.tmpdir = (char *)tmpdir};
	lxw_workbook *workbook = workbook_new_opt(path, &options);
	lxw_worksheet *sheet;
	lxw_format *heading, *day, *day_time, *percent;
	guint heading_lines = 1;
	gboolean ok = TRUE;

	if (workbook == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start the spreadsheet %s", path);
		return FALSE;
	}
	sheet = workbook_add_worksheet(workbook, self->sheet_name);
	heading = workbook_add_format(workbook);
	format_set_bold(heading);
	format_set_text_wrap(heading);
	format_set_align(heading, LXW_ALIGN_VERTICAL_TOP);
	day = workbook_add_format(workbook);
	format_set_num_format(day, "dd/mm/yyyy");
	day_time = workbook_add_format(workbook);
	format_set_num_format(day_time, "dd/mm/yyyy hh:mm");
	percent = workbook_add_format(workbook);
	format_set_num_format(percent, "0%");

	for (guint i = 0; ok && self->headings[i] != NULL; i++)
		ok = spreadsheet_check(worksheet_write_string(sheet, 0, (lxw_col_t)i, self->headings[i], heading),
				       "headings", error);
	for (guint i = 0; ok && i < self->cells->len; i++) {
		Cell *cell = &g_array_index(self->cells, Cell, i);
		lxw_error status = LXW_NO_ERROR;

		switch (cell->kind) {
		case CELL_TEXT:
			status = worksheet_write_string(sheet, cell->row, (lxw_col_t)cell->col, cell->text, NULL);
			break;
		case CELL_COUNT:
			status = worksheet_write_number(sheet, cell->row, (lxw_col_t)cell->col, cell->number, NULL);
			break;
		case CELL_PERCENT:
			status = worksheet_write_number(sheet, cell->row, (lxw_col_t)cell->col, cell->number, percent);
			break;
		case CELL_DAY:
			status = worksheet_write_datetime(sheet, cell->row, (lxw_col_t)cell->col, &cell->when,
							  cell->with_time ? day_time : day);
			break;
		}
		ok = spreadsheet_check(status, "cells", error);
	}
	for (guint i = 0; ok && i < self->widths->len; i++)
		ok = spreadsheet_check(
		    worksheet_set_column(sheet, (lxw_col_t)i, (lxw_col_t)i, spreadsheet_column_width(self, i), NULL),
		    "columns", error);
	for (guint i = 0; self->headings[i] != NULL; i++)
		heading_lines = MAX(heading_lines, wrapped_lines(self->headings[i], spreadsheet_column_width(self, i)));
	if (ok)
		ok = spreadsheet_check(worksheet_set_row(sheet, 0, heading_lines * TD_SPREADSHEET_LINE_POINTS, heading),
				       "headings", error);
	if (ok) {
		/* the headings stay in sight as it scrolls, and head each
		 * printed page; a page is as wide as the sheet, in landscape
		 * (the manager prints it to sign or to file) */
		worksheet_freeze_panes(sheet, 1, 0);
		ok = spreadsheet_check(worksheet_repeat_rows(sheet, 0, 0), "print settings", error);
		worksheet_set_landscape(sheet);
		worksheet_fit_to_pages(sheet, 1, 0);
	}
	/* closing writes the file (and frees the workbook) */
	if (!spreadsheet_check(workbook_close(workbook), "file", ok ? error : NULL))
		ok = FALSE;
	return ok;
}

GBytes *
td_spreadsheet_to_bytes(TdSpreadsheet *self, GError **error)
{
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-sheet-XXXXXX", error);
	g_autofree gchar *path = NULL;
	g_autofree gchar *contents = NULL;
	gsize length = 0;
	gboolean ok;

	if (dir == NULL)
		return NULL;
	path = g_build_filename(dir, "sheet" TD_SPREADSHEET_SUFFIX, NULL);
	ok = spreadsheet_write(self, path, dir, error) && g_file_get_contents(path, &contents, &length, error);
	/* libxlsxwriter's own temporary files are gone with the workbook */
	if (g_unlink(path) != 0 && errno != ENOENT)
		g_warning("cannot remove %s: %s", path, g_strerror(errno));
	if (g_rmdir(dir) != 0)
		g_warning("cannot remove %s: %s", dir, g_strerror(errno));
	if (!ok)
		return NULL;
	return g_bytes_new_take(g_steal_pointer(&contents), length);
}

gboolean
td_spreadsheet_text_is_risky(const gchar *text)
{
	return text[0] != '\0' && strchr("=+-@\t\r\"", text[0]) != NULL;
}
