/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `tiepdon read` end to end: a real pcscd (private, started by
 * with-private-pcscd.sh), vsmartcard's vpcd reader driver, and the
 * tiepdon-vchip program as the card. Killing the program is a card
 * removal. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td-test-files.h"
#include "td-test-pcscd-chip.h"

/* A shipped demo profile as the card. */
static GSubprocess *
start_chip(const gchar *profile, const gchar *latency_ms)
{
	g_autofree gchar *path = g_build_filename(td_test_env("TD_PROFILES_DIR"), profile, NULL);
	return td_test_start_chip(path, latency_ms);
}

/* The locale tiepdon read runs under; NULL: the test's own. */
static const gchar *read_lc_all;

/* Runs tiepdon read with the arguments; returns its exit status. */
static gint
run_read(gchar **out, gchar **err, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GSubprocessLauncher) launcher =
	    g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	va_list args;
	const gchar *arg;

	g_ptr_array_add(argv, (gpointer)td_test_env("TIEPDON"));
	g_ptr_array_add(argv, (gpointer) "read");
	va_start(args, err);
	while ((arg = va_arg(args, const gchar *)) != NULL)
		g_ptr_array_add(argv, (gpointer)arg);
	va_end(args);
	g_ptr_array_add(argv, NULL);
	if (read_lc_all != NULL)
		g_subprocess_launcher_setenv(launcher, "LC_ALL", read_lc_all, TRUE);
	proc = g_subprocess_launcher_spawnv(launcher, (const gchar *const *)argv->pdata, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, out, err, &error));
	g_assert_no_error(error);
	g_test_message("tiepdon read: exit %d, stderr: %s", g_subprocess_get_exit_status(proc), *err);
	return g_subprocess_get_exit_status(proc);
}

#define AN_QR_TEXT "001058012345|011234567|Nguyễn Văn An|15031958|Nam|Số 12 ngõ 34|10052021"

static void
assert_an(JsonObject *root)
{
	JsonObject *p = json_object_get_object_member(root, "personal");
	/* Every source gives the ID (or the MRZ): PACE, as on real cards. */
	g_assert_cmpstr(json_object_get_string_member(root, "access_method"), ==, "PACE");
	g_assert_cmpstr(json_object_get_string_member(p, "id_number"), ==, "001058012345");
	g_assert_cmpstr(json_object_get_string_member(p, "full_name"), ==, "Nguyễn Văn An");
	g_assert_cmpstr(json_object_get_string_member(p, "date_of_birth"), ==, "1958-03-15");
	g_assert_cmpstr(json_object_get_string_member(p, "issue_date"), ==, "2021-05-10");
	g_assert_true(json_object_get_null_member(p, "expiry_date"));
	g_assert_cmpstr(json_object_get_string_member(p, "mother_name"), ==, "Đỗ Thị Cúc");
	g_assert_cmpstr(json_object_get_string_member(p, "old_id_number"), ==, "011234567");
	g_assert_cmpint(json_object_get_int_member(root, "apdu_count"), >, 10);
	g_assert_cmpint(json_object_get_int_member(root, "bytes_read"), >, 1000);
	/* always there, empty for a card that reads whole */
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(root, "warnings")), ==, 0);
}

static void
test_every_key_source(void)
{
	g_autoptr(GSubprocess) chip = start_chip("example.ini", "0");
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(JsonObject) root = NULL;
	g_autofree gchar *mrz = NULL;

	/* (b) the QR on the card's front */
	g_assert_cmpint(run_read(&out, &err, "--json", "--qr",
				 "001058012345|011234567|Nguyễn Văn An|15031958|Nam|Số 12 ngõ 34|10052021", NULL),
			==, 0);
	root = td_test_parse_json_object(out);
	assert_an(root);
	mrz = g_strdup(json_object_get_string_member(root, "mrz"));
	g_assert_cmpuint(strlen(mrz), ==, 90);
	g_clear_pointer(&root, json_object_unref);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* (a) ID + birth + expiry */
	g_assert_cmpint(run_read(&out, &err, "--json", "--id", "001058012345", "--dob", "580315", "--expiry", "991231", NULL),
			==, 0);
	root = td_test_parse_json_object(out);
	assert_an(root);
	g_clear_pointer(&root, json_object_unref);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* (c) the MRZ, as a scanner would type it */
	g_assert_cmpint(run_read(&out, &err, "--json", "--mrz", mrz, NULL), ==, 0);
	root = td_test_parse_json_object(out);
	assert_an(root);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* and the staff output, with a redacted trace */
	g_assert_cmpint(run_read(&out, &err, "--trace", "--mrz", mrz, NULL), ==, 0);
	g_assert_nonnull(strstr(out, "Nguyễn Văn An"));
	g_assert_nonnull(strstr(err, ">> 0C B0"));
	g_assert_null(strstr(err, "4E 47 55 59 45 4E")); /* "NGUYEN" never in the trace */
	td_test_stop_chip(chip);
}

static void
test_wrong_key(void)
{
	/* Lê Minh Khoa's card has no PACE: a wrong birth date leaves BAC with
	 * nothing that opens it. */
	g_autoptr(GSubprocess) chip = start_chip("le-minh-khoa.ini", "0");
	g_autofree gchar *out = NULL, *err = NULL;

	g_assert_cmpint(run_read(&out, &err, "--json", "--id", "048212001122", "--dob", "121121", NULL), ==, 1);
	g_assert_nonnull(strstr(err, "refused every access key"));
	td_test_stop_chip(chip);
}

static void
test_le_160(void)
{
	g_autoptr(GSubprocess) chip = start_chip("pham-thi-thu-ha.ini", "0");
	g_autofree gchar *out = NULL, *err = NULL;
	g_autofree gchar *profile = g_build_filename(td_test_env("TD_PROFILES_DIR"), "pham-thi-thu-ha.ini", NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree gchar *id = NULL, *dob = NULL, *name = NULL, *yymmdd = NULL;
	g_autoptr(JsonObject) root = NULL;
	g_autofree gchar *photo = g_build_filename(g_get_tmp_dir(), "tiepdon-test-photo.jpg", NULL);
	g_autofree gchar *jpeg = NULL;
	gsize jpeg_len = 0;

	g_assert_true(g_key_file_load_from_file(kf, profile, G_KEY_FILE_NONE, NULL));
	id = g_key_file_get_string(kf, "citizen", "id-number", NULL);
	dob = g_key_file_get_string(kf, "citizen", "date-of-birth", NULL);
	name = g_key_file_get_string(kf, "citizen", "full-name", NULL);
	yymmdd = g_strdup_printf("%.2s%.2s%.2s", dob + 8, dob + 3, dob);
	g_assert_cmpint(run_read(&out, &err, "--json", "--photo", photo, "--id", id, "--dob", yymmdd, NULL), ==, 0);
	root = td_test_parse_json_object(out);
	g_assert_cmpstr(json_object_get_string_member(json_object_get_object_member(root, "personal"), "full_name"), ==, name);
	g_assert_cmpint(json_object_get_int_member(root, "max_le"), ==, 160);
	g_assert_true(g_file_get_contents(photo, &jpeg, &jpeg_len, NULL));
	g_assert_cmpuint(jpeg_len, >, 100);
	g_assert_cmpint((guint8)jpeg[0], ==, 0xFF);
	g_assert_cmpint((guint8)jpeg[1], ==, 0xD8);
	g_unlink(photo);
	td_test_stop_chip(chip);
}

static void
test_chip_killed_mid_read(void)
{
	g_autoptr(GSubprocess) chip = start_chip("example.ini", "40");
	g_autoptr(GSubprocess) reader = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL, *err = NULL;
	g_autofree gchar *photo = g_build_filename(g_get_tmp_dir(), "tiepdon-test-killed.jpg", NULL);

	/* With 40 ms a command the whole read takes over a second: kill the
	 * chip while DG2 is coming in. */
	reader = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, td_test_env("TIEPDON"),
				  "read", "--photo", photo, "--id", "001058012345", "--dob", "580315", "--expiry", "991231",
				  NULL);
	g_assert_no_error(error);
	g_usleep(700 * 1000);
	g_subprocess_force_exit(chip);
	g_assert_true(g_subprocess_wait(chip, NULL, NULL));
	g_assert_true(g_subprocess_communicate_utf8(reader, NULL, NULL, &out, &err, &error));
	g_assert_no_error(error);
	g_test_message("killed mid-read: exit %d, stderr: %s", g_subprocess_get_exit_status(reader), err);
	/* A clean error: exit 1 with a sentence, no crash, no sanitizer report. */
	g_assert_cmpint(g_subprocess_get_exit_status(reader), ==, 1);
	g_assert_nonnull(strstr(err, "card"));
	g_assert_null(strstr(err, "Sanitizer"));
	g_assert_false(g_file_test(photo, G_FILE_TEST_EXISTS));
	td_test_wait_for_card(FALSE);
	g_clear_object(&chip);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* The next card reads. */
	chip = start_chip("example.ini", "0");
	g_assert_cmpint(run_read(&out, &err, "--json", "--id", "001058012345", "--dob", "580315", "--expiry", "991231", NULL),
			==, 0);
	td_test_stop_chip(chip);
}

/* `tiepdon read --structure`: a card read through pcscd leaves a dump with
 * no personal data; the virtual chip loaded with that dump (and the demo
 * citizen) reads the same way again. */
static void
test_structure_dump(void)
{
	const gchar *field_changes[] = {"variant", "max-le-sm", "160", "variant", "sm-wrong-length", "bare-not-counted",
					"variant", "sfi-read", "6A86", "variant", "dg13-parent-nesting", "two-sequences",
					NULL};
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-structure-XXXXXX", &error);
	g_autofree gchar *field_profile = td_test_write_profile(dir, "field.ini", "example.ini", field_changes);
	g_autofree gchar *dump = g_build_filename(dir, "card.json", NULL);
	g_autofree gchar *replay_profile = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(GSubprocess) chip = td_test_start_chip(field_profile, NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(JsonObject) root = NULL;
	const gchar *personal[] = {"001058012345", "058012345", "Nguy", "1958", "Kim M", "011234567"};
	const gchar *const dump_args[] = {"read", "--qr", AN_QR_TEXT, "--structure", dump, NULL};
	const gchar *const read_args[] = {"read", "--json", "--qr", AN_QR_TEXT, NULL};

	g_assert_cmpint(td_test_run_tiepdon(dump_args, &out, &err), ==, 0);
	g_assert_nonnull(strstr(out, "Saved the card's structure"));
	td_test_stop_chip(chip);
	g_clear_object(&chip);
	g_assert_true(g_file_get_contents(dump, &json, NULL, &error));
	for (guint i = 0; i < G_N_ELEMENTS(personal); i++)
		g_assert_null(strstr(json, personal[i]));
	g_assert_nonnull(strstr(json, "\"sfi\" : \"refused 6A86\""));
	g_assert_nonnull(strstr(json, "6700 bare"));

	/* the same citizen on a chip built from the dump alone */
	g_assert_true(g_key_file_load_from_file(kf, field_profile, G_KEY_FILE_NONE, &error));
	g_key_file_remove_group(kf, "variant", NULL);
	g_key_file_set_string(kf, "variant", "from-structure", dump);
	replay_profile = g_build_filename(dir, "replay.ini", NULL);
	g_assert_true(g_key_file_save_to_file(kf, replay_profile, &error));
	chip = td_test_start_chip(replay_profile, NULL);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(td_test_run_tiepdon(read_args, &out, &err), ==, 0);
	root = td_test_parse_json_object(out);
	assert_an(root);
	g_assert_cmpint(json_object_get_int_member(root, "max_le"), ==, 128);
	td_test_stop_chip(chip);
	g_unlink(dump);
	g_unlink(field_profile);
	g_unlink(replay_profile);
	g_rmdir(dir);
}

/* A chip whose religion entry is a BMPString (no real CCCD does this; a
 * badly personalised one might): the card reads, the JSON says which entry
 * was skipped and never what it held. */
static void
test_warnings(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-read-XXXXXX", NULL);
	const gchar *bmp_religion[] = {"variant", "dg13-string-type-7", "bmp", NULL};
	g_autofree gchar *profile = td_test_write_profile(dir, "profile.ini", "example.ini", bmp_religion);
	g_autoptr(GSubprocess) chip = td_test_start_chip(profile, NULL);
	g_autofree gchar *out = NULL, *err = NULL;
	g_autofree gchar *text_out = NULL, *text_err = NULL;
	g_autoptr(JsonObject) root = NULL;
	JsonObject *personal;
	JsonArray *warnings;

	g_assert_cmpint(run_read(&out, &err, "--json", "--id", "001058012345", NULL), ==, 0);
	root = td_test_parse_json_object(out);
	personal = json_object_get_object_member(root, "personal");
	g_assert_cmpstr(json_object_get_string_member(personal, "full_name"), ==, "Nguyễn Văn An");
	g_assert_true(json_object_get_null_member(personal, "religion"));
	g_assert_cmpstr(json_object_get_string_member(personal, "ethnicity"), ==, "Kinh");
	warnings = json_object_get_array_member(root, "warnings");
	g_assert_cmpuint(json_array_get_length(warnings), ==, 1);
	g_assert_cmpstr(json_array_get_string_element(warnings, 0), ==,
			"entry 7 (religion): unexpected string type BMPString");

	/* the staff output lists it too */
	g_assert_cmpint(run_read(&text_out, &text_err, "--id", "001058012345", NULL), ==, 0);
	g_assert_nonnull(strstr(text_out, "entry 7 (religion): unexpected string type BMPString"));
	g_assert_nonnull(strstr(text_out, "15/03/1958"));
	td_test_stop_chip(chip);
	g_unlink(profile);
	g_rmdir(dir);
}

/* cron and systemd run tiepdon under the C locale: the QR's Vietnamese
 * text is still taken (arguments are UTF-8 whatever the locale). And a
 * FIFO, a device node or a link named by --photo is refused, left as it
 * was, instead of being written through or replaced. */
static void
test_c_locale_and_hostile_photo(void)
{
	g_autoptr(GSubprocess) chip = start_chip("example.ini", "0");
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-read-XXXXXX", NULL);
	g_auto(TdTestHostileFiles) hostile = {0};
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(JsonObject) root = NULL;
	const gchar *photos[3];

	read_lc_all = "C";
	g_assert_cmpint(run_read(&out, &err, "--json", "--qr", AN_QR_TEXT, NULL), ==, 0);
	root = td_test_parse_json_object(out);
	assert_an(root);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	read_lc_all = NULL;

	td_test_hostile_files_make(&hostile, dir, ".jpg", "not a photo");
	photos[0] = hostile.fifo;
	photos[1] = hostile.device;
	photos[2] = hostile.link;
	for (guint i = 0; i < G_N_ELEMENTS(photos); i++) {
		g_assert_cmpint(run_read(&out, &err, "--json", "--photo", photos[i], "--qr", AN_QR_TEXT, NULL), ==, 1);
		g_assert_nonnull(strstr(err, "not a regular file"));
		g_clear_pointer(&out, g_free);
		g_clear_pointer(&err, g_free);
	}
	td_test_hostile_files_assert_untouched(&hostile);
	td_test_stop_chip(chip);
	td_test_hostile_files_clear(&hostile);
	g_rmdir(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/read-pcscd/every-key-source", test_every_key_source);
	g_test_add_func("/read-pcscd/wrong-key", test_wrong_key);
	g_test_add_func("/read-pcscd/le-160", test_le_160);
	g_test_add_func("/read-pcscd/chip-killed-mid-read", test_chip_killed_mid_read);
	g_test_add_func("/read-pcscd/structure-dump", test_structure_dump);
	g_test_add_func("/read-pcscd/warnings", test_warnings);
	g_test_add_func("/read-pcscd/c-locale-and-hostile-photo", test_c_locale_and_hostile_photo);
	return g_test_run();
}
