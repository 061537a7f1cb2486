/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The staff pages' one way to call the store (or hash a PIN) without
 * blocking the main thread: a PostgreSQL server out of reach costs its
 * connect timeout on every call, and the store watch may hold the store's
 * lock meanwhile. work runs in a GTask thread on job (which it owns until
 * job_free); done runs on owner's main context afterwards, and
 * td_ui_worker_finish() hands it the job back. owner (a widget) is kept
 * alive by the task; cancellable is the owner's, cancelled in its dispose:
 * then td_ui_worker_finish() says G_IO_ERROR_CANCELLED whatever work did,
 * and done must touch nothing of the owner's (a write still happens: work
 * runs to its end). */
typedef gboolean (*TdUiWorkFunc)(gpointer job, GError **error);

void td_ui_worker_run(gpointer owner, GCancellable *cancellable, TdUiWorkFunc work, gpointer job,
		      GDestroyNotify job_free, GAsyncReadyCallback done, gpointer user_data);
/* The job when work succeeded (owned by the task: valid during done);
 * NULL and error otherwise. */
gpointer td_ui_worker_finish(GAsyncResult *result, GError **error);
/* The job, whatever work said (in done only). */
gpointer td_ui_worker_get_job(GAsyncResult *result);
/* The cancellation: the owner is gone or moved on, done touches nothing. */
gboolean td_ui_worker_cancelled(const GError *error);

/* A store error in words staff act on: the database out of reach (what
 * they were doing stays, try again), or any other failure of a write;
 * the details go to the log under what (no personal data in store
 * errors). */
gchar *td_ui_store_error_text(const gchar *what, const GError *error);
/* The same for a read (the cases, the day's figures, the accounts):
 * "could not save" there sent staff looking for what they had lost. */
gchar *td_ui_store_read_error_text(const gchar *what, const GError *error);
/* Why a file staff asked for (the spreadsheet, the day's report) was not
 * written, as the end of a sentence staff can act on: a USB stick full,
 * locked or taken out, this machine's disk full; a store error as the
 * two above. Not GLib's English ("Error opening file …: No space left on
 * device"): that, with the path, goes to the log under what. on_usb: the
 * file was going onto the USB stick. */
gchar *td_ui_file_error_text(const gchar *what, const GError *error, gboolean on_usb);

G_END_DECLS
