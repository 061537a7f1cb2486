/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A TD1 (ID-card size, 3 x 30 characters) machine-readable zone, as printed
 * on the back of the CCCD and stored in DG1. Holds personal data. */
typedef struct {
	gchar *raw;		/* the 90 characters, no newlines */
	gchar document_code[3]; /* "ID" (fillers removed) */
	gchar issuing_state[4]; /* "VNM" */
	gchar document_number[10]; /* the last 9 digits of the ID */
	gchar *optional_data1;	/* holds the full 12-digit ID on CCCDs */
	gchar birth_yymmdd[7];
	gchar sex;		/* 'M', 'F' or '<' */
	gchar expiry_yymmdd[7];
	gchar nationality[4];
	gchar *optional_data2;
	gchar *primary_identifier;   /* surname, '<' turned to spaces */
	gchar *secondary_identifier; /* given names */
	gchar id_number[13]; /* the 12-digit ID from optional data 1, or "" */
} TdMrz;

/* Parses and verifies every check digit (document number, birth, expiry,
 * composite). Accepts 90 characters, or three 30-character lines separated by
 * newlines/CR; surrounding whitespace ignored. Errors are
 * TD_READER_ERROR_INVALID_INPUT (or MALFORMED when from_chip). */
/* The ICAO 7-3-1 check digit of a field ('<' counts 0, A=10..Z=35). */
gchar td_mrz_check_digit(const gchar *field, gssize len);

TdMrz *td_mrz_parse_td1(const gchar *text, gboolean from_chip, GError **error);
/* The 12-digit ID from optional data 1 (digits + check digit), or NULL. */
const gchar *td_mrz_get_id_number(const TdMrz *mrz);
void td_mrz_free(TdMrz *mrz); /* wipes */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdMrz, td_mrz_free)

G_END_DECLS
