/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One line of `tiepdon doctor` (and of the staff console's health panel):
 * what was checked, whether it is fine, and a sentence saying what was
 * found or what to do. */
typedef struct {
	gchar *name;	/* "pcscd", "trust store", "gateway", "printer", ... */
	gboolean ok;
	gchar *message;
} TdCheckResult;

TdCheckResult *td_check_result_new(const gchar *name, gboolean ok, const gchar *format, ...) G_GNUC_PRINTF(3, 4);
void td_check_result_free(TdCheckResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCheckResult, td_check_result_free)

G_END_DECLS
