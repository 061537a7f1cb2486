/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-dg15.h"
#include "td-lds-files.h"
#include "td-test-vchip.h"
#include "td-tlv.h"

EVP_PKEY *
td_test_vchip_dg15_key(TdVchip *chip)
{
	g_autoptr(GBytes) file = td_vchip_get_file(chip, TD_FILE_DG15);
	g_autoptr(TdDg15) dg15 = td_dg15_parse(file, NULL);
	g_assert_nonnull(dg15);
	EVP_PKEY_up_ref(dg15->public_key);
	return dg15->public_key;
}

gboolean
td_test_vchip_file_add_part(GByteArray *file, GBytes *part, gsize *total)
{
	g_assert_cmpuint(g_bytes_get_size(part), >, 0);
	g_byte_array_append(file, g_bytes_get_data(part, NULL), (guint)g_bytes_get_size(part));
	if (*total == 0) {
		gsize header = 0, value = 0;
		g_assert_true(td_tlv_header_size(file->data, file->len, &header, &value));
		*total = header + value;
	}
	return file->len < *total;
}
