/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon backup: today's copy of a kiosk's own records (SQLite) in
 * [storage] backup-dir, and the copies past backup-keep-days removed;
 * tiepdon-backup.timer runs it each night after the retention pass
 * (td-store-backup.h; DEPLOY.md, 9, "Copies"). */
#include "config.h"

#include <stdio.h>

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
