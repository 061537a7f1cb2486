/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <PCSC/winscard.h>
#include <stdarg.h>
#include <string.h>

#include "td-pcsc-error.h"
#include "td-main-context.h"
#include "td-pcsc-monitor.h"
#include "td-reader-error.h"

/* pcsc-lite's name for the pseudo-reader that changes on hot-plug. */
#define TD_PCSC_PNP_READER "\\\\?PnP?\\Notification"
/* How often to try again while pcscd is away. */
#define TD_PCSC_RETRY_USEC G_USEC_PER_SEC
/* How often stop() repeats SCardCancel until the worker has left: a cancel
 * sent just before the worker enters SCardGetStatusChange is lost. */
#define TD_PCSC_CANCEL_REPEAT_USEC (20 * 1000)

typedef enum {
	TD_PCSC_EVENT_READER_ADDED,
	TD_PCSC_EVENT_READER_REMOVED,
	TD_PCSC_EVENT_CARD_INSERTED,
	TD_PCSC_EVENT_CARD_REMOVED,
	TD_PCSC_EVENT_SERVICE_LOST,
	TD_PCSC_EVENT_SERVICE_RESTORED,
	TD_PCSC_EVENT_LAST,
} TdPcscEventKind;

typedef struct {
	TdPcscEventKind kind;
	gchar *reader;
	GBytes *atr;
} TdPcscEvent;

/* What the worker last saw of one reader. */
typedef struct {
	gchar *name;
	DWORD state; /* dwEventState without SCARD_STATE_CHANGED */
	gboolean card_present;
} TdPcscReaderState;

struct _TdPcscMonitor {
	GObject parent_instance;

	/* main context side */
	GMainContext *main_context;
	GPtrArray *readers; /* names, as the signals delivered describe */
	gboolean running;

	/* shared, under lock */
	GMutex lock;
	GCond cond;
	GThread *thread;
	gboolean stopping;
	gboolean worker_done;
	SCARDCONTEXT context;
	gboolean has_context;
	GQueue events; /* TdPcscEvent, oldest first */
	gboolean dispatch_queued;
	/* cancelled by stop(): a delivery queued before it finds nothing to do */
	GCancellable *dispatch_cancellable;

	/* worker only */
	GPtrArray *worker_readers; /* TdPcscReaderState */
	DWORD pnp_state;
	gboolean service_lost;
};

G_DEFINE_TYPE(TdPcscMonitor, td_pcsc_monitor, G_TYPE_OBJECT)

static guint signals[TD_PCSC_EVENT_LAST] = {0};

static void
td_pcsc_event_free(TdPcscEvent *event)
{
	g_free(event->reader);
	if (event->atr != NULL)
		g_bytes_unref(event->atr);
	g_free(event);
}

static void
td_pcsc_reader_state_free(TdPcscReaderState *reader)
{
	g_free(reader->name);
	g_free(reader);
}

static void
td_pcsc_monitor_emit(TdPcscMonitor *self, TdPcscEvent *event)
{
	guint idx = 0;

	/* keep the main-context view in step with what listeners were told */
	if (event->kind == TD_PCSC_EVENT_READER_ADDED) {
		if (!g_ptr_array_find_with_equal_func(self->readers, event->reader, g_str_equal, NULL))
			g_ptr_array_add(self->readers, g_strdup(event->reader));
	} else if (event->kind == TD_PCSC_EVENT_READER_REMOVED) {
		if (g_ptr_array_find_with_equal_func(self->readers, event->reader, g_str_equal, &idx))
			g_ptr_array_remove_index(self->readers, idx);
	}

	switch (event->kind) {
	case TD_PCSC_EVENT_CARD_INSERTED:
		g_signal_emit(self, signals[event->kind], 0, event->reader, event->atr);
		break;
	case TD_PCSC_EVENT_READER_ADDED:
	case TD_PCSC_EVENT_READER_REMOVED:
	case TD_PCSC_EVENT_CARD_REMOVED:
		g_signal_emit(self, signals[event->kind], 0, event->reader);
		break;
	case TD_PCSC_EVENT_SERVICE_LOST:
	case TD_PCSC_EVENT_SERVICE_RESTORED:
	default:
		g_signal_emit(self, signals[event->kind], 0);
		break;
	}
}

/* Runs in the monitor's main context; stop() cancels the delivery before
 * the monitor goes away, so self is alive here. */
static void
td_pcsc_monitor_dispatch_cb(gpointer user_data)
{
	TdPcscMonitor *self = TD_PCSC_MONITOR(user_data);
	GQueue events = G_QUEUE_INIT;

	g_mutex_lock(&self->lock);
	events = self->events;
	g_queue_init(&self->events);
	self->dispatch_queued = FALSE;
	g_mutex_unlock(&self->lock);

	/* a handler may drop the last reference or call stop() */
	g_object_ref(self);
	for (GList *l = events.head; l != NULL; l = l->next) {
		if (self->running)
			td_pcsc_monitor_emit(self, l->data);
	}
	g_queue_clear_full(&events, (GDestroyNotify)td_pcsc_event_free);
	g_object_unref(self);
}

/* Worker thread: queue an event and make sure one idle source in the main
 * context will deliver it. One queue keeps the order the worker saw. */
static void
td_pcsc_monitor_post(TdPcscMonitor *self, TdPcscEventKind kind, const gchar *reader, GBytes *atr)
{
	TdPcscEvent *event = g_new0(TdPcscEvent, 1);

	event->kind = kind;
	event->reader = g_strdup(reader);
	event->atr = atr != NULL ? g_bytes_ref(atr) : NULL;

	g_mutex_lock(&self->lock);
	g_queue_push_tail(&self->events, event);
	if (!self->dispatch_queued) {
		self->dispatch_queued = TRUE;
		td_main_context_post(self->main_context, G_PRIORITY_DEFAULT, "[tiepdon] pcsc monitor",
				     self->dispatch_cancellable, td_pcsc_monitor_dispatch_cb, self, NULL);
	}
	g_mutex_unlock(&self->lock);
}

static gboolean
td_pcsc_monitor_is_stopping(TdPcscMonitor *self)
{
	gboolean stopping;

	g_mutex_lock(&self->lock);
	stopping = self->stopping;
	g_mutex_unlock(&self->lock);
	return stopping;
}

/* Sleeps up to usec unless stop() comes first. */
static void
td_pcsc_monitor_wait(TdPcscMonitor *self, gint64 usec)
{
	gint64 end_time = g_get_monotonic_time() + usec;

	g_mutex_lock(&self->lock);
	while (!self->stopping) {
		if (!g_cond_wait_until(&self->cond, &self->lock, end_time))
			break;
	}
	g_mutex_unlock(&self->lock);
}

static void
td_pcsc_monitor_forget_readers(TdPcscMonitor *self)
{
	for (guint i = 0; i < self->worker_readers->len; i++) {
		TdPcscReaderState *reader = g_ptr_array_index(self->worker_readers, i);
		if (reader->card_present)
			td_pcsc_monitor_post(self, TD_PCSC_EVENT_CARD_REMOVED, reader->name, NULL);
		td_pcsc_monitor_post(self, TD_PCSC_EVENT_READER_REMOVED, reader->name, NULL);
	}
	g_ptr_array_set_size(self->worker_readers, 0);
}

static void
td_pcsc_monitor_release_context(TdPcscMonitor *self)
{
	g_mutex_lock(&self->lock);
	if (self->has_context) {
		SCardReleaseContext(self->context);
		self->has_context = FALSE;
	}
	g_mutex_unlock(&self->lock);
}

static void
td_pcsc_monitor_lose_service(TdPcscMonitor *self)
{
	td_pcsc_monitor_release_context(self);
	td_pcsc_monitor_forget_readers(self);
	if (!self->service_lost) {
		self->service_lost = TRUE;
		td_pcsc_monitor_post(self, TD_PCSC_EVENT_SERVICE_LOST, NULL, NULL);
	}
}

static gboolean
td_pcsc_monitor_establish(TdPcscMonitor *self)
{
	SCARDCONTEXT context = 0;
	LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context);

	if (rv != SCARD_S_SUCCESS) {
		if (!td_pcsc_rv_is_service_lost(rv))
			g_debug("SCardEstablishContext: %s", pcsc_stringify_error(rv));
		td_pcsc_monitor_lose_service(self);
		return FALSE;
	}
	g_mutex_lock(&self->lock);
	self->context = context;
	self->has_context = TRUE;
	g_mutex_unlock(&self->lock);

	self->pnp_state = SCARD_STATE_UNAWARE;
	if (self->service_lost) {
		self->service_lost = FALSE;
		td_pcsc_monitor_post(self, TD_PCSC_EVENT_SERVICE_RESTORED, NULL, NULL);
	}
	return TRUE;
}

static TdPcscReaderState *
td_pcsc_monitor_find_reader(TdPcscMonitor *self, const gchar *name, guint *idx)
{
	for (guint i = 0; i < self->worker_readers->len; i++) {
		TdPcscReaderState *reader = g_ptr_array_index(self->worker_readers, i);
		if (g_strcmp0(reader->name, name) == 0) {
			if (idx != NULL)
				*idx = i;
			return reader;
		}
	}
	return NULL;
}

/* Lists the readers and reports the difference to what the worker knew. */
static gboolean
td_pcsc_monitor_refresh_readers(TdPcscMonitor *self)
{
	LPSTR multi = NULL;
	DWORD len = SCARD_AUTOALLOCATE;
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	LONG rv = SCardListReaders(self->context, NULL, (LPSTR)&multi, &len);

	if (td_pcsc_rv_is_service_lost(rv)) {
		td_pcsc_monitor_lose_service(self);
		return FALSE;
	}
	if (rv != SCARD_S_SUCCESS && rv != SCARD_E_NO_READERS_AVAILABLE) {
		g_debug("SCardListReaders: %s", pcsc_stringify_error(rv));
		td_pcsc_monitor_wait(self, TD_PCSC_RETRY_USEC);
		return FALSE;
	}
	if (rv == SCARD_S_SUCCESS) {
		for (DWORD pos = 0; pos < len && multi[pos] != '\0';) {
			g_ptr_array_add(names, multi + pos);
			pos += strnlen(multi + pos, len - pos) + 1;
		}
	}

	for (guint i = self->worker_readers->len; i > 0; i--) {
		TdPcscReaderState *reader = g_ptr_array_index(self->worker_readers, i - 1);
		if (g_ptr_array_find_with_equal_func(names, reader->name, g_str_equal, NULL))
			continue;
		if (reader->card_present)
			td_pcsc_monitor_post(self, TD_PCSC_EVENT_CARD_REMOVED, reader->name, NULL);
		td_pcsc_monitor_post(self, TD_PCSC_EVENT_READER_REMOVED, reader->name, NULL);
		g_ptr_array_remove_index(self->worker_readers, i - 1);
	}
	for (guint i = 0; i < names->len; i++) {
		const gchar *name = g_ptr_array_index(names, i);
		TdPcscReaderState *reader;
		if (td_pcsc_monitor_find_reader(self, name, NULL) != NULL)
			continue;
		reader = g_new0(TdPcscReaderState, 1);
		reader->name = g_strdup(name);
		reader->state = SCARD_STATE_UNAWARE;
		g_ptr_array_add(self->worker_readers, reader);
		td_pcsc_monitor_post(self, TD_PCSC_EVENT_READER_ADDED, name, NULL);
	}
	if (multi != NULL)
		SCardFreeMemory(self->context, multi);
	return TRUE;
}

static void
td_pcsc_monitor_update_reader(TdPcscMonitor *self, TdPcscReaderState *reader, const SCARD_READERSTATE *state)
{
	DWORD event_state = state->dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
	/* a mute card (no ATR) is not a card we can talk to */
	gboolean present = (event_state & SCARD_STATE_PRESENT) != 0 && (event_state & SCARD_STATE_MUTE) == 0;
	/* pcsc-lite counts card events in the high 16 bits: a changed count
	 * with a card present both times is a swap too quick to see */
	gboolean swapped = reader->card_present && present && reader->state != SCARD_STATE_UNAWARE &&
			   (event_state >> 16) != (reader->state >> 16);

	if ((event_state & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) != 0)
		return; /* gone: the next listing reports it */
	if (reader->card_present && (!present || swapped)) {
		td_pcsc_monitor_post(self, TD_PCSC_EVENT_CARD_REMOVED, reader->name, NULL);
		reader->card_present = FALSE;
	}
	if (!reader->card_present && present) {
		g_autoptr(GBytes) atr = g_bytes_new(state->rgbAtr, MIN(state->cbAtr, sizeof(state->rgbAtr)));
		td_pcsc_monitor_post(self, TD_PCSC_EVENT_CARD_INSERTED, reader->name, atr);
		reader->card_present = TRUE;
	}
	reader->state = event_state;
}

/* Blocks until something changes on any reader or hot-plug, or stop(). */
static void
td_pcsc_monitor_wait_for_change(TdPcscMonitor *self)
{
	guint n = self->worker_readers->len + 1;
	g_autofree SCARD_READERSTATE *states = g_new0(SCARD_READERSTATE, n);
	LONG rv;

	states[0].szReader = TD_PCSC_PNP_READER;
	states[0].dwCurrentState = self->pnp_state;
	for (guint i = 1; i < n; i++) {
		TdPcscReaderState *reader = g_ptr_array_index(self->worker_readers, i - 1);
		states[i].szReader = reader->name;
		states[i].dwCurrentState = reader->state;
	}

	if (td_pcsc_monitor_is_stopping(self))
		return;
	rv = SCardGetStatusChange(self->context, INFINITE, states, n);
	if (rv == SCARD_E_CANCELLED || rv == SCARD_E_TIMEOUT || rv == SCARD_E_UNKNOWN_READER)
		return; /* stop, or a reader left between listing and waiting */
	if (td_pcsc_rv_is_service_lost(rv)) {
		td_pcsc_monitor_lose_service(self);
		return;
	}
	if (rv != SCARD_S_SUCCESS) {
		g_debug("SCardGetStatusChange: %s", pcsc_stringify_error(rv));
		td_pcsc_monitor_wait(self, TD_PCSC_RETRY_USEC);
		return;
	}

	self->pnp_state = states[0].dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
	for (guint i = 1; i < n; i++) {
		TdPcscReaderState *reader = g_ptr_array_index(self->worker_readers, i - 1);
		td_pcsc_monitor_update_reader(self, reader, &states[i]);
	}
}

static gpointer
td_pcsc_monitor_thread(gpointer user_data)
{
	TdPcscMonitor *self = TD_PCSC_MONITOR(user_data);

	while (!td_pcsc_monitor_is_stopping(self)) {
		gboolean has_context;

		g_mutex_lock(&self->lock);
		has_context = self->has_context;
		g_mutex_unlock(&self->lock);
		if (!has_context && !td_pcsc_monitor_establish(self)) {
			td_pcsc_monitor_wait(self, TD_PCSC_RETRY_USEC);
			continue;
		}
		if (!td_pcsc_monitor_refresh_readers(self))
			continue;
		td_pcsc_monitor_wait_for_change(self);
	}

	td_pcsc_monitor_release_context(self);
	g_ptr_array_set_size(self->worker_readers, 0);
	g_mutex_lock(&self->lock);
	self->worker_done = TRUE;
	g_cond_broadcast(&self->cond);
	g_mutex_unlock(&self->lock);
	return NULL;
}

gboolean
td_pcsc_monitor_start(TdPcscMonitor *self, GError **error)
{
	g_return_val_if_fail(TD_IS_PCSC_MONITOR(self), FALSE);

	if (self->thread != NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "the reader monitor is already running");
		return FALSE;
	}
	g_clear_pointer(&self->main_context, g_main_context_unref);
	self->main_context = g_main_context_ref_thread_default();
	g_clear_object(&self->dispatch_cancellable);
	self->dispatch_cancellable = g_cancellable_new();
	self->stopping = FALSE;
	self->worker_done = FALSE;
	self->service_lost = FALSE;
	self->pnp_state = SCARD_STATE_UNAWARE;
	self->running = TRUE;
	self->thread = g_thread_try_new("td-pcsc-monitor", td_pcsc_monitor_thread, self, error);
	if (self->thread == NULL) {
		self->running = FALSE;
		return FALSE;
	}
	return TRUE;
}

void
td_pcsc_monitor_stop(TdPcscMonitor *self)
{
	g_return_if_fail(TD_IS_PCSC_MONITOR(self));

	if (self->thread == NULL)
		return;
	self->running = FALSE;

	g_mutex_lock(&self->lock);
	self->stopping = TRUE;
	g_cond_broadcast(&self->cond);
	while (!self->worker_done) {
		gint64 end_time = g_get_monotonic_time() + TD_PCSC_CANCEL_REPEAT_USEC;
		if (self->has_context)
			SCardCancel(self->context);
		while (!self->worker_done && g_cond_wait_until(&self->cond, &self->lock, end_time))
			;
	}
	g_mutex_unlock(&self->lock);
	g_clear_pointer(&self->thread, g_thread_join);

	/* nothing queued after stop() reaches a listener */
	g_mutex_lock(&self->lock);
	g_cancellable_cancel(self->dispatch_cancellable);
	self->dispatch_queued = FALSE;
	g_queue_clear_full(&self->events, (GDestroyNotify)td_pcsc_event_free);
	g_mutex_unlock(&self->lock);
	g_ptr_array_set_size(self->readers, 0);
}

GStrv
td_pcsc_monitor_dup_readers(TdPcscMonitor *self)
{
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new();

	g_return_val_if_fail(TD_IS_PCSC_MONITOR(self), NULL);
	for (guint i = 0; i < self->readers->len; i++)
		g_strv_builder_add(builder, g_ptr_array_index(self->readers, i));
	return g_strv_builder_end(builder);
}

static void
td_pcsc_monitor_dispose(GObject *object)
{
	TdPcscMonitor *self = TD_PCSC_MONITOR(object);

	td_pcsc_monitor_stop(self);
	g_clear_pointer(&self->main_context, g_main_context_unref);
	g_clear_object(&self->dispatch_cancellable);
	G_OBJECT_CLASS(td_pcsc_monitor_parent_class)->dispose(object);
}

static void
td_pcsc_monitor_finalize(GObject *object)
{
	TdPcscMonitor *self = TD_PCSC_MONITOR(object);

	g_ptr_array_unref(self->readers);
	g_ptr_array_unref(self->worker_readers);
	g_mutex_clear(&self->lock);
	g_cond_clear(&self->cond);
	G_OBJECT_CLASS(td_pcsc_monitor_parent_class)->finalize(object);
}

/* Every signal of the monitor is the same kind: run last, no class
 * handler, no return value; n_params GTypes follow. */
static guint
monitor_signal_new(TdPcscMonitorClass *klass, const gchar *name, guint n_params, ...)
{
	va_list params;
	guint id;

	va_start(params, n_params);
	id = g_signal_new_valist(name, G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, NULL, NULL, NULL, NULL,
				 G_TYPE_NONE, n_params, params);
	va_end(params);
	return id;
}

static void
td_pcsc_monitor_class_init(TdPcscMonitorClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);

	object_class->dispose = td_pcsc_monitor_dispose;
	object_class->finalize = td_pcsc_monitor_finalize;

	signals[TD_PCSC_EVENT_READER_ADDED] = monitor_signal_new(klass, "reader-added", 1, G_TYPE_STRING);
	signals[TD_PCSC_EVENT_READER_REMOVED] = monitor_signal_new(klass, "reader-removed", 1, G_TYPE_STRING);
	signals[TD_PCSC_EVENT_CARD_INSERTED] =
	    monitor_signal_new(klass, "card-inserted", 2, G_TYPE_STRING, G_TYPE_BYTES);
	signals[TD_PCSC_EVENT_CARD_REMOVED] = monitor_signal_new(klass, "card-removed", 1, G_TYPE_STRING);
	signals[TD_PCSC_EVENT_SERVICE_LOST] = monitor_signal_new(klass, "service-lost", 0);
	signals[TD_PCSC_EVENT_SERVICE_RESTORED] = monitor_signal_new(klass, "service-restored", 0);
}

static void
td_pcsc_monitor_init(TdPcscMonitor *self)
{
	g_mutex_init(&self->lock);
	g_cond_init(&self->cond);
	g_queue_init(&self->events);
	self->readers = g_ptr_array_new_with_free_func(g_free);
	self->worker_readers = g_ptr_array_new_with_free_func((GDestroyNotify)td_pcsc_reader_state_free);
}

TdPcscMonitor *
td_pcsc_monitor_new(void)
{
	return g_object_new(TD_TYPE_PCSC_MONITOR, NULL);
}
