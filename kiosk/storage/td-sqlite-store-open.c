/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the SQLite file: only through SQLite (never a descriptor of our
 * own on it), one store per file per process, the files owner-only. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-secret-file.h"
#include "td-sqlite-store-private.h"

/* SQLite's own files beside the database. */
static const gchar *const store_file_suffixes[] = {"", "-wal", "-shm", "-journal"};

static gboolean
store_secure_one(const gchar *path, gboolean writable, GString *corrected, GError **error)
{
	struct stat st;
	guint mode;

	/* lstat and chmod by name: a descriptor of ours on the database,
	 * closed, would drop the process's locks on it */
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return TRUE;
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "cannot look at %s: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION,
			    "%s is not a regular file (a link, a device or a folder); move it away", path);
		return FALSE;
	}
	mode = st.st_mode & 07777;
	if (st.st_uid != geteuid()) {
		if (writable) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION,
				    "%s belongs to user %u, not to this one (%u): run the kiosk's commands as the "
				    "kiosk's user, or give the file back to it with chown",
				    path, (guint)st.st_uid, (guint)geteuid());
			return FALSE;
		}
		if ((mode & 077) != 0) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION,
				    "%s can be read by others than its owner (mode %04o) and is not ours to fix: "
				    "run as its owner, or chmod 600 %s",
				    path, mode, path);
			return FALSE;
		}
		return TRUE;
	}
	if ((mode & 077) == 0)
		return TRUE;
	if (chmod(path, mode & 0700) != 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "cannot make %s owner-only: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	g_message("%s: mode %04o corrected to %04o (personal data, for its owner only)", path, mode, mode & 0700);
	if (corrected != NULL)
		g_string_append_printf(corrected, "%s%s %04o → %04o", corrected->len > 0 ? ", " : "", path, mode,
				       mode & 0700);
	return TRUE;
}

gboolean
td_sqlite_store_secure_files(const gchar *path, gboolean writable, gchar **corrected_out, GError **error)
{
	g_autoptr(GString) corrected = g_string_new(NULL);

	for (guint i = 0; i < G_N_ELEMENTS(store_file_suffixes); i++) {
		g_autofree gchar *file = g_strconcat(path, store_file_suffixes[i], NULL);
		if (!store_secure_one(file, writable, corrected, error))
			return FALSE;
	}
	if (corrected_out != NULL)
		*corrected_out = corrected->len > 0 ? g_string_free(g_steal_pointer(&corrected), FALSE) : NULL;
	return TRUE;
}

static gboolean
store_open_error(TdSqliteStore *self, int rc, GError **error)
{
	if (self->db == NULL) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_FAILED, "cannot open database %s", self->path);
		return FALSE;
	}
	if (self->read_only && (rc & 0xff) == SQLITE_CANTOPEN) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NO_DATABASE, "cannot open database %s: %s",
			    self->path, sqlite3_errmsg(self->db));
		return FALSE;
	}
	td_sqlite_set_error(self, error, "cannot open database");
	return FALSE;
}

/* A read-only connection neither creates nor migrates: it needs a tiepdon
 * database of this version or an older one. */
static gboolean
store_check_read_only(TdSqliteStore *self, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	guint version = 0;

	if (!td_sqlite_store_read_version(self, &version, &error_local) || version == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA, "%s is not a tiepdon database (%s)",
			    self->path, error_local != NULL ? error_local->message : "no schema version");
		return FALSE;
	}
	if (version > TD_SQLITE_STORE_SCHEMA_VERSION) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
			    "%s: schema version %u is newer than this tiepdon knows (%u); use the newer tiepdon",
			    self->path, version, TD_SQLITE_STORE_SCHEMA_VERSION);
		return FALSE;
	}
	self->schema_version = version;
	return TRUE;
}

gboolean
td_sqlite_store_open_file(TdSqliteStore *self, guint target_version, GError **error)
{
	gboolean writable = target_version > 0;
	gboolean existed = g_file_test(self->path, G_FILE_TEST_EXISTS);
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW |
		    (writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
	int rc;

	self->read_only = !writable;
	if (!writable && !existed) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NO_DATABASE,
			    "no database at %s: is [storage] path right? (the kiosk creates it at its first start)",
			    self->path);
		return FALSE;
	}
	/* before SQLite reads a byte: a restored backup, or a crash's -wal,
	 * may be 0644 */
	if (!td_sqlite_store_secure_files(self->path, writable, NULL, error))
		return FALSE;
	rc = sqlite3_open_v2(self->path, &self->db, flags, NULL);
	if (rc != SQLITE_OK)
		return store_open_error(self, rc, error);
	/* SQLite created it with its default mode (0644 less the umask), still
	 * empty; the -wal and -shm it creates next copy the database's mode */
	if (!existed && chmod(self->path, 0600) != 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "cannot make %s owner-only: %s",
			    self->path, g_strerror(errno));
		return FALSE;
	}
	sqlite3_extended_result_codes(self->db, 1);
	sqlite3_busy_timeout(self->db, TD_SQLITE_BUSY_TIMEOUT_MS);
	if (writable) {
		if (sqlite3_exec(self->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;",
				 NULL, NULL, NULL) != SQLITE_OK) {
			td_sqlite_set_error(self, error, "cannot set up the database");
			return FALSE;
		}
		/* foreign keys only after the migrations: one that rebuilds a
		 * table (schema 7) drops the old one, which they would refuse
		 * ("Making Other Kinds Of Table Schema Changes", ALTER TABLE) */
		if (!td_sqlite_store_migrate(self, target_version, error))
			return FALSE;
		if (sqlite3_exec(self->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK) {
			td_sqlite_set_error(self, error, "cannot set up the database");
			return FALSE;
		}
	} else if (!store_check_read_only(self, error)) {
		return FALSE;
	}
	/* the -wal and -shm exist now */
	return td_sqlite_store_secure_files(self->path, writable, NULL, error);
}

/* ---- one store per file per process ---- */

typedef struct {
	GWeakRef ref;
	TdSqliteStore *raw; /* only compared, never dereferenced */
} TdStoreEntry;

static void
store_entry_free(gpointer data)
{
	TdStoreEntry *entry = data;
	g_weak_ref_clear(&entry->ref);
	g_free(entry);
}

static GMutex registry_lock;
static GHashTable *registry; /* the file's real path → TdStoreEntry */

/* The real path of the file's folder: "db", "./db" and a link to the
 * folder are one file. */
static gchar *
store_registry_key(const gchar *path)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *base = g_path_get_basename(path);
	char *real = realpath(dir, NULL);
	gchar *key = g_build_filename(real != NULL ? real : dir, base, NULL);
	free(real);
	return key;
}

static TdSqliteStore *
store_get_shared(const gchar *path, gboolean writable, GError **error)
{
	g_autofree gchar *key = store_registry_key(path);
	g_autoptr(TdSqliteStore) replaced = NULL; /* dropped once the lock is released */
	TdSqliteStore *self = NULL;
	TdStoreEntry *entry;

	g_mutex_lock(&registry_lock);
	if (registry == NULL)
		registry = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, store_entry_free);
	entry = g_hash_table_lookup(registry, key);
	if (entry != NULL) {
		self = g_weak_ref_get(&entry->ref);
		if (self != NULL && (!writable || !self->read_only))
			goto out;
		/* a read-only store cannot serve a writer: a read-write one
		 * takes its place (both stay correct: neither holds a
		 * descriptor of its own) */
		replaced = g_steal_pointer(&self);
	}
	self = g_object_new(TD_TYPE_SQLITE_STORE, NULL);
	self->path = g_strdup(path);
	if (!td_sqlite_store_open_file(self, writable ? TD_SQLITE_STORE_SCHEMA_VERSION : 0, error)) {
		g_clear_object(&self);
		goto out;
	}
	self->registry_key = g_strdup(key);
	entry = g_new0(TdStoreEntry, 1);
	g_weak_ref_init(&entry->ref, self);
	entry->raw = self;
	g_hash_table_replace(registry, g_steal_pointer(&key), entry);
out:
	g_mutex_unlock(&registry_lock);
	return self;
}

void
td_sqlite_store_unregister(TdSqliteStore *self)
{
	TdStoreEntry *entry;

	if (self->registry_key == NULL)
		return;
	g_mutex_lock(&registry_lock);
	entry = g_hash_table_lookup(registry, self->registry_key);
	if (entry != NULL && entry->raw == self)
		g_hash_table_remove(registry, self->registry_key);
	g_mutex_unlock(&registry_lock);
}

TdSqliteStore *
td_sqlite_store_new(const gchar *path, GError **error)
{
	g_return_val_if_fail(path != NULL, NULL);
	return store_get_shared(path, TRUE, error);
}

TdSqliteStore *
td_sqlite_store_open_read_only(const gchar *path, GError **error)
{
	g_return_val_if_fail(path != NULL, NULL);
	return store_get_shared(path, FALSE, error);
}

TdSqliteStore *
td_sqlite_store_new_at_version(const gchar *path, guint version, GError **error)
{
	g_autoptr(TdSqliteStore) self = NULL;

	g_return_val_if_fail(version >= 1 && version <= TD_SQLITE_STORE_SCHEMA_VERSION, NULL);
	self = g_object_new(TD_TYPE_SQLITE_STORE, NULL);
	self->path = g_strdup(path);
	if (!td_sqlite_store_open_file(self, version, error))
		return NULL;
	return g_steal_pointer(&self);
}

/* ---- a copy put back ---- */

static gboolean
store_set_in_use(const gchar *path, GError **error)
{
	g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_BUSY,
		    "%s is in use (the kiosk, a staff console or another tiepdon command): stop it first "
		    "(systemctl stop tiepdon-kiosk)",
		    path);
	return FALSE;
}

static gboolean
store_replace_error(sqlite3 *db, const gchar *path, GError **error, const gchar *what)
{
	int code = sqlite3_extended_errcode(db) & 0xff;

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return store_set_in_use(path, error);
	g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_FAILED, "%s: %s: %s", path, what, sqlite3_errmsg(db));
	return FALSE;
}

/* Out of WAL mode, which SQLite does only for the one connection on the
 * file: "delete" when it is ours alone (the -wal's frames are written into
 * the file first). In exclusive locking mode, so that the lock this takes
 * is held until the connection closes: nobody opens it in between and
 * writes what the copy would overwrite. A database already out of WAL
 * mode (a restore that failed half-way) proves nothing this way: it is
 * put back in WAL mode, and asked again. */
static gboolean
store_take_alone(sqlite3 *db, const gchar *path, GError **error)
{
	sqlite3_stmt *stmt = NULL;
	gboolean alone = FALSE;

	/* in exclusive mode the rollback journal outlives its transaction
	 * (its header zeroed), holding every page the copy replaced: the
	 * old records; cut to nothing at each commit, removed at the end */
	if (sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_size_limit=0", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return store_replace_error(db, path, error, "cannot read it as a database");
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL) != SQLITE_OK)
		return store_replace_error(db, path, error, "cannot read it as a database");
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_replace_error(db, path, error, "cannot read it as a database");
		sqlite3_finalize(stmt);
		return FALSE;
	}
	if (g_strcmp0((const gchar *)sqlite3_column_text(stmt, 0), "wal") != 0) {
		sqlite3_finalize(stmt);
		stmt = NULL;
		/* in normal locking mode, so that another connection's -shm
		 * lock can show itself when it is asked to leave again */
		if (sqlite3_exec(db, "PRAGMA locking_mode=NORMAL; PRAGMA journal_mode=WAL; PRAGMA locking_mode=EXCLUSIVE",
				 NULL, NULL, NULL) != SQLITE_OK)
			return store_replace_error(db, path, error, "cannot read it as a database");
	}
	sqlite3_finalize(stmt);
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=DELETE", -1, &stmt, NULL) != SQLITE_OK)
		return store_replace_error(db, path, error, "cannot read it as a database");
	if (sqlite3_step(stmt) == SQLITE_ROW)
		alone = g_strcmp0((const gchar *)sqlite3_column_text(stmt, 0), "delete") == 0;
	else
		store_replace_error(db, path, error, "cannot read it as a database");
	sqlite3_finalize(stmt);
	if (!alone && error != NULL && *error == NULL)
		store_set_in_use(path, error);
	return alone;
}

/* A file SQLite cannot read as a database (its first page is not one:
 * a damaged disk) */
static gboolean
store_unreadable(sqlite3 *db)
{
	int code = sqlite3_extended_errcode(db) & 0xff;
	return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

/* The file does not start as every SQLite database does (an empty file
 * is a new database). Read before SQLite opens it: a connection that
 * failed on it would still, as it closes, write a -wal's frames into it. */
static gboolean
store_header_foreign(const gchar *path)
{
	static const gchar header[16] = "SQLite format 3";
	gchar start[sizeof(header)];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	gssize n;

	if (fd < 0)
		return FALSE;
	n = read(fd, start, sizeof(start));
	close(fd);
	return n > 0 && (n != (gssize)sizeof(start) || memcmp(start, header, sizeof(header)) != 0);
}

/* No other process holds one of SQLite's locks on the file: each
 * connection holds its shared lock for as long as it is open. Asked of
 * the kernel, for a file SQLite itself cannot read. */
static gboolean
store_free_of_others(const gchar *path, GError **error)
{
	/* the unix VFS's lock bytes: pending, reserved, then 510 shared */
	struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0x40000000, .l_len = 512};
	int fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	gboolean held;

	if (fd < 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "%s: cannot open: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	held = fcntl(fd, F_GETLK, &lock) != 0 || lock.l_type != F_UNLCK;
	close(fd);
	return !held || store_set_in_use(path, error);
}

/* The database db has alone, kept at keep as it is: page for page
 * through SQLite (a descriptor of ours on the file, closed, would let go
 * of the connection's lock), into a file owner-only from the start,
 * named only when whole, never over another. Damaged pages are copied
 * as they are. */
gchar *
td_sqlite_store_make_temp_beside(const gchar *path, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *base = g_path_get_basename(path);
	g_autofree gchar *temp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	int fd = g_mkstemp_full(temp, O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0) {
		int saved_errno = errno;
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "%s: cannot create: %s", temp,
			    g_strerror(saved_errno));
		return NULL;
	}
	close(fd);
	return g_steal_pointer(&temp);
}

static gboolean
store_keep_pages(sqlite3 *db, const gchar *path, const gchar *keep, GError **error)
{
	g_autofree gchar *temp = td_sqlite_store_make_temp_beside(keep, error);
	sqlite3 *kept = NULL;
	sqlite3_backup *backup;
	int rc = SQLITE_ERROR;

	if (temp == NULL)
		return FALSE;
	if (sqlite3_open_v2(temp, &kept, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) == SQLITE_OK &&
	    (backup = sqlite3_backup_init(kept, "main", db, "main")) != NULL) {
		rc = sqlite3_backup_step(backup, -1);
		sqlite3_backup_finish(backup);
	}
	if (rc != SQLITE_DONE) {
		store_replace_error(kept != NULL && sqlite3_errcode(kept) != SQLITE_OK ? kept : db, path, error,
				    "cannot keep the database it replaces");
		sqlite3_close(kept);
		g_unlink(temp);
		return FALSE;
	}
	sqlite3_close(kept);
	if (!td_file_commit_temp_new(temp, keep, error)) {
		g_unlink(temp);
		return FALSE;
	}
	return TRUE;
}

/* A file SQLite cannot read, kept at keep byte for byte with the -wal
 * or rollback journal beside it (what its last writes left), then
 * emptied where it is (its owner stays): SQLite reads an empty file as a
 * new database, and drops a journal beside one. No connection of this
 * process is open on it. */
static gboolean
store_keep_unreadable(const gchar *path, const gchar *keep, GError **error)
{
	static const gchar *const beside[] = {"-wal", "-journal"};
	g_autofree gchar *shm = g_strconcat(path, "-shm", NULL);

	if (!store_free_of_others(path, error) || !td_file_copy_new(path, keep, 0600, error))
		return FALSE;
	for (guint i = 0; i < G_N_ELEMENTS(beside); i++) {
		g_autofree gchar *from = g_strconcat(path, beside[i], NULL);
		g_autofree gchar *to = g_strconcat(keep, beside[i], NULL);
		if (g_file_test(from, G_FILE_TEST_EXISTS) && !td_file_copy_new(from, to, 0600, error))
			return FALSE;
	}
	if (truncate(path, 0) != 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "%s: cannot empty it: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	for (guint i = 0; i < G_N_ELEMENTS(beside); i++) {
		g_autofree gchar *file = g_strconcat(path, beside[i], NULL);
		g_unlink(file);
	}
	g_unlink(shm);
	return TRUE;
}

/* Opens path for the restore; a database made here is owner-only. */
static sqlite3 *
store_open_for_replace(const gchar *path, gboolean existed, GError **error)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK) {
		store_replace_error(db, path, error, "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	/* a connection that fails on a damaged file must not, closing,
	 * write the -wal's frames into it and delete the -wal before they
	 * are kept; the restore's own writes are never left in a -wal */
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (!existed && chmod(path, 0600) != 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION, "cannot make %s owner-only: %s", path,
			    g_strerror(errno));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

gboolean
td_sqlite_store_replace_from(const gchar *path,
			     TdSqliteStore *copy,
			     const gchar *keep_path,
			     TdStoreKept *kept_out,
			     GError **error)
{
	g_autofree gchar *key = store_registry_key(path);
	gboolean existed = g_file_test(path, G_FILE_TEST_EXISTS);
	g_autofree gchar *dir = g_path_get_dirname(path);
	TdSqliteStore *open = NULL;
	gboolean open_here;
	gboolean left_wal = FALSE;
	TdStoreKept kept = TD_STORE_KEPT_NOTHING;
	struct stat dir_st;
	sqlite3 *db = NULL;
	sqlite3_backup *backup;
	gboolean ok = FALSE;
	int rc;

	g_return_val_if_fail(keep_path != NULL, FALSE);
	/* this process's own store on it holds a connection too; the
	 * reference is let go after the lock (its finalize takes it) */
	g_mutex_lock(&registry_lock);
	if (registry != NULL && g_hash_table_contains(registry, key))
		open = g_weak_ref_get(&((TdStoreEntry *)g_hash_table_lookup(registry, key))->ref);
	g_mutex_unlock(&registry_lock);
	open_here = open != NULL;
	g_clear_object(&open);
	if (open_here) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_BUSY, "%s is open in this program", path);
		return FALSE;
	}
	/* a database made here (a new disk) is the data folder owner's, or
	 * the kiosk could not open it: root makes none for another user */
	if (!existed && (stat(dir, &dir_st) != 0 || dir_st.st_uid != geteuid())) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION,
			    "%s: no database yet, and its folder is not this user's: run as the kiosk's user "
			    "(sudo -u tiepdon)",
			    path);
		return FALSE;
	}
	if (!td_sqlite_store_secure_files(path, TRUE, NULL, error))
		return FALSE;
	/* no database left to read (the reason to restore, often): its
	 * bytes are kept, and the copy goes into the file emptied */
	if (existed && store_header_foreign(path)) {
		if (!store_keep_unreadable(path, keep_path, error))
			return FALSE;
		kept = TD_STORE_KEPT_BYTES;
	}
	db = store_open_for_replace(path, existed, error);
	if (db == NULL)
		goto out;
	if (!store_take_alone(db, path, error)) {
		/* its first page read but is not whole */
		if (!existed || kept != TD_STORE_KEPT_NOTHING || !store_unreadable(db))
			goto out;
		g_clear_error(error);
		g_clear_pointer(&db, sqlite3_close);
		if (!store_keep_unreadable(path, keep_path, error))
			goto out;
		kept = TD_STORE_KEPT_BYTES;
		db = store_open_for_replace(path, TRUE, error);
		if (db == NULL || !store_take_alone(db, path, error))
			goto out;
	}
	left_wal = TRUE;
	/* what the copy replaces, kept: a wrong copy chosen can be undone */
	if (existed && kept == TD_STORE_KEPT_NOTHING) {
		if (!store_keep_pages(db, path, keep_path, error))
			goto out;
		kept = TD_STORE_KEPT_DATABASE;
	}
	{
		STORE_LOCK(copy);
		backup = sqlite3_backup_init(db, "main", copy->db, "main");
		if (backup == NULL) {
			store_replace_error(db, path, error, "cannot put the copy back");
			goto out;
		}
		rc = sqlite3_backup_step(backup, -1);
		sqlite3_backup_finish(backup);
	}
	if (rc != SQLITE_DONE) {
		store_replace_error(db, path, error, "cannot put the copy back");
		goto out;
	}
	ok = TRUE;
out:
	/* back in WAL mode whatever happened after it was left: the next
	 * restore's check needs it, and the kiosk sets it anyway */
	if (left_wal && sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK && ok) {
		store_replace_error(db, path, error, "cannot set up the database");
		ok = FALSE;
	}
	sqlite3_close(db);
	if (left_wal) {
		g_autofree gchar *journal = g_strconcat(path, "-journal", NULL);
		g_unlink(journal);
	}
	ok = ok && td_sqlite_store_secure_files(path, TRUE, NULL, error);
	/* a failure after the old one was kept (an emptied file, a kiosk
	 * that started in between) says where it is: nothing else will */
	if (!ok && kept != TD_STORE_KEPT_NOTHING)
		g_prefix_error(error, "the database it replaces is kept at %s; ", keep_path);
	if (kept_out != NULL)
		*kept_out = kept;
	return ok;
}
