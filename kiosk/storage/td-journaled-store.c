/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdJournaledStore: the server's store, and a local journal for when it
 * cannot be reached (td-journaled-store.h says what and why); sending the
 * journal: td-journaled-store-send.c. */
#include "config.h"

#include <string.h>

#include "td-journal.h"
#include "td-journaled-store-private.h"
#include "td-main-context.h"
#include "td-pg-store-private.h"
#include "td-store-engine.h"


enum { SIGNAL_OFFLINE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void td_journaled_store_iface_init(TdStoreInterface *iface);

G_DEFINE_TYPE_WITH_CODE(TdJournaledStore,
			td_journaled_store,
			G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(TD_TYPE_STORE, td_journaled_store_iface_init))


/* The server's implementation of a call, and the server as a TdStore */
#define SERVER(self)	       (TD_STORE_GET_IFACE((self)->server))
#define TD_SERVER_STORE(store) TD_STORE(TD_JOURNALED_STORE(store)->server)
#define TD_SERVER_IFACE(store) TD_STORE_GET_IFACE(TD_JOURNALED_STORE(store)->server)

static void
offline_changed_emit(gpointer data)
{
	g_signal_emit(TD_JOURNALED_STORE(data), signals[SIGNAL_OFFLINE_CHANGED], 0);
}

void
td_journaled_store_post_offline_changed(TdJournaledStore *self)
{
	td_main_context_post(self->owner, G_PRIORITY_DEFAULT, "td-journal-offline-changed", self->owner_cancellable,
			     offline_changed_emit, self, NULL);
}

/* The journal, opened (created) on first use. Call with self->lock. */
static TdSqliteStore *
journal_get(TdJournaledStore *self, GError **error)
{
	if (self->journal == NULL) {
		self->journal = td_sqlite_store_new(self->journal_path, error);
		if (self->journal == NULL)
			return NULL;
		td_sqlite_store_set_kiosk_id(self->journal, self->kiosk_id);
		td_sqlite_store_set_queue_series(self->journal, self->letter);
	}
	return self->journal;
}

static void
worker_wake(TdJournaledStore *self)
{
	g_mutex_lock(&self->worker_lock);
	self->woken = TRUE;
	g_cond_signal(&self->worker_cond);
	g_mutex_unlock(&self->worker_lock);
}

/* Ids the kiosk holds for journaled rows: negative, never a server's. */
static gint64
journal_id_out(gint64 id)
{
	return -id;
}

/* A journaled row's server id once this run sent it, else 0. */
static gint64
sent_id(GHashTable *sent, gint64 journal_id)
{
	gpointer value = g_hash_table_lookup(sent, &journal_id);
	return value != NULL ? *(gint64 *)value : 0;
}

static gboolean
go_offline(TdJournaledStore *self, const GError *why, GError **error)
{
	TdSqliteStore *journal;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;

	journal = journal_get(self, error);
	if (journal == NULL || !td_journal_set_offline(journal, now, error))
		return FALSE;
	if (g_atomic_int_compare_and_exchange(&self->offline, FALSE, TRUE)) {
		g_message("the database cannot be reached (%s): check-ins go to %s, numbered in series %s", why->message,
			  self->journal_path, self->letter);
		td_journaled_store_post_offline_changed(self);
	}
	return TRUE;
}

/* One origin for a row's online attempt and the journal: a commit that
 * reached the server but whose reply was lost is journaled as the same
 * row, which the server then takes once. */
static gchar *
origin_new(TdJournaledStore *self)
{
	g_autofree gchar *uuid = g_uuid_string_random();
	return g_strconcat(self->kiosk_id, ":", uuid, NULL);
}

static gboolean
td_journaled_store_record_checkin(TdStore *store, TdCheckinRecord *rec, TdCheckinException *exc, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GMutexLocker) locker = NULL;
	TdSqliteStore *journal;

	if (rec->origin == NULL)
		rec->origin = origin_new(self);
	if (!g_atomic_int_get(&self->offline)) {
		if (SERVER(self)->record_checkin(TD_STORE(self->server), rec, exc, &error_local))
			return TRUE;
		if (!g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
	}
	locker = g_mutex_locker_new(&self->lock);
	if (error_local != NULL && !go_offline(self, error_local, error))
		return FALSE;
	journal = journal_get(self, error);
	if (journal == NULL || !td_store_record_checkin(TD_STORE(journal), rec, exc, error))
		return FALSE;
	rec->id = journal_id_out(rec->id);
	if (exc != NULL) {
		exc->id = journal_id_out(exc->id);
		exc->checkin_id = rec->id;
	}
	worker_wake(self);
	return TRUE;
}

/* ---- what follows a journaled check-in ---- */

/* Where the rows a kiosk's ids (negative: journaled; 0: none) name are
 * now: TRUE in the journal (*ids made the journal's), FALSE on the server
 * (*ids made the server's: sent this run, or never journaled); an error
 * when neither has them. Call with self->lock. */
static gboolean
journal_locate(TdJournaledStore *self, gint64 *checkin_id, gint64 *exception_id, gboolean *in_journal,
	       GError **error)
{
	gboolean holds = FALSE;

	*in_journal = FALSE;
	if (*checkin_id >= 0 && *exception_id >= 0)
		return TRUE;
	if (journal_get(self, error) == NULL ||
	    !td_journal_holds(self->journal, MAX(0, -*checkin_id), MAX(0, -*exception_id), &holds, error))
		return FALSE;
	if (holds) {
		/* a journaled row names journaled rows only */
		*checkin_id = MAX(0, -*checkin_id);
		*exception_id = MAX(0, -*exception_id);
		*in_journal = TRUE;
		return TRUE;
	}
	if (*checkin_id < 0)
		*checkin_id = sent_id(self->sent_checkins, -*checkin_id);
	if (*exception_id < 0)
		*exception_id = sent_id(self->sent_exceptions, -*exception_id);
	if (*checkin_id == 0 && *exception_id == 0) {
		g_set_error_literal(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
				    "no such check-in in the kiosk's journal (sent by an earlier run?)");
		return FALSE;
	}
	return TRUE;
}

static TdCheckinRecord *
td_journaled_store_get_checkin(TdStore *store, gint64 id, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	JOURNAL_LOCK(self);
	gint64 no_exception = 0;
	gboolean in_journal;
	TdCheckinRecord *rec;

	if (!journal_locate(self, &id, &no_exception, &in_journal, error))
		return NULL;
	if (!in_journal)
		return SERVER(self)->get_checkin(TD_STORE(self->server), id, error);
	rec = td_store_get_checkin(TD_STORE(self->journal), id, error);
	if (rec != NULL)
		rec->id = journal_id_out(rec->id);
	return rec;
}

/* The patient's VNeID answer: to the journal's check-in, or the server's;
 * the server out of reach meanwhile (the answer comes seconds after the
 * check-in), to the journal, sent once it answers (before, the answer was
 * lost, the day's integration figures short of it). */
static gboolean
td_journaled_store_set_vneid_answer(TdStore *store, gint64 checkin_id, TdVneidAnswer answer, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	JOURNAL_LOCK(self);
	g_autoptr(GError) error_local = NULL;
	gint64 no_exception = 0;
	gboolean in_journal;
	TdSqliteStore *journal;

	if (!journal_locate(self, &checkin_id, &no_exception, &in_journal, error))
		return FALSE;
	if (in_journal)
		return td_store_set_vneid_answer(TD_STORE(self->journal), checkin_id, answer, error);
	if (SERVER(self)->set_vneid_answer(TD_STORE(self->server), checkin_id, answer, &error_local)) {
		/* an answer the journal kept for it is older: not sent over this */
		journal = self->journal;
		return journal == NULL || td_journal_delete_server_answer_of(journal, checkin_id, error);
	}
	if (!g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (!go_offline(self, error_local, error))
		return FALSE;
	journal = journal_get(self, error);
	if (journal == NULL ||
	    !td_journal_record_server_answer(journal, checkin_id, answer, g_get_real_time() / G_USEC_PER_SEC, error))
		return FALSE;
	worker_wake(self);
	return TRUE;
}

/* An audit row to the server, or, out of reach, to the journal with the
 * origin its attempt carried, as a check-in goes: the kiosk's own (a
 * patient's call for staff, a login, a quit), or one about a check-in or
 * case the server has (ids the server's). */
static gboolean
record_action_or_journal(TdJournaledStore *self, const TdStaffAction *action, GError **error)
{
	g_autofree gchar *origin = origin_new(self);
	g_autoptr(GError) error_local = NULL;
	TdSqliteStore *journal;

	if (!g_atomic_int_get(&self->offline)) {
		if (td_pg_store_record_action_with_origin(self->server, action, origin, &error_local))
			return TRUE;
		if (!g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
	}
	{
		JOURNAL_LOCK(self);
		if (error_local != NULL && !go_offline(self, error_local, error))
			return FALSE;
		journal = journal_get(self, error);
		if (journal == NULL || !td_journal_record_action(journal, action, origin, error))
			return FALSE;
	}
	worker_wake(self);
	return TRUE;
}

static gboolean
td_journaled_store_record_staff_action(TdStore *store, gint64 staff_id, gint64 now, const gchar *action,
				       gint64 exception_id, gint64 checkin_id, const gchar *note, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	gboolean in_journal;

	if (checkin_id == 0 && exception_id == 0) {
		TdStaffAction own = {.time_unix = now, .action = (gchar *)action, .note = (gchar *)note,
				     .staff_id = staff_id};
		return record_action_or_journal(self, &own, error);
	}
	{
		JOURNAL_LOCK(self);
		if (!journal_locate(self, &checkin_id, &exception_id, &in_journal, error))
			return FALSE;
		if (in_journal)
			return TD_STORE_GET_IFACE(self->journal)
			    ->record_staff_action(TD_STORE(self->journal), staff_id, now, action, exception_id, checkin_id,
						  note, error);
	}
	/* About a check-in the server has. A ticket that did not print, a
	 * reprint, a manual check-in: the audit trail keeps it through an
	 * outage. One that changes the row's VNeID answer too stays the
	 * server's to take, and an outage is the caller's error (staff see
	 * it and try again). */
	if (td_store_action_vneid_effect(action, note) != TD_VNEID_NOT_ASKED)
		return SERVER(self)->record_staff_action(TD_STORE(self->server), staff_id, now, action, exception_id,
							 checkin_id, note, error);
	{
		TdStaffAction about = {.time_unix = now, .action = (gchar *)action, .note = (gchar *)note,
				       .staff_id = staff_id, .checkin_id = checkin_id, .exception_id = exception_id};
		return record_action_or_journal(self, &about, error);
	}
}

static gboolean
td_journaled_store_resolve_exception(TdStore *store, gint64 staff_id, gint64 exception_id, const gchar *action,
				     const gchar *note, gint64 now, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	gint64 no_checkin = 0, server_id = exception_id;
	gboolean in_journal = FALSE;

	if (exception_id < 0) {
		JOURNAL_LOCK(self);
		if (!journal_locate(self, &no_checkin, &server_id, &in_journal, error))
			return FALSE;
	}
	/* staff resolve on the server, where the station's queue is */
	if (in_journal) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
			    "exception %" G_GINT64_FORMAT " waits in the kiosk's journal: resolve it once the "
			    "database is back",
			    exception_id);
		return FALSE;
	}
	return SERVER(self)->resolve_exception(TD_STORE(self->server), staff_id, server_id, action, note, now, error);
}

/* ---- reads that look in the journal too ---- */

/* The server's answer unless the kiosk is offline; an unreachable server
 * is no answer (the journal's stands), any other error is the caller's. */
static gboolean
server_read_failed(TdJournaledStore *self, GError **error_local, GError **error)
{
	if (*error_local == NULL)
		return FALSE;
	if (g_error_matches(*error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
		g_clear_error(error_local);
		return FALSE;
	}
	g_propagate_error(error, g_steal_pointer(error_local));
	return TRUE;
}

static TdCheckinRecord *
td_journaled_store_find_checkin(TdStore *store, const gchar *day, const gchar *id_hash, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	g_autoptr(TdCheckinRecord) online = NULL;
	g_autoptr(TdCheckinRecord) offline = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!g_atomic_int_get(&self->offline)) {
		online = SERVER(self)->find_checkin(TD_STORE(self->server), day, id_hash, &error_local);
		if (server_read_failed(self, &error_local, error))
			return NULL;
	}
	{
		JOURNAL_LOCK(self);
		if (self->journal != NULL) {
			offline = td_store_find_checkin(TD_STORE(self->journal), day, id_hash, &error_local);
			if (error_local != NULL) {
				g_propagate_error(error, g_steal_pointer(&error_local));
				return NULL;
			}
			if (offline != NULL)
				offline->id = journal_id_out(offline->id);
		}
	}
	if (offline != NULL && (online == NULL || offline->time_unix >= online->time_unix))
		return g_steal_pointer(&offline);
	return g_steal_pointer(&online);
}

static gboolean
td_journaled_store_last_vneid_answer(TdStore *store, const gchar *id_hash, gint64 *time_out,
				     TdVneidAnswer *answer_out, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	g_autoptr(GError) error_local = NULL;
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED, journal_answer = TD_VNEID_NOT_ASKED;
	gint64 when = 0, journal_when = 0;

	if (!g_atomic_int_get(&self->offline)) {
		SERVER(self)->last_vneid_answer(TD_STORE(self->server), id_hash, &when, &answer, &error_local);
		if (server_read_failed(self, &error_local, error))
			return FALSE;
	}
	{
		JOURNAL_LOCK(self);
		if (self->journal != NULL && !td_store_last_vneid_answer(TD_STORE(self->journal), id_hash,
									  &journal_when, &journal_answer, error))
			return FALSE;
	}
	if (journal_when > when) {
		when = journal_when;
		answer = journal_answer;
	}
	if (time_out != NULL)
		*time_out = when;
	if (answer_out != NULL)
		*answer_out = answer;
	return TRUE;
}

/* While offline the staff pages' watch follows the journal, instead of
 * waiting on a server that does not answer several times a second. */
static gboolean
td_journaled_store_get_change_token(TdStore *store, guint64 *token_out, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);

	if (g_atomic_int_get(&self->offline)) {
		JOURNAL_LOCK(self);
		if (self->journal != NULL)
			return td_store_get_change_token(TD_STORE(self->journal), token_out, error);
	}
	return SERVER(self)->get_change_token(TD_STORE(self->server), token_out, error);
}

TdPgStore *
td_journaled_store_get_server(TdJournaledStore *self)
{
	g_return_val_if_fail(TD_IS_JOURNALED_STORE(self), NULL);
	return self->server;
}

TdJournaledStore *
td_journaled_store_new(TdPgStore *server, const gchar *journal_path, const gchar *kiosk_id, const gchar *letter)
{
	g_autoptr(TdJournaledStore) self = g_object_new(TD_TYPE_JOURNALED_STORE, NULL);

	g_return_val_if_fail(TD_IS_PG_STORE(server), NULL);
	g_return_val_if_fail(td_queue_series_is_valid(letter) && letter[0] != '\0', NULL);
	self->server = g_object_ref(server);
	self->journal_path = g_strdup(journal_path);
	self->kiosk_id = g_strdup(kiosk_id);
	g_strlcpy(self->letter, letter, sizeof(self->letter));
	/* what an earlier run left: offline until it is sent. A journal this
	 * process may not open (the kiosk's, and a command run as root) is
	 * no reason to refuse the server: it is tried again when needed, and
	 * the doctor shows what it holds */
	if (g_file_test(journal_path, G_FILE_TEST_EXISTS)) {
		g_autoptr(GError) error_local = NULL;
		TdJournalState state;
		JOURNAL_LOCK(self);
		if (journal_get(self, &error_local) != NULL && td_journal_read_state(self->journal, &state, &error_local))
			g_atomic_int_set(&self->offline, state.offline_since != 0);
		else
			g_message("the offline journal is left alone: %s", error_local->message);
	}
	self->worker = g_thread_new("td-journal", td_journaled_store_worker, self);
	return g_steal_pointer(&self);
}

static void
td_journaled_store_finalize(GObject *object)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(object);

	g_cancellable_cancel(self->owner_cancellable);
	if (self->worker != NULL) {
		g_mutex_lock(&self->worker_lock);
		self->stopping = TRUE;
		g_cond_signal(&self->worker_cond);
		g_mutex_unlock(&self->worker_lock);
		g_thread_join(self->worker);
	}
	g_clear_object(&self->server);
	g_clear_object(&self->journal);
	g_free(self->journal_path);
	g_free(self->kiosk_id);
	g_free(self->letter_holder);
	g_hash_table_unref(self->sent_checkins);
	g_hash_table_unref(self->sent_exceptions);
	g_mutex_clear(&self->lock);
	g_mutex_clear(&self->worker_lock);
	g_cond_clear(&self->worker_cond);
	g_object_unref(self->owner_cancellable);
	g_main_context_unref(self->owner);
	G_OBJECT_CLASS(td_journaled_store_parent_class)->finalize(object);
}

static void
td_journaled_store_init(TdJournaledStore *self)
{
	g_mutex_init(&self->lock);
	g_mutex_init(&self->worker_lock);
	g_cond_init(&self->worker_cond);
	self->sent_checkins = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	self->sent_exceptions = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	self->owner = g_main_context_ref_thread_default();
	self->owner_cancellable = g_cancellable_new();
}

static void
td_journaled_store_class_init(TdJournaledStoreClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_journaled_store_finalize;
	signals[SIGNAL_OFFLINE_CHANGED] = g_signal_new("offline-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
						       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* ---- the staff's login, which works offline with the station's PIN ---- */

/* After a server call (or none, the kiosk being offline already): TRUE
 * when the journal must answer instead, the kiosk now offline if the
 * server just did not answer; any other error is the caller's (FALSE).
 * Call with self->lock. */
static gboolean
journal_answers(TdJournaledStore *self, GError **error_local, GError **error)
{
	if (*error_local == NULL)
		return TRUE;
	if (!g_error_matches(*error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
		g_propagate_error(error, g_steal_pointer(error_local));
		return FALSE;
	}
	return go_offline(self, *error_local, error);
}

/* The accounts; offline, the journal's: the station's account only (its
 * PIN is in the kiosk's settings), so staff can still open the kiosk's
 * pages, the offline line among them, with the station's PIN. A
 * person's account needs its hash, which only the server has. The server
 * is asked even when the kiosk is offline: a login page that reads the
 * names again once the server answers finds the people's accounts
 * before the journal's worker has noticed. */
static GPtrArray *
td_journaled_store_list_staff(TdStore *store, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	g_autoptr(GError) error_local = NULL;
	TdSqliteStore *journal;
	GPtrArray *staff = SERVER(self)->list_staff(TD_STORE(self->server), &error_local);

	if (staff != NULL) {
		worker_wake(self); /* online again, if it was not */
		return staff;
	}
	{
		JOURNAL_LOCK(self);
		if (!journal_answers(self, &error_local, error) || (journal = journal_get(self, error)) == NULL)
			return NULL;
		return td_store_list_staff(TD_STORE(journal), error);
	}
}

/* Offline, PIN attempts are counted in the journal: the lock-out holds on
 * this kiosk while the server cannot count them (their ids negative). */
static gboolean
td_journaled_store_begin_pin_attempt(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix,
				     guint limit, guint overall_limit, TdPinAttempt *out, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	g_autoptr(GError) error_local = NULL;
	TdSqliteStore *journal;

	if (!g_atomic_int_get(&self->offline) &&
	    SERVER(self)->begin_pin_attempt(TD_STORE(self->server), staff_id, time_unix, since_unix, limit,
					    overall_limit, out, &error_local))
		return TRUE;
	{
		JOURNAL_LOCK(self);
		if (!journal_answers(self, &error_local, error) || (journal = journal_get(self, error)) == NULL ||
		    !TD_STORE_GET_IFACE(journal)->begin_pin_attempt(TD_STORE(journal), staff_id, time_unix, since_unix,
								    limit, overall_limit, out, error))
			return FALSE;
		out->id = journal_id_out(out->id);
		return TRUE;
	}
}

static gboolean
td_journaled_store_finish_pin_attempt(TdStore *store, gint64 attempt, GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);

	if (attempt > 0)
		return SERVER(self)->finish_pin_attempt(TD_STORE(self->server), attempt, error);
	{
		JOURNAL_LOCK(self);
		if (journal_get(self, error) == NULL)
			return FALSE;
		return TD_STORE_GET_IFACE(self->journal)->finish_pin_attempt(TD_STORE(self->journal), -attempt, error);
	}
}

static gboolean
td_journaled_store_count_pin_failures(TdStore *store, gint64 since_unix, guint *count_out, gint64 *newest_out,
				      GError **error)
{
	TdJournaledStore *self = TD_JOURNALED_STORE(store);
	g_autoptr(GError) error_local = NULL;
	TdSqliteStore *journal;

	if (!g_atomic_int_get(&self->offline) &&
	    SERVER(self)->count_pin_failures(TD_STORE(self->server), since_unix, count_out, newest_out, &error_local))
		return TRUE;
	{
		JOURNAL_LOCK(self);
		if (!journal_answers(self, &error_local, error) || (journal = journal_get(self, error)) == NULL)
			return FALSE;
		return TD_STORE_GET_IFACE(journal)->count_pin_failures(TD_STORE(journal), since_unix, count_out,
								       newest_out, error);
	}
}

/* ---- the rest is the server's ---- */

static GPtrArray *
td_journaled_store_list_exceptions(TdStore *store, const gchar *day, gboolean open_only, GError **error)
{
	return TD_SERVER_IFACE(store)->list_exceptions(TD_SERVER_STORE(store), day, open_only, error);
}

/* The server's: a list for staff at the desk, not the kiosk's own work
 * (what the journal holds arrives with it). */
static GPtrArray *
td_journaled_store_list_checkins_with_vneid(TdStore *store, const gchar *day, TdVneidAnswer answer, GError **error)
{
	return TD_SERVER_IFACE(store)->list_checkins_with_vneid(TD_SERVER_STORE(store), day, answer, error);
}

static GPtrArray *
td_journaled_store_list_staff_actions(TdStore *store, gint64 since_unix, GError **error)
{
	return TD_SERVER_IFACE(store)->list_staff_actions(TD_SERVER_STORE(store), since_unix, error);
}

static gboolean
td_journaled_store_purge(TdStore *store, const TdRetention *retention, gint64 now, TdPurgeCounts *out, GError **error)
{
	return TD_SERVER_IFACE(store)->purge(TD_SERVER_STORE(store), retention, now, out, error);
}

static gboolean
td_journaled_store_oldest_personal_record(TdStore *store, gint64 *time_out, GError **error)
{
	return TD_SERVER_IFACE(store)->oldest_personal_record(TD_SERVER_STORE(store), time_out, error);
}

static GPtrArray *
td_journaled_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error)
{
	return TD_SERVER_IFACE(store)->count_days(TD_SERVER_STORE(store), from_day, to_day, error);
}

static gboolean
td_journaled_store_add_staff(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 now_unix,
			     gint64 *id_out, GError **error)
{
	return TD_SERVER_IFACE(store)->add_staff(TD_SERVER_STORE(store), name, pin_hash, now_unix, id_out, error);
}

static gboolean
td_journaled_store_set_staff_active(TdStore *store, const gchar *name, gboolean active, GError **error)
{
	return TD_SERVER_IFACE(store)->set_staff_active(TD_SERVER_STORE(store), name, active, error);
}

static gboolean
td_journaled_store_set_staff_manager(TdStore *store, const gchar *name, gboolean manager, GError **error)
{
	return TD_SERVER_IFACE(store)->set_staff_manager(TD_SERVER_STORE(store), name, manager, error);
}

static gboolean
td_journaled_store_set_staff_pin(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error)
{
	return TD_SERVER_IFACE(store)->set_staff_pin(TD_SERVER_STORE(store), name, pin_hash, error);
}

static void
td_journaled_store_iface_init(TdStoreInterface *iface)
{
	iface->record_checkin = td_journaled_store_record_checkin;
	iface->get_checkin = td_journaled_store_get_checkin;
	iface->list_exceptions = td_journaled_store_list_exceptions;
	iface->resolve_exception = td_journaled_store_resolve_exception;
	iface->record_staff_action = td_journaled_store_record_staff_action;
	iface->list_staff_actions = td_journaled_store_list_staff_actions;
	iface->last_vneid_answer = td_journaled_store_last_vneid_answer;
	iface->find_checkin = td_journaled_store_find_checkin;
	iface->set_vneid_answer = td_journaled_store_set_vneid_answer;
	iface->list_checkins_with_vneid = td_journaled_store_list_checkins_with_vneid;
	iface->purge = td_journaled_store_purge;
	iface->oldest_personal_record = td_journaled_store_oldest_personal_record;
	iface->count_days = td_journaled_store_count_days;
	iface->begin_pin_attempt = td_journaled_store_begin_pin_attempt;
	iface->finish_pin_attempt = td_journaled_store_finish_pin_attempt;
	iface->count_pin_failures = td_journaled_store_count_pin_failures;
	iface->add_staff = td_journaled_store_add_staff;
	iface->list_staff = td_journaled_store_list_staff;
	iface->set_staff_active = td_journaled_store_set_staff_active;
	iface->set_staff_pin = td_journaled_store_set_staff_pin;
	iface->set_staff_manager = td_journaled_store_set_staff_manager;
	iface->get_change_token = td_journaled_store_get_change_token;
}
