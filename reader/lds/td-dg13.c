/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-der.h"
#include "td-dg13.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-tlv.h"

/* The layout is not published; this follows what public readers decoded
 * from real cards (DOMAIN.md §2): 6D { SEQUENCE { INTEGER 1, OID,
 * SEQUENCE { INTEGER n, value }... } }. Entries are found by n only, since
 * absent entries shift every offset after them. */

/* Entries 13/14 nest their names one or two levels deeper; nothing needs
 * more, and a bound keeps hostile input from recursing deep. */
#define TD_DG13_MAX_DEPTH 4

typedef enum {
	TD_DG13_KIND_TEXT,
	TD_DG13_KIND_ID,
	TD_DG13_KIND_DATE,
	TD_DG13_KIND_EXPIRY,
	TD_DG13_KIND_PARENTS,
} TdDg13Kind;

typedef struct {
	guint number;
	TdDg13Kind kind;
	gsize offset; /* of the gchar * in TdDg13 */
	const gchar *name;
} TdDg13Field;

static const TdDg13Field td_dg13_fields[] = {
	{1, TD_DG13_KIND_ID, G_STRUCT_OFFSET(TdDg13, id_number), "ID number"},
	{2, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, full_name), "full name"},
	{3, TD_DG13_KIND_DATE, G_STRUCT_OFFSET(TdDg13, date_of_birth), "date of birth"},
	{4, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, sex), "sex"},
	{5, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, nationality), "nationality"},
	{6, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, ethnicity), "ethnicity"},
	{7, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, religion), "religion"},
	{8, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, place_of_origin), "place of origin"},
	{9, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, place_of_residence), "place of residence"},
	{10, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, identification_features), "identification features"},
	{11, TD_DG13_KIND_DATE, G_STRUCT_OFFSET(TdDg13, issue_date), "issue date"},
	{12, TD_DG13_KIND_EXPIRY, G_STRUCT_OFFSET(TdDg13, expiry_date), "expiry date"},
	{13, TD_DG13_KIND_PARENTS, G_STRUCT_OFFSET(TdDg13, father_name), "parents"},
	{14, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, spouse_name), "spouse"},
	{15, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, old_id_number), "old ID number"},
	{16, TD_DG13_KIND_TEXT, G_STRUCT_OFFSET(TdDg13, unknown_field16), "field 16"},
};

void
td_dg13_free(TdDg13 *dg13)
{
	if (dg13 == NULL)
		return;
	for (gsize i = 0; i < G_N_ELEMENTS(td_dg13_fields); i++)
		td_str_clear_free(G_STRUCT_MEMBER(gchar *, dg13, td_dg13_fields[i].offset));
	td_str_clear_free(dg13->mother_name);
	g_free(dg13);
}

/* Valid UTF-8, no control characters, NFC: the same name typed in NFD on
 * one card and NFC on another must compare equal downstream. */
static gchar *
td_dg13_decode_string(const TdTlv *tlv, GError **error)
{
	const gchar *text = (const gchar *)tlv->value;
	const gchar *end = text + tlv->length;
	gchar *normalized;

	if (!g_utf8_validate_len(text, tlv->length, NULL)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not valid UTF-8");
		return NULL;
	}
	for (const gchar *p = text; p < end; p = g_utf8_next_char(p)) {
		if (g_unichar_iscntrl(g_utf8_get_char(p))) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "control character");
			return NULL;
		}
	}
	normalized = g_utf8_normalize(text, tlv->length, G_NORMALIZE_NFC);
	if (normalized == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "cannot normalise");
		return NULL;
	}
	return normalized;
}

/* Every string of an entry in document order, whatever SEQUENCEs wrap
 * them: the two public readings of entries 13/14 differ only in nesting. */
static gboolean
td_dg13_collect_strings(TdTlvIter *iter, guint depth, GPtrArray *strings, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdTlv tlv;

	while (td_tlv_iter_next(iter, &tlv, &error_local)) {
		if (tlv.tag == TD_DER_UTF8_STRING || tlv.tag == TD_DER_PRINTABLE_STRING) {
			gchar *str = td_dg13_decode_string(&tlv, error);
			if (str == NULL)
				return FALSE;
			g_ptr_array_add(strings, str);
		} else if (tlv.tag == TD_DER_SEQUENCE) {
			TdTlvIter child;
			if (depth >= TD_DG13_MAX_DEPTH) {
				g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "nested too deep");
				return FALSE;
			}
			td_tlv_iter_init(&child, tlv.value, tlv.length);
			if (!td_dg13_collect_strings(&child, depth + 1, strings, error))
				return FALSE;
		} else {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "unexpected tag %X", tlv.tag);
			return FALSE;
		}
	}
	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	return TRUE;
}

static gboolean
td_dg13_read_digits(const gchar *text, guint n, guint *out)
{
	guint acc = 0;
	for (guint i = 0; i < n; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
		acc = acc * 10 + (guint)(text[i] - '0');
	}
	*out = acc;
	return TRUE;
}

/* "dd/mm/yyyy" (what cards carry) or "ddmmyyyy" -> "yyyy-mm-dd". */
static gchar *
td_dg13_convert_date(const gchar *text, GError **error)
{
	gsize len = strlen(text);
	guint day = 0;
	guint month = 0;
	guint year = 0;
	gboolean ok = FALSE;

	if (len == 10 && text[2] == '/' && text[5] == '/')
		ok = td_dg13_read_digits(text, 2, &day) && td_dg13_read_digits(text + 3, 2, &month) &&
		     td_dg13_read_digits(text + 6, 4, &year);
	else if (len == 8)
		ok = td_dg13_read_digits(text, 2, &day) && td_dg13_read_digits(text + 2, 2, &month) &&
		     td_dg13_read_digits(text + 4, 4, &year);
	if (!ok || year < 1000 || !g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not a valid dd/mm/yyyy date");
		return NULL;
	}
	return g_strdup_printf("%04u-%02u-%02u", year, month, day);
}

static gboolean
td_dg13_is_no_expiry(const gchar *text)
{
	g_autofree gchar *folded = g_utf8_casefold(text, -1);
	g_autofree gchar *expected = g_utf8_normalize("không thời hạn", -1, G_NORMALIZE_NFC);
	g_autofree gchar *folded_nfc = g_utf8_normalize(folded, -1, G_NORMALIZE_NFC);

	return folded_nfc != NULL && g_strcmp0(g_strstrip(folded_nfc), expected) == 0;
}

static gboolean
td_dg13_is_id_number(const gchar *text)
{
	if (strlen(text) != 12)
		return FALSE;
	for (guint i = 0; i < 12; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

/* Stores the strings of entry `field` into dg13; takes them from strings. */
static gboolean
td_dg13_store(TdDg13 *dg13, const TdDg13Field *field, GPtrArray *strings, GError **error)
{
	gchar **slot = &G_STRUCT_MEMBER(gchar *, dg13, field->offset);
	guint max_strings = field->kind == TD_DG13_KIND_PARENTS ? 2 : 1;
	gchar *text;

	if (strings->len > max_strings) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%u strings", strings->len);
		return FALSE;
	}
	if (field->kind == TD_DG13_KIND_PARENTS) {
		/* an empty string keeps its place: father first, mother second */
		if (strings->len >= 1 && *(gchar *)g_ptr_array_index(strings, 0) != '\0')
			dg13->father_name = g_steal_pointer(&g_ptr_array_index(strings, 0));
		if (strings->len >= 2 && *(gchar *)g_ptr_array_index(strings, 1) != '\0')
			dg13->mother_name = g_steal_pointer(&g_ptr_array_index(strings, 1));
		return TRUE;
	}
	if (strings->len == 0 || *(gchar *)g_ptr_array_index(strings, 0) == '\0')
		return TRUE;
	text = g_ptr_array_index(strings, 0);

	switch (field->kind) {
	case TD_DG13_KIND_ID:
		if (!td_dg13_is_id_number(text)) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not 12 digits");
			return FALSE;
		}
		*slot = g_steal_pointer(&g_ptr_array_index(strings, 0));
		return TRUE;
	case TD_DG13_KIND_EXPIRY:
		if (td_dg13_is_no_expiry(text)) {
			dg13->no_expiry = TRUE;
			return TRUE;
		}
		*slot = td_dg13_convert_date(text, error);
		return *slot != NULL;
	case TD_DG13_KIND_DATE:
		*slot = td_dg13_convert_date(text, error);
		return *slot != NULL;
	case TD_DG13_KIND_TEXT:
	case TD_DG13_KIND_PARENTS:
	default:
		*slot = g_steal_pointer(&g_ptr_array_index(strings, 0));
		return TRUE;
	}
}

static gboolean
td_dg13_parse_entry(TdDg13 *dg13, const TdTlv *entry, guint32 *seen, GError **error)
{
	g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func((GDestroyNotify)td_str_clear_free);
	const TdDg13Field *field = NULL;
	TdTlvIter iter;
	TdTlv number_tlv;
	guint64 number = 0;

	td_tlv_iter_init(&iter, entry->value, entry->length);
	if (!td_der_iter_expect(&iter, TD_DER_INTEGER, "entry number", &number_tlv, error) ||
	    !td_der_get_uint(&number_tlv, "entry number", &number, error))
		return FALSE;
	for (gsize i = 0; i < G_N_ELEMENTS(td_dg13_fields); i++) {
		if (td_dg13_fields[i].number == number)
			field = &td_dg13_fields[i];
	}
	/* entries added by later card generations are none of our business */
	if (field == NULL)
		return TRUE;
	if (*seen & (1u << number)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "entry %u twice", field->number);
		return FALSE;
	}
	*seen |= 1u << number;
	if (!td_dg13_collect_strings(&iter, 1, strings, error) || !td_dg13_store(dg13, field, strings, error)) {
		g_prefix_error(error, "entry %u (%s): ", field->number, field->name);
		return FALSE;
	}
	return TRUE;
}

/* TRUE if data starts with INTEGER then OBJECT IDENTIFIER: the version and
 * OID that open the DG13 content. */
static gboolean
td_dg13_starts_with_header(const guint8 *data, gsize len)
{
	TdTlvIter iter;
	TdTlv first;
	TdTlv second;

	td_tlv_iter_init(&iter, data, len);
	return td_tlv_iter_next(&iter, &first, NULL) && first.tag == TD_DER_INTEGER &&
	       td_tlv_iter_next(&iter, &second, NULL) && second.tag == TD_DER_OID;
}

TdDg13 *
td_dg13_parse(GBytes *file, GError **error)
{
	g_autoptr(TdDg13) dg13 = g_new0(TdDg13, 1);
	g_autoptr(GError) error_local = NULL;
	const guint8 *content;
	gsize content_len;
	guint32 seen = 0;
	TdTlv outer;
	TdTlv tlv;
	TdTlvIter iter;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x6D, &outer, error)) {
		g_prefix_error(error, "DG13: ");
		return NULL;
	}
	content = outer.value;
	content_len = outer.length;

	/* Unwrap the one SEQUENCE around everything, if the 6D holds one and it
	 * is a container (header, or entries) rather than a lone entry. */
	if (td_tlv_parse(content, content_len, &tlv, NULL) && tlv.raw_length == content_len &&
	    tlv.tag == TD_DER_SEQUENCE) {
		TdTlv first;
		if (td_dg13_starts_with_header(tlv.value, tlv.length) ||
		    (td_tlv_parse(tlv.value, tlv.length, &first, NULL) && first.tag == TD_DER_SEQUENCE)) {
			content = tlv.value;
			content_len = tlv.length;
		}
	}

	td_tlv_iter_init(&iter, content, content_len);
	if (td_dg13_starts_with_header(content, content_len)) {
		td_tlv_iter_next(&iter, &tlv, NULL);
		td_tlv_iter_next(&iter, &tlv, NULL);
	}
	while (td_tlv_iter_next(&iter, &tlv, &error_local)) {
		if (tlv.tag != TD_DER_SEQUENCE) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG13: unexpected tag %X", tlv.tag);
			return NULL;
		}
		if (!td_dg13_parse_entry(dg13, &tlv, &seen, error)) {
			g_prefix_error(error, "DG13: ");
			return NULL;
		}
	}
	if (error_local != NULL) {
		g_propagate_prefixed_error(error, g_steal_pointer(&error_local), "DG13: ");
		return NULL;
	}
	return g_steal_pointer(&dg13);
}
