/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-der.h"
#include "td-reader-error.h"
#include "td-tlv.h"
#include "td-vchip-lds.h"
#include "td-vchip-structure.h"

#define TAG_SEQUENCE 0x30
#define TAG_INTEGER 0x02
#define TAG_OID 0x06
#define TAG_BMP_STRING 0x1E

/* The string types a dump may show: the reader's (UTF8String,
 * PrintableString and the other ASCII ones, td-dg13.c) and two it refuses
 * (T61String, BMPString), so a card of either reads as the field card did */
static gboolean
is_string_tag(guint32 tag)
{
	return tag == 0x0C || tag == 0x12 || tag == 0x13 || tag == 0x14 || tag == 0x16 || tag == 0x1A ||
	       tag == TAG_BMP_STRING;
}

/* The profile's value for the k-th string of DG13 entry n. */
static const gchar *
profile_value(const TdVchipProfile *p, gint64 n, guint k)
{
	const gchar *single[] = {
		NULL, p->id_number, p->full_name, p->date_of_birth, p->sex, p->nationality, p->ethnicity, p->religion,
		p->place_of_origin, p->place_of_residence, p->identification_features, p->issue_date, p->expiry_date,
	};
	if (n == 13)
		return k == 0 ? p->father : k == 1 ? p->mother : NULL;
	if (k != 0)
		return NULL;
	if (n >= 1 && n < (gint64)G_N_ELEMENTS(single))
		return single[n];
	if (n == 14)
		return p->spouse;
	if (n == 15)
		return p->old_id_number;
	return NULL;
}

static void
append_string(GByteArray *buf, guint32 tag, const gchar *text, gsize dumped_length, gint64 entry)
{
	g_autofree gchar *filler = NULL;

	if (text == NULL && entry == 16) {
		/* what real cards carry there: hexadecimal characters */
		filler = g_strnfill(MIN(dumped_length, 64), '0');
		text = filler;
	}
	if (text == NULL)
		text = "";
	if (tag == TAG_BMP_STRING) {
		/* UCS-2 big-endian, as BMPString is */
		g_autofree gunichar2 *utf16 = NULL;
		glong n = 0;
		g_autoptr(GByteArray) be = g_byte_array_new();
		utf16 = g_utf8_to_utf16(text, -1, NULL, &n, NULL);
		for (glong i = 0; utf16 != NULL && i < n; i++) {
			guint8 pair[2] = {utf16[i] >> 8, utf16[i] & 0xff};
			g_byte_array_append(be, pair, 2);
		}
		td_tlv_append(buf, tag, be->data, be->len);
		return;
	}
	td_tlv_append(buf, tag, (const guint8 *)text, strlen(text));
}

/* An entry: SEQUENCE { INTEGER n, ... } that is not the version header
 * (SEQUENCE { INTEGER, OID, ... }). */
static gboolean
entry_number(const TdStructureNode *node, gint64 *n)
{
	const TdStructureNode *first, *second;

	if (node->tag != TAG_SEQUENCE || node->children == NULL || node->children->len == 0)
		return FALSE;
	first = g_ptr_array_index(node->children, 0);
	second = node->children->len > 1 ? g_ptr_array_index(node->children, 1) : NULL;
	if (!first->has_integer || (second != NULL && second->oid != NULL))
		return FALSE;
	*n = first->integer;
	return TRUE;
}

static gboolean
append_node(GByteArray *buf, const TdVchipProfile *p, const TdStructureNode *node, gint64 entry, guint *k, guint depth,
	    GError **error)
{
	if (depth > 16) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "DG13 structure nests too deep");
		return FALSE;
	}
	if (node->children != NULL) {
		gsize mark = td_tlv_begin(buf, node->tag);
		guint own_k = 0;
		gint64 n;

		if (entry == 0 && entry_number(node, &n)) {
			entry = n;
			k = &own_k;
		}
		for (guint i = 0; i < node->children->len; i++) {
			if (!append_node(buf, p, g_ptr_array_index(node->children, i), entry, k, depth + 1, error))
				return FALSE;
		}
		td_tlv_end(buf, mark);
		return TRUE;
	}
	if (node->tag == TAG_INTEGER && node->has_integer && node->integer >= 0 && node->integer <= G_MAXUINT32) {
		td_vchip_der_append_integer(buf, (guint)node->integer);
	} else if (node->tag == TAG_OID && node->oid != NULL) {
		if (!td_der_append_oid(buf, TD_DER_OID, node->oid, error))
			return FALSE;
	} else if (is_string_tag(node->tag) && entry > 0) {
		append_string(buf, node->tag, profile_value(p, entry, *k), node->length, entry);
		(*k)++;
	} else {
		/* anything else keeps its tag and length, not its value */
		g_autofree guint8 *zeros = g_malloc0(MAX(node->length, 1));
		td_tlv_append(buf, node->tag, zeros, node->length);
	}
	return TRUE;
}

GBytes *
td_vchip_build_dg13_from_structure(const TdVchipProfile *p, const TdStructureNode *dg13, GError **error)
{
	GByteArray *buf = g_byte_array_new();
	guint k = 0;

	if (dg13->tag != 0x6D || dg13->children == NULL) {
		g_byte_array_unref(buf);
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
				    "the structure's DG13 is not a constructed 6D");
		return NULL;
	}
	if (!append_node(buf, p, dg13, 0, &k, 0, error)) {
		td_byte_array_clear_free(buf);
		return NULL;
	}
	return td_vchip_bytes_new_wiped(buf);
}
