/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdSqliteStore as a kiosk's offline journal (td-journaled-store.h): its
 * numbers in the kiosk's series, the journal's state (token, offline
 * since), and the check-ins read out, oldest first, to be sent and
 * deleted. */
#include "config.h"

#include "td-journal.h"
#include "td-sqlite-store-private.h"

void
td_sqlite_store_set_queue_series(TdSqliteStore *self, const gchar *series)
{
	STORE_LOCK(self);
	g_return_if_fail(td_queue_series_is_valid(series));
	g_strlcpy(self->queue_series, series, sizeof(self->queue_series));
}

gboolean
td_journal_read_state(TdSqliteStore *self, TdJournalState *out, GError **error)
{
	STORE_LOCK(self);
#define JOURNAL_STATE_SELECT                                                                                 \
	"SELECT token, offline_since, (SELECT count(*) FROM checkins), (SELECT MIN(time_unix) FROM checkins),"   \
	" (SELECT count(*) FROM staff_actions WHERE checkin_id IS NULL AND exception_id IS NULL), "
	/* the doctor reads a journal of an earlier schema as it is (read-only,
	 * not migrated): no VNeID answers before 11 */
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(
	    self,
	    self->schema_version >= TD_SQLITE_SCHEMA_SERVER_ANSWERS
		? JOURNAL_STATE_SELECT "(SELECT count(*) FROM server_vneid_answers) FROM journal_state"
		: JOURNAL_STATE_SELECT "0 FROM journal_state",
	    error);
#undef JOURNAL_STATE_SELECT

	if (stmt == NULL)
		return FALSE;
	if (!td_sqlite_step_row(self, stmt, "cannot read the journal's state", error))
		return FALSE;
	g_strlcpy(out->token, (const gchar *)sqlite3_column_text(stmt, 0), sizeof(out->token));
	out->offline_since = sqlite3_column_int64(stmt, 1);
	out->waiting = (guint)sqlite3_column_int64(stmt, 2);
	out->oldest_waiting = sqlite3_column_int64(stmt, 3);
	out->actions_waiting = (guint)sqlite3_column_int64(stmt, 4);
	out->answers_waiting = (guint)sqlite3_column_int64(stmt, 5);
	return TRUE;
}

gboolean
td_journal_set_offline(TdSqliteStore *self, gint64 since_unix, GError **error)
{
	STORE_LOCK(self);
	/* the first failure's time stays until the server answers again */
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
						since_unix != 0
						    ? "UPDATE journal_state SET offline_since = COALESCE(offline_since, ?1)"
						    : "UPDATE journal_state SET offline_since = NULL",
						error);

	if (stmt == NULL)
		return FALSE;
	if (since_unix != 0)
		sqlite3_bind_int64(stmt, 1, since_unix);
	return td_sqlite_step_done(self, stmt, "cannot write the journal's state", error);
}

gboolean
td_journal_holds(TdSqliteStore *self, gint64 checkin_id, gint64 exception_id, gboolean *holds_out, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self,
			   "SELECT (?1 = 0 OR EXISTS (SELECT 1 FROM checkins WHERE id = ?1))"
			   " AND (?2 = 0 OR EXISTS (SELECT 1 FROM exceptions WHERE id = ?2))",
			   error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, checkin_id);
	sqlite3_bind_int64(stmt, 2, exception_id);
	if (!td_sqlite_step_row(self, stmt, "cannot read the journal", error))
		return FALSE;
	*holds_out = sqlite3_column_int(stmt, 0) != 0;
	return TRUE;
}

void
td_journal_entry_free(TdJournalEntry *entry)
{
	if (entry == NULL)
		return;
	td_checkin_record_free(entry->record);
	g_ptr_array_unref(entry->exceptions);
	g_ptr_array_unref(entry->actions);
	g_free(entry);
}

/* What belongs to it, through the store's own reads: a journal holds
 * only what the kiosk took offline, a few rows. */
static gboolean
journal_read_belongings(TdSqliteStore *self, TdJournalEntry *entry, GError **error)
{
	g_autoptr(GPtrArray) exceptions = td_store_list_exceptions(TD_STORE(self), entry->record->day, FALSE, error);
	g_autoptr(GPtrArray) actions = NULL;

	if (exceptions == NULL)
		return FALSE;
	for (guint i = 0; i < exceptions->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(exceptions, i);
		if (exc->checkin_id == entry->record->id)
			g_ptr_array_add(entry->exceptions, g_ptr_array_steal_index(exceptions, i--));
	}
	actions = td_store_list_staff_actions(TD_STORE(self), 0, error);
	if (actions == NULL)
		return FALSE;
	for (guint i = 0; i < actions->len; i++) {
		TdStaffAction *action = g_ptr_array_index(actions, i);
		gboolean ours = action->checkin_id == entry->record->id;
		for (guint j = 0; !ours && action->exception_id != 0 && j < entry->exceptions->len; j++)
			ours = ((TdCheckinException *)g_ptr_array_index(entry->exceptions, j))->id == action->exception_id;
		if (ours)
			g_ptr_array_add(entry->actions, g_ptr_array_steal_index(actions, i--));
	}
	return TRUE;
}

TdJournalEntry *
td_journal_read_next(TdSqliteStore *self, gint64 after_id, GError **error)
{
	g_autoptr(TdJournalEntry) entry = g_new0(TdJournalEntry, 1);
	gint64 id = 0;

	entry->exceptions = g_ptr_array_new_with_free_func((GDestroyNotify)td_checkin_exception_free);
	entry->actions = g_ptr_array_new_with_free_func((GDestroyNotify)td_staff_action_free);
	{
		STORE_LOCK(self);
		g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "SELECT MIN(id) FROM checkins WHERE id > ?1", error);
		if (stmt == NULL)
			return NULL;
		sqlite3_bind_int64(stmt, 1, after_id);
		if (!td_sqlite_step_row(self, stmt, "cannot read the journal", error))
			return NULL;
		id = sqlite3_column_int64(stmt, 0);
	}
	if (id == 0)
		return NULL;
	entry->record = td_store_get_checkin(TD_STORE(self), id, error);
	if (entry->record == NULL || !journal_read_belongings(self, entry, error))
		return NULL;
	return g_steal_pointer(&entry);
}

gboolean
td_journal_delete(TdSqliteStore *self, gint64 checkin_id, GError **error)
{
	STORE_LOCK(self);
	static const gchar *const statements[] = {
	    ("DELETE FROM staff_actions WHERE checkin_id = ?1"
	     " OR exception_id IN (SELECT id FROM exceptions WHERE checkin_id = ?1)"),
	    "DELETE FROM exceptions WHERE checkin_id = ?1",
	    "DELETE FROM checkins WHERE id = ?1",
	};

	if (!td_sqlite_begin(self, error))
		return FALSE;
	for (guint i = 0; i < G_N_ELEMENTS(statements); i++) {
		g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, statements[i], error);
		if (stmt == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, checkin_id);
		if (!td_sqlite_step_done(self, stmt, "cannot delete a sent check-in from the journal", error))
			goto fail;
	}
	if (!td_sqlite_commit(self, error))
		goto fail;
	return TRUE;
fail:
	td_sqlite_rollback(self);
	return FALSE;
}

/* ---- audit rows of the kiosk's own, and about the server's check-ins ---- */

/* A journal is this version's (opened writable, so migrated): no older
 * schema to write for. */
gboolean
td_journal_record_action(TdSqliteStore *self, const TdStaffAction *action, const gchar *origin, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
						"INSERT INTO staff_actions (time_unix, action, note, kiosk_id, staff_id, origin,"
						" server_checkin_id, server_exception_id)"
						" VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?6, NULLIF(?7, 0), NULLIF(?8, 0))",
						error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, action->time_unix);
	td_sqlite_bind_text(stmt, 2, action->action);
	td_sqlite_bind_text(stmt, 3, action->note);
	td_sqlite_bind_text(stmt, 4, self->kiosk_id);
	sqlite3_bind_int64(stmt, 5, action->staff_id);
	td_sqlite_bind_text(stmt, 6, origin);
	sqlite3_bind_int64(stmt, 7, action->checkin_id);
	sqlite3_bind_int64(stmt, 8, action->exception_id);
	return td_sqlite_step_done(self, stmt, "cannot journal the audit row", error);
}

static gpointer
own_action_from_row(TdStmt *stmt)
{
	TdStaffAction *action = td_sqlite_staff_action_from_row(stmt);
	action->origin = td_sqlite_column_dup(stmt, 9);
	return action;
}

GPtrArray *
td_journal_read_actions(TdSqliteStore *self, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self,
						"SELECT id, time_unix, action, COALESCE(server_exception_id, 0),"
						" COALESCE(server_checkin_id, 0), note, COALESCE(staff_id, 0), NULL, kiosk_id, origin"
						" FROM staff_actions WHERE checkin_id IS NULL AND exception_id IS NULL"
						" ORDER BY id",
						error);

	if (stmt == NULL)
		return NULL;
	return td_sqlite_collect_rows(self, stmt, own_action_from_row, (GDestroyNotify)td_staff_action_free,
				      "cannot read the journal's audit rows", error);
}

/* ---- VNeID answers to check-ins the server has ---- */

gboolean
td_journal_record_server_answer(TdSqliteStore *self, gint64 server_id, TdVneidAnswer answer, gint64 time_unix,
				GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(
	    self, "INSERT OR REPLACE INTO server_vneid_answers (checkin_id, vneid, time_unix) VALUES (?1, ?2, ?3)", error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, server_id);
	td_sqlite_bind_text(stmt, 2, td_vneid_answer_to_string(answer));
	sqlite3_bind_int64(stmt, 3, time_unix);
	return td_sqlite_step_done(self, stmt, "cannot journal the VNeID answer", error);
}

GArray *
td_journal_read_server_answers(TdSqliteStore *self, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(
	    self, "SELECT checkin_id, vneid FROM server_vneid_answers ORDER BY time_unix, checkin_id", error);
	g_autoptr(GArray) answers = g_array_new(FALSE, FALSE, sizeof(TdJournalAnswer));
	gint rc;

	if (stmt == NULL)
		return NULL;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		TdJournalAnswer answer = {.server_id = sqlite3_column_int64(stmt, 0)};
		/* a word this version does not know (a newer kiosk's
		 * journal): left in the journal */
		if (!td_vneid_answer_from_string((const gchar *)sqlite3_column_text(stmt, 1), &answer.answer))
			continue;
		g_array_append_val(answers, answer);
	}
	if (rc != SQLITE_DONE) {
		td_sqlite_set_error(self, error, "cannot read the journal's VNeID answers");
		return NULL;
	}
	return g_steal_pointer(&answers);
}

gboolean
td_journal_delete_server_answer(TdSqliteStore *self, const TdJournalAnswer *sent, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt =
	    td_sqlite_stmt(self, "DELETE FROM server_vneid_answers WHERE checkin_id = ?1 AND vneid = ?2", error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, sent->server_id);
	td_sqlite_bind_text(stmt, 2, td_vneid_answer_to_string(sent->answer));
	return td_sqlite_step_done(self, stmt, "cannot delete a sent VNeID answer from the journal", error);
}

gboolean
td_journal_delete_server_answer_of(TdSqliteStore *self, gint64 server_id, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(self, "DELETE FROM server_vneid_answers WHERE checkin_id = ?1", error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, server_id);
	return td_sqlite_step_done(self, stmt, "cannot delete a VNeID answer from the journal", error);
}

gboolean
td_journal_delete_action(TdSqliteStore *self, gint64 action_id, GError **error)
{
	STORE_LOCK(self);
	g_autoptr(TdStmt) stmt = td_sqlite_stmt(
	    self, "DELETE FROM staff_actions WHERE id = ?1 AND checkin_id IS NULL AND exception_id IS NULL", error);

	if (stmt == NULL)
		return FALSE;
	sqlite3_bind_int64(stmt, 1, action_id);
	return td_sqlite_step_done(self, stmt, "cannot delete a sent audit row from the journal", error);
}
