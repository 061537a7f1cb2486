/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-eligibility-query.h"
#include "td-eligibility.h"
#include "td-gateway-error.h"
#include "td-secret.h"

#define TD_NAME_MAX_CHARS 100

void
td_eligibility_query_free(TdEligibilityQuery *query)
{
	if (query == NULL)
		return;
	td_str_clear_free(query->card_or_id);
	td_str_clear_free(query->name);
	td_memwipe(query, sizeof(*query));
	g_free(query);
}

TdEligibilityQuery *
td_eligibility_query_copy(const TdEligibilityQuery *query)
{
	TdEligibilityQuery *copy = g_new0(TdEligibilityQuery, 1);
	*copy = *query;
	copy->card_or_id = g_strdup(query->card_or_id);
	copy->name = g_strdup(query->name);
	return copy;
}

gboolean
td_eligibility_is_id_number(const gchar *text)
{
	if (text == NULL || strlen(text) != 12)
		return FALSE;
	for (gsize i = 0; i < 12; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

static gchar *
query_normalize_name(const gchar *name)
{
	g_autofree gchar *nfc = NULL;
	GString *out;
	gboolean space = FALSE;

	if (name == NULL || !g_utf8_validate(name, -1, NULL))
		return NULL;
	nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
	if (nfc == NULL)
		return NULL;
	out = g_string_new(NULL);
	for (const gchar *p = nfc; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c)) {
			space = out->len > 0;
			continue;
		}
		if (g_unichar_iscntrl(c) || !(g_unichar_isalpha(c) || c == '\'' || c == '-' ||
					      c == '.' || g_unichar_ismark(c))) {
			td_memwipe(out->str, out->len);
			g_string_free(out, TRUE);
			return NULL;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_unichar(out, c);
	}
	if (out->len == 0 || g_utf8_strlen(out->str, -1) > TD_NAME_MAX_CHARS) {
		td_memwipe(out->str, out->len);
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

static gboolean
birth_date_is_valid(const TdBirthDate *birth)
{
	if (birth->year < 1900 || birth->year > 2999)
		return FALSE;
	if (birth->month == 0)
		return birth->day == 0;
	if (birth->month > 12)
		return FALSE;
	return birth->day == 0 ||
	       g_date_valid_dmy((GDateDay)birth->day, (GDateMonth)birth->month, (GDateYear)birth->year);
}

static gboolean
birth_date_parse(const gchar *text, TdBirthDate *birth)
{
	g_auto(GStrv) parts = NULL;
	guint values[3] = {0};
	guint n;

	if (text == NULL)
		return FALSE;
	parts = g_strsplit(text, "/", 4);
	n = g_strv_length(parts);
	if (n < 1 || n > 3)
		return FALSE;
	for (guint i = 0; i < n; i++) {
		gsize len = strlen(parts[i]);
		gsize want = i == n - 1 ? 4 : 2;
		if (len != want && !(i < n - 1 && len == 1))
			return FALSE;
		for (gsize j = 0; j < len; j++) {
			if (!g_ascii_isdigit(parts[i][j]))
				return FALSE;
		}
		values[i] = (guint)g_ascii_strtoull(parts[i], NULL, 10);
	}
	birth->year = values[n - 1];
	birth->month = n >= 2 ? values[n - 2] : 0;
	birth->day = n == 3 ? values[0] : 0;
	/* typed by a person: mm/yyyy means a month, not "month unknown" */
	if (n >= 2 && birth->month == 0)
		return FALSE;
	if (n == 3 && birth->day == 0)
		return FALSE;
	return birth_date_is_valid(birth);
}

/* birth NULL: the birth date did not parse, and birth_error says how it
 * should look. The ID and the name are checked first either way. */
static TdEligibilityQuery *
query_new(const gchar *card_or_id, const gchar *name, const TdBirthDate *birth, const gchar *birth_error,
	  GError **error)
{
	g_autoptr(TdEligibilityQuery) query = g_new0(TdEligibilityQuery, 1);

	if (td_eligibility_is_id_number(card_or_id)) {
		query->card_or_id = g_strdup(card_or_id);
	} else if (card_or_id != NULL && strlen(card_or_id) == 15) {
		query->card_or_id = g_ascii_strup(card_or_id, -1);
		if (!td_eligibility_card_code_is_valid(query->card_or_id)) {
			g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT,
					    "a card code is 2 letters, a benefit level 1-5 and 12 digits");
			return NULL;
		}
	} else {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT,
				    "expected a 12-digit ID number or a 15-character card code");
		return NULL;
	}
	query->name = query_normalize_name(name);
	if (query->name == NULL) {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT,
				    "the name is empty, too long or has characters a name cannot have");
		return NULL;
	}
	if (birth == NULL || !birth_date_is_valid(birth)) {
		g_set_error_literal(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_INVALID_INPUT, birth_error);
		return NULL;
	}
	query->birth_year = birth->year;
	query->birth_month = birth->month;
	query->birth_day = birth->day;
	return g_steal_pointer(&query);
}

TdEligibilityQuery *
td_eligibility_query_new_for_birth_date(const gchar *card_or_id, const gchar *name, const TdBirthDate *birth_date,
					GError **error)
{
	g_return_val_if_fail(birth_date != NULL, NULL);
	return query_new(card_or_id, name, birth_date,
			 "the birth date is not a date from 1900 on (day, or day and month, may be unknown)", error);
}

TdEligibilityQuery *
td_eligibility_query_new(const gchar *card_or_id, const gchar *name, const gchar *birth_date,
			 GError **error)
{
	TdBirthDate birth = {0};
	gboolean parsed = birth_date_parse(birth_date, &birth);
	TdEligibilityQuery *query =
	    query_new(card_or_id, name, parsed ? &birth : NULL, "the birth date must be dd/mm/yyyy, mm/yyyy or yyyy",
		      error);

	td_memwipe(&birth, sizeof(birth));
	return query;
}

gchar *
td_eligibility_query_format_birth_date(const TdEligibilityQuery *query, TdBirthDateFormat format)
{
	if (query->birth_month == 0)
		return g_strdup_printf("%04u", query->birth_year);
	/* DOMAIN.md gives one form for a month and year, with its slash: the
	 * compact setting is the spec's example of a whole date, and "031958"
	 * is no form the gateway documents */
	if (query->birth_day == 0)
		return g_strdup_printf("%02u/%04u", query->birth_month, query->birth_year);
	return g_strdup_printf(format == TD_BIRTH_DATE_FORMAT_COMPACT ? "%02u%02u%04u"
								      : "%02u/%02u/%04u",
			       query->birth_day, query->birth_month, query->birth_year);
}
