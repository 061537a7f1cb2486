/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-page.h"
#include "td-number-pad.h"
#include "td-patient-view.h"

G_BEGIN_DECLS

/* The patient's screens but the VNeID step, built once and added to the
 * window's stack under their TdKioskPage names: idle, awaiting-card, key,
 * reading, ticket, see-staff, out-of-service. They only show a
 * TdPatientView and report what the patient touched, through signals:
 *
 *   id-submitted (const gchar *id12)        the number pad's OK (the ID)
 *   birth-date-submitted (guint d, m, y)    the number pad's OK (the date)
 *   continue ()                             "next" on the ticket page
 *   done ()                                 "finish" on the see-staff page
 *   cancel ()                               "start again"
 *   key-entry ()                            "type my number" on the idle page */
typedef enum {
	TD_READING_STEP_CARD_FOUND,
	TD_READING_STEP_READING,
	TD_READING_STEP_CHECKING_INSURANCE,
} TdReadingStep;

#define TD_TYPE_PATIENT_PAGES (td_patient_pages_get_type())
G_DECLARE_FINAL_TYPE(TdPatientPages, td_patient_pages, TD, PATIENT_PAGES, GObject)

TdPatientPages *td_patient_pages_new(void);
/* Adds the pages to stack. */
void td_patient_pages_attach(TdPatientPages *self, GtkStack *stack);
/* Fills every page from the view (NULL: empties them, dropping personal
 * data from the screen). */
void td_patient_pages_update(TdPatientPages *self, const TdPatientView *view);
void td_patient_pages_set_reading_step(TdPatientPages *self, TdReadingStep step);
/* The countdown on the pages that move on by themselves (0: none). */
void td_patient_pages_set_countdown(TdPatientPages *self, guint seconds);
TdNumberPad *td_patient_pages_get_number_pad(TdPatientPages *self);
/* The main sentence of a page, as said aloud (translated; NULL for none),
 * and, for a fixed sentence, the message key a recorded phrase may stand
 * in for (NULL when it holds a name or a number). */
gchar *td_patient_pages_get_spoken(TdPatientPages *self, TdKioskPage page, const gchar **message_key);

G_END_DECLS
