/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-lds-files.h"

/* ICAO 9303-10 table 33: data group n -> its outer tag. */
static const guint32 dg_tags[17] = {
	0x60, /* EF.COM, index 0 */
	0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68,
	0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70,
};

guint32
td_dg_tag(guint dg_number)
{
	g_return_val_if_fail(dg_number >= 1 && dg_number <= 16, 0);
	return dg_tags[dg_number];
}

guint
td_dg_number_from_tag(guint32 tag)
{
	for (guint i = 1; i <= 16; i++) {
		if (dg_tags[i] == tag)
			return i;
	}
	return 0;
}

const gchar *
td_file_name(guint16 fid)
{
	static const gchar *dg_names[17] = {
		NULL, "DG1", "DG2", "DG3", "DG4", "DG5", "DG6", "DG7", "DG8",
		"DG9", "DG10", "DG11", "DG12", "DG13", "DG14", "DG15", "DG16",
	};
	switch (fid) {
	case TD_FILE_CARD_ACCESS:
		return "EF.CardAccess";
	case TD_FILE_COM:
		return "EF.COM";
	case TD_FILE_SOD:
		return "EF.SOD";
	default:
		if (fid >= 0x0101 && fid <= 0x0110)
			return dg_names[fid - 0x0100];
		return "unknown file";
	}
}
