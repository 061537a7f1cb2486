/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-voice.h"

/* What the voice tests share (tests/devices, tests/ui): WAV files read and
 * written, the voice's output into one, and what the voice said. */

/* What the voice tests read out of a PCM WAV file. */
typedef struct {
	guint rate;
	guint channels;
	guint bits;
	const guint8 *samples; /* into the bytes given */
	gsize samples_size;
	gdouble seconds;
} TdWavInfo;

/* Reads the fmt and data chunks (PCM only); FALSE if it is no such file. */
gboolean td_wav_parse(GBytes *bytes, TdWavInfo *info);
/* TRUE if any sample is not silence (16-bit PCM). */
gboolean td_wav_has_sound(const TdWavInfo *info);
/* Writes a tone of seconds at rate, 16-bit mono: a station's recorded
 * phrase as far as the tests can tell. */
void td_wav_write_tone(const gchar *path, guint rate, gdouble seconds);
/* The voice's output into path: a GStreamer sink description. In real
 * time: as slowly as a loudspeaker plays it (the UI test measures the main
 * loop meanwhile); otherwise as fast as it comes. */
gchar *td_wav_sink_description(const gchar *path, gboolean in_real_time);

/* The voice's "finished" signals, counted. */
typedef struct {
	guint finished;
	gboolean completed; /* the last one's */
	gchar *source;	    /* the last one's: "recorded" or "synthesized" */
} TdVoiceHeard;

void td_voice_heard_connect(TdVoiceHeard *heard, TdVoice *voice);
/* Disconnects and frees what heard holds. */
void td_voice_heard_clear(TdVoiceHeard *heard, TdVoice *voice);
