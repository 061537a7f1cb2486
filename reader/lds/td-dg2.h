/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One face image from DG2's ISO/IEC 19794-5 facial record. */
typedef struct {
	gchar *mime_type; /* "image/jpeg" or "image/jp2" (JP2 file or J2K codestream) */
	guint width;
	guint height;
	GBytes *image;	  /* the encoded image, as stored */
} TdFaceImage;

/* DG2 (tag 75): the biometric information templates with the face images. */
typedef struct {
	GPtrArray *faces; /* of TdFaceImage, at least one */
} TdDg2;

TdDg2 *td_dg2_parse(GBytes *file, GError **error);
void td_face_image_free(TdFaceImage *face);
void td_dg2_free(TdDg2 *dg2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdFaceImage, td_face_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDg2, td_dg2_free)

G_END_DECLS
