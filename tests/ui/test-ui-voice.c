/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kiosk's voice through the real window: each patient page says its
 * sentence as it appears (a station's recorded phrase where it has one,
 * espeak-ng for the ticket's name and number), "Nghe lại" says it again,
 * "Gọi nhân viên" says that staff were called, staff screens are quiet, staff set the volume and mute it; the main
 * loop keeps ticking while the kiosk speaks. The sound goes into a WAV
 * file (GStreamer's wavenc) instead of a loudspeaker. Speech is off in the
 * other UI tests (TD_VOICE=off); this one gives the kiosk a voice. */
#include "config.h"

#include <string.h>

#include "td-demo-panel.h"
#include "td-i18n.h"
#include "td-pin-page.h"
#include "td-test-files.h"
#include "td-ui-test-kiosk.h"
#include "td-ui-test-util.h"
#include "td-test-voice.h"

#define TD_TONE_S 0.6


static gboolean
td_voice_quiet(gpointer voice)
{
	return !td_voice_is_busy(voice);
}

static TdWavInfo
td_wait_said(TdVoice *voice, TdVoiceHeard *heard, const gchar *out, GBytes **keep)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GMappedFile) file = NULL;
	TdWavInfo info;

	g_assert_true(td_ui_test_wait_for(td_voice_quiet, voice, 60000));
	g_assert_true(heard->completed);
	file = g_mapped_file_new(out, FALSE, &error);
	g_assert_no_error(error);
	*keep = g_mapped_file_get_bytes(file);
	g_assert_true(td_wav_parse(*keep, &info));
	g_assert_true(td_wav_has_sound(&info));
	return info;
}

/* Staff answer this kiosk's call, as a staff console does
 * (td-staff-calls.c). */
static void
td_answer_call(TdUiTestKiosk *kiosk)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *note = td_kiosk_call_answer_note(kiosk->context->config->kiosk_id);

	g_assert_true(td_store_record_staff_action_as(kiosk->context->store, 0, TD_KIOSK_ACTION_PATIENT_CALL_ANSWERED,
						      0, 0, note, &error));
	g_assert_no_error(error);
}

static void
test_voice(void)
{
	g_autoptr(TdUiTestKiosk) kiosk = td_ui_test_kiosk_new();
	g_autoptr(TdVoice) voice = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-ui-voice-XXXXXX", &error);
	g_autofree gchar *out = g_build_filename(dir, "out.wav", NULL);
	g_autofree gchar *phrase = g_build_filename(dir, "key.wav", NULL);
	g_autofree gchar *sink = td_wav_sink_description(out, TRUE);
	g_autofree gchar *fast_sink = td_wav_sink_description(out, FALSE);
	g_autofree gchar *card = td_ui_test_profile("example.ini");
	TdDeviceSettings settings = {.voice_enabled = TRUE, .voice_volume = 80, .voice_phrases_dir = dir};
	TdVoiceHeard heard = {0};
	TdTestStallMeter *meter;
	GtkWidget *window;
	TdWavInfo info;

	g_assert_no_error(error);
	td_i18n_set_language(TD_LANGUAGE_VI);
	/* speech is off in the UI tests unless asked: no voice, no button */
	g_assert_null(kiosk->context->voice);
	g_assert_null(td_ui_test_find_button(GTK_WIDGET(kiosk->window), "Nghe lại"));

	/* the station recorded the pad's sentence */
	td_wav_write_tone(phrase, 16000, TD_TONE_S);
	voice = td_voice_new(&settings);
	td_voice_set_sink(voice, sink);
	td_voice_heard_connect(&heard, voice);
	td_kiosk_context_set_voice(kiosk->context, voice);
	td_ui_test_kiosk_set_size(kiosk, TD_UI_TEST_WIDTH, TD_UI_TEST_HEIGHT);
	window = GTK_WIDGET(kiosk->window);

	/* the idle page waits to be asked */
	td_ui_test_wait(200);
	g_assert_cmpuint(heard.finished, ==, 0);

	/* the pad: the recording */
	g_assert_true(td_demo_panel_insert(kiosk->context, card, &error));
	g_assert_no_error(error);
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_KEY, 5000);
	g_assert_nonnull(td_ui_test_find_button(window, "Nghe lại"));
	{
		g_autoptr(GBytes) wav = NULL;
		info = td_wait_said(voice, &heard, out, &wav);
		g_assert_cmpstr(heard.source, ==, "recorded");
		g_assert_cmpfloat(info.seconds, >, TD_TONE_S - 0.1);
		g_assert_cmpfloat(info.seconds, <, TD_TONE_S + 0.1);
	}

	/* the ticket page waits for the test (it moves on by itself after
	 * its time, and the test speaks over it for a while) */
	td_checkin_session_set_timeout(kiosk->context->session, TD_CHECKIN_STATE_TICKET, 10 * 60 * 1000, 0);
	/* the number: synthesized, the main loop ticking meanwhile */
	td_ui_test_kiosk_type(kiosk, "001058012345");
	td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_TICKET, 20000);
	/* from the page's first paint: laying out a page just shown is not
	 * speech (a few hundred ms under ASan, whether or not the voice is
	 * on), and the meter measures the speech */
	td_ui_test_wait_painted(window);
	meter = td_ui_test_stall_meter_start(kiosk);
	{
		g_autoptr(GBytes) wav = NULL;
		info = td_wait_said(voice, &heard, out, &wav);
		g_assert_cmpint(td_test_stall_meter_stop(meter, "speech (the ticket page's sentence)"), <,
				TD_TEST_MAX_MAIN_LOOP_GAP_US);
		g_assert_cmpstr(heard.source, ==, "synthesized");
		/* greeting, name and number: seconds of speech, under about
		 * six (WORDING.md; with where to go it took ten); the length
		 * of the sound written, not of the wait */
		g_test_message("the ticket page's sentence: %.1f s", info.seconds);
		g_assert_cmpfloat(info.seconds, >, 2.0);
		g_assert_cmpfloat(info.seconds, <, 6.5);
	}
	/* the rest is what is said, not how long it takes: written as fast
	 * as it is made (a minute of speech in real time otherwise) */
	td_voice_set_sink(voice, fast_sink);

	/* "Nghe lại": once more */
	{
		g_autoptr(GBytes) wav = NULL;
		guint before = heard.finished;
		td_ui_test_kiosk_press(kiosk, "Nghe lại");
		info = td_wait_said(voice, &heard, out, &wav);
		g_assert_cmpuint(heard.finished, ==, before + 1);
		g_assert_cmpstr(heard.source, ==, "synthesized");
	}

	/* "Gọi nhân viên": the note over the page is said (staff nearby
	 * hear it too); staff's answer to this kiosk is said when it comes;
	 * closed, the page's own sentence again */
	{
		g_autoptr(GBytes) wav = NULL;
		g_autofree gchar *spoken = NULL;
		const gchar *key = NULL;
		guint before = heard.finished;
		td_ui_test_kiosk_press(kiosk, "Gọi nhân viên");
		spoken = td_kiosk_window_get_spoken(kiosk->window, &key);
		g_assert_cmpstr(spoken, ==, "Đã báo nhân viên. Xin chờ tại đây một chút, hoặc đến quầy tiếp đón.");
		g_assert_cmpstr(key, ==, "called");
		info = td_wait_said(voice, &heard, out, &wav);
		g_assert_cmpuint(heard.finished, ==, before + 1);
		g_assert_cmpstr(heard.source, ==, "synthesized");
		g_assert_cmpfloat(info.seconds, >, 1.0);
	}
	td_answer_call(kiosk);
	{
		g_autoptr(GBytes) wav = NULL;
		g_autofree gchar *spoken = NULL;
		const gchar *key = NULL;
		g_assert_true(td_ui_test_wait_label(window, "Nhân viên đang đến", 10000));
		spoken = td_kiosk_window_get_spoken(kiosk->window, &key);
		g_assert_cmpstr(spoken, ==, "Nhân viên đang đến. Xin chờ tại đây một chút.");
		g_assert_cmpstr(key, ==, "called.coming");
		info = td_wait_said(voice, &heard, out, &wav);
		g_assert_cmpstr(heard.source, ==, "synthesized");
	}
	{
		g_autoptr(GBytes) wav = NULL;
		g_autofree gchar *spoken = NULL;
		const gchar *key = NULL;
		guint before = heard.finished;
		td_ui_test_kiosk_press(kiosk, "Đóng");
		spoken = td_kiosk_window_get_spoken(kiosk->window, &key);
		g_assert_true(g_str_has_prefix(spoken, "Kính chào ông Nguyễn Văn An"));
		g_assert_null(key);
		info = td_wait_said(voice, &heard, out, &wav);
		g_assert_cmpuint(heard.finished, ==, before + 1);
	}
	/* called on the ticket, then on to the VNeID question under the
	 * note: the new page says its own sentence */
	{
		g_autoptr(GBytes) wav = NULL;
		g_autofree gchar *spoken = NULL;
		const gchar *key = NULL;
		guint before;
		td_ui_test_kiosk_press(kiosk, "Gọi nhân viên");
		info = td_wait_said(voice, &heard, out, &wav);
		before = heard.finished;
		td_checkin_session_send_event(kiosk->context->session, TD_CHECKIN_EVENT_CONTINUE);
		td_ui_test_kiosk_wait_page(kiosk, TD_KIOSK_PAGE_VNEID, 5000);
		g_assert_true(td_kiosk_window_call_staff_visible(kiosk->window));
		spoken = td_kiosk_window_get_spoken(kiosk->window, &key);
		g_assert_cmpstr(key, !=, "called");
		g_assert_null(strstr(spoken, "Đã báo nhân viên"));
		g_clear_pointer(&wav, g_bytes_unref);
		info = td_wait_said(voice, &heard, out, &wav);
		g_assert_cmpuint(heard.finished, ==, before + 1);
		td_ui_test_kiosk_press(kiosk, "Đóng");
	}

	/* staff: quiet screens, and the voice's row on the health view */
	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	td_pin_page_enter(TD_PIN_PAGE(td_kiosk_window_get_pin_page(kiosk->window)), TD_TRAINING_PIN);
	td_ui_test_wait_staff(GTK_WIDGET(kiosk->window));
	g_assert_cmpint(td_kiosk_window_get_page(kiosk->window), ==, TD_KIOSK_PAGE_STAFF);
	td_ui_test_kiosk_press(kiosk, "Máy đọc thẻ, máy in và cổng BHXH");
	g_assert_true(td_ui_test_wait_label(window, "Giọng nói: âm lượng 80%", 2000));
	td_ui_test_kiosk_press(kiosk, "To hơn");
	g_assert_cmpuint(td_voice_get_volume(voice), ==, 90);
	td_ui_test_kiosk_press(kiosk, "Tắt tiếng");
	g_assert_true(td_voice_get_muted(voice));
	g_assert_true(td_ui_test_find_label(window, "Giọng nói: đã tắt tiếng (âm lượng 90%)"));
	g_assert_true(td_ui_test_find_label(window, "✓ Tắt tiếng"));
	td_ui_test_kiosk_press(kiosk, "Tắt tiếng");
	g_assert_false(td_voice_get_muted(voice));
	td_ui_test_kiosk_press(kiosk, "Nhỏ hơn");
	g_assert_cmpuint(td_voice_get_volume(voice), ==, 80);
	{
		g_autoptr(GBytes) wav = NULL;
		td_ui_test_kiosk_press(kiosk, "Nghe thử");
		info = td_wait_said(voice, &heard, out, &wav);
	}

	td_kiosk_window_show_page(kiosk->window, TD_KIOSK_PAGE_IDLE);
	td_ui_test_kiosk_wait_quiet(kiosk);
	td_kiosk_context_set_voice(kiosk->context, NULL);
	td_voice_heard_clear(&heard, voice);
	td_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
	td_ui_test_init(&argc, &argv);
	g_test_add_func("/ui/voice/pages", test_voice);
	return g_test_run();
}
