/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "td-config.h"
#include "td-id-hash.h"
#include "td-test-files.h"

static gchar *tmp_dir;

/* As an administrator leaves it: the owner's, nobody else's. */
static gchar *
write_config(const gchar *name, const gchar *contents)
{
	gchar *path = g_build_filename(tmp_dir, name, NULL);
	g_assert_true(g_file_set_contents_full(path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
	return path;
}

static void
test_valid(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = write_config("ok.conf",
					      "# station settings\n"
					      "[station]\ncode=01001\nname=Trạm Y tế xã A\n"
					      "[storage]\npath=data/t.db\nretention-days=45\n"
					      "[reader]\ntrust-dir=/etc/tiepdon/csca\n"
					      "[vneid]\nguide-url=https://example.vn/guide\n"
					      "[kiosk]\ndemo=true\n");
	g_autoptr(TdConfig) config = td_config_load(path, &error);
	g_autofree gchar *want_db = g_build_filename(tmp_dir, "data", "t.db", NULL);
	/* beside the settings, not in the data folder */
	g_autofree gchar *want_key = g_build_filename(tmp_dir, "id-hash.key", NULL);

	g_assert_no_error(error);
	g_assert_cmpstr(config->station_code, ==, "01001");
	g_assert_cmpstr(config->station_name, ==, "Trạm Y tế xã A");
	g_assert_cmpstr(config->storage_path, ==, want_db);
	g_assert_cmpstr(config->id_hash_key_file, ==, want_key);
	g_assert_cmpuint(config->retention_days, ==, 45);
	g_assert_cmpuint(config->link_days, ==, 90);
	g_assert_cmpuint(config->id_hash_cost, ==, TD_ID_HASH_DEFAULT_COST);
	g_assert_cmpstr(config->trust_dir, ==, "/etc/tiepdon/csca");
	g_assert_cmpuint(config->vneid_ask_again_days, ==, 90);
	g_assert_cmpuint(config->lockout_attempts, ==, 5);
	g_assert_cmpuint(config->lockout_minutes, ==, 15);
	g_assert_cmpuint(config->idle_timeout_s, ==, 60);
	g_assert_cmpuint(config->warning_s, ==, 15);
	g_assert_cmpuint(config->command_timeout_s, ==, 5);
	g_assert_cmpuint(config->card_timeout_s, ==, 20);
	g_assert_true(config->demo);
	g_assert_null(config->gateway); /* allowed: check-ins pend eligibility */
	g_assert_null(config->staff_pin_hash);
}

static void
assert_invalid(const gchar *contents, const gchar *expected_fragment)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = write_config("bad.conf", contents);
	g_autoptr(TdConfig) config = td_config_load(path, &error);
	g_assert_null(config);
	g_assert_nonnull(error);
	g_test_message("%s", error->message);
	/* the message names the file and the place */
	g_assert_nonnull(strstr(error->message, "bad.conf"));
	g_assert_nonnull(strstr(error->message, expected_fragment));
}

static void
test_invalid(void)
{
	assert_invalid("[storage]\npath=/tmp/x.db\n", "[station] code: missing");
	assert_invalid("[station]\ncode=01 001\n", "[station] code");
	assert_invalid("[station]\ncode=01001\n[storage]\nretention-days=abc\n",
		       "[storage] retention-days: 'abc' is not a whole number");
	assert_invalid("[station]\ncode=01001\n[storage]\nretention-days=0\n", "[storage] retention-days");
	assert_invalid("[station]\ncode=01001\n[kiosk]\ndemo=maybe\n", "[kiosk] demo: 'maybe' is not true or false");
	assert_invalid("[station]\ncode=01001\n[kiosk]\nidle-timeout-s=20\nwarning-s=30\n", "[kiosk] warning-s");
	assert_invalid("[station]\ncode=01001\n[staff]\npin-hash=1234\n", "[staff] pin-hash");
	assert_invalid("[station]\ncode=01001\n[reader]\ncommand-timeout=0\n", "[reader] command-timeout");
	assert_invalid("[station]\ncode=01001\n[reader]\ncommand-timeout=10\ncard-timeout=5\n",
		       "[reader] card-timeout: must not be shorter than command-timeout");
	assert_invalid("[station]\ncode=01001\n[vneid]\nguide-url=ftp://x\n", "[vneid] guide-url");
	/* an address whose QR code would not fit a 58 mm ticket */
	{
		g_autoptr(GString) long_url = g_string_new("[station]\ncode=01001\n[vneid]\nguide-url=https://x.vn/");
		while (long_url->len < 460)
			g_string_append_c(long_url, 'a');
		g_string_append_c(long_url, '\n');
		assert_invalid(long_url->str, "[vneid] guide-url: must be at most 400 characters");
	}
	assert_invalid("[station]\ncode=01001\n[gateway]\nurl=http://insecure.example\n", "[gateway]");
	assert_invalid("this is not a key file\n", "bad.conf");
	assert_invalid("[station]\ncode=01001\n[storage]\nlink-days=30\n", "[vneid] ask-again-days: must not be longer");
	assert_invalid("[station]\ncode=01001\nid-hash-cost=0\n", "[station] id-hash-cost");
	assert_invalid("[station]\ncode=01001\nid-hash-cost=17\n", "[station] id-hash-cost");
	assert_invalid("[station]\ncode=01001\nkiosk-id=quầy 1\n", "[station] kiosk-id: 1 to 32 letters");
	assert_invalid("[station]\ncode=01001\n[storage]\npath=/tmp/x.db\nurl=dbname=tiepdon\n",
		       "[storage] url: set either path=");
	assert_invalid("[station]\ncode=01001\noffline-letter=B\n[storage]\nurl=host=db.example dbname=tiepdon\n",
		       "[storage] url: a server reached over the network needs sslmode=verify-full");
	/* url=: each kiosk's series letter for what it takes offline */
	assert_invalid("[station]\ncode=01001\n[storage]\nurl=dbname=tiepdon\n",
		       "[station] offline-letter: missing; this setting is required");
	assert_invalid("[station]\ncode=01001\noffline-letter=b\n[storage]\nurl=dbname=tiepdon\n",
		       "[station] offline-letter: one capital letter A to Z");
	assert_invalid("[station]\ncode=01001\noffline-letter=BC\n[storage]\nurl=dbname=tiepdon\n",
		       "[station] offline-letter: one capital letter A to Z");
	assert_invalid("[station]\ncode=01001\noffline-letter=Đ\n[storage]\nurl=dbname=tiepdon\n",
		       "[station] offline-letter: one capital letter A to Z");
}

/* [storage] url= picks PostgreSQL; [station] kiosk-id defaults to the host
 * name, reduced to letters, digits and '-'. */
static void
test_storage_url_and_kiosk_id(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = write_config("pg.conf", "[station]\ncode=01001\nkiosk-id=quay-2\noffline-letter=C\n"
							 "[storage]\nurl=postgresql://db.example/tiepdon?sslmode=verify-full\n");
	g_autoptr(TdConfig) config = td_config_load(path, &error);
	g_autofree gchar *host_id = td_config_default_kiosk_id();

	g_assert_no_error(error);
	g_assert_cmpstr(config->storage_url, ==, "postgresql://db.example/tiepdon?sslmode=verify-full");
	g_assert_cmpstr(config->kiosk_id, ==, "quay-2");
	g_assert_cmpstr(config->offline_letter, ==, "C");
	/* the journal beside the data by default */
	g_assert_cmpstr(config->journal_path, ==, "/var/lib/tiepdon/offline-journal.db");
	g_clear_pointer(&config, td_config_free);
	g_free(path);
	path = write_config("sqlite.conf", "[station]\ncode=01001\n");
	config = td_config_load(path, &error);
	g_assert_no_error(error);
	g_assert_null(config->storage_url);
	/* SQLite needs no letter */
	g_assert_cmpstr(config->offline_letter, ==, "");
	g_assert_cmpstr(config->kiosk_id, ==, host_id);
	g_assert_cmpuint(strspn(host_id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"), ==,
			 strlen(host_id));
}

static void
test_missing_file(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = g_build_filename(tmp_dir, "nope.conf", NULL);
	g_assert_null(td_config_load(path, &error));
	g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_READ);
	g_assert_nonnull(strstr(error->message, "nope.conf"));
}

static void
test_id_hash(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir_a = g_build_filename(tmp_dir, "station-a", NULL);
	g_autofree gchar *dir_b = g_build_filename(tmp_dir, "station-b", NULL);
	g_autoptr(TdConfig) a = td_config_new_demo(dir_a, &error);
	g_autoptr(TdConfig) a_again = NULL;
	g_autoptr(TdConfig) b = td_config_new_demo(dir_b, &error);
	g_autofree gchar *h1 = NULL;
	g_autofree gchar *h2 = NULL;
	g_autofree gchar *h3 = NULL;
	g_autofree gchar *h4 = NULL;
	g_autofree gchar *h5 = NULL;
	struct passwd *nobody = getpwnam("nobody");
	struct stat st;

	g_assert_no_error(error);
	h1 = td_config_hash_id(a, "001099012345");
	g_assert_nonnull(h1);
	g_assert_cmpuint(strlen(h1), ==, 64);
	g_assert_null(strstr(h1, "001099012345"));
	/* the key was created on first use, owner-only, 32 bytes */
	g_assert_cmpint(g_stat(a->id_hash_key_file, &st), ==, 0);
	g_assert_cmpuint(st.st_mode & 0777, ==, 0600);
	g_assert_cmpint(st.st_size, ==, 32);
	/* the same station hashes the same ID the same way after a restart */
	a_again = td_config_new_demo(dir_a, &error);
	h2 = td_config_hash_id(a_again, "001099012345");
	g_assert_cmpstr(h1, ==, h2);
	/* another ID, or another station's key, gives another hash */
	h3 = td_config_hash_id(a, "001099012346");
	g_assert_cmpstr(h1, !=, h3);
	h4 = td_config_hash_id(b, "001099012345");
	g_assert_cmpstr(h1, !=, h4);
	g_assert_null(td_config_hash_id(a, "12345"));
	g_assert_null(td_config_hash_id(a, "00109901234x"));
	/* the cost is part of the hash: a cheaper one is another hash */
	g_clear_pointer(&a_again, td_config_free);
	a_again = td_config_new_demo(dir_a, &error);
	a_again->id_hash_cost = 1;
	h5 = td_config_hash_id(a_again, "001099012345");
	g_assert_cmpstr(h1, !=, h5);

	/* a key of ours that others can read is corrected, and used */
	g_clear_pointer(&a_again, td_config_free);
	g_assert_cmpint(g_chmod(a->id_hash_key_file, 0644), ==, 0);
	a_again = td_config_new_demo(dir_a, &error);
	g_assert_true(td_config_load_id_hash_key(a_again, &error));
	g_assert_no_error(error);
	g_assert_cmpint(g_stat(a->id_hash_key_file, &st), ==, 0);
	g_assert_cmpuint(st.st_mode & 0777, ==, 0600);
	/* someone else's is refused, and left alone */
	if (geteuid() == 0 && nobody != NULL) {
		g_clear_pointer(&a_again, td_config_free);
		g_assert_cmpint(chown(a->id_hash_key_file, nobody->pw_uid, nobody->pw_gid), ==, 0);
		a_again = td_config_new_demo(dir_a, &error);
		g_assert_false(td_config_load_id_hash_key(a_again, &error));
		g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY);
		g_test_message("%s", error->message);
		g_clear_error(&error);
		g_assert_null(td_config_hash_id(a_again, "001099012345"));
		g_assert_cmpint(chown(a->id_hash_key_file, 0, 0), ==, 0);
	}
	/* one of the wrong size (a crash of the old writer left 0 bytes) */
	g_assert_true(g_file_set_contents_full(b->id_hash_key_file, "", 0, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
	g_clear_pointer(&b, td_config_free);
	b = td_config_new_demo(dir_b, &error);
	g_assert_false(td_config_load_id_hash_key(b, &error));
	g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_KEY);
	g_assert_nonnull(strstr(error->message, "exactly 32 bytes"));
}

/* The settings hold the PIN hash: nobody but root and the kiosk's group
 * may read them, nobody but their owner change them; a link, a FIFO or a
 * device is refused at once. */
static void
test_unsafe_config_refused(void)
{
	g_autofree gchar *path = write_config("perm.conf", "[station]\ncode=01001\n");
	g_autofree gchar *link = g_build_filename(tmp_dir, "link.conf", NULL);
	g_autofree gchar *fifo = g_build_filename(tmp_dir, "fifo.conf", NULL);
	g_autofree gchar *device = g_build_filename(tmp_dir, "device.conf", NULL);
	const struct {
		guint mode;
		gboolean ok;
	} modes[] = {{0600, TRUE}, {0640, TRUE}, {0400, TRUE}, {0644, FALSE}, {0620, FALSE}, {0602, FALSE}, {0660, FALSE}};
	const gchar *refused[] = {link, fifo, device};
	struct passwd *nobody = getpwnam("nobody");

	for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdConfig) config = NULL;
		g_assert_cmpint(g_chmod(path, modes[i].mode), ==, 0);
		config = td_config_load(path, &error);
		g_test_message("mode %04o: %s", modes[i].mode, error != NULL ? error->message : "ok");
		g_assert_cmpint(config != NULL, ==, modes[i].ok);
		if (!modes[i].ok)
			g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_READ);
	}
	if (geteuid() == 0 && nobody != NULL) {
		g_autoptr(GError) error = NULL;
		/* group-readable, but by a group that is neither root's nor the kiosk's */
		g_assert_cmpint(g_chmod(path, 0640), ==, 0);
		g_assert_cmpint(chown(path, 0, nobody->pw_gid), ==, 0);
		g_assert_null(td_config_load(path, &error));
		g_assert_nonnull(strstr(error->message, "chgrp"));
		g_clear_error(&error);
		/* someone else's */
		g_assert_cmpint(chown(path, nobody->pw_uid, 0), ==, 0);
		g_assert_null(td_config_load(path, &error));
		g_assert_nonnull(strstr(error->message, "belongs to user"));
		g_assert_cmpint(chown(path, 0, 0), ==, 0);
	}

	g_assert_cmpint(symlink(path, link), ==, 0);
	g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
	if (geteuid() == 0)
		g_assert_cmpint(mknod(device, S_IFCHR | 0600, makedev(1, 3)), ==, 0);
	for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
		g_autoptr(GError) error = NULL;
		if (!g_file_test(refused[i], G_FILE_TEST_EXISTS) && i == 2)
			continue;
		/* returns at once: a FIFO is not waited on */
		g_assert_null(td_config_load(refused[i], &error));
		g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_READ);
		g_test_message("%s", error->message);
	}
}

static void
test_save_pin_keeps_comments(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = write_config("pin.conf", "# Trạm Y tế xã A: do not edit by hand\n"
							  "[station]\n# the maDKBD\ncode=01001\n");
	g_autoptr(TdConfig) config = td_config_load(path, &error);
	g_autoptr(TdConfig) again = NULL;
	g_autofree gchar *contents = NULL;
	const gchar *hash = "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

	g_assert_no_error(error);
	g_assert_true(td_config_save_pin_hash(config, hash, &error));
	g_assert_no_error(error);
	g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
	g_assert_nonnull(strstr(contents, "# Trạm Y tế xã A: do not edit by hand"));
	g_assert_nonnull(strstr(contents, "# the maDKBD"));
	again = td_config_load(path, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(again->staff_pin_hash, ==, hash);
	g_assert_cmpstr(again->station_code, ==, "01001");
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;

	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("td-config-XXXXXX", &error);
	g_assert_no_error(error);
	g_test_add_func("/config/valid", test_valid);
	g_test_add_func("/config/invalid", test_invalid);
	g_test_add_func("/config/storage-url-and-kiosk-id", test_storage_url_and_kiosk_id);
	g_test_add_func("/config/missing-file", test_missing_file);
	g_test_add_func("/config/id-hash", test_id_hash);
	g_test_add_func("/config/unsafe-config-refused", test_unsafe_config_refused);
	g_test_add_func("/config/save-pin-keeps-comments", test_save_pin_keeps_comments);
	return td_test_run_and_remove(tmp_dir);
}
