/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <linux/input.h>

G_BEGIN_DECLS

/* Turns the key events of a 2D scanner in keyboard emulation into the text
 * it scanned. Scanners type as a US keyboard would, whatever the host's
 * layout, so the map is fixed: US layout, both shift keys, Caps Lock, the
 * keypad (Num Lock assumed on: scanners only send keypad keys that way).
 *
 * Characters outside ASCII (the Vietnamese names in the CCCD's QR code) can
 * only come through if the scanner is set to "Alt + keypad" output: Alt held
 * while the decimal Unicode code point is typed on the keypad. That is
 * decoded; a scanner in plain keyboard mode drops or replaces those
 * characters, so callers must not rely on the name field.
 *
 * A scan ends with Enter (or keypad Enter). A pause longer than the
 * inter-key timeout drops what was typed so far (a half scan, or someone
 * leaning on a keyboard), as does SYN_DROPPED (events lost in the kernel).
 *
 * Pure: no device, no clock but the events' own time stamps, so recorded
 * streams replay exactly. The text is personal data: the buffer is wiped on
 * reset and free. */

#define TD_KEYMAP_DEFAULT_TIMEOUT_MS 500
#define TD_KEYMAP_MAX_SCAN_BYTES 4096

typedef struct _TdKeymapDecoder TdKeymapDecoder;

TdKeymapDecoder *td_keymap_decoder_new(void);
void td_keymap_decoder_free(TdKeymapDecoder *decoder); /* wipes */
/* 0 disables the timeout. */
void td_keymap_decoder_set_timeout_ms(TdKeymapDecoder *decoder, guint timeout_ms);
/* Drops a partial scan and the modifier state. */
void td_keymap_decoder_reset(TdKeymapDecoder *decoder);
/* Feeds one event. Returns the finished scan (UTF-8, without the line end;
 * free with td_str_clear_free) when this event ends one, else NULL. An empty
 * line (Enter alone) returns NULL. A scan longer than
 * TD_KEYMAP_MAX_SCAN_BYTES is dropped whole rather than cut. */
gchar *td_keymap_decoder_feed(TdKeymapDecoder *decoder, const struct input_event *event);

/* The character a key types on a US keyboard (0 if none), for tests and the
 * docs' tables. */
gchar td_keymap_us_char(guint16 code, gboolean shifted);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdKeymapDecoder, td_keymap_decoder_free)

G_END_DECLS
