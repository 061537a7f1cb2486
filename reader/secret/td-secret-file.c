/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "td-secret-file.h"
#include "td-secret.h"

void
td_fault_point(const gchar *name)
{
	const gchar *wanted = g_getenv("TD_FAULT_POINT");
	gsize len = strlen(name);

	if (wanted == NULL || strncmp(wanted, name, len) != 0)
		return;
	if (wanted[len] == '\0')
		raise(SIGKILL);
	else if (g_strcmp0(wanted + len, "=stop") == 0)
		raise(SIGSTOP);
}

static gboolean
file_set_error(GError **error, int saved_errno, const gchar *path, const gchar *what)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved_errno), "%s: %s: %s", path, what,
		    g_strerror(saved_errno));
	return FALSE;
}

/* The groups that may read a protected file: root's, ours, the kiosk's. */
static gboolean
file_group_may_read(gid_t gid)
{
	struct group *kiosk;

	if (gid == 0 || gid == getegid())
		return TRUE;
	kiosk = getgrnam(TD_KIOSK_USER);
	return kiosk != NULL && kiosk->gr_gid == gid;
}

gboolean
td_file_check_access(const gchar *path, const struct stat *st, TdFileAccess access, GError **error)
{
	guint mode = st->st_mode & 07777;

	switch (access) {
	case TD_FILE_ACCESS_ANY:
		return TRUE;
	case TD_FILE_ACCESS_OWNER_ONLY:
		if ((mode & 077) == 0)
			return TRUE;
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
			    "%s is accessible to group or others (mode %04o); run: chmod 600 %s", path, mode, path);
		return FALSE;
	case TD_FILE_ACCESS_PROTECTED:
	default:
		break;
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
			    "%s belongs to user %u, not to root or this user; run: chown root %s", path,
			    (guint)st->st_uid, path);
		return FALSE;
	}
	if ((mode & 022) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
			    "%s can be changed by group or others (mode %04o); run: chmod go-w %s", path, mode, path);
		return FALSE;
	}
	if ((mode & 007) != 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
			    "%s can be read by anyone (mode %04o); run: chmod o-rwx %s", path, mode, path);
		return FALSE;
	}
	if ((mode & 070) != 0 && !file_group_may_read(st->st_gid)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM,
			    "%s can be read by group %u, which is neither root's nor %s's; run: chgrp %s %s", path,
			    (guint)st->st_gid, TD_KIOSK_USER, TD_KIOSK_USER, path);
		return FALSE;
	}
	return TRUE;
}

/* Opens without following a symlink or waiting on a FIFO; a regular file
 * only. */
static int
file_open_regular(const gchar *path, int flags, struct stat *st, GError **error)
{
	int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ELOOP) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				    "%s is a symbolic link; name the file itself", path);
			return -1;
		}
		file_set_error(error, errno, path, "cannot open");
		return -1;
	}
	if (fstat(fd, st) != 0) {
		file_set_error(error, errno, path, "cannot stat");
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

GBytes *
td_file_read(const gchar *path, gsize max_size, TdFileAccess access, GError **error)
{
	g_autoptr(GByteArray) buf = NULL;
	struct stat st;
	GBytes *bytes;
	int fd;

	g_return_val_if_fail(path != NULL, NULL);
	fd = file_open_regular(path, O_RDONLY, &st, error);
	if (fd < 0)
		return NULL;
	if (!td_file_check_access(path, &st, access, error)) {
		close(fd);
		return NULL;
	}
	buf = g_byte_array_sized_new((guint)MIN((gsize)st.st_size + 1, max_size + 1));
	for (;;) {
		guint8 chunk[4096];
		gssize n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			file_set_error(error, errno, path, "cannot read");
			close(fd);
			td_memwipe(buf->data, buf->len);
			return NULL;
		}
		if (n == 0)
			break;
		g_byte_array_append(buf, chunk, (guint)n);
		td_memwipe(chunk, (gsize)n);
		if (buf->len > max_size) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s is larger than %" G_GSIZE_FORMAT " bytes",
				    path, max_size);
			close(fd);
			td_memwipe(buf->data, buf->len);
			return NULL;
		}
	}
	close(fd);
	bytes = td_secret_bytes_new(buf->data, buf->len);
	td_memwipe(buf->data, buf->len);
	return bytes;
}

static gboolean
file_write_all(int fd, const guint8 *data, gsize len)
{
	while (len > 0) {
		gssize n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		data += n;
		len -= (gsize)n;
	}
	return TRUE;
}

/* All of from_fd, from where it stands, written to fd */
static gboolean
file_copy_all(int fd, int from_fd)
{
	guint8 buf[64 * 1024];

	for (;;) {
		gssize n = read(from_fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return FALSE;
		if (n == 0)
			return TRUE;
		if (!file_write_all(fd, buf, (gsize)n))
			return FALSE;
	}
}

/* fsync(2) of a file or, with O_DIRECTORY in flags, a folder (its
 * entries: a rename made durable) */
static gboolean
file_sync(const gchar *path, int flags, GError **error)
{
	gboolean folder = (flags & O_DIRECTORY) != 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	int rc;

	if (fd < 0)
		return file_set_error(error, errno, path, folder ? "cannot open the folder" : "cannot open the file");
	rc = fsync(fd);
	close(fd);
	if (rc != 0)
		return file_set_error(error, errno, path, folder ? "cannot sync the folder" : "cannot sync the file");
	return TRUE;
}

static gboolean
file_sync_folder(const gchar *dir, GError **error)
{
	return file_sync(dir, O_DIRECTORY, error);
}

static gboolean
file_commit_temp(const gchar *temp, const gchar *path, gboolean exclusive, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);

	if (!file_sync(temp, O_NOFOLLOW, error))
		return FALSE;
	if (exclusive) {
		if (link(temp, path) != 0)
			return file_set_error(error, errno, path, "cannot create");
		g_unlink(temp);
	} else if (rename(temp, path) != 0) {
		return file_set_error(error, errno, path, "cannot replace");
	}
	td_fault_point("file-replace-renamed");
	return file_sync_folder(dir, error);
}

/* path's new contents, written through a temporary file: data (len
 * bytes), or where from_fd is not -1, all that file descriptor reads. */
static gboolean
file_write_through_temp(const gchar *path, gconstpointer data, gsize len, int from_fd, guint mode,
			gboolean exclusive, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *base = g_path_get_basename(path);
	g_autofree gchar *temp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	gboolean existed = FALSE;
	struct stat st;
	int fd;

	if (lstat(path, &st) == 0) {
		if (exclusive) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST, "%s already exists", path);
			return FALSE;
		}
		if (!S_ISREG(st.st_mode)) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				    "%s exists and is not a regular file (a link, a device, a FIFO or a folder); "
				    "name another file",
				    path);
			return FALSE;
		}
		existed = TRUE;
	} else if (errno != ENOENT) {
		return file_set_error(error, errno, path, "cannot stat");
	}
	fd = g_mkstemp_full(temp, O_WRONLY | O_CLOEXEC | O_NOFOLLOW, (int)mode);
	if (fd < 0)
		return file_set_error(error, errno, temp, "cannot create");
	td_fault_point("file-replace-created");
	/* the umask may have taken bits away */
	if (fchmod(fd, mode) != 0) {
		file_set_error(error, errno, temp, "cannot set the mode");
		goto fail;
	}
	/* a replaced file keeps its group (a root-owned setting the kiosk's
	 * group reads); only root can keep its owner too, and must */
	if (existed && fchown(fd, geteuid() == 0 ? st.st_uid : (uid_t)-1, st.st_gid) != 0 && geteuid() == 0) {
		file_set_error(error, errno, temp, "cannot keep the owner");
		goto fail;
	}
	if (from_fd >= 0 ? !file_copy_all(fd, from_fd) : !file_write_all(fd, data, len)) {
		file_set_error(error, errno != 0 ? errno : EIO, temp, "cannot write");
		goto fail;
	}
	td_fault_point("file-replace-written");
	close(fd);
	fd = -1;
	if (!file_commit_temp(temp, path, exclusive, error))
		goto fail;
	return TRUE;
fail:
	if (fd >= 0)
		close(fd);
	g_unlink(temp);
	return FALSE;
}

gboolean
td_file_commit_temp(const gchar *temp, const gchar *path, GError **error)
{
	return file_commit_temp(temp, path, FALSE, error);
}

gboolean
td_file_commit_temp_new(const gchar *temp, const gchar *path, GError **error)
{
	return file_commit_temp(temp, path, TRUE, error);
}

gboolean
td_file_replace(const gchar *path, gconstpointer data, gsize len, guint mode, GError **error)
{
	return file_write_through_temp(path, data, len, -1, mode, FALSE, error);
}

gboolean
td_file_create(const gchar *path, gconstpointer data, gsize len, guint mode, GError **error)
{
	return file_write_through_temp(path, data, len, -1, mode, TRUE, error);
}

gboolean
td_file_copy_new(const gchar *from, const gchar *to, guint mode, GError **error)
{
	int from_fd = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	gboolean ok;

	if (from_fd < 0)
		return file_set_error(error, errno, from, "cannot open");
	if (fstat(from_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(from_fd);
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a regular file", from);
		return FALSE;
	}
	ok = file_write_through_temp(to, NULL, 0, from_fd, mode, TRUE, error);
	close(from_fd);
	return ok;
}
