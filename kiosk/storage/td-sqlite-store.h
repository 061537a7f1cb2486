/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-store.h"

G_BEGIN_DECLS

/* The TdStore on one SQLite file: WAL, synchronous=FULL (a check-in the
 * patient saw confirmed is on disk), secure_delete (purged personal data
 * does not linger in free pages), a busy timeout for the second process
 * (the CLI beside the kiosk), versioned migrations.
 *
 * The file is only ever touched through SQLite: a descriptor of our own on
 * it, closed while a connection is open, would drop every POSIX lock the
 * process holds on it ("How To Corrupt An SQLite Database File", 2.2), and
 * another process would then delete the WAL under the kiosk's feet. And
 * there is one store per file per process: the kiosk, its staff pages and
 * the doctor share it. */
#define TD_TYPE_SQLITE_STORE (td_sqlite_store_get_type())
G_DECLARE_FINAL_TYPE(TdSqliteStore, td_sqlite_store, TD, SQLITE_STORE, GObject)

#define TD_SQLITE_STORE_SCHEMA_VERSION 13

/* The process's store for path (a new reference), opened read-write the
 * first time: created if missing, migrated to the current schema, refused
 * if written by a newer tiepdon. Every start makes the database, -wal and
 * -shm owner-only (chmod where they are ours; refused where they are not). */
TdSqliteStore *td_sqlite_store_new(const gchar *path, GError **error);
/* For commands that only read (report, export, doctor): the process's
 * store for path if there is one, else a read-only connection. Never
 * creates or migrates: no file at path is TD_STORE_ERROR_NO_DATABASE. */
TdSqliteStore *td_sqlite_store_open_read_only(const gchar *path, GError **error);
/* A connection of its own (not shared), migrated only up to version: for
 * tests of the migrations and of two connections. */
TdSqliteStore *td_sqlite_store_new_at_version(const gchar *path, guint version, GError **error);
guint td_sqlite_store_get_schema_version(TdSqliteStore *self);
/* The kiosk its records name (default: the host name). */
void td_sqlite_store_set_kiosk_id(TdSqliteStore *self, const gchar *kiosk_id);
const gchar *td_sqlite_store_get_path(TdSqliteStore *self);
gboolean td_sqlite_store_is_read_only(TdSqliteStore *self);
/* PRAGMA integrity_check: FALSE with the first problem in the error. */
gboolean td_sqlite_store_check_integrity(TdSqliteStore *self, GError **error);
/* The time of the newest check-in or staff action stored (unix seconds),
 * 0 when there is none: a clock earlier than it has gone back (a flat
 * clock battery on a PC switched off at night). */
gboolean td_sqlite_store_get_newest_time(TdSqliteStore *self, gint64 *time_out, GError **error);

/* A copy of the whole database in dest, an empty file or none, made with
 * VACUUM INTO: consistent while others write on (one read transaction),
 * and only what is live, so values the purge erased are not in the copy's
 * free pages. The copy takes dest's mode where dest exists. */
gboolean td_sqlite_store_copy_into(TdSqliteStore *self, const gchar *dest, GError **error);

/* The file a copy is written into before it takes the name path:
 * ".NAME.XXXXXX" beside it, empty and owner-only before SQLite writes a
 * byte into it, and closed before SQLite opens it (no descriptor of ours
 * closed under SQLite's locks). td_file_commit_temp or _new names it
 * when whole. NULL with TD_STORE_ERROR_PERMISSION. */
gchar *td_sqlite_store_make_temp_beside(const gchar *path, GError **error);

/* Replaces the database at path (made if missing) with copy's contents,
 * page for page through SQLite's backup API (never a file copied over it,
 * which an old -wal beside it would then be applied to). Only where no
 * connection but this one has it open, in any process: leaving WAL mode
 * needs that, and fails at once otherwise (TD_STORE_ERROR_BUSY: the
 * kiosk, a staff console or a command runs on it), and held alone until
 * the end (exclusive locking mode). Back in WAL mode after;
 * the next open migrates a copy of an older schema.
 * The database it replaces is kept first at keep_path (owner-only, never
 * over a file there): page for page, or, for a file SQLite cannot read
 * as a database (a damaged disk), byte for byte with its -wal or
 * -journal (keep_path-wal, keep_path-journal), and the file emptied so
 * that the copy can go in. *kept_out (may be NULL) says which, also on a
 * failure after it, whose error then names keep_path. */
typedef enum {
	TD_STORE_KEPT_NOTHING,	/* there was no database */
	TD_STORE_KEPT_DATABASE, /* a database, page for page: restorable in its turn */
	TD_STORE_KEPT_BYTES,	/* a file SQLite could not read, byte for byte */
} TdStoreKept;

gboolean td_sqlite_store_replace_from(const gchar *path,
				      TdSqliteStore *copy,
				      const gchar *keep_path,
				      TdStoreKept *kept_out,
				      GError **error);

/* The database and its -wal and -shm, where they exist: regular files,
 * not links, readable by their owner only. One that is ours with group or
 * other bits is corrected with chmod (a line in *corrected_out, NULL when
 * none); one that is not ours is refused (TD_STORE_ERROR_PERMISSION) when
 * writable is TRUE or its mode is wrong. Never opens the files. */
gboolean td_sqlite_store_secure_files(const gchar *path, gboolean writable, gchar **corrected_out, GError **error);

G_END_DECLS
