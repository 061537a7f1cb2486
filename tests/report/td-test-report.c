/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "td-test-files.h"
#include "td-test-report.h"

TdTestKiosk *
td_test_kiosk_new(const gchar *code, const gchar *name, const gchar *report_section)
{
	g_autoptr(GError) error = NULL;
	TdTestKiosk *kiosk = g_new0(TdTestKiosk, 1);
	g_autofree gchar *db = NULL;
	g_autofree gchar *text = NULL;

	kiosk->dir = g_dir_make_tmp("tiepdon-report-XXXXXX", &error);
	g_assert_no_error(error);
	db = g_build_filename(kiosk->dir, "tiepdon.db", NULL);
	kiosk->config_path = g_build_filename(kiosk->dir, "tiepdon.conf", NULL);
	text = g_strdup_printf("[station]\ncode=%s\nname=%s\n\n[storage]\npath=%s\n\n%s", code, name, db,
			       report_section != NULL ? report_section : "");
	td_test_write_settings(kiosk->config_path, text);
	kiosk->store = td_sqlite_store_new(db, &error);
	g_assert_no_error(error);
	return kiosk;
}

void
td_test_kiosk_free(TdTestKiosk *kiosk)
{
	if (kiosk == NULL)
		return;
	g_clear_object(&kiosk->store);
	td_test_remove_tree(kiosk->dir);
	g_free(kiosk->dir);
	g_free(kiosk->config_path);
	g_free(kiosk);
}

gchar *
td_test_kiosk_write_file(TdTestKiosk *kiosk, const gchar *name, const gchar *content)
{
	g_autoptr(GError) error = NULL;
	gchar *path = g_build_filename(kiosk->dir, name, NULL);
	g_assert_true(g_file_set_contents_full(path, content, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
	return path;
}

static void
kiosk_add(TdTestKiosk *kiosk, const gchar *day, TdCardVerdict card, TdEligibilityVerdict eligibility,
	  TdVneidAnswer vneid, TdOutcome outcome)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
	g_autoptr(TdCheckinException) exc = NULL;

	g_strlcpy(rec->day, day, sizeof(rec->day));
	rec->card_verdict = card;
	rec->eligibility = eligibility;
	rec->vneid = vneid;
	rec->outcome = outcome;
	/* sent to reception with a case for staff, as the kiosk stores it */
	if (outcome == TD_OUTCOME_SEE_STAFF) {
		exc = td_checkin_exception_new();
		exc->reason = g_strdup("insurance-not-found");
	}
	g_assert_true(td_store_record_checkin(TD_STORE(kiosk->store), rec, exc, &error));
	g_assert_no_error(error);
}

void
td_test_kiosk_add_standard_day(TdTestKiosk *kiosk, const gchar *day)
{
	for (guint i = 0; i < TD_TEST_DAY_CHECKINS; i++) {
		TdCardVerdict card = i < 6 ? TD_CARD_VERDICT_NO_CARD : TD_CARD_VERDICT_GENUINE;
		TdEligibilityVerdict eligibility = i < 40 ? TD_ELIGIBILITY_ELIGIBLE
					       : i < 45 ? TD_ELIGIBILITY_NOT_FOUND
							: TD_ELIGIBILITY_UNAVAILABLE;
		TdOutcome outcome = i < 45 ? TD_OUTCOME_CHECKED_IN
				  : i < 47 ? TD_OUTCOME_PENDING_ELIGIBILITY
					   : TD_OUTCOME_SEE_STAFF;
		TdVneidAnswer vneid = i < 2    ? TD_VNEID_NOT_ASKED
				      : i < 12 ? TD_VNEID_INTEGRATED
				      : i < 14 ? TD_VNEID_ASSISTED
				      : i < 44 ? TD_VNEID_NOT_YET
					       : TD_VNEID_NO_ACCOUNT;
		kiosk_add(kiosk, day, card, eligibility, vneid, outcome);
	}
}

void
td_test_kiosk_add_checkins(TdTestKiosk *kiosk, const gchar *day, guint n)
{
	for (guint i = 0; i < n; i++)
		kiosk_add(kiosk, day, TD_CARD_VERDICT_GENUINE, TD_ELIGIBILITY_ELIGIBLE, TD_VNEID_INTEGRATED,
			  TD_OUTCOME_CHECKED_IN);
}

gint
td_test_run(const gchar *const *env, gchar **out, gchar **err, const gchar *const *argv)
{
	g_autoptr(GSubprocessLauncher) launcher =
	    g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GSubprocess) process = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *stdout_text = NULL;
	g_autofree gchar *stderr_text = NULL;

	for (guint i = 0; env != NULL && env[i] != NULL; i++) {
		g_auto(GStrv) pair = g_strsplit(env[i], "=", 2);
		g_subprocess_launcher_setenv(launcher, pair[0], pair[1], TRUE);
	}
	process = g_subprocess_launcher_spawnv(launcher, argv, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(process, NULL, NULL, &stdout_text, &stderr_text, &error));
	g_assert_no_error(error);
	if (!g_subprocess_get_if_exited(process))
		g_error("%s was killed (signal %d); stderr: %s", argv[0], g_subprocess_get_term_sig(process),
			stderr_text);
	if (out != NULL)
		*out = g_steal_pointer(&stdout_text);
	if (err != NULL)
		*err = g_steal_pointer(&stderr_text);
	return g_subprocess_get_exit_status(process);
}
