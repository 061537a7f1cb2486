/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <espeak-ng/speak_lib.h>
#include <gst/gst.h>
#include <string.h>

#include "td-main-context.h"
#include "td-secret.h"
#include "td-voice.h"

G_DEFINE_QUARK(td-voice-error-quark, td_voice_error)

/* Slower than espeak-ng's 175 words a minute: the voice is for people who
 * find reading hard, many of them old. */
#define TD_VOICE_RATE_WPM 145
/* How often the playing thread looks for a newer sentence or a volume
 * change while one is played. */
#define TD_VOICE_POLL_MS 20

struct _TdVoice {
	GObject parent_instance;
	gboolean enabled;
	gchar *phrases_dir;
	GMainContext *context; /* where "finished" is emitted */

	/* shared with the thread */
	GMutex lock;
	gchar *sink;
	guint volume; /* percent */
	gboolean muted;

	GThread *thread;
	GAsyncQueue *requests; /* of TdVoiceRequest */
	guint unfinished;      /* sentences asked for and not finished (main thread) */
};

enum { SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE(TdVoice, td_voice, G_TYPE_OBJECT)

typedef enum {
	TD_VOICE_REQUEST_SAY,
	TD_VOICE_REQUEST_STOP,
	TD_VOICE_REQUEST_QUIT,
} TdVoiceRequestKind;

typedef struct {
	TdVoiceRequestKind kind;
	gchar *phrase; /* a recorded phrase's path, or NULL */
	gchar *text;   /* to synthesize when there is no phrase */
	gchar *language;
} TdVoiceRequest;

static void
td_voice_request_free(TdVoiceRequest *request)
{
	g_free(request->phrase);
	td_str_clear_free(request->text);
	g_free(request->language);
	g_free(request);
}

/* ---- espeak-ng: one thread at a time, initialized once ------------------ */

static GMutex espeak_lock;
static gint espeak_rate; /* 0: not initialized; < 0: failed */

static int
td_espeak_cb(short *samples, int n_samples, espeak_EVENT *events)
{
	GByteArray *pcm = events != NULL ? events->user_data : NULL;
	if (pcm != NULL && samples != NULL && n_samples > 0)
		g_byte_array_append(pcm, (const guint8 *)samples, (guint)n_samples * sizeof(short));
	return 0;
}

static void
td_wav_put_u32(guint8 *p, guint32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

/* The 44-byte header of a PCM WAV file, 16-bit mono at rate. */
static void
td_wav_header(guint8 header[44], guint rate, guint32 data_bytes)
{
	memcpy(header, "RIFF", 4);
	td_wav_put_u32(header + 4, 36 + data_bytes);
	memcpy(header + 8, "WAVEfmt ", 8);
	td_wav_put_u32(header + 16, 16);			/* fmt chunk size */
	td_wav_put_u32(header + 20, 1 | (1 << 16));		/* PCM, mono */
	td_wav_put_u32(header + 24, rate);			/* samples a second */
	td_wav_put_u32(header + 28, rate * 2);			/* bytes a second */
	td_wav_put_u32(header + 32, 2 | (16 << 16));		/* block align, bits */
	memcpy(header + 36, "data", 4);
	td_wav_put_u32(header + 40, data_bytes);
}

/* Called with espeak_lock held. */
static GBytes *
td_voice_synthesize_locked(const gchar *text, const gchar *language, GError **error)
{
	g_autoptr(GByteArray) wav = g_byte_array_new();
	guint8 header[44];
	espeak_ERROR rc;

	if (espeak_rate == 0) {
		/* the data espeak-ng-data installs; no exit() on a problem */
		espeak_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
		if (espeak_rate <= 0)
			espeak_rate = -1;
		else
			espeak_SetSynthCallback(td_espeak_cb);
	}
	if (espeak_rate < 0) {
		g_set_error_literal(error, TD_VOICE_ERROR, TD_VOICE_ERROR_SYNTHESIS,
				    "espeak-ng did not start (is espeak-ng-data installed?)");
		return NULL;
	}
	if (espeak_SetVoiceByName(language != NULL ? language : "vi") != EE_OK) {
		g_set_error(error, TD_VOICE_ERROR, TD_VOICE_ERROR_SYNTHESIS, "espeak-ng has no voice for “%s”",
			    language);
		return NULL;
	}
	espeak_SetParameter(espeakRATE, TD_VOICE_RATE_WPM, 0);
	/* room for the header, filled in once the length is known */
	g_byte_array_set_size(wav, sizeof(header));
	rc = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakENDPAUSE, NULL, wav);
	if (rc != EE_OK || wav->len == sizeof(header)) {
		g_set_error(error, TD_VOICE_ERROR, TD_VOICE_ERROR_SYNTHESIS, "espeak-ng could not say it (error %d)",
			    (gint)rc);
		return NULL;
	}
	td_wav_header(header, (guint)espeak_rate, wav->len - sizeof(header));
	memcpy(wav->data, header, sizeof(header));
	return g_byte_array_free_to_bytes(g_steal_pointer(&wav));
}

GBytes *
td_voice_synthesize(const gchar *text, const gchar *language, GError **error)
{
	GBytes *wav;

	g_return_val_if_fail(text != NULL, NULL);
	g_mutex_lock(&espeak_lock);
	wav = td_voice_synthesize_locked(text, language, error);
	g_mutex_unlock(&espeak_lock);
	return wav;
}

/* The plugin that holds TD_VOICE_DEFAULT_SINK, and where GStreamer looks
 * for plugins besides its own folder (TD_GST_PLUGINS_DIR, from pkg-config). */
#define TD_VOICE_SINK_PLUGIN "libgstautodetect.so"

static gboolean
td_voice_find_sink_plugin(void)
{
	const gchar *vars[] = {"GST_PLUGIN_SYSTEM_PATH_1_0", "GST_PLUGIN_SYSTEM_PATH", "GST_PLUGIN_PATH_1_0",
			       "GST_PLUGIN_PATH"};
	g_autofree gchar *installed = g_build_filename(TD_GST_PLUGINS_DIR, TD_VOICE_SINK_PLUGIN, NULL);

	for (guint i = 0; i < G_N_ELEMENTS(vars); i++) {
		const gchar *value = g_getenv(vars[i]);
		g_auto(GStrv) dirs = value != NULL ? g_strsplit(value, G_SEARCHPATH_SEPARATOR_S, -1) : NULL;
		for (guint d = 0; dirs != NULL && dirs[d] != NULL; d++) {
			g_autofree gchar *path = g_build_filename(dirs[d], TD_VOICE_SINK_PLUGIN, NULL);
			if (dirs[d][0] != '\0' && g_file_test(path, G_FILE_TEST_EXISTS))
				return TRUE;
		}
	}
	return g_file_test(installed, G_FILE_TEST_EXISTS);
}

gboolean
td_voice_check_output(GError **error)
{
	g_autoptr(GstElementFactory) factory = NULL;

	/* A process that does not speak (tiepdon doctor, a kiosk with the
	 * voice off) is not made to load GStreamer's registry, every plugin,
	 * only to look: the plugin's file says what deployment needs. */
	if (!gst_is_initialized()) {
		if (td_voice_find_sink_plugin())
			return TRUE;
		g_set_error(error, TD_VOICE_ERROR, TD_VOICE_ERROR_PLAYBACK,
			    "GStreamer has no %s (%s; is gstreamer1.0-plugins-good installed?)", TD_VOICE_DEFAULT_SINK,
			    TD_VOICE_SINK_PLUGIN);
		return FALSE;
	}
	factory = gst_element_factory_find(TD_VOICE_DEFAULT_SINK);
	if (factory == NULL) {
		g_set_error(error, TD_VOICE_ERROR, TD_VOICE_ERROR_PLAYBACK,
			    "GStreamer has no %s (is gstreamer1.0-plugins-good installed?)", TD_VOICE_DEFAULT_SINK);
		return FALSE;
	}
	return TRUE;
}

/* ---- the thread: one sentence at a time, a newer one stops it ----------- */

typedef struct {
	TdVoice *voice; /* a reference */
	gboolean completed;
	const gchar *source;
} TdVoiceFinished;

static void
td_voice_finished_free(gpointer data)
{
	TdVoiceFinished *finished = data;
	g_object_unref(finished->voice);
	g_free(finished);
}

static void
td_voice_deliver(gpointer data)
{
	TdVoiceFinished *finished = data;
	if (finished->voice->unfinished > 0)
		finished->voice->unfinished--;
	g_signal_emit(finished->voice, signals[SIGNAL_FINISHED], 0, finished->completed, finished->source);
}

static void
td_voice_post_finished(TdVoice *self, gboolean completed, const gchar *source)
{
	TdVoiceFinished *finished = g_new0(TdVoiceFinished, 1);
	finished->voice = g_object_ref(self);
	finished->completed = completed;
	finished->source = source;
	td_main_context_post(self->context, G_PRIORITY_DEFAULT, "[tiepdon] voice", NULL, td_voice_deliver, finished,
			     td_voice_finished_free);
}

static gdouble
td_voice_current_volume(TdVoice *self)
{
	gdouble volume;

	g_mutex_lock(&self->lock);
	volume = self->muted ? 0.0 : (gdouble)self->volume / 100.0;
	g_mutex_unlock(&self->lock);
	return volume;
}

/* source ! decodebin ! audioconvert ! audioresample ! volume ! sink: a
 * recorded phrase from its file, a synthesized one from memory (never a
 * temporary file: it says the patient's name). */
static GstElement *
td_voice_pipeline_new(TdVoice *self, const TdVoiceRequest *request, GBytes *wav, GError **error)
{
	g_autofree gchar *sink = NULL;
	g_autofree gchar *description = NULL;
	g_autoptr(GstElement) source = NULL;
	g_autoptr(GstElement) volume = NULL;
	GstElement *pipeline;

	g_mutex_lock(&self->lock);
	sink = g_strdup(self->sink != NULL ? self->sink : TD_VOICE_DEFAULT_SINK);
	g_mutex_unlock(&self->lock);
	description = g_strdup_printf("%s name=source ! decodebin ! audioconvert ! audioresample ! "
				      "volume name=volume ! %s",
				      wav != NULL ? "giostreamsrc" : "filesrc", sink);
	pipeline = gst_parse_launch(description, error);
	if (pipeline == NULL)
		return NULL;
	source = gst_bin_get_by_name(GST_BIN(pipeline), "source");
	volume = gst_bin_get_by_name(GST_BIN(pipeline), "volume");
	if (wav != NULL) {
		g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes(wav);
		g_object_set(source, "stream", stream, NULL);
	} else {
		g_object_set(source, "location", request->phrase, NULL);
	}
	g_object_set(volume, "volume", td_voice_current_volume(self), NULL);
	return pipeline;
}

/* The newest request waiting, if any: the ones before it are dropped (a
 * sentence asked for and replaced before it began is not said), a QUIT
 * among them wins. */
static TdVoiceRequest *
td_voice_pop_latest(TdVoice *self)
{
	TdVoiceRequest *latest = NULL;
	TdVoiceRequest *more;

	while ((more = g_async_queue_try_pop(self->requests)) != NULL) {
		if (latest != NULL && latest->kind == TD_VOICE_REQUEST_QUIT) {
			td_voice_request_free(more);
			continue;
		}
		if (latest != NULL && latest->kind == TD_VOICE_REQUEST_SAY && more->kind != TD_VOICE_REQUEST_QUIT)
			td_voice_post_finished(self, FALSE, latest->phrase != NULL ? "recorded" : "synthesized");
		g_clear_pointer(&latest, td_voice_request_free);
		latest = more;
	}
	return latest;
}

/* Plays the pipeline to its end, or until a newer request comes (returned
 * in *next). TRUE at the end of the sentence. */
static gboolean
td_voice_play(TdVoice *self, GstElement *pipeline, TdVoiceRequest **next, GError **error)
{
	g_autoptr(GstBus) bus = gst_element_get_bus(pipeline);
	g_autoptr(GstElement) volume = gst_bin_get_by_name(GST_BIN(pipeline), "volume");
	gboolean completed = FALSE;

	if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
		g_set_error_literal(error, TD_VOICE_ERROR, TD_VOICE_ERROR_PLAYBACK, "the sound output did not start");
		return FALSE;
	}
	for (;;) {
		g_autoptr(GstMessage) message =
		    gst_bus_timed_pop_filtered(bus, TD_VOICE_POLL_MS * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
		if (message != NULL && GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS) {
			completed = TRUE;
			break;
		}
		if (message != NULL) {
			g_autoptr(GError) gst_error = NULL;
			gst_message_parse_error(message, &gst_error, NULL);
			g_set_error(error, TD_VOICE_ERROR, TD_VOICE_ERROR_PLAYBACK, "playing: %s",
				    gst_error != NULL ? gst_error->message : "unknown error");
			break;
		}
		*next = td_voice_pop_latest(self);
		if (*next != NULL)
			break;
		g_object_set(volume, "volume", td_voice_current_volume(self), NULL);
	}
	gst_element_set_state(pipeline, GST_STATE_NULL);
	return completed;
}

/* One request said; returns a newer one that stopped it, if any. */
static TdVoiceRequest *
td_voice_say_one(TdVoice *self, TdVoiceRequest *request)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) wav = NULL;
	g_autoptr(GstElement) pipeline = NULL;
	const gchar *source = request->phrase != NULL ? "recorded" : "synthesized";
	TdVoiceRequest *next = NULL;
	gboolean completed = FALSE;

	if (request->phrase == NULL)
		wav = td_voice_synthesize(request->text, request->language, &error);
	/* a newer sentence came while this one was synthesized: say that */
	next = td_voice_pop_latest(self);
	if (next == NULL && error == NULL) {
		pipeline = td_voice_pipeline_new(self, request, wav, &error);
		if (pipeline != NULL)
			completed = td_voice_play(self, pipeline, &next, &error);
	}
	if (error != NULL)
		g_message("voice: %s", error->message);
	if (wav != NULL)
		td_memwipe((gpointer)g_bytes_get_data(wav, NULL), g_bytes_get_size(wav));
	/* after QUIT the object is being finalized: nobody to tell */
	if (next == NULL || next->kind != TD_VOICE_REQUEST_QUIT)
		td_voice_post_finished(self, completed, source);
	return next;
}

static gpointer
td_voice_thread(gpointer data)
{
	TdVoice *self = data;
	g_autoptr(GError) error = NULL;
	gboolean ready = gst_init_check(NULL, NULL, &error);

	if (!ready)
		g_message("voice: GStreamer did not start: %s", error->message);
	for (;;) {
		TdVoiceRequest *request = g_async_queue_pop(self->requests);
		/* several waiting: the newest */
		TdVoiceRequest *newer = td_voice_pop_latest(self);
		if (newer != NULL) {
			if (request->kind == TD_VOICE_REQUEST_SAY && newer->kind != TD_VOICE_REQUEST_QUIT)
				td_voice_post_finished(self, FALSE, request->phrase != NULL ? "recorded" : "synthesized");
			td_voice_request_free(request);
			request = newer;
		}
		while (request != NULL && request->kind == TD_VOICE_REQUEST_SAY) {
			TdVoiceRequest *next = ready ? td_voice_say_one(self, request) : NULL;
			if (!ready)
				td_voice_post_finished(self, FALSE, request->phrase != NULL ? "recorded" : "synthesized");
			td_voice_request_free(request);
			request = next;
		}
		if (request != NULL && request->kind == TD_VOICE_REQUEST_QUIT) {
			td_voice_request_free(request);
			break;
		}
		if (request != NULL)
			td_voice_request_free(request);
	}
	return NULL;
}

static void
td_voice_push(TdVoice *self, TdVoiceRequestKind kind, gchar *phrase, const gchar *text, const gchar *language)
{
	TdVoiceRequest *request = g_new0(TdVoiceRequest, 1);
	request->kind = kind;
	request->phrase = phrase;
	request->text = g_strdup(text);
	request->language = g_strdup(language);
	if (self->thread == NULL)
		self->thread = g_thread_new("td-voice", td_voice_thread, self);
	g_async_queue_push(self->requests, request);
}

/* ---- the object ---------------------------------------------------------- */

gchar *
td_voice_find_phrase(TdVoice *self, const gchar *message_key, const gchar *language)
{
	static const gchar *const extensions[] = {"wav", "opus"};

	g_return_val_if_fail(TD_IS_VOICE(self), NULL);
	/* a key is a page's name and a view ("key.birth-date"): nothing to
	 * climb out of the folder with */
	if (message_key == NULL || self->phrases_dir == NULL || strchr(message_key, '/') != NULL ||
	    message_key[0] == '.')
		return NULL;
	for (guint i = 0; i < G_N_ELEMENTS(extensions); i++) {
		g_autofree gchar *name = g_strdup_printf("%s.%s", message_key, extensions[i]);
		g_autofree gchar *path = g_strcmp0(language, "en") == 0
					     ? g_build_filename(self->phrases_dir, "en", name, NULL)
					     : g_build_filename(self->phrases_dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			return g_steal_pointer(&path);
	}
	return NULL;
}

void
td_voice_say(TdVoice *self, const gchar *message_key, const gchar *text, const gchar *language)
{
	g_return_if_fail(TD_IS_VOICE(self));
	if (!self->enabled || text == NULL || text[0] == '\0')
		return;
	self->unfinished++;
	td_voice_push(self, TD_VOICE_REQUEST_SAY, td_voice_find_phrase(self, message_key, language), text, language);
}

void
td_voice_stop(TdVoice *self)
{
	g_return_if_fail(TD_IS_VOICE(self));
	if (self->thread != NULL)
		td_voice_push(self, TD_VOICE_REQUEST_STOP, NULL, NULL, NULL);
}

gboolean
td_voice_is_busy(TdVoice *self)
{
	g_return_val_if_fail(TD_IS_VOICE(self), FALSE);
	return self->unfinished > 0;
}

gboolean
td_voice_get_enabled(TdVoice *self)
{
	g_return_val_if_fail(TD_IS_VOICE(self), FALSE);
	return self->enabled;
}

void
td_voice_set_sink(TdVoice *self, const gchar *sink_description)
{
	g_mutex_lock(&self->lock);
	g_free(self->sink);
	self->sink = g_strdup(sink_description);
	g_mutex_unlock(&self->lock);
}

void
td_voice_set_volume(TdVoice *self, guint percent)
{
	g_mutex_lock(&self->lock);
	self->volume = MIN(percent, 100);
	g_mutex_unlock(&self->lock);
}

guint
td_voice_get_volume(TdVoice *self)
{
	guint volume;

	g_mutex_lock(&self->lock);
	volume = self->volume;
	g_mutex_unlock(&self->lock);
	return volume;
}

void
td_voice_set_muted(TdVoice *self, gboolean muted)
{
	g_mutex_lock(&self->lock);
	self->muted = muted;
	g_mutex_unlock(&self->lock);
}

gboolean
td_voice_get_muted(TdVoice *self)
{
	gboolean muted;

	g_mutex_lock(&self->lock);
	muted = self->muted;
	g_mutex_unlock(&self->lock);
	return muted;
}

TdVoice *
td_voice_new(const TdDeviceSettings *settings)
{
	TdVoice *self = g_object_new(TD_TYPE_VOICE, NULL);
	self->enabled = settings != NULL ? settings->voice_enabled : TRUE;
	self->volume = settings != NULL ? settings->voice_volume : TD_VOICE_DEFAULT_VOLUME;
	self->phrases_dir = g_strdup(settings != NULL && settings->voice_phrases_dir != NULL
					 ? settings->voice_phrases_dir
					 : TD_VOICE_DEFAULT_PHRASES_DIR);
	return self;
}

static void
td_voice_finalize(GObject *object)
{
	TdVoice *self = TD_VOICE(object);

	/* the thread holds no reference: it ends before the object does */
	if (self->thread != NULL) {
		td_voice_push(self, TD_VOICE_REQUEST_QUIT, NULL, NULL, NULL);
		g_thread_join(self->thread);
	}
	g_async_queue_unref(self->requests);
	g_main_context_unref(self->context);
	g_free(self->phrases_dir);
	g_free(self->sink);
	g_mutex_clear(&self->lock);
	G_OBJECT_CLASS(td_voice_parent_class)->finalize(object);
}

static void
td_voice_class_init(TdVoiceClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->finalize = td_voice_finalize;
	/* (completed, source): the sentence said to its end, or stopped or
	 * failed; "recorded" or "synthesized" */
	signals[SIGNAL_FINISHED] = g_signal_new("finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
						NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
td_voice_init(TdVoice *self)
{
	g_mutex_init(&self->lock);
	self->requests = g_async_queue_new_full((GDestroyNotify)td_voice_request_free);
	self->context = g_main_context_ref_thread_default();
}
