/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "td-checkin-record.h"
#include "td-daily-counts.h"

G_BEGIN_DECLS

#define TD_STORE_ERROR (td_store_error_quark())
GQuark td_store_error_quark(void);

typedef enum {
	TD_STORE_ERROR_FAILED,	  /* the engine failed (I/O, disk full, corrupt file) */
	TD_STORE_ERROR_BUSY,	  /* another process held the database too long */
	TD_STORE_ERROR_NOT_FOUND, /* no such exception / check-in */
	TD_STORE_ERROR_INVALID,	  /* bad argument: unknown action */
	TD_STORE_ERROR_SCHEMA,	  /* a database from a newer tiepdon, or a failed migration */
	TD_STORE_ERROR_NO_DATABASE, /* nothing at the path (a read-only open never creates one) */
	TD_STORE_ERROR_PERMISSION,  /* a data file others may read that we cannot fix, or not ours */
	/* the database server cannot be reached (no connection, or it went
	 * away mid-call): the kiosk journals the check-in. Never for what the
	 * server refused (a constraint, a right, the schema). */
	TD_STORE_ERROR_UNREACHABLE,
	/* the case was closed first, by someone else (two receptionists
	 * on one case) or by an earlier call */
	TD_STORE_ERROR_ALREADY_RESOLVED,
} TdStoreError;

/* One row of the staff audit trail. */
typedef struct {
	gint64 id;
	gint64 time_unix;
	gchar *action;
	gint64 exception_id; /* 0 when none */
	gint64 checkin_id;   /* 0 when none */
	gchar *note;	     /* NULL when none, or once purged */
	gint64 staff_id;     /* who did it; 0: the kiosk itself (a ticket not printed, a patient's call) */
	gchar *staff_name;   /* that account's name; NULL with staff_id 0 */
	gchar *kiosk_id;     /* the kiosk (or staff PC) it was done at; NULL when not known */
	gchar *origin;	     /* a kiosk's offline journal only: "kiosk:uuid" of a row of its own */
} TdStaffAction;

void td_staff_action_free(TdStaffAction *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdStaffAction, td_staff_action_free)

/* How long personal data stays (Decree 13/2023: only as long as the
 * purpose needs): [storage] retention-days and link-days. */
typedef struct {
	guint retention_days; /* exceptions, check-in details, staff notes */
	guint link_days;      /* the ID hash that links one person's visits */
} TdRetention;

/* What a purge did. */
typedef struct {
	guint exceptions_deleted;  /* resolved exceptions past retention */
	guint exceptions_expired;  /* unresolved past retention: closed "expired", personal fields erased */
	guint checkins_minimised;  /* past retention: only what the daily counts need is left */
	guint links_expired;	   /* ID hashes past link-days erased */
	guint staff_notes;	   /* audit notes past retention, blanked (may name people) */
	guint pin_attempts;	   /* PIN attempts older than a day */
} TdPurgeCounts;

/* A staff PIN attempt as td_store_begin_pin_attempt counted it. */
typedef struct {
	gint64 id;	/* 0 when locked: nothing recorded */
	guint failures; /* counted before this attempt */
	gint64 newest;	/* the newest of those failures, 0 when none */
} TdPinAttempt;

/* A staff account: a person with a PIN of their own, or the station's
 * account (TD_STAFF_STATION_ID), whose PIN is the settings file's [staff]
 * pin-hash, for stations that do not set up people. */
typedef struct {
	gint64 id;
	gchar *name;	 /* as chosen on the login page; unique */
	gchar *pin_hash; /* td-staff-pin's format; NULL for the station's account */
	gboolean active; /* FALSE: disabled, cannot log in (kept for the audit trail) */
	/* may open the manager's dashboard (the day's figures, the reports
	 * sent up, the spreadsheets): the station's account always is; a
	 * person added is reception's until tiepdon staff set-role */
	gboolean manager;
	gint64 created_unix;
} TdStaffMember;

void td_staff_member_free(TdStaffMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdStaffMember, td_staff_member_free)

/* The station's account: id 1 in every store (the migration that makes
 * the staff table inserts it, and gives it the audit rows written before
 * people had accounts). Its name is what staff read on the login page. */
#define TD_STAFF_STATION_ID   1
#define TD_STAFF_STATION_NAME "Trạm"

/* The resolution of an exception that nobody handled within retention. */
#define TD_STORE_RESOLUTION_EXPIRED "expired"

/* The check-in store. The SQLite engine implements it for one kiosk; an
 * engine shared by several kiosks of a station (PostgreSQL) can implement
 * the same vfuncs. All calls may block on disk; all are thread-safe. */
#define TD_TYPE_STORE (td_store_get_type())
G_DECLARE_INTERFACE(TdStore, td_store, TD, STORE, GObject)

struct _TdStoreInterface {
	GTypeInterface parent_iface;

	gboolean (*record_checkin)(TdStore *store, TdCheckinRecord *rec, TdCheckinException *exc, GError **error);
	TdCheckinRecord *(*get_checkin)(TdStore *store, gint64 id, GError **error);
	GPtrArray *(*list_exceptions)(TdStore *store, const gchar *day, gboolean open_only, GError **error);
	gboolean (*resolve_exception)(TdStore *store,
				      gint64 staff_id,
				      gint64 exception_id,
				      const gchar *action,
				      const gchar *note,
				      gint64 now_unix,
				      GError **error);
	gboolean (*record_staff_action)(TdStore *store,
					gint64 staff_id,
					gint64 now_unix,
					const gchar *action,
					gint64 exception_id,
					gint64 checkin_id,
					const gchar *note,
					GError **error);
	GPtrArray *(*list_staff_actions)(TdStore *store, gint64 since_unix, GError **error);
	gboolean (*last_vneid_answer)(TdStore *store,
				      const gchar *id_hash,
				      gint64 *time_out,
				      TdVneidAnswer *answer_out,
				      GError **error);
	TdCheckinRecord *(*find_checkin)(TdStore *store, const gchar *day, const gchar *id_hash, GError **error);
	gboolean (*set_vneid_answer)(TdStore *store, gint64 checkin_id, TdVneidAnswer answer, GError **error);
	GPtrArray *(*list_checkins_with_vneid)(TdStore *store, const gchar *day, TdVneidAnswer answer,
					       GError **error);
	gboolean (*purge)(TdStore *store,
			  const TdRetention *retention,
			  gint64 now_unix,
			  TdPurgeCounts *out,
			  GError **error);
	gboolean (*oldest_personal_record)(TdStore *store, gint64 *time_out, GError **error);
	GPtrArray *(*count_days)(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error);
	gboolean (*begin_pin_attempt)(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix,
				      guint limit, guint overall_limit, TdPinAttempt *out, GError **error);
	gboolean (*finish_pin_attempt)(TdStore *store, gint64 attempt, GError **error);
	gboolean (*count_pin_failures)(TdStore *store,
				       gint64 since_unix,
				       guint *count_out,
				       gint64 *newest_out,
				       GError **error);
	/* staff accounts (see td_store_add_staff and below) */
	gboolean (*add_staff)(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 now_unix,
			      gint64 *id_out, GError **error);
	GPtrArray *(*list_staff)(TdStore *store, GError **error);
	gboolean (*set_staff_active)(TdStore *store, const gchar *name, gboolean active, GError **error);
	gboolean (*set_staff_pin)(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error);
	gboolean (*set_staff_manager)(TdStore *store, const gchar *name, gboolean manager, GError **error);
	gboolean (*get_change_token)(TdStore *store, guint64 *token_out, GError **error);
};

/* Stores a check-in that the patient is about to see confirmed. Allocates
 * the day's next queue number (from 1, per rec->day) in the same durable
 * transaction as the insert, so numbers are unique per day with no gaps even
 * after a crash; sets rec->id and rec->queue_number and, with an exception,
 * exc->id and exc->checkin_id. Only when this returns TRUE may the number be
 * shown. rec->time_unix 0 means now. */
gboolean td_store_record_checkin(TdStore *store, TdCheckinRecord *rec, TdCheckinException *exc, GError **error);
TdCheckinRecord *td_store_get_checkin(TdStore *store, gint64 id, GError **error);
/* Of TdCheckinException, oldest first; day NULL = every day. */
GPtrArray *td_store_list_exceptions(TdStore *store, const gchar *day, gboolean open_only, GError **error);

/* Staff close an exception with one of these actions; the check-in's
 * outcome (and VNeID answer) follow, and the audit trail gets a row:
 *   accepted-paper-card, card-code-entered, self-pay  → checked-in
 *   eligibility-confirmed → eligible, checked-in
 *   referred              → outcome unchanged (sent elsewhere)
 *   patient-left          → see-staff, not checked in (went home unseen:
 *                           insurance refused and no wish to pay, or tired
 *                           of waiting; a pending one too)
 * The VNeID help closes nothing: td_store_record_vneid_assisted_as. */
gboolean td_store_resolve_exception(TdStore *store,
				    gint64 exception_id,
				    const gchar *action,
				    const gchar *note,
				    GError **error);
/* The same, by the staff account staff_id (the other one is by the
 * station's account: the command line, and stores without people): the
 * audit row and the exception (TdCheckinException.resolved_by) name them. */
gboolean td_store_resolve_exception_as(TdStore *store,
				       gint64 staff_id,
				       gint64 exception_id,
				       const gchar *action,
				       const gchar *note,
				       GError **error);
gboolean td_store_is_resolve_action(const gchar *action);
/* Those actions, NULL-terminated. */
const gchar *const *td_store_resolve_actions(void);
/* Any other row for the audit trail, written by the kiosk itself (e.g.
 * "ticket-not-printed"); ids 0 when none. */
gboolean td_store_record_staff_action(TdStore *store,
				      const gchar *action,
				      gint64 exception_id,
				      gint64 checkin_id,
				      const gchar *note,
				      GError **error);
/* The same, done by the staff account staff_id (e.g. "manual-checkin",
 * "pin-login"); 0 = the kiosk itself. */
gboolean td_store_record_staff_action_as(TdStore *store,
					 gint64 staff_id,
					 const gchar *action,
					 gint64 exception_id,
					 gint64 checkin_id,
					 const gchar *note,
					 GError **error);
/* Of TdStaffAction, oldest first. */
GPtrArray *td_store_list_staff_actions(TdStore *store, gint64 since_unix, GError **error);

/* The person's newest check-in on day (yyyy-mm-dd), so a second visit the
 * same day is shown the number they already have. NULL with no error when
 * there is none. */
TdCheckinRecord *td_store_find_checkin(TdStore *store, const gchar *day, const gchar *id_hash, GError **error);
/* The VNeID answer given after the number was shown (or "left before
 * answering"). */
gboolean td_store_set_vneid_answer(TdStore *store, gint64 checkin_id, TdVneidAnswer answer, GError **error);
/* The desk helped the patient put their BHYT card into VNeID: the
 * check-in's answer and an audit row "vneid-assisted" by staff_id (with
 * the case it was done beside, or 0). A case stays open: its insurance
 * needs its own decision (closed by it, the self-pay or paper card that
 * followed was refused and the visit never counted as checked in). */
gboolean td_store_record_vneid_assisted_as(TdStore *store, gint64 staff_id, gint64 exception_id, gint64 checkin_id,
					   const gchar *note, GError **error);
/* The patient's own VNeID answer, asked at the desk (after a check-in by
 * hand, which the kiosk never asked): the check-in's answer and an audit
 * row "vneid-answer" by staff_id, its note the answer's word, in one
 * write. */
gboolean td_store_record_vneid_answer_as(TdStore *store, gint64 staff_id, gint64 checkin_id, TdVneidAnswer answer,
					 GError **error);
/* Of TdCheckinRecord: day's check-ins with that VNeID answer, oldest
 * first (the desk's list of patients who answered "not yet", to help
 * into VNeID). */
GPtrArray *td_store_list_checkins_with_vneid(TdStore *store, const gchar *day, TdVneidAnswer answer,
					     GError **error);

/* The patient's most recent VNeID answer other than "not asked" (and "left
 * before answering", which says nothing about VNeID): TRUE with
 * *answer_out TD_VNEID_NOT_ASKED and *time_out 0 when there is none. */
gboolean td_store_last_vneid_answer(TdStore *store,
				    const gchar *id_hash,
				    gint64 *time_out,
				    TdVneidAnswer *answer_out,
				    GError **error);

/* Retention, run daily (tiepdon purge from its timer): resolved exceptions
 * past retention-days are deleted; unresolved ones are closed as
 * TD_STORE_RESOLUTION_EXPIRED (an audit row says so) and their personal
 * fields erased; check-ins past retention-days keep only what the daily
 * counts need (day, queue number, the four verdict words); ID hashes past
 * link-days are erased; staff notes are blanked. Then the file is
 * compacted (VACUUM) and the WAL truncated, so no erased value lingers in
 * free space, page gaps or old frames. out may be NULL. */
gboolean td_store_purge(TdStore *store,
			const TdRetention *retention,
			gint64 now_unix,
			TdPurgeCounts *out,
			GError **error);
/* When the oldest record still holding personal data (an exception's
 * fields, a check-in not yet minimised, a staff note) was written; 0 when
 * there is none. */
gboolean td_store_oldest_personal_record(TdStore *store, gint64 *time_out, GError **error);

/* Of TdDailyCounts, one per day that has check-ins, in order, from_day and
 * to_day (yyyy-mm-dd) included. td-report adds the empty days. */
GPtrArray *td_store_count_days(TdStore *store, const gchar *from_day, const gchar *to_day, GError **error);

/* Staff PIN attempts, kept so a restart does not reset a lock-out. One
 * write transaction counts staff_id's failures after since_unix (and after
 * that account's last success), and everybody's failures after since_unix
 * (and after anybody's last success); when the first are fewer than limit
 * and the second fewer than overall_limit, it records this attempt as
 * staff_id's failure before anyone compares a hash: concurrent guesses can
 * never get more than limit tries at one account, nor overall_limit tries
 * spread over several. out->id is 0 when locked (nothing recorded);
 * out->failures and out->newest are of the limit that locked (else of
 * staff_id's). */
gboolean td_store_begin_pin_attempt(TdStore *store, gint64 staff_id, gint64 time_unix, gint64 since_unix,
				    guint limit, guint overall_limit, TdPinAttempt *out, GError **error);
/* The PIN of that attempt was right: it becomes a success. */
gboolean td_store_finish_pin_attempt(TdStore *store, gint64 attempt, GError **error);
/* Lifts staff_id's lock-out now (tiepdon staff unlock: patients wait at
 * the desk while a mistyped PIN's minutes run out): a success is
 * recorded for it, after which its failures, and everybody's, count no
 * more, as after a right PIN. */
gboolean td_store_lift_pin_lockout(TdStore *store, gint64 staff_id, gint64 now_unix, GError **error);
/* Failures at any account after since_unix and after the last success;
 * the newest one's time in *newest_out (0 when none). */
gboolean td_store_count_pin_failures(TdStore *store,
				     gint64 since_unix,
				     guint *count_out,
				     gint64 *newest_out,
				     GError **error);

/* Staff accounts. add_staff creates an active account (name: 1 to
 * TD_STAFF_NAME_MAX_CHARS characters of UTF-8, unique among all accounts,
 * disabled ones included: TD_STORE_ERROR_INVALID if taken; pin_hash in
 * td-staff-pin's format, stored as given) and sets *id_out (may be NULL).
 * list_staff gives every account, the station's first, then by name
 * (TdStaffMember, pin_hash included: the caller wipes nothing, a hash is
 * not the PIN). set_staff_active disables or enables the account named
 * (TD_STORE_ERROR_NOT_FOUND if none); a disabled account cannot log in and
 * keeps its rows in the audit trail. */
#define TD_STAFF_NAME_MAX_CHARS 60
gboolean td_store_add_staff(TdStore *store, const gchar *name, const gchar *pin_hash, gint64 *id_out,
			    GError **error);
GPtrArray *td_store_list_staff(TdStore *store, GError **error);
gboolean td_store_set_staff_active(TdStore *store, const gchar *name, gboolean active, GError **error);
/* A new PIN (its hash) for the person named: one who forgot theirs. Not
 * the station's account, whose PIN is the settings file's (tiepdon
 * set-pin): TD_STORE_ERROR_NOT_FOUND for it as for a name nobody has. */
gboolean td_store_set_staff_pin(TdStore *store, const gchar *name, const gchar *pin_hash, GError **error);
/* The person named becomes a manager (manager TRUE) or reception's.
 * Not the station's account, a manager always (its PIN is the
 * administrator's): TD_STORE_ERROR_NOT_FOUND for it as for a name nobody
 * has. A station's database of an older schema (PostgreSQL, not brought
 * up to date: tiepdon db init --apply) has no roles: TD_STORE_ERROR_SCHEMA,
 * and every account reads as a manager, as before roles. */
gboolean td_store_set_staff_manager(TdStore *store, const gchar *name, gboolean manager, GError **error);
/* The account with that id (from td_store_list_staff), or NULL with
 * TD_STORE_ERROR_NOT_FOUND. */
TdStaffMember *td_store_find_staff(TdStore *store, gint64 staff_id, GError **error);

/* A number that changes whenever anyone (this process, another kiosk, the
 * staff console, a command) commits a change to check-ins, exceptions,
 * staff accounts, PIN attempts or the audit trail: two equal tokens mean
 * nothing was written in between. Cheap (no table is read), so a
 * TdStoreWatch asks for it several times a second; the number itself means
 * nothing and differs between connections. SQLite: PRAGMA data_version
 * (other connections' commits) with this connection's own change count.
 * PostgreSQL: the notifications its triggers send, counted as heard. */
gboolean td_store_get_change_token(TdStore *store, guint64 *token_out, GError **error);

G_END_DECLS
