/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-dg1.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-tlv.h"

/* The CCCD is a TD1 document: 3 lines of 30 characters. */
#define TD_DG1_TD1_LENGTH 90

void
td_dg1_free(TdDg1 *dg1)
{
	if (dg1 == NULL)
		return;
	td_mrz_free(dg1->mrz);
	g_free(dg1);
}

TdDg1 *
td_dg1_parse(GBytes *file, GError **error)
{
	g_autoptr(TdDg1) dg1 = g_new0(TdDg1, 1);
	TdTlv outer;
	TdTlv mrz_tlv;
	TdTlvIter iter;
	gchar *text;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x61, &outer, error)) {
		g_prefix_error(error, "DG1: ");
		return NULL;
	}
	td_tlv_iter_init(&iter, outer.value, outer.length);
	if (!td_tlv_iter_next(&iter, &mrz_tlv, error) || mrz_tlv.tag != 0x5F1F) {
		if (error != NULL && *error == NULL)
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG1: no MRZ (5F1F)");
		else
			g_prefix_error(error, "DG1: ");
		return NULL;
	}
	if (mrz_tlv.length != TD_DG1_TD1_LENGTH) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "DG1: MRZ has %" G_GSIZE_FORMAT " characters, a TD1 MRZ has 90",
			    mrz_tlv.length);
		return NULL;
	}
	/* printable ASCII only, so no NUL can cut the copy short */
	for (gsize i = 0; i < mrz_tlv.length; i++) {
		if (mrz_tlv.value[i] < 0x20 || mrz_tlv.value[i] > 0x7E) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG1: MRZ is not printable ASCII");
			return NULL;
		}
	}
	text = g_strndup((const gchar *)mrz_tlv.value, mrz_tlv.length);
	dg1->mrz = td_mrz_parse_td1(text, TRUE, error);
	td_str_clear_free(text);
	if (dg1->mrz == NULL) {
		g_prefix_error(error, "DG1: ");
		return NULL;
	}
	return g_steal_pointer(&dg1);
}
