/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One line of `tiepdon doctor` (and of the staff console's health panel):
 * what was checked, whether it is fine, and a sentence saying what was
 * found or what to do.
 *
 * title and message are in the language of the text domain (Vietnamese in
 * the kiosk, as staff read it; `tiepdon doctor --lang`): the doctor marks
 * its sentences for gettext (catalogues in ui/po, msgids in English).
 * name stays English, the key scripts and the JSON output use. */
typedef struct {
	gchar *name;	/* "pcscd", "trust store", "gateway", "printer", ... */
	gchar *title;	/* the part as reception calls it: "Máy đọc thẻ" */
	gboolean ok;
	/* ok, and not this machine's to do (no [report] url: the day's
	 * report is printed, not sent): the health page says so, not
	 * "works" */
	gboolean not_set_up;
	gchar *message;
} TdCheckResult;

TdCheckResult *td_check_result_new(const gchar *name, gboolean ok, const gchar *format, ...) G_GNUC_PRINTF(3, 4);
void td_check_result_free(TdCheckResult *result);
/* The title of the check called name, translated; name itself (and a
 * critical warning: every check has a title) when there is none. */
const gchar *td_check_result_title(const gchar *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCheckResult, td_check_result_free)

G_END_DECLS
