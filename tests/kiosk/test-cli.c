/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon report / export / purge / set-pin through the real program. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "td-config.h"
#include "td-sqlite-store.h"
#include "td-staff-pin.h"

static gchar *tmp_dir;
static gchar *config_path;

static gint
run(const gchar *stdin_text, gchar **out, gchar **err, ...)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GSubprocess) proc = NULL;
	va_list ap;
	const gchar *arg;

	g_ptr_array_add(args, (gpointer)TD_TIEPDON);
	va_start(ap, err);
	while ((arg = va_arg(ap, const gchar *)) != NULL)
		g_ptr_array_add(args, (gpointer)arg);
	va_end(ap);
	g_ptr_array_add(args, NULL);
	proc = g_subprocess_newv((const gchar *const *)args->pdata,
				 G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
				     G_SUBPROCESS_FLAGS_STDERR_PIPE,
				 &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, stdin_text, NULL, out, err, &error));
	g_assert_no_error(error);
	g_assert_true(g_subprocess_get_if_exited(proc));
	return g_subprocess_get_exit_status(proc);
}

static void
add_checkins(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(config_path, &error);
	g_autoptr(TdSqliteStore) store = NULL;
	const struct {
		const gchar *day;
		TdVneidAnswer vneid;
		TdOutcome outcome;
	} rows[] = {
	    {"2024-05-02", TD_VNEID_INTEGRATED, TD_OUTCOME_CHECKED_IN},
	    {"2024-05-02", TD_VNEID_NOT_YET, TD_OUTCOME_CHECKED_IN},
	    {"2024-05-02", TD_VNEID_ASSISTED, TD_OUTCOME_SEE_STAFF},
	    {"2024-05-04", TD_VNEID_NOT_ASKED, TD_OUTCOME_PENDING_ELIGIBILITY},
	};

	g_assert_no_error(error);
	store = td_sqlite_store_new(config->storage_path, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
		g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
		g_strlcpy(rec->day, rows[i].day, sizeof(rec->day));
		rec->card_verdict = TD_CARD_VERDICT_GENUINE;
		rec->eligibility = TD_ELIGIBILITY_ELIGIBLE;
		rec->vneid = rows[i].vneid;
		rec->outcome = rows[i].outcome;
		g_assert_true(td_store_record_checkin(TD_STORE(store), rec, NULL, &error));
	}
}

static void
test_report(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;

	g_assert_cmpint(run(NULL, &out, &err, "report", "--config", config_path, "--date", "2024-05-02", "--format",
			    "csv", NULL),
			==, 0);
	g_assert_cmpstr(strchr(out, '\n') + 1, ==, "2024-05-02,01001,3,3,3,0,1,1,1,0,1,66.7,0,0\r\n");
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	g_assert_cmpint(run(NULL, &out, &err, "report", "--config", config_path, "--date", "2024-05-02", NULL), ==, 0);
	g_assert_nonnull(strstr(out, "Tỷ lệ tích hợp (integration rate): 66.7 %"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	g_assert_cmpint(run(NULL, &out, &err, "report", "--config", config_path, "--date", "2024-05-04", "--format",
			    "json", NULL),
			==, 0);
	g_assert_nonnull(strstr(out, "\"pending_eligibility\" : 1"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* usage errors say what is wrong and exit 2 */
	g_assert_cmpint(run(NULL, &out, &err, "report", "--config", config_path, "--date", "2024-13-01", NULL), ==, 2);
	g_assert_nonnull(strstr(err, "2024-13-01"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run(NULL, &out, &err, "report", "--config", config_path, "--format", "xml", NULL), ==, 2);
}

static void
test_export(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *csv_path = g_build_filename(tmp_dir, "export.csv", NULL);
	g_autofree gchar *csv = NULL;
	g_auto(GStrv) lines = NULL;

	g_assert_cmpint(run(NULL, &out, &err, "export", "--config", config_path, "--from", "2024-05-01", "--to",
			    "2024-05-05", "--output", csv_path, NULL),
			==, 0);
	g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
	lines = g_strsplit(csv, "\r\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 7);
	g_assert_cmpstr(lines[1], ==, "2024-05-01,01001,0,0,0,0,0,0,0,0,0,,0,0");
	g_assert_true(g_str_has_prefix(lines[2], "2024-05-02,01001,3,"));
	g_assert_cmpstr(lines[4], ==, "2024-05-04,01001,1,1,1,1,0,0,0,0,0,,0,0");
	g_clear_pointer(&err, g_free);
	g_clear_pointer(&out, g_free);
	g_assert_cmpint(run(NULL, &out, &err, "export", "--config", config_path, "--from", "2024-05-01", NULL), ==, 2);
}

static void
test_purge(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_assert_cmpint(run(NULL, &out, &err, "purge", "--config", config_path, NULL), ==, 0);
	g_assert_nonnull(strstr(out, "(exceptions deleted): 0"));
}

static void
test_set_pin(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	gboolean matches = FALSE;

	g_assert_cmpint(run("1234\n4321\n", &out, &err, "set-pin", "--config", config_path, NULL), ==, 1);
	g_assert_nonnull(strstr(err, "differ"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run("12\n12\n", &out, &err, "set-pin", "--config", config_path, NULL), ==, 1);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	g_assert_cmpint(run("135790\n135790\n", &out, &err, "set-pin", "--config", config_path, NULL), ==, 0);
	config = td_config_load(config_path, &error);
	g_assert_no_error(error);
	g_assert_nonnull(config->staff_pin_hash);
	g_assert_true(td_staff_pin_check_hash(config->staff_pin_hash, "135790", &matches, &error));
	g_assert_true(matches);
	/* the PIN itself is nowhere in the file */
	{
		g_autofree gchar *contents = NULL;
		g_assert_true(g_file_get_contents(config_path, &contents, NULL, NULL));
		g_assert_null(strstr(contents, "135790"));
		g_assert_nonnull(strstr(contents, "# test station"));
	}
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *contents = NULL;
	int rc;

	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("td-cli-XXXXXX", &error);
	g_assert_no_error(error);
	config_path = g_build_filename(tmp_dir, "tiepdon.conf", NULL);
	contents = g_strdup_printf("# test station\n[station]\ncode=01001\nname=Trạm Y tế xã A\n"
				   "[storage]\npath=%s/t.db\n",
				   tmp_dir);
	g_assert_true(g_file_set_contents(config_path, contents, -1, NULL));
	add_checkins();

	g_test_add_func("/cli/report", test_report);
	g_test_add_func("/cli/export", test_export);
	g_test_add_func("/cli/purge", test_purge);
	g_test_add_func("/cli/set-pin", test_set_pin);
	rc = g_test_run();
	{
		g_autofree gchar *cmd = g_strdup_printf("rm -rf '%s'", tmp_dir);
		g_assert_true(g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL));
	}
	g_free(config_path);
	g_free(tmp_dir);
	return rc;
}
