/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* BER-TLV as ICAO 9303-10 and ISO 7816-4 use it: tags of up to 3 bytes,
 * definite lengths of up to 4 bytes. A TdTlv points into the caller's buffer;
 * nothing is copied, so the buffer must outlive it. */
typedef struct {
	guint32 tag;	       /* the tag bytes big-endian, e.g. 0x5F1F, 0x7F49 */
	gboolean constructed;  /* bit 6 of the first tag byte */
	const guint8 *value;
	gsize length;	       /* length of value */
	const guint8 *raw;     /* the whole TLV, tag included */
	gsize raw_length;
} TdTlv;

typedef struct {
	const guint8 *pos;
	const guint8 *end;
} TdTlvIter;

/* Parses the TLV at the start of data; fails with TD_READER_ERROR_MALFORMED
 * if it is truncated, indefinite-length or longer than the buffer. */
gboolean td_tlv_parse(const guint8 *data, gsize len, TdTlv *out, GError **error);
/* Parses data that must hold exactly one TLV with this tag (trailing bytes
 * are an error). */
gboolean td_tlv_parse_expect(const guint8 *data, gsize len, guint32 tag, TdTlv *out, GError **error);
void td_tlv_iter_init(TdTlvIter *iter, const guint8 *data, gsize len);
/* Returns TRUE with *out filled, or FALSE: at the end (error unset) or on a
 * malformed TLV (error set). */
gboolean td_tlv_iter_next(TdTlvIter *iter, TdTlv *out, GError **error);
/* First direct child of a constructed value with this tag; FALSE if absent
 * or malformed. */
gboolean td_tlv_find(const guint8 *data, gsize len, guint32 tag, TdTlv *out);
/* How many bytes the tag and length of a TLV take, from its first bytes; so a
 * file reader can learn a file's total size from its first 4..6 bytes.
 * Returns FALSE if more bytes are needed or the header is malformed. */
gboolean td_tlv_header_size(const guint8 *data, gsize len, gsize *header_len, gsize *value_len);

/* Encoding, for the virtual chip, secure messaging and tests. */
void td_tlv_append_tag(GByteArray *buf, guint32 tag);
void td_tlv_append_length(GByteArray *buf, gsize len);
void td_tlv_append(GByteArray *buf, guint32 tag, const guint8 *value, gsize len);
/* For nested constructed TLVs whose length is not known up front:
 * gsize mark = td_tlv_begin(buf, 0x77); ...append children...;
 * td_tlv_end(buf, mark); */
gsize td_tlv_begin(GByteArray *buf, guint32 tag);
void td_tlv_end(GByteArray *buf, gsize mark);

G_END_DECLS
