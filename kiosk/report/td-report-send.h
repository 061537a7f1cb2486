/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-config.h"
#include "td-day-report.h"
#include "td-report-settings.h"
#include "td-store.h"

G_BEGIN_DECLS

/* Sending the day's counts up the chain (`tiepdon report --send`, run by
 * tiepdon-report.timer every morning), and what `doctor` says about it.
 *
 * What is pending survives the process: the state file ([report]
 * state-file, JSON) keeps the days not yet acknowledged, the newest day
 * the hub acknowledged and when, and the last error. A send works through
 * the pending days oldest first; a failure worth retrying (the hub out of
 * reach, HTTP 5xx) waits retry-first-s, then twice as long each time up to
 * retry-max-s (±20 %, so an area's stations do not retry in step), for
 * at most retry-for-h; what is still pending then waits for the next run.
 * A refusal (wrong token, report refused) stops at once. The hub keeps one
 * report per station and day, so a re-send replaces the earlier one. */

/* How many kiosks checked in on day. One SQLite file is one kiosk's
 * store; a store shared by a station's kiosks (PostgreSQL) counts the
 * kiosk ids of that day's check-ins (at least 1). */
guint td_report_station_kiosks(TdStore *store, const gchar *day);

/* The wire report of counts, for config's station. */
TdDayReport *td_report_day_report_new(const TdDailyCounts *counts, const TdConfig *config, guint kiosks);

typedef struct {
	gchar *last_sent_day; /* the newest day acknowledged; NULL: never */
	gint64 last_sent_unix;
	gchar *last_error; /* the last failed attempt's; NULL after a success */
	gint64 last_error_unix;
	gint64 next_attempt_unix; /* a running send's next try; 0: none */
	GPtrArray *pending;	  /* yyyy-mm-dd, oldest first, no repeats */
	/* yyyy-mm-dd → the figures last sent for it, acknowledged or not
	 * (the catch-up's days): a day whose figures changed since (a journal
	 * that arrived late, a case closed after the send) is sent again */
	GHashTable *sent_figures;
	/* the newest day whose send replaced, at the hub, figures other than
	 * this machine had sent: another machine reports for this station;
	 * NULL: none */
	gchar *other_sender_day;
	gint64 other_sender_unix;
} TdReportState;

/* A missing file is an empty state. */
TdReportState *td_report_state_load(const gchar *path, GError **error);
gboolean td_report_state_save(const TdReportState *state, const gchar *path, GError **error);
void td_report_state_free(TdReportState *state);

/* What a send did, for a caller that tells it (the dashboard, its audit
 * row). */
typedef struct {
	gboolean retryable;   /* not all sent, and a later try may work (the hub
			       * out of reach or failing: HTTP 5xx, 429, TLS),
			       * not refused nor a settings, store or file fault */
	GPtrArray *days_sent; /* yyyy-mm-dd, the days the hub acknowledged in
			       * this run, oldest first (NULL-terminated, but
			       * pdata is NULL while none); also when a later
			       * one failed */
} TdReportSendOutcome;
void td_report_send_outcome_clear(TdReportSendOutcome *outcome);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdReportSendOutcome, td_report_send_outcome_clear)

/* Sends day (NULL: the days due: yesterday, and every day since the last
 * one acknowledged, at most 31 back) and whatever an earlier run left
 * pending, oldest first; a day that fails stops it. Progress lines go to
 * print_cb (may be NULL). TRUE when nothing is left pending; what was
 * sent, and whether a later try may work, in outcome (may be NULL; given
 * zeroed or cleared, and cleared by the caller after). One send at a time per state file: a run that
 * retries (settings' retry_for_ms) waits up to TD_REPORT_LOCK_WAIT_S for
 * its turn, and lets the lock go while it waits to retry; one that does
 * not fails at once when another holds it (G_IO_ERROR_BUSY). */
#define TD_REPORT_LOCK_WAIT_S 300
typedef void (*TdReportSendPrintFunc)(const gchar *line, gpointer user_data);
gboolean td_report_send(TdStore *store, const TdConfig *config, const TdReportSettings *settings, const gchar *day,
			TdReportSendPrintFunc print_cb, gpointer user_data, GCancellable *cancellable,
			TdReportSendOutcome *outcome, GError **error);
/* Whether this process may send (its user writes the state file's folder
 * and its lock, and reads the token): not a reception PC's desktop user
 * where the kiosk's account sends. */
gboolean td_report_send_allowed(const TdReportSettings *settings);

/* For `doctor`: a sentence on the report's way up (last sent, pending days,
 * last error, a missed morning), and whether that is fine at now (NULL:
 * the current time). A morning is missed when yesterday's report is not
 * acknowledged two hours after send-at. */
gchar *td_report_send_status(const TdReportSettings *settings, GDateTime *now, gboolean *ok);

/* Yesterday's report, as the manager's dashboard says it (doctor's
 * judgements, in a few words). */
typedef enum {
	TD_REPORT_UP_OFF,     /* no [report] url here: this machine sends nothing */
	TD_REPORT_UP_SENT,    /* acknowledged by the hub */
	TD_REPORT_UP_WAITING, /* not yet: send-at has not come today */
	TD_REPORT_UP_DUE,     /* send-at has come, the retries' time has not passed */
	TD_REPORT_UP_LATE,    /* not acknowledged past its time, an earlier day not gone up, or
			       * the state unreadable */
} TdReportUpState;

typedef struct {
	TdReportUpState state;
	gchar *day;		/* yesterday, yyyy-mm-dd */
	gint64 sent_unix;	/* SENT: when the hub acknowledged it */
	guint send_at_hour;	/* WAITING: when it goes */
	guint send_at_minute;
	gint64 retry_unix;	/* DUE: the retry a running send planned; 0: none
				 * planned, or its run is gone */
	gchar *other_sender_day; /* this week, another machine sent this station's
				  * report of that day with other figures; NULL: not */
	gboolean can_send;	 /* this process may send it (td_report_send_allowed) */
} TdReportUp;

TdReportUp *td_report_up_read(const TdReportSettings *settings, GDateTime *now);
void td_report_up_free(TdReportUp *up);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdReportUp, td_report_up_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdReportState, td_report_state_free)

G_END_DECLS
