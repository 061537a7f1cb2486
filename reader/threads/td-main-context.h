/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The one way a worker thread hands something back to the thread that owns
 * a main context (the reader monitor, the card work, the scanner, the
 * check-in's workers all use it).
 *
 * It always queues an idle source on context, so func runs later, in the
 * thread iterating context, never in the caller. g_main_context_invoke()
 * is not used on purpose: when the calling worker can acquire the context
 * (nobody is iterating it at that moment: a test between two iterations,
 * the CLI before its loop runs) invoke runs the callback right there, in
 * the worker, where it may touch the owner's state or join its own thread.
 *
 * cancellable (may be NULL): when it is cancelled by the time the source
 * runs, func is skipped; cancel it in the owner's thread and func never
 * runs after that. destroy (may be NULL) frees data exactly once, after
 * func or instead of it, wherever the source ends (normally the owner's
 * thread; the caller's if context is already being torn down). name is a
 * static string shown by profilers. */
typedef void (*TdMainContextFunc)(gpointer data);

void td_main_context_post(GMainContext *context, gint priority, const gchar *name, GCancellable *cancellable,
			  TdMainContextFunc func, gpointer data, GDestroyNotify destroy);

G_END_DECLS
