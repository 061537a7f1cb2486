/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-deploy-checks.h"
#include "td-doctor.h"
#include "td-gateway-client.h"
#include "td-id-hash.h"
#include "td-journaled-store.h"
#include "td-pcsc-transport.h"
#include "td-report.h"
#include "td-report-send.h"
#include "td-pg-store.h"
#include "td-sqlite-store.h"
#include "td-store-backup.h"
#include "td-staff-pin.h"
#include "td-store-open.h"
#include "td-trust-store.h"

static void
doctor_pcsc(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) readers = td_pcsc_list_readers(&error);
	g_autofree gchar *list = NULL;

	if (readers == NULL) {
		g_ptr_array_add(results, td_check_result_new("pcscd", FALSE, _("not reachable: %s"), error->message));
		return;
	}
	g_ptr_array_add(results, td_check_result_new("pcscd", TRUE, "%s", _("running")));
	list = g_strjoinv(", ", readers);
	if (readers[0] == NULL)
		g_ptr_array_add(results, td_check_result_new("reader", FALSE, "%s", _("no card reader connected")));
	else if (config->reader_name != NULL && !g_strv_contains((const gchar *const *)readers, config->reader_name))
		g_ptr_array_add(results, td_check_result_new("reader", FALSE, _("configured reader '%s' not found (found: %s)"),
							     config->reader_name, list));
	else
		g_ptr_array_add(results, td_check_result_new("reader", TRUE, _("%u found: %s"), g_strv_length(readers), list));
}

static void
doctor_trust(GPtrArray *results, const gchar *trust_dir)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTrustStore) store = NULL;
	g_autofree gchar *anchors = NULL;
	g_autofree gchar *crls = NULL;
	GPtrArray *skipped;
	guint n, n_crls;

	if (trust_dir == NULL) {
		g_ptr_array_add(results, td_check_result_new("trust store", FALSE, "%s",
							     _("no [reader] trust-dir: every card will be sent to staff")));
		return;
	}
	store = td_trust_store_new_from_directory(trust_dir, &error);
	if (store == NULL) {
		/* the kiosk loads it at its start and would refuse to run: one
		 * that runs holds the copy it loaded, so this is the
		 * administrator's before the next start, not the desk's */
		TdCheckResult *result = td_check_result_new("trust store", FALSE, "%s", error->message);
		result->effect = TD_CHECK_EFFECT_NONE;
		g_ptr_array_add(results, result);
		return;
	}
	n = td_trust_store_get_n_anchors(store);
	n_crls = td_trust_store_get_n_crls(store);
	skipped = td_trust_store_get_skipped_files(store);
	anchors = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u CSCA", "%u CSCAs", n), n);
	crls = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u CRL", "%u CRLs", n_crls), n_crls);
	g_ptr_array_add(results,
			td_check_result_new("trust store", n > 0, _("%s, %s in %s%s%s"), anchors, crls, trust_dir,
					    n == 0 ? _(": no CSCA, every card will be sent to staff") : "",
					    skipped != NULL && skipped->len > 0 ? _(" (some files skipped)") : ""));
}

/* A misspelt setting keeps the default of the one meant, without a word:
 * said here, on the kiosk and the reception PC, the administrator's to
 * mend; the kiosk goes on with the rest. */
static void
doctor_config(GPtrArray *results, TdConfig *config)
{
	g_autofree gchar *settings = NULL;
	TdCheckResult *result;

	if (config->unknown_settings[0] == NULL)
		return;
	settings = g_strjoinv(", ", config->unknown_settings);
	result = td_check_result_new("config", FALSE, _("settings tiepdon does not know, left out: %s"), settings);
	result->effect = TD_CHECK_EFFECT_NONE;
	/* the keys mean nothing to reception; that there is a slip to mend
	 * tells the administrator what to look for */
	result->desk_words = N_("a setting is misspelt and has no effect, tell the administrator");
	g_ptr_array_add(results, result);
}

/* A token take only (td_gateway_client_probe): it proves address, TLS,
 * account and password without spending a look-up of the rate-limited
 * card check. */
static void
doctor_gateway(GPtrArray *results, TdConfig *config, TdGatewayClient *kiosk_client, GCancellable *cancellable)
{
	const TdGatewayConfig *gw = config->gateway;
	g_autoptr(TdGatewayClient) client = NULL;
	g_autoptr(GError) error = NULL;
	gint64 start = g_get_monotonic_time();

	if (gw == NULL) {
		/* no look-up at all: "not checked", which the desk decides */
		TdCheckResult *result = td_check_result_new(
		    "gateway", FALSE, "%s", _("no [gateway] configured: every patient is sent to reception for the insurance"));
		result->effect = TD_CHECK_EFFECT_INSURANCE_AT_DESK;
		g_ptr_array_add(results, result);
		return;
	}
	client = kiosk_client != NULL ? g_object_ref(kiosk_client) : td_gateway_client_new(gw);
	if (!td_gateway_client_probe(client, cancellable, &error)) {
		g_ptr_array_add(results, td_check_result_new("gateway", FALSE, _("%s: no token: %s"), gw->url, error->message));
		return;
	}
	g_ptr_array_add(results, td_check_result_new("gateway", TRUE, _("%s: token taken for %s in %.1f s"), gw->url,
						     gw->username, (g_get_monotonic_time() - start) / 1e6));
}

/* What the kiosk's offline journal holds (td-journaled-store.h), said
 * after the database line: "" when it is empty and the kiosk online. */
static gchar *
doctor_offline_note(TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GString) note = g_string_new(NULL);
	TdJournalState state;

	if (!td_journal_state_read_file(config->journal_path, &state, &error))
		return g_strdup_printf(_("; the offline journal cannot be read: %s"), error->message);
	if (state.offline_since != 0 || state.waiting != 0) {
		g_autoptr(GDateTime) since = g_date_time_new_from_unix_local(
		    state.offline_since != 0 ? state.offline_since : state.oldest_waiting);
		/* the day too when it was not today */
		g_autofree gchar *when =
		    g_date_time_format(since, g_date_time_get_day_of_year(since) == g_date_time_get_day_of_year(now) &&
						      g_date_time_get_year(since) == g_date_time_get_year(now)
						  ? "%H:%M"
						  : "%Y-%m-%d %H:%M");
		if (state.offline_since == 0)
			/* online, with check-ins the server refused (an earlier day's) */
			g_string_append_printf(
			    note,
			    g_dngettext(GETTEXT_PACKAGE, "; %u check-in of the offline journal not sent, from %s",
					"; %u check-ins of the offline journal not sent, the oldest from %s", state.waiting),
			    state.waiting, when);
		else
			g_string_append_printf(note,
					       g_dngettext(GETTEXT_PACKAGE,
							   "; offline since %s, %u check-in waiting to be sent",
							   "; offline since %s, %u check-ins waiting to be sent", state.waiting),
					       when, state.waiting);
	}
	/* audit rows and VNeID answers wait too: in an outage, and online
	 * when the server refused them (a schema before 8, or before 11 for
	 * an audit row about a check-in) */
	if (state.actions_waiting > 0)
		g_string_append_printf(note,
				       g_dngettext(GETTEXT_PACKAGE, "; %u audit row of the offline journal not sent",
						   "; %u audit rows of the offline journal not sent", state.actions_waiting),
				       state.actions_waiting);
	if (state.answers_waiting > 0)
		g_string_append_printf(note,
				       g_dngettext(GETTEXT_PACKAGE, "; %u VNeID answer of the offline journal not sent",
						   "; %u VNeID answers of the offline journal not sent",
						   state.answers_waiting),
				       state.answers_waiting);
	return g_string_free(g_steal_pointer(&note), FALSE);
}

/* How far the kiosk's clock may be from the database server's before
 * the doctor says so: the audit trail's times and the reports' days come
 * from the kiosk, and a PC whose battery went flat starts in another
 * year. */
#define TD_DOCTOR_MAX_CLOCK_SKEW_S 120

/* The kiosk's day against the station's day on the server: the kiosk's
 * role may write only the station's today (row security), so a kiosk
 * whose time zone or clock is off has every check-in refused. */
static void
doctor_pg_clock(GPtrArray *results, TdPgStore *store)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *kiosk_day = td_report_today();
	gchar station_day[11];
	gint64 server_now = 0;
	gint64 skew;

	if (!td_pg_store_get_station_clock(store, &server_now, station_day, &error)) {
		g_ptr_array_add(results, td_check_result_new("clock", FALSE, "%s", error->message));
		return;
	}
	skew = g_get_real_time() / G_USEC_PER_SEC - server_now;
	if (g_strcmp0(kiosk_day, station_day) != 0) {
		TdCheckResult *result =
		    td_check_result_new("clock", FALSE,
					_("the kiosk's day is %s, the station's day on the database is %s: no "
					  "check-in can be stored until the kiosk's time zone and clock are set; "
					  "please tell the administrator (timedatectl)"),
					kiosk_day, station_day);
		result->effect = TD_CHECK_EFFECT_NOT_STORED;
		g_ptr_array_add(results, result);
		return;
	}
	if (ABS(skew) > TD_DOCTOR_MAX_CLOCK_SKEW_S) {
		g_ptr_array_add(results, td_check_result_new("clock", FALSE,
							     _("the kiosk's clock is %.0f s off the database server's: please "
							       "tell the administrator to turn on time sync (timedatectl)"),
							     (gdouble)skew));
		return;
	}
	g_ptr_array_add(results, td_check_result_new("clock", TRUE, _("%s, as on the database server"), kiosk_day));
}

/* A kiosk on its own file has no server to set its clock by; but a clock
 * earlier than the newest record it stored has gone back: a PC switched
 * off at night whose clock battery is flat starts at an old date, and
 * files the day's check-ins under it (the numbers start again, the day's
 * report counts nobody, the gateway's certificate is "not yet valid").
 * Said only when so, with both dates: records a clock that ran ahead
 * once left in the future read the same, and the dates tell which. */
static void
doctor_sqlite_clock(GPtrArray *results, TdSqliteStore *store)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) newest = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree gchar *newest_text = NULL;
	g_autofree gchar *now_text = NULL;
	gint64 newest_unix = 0;
	TdCheckResult *result;

	if (!td_sqlite_store_get_newest_time(store, &newest_unix, &error)) {
		g_ptr_array_add(results, td_check_result_new("clock", FALSE, "%s", error->message));
		return;
	}
	if (newest_unix == 0 || g_date_time_to_unix(now) >= newest_unix - TD_DOCTOR_MAX_CLOCK_SKEW_S)
		return;
	newest = g_date_time_new_from_unix_local(newest_unix);
	newest_text = g_date_time_format(newest, "%d/%m/%Y %H:%M");
	now_text = g_date_time_format(now, "%d/%m/%Y %H:%M");
	result = td_check_result_new("clock", FALSE,
				     _("the clock reads %s, before the newest record stored (%s): it has gone back (a "
				       "flat clock battery?), and check-ins are filed under the wrong day; please tell "
				       "the administrator (timedatectl)"),
				     now_text, newest_text);
	/* stored, but under the wrong day: not "cannot be saved" */
	result->effect = TD_CHECK_EFFECT_NONE;
	result->desk_words = N_("the kiosk's clock has gone back, tell the administrator now");
	g_ptr_array_add(results, result);
}

/* A station's PostgreSQL: reachable with the kiosk's settings, its
 * schema this program's (opening refuses a newer one); and whether the
 * kiosk is working offline, on its journal. */
static TdStore *
doctor_pg_database(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = td_store_open_configured(config, TD_STORE_OPEN_READ_ONLY, &error);
	g_autofree gchar *what = NULL;
	g_autofree gchar *offline = doctor_offline_note(config);

	g_autofree gchar *holder = NULL;
	g_autofree gchar *letter_note = NULL;
	g_autofree gchar *namesakes = NULL;
	g_autofree gchar *namesake_note = NULL;

	if (store != NULL)
		what = td_pg_store_describe(TD_PG_STORE(store), &error);
	if (what == NULL) {
		TdCheckResult *result = td_check_result_new("database", FALSE, "%s%s", error->message, offline);
		/* out of reach, the kiosk numbers in its own letter meanwhile
		 * and sends the check-ins once the server is back
		 * (td-journaled-store.h); any other failure (its address, its
		 * schema, its rights) stores nothing */
		result->effect = g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)
				     ? TD_CHECK_EFFECT_OFFLINE
				     : TD_CHECK_EFFECT_NOT_STORED;
		g_ptr_array_add(results, result);
		return NULL;
	}
	/* the letter this kiosk numbers in offline: another kiosk's would
	 * give two patients the same B-001 */
	if (!td_pg_store_get_offline_letter_holder(TD_PG_STORE(store), config->offline_letter, &holder, &error))
		letter_note = g_strdup_printf(_("; its offline letter cannot be checked: %s"), error->message);
	else if (holder != NULL && g_strcmp0(holder, config->kiosk_id) != 0)
		letter_note = g_strdup_printf(_("; offline letter %s is kiosk %s's too: give each kiosk its own"),
					      config->offline_letter, holder);
	/* one kiosk id on two machines (cloned from one image): their
	 * records mix, and the letter's claim passes for both */
	if (td_pg_store_find_namesakes(TD_PG_STORE(store), &namesakes, NULL) && namesakes != NULL)
		namesake_note = g_strdup_printf(_("; kiosk id %s is used by another machine too (%s): give each its own "
						  "[station] kiosk-id"),
						config->kiosk_id, namesakes);
	{
		TdCheckResult *result =
		    td_check_result_new("database", offline[0] == '\0' && letter_note == NULL && namesake_note == NULL,
					_("%s; kiosk %s%s%s%s"), what, config->kiosk_id, offline,
					letter_note != NULL ? letter_note : "", namesake_note != NULL ? namesake_note : "");
		/* reached: what is left to mend (a journal still sending, a
		 * letter or an id shared) is the administrator's */
		result->effect = TD_CHECK_EFFECT_NONE;
		g_ptr_array_add(results, result);
	}
	doctor_pg_clock(results, TD_PG_STORE(store));
	return g_steal_pointer(&store);
}

/* Read-only: a doctor run as root must not create a database the kiosk's
 * user then cannot open; in the kiosk it shares the kiosk's store. */
static TdStore *
doctor_database(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autofree gchar *dir = g_path_get_dirname(config->storage_path);

	if (config->storage_url != NULL)
		return doctor_pg_database(results, config);

	if (!g_file_test(config->storage_path, G_FILE_TEST_EXISTS)) {
		gboolean ok = g_file_test(dir, G_FILE_TEST_IS_DIR) && access(dir, W_OK) == 0;
		g_ptr_array_add(results, td_check_result_new("database", ok, "%s: %s", config->storage_path,
							     ok ? _("none yet; the kiosk creates it at its first start")
								: _("none, and its folder is missing or not writable")));
		return NULL;
	}
	store = td_store_open_configured(config, TD_STORE_OPEN_READ_ONLY, &error);
	if (store == NULL) {
		g_ptr_array_add(results, td_check_result_new("database", FALSE, "%s", error->message));
		return NULL;
	}
	if (access(config->storage_path, W_OK) != 0 || access(dir, W_OK) != 0) {
		g_ptr_array_add(results, td_check_result_new("database", FALSE, _("%s: not writable by this user"),
							     config->storage_path));
		return g_steal_pointer(&store);
	}
	if (!td_sqlite_store_check_integrity(TD_SQLITE_STORE(store), &error)) {
		g_ptr_array_add(results, td_check_result_new("database", FALSE, "%s", error->message));
		return g_steal_pointer(&store);
	}
	g_ptr_array_add(results, td_check_result_new("database", TRUE, _("%s: writable, schema %u, integrity ok"),
						     config->storage_path,
						     td_sqlite_store_get_schema_version(TD_SQLITE_STORE(store))));
	doctor_sqlite_clock(results, TD_SQLITE_STORE(store));
	return g_steal_pointer(&store);
}

/* The database, -wal and -shm owner-only (corrected where ours), and a
 * folder nobody else may enter. */
static void
doctor_data_files(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *corrected = NULL;
	g_autofree gchar *dir = g_path_get_dirname(config->storage_path);
	struct stat st;

	if (!td_sqlite_store_secure_files(config->storage_path, FALSE, &corrected, &error)) {
		g_ptr_array_add(results, td_check_result_new("data files", FALSE, "%s", error->message));
		return;
	}
	if (stat(dir, &st) == 0 && (st.st_mode & 077) != 0) {
		g_ptr_array_add(results, td_check_result_new("data files", FALSE,
							     _("%s can be entered by others (mode %04o); run: chmod 700 %s"),
							     dir, (guint)(st.st_mode & 07777), dir));
		return;
	}
	g_ptr_array_add(results, td_check_result_new("data files", TRUE, _("owner-only in %s%s%s"), dir,
						     corrected != NULL ? _("; corrected: ") : "",
						     corrected != NULL ? corrected : ""));
}

/* The key is usable, safe, and not where a copy of the data would take
 * it along. */
static void
doctor_id_key(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) key = NULL;
	g_autoptr(TdIdHasher) hasher = NULL;
	g_autofree gchar *key_dir = g_path_get_dirname(config->id_hash_key_file);
	g_autofree gchar *data_dir = g_path_get_dirname(config->storage_path);
	g_autofree gchar *hash = NULL;
	struct stat key_st, data_st;
	gint64 start;

	if (!config->demo && stat(key_dir, &key_st) == 0 && stat(data_dir, &data_st) == 0 &&
	    key_st.st_dev == data_st.st_dev && key_st.st_ino == data_st.st_ino) {
		g_ptr_array_add(results, td_check_result_new("ID key", FALSE,
							     _("%s is in the data folder: a copy of the folder could be "
							       "matched to ID numbers; move it to %s ([station] id-hash-key-file)"),
							     config->id_hash_key_file, TD_SYSCONFDIR));
		return;
	}
	key = td_id_hash_key_load(config->id_hash_key_file, FALSE, &error);
	if (key == NULL) {
		g_ptr_array_add(results, td_check_result_new("ID key", FALSE, "%s%s", error->message,
							     g_error_matches(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY) &&
								     !g_file_test(config->id_hash_key_file,
										  G_FILE_TEST_EXISTS)
								 ? _("; run: tiepdon create-key (as root)")
								 : ""));
		return;
	}
	hasher = td_id_hasher_new(key, config->id_hash_cost, &error);
	start = g_get_monotonic_time();
	hash = hasher != NULL ? td_id_hasher_hash(hasher, "000000000000") : NULL;
	g_ptr_array_add(results,
			td_check_result_new("ID key", hash != NULL, _("%s: usable, outside the data folder; cost %u, %.0f ms a hash"),
					    config->id_hash_key_file, config->id_hash_cost,
					    (g_get_monotonic_time() - start) / 1000.0));
}

/* Retention runs daily: nothing personal older than retention-days and a
 * day's slack. */
static void
doctor_retention(GPtrArray *results, TdConfig *config, TdStore *store)
{
	g_autoptr(GError) error = NULL;
	gint64 oldest = 0;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	guint age_days;
	g_autofree gchar *age = NULL;

	if (store == NULL)
		return;
	if (!td_store_oldest_personal_record(store, &oldest, &error)) {
		g_ptr_array_add(results, td_check_result_new("personal data", FALSE, "%s", error->message));
		return;
	}
	if (oldest == 0) {
		g_ptr_array_add(results, td_check_result_new("personal data", TRUE, _("none stored; retention %u days"),
							     config->retention_days));
		return;
	}
	/* the station's records age by the database server's clock, as the
	 * purge erases them (td-pg-store-upkeep.c): a kiosk whose clock ran
	 * ahead would say retention has not run when it has; the clock line
	 * says the kiosk's clock is off */
	if (TD_IS_PG_STORE(store)) {
		gint64 server_now = 0;
		gchar server_day[11];
		if (td_pg_store_get_station_clock(TD_PG_STORE(store), &server_now, server_day, NULL))
			now = server_now;
	}
	age_days = (guint)(MAX(now - oldest, 0) / 86400);
	age = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "oldest personal record %u day old",
					  "oldest personal record %u days old", age_days),
			      age_days);
	g_ptr_array_add(results,
			td_check_result_new("personal data", age_days <= config->retention_days + 1,
					    _("%s; retention %u days, links %u days%s"), age, config->retention_days,
					    config->link_days,
					    age_days <= config->retention_days + 1
						? ""
						: _(": retention has not run; enable tiepdon-purge.timer or run tiepdon purge")));
}

/* A night's copy made at the most this long ago: the timer's day and two
 * hours of slack (a kiosk switched on late makes it at boot) */
#define TD_DOCTOR_BACKUP_MAX_AGE_S (26 * 3600)
/* reception's words for no recent copy (an msgid, as desk_words) */
#define TD_DOCTOR_BACKUP_DESK_WORDS N_("the records have not been copied lately, tell the administrator")

/* The nightly copies of a kiosk on its own file: one made in the last
 * day, none dated after today (a clock wrong now or then: rotation keeps
 * those, and a person must say which), none that the last run should
 * have removed (each holds personal data), and a word where they share
 * the records' disk (they do not outlive it). */
static void
doctor_backup(GPtrArray *results, TdConfig *config)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) copies = NULL;
	g_autofree gchar *today = td_report_today();
	g_autofree gchar *size = NULL;
	g_autofree gchar *data_dir = g_path_get_dirname(config->storage_path);
	const TdBackupCopy *newest, *oldest;
	struct stat copies_st, data_st;
	gint64 age_s;
	TdCheckResult *result;

	/* training data is made up; PostgreSQL is copied on its server */
	if (config->storage_url != NULL || (config->demo && config->backup_dir == NULL))
		return;
	if (config->backup_dir == NULL) {
		result = td_check_result_new("backup", TRUE, "%s", _("none made here ([storage] backup-dir is empty)"));
		result->not_set_up = TRUE;
		g_ptr_array_add(results, result);
		return;
	}
	copies = td_store_backup_list(config->backup_dir, &error);
	if (copies == NULL) {
		g_ptr_array_add(results, td_check_result_new("backup", FALSE, "%s: %s", config->backup_dir, error->message));
		return;
	}
	if (copies->len == 0) {
		result = td_check_result_new("backup", FALSE,
					     _("no copy yet in %s; enable tiepdon-backup.timer or run tiepdon backup"),
					     config->backup_dir);
		result->desk_words = TD_DOCTOR_BACKUP_DESK_WORDS;
		g_ptr_array_add(results, result);
		return;
	}
	/* newest first: one dated after today is first */
	newest = g_ptr_array_index(copies, 0);
	oldest = g_ptr_array_index(copies, copies->len - 1);
	if (td_store_backup_days_before(newest->day, today) < 0) {
		g_ptr_array_add(results, td_check_result_new("backup", FALSE,
							     _("a copy is dated %s, after today: the clock is wrong now "
							       "or was then; set it right, then remove %s if it is wrong"),
							     newest->day, newest->path));
		return;
	}
	age_s = g_get_real_time() / G_USEC_PER_SEC - newest->made_unix;
	if (age_s > TD_DOCTOR_BACKUP_MAX_AGE_S) {
		result = td_check_result_new("backup", FALSE,
					     _("the newest copy was made %u hours ago: enable tiepdon-backup.timer or run "
					       "tiepdon backup"),
					     (guint)MIN(age_s / 3600, G_MAXUINT));
		result->desk_words = TD_DOCTOR_BACKUP_DESK_WORDS;
		g_ptr_array_add(results, result);
		return;
	}
	/* measured from the newest copy, as its run removed the older ones:
	 * between midnight and tonight's run the oldest is a day older */
	if (td_store_backup_days_before(oldest->day, newest->day) >= (gint)config->backup_keep_days) {
		g_ptr_array_add(results, td_check_result_new("backup", FALSE,
							     _("a copy of %s is older than backup-keep-days (%u) and "
							       "holds personal data: run tiepdon backup"),
							     oldest->day, config->backup_keep_days));
		return;
	}
	size = g_format_size((guint64)newest->size);
	g_ptr_array_add(results, td_check_result_new("backup", TRUE, _("newest copy of %s (%s) in %s; %u kept, %u days%s"),
						     newest->day, size, config->backup_dir, copies->len,
						     config->backup_keep_days,
						     stat(config->backup_dir, &copies_st) == 0 &&
							     stat(data_dir, &data_st) == 0 &&
							     copies_st.st_dev == data_st.st_dev
							 ? _("; on the records' own disk: copies on another disk "
							     "outlive it")
							 : ""));
}

/* Someone can log in and open the manager's dashboard: the day's
 * figures, the reports sent up and the spreadsheets are theirs alone
 * (a person added is reception's; the station's account, a manager,
 * logs in only with its PIN in the settings). Counts, no names. */
static void
doctor_staff(GPtrArray *results, TdConfig *config, TdStore *store)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) staff = NULL;
	guint managers = 0, reception = 0;
	TdCheckResult *result;

	if (store == NULL)
		return; /* the database line says why */
	/* the login page's own list: who can log in at all */
	staff = td_staff_pin_accounts(store, config, &error);
	if (staff == NULL) {
		g_ptr_array_add(results, td_check_result_new("staff", FALSE, "%s", error->message));
		return;
	}
	for (guint i = 0; i < staff->len; i++) {
		const TdStaffMember *member = g_ptr_array_index(staff, i);
		if (member->manager)
			managers++;
		else
			reception++;
	}
	if (managers == 0) {
		/* a new station (no PIN set), or a PC whose settings lack the
		 * station's: the way in first, then a manager */
		result = td_check_result_new("staff", FALSE, "%s",
					     reception == 0
						 ? _("nobody can log in to the staff pages: run tiepdon set-pin, or "
						     "tiepdon staff add NAME")
						 : _("nobody can open the manager's dashboard: run tiepdon staff set-role "
						     "NAME manager"));
		result->desk_words = N_("nobody can open the manager's dashboard, tell the administrator");
		g_ptr_array_add(results, result);
		return;
	}
	g_ptr_array_add(results, td_check_result_new("staff", TRUE, _("%u can open the manager's dashboard, %u reception"),
						     managers, reception));
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
	g_autofree gchar *free_mb = NULL;

	if (info == NULL) {
		g_ptr_array_add(results, td_check_result_new("disk", FALSE, "%s: %s", dir, error->message));
		return;
	}
	free_bytes = g_file_info_get_attribute_uint64(info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
	free_mb = g_strdup_printf("%" G_GUINT64_FORMAT, free_bytes / (1024 * 1024));
	/* the records on this disk (SQLite) and no room for one more: the
	 * page's first sentence must not say the kiosk works as usual while
	 * it sends every patient to the desk (with PostgreSQL the records
	 * are the server's; this disk holds the offline journal only) */
	if (free_bytes < TD_DOCTOR_FULL_BYTES && config->storage_url == NULL) {
		TdCheckResult *result =
		    td_check_result_new("disk", FALSE, _("%s MB free in %s: full, check-ins cannot be saved"), free_mb, dir);
		result->effect = TD_CHECK_EFFECT_NOT_STORED;
		result->desk_words = N_("the disk is full, tell the administrator now");
		g_ptr_array_add(results, result);
		return;
	}
	g_ptr_array_add(results, td_check_result_new("disk", free_bytes >= TD_DOCTOR_MIN_FREE_BYTES, _("%s MB free in %s%s"),
						     free_mb, dir,
						     free_bytes >= TD_DOCTOR_MIN_FREE_BYTES ? "" : _(" (under 500 MB)")));
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
	((TdCheckResult *)g_ptr_array_index(results, results->len - 1))->not_set_up = settings->client == NULL;
}

const gchar *
td_doctor_language_from_environment(void)
{
	const gchar *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};

	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		const gchar *value = g_getenv(names[i]);
		if (value != NULL && value[0] != '\0')
			return g_str_has_prefix(value, "vi") ? "vi" : "en";
	}
	return "en";
}

void
td_doctor_set_language(const gchar *language)
{
	const gchar *locale_dir = g_getenv("TD_LOCALEDIR");

	bindtextdomain(GETTEXT_PACKAGE, locale_dir != NULL && locale_dir[0] != '\0' ? locale_dir : TD_DOCTOR_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	/* glibc ignores LANGUAGE in the C locale: C.UTF-8 keeps the rest as C */
	if (g_strcmp0(setlocale(LC_MESSAGES, NULL), "C") == 0 || g_strcmp0(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	g_setenv("LANGUAGE", language, TRUE);
}

GPtrArray *
td_doctor_run(TdConfig *config, const gchar *trust_dir, TdDoctorScope scope, TdGatewayClient *gateway,
	      GCancellable *cancellable)
{
	GPtrArray *results = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
	gboolean kiosk = scope == TD_DOCTOR_SCOPE_KIOSK;
	g_autoptr(GPtrArray) deploy = NULL;
	g_autoptr(TdStore) store = NULL;

	doctor_config(results, config);
	if (kiosk) {
		doctor_pcsc(results, config);
		doctor_trust(results, trust_dir != NULL ? trust_dir : config->trust_dir);
		doctor_gateway(results, config, gateway, cancellable);
	}
	/* the files' modes first, as found: opening the store corrects them */
	if (config->storage_url == NULL)
		doctor_data_files(results, config);
	store = doctor_database(results, config);
	doctor_staff(results, config, store);
	if (kiosk) {
		doctor_id_key(results, config);
		doctor_retention(results, config, store);
		doctor_backup(results, config);
	}
	doctor_disk(results, config, cancellable);
	if (kiosk)
		doctor_report(results, config);
	deploy = kiosk ? td_deploy_checks_run(config->key_file) : td_deploy_checks_run_desk(config->key_file);
	for (guint i = 0; deploy != NULL && i < deploy->len; i++)
		g_ptr_array_add(results, g_steal_pointer(&g_ptr_array_index(deploy, i)));
	if (deploy != NULL)
		g_ptr_array_set_free_func(deploy, NULL);
	return results;
}
