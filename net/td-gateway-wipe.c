/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/crypto.h>
#include <string.h>

#include "td-gateway-wipe.h"

void
td_gateway_wipe(gpointer data, gsize len)
{
	if (data != NULL && len > 0)
		OPENSSL_cleanse(data, len);
}

void
td_gateway_str_wipe_free(gchar *str)
{
	if (str == NULL)
		return;
	td_gateway_wipe(str, strlen(str));
	g_free(str);
}
