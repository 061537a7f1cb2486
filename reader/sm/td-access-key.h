/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-mrz.h"

#include "td-secret.h"

G_BEGIN_DECLS

/* What opens the chip. The kiosk collects one of three inputs (the 12-digit
 * ID with dates, the card's front QR text, a TD1 MRZ) and turns it into an
 * ordered list of keys to try: PACE with the CAN first, then BAC with each
 * candidate expiry date. Holds personal data: freed with a wipe. */
typedef enum {
	TD_ACCESS_KEY_BAC,	/* document number + birth + expiry (MRZ info) */
	TD_ACCESS_KEY_PACE_CAN, /* card access number: last 6 digits of the ID */
	TD_ACCESS_KEY_PACE_MRZ, /* PACE with the MRZ information as password */
} TdAccessKeyKind;

typedef struct {
	TdAccessKeyKind kind;
	/* BAC / PACE-MRZ: document number (9 chars, last 9 digits of the ID),
	 * birth and expiry as YYMMDD. PACE-CAN: can (6 digits). */
	gchar document_number[10];
	gchar birth_yymmdd[7];
	gchar expiry_yymmdd[7];
	gchar can[7];
} TdAccessKey;

/* "documentnumber+check, birth+check, expiry+check" per ICAO 9303-11 §4.3,
 * the BAC key-seed input and PACE-MRZ password: 24 characters. */
gchar *td_access_key_mrz_information(const TdAccessKey *key);

/* A short human description that reveals no personal data: "PACE (CAN)",
 * "BAC (expiry candidate 2 of 3)". */
const gchar *td_access_key_kind_to_string(TdAccessKeyKind kind);

typedef struct _TdAccessKeyList TdAccessKeyList;

/* id12: the 12-digit ID; birth/expiry YYMMDD, expiry NULL to derive the
 * candidates from the renewal-age rule (needs birth). With birth NULL only
 * PACE-CAN is offered. today: for the renewal rule (NULL = now). */
TdAccessKeyList *td_access_key_list_new_from_id(const gchar *id12, const gchar *birth_yymmdd, const gchar *expiry_yymmdd, GDateTime *today, GError **error);
/* The same from a birth date typed whole (dd/mm/yyyy): its century is
 * known, where YYMMDD leaves it to a guess (born in 1926, the guess is
 * 2026, and the expiry tried is a child's). */
TdAccessKeyList *td_access_key_list_new_from_birth_date(const gchar *id12, guint day, guint month, guint year,
							GDateTime *today, GError **error);
/* The front QR: ID12|oldID|name|ddMMyyyy birth|sex|residence|ddMMyyyy issue
 * (6-field form without the old ID accepted). Expiry candidates are derived
 * from birth and issue dates. */
TdAccessKeyList *td_access_key_list_new_from_qr(const gchar *qr_text, GDateTime *today, GError **error);
/* A TD1 MRZ (3 lines of 30, newlines or not); check digits verified. */
TdAccessKeyList *td_access_key_list_new_from_mrz(const gchar *mrz_text, GError **error);
/* What a 2D scanner typed at the kiosk: the front's QR code, the ID
 * number alone (some scanners are set to send only that), or the back's
 * MRZ, tried in that order. The error never quotes the text. */
TdAccessKeyList *td_access_key_list_new_from_scan(const gchar *scan_text, GDateTime *today, GError **error);
guint td_access_key_list_get_length(const TdAccessKeyList *list);
const TdAccessKey *td_access_key_list_get(const TdAccessKeyList *list, guint index);
/* The 12-digit ID the keys came from (NULL from an MRZ whose optional data
 * lacks it). */
const gchar *td_access_key_list_get_id_number(const TdAccessKeyList *list);
void td_access_key_list_free(TdAccessKeyList *list); /* wipes */

/* Candidate expiry dates (YYMMDD, most likely first) from the renewal-age
 * rule of Luật Căn cước 2023 art. 21: cards are renewed at 14, 25, 40 and 60;
 * one issued within 2 years before such an age runs to the next one; from 60
 * on, no expiry (991231). issue may be NULL (unknown): then every candidate
 * not already past at `today` is returned. */
GPtrArray *td_expiry_candidates(GDate *birth, GDate *issue, GDate *today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdAccessKeyList, td_access_key_list_free)

G_END_DECLS
