/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-der.h"
#include "td-dg13.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-tlv.h"

/* The layout is not published. A public reader that decoded real sample
 * bytes sees 6D { SEQUENCE { INTEGER 1, OID, SET { SEQUENCE { INTEGER n,
 * value }... } } } (DOMAIN.md §2); others scan for the entries and never
 * see the containers. So the entries are looked for wherever they sit under 6D, in
 * any SEQUENCE or SET, and taken by n alone: absent entries shift every
 * offset after them, and nobody has shown the container path to be fixed.
 * One entry that holds something unexpected costs that field only. */

/* Containers under 6D: real cards use two (SEQUENCE, SET). The bound keeps
 * a hostile file from recursing deep. */
#define TD_DG13_MAX_CONTAINER_DEPTH 6
/* Inside an entry: 13/14 nest their names one level deeper. */
#define TD_DG13_MAX_ENTRY_DEPTH 4
#define TD_DG13_LAST_ENTRY 16

#define TD_DER_NUMERIC_STRING 0x12
#define TD_DER_T61_STRING     0x14
#define TD_DER_IA5_STRING     0x16
#define TD_DER_VISIBLE_STRING 0x1A
#define TD_DER_BMP_STRING     0x1E

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
	gsize offset; /* of the gchar * or TdDate * in TdDg13 */
	const gchar *name;
} TdDg13Field;

/* In entry order: td_dg13_fields[n - 1] is entry n. */
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
G_STATIC_ASSERT(G_N_ELEMENTS(td_dg13_fields) == TD_DG13_LAST_ENTRY);

static gboolean
td_dg13_field_is_date(const TdDg13Field *field)
{
	return field->kind == TD_DG13_KIND_DATE || field->kind == TD_DG13_KIND_EXPIRY;
}

TdDg13 *
td_dg13_new(void)
{
	TdDg13 *dg13 = g_new0(TdDg13, 1);
	dg13->warnings = g_ptr_array_new_with_free_func(g_free);
	return dg13;
}

void
td_dg13_free(TdDg13 *dg13)
{
	if (dg13 == NULL)
		return;
	for (gsize i = 0; i < G_N_ELEMENTS(td_dg13_fields); i++) {
		const TdDg13Field *field = &td_dg13_fields[i];
		if (td_dg13_field_is_date(field))
			td_date_free(G_STRUCT_MEMBER(TdDate *, dg13, field->offset));
		else
			td_str_clear_free(G_STRUCT_MEMBER(gchar *, dg13, field->offset));
	}
	td_str_clear_free(dg13->mother_name);
	/* no personal data in them: plain free */
	g_clear_pointer(&dg13->warnings, g_ptr_array_unref);
	g_free(dg13);
}

/* The name of a string type we do not take, for the warning. */
static const gchar *
td_dg13_string_type_name(guint32 tag)
{
	switch (tag) {
	case TD_DER_T61_STRING:
		return "T61String";
	case 0x15:
		return "VideotexString";
	case 0x19:
		return "GraphicString";
	case 0x1B:
		return "GeneralString";
	case 0x1C:
		return "UniversalString";
	case TD_DER_BMP_STRING:
		return "BMPString";
	default:
		return NULL;
	}
}

/* The string types whose bytes are ASCII (ISO/IEC 8824-1: digits and
 * space; IA5; printable ASCII), taken as UTF-8 is: DOMAIN.md gives the
 * ID number and the dates as PrintableStrings, and another ASN.1 writer
 * may well choose one of these for them. T61String (its encoding is not
 * one), BMPString and the rest stay refused. */
static gboolean
td_dg13_is_ascii_string_type(guint32 tag)
{
	return tag == TD_DER_NUMERIC_STRING || tag == TD_DER_IA5_STRING || tag == TD_DER_VISIBLE_STRING;
}

/* Valid UTF-8 (ASCII for the ASCII types), no control characters, NFC:
 * the same name typed in NFD on one card and NFC on another must compare
 * equal downstream. */
static gchar *
td_dg13_decode_string(const TdTlv *tlv, GError **error)
{
	const gchar *text = (const gchar *)tlv->value;
	const gchar *end = text + tlv->length;
	gchar *normalized;

	if (tlv->tag == TD_DER_NUMERIC_STRING) {
		for (gsize i = 0; i < tlv->length; i++) {
			if (!g_ascii_isdigit(tlv->value[i]) && tlv->value[i] != ' ') {
				g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
						    "not digits and spaces in a NumericString");
				return NULL;
			}
		}
	}
	if (td_dg13_is_ascii_string_type(tlv->tag)) {
		for (gsize i = 0; i < tlv->length; i++) {
			if (tlv->value[i] >= 0x80) {
				g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not ASCII in %s",
					    tlv->tag == TD_DER_IA5_STRING	  ? "an IA5String"
					    : tlv->tag == TD_DER_VISIBLE_STRING ? "a VisibleString"
										: "a NumericString");
				return NULL;
			}
		}
	}
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

/* Every string of an entry in document order, whatever SEQUENCEs (or SETs)
 * wrap them: the two public readings of entries 13/14 differ only in
 * nesting. With keep_places (the parents), an empty SEQUENCE is a name
 * left out that keeps its place, as an empty string does: "SEQUENCE {},
 * SEQUENCE { mother }" was read as the mother being the father. */
static gboolean
td_dg13_collect_strings(TdTlvIter *iter, guint depth, gboolean keep_places, GPtrArray *strings, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdTlv tlv;

	while (td_tlv_iter_next(iter, &tlv, &error_local)) {
		if (tlv.tag == TD_DER_UTF8_STRING || tlv.tag == TD_DER_PRINTABLE_STRING ||
		    td_dg13_is_ascii_string_type(tlv.tag)) {
			gchar *str = td_dg13_decode_string(&tlv, error);
			if (str == NULL)
				return FALSE;
			g_ptr_array_add(strings, str);
		} else if ((tlv.tag == TD_DER_SEQUENCE || tlv.tag == TD_DER_SET) && tlv.length == 0 && keep_places) {
			g_ptr_array_add(strings, g_strdup(""));
		} else if (tlv.tag == TD_DER_SEQUENCE || tlv.tag == TD_DER_SET) {
			TdTlvIter child;
			if (depth >= TD_DG13_MAX_ENTRY_DEPTH) {
				g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "nested too deep");
				return FALSE;
			}
			td_tlv_iter_init(&child, tlv.value, tlv.length);
			if (!td_dg13_collect_strings(&child, depth + 1, keep_places, strings, error))
				return FALSE;
		} else if (td_dg13_string_type_name(tlv.tag) != NULL) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "unexpected string type %s",
				    td_dg13_string_type_name(tlv.tag));
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

/* text with every run of white space (a no-break space too) one space,
 * none at the ends */
static gchar *
td_dg13_collapse_spaces(const gchar *text)
{
	GString *out = g_string_new(NULL);
	gboolean space = FALSE;

	for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR) {
			space = TRUE;
			continue;
		}
		if (space && out->len > 0)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}

static gboolean
td_dg13_is_no_expiry(const gchar *text)
{
	g_autofree gchar *folded = g_utf8_casefold(text, -1);
	g_autofree gchar *expected = g_utf8_normalize("không thời hạn", -1, G_NORMALIZE_NFC);
	g_autofree gchar *folded_nfc = g_utf8_normalize(folded, -1, G_NORMALIZE_NFC);
	g_autofree gchar *collapsed = folded_nfc != NULL ? td_dg13_collapse_spaces(folded_nfc) : NULL;

	/* "KHÔNG THỜI HẠN", decomposed, or with two spaces or a no-break
	 * space between the words: the same words */
	return collapsed != NULL && g_strcmp0(collapsed, expected) == 0;
}

static gboolean
td_dg13_is_digits(const gchar *text, gsize count)
{
	if (text == NULL || strlen(text) != count)
		return FALSE;
	for (gsize i = 0; i < count; i++) {
		if (!g_ascii_isdigit(text[i]))
			return FALSE;
	}
	return TRUE;
}

static TdDate *
td_dg13_date_new(const gchar *text, GError **error)
{
	TdDate date = {0};
	TdDate *copy;

	if (!td_date_parse(text, &date, error))
		return NULL;
	copy = td_date_copy(&date);
	td_memwipe(&date, sizeof(date));
	return copy;
}

/* Stores the strings of entry `field` into dg13; takes them from strings.
 * An empty string is a field left blank: NULL, no warning. */
static gboolean
td_dg13_store(TdDg13 *dg13, const TdDg13Field *field, GPtrArray *strings, GError **error)
{
	guint max_strings = field->kind == TD_DG13_KIND_PARENTS ? 2 : 1;
	const gchar *text;

	if (strings->len > max_strings) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%u strings, expected at most %u",
			    strings->len, max_strings);
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
		/* padded at its end as the dates may be ("001099012345 "): the
		 * digits are the number, a space is no part of it (the spaces
		 * become NULs in place, so the wipe at free still covers every
		 * digit) */
		if (!td_dg13_is_digits(g_strchomp(g_ptr_array_index(strings, 0)), 12)) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not 12 digits");
			return FALSE;
		}
		G_STRUCT_MEMBER(gchar *, dg13, field->offset) = g_steal_pointer(&g_ptr_array_index(strings, 0));
		return TRUE;
	case TD_DG13_KIND_EXPIRY:
		if (td_dg13_is_no_expiry(text)) {
			dg13->no_expiry = TRUE;
			return TRUE;
		}
		dg13->expiry_date = td_dg13_date_new(text, NULL);
		if (dg13->expiry_date == NULL) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
					    "neither a date nor the words for no expiry");
			return FALSE;
		}
		return TRUE;
	case TD_DG13_KIND_DATE:
		G_STRUCT_MEMBER(TdDate *, dg13, field->offset) = td_dg13_date_new(text, error);
		return G_STRUCT_MEMBER(TdDate *, dg13, field->offset) != NULL;
	case TD_DG13_KIND_TEXT:
	case TD_DG13_KIND_PARENTS:
	default:
		G_STRUCT_MEMBER(gchar *, dg13, field->offset) = g_steal_pointer(&g_ptr_array_index(strings, 0));
		return TRUE;
	}
}

/* entry: SEQUENCE { INTEGER n, value... }, n already checked. */
static gboolean
td_dg13_parse_entry(TdDg13 *dg13, const TdDg13Field *field, const TdTlv *entry, GError **error)
{
	g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func((GDestroyNotify)td_str_clear_free);
	TdTlvIter iter;
	TdTlv number;

	td_tlv_iter_init(&iter, entry->value, entry->length);
	if (!td_tlv_iter_next(&iter, &number, error))
		return FALSE;
	if (!td_dg13_collect_strings(&iter, 1, field->kind == TD_DG13_KIND_PARENTS, strings, error))
		return FALSE;
	/* a place kept after the last name holds nothing: "SEQUENCE {father,
	 * mother}, SEQUENCE {}" is still two names */
	while (strings->len > 0 && *(gchar *)g_ptr_array_index(strings, strings->len - 1) == '\0')
		g_ptr_array_remove_index(strings, strings->len - 1);
	return td_dg13_store(dg13, field, strings, error);
}

/* What the walk through the containers found. */
typedef struct {
	TdTlv entries[TD_DG13_LAST_ENTRY + 1]; /* the first one of each number */
	guint counts[TD_DG13_LAST_ENTRY + 1];
	GPtrArray *warnings;
} TdDg13Walk;

/* The first two children of a constructed value; FALSE if it has none.
 * second->tag is 0 when there is no (parsable) second child. */
static gboolean
td_dg13_first_children(const TdTlv *tlv, TdTlv *first, TdTlv *second)
{
	TdTlvIter iter;

	td_tlv_iter_init(&iter, tlv->value, tlv->length);
	if (!td_tlv_iter_next(&iter, first, NULL))
		return FALSE;
	if (!td_tlv_iter_next(&iter, second, NULL))
		second->tag = 0;
	return TRUE;
}

/* Whether tlv is shaped as an entry, SEQUENCE { INTEGER, … }: the names of
 * entries 13 and 14 never are (strings, or SEQUENCEs of strings). */
static gboolean
td_dg13_is_entry_shaped(const TdTlv *tlv)
{
	TdTlv first, second;

	return tlv->tag == TD_DER_SEQUENCE && td_dg13_first_children(tlv, &first, &second) &&
	       first.tag == TD_DER_INTEGER;
}

/* Whether a SET or SEQUENCE holds entries among its children: a
 * container, not the names of entry 13 or 14. */
static gboolean
td_dg13_holds_entries(const TdTlv *tlv)
{
	TdTlvIter iter;
	TdTlv child;

	if (tlv->tag != TD_DER_SEQUENCE && tlv->tag != TD_DER_SET)
		return FALSE;
	td_tlv_iter_init(&iter, tlv->value, tlv->length);
	while (td_tlv_iter_next(&iter, &child, NULL)) {
		if (td_dg13_is_entry_shaped(&child))
			return TRUE;
	}
	return FALSE;
}

static void
td_dg13_walk_found_entry(TdDg13Walk *walk, const TdTlv *entry, const TdTlv *number_tlv)
{
	guint64 number = 0;

	if (!td_der_get_uint(number_tlv, "entry number", &number, NULL)) {
		g_ptr_array_add(walk->warnings, g_strdup("an entry whose number is not a small INTEGER was skipped"));
		return;
	}
	/* entries added by later card generations are none of our business */
	if (number == 0 || number > TD_DG13_LAST_ENTRY)
		return;
	if (walk->counts[number]++ == 0)
		walk->entries[number] = *entry;
}

/* Looks through a container's children for entries, descending into
 * SEQUENCEs and SETs that are not entries themselves. */
static gboolean
td_dg13_walk(TdDg13Walk *walk, const guint8 *data, gsize len, guint depth, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdTlvIter iter;
	TdTlv tlv;

	if (depth > TD_DG13_MAX_CONTAINER_DEPTH) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "containers nested too deep");
		return FALSE;
	}
	td_tlv_iter_init(&iter, data, len);
	while (td_tlv_iter_next(&iter, &tlv, &error_local)) {
		TdTlv first;
		TdTlv second;

		switch (tlv.tag) {
		case TD_DER_SEQUENCE:
			/* SEQUENCE { INTEGER n, value } is entry n; SEQUENCE
			 * { INTEGER 1, OID, ... } is the version header's
			 * container, with the entries somewhere after it, and
			 * so is one whose OID is missing or comes later,
			 * SEQUENCE { INTEGER 1, SET { entries } } or
			 * SEQUENCE { INTEGER 1, entry, entry … } (before, they
			 * were taken for entry 1 and the card refused) */
			if (td_dg13_first_children(&tlv, &first, &second) && first.tag == TD_DER_INTEGER &&
			    second.tag != TD_DER_OID && !td_dg13_holds_entries(&second) &&
			    !td_dg13_is_entry_shaped(&second)) {
				td_dg13_walk_found_entry(walk, &tlv, &first);
				break;
			}
			if (!td_dg13_walk(walk, tlv.value, tlv.length, depth + 1, error))
				return FALSE;
			break;
		case TD_DER_SET:
			if (!td_dg13_walk(walk, tlv.value, tlv.length, depth + 1, error))
				return FALSE;
			break;
		case TD_DER_INTEGER:
		case TD_DER_OID:
			/* the version and the OID of the header */
			break;
		default:
			g_ptr_array_add(walk->warnings, g_strdup_printf("unexpected tag %X between the entries was skipped",
									tlv.tag));
			break;
		}
	}
	/* bytes that do not parse (an entry whose number has a length past
	 * its end): the rest of this container is unreadable, the entries
	 * found before it and beside it are kept, and the card is judged on
	 * them (DOMAIN.md: report that entry, keep the others). The file's
	 * hash in the SOD still vouches for every byte. */
	if (error_local != NULL)
		g_ptr_array_add(walk->warnings,
				g_strdup_printf("unreadable bytes in a container were skipped: %s", error_local->message));
	return TRUE;
}

TdDg13 *
td_dg13_parse(GBytes *file, GError **error)
{
	g_autoptr(TdDg13) dg13 = td_dg13_new();
	TdDg13Walk walk = {0};
	/* the warning that says why entry 1 or 2 is unusable: the error for
	 * the ID number, already said for the name */
	const gchar *required_problem[3] = {NULL};
	TdTlv outer;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x6D, &outer, error)) {
		g_prefix_error(error, "DG13: ");
		return NULL;
	}
	walk.warnings = dg13->warnings;
	if (!td_dg13_walk(&walk, outer.value, outer.length, 1, error)) {
		g_prefix_error(error, "DG13: ");
		return NULL;
	}

	for (guint n = 1; n <= TD_DG13_LAST_ENTRY; n++) {
		const TdDg13Field *field = &td_dg13_fields[n - 1];
		g_autoptr(GError) error_entry = NULL;
		gchar *warning;

		if (walk.counts[n] == 0)
			continue;
		/* which one the card meant is unknowable: neither */
		if (walk.counts[n] > 1)
			warning = g_strdup_printf("entry %u (%s): appears %u times", n, field->name, walk.counts[n]);
		else if (!td_dg13_parse_entry(dg13, field, &walk.entries[n], &error_entry))
			warning = g_strdup_printf("entry %u (%s): %s", n, field->name, error_entry->message);
		else
			continue;
		g_ptr_array_add(dg13->warnings, warning);
		if (n < G_N_ELEMENTS(required_problem))
			required_problem[n] = warning;
	}

	/* The old 9-digit ID is entry 15 on the cards public readers decoded;
	 * one public profile has 2024 cards put it at entry 16 instead, where
	 * other cards hold 16 hexadecimal characters of unknown meaning.
	 * Taken from 16 only when there is no entry 15 and 16 is exactly nine
	 * decimal digits, which those 16 characters never are: a card with
	 * both keeps 15, and the unknown field is never shown as an ID. */
	if (walk.counts[15] == 0 && td_dg13_is_digits(dg13->unknown_field16, 9))
		dg13->old_id_number = g_steal_pointer(&dg13->unknown_field16);

	/* without the ID number the card is of no use; without the name it
	 * goes to the desk, the warning saying why (a missing or empty one
	 * has none yet) */
	if (dg13->id_number == NULL) {
		if (required_problem[1] != NULL)
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG13: %s", required_problem[1]);
		else
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG13: entry 1 (%s): %s",
				    td_dg13_fields[0].name, walk.counts[1] == 0 ? "missing" : "empty");
		return NULL;
	}
	if (dg13->full_name == NULL && required_problem[2] == NULL)
		g_ptr_array_add(dg13->warnings, g_strdup_printf("entry 2 (%s): %s", td_dg13_fields[1].name,
								 walk.counts[2] == 0 ? "missing" : "empty"));
	return g_steal_pointer(&dg13);
}
