/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-checkin-record.h"

G_BEGIN_DECLS

/* The VNeID step (DOMAIN.md §4): the question (integrated / not yet / no
 * level-2 account); for "not yet" the steps in the app with icons and a QR
 * code to the guide; for "no account" the way to the commune police. The
 * answer is emitted when the patient leaves the step, as
 *   answered (guint TdVneidAnswer)
 * so the explanation stays on screen while they read it. */
#define TD_TYPE_VNEID_PAGE (td_vneid_page_get_type())
G_DECLARE_FINAL_TYPE(TdVneidPage, td_vneid_page, TD, VNEID_PAGE, GtkBox)

GtkWidget *td_vneid_page_new(void);
/* NULL hides the QR code. */
void td_vneid_page_set_guide_url(TdVneidPage *self, const gchar *url);
/* Back to the question. */
void td_vneid_page_reset(TdVneidPage *self);
/* "question", "steps" or "no-account": what is on screen. */
const gchar *td_vneid_page_get_view(TdVneidPage *self);
/* What the answer buttons do, for tests: "integrated", "not-yet", "no-account". */
void td_vneid_page_choose(TdVneidPage *self, TdVneidAnswer answer);
/* The "done" button on the steps or no-account view. */
void td_vneid_page_finish(TdVneidPage *self);

G_END_DECLS
