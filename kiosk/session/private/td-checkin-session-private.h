/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by td-checkin-session.c (the machine) and td-checkin-session-api.c
 * (what the UI and the reader monitor call). */
#include "td-checkin-session.h"

G_BEGIN_DECLS

struct _TdCheckinSession {
	GObject parent_instance;
	GMainContext *context;
	TdCheckinState state;
	GQueue events; /* TdCheckinEvent + 1, run to completion in order */
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
	guint timeout_ms[TD_CHECKIN_STATE_N_STATES];
	guint warning_ms[TD_CHECKIN_STATE_N_STATES];
	GSource *timer;
	gchar *monitor_reader;

	/* where the last card arrived; the keys may come before the card */
	gchar *reader_name;
	TdAccessKeyList *keys;
	TdVneidAnswer vneid_answer; /* carried by VNEID_ANSWERED */

	/* one patient: everything below is cleared by session_clear_patient() */
	GCancellable *cancellable;
	guint n_pending;
	gboolean key_refused;
	TdDg13 *dg13;
	TdEligibilityQuery *query;
	gboolean card_done;
	gboolean eligibility_started;
	gboolean eligibility_done;
	TdChipVerification *verification;
	GError *card_error;
	struct _TdOpenCard *open_card; /* for the face image; NULL if not opened */
	TdEligibility *eligibility;
	TdCheckinRecord *record;
	TdCheckinException *exception;
	const TdPolicyRule *decision;
	gboolean committed; /* the commit was started (at most once) */
	GError *commit_error;
};

/* Queues an event; handles it (and what it queues) at once unless an
 * event is being handled already. Main context only. */
void td_checkin_session_post(TdCheckinSession *self, TdCheckinEvent event);

G_END_DECLS
