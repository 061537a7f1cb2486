/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPgStore's side of a kiosk's offline journal (td-journaled-store.c):
 * a journaled check-in arrives in one transaction with its exceptions and
 * audit rows, once, however often it is sent. */
#include "config.h"

#include "td-journal.h"
#include "td-pg-store-private.h"

gboolean
td_pg_store_ping(TdPgStore *self, GError **error)
{
	PG_STORE_LOCK(self);
	return td_pg_ensure_connected(self, error);
}

/* The server's id for a journal id, 0 when none (not part of it). */
static gint64
journal_map(GArray *from, GArray *to, gint64 journal_id)
{
	for (guint i = 0; journal_id != 0 && i < from->len; i++) {
		if (g_array_index(from, gint64, i) == journal_id)
			return g_array_index(to, gint64, i);
	}
	return 0;
}

gboolean
td_pg_store_send_journaled(TdPgStore *self, const gchar *origin, TdJournalEntry *entry, gint64 *checkin_id_out,
			   GArray *exception_ids_out, GError **error)
{
	PG_STORE_LOCK(self);
	const TdCheckinRecord *rec = entry->record;
	g_autoptr(GArray) journal_exceptions = g_array_new(FALSE, FALSE, sizeof(gint64));
	gint64 checkin_id = 0;

	g_return_val_if_fail(rec->queue_series[0] != '\0', FALSE);
	if (!td_pg_begin(self, error))
		return FALSE;
	if (self->schema_version < TD_PG_STORE_SCHEMA_VERSION) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
			    "PostgreSQL: schema %u cannot take journaled check-ins (run 'tiepdon db init --apply')",
			    self->schema_version);
		goto fail;
	}
	if (!td_pg_insert_checkin(self, rec, rec->time_unix, rec->queue_number, origin, &checkin_id, error))
		goto fail;
	g_array_set_size(exception_ids_out, 0);
	if (checkin_id == 0) {
		/* sent before (a crash between the commit and the journal's
		 * delete): nothing more to write */
		td_pg_rollback(self);
		*checkin_id_out = 0;
		return TRUE;
	}
	for (guint i = 0; i < entry->exceptions->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(entry->exceptions, i);
		gint64 exception_id = 0;
		if (!td_pg_insert_exception(self, exc, checkin_id, exc->created_unix, &exception_id, error))
			goto fail;
		g_array_append_val(journal_exceptions, exc->id);
		g_array_append_val(exception_ids_out, exception_id);
	}
	for (guint i = 0; i < entry->actions->len; i++) {
		TdStaffAction *a = g_ptr_array_index(entry->actions, i);
		if (!td_pg_insert_staff_action(self, a->staff_id, a->time_unix, a->action,
					       journal_map(journal_exceptions, exception_ids_out, a->exception_id),
					       a->checkin_id != 0 ? checkin_id : 0, a->note, error))
			goto fail;
	}
	if (!td_pg_commit(self, error))
		goto fail;
	*checkin_id_out = checkin_id;
	return TRUE;
fail:
	td_pg_rollback(self);
	return FALSE;
}
