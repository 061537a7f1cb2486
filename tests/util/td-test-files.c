/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "td-test-files.h"

gchar *
td_test_make_tmp_dir(const gchar *name_template)
{
	g_autoptr(GError) error = NULL;
	gchar *dir = g_dir_make_tmp(name_template, &error);
	g_assert_no_error(error);
	return dir;
}

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

int
td_test_run_and_remove(gchar *dir)
{
	int status = g_test_run();

	td_test_remove_tree(dir);
	g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
	g_free(dir);
	return status;
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

void
td_test_set_kiosk_settings(GKeyFile *settings, const gchar *dir, const gchar *trust_dir)
{
	g_autofree gchar *key = g_build_filename(dir, "id-hash.key", NULL);
	g_autofree gchar *db = g_build_filename(dir, "tiepdon.db", NULL);

	g_key_file_set_string(settings, "station", "code", "01001");
	g_key_file_set_string(settings, "station", "id-hash-key-file", key);
	g_key_file_set_string(settings, "storage", "path", db);
	g_key_file_set_string(settings, "reader", "trust-dir", trust_dir);
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

gchar *
td_test_qr_read(const gchar *png_path)
{
	const gchar *argv[] = {"zbarimg", "--raw", "-q", png_path, NULL};
	g_autoptr(GError) error = NULL;
	g_autofree gchar *zbarimg = g_find_program_in_path("zbarimg");
	g_autofree gchar *out = NULL;
	gint status = -1;

	if (zbarimg == NULL)
		g_error("zbarimg is missing: install zbar-tools (.ci/install-build-deps.sh)");
	g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
				   &error));
	g_assert_no_error(error);
	/* 0: codes read; 4: none found */
	g_assert_true(WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 4));
	return g_strdup(g_strstrip(out));
}

gchar *
td_test_pdf_qr_read(const gchar *pdf_path)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-qr-XXXXXX", &error);
	g_autofree gchar *stem = g_build_filename(dir, "page", NULL);
	g_autofree gchar *png = g_strconcat(stem, ".png", NULL);
	const gchar *argv[] = {"pdftoppm", "-png", "-r", "203", "-f", "1", "-l", "1", "-singlefile", pdf_path, stem, NULL};
	gchar *text;
	gint status = -1;

	g_assert_no_error(error);
	g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
				   NULL, NULL, NULL, &status, &error));
	g_assert_no_error(error);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	text = td_test_qr_read(png);
	td_test_remove_tree(dir);
	return text;
}

void
td_test_hostile_files_make(TdTestHostileFiles *files, const gchar *dir, const gchar *suffix, const gchar *target_text)
{
	g_autofree gchar *fifo_name = g_strconcat("fifo", suffix, NULL);
	g_autofree gchar *device_name = g_strconcat("null", suffix, NULL);
	g_autofree gchar *link_name = g_strconcat("link", suffix, NULL);
	g_autofree gchar *target_name = g_strconcat("target", suffix, NULL);

	files->fifo = g_build_filename(dir, fifo_name, NULL);
	files->device = g_build_filename(dir, device_name, NULL);
	files->link = g_build_filename(dir, link_name, NULL);
	files->target = g_build_filename(dir, target_name, NULL);
	files->target_text = g_strdup(target_text);
	g_assert_cmpint(mkfifo(files->fifo, 0600), ==, 0);
	if (geteuid() == 0)
		g_assert_cmpint(mknod(files->device, S_IFCHR | 0666, makedev(1, 3)), ==, 0);
	else
		g_assert_cmpint(symlink("/dev/null", files->device), ==, 0);
	g_assert_true(g_file_set_contents(files->target, target_text, -1, NULL));
	g_assert_cmpint(symlink(files->target, files->link), ==, 0);
}

void
td_test_hostile_files_assert_untouched(const TdTestHostileFiles *files)
{
	g_autofree gchar *kept = NULL;
	struct stat st;

	g_assert_cmpint(lstat(files->fifo, &st), ==, 0);
	g_assert_true(S_ISFIFO(st.st_mode));
	g_assert_cmpint(lstat(files->device, &st), ==, 0);
	g_assert_true(geteuid() == 0 ? S_ISCHR(st.st_mode) : S_ISLNK(st.st_mode));
	g_assert_cmpint(lstat(files->link, &st), ==, 0);
	g_assert_true(S_ISLNK(st.st_mode));
	g_assert_true(g_file_get_contents(files->target, &kept, NULL, NULL));
	g_assert_cmpstr(kept, ==, files->target_text);
}

void
td_test_hostile_files_clear(TdTestHostileFiles *files)
{
	gchar **names[] = {&files->fifo, &files->device, &files->link, &files->target};

	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		if (*names[i] != NULL)
			g_unlink(*names[i]);
		g_clear_pointer(names[i], g_free);
	}
	g_clear_pointer(&files->target_text, g_free);
}

gchar *
td_test_xlsx_cells(const gchar *path)
{
	const gchar *argv[] = {"python3", TD_TEST_XLSX_CELLS, path, NULL};
	g_autoptr(GError) error = NULL;
	g_autofree gchar *err = NULL;
	gchar *out = NULL;
	gint status = -1;

	g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
				   &error));
	g_assert_no_error(error);
	if (!g_spawn_check_wait_status(status, NULL))
		g_error("xlsx-cells.py could not read %s: %s", path, err);
	return out;
}

gchar *
td_test_temp_file(const gchar *name, const void *data, gsize len)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-test-XXXXXX", &error);
	gchar *path;

	g_assert_no_error(error);
	path = g_build_filename(dir, name, NULL);
	g_assert_true(g_file_set_contents(path, data, (gssize)len, &error));
	g_assert_no_error(error);
	return path;
}

gchar *
td_test_xlsx_cells_of(GBytes *file)
{
	g_autofree gchar *path = td_test_temp_file("sheet.xlsx", g_bytes_get_data(file, NULL), g_bytes_get_size(file));
	g_autofree gchar *dir = g_path_get_dirname(path);
	gchar *cells = td_test_xlsx_cells(path);

	td_test_remove_tree(dir);
	return cells;
}
