/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A SQLite station's daily copies of its records (td-store-backup.h). */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-report.h"
#include "td-secret-file.h"
#include "td-store-backup.h"

/* A copy a run that crashed left half-made: older than this, no run is
 * still writing it */
#define TD_BACKUP_LEFTOVER_AGE_S 3600

void
td_backup_copy_free(TdBackupCopy *copy)
{
	if (copy == NULL)
		return;
	g_free(copy->path);
	g_free(copy);
}

gint
td_store_backup_days_before(const gchar *day, const gchar *today)
{
	GDate date, now;

	if (!td_report_day_to_date(day, &date, NULL) || !td_report_day_to_date(today, &now, NULL))
		return -1;
	return g_date_days_between(&date, &now);
}

/* The day a copy's file name carries, NULL for a file not ours. */
static const gchar *
backup_name_day(const gchar *name)
{
	static const gsize prefix_len = sizeof(TD_BACKUP_NAME_PREFIX) - 1;
	static const gsize day_len = 10;
	gchar day[11];

	if (strlen(name) != prefix_len + day_len + sizeof(TD_BACKUP_NAME_SUFFIX) - 1 ||
	    !g_str_has_prefix(name, TD_BACKUP_NAME_PREFIX) || !g_str_has_suffix(name, TD_BACKUP_NAME_SUFFIX))
		return NULL;
	memcpy(day, name + prefix_len, day_len);
	day[day_len] = '\0';
	return td_report_parse_day(day, NULL) ? name + prefix_len : NULL;
}

static gint
backup_newest_first(gconstpointer a, gconstpointer b)
{
	const TdBackupCopy *x = *(const TdBackupCopy *const *)a;
	const TdBackupCopy *y = *(const TdBackupCopy *const *)b;
	return strcmp(y->day, x->day);
}

GPtrArray *
td_store_backup_list(const gchar *dir, GError **error)
{
	g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func((GDestroyNotify)td_backup_copy_free);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GDir) folder = g_dir_open(dir, 0, &error_local);
	const gchar *name;

	if (folder == NULL) {
		if (g_error_matches(error_local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			return g_steal_pointer(&copies);
		g_propagate_error(error, g_steal_pointer(&error_local));
		return NULL;
	}
	while ((name = g_dir_read_name(folder)) != NULL) {
		const gchar *day = backup_name_day(name);
		g_autoptr(TdBackupCopy) copy = NULL;
		struct stat st;

		if (day == NULL)
			continue;
		copy = g_new0(TdBackupCopy, 1);
		copy->path = g_build_filename(dir, name, NULL);
		/* a link or a folder of that name is not a copy we made */
		if (lstat(copy->path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		g_strlcpy(copy->day, day, sizeof(copy->day));
		copy->size = st.st_size;
		copy->made_unix = st.st_mtime;
		g_ptr_array_add(copies, g_steal_pointer(&copy));
	}
	g_ptr_array_sort(copies, backup_newest_first);
	return g_steal_pointer(&copies);
}

/* The folder exists, is a folder, and nobody but its owner may enter it:
 * one of ours with group or other bits is corrected, as the data folder's
 * files are; another user's is refused (root may use any). A missing one
 * is made, but not its parent: a drive not mounted leaves its mount
 * point's parent there, and copies made on the system's own disk would
 * look like copies on the drive. */
static gboolean
backup_folder_ready(const gchar *dir, GError **error)
{
	struct stat st;

	if ((stat(dir, &st) != 0 && g_mkdir(dir, 0700) != 0) || stat(dir, &st) != 0) {
		int saved_errno = errno;
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "%s: cannot make the backup folder: %s",
			    dir, g_strerror(saved_errno));
		return FALSE;
	}
	if (!S_ISDIR(st.st_mode)) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "%s is not a folder ([storage] backup-dir)",
			    dir);
		return FALSE;
	}
	if (st.st_uid != geteuid() && geteuid() != 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION,
			    "%s belongs to another user, and the copies hold personal data: make it this user's, "
			    "mode 0700",
			    dir);
		return FALSE;
	}
	if ((st.st_mode & 077) != 0 && (st.st_uid != geteuid() || chmod(dir, 0700) != 0)) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION,
			    "%s can be entered by others (mode %04o), and the copies hold personal data: chmod 700 %s",
			    dir, (guint)(st.st_mode & 07777), dir);
		return FALSE;
	}
	return TRUE;
}

/* The copy opens, is whole, and is of the database's schema: a copy that
 * cannot be restored is no copy. */
static gboolean
backup_check_copy(const gchar *path, guint schema_version, GError **error)
{
	g_autoptr(TdSqliteStore) copy = td_sqlite_store_open_read_only(path, error);

	if (copy == NULL || !td_sqlite_store_check_integrity(copy, error))
		return FALSE;
	if (td_sqlite_store_get_schema_version(copy) != schema_version) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_FAILED, "%s: the copy is of schema %u, not %u", path,
			    td_sqlite_store_get_schema_version(copy), schema_version);
		return FALSE;
	}
	return TRUE;
}

/* The day in a database's name that a restore kept:
 * tiepdon-replaced-DAY-HHMMSS.db (-2.db and on where two came in one
 * second), and the -wal or -journal kept with it; NULL for any other. */
static const gchar *
replaced_name_day(const gchar *name)
{
	static const gsize prefix_len = sizeof(TD_REPLACED_NAME_PREFIX) - 1;
	static const gsize day_len = 10;
	const gchar *rest;
	gchar day[11];

	if (strlen(name) <= prefix_len + day_len || !g_str_has_prefix(name, TD_REPLACED_NAME_PREFIX))
		return NULL;
	memcpy(day, name + prefix_len, day_len);
	day[day_len] = '\0';
	rest = name + prefix_len + day_len;
	if (!td_report_parse_day(day, NULL) || rest[0] != '-' || strspn(rest + 1, "0123456789") != 6)
		return NULL;
	rest += 7;
	if (rest[0] == '-' && g_ascii_isdigit(rest[1]))
		rest += 1 + strspn(rest + 1, "0123456789");
	if (g_strcmp0(rest, ".db") != 0 && g_strcmp0(rest, ".db-wal") != 0 && g_strcmp0(rest, ".db-journal") != 0)
		return NULL;
	return name + prefix_len;
}

/* Files past keep_days (the day their name carries, by day_of_name),
 * and the half-made ones a crashed run left (".PREFIX…", older than an
 * hour): each holds personal data. One pass over the folder. */
static guint
backup_remove_past(const gchar *dir,
		   const gchar *prefix,
		   const gchar *(*day_of_name)(const gchar *name),
		   const gchar *today,
		   guint keep_days)
{
	g_autoptr(GDir) folder = g_dir_open(dir, 0, NULL);
	gint64 leftover_before = g_get_real_time() / G_USEC_PER_SEC - TD_BACKUP_LEFTOVER_AGE_S;
	const gchar *name;
	guint removed = 0;

	while (folder != NULL && (name = g_dir_read_name(folder)) != NULL) {
		const gchar *day_in_name = day_of_name(name);
		g_autofree gchar *path = NULL;
		gchar day[11];
		struct stat st;

		if (day_in_name == NULL && (name[0] != '.' || !g_str_has_prefix(name + 1, prefix)))
			continue;
		path = g_build_filename(dir, name, NULL);
		/* a link or a folder of such a name is not ours */
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (day_in_name == NULL) {
			if (st.st_mtime < leftover_before)
				g_unlink(path);
			continue;
		}
		g_strlcpy(day, day_in_name, sizeof(day));
		if (td_store_backup_days_before(day, today) >= (gint)keep_days && g_unlink(path) == 0)
			removed++;
	}
	return removed;
}

gchar *
td_store_backup_replaced_path(const gchar *dir, GDateTime *now)
{
	g_autofree gchar *stamp = g_date_time_format(now, "%Y-%m-%d-%H%M%S");

	for (guint n = 1;; n++) {
		g_autofree gchar *name = n == 1 ? g_strdup_printf(TD_REPLACED_NAME_PREFIX "%s.db", stamp)
						: g_strdup_printf(TD_REPLACED_NAME_PREFIX "%s-%u.db", stamp, n);
		gchar *path = g_build_filename(dir, name, NULL);
		if (!g_file_test(path, G_FILE_TEST_EXISTS))
			return path;
		g_free(path);
	}
}

guint
td_store_backup_remove_replaced(const gchar *dir, const gchar *today, guint keep_days)
{
	g_return_val_if_fail(keep_days >= 1, 0);
	return backup_remove_past(dir, TD_REPLACED_NAME_PREFIX, replaced_name_day, today, keep_days);
}

TdBackupCopy *
td_store_backup_make(TdSqliteStore *store,
		     const gchar *dir,
		     const gchar *today,
		     guint keep_days,
		     guint *n_removed,
		     GError **error)
{
	g_autofree gchar *name = g_strconcat(TD_BACKUP_NAME_PREFIX, today, TD_BACKUP_NAME_SUFFIX, NULL);
	g_autofree gchar *temp = NULL;
	g_autoptr(TdBackupCopy) copy = g_new0(TdBackupCopy, 1);
	struct stat st;
	guint removed;

	g_return_val_if_fail(keep_days >= 1, NULL);
	if (!td_report_parse_day(today, error) || !backup_folder_ready(dir, error))
		return NULL;
	copy->path = g_build_filename(dir, name, NULL);
	temp = td_sqlite_store_make_temp_beside(copy->path, error);
	if (temp == NULL)
		return NULL;
	td_fault_point("backup-created");
	g_strlcpy(copy->day, today, sizeof(copy->day));
	if (!td_sqlite_store_copy_into(store, temp, error) ||
	    !backup_check_copy(temp, td_sqlite_store_get_schema_version(store), error)) {
		g_unlink(temp);
		return NULL;
	}
	td_fault_point("backup-copied");
	if (!td_file_commit_temp(temp, copy->path, error)) {
		g_unlink(temp);
		return NULL;
	}
	if (stat(copy->path, &st) == 0) {
		copy->size = st.st_size;
		copy->made_unix = st.st_mtime;
	}
	removed = backup_remove_past(dir, TD_BACKUP_NAME_PREFIX, backup_name_day, today, keep_days);
	if (n_removed != NULL)
		*n_removed = removed;
	return g_steal_pointer(&copy);
}
