/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a test's temporary folder and everything in it. */
void td_test_remove_tree(const gchar *path);
/* Saves settings as the kiosk requires its settings file: owner-only
 * (0600), written whole. Aborts the test on failure. */
void td_test_save_settings(GKeyFile *settings, const gchar *path);
/* The same for settings given as text. */
void td_test_write_settings(const gchar *path, const gchar *text);
/* The text of a PDF, laid out as on the page (pdftotext -layout, UTF-8).
 * NULL when pdftotext (poppler-utils) is not installed, with error set
 * (G_SPAWN_ERROR); the test fails if pdftotext fails on the file. */
gchar *td_test_pdf_text(const gchar *path, GError **error);

G_END_DECLS
