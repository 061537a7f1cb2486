/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-tlv.h"

G_BEGIN_DECLS

/* The few ASN.1 DER pieces the data-group parsers share, on top of the
 * BER-TLV reader. All errors are TD_READER_ERROR_MALFORMED. */
#define TD_DER_INTEGER 0x02
#define TD_DER_BIT_STRING 0x03
#define TD_DER_OCTET_STRING 0x04
#define TD_DER_NULL 0x05
#define TD_DER_OID 0x06
#define TD_DER_UTF8_STRING 0x0C
#define TD_DER_PRINTABLE_STRING 0x13
#define TD_DER_SEQUENCE 0x30
#define TD_DER_SET 0x31

/* A non-negative INTEGER that fits in 63 bits; what names it goes in the
 * error message. */
gboolean td_der_get_uint(const TdTlv *tlv, const gchar *what, guint64 *out, GError **error);
/* The next child of an iterator, which must be there and carry this tag. */
gboolean td_der_iter_expect(TdTlvIter *iter, guint32 tag, const gchar *what, TdTlv *out, GError **error);
/* Dotted decimal text of an OBJECT IDENTIFIER's value bytes ("2.23.136.1.1.1"),
 * or NULL if the encoding is truncated, not minimal or has arcs over 64 bits. */
gchar *td_der_oid_to_string(const guint8 *value, gsize len, GError **error);
/* Same, from a TLV that must be tagged 06. */
gchar *td_der_get_oid(const TdTlv *tlv, const gchar *what, GError **error);
/* The other way: appends the OBJECT IDENTIFIER of dotted text under tag
 * (TD_DER_OID in DER; 80 in the data objects of MSE:Set AT).
 * TD_READER_ERROR_INVALID_INPUT if the text is not a dotted OID. */
gboolean td_der_append_oid(GByteArray *buf, guint32 tag, const gchar *dotted, GError **error);

G_END_DECLS
