/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-com.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-tlv.h"

void
td_com_free(TdCom *com)
{
	if (com == NULL)
		return;
	g_free(com->lds_version);
	g_free(com->unicode_version);
	if (com->dg_numbers != NULL)
		g_array_unref(com->dg_numbers);
	g_free(com);
}

gboolean
td_com_has_dg(const TdCom *com, guint dg_number)
{
	g_return_val_if_fail(com != NULL, FALSE);
	for (guint i = 0; i < com->dg_numbers->len; i++) {
		if (g_array_index(com->dg_numbers, guint, i) == dg_number)
			return TRUE;
	}
	return FALSE;
}

/* Versions are fixed-width digit strings: "0107" (LDS 1.7), "040000". */
static gchar *
td_com_get_version(const guint8 *data, gsize len, guint32 tag, gsize width, GError **error)
{
	TdTlv tlv;

	if (!td_tlv_find(data, len, tag, &tlv)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "EF.COM: tag %X missing", tag);
		return NULL;
	}
	if (tlv.length != width) {
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "EF.COM: tag %X has %" G_GSIZE_FORMAT " bytes, expected %" G_GSIZE_FORMAT,
			    tag,
			    tlv.length,
			    width);
		return NULL;
	}
	for (gsize i = 0; i < tlv.length; i++) {
		if (!g_ascii_isdigit(tlv.value[i])) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "EF.COM: tag %X is not digits", tag);
			return NULL;
		}
	}
	return g_strndup((const gchar *)tlv.value, tlv.length);
}

TdCom *
td_com_parse(GBytes *file, GError **error)
{
	g_autoptr(TdCom) com = g_new0(TdCom, 1);
	g_autoptr(GError) error_local = NULL;
	TdTlv outer;
	TdTlv tlv;
	TdTlvIter iter;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x60, &outer, error)) {
		g_prefix_error(error, "EF.COM: ");
		return NULL;
	}
	/* every child must parse, even the ones looked up by tag below */
	td_tlv_iter_init(&iter, outer.value, outer.length);
	while (td_tlv_iter_next(&iter, &tlv, &error_local))
		;
	if (error_local != NULL) {
		g_propagate_prefixed_error(error, g_steal_pointer(&error_local), "EF.COM: ");
		return NULL;
	}

	com->lds_version = td_com_get_version(outer.value, outer.length, 0x5F01, 4, error);
	if (com->lds_version == NULL)
		return NULL;
	com->unicode_version = td_com_get_version(outer.value, outer.length, 0x5F36, 6, error);
	if (com->unicode_version == NULL)
		return NULL;

	if (!td_tlv_find(outer.value, outer.length, 0x5C, &tlv)) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "EF.COM: tag list 5C missing");
		return NULL;
	}
	com->dg_numbers = g_array_new(FALSE, FALSE, sizeof(guint));
	/* data-group tags are all one byte (61..70, 75, 76) */
	for (gsize i = 0; i < tlv.length; i++) {
		guint dg = td_dg_number_from_tag(tlv.value[i]);
		if (dg == 0) {
			g_set_error(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_MALFORMED,
				    "EF.COM: %02X is not a data-group tag",
				    tlv.value[i]);
			return NULL;
		}
		if (!td_com_has_dg(com, dg))
			g_array_append_val(com->dg_numbers, dg);
	}
	return g_steal_pointer(&com);
}
