/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The daily report's way up as doctor and the manager's dashboard read it
 * from the sending state (td-report-send.c writes it): sent, when it
 * goes, late, retrying, another machine sending the station's figures. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "td-report-send-private.h"
#include "td-report-send.h"
#include "td-report.h"

/* After send-at, how long the timer's random delay and the first retries
 * may take before doctor calls the morning missed. */
#define TD_REPORT_GRACE_S (2 * 3600)
/* How long doctor and the dashboard say another machine sent this
 * station's figures, after it was last seen. */
#define TD_REPORT_OTHER_SENDER_DAYS 7

/* Whether a send holds the lock now. Asked without creating the lock (a
 * doctor run as root would leave one the timer's user cannot open) and
 * with a shared lock, which a send's exclusive one refuses; where the
 * lock cannot be opened, it may be held. */
static gboolean
report_lock_held(const gchar *state_file)
{
	g_autofree gchar *path = td_report_lock_path(state_file);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	gboolean held;

	if (fd < 0)
		return errno != ENOENT;
	held = flock(fd, LOCK_SH | LOCK_NB) != 0;
	close(fd);
	return held;
}

static gchar *
status_time(gint64 unix_time)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_local(unix_time);
	return t != NULL ? g_date_time_format(t, "%d/%m/%Y %H:%M") : g_strdup("?");
}

/* doctor's and the dashboard's judgements, made once */
static gboolean
report_other_sender_recent(const TdReportState *state, GDateTime *now_local)
{
	return state->other_sender_day != NULL &&
	       g_date_time_to_unix(now_local) - state->other_sender_unix < TD_REPORT_OTHER_SENDER_DAYS * 86400;
}

/* Minutes since today's send-at (negative before it). */
static gint
report_minutes_since_send_at(const TdReportSettings *settings, GDateTime *now_local)
{
	return g_date_time_get_hour(now_local) * 60 + g_date_time_get_minute(now_local) -
	       (gint)(settings->send_at_hour * 60 + settings->send_at_minute);
}

static gboolean
report_yesterday_late(const TdReportSettings *settings, const TdReportState *state, GDateTime *now_local,
		      const gchar *yesterday)
{
	return g_strcmp0(state->last_sent_day, yesterday) < 0 &&
	       report_minutes_since_send_at(settings, now_local) >= TD_REPORT_GRACE_S / 60;
}

/* Whether a day before yesterday has not gone up: one the hub refused or
 * never got, or a whole day with no send after the last one acknowledged.
 * Judged by the clock of the day alone, a morning's failure was forgotten
 * at midnight (until the next morning's grace was over), and with send-at
 * at 22:00 or later the grace ran past midnight and never ended. */
static gboolean
report_earlier_day_missed(const TdReportState *state, GDateTime *now_local)
{
	g_autoptr(GDateTime) two_days_ago = g_date_time_add_days(now_local, -2);
	g_autofree gchar *day_before_yesterday = g_date_time_format(two_days_ago, "%Y-%m-%d");

	for (guint i = 0; i < state->pending->len; i++) {
		if (g_strcmp0(g_ptr_array_index(state->pending, i), day_before_yesterday) <= 0)
			return TRUE;
	}
	return state->last_sent_day != NULL && g_strcmp0(state->last_sent_day, day_before_yesterday) < 0;
}

/* Whether the state plans a retry whose time has not passed (a minute's
 * grace for the timer). */
static gboolean
report_retry_ahead(const TdReportState *state, GDateTime *now_local)
{
	return state->next_attempt_unix > 0 && state->pending->len > 0 &&
	       g_date_time_to_unix(now_local) <= state->next_attempt_unix + 60;
}

/* Whether the retry the state plans will run: a minute past its time with
 * nobody holding the lock, the run that planned it is gone (stopped, or
 * the machine was off); one waiting for its turn waits behind a send that
 * holds it, and one that woke would hold it itself. */
static gboolean
report_retry_planned(const TdReportSettings *settings, const TdReportState *state, GDateTime *now_local)
{
	if (state->next_attempt_unix <= 0 || state->pending->len == 0)
		return FALSE;
	return report_retry_ahead(state, now_local) || report_lock_held(settings->state_file);
}

static gchar *
report_yesterday_of(GDateTime *now_local)
{
	g_autoptr(GDateTime) yesterday_time = g_date_time_add_days(now_local, -1);
	return g_date_time_format(yesterday_time, "%Y-%m-%d");
}

void
td_report_up_free(TdReportUp *up)
{
	if (up == NULL)
		return;
	g_free(up->day);
	g_free(up->other_sender_day);
	g_free(up);
}

TdReportUp *
td_report_up_read(const TdReportSettings *settings, GDateTime *now)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportState) state = NULL;
	g_autoptr(GDateTime) now_local = now != NULL ? g_date_time_ref(now) : g_date_time_new_now_local();
	TdReportUp *up = g_new0(TdReportUp, 1);

	up->day = report_yesterday_of(now_local);
	up->send_at_hour = settings->send_at_hour;
	up->send_at_minute = settings->send_at_minute;
	if (settings->client == NULL)
		return up; /* TD_REPORT_UP_OFF */
	up->can_send = td_report_send_allowed(settings);
	state = td_report_state_load(settings->state_file, &error);
	if (state == NULL) {
		g_message("the report's state: %s", error->message);
		up->state = TD_REPORT_UP_LATE;
		return up;
	}
	if (g_strcmp0(state->last_sent_day, up->day) >= 0) {
		up->state = TD_REPORT_UP_SENT;
		up->sent_unix = state->last_sent_unix;
	} else if (report_yesterday_late(settings, state, now_local, up->day) ||
		   report_earlier_day_missed(state, now_local)) {
		up->state = TD_REPORT_UP_LATE;
	} else if (report_minutes_since_send_at(settings, now_local) >= 0) {
		/* its time has come this morning: "goes up at 08:30" said at
		 * 09:15 was not true */
		up->state = TD_REPORT_UP_DUE;
		/* a retry still ahead (one whose time passed while a send held
		 * the lock would be said as a time gone by) */
		if (report_retry_ahead(state, now_local))
			up->retry_unix = state->next_attempt_unix;
	} else {
		up->state = TD_REPORT_UP_WAITING;
	}
	if (report_other_sender_recent(state, now_local))
		up->other_sender_day = g_strdup(state->other_sender_day);
	return up;
}

gchar *
td_report_send_status(const TdReportSettings *settings, GDateTime *now, gboolean *ok)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdReportState) state = NULL;
	g_autoptr(GDateTime) now_local = now != NULL ? g_date_time_ref(now) : g_date_time_new_now_local();
	g_autofree gchar *yesterday = report_yesterday_of(now_local);
	g_autoptr(GString) text = g_string_new(NULL);

	*ok = TRUE;
	if (settings->client == NULL)
		return g_strdup("not sent up: no [report] url (print it with: tiepdon report --pdf FILE)");
	state = td_report_state_load(settings->state_file, &error);
	if (state == NULL) {
		*ok = FALSE;
		return g_strdup(error->message);
	}
	if (state->last_sent_day != NULL) {
		g_autofree gchar *when = status_time(state->last_sent_unix);
		g_string_append_printf(text, "last sent %s (at %s) to %s", state->last_sent_day, when,
				       settings->client->url);
	} else {
		g_string_append_printf(text, "nothing sent yet to %s", settings->client->url);
	}
	if (state->pending->len > 0) {
		g_autofree gchar *days = NULL;
		g_ptr_array_add(state->pending, NULL);
		days = g_strjoinv(", ", (gchar **)state->pending->pdata);
		g_ptr_array_remove_index(state->pending, state->pending->len - 1);
		*ok = FALSE;
		g_string_append_printf(text, "; pending: %s", days);
	}
	if (state->last_error != NULL) {
		g_autofree gchar *when = status_time(state->last_error_unix);
		g_string_append_printf(text, "; last error (%s): %s", when, state->last_error);
	}
	if (state->next_attempt_unix > 0 && state->pending->len > 0) {
		g_autofree gchar *when = status_time(state->next_attempt_unix);
		if (!report_retry_planned(settings, state, now_local))
			g_string_append_printf(text, "; the retry planned at %s did not run (tiepdon report --send sends "
						     "the days pending)",
					       when);
		else
			g_string_append_printf(text, "; retrying at %s", when);
	}
	if (report_other_sender_recent(state, now_local)) {
		*ok = FALSE;
		g_string_append_printf(text, "; %s: %s", state->other_sender_day, TD_REPORT_OTHER_SENDER_TEXT);
	}
	if (report_yesterday_late(settings, state, now_local, yesterday)) {
		*ok = FALSE;
		g_string_append_printf(text, "; yesterday's report (%s) is not sent: is tiepdon-report.timer enabled?",
				       yesterday);
	} else if (state->pending->len == 0 && report_earlier_day_missed(state, now_local)) {
		/* a whole day went by with no send (a pending day says itself
		 * above), before this morning's grace is over too, as the
		 * dashboard says it */
		*ok = FALSE;
		g_string_append_printf(text, "; no report sent since %s: is tiepdon-report.timer enabled?",
				       state->last_sent_day);
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}
