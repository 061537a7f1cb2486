/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-checkin-record.h"

G_BEGIN_DECLS

/* Where the kiosk learns whether a patient's BHYT card is integrated into
 * VNeID. No public API tells (DOMAIN.md §3), so today's only source asks
 * the patient; the interface is here so a future official source slots in
 * without touching the session.
 *
 * lookup: TRUE with *answer when the source knows, so the question is
 * skipped; FALSE without an error when the patient must be asked; FALSE
 * with an error when the source failed (the session then asks). */
#define TD_TYPE_VNEID_SOURCE (td_vneid_source_get_type())
G_DECLARE_INTERFACE(TdVneidSource, td_vneid_source, TD, VNEID_SOURCE, GObject)

struct _TdVneidSourceInterface {
	GTypeInterface parent_iface;
	void (*lookup_async)(TdVneidSource *self, const gchar *id_hash, GCancellable *cancellable,
			     GAsyncReadyCallback callback, gpointer user_data);
	gboolean (*lookup_finish)(TdVneidSource *self, GAsyncResult *result, TdVneidAnswer *answer, GError **error);
};

/* id_hash: the keyed hash of the ID number (NULL when unknown). */
void td_vneid_source_lookup_async(TdVneidSource *self, const gchar *id_hash, GCancellable *cancellable,
				  GAsyncReadyCallback callback, gpointer user_data);
gboolean td_vneid_source_lookup_finish(TdVneidSource *self, GAsyncResult *result, TdVneidAnswer *answer,
				       GError **error);

/* The last VNeID answer recorded for this person: TRUE and both out
 * parameters set, FALSE without an error when there is none. The kiosk
 * wires it to td_store_last_vneid_answer(); it runs in a worker thread (a
 * store call may wait on the disk), so it must be thread-safe with respect
 * to user_data. */
typedef gboolean (*TdVneidRecentFunc)(const gchar *id_hash, gint64 *time_unix, TdVneidAnswer *answer,
				      gpointer user_data, GError **error);

/* The default source: asks the patient (integrated / not yet / no level-2
 * account) unless they said "integrated" (or staff helped them integrate)
 * within the last ask_again_days days. recent_func may be NULL: always ask. */
#define TD_TYPE_VNEID_ASK_SOURCE (td_vneid_ask_source_get_type())
G_DECLARE_FINAL_TYPE(TdVneidAskSource, td_vneid_ask_source, TD, VNEID_ASK_SOURCE, GObject)

TdVneidSource *td_vneid_ask_source_new(guint ask_again_days, TdVneidRecentFunc recent_func, gpointer user_data,
				       GDestroyNotify destroy);
/* For tests: the time "now" is compared with (0 = the real clock). */
void td_vneid_ask_source_set_now(TdVneidAskSource *self, gint64 now_unix);

G_END_DECLS
