/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the staff console's files: td-staff-console.c (the screen:
 * the queue, the views), td-staff-case.c (the case shown: its details,
 * the chip's photo, its buttons), td-staff-actions.c (what closes a
 * case, prints a ticket again, checks in by hand), td-staff-gateway.c
 * (the gateway asked from the desk) and td-staff-vneid.c (the desk's
 * VNeID help). Not for other pages. */
#include "td-number-pad.h"
#include "td-staff-console.h"

G_BEGIN_DECLS

#define TD_STAFF_N_ACTIONS 7
extern const gchar *const td_staff_action_words[TD_STAFF_N_ACTIONS];

typedef enum {
	TD_NAV_QUEUE,
	TD_NAV_MANUAL,
	TD_NAV_HEALTH,
	TD_NAV_DASHBOARD,
	TD_NAV_CLOSE,
	TD_NAV_QUIT,
	TD_N_NAV,
} TdNav;

#define TD_DETAIL_ROWS 7
/* A BHYT card code: 2 letters and 13 digits */
#define TD_CARD_CODE_CHARS 15
/* A case in the list wraps at about this many characters; the case's
 * keys and buttons at half as many. */
#define TD_STAFF_LIST_CHARS 24
/* A button of the day's "not yet in VNeID" numbers, three to the list's
 * width: "Số K-001 (16:40)" on two lines */
#define TD_STAFF_NUMBER_BUTTON_CHARS 8
#define TD_STAFF_NUMBER_BUTTONS_PER_ROW 3

/* Every case waiting for the gateway, asked again (td-staff-gateway.c). */
typedef struct _TdGatewayBatch TdGatewayBatch;

/* A help into VNeID on its way to the store (td-staff-vneid.c). */
typedef struct _TdVneidJob TdVneidJob;

/* A confirmed action, kept while it can be undone: a case's closing, or a
 * help into VNeID (vneid set, exception NULL: nothing leaves the list). */
typedef struct {
	TdCheckinException *exception; /* out of the list meanwhile */
	TdVneidJob *vneid;
	guint index;		       /* where it was in the list */
	gchar *action;
	gchar *note;
	gchar *typed; /* the note as staff typed it: back in its field on an undo */
	gint64 deadline; /* monotonic µs */
	guint timer_id;
	gint64 staff_id; /* who confirmed it: written in their name even after they left */
} TdPending;

/* The gateway's newest answer to a case's re-check, where it kept
 * the case open (expired, not found, …): the audit's
 * TD_STAFF_ACTION_GATEWAY_ANSWER row. The case's reason says it then. */
#define TD_STAFF_ACTION_GATEWAY_ANSWER "eligibility-rechecked"
typedef struct {
	gchar *code; /* maKetQua */
	gint64 time_unix;
} TdRecheckAnswer;
void td_recheck_answer_free(TdRecheckAnswer *answer);
/* exception id (gint64 *) → TdRecheckAnswer, from audit rows (of
 * TdStaffAction, oldest first): since the oldest open case that waits for
 * the gateway (td-staff-load.c). */
GHashTable *td_recheck_answers_new(GPtrArray *actions);

/* The calls' line wraps at about this many characters. */
#define TD_STAFF_CALL_CHARS 90

/* One kiosk's calls for staff not answered yet (td-staff-calls.c). */
typedef struct {
	gchar *kiosk;	    /* its id; NULL: not known (rows from before kiosk ids) */
	guint waiting;	    /* its calls since the last answer for it */
	gint64 newest_unix; /* the newest one's time */
	gchar *newest_page; /* the page it was made on (td_kiosk_page_to_string); NULL: not said */
} TdStaffCallKiosk;

/* The patients' calls for staff not answered yet, by kiosk: an answer
 * is for one kiosk, so a patient at another one is not forgotten. */
typedef struct {
	GPtrArray *kiosks; /* of TdStaffCallKiosk, the one waiting longest first; NULL: none */
	guint waiting;	   /* every kiosk's calls; 0: none */
} TdStaffCall;

void td_staff_call_clear(TdStaffCall *call);
/* From today's audit trail (of TdStaffAction, oldest first). */
void td_staff_call_read(TdStaffCall *call, GPtrArray *actions);

/* Today's patients who answered "not yet" on VNeID (of TdCheckinRecord),
 * a button each under the cases: pressed once the desk helped them
 * (td-staff-actions.c). */
void td_staff_show_vneid_waiting(TdStaffConsole *self, GPtrArray *waiting);

/* The patient's own VNeID answer, asked at the desk (td-staff-vneid.c):
 * its question, four answers, and what to do after the answer. */
#define TD_STAFF_N_MANUAL_ANSWERS 4
typedef struct {
	GtkWidget *box;
	GtkWidget *title;
	GtkWidget *answers;
	GtkWidget *buttons[TD_STAFF_N_MANUAL_ANSWERS];
	gint64 checkin_id;  /* asked about, not answered yet; 0: none */
	gint64 answered_id; /* answered here last: its words stay while it shows */
	TdVneidAnswer answered; /* ... and its answer, for those words */
	gchar *name;	    /* the patient's, in the question; NULL: "the patient" */
} TdStaffVneidQuestion;

struct _TdStaffConsole {
	GtkBox parent_instance;
	TdKioskContext *context;
	gboolean desktop;      /* in tiepdon-staff: "close" locks, "quit" ends the console */
	GPtrArray *exceptions; /* of TdCheckinException, open ones today */
	gint selected;	       /* index in exceptions, -1 none */
	GCancellable *cancellable;
	gchar *confirming;     /* the action asked about, NULL when none */
	TdPending *pending;
	gint64 reprint_id;     /* the check-in of the alert's ticket */
	gchar *alert_note;     /* its "<number> <staff code>"; NULL: no alert */
	guint alert_others;    /* earlier tickets not printed either, shown after it */
	TdStaffCall call;      /* patients waiting for staff at the kiosk */
	GtkWidget *call_bar;   /* the calls' line, a button: "on my way" */
	GtkWidget *queue_scroller; /* the cases' list, as tall as its rows up to a cap */
	GHashTable *records;   /* checkin id → TdCheckinRecord, read with the list */
	GHashTable *answers;   /* exception id → TdRecheckAnswer, read with the list */
	gint64 list_since_unix; /* the midnight of the day the list was built on */
	GCancellable *load_cancellable; /* the newest reload of the list */
	gboolean loaded;	/* the list was read since the console was cleared */
	guint n_loads;		/* reads in flight */
	guint n_writes;		/* writes in flight (a check in by hand, a reprint's mark) */
	gint64 writing_id;	/* the case being written, out of the list meanwhile; 0 none */
	gboolean manual_running;
	gint64 manual_done_at; /* monotonic: when the last check-in by hand was answered */
	guint manual_number;
	gboolean banner_loading;
	gboolean banner_again;

	GtkWidget *nav_row;
	GtkWidget *nav[TD_N_NAV];
	GtkWidget *alert;
	GtkWidget *alert_text;
	GtkWidget *alert_reprint;
	GtkWidget *offline_bar; /* the database out of reach */
	GtkWidget *offline_text;
	GtkWidget *working; /* a spinner and "Loading…" while the store is asked */
	GtkWidget *working_text;
	GtkWidget *stack;
	/* queue */
	GtkWidget *queue_title;
	GtkWidget *queue_list;
	GtkWidget *queue_empty;
	GtkWidget *ask_all; /* the gateway asked again for every case waiting for it */
	TdGatewayBatch *batch; /* ... while it asks; NULL: not asking */
	GtkWidget *detail_grid;
	GtkWidget *detail_values[TD_DETAIL_ROWS];
	GtkWidget *detail_keys[TD_DETAIL_ROWS];
	GtkWidget *face_note;
	GtkWidget *case_panel; /* the chosen case's column: hidden without one */
	GtkWidget *face_picture;
	/* the case's VNeID question, where its check-in has no answer (the
	 * kiosk does not ask a patient it sends to reception) */
	TdStaffVneidQuestion case_vneid;
	GCancellable *face_cancellable; /* the photo read for the case shown */
	GtkWidget *actions[TD_STAFF_N_ACTIONS];
	GtkWidget *reprint;
	GtkWidget *note_entry;
	gint64 shown_case_id; /* the case last shown: another shown, its question goes, its note to note_drafts */
	/* case id (gint64 *) -> the note typed for it and not saved, kept
	 * while another case is shown (wiped: notes name patients) */
	GHashTable *note_drafts;
	GtkWidget *confirm_bar;
	GtkWidget *confirm_text;
	GtkWidget *confirm_yes;
	GtkWidget *confirm_no;
	GtkWidget *pending_bar;
	GtkWidget *pending_text;
	GtkWidget *pending_undo;
	GtkWidget *status;
	gboolean status_unsaved; /* it says a press was not recorded, the store out of reach */
	GtkWidget *history; /* today's closed cases: when, how, by whom */
	GtkWidget *vneid_title; /* today's "not yet in VNeID": a button each */
	GtkWidget *vneid_list;
	gchar *vneid_shown;	/* what the list shows ("count:id,id,…"): rebuilt only when it changes */
	/* the ticket number the list shows all of ("K-001": two kiosks printed
	 * it), until one is pressed or another number typed; NULL: the
	 * newest two */
	gchar *vneid_narrowed;
	GPtrArray *vneid_waiting; /* the day's "not yet" as last read (of TdCheckinRecord), all of them */
	gboolean pad_for_number;  /* the code pad asks a ticket's number, not a card code */
	/* the card code */
	GtkWidget *code_title;
	GtkWidget *code_pad;
	GtkWidget *code_error; /* a code that is not one, said over the pad that keeps it */
	GtkWidget *code_back;
	/* manual check-in */
	GtkWidget *manual_title;
	GtkWidget *manual_body;
	GtkWidget *manual_button;
	GtkWidget *manual_result;
	/* its VNeID question, asked by staff (the kiosk never asked) */
	TdStaffVneidQuestion manual_vneid;
	/* health */
	GPtrArray *health_lines; /* of TdCheckResult, the last run's; NULL: none yet */
	GtkWidget *health_title;
	GtkWidget *health_list;
	GtkWidget *health_refresh;
	GtkWidget *voice_controls; /* TdVoiceControls */
};

TdStore *td_staff_store(TdStaffConsole *self);
/* The staff account logged in, for the audit trail (the station's when
 * the console is driven without a login: a test of one page). */
gint64 td_staff_actor(TdStaffConsole *self);
void td_staff_set_status(TdStaffConsole *self, const gchar *text);
/* The case's reason in words, or the gateway's answer to its re-check
 * today where that kept it open ("Cổng BHXH trả lời lúc 09:12: …"). */
gchar *td_staff_case_reason(TdStaffConsole *self, const TdCheckinException *exc);
/* "Số 17": the case's ticket number, as the list and the desk's lines
 * name it. */
gchar *td_staff_case_numbered(TdStaffConsole *self, const TdCheckinException *exc);
/* A store error for staff: a sentence they can act on; the details go to
 * the log. */
void td_staff_set_store_error(TdStaffConsole *self, const GError *error);
TdCheckinException *td_staff_selected(TdStaffConsole *self);
/* The list built again from self->exceptions, the case of select_id
 * chosen (the first where it is gone, or for 0). */
void td_staff_rebuild_list(TdStaffConsole *self, gint64 select_id);
/* A button appended to box, its text set later (retranslate). */
GtkWidget *td_staff_bar_button(GtkWidget *box, const gchar *css_class, GCallback callback, TdStaffConsole *self);
/* td-staff-case.c: the case shown beside the list */
/* Its check-in, read with the list (NULL when it could not be). */
const TdCheckinRecord *td_staff_case_record(TdStaffConsole *self, const TdCheckinException *exc);
/* Shows the selected case (none: the pane is hidden), with its photo when
 * the card is still on the reader. */
void td_staff_show_case(TdStaffConsole *self);
/* td-staff-vneid.c: a help into VNeID kept while it can be undone */
/* Written now (its minute over, or another action confirmed). */
void td_staff_vneid_write(TdStaffConsole *self, TdVneidJob *job);
/* Dropped unwritten: its list's button back, its note back in its case. */
void td_staff_vneid_undo(TdStaffConsole *self, TdVneidJob *job);
/* The day's "not yet" list shown again (the help waiting its minute out
 * of it). */
void td_staff_vneid_refresh_waiting(TdStaffConsole *self);
/* "Lò Thị Mai" or "Số 17": whom it was for. */
const gchar *td_staff_vneid_job_who(const TdVneidJob *job);
/* The check-in of the help waiting its minute (0: none): helped already,
 * as far as the buttons go (no second help for it meanwhile). */
gint64 td_staff_vneid_pending_checkin(TdStaffConsole *self);
void td_staff_vneid_job_free(TdVneidJob *job);
/* td-staff-actions.c: kept as the pending action (the one before it
 * written first). */
void td_staff_keep_vneid_pending(TdStaffConsole *self, TdVneidJob *job);
/* A note typed for the case of case_id and not saved (an undo, a failed
 * write): in the field if that case is shown, else kept for when it is. */
void td_staff_note_draft_put(TdStaffConsole *self, gint64 case_id, const gchar *typed);
/* Drafts of cases no longer open here go (closed here or elsewhere; not
 * the one being written, which may come back). */
void td_staff_note_drafts_prune(TdStaffConsole *self);
/* The note typed for a case now: in the field where it is shown, else its
 * draft; NULL when there is none. */
const gchar *td_staff_case_note(TdStaffConsole *self, gint64 case_id);
/* The pane's widgets, appended to right. */
void td_staff_build_case(TdStaffConsole *self, GtkWidget *right);
/* The pane's words in the language of the moment. */
void td_staff_case_retranslate(TdStaffConsole *self);
void td_staff_update_busy(TdStaffConsole *self);
/* td-staff-load.c: the list, its check-ins and the alert read again in a
 * worker (keep_selection: the case shown stays shown, and the list is
 * rebuilt only when its cases changed); the offline line. */
GHashTable *td_staff_records_new(void);
void td_staff_reload(TdStaffConsole *self, gboolean keep_selection);
/* Midnight today, local time: where the day's audit trail starts. */
gint64 td_staff_today_start_unix(void);
void td_staff_update_banner(TdStaffConsole *self);
/* td-staff-load.c: the lines above the pages (a ticket not printed, a
 * patient's call, the database out of reach), each shown when it has
 * something to say, except over the card code's keyboard, which needs the
 * whole height of the smallest screen (they come back with the list). */
void td_staff_show_lines(TdStaffConsole *self);
/* td-staff-calls.c: the calls' line, and its "on my way" */
void td_staff_show_call(TdStaffConsole *self);
void td_call_answer_cb(GtkButton *button, TdStaffConsole *self);
/* td-staff-vneid.c: the patient's VNeID answer asked by staff (counted as
 * the kiosk's question is), after a check-in by hand and on a case whose
 * check-in has none */
void td_staff_build_vneid_question(TdStaffConsole *self, TdStaffVneidQuestion *question, GtkWidget *box);
void td_staff_vneid_questions_retranslate(TdStaffConsole *self);
/* Shows the question after a check-in by hand (0: hides it). */
void td_staff_show_manual_vneid(TdStaffConsole *self, gint64 checkin_id);
/* The case's: asked where record has no answer; the words after an answer
 * given here stay while its case shows; hidden otherwise (record NULL). */
void td_staff_show_case_vneid(TdStaffConsole *self, const TdCheckinException *exc, const TdCheckinRecord *record);
/* td-staff-vneid.c: the VNeID help beside a case (which stays open) */
gboolean td_staff_vneid_assist(TdStaffConsole *self, const TdCheckinException *exc, const gchar *note);
/* The code pad asks the number on a patient's ticket ... */
void td_staff_show_number_pad(TdStaffConsole *self);
/* The code pad's title in the language shown: the ticket number it asks
 * for, or the selected case's card code; also on a language change while
 * it is shown. */
void td_staff_code_title_update(TdStaffConsole *self);
/* ... and the help is recorded for today's "not yet" with that number
 * ("17", "B1" or "B001"), or staff are told it is not among them. */
void td_staff_vneid_by_number(TdStaffConsole *self, const gchar *typed);
/* td-staff-actions.c */
/* Where a case is in the list now (it may have been read again while a
 * worker ran); -1: closed meanwhile, or out of it for its minute. */
gint td_staff_case_index(TdStaffConsole *self, gint64 exception_id);
/* The case at index in the list, out of it for the minute it can be
 * undone (note: owned, the audit's words), then written. */
gboolean td_staff_keep_pending(TdStaffConsole *self, guint index, const gchar *action, gchar *note,
			       const gchar *typed);
/* A case written at once (pending: the kept one it came from, or NULL;
 * written_text: said once it is written, NULL for nothing). */
void td_staff_resolve(TdStaffConsole *self, gint64 staff_id, gint64 exception_id, const gchar *action,
		      const gchar *note, const gchar *written_text, TdPending *pending);
/* ... and done told how it went: error NULL once written; cancelled (the
 * console locked or gone; nothing else of it to touch then), or
 * TD_STORE_ERROR_ALREADY_RESOLVED (a colleague closed it first), or why
 * the store refused. */
typedef void (*TdStaffResolved)(TdStaffConsole *self, const GError *error, gpointer data);
void td_staff_resolve_then(TdStaffConsole *self, gint64 staff_id, gint64 exception_id, const gchar *action,
			   const gchar *note, const gchar *written_text, TdPending *pending, TdStaffResolved done,
			   gpointer done_data);
/* td-staff-gateway.c: the gateway asked for a case, again with what the
 * case has (card_code NULL: closed if the card is valid now), or by the
 * card code staff typed (kept for the minute if the gateway knows the
 * card, or does not answer; note: typed beside it) */
gboolean td_staff_ask_gateway(TdStaffConsole *self, const TdCheckinException *exc, const gchar *card_code,
			      const gchar *note, GError **error);
/* "Hỏi lại cổng BHXH cho N ca đang chờ", under the list: shown where two
 * cases or more wait for the gateway and there is one to ask; pressed,
 * the gateway is asked for each in turn (a case valid now is closed, the
 * others' answers said, stopped where it still does not answer). */
void td_staff_update_ask_all(TdStaffConsole *self);
/* The gateway's answer (result_code) to a re-check that kept the case
 * open, written as an audit row by the staff logged in; the list then
 * shows it with the case. */
void td_staff_keep_gateway_answer(TdStaffConsole *self, gint64 exception_id, const gchar *result_code);
void td_staff_ask_all_cb(GtkButton *button, TdStaffConsole *self);
/* The console locked: the batch's answers and writes still to come are
 * its own; the console is free again at once. */
void td_staff_ask_all_detach(TdStaffConsole *self);
void td_staff_show_alert(TdStaffConsole *self);
void td_staff_confirm_hide(TdStaffConsole *self);
void td_staff_console_update_pending(TdStaffConsole *self);
void td_alert_reprint_cb(GtkButton *button, TdStaffConsole *self);
void td_case_reprint_cb(GtkButton *button, TdStaffConsole *self);
void td_action_clicked_cb(GtkButton *button, TdStaffConsole *self);
void td_confirm_yes_cb(GtkButton *button, TdStaffConsole *self);
void td_confirm_no_cb(GtkButton *button, TdStaffConsole *self);
void td_undo_clicked_cb(GtkButton *button, TdStaffConsole *self);
void td_code_submitted_cb(TdNumberPad *pad, const gchar *code, TdStaffConsole *self);
void td_code_back_cb(GtkButton *button, TdStaffConsole *self);
void td_manual_clicked_cb(GtkButton *button, TdStaffConsole *self);

G_END_DECLS
