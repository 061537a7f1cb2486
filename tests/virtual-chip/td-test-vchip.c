/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-dg15.h"
#include "td-lds-files.h"
#include "td-test-vchip.h"

EVP_PKEY *
td_test_vchip_dg15_key(TdVchip *chip)
{
	g_autoptr(GBytes) file = td_vchip_get_file(chip, TD_FILE_DG15);
	g_autoptr(TdDg15) dg15 = td_dg15_parse(file, NULL);
	g_assert_nonnull(dg15);
	EVP_PKEY_up_ref(dg15->public_key);
	return dg15->public_key;
}
