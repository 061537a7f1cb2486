/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "td-access-key.h"
#include "td-evemu.h"
#include "td-keymap.h"
#include "td-secret.h"

#define QR_ASCII                                                                                           \
	"079203012345|025123456|Nguyen Van An|15031990|Nam|Thon 3, Xa An Binh, Huyen Di Linh, Lam Dong|" \
	"01072021"
#define QR_UNICODE                                                                                          \
	"079203012345|025123456|Nguyễn Văn An|15031990|Nam|Thôn 3, Xã An Bình, Huyện Di Linh, Lâm Đồng|" \
	"01072021"
#define MRZ_TD1 "IDVNM2030123450079203012345<<<9003152M3003150VNM<<<<<<<<<<<6NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"

/* Replays a recording through a fresh decoder; returns every scan. */
static GPtrArray *
replay(const gchar *name)
{
	g_autofree gchar *path = g_test_build_filename(G_TEST_DIST, "devices", "streams", name, NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) events = td_evemu_load(path, &error);
	g_autoptr(TdKeymapDecoder) decoder = td_keymap_decoder_new();
	GPtrArray *scans = g_ptr_array_new_with_free_func((GDestroyNotify)td_str_clear_free);

	g_assert_no_error(error);
	g_assert_cmpuint(events->len, >, 0);
	for (guint i = 0; i < events->len; i++) {
		gchar *text = td_keymap_decoder_feed(decoder, &g_array_index(events, struct input_event, i));
		if (text != NULL)
			g_ptr_array_add(scans, text);
	}
	return scans;
}

/* Shift for '|' and capitals; the decoded text opens the chip's keys. */
static void
qr_opens_keys(const gchar *scan)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) today = g_date_time_new_utc(2025, 6, 1, 0, 0, 0);
	g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(scan, today, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(td_access_key_list_get_id_number(keys), ==, "079203012345");
	g_assert_cmpuint(td_access_key_list_get_length(keys), >=, 2);
}

/* Alt + keypad code points give the Vietnamese name, as UTF-8. */
static void
is_utf8(const gchar *scan)
{
	g_assert_true(g_utf8_validate(scan, -1, NULL));
}

/* Caps Lock, '<' as shift+comma, keypad Enter; the MRZ's check digits hold. */
static void
mrz_opens_keys(const gchar *scan)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_mrz(scan, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(td_access_key_list_get(keys, 0)->birth_yymmdd, !=, "");
}

/* A recording of a scanner (tests/devices/streams) and the one scan it
 * holds, and what that scan must be good for. */
typedef struct {
	const gchar *path, *stream, *scan;
	void (*then)(const gchar *scan);
} Recording;

static const Recording recordings[] = {
	{"/devices/keymap/id-digits", "id-digits.evemu", "079203012345", NULL},
	{"/devices/keymap/cccd-qr-ascii", "cccd-qr-ascii.evemu", QR_ASCII, qr_opens_keys},
	{"/devices/keymap/cccd-qr-altcodes", "cccd-qr-altcodes.evemu", QR_UNICODE, is_utf8},
	{"/devices/keymap/mrz-td1", "mrz-td1.evemu", MRZ_TD1, mrz_opens_keys},
	/* A pause of more than 500 ms drops the half scan before it. */
	{"/devices/keymap/interrupted", "interrupted.evemu", "079203012345", NULL},
};

static void
test_keymap_recording(gconstpointer data)
{
	const Recording *recording = data;
	g_autoptr(GPtrArray) scans = replay(recording->stream);

	g_assert_cmpuint(scans->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(scans, 0), ==, recording->scan);
	if (recording->then != NULL)
		recording->then(g_ptr_array_index(scans, 0));
}

static struct input_event
key_event(guint16 code, gint value, gint64 time_ms)
{
	struct input_event event = {0};
	event.input_event_sec = (time_t)(time_ms / 1000);
	event.input_event_usec = (suseconds_t)((time_ms % 1000) * 1000);
	event.type = EV_KEY;
	event.code = code;
	event.value = value;
	return event;
}

static gchar *
feed(TdKeymapDecoder *decoder, guint16 code, gint value, gint64 time_ms)
{
	struct input_event event = key_event(code, value, time_ms);
	return td_keymap_decoder_feed(decoder, &event);
}

/* Enter (or keypad Enter) ends the scan, which is expected. */
static void
assert_scan_ends(TdKeymapDecoder *decoder, guint16 enter, gint64 time_ms, const gchar *expected)
{
	gchar *text = feed(decoder, enter, 1, time_ms);
	g_assert_cmpstr(text, ==, expected);
	td_str_clear_free(text);
}

/* Auto-repeat is not text, SYN_DROPPED loses the partial scan, an empty
 * line is no scan, and a scan too long is dropped whole. */
static void
test_keymap_edge_cases(void)
{
	g_autoptr(TdKeymapDecoder) decoder = td_keymap_decoder_new();
	struct input_event dropped = {.type = EV_SYN, .code = SYN_DROPPED};
	gint64 t = 1000;

	g_assert_null(feed(decoder, KEY_1, 1, t++));
	g_assert_null(feed(decoder, KEY_1, 2, t++));
	g_assert_null(feed(decoder, KEY_1, 0, t++));
	assert_scan_ends(decoder, KEY_ENTER, t++, "1");

	g_assert_null(feed(decoder, KEY_2, 1, t++));
	g_assert_null(td_keymap_decoder_feed(decoder, &dropped));
	g_assert_null(feed(decoder, KEY_3, 1, t++));
	assert_scan_ends(decoder, KEY_KPENTER, t++, "3");

	g_assert_null(feed(decoder, KEY_ENTER, 1, t++));

	/* Shift and Caps Lock cancel out for letters, not for digits. */
	g_assert_null(feed(decoder, KEY_CAPSLOCK, 1, t++));
	g_assert_null(feed(decoder, KEY_CAPSLOCK, 0, t++));
	g_assert_null(feed(decoder, KEY_A, 1, t++));
	g_assert_null(feed(decoder, KEY_LEFTSHIFT, 1, t++));
	g_assert_null(feed(decoder, KEY_B, 1, t++));
	g_assert_null(feed(decoder, KEY_4, 1, t++));
	g_assert_null(feed(decoder, KEY_LEFTSHIFT, 0, t++));
	assert_scan_ends(decoder, KEY_ENTER, t++, "Ab$");

	for (guint i = 0; i < TD_KEYMAP_MAX_SCAN_BYTES + 1; i++)
		g_assert_null(feed(decoder, KEY_7, 1, t));
	g_assert_null(feed(decoder, KEY_ENTER, 1, t));
	g_assert_null(feed(decoder, KEY_8, 1, t));
	assert_scan_ends(decoder, KEY_ENTER, t, "8");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (gsize i = 0; i < G_N_ELEMENTS(recordings); i++)
		g_test_add_data_func(recordings[i].path, &recordings[i], test_keymap_recording);
	g_test_add_func("/devices/keymap/edge-cases", test_keymap_edge_cases);
	return g_test_run();
}
