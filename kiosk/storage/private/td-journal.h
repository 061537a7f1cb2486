/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A TdSqliteStore as a kiosk's offline journal: what td-journaled-store.c
 * needs of it beyond TdStore (td-sqlite-store-journal.c). Not for anyone
 * outside kiosk/storage. */

#include "td-journaled-store.h"
#include "td-sqlite-store.h"

G_BEGIN_DECLS

/* The series its record_checkin numbers in ("" by default). */
void td_sqlite_store_set_queue_series(TdSqliteStore *self, const gchar *series);

gboolean td_journal_read_state(TdSqliteStore *self, TdJournalState *out, GError **error);
/* since_unix != 0: offline from then, unless already offline since
 * earlier; 0: online again (the server answered). */
gboolean td_journal_set_offline(TdSqliteStore *self, gint64 since_unix, GError **error);

/* Whether the journal holds the check-in and the exception (an id 0
 * asks nothing). Its ids come again once the newest row is deleted:
 * what it holds is what an id means now. */
gboolean td_journal_holds(TdSqliteStore *self, gint64 checkin_id, gint64 exception_id, gboolean *holds_out,
			  GError **error);

/* One journaled check-in with what belongs to it, as the journal holds
 * them (journal ids). */
typedef struct _TdJournalEntry TdJournalEntry;
struct _TdJournalEntry {
	TdCheckinRecord *record;
	GPtrArray *exceptions; /* of TdCheckinException */
	GPtrArray *actions;    /* of TdStaffAction naming the check-in or its exceptions */
};

void td_journal_entry_free(TdJournalEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdJournalEntry, td_journal_entry_free)

/* The oldest check-in waiting after the journal id after_id (0: the
 * oldest of all); NULL with no error when there is none. */
TdJournalEntry *td_journal_read_next(TdSqliteStore *self, gint64 after_id, GError **error);
/* The check-in, its exceptions and their audit rows, in one transaction
 * (secure_delete: the personal data goes with them). */
gboolean td_journal_delete(TdSqliteStore *self, gint64 checkin_id, GError **error);

/* An audit row the server could not take, with the origin its online
 * attempt carried: the kiosk's own (no check-in, no case: a patient's call
 * for staff, a login), or one about a check-in or case the server has
 * (action's checkin_id and exception_id are the server's; schema 12). */
gboolean td_journal_record_action(TdSqliteStore *self, const TdStaffAction *action, const gchar *origin,
				  GError **error);
/* Those rows, oldest first (of TdStaffAction, origin set, ids the
 * server's or 0), to be sent. */
GPtrArray *td_journal_read_actions(TdSqliteStore *self, GError **error);
/* One of them, once sent (secure_delete: its note goes with it). */
gboolean td_journal_delete_action(TdSqliteStore *self, gint64 action_id, GError **error);

/* The patient's VNeID answer to a check-in the server has (server_id, its
 * id there), given while the server was out of reach: the last answer
 * for it replaces an earlier one. */
typedef struct {
	gint64 server_id;
	TdVneidAnswer answer;
} TdJournalAnswer;
gboolean td_journal_record_server_answer(TdSqliteStore *self, gint64 server_id, TdVneidAnswer answer,
					 gint64 time_unix, GError **error);
/* Those answers (a GArray of TdJournalAnswer), oldest first, to be sent. */
GArray *td_journal_read_server_answers(TdSqliteStore *self, GError **error);
/* One of them, once sent; not when it was answered again meanwhile. */
gboolean td_journal_delete_server_answer(TdSqliteStore *self, const TdJournalAnswer *sent, GError **error);
/* Any for server_id (answered on the server since). */
gboolean td_journal_delete_server_answer_of(TdSqliteStore *self, gint64 server_id, GError **error);

G_END_DECLS
