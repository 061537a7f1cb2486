/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `tiepdon checkin` and `tiepdon doctor` as staff run them: the real
 * binary, a config file, the virtual chip, the gateway simulator. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "td-checkin-record.h"

#include "td-test-files.h"
#include "td-test-gateway-sim.h"

typedef struct {
	TdTestSim *sim;
	gchar *dir;
	gchar *config;
	gchar *profile;
} TdCliFixture;

/* A shipped demo citizen's profile (name.ini, its photo name.jpg) signed
 * by the test PKI's Document Signer, saved in dir; the path. */
static gchar *
save_profile(const gchar *dir, const gchar *name, const gchar *photo)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GKeyFile) profile = g_key_file_new();
	g_autofree gchar *source = g_strdup_printf(TD_VCHIP_PROFILES_DIR "/%s.ini", name);
	g_autofree gchar *photo_path = g_strdup_printf(TD_VCHIP_PROFILES_DIR "/%s.jpg", photo);
	g_autofree gchar *file = g_strdup_printf("%s.ini", name);
	gchar *path = g_build_filename(dir, file, NULL);

	g_key_file_load_from_file(profile, source, G_KEY_FILE_NONE, &error);
	g_assert_no_error(error);
	g_key_file_set_string(profile, "citizen", "photo", photo_path);
	g_key_file_set_string(profile, "security", "ds-key", TD_TEST_PKI_DIR "/ds-p256.key");
	g_key_file_set_string(profile, "security", "ds-certificate", TD_TEST_PKI_DIR "/ds-p256.pem");
	td_test_save_settings(profile, path);
	return path;
}

static void
fixture_set_up(TdCliFixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GKeyFile) kf = NULL;

	fx->sim = td_test_sim_start("--fixtures=" TD_SESSION_FIXTURES, NULL);
	fx->dir = g_dir_make_tmp("tiepdon-cli-checkin-XXXXXX", &error);
	g_assert_no_error(error);
	kf = td_test_sim_key_file(fx->sim);
	td_test_set_kiosk_settings(kf, fx->dir, TD_TEST_PKI_DIR "/trust-store");
	fx->config = g_build_filename(fx->dir, "tiepdon.conf", NULL);
	td_test_save_settings(kf, fx->config);
	fx->profile = save_profile(fx->dir, "example", "nguyen-van-an");
}

static void
fixture_tear_down(TdCliFixture *fx, gconstpointer data)
{
	td_test_remove_tree(fx->dir);
	td_test_sim_stop(fx->sim);
	g_free(fx->dir);
	g_free(fx->config);
	g_free(fx->profile);
}

/* Runs tiepdon with the arguments and input on its standard input (NULL:
 * none); returns its exit status, its standard error in err_out (may be
 * NULL). */
static gint
run_tiepdon_va(gchar **out, gchar **err_out, const gchar *input, const gchar *first, va_list args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
	    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GSubprocess) process = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *err = NULL;

	g_ptr_array_add(argv, (gpointer)TD_TIEPDON_PATH);
	for (const gchar *arg = first; arg != NULL; arg = va_arg(args, const gchar *))
		g_ptr_array_add(argv, (gpointer)arg);
	g_ptr_array_add(argv, NULL);
	/* see td-test-gateway-sim.c: LeakSanitizer and GIO's TLS module */
	g_subprocess_launcher_setenv(launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
	process = g_subprocess_launcher_spawnv(launcher, (const gchar *const *)argv->pdata, &error);
	g_assert_no_error(error);
	g_subprocess_communicate_utf8(process, input, NULL, out, &err, &error);
	g_assert_no_error(error);
	if (err != NULL && err[0] != '\0')
		g_test_message("stderr: %s", err);
	if (err_out != NULL)
		*err_out = g_steal_pointer(&err);
	return g_subprocess_get_exit_status(process);
}

static gint
run_tiepdon(gchar **out, const gchar *first, ...)
{
	va_list args;
	gint status;

	va_start(args, first);
	status = run_tiepdon_va(out, NULL, NULL, first, args);
	va_end(args);
	return status;
}

static gint
run_tiepdon_input(gchar **out, gchar **err, const gchar *input, const gchar *first, ...)
{
	va_list args;
	gint status;

	va_start(args, first);
	status = run_tiepdon_va(out, err, input, first, args);
	va_end(args);
	return status;
}

static JsonObject *
parse_object(JsonParser *parser, const gchar *text)
{
	g_autoptr(GError) error = NULL;
	json_parser_load_from_data(parser, text, -1, &error);
	g_assert_no_error(error);
	return json_node_get_object(json_parser_get_root(parser));
}

static void
test_checkin_json(TdCliFixture *fx, gconstpointer data)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *out = NULL;
	g_autofree gchar *out2 = NULL;
	JsonObject *o;

	g_assert_cmpint(run_tiepdon(&out, "checkin", "--config", fx->config, "--vchip", fx->profile, "--id",
				    "001058012345", "--dob", "580315", "--vneid", "not-yet", "--json", NULL),
			==, 0);
	o = parse_object(parser, out);
	g_assert_cmpint(json_object_get_int_member(o, "queue_number"), ==, 1);
	g_assert_cmpstr(json_object_get_string_member(o, "outcome"), ==, td_outcome_to_string(TD_OUTCOME_CHECKED_IN));
	g_assert_cmpstr(json_object_get_string_member(o, "card_verdict"), ==,
			td_card_verdict_to_string(TD_CARD_VERDICT_GENUINE));
	g_assert_cmpstr(json_object_get_string_member(o, "eligibility"), ==,
			td_eligibility_verdict_to_string(TD_ELIGIBILITY_ELIGIBLE));
	g_assert_cmpstr(json_object_get_string_member(o, "vneid"), ==, td_vneid_answer_to_string(TD_VNEID_NOT_YET));
	g_assert_true(json_object_get_null_member(o, "see_staff_reason"));

	/* the same person again the same day, by the QR path: the number
	 * they already have, with its answer */
	g_assert_cmpint(run_tiepdon(&out2, "checkin", "--config", fx->config, "--vchip", fx->profile, "--qr",
				    "001058012345|011234567|Nguyễn Văn An|15031958|Nam|Số 12 ngõ 34, Kim Mã|10052021",
				    "--json", NULL),
			==, 0);
	o = parse_object(parser, out2);
	g_assert_cmpint(json_object_get_int_member(o, "queue_number"), ==, 1);
	g_assert_true(json_object_get_boolean_member(o, "repeat_visit"));
	g_assert_cmpstr(json_object_get_string_member(o, "vneid"), ==, td_vneid_answer_to_string(TD_VNEID_NOT_YET));
}

/* The day's first check-in, on a card found genuine. */
static void
assert_first_genuine(JsonObject *checkin)
{
	g_assert_cmpint(json_object_get_int_member(checkin, "queue_number"), ==, 1);
	g_assert_cmpstr(json_object_get_string_member(checkin, "card_verdict"), ==,
			td_card_verdict_to_string(TD_CARD_VERDICT_GENUINE));
}

/* The back of the example card (001058012345, born 15/03/1958, no
 * expiry: 991231), its check digits worked out by hand (ICAO 9303-3:
 * weights 7, 3, 1) */
#define EXAMPLE_MRZ                                                                                                    \
	"IDVNM05801234560010580123457<<\n"                                                                             \
	"5803158M9912315VNM<<<<<<<<<<<8\n"                                                                             \
	"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<\n"

/* The ID number and birth date on standard input ("-"), not in `ps`: the
 * same check-in; the MRZ its three lines. An MRZ short of them is said,
 * and nothing is done. */
static void
test_checkin_values_from_stdin(TdCliFixture *fx, gconstpointer data)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) parser_mrz = json_parser_new();
	g_autofree gchar *out = NULL;
	g_autofree gchar *out_mrz = NULL;
	g_autofree gchar *out_short = NULL;
	g_autofree gchar *err_short = NULL;

	g_assert_cmpint(run_tiepdon_input(&out, NULL, "001058012345\n580315\n", "checkin", "--config", fx->config,
					  "--vchip", fx->profile, "--id", "-", "--dob", "-", "--json", NULL),
			==, 0);
	assert_first_genuine(parse_object(parser, out));
	g_assert_cmpint(run_tiepdon_input(&out_mrz, NULL, EXAMPLE_MRZ, "checkin", "--config", fx->config, "--vchip",
					  fx->profile, "--mrz", "-", "--json", NULL),
			==, 0);
	/* the same patient again: the number they have */
	g_assert_cmpint(json_object_get_int_member(parse_object(parser_mrz, out_mrz), "queue_number"), ==, 1);
	g_assert_cmpint(run_tiepdon_input(&out_short, &err_short, "IDVNM05801234560010580123457<<\n", "checkin",
					  "--config", fx->config, "--vchip", fx->profile, "--mrz", "-", "--json", NULL),
			==, 2);
	g_assert_nonnull(strstr(err_short, "--mrz -: standard input ended before its 3 line(s)"));
}

/* A QR whose birth date is the year alone (00001958: the day and month not
 * known, as the chip's 00/00/yyyy) opens a PACE chip with the ID: before,
 * the QR was refused whole ("not a date") and the patient had to type. */
static void
test_checkin_qr_birth_year_only(TdCliFixture *fx, gconstpointer data)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *out = NULL;

	g_assert_cmpint(run_tiepdon(&out, "checkin", "--config", fx->config, "--vchip", fx->profile, "--qr",
				    "001058012345|011234567|Nguyễn Văn An|00001958|Nam|Số 12 ngõ 34, Kim Mã|10052021",
				    "--json", NULL),
			==, 0);
	assert_first_genuine(parse_object(parser, out));
}

/* A card whose birth date is the year alone, as many elderly citizens'
 * carry it ("00/00/1940" in DG13, "40<<<<" in the MRZ): read through the
 * reader as the year and looked up at the gateway by the year (whose
 * simulator answers 070, wrong birth date, to a day or month it does not
 * have), so checked in as insured. The
 * virtual chip refused such a card before, so no test could carry one. */
static void
test_checkin_card_birth_year_only(TdCliFixture *fx, gconstpointer data)
{
	g_autofree gchar *path = save_profile(fx->dir, "nguyen-thi-lanh", "nguyen-thi-lanh");
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *out = NULL;
	JsonObject *o;

	g_assert_cmpint(run_tiepdon(&out, "checkin", "--config", fx->config, "--vchip", path, "--id", "001140000038",
				    "--json", NULL),
			==, 0);
	o = parse_object(parser, out);
	assert_first_genuine(o);
	g_assert_cmpstr(json_object_get_string_member(o, "eligibility"), ==,
			td_eligibility_verdict_to_string(TD_ELIGIBILITY_ELIGIBLE));
}

static void
test_checkin_untrusted_text(TdCliFixture *fx, gconstpointer data)
{
	g_autofree gchar *empty = g_build_filename(fx->dir, "empty-trust", NULL);
	g_autofree gchar *out = NULL;

	g_mkdir(empty, 0700);
	g_assert_cmpint(run_tiepdon(&out, "checkin", "--config", fx->config, "--vchip", fx->profile, "--id",
				    "001058012345", "--dob", "580315", "--trust", empty, NULL),
			==, 0);
	g_rmdir(empty);
	g_assert_nonnull(strstr(out, "Queue number:      1"));
	g_assert_nonnull(strstr(out, "card-untrusted"));
}

static void
test_checkin_wrong_key(TdCliFixture *fx, gconstpointer data)
{
	g_autofree gchar *out = NULL;
	g_assert_cmpint(run_tiepdon(&out, "checkin", "--config", fx->config, "--vchip", fx->profile, "--id",
				    "001058012346", "--dob", "580315", NULL),
			==, 1);
	g_assert_cmpstr(out, ==, "");
	g_clear_pointer(&out, g_free);
	g_assert_cmpint(run_tiepdon(&out, "checkin", "--config", fx->config, "--vchip", fx->profile, NULL), ==, 2);
}

static void
test_doctor(TdCliFixture *fx, gconstpointer data)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;
	g_autoptr(GHashTable) ok = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	JsonArray *checks;

	/* no pcscd here (and no printer): doctor must fail, and say which */
	g_assert_cmpint(run_tiepdon(&out, "doctor", "--config", fx->config, "--json", NULL), ==, 1);
	json_parser_load_from_data(parser, out, -1, &error);
	g_assert_no_error(error);
	checks = json_node_get_array(json_parser_get_root(parser));
	for (guint i = 0; i < json_array_get_length(checks); i++) {
		JsonObject *c = json_array_get_object_element(checks, i);
		g_test_message("%s: %s", json_object_get_string_member(c, "name"),
			       json_object_get_string_member(c, "message"));
		g_hash_table_insert(ok, g_strdup(json_object_get_string_member(c, "name")),
				    GINT_TO_POINTER(json_object_get_boolean_member(c, "ok") ? 1 : 2));
	}
	g_assert_cmpint(GPOINTER_TO_INT(g_hash_table_lookup(ok, "trust store")), ==, 1);
	g_assert_cmpint(GPOINTER_TO_INT(g_hash_table_lookup(ok, "gateway")), ==, 1);
	g_assert_cmpint(GPOINTER_TO_INT(g_hash_table_lookup(ok, "database")), ==, 1);
	g_assert_nonnull(g_hash_table_lookup(ok, "disk"));
	g_assert_nonnull(g_hash_table_lookup(ok, "pcscd"));
	g_assert_cmpint(td_test_sim_stat(fx->sim, "token_takes"), ==, 1);
	g_assert_cmpint(td_test_sim_stat(fx->sim, "checks"), ==, 0);

	/* the gateway unreachable: its line fails */
	{
		g_autoptr(GKeyFile) kf = g_key_file_new();
		g_autofree gchar *broken = g_build_filename(fx->dir, "broken.conf", NULL);
		g_clear_pointer(&out, g_free);
		g_key_file_load_from_file(kf, fx->config, G_KEY_FILE_NONE, &error);
		g_assert_no_error(error);
		g_key_file_set_string(kf, "gateway", "url", "https://127.0.0.1:1");
		td_test_save_settings(kf, broken);
		g_assert_cmpint(run_tiepdon(&out, "doctor", "--config", broken, NULL), ==, 1);
		g_assert_nonnull(strstr(out, "FAIL gateway"));
		g_assert_nonnull(strstr(out, "ok   database"));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/cli/checkin/json", TdCliFixture, NULL, fixture_set_up, test_checkin_json, fixture_tear_down);
	g_test_add("/cli/checkin/values-from-stdin", TdCliFixture, NULL, fixture_set_up, test_checkin_values_from_stdin,
		   fixture_tear_down);
	g_test_add("/cli/checkin/card-birth-year-only", TdCliFixture, NULL, fixture_set_up,
		   test_checkin_card_birth_year_only, fixture_tear_down);
	g_test_add("/cli/checkin/qr-birth-year-only", TdCliFixture, NULL, fixture_set_up, test_checkin_qr_birth_year_only,
		   fixture_tear_down);
	g_test_add("/cli/checkin/untrusted", TdCliFixture, NULL, fixture_set_up, test_checkin_untrusted_text,
		   fixture_tear_down);
	g_test_add("/cli/checkin/wrong-key", TdCliFixture, NULL, fixture_set_up, test_checkin_wrong_key,
		   fixture_tear_down);
	g_test_add("/cli/doctor", TdCliFixture, NULL, fixture_set_up, test_doctor, fixture_tear_down);
	return g_test_run();
}
