/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-check-result.h"

TdCheckResult *
td_check_result_new(const gchar *name, gboolean ok, const gchar *format, ...)
{
	TdCheckResult *result = g_new0(TdCheckResult, 1);
	va_list args;

	result->name = g_strdup(name);
	result->ok = ok;
	va_start(args, format);
	result->message = g_strdup_vprintf(format, args);
	va_end(args);
	return result;
}

void
td_check_result_free(TdCheckResult *result)
{
	if (result == NULL)
		return;
	g_free(result->name);
	g_free(result->message);
	g_free(result);
}
