/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-sqlite-store.h"

G_BEGIN_DECLS

/* A SQLite station's copies of its records, one a day: `tiepdon backup`,
 * which tiepdon-backup.timer runs each night after the retention pass.
 * A kiosk on its own file keeps every check-in and exception on one disk;
 * these copies, on another disk where the station has one ([storage]
 * backup-dir), are what is left when that disk dies.
 *
 * Each copy is tiepdon-YYYY-MM-DD.db (the station's day), a whole
 * database: VACUUM INTO (td_sqlite_store_copy_into) while the kiosk writes
 * on, into a file owner-only before its first byte, checked (integrity,
 * schema) before it takes its name, and durable (fsync'd, renamed, the
 * folder fsync'd). A copy holds the personal data of its night where the
 * purge cannot reach it, so copies older than keep_days go: a record
 * lives on in them at most keep_days past its retention (keep_days is
 * never longer than retention-days: td-config.c). */

#define TD_BACKUP_NAME_PREFIX "tiepdon-"
#define TD_BACKUP_NAME_SUFFIX ".db"

typedef struct {
	gchar day[11]; /* YYYY-MM-DD, the station's day it was made on */
	gchar *path;
	goffset size;
	gint64 made_unix; /* when it was made (the file's mtime) */
} TdBackupCopy;

void td_backup_copy_free(TdBackupCopy *copy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdBackupCopy, td_backup_copy_free)

/* The copies in dir, newest first (TdBackupCopy); files of other names
 * are not ours and are left alone. A missing folder has none. */
GPtrArray *td_store_backup_list(const gchar *dir, GError **error);

/* Makes today's copy of store in dir (made 0700 if missing, never its
 * parent; one of ours
 * with group or other bits is corrected, another user's refused), over an
 * earlier one of the same day, then removes the copies older than
 * keep_days (today's counts as the first). Returns the copy; *n_removed
 * (may be NULL) how many went. A copy dated after today stays: the clock
 * is wrong now or was then, and which one only a person can tell (the
 * doctor says so). */
TdBackupCopy *td_store_backup_make(TdSqliteStore *store,
				   const gchar *dir,
				   const gchar *today,
				   guint keep_days,
				   guint *n_removed,
				   GError **error);

/* The database a restore replaces is kept beside it (td_sqlite_store_
 * replace_from), under this name with the time of the restore: a copy
 * chosen by mistake can be put back in its turn. It holds the station's
 * personal data as the nightly copies do, and goes as they go: the
 * nightly purge (tiepdon purge) removes it after backup-keep-days. */
#define TD_REPLACED_NAME_PREFIX "tiepdon-replaced-"

/* A name in dir for the database a restore at now replaces, not taken
 * yet: tiepdon-replaced-YYYY-MM-DD-HHMMSS.db, -2.db and on where two
 * restores came in one second. */
gchar *td_store_backup_replaced_path(const gchar *dir, GDateTime *now);

/* Removes from dir the kept databases (and their -wal) whose day is
 * keep_days or more before today, and the half-made ones a crashed
 * restore left; returns how many it removed. */
guint td_store_backup_remove_replaced(const gchar *dir, const gchar *today, guint keep_days);

/* How many days day (YYYY-MM-DD) lies before today; -1 where either is not
 * a date. */
gint td_store_backup_days_before(const gchar *day, const gchar *today);

G_END_DECLS
