/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-keymap.h"
#include "td-secret.h"

struct _TdKeymapDecoder {
	guint timeout_ms;
	gboolean left_shift;
	gboolean right_shift;
	gboolean caps_lock;
	gboolean left_alt;
	gboolean right_alt;
	gboolean ctrl;
	/* Alt + keypad: the decimal code point typed so far. */
	guint32 alt_code;
	guint alt_digits;
	gboolean have_last_time;
	gint64 last_time_us;
	gboolean overflowed;
	gsize len;
	gchar text[TD_KEYMAP_MAX_SCAN_BYTES + 1];
};

typedef struct {
	guint16 code;
	gchar plain;
	gchar shifted;
} TdKeymapEntry;

/* The US layout. KEY_102ND (the extra key of ISO keyboards) types what
 * backslash does, as it does under the "us" XKB layout. */
static const TdKeymapEntry us_keymap[] = {
	{KEY_1, '1', '!'}, {KEY_2, '2', '@'}, {KEY_3, '3', '#'}, {KEY_4, '4', '$'},
	{KEY_5, '5', '%'}, {KEY_6, '6', '^'}, {KEY_7, '7', '&'}, {KEY_8, '8', '*'},
	{KEY_9, '9', '('}, {KEY_0, '0', ')'}, {KEY_MINUS, '-', '_'}, {KEY_EQUAL, '=', '+'},
	{KEY_Q, 'q', 'Q'}, {KEY_W, 'w', 'W'}, {KEY_E, 'e', 'E'}, {KEY_R, 'r', 'R'},
	{KEY_T, 't', 'T'}, {KEY_Y, 'y', 'Y'}, {KEY_U, 'u', 'U'}, {KEY_I, 'i', 'I'},
	{KEY_O, 'o', 'O'}, {KEY_P, 'p', 'P'}, {KEY_LEFTBRACE, '[', '{'}, {KEY_RIGHTBRACE, ']', '}'},
	{KEY_A, 'a', 'A'}, {KEY_S, 's', 'S'}, {KEY_D, 'd', 'D'}, {KEY_F, 'f', 'F'},
	{KEY_G, 'g', 'G'}, {KEY_H, 'h', 'H'}, {KEY_J, 'j', 'J'}, {KEY_K, 'k', 'K'},
	{KEY_L, 'l', 'L'}, {KEY_SEMICOLON, ';', ':'}, {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'},
	{KEY_BACKSLASH, '\\', '|'}, {KEY_102ND, '\\', '|'},
	{KEY_Z, 'z', 'Z'}, {KEY_X, 'x', 'X'}, {KEY_C, 'c', 'C'}, {KEY_V, 'v', 'V'},
	{KEY_B, 'b', 'B'}, {KEY_N, 'n', 'N'}, {KEY_M, 'm', 'M'}, {KEY_COMMA, ',', '<'},
	{KEY_DOT, '.', '>'}, {KEY_SLASH, '/', '?'}, {KEY_SPACE, ' ', ' '}, {KEY_TAB, '\t', '\t'},
	/* The keypad ignores shift (Num Lock on). */
	{KEY_KP0, '0', '0'}, {KEY_KP1, '1', '1'}, {KEY_KP2, '2', '2'}, {KEY_KP3, '3', '3'},
	{KEY_KP4, '4', '4'}, {KEY_KP5, '5', '5'}, {KEY_KP6, '6', '6'}, {KEY_KP7, '7', '7'},
	{KEY_KP8, '8', '8'}, {KEY_KP9, '9', '9'}, {KEY_KPDOT, '.', '.'}, {KEY_KPSLASH, '/', '/'},
	{KEY_KPASTERISK, '*', '*'}, {KEY_KPMINUS, '-', '-'}, {KEY_KPPLUS, '+', '+'},
};

gchar
td_keymap_us_char(guint16 code, gboolean shifted)
{
	for (gsize i = 0; i < G_N_ELEMENTS(us_keymap); i++) {
		if (us_keymap[i].code == code)
			return shifted ? us_keymap[i].shifted : us_keymap[i].plain;
	}
	return 0;
}

/* The digit of a keypad key, or -1. */
static gint
td_keymap_keypad_digit(guint16 code)
{
	static const guint16 digits[] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
					 KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
	for (gsize i = 0; i < G_N_ELEMENTS(digits); i++) {
		if (digits[i] == code)
			return (gint)i;
	}
	return -1;
}

TdKeymapDecoder *
td_keymap_decoder_new(void)
{
	TdKeymapDecoder *decoder = g_new0(TdKeymapDecoder, 1);
	decoder->timeout_ms = TD_KEYMAP_DEFAULT_TIMEOUT_MS;
	return decoder;
}

void
td_keymap_decoder_set_timeout_ms(TdKeymapDecoder *decoder, guint timeout_ms)
{
	g_return_if_fail(decoder != NULL);
	decoder->timeout_ms = timeout_ms;
}

/* Forgets the text typed so far, keeping the state of the keys held. */
static void
td_keymap_decoder_drop_text(TdKeymapDecoder *decoder)
{
	td_memwipe(decoder->text, sizeof(decoder->text));
	decoder->len = 0;
	decoder->overflowed = FALSE;
	decoder->alt_code = 0;
	decoder->alt_digits = 0;
}

void
td_keymap_decoder_reset(TdKeymapDecoder *decoder)
{
	guint timeout_ms;

	g_return_if_fail(decoder != NULL);
	timeout_ms = decoder->timeout_ms;
	td_memwipe(decoder, sizeof(*decoder));
	decoder->timeout_ms = timeout_ms;
}

void
td_keymap_decoder_free(TdKeymapDecoder *decoder)
{
	if (decoder == NULL)
		return;
	td_memwipe(decoder, sizeof(*decoder));
	g_free(decoder);
}

static void
td_keymap_decoder_append(TdKeymapDecoder *decoder, const gchar *utf8, gsize len)
{
	if (decoder->overflowed)
		return;
	if (decoder->len + len > TD_KEYMAP_MAX_SCAN_BYTES) {
		/* A cut scan could still parse as something wrong; drop it all
		 * at the line end instead. */
		decoder->overflowed = TRUE;
		return;
	}
	memcpy(decoder->text + decoder->len, utf8, len);
	decoder->len += len;
}

/* Alt released: the decimal code point typed on the keypad becomes one
 * character. Zero, surrogates and values past U+10FFFF are dropped. */
static void
td_keymap_decoder_finish_alt_code(TdKeymapDecoder *decoder)
{
	gchar utf8[6];
	gint n;

	if (decoder->alt_digits > 0 && decoder->alt_code != 0 &&
	    g_unichar_validate((gunichar)decoder->alt_code)) {
		n = g_unichar_to_utf8((gunichar)decoder->alt_code, utf8);
		td_keymap_decoder_append(decoder, utf8, (gsize)n);
	}
	decoder->alt_code = 0;
	decoder->alt_digits = 0;
}

static gchar *
td_keymap_decoder_end_line(TdKeymapDecoder *decoder)
{
	gchar *line = NULL;

	if (!decoder->overflowed && decoder->len > 0)
		line = g_strndup(decoder->text, decoder->len);
	td_keymap_decoder_drop_text(decoder);
	return line;
}

static gboolean
td_keymap_decoder_set_modifier(TdKeymapDecoder *decoder, guint16 code, gboolean down)
{
	switch (code) {
	case KEY_LEFTSHIFT:
		decoder->left_shift = down;
		return TRUE;
	case KEY_RIGHTSHIFT:
		decoder->right_shift = down;
		return TRUE;
	case KEY_LEFTCTRL:
	case KEY_RIGHTCTRL:
		decoder->ctrl = down;
		return TRUE;
	case KEY_LEFTALT:
	case KEY_RIGHTALT:
		if (code == KEY_LEFTALT)
			decoder->left_alt = down;
		else
			decoder->right_alt = down;
		if (!down && !decoder->left_alt && !decoder->right_alt)
			td_keymap_decoder_finish_alt_code(decoder);
		return TRUE;
	case KEY_CAPSLOCK:
		if (down)
			decoder->caps_lock = !decoder->caps_lock;
		return TRUE;
	default:
		return FALSE;
	}
}

gchar *
td_keymap_decoder_feed(TdKeymapDecoder *decoder, const struct input_event *event)
{
	gint64 time_us;
	gboolean shifted;
	gchar c;
	gint digit;

	g_return_val_if_fail(decoder != NULL, NULL);
	g_return_val_if_fail(event != NULL, NULL);

	if (event->type == EV_SYN && event->code == SYN_DROPPED) {
		/* Key events were lost: the text and the modifiers are unknown. */
		td_keymap_decoder_reset(decoder);
		return NULL;
	}
	if (event->type != EV_KEY)
		return NULL;

	time_us = (gint64)event->input_event_sec * G_USEC_PER_SEC + (gint64)event->input_event_usec;
	if (decoder->timeout_ms > 0 && decoder->have_last_time &&
	    time_us - decoder->last_time_us > (gint64)decoder->timeout_ms * 1000)
		td_keymap_decoder_drop_text(decoder);
	decoder->have_last_time = TRUE;
	decoder->last_time_us = time_us;

	/* 0 release, 1 press, 2 auto-repeat: a scanner never holds a key long
	 * enough to repeat, so a repeat is a stuck key, not more text. */
	if (td_keymap_decoder_set_modifier(decoder, event->code, event->value != 0))
		return NULL;
	if (event->value != 1)
		return NULL;

	if (event->code == KEY_ENTER || event->code == KEY_KPENTER)
		return td_keymap_decoder_end_line(decoder);

	if (decoder->left_alt || decoder->right_alt) {
		digit = td_keymap_keypad_digit(event->code);
		if (digit >= 0 && decoder->alt_code <= 0x10FFFF) {
			decoder->alt_code = decoder->alt_code * 10 + (guint32)digit;
			decoder->alt_digits++;
		}
		return NULL;
	}
	/* Control characters (GS1 separators typed as Ctrl+]) are not text. */
	if (decoder->ctrl)
		return NULL;

	shifted = decoder->left_shift || decoder->right_shift;
	c = td_keymap_us_char(event->code, shifted);
	if (c == 0)
		return NULL;
	if (decoder->caps_lock && g_ascii_isalpha(c))
		c = shifted ? g_ascii_tolower(c) : g_ascii_toupper(c);
	td_keymap_decoder_append(decoder, &c, 1);
	return NULL;
}
