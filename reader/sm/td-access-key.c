/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the access key comes from: the ID number with dates, the QR code on
 * the card's front, or a TD1 MRZ; and the order keys are tried in. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "td-access-key.h"
#include "td-mrz.h"
#include "td-reader-error.h"

/* Keys a list has room for from the start (td_access_key_list_free wipes
 * them; a reallocation would leave copies it cannot reach). */
#define TD_ACCESS_KEY_LIST_ROOM 16

struct _TdAccessKeyList {
	GArray *keys; /* TdAccessKey */
	gchar id_number[13];
};

/* Renewal ages, Luật Căn cước 2023 art. 21. */
static const guint renewal_ages[] = {14, 25, 40, 60};
#define TD_RENEWAL_GRACE_YEARS 2
#define TD_NO_EXPIRY "991231"

gchar *
td_access_key_mrz_information(const TdAccessKey *key)
{
	return g_strdup_printf("%s%c%s%c%s%c", key->document_number, td_mrz_check_digit(key->document_number, -1),
			       key->birth_yymmdd, td_mrz_check_digit(key->birth_yymmdd, -1), key->expiry_yymmdd,
			       td_mrz_check_digit(key->expiry_yymmdd, -1));
}

const gchar *
td_access_key_kind_to_string(TdAccessKeyKind kind)
{
	switch (kind) {
	case TD_ACCESS_KEY_BAC:
		return "BAC";
	case TD_ACCESS_KEY_PACE_CAN:
		return "PACE (CAN)";
	case TD_ACCESS_KEY_PACE_MRZ:
		return "PACE (MRZ)";
	}
	return "unknown";
}

static gboolean
is_digits(const gchar *s, gsize len)
{
	if (s == NULL || strlen(s) != len)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit(s[i]))
			return FALSE;
	}
	return TRUE;
}

/* YYMMDD must be a real date (any century). */
static gboolean
is_yymmdd(const gchar *s)
{
	guint mm, dd;
	if (!is_digits(s, 6))
		return FALSE;
	if (g_str_equal(s, TD_NO_EXPIRY))
		return TRUE;
	mm = (guint)((s[2] - '0') * 10 + (s[3] - '0'));
	dd = (guint)((s[4] - '0') * 10 + (s[5] - '0'));
	return mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31;
}

static void
date_to_yymmdd(GDate *date, gchar out[7])
{
	g_snprintf(out, 7, "%02u%02u%02u", g_date_get_year(date) % 100, (guint)g_date_get_month(date),
		   (guint)g_date_get_day(date));
}

/* ddMMyyyy as on the QR code. */
static GDate *
date_from_ddmmyyyy(const gchar *s)
{
	guint d, m, y;
	if (!is_digits(s, 8))
		return NULL;
	d = (guint)((s[0] - '0') * 10 + (s[1] - '0'));
	m = (guint)((s[2] - '0') * 10 + (s[3] - '0'));
	y = (guint)atoi(s + 4);
	if (!g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return NULL;
	return g_date_new_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

/* A birth date the card gives only in part, as it does for people whose
 * day (and month) of birth are not known: "00001940", "00031940" (the
 * chip's 00/00/yyyy). No BAC key can be made from it; the ID still is
 * the PACE key. */
static gboolean
is_partial_ddmmyyyy(const gchar *s)
{
	guint m, y;
	if (!is_digits(s, 8) || s[0] != '0' || s[1] != '0')
		return FALSE;
	m = (guint)((s[2] - '0') * 10 + (s[3] - '0'));
	y = (guint)atoi(s + 4);
	return m <= 12 && y >= 1900 && y <= 2099;
}

static GDate *
date_add_years(GDate *date, guint years)
{
	GDate *copy = g_date_copy(date);
	/* 29 February goes to 28 February in other years (g_date clamps;
	 * push_milestone tries 1 March too) */
	g_date_add_years(copy, years);
	return copy;
}

static void
push_candidate(GPtrArray *out, const gchar *yymmdd)
{
	for (guint i = 0; i < out->len; i++) {
		if (g_str_equal(g_ptr_array_index(out, i), yymmdd))
			return;
	}
	g_ptr_array_add(out, g_strdup(yymmdd));
}

/* The birthday at age: the expiry day and month are the birthday's
 * (DOMAIN.md). A 29 February birthday in a year without one has two
 * readings, 28 February and 1 March, and no source says which the card
 * writes: both are tried, in that order. */
static void
push_milestone(GPtrArray *out, GDate *birth, guint age)
{
	gchar buf[7];
	g_autoptr(GDate) when = date_add_years(birth, age);
	date_to_yymmdd(when, buf);
	push_candidate(out, buf);
	if (g_date_get_month(birth) == G_DATE_FEBRUARY && g_date_get_day(birth) == 29 &&
	    g_date_get_day(when) == 28) {
		g_date_add_days(when, 1);
		date_to_yymmdd(when, buf);
		push_candidate(out, buf);
	}
}

/* The expiry that the law gives a card issued on `issue`: the next renewal
 * age, or the one after it when issued within two years before it. Returns
 * an index into renewal_ages, or G_N_ELEMENTS (no expiry). */
static guint
renewal_index_for_issue(GDate *birth, GDate *issue)
{
	for (guint i = 0; i < G_N_ELEMENTS(renewal_ages); i++) {
		g_autoptr(GDate) milestone = date_add_years(birth, renewal_ages[i]);
		g_autoptr(GDate) grace_start = date_add_years(birth, renewal_ages[i] - TD_RENEWAL_GRACE_YEARS);
		if (g_date_compare(issue, milestone) >= 0)
			continue;
		if (g_date_compare(issue, grace_start) >= 0)
			return i + 1;
		return i;
	}
	return G_N_ELEMENTS(renewal_ages);
}

GPtrArray *
td_expiry_candidates(GDate *birth, GDate *issue, GDate *today)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	if (issue != NULL) {
		guint idx = renewal_index_for_issue(birth, issue);
		/* The rule's answer first; then its neighbours, for the edge
		 * of the two-year window and cards issued under the 2014 law
		 * (no renewal at 14). */
		if (idx < G_N_ELEMENTS(renewal_ages))
			push_milestone(out, birth, renewal_ages[idx]);
		else
			push_candidate(out, TD_NO_EXPIRY);
		if (idx > 0) {
			g_autoptr(GDate) prev = date_add_years(birth, renewal_ages[idx - 1]);
			if (g_date_compare(prev, issue) > 0)
				push_milestone(out, birth, renewal_ages[idx - 1]);
		}
		if (idx + 1 < G_N_ELEMENTS(renewal_ages))
			push_milestone(out, birth, renewal_ages[idx + 1]);
		else if (idx + 1 == G_N_ELEMENTS(renewal_ages))
			push_candidate(out, TD_NO_EXPIRY);
		return out;
	}

	/* Issue date unknown: the next renewal age still ahead, the one
	 * after it, and "no expiry" for people near or past 60; then the last
	 * one passed (an expired card still opens; past 60 that is a card
	 * issued before 58, which runs to the 60th birthday). */
	{
		gint last_passed = -1;
		guint pushed = 0;
		for (guint i = 0; i < G_N_ELEMENTS(renewal_ages); i++) {
			g_autoptr(GDate) milestone = date_add_years(birth, renewal_ages[i]);
			if (g_date_compare(milestone, today) < 0) {
				last_passed = (gint)i;
				continue;
			}
			if (pushed < 2) {
				push_milestone(out, birth, renewal_ages[i]);
				pushed++;
			}
		}
		{
			g_autoptr(GDate) near60 = date_add_years(birth, 60 - TD_RENEWAL_GRACE_YEARS);
			if (g_date_compare(today, near60) >= 0)
				push_candidate(out, TD_NO_EXPIRY);
		}
		if (last_passed >= 0)
			push_milestone(out, birth, renewal_ages[last_passed]);
	}
	return out;
}

static TdAccessKeyList *
list_new(const gchar *id12)
{
	TdAccessKeyList *list = g_new0(TdAccessKeyList, 1);
	/* room for every key made at once: an array that grew would leave
	 * its earlier copies of the keys unwiped in freed memory (a list
	 * holds the CAN and a handful of BAC keys) */
	list->keys = g_array_sized_new(FALSE, TRUE, sizeof(TdAccessKey), TD_ACCESS_KEY_LIST_ROOM);
	if (id12 != NULL)
		g_strlcpy(list->id_number, id12, sizeof(list->id_number));
	return list;
}

static void
add_pace_can(TdAccessKeyList *list, const gchar *id12)
{
	TdAccessKey key = {.kind = TD_ACCESS_KEY_PACE_CAN};
	/* The CCCD prints no CAN; readers use the last 6 digits of the ID. */
	g_strlcpy(key.can, id12 + 6, sizeof(key.can));
	g_array_append_val(list->keys, key);
	td_memwipe(&key, sizeof(key));
}

static void
add_bac(TdAccessKeyList *list, TdAccessKeyKind kind, const gchar *document_number, const gchar *birth, const gchar *expiry)
{
	TdAccessKey key = {.kind = kind};
	g_strlcpy(key.document_number, document_number, sizeof(key.document_number));
	g_strlcpy(key.birth_yymmdd, birth, sizeof(key.birth_yymmdd));
	g_strlcpy(key.expiry_yymmdd, expiry, sizeof(key.expiry_yymmdd));
	g_array_append_val(list->keys, key);
	td_memwipe(&key, sizeof(key));
}

/* The BAC keys for a birth date known as a date (its century too) and the
 * expiry dates the renewal-age rule gives with the issue date (NULL: not
 * known), most likely first. */
static void
add_bac_for_birth_date(TdAccessKeyList *list, const gchar *id12, GDate *birth, GDate *issue, GDate *now)
{
	g_autoptr(GPtrArray) candidates = td_expiry_candidates(birth, issue, now);
	gchar birth_yymmdd[7];

	date_to_yymmdd(birth, birth_yymmdd);
	for (guint i = 0; i < candidates->len; i++)
		add_bac(list, TD_ACCESS_KEY_BAC, id12 + 3, birth_yymmdd, g_ptr_array_index(candidates, i));
	td_memwipe(birth_yymmdd, sizeof(birth_yymmdd));
}

static GDate *
date_from_yymmdd_birth(const gchar *yymmdd, GDate *today)
{
	guint yy = (guint)((yymmdd[0] - '0') * 10 + (yymmdd[1] - '0'));
	guint mm = (guint)((yymmdd[2] - '0') * 10 + (yymmdd[3] - '0'));
	guint dd = (guint)((yymmdd[4] - '0') * 10 + (yymmdd[5] - '0'));
	guint century = 2000;
	/* A birth year in the future belongs to the last century. */
	if (2000 + yy > g_date_get_year(today))
		century = 1900;
	if (!g_date_valid_dmy((GDateDay)dd, (GDateMonth)mm, (GDateYear)(century + yy)))
		return NULL;
	return g_date_new_dmy((GDateDay)dd, (GDateMonth)mm, (GDateYear)(century + yy));
}

static GDate *
gdate_from_datetime(GDateTime *dt)
{
	g_autoptr(GDateTime) now = dt != NULL ? g_date_time_ref(dt) : g_date_time_new_now_local();
	return g_date_new_dmy((GDateDay)g_date_time_get_day_of_month(now), (GDateMonth)g_date_time_get_month(now),
			      (GDateYear)g_date_time_get_year(now));
}

static gboolean
validate_id12(const gchar *id12, GError **error)
{
	if (!is_digits(id12, 12)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "the ID number must be exactly 12 digits");
		return FALSE;
	}
	return TRUE;
}

TdAccessKeyList *
td_access_key_list_new_from_id(const gchar *id12, const gchar *birth_yymmdd, const gchar *expiry_yymmdd, GDateTime *today,
			       GError **error)
{
	g_autoptr(TdAccessKeyList) list = NULL;

	if (!validate_id12(id12, error))
		return NULL;
	if (birth_yymmdd != NULL && (!is_yymmdd(birth_yymmdd) || g_str_equal(birth_yymmdd, TD_NO_EXPIRY))) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "the date of birth must be a date as YYMMDD");
		return NULL;
	}
	if (expiry_yymmdd != NULL && !is_yymmdd(expiry_yymmdd)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "the date of expiry must be a date as YYMMDD (991231 for no expiry)");
		return NULL;
	}
	if (expiry_yymmdd != NULL && birth_yymmdd == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "a date of expiry needs the date of birth too");
		return NULL;
	}
	list = list_new(id12);
	add_pace_can(list, id12);
	if (birth_yymmdd == NULL)
		return g_steal_pointer(&list);
	if (expiry_yymmdd != NULL) {
		add_bac(list, TD_ACCESS_KEY_BAC, id12 + 3, birth_yymmdd, expiry_yymmdd);
	} else {
		g_autoptr(GDate) now = gdate_from_datetime(today);
		g_autoptr(GDate) birth = date_from_yymmdd_birth(birth_yymmdd, now);
		if (birth == NULL) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "the date of birth is not a real date");
			return NULL;
		}
		add_bac_for_birth_date(list, id12, birth, NULL, now);
	}
	return g_steal_pointer(&list);
}

TdAccessKeyList *
td_access_key_list_new_from_birth_date(const gchar *id12, guint day, guint month, guint year, GDateTime *today,
				       GError **error)
{
	g_autoptr(TdAccessKeyList) list = NULL;
	g_autoptr(GDate) birth = NULL;
	g_autoptr(GDate) now = NULL;

	if (!validate_id12(id12, error))
		return NULL;
	if (year < 1900 || year > 2099 || !g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "the date of birth is not a real date");
		return NULL;
	}
	birth = g_date_new_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year);
	now = gdate_from_datetime(today);
	list = list_new(id12);
	add_pace_can(list, id12);
	add_bac_for_birth_date(list, id12, birth, NULL, now);
	return g_steal_pointer(&list);
}

TdAccessKeyList *
td_access_key_list_new_from_qr(const gchar *qr_text, GDateTime *today, GError **error)
{
	g_auto(GStrv) fields = NULL;
	g_autoptr(TdAccessKeyList) list = NULL;
	g_autoptr(GDate) birth = NULL;
	g_autoptr(GDate) issue = NULL;
	g_autoptr(GDate) now = NULL;
	g_autofree gchar *trimmed = NULL;
	const gchar *birth_field = NULL, *issue_field = NULL;
	gboolean canonical;
	guint n;

	if (qr_text == NULL || !g_utf8_validate(qr_text, -1, NULL)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "the QR text is not UTF-8");
		return NULL;
	}
	trimmed = g_strstrip(g_strdup(qr_text));
	fields = g_strsplit(trimmed, "|", -1);
	td_memwipe(trimmed, strlen(trimmed));
	n = g_strv_length(fields);
	if (!validate_id12(fields[0], error))
		goto out;
	/* ID|oldID|name|birth|sex|residence|issue, or without oldID, as
	 * DOMAIN.md writes them, read strictly: a date there that is no date
	 * is a misread code. Another shape (a separator after the last
	 * field, fields a newer card adds after them): the layout the birth
	 * date's place says, the fields after the issue date not read, and a
	 * date that does not read leaves the ID alone. */
	canonical = n == 7 || n == 6;
	if (n >= 7 && is_digits(fields[3], 8)) {
		birth_field = fields[3];
		issue_field = fields[6];
	} else if (n >= 6 && is_digits(fields[2], 8)) {
		birth_field = fields[2];
		issue_field = fields[5];
	} else if (canonical) {
		birth_field = fields[n == 7 ? 3 : 2];
		issue_field = fields[n - 1];
	}
	/* a read cut short, or a layout not known, after a whole ID (a field
	 * follows it): the ID alone opens the chip with PACE (DOMAIN.md §2),
	 * and a BAC-only chip asks the birth date */
	if (birth_field == NULL && n < 2) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "the QR text has %u fields; a CCCD's has 6 or 7", n);
		goto out;
	}
	if (birth_field != NULL) {
		now = gdate_from_datetime(today);
		birth = date_from_ddmmyyyy(birth_field);
		if (birth == NULL && !is_partial_ddmmyyyy(birth_field) && canonical) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "the QR text's date of birth is not a date (ddMMyyyy)");
			goto out;
		}
	}
	/* Some cards leave the issue date out or empty: fall back to the
	 * candidates for an unknown issue date. */
	if (birth != NULL && issue_field[0] != '\0') {
		issue = date_from_ddmmyyyy(issue_field);
		if (issue == NULL && canonical) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "the QR text's issue date is not a date (ddMMyyyy)");
			goto out;
		}
	}
	list = list_new(fields[0]);
	add_pace_can(list, fields[0]);
	if (birth != NULL)
		add_bac_for_birth_date(list, fields[0], birth, issue, now);
out:
	for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
		td_memwipe(fields[i], strlen(fields[i]));
	return g_steal_pointer(&list);
}

TdAccessKeyList *
td_access_key_list_new_from_mrz(const gchar *mrz_text, GError **error)
{
	g_autoptr(TdMrz) mrz = td_mrz_parse_td1(mrz_text, FALSE, error);
	TdAccessKeyList *list;

	if (mrz == NULL)
		return NULL;
	list = list_new(td_mrz_get_id_number(mrz));
	add_bac(list, TD_ACCESS_KEY_PACE_MRZ, mrz->document_number, mrz->birth_yymmdd, mrz->expiry_yymmdd);
	add_bac(list, TD_ACCESS_KEY_BAC, mrz->document_number, mrz->birth_yymmdd, mrz->expiry_yymmdd);
	return list;
}

TdAccessKeyList *
td_access_key_list_new_from_scan(const gchar *scan_text, GDateTime *today, GError **error)
{
	g_autoptr(GError) qr_error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_qr(scan_text, today, &qr_error);

	if (keys == NULL && strlen(scan_text) == 12)
		keys = td_access_key_list_new_from_id(scan_text, NULL, NULL, today, NULL);
	if (keys == NULL)
		keys = td_access_key_list_new_from_mrz(scan_text, NULL);
	if (keys == NULL)
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "the scan is neither a CCCD QR code, an ID number nor an MRZ (as a QR code: %s)",
			    qr_error->message);
	return keys;
}

guint
td_access_key_list_get_length(const TdAccessKeyList *list)
{
	return list->keys->len;
}

const TdAccessKey *
td_access_key_list_get(const TdAccessKeyList *list, guint index)
{
	g_return_val_if_fail(index < list->keys->len, NULL);
	return &g_array_index(list->keys, TdAccessKey, index);
}

const gchar *
td_access_key_list_get_id_number(const TdAccessKeyList *list)
{
	return list->id_number[0] != '\0' ? list->id_number : NULL;
}

void
td_access_key_list_free(TdAccessKeyList *list)
{
	if (list == NULL)
		return;
	td_memwipe(list->keys->data, list->keys->len * sizeof(TdAccessKey));
	g_array_unref(list->keys);
	td_memwipe(list, sizeof(*list));
	g_free(list);
}
