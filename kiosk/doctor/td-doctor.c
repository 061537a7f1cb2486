/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>

#include "td-deploy-checks.h"
#include "td-doctor.h"
#include "td-gateway-client.h"
#include "td-pcsc-transport.h"
#include "td-report-send.h"
#include "td-sqlite-store.h"
#include "td-trust-store.h"

static void
doctor_pcsc(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) readers = td_pcsc_list_readers(&error);
	g_autofree gchar *list = NULL;

	if (readers == NULL) {
		g_ptr_array_add(results, td_check_result_new("pcscd", FALSE, "not reachable: %s", error->message));
		return;
	}
	g_ptr_array_add(results, td_check_result_new("pcscd", TRUE, "running"));
	list = g_strjoinv(", ", readers);
	if (readers[0] == NULL)
		g_ptr_array_add(results, td_check_result_new("reader", FALSE, "no card reader connected"));
	else if (config->reader_name != NULL && !g_strv_contains((const gchar *const *)readers, config->reader_name))
		g_ptr_array_add(results, td_check_result_new("reader", FALSE, "configured reader '%s' not found (found: %s)",
							     config->reader_name, list));
	else
		g_ptr_array_add(results, td_check_result_new("reader", TRUE, "%u found: %s", g_strv_length(readers), list));
}

static void
doctor_trust(GPtrArray *results, const gchar *trust_dir)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTrustStore) store = NULL;
	GPtrArray *skipped;
	guint n;

	if (trust_dir == NULL) {
		g_ptr_array_add(results, td_check_result_new("trust store", FALSE,
							     "no [reader] trust-dir: every card will be sent to staff"));
		return;
	}
	store = td_trust_store_new_from_directory(trust_dir, &error);
	if (store == NULL) {
		g_ptr_array_add(results, td_check_result_new("trust store", FALSE, "%s", error->message));
		return;
	}
	n = td_trust_store_get_n_anchors(store);
	skipped = td_trust_store_get_skipped_files(store);
	g_ptr_array_add(results,
			td_check_result_new("trust store", n > 0, "%u CSCA%s, %u CRL%s in %s%s%s", n, n == 1 ? "" : "s",
					    td_trust_store_get_n_crls(store),
					    td_trust_store_get_n_crls(store) == 1 ? "" : "s", trust_dir,
					    n == 0 ? ": no CSCA, every card will be sent to staff" : "",
					    skipped != NULL && skipped->len > 0 ? " (some files skipped)" : ""));
}

/* A token take only (td_gateway_client_probe): it proves address, TLS,
 * account and password without spending a look-up of the rate-limited
 * card check. */
static void
doctor_gateway(GPtrArray *results, TdConfig *config, GCancellable *cancellable)
{
	const TdGatewayConfig *gw = config->gateway;
	g_autoptr(TdGatewayClient) client = NULL;
	g_autoptr(GError) error = NULL;
	gint64 start = g_get_monotonic_time();

	if (gw == NULL) {
		g_ptr_array_add(results, td_check_result_new("gateway", FALSE,
							     "no [gateway] configured: every check-in pends eligibility"));
		return;
	}
	client = td_gateway_client_new(gw);
	if (!td_gateway_client_probe(client, cancellable, &error)) {
		g_ptr_array_add(results, td_check_result_new("gateway", FALSE, "%s: no token: %s", gw->url, error->message));
		return;
	}
	g_ptr_array_add(results, td_check_result_new("gateway", TRUE, "%s: token taken for %s in %.1f s", gw->url,
						     gw->username, (g_get_monotonic_time() - start) / 1e6));
}

static void
doctor_database(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSqliteStore) store = NULL;
	g_autofree gchar *dir = g_path_get_dirname(config->storage_path);

	/* opening creates or migrates it (a write); then the file and its
	 * folder (for the WAL and journal) must stay writable */
	store = td_sqlite_store_new(config->storage_path, &error);
	if (store == NULL) {
		g_ptr_array_add(results, td_check_result_new("database", FALSE, "%s: %s", config->storage_path,
							     error->message));
		return;
	}
	if (access(config->storage_path, W_OK) != 0 || access(dir, W_OK) != 0) {
		g_ptr_array_add(results, td_check_result_new("database", FALSE, "%s: not writable by this user",
							     config->storage_path));
		return;
	}
	if (!td_sqlite_store_check_integrity(store, &error)) {
		g_ptr_array_add(results, td_check_result_new("database", FALSE, "%s: %s", config->storage_path,
							     error->message));
		return;
	}
	g_ptr_array_add(results, td_check_result_new("database", TRUE, "%s: writable, schema %u, integrity ok",
						     config->storage_path, td_sqlite_store_get_schema_version(store)));
}

static void
doctor_disk(GPtrArray *results, TdConfig *config, GCancellable *cancellable)
{
	g_autofree gchar *dir = g_path_get_dirname(config->storage_path);
	g_autoptr(GFile) file = g_file_new_for_path(dir);
	g_autoptr(GError) error = NULL;
	g_autoptr(GFileInfo) info =
	    g_file_query_filesystem_info(file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, cancellable, &error);
	guint64 free_bytes;

	if (info == NULL) {
		g_ptr_array_add(results, td_check_result_new("disk", FALSE, "%s: %s", dir, error->message));
		return;
	}
	free_bytes = g_file_info_get_attribute_uint64(info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
	g_ptr_array_add(results, td_check_result_new("disk", free_bytes >= TD_DOCTOR_MIN_FREE_BYTES,
						     "%" G_GUINT64_FORMAT " MB free in %s%s", free_bytes / (1024 * 1024),
						     dir, free_bytes >= TD_DOCTOR_MIN_FREE_BYTES ? "" : " (under 500 MB)"));
}

/* The daily report's way up: last sent, pending days, last error. */
static void
doctor_report(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportSettings) settings = td_report_settings_new(config, &error);
	g_autofree gchar *status = NULL;
	gboolean ok = FALSE;

	if (settings == NULL) {
		g_ptr_array_add(results, td_check_result_new("report", FALSE, "%s", error->message));
		return;
	}
	status = td_report_send_status(settings, NULL, &ok);
	g_ptr_array_add(results, td_check_result_new("report", ok, "%s", status));
}

GPtrArray *
td_doctor_run(TdConfig *config, const gchar *trust_dir, GCancellable *cancellable)
{
	GPtrArray *results = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
	g_autoptr(GPtrArray) deploy = NULL;

	doctor_pcsc(results, config);
	doctor_trust(results, trust_dir != NULL ? trust_dir : config->trust_dir);
	doctor_gateway(results, config, cancellable);
	doctor_database(results, config);
	doctor_disk(results, config, cancellable);
	doctor_report(results, config);
	deploy = td_deploy_checks_run(config->key_file);
	for (guint i = 0; deploy != NULL && i < deploy->len; i++)
		g_ptr_array_add(results, g_steal_pointer(&g_ptr_array_index(deploy, i)));
	if (deploy != NULL)
		g_ptr_array_set_free_func(deploy, NULL);
	return results;
}
