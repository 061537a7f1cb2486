/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-device-settings.h"

G_BEGIN_DECLS

/* Spoken prompts for patients who read slowly or not at all.
 *
 * A sentence is said from a recorded phrase when the station has one —
 * PHRASES/<message_key>.wav or .opus for Vietnamese, PHRASES/en/<key>.wav
 * or .opus for English ([voice] phrases, /etc/tiepdon/voice by default) —
 * and otherwise by espeak-ng (libespeak-ng) in that language: sentences
 * with a name or a number have no message key and are always synthesized.
 *
 * Nothing here blocks the caller: synthesis and playback run in the
 * voice's own thread (espeak-ng, which is not thread-safe, only ever in
 * one thread at a time), the sound goes out through GStreamer
 * (autoaudiosink: PipeWire, PulseAudio or ALSA, whichever the station
 * has). A new sentence stops the one being said. Spoken text is personal
 * data (names): it is never logged and is wiped once said. */
#define TD_TYPE_VOICE (td_voice_get_type())
G_DECLARE_FINAL_TYPE(TdVoice, td_voice, TD, VOICE, GObject)

#define TD_VOICE_ERROR (td_voice_error_quark())
GQuark td_voice_error_quark(void);
typedef enum {
	TD_VOICE_ERROR_SYNTHESIS, /* espeak-ng could not start or say it */
	TD_VOICE_ERROR_PLAYBACK,  /* GStreamer could not play it */
} TdVoiceError;

/* Where the sound goes when no sink is set. */
#define TD_VOICE_DEFAULT_SINK "autoaudiosink"

/* Volume and phrases from settings; it speaks only if settings say it is
 * enabled (td_voice_say does nothing otherwise). "finished" comes in the
 * main context thread-default here. */
TdVoice *td_voice_new(const TdDeviceSettings *settings);
gboolean td_voice_get_enabled(TdVoice *self);
/* A GStreamer sink description for the sound ("wavenc ! filesink
 * location=out.wav" in the tests); NULL: TD_VOICE_DEFAULT_SINK. Taken by
 * the next sentence. */
void td_voice_set_sink(TdVoice *self, const gchar *sink_description);
/* 0..100 percent; a change reaches the sentence being said. */
void td_voice_set_volume(TdVoice *self, guint percent);
guint td_voice_get_volume(TdVoice *self);
void td_voice_set_muted(TdVoice *self, gboolean muted);
gboolean td_voice_get_muted(TdVoice *self);

/* Says text in language ("vi" or "en"), or the recorded phrase for
 * message_key (NULL: none) when there is one. Stops what was being said.
 * "finished" (completed, source) follows: completed FALSE when stopped or
 * when it failed (logged), source "recorded" or "synthesized". Muted: it
 * still plays, at volume 0, so the staff's repeat test shows it works. */
void td_voice_say(TdVoice *self, const gchar *message_key, const gchar *text, const gchar *language);
/* TRUE until every sentence asked for has its "finished". */
gboolean td_voice_is_busy(TdVoice *self);
/* Stops what is being said (the next patient's page, the staff screens). */
void td_voice_stop(TdVoice *self);
/* The recorded phrase that would be said for message_key in language, or
 * NULL. */
gchar *td_voice_find_phrase(TdVoice *self, const gchar *message_key, const gchar *language);

/* text synthesized by espeak-ng in language: a WAV file (16-bit mono PCM
 * at espeak-ng's rate) in memory. Blocks while it synthesizes (about as
 * long as the sentence lasts spoken, on a slow machine): for workers and
 * tests, never the main thread. */
GBytes *td_voice_synthesize(const gchar *text, const gchar *language, GError **error);
/* Whether GStreamer has TD_VOICE_DEFAULT_SINK (for `tiepdon doctor`):
 * asked of its registry where the voice already started GStreamer, else
 * the plugin's file is looked for; TD_VOICE_ERROR_PLAYBACK otherwise. */
gboolean td_voice_check_output(GError **error);

G_END_DECLS
