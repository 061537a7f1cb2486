/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "td-test-voice.h"

static guint32
td_le32(const guint8 *p)
{
	return (guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);
}

static guint16
td_le16(const guint8 *p)
{
	return (guint16)(p[0] | (p[1] << 8));
}

gboolean
td_wav_parse(GBytes *bytes, TdWavInfo *info)
{
	gsize size = 0;
	const guint8 *data = g_bytes_get_data(bytes, &size);
	gsize offset = 12;
	gboolean have_fmt = FALSE;

	memset(info, 0, sizeof(*info));
	if (size < 12 || memcmp(data, "RIFF", 4) != 0 || memcmp(data + 8, "WAVE", 4) != 0)
		return FALSE;
	while (offset + 8 <= size) {
		guint32 chunk = td_le32(data + offset + 4);
		const guint8 *body = data + offset + 8;
		gsize available = size - offset - 8;

		if (memcmp(data + offset, "fmt ", 4) == 0 && chunk >= 16 && available >= 16) {
			if (td_le16(body) != 1)
				return FALSE;
			info->channels = td_le16(body + 2);
			info->rate = td_le32(body + 4);
			info->bits = td_le16(body + 14);
			have_fmt = TRUE;
		} else if (memcmp(data + offset, "data", 4) == 0 && have_fmt) {
			info->samples = body;
			/* a stream cut short says more than it has */
			info->samples_size = MIN((gsize)chunk, available);
			if (info->rate == 0 || info->channels == 0 || info->bits == 0)
				return FALSE;
			info->seconds = (gdouble)info->samples_size / (info->rate * info->channels * (info->bits / 8));
			return TRUE;
		}
		offset += 8 + chunk + (chunk & 1);
	}
	return FALSE;
}

gboolean
td_wav_has_sound(const TdWavInfo *info)
{
	for (gsize i = 0; i + 1 < info->samples_size; i += 2) {
		if (td_le16(info->samples + i) != 0)
			return TRUE;
	}
	return FALSE;
}

static void
td_put_le32(GByteArray *out, guint32 v)
{
	guint8 b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
	g_byte_array_append(out, b, 4);
}

static void
td_put_le16(GByteArray *out, guint16 v)
{
	guint8 b[2] = {v & 0xff, (v >> 8) & 0xff};
	g_byte_array_append(out, b, 2);
}

void
td_wav_write_tone(const gchar *path, guint rate, gdouble seconds)
{
	g_autoptr(GByteArray) out = g_byte_array_new();
	g_autoptr(GError) error = NULL;
	guint n = (guint)(rate * seconds);

	g_byte_array_append(out, (const guint8 *)"RIFF", 4);
	td_put_le32(out, 36 + n * 2);
	g_byte_array_append(out, (const guint8 *)"WAVEfmt ", 8);
	td_put_le32(out, 16);
	td_put_le16(out, 1);
	td_put_le16(out, 1);
	td_put_le32(out, rate);
	td_put_le32(out, rate * 2);
	td_put_le16(out, 2);
	td_put_le16(out, 16);
	g_byte_array_append(out, (const guint8 *)"data", 4);
	td_put_le32(out, n * 2);
	for (guint i = 0; i < n; i++)
		td_put_le16(out, (guint16)(gint16)(8000.0 * sin(2.0 * G_PI * 440.0 * i / rate)));
	g_assert_true(g_file_set_contents(path, (const gchar *)out->data, out->len, &error));
	g_assert_no_error(error);
}

gchar *
td_wav_sink_description(const gchar *path, gboolean in_real_time)
{
	/* 16-bit mono, whatever the source was, so the tests read one shape */
	return g_strdup_printf("audioconvert ! audio/x-raw,format=S16LE,channels=1 ! wavenc ! "
			       "filesink sync=%s location=\"%s\"",
			       in_real_time ? "true" : "false", path);
}

static void
td_voice_heard_cb(TdVoice *voice, gboolean completed, const gchar *source, TdVoiceHeard *heard)
{
	heard->finished++;
	heard->completed = completed;
	g_free(heard->source);
	heard->source = g_strdup(source);
}

void
td_voice_heard_connect(TdVoiceHeard *heard, TdVoice *voice)
{
	g_signal_connect(voice, "finished", G_CALLBACK(td_voice_heard_cb), heard);
}

void
td_voice_heard_clear(TdVoiceHeard *heard, TdVoice *voice)
{
	if (voice != NULL)
		g_signal_handlers_disconnect_by_data(voice, heard);
	g_clear_pointer(&heard->source, g_free);
}
