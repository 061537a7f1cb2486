/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-der.h"
#include "td-dg2.h"
#include "td-reader-error.h"
#include "td-tlv.h"

/* ISO/IEC 19794-5:2005 sizes, all fields big-endian. */
#define TD_FAC_RECORD_HEADER_SIZE 14 /* "FAC\0" "010\0" length(4) count(2) */
#define TD_FAC_INFO_SIZE 20	     /* block length(4) n_points(2) ... */
#define TD_FAC_FEATURE_POINT_SIZE 8
#define TD_FAC_IMAGE_INFO_SIZE 12 /* type(1) data type(1) width(2) height(2) ... */

#define TD_FAC_IMAGE_DATA_JPEG 0
#define TD_FAC_IMAGE_DATA_JPEG2000 1

void
td_face_image_free(TdFaceImage *face)
{
	if (face == NULL)
		return;
	g_free(face->mime_type);
	if (face->image != NULL)
		g_bytes_unref(face->image);
	g_free(face);
}

void
td_dg2_free(TdDg2 *dg2)
{
	if (dg2 == NULL)
		return;
	if (dg2->faces != NULL)
		g_ptr_array_unref(dg2->faces);
	g_free(dg2);
}

static guint32
td_read_be(const guint8 *p, guint n)
{
	guint32 v = 0;
	for (guint i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/* The bytes decide the format when they are recognisable (the header field
 * has been seen wrong); else the header's image data type. */
static const gchar *
td_dg2_image_mime_type(const guint8 *image, gsize len, guint data_type)
{
	static const guint8 jpeg[] = {0xFF, 0xD8, 0xFF};
	static const guint8 jp2[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
	static const guint8 j2k[] = {0xFF, 0x4F, 0xFF, 0x51};

	if (len >= sizeof(jpeg) && memcmp(image, jpeg, sizeof(jpeg)) == 0)
		return "image/jpeg";
	if (len >= sizeof(jp2) && memcmp(image, jp2, sizeof(jp2)) == 0)
		return "image/jp2";
	if (len >= sizeof(j2k) && memcmp(image, j2k, sizeof(j2k)) == 0)
		return "image/jp2";
	if (data_type == TD_FAC_IMAGE_DATA_JPEG)
		return "image/jpeg";
	if (data_type == TD_FAC_IMAGE_DATA_JPEG2000)
		return "image/jp2";
	return NULL;
}

/* One ISO/IEC 19794-5 facial record: its header, then per image a facial
 * information block, feature points, image information and image data. */
static gboolean
td_dg2_parse_facial_record(GBytes *file, const guint8 *rec, gsize len, GPtrArray *faces, GError **error)
{
	const guint8 *file_data = g_bytes_get_data(file, NULL);
	guint32 record_len;
	guint n_images;
	gsize pos;

	if (len < TD_FAC_RECORD_HEADER_SIZE || memcmp(rec, "FAC\0", 4) != 0 || memcmp(rec + 4, "010\0", 4) != 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "not an ISO/IEC 19794-5 facial record");
		return FALSE;
	}
	record_len = td_read_be(rec + 8, 4);
	n_images = td_read_be(rec + 12, 2);
	if (record_len < TD_FAC_RECORD_HEADER_SIZE || record_len > len) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "facial record length %u does not fit its %" G_GSIZE_FORMAT " bytes",
			    record_len,
			    len);
		return FALSE;
	}
	if (n_images == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "facial record without images");
		return FALSE;
	}
	len = record_len;
	pos = TD_FAC_RECORD_HEADER_SIZE;
	for (guint i = 0; i < n_images; i++) {
		g_autoptr(TdFaceImage) face = g_new0(TdFaceImage, 1);
		const guint8 *block = rec + pos;
		const guint8 *info;
		guint32 block_len;
		guint n_points;
		gsize fixed;
		guint data_type;
		const gchar *mime_type;

		if (len - pos < TD_FAC_INFO_SIZE) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "facial information truncated");
			return FALSE;
		}
		block_len = td_read_be(block, 4);
		n_points = td_read_be(block + 4, 2);
		fixed = TD_FAC_INFO_SIZE + (gsize)n_points * TD_FAC_FEATURE_POINT_SIZE + TD_FAC_IMAGE_INFO_SIZE;
		if (block_len > len - pos || block_len < fixed) {
			g_set_error(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_MALFORMED,
				    "facial image block length %u is wrong",
				    block_len);
			return FALSE;
		}
		info = block + TD_FAC_INFO_SIZE + (gsize)n_points * TD_FAC_FEATURE_POINT_SIZE;
		data_type = info[1];
		face->width = td_read_be(info + 2, 2);
		face->height = td_read_be(info + 4, 2);
		if (block_len == fixed) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "empty face image");
			return FALSE;
		}
		mime_type = td_dg2_image_mime_type(block + fixed, block_len - fixed, data_type);
		if (mime_type == NULL) {
			g_set_error(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_MALFORMED,
				    "unknown image data type %u",
				    data_type);
			return FALSE;
		}
		face->mime_type = g_strdup(mime_type);
		/* a slice of the file: no copy of the image */
		face->image = g_bytes_new_from_bytes(file, (gsize)(block + fixed - file_data), block_len - fixed);
		g_ptr_array_add(faces, g_steal_pointer(&face));
		pos += block_len;
	}
	return TRUE;
}

/* A biometric information template (7F60): header A1, data 5F2E or 7F2E. */
static gboolean
td_dg2_parse_bit(GBytes *file, const TdTlv *bit, GPtrArray *faces, GError **error)
{
	TdTlv header;
	TdTlv bdb;

	if (!td_tlv_find(bit->value, bit->length, 0xA1, &header)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "biometric header template A1 missing");
		return FALSE;
	}
	if (!td_tlv_find(bit->value, bit->length, 0x5F2E, &bdb) && !td_tlv_find(bit->value, bit->length, 0x7F2E, &bdb)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "biometric data block missing");
		return FALSE;
	}
	return td_dg2_parse_facial_record(file, bdb.value, bdb.length, faces, error);
}

TdDg2 *
td_dg2_parse(GBytes *file, GError **error)
{
	g_autoptr(TdDg2) dg2 = g_new0(TdDg2, 1);
	g_autoptr(GError) error_local = NULL;
	TdTlv outer;
	TdTlv group;
	TdTlv count_tlv;
	TdTlv tlv;
	TdTlvIter iter;
	guint64 count = 0;
	guint64 n_templates = 0;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x75, &outer, error) ||
	    !td_tlv_parse_expect(outer.value, outer.length, 0x7F61, &group, error)) {
		g_prefix_error(error, "DG2: ");
		return NULL;
	}
	td_tlv_iter_init(&iter, group.value, group.length);
	if (!td_der_iter_expect(&iter, TD_DER_INTEGER, "template count", &count_tlv, error) ||
	    !td_der_get_uint(&count_tlv, "template count", &count, error)) {
		g_prefix_error(error, "DG2: ");
		return NULL;
	}
	dg2->faces = g_ptr_array_new_with_free_func((GDestroyNotify)td_face_image_free);
	while (td_tlv_iter_next(&iter, &tlv, &error_local)) {
		if (tlv.tag != 0x7F60)
			continue;
		n_templates++;
		if (!td_dg2_parse_bit(file, &tlv, dg2->faces, error)) {
			g_prefix_error(error, "DG2: template %" G_GUINT64_FORMAT ": ", n_templates);
			return NULL;
		}
	}
	if (error_local != NULL) {
		g_propagate_prefixed_error(error, g_steal_pointer(&error_local), "DG2: ");
		return NULL;
	}
	if (n_templates != count || n_templates == 0) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "DG2: %" G_GUINT64_FORMAT " templates announced, %" G_GUINT64_FORMAT " found",
			    count,
			    n_templates);
		return NULL;
	}
	return g_steal_pointer(&dg2);
}
