/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TdPgStore's side of a kiosk's offline journal (td-journaled-store.c):
 * a journaled check-in arrives in one transaction with its exceptions and
 * audit rows, once, however often it is sent. */
#include "config.h"

#include "td-journal.h"
#include "td-json.h"
#include "td-pg-store-private.h"
#include "td-secret.h"

gboolean
td_pg_store_ping(TdPgStore *self, GError **error)
{
	PG_STORE_LOCK(self);
	return td_pg_ensure_connected(self, error);
}

/* Connected, to a schema of at least version, which what needs (a
 * kiosk does not migrate the station's database: its owner does).
 * Call with the store's lock. */
static gboolean
pg_require_schema(TdPgStore *self, guint version, const gchar *what, GError **error)
{
	if (!td_pg_ensure_connected(self, error))
		return FALSE;
	if (self->schema_version < version) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
			    "PostgreSQL: schema %u is too old for %s (run 'tiepdon db init --apply')",
			    self->schema_version, what);
		return FALSE;
	}
	return TRUE;
}

/* The index of the exception journal_id among the entry's, -1 when none. */
static gint
journal_exception_index(TdJournalEntry *entry, gint64 journal_id)
{
	for (guint i = 0; journal_id != 0 && i < entry->exceptions->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(entry->exceptions, i);
		if (exc->id == journal_id)
			return (gint)i;
	}
	return -1;
}

static void
json_add_int(JsonBuilder *b, const gchar *name, gint64 value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, value);
}

/* The check-in as the columns of public.checkins name them. */
static gchar *
journal_checkin_json(TdPgStore *self, const TdCheckinRecord *rec, const gchar *origin)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autofree gchar *warnings = NULL;

	if (rec->card_warnings != NULL && rec->card_warnings[0] != NULL)
		warnings = g_strjoinv("\n", rec->card_warnings);
	json_builder_begin_object(b);
	json_add_int(b, "time_unix", rec->time_unix);
	td_json_add_string(b, "day", rec->day);
	json_add_int(b, "queue_number", rec->queue_number);
	td_json_add_string(b, "card_verdict", td_card_verdict_to_string(rec->card_verdict));
	td_json_add_string(b, "card_reasons", rec->card_reasons);
	td_json_add_string(b, "eligibility", td_eligibility_verdict_to_string(rec->eligibility));
	td_json_add_string(b, "eligibility_code", rec->eligibility_code);
	json_add_int(b, "benefit_level", rec->benefit_level);
	json_builder_set_member_name(b, "registered_here");
	json_builder_add_boolean_value(b, rec->registered_here);
	td_json_add_string(b, "vneid", td_vneid_answer_to_string(rec->vneid));
	td_json_add_string(b, "outcome", td_outcome_to_string(rec->outcome));
	td_json_add_string(b, "see_staff_reason", rec->see_staff_reason);
	td_json_add_string(b, "id_hash", rec->id_hash);
	td_json_add_string(b, "card_warnings", warnings);
	td_json_add_string(b, "kiosk_id", self->kiosk_id);
	td_json_add_string(b, "queue_series", rec->queue_series);
	td_json_add_string(b, "origin", origin);
	json_builder_end_object(b);
	return td_json_to_text(b, FALSE);
}

/* The exceptions as the columns of public.exceptions name them, in the
 * entry's order (the server's ids come back in it). */
static gchar *
journal_exceptions_json(TdJournalEntry *entry)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_array(b);
	for (guint i = 0; i < entry->exceptions->len; i++) {
		TdCheckinException *exc = g_ptr_array_index(entry->exceptions, i);
		json_builder_begin_object(b);
		json_add_int(b, "created_unix", exc->created_unix);
		td_json_add_string(b, "id_number", exc->id_number);
		td_json_add_string(b, "full_name", exc->full_name);
		td_json_add_string(b, "date_of_birth", exc->date_of_birth);
		td_json_add_string(b, "card_code", exc->card_code);
		td_json_add_string(b, "reason", exc->reason != NULL ? exc->reason : "see-staff");
		td_json_add_string(b, "detail", exc->detail);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	return td_json_to_text(b, FALSE);
}

/* The audit rows: an exception by its index among the entry's, the
 * check-in by a flag (the server's ids are not known yet). */
static gchar *
journal_actions_json(TdJournalEntry *entry)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_array(b);
	for (guint i = 0; i < entry->actions->len; i++) {
		TdStaffAction *a = g_ptr_array_index(entry->actions, i);
		gint index = journal_exception_index(entry, a->exception_id);
		json_builder_begin_object(b);
		json_add_int(b, "time_unix", a->time_unix);
		td_json_add_string(b, "action", a->action);
		json_builder_set_member_name(b, "exception");
		if (index >= 0)
			json_builder_add_int_value(b, index);
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "of_checkin");
		json_builder_add_boolean_value(b, a->checkin_id != 0);
		td_json_add_string(b, "note", a->note);
		json_add_int(b, "staff_id", a->staff_id);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	return td_json_to_text(b, FALSE);
}

/* Sent through the schema's tiepdon_receive_journaled(), as the owner:
 * the kiosk's role may write today's rows only, and a journal may hold
 * yesterday's (an outage across midnight). One statement is one
 * transaction. */
gboolean
td_pg_store_send_journaled(TdPgStore *self, const gchar *origin, TdJournalEntry *entry, gint64 *checkin_id_out,
			   GArray *exception_ids_out, GError **error)
{
	PG_STORE_LOCK(self);
	g_autoptr(PGresult) result = NULL;
	gchar *params[3];
	gint rows;

	g_return_val_if_fail(entry->record->queue_series[0] != '\0', FALSE);
	if (!pg_require_schema(self, TD_PG_SCHEMA_LOST_COMMIT, "journaled check-ins", error))
		return FALSE;
	params[0] = journal_checkin_json(self, entry->record, origin);
	params[1] = journal_exceptions_json(entry);
	params[2] = journal_actions_json(entry);
	result = td_pg_query(self, "SELECT tiepdon_receive_journaled($1::jsonb, $2::jsonb, $3::jsonb)", 3,
			     (const gchar *const *)params, "cannot send the journaled check-in", error);
	for (guint i = 0; i < G_N_ELEMENTS(params); i++)
		td_str_clear_free(params[i]);
	if (result == NULL)
		return FALSE;
	/* the check-in's id, then its exceptions' (also when it was sent
	 * before: a reply lost, a crash before the journal's delete, schema
	 * 10); no row: its origin is another kiosk's or another day's row */
	rows = PQntuples(result);
	g_array_set_size(exception_ids_out, 0);
	*checkin_id_out = rows > 0 ? td_pg_get_int(result, 0, 0) : 0;
	if (rows > 0 && (guint)rows != entry->exceptions->len + 1) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_SCHEMA,
			    "PostgreSQL: tiepdon_receive_journaled gave %d ids for a check-in and %u exceptions", rows,
			    entry->exceptions->len);
		return FALSE;
	}
	for (gint i = 1; i < rows; i++) {
		gint64 exception_id = td_pg_get_int(result, i, 0);
		g_array_append_val(exception_ids_out, exception_id);
	}
	return TRUE;
}

/* ---- audit rows the journal keeps: the kiosk's own, and those about a
 * check-in or case the server has ---- */

gboolean
td_pg_store_record_action_with_origin(TdPgStore *self, const TdStaffAction *action, const gchar *origin,
				      GError **error)
{
	PG_STORE_LOCK(self);

	/* connected first: the schema says whether rows have an origin */
	return td_pg_ensure_connected(self, error) &&
	       td_pg_insert_staff_action(self, action->staff_id, action->time_unix, action->action,
					 action->exception_id, action->checkin_id, action->note, origin, error);
}

gboolean
td_pg_store_send_journaled_action(TdPgStore *self, const TdStaffAction *action, const gchar *origin,
				  GError **error)
{
	PG_STORE_LOCK(self);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(PGresult) result = NULL;
	g_autofree gchar *json = NULL;
	const gchar *params[1];

	if (!pg_require_schema(self, TD_PG_SCHEMA_ACTION_ORIGIN, "journaled audit rows", error))
		return FALSE;
	/* an older function would drop the ids: the row waits for the
	 * server's update rather than arrive about nothing */
	if ((action->checkin_id != 0 || action->exception_id != 0) &&
	    !pg_require_schema(self, TD_PG_SCHEMA_JOURNAL_IDS, "journaled audit rows about a check-in", error))
		return FALSE;
	json_builder_begin_object(b);
	json_add_int(b, "time_unix", action->time_unix);
	td_json_add_string(b, "action", action->action);
	td_json_add_string(b, "note", action->note);
	json_add_int(b, "staff_id", action->staff_id);
	td_json_add_string(b, "kiosk_id", self->kiosk_id);
	td_json_add_string(b, "origin", origin);
	json_add_int(b, "checkin_id", action->checkin_id);
	json_add_int(b, "exception_id", action->exception_id);
	json_builder_end_object(b);
	json = td_json_to_text(b, FALSE);
	params[0] = json;
	result = td_pg_query(self, "SELECT tiepdon_receive_journaled_action($1::jsonb)", 1, params,
			     "cannot send the journaled audit row", error);
	td_str_clear_free(g_steal_pointer(&json));
	return result != NULL;
}

/* ---- the offline letters ---- */

static gboolean
pg_letter_query(TdPgStore *self, const gchar *sql, const gchar *const *params, gint n_params, gchar **holder_out,
		GError **error)
{
	PG_STORE_LOCK(self);
	g_autoptr(PGresult) result = NULL;

	*holder_out = NULL;
	if (!pg_require_schema(self, TD_PG_SCHEMA_LETTERS, "offline letters", error))
		return FALSE;
	result = td_pg_query(self, sql, n_params, params, "cannot read the offline letters", error);
	if (result == NULL)
		return FALSE;
	if (PQntuples(result) > 0)
		*holder_out = td_pg_get_dup(result, 0, 0);
	return TRUE;
}

gboolean
td_pg_store_claim_offline_letter(TdPgStore *self, const gchar *letter, gchar **holder_out, GError **error)
{
	const gchar *params[] = {self->kiosk_id, letter};

	g_return_val_if_fail(td_queue_series_is_valid(letter) && letter[0] != '\0', FALSE);
	return pg_letter_query(self, "SELECT tiepdon_claim_offline_letter($1, $2)", params, 2, holder_out, error);
}

gboolean
td_pg_store_get_offline_letter_holder(TdPgStore *self, const gchar *letter, gchar **holder_out, GError **error)
{
	const gchar *params[] = {letter};

	return pg_letter_query(self, "SELECT kiosk_id FROM offline_letters WHERE letter = $1", params, 1, holder_out,
			       error);
}

/* ---- a VNeID answer the journal kept for a check-in the server has ---- */

gboolean
td_pg_store_fill_vneid_answer(TdPgStore *self, gint64 checkin_id, TdVneidAnswer answer, gboolean *set_out,
			      GError **error)
{
	PG_STORE_LOCK(self);
	gchar buf[TD_PG_INT_LEN];
	const gchar *params[] = {td_pg_int(buf, checkin_id), td_vneid_answer_to_string(answer),
				 td_vneid_answer_to_string(TD_VNEID_NOT_ASKED)};
	g_autoptr(PGresult) result = NULL;

	*set_out = FALSE;
	if (!td_pg_ensure_connected(self, error))
		return FALSE;
	/* the owner's function reaches the kiosk's check-in of the evening
	 * before too, which the kiosk role's row security hides after
	 * midnight */
	if (self->schema_version >= TD_PG_SCHEMA_JOURNAL_IDS) {
		const gchar *fill_params[] = {params[0], self->kiosk_id, params[1]};
		gint64 filled;

		result = td_pg_query(self, "SELECT tiepdon_fill_journaled_vneid($1, $2, $3)", 3, fill_params,
				     "cannot record the VNeID answer", error);
		if (result == NULL)
			return FALSE;
		filled = td_pg_get_int(result, 0, 0);
		if (filled < 0) {
			g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND,
				    "no check-in %" G_GINT64_FORMAT " of kiosk %s", checkin_id, self->kiosk_id);
			return FALSE;
		}
		*set_out = filled > 0;
		return TRUE;
	}
	result = td_pg_query(self, "UPDATE checkins SET vneid = $2 WHERE id = $1 AND vneid = $3", 3, params,
			     "cannot record the VNeID answer", error);
	if (result == NULL)
		return FALSE;
	*set_out = g_strcmp0(PQcmdTuples(result), "1") == 0;
	if (*set_out)
		return TRUE;
	/* answered already, or not the kiosk's to see */
	g_clear_pointer(&result, PQclear);
	result = td_pg_query(self, "SELECT 1 FROM checkins WHERE id = $1", 1, params, "cannot read the check-in", error);
	if (result == NULL)
		return FALSE;
	if (PQntuples(result) == 0) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no check-in %" G_GINT64_FORMAT, checkin_id);
		return FALSE;
	}
	return TRUE;
}
