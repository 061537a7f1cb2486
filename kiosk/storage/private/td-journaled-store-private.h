/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by TdJournaledStore's files: td-journaled-store.c (the store)
 * and td-journaled-store-send.c (sending the journal, the worker). Not
 * for anyone else. */

#include <gio/gio.h>

#include "td-journal.h"
#include "td-journaled-store.h"

G_BEGIN_DECLS

struct _TdJournaledStore {
	GObject parent_instance;
	TdPgStore *server;
	gchar *journal_path;
	gchar *kiosk_id;
	gchar letter[2];
	gint offline; /* atomic: check-ins go straight to the journal */
	gboolean letter_claimed; /* under lock: the server said who holds the letter */
	gchar *letter_holder;	 /* under lock: another kiosk that holds it, or NULL */

	/* held while a check-in is sent and deleted, and by the calls that
	 * follow a journaled check-in, so they find it in one place */
	GMutex lock;
	TdSqliteStore *journal; /* NULL until first needed */
	GHashTable *sent_checkins;   /* journal id → server id, this run's */
	GHashTable *sent_exceptions; /* the same for exceptions */

	GThread *worker;
	GMutex worker_lock;
	GCond worker_cond;
	gboolean stopping; /* under worker_lock */
	gboolean woken;	   /* under worker_lock */

	/* "offline-changed" goes to the main context of the thread that made
	 * the store; cancelled when it goes, so none arrives after */
	GMainContext *owner;
	GCancellable *owner_cancellable;
};

/* self->lock held to the end of the block */
#define JOURNAL_LOCK(self) G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&(self)->lock)

/* The state changed, in whatever thread: the owner hears
 * "offline-changed" in its own. */
void td_journaled_store_post_offline_changed(TdJournaledStore *self);
/* The worker thread: sends every TD_JOURNAL_RETRY_S, or when woken. */
gpointer td_journaled_store_worker(gpointer data);

G_END_DECLS
