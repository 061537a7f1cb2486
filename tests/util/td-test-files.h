/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The cells of an .xlsx workbook's first sheet (the dashboard's and the
 * hub's spreadsheet) as tests/util/xlsx-cells.py, an outside reader,
 * prints them: "# sheet: NAME", then a row a line, cells between tabs,
 * each typed ("s:01001" text, "n:3", "d:05/12/2026", "p:67%"). The test
 * fails on a file it cannot read. */
gchar *td_test_xlsx_cells(const gchar *path);
/* The same of a file's bytes. */
gchar *td_test_xlsx_cells_of(GBytes *file);
/* The bytes in a new file called name, in a new folder of its own under
 * the temporary one: its path. td_test_remove_tree() on the folder
 * (g_path_get_dirname) takes both away. */
gchar *td_test_temp_file(const gchar *name, const void *data, gsize len);

/* A temporary folder for one test program (td_test_remove_tree removes
 * it with all in it). */
gchar *td_test_make_tmp_dir(const gchar *name_template);
/* Removes a test's temporary folder and everything in it. */
void td_test_remove_tree(const gchar *path);
/* A test program's last step: g_test_run(), then dir (its temporary
 * folder) removed whole, checked gone, and freed. The run's status. */
int td_test_run_and_remove(gchar *dir);
/* Saves settings as the kiosk requires its settings file: owner-only
 * (0600), written whole. Aborts the test on failure. */
void td_test_save_settings(GKeyFile *settings, const gchar *path);
/* The same for settings given as text. */
void td_test_write_settings(const gchar *path, const gchar *text);
/* What a test kiosk in dir needs in its settings, beyond the gateway's:
 * station 01001, its ID-hash key and SQLite database in dir
 * (id-hash.key, tiepdon.db), the trust store trust_dir. */
void td_test_set_kiosk_settings(GKeyFile *settings, const gchar *dir, const gchar *trust_dir);
/* The text of a PDF, laid out as on the page (pdftotext -layout, UTF-8).
 * NULL when pdftotext (poppler-utils) is not installed, with error set
 * (G_SPAWN_ERROR); the test fails if pdftotext fails on the file. */
gchar *td_test_pdf_text(const gchar *path, GError **error);
/* The texts of the QR codes in an image (PNG) as zbarimg, an outside
 * reader (ZBar), reads them: one a line, "" for none. The test fails
 * when zbarimg (zbar-tools) is missing or cannot read the file. */
gchar *td_test_qr_read(const gchar *png_path);
/* The same of a PDF's first page, drawn at 203 dpi, a thermal head's
 * (pdftoppm, poppler-utils). */
gchar *td_test_pdf_qr_read(const gchar *pdf_path);

/* What a hostile deployment names instead of a regular file: a FIFO, a
 * device node (a link to /dev/null when not root) and a link to a regular
 * file holding target_text. Code that writes or reads a file by name must
 * refuse each and leave it as it was. */
typedef struct {
	gchar *fifo;
	gchar *device;
	gchar *link;
	gchar *target; /* where the link points */
	gchar *target_text;
} TdTestHostileFiles;

/* Makes the three in dir, their names ending in suffix (".jpg", ""). */
void td_test_hostile_files_make(TdTestHostileFiles *files, const gchar *dir, const gchar *suffix,
				const gchar *target_text);
/* Fails the test unless each is still what td_test_hostile_files_make made. */
void td_test_hostile_files_assert_untouched(const TdTestHostileFiles *files);
/* Removes the files and frees the names. */
void td_test_hostile_files_clear(TdTestHostileFiles *files);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdTestHostileFiles, td_test_hostile_files_clear)

G_END_DECLS
