/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What doctor says about the report's way up, at chosen times of day: a
 * station without [report] url is fine; pending days and the last error
 * fail and are named; yesterday's report not acknowledged two hours after
 * send-at is a missed morning, before that it is not; who may send from
 * the dashboard; the settings refuse
 * a send-at that is no time of day. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <grp.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "td-report-send.h"
#include "td-test-report.h"

static TdReportSettings *
settings_for(TdTestKiosk *kiosk)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(kiosk->config_path, &error);
	TdReportSettings *settings;

	g_assert_no_error(error);
	settings = td_report_settings_new(config, &error);
	g_assert_no_error(error);
	return settings;
}

static TdTestKiosk *
kiosk_with_hub(void)
{
	TdTestKiosk *kiosk = td_test_kiosk_new("01001", "Trạm Y tế xã An Bình",
					       "[report]\nurl=https://hub.example.vn\ntoken-file=report.token\n"
					       "send-at=08:30\n");
	g_free(td_test_kiosk_write_file(kiosk, "report.token", "0123456789abcdefghij\n"));
	return kiosk;
}

/* The sending status at hour:minute on 2025-03-14: fine or not (ok starts
 * as the opposite, so the call must set it), saying each of the strings
 * given (NULL-terminated). */
static void
assert_status(TdReportSettings *settings, gint hour, gint minute, gboolean want_ok, const gchar *first, ...)
{
	g_autoptr(GDateTime) now = g_date_time_new_local(2025, 3, 14, hour, minute, 0);
	gboolean ok = !want_ok;
	g_autofree gchar *text = td_report_send_status(settings, now, &ok);
	va_list args;

	g_test_message("%02d:%02d %s", hour, minute, text);
	if (want_ok)
		g_assert_true(ok);
	else
		g_assert_false(ok);
	va_start(args, first);
	for (const gchar *says = first; says != NULL; says = va_arg(args, const gchar *))
		g_assert_nonnull(strstr(text, says));
	va_end(args);
}

static void
save_state_retrying(TdReportSettings *settings, const gchar *last_sent_day, const gchar *pending, const gchar *error,
		    gint64 next_attempt_unix)
{
	g_autoptr(GError) error_local = NULL;
	TdReportState state = {
	    .last_sent_day = (gchar *)last_sent_day,
	    .last_sent_unix = last_sent_day != NULL ? 1741939200 : 0,
	    .last_error = (gchar *)error,
	    .last_error_unix = error != NULL ? 1741939200 : 0,
	    .pending = g_ptr_array_new_with_free_func(g_free),
	    .next_attempt_unix = next_attempt_unix,
	};
	if (pending != NULL)
		g_ptr_array_add(state.pending, g_strdup(pending));
	g_assert_true(td_report_state_save(&state, settings->state_file, &error_local));
	g_assert_no_error(error_local);
	g_ptr_array_unref(state.pending);
}

static void
save_state(TdReportSettings *settings, const gchar *last_sent_day, const gchar *pending, const gchar *error)
{
	save_state_retrying(settings, last_sent_day, pending, error, 0);
}

/* A retry the state plans is "retrying at" until a minute past its time,
 * and after that while a send holds the lock (the run waits its turn
 * behind it, or tries); with the lock free the run that planned it is
 * gone (stopped, the machine off) and the doctor says the retry did not
 * run, not a time that will not come. */
static void
test_retry_that_did_not_run(void)
{
	g_autoptr(TdTestKiosk) kiosk = kiosk_with_hub();
	g_autoptr(TdReportSettings) settings = settings_for(kiosk);
	g_autoptr(GDateTime) planned = g_date_time_new_local(2025, 3, 14, 8, 45, 0);
	g_autofree gchar *lock = g_strconcat(settings->state_file, ".lock", NULL);
	int lock_fd;

	save_state_retrying(settings, "2025-03-12", "2025-03-13", "2025-03-13: HTTP 503", g_date_time_to_unix(planned));
	assert_status(settings, 8, 40, FALSE, "pending: 2025-03-13", "retrying at", NULL);
	assert_status(settings, 8, 46, FALSE, "retrying at", NULL);
	assert_status(settings, 8, 52, FALSE, "the retry planned at", "did not run", "pending: 2025-03-13", NULL);
	/* a send under way (this fd's lock, as another process's would be):
	 * the run may be waiting behind it */
	lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	g_assert_cmpint(lock_fd, >=, 0);
	g_assert_cmpint(flock(lock_fd, LOCK_EX | LOCK_NB), ==, 0);
	assert_status(settings, 10, 0, FALSE, "retrying at", NULL);
	close(lock_fd);
	/* the lock left behind, nobody holding it */
	assert_status(settings, 10, 0, FALSE, "did not run", NULL);
}

static void
test_not_configured(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new("01001", "Trạm", NULL);
	g_autoptr(TdReportSettings) settings = settings_for(kiosk);

	g_assert_null(settings->client);
	assert_status(settings, 11, 0, TRUE, "no [report] url", NULL);
}

static void
test_missed_morning(void)
{
	g_autoptr(TdTestKiosk) kiosk = kiosk_with_hub();
	g_autoptr(TdReportSettings) settings = settings_for(kiosk);

	/* nothing sent: fine before 10:30 (08:30 + 2 h), missed after */
	assert_status(settings, 10, 29, TRUE, "nothing sent yet to https://hub.example.vn", NULL);
	assert_status(settings, 10, 31, FALSE, "yesterday's report (2025-03-13) is not sent", NULL);
	/* yesterday acknowledged: fine all day */
	save_state(settings, "2025-03-13", NULL, NULL);
	assert_status(settings, 17, 0, TRUE, "last sent 2025-03-13", NULL);
	/* a whole day with no send: not fine before this morning's grace
	 * either, as the dashboard's "late" */
	save_state(settings, "2025-03-11", NULL, NULL);
	assert_status(settings, 7, 0, FALSE, "no report sent since 2025-03-11", "tiepdon-report.timer", NULL);
}

static TdReportUp *
up_at(TdReportSettings *settings, gint hour, gint minute)
{
	g_autoptr(GDateTime) now = g_date_time_new_local(2025, 3, 14, hour, minute, 0);
	TdReportUp *up = td_report_up_read(settings, now);

	g_assert_cmpstr(up->day, ==, "2025-03-13");
	return up;
}

static TdReportUpState
up_state_at(TdReportSettings *settings, gint hour, gint minute, gchar **other_sender_day)
{
	g_autoptr(TdReportUp) up = up_at(settings, hour, minute);

	if (other_sender_day != NULL)
		*other_sender_day = g_strdup(up->other_sender_day);
	return up->state;
}

/* The dashboard's line reads what doctor judges: nothing where nothing is
 * sent, "when it goes" until send-at, due (and the retry planned) until
 * the missed morning, "not yet" after it, "sent" once acknowledged;
 * another machine's send for a week. */
static void
test_dashboard_line(void)
{
	g_autoptr(TdTestKiosk) plain = td_test_kiosk_new("01001", "Trạm", NULL);
	g_autoptr(TdReportSettings) off = settings_for(plain);
	g_autoptr(TdTestKiosk) kiosk = kiosk_with_hub();
	g_autoptr(TdReportSettings) settings = settings_for(kiosk);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *other = NULL;

	g_assert_cmpint(up_state_at(off, 11, 0, NULL), ==, TD_REPORT_UP_OFF);
	g_assert_cmpint(up_state_at(settings, 8, 29, NULL), ==, TD_REPORT_UP_WAITING);
	/* "goes up at 08:30" said at 09:15 was not true */
	g_assert_cmpint(up_state_at(settings, 8, 30, NULL), ==, TD_REPORT_UP_DUE);
	g_assert_cmpint(up_state_at(settings, 10, 29, NULL), ==, TD_REPORT_UP_DUE);
	g_assert_cmpint(up_state_at(settings, 10, 31, NULL), ==, TD_REPORT_UP_LATE);
	/* the first try failed: the retry it planned, until its run is gone */
	{
		g_autoptr(GDateTime) planned = g_date_time_new_local(2025, 3, 14, 9, 15, 0);
		g_autoptr(TdReportUp) before = NULL;
		g_autoptr(TdReportUp) gone = NULL;

		save_state_retrying(settings, "2025-03-12", "2025-03-13", "2025-03-13: HTTP 503",
				    g_date_time_to_unix(planned));
		before = up_at(settings, 8, 50);
		g_assert_cmpint(before->state, ==, TD_REPORT_UP_DUE);
		g_assert_cmpint(before->retry_unix, ==, g_date_time_to_unix(planned));
		gone = up_at(settings, 9, 30);
		g_assert_cmpint(gone->state, ==, TD_REPORT_UP_DUE);
		g_assert_cmpint(gone->retry_unix, ==, 0);
	}
	/* a send holds the lock, the retry's time long gone: no time gone
	 * by said as the next try */
	{
		g_autofree gchar *lock = g_strconcat(settings->state_file, ".lock", NULL);
		int lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		g_autoptr(TdReportUp) held = NULL;

		g_assert_cmpint(lock_fd, >=, 0);
		g_assert_cmpint(flock(lock_fd, LOCK_EX | LOCK_NB), ==, 0);
		held = up_at(settings, 10, 0);
		g_assert_cmpint(held->state, ==, TD_REPORT_UP_DUE);
		g_assert_cmpint(held->retry_unix, ==, 0);
		close(lock_fd);
	}
	/* a day before yesterday not gone up is late at any hour: after
	 * midnight too, not "goes up at 08:30" until the next grace ends */
	save_state(settings, "2025-03-11", "2025-03-12", "2025-03-12: HTTP 503");
	g_assert_cmpint(up_state_at(settings, 0, 10, NULL), ==, TD_REPORT_UP_LATE);
	/* or a whole day with no send at all */
	save_state(settings, "2025-03-11", NULL, NULL);
	g_assert_cmpint(up_state_at(settings, 7, 0, NULL), ==, TD_REPORT_UP_LATE);
	/* yesterday's alone pending before send-at: not late yet */
	save_state(settings, "2025-03-12", "2025-03-13", "2025-03-13: HTTP 503");
	g_assert_cmpint(up_state_at(settings, 7, 0, NULL), ==, TD_REPORT_UP_WAITING);
	save_state(settings, "2025-03-13", NULL, NULL);
	g_assert_cmpint(up_state_at(settings, 10, 31, &other), ==, TD_REPORT_UP_SENT);
	g_assert_null(other);
	{
		g_autoptr(TdReportState) state = td_report_state_load(settings->state_file, &error);
		g_assert_no_error(error);
		state->other_sender_day = g_strdup("2025-03-10");
		state->other_sender_unix = 1741939200 - 3 * 86400; /* 2025-03-11 */
		g_assert_true(td_report_state_save(state, settings->state_file, &error));
		g_assert_no_error(error);
	}
	g_assert_cmpint(up_state_at(settings, 9, 0, &other), ==, TD_REPORT_UP_SENT);
	g_assert_cmpstr(other, ==, "2025-03-10");
	g_clear_pointer(&other, g_free);
	/* a week on, said no more */
	{
		g_autoptr(GDateTime) later = g_date_time_new_local(2025, 3, 19, 9, 0, 0);
		g_autoptr(TdReportUp) up = td_report_up_read(settings, later);
		g_assert_null(up->other_sender_day);
	}
}

static void
test_pending_fails(void)
{
	g_autoptr(TdTestKiosk) kiosk = kiosk_with_hub();
	g_autoptr(TdReportSettings) settings = settings_for(kiosk);

	save_state(settings, "2025-03-12", "2025-03-13", "2025-03-13: cannot reach the report hub: timeout");
	/* even early in the morning: a day the hub refused or never got */
	assert_status(settings, 7, 0, FALSE, "last sent 2025-03-12", "pending: 2025-03-13",
		      "cannot reach the report hub: timeout", NULL);
}

#define MAY_SEND_CANNOT_ASK 2

/* td_report_send_allowed() asked as the user nobody (a reception PC's
 * desktop user), in a child: root may write anything. MAY_SEND_CANNOT_ASK
 * where the child cannot become nobody, or nobody cannot reach the
 * kiosk's folder (a private TMPDIR); else whether it may send. */
static gint
may_send_as_nobody(const TdReportSettings *settings)
{
	int status = 0;
	pid_t child = fork();

	g_assert_cmpint(child, >=, 0);
	if (child == 0) {
		g_autofree gchar *dir = g_path_get_dirname(settings->state_file);

		if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0 || access(dir, X_OK) != 0)
			_exit(MAY_SEND_CANNOT_ASK);
		_exit(td_report_send_allowed(settings) ? 1 : 0);
	}
	g_assert_cmpint(waitpid(child, &status, 0), ==, child);
	g_assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* The dashboard offers "Gửi số liệu lên ngay" only to a user who may
 * send: who writes the state file's folder, reads the token, and writes
 * the lock the timer's run made owner-only (a desktop user who could not
 * was offered a button that failed). */
static void
test_may_send(void)
{
	g_autoptr(TdTestKiosk) kiosk = kiosk_with_hub();
	g_autoptr(TdReportSettings) settings = settings_for(kiosk);
	g_autofree gchar *dir = g_path_get_dirname(settings->state_file);
	g_autofree gchar *lock = g_strconcat(settings->state_file, ".lock", NULL);
	g_autoptr(GError) error = NULL;

	g_assert_true(td_report_send_allowed(settings));
	if (getuid() != 0) {
		/* as its owner: a lock this user may not write */
		g_assert_true(g_file_set_contents_full(lock, "", 0, G_FILE_SET_CONTENTS_NONE, 0400, &error));
		g_assert_no_error(error);
		g_assert_false(td_report_send_allowed(settings));
		return;
	}
	g_assert_cmpint(g_chmod(dir, 0777), ==, 0);
	g_assert_cmpint(g_chmod(settings->client->token_file, 0644), ==, 0);
	if (may_send_as_nobody(settings) == MAY_SEND_CANNOT_ASK) {
		g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
		g_test_skip("cannot ask as nobody here (no setuid, or a private TMPDIR)");
		return;
	}
	g_assert_cmpint(may_send_as_nobody(settings), ==, TRUE);
	/* the timer's run left its lock, owner-only */
	g_assert_true(g_file_set_contents_full(lock, "", 0, G_FILE_SET_CONTENTS_NONE, 0600, &error));
	g_assert_no_error(error);
	g_assert_cmpint(may_send_as_nobody(settings), ==, FALSE);
	g_assert_cmpint(g_chmod(lock, 0666), ==, 0);
	g_assert_cmpint(may_send_as_nobody(settings), ==, TRUE);
	/* the token the kiosk's account reads only */
	g_assert_cmpint(g_chmod(settings->client->token_file, 0600), ==, 0);
	g_assert_cmpint(may_send_as_nobody(settings), ==, FALSE);
	g_assert_cmpint(g_chmod(settings->client->token_file, 0644), ==, 0);
	/* the folder the kiosk's account writes only */
	g_assert_cmpint(g_chmod(dir, 0755), ==, 0);
	g_assert_cmpint(may_send_as_nobody(settings), ==, FALSE);
	g_assert_cmpint(g_chmod(dir, 0700), ==, 0);
}

static void
test_settings_refused(void)
{
	const gchar *bad[] = {"send-at=8:30", "send-at=24:00", "send-at=08:30:00", "retry-first-s=0",
			      "retry-for-h=100", "retry-max-s=abc"};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree gchar *section = g_strdup_printf("[report]\n%s\n", bad[i]);
		g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new("01001", "Trạm", section);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdConfig) config = td_config_load(kiosk->config_path, &error);
		g_autoptr(TdReportSettings) settings = NULL;
		g_autofree gchar *key = g_strndup(bad[i], strchr(bad[i], '=') - bad[i]);

		g_assert_no_error(error);
		settings = td_report_settings_new(config, &error);
		g_assert_null(settings);
		g_assert_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID);
		g_assert_nonnull(strstr(error->message, key));
	}
}

static void
test_timer_calendar(void)
{
	g_autoptr(TdTestKiosk) kiosk = td_test_kiosk_new("01001", "Trạm", "[report]\nsend-at=06:05\n");
	g_autoptr(TdReportSettings) settings = settings_for(kiosk);
	g_autofree gchar *calendar = td_report_settings_timer_calendar(settings);
	g_assert_cmpstr(calendar, ==, "*-*-* 06:05:00 Asia/Ho_Chi_Minh");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/report-status/not-configured", test_not_configured);
	g_test_add_func("/report-status/missed-morning", test_missed_morning);
	g_test_add_func("/report-status/retry-that-did-not-run", test_retry_that_did_not_run);
	g_test_add_func("/report-status/pending-fails", test_pending_fails);
	g_test_add_func("/report-status/dashboard-line", test_dashboard_line);
	g_test_add_func("/report-status/may-send", test_may_send);
	g_test_add_func("/report-status/settings-refused", test_settings_refused);
	g_test_add_func("/report-status/timer-calendar", test_timer_calendar);
	return g_test_run();
}
