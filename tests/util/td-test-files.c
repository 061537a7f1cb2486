/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "td-test-files.h"

void
td_test_remove_tree(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
			td_test_remove_tree(child);
		else
			g_unlink(child);
	}
	g_rmdir(path);
}

void
td_test_write_settings(const gchar *path, const gchar *text)
{
	g_autoptr(GError) error = NULL;
	g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
	g_assert_no_error(error);
}

void
td_test_save_settings(GKeyFile *settings, const gchar *path)
{
	g_autofree gchar *text = g_key_file_to_data(settings, NULL, NULL);
	td_test_write_settings(path, text);
}

gchar *
td_test_pdf_text(const gchar *path, GError **error)
{
	const gchar *argv[] = {"pdftotext", "-enc", "UTF-8", "-layout", path, "-", NULL};
	g_autofree gchar *text = NULL;
	gint status = -1;

	if (!g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
			  &text, NULL, &status, error))
		return NULL;
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	return g_steal_pointer(&text);
}
