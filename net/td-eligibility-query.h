/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-gateway-config.h"

G_BEGIN_DECLS

/* Who to look up: checked and normalised once, so the client and its cache
 * see one spelling. Personal data: freed with a wipe. */
typedef struct {
	gchar *card_or_id; /* 12-digit ID number or 15-character card code (upper case) */
	gchar *name;	   /* NFC, single spaces */
	guint birth_year;
	guint birth_month; /* 0 when only the year is known */
	guint birth_day;   /* 0 when only month and year are known */
} TdEligibilityQuery;

/* A birth date as the gateway takes it, with what is not known left 0:
 * many elderly citizens are registered with a birth year only. net/ has
 * its own type so that it knows nothing of the card reader's. */
typedef struct {
	guint year;
	guint month; /* 1..12, or 0 when only the year is known */
	guint day;   /* 1..31, or 0 when only month and year are known */
} TdBirthDate;

/* birth_date: "dd/mm/yyyy", "mm/yyyy" or "yyyy" (what the patient types).
 * Fails with TD_GATEWAY_ERROR_INVALID_INPUT. */
TdEligibilityQuery *td_eligibility_query_new(const gchar *card_or_id, const gchar *name,
					     const gchar *birth_date, GError **error);
/* The same from a date already in parts (what the card gave). */
TdEligibilityQuery *td_eligibility_query_new_for_birth_date(const gchar *card_or_id, const gchar *name,
							    const TdBirthDate *birth_date, GError **error);
TdEligibilityQuery *td_eligibility_query_copy(const TdEligibilityQuery *query);
void td_eligibility_query_free(TdEligibilityQuery *query);
/* The ngaySinh string: a whole date as the format setting says; partial
 * dates are mm/yyyy or yyyy whatever the setting (DOMAIN.md). */
gchar *td_eligibility_query_format_birth_date(const TdEligibilityQuery *query,
					      TdBirthDateFormat format);
/* TRUE if the text is 12 ASCII digits (a citizen ID number). */
gboolean td_eligibility_is_id_number(const gchar *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdEligibilityQuery, td_eligibility_query_free)

G_END_DECLS
