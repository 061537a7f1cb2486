/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-store.h"

G_BEGIN_DECLS

/* Tells its owner that someone changed the store: a kiosk (another
 * process) stored an exception, a colleague resolved one, a PIN was tried.
 * A worker asks td_store_get_change_token every
 * TD_STORE_WATCH_INTERVAL_MS and, when the token moved, emits "changed"
 * on the main context that was the thread default when the watch was made
 * (never in the worker). Nothing is read but the token: the owner reloads
 * what it shows. Stops when the last reference goes. */
#define TD_STORE_WATCH_INTERVAL_MS 250
/* while the store says its server cannot be reached */
#define TD_STORE_WATCH_UNREACHABLE_INTERVAL_MS 2000

#define TD_TYPE_STORE_WATCH (td_store_watch_get_type())
G_DECLARE_FINAL_TYPE(TdStoreWatch, td_store_watch, TD, STORE_WATCH, GObject)

TdStoreWatch *td_store_watch_new(TdStore *store);
/* Property "reachable" (notified on the same main context): FALSE while
 * the token's answer is TD_STORE_ERROR_UNREACHABLE (a database server out
 * of reach), TRUE again with the first answer. TRUE to begin with. */
gboolean td_store_watch_get_reachable(TdStoreWatch *self);

G_END_DECLS
