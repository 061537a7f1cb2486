/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-check-result.h"
#include "td-doctor.h"
#include "td-kiosk-context.h"

G_BEGIN_DECLS

/* The staff console's health lines: td_doctor_run (what `tiepdon doctor`
 * prints; at the reception desk, scope TD_DOCTOR_SCOPE_RECEPTION_PC), in
 * a worker thread because the checks block (pcscd, the gateway, the
 * disk). */
void td_staff_health_run_async(GObject *source, TdKioskContext *context, TdDoctorScope scope,
			       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
/* Of TdCheckResult; NULL when cancelled. */
GPtrArray *td_staff_health_run_finish(GAsyncResult *result, GError **error);
/* One line for reception, in their words: what was checked and whether it
 * works, or the line's desk_words where it has them (a printer out of
 * paper), never a code. The doctor's English message is for the
 * administrator's terminal. */
gchar *td_staff_health_line_text(const TdCheckResult *line);
/* Over the lines (of TdCheckResult): whether the kiosk still checks
 * patients in, and what each failing check means for them and for the
 * desk, a sentence each; "works as usual" when nothing failing touches
 * check-in. training: the kiosk reads its virtual chip, so the real
 * reader's and CSCA's lines touch nobody's check-in. */
gchar *td_staff_health_summary_text(GPtrArray *lines, gboolean training);

G_END_DECLS
