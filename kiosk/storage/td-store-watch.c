/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-main-context.h"
#include "td-store-watch.h"

struct _TdStoreWatch {
	GObject parent_instance;
	TdStore *store;
	GMainContext *owner;
	GCancellable *cancellable; /* cancelled in the owner's thread: no "changed" after dispose */
	GThread *thread;
	GMutex lock;
	GCond wake;
	gboolean stopping; /* under lock */
	gint reachable_seen; /* atomic: the worker's last answer */
	gboolean reachable;  /* the owner's copy, the property */
};

G_DEFINE_FINAL_TYPE(TdStoreWatch, td_store_watch, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];
enum { PROP_0, PROP_REACHABLE, N_PROPS };
static GParamSpec *props[N_PROPS];

static void
td_store_watch_emit(gpointer data)
{
	g_signal_emit(TD_STORE_WATCH(data), signals[SIGNAL_CHANGED], 0);
}

static void
td_store_watch_reachable_update(gpointer data)
{
	TdStoreWatch *self = TD_STORE_WATCH(data);
	gboolean reachable = g_atomic_int_get(&self->reachable_seen);

	if (reachable == self->reachable)
		return;
	self->reachable = reachable;
	g_object_notify_by_pspec(G_OBJECT(self), props[PROP_REACHABLE]);
}

gboolean
td_store_watch_get_reachable(TdStoreWatch *self)
{
	return self->reachable;
}

static gpointer
td_store_watch_thread(gpointer data)
{
	TdStoreWatch *self = data;
	guint64 last = 0;
	gboolean known = FALSE;

	g_mutex_lock(&self->lock);
	while (!self->stopping) {
		/* a server out of reach is asked less often: each try holds the
		 * store's connection for its whole timeout, and the pages' own
		 * calls wait behind it */
		gint64 interval = g_atomic_int_get(&self->reachable_seen) ? TD_STORE_WATCH_INTERVAL_MS
									  : TD_STORE_WATCH_UNREACHABLE_INTERVAL_MS;
		gint64 until = g_get_monotonic_time() + interval * G_TIME_SPAN_MILLISECOND;
		g_autoptr(GError) error = NULL;
		guint64 token = 0;
		gboolean ok;

		/* the store's own lock, not ours, guards the connection */
		g_mutex_unlock(&self->lock);
		ok = td_store_get_change_token(self->store, &token, &error);
		if (!ok)
			g_debug("store watch: %s", error->message); /* busy: the next tick asks again */
		/* out of reach, or back: only what the server says about itself
		 * counts (a busy file is not an outage) */
		if (ok || g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
			if (g_atomic_int_exchange(&self->reachable_seen, ok) != ok)
				td_main_context_post(self->owner, G_PRIORITY_DEFAULT, "td-store-reachable",
						     self->cancellable, td_store_watch_reachable_update, self, NULL);
		}
		if (ok && known && token != last)
			td_main_context_post(self->owner, G_PRIORITY_DEFAULT, "td-store-changed", self->cancellable,
					     td_store_watch_emit, self, NULL);
		if (ok) {
			last = token;
			known = TRUE;
		}
		g_mutex_lock(&self->lock);
		while (!self->stopping && g_cond_wait_until(&self->wake, &self->lock, until))
			;
	}
	g_mutex_unlock(&self->lock);
	return NULL;
}

static void
td_store_watch_dispose(GObject *object)
{
	TdStoreWatch *self = TD_STORE_WATCH(object);

	g_cancellable_cancel(self->cancellable);
	if (self->thread != NULL) {
		g_mutex_lock(&self->lock);
		self->stopping = TRUE;
		g_cond_signal(&self->wake);
		g_mutex_unlock(&self->lock);
		g_thread_join(g_steal_pointer(&self->thread));
	}
	g_clear_object(&self->store);
	G_OBJECT_CLASS(td_store_watch_parent_class)->dispose(object);
}

static void
td_store_watch_finalize(GObject *object)
{
	TdStoreWatch *self = TD_STORE_WATCH(object);

	g_object_unref(self->cancellable);
	g_main_context_unref(self->owner);
	g_mutex_clear(&self->lock);
	g_cond_clear(&self->wake);
	G_OBJECT_CLASS(td_store_watch_parent_class)->finalize(object);
}

static void
td_store_watch_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	switch (prop_id) {
	case PROP_REACHABLE:
		g_value_set_boolean(value, TD_STORE_WATCH(object)->reachable);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
}

static void
td_store_watch_class_init(TdStoreWatchClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = td_store_watch_dispose;
	G_OBJECT_CLASS(klass)->finalize = td_store_watch_finalize;
	G_OBJECT_CLASS(klass)->get_property = td_store_watch_get_property;
	props[PROP_REACHABLE] = g_param_spec_boolean("reachable", NULL, NULL, TRUE,
						     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	g_object_class_install_properties(G_OBJECT_CLASS(klass), N_PROPS, props);
	signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					       NULL, G_TYPE_NONE, 0);
}

static void
td_store_watch_init(TdStoreWatch *self)
{
	g_mutex_init(&self->lock);
	g_cond_init(&self->wake);
	self->cancellable = g_cancellable_new();
	self->owner = g_main_context_ref_thread_default();
	self->reachable = TRUE;
	self->reachable_seen = TRUE;
}

TdStoreWatch *
td_store_watch_new(TdStore *store)
{
	TdStoreWatch *self = g_object_new(TD_TYPE_STORE_WATCH, NULL);

	self->store = g_object_ref(store);
	self->thread = g_thread_new("td-store-watch", td_store_watch_thread, self);
	return self;
}
