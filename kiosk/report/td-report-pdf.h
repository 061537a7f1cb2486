/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-config.h"
#include "td-daily-counts.h"
#include "td-report-settings.h"
#include "td-store.h"

G_BEGIN_DECLS

/* The day's report for the manager to sign: one A4 page laid out as
 * Vietnamese administrative documents are (Nghị định 30/2020/NĐ-CP): the
 * station (and its parent body) top left with its code and a number line,
 * the national motto top right, the place and date line, the title and the
 * report's day, the table of counts with the VNeID integration rate
 * ("25% (12 trên 48 lượt)"), a note on where the figures come from, and the
 * two signature blocks (NGƯỜI LẬP BÁO CÁO, TRƯỞNG TRẠM). Vietnamese only:
 * it goes into the station's files. Drawn with cairo and Pango. */
typedef struct {
	const TdDailyCounts *counts;
	const gchar *station_name; /* NULL: "Trạm Y tế" */
	const gchar *station_code; /* NULL: left out */
	const gchar *parent_body;  /* NULL: left out */
	const gchar *place;	   /* NULL: dots to fill in by hand */
	guint kiosks;
	GDateTime *made_at; /* the date line and the note; NULL: now */
	/* a month's report ("yyyy-mm"), counts its sums to counts->day, the
	 * last day counted; NULL: the day's */
	const gchar *month;
} TdReportPdf;

/* Errors are G_IO_ERROR (cairo could not draw), or G_FILE_ERROR from the
 * file's errno (path could not be written: a full disk, a stick taken
 * out). The file is replaced whole or not at all. */
gboolean td_report_pdf_write(const TdReportPdf *report, const gchar *path, GError **error);

/* The day's counts from store, the station from config, the rest from
 * settings, written to path: what `tiepdon report --pdf` and the
 * dashboard's button both do. */
gboolean td_report_pdf_write_day(TdStore *store, const TdConfig *config, const TdReportSettings *settings,
				 const gchar *day, const gchar *path, GError **error);

/* The month's (yyyy-mm) summed to its last day or today, as
 * `tiepdon report --month --pdf` writes it. */
gboolean td_report_pdf_write_month(TdStore *store, const TdConfig *config, const TdReportSettings *settings,
				   const gchar *month, const gchar *last_day, const gchar *path, GError **error);

/* The administrative date: "ngày 05 tháng 02 năm 2025", "ngày 14 tháng 3
 * năm 2025" (a day under 10 and the months 1 and 2 take a leading zero). */
gchar *td_report_pdf_date_words(GDateTime *date);

G_END_DECLS
