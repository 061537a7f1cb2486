/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/objects.h>

#include "td-der.h"
#include "td-reader-error.h"

gboolean
td_der_get_uint(const TdTlv *tlv, const gchar *what, guint64 *out, GError **error)
{
	guint64 acc = 0;
	gsize start = 0;

	if (tlv->tag != TD_DER_INTEGER || tlv->length == 0) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s: not an INTEGER", what);
		return FALSE;
	}
	if (tlv->value[0] & 0x80) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s: negative", what);
		return FALSE;
	}
	/* one leading zero byte keeps a high bit positive */
	while (start + 1 < tlv->length && tlv->value[start] == 0x00)
		start++;
	if (tlv->length - start > 8 || (tlv->length - start == 8 && tlv->value[start] & 0x80)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s: too large", what);
		return FALSE;
	}
	for (gsize i = start; i < tlv->length; i++)
		acc = (acc << 8) | tlv->value[i];
	*out = acc;
	return TRUE;
}

gboolean
td_der_iter_expect(TdTlvIter *iter, guint32 tag, const gchar *what, TdTlv *out, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	if (!td_tlv_iter_next(iter, out, &error_local)) {
		if (error_local != NULL) {
			g_propagate_prefixed_error(error, g_steal_pointer(&error_local), "%s: ", what);
			return FALSE;
		}
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s: missing", what);
		return FALSE;
	}
	if (out->tag != tag) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "%s: expected tag %X, found %X",
			    what,
			    tag,
			    out->tag);
		return FALSE;
	}
	return TRUE;
}

gchar *
td_der_oid_to_string(const guint8 *value, gsize len, GError **error)
{
	g_autoptr(GString) str = g_string_new(NULL);
	gboolean first = TRUE;
	gsize i = 0;

	if (len == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "empty OID");
		return NULL;
	}
	while (i < len) {
		guint64 arc = 0;
		gboolean done = FALSE;

		/* 0x80 as the first byte of an arc is a non-minimal encoding */
		if (value[i] == 0x80) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "OID arc not minimal");
			return NULL;
		}
		while (i < len) {
			guint8 b = value[i++];
			if (arc > (G_MAXUINT64 >> 7)) {
				g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "OID arc too large");
				return NULL;
			}
			arc = (arc << 7) | (b & 0x7F);
			if ((b & 0x80) == 0) {
				done = TRUE;
				break;
			}
		}
		if (!done) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "OID truncated");
			return NULL;
		}
		if (first) {
			/* the first subidentifier packs two arcs: 40 * X + Y */
			guint first_arc = arc < 40 ? 0 : arc < 80 ? 1 : 2;
			g_string_append_printf(str, "%u.%" G_GUINT64_FORMAT, first_arc, arc - 40 * (guint64)first_arc);
			first = FALSE;
		} else {
			g_string_append_printf(str, ".%" G_GUINT64_FORMAT, arc);
		}
	}
	return g_string_free(g_steal_pointer(&str), FALSE);
}

gchar *
td_der_get_oid(const TdTlv *tlv, const gchar *what, GError **error)
{
	gchar *oid;

	if (tlv->tag != TD_DER_OID) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s: not an OID", what);
		return NULL;
	}
	oid = td_der_oid_to_string(tlv->value, tlv->length, error);
	if (oid == NULL)
		g_prefix_error(error, "%s: ", what);
	return oid;
}

gboolean
td_der_append_oid(GByteArray *buf, guint32 tag, const gchar *dotted, GError **error)
{
	/* no_name = 1: numbers only, never a name looked up in a table */
	ASN1_OBJECT *obj = dotted != NULL ? OBJ_txt2obj(dotted, 1) : NULL;

	if (obj == NULL || OBJ_length(obj) == 0) {
		ASN1_OBJECT_free(obj);
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "not an OID: %s",
			    dotted != NULL ? dotted : "(none)");
		return FALSE;
	}
	td_tlv_append(buf, tag, OBJ_get0_data(obj), OBJ_length(obj));
	ASN1_OBJECT_free(obj);
	return TRUE;
}
