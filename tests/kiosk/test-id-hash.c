/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The stored ID hash against someone holding a copy of the data folder,
 * and the key that makes it: a crash while the key is written leaves a
 * kiosk that works. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "td-config.h"
#include "td-id-hash.h"
#include "td-sqlite-store.h"
#include "td-test-kiosk.h"

/* Hà Nội (001), a man born in the 1900s (0), in 1958 (58): the six digits
 * after them are all an attacker does not know. */
#define TD_TEST_ID_PREFIX "001058"
/* IDs tried around each patient's own with a key from the copy */
#define TD_TEST_ATTACK_WINDOW 2000

static gchar *tmp_dir;

/* A station laid out as DEPLOY.md says: settings and key in one folder
 * (/etc/tiepdon), the database in another (/var/lib/tiepdon). */
static gchar *
make_station(const gchar *name, const gchar *extra, gchar **data_dir_out)
{
	g_autofree gchar *root = g_build_filename(tmp_dir, name, NULL);
	g_autofree gchar *etc = g_build_filename(root, "etc", NULL);
	g_autofree gchar *data = g_build_filename(root, "data", NULL);
	g_autofree gchar *contents = NULL;
	gchar *config = g_build_filename(etc, "tiepdon.conf", NULL);

	g_assert_cmpint(g_mkdir_with_parents(etc, 0750), ==, 0);
	g_assert_cmpint(g_mkdir_with_parents(data, 0700), ==, 0);
	contents = g_strdup_printf("[station]\ncode=01001\n%s[storage]\npath=%s/tiepdon.db\n", extra, data);
	g_assert_true(g_file_set_contents_full(config, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0640, NULL));
	if (data_dir_out != NULL)
		*data_dir_out = g_steal_pointer(&data);
	return config;
}

/* ---- the stolen copy ---- */

typedef struct {
	TdIdHasher *hasher;
	GHashTable *stored; /* the copy's id_hash values */
	guint first, last;  /* the six unknown digits tried: first..last-1 */
	GMutex *lock;
	GPtrArray *found; /* IDs whose hash is in the copy */
} TdAttack;

static gpointer
attack_thread(gpointer data)
{
	TdAttack *attack = data;

	for (guint n = attack->first; n < attack->last; n++) {
		gchar id[13];
		g_autofree gchar *hash = NULL;

		g_snprintf(id, sizeof(id), TD_TEST_ID_PREFIX "%06u", n);
		hash = td_id_hasher_hash(attack->hasher, id);
		g_assert_nonnull(hash);
		if (g_hash_table_contains(attack->stored, hash)) {
			g_mutex_lock(attack->lock);
			g_ptr_array_add(attack->found, g_strdup(id));
			g_mutex_unlock(attack->lock);
		}
	}
	return NULL;
}

/* Every ID from first to last under one key, on two threads. */
static void
attack_with_key(GBytes *key, GHashTable *stored, guint first, guint last, GPtrArray *found)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdIdHasher) hasher = td_id_hasher_new(key, TD_ID_HASH_MIN_COST, &error);
	TdAttack halves[2];
	GThread *threads[2];
	GMutex lock;
	guint middle = first + (last - first) / 2;

	g_assert_no_error(error);
	g_mutex_init(&lock);
	for (guint i = 0; i < 2; i++) {
		halves[i] = (TdAttack){hasher, stored, i == 0 ? first : middle, i == 0 ? middle : last, &lock, found};
		threads[i] = g_thread_new("attack", attack_thread, &halves[i]);
	}
	for (guint i = 0; i < 2; i++)
		g_thread_join(threads[i]);
	g_mutex_clear(&lock);
}

static GHashTable *
stored_hashes(const gchar *db_path)
{
	GHashTable *stored = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	g_assert_cmpint(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT id_hash FROM checkins WHERE id_hash IS NOT NULL", -1, &stmt, NULL),
			==, SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		g_hash_table_add(stored, g_strdup((const gchar *)sqlite3_column_text(stmt, 0)));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return stored;
}

static void
record_patient(TdSqliteStore *store, TdConfig *config, const gchar *id12)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();

	g_strlcpy(rec->day, "2024-09-02", sizeof(rec->day));
	rec->card_verdict = TD_CARD_VERDICT_GENUINE;
	rec->eligibility = TD_ELIGIBILITY_ELIGIBLE;
	rec->vneid = TD_VNEID_INTEGRATED;
	rec->outcome = TD_OUTCOME_CHECKED_IN;
	/* as the kiosk does it (td-checkin-kiosk.c) */
	rec->id_hash = td_config_hash_id(config, id12);
	g_assert_nonnull(rec->id_hash);
	g_assert_true(td_store_record_checkin(TD_STORE(store), rec, NULL, &error));
}

/* Someone copies the data folder (a backup, a stolen disk) but not
 * /etc/tiepdon. Trying the IDs around the two patients of one province,
 * sex and birth year with everything the copy holds as the key finds
 * neither; the same attack with the real key finds the patient, so the
 * attack itself is sound. The hash is a function of key and ID, so a key
 * that misses a patient's own ID misses them anywhere: the windows prove
 * what the whole million would (which cost 2.5 minutes under ASan). The
 * slow step's cost is lowered to its minimum here only. */
static void
test_copy_of_data_folder(void)
{
	/* two patients of the attacked province, sex and year (a third is
	 * from another) */
	static const guint patients[] = {12345, 777001};
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *config_path = make_station("stolen", "id-hash-cost=1\n", &data_dir);
	g_autoptr(TdConfig) config = td_config_load(config_path, &error);
	g_autoptr(TdSqliteStore) store = NULL;
	g_autofree gchar *copy = g_build_filename(tmp_dir, "stolen-copy", NULL);
	g_autofree gchar *copy_db = g_build_filename(copy, "tiepdon.db", NULL);
	g_autofree gchar *cmd = g_strdup_printf("cp -a '%s' '%s'", data_dir, copy);
	g_autoptr(GHashTable) stored = NULL;
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GBytes) real_key = NULL;
	const gchar *name;
	gint64 start;

	g_assert_no_error(error);
	g_assert_cmpuint(config->id_hash_cost, ==, 1);
	store = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);
	for (guint p = 0; p < G_N_ELEMENTS(patients); p++) {
		g_autofree gchar *id12 = g_strdup_printf(TD_TEST_ID_PREFIX "%06u", patients[p]);
		record_patient(store, config, id12);
	}
	record_patient(store, config, "079190000001");
	g_clear_object(&store);

	/* the copy: the whole data folder; every file in it as a key, and no
	 * key at all */
	g_assert_true(g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL));
	g_ptr_array_add(keys, g_bytes_new(NULL, 0));
	dir = g_dir_open(copy, 0, &error);
	g_assert_no_error(error);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename(copy, name, NULL);
		gchar *contents = NULL;
		gsize len = 0;
		g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
		g_ptr_array_add(keys, g_bytes_new_take(contents, len));
		g_test_message("the copy holds %s (%" G_GSIZE_FORMAT " bytes)", name, len);
	}
	stored = stored_hashes(copy_db);
	g_assert_cmpuint(g_hash_table_size(stored), ==, 3);
	start = g_get_monotonic_time();
	for (guint i = 0; i < keys->len; i++) {
		for (guint p = 0; p < G_N_ELEMENTS(patients); p++)
			attack_with_key(g_ptr_array_index(keys, i), stored, patients[p] - TD_TEST_ATTACK_WINDOW / 2,
					patients[p] + TD_TEST_ATTACK_WINDOW / 2, found);
	}
	g_test_message("%u keys x %d IDs tried in %.1f s: %u found", keys->len,
		       (gint)G_N_ELEMENTS(patients) * TD_TEST_ATTACK_WINDOW,
		       (g_get_monotonic_time() - start) / 1e6, found->len);
	for (guint i = 0; i < found->len; i++)
		g_test_message("found %s", (const gchar *)g_ptr_array_index(found, i));
	g_assert_cmpuint(found->len, ==, 0);

	/* with the key from the settings folder the same attack works */
	real_key = td_id_hash_key_load(config->id_hash_key_file, FALSE, &error);
	g_assert_no_error(error);
	attack_with_key(real_key, stored, 12000, 13000, found);
	g_assert_cmpuint(found->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(found, 0), ==, TD_TEST_ID_PREFIX "012345");
}

/* ---- a crash while the key is written ---- */

static gint
checkin(const gchar *config_path, const gchar *const *env, gchar **out)
{
	g_auto(TdTiepdonRun) run = {0};
	const gchar *args[] = {"checkin",	   "--config", config_path,	"--vchip", TD_VCHIP_PROFILES_DIR "/example.ini",
			       "--id",		   "001058012345", "--dob",	"580315",  "--json",
			       NULL};
	gint status = td_tiepdon_runv(&run, env, NULL, args);
	if (out != NULL)
		*out = g_steal_pointer(&run.out);
	return status;
}

/* The kiosk's first start (here tiepdon checkin) and `tiepdon create-key`
 * killed at each step of writing the key: what is left is no key or a
 * whole one, and the next check-in goes through. */
static void
test_crash_while_key_written(void)
{
	const gchar *points[] = {"file-replace-created", "file-replace-written", "file-replace-renamed"};
	const gchar *writers[] = {"checkin", "create-key"};

	for (guint w = 0; w < G_N_ELEMENTS(writers); w++) {
		for (guint p = 0; p < G_N_ELEMENTS(points); p++) {
			g_autofree gchar *name = g_strdup_printf("crash-%s-%s", writers[w], points[p]);
			g_autofree gchar *config_path = make_station(name, "", NULL);
			g_autoptr(TdConfig) config = td_config_load(config_path, NULL);
			g_autofree gchar *fault = g_strdup_printf("TD_FAULT_POINT=%s", points[p]);
			const gchar *env[] = {fault, NULL};
			g_auto(TdTiepdonRun) run = {0};
			g_autofree gchar *out = NULL;
			g_autofree gchar *key_before = NULL;
			g_autofree gchar *key_after = NULL;
			g_autofree gchar *doctor = NULL;
			gsize len = 0;

			g_test_message("%s killed at %s", writers[w], points[p]);
			if (w == 0)
				g_assert_cmpint(checkin(config_path, env, NULL), ==, -1);
			else
				td_tiepdon_run(&run, env, NULL, "create-key", "--config", config_path, NULL);
			g_assert_cmpint(w == 0 ? SIGKILL : run.signal, ==, SIGKILL);
			/* no key, or all of it: never a part */
			if (g_file_get_contents(config->id_hash_key_file, &key_before, &len, NULL))
				g_assert_cmpuint(len, ==, TD_ID_HASH_KEY_LEN);

			g_assert_cmpint(checkin(config_path, NULL, &out), ==, 0);
			g_assert_nonnull(strstr(out, "\"queue_number\" : 1"));
			g_assert_true(g_file_get_contents(config->id_hash_key_file, &key_after, &len, NULL));
			g_assert_cmpuint(len, ==, TD_ID_HASH_KEY_LEN);
			/* a whole key that was there is the one used */
			if (key_before != NULL)
				g_assert_cmpmem(key_before, TD_ID_HASH_KEY_LEN, key_after, TD_ID_HASH_KEY_LEN);
			g_assert_true(td_test_doctor_line(config_path, "ID key", &doctor));
		}
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	tmp_dir = td_test_make_tmp_dir("td-id-hash-XXXXXX");
	g_test_add_func("/id-hash/copy-of-data-folder", test_copy_of_data_folder);
	g_test_add_func("/id-hash/crash-while-key-written", test_crash_while_key_written);
	return td_test_run_and_remove(tmp_dir);
}
