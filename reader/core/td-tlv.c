/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-reader-error.h"
#include "td-tlv.h"

/* Everything here reads card data: every index is checked against the end
 * of the buffer before it is used, and lengths are compared by subtraction
 * so that a 4-byte length near G_MAXSIZE cannot wrap around. */

/* Reads the tag at data[0..len); returns its size in bytes, or 0 if it is
 * truncated or longer than 3 bytes. */
static gsize
td_tlv_read_tag(const guint8 *data, gsize len, guint32 *tag)
{
	gsize n = 1;

	if (len < 1)
		return 0;
	*tag = data[0];
	if ((data[0] & 0x1F) != 0x1F)
		return 1;
	/* high-tag-number form: subsequent bytes while bit 8 is set */
	for (;;) {
		if (n >= len || n >= 3)
			return 0;
		*tag = (*tag << 8) | data[n];
		if ((data[n++] & 0x80) == 0)
			return n;
	}
}

/* Reads the length at data[0..len); returns its size in bytes, or 0 if it is
 * truncated, indefinite (0x80) or longer than 4 bytes. */
static gsize
td_tlv_read_length(const guint8 *data, gsize len, gsize *value_len)
{
	gsize n_bytes;
	guint64 acc = 0;

	if (len < 1)
		return 0;
	if (data[0] < 0x80) {
		*value_len = data[0];
		return 1;
	}
	n_bytes = data[0] & 0x7F;
	if (n_bytes == 0 || n_bytes > 4 || len < 1 + n_bytes)
		return 0;
	for (gsize i = 0; i < n_bytes; i++)
		acc = (acc << 8) | data[1 + i];
	if (acc > G_MAXSIZE)
		return 0;
	*value_len = (gsize)acc;
	return 1 + n_bytes;
}

static gboolean
td_tlv_read_header(const guint8 *data, gsize len, guint32 *tag, gsize *header_len, gsize *value_len)
{
	gsize tag_len = td_tlv_read_tag(data, len, tag);
	gsize len_len;

	if (tag_len == 0)
		return FALSE;
	len_len = td_tlv_read_length(data + tag_len, len - tag_len, value_len);
	if (len_len == 0)
		return FALSE;
	*header_len = tag_len + len_len;
	return TRUE;
}

gboolean
td_tlv_parse(const guint8 *data, gsize len, TdTlv *out, GError **error)
{
	guint32 tag = 0;
	gsize header_len = 0;
	gsize value_len = 0;

	g_return_val_if_fail(out != NULL, FALSE);

	if (data == NULL || len == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "TLV: no data");
		return FALSE;
	}
	if (!td_tlv_read_header(data, len, &tag, &header_len, &value_len)) {
		g_set_error_literal(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_MALFORMED,
				    "TLV: truncated or unsupported tag or length");
		return FALSE;
	}
	if (value_len > len - header_len) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "TLV %X: length %" G_GSIZE_FORMAT " exceeds the %" G_GSIZE_FORMAT " bytes left",
			    tag,
			    value_len,
			    len - header_len);
		return FALSE;
	}
	out->tag = tag;
	out->constructed = (data[0] & 0x20) != 0;
	out->value = data + header_len;
	out->length = value_len;
	out->raw = data;
	out->raw_length = header_len + value_len;
	return TRUE;
}

gboolean
td_tlv_parse_expect(const guint8 *data, gsize len, guint32 tag, TdTlv *out, GError **error)
{
	TdTlv tlv;

	if (!td_tlv_parse(data, len, &tlv, error))
		return FALSE;
	if (tlv.tag != tag) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "expected tag %X, found %X",
			    tag,
			    tlv.tag);
		return FALSE;
	}
	if (tlv.raw_length != len) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "tag %X: %" G_GSIZE_FORMAT " trailing bytes",
			    tag,
			    len - tlv.raw_length);
		return FALSE;
	}
	*out = tlv;
	return TRUE;
}

void
td_tlv_iter_init(TdTlvIter *iter, const guint8 *data, gsize len)
{
	g_return_if_fail(iter != NULL);
	iter->pos = data;
	iter->end = data != NULL ? data + len : NULL;
}

gboolean
td_tlv_iter_next(TdTlvIter *iter, TdTlv *out, GError **error)
{
	TdTlv tlv;

	g_return_val_if_fail(iter != NULL, FALSE);
	if (iter->pos == NULL || iter->pos >= iter->end)
		return FALSE;
	if (!td_tlv_parse(iter->pos, (gsize)(iter->end - iter->pos), &tlv, error)) {
		/* stop here for good: a caller that ignores the error must not
		 * loop on the same bytes */
		iter->pos = iter->end;
		return FALSE;
	}
	iter->pos += tlv.raw_length;
	*out = tlv;
	return TRUE;
}

gboolean
td_tlv_find(const guint8 *data, gsize len, guint32 tag, TdTlv *out)
{
	TdTlvIter iter;
	TdTlv tlv;

	td_tlv_iter_init(&iter, data, len);
	while (td_tlv_iter_next(&iter, &tlv, NULL)) {
		if (tlv.tag == tag) {
			*out = tlv;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean
td_tlv_header_size(const guint8 *data, gsize len, gsize *header_len, gsize *value_len)
{
	guint32 tag = 0;
	gsize hlen = 0;
	gsize vlen = 0;

	if (data == NULL || !td_tlv_read_header(data, len, &tag, &hlen, &vlen))
		return FALSE;
	if (header_len != NULL)
		*header_len = hlen;
	if (value_len != NULL)
		*value_len = vlen;
	return TRUE;
}

void
td_tlv_append_tag(GByteArray *buf, guint32 tag)
{
	guint8 bytes[4];
	gsize n = 0;

	for (gint shift = 24; shift >= 0; shift -= 8) {
		guint8 b = (tag >> shift) & 0xFF;
		if (n == 0 && b == 0 && shift > 0)
			continue;
		bytes[n++] = b;
	}
	g_byte_array_append(buf, bytes, n);
}

/* Minimal (DER) length encoding into out[5]; returns its size. */
static gsize
td_tlv_encode_length(gsize len, guint8 *out)
{
	gsize n_bytes = 0;

	if (len < 0x80) {
		out[0] = (guint8)len;
		return 1;
	}
	g_return_val_if_fail((guint64)len <= G_MAXUINT32, 0);
	for (gsize tmp = len; tmp > 0; tmp >>= 8)
		n_bytes++;
	out[0] = 0x80 | (guint8)n_bytes;
	for (gsize i = 0; i < n_bytes; i++)
		out[n_bytes - i] = (guint8)(len >> (8 * i));
	return 1 + n_bytes;
}

void
td_tlv_append_length(GByteArray *buf, gsize len)
{
	guint8 bytes[5];
	gsize n = td_tlv_encode_length(len, bytes);

	g_byte_array_append(buf, bytes, n);
}

void
td_tlv_append(GByteArray *buf, guint32 tag, const guint8 *value, gsize len)
{
	td_tlv_append_tag(buf, tag);
	td_tlv_append_length(buf, len);
	if (len > 0)
		g_byte_array_append(buf, value, len);
}

/* The mark is the offset just after the tag: td_tlv_end() inserts the
 * length there once the children are in. */
gsize
td_tlv_begin(GByteArray *buf, guint32 tag)
{
	td_tlv_append_tag(buf, tag);
	return buf->len;
}

void
td_tlv_end(GByteArray *buf, gsize mark)
{
	guint8 bytes[5];
	gsize n;
	gsize content_len;

	g_return_if_fail(mark <= buf->len);
	content_len = buf->len - mark;
	n = td_tlv_encode_length(content_len, bytes);
	g_byte_array_set_size(buf, buf->len + n);
	memmove(buf->data + mark + n, buf->data + mark, content_len);
	memcpy(buf->data + mark, bytes, n);
}
