/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon backup: today's copy of a kiosk's own records (SQLite) in
 * [storage] backup-dir, and the copies past backup-keep-days removed;
 * tiepdon-backup.timer runs it each night after the retention pass
 * (td-store-backup.h; DEPLOY.md, 9, "Copies").
 * tiepdon restore FILE: such a copy put back as the database, with the
 * kiosk stopped; what it would replace is printed, --apply does it, and
 * keeps the database it replaced beside it (tiepdon-replaced-….db) until
 * the nightly purge removes it after backup-keep-days. */
#include "config.h"

#include <stdio.h>
#include <sys/stat.h>

#include "td-cli.h"
#include "td-report.h"
#include "td-store-backup.h"

int
td_cli_backup(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdBackupCopy) copy = NULL;
	g_autofree gchar *today = td_report_today();
	g_autofree gchar *size = NULL;
	guint removed = 0;
	int rc;

	if ((rc = td_cli_parse_config_only(&argc, &argv,
					   "- copy the records (a kiosk on its own file) to [storage] backup-dir, "
					   "keeping backup-keep-days of copies (tiepdon-backup.timer, nightly)",
					   TD_CLI_NO_STORE, &config, NULL)) != TD_EXIT_OK)
		return rc;
	/* a setting, not a fault: an enabled timer must not fail each night */
	if (config->backup_dir == NULL) {
		printf("Không sao lưu (no copy made): %s\n",
		       config->storage_url != NULL
			   ? "the station's PostgreSQL is backed up on its server (pg_dump or base backups, DEPLOY.md)"
		       : config->demo ? "training data"
				      : "[storage] backup-dir is empty");
		return td_cli_flush_output();
	}
	/* read-only: a mistyped path is an error, not a new empty database */
	store = td_store_open_configured(config, TD_STORE_OPEN_READ_ONLY, &error);
	if (store == NULL)
		return td_cli_fail(error);
	copy = td_store_backup_make(TD_SQLITE_STORE(store), config->backup_dir, today, config->backup_keep_days,
				    &removed, &error);
	if (copy == NULL)
		return td_cli_fail(error);
	size = g_format_size((guint64)copy->size);
	printf("Đã sao lưu (copy made): %s, %s\n", copy->path, size);
	printf("Bản sao cũ đã xóa (older copies removed; %u days kept): %u\n", config->backup_keep_days, removed);
	return td_cli_flush_output();
}

/* "the newest record of 2026-12-05 14:02", or that there is none */
static gchar *
cli_newest_record(TdSqliteStore *store)
{
	gint64 newest = 0;
	g_autoptr(GDateTime) when = NULL;

	if (!td_sqlite_store_get_newest_time(store, &newest, NULL) || newest == 0)
		return g_strdup("no record");
	when = g_date_time_new_from_unix_local(newest);
	return g_date_time_format(when, "newest record %Y-%m-%d %H:%M");
}

int
td_cli_restore(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	gboolean apply = FALSE;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {"apply", 0, 0, G_OPTION_ARG_NONE, &apply, "Replace the database (the kiosk stopped)", NULL},
	    {NULL},
	};
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdSqliteStore) copy = NULL;
	g_autoptr(TdSqliteStore) restored = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *copy_newest = NULL;
	g_autofree gchar *current_newest = NULL;
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *keep = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	TdStoreKept kept = TD_STORE_KEPT_NOTHING;
	gboolean existed;
	struct stat copy_st, db_st;
	int rc;

	if (!td_command_line_parse("COPY - put a copy made by tiepdon backup back as the database (a kiosk on its "
				   "own file, the kiosk stopped); without --apply, say what it would replace",
				   entries, NULL, TD_COMMAND_LINE_ARGUMENTS_ALLOWED, &argc, &argv) ||
	    argc != 2)
		return td_command_line_print_usage("[--config FILE] [--apply] COPY");
	if ((rc = td_cli_open(config_path, TD_CLI_NO_STORE, &config, NULL)) != TD_EXIT_OK)
		return rc;
	if (config->storage_url != NULL) {
		error = g_error_new_literal(TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
					    "the station's PostgreSQL is restored on its server (DEPLOY.md), not by tiepdon");
		return td_cli_fail(error);
	}
	if (stat(argv[1], &copy_st) != 0 || !S_ISREG(copy_st.st_mode)) {
		error = g_error_new(G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such copy", argv[1]);
		return td_cli_fail(error);
	}
	if (stat(config->storage_path, &db_st) == 0 && db_st.st_dev == copy_st.st_dev && db_st.st_ino == copy_st.st_ino) {
		error = g_error_new(G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is the database itself, not a copy", argv[1]);
		return td_cli_fail(error);
	}
	/* whole, a tiepdon database, of this schema or an older one */
	copy = td_sqlite_store_open_read_only(argv[1], &error);
	if (copy == NULL || !td_sqlite_store_check_integrity(copy, &error))
		return td_cli_fail(error);
	copy_newest = cli_newest_record(copy);
	data_dir = g_path_get_dirname(config->storage_path);
	existed = g_file_test(config->storage_path, G_FILE_TEST_EXISTS);
	if (existed) {
		g_autoptr(TdSqliteStore) current = td_sqlite_store_open_read_only(config->storage_path, NULL);
		current_newest = current != NULL ? cli_newest_record(current) : g_strdup("not readable");
	}
	if (!apply) {
		printf("Sẽ thay (would replace) %s (%s)\n  bằng (with) %s (%s, schema %u)\n",
		       config->storage_path, current_newest != NULL ? current_newest : "none yet", argv[1], copy_newest,
		       td_sqlite_store_get_schema_version(copy));
		if (existed)
			printf("Bản đang dùng được giữ lại (the database replaced is kept) in %s as %s…, %u ngày (days)\n",
			       data_dir, TD_REPLACED_NAME_PREFIX, config->backup_keep_days);
		printf("Lượt tiếp đón sau bản sao không còn trong hồ sơ (records after the copy leave the records). "
		       "Thêm (add) --apply, máy tiếp đón đã tắt (the kiosk stopped).\n");
		return td_cli_flush_output();
	}
	keep = td_store_backup_replaced_path(data_dir, now);
	if (!td_sqlite_store_replace_from(config->storage_path, copy, keep, &kept, &error))
		return td_cli_fail(error);
	/* opened as the kiosk opens it: an older copy migrated, and checked */
	restored = td_sqlite_store_new(config->storage_path, &error);
	if (restored == NULL || !td_sqlite_store_check_integrity(restored, &error))
		return td_cli_fail(error);
	printf("Đã khôi phục (restored) %s từ (from) %s: schema %u, %s\n", config->storage_path, argv[1],
	       td_sqlite_store_get_schema_version(restored), copy_newest);
	/* the way back, should the copy be the wrong one */
	if (kept != TD_STORE_KEPT_NOTHING)
		printf("Bản cũ được giữ lại (the database it replaced, kept): %s\n"
		       "  tiepdon purge xóa sau %u ngày (removed by tiepdon purge after %u days)\n",
		       keep, config->backup_keep_days, config->backup_keep_days);
	if (kept == TD_STORE_KEPT_DATABASE)
		printf("  khôi phục lại (to put it back): tiepdon restore --apply %s\n", keep);
	else if (kept == TD_STORE_KEPT_BYTES)
		printf("  giữ nguyên như cũ, không đọc được (as it was: not readable as a database)\n");
	return td_cli_flush_output();
}
