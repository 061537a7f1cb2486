/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The virtual CCCD chip: the card side of the eMRTD application, driven by
 * a personalisation profile (see profiles/example.ini). It answers raw
 * command APDUs as a real card does:
 *
 *  - SELECT the MF (00 A4 00 0C [3F00]) -> 9000; the eMRTD application by
 *    AID (00 A4 04 0C) -> 9000; an EF by FID (00 A4 02 0C) in the current
 *    DF. EF.CardAccess (011C, when the profile has PACE) is in the MF and
 *    readable in the clear; in the application every EF answers 6982 until
 *    BAC or PACE, absent files 6A82; DG3 answers 6982 always (needs EAC).
 *  - READ BINARY (B0) with a 15-bit offset or a short EF identifier in P1,
 *    short Le (00 = 256) and, when the profile allows it, extended Le.
 *  - GET CHALLENGE (84) and EXTERNAL AUTHENTICATE (82) for BAC. A wrong key
 *    answers 6300 ("verification failed", ISO 7816-4; ICAO 9303-11 leaves
 *    the status open and chips differ, 6300 being the common one).
 *  - PACE: MSE:Set AT (00 22 C1 A4) and GENERAL AUTHENTICATE (x0 86 00 00,
 *    CLA 10 for the chained steps), by CAN (the last 6 digits of the ID) or
 *    MRZ; secure messaging AES, SSC 0, from the next command on. BAC works
 *    on the same chip, as on real cards.
 *  - Chip authentication under secure messaging: MSE:Set AT (00 22 41 A4)
 *    + GENERAL AUTHENTICATE for AES, MSE:Set KAT (00 22 41 A6) for 3DES;
 *    the answer still goes under the old keys, the next command must come
 *    under the new ones.
 *  - After BAC/PACE, every command must be protected: a plain command
 *    answers a plain 6987, a bad MAC a plain 6988, and both end the session.
 *  - INTERNAL AUTHENTICATE (88) for active authentication, under SM only.
 *  - Unknown INS 6D00, CLA other than 00/0C 6E00, bad P1-P2 or an offset
 *    past the end 6B00, malformed APDU 6700.
 *
 * Reference counted; not thread-safe (one reader talks to one card). */
typedef struct _TdVchip TdVchip;

TdVchip *td_vchip_new_from_profile(const gchar *path, GError **error);
/* base_dir: where the profile's relative paths start (NULL: the current
 * directory). */
TdVchip *td_vchip_new_from_keyfile(GKeyFile *kf, const gchar *base_dir, GError **error);
TdVchip *td_vchip_ref(TdVchip *chip);
void td_vchip_unref(TdVchip *chip);

/* Always returns a response ending in SW1 SW2. */
GBytes *td_vchip_process_apdu(TdVchip *chip, GBytes *command);
/* Power off and on: secure messaging and selection are gone. */
void td_vchip_power_cycle(TdVchip *chip);
GBytes *td_vchip_get_atr(TdVchip *chip);
/* The contents of an EF as personalised (NULL if absent), for tests. */
GBytes *td_vchip_get_file(TdVchip *chip, guint16 fid);
/* Sleeps this long on every command, to act like a slow contactless link. */
void td_vchip_set_latency_ms(TdVchip *chip, guint ms);
/* Whether the ATR announces extended Lc/Le ([variant] atr-extended-length,
 * by default what the chip takes). */
gboolean td_vchip_get_extended_length(TdVchip *chip);
/* Called with every command and response (hex, data bytes included: for
 * the developer's --trace only, never in the kiosk). */
typedef void (*TdVchipTraceFunc)(const gchar *direction, GBytes *apdu, gpointer user_data);
void td_vchip_set_trace(TdVchip *chip, TdVchipTraceFunc func, gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdVchip, td_vchip_unref)

G_END_DECLS
