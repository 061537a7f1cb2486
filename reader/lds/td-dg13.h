/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* DG13 (tag 6D) of the Vietnamese CCCD: the citizen's personal data, as
 * numbered entries (see DOMAIN.md §2). Every string is UTF-8 in NFC; a field
 * the card leaves out (or leaves empty) is NULL. Dates are ISO "yyyy-mm-dd".
 * Holds personal data: td_dg13_free() wipes it. */
typedef struct {
	gchar *id_number;		/* 1: 12 digits */
	gchar *full_name;		/* 2 */
	gchar *date_of_birth;		/* 3 */
	gchar *sex;			/* 4: "Nam" / "Nữ" */
	gchar *nationality;		/* 5 */
	gchar *ethnicity;		/* 6 */
	gchar *religion;		/* 7 */
	gchar *place_of_origin;		/* 8 */
	gchar *place_of_residence;	/* 9 */
	gchar *identification_features; /* 10 */
	gchar *issue_date;		/* 11 */
	gchar *expiry_date;		/* 12; NULL when no_expiry */
	gchar *father_name;		/* 13, first name */
	gchar *mother_name;		/* 13, second name */
	gchar *spouse_name;		/* 14 */
	gchar *old_id_number;		/* 15: old 9-digit CMND, not validated */
	gchar *unknown_field16;		/* 16: meaning unconfirmed */
	gboolean no_expiry;		/* expiry text "Không thời hạn" */
} TdDg13;

TdDg13 *td_dg13_parse(GBytes *file, GError **error);
void td_dg13_free(TdDg13 *dg13);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDg13, td_dg13_free)

G_END_DECLS
