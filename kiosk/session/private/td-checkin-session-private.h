/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by td-checkin-session.c (the machine) and td-checkin-session-api.c
 * (what the UI and the reader monitor call). */
#include "td-checkin-card-work.h"
#include "td-checkin-session.h"

G_BEGIN_DECLS

/* An event and what it carries; a transition's action takes (steals) what
 * it keeps, the rest is freed with the event. */
typedef struct {
	TdCheckinEvent event;
	gchar *reader_name;	       /* CARD_INSERTED */
	TdAccessKeyList *keys;	       /* KEY_SUBMITTED */
	TdVneidAnswer vneid;	       /* VNEID_ANSWERED, VNEID_KNOWN */
	TdDg13 *dg13;		       /* DG13_READ */
	TdEligibilityQuery *query;     /* DG13_READ, NULL: no look-up possible */
	gchar *id_hash;		       /* DG13_READ, NULL: no ID or no hash function */
	TdCardWorkResult *card;	       /* CARD_DONE */
	TdEligibility *eligibility;    /* ELIGIBILITY_DONE, NULL: not checked */
	TdCheckinRecord *record;       /* COMMITTED: back from the store */
	TdCheckinException *exception; /* COMMITTED */
	gboolean repeat_visit;	       /* COMMITTED: the record is the day's earlier one */
	GError *error;		       /* COMMITTED: the store's error; PRINTED: the printer's */
} TdCheckinEventData;

TdCheckinEventData *td_checkin_event_data_new(TdCheckinEvent event);
void td_checkin_event_data_free(TdCheckinEventData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCheckinEventData, td_checkin_event_data_free)

/* A function the kiosk wiring hands the session, with its data. */
typedef struct {
	gpointer func;
	gpointer data;
	GDestroyNotify destroy;
} TdSessionHook;

void td_session_hook_set(TdSessionHook *hook, gpointer func, gpointer data, GDestroyNotify destroy);
void td_session_hook_clear(TdSessionHook *hook);

struct _TdCheckinSession {
	GObject parent_instance;
	GMainContext *context;
	TdCheckinState state;
	GQueue events; /* TdCheckinEventData, run to completion in order */
	gboolean dispatching;

	TdCardConnectFunc connect_func;
	gpointer connect_data;
	GDestroyNotify connect_destroy;
	TdGatewayClient *gateway;
	TdTrustStore *trust_store;
	TdVneidSource *vneid_source;
	TdCheckinCommitFunc commit_func;
	gpointer commit_data;
	GDestroyNotify commit_destroy;
	TdIdHashFunc hash_func;
	gpointer hash_data;
	GDestroyNotify hash_destroy;
	TdSessionHook find;  /* TdCheckinFindFunc */
	TdSessionHook vneid; /* TdCheckinVneidFunc */
	TdSessionHook print; /* TdCheckinPrintFunc */
	guint timeout_ms[TD_CHECKIN_STATE_N_STATES];
	guint warning_ms[TD_CHECKIN_STATE_N_STATES];
	guint card_command_ms;
	guint card_total_ms;
	GSource *timer;
	gint64 deadline; /* monotonic µs when the timer's expiry comes */
	gchar *monitor_reader;

	/* where the last card arrived; the keys may come before the card */
	gchar *reader_name;
	/* a card lies on the reader (from its arrival to its removal, or the
	 * reader's loss), whatever the patient's state: one left behind after
	 * the number is the commonest loss */
	gboolean card_on_reader;
	TdAccessKeyList *keys;

	/* one patient: everything below is cleared by session_clear_patient() */
	GCancellable *cancellable;
	/* the eligibility and VNeID look-ups' own (NULL until one starts):
	 * cancelled with the patient's, or alone when VERIFYING stops
	 * waiting for them */
	GCancellable *lookups_cancellable;
	guint n_pending;
	gboolean key_refused;
	gboolean keys_with_birth_date; /* the keys taken last came with the birth date asked for */
	gchar *typed_id; /* the ID typed, kept while the birth date is asked for */
	TdCheckinKeyRequest key_request;
	TdDg13 *dg13;
	gchar *id_hash; /* DG13's ID number hashed, by the card work */
	TdEligibilityQuery *query;
	gboolean card_done;
	gboolean eligibility_started;
	gboolean eligibility_done;
	gboolean vneid_done;	  /* the VNeID source answered (or there is none) */
	TdVneidAnswer vneid_known; /* what it knew; NOT_ASKED: ask the patient */
	gboolean vneid_answered;  /* the patient answered after the number */
	TdChipVerification *verification;
	GError *card_error;
	struct _TdOpenCard *open_card; /* for the face image; NULL if not opened */
	TdEligibility *eligibility;
	TdCheckinRecord *record;
	TdCheckinException *exception;
	const TdPolicyRule *decision;
	gboolean committed; /* the commit was started (at most once) */
	GError *commit_error;
	gboolean repeat_visit;
	GError *print_error;
};

/* Queues an event (taking data); handles it (and what it queues) at once
 * unless an event is being handled already. Main context only. */
void td_checkin_session_post_data(TdCheckinSession *self, TdCheckinEventData *data);
/* The session's work (td-checkin-session-work.c), called by the enter
 * hooks: each runs off the main thread and posts its result as an event
 * unless the patient left meanwhile. */
void td_checkin_session_start_card_work(TdCheckinSession *self);
/* Posts ELIGIBILITY_DONE at once when there is nothing to ask. */
void td_checkin_session_start_eligibility(TdCheckinSession *self);
void td_checkin_session_start_vneid_lookup(TdCheckinSession *self);
/* Stops the eligibility and VNeID look-ups still running: their answers
 * are dropped. */
void td_checkin_session_cancel_lookups(TdCheckinSession *self);
/* The policy's decision and the record (and exception) it makes. */
void td_checkin_session_decide(TdCheckinSession *self);
/* Stores the decided record once, or finds the person's number of the day
 * (COMMITTED follows in COMMITTING). */
void td_checkin_session_commit_async(TdCheckinSession *self);
/* Writes the VNeID answer to the stored check-in (no event follows). */
void td_checkin_session_store_vneid_async(TdCheckinSession *self, TdVneidAnswer answer);
/* Prints the stored record's ticket (PRINTED follows). */
void td_checkin_session_print_async(TdCheckinSession *self);
/* Cancels what runs for the patient and forgets them (nothing is stored:
 * only a number shown is). */
void td_checkin_session_clear_patient(TdCheckinSession *self, gboolean keep_keys);

/* An event without data. */
void td_checkin_session_post(TdCheckinSession *self, TdCheckinEvent event);
/* Whether event carries data (and so cannot be sent bare). */
gboolean td_checkin_event_has_data(TdCheckinEvent event);

G_END_DECLS
