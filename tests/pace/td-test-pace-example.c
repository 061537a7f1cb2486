/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-test-hex.h"
#include "td-test-pace-example.h"

TdSecurityInfos *
td_test_card_access_from_hex(const gchar *hex)
{
	g_autoptr(GBytes) file = td_test_hex(hex);
	g_autoptr(GError) error = NULL;
	TdSecurityInfos *infos = td_card_access_parse(file, &error);

	g_assert_no_error(error);
	return infos;
}

void
td_test_pace_example_key(TdAccessKey *key, TdAccessKeyKind kind)
{
	memset(key, 0, sizeof(*key));
	key->kind = kind;
	g_strlcpy(key->document_number, "T22000129", sizeof(key->document_number));
	g_strlcpy(key->birth_yymmdd, "640812", sizeof(key->birth_yymmdd));
	g_strlcpy(key->expiry_yymmdd, "101031", sizeof(key->expiry_yymmdd));
	g_strlcpy(key->can, "123456", sizeof(key->can));
}
