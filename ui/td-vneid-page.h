/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-checkin-record.h"
#include "td-patient-view.h"

G_BEGIN_DECLS

/* The VNeID step (DOMAIN.md §4), after the queue number: the question
 * (integrated / not yet / no account / no smartphone); for "not yet" the
 * steps in the app with icons and a QR code to the guide; for "no account"
 * the way to the commune police; else a word of thanks. The answers sit
 * under the question, the last button at the bottom of the screen: a late
 * tap on the ticket page's button (at the bottom) answers nothing, and one
 * on an answer finishes nothing. Signals:
 *   answered (guint TdVneidAnswer)  as soon as the patient chooses
 *   done ()                         the last button (the patient leaves) */
#define TD_TYPE_VNEID_PAGE (td_vneid_page_get_type())
G_DECLARE_FINAL_TYPE(TdVneidPage, td_vneid_page, TD, VNEID_PAGE, GtkBox)

GtkWidget *td_vneid_page_new(void);
/* NULL hides the QR code. */
void td_vneid_page_set_guide_url(TdVneidPage *self, const gchar *url);
/* Who is asked (the form of address) and their number, kept in sight. */
void td_vneid_page_set_patient(TdVneidPage *self, const TdPatientView *view);
/* Back to the question. */
void td_vneid_page_reset(TdVneidPage *self);
/* "question", "steps", "no-account" or "thanks": what is on screen. */
const gchar *td_vneid_page_get_view(TdVneidPage *self);
/* What the answer buttons do, for tests. */
void td_vneid_page_choose(TdVneidPage *self, TdVneidAnswer answer);
/* The "done" button of the view after the answer. */
void td_vneid_page_finish(TdVneidPage *self);
/* Whether the guide's last step is in sight: till then its pinned button
 * brings up the next steps (a 7" panel, large text on a 10" one), and
 * says "Xong" from then on. */
gboolean td_vneid_page_steps_all_seen(TdVneidPage *self);
/* The line over the view: the number, and that its ticket did not print
 * (td_patient_view.print_failed). */
const gchar *td_vneid_page_get_number_line(TdVneidPage *self);
/* The main sentence on screen, as said aloud, and its message key (NULL
 * when it holds the number). */
gchar *td_vneid_page_get_spoken(TdVneidPage *self, const gchar **message_key);

G_END_DECLS
