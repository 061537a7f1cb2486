/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-reader-error.h"
#include "td-tlv.h"
#include "td-vchip-lds.h"
#include "td-vchip-tamper.h"

/* The last ASCII digit inside a character string (UTF8String,
 * PrintableString, IA5String) of a DER tree, or NULL. Tags and lengths are
 * never picked: 0x30 is both '0' and SEQUENCE. */
static const guint8 *
find_last_digit_in_strings(const guint8 *data, gsize len, guint depth)
{
	TdTlvIter iter;
	TdTlv tlv;
	const guint8 *found = NULL;

	if (depth > 8)
		return NULL;
	td_tlv_iter_init(&iter, data, len);
	while (td_tlv_iter_next(&iter, &tlv, NULL)) {
		if (tlv.constructed) {
			const guint8 *inner = find_last_digit_in_strings(tlv.value, tlv.length, depth + 1);
			if (inner != NULL)
				found = inner;
		} else if (tlv.tag == 0x0C || tlv.tag == 0x12 || tlv.tag == 0x13 || tlv.tag == 0x16 || tlv.tag == 0x1A) {
			for (gsize i = 0; i < tlv.length; i++) {
				if (g_ascii_isdigit(tlv.value[i]))
					found = tlv.value + i;
			}
		}
	}
	return found;
}

/* The offset of the byte to change in a data group's file (past the outer
 * tag and length), or FALSE when the file offers no suitable byte. */
static gboolean
find_tamper_offset(const guint8 *data, gsize len, gsize start, guint dg_number, gsize *offset)
{
	switch (dg_number) {
	case 1:
		/* TD1 line 3 is the name: its last letter. */
		for (gsize i = len; i > start; i--) {
			if (g_ascii_isupper(data[i - 1])) {
				*offset = i - 1;
				return TRUE;
			}
		}
		return FALSE;
	case 13: {
		const guint8 *digit = find_last_digit_in_strings(data, len, 0);
		if (digit == NULL)
			return FALSE;
		*offset = (gsize)(digit - data);
		return TRUE;
	}
	case 2:
		/* From the middle of the file on, a byte that is neither a
		 * marker (FF xx) nor next to one. */
		for (gsize i = start + (len - start) / 2; i + 3 < len; i++) {
			if (data[i - 1] != 0xFF && data[i] < 0xFE && data[i + 1] != 0xFF) {
				*offset = i;
				return TRUE;
			}
		}
		return FALSE;
	default:
		*offset = len - 1;
		return len > start;
	}
}

GBytes *
td_vchip_tamper_data_group(GBytes *file, guint dg_number, GError **error)
{
	gsize len = 0;
	const guint8 *data;
	gsize header = 0, value = 0, offset = 0;
	GByteArray *copy;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_header_size(data, len, &header, &value) ||
	    !find_tamper_offset(data, len, header, dg_number, &offset)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [variant] tamper-dg: DG%u has nothing to change", dg_number);
		return NULL;
	}
	copy = g_byte_array_sized_new((guint)len);
	g_byte_array_append(copy, data, (guint)len);
	if (dg_number == 1)
		copy->data[offset] = copy->data[offset] == 'Z' ? 'Y' : (guint8)(copy->data[offset] + 1);
	else
		copy->data[offset] ^= 0x01; /* a digit stays a digit */
	return td_vchip_bytes_new_wiped(copy);
}

/* The child of parent at position index (0-based). */
static gboolean
child_at(const TdTlv *parent, guint index, TdTlv *out)
{
	TdTlvIter iter;
	td_tlv_iter_init(&iter, parent->value, parent->length);
	for (guint i = 0; i <= index; i++) {
		if (!td_tlv_iter_next(&iter, out, NULL))
			return FALSE;
	}
	return TRUE;
}

GBytes *
td_vchip_break_sod_signature(GBytes *sod, GError **error)
{
	gsize len = 0;
	const guint8 *data;
	TdTlv file, content_info, explicit, signed_data, signer_infos, signer_info, child, signature = {0};
	TdTlvIter iter;
	gboolean found = FALSE;
	GByteArray *copy;
	gsize offset;

	g_return_val_if_fail(sod != NULL, NULL);
	data = g_bytes_get_data(sod, &len);
	/* 77 { ContentInfo { OID, [0] { SignedData { version, digestAlgs,
	 * encapContentInfo, [0] certificates?, [1] crls?, SET signerInfos } } } } */
	if (!td_tlv_parse_expect(data, len, 0x77, &file, NULL) ||
	    !td_tlv_parse_expect(file.value, file.length, 0x30, &content_info, NULL) ||
	    !child_at(&content_info, 1, &explicit) || explicit.tag != 0xA0 ||
	    !td_tlv_parse_expect(explicit.value, explicit.length, 0x30, &signed_data, NULL))
		goto malformed;
	td_tlv_iter_init(&iter, signed_data.value, signed_data.length);
	signer_infos.tag = 0;
	while (td_tlv_iter_next(&iter, &child, NULL))
		signer_infos = child; /* the last child */
	if (signer_infos.tag != 0x31 ||
	    !td_tlv_parse_expect(signer_infos.value, signer_infos.length, 0x30, &signer_info, NULL))
		goto malformed;
	/* SignerInfo: version, sid, digestAlg, [0] signedAttrs, sigAlg,
	 * signature OCTET STRING, [1] unsignedAttrs? */
	td_tlv_iter_init(&iter, signer_info.value, signer_info.length);
	while (td_tlv_iter_next(&iter, &child, NULL)) {
		if (child.tag == 0x04) {
			signature = child;
			found = TRUE;
		}
	}
	if (!found || signature.length == 0)
		goto malformed;
	offset = (gsize)(signature.value - data) + signature.length - 1;
	copy = g_byte_array_sized_new((guint)len);
	g_byte_array_append(copy, data, (guint)len);
	copy->data[offset] ^= 0x01;
	return g_byte_array_free_to_bytes(copy);
malformed:
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
			    "break-sod-signature: EF.SOD has no SignerInfo signature");
	return NULL;
}
