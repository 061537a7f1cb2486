/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-config.h"
#include "td-pg-store.h"

G_BEGIN_DECLS

/* A kiosk's store on a station's PostgreSQL that keeps working when the
 * server cannot be reached (td_store_open_configured gives it to the
 * kiosk and the reception's app when [storage] url= is set).
 *
 * A check-in goes to the server. When the server cannot be reached
 * (TD_STORE_ERROR_UNREACHABLE: nothing the server refused), it goes to a
 * local journal instead, a TdSqliteStore at [storage] journal=, numbered
 * in the kiosk's own series ([station] offline-letter: B-001, B-002 …
 * per day), and the kiosk is "offline since" that moment: later
 * check-ins go straight to the journal, without waiting for the server.
 * The ids of what the journal holds are negative (-journal id), so the
 * VNeID answer, a ticket not printed or a patient's call that follow a
 * journaled check-in go to the journal too, and so do, while it is
 * offline, the audit rows of the kiosk's own (a patient's call for staff,
 * a login, a quit) and those about a check-in the server has (a ticket
 * not printed, a reprint; schema 11), each with the origin its online
 * attempt carried, and the patient's VNeID answer to such a check-in.
 *
 * A worker thread tries the server every TD_JOURNAL_RETRY_S while the
 * journal holds check-ins: each one, its exceptions and audit rows, is
 * sent in one transaction carrying its origin, which the server keeps
 * unique; then it is deleted from the journal. A crash between the two
 * (or a reply lost) sends it again, and the server merges it with the row
 * it has (schema 10), its ids coming back: each arrives exactly once.
 * The origin ("kiosk-id:uuid", TdCheckinRecord) is given before the
 * online attempt and kept by the journal: a commit that reached the
 * server but whose reply was lost is journaled as the same check-in, and
 * the server's row becomes the journal's (its printed number; the
 * exceptions and audit rows it has are not added again; the kiosk's ids
 * lead to the server's rows). The journaled audit rows follow the
 * check-ins, once each by their origin (schema 8), then the VNeID
 * answers. When the server answers
 * again the kiosk is online. One the server refuses (a constraint; a
 * check-in older than 31 days: the owner's function that takes
 * a journal's earlier days, past the kiosk role's row security, stops
 * there) stays in the journal, the others are sent past it, and the
 * doctor shows it waiting.
 *
 * Reads: a same-day revisit (find_checkin) and the last VNeID answer look
 * in the journal as well. Staff login: offline, the accounts are the
 * journal's (the station's account only, its PIN in the settings) and PIN
 * attempts are counted there, so the station's PIN still opens the
 * kiosk's staff pages. The patient's VNeID answer to a check-in the
 * server has, given while it is out of reach, waits in the journal too
 * (SQLite schema 11) and fills the server's row where it has none.
 * Everything else is the server's, and fails as it does when the server
 * is down.
 *
 * The offline letter: td_store_open_configured claims it when it opens
 * the store; one that started with the server out of reach claims it when
 * the server first answers, before its journal is sent. Another kiosk's
 * letter then is warned about (g_warning) and shown by get_state; the
 * journal is sent all the same.
 *
 * Signal "offline-changed": the kiosk went offline or came back online,
 * or its letter was found to be another kiosk's
 * (td_journaled_store_get_state says since when, how many wait). Emitted
 * on the main context that was the thread default when the store was
 * made, never in the thread that noticed; none after the store is gone. */
#define TD_TYPE_JOURNALED_STORE (td_journaled_store_get_type())
G_DECLARE_FINAL_TYPE(TdJournaledStore, td_journaled_store, TD, JOURNALED_STORE, GObject)

#define TD_JOURNAL_RETRY_S 5

/* What the journal holds, for the doctor and the staff's health page. */
typedef struct {
	gchar token[17];	/* the journal's own: part of each origin */
	gint64 offline_since;	/* when the server was first out of reach; 0: online */
	guint waiting;		/* check-ins not sent yet */
	gint64 oldest_waiting;	/* the oldest one's time; 0 when none */
	guint actions_waiting;	/* audit rows not sent yet: the kiosk's own (a patient's call, a login), and
				 * those about a check-in the server has (a ticket that did not print) */
	guint answers_waiting;	/* VNeID answers to check-ins the server has, not sent yet */
	/* the kiosk's store only (td_journaled_store_get_state): its offline
	 * letter, and another kiosk the server says holds it ("" when none:
	 * two kiosks would hand out the same numbers in an outage) */
	gchar letter[2];
	gchar letter_holder[TD_CONFIG_KIOSK_ID_MAX + 1];
} TdJournalState;

/* server: opened with td_pg_store_new_even_unreachable. The journal is
 * opened (created owner-only, like any SQLite store) when the server
 * first cannot be reached, or now if the file exists (what an earlier run
 * left is sent; one this process may not open is left for later).
 * letter: one capital letter. */
TdJournaledStore *td_journaled_store_new(TdPgStore *server, const gchar *journal_path, const gchar *kiosk_id,
					 const gchar *letter);
/* Sends what the journal holds now, as the worker does; *sent_out (may be
 * NULL) counts the check-ins sent (one sent before, merged with itself,
 * too). FALSE when the
 * server cannot be reached, or refused one (that one stays, the others
 * are sent, and the error is the first refusal's). */
gboolean td_journaled_store_send(TdJournaledStore *self, guint *sent_out, GError **error);
/* The server gave this kiosk its letter when the store was opened
 * (td_store_open_configured): the worker does not claim it again. */
void td_journaled_store_set_letter_claimed(TdJournaledStore *self);
gboolean td_journaled_store_get_state(TdJournaledStore *self, TdJournalState *out, GError **error);
/* The station's server it writes to (the store's own reference). */
TdPgStore *td_journaled_store_get_server(TdJournaledStore *self);

/* The state of the journal at path, for the doctor (another process, or
 * the kiosk's own store): read only, never created. No file: online,
 * nothing waiting. */
gboolean td_journal_state_read_file(const gchar *path, TdJournalState *out, GError **error);

G_END_DECLS
