/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-vneid-source.h"
#include "td-worker.h"

G_DEFINE_INTERFACE(TdVneidSource, td_vneid_source, G_TYPE_OBJECT)

static void
td_vneid_source_default_init(TdVneidSourceInterface *iface)
{
}

void
td_vneid_source_lookup_async(TdVneidSource *self, const gchar *id_hash, GCancellable *cancellable,
			     GAsyncReadyCallback callback, gpointer user_data)
{
	g_return_if_fail(TD_IS_VNEID_SOURCE(self));
	TD_VNEID_SOURCE_GET_IFACE(self)->lookup_async(self, id_hash, cancellable, callback, user_data);
}

gboolean
td_vneid_source_lookup_finish(TdVneidSource *self, GAsyncResult *result, TdVneidAnswer *answer, GError **error)
{
	g_return_val_if_fail(TD_IS_VNEID_SOURCE(self), FALSE);
	return TD_VNEID_SOURCE_GET_IFACE(self)->lookup_finish(self, result, answer, error);
}

struct _TdVneidAskSource {
	GObject parent_instance;
	guint ask_again_days;
	TdVneidRecentFunc recent_func;
	gpointer user_data;
	GDestroyNotify destroy;
	gint64 now_unix;
};

static void td_vneid_ask_source_iface_init(TdVneidSourceInterface *iface);

G_DEFINE_TYPE_WITH_CODE(TdVneidAskSource, td_vneid_ask_source, G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(TD_TYPE_VNEID_SOURCE, td_vneid_ask_source_iface_init))

/* The answer rides in the task as a pointer: -1 = ask the patient. */
#define ASK_THE_PATIENT (-1)

typedef struct {
	gchar *id_hash;
	gint64 now_unix;
} TdVneidLookup;

static void
vneid_lookup_free(TdVneidLookup *lookup)
{
	g_free(lookup->id_hash);
	g_free(lookup);
}

/* In a worker: the recent-answer function reads the store (SQLite), which
 * must not block the main loop. */
static void
vneid_lookup_thread(GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	TdVneidAskSource *self = TD_VNEID_ASK_SOURCE(source_object);
	TdVneidLookup *lookup = task_data;
	g_autoptr(GError) error = NULL;
	gint64 answered_unix = 0;
	TdVneidAnswer answer = TD_VNEID_NOT_ASKED;
	gint64 now = lookup->now_unix;

	if (!self->recent_func(lookup->id_hash, &answered_unix, &answer, self->user_data, &error)) {
		if (error != NULL)
			g_task_return_error(task, g_steal_pointer(&error));
		else
			g_task_return_int(task, ASK_THE_PATIENT);
		return;
	}
	/* only a "yes, integrated" is worth remembering: the others are
	 * exactly the patients the station must keep asking */
	if ((answer == TD_VNEID_INTEGRATED || answer == TD_VNEID_ASSISTED) && answered_unix <= now &&
	    now - answered_unix < (gint64)self->ask_again_days * 24 * 3600) {
		g_task_return_int(task, TD_VNEID_INTEGRATED);
		return;
	}
	g_task_return_int(task, ASK_THE_PATIENT);
}

static void
td_vneid_ask_source_lookup_async(TdVneidSource *source, const gchar *id_hash, GCancellable *cancellable,
				 GAsyncReadyCallback callback, gpointer user_data)
{
	TdVneidAskSource *self = TD_VNEID_ASK_SOURCE(source);
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	TdVneidLookup *lookup;

	g_task_set_source_tag(task, td_vneid_ask_source_lookup_async);
	if (id_hash == NULL || self->recent_func == NULL || self->ask_again_days == 0) {
		g_task_return_int(task, ASK_THE_PATIENT);
		return;
	}
	lookup = g_new0(TdVneidLookup, 1);
	lookup->id_hash = g_strdup(id_hash);
	lookup->now_unix = self->now_unix != 0 ? self->now_unix : g_get_real_time() / G_USEC_PER_SEC;
	g_task_set_task_data(task, lookup, (GDestroyNotify)vneid_lookup_free);
	td_worker_run_in_thread(task, vneid_lookup_thread);
}

static gboolean
td_vneid_ask_source_lookup_finish(TdVneidSource *source, GAsyncResult *result, TdVneidAnswer *answer,
				  GError **error)
{
	gssize value;

	g_return_val_if_fail(g_task_is_valid(result, source), FALSE);
	value = g_task_propagate_int(G_TASK(result), error);
	if (value < 0)
		return FALSE;
	*answer = (TdVneidAnswer)value;
	return TRUE;
}

static void
td_vneid_ask_source_iface_init(TdVneidSourceInterface *iface)
{
	iface->lookup_async = td_vneid_ask_source_lookup_async;
	iface->lookup_finish = td_vneid_ask_source_lookup_finish;
}

static void
td_vneid_ask_source_finalize(GObject *object)
{
	TdVneidAskSource *self = TD_VNEID_ASK_SOURCE(object);
	if (self->destroy != NULL)
		self->destroy(self->user_data);
	G_OBJECT_CLASS(td_vneid_ask_source_parent_class)->finalize(object);
}

static void
td_vneid_ask_source_class_init(TdVneidAskSourceClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = td_vneid_ask_source_finalize;
}

static void
td_vneid_ask_source_init(TdVneidAskSource *self)
{
}

TdVneidSource *
td_vneid_ask_source_new(guint ask_again_days, TdVneidRecentFunc recent_func, gpointer user_data,
			GDestroyNotify destroy)
{
	TdVneidAskSource *self = g_object_new(TD_TYPE_VNEID_ASK_SOURCE, NULL);
	self->ask_again_days = ask_again_days;
	self->recent_func = recent_func;
	self->user_data = user_data;
	self->destroy = destroy;
	return TD_VNEID_SOURCE(self);
}

void
td_vneid_ask_source_set_now(TdVneidAskSource *self, gint64 now_unix)
{
	g_return_if_fail(TD_IS_VNEID_ASK_SOURCE(self));
	self->now_unix = now_unix;
}
