/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-store-engine.h"
#include "td-store.h"

G_DEFINE_QUARK(td-store-error-quark, td_store_error)
G_DEFINE_INTERFACE(TdStore, td_store, G_TYPE_OBJECT)

static void
td_store_default_init(TdStoreInterface *iface)
{
}

void
td_staff_action_free(TdStaffAction *action)
{
	if (action == NULL)
		return;
	g_free(action->action);
	g_free(action->note);
	g_free(action->staff_name);
	g_free(action->kiosk_id);
	g_free(action->origin);
	g_free(action);
}

void
td_staff_member_free(TdStaffMember *member)
{
	if (member == NULL)
		return;
	g_free(member->name);
	g_free(member->pin_hash);
	g_free(member);
}

/* "vneid-assisted" closes nothing: td_store_record_vneid_assisted_as */
#define TD_STORE_ACTION_VNEID_ASSISTED "vneid-assisted"
#define TD_STORE_ACTION_VNEID_ANSWER   "vneid-answer"
static const gchar *const resolve_actions[] = {
	"accepted-paper-card", "self-pay", "referred", "eligibility-confirmed", "card-code-entered", "patient-left", NULL,
};

const gchar *const *
td_store_resolve_actions(void)
{
	return resolve_actions;
}

gboolean
td_store_is_resolve_action(const gchar *action)
{
	for (guint i = 0; action != NULL && resolve_actions[i] != NULL; i++) {
		if (g_strcmp0(action, resolve_actions[i]) == 0)
			return TRUE;
	}
	return FALSE;
}

void
td_store_resolve_action_effect(const gchar *action, const gchar **outcome, const gchar **eligibility)
{
	*outcome = *eligibility = NULL;
	if (g_strcmp0(action, "eligibility-confirmed") == 0) {
		*eligibility = td_eligibility_verdict_to_string(TD_ELIGIBILITY_ELIGIBLE);
		*outcome = td_outcome_to_string(TD_OUTCOME_CHECKED_IN);
	} else if (g_strcmp0(action, "patient-left") == 0) {
		/* a patient given a number pending the gateway who went home
		 * is not one waiting for insurance to be confirmed */
		*outcome = td_outcome_to_string(TD_OUTCOME_SEE_STAFF);
	} else if (g_strcmp0(action, "referred") != 0) {
		*outcome = td_outcome_to_string(TD_OUTCOME_CHECKED_IN);
	}
}

TdVneidAnswer
td_store_action_vneid_effect(const gchar *action, const gchar *note)
{
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;

	if (g_strcmp0(action, TD_STORE_ACTION_VNEID_ASSISTED) == 0)
		return TD_VNEID_ASSISTED;
	if (g_strcmp0(action, TD_STORE_ACTION_VNEID_ANSWER) == 0 && note != NULL &&
	    td_vneid_answer_from_string(note, &answer))
		return answer;
	return TD_VNEID_NOT_ASKED;
}

void
td_store_count_word(guint i, const gchar **column, const gchar **word)
{
	if (i < TD_CARD_VERDICT_COUNT) {
		*column = "card_verdict";
		*word = td_card_verdict_to_string(i);
		return;
	}
	i -= TD_CARD_VERDICT_COUNT;
	if (i < TD_ELIGIBILITY_COUNT) {
		*column = "eligibility";
		*word = td_eligibility_verdict_to_string(i);
		return;
	}
	i -= TD_ELIGIBILITY_COUNT;
	if (i < TD_VNEID_COUNT) {
		*column = "vneid";
		*word = td_vneid_answer_to_string(i);
		return;
	}
	i -= TD_VNEID_COUNT;
	g_return_if_fail(i < TD_OUTCOME_COUNT);
	*column = "outcome";
	*word = td_outcome_to_string(i);
}

guint *
td_store_count_slot(TdDailyCounts *c, guint i)
{
	if (i < TD_CARD_VERDICT_COUNT)
		return &c->by_card[i];
	i -= TD_CARD_VERDICT_COUNT;
	if (i < TD_ELIGIBILITY_COUNT)
		return &c->by_eligibility[i];
	i -= TD_ELIGIBILITY_COUNT;
	if (i < TD_VNEID_COUNT)
		return &c->by_vneid[i];
	i -= TD_VNEID_COUNT;
	g_return_val_if_fail(i < TD_OUTCOME_COUNT, &c->checkins);
	return &c->by_outcome[i];
}

void
td_store_confirm_checkin(TdCheckinRecord *rec, TdCheckinException *exc, gint64 checkin_id, gint64 queue_number,
			 gint64 time_unix, gint64 exception_id)
{
	rec->id = checkin_id;
	rec->queue_number = (guint)queue_number;
	rec->time_unix = time_unix;
	if (exc != NULL) {
		exc->id = exception_id;
		exc->checkin_id = checkin_id;
	}
}

/* Each wrapper checks what every engine would otherwise check again. */
#define TD_STORE_IFACE(store) TD_STORE_GET_IFACE(store)

gboolean
td_store_record_checkin(TdStore *store, TdCheckinRecord *rec, TdCheckinException *exc, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(rec != NULL, FALSE);
	if (strlen(rec->day) != 10) {
		g_set_error_literal(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID, "check-in without a day");
		return FALSE;
	}
	return TD_STORE_IFACE(store)->record_checkin(store, rec, exc, error);
}

TdCheckinRecord *
td_store_get_checkin(TdStore *store, gint64 id, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), NULL);
	return TD_STORE_IFACE(store)->get_checkin(store, id, error);
}

GPtrArray *
td_store_list_exceptions(TdStore *store, const gchar *day, gboolean open_only, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), NULL);
	return TD_STORE_IFACE(store)->list_exceptions(store, day, open_only, error);
}

gboolean
td_store_resolve_exception(TdStore *store, gint64 exception_id, const gchar *action, const gchar *note, GError **error)
{
	return td_store_resolve_exception_as(store, TD_STAFF_STATION_ID, exception_id, action, note, error);
}

gboolean
td_store_resolve_exception_as(TdStore *store,
			      gint64 staff_id,
			      gint64 exception_id,
			      const gchar *action,
			      const gchar *note,
			      GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(staff_id > 0, FALSE);
	if (!td_store_is_resolve_action(action)) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID, "unknown action '%s'",
			    action != NULL ? action : "");
		return FALSE;
	}
	return TD_STORE_IFACE(store)->resolve_exception(store, staff_id, exception_id, action, note,
							 g_get_real_time() / G_USEC_PER_SEC, error);
}

gboolean
td_store_record_vneid_assisted_as(TdStore *store, gint64 staff_id, gint64 exception_id, gint64 checkin_id,
				  const gchar *note, GError **error)
{
	if (checkin_id == 0) {
		g_set_error_literal(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID, "no check-in to record the help on");
		return FALSE;
	}
	/* the answer goes with the audit row (td_store_action_vneid_effect):
	 * before, two writes, and a connection lost between them left the
	 * answer "helped" with nobody on record as having helped */
	return td_store_record_staff_action_as(store, staff_id, TD_STORE_ACTION_VNEID_ASSISTED, exception_id,
					       checkin_id, note, error);
}

gboolean
td_store_record_vneid_answer_as(TdStore *store, gint64 staff_id, gint64 checkin_id, TdVneidAnswer answer,
				GError **error)
{
	g_return_val_if_fail(answer != TD_VNEID_NOT_ASKED, FALSE);
	if (checkin_id == 0) {
		g_set_error_literal(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID, "no check-in to record the answer on");
		return FALSE;
	}
	/* one write, as the desk's help is (td_store_action_vneid_effect) */
	return td_store_record_staff_action_as(store, staff_id, TD_STORE_ACTION_VNEID_ANSWER, 0, checkin_id,
					       td_vneid_answer_to_string(answer), error);
}

gboolean
td_store_record_staff_action(TdStore *store,
			     const gchar *action,
			     gint64 exception_id,
			     gint64 checkin_id,
			     const gchar *note,
			     GError **error)
{
	return td_store_record_staff_action_as(store, 0, action, exception_id, checkin_id, note, error);
}

gboolean
td_store_record_staff_action_as(TdStore *store,
				gint64 staff_id,
				const gchar *action,
				gint64 exception_id,
				gint64 checkin_id,
				const gchar *note,
				GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(action != NULL && staff_id >= 0, FALSE);
	return TD_STORE_IFACE(store)->record_staff_action(store, staff_id, g_get_real_time() / G_USEC_PER_SEC,
							   action, exception_id, checkin_id, note, error);
}

GPtrArray *
td_store_list_staff_actions(TdStore *store, gint64 since_unix, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), NULL);
	return TD_STORE_IFACE(store)->list_staff_actions(store, since_unix, error);
}

gboolean
td_store_last_vneid_answer(TdStore *store,
			   const gchar *id_hash,
			   gint64 *time_out,
			   TdVneidAnswer *answer_out,
			   GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(id_hash != NULL, FALSE);
	return TD_STORE_IFACE(store)->last_vneid_answer(store, id_hash, time_out, answer_out, error);
}

TdCheckinRecord *
td_store_find_checkin(TdStore *store, const gchar *day, const gchar *id_hash, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), NULL);
	g_return_val_if_fail(day != NULL && id_hash != NULL, NULL);
	return TD_STORE_IFACE(store)->find_checkin(store, day, id_hash, error);
}

GPtrArray *
td_store_list_checkins_with_vneid(TdStore *store, const gchar *day, TdVneidAnswer answer, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), NULL);
	g_return_val_if_fail(day != NULL, NULL);
	return TD_STORE_IFACE(store)->list_checkins_with_vneid(store, day, answer, error);
}

gboolean
td_store_set_vneid_answer(TdStore *store, gint64 checkin_id, TdVneidAnswer answer, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	if ((guint)answer > TD_VNEID_LEFT) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID, "unknown VNeID answer %d", (gint)answer);
		return FALSE;
	}
	return TD_STORE_IFACE(store)->set_vneid_answer(store, checkin_id, answer, error);
}

gboolean
td_store_purge(TdStore *store, const TdRetention *retention, gint64 now_unix, TdPurgeCounts *out, GError **error)
{
	TdPurgeCounts ignored = {0};
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(retention != NULL && retention->retention_days > 0 && retention->link_days > 0, FALSE);
	return TD_STORE_IFACE(store)->purge(store, retention, now_unix, out != NULL ? out : &ignored, error);
}

gboolean
td_store_oldest_personal_record(TdStore *store, gint64 *time_out, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(time_out != NULL, FALSE);
	return TD_STORE_IFACE(store)->oldest_personal_record(store, time_out, error);
}

GPtrArray *
td_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), NULL);
	g_return_val_if_fail(from_day != NULL && to_day != NULL, NULL);
	return TD_STORE_IFACE(store)->count_days(store, from_day, to_day, error);
}

gboolean
td_store_begin_pin_attempt(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix, guint limit,
			   guint overall_limit, TdPinAttempt *out, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(out != NULL && staff_id > 0, FALSE);
	return TD_STORE_IFACE(store)->begin_pin_attempt(store, staff_id, time_unix, since_unix, limit, overall_limit,
							 out, error);
}

gboolean
td_store_lift_pin_lockout(TdStore *store, gint64 staff_id, gint64 now_unix, GError **error)
{
	TdPinAttempt attempt = {0};

	/* an attempt no limit refuses (nothing counted since after now),
	 * made a success at once: each engine, and the journal of an
	 * offline kiosk, records it as it records a right PIN */
	if (!td_store_begin_pin_attempt(store, staff_id, now_unix, now_unix + 1, G_MAXUINT, G_MAXUINT, &attempt, error))
		return FALSE;
	g_return_val_if_fail(attempt.id > 0, FALSE);
	return td_store_finish_pin_attempt(store, attempt.id, error);
}

gboolean
td_store_finish_pin_attempt(TdStore *store, gint64 attempt, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	return TD_STORE_IFACE(store)->finish_pin_attempt(store, attempt, error);
}

gboolean
td_store_count_pin_failures(TdStore *store, gint64 since_unix, guint *count_out, gint64 *newest_out, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	return TD_STORE_IFACE(store)->count_pin_failures(store, since_unix, count_out, newest_out, error);
}

gboolean
td_store_add_staff(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 *id_out, GError **error)
{
	gint64 ignored = 0;
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(pin_hash != NULL, FALSE);
	if (name == NULL || !g_utf8_validate(name, -1, NULL) || g_utf8_strlen(name, -1) == 0 ||
	    g_utf8_strlen(name, -1) > TD_STAFF_NAME_MAX_CHARS) {
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID, "a staff name is 1 to %d characters",
			    TD_STAFF_NAME_MAX_CHARS);
		return FALSE;
	}
	return TD_STORE_IFACE(store)->add_staff(store, name, pin_hash, g_get_real_time() / G_USEC_PER_SEC,
						 id_out != NULL ? id_out : &ignored, error);
}

GPtrArray *
td_store_list_staff(TdStore *store, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), NULL);
	return TD_STORE_IFACE(store)->list_staff(store, error);
}

gboolean
td_store_set_staff_active(TdStore *store, const gchar *name, gboolean active, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(name != NULL, FALSE);
	return TD_STORE_IFACE(store)->set_staff_active(store, name, active, error);
}

gboolean
td_store_set_staff_pin(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(name != NULL && pin_hash != NULL, FALSE);
	return TD_STORE_IFACE(store)->set_staff_pin(store, name, pin_hash, error);
}

gboolean
td_store_set_staff_manager(TdStore *store, const gchar *name, gboolean manager, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(name != NULL, FALSE);
	return TD_STORE_IFACE(store)->set_staff_manager(store, name, manager, error);
}

const gchar *
td_store_list_staff_sql(gboolean with_roles)
{
#define TD_STAFF_COLUMNS "SELECT id, name, pin_hash, active, created_unix, "
#define TD_STAFF_ORDER	 " FROM staff ORDER BY id <> " G_STRINGIFY(TD_STAFF_STATION_ID) ", name, id"
	return with_roles ? TD_STAFF_COLUMNS "manager OR id = " G_STRINGIFY(TD_STAFF_STATION_ID) TD_STAFF_ORDER
			  : TD_STAFF_COLUMNS "true" TD_STAFF_ORDER;
#undef TD_STAFF_COLUMNS
#undef TD_STAFF_ORDER
}

TdStaffMember *
td_store_find_staff(TdStore *store, gint64 staff_id, GError **error)
{
	g_autoptr(GPtrArray) staff = td_store_list_staff(store, error);

	for (guint i = 0; staff != NULL && i < staff->len; i++) {
		TdStaffMember *member = g_ptr_array_index(staff, i);
		if (member->id == staff_id)
			return g_ptr_array_steal_index(staff, i);
	}
	if (staff != NULL)
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no staff account %" G_GINT64_FORMAT,
			    staff_id);
	return NULL;
}

gboolean
td_store_get_change_token(TdStore *store, guint64 *token_out, GError **error)
{
	g_return_val_if_fail(TD_IS_STORE(store), FALSE);
	g_return_val_if_fail(token_out != NULL, FALSE);
	return TD_STORE_IFACE(store)->get_change_token(store, token_out, error);
}
