/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "td-report-client.h"
#include "td-json.h"
#include "td-report-send-private.h"
#include "td-report-send.h"
#include "td-report.h"
#include "td-secret-file.h"
#include "td-journaled-store.h"
#include "td-pg-store.h"

/* How far back a run catches up on its own (a kiosk switched off for a
 * while); older days are sent with --date. */
#define TD_REPORT_CATCH_UP_DAYS 31

/* The station's store, not the journal in front of it: the window's
 * store journals in an outage, and its server counts (the window's PDF
 * said "1 máy" where `tiepdon report --pdf` said 3). NULL: one SQLite file,
 * one kiosk's store and figures. */
static TdPgStore *
report_shared_store(TdStore *store)
{
	if (TD_IS_JOURNALED_STORE(store))
		store = TD_STORE(td_journaled_store_get_server(TD_JOURNALED_STORE(store)));
	return TD_IS_PG_STORE(store) ? TD_PG_STORE(store) : NULL;
}

guint
td_report_station_kiosks(TdStore *store, const gchar *day)
{
	g_autoptr(GError) error = NULL;
	TdPgStore *shared = report_shared_store(store);
	guint kiosks;

	if (shared == NULL)
		return 1;
	/* a shared store: the kiosks that checked in that day */
	kiosks = td_pg_store_count_kiosks(shared, day, &error);
	if (kiosks == 0) {
		g_message("cannot count the station's kiosks (reporting 1): %s", error->message);
		return 1;
	}
	return kiosks;
}

TdDayReport *
td_report_day_report_new(const TdDailyCounts *c, const TdConfig *config, guint kiosks)
{
	TdDayReport *report = td_day_report_new();
	report->station = g_strdup(config->station_code);
	report->day = g_strdup(c->day);
	report->kiosks = kiosks;
	report->program = g_strdup("tiepdon " PACKAGE_VERSION);
	report->checkins = c->checkins;
	report->by_chip_card = td_daily_counts_by_chip_card(c);
	report->eligible = td_daily_counts_eligible(c);
	report->pending_eligibility = c->by_outcome[TD_OUTCOME_PENDING_ELIGIBILITY];
	report->see_staff = c->sent_to_staff;
	report->vneid_asked = td_daily_counts_vneid_answered(c);
	report->vneid_integrated = td_daily_counts_vneid_integrated(c);
	report->vneid_no_account = c->by_vneid[TD_VNEID_NO_ACCOUNT];
	return report;
}

/* ---- the state file ---- */

void
td_report_state_free(TdReportState *state)
{
	if (state == NULL)
		return;
	g_free(state->last_sent_day);
	g_free(state->last_error);
	g_free(state->other_sender_day);
	g_ptr_array_unref(state->pending);
	g_hash_table_unref(state->sent_figures);
	g_free(state);
}

/* The state is a few days' names and times; anything larger is not ours. */
#define TD_REPORT_STATE_MAX_SIZE (64 * 1024)

static TdReportState *
report_state_new(void)
{
	TdReportState *state = g_new0(TdReportState, 1);
	state->pending = g_ptr_array_new_with_free_func(g_free);
	state->sent_figures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return state;
}

/* Keeps pending sorted (yyyy-mm-dd sorts as text) and without repeats. */
static void
report_state_add_pending(TdReportState *state, const gchar *day)
{
	guint i = 0;
	while (i < state->pending->len && g_strcmp0(g_ptr_array_index(state->pending, i), day) < 0)
		i++;
	if (i < state->pending->len && g_strcmp0(g_ptr_array_index(state->pending, i), day) == 0)
		return;
	g_ptr_array_insert(state->pending, (gint)i, g_strdup(day));
}

/* A member of that type, NULL when missing or of another type (the file
 * may be from an older tiepdon, or edited). */
static JsonNode *
state_value(JsonObject *object, const gchar *name, GType type)
{
	JsonNode *node = json_object_get_member(object, name);
	return node != NULL && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == type ? node : NULL;
}

static const gchar *
state_get_string(JsonObject *object, const gchar *name)
{
	JsonNode *node = state_value(object, name, G_TYPE_STRING);
	return node != NULL ? json_node_get_string(node) : NULL;
}

static gint64
state_get_time(JsonObject *object, const gchar *name)
{
	JsonNode *node = state_value(object, name, G_TYPE_INT64);
	return node != NULL ? json_node_get_int(node) : 0;
}

TdReportState *
td_report_state_load(const gchar *path, GError **error)
{
	g_autoptr(TdReportState) state = report_state_new();
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	g_autoptr(GError) error_local = NULL;
	JsonNode *root, *pending, *sent;
	JsonObject *object;
	const gchar *day;

	/* through the one file helper: no link, FIFO or device followed */
	g_autoptr(GBytes) text = td_file_read(path, TD_REPORT_STATE_MAX_SIZE, TD_FILE_ACCESS_ANY, &error_local);
	gsize text_len = 0;
	const gchar *text_data;

	if (text == NULL) {
		if (g_error_matches(error_local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			return g_steal_pointer(&state);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "report state %s: %s", path,
			    error_local->message);
		return NULL;
	}
	text_data = g_bytes_get_data(text, &text_len);
	if (!json_parser_load_from_data(parser, text_data, (gssize)text_len, &error_local)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "report state %s: %s", path,
			    error_local->message);
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "report state %s is not a JSON object", path);
		return NULL;
	}
	object = json_node_get_object(root);
	day = state_get_string(object, "last_sent_day");
	if (td_day_report_day_is_valid(day))
		state->last_sent_day = g_strdup(day);
	state->last_sent_unix = state_get_time(object, "last_sent");
	state->last_error = g_strdup(state_get_string(object, "last_error"));
	state->last_error_unix = state_get_time(object, "last_error_at");
	state->next_attempt_unix = state_get_time(object, "next_attempt");
	day = state_get_string(object, "other_sender_day");
	if (td_day_report_day_is_valid(day))
		state->other_sender_day = g_strdup(day);
	state->other_sender_unix = state_get_time(object, "other_sender_at");
	sent = json_object_get_member(object, "sent");
	if (sent != NULL && JSON_NODE_HOLDS_OBJECT(sent)) {
		JsonObject *days = json_node_get_object(sent);
		g_autoptr(GList) names = json_object_get_members(days);
		for (GList *l = names; l != NULL; l = l->next) {
			JsonNode *figures = json_object_get_member(days, l->data);
			if (td_day_report_day_is_valid(l->data) && JSON_NODE_HOLDS_VALUE(figures) &&
			    json_node_get_value_type(figures) == G_TYPE_STRING)
				g_hash_table_replace(state->sent_figures, g_strdup(l->data),
						     g_strdup(json_node_get_string(figures)));
		}
	}
	pending = json_object_get_member(object, "pending");
	if (pending != NULL && JSON_NODE_HOLDS_ARRAY(pending)) {
		JsonArray *days = json_node_get_array(pending);
		for (guint i = 0; i < json_array_get_length(days); i++) {
			JsonNode *node = json_array_get_element(days, i);
			if (JSON_NODE_HOLDS_VALUE(node) && td_day_report_day_is_valid(json_node_get_string(node)))
				report_state_add_pending(state, json_node_get_string(node));
		}
	}
	return g_steal_pointer(&state);
}

static void
state_add_time(JsonBuilder *b, const gchar *name, gint64 value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, value);
}

gboolean
td_report_state_save(const TdReportState *state, const gchar *path, GError **error)
{
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *text = NULL;

	json_builder_begin_object(b);
	td_json_add_string(b, "last_sent_day", state->last_sent_day);
	state_add_time(b, "last_sent", state->last_sent_unix);
	td_json_add_string(b, "last_error", state->last_error);
	state_add_time(b, "last_error_at", state->last_error_unix);
	state_add_time(b, "next_attempt", state->next_attempt_unix);
	td_json_add_string(b, "other_sender_day", state->other_sender_day);
	state_add_time(b, "other_sender_at", state->other_sender_unix);
	json_builder_set_member_name(b, "pending");
	json_builder_begin_array(b);
	for (guint i = 0; i < state->pending->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(state->pending, i));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "sent");
	json_builder_begin_object(b);
	/* a state made by hand (a test, a tool) may have none */
	if (state->sent_figures != NULL) {
		g_autoptr(GList) days = g_list_sort(g_hash_table_get_keys(state->sent_figures), (GCompareFunc)g_strcmp0);
		for (GList *l = days; l != NULL; l = l->next)
			td_json_add_string(b, l->data, g_hash_table_lookup(state->sent_figures, l->data));
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	text = json_to_string(root, TRUE);
	return td_file_replace(path, text, strlen(text), 0600, error);
}

/* ---- sending ---- */

static void
send_print(TdReportSendPrintFunc print_cb, gpointer user_data, const gchar *format, ...) G_GNUC_PRINTF(3, 4);

static void
send_print(TdReportSendPrintFunc print_cb, gpointer user_data, const gchar *format, ...)
{
	g_autofree gchar *line = NULL;
	va_list args;

	if (print_cb == NULL)
		return;
	va_start(args, format);
	line = g_strdup_vprintf(format, args);
	va_end(args);
	print_cb(line, user_data);
}

static gboolean
send_date_set(GDate *date, const gchar *day)
{
	g_date_clear(date, 1);
	if (!td_day_report_day_is_valid(day))
		return FALSE;
	g_date_set_dmy(date, (GDateDay)g_ascii_strtoull(day + 8, NULL, 10),
		       (GDateMonth)g_ascii_strtoull(day + 5, NULL, 10), (GDateYear)g_ascii_strtoull(day, NULL, 10));
	return TRUE;
}

static gchar *
send_date_format(const GDate *date)
{
	return g_strdup_printf("%04u-%02u-%02u", g_date_get_year(date), g_date_get_month(date), g_date_get_day(date));
}

/* Yesterday, and the days since the last one acknowledged (a month at most). */
static void
send_add_due_days(TdReportState *state, const gchar *today)
{
	GDate yesterday, date, last;

	send_date_set(&yesterday, today);
	g_date_subtract_days(&yesterday, 1);
	date = yesterday;
	g_date_subtract_days(&date, TD_REPORT_CATCH_UP_DAYS - 1);
	if (!send_date_set(&last, state->last_sent_day)) {
		date = yesterday;
	} else if (g_date_compare(&last, &date) >= 0) {
		date = last;
		g_date_add_days(&date, 1);
	}
	for (; g_date_compare(&date, &yesterday) <= 0; g_date_add_days(&date, 1)) {
		g_autofree gchar *day = send_date_format(&date);
		report_state_add_pending(state, day);
	}
}

/* Sleeps ms unless cancelled first; FALSE when cancelled. */
static gboolean
send_wait(guint ms, GCancellable *cancellable)
{
	gint64 until = g_get_monotonic_time() + (gint64)ms * 1000;
	while (g_get_monotonic_time() < until) {
		if (g_cancellable_is_cancelled(cancellable))
			return FALSE;
		g_usleep(MIN(100000, until - g_get_monotonic_time()));
	}
	return !g_cancellable_is_cancelled(cancellable);
}

/* The figures a day's report carries, to tell when they change. */
static gchar *
send_figures(const TdDayReport *r)
{
	return g_strdup_printf("%u %u %u %u %u %u %u %u %u", r->kiosks, r->checkins, r->by_chip_card, r->eligible,
			       r->pending_eligibility, r->see_staff, r->vneid_asked, r->vneid_integrated,
			       r->vneid_no_account);
}

static TdDayReport *
send_report_of(TdStore *store, const TdConfig *config, const gchar *day, GError **error)
{
	g_autoptr(TdDailyCounts) counts = td_report_day(store, day, error);

	if (counts == NULL)
		return NULL;
	return td_report_day_report_new(counts, config, td_report_station_kiosks(store, day));
}

static gboolean
send_one(TdReportClient *client, TdStore *store, const TdConfig *config, const gchar *day, gchar **figures_out,
	 TdDayReportStored *stored, gboolean *retryable, GCancellable *cancellable, GError **error)
{
	g_autoptr(TdDayReport) report = send_report_of(store, config, day, error);

	*retryable = FALSE;
	if (report == NULL)
		return FALSE;
	/* what leaves this machine, answered or not */
	*figures_out = send_figures(report);
	return td_report_client_send(client, report, stored, retryable, cancellable, error);
}

/* The figures kept are the catch-up's month's only (a backfill with
 * --date day after day keeps the state file small). */
static gboolean
send_keeps_figures_of(const gchar *day, const gchar *today)
{
	GDate oldest;
	g_autofree gchar *oldest_day = NULL;

	send_date_set(&oldest, today);
	g_date_subtract_days(&oldest, TD_REPORT_CATCH_UP_DAYS);
	oldest_day = send_date_format(&oldest);
	return g_strcmp0(day, oldest_day) >= 0 && g_strcmp0(day, today) <= 0;
}

static void
send_forget_old_figures(TdReportState *state, const gchar *today)
{
	GHashTableIter iter;
	gpointer day;

	g_hash_table_iter_init(&iter, state->sent_figures);
	while (g_hash_table_iter_next(&iter, &day, NULL)) {
		if (!send_keeps_figures_of(day, today))
			g_hash_table_iter_remove(&iter);
	}
}

/* A send that replaced, at the hub, figures other than this machine had
 * sent for that day (or it had sent none): another machine reports for
 * this station. Only where a machine's figures are its own (SQLite: a
 * station's kiosks on one PostgreSQL all send the station's, and may
 * each run the timer); and only for the month whose figures the state
 * keeps (an older day's earlier send is not known). */
static gboolean
send_met_other_sender(const TdReportState *state, TdStore *store, const gchar *day, const gchar *figures,
		      TdDayReportStored stored)
{
	g_autofree gchar *today = td_report_today();
	const gchar *sent_before = g_hash_table_lookup(state->sent_figures, day);

	return stored == TD_DAY_REPORT_REPLACED_CHANGED && report_shared_store(store) == NULL &&
	       send_keeps_figures_of(day, today) && (sent_before == NULL || g_strcmp0(sent_before, figures) == 0);
}

/* The catch-up's days sent before (acknowledged, or tried and still
 * pending) whose figures changed since: sent again (the hub replaces a
 * day's report). */
static void
send_add_changed_days(TdReportState *state, TdStore *store, const TdConfig *config, const gchar *today)
{
	g_autoptr(GList) days = g_list_sort(g_hash_table_get_keys(state->sent_figures), (GCompareFunc)g_strcmp0);

	for (GList *l = days; l != NULL; l = l->next) {
		const gchar *day = l->data;
		g_autoptr(GError) error = NULL;
		g_autoptr(TdDayReport) report = NULL;
		g_autofree gchar *figures = NULL;

		if (g_strcmp0(day, today) >= 0)
			continue;
		report = send_report_of(store, config, day, &error);
		if (report == NULL) {
			g_message("the figures of %s cannot be read again: %s", day, error->message);
			continue;
		}
		figures = send_figures(report);
		if (g_strcmp0(figures, g_hash_table_lookup(state->sent_figures, day)) != 0)
			report_state_add_pending(state, day);
	}
}

/* One lock per state file: the timer's run and one started by hand must
 * not interleave their saves. Returns the held fd, or -1. */
gchar *
td_report_lock_path(const gchar *state_file)
{
	return g_strconcat(state_file, ".lock", NULL);
}

static int
send_lock(const gchar *state_file, GError **error)
{
	g_autofree gchar *path = td_report_lock_path(state_file);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);

	if (fd < 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "cannot open %s: %s", path,
			    g_strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_BUSY,
			    "another 'tiepdon report --send' is running (lock %s)", path);
		return -1;
	}
	return fd;
}

/* The lock, waited for until give_up_at (monotonic µs) while another
 * send holds it: that one tries for a few seconds, or saves and lets go
 * while it waits to retry. */
static int
send_lock_wait(const gchar *state_file, gint64 give_up_at, GCancellable *cancellable, GError **error)
{
	for (;;) {
		g_autoptr(GError) error_local = NULL;
		int fd = send_lock(state_file, &error_local);

		if (fd >= 0)
			return fd;
		if (!g_error_matches(error_local, G_IO_ERROR, G_IO_ERROR_BUSY) || g_get_monotonic_time() >= give_up_at ||
		    !send_wait(200, cancellable)) {
			if (!g_cancellable_set_error_if_cancelled(cancellable, error))
				g_propagate_error(error, g_steal_pointer(&error_local));
			return -1;
		}
	}
}

/* Between two tries the lock is let go: a send started meanwhile (the
 * manager's, from the dashboard, once the hub is back) sends and saves,
 * and the state is read again after the wait, its days perhaps sent. */
static gboolean
send_pending(TdReportState **state_io, int *lock_fd, TdReportClient *client, TdStore *store, const TdConfig *config,
	     const TdReportSettings *settings, TdReportSendPrintFunc print_cb, gpointer user_data,
	     GCancellable *cancellable, TdReportSendOutcome *outcome, GError **error)
{
	gint64 give_up_at = g_get_monotonic_time() + (gint64)settings->retry_for_ms * 1000;
	guint delay_ms = settings->retry_first_ms;
	TdReportState *state = *state_io;

	while (state->pending->len > 0) {
		g_autoptr(GError) error_local = NULL;
		g_autofree gchar *day = g_strdup(g_ptr_array_index(state->pending, 0));
		TdDayReportStored stored = TD_DAY_REPORT_STORED;
		gboolean retryable = FALSE;
		gchar *figures = NULL;
		guint wait_ms;

		if (send_one(client, store, config, day, &figures, &stored, &retryable, cancellable, &error_local)) {
			gboolean other_sender = send_met_other_sender(state, store, day, figures, stored);
			g_hash_table_replace(state->sent_figures, g_strdup(day), figures);
			g_ptr_array_remove_index(state->pending, 0);
			if (g_strcmp0(day, state->last_sent_day) > 0) {
				g_free(state->last_sent_day);
				state->last_sent_day = g_strdup(day);
			}
			state->last_sent_unix = g_get_real_time() / G_USEC_PER_SEC;
			g_clear_pointer(&state->last_error, g_free);
			state->next_attempt_unix = 0;
			delay_ms = settings->retry_first_ms;
			g_ptr_array_add(outcome->days_sent, g_strdup(day));
			send_print(print_cb, user_data, "%s: đã gửi (sent)%s", day,
				   stored != TD_DAY_REPORT_STORED ? ", thay bản gửi trước (replaced the earlier send)" : "");
			if (other_sender) {
				if (g_strcmp0(day, state->other_sender_day) >= 0) {
					g_free(state->other_sender_day);
					state->other_sender_day = g_strdup(day);
				}
				state->other_sender_unix = state->last_sent_unix;
				send_print(print_cb, user_data, "%s: %s", day, TD_REPORT_OTHER_SENDER_TEXT);
			}
			if (!td_report_state_save(state, settings->state_file, error))
				return FALSE;
			continue;
		}
		/* kept as sent: a send whose answer was lost may have reached
		 * the hub, and its figures there are this machine's, not
		 * another's (figures: NULL when the report was not made) */
		if (figures != NULL)
			g_hash_table_replace(state->sent_figures, g_strdup(day), figures);
		g_free(state->last_error);
		state->last_error = g_strdup_printf("%s: %s", day, error_local->message);
		state->last_error_unix = g_get_real_time() / G_USEC_PER_SEC;
		/* ±20 %: an area's stations that failed together spread out */
		wait_ms = (guint)(delay_ms * g_random_double_range(0.8, 1.2));
		if (!retryable || g_get_monotonic_time() + (gint64)wait_ms * 1000 > give_up_at) {
			/* a single try (the dashboard's) leaves a waiting run's
			 * next try as that run planned it */
			if (settings->retry_for_ms > 0)
				state->next_attempt_unix = 0;
			if (!td_report_state_save(state, settings->state_file, error))
				return FALSE;
			outcome->retryable = retryable;
			g_set_error(error, error_local->domain, error_local->code, "%s: %s%s", day, error_local->message,
				    retryable ? "; still pending, the next run sends it" : "");
			return FALSE;
		}
		state->next_attempt_unix = state->last_error_unix + (wait_ms + 999) / 1000;
		if (!td_report_state_save(state, settings->state_file, error))
			return FALSE;
		send_print(print_cb, user_data, "%s: chưa gửi được (not sent): %s; thử lại sau %.1f s (retrying)", day,
			   error_local->message, wait_ms / 1000.0);
		close(*lock_fd);
		*lock_fd = -1;
		if (!send_wait(wait_ms, cancellable))
			return !g_cancellable_set_error_if_cancelled(cancellable, error);
		*lock_fd = send_lock_wait(settings->state_file, give_up_at, cancellable, error);
		if (*lock_fd < 0)
			return FALSE;
		td_report_state_free(*state_io);
		*state_io = state = td_report_state_load(settings->state_file, error);
		if (state == NULL)
			return FALSE;
		delay_ms = MIN(delay_ms * 2, settings->retry_max_ms);
	}
	return TRUE;
}

void
td_report_send_outcome_clear(TdReportSendOutcome *outcome)
{
	outcome->retryable = FALSE;
	g_clear_pointer(&outcome->days_sent, g_ptr_array_unref);
}

gboolean
td_report_send(TdStore *store, const TdConfig *config, const TdReportSettings *settings, const gchar *day,
	       TdReportSendPrintFunc print_cb, gpointer user_data, GCancellable *cancellable,
	       TdReportSendOutcome *outcome, GError **error)
{
	g_auto(TdReportSendOutcome) outcome_local = {FALSE, NULL};
	g_autoptr(TdReportState) state = NULL;
	g_autoptr(TdReportClient) client = NULL;
	g_autofree gchar *today = td_report_today();
	gboolean ok;
	int lock_fd;

	if (outcome == NULL)
		outcome = &outcome_local;
	td_report_send_outcome_clear(outcome);
	outcome->days_sent = g_ptr_array_new_null_terminated(0, g_free, TRUE);
	if (settings->client == NULL) {
		g_set_error_literal(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
				    "no [report] url: where to send the report is not configured");
		return FALSE;
	}
	if (day != NULL && (!td_day_report_day_is_valid(day) || g_strcmp0(day, today) > 0)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "'%s' is not a day up to today", day);
		return FALSE;
	}
	/* a run that retries waits its turn (the timer's, behind a send
	 * pressed on the dashboard), and says so; a single try does not */
	lock_fd = send_lock(settings->state_file, NULL);
	if (lock_fd < 0 && settings->retry_for_ms > 0)
		send_print(print_cb, user_data, "đang chờ lần gửi khác xong (waiting for another send to finish, "
						"%u s at the most)", TD_REPORT_LOCK_WAIT_S);
	if (lock_fd < 0)
		lock_fd = send_lock_wait(settings->state_file,
					 g_get_monotonic_time() +
					     (settings->retry_for_ms > 0 ? TD_REPORT_LOCK_WAIT_S * G_USEC_PER_SEC : 0),
					 cancellable, error);
	if (lock_fd < 0)
		return FALSE;
	state = td_report_state_load(settings->state_file, error);
	if (state == NULL) {
		close(lock_fd);
		return FALSE;
	}
	send_forget_old_figures(state, today);
	if (day != NULL) {
		report_state_add_pending(state, day);
	} else {
		send_add_due_days(state, today);
		send_add_changed_days(state, store, config, today);
	}
	if (state->pending->len == 0)
		send_print(print_cb, user_data, "không có gì cần gửi (nothing to send): %s already sent",
			   state->last_sent_day);
	client = td_report_client_new(settings->client);
	ok = send_pending(&state, &lock_fd, client, store, config, settings, print_cb, user_data, cancellable,
			  outcome, error);
	if (lock_fd >= 0)
		close(lock_fd);
	outcome->retryable = !ok && outcome->retryable;
	return ok;
}

static gboolean
send_writable_or_absent(const gchar *path)
{
	return g_access(path, W_OK) == 0 || !g_file_test(path, G_FILE_TEST_EXISTS);
}

gboolean
td_report_send_allowed(const TdReportSettings *settings)
{
	g_autofree gchar *dir = NULL;
	g_autofree gchar *lock = NULL;

	if (settings->client == NULL)
		return FALSE;
	dir = g_path_get_dirname(settings->state_file);
	/* the lock too: the timer's run makes it owner-only (0600), and a
	 * desktop user who writes the folder but not the lock would be
	 * offered a button that fails */
	lock = td_report_lock_path(settings->state_file);
	return g_access(dir, W_OK) == 0 && send_writable_or_absent(settings->state_file) &&
	       send_writable_or_absent(lock) && settings->client->token_file != NULL &&
	       g_access(settings->client->token_file, R_OK) == 0;
}
