/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-number-pad.h"
#include "td-patient-view.h"

G_BEGIN_DECLS

/* The patient's screens, built once and added to the window's stack under
 * these names: "idle", "key", "reading", "ticket", "see-staff",
 * "out-of-service". They only show a TdPatientView and report what the
 * patient touched, through signals:
 *
 *   id-submitted (const gchar *id12)  the number pad's OK
 *   continue ()                       "next" on the ticket page
 *   done ()                           "finish" on the ticket / see-staff page
 *   cancel ()                         "start again"
 *   key-entry ()                      "type the number" on the idle page */
typedef enum {
	TD_READING_STEP_CARD_FOUND,
	TD_READING_STEP_READING,
	TD_READING_STEP_CHECKING_INSURANCE,
} TdReadingStep;

#define TD_TYPE_PATIENT_PAGES (td_patient_pages_get_type())
G_DECLARE_FINAL_TYPE(TdPatientPages, td_patient_pages, TD, PATIENT_PAGES, GObject)

TdPatientPages *td_patient_pages_new(GtkStack *stack);
/* Fills every page from the view (NULL: empties them, dropping personal
 * data from the screen). */
void td_patient_pages_update(TdPatientPages *self, const TdPatientView *view);
void td_patient_pages_set_reading_step(TdPatientPages *self, TdReadingStep step);
TdNumberPad *td_patient_pages_get_number_pad(TdPatientPages *self);

G_END_DECLS
