/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The TD1 machine-readable zone (ICAO 9303-5), on the card's back and in
 * DG1. */
#include "config.h"

#include <string.h>

#include "td-mrz.h"
#include "td-reader-error.h"
#include "td-secret.h"

#define TD1_LINE 30

gchar
td_mrz_check_digit(const gchar *field, gssize len)
{
	static const guint weights[3] = {7, 3, 1};
	guint sum = 0;
	gsize n = len < 0 ? strlen(field) : (gsize)len;

	for (gsize i = 0; i < n; i++) {
		gchar c = field[i];
		guint v = 0;
		if (c >= '0' && c <= '9')
			v = (guint)(c - '0');
		else if (c >= 'A' && c <= 'Z')
			v = (guint)(c - 'A' + 10);
		else if (c >= 'a' && c <= 'z')
			v = (guint)(c - 'a' + 10);
		sum += v * weights[i % 3];
	}
	return (gchar)('0' + sum % 10);
}

static void extract_id_number(TdMrz *mrz);

static gboolean
is_mrz_char(gchar c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

static gchar *
name_from_field(const gchar *field, gsize len)
{
	/* a name: every copy wiped, and none left behind by a buffer that
	 * grew (each is sized for the whole field first) */
	gchar *s = g_strndup(field, len);
	GString *out = g_string_sized_new(len + 1);
	gchar **words;

	g_strdelimit(s, "<", ' ');
	/* Runs of fillers became runs of spaces: fold them. */
	words = g_strsplit(g_strstrip(s), " ", -1);
	for (guint i = 0; words[i] != NULL; i++) {
		if (words[i][0] != '\0') {
			if (out->len > 0)
				g_string_append_c(out, ' ');
			g_string_append(out, words[i]);
		}
		td_memwipe(words[i], strlen(words[i]));
	}
	g_strfreev(words);
	td_memwipe(s, len);
	g_free(s);
	return g_string_free(out, FALSE);
}

static gboolean
check_field(const gchar *field, gsize len, gchar check, const gchar *what, GError **error, TdReaderError code)
{
	if (td_mrz_check_digit(field, (gssize)len) == check)
		return TRUE;
	g_set_error(error, TD_READER_ERROR, code, "MRZ check digit of the %s does not match", what);
	return FALSE;
}

TdMrz *
td_mrz_parse_td1(const gchar *text, gboolean from_chip, GError **error)
{
	TdReaderError code = from_chip ? TD_READER_ERROR_MALFORMED : TD_READER_ERROR_INVALID_INPUT;
	/* sized for the whole text: grown, it would leave copies unwiped */
	g_autoptr(GString) flat = g_string_sized_new(strlen(text) + 1);
	g_autoptr(TdMrz) mrz = NULL;
	g_autofree gchar *composite = NULL;
	const gchar *l1, *l2, *l3;

	for (const gchar *p = text; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			continue;
		if (!is_mrz_char(*p)) {
			td_memwipe(flat->str, flat->len);
			g_set_error(error, TD_READER_ERROR, code, "MRZ holds a character outside A-Z, 0-9 and '<'");
			return NULL;
		}
		g_string_append_c(flat, *p);
	}
	if (flat->len != 3 * TD1_LINE) {
		g_set_error(error, TD_READER_ERROR, code, "a TD1 MRZ has 90 characters, not %" G_GSIZE_FORMAT, flat->len);
		td_memwipe(flat->str, flat->len);
		return NULL;
	}
	mrz = g_new0(TdMrz, 1);
	mrz->raw = g_string_free(g_steal_pointer(&flat), FALSE);
	l1 = mrz->raw;
	l2 = l1 + TD1_LINE;
	l3 = l2 + TD1_LINE;

	memcpy(mrz->document_code, l1, 2);
	g_strdelimit(mrz->document_code, "<", '\0');
	memcpy(mrz->issuing_state, l1 + 2, 3);
	memcpy(mrz->document_number, l1 + 5, 9);
	mrz->optional_data1 = g_strndup(l1 + 15, 15);
	memcpy(mrz->birth_yymmdd, l2, 6);
	mrz->sex = l2[7];
	memcpy(mrz->expiry_yymmdd, l2 + 8, 6);
	memcpy(mrz->nationality, l2 + 15, 3);
	mrz->optional_data2 = g_strndup(l2 + 18, 11);

	/* Names: SURNAME<<GIVEN<NAMES */
	{
		const gchar *sep = g_strstr_len(l3, TD1_LINE, "<<");
		if (sep != NULL) {
			mrz->primary_identifier = name_from_field(l3, (gsize)(sep - l3));
			mrz->secondary_identifier = name_from_field(sep + 2, TD1_LINE - (gsize)(sep + 2 - l3));
		} else {
			mrz->primary_identifier = name_from_field(l3, TD1_LINE);
			mrz->secondary_identifier = g_strdup("");
		}
	}

	if (l1[14] == '<') {
		/* A document number over 9 characters continues in the optional
		 * data (9303-5 §4.2.2); CCCDs never do that. */
		g_set_error(error, TD_READER_ERROR, code, "MRZ document number longer than 9 characters is not supported");
		return NULL;
	}
	if (!check_field(l1 + 5, 9, l1[14], "document number", error, code) ||
	    !check_field(l2, 6, l2[6], "date of birth", error, code) ||
	    !check_field(l2 + 8, 6, l2[14], "date of expiry", error, code))
		return NULL;
	if (mrz->sex != 'M' && mrz->sex != 'F' && mrz->sex != '<') {
		g_set_error(error, TD_READER_ERROR, code, "MRZ sex field is not M, F or <");
		return NULL;
	}
	composite = g_strdup_printf("%.25s%.7s%.7s%.11s", l1 + 5, l2, l2 + 8, l2 + 18);
	if (!check_field(composite, 50, l2[29], "whole MRZ (composite)", error, code)) {
		td_memwipe(composite, strlen(composite));
		return NULL;
	}
	td_memwipe(composite, strlen(composite));
	extract_id_number(mrz);
	return g_steal_pointer(&mrz);
}

/* CCCDs carry the whole 12-digit ID and its check digit in optional data 1;
 * its last 9 digits are the document number. */
static void
extract_id_number(TdMrz *mrz)
{
	static const gsize id_len = 12;
	const gchar *opt = mrz->optional_data1;

	if (strlen(opt) < id_len + 1)
		return;
	for (gsize i = 0; i < id_len; i++) {
		if (!g_ascii_isdigit(opt[i]))
			return;
	}
	if (td_mrz_check_digit(opt, id_len) != opt[id_len] || memcmp(opt + 3, mrz->document_number, 9) != 0)
		return;
	memcpy(mrz->id_number, opt, id_len);
}

const gchar *
td_mrz_get_id_number(const TdMrz *mrz)
{
	return mrz->id_number[0] != '\0' ? mrz->id_number : NULL;
}

void
td_mrz_free(TdMrz *mrz)
{
	if (mrz == NULL)
		return;
	td_str_clear_free(mrz->raw);
	td_str_clear_free(mrz->optional_data1);
	td_str_clear_free(mrz->optional_data2);
	td_str_clear_free(mrz->primary_identifier);
	td_str_clear_free(mrz->secondary_identifier);
	td_memwipe(mrz, sizeof(*mrz));
	g_free(mrz);
}
