/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-record.h"

G_BEGIN_DECLS

/* What the patient pages show about one patient, copied out of the session
 * at each state change (so pages never hold session pointers that go stale)
 * and wiped when the patient leaves. */
typedef struct {
	gchar *full_name;		  /* NULL until DG13 is read */
	TdEligibilityVerdict eligibility; /* NOT_CHECKED until known */
	TdOutcome outcome;
	gchar *see_staff_reason; /* a policy word, NULL when none */
	gboolean decided;	 /* outcome and reason are set */
	guint queue_number;	 /* 0 until stored */
	gboolean registered_here;
	gboolean key_refused;	 /* the chip refused the number typed */
	gboolean commit_failed;	 /* the record could not be stored */
	gboolean vneid_pending;	 /* the VNeID question follows the number */
} TdPatientView;

TdPatientView *td_patient_view_new(void);
void td_patient_view_clear(TdPatientView *view); /* wipes, back to new */
void td_patient_view_free(TdPatientView *view);

/* Plain words for the patient (translated): the insurance status, why to
 * see staff, and where to go next. Never an error code alone. */
const gchar *td_patient_view_insurance_text(const TdPatientView *view);
const gchar *td_patient_view_see_staff_text(const TdPatientView *view);
const gchar *td_patient_view_next_step_text(const TdPatientView *view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdPatientView, td_patient_view_free)

G_END_DECLS
