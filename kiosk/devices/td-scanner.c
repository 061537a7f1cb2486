/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "td-keymap.h"
#include "td-main-context.h"
#include "td-scanner.h"
#include "td-secret.h"

G_DEFINE_QUARK(td-scanner-error-quark, td_scanner_error)

struct _TdScanner {
	GObject parent_instance;
	gchar *device_path;
	guint timeout_ms;

	/* Set on start; owned by the main context's thread. */
	GMainContext *context;
	GThread *thread;
	struct libevdev *evdev;
	gint fd;
	gint stop_pipe[2];
	/* Bumped by stop, so a scan queued before it is not delivered after. */
	guint generation;
};

enum { SIGNAL_SCANNED, SIGNAL_DISCONNECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE(TdScanner, td_scanner, G_TYPE_OBJECT)

/* What the worker hands to the main context. */
typedef struct {
	TdScanner *scanner; /* a reference */
	guint generation;
	gboolean disconnected;
	gchar *text; /* the scan, or the reason of a disconnect */
} TdScannerMessage;

static void
td_scanner_message_free(gpointer data)
{
	TdScannerMessage *message = data;
	g_object_unref(message->scanner);
	td_str_clear_free(message->text);
	g_free(message);
}

/* In the main context's thread, never the worker's: a disconnect joins
 * the worker, which cannot join itself. */
static void
td_scanner_deliver(gpointer data)
{
	TdScannerMessage *message = data;

	if (message->generation != message->scanner->generation)
		return;
	if (message->disconnected) {
		/* The thread has ended: join it and release the device, so
		 * a handler can call td_scanner_start() to retry. */
		td_scanner_stop(message->scanner);
		g_signal_emit(message->scanner, signals[SIGNAL_DISCONNECTED], 0, message->text);
	} else
		g_signal_emit(message->scanner, signals[SIGNAL_SCANNED], 0, message->text);
}

static void
td_scanner_post(TdScanner *scanner, GMainContext *context, guint generation, gboolean disconnected, gchar *text)
{
	TdScannerMessage *message = g_new0(TdScannerMessage, 1);
	message->scanner = g_object_ref(scanner);
	message->generation = generation;
	message->disconnected = disconnected;
	message->text = text;
	td_main_context_post(context, G_PRIORITY_DEFAULT, "[tiepdon] scanner", NULL, td_scanner_deliver,
			     message, td_scanner_message_free);
}

typedef struct {
	TdScanner *scanner; /* a reference */
	GMainContext *context; /* a reference */
	struct libevdev *evdev;
	gint fd;
	gint stop_fd;
	guint generation;
	guint timeout_ms;
} TdScannerWorker;

/* One event through the decoder; a finished scan goes to the main context. */
static void
td_scanner_decode(TdScanner *scanner, GMainContext *context, guint generation, TdKeymapDecoder *decoder,
		  const struct input_event *event)
{
	gchar *text = td_keymap_decoder_feed(decoder, event);
	if (text != NULL)
		td_scanner_post(scanner, context, generation, FALSE, text);
}

/* Reads until stopped or the device goes away. Runs in the worker thread:
 * it touches only its own TdScannerWorker and the decoder. */
static gpointer
td_scanner_thread(gpointer data)
{
	TdScannerWorker *worker = data;
	g_autoptr(TdKeymapDecoder) decoder = td_keymap_decoder_new();
	struct pollfd fds[2] = {
		{.fd = worker->fd, .events = POLLIN},
		{.fd = worker->stop_fd, .events = POLLIN},
	};
	gchar *reason = NULL;

	td_keymap_decoder_set_timeout_ms(decoder, worker->timeout_ms);
	for (;;) {
		struct input_event event;
		guint flags = LIBEVDEV_READ_FLAG_NORMAL;
		gint rc;

		if (poll(fds, G_N_ELEMENTS(fds), -1) < 0) {
			if (errno == EINTR)
				continue;
			reason = g_strdup_printf("poll: %s", g_strerror(errno));
			break;
		}
		if (fds[1].revents != 0)
			break; /* stopped */
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			reason = g_strdup("the scanner was unplugged");
			break;
		}
		/* Drain everything the kernel has queued. */
		for (;;) {
			rc = libevdev_next_event(worker->evdev, flags, &event);
			if (rc == LIBEVDEV_READ_STATUS_SYNC) {
				/* The kernel dropped events: the decoder sees
				 * SYN_DROPPED and discards the partial scan;
				 * the resync events that follow are replayed. */
				flags = LIBEVDEV_READ_FLAG_SYNC;
				if (event.type == EV_SYN && event.code == SYN_DROPPED) {
					td_keymap_decoder_reset(decoder);
					continue;
				}
			} else if (rc == -EAGAIN) {
				if (flags == LIBEVDEV_READ_FLAG_SYNC) {
					flags = LIBEVDEV_READ_FLAG_NORMAL;
					continue;
				}
				break;
			} else if (rc < 0) {
				reason = g_strdup_printf("reading the scanner: %s", g_strerror(-rc));
				goto out;
			}
			td_scanner_decode(worker->scanner, worker->context, worker->generation, decoder, &event);
			td_memwipe(&event, sizeof(event));
		}
	}
out:
	if (reason != NULL)
		td_scanner_post(worker->scanner, worker->context, worker->generation, TRUE, reason);
	g_main_context_unref(worker->context);
	g_object_unref(worker->scanner);
	g_free(worker);
	return NULL;
}

typedef struct {
	TdScanner *scanner; /* a reference */
	GMainContext *context; /* a reference */
	GArray *events;
	guint generation;
	guint timeout_ms;
} TdScannerReplay;

static gpointer
td_scanner_replay_thread(gpointer data)
{
	TdScannerReplay *replay = data;
	g_autoptr(TdKeymapDecoder) decoder = td_keymap_decoder_new();

	td_keymap_decoder_set_timeout_ms(decoder, replay->timeout_ms);
	for (guint i = 0; i < replay->events->len; i++)
		td_scanner_decode(replay->scanner, replay->context, replay->generation, decoder,
				  &g_array_index(replay->events, struct input_event, i));
	td_memwipe(replay->events->data, replay->events->len * sizeof(struct input_event));
	g_array_unref(replay->events);
	g_main_context_unref(replay->context);
	g_object_unref(replay->scanner);
	g_free(replay);
	return NULL;
}

void
td_scanner_replay(TdScanner *scanner, GArray *events)
{
	TdScannerReplay *replay;

	g_return_if_fail(TD_IS_SCANNER(scanner));
	replay = g_new0(TdScannerReplay, 1);
	replay->scanner = g_object_ref(scanner);
	replay->context = g_main_context_ref_thread_default();
	replay->events = g_array_ref(events);
	replay->generation = scanner->generation;
	replay->timeout_ms = scanner->timeout_ms;
	g_thread_unref(g_thread_new("td-scanner-replay", td_scanner_replay_thread, replay));
}

TdScanner *
td_scanner_new(const gchar *device_path)
{
	TdScanner *scanner = g_object_new(TD_TYPE_SCANNER, NULL);
	scanner->device_path = g_strdup(device_path != NULL ? device_path : TD_SCANNER_DEFAULT_DEVICE);
	return scanner;
}

const gchar *
td_scanner_get_device_path(TdScanner *scanner)
{
	g_return_val_if_fail(TD_IS_SCANNER(scanner), NULL);
	return scanner->device_path;
}

void
td_scanner_set_timeout_ms(TdScanner *scanner, guint timeout_ms)
{
	g_return_if_fail(TD_IS_SCANNER(scanner));
	scanner->timeout_ms = timeout_ms;
}

gboolean
td_scanner_is_running(TdScanner *scanner)
{
	g_return_val_if_fail(TD_IS_SCANNER(scanner), FALSE);
	return scanner->thread != NULL;
}

static void
td_scanner_close_device(TdScanner *scanner)
{
	if (scanner->evdev != NULL) {
		libevdev_grab(scanner->evdev, LIBEVDEV_UNGRAB);
		libevdev_free(scanner->evdev);
		scanner->evdev = NULL;
	}
	if (scanner->fd >= 0) {
		close(scanner->fd);
		scanner->fd = -1;
	}
	for (guint i = 0; i < 2; i++) {
		if (scanner->stop_pipe[i] >= 0) {
			close(scanner->stop_pipe[i]);
			scanner->stop_pipe[i] = -1;
		}
	}
	g_clear_pointer(&scanner->context, g_main_context_unref);
}

gboolean
td_scanner_start(TdScanner *scanner, GError **error)
{
	TdScannerWorker *worker;
	g_autoptr(GError) error_local = NULL;
	gint rc;

	g_return_val_if_fail(TD_IS_SCANNER(scanner), FALSE);

	if (scanner->thread != NULL) {
		g_set_error(error, TD_SCANNER_ERROR, TD_SCANNER_ERROR_RUNNING,
			    "the scanner %s is already being read", scanner->device_path);
		return FALSE;
	}
	scanner->fd = open(scanner->device_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (scanner->fd < 0) {
		gint saved_errno = errno;
		g_set_error(error, TD_SCANNER_ERROR, TD_SCANNER_ERROR_OPEN,
			    "cannot open the scanner %s: %s%s", scanner->device_path, g_strerror(saved_errno),
			    saved_errno == EACCES ? " (is the kiosk user in the tiepdon-scanner group?)" : "");
		return FALSE;
	}
	rc = libevdev_new_from_fd(scanner->fd, &scanner->evdev);
	if (rc < 0) {
		g_set_error(error, TD_SCANNER_ERROR, TD_SCANNER_ERROR_OPEN,
			    "%s is not an input device: %s", scanner->device_path, g_strerror(-rc));
		td_scanner_close_device(scanner);
		return FALSE;
	}
	rc = libevdev_grab(scanner->evdev, LIBEVDEV_GRAB);
	if (rc < 0) {
		g_set_error(error, TD_SCANNER_ERROR, TD_SCANNER_ERROR_GRAB,
			    "cannot take %s for the kiosk alone: %s", scanner->device_path, g_strerror(-rc));
		td_scanner_close_device(scanner);
		return FALSE;
	}
	if (!g_unix_open_pipe(scanner->stop_pipe, FD_CLOEXEC, &error_local)) {
		g_set_error(error, TD_SCANNER_ERROR, TD_SCANNER_ERROR_OPEN, "pipe: %s", error_local->message);
		td_scanner_close_device(scanner);
		return FALSE;
	}
	scanner->context = g_main_context_ref_thread_default();

	worker = g_new0(TdScannerWorker, 1);
	worker->scanner = g_object_ref(scanner);
	worker->context = g_main_context_ref(scanner->context);
	worker->evdev = scanner->evdev;
	worker->fd = scanner->fd;
	worker->stop_fd = scanner->stop_pipe[0];
	worker->generation = scanner->generation;
	worker->timeout_ms = scanner->timeout_ms;
	scanner->thread = g_thread_new("td-scanner", td_scanner_thread, worker);
	return TRUE;
}

void
td_scanner_stop(TdScanner *scanner)
{
	g_return_if_fail(TD_IS_SCANNER(scanner));

	if (scanner->thread == NULL)
		return;
	/* A byte on the pipe wakes the thread's poll; a full or broken pipe
	 * means it is already awake. */
	if (write(scanner->stop_pipe[1], "x", 1) < 0)
		g_debug("waking the scanner thread: %s", g_strerror(errno));
	g_thread_join(scanner->thread);
	scanner->thread = NULL;
	scanner->generation++;
	td_scanner_close_device(scanner);
}

static void
td_scanner_dispose(GObject *object)
{
	TdScanner *scanner = TD_SCANNER(object);
	/* The worker holds a reference until it ends, so a thread can only be
	 * left here to join, never one still reading. */
	if (scanner->thread != NULL)
		td_scanner_stop(scanner);
	G_OBJECT_CLASS(td_scanner_parent_class)->dispose(object);
}

static void
td_scanner_finalize(GObject *object)
{
	TdScanner *scanner = TD_SCANNER(object);
	td_scanner_close_device(scanner);
	g_free(scanner->device_path);
	G_OBJECT_CLASS(td_scanner_parent_class)->finalize(object);
}

static void
td_scanner_init(TdScanner *scanner)
{
	scanner->fd = -1;
	scanner->stop_pipe[0] = -1;
	scanner->stop_pipe[1] = -1;
	scanner->timeout_ms = TD_KEYMAP_DEFAULT_TIMEOUT_MS;
}

static void
td_scanner_class_init(TdScannerClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);

	object_class->dispose = td_scanner_dispose;
	object_class->finalize = td_scanner_finalize;

	signals[SIGNAL_SCANNED] = g_signal_new("scanned", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
					       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
	signals[SIGNAL_DISCONNECTED] = g_signal_new("disconnected", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
						    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}
