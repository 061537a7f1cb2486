/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The CCCD chip's eMRTD application and elementary files (ICAO 9303-10). */
#define TD_EMRTD_AID "\xA0\x00\x00\x02\x47\x10\x01"
#define TD_EMRTD_AID_LEN 7

typedef enum {
	TD_FILE_CARD_ACCESS = 0x011C, /* outside the application, plain */
	TD_FILE_COM = 0x011E,
	TD_FILE_SOD = 0x011D,
	TD_FILE_DG1 = 0x0101,
	TD_FILE_DG2 = 0x0102,
	TD_FILE_DG3 = 0x0103,
	TD_FILE_DG11 = 0x010B,
	TD_FILE_DG13 = 0x010D,
	TD_FILE_DG14 = 0x010E,
	TD_FILE_DG15 = 0x010F,
} TdFileId;

/* Data group n (1..16) <-> file id 0x0100+n <-> outer tag. */
#define TD_DG_FILE_ID(n) ((guint16)(0x0100 + (n)))
/* Outer tags: EF.COM 60, DG1 61, DG2 75, DG3 63, DG4 76, DG5 65, DG6 66,
 * DG7 67, DG8 68, DG9 69, DG10 6A, DG11 6B, DG12 6C, DG13 6D, DG14 6E,
 * DG15 6F, DG16 70, EF.SOD 77. */
guint32 td_dg_tag(guint dg_number);
/* 0 if the tag is not a data-group tag. */
guint td_dg_number_from_tag(guint32 tag);
const gchar *td_file_name(guint16 fid); /* "DG13", "EF.SOD", ... */

G_END_DECLS
