/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* Files named by a person (a command-line argument) or by a setting: keys,
 * passwords, the settings file, certificates, exports, photos. Opened with
 * O_NOFOLLOW | O_NONBLOCK and checked with fstat() on the open file, so a
 * symlink, a FIFO or a device node given as a file name is refused at once
 * instead of followed, waited on for ever or replaced. Errors are in
 * G_FILE_ERROR and name the file. */

typedef enum {
	TD_FILE_ACCESS_ANY,	   /* certificates, profiles: anyone may read */
	TD_FILE_ACCESS_OWNER_ONLY, /* passwords: no group or other permission bits */
	/* settings, the PIN hash, the ID key: owned by root or by us, written
	 * only by the owner, read only by the owner and by the group root or
	 * the kiosk's group (TD_KIOSK_USER), never by others */
	TD_FILE_ACCESS_PROTECTED,
} TdFileAccess;

/* Checks st (from fstat/lstat of path) against access; FALSE with
 * G_FILE_ERROR_PERM saying what is wrong and how to fix it. */
gboolean td_file_check_access(const gchar *path, const struct stat *st, TdFileAccess access, GError **error);

/* The whole file (at most max_size bytes, else an error) in a GBytes that
 * is wiped when freed. */
GBytes *td_file_read(const gchar *path, gsize max_size, TdFileAccess access, GError **error);

/* Writes data to path through a temporary file in the same folder: created
 * O_EXCL | O_NOFOLLOW with mode, written, fsync'd, renamed over path, and
 * the folder fsync'd; a crash at any point leaves the old file or the new
 * one, never a part. Refused when path exists and is anything but a regular
 * file (a symlink, a device node, a FIFO, a folder). */
gboolean td_file_replace(const gchar *path, gconstpointer data, gsize len, guint mode, GError **error);
/* The same, but only where nothing is at path yet (link(2), not rename):
 * G_FILE_ERROR_EXIST otherwise, and whoever came first wins. */
gboolean td_file_create(const gchar *path, gconstpointer data, gsize len, guint mode, GError **error);

/* A copy of the regular file from (a link is refused), made as
 * td_file_create makes a file: durable, and only where nothing is at to. */
gboolean td_file_copy_new(const gchar *from, const gchar *to, guint mode, GError **error);

/* For a file another writer filled (SQLite's VACUUM INTO): temp, in
 * path's folder, fsync'd, renamed over path and the folder fsync'd, as
 * td_file_replace ends; a crash leaves the old file or the new one. */
gboolean td_file_commit_temp(const gchar *temp, const gchar *path, GError **error);
/* The same where nothing is at path yet (link(2)): G_FILE_ERROR_EXIST
 * otherwise, and temp is left for the caller to remove. */
gboolean td_file_commit_temp_new(const gchar *temp, const gchar *path, GError **error);

/* A fault point: when the environment variable TD_FAULT_POINT names it,
 * the process kills itself there (SIGKILL: a crash, nothing cleaned up);
 * "NAME=stop" stops it instead (SIGSTOP), for a test to look at it. Tests
 * use it to show what a crash at that point leaves behind. */
void td_fault_point(const gchar *name);

G_END_DECLS
