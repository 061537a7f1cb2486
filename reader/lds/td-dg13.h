/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-date.h"

G_BEGIN_DECLS

/* DG13 (tag 6D) of the Vietnamese CCCD: the citizen's personal data, as
 * numbered entries (see DOMAIN.md §2). Every string is UTF-8 in NFC; a field
 * the card leaves out (or leaves empty) is NULL, and so is a field whose
 * entry did not parse: that entry is named in warnings and the others are
 * kept. Holds personal data: td_dg13_free() wipes it. */
typedef struct {
	gchar *id_number;		/* 1: 12 digits; never NULL once parsed */
	gchar *full_name;		/* 2; NULL when missing or unusable (a warning says which) */
	TdDate *date_of_birth;		/* 3: often the year only for the elderly */
	gchar *sex;			/* 4: "Nam" / "Nữ" */
	gchar *nationality;		/* 5 */
	gchar *ethnicity;		/* 6 */
	gchar *religion;		/* 7 */
	gchar *place_of_origin;		/* 8 */
	gchar *place_of_residence;	/* 9 */
	gchar *identification_features; /* 10 */
	TdDate *issue_date;		/* 11 */
	TdDate *expiry_date;		/* 12; NULL when no_expiry */
	gchar *father_name;		/* 13, first name */
	gchar *mother_name;		/* 13, second name */
	gchar *spouse_name;		/* 14 */
	gchar *old_id_number;		/* 15: old 9-digit CMND, not validated;
					 * or 16 when it is nine digits and
					 * there is no 15 (2024 cards) */
	gchar *unknown_field16;		/* 16: meaning unconfirmed; shown nowhere;
					 * NULL when it was the old ID */
	gboolean no_expiry;		/* expiry text "Không thời hạn" */
	/* of gchar *: one English sentence per entry that could not be used,
	 * e.g. "entry 7 (religion): unexpected string type BMPString", for
	 * staff logs. Never holds a field's value. Never NULL. */
	GPtrArray *warnings;
} TdDg13;

/* Fails (TD_READER_ERROR_MALFORMED) only when the file is not a DG13, its
 * containers do not parse, or entry 1 (ID number) is missing or unusable:
 * without it the card opens nothing (the ID hash, the look-up, the
 * desk's case). Anything less is a warning, the full name too: a name
 * the chip holds in a form the reader cannot take leaves a genuine card
 * checked in to the desk, who read the name printed on it, rather than
 * refused whole. */
TdDg13 *td_dg13_parse(GBytes *file, GError **error);
/* An empty DG13 (warnings allocated), for callers that keep a part of one. */
TdDg13 *td_dg13_new(void);
void td_dg13_free(TdDg13 *dg13);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDg13, td_dg13_free)

G_END_DECLS
