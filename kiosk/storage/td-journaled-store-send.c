/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdJournaledStore's journal sent to the server (td-journaled-store.h
 * says what and why): by the worker thread, or by whoever calls
 * td_journaled_store_send; and what the kiosk reads of its state. */
#include "config.h"

#include <string.h>

#include "td-journaled-store-private.h"
#include "td-pg-store-private.h"

/* A journal row's server id, for what follows it in this run
 * (td-journaled-store.c, journal_locate). */
static void
sent_remember(GHashTable *sent, gint64 journal_id, gint64 server_id)
{
	gint64 *key = g_new(gint64, 1);
	gint64 *value = g_new(gint64, 1);
	*key = journal_id;
	*value = server_id;
	g_hash_table_replace(sent, key, value);
}

/* One check-in, under self->lock: sent, remembered, deleted. */
static gboolean
send_one(TdJournaledStore *self, TdJournalEntry *entry, const gchar *token, gboolean *sent, GError **error)
{
	/* the check-in's own (given before its online attempt); a journal of
	 * an earlier version's: the journal's ids come again once its newest
	 * row is deleted, its numbers never do (the day's counter stays) */
	g_autofree gchar *origin = entry->record->origin != NULL
				       ? g_strdup(entry->record->origin)
				       : g_strdup_printf("%s:%s:%s:%s-%u", self->kiosk_id, token, entry->record->day,
							 entry->record->queue_series, entry->record->queue_number);
	g_autoptr(GArray) exception_ids = g_array_new(FALSE, FALSE, sizeof(gint64));
	gint64 checkin_id = 0;

	if (!td_pg_store_send_journaled(self->server, origin, entry, &checkin_id, exception_ids, error))
		return FALSE;
	*sent = checkin_id != 0;
	if (checkin_id != 0) {
		sent_remember(self->sent_checkins, entry->record->id, checkin_id);
		for (guint i = 0; i < exception_ids->len; i++) {
			TdCheckinException *exc = g_ptr_array_index(entry->exceptions, i);
			sent_remember(self->sent_exceptions, exc->id, g_array_index(exception_ids, gint64, i));
		}
	}
	return td_journal_delete(self->journal, entry->record->id, error);
}

/* The journal's audit rows not tied to a journaled check-in (the kiosk's
 * own, and those about a check-in the server has), each with the origin
 * its online attempt carried (the server has it already when only the reply
 * was lost): sent, then deleted. FALSE as td_journaled_store_send: out of
 * reach (stop), or refused (*refused keeps the first; it stays, the
 * others go). */
static gboolean
send_own_actions(TdJournaledStore *self, GError **refused, GError **error)
{
	g_autoptr(GPtrArray) actions = NULL;

	{
		JOURNAL_LOCK(self);
		actions = td_journal_read_actions(self->journal, error);
		if (actions == NULL)
			return FALSE;
	}
	/* the lock one row at a time, as the check-ins: a kiosk journaling
	 * meanwhile waits for one round trip, not for all of them */
	for (guint i = 0; i < actions->len; i++) {
		JOURNAL_LOCK(self);
		TdStaffAction *action = g_ptr_array_index(actions, i);
		g_autoptr(GError) error_local = NULL;

		if (!td_pg_store_send_journaled_action(self->server, action, action->origin, &error_local)) {
			if (g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
				g_propagate_error(error, g_steal_pointer(&error_local));
				return FALSE;
			}
			if (*refused == NULL)
				*refused = g_steal_pointer(&error_local);
			continue;
		}
		if (!td_journal_delete_action(self->journal, action->id, error))
			return FALSE;
	}
	return TRUE;
}

/* The patients' VNeID answers to check-ins the server has, given while it
 * was out of reach: set there where the row has none yet (reception's
 * "helped into VNeID" meanwhile stands), then deleted (an answer given
 * again meanwhile stays, for the next round). FALSE as send_own_actions;
 * one the server's row has another answer for, or a check-in the server
 * no longer has for this kiosk (older than the days a journal may send;
 * before schema 11, any day but today's), is said in the log and let
 * go. */
static gboolean
send_server_answers(TdJournaledStore *self, GError **refused, GError **error)
{
	g_autoptr(GArray) answers = NULL;

	{
		JOURNAL_LOCK(self);
		answers = td_journal_read_server_answers(self->journal, error);
		if (answers == NULL)
			return FALSE;
	}
	for (guint i = 0; i < answers->len; i++) {
		JOURNAL_LOCK(self);
		const TdJournalAnswer *answer = &g_array_index(answers, TdJournalAnswer, i);
		g_autoptr(GError) error_local = NULL;
		gboolean set = FALSE;

		if (!td_pg_store_fill_vneid_answer(self->server, answer->server_id, answer->answer, &set,
						   &error_local)) {
			if (g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
				g_propagate_error(error, g_steal_pointer(&error_local));
				return FALSE;
			}
			if (!g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND)) {
				if (*refused == NULL)
					*refused = g_steal_pointer(&error_local);
				continue;
			}
			g_message("a VNeID answer of the offline journal was not sent: %s", error_local->message);
		} else if (!set) {
			g_message("a VNeID answer of the offline journal was not sent: check-in %" G_GINT64_FORMAT
				  " has one already",
				  answer->server_id);
		}
		if (!td_journal_delete_server_answer(self->journal, answer, error))
			return FALSE;
	}
	return TRUE;
}

/* The offline letter, claimed when the server first answers: a kiosk
 * that started with it out of reach could not (td-store-open.c claims at
 * the start, and refuses another kiosk's letter there). Found to be
 * another kiosk's now, the journal is sent all the same (its origins name
 * this kiosk: nothing is lost or taken twice), but both kiosks hand out
 * the same B-001 in an outage: the log, the doctor and the staff
 * console's offline line say so. */
static void
letter_claim(TdJournaledStore *self)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *holder = NULL;
	gboolean taken;

	{
		JOURNAL_LOCK(self);
		if (self->letter_claimed)
			return;
	}
	if (!td_pg_store_claim_offline_letter(self->server, self->letter, &holder, &error)) {
		/* out of reach again: the next try claims it; anything else
		 * (a schema without letters) is said once, and the doctor
		 * shows it */
		if (g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE))
			return;
		g_message("the offline letter %s cannot be claimed: %s", self->letter, error->message);
	}
	taken = holder != NULL && g_strcmp0(holder, self->kiosk_id) != 0;
	if (taken)
		g_warning("[station] offline-letter=%s is kiosk %s's already, and kiosk %s numbers its offline "
			  "check-ins in it too: give each kiosk of the station a letter of its own",
			  self->letter, holder, self->kiosk_id);
	{
		JOURNAL_LOCK(self);
		self->letter_claimed = TRUE;
		if (taken) {
			g_free(self->letter_holder);
			self->letter_holder = g_steal_pointer(&holder);
		}
	}
	if (taken)
		td_journaled_store_post_offline_changed(self);
}

void
td_journaled_store_set_letter_claimed(TdJournaledStore *self)
{
	JOURNAL_LOCK(self);
	self->letter_claimed = TRUE;
}

gboolean
td_journaled_store_send(TdJournaledStore *self, guint *sent_out, GError **error)
{
	TdJournalState state;
	g_autoptr(GError) refused = NULL; /* the first row the server refused */
	guint sent_count = 0;
	gint64 after = 0;
	gboolean back_online, has_journal;

	if (sent_out != NULL)
		*sent_out = 0;
	{
		JOURNAL_LOCK(self);
		has_journal = self->journal != NULL;
		if (!has_journal && self->letter_claimed)
			return TRUE;
		if (has_journal && !td_journal_read_state(self->journal, &state, error))
			return FALSE;
	}
	if (!td_pg_store_ping(self->server, error))
		return FALSE;
	letter_claim(self);
	if (!has_journal)
		return TRUE;
	for (;;) {
		JOURNAL_LOCK(self);
		g_autoptr(TdJournalEntry) entry = NULL;
		g_autoptr(GError) error_local = NULL;
		gboolean sent = FALSE;

		entry = td_journal_read_next(self->journal, after, &error_local);
		if (entry == NULL && error_local != NULL) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
		if (entry == NULL)
			break;
		after = entry->record->id;
		if (!send_one(self, entry, state.token, &sent, &error_local)) {
			if (g_error_matches(error_local, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
				g_propagate_error(error, g_steal_pointer(&error_local));
				return FALSE;
			}
			/* refused (a right, a constraint): it stays, the
			 * others go on, and so does the kiosk, online */
			if (refused == NULL)
				refused = g_steal_pointer(&error_local);
			continue;
		}
		if (sent)
			sent_count++;
		if (sent_out != NULL)
			*sent_out = sent_count;
	}
	if (!send_own_actions(self, &refused, error))
		return FALSE;
	if (!send_server_answers(self, &refused, error))
		return FALSE;
	/* the server answered: online again, check-ins to the server from
	 * now on, before the journal says so (whoever reads it online finds
	 * the kiosk checking in online); the pages hear of it once the
	 * journal says so too */
	back_online = g_atomic_int_compare_and_exchange(&self->offline, TRUE, FALSE);
	if (back_online)
		g_message("the database is back: %u check-ins sent from %s", sent_count, self->journal_path);
	{
		JOURNAL_LOCK(self);
		if (!td_journal_set_offline(self->journal, 0, error))
			return FALSE;
	}
	if (back_online)
		td_journaled_store_post_offline_changed(self);
	if (refused != NULL) {
		g_propagate_error(error, g_steal_pointer(&refused));
		return FALSE;
	}
	return TRUE;
}

gboolean
td_journaled_store_get_state(TdJournaledStore *self, TdJournalState *out, GError **error)
{
	JOURNAL_LOCK(self);

	memset(out, 0, sizeof(*out));
	if (self->journal != NULL && !td_journal_read_state(self->journal, out, error))
		return FALSE;
	g_strlcpy(out->letter, self->letter, sizeof(out->letter));
	if (self->letter_holder != NULL)
		g_strlcpy(out->letter_holder, self->letter_holder, sizeof(out->letter_holder));
	return TRUE;
}

gboolean
td_journal_state_read_file(const gchar *path, TdJournalState *out, GError **error)
{
	g_autoptr(TdSqliteStore) journal = NULL;

	memset(out, 0, sizeof(*out));
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return TRUE;
	journal = td_sqlite_store_open_read_only(path, error);
	return journal != NULL && td_journal_read_state(journal, out, error);
}

gpointer
td_journaled_store_worker(gpointer data)
{
	TdJournaledStore *self = data;
	/* a refusal is logged once, not every TD_JOURNAL_RETRY_S */
	g_autofree gchar *last_warning = NULL;

	g_mutex_lock(&self->worker_lock);
	while (!self->stopping) {
		gint64 deadline = g_get_monotonic_time() + TD_JOURNAL_RETRY_S * G_TIME_SPAN_SECOND;
		while (!self->stopping && !self->woken && g_cond_wait_until(&self->worker_cond, &self->worker_lock, deadline))
			;
		self->woken = FALSE;
		if (self->stopping)
			break;
		g_mutex_unlock(&self->worker_lock);
		{
			g_autoptr(GError) error = NULL;
			if (!td_journaled_store_send(self, NULL, &error) &&
			    !g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE) &&
			    g_strcmp0(error->message, last_warning) != 0) {
				/* the doctor shows what waits; the log says why */
				g_message("a row of the offline journal was refused by the database "
					  "(it stays in the journal): %s",
					  error->message);
				g_free(last_warning);
				last_warning = g_strdup(error->message);
			}
		}
		g_mutex_lock(&self->worker_lock);
	}
	g_mutex_unlock(&self->worker_lock);
	return NULL;
}
