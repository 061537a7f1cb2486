/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The voice: espeak-ng's Vietnamese to WAV (long enough for the sentence,
 * not absurdly long), the whole path through GStreamer into a WAV file as
 * the kiosk plays it, a station's recorded phrase taking the place of the
 * synthesized sentence (and only for its language), a newer sentence
 * stopping the one being said, mute, and a voice turned off saying
 * nothing. */
#include "config.h"

#include <glib/gstdio.h>

#include "td-test-files.h"
#include "td-test-voice.h"

/* A known sentence: the ticket page's, with a name and a number. */
#define TD_SENTENCE "Kính chào ông Nguyễn Văn An. Số thứ tự của ông: 12. Xin mời ngồi chờ gọi số."
/* It lasts several seconds at the kiosk's pace; a rate, language or data
 * problem shows as far shorter or longer. */
#define TD_SENTENCE_MIN_S 2.0
#define TD_SENTENCE_MAX_S 15.0
#define TD_TONE_S	  0.6

typedef struct {
	gchar *dir;
	gchar *out;
	TdVoice *voice;
	TdVoiceHeard heard;
} TdVoiceFixture;

static void
td_fixture_setup(TdVoiceFixture *fixture, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sink = NULL;
	TdDeviceSettings settings = {.voice_enabled = GPOINTER_TO_INT(data) == 0, .voice_volume = 100};

	fixture->dir = g_dir_make_tmp("tiepdon-voice-XXXXXX", &error);
	g_assert_no_error(error);
	fixture->out = g_build_filename(fixture->dir, "out.wav", NULL);
	settings.voice_phrases_dir = fixture->dir;
	fixture->voice = td_voice_new(&settings);
	sink = td_wav_sink_description(fixture->out, FALSE);
	td_voice_set_sink(fixture->voice, sink);
	td_voice_heard_connect(&fixture->heard, fixture->voice);
}

static void
td_fixture_teardown(TdVoiceFixture *fixture, gconstpointer data)
{
	td_voice_heard_clear(&fixture->heard, fixture->voice);
	g_clear_object(&fixture->voice);
	td_test_remove_tree(fixture->dir);
	g_free(fixture->dir);
	g_free(fixture->out);
}

/* Runs the main loop until n sentences have finished. */
static void
td_wait_finished(TdVoiceFixture *fixture, guint n)
{
	gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
	while (fixture->heard.finished < n) {
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
		g_main_context_iteration(NULL, FALSE);
		g_usleep(5000);
	}
}

static GBytes *
td_read(const gchar *path)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GMappedFile) file = g_mapped_file_new(path, FALSE, &error);
	g_assert_no_error(error);
	return g_mapped_file_get_bytes(file);
}

/* Once n sentences have finished: what the voice wrote, parsed into info
 * (which points into the bytes returned). */
static GBytes *
wait_heard(TdVoiceFixture *fixture, guint n, TdWavInfo *info)
{
	GBytes *wav;

	td_wait_finished(fixture, n);
	wav = td_read(fixture->out);
	g_assert_true(td_wav_parse(wav, info));
	return wav;
}

static void
test_synthesize(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) wav = td_voice_synthesize(TD_SENTENCE, "vi", &error);
	g_autoptr(GBytes) short_wav = td_voice_synthesize("Một.", "vi", &error);
	TdWavInfo info;
	TdWavInfo short_info;

	g_assert_no_error(error);
	g_assert_true(td_wav_parse(wav, &info));
	g_assert_cmpuint(info.channels, ==, 1);
	g_assert_cmpuint(info.bits, ==, 16);
	g_assert_cmpuint(info.samples_size, >, 0);
	g_assert_true(td_wav_has_sound(&info));
	printf("# voice: \"%s\" lasts %.2f s at %u Hz\n", TD_SENTENCE, info.seconds, info.rate);
	g_assert_cmpfloat(info.seconds, >, TD_SENTENCE_MIN_S);
	g_assert_cmpfloat(info.seconds, <, TD_SENTENCE_MAX_S);
	/* longer text, longer sound */
	g_assert_true(td_wav_parse(short_wav, &short_info));
	g_assert_cmpfloat(short_info.seconds, <, info.seconds / 3);

	g_assert_null(td_voice_synthesize("xin chào", "no-such-language", &error));
	g_assert_error(error, TD_VOICE_ERROR, TD_VOICE_ERROR_SYNTHESIS);
}

/* Said through GStreamer as the kiosk says it, into a file. */
static void
test_say_synthesized(TdVoiceFixture *fixture, gconstpointer data)
{
	g_autoptr(GBytes) wav = NULL;
	TdWavInfo info;

	td_voice_say(fixture->voice, "ticket", TD_SENTENCE, "vi");
	wav = wait_heard(fixture, 1, &info);
	g_assert_true(fixture->heard.completed);
	g_assert_cmpstr(fixture->heard.source, ==, "synthesized");
	g_assert_true(td_wav_has_sound(&info));
	g_assert_cmpfloat(info.seconds, >, TD_SENTENCE_MIN_S);
	g_assert_cmpfloat(info.seconds, <, TD_SENTENCE_MAX_S);
}

/* A recorded phrase named by the message key is said instead, in its
 * language only. */
static void
test_recorded_phrase(TdVoiceFixture *fixture, gconstpointer data)
{
	g_autofree gchar *phrase = g_build_filename(fixture->dir, "idle.wav", NULL);
	g_autofree gchar *found = NULL;
	g_autoptr(GBytes) wav = NULL;
	TdWavInfo info;

	td_wav_write_tone(phrase, 16000, TD_TONE_S);
	found = td_voice_find_phrase(fixture->voice, "idle", "vi");
	g_assert_cmpstr(found, ==, phrase);
	/* no English recording: English is synthesized */
	g_assert_null(td_voice_find_phrase(fixture->voice, "idle", "en"));
	/* a key never leaves the folder */
	g_assert_null(td_voice_find_phrase(fixture->voice, "../idle", "vi"));

	td_voice_say(fixture->voice, "idle", TD_SENTENCE, "vi");
	wav = wait_heard(fixture, 1, &info);
	g_assert_true(fixture->heard.completed);
	g_assert_cmpstr(fixture->heard.source, ==, "recorded");
	/* the tone's length, not the sentence's */
	g_assert_cmpfloat(info.seconds, >, TD_TONE_S - 0.1);
	g_assert_cmpfloat(info.seconds, <, TD_TONE_S + 0.1);
	g_assert_true(td_wav_has_sound(&info));
}

/* The next page's sentence stops the last one. */
static void
test_newer_stops(TdVoiceFixture *fixture, gconstpointer data)
{
	g_autoptr(GBytes) wav = NULL;
	TdWavInfo info;

	td_voice_say(fixture->voice, NULL, TD_SENTENCE " " TD_SENTENCE " " TD_SENTENCE, "vi");
	td_voice_say(fixture->voice, NULL, "Một.", "vi");
	wav = wait_heard(fixture, 2, &info);
	g_assert_true(fixture->heard.completed);
	g_assert_cmpfloat(info.seconds, <, TD_SENTENCE_MIN_S);
}

/* Muted: played at volume 0 (silence); staff's volume back on: sound. */
static void
test_muted(TdVoiceFixture *fixture, gconstpointer data)
{
	g_autoptr(GBytes) silent = NULL;
	g_autoptr(GBytes) loud = NULL;
	TdWavInfo info;

	td_voice_set_muted(fixture->voice, TRUE);
	g_assert_true(td_voice_get_muted(fixture->voice));
	td_voice_say(fixture->voice, NULL, "Một.", "vi");
	silent = wait_heard(fixture, 1, &info);
	g_assert_cmpuint(info.samples_size, >, 0);
	g_assert_false(td_wav_has_sound(&info));

	td_voice_set_muted(fixture->voice, FALSE);
	td_voice_set_volume(fixture->voice, 40);
	g_assert_cmpuint(td_voice_get_volume(fixture->voice), ==, 40);
	td_voice_say(fixture->voice, NULL, "Một.", "vi");
	loud = wait_heard(fixture, 2, &info);
	g_assert_true(td_wav_has_sound(&info));
}

/* [voice] enabled=false: nothing said, nothing written. */
static void
test_disabled(TdVoiceFixture *fixture, gconstpointer data)
{
	g_assert_false(td_voice_get_enabled(fixture->voice));
	td_voice_say(fixture->voice, NULL, "Một.", "vi");
	for (guint i = 0; i < 50; i++) {
		g_main_context_iteration(NULL, FALSE);
		g_usleep(10000);
	}
	g_assert_cmpuint(fixture->heard.finished, ==, 0);
	g_assert_false(g_file_test(fixture->out, G_FILE_TEST_EXISTS));
}

#define TD_VOICE_TEST(path, func, disabled)                                                                    \
	g_test_add(path, TdVoiceFixture, GINT_TO_POINTER(disabled), td_fixture_setup, func, td_fixture_teardown)

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/voice/synthesize", test_synthesize);
	TD_VOICE_TEST("/voice/say-synthesized", test_say_synthesized, FALSE);
	TD_VOICE_TEST("/voice/recorded-phrase", test_recorded_phrase, FALSE);
	TD_VOICE_TEST("/voice/newer-stops", test_newer_stops, FALSE);
	TD_VOICE_TEST("/voice/muted", test_muted, FALSE);
	TD_VOICE_TEST("/voice/disabled", test_disabled, TRUE);
	return g_test_run();
}
