/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-record.h"
#include "td-date.h"

G_BEGIN_DECLS

/* How the kiosk addresses the patient (WORDING.md): "ông" for a man and
 * "bà" for a woman from the card's sex field, the name alone for a child
 * (under 18), "quý vị" while nothing is known. */
typedef enum {
	TD_ADDRESS_UNKNOWN,
	TD_ADDRESS_MAN,
	TD_ADDRESS_WOMAN,
	TD_ADDRESS_CHILD,
} TdPatientAddress;

/* sex as DG13 writes it ("Nam", "Nữ"); birth may be NULL; today NULL: now. */
TdPatientAddress td_patient_address_from_card(const gchar *sex, const TdDate *birth, GDate *today);

/* What the patient pages show about one patient, copied out of the session
 * at each state change (so pages never hold session pointers that go stale)
 * and wiped when the patient leaves. */
typedef struct {
	gchar *full_name;		  /* NULL until DG13 is read */
	TdPatientAddress address;
	TdEligibilityVerdict eligibility; /* NOT_CHECKED until known */
	TdOutcome outcome;
	gchar *see_staff_reason; /* a policy word, NULL when none */
	gboolean decided;	 /* outcome and reason are set */
	guint queue_number;	 /* 0 until stored */
	gchar queue_series[2];	 /* "" or the kiosk's offline letter: shown with td_queue_label() */
	gboolean registered_here;
	gboolean key_refused;	 /* the chip refused the number typed */
	gboolean key_refused_with_birth_date; /* ... with the birth date asked after it */
	gboolean birth_date_asked; /* the chip needs the birth date too */
	gboolean commit_failed;	 /* the record could not be stored */
	gboolean commit_late;	 /* storing took too long (it is stored later) */
	gboolean vneid_pending;	 /* the VNeID question follows the number */
	gboolean repeat_visit;	 /* the number is the one given earlier today */
	gboolean print_failed;	 /* no paper ticket: remember the number */
	gboolean card_left;	 /* idle, the last patient's card still on the reader */
	gboolean scan_unreadable; /* a code held to the scanner was neither the card's QR nor its MRZ */
} TdPatientView;

TdPatientView *td_patient_view_new(void);
void td_patient_view_clear(TdPatientView *view); /* wipes, back to new */
void td_patient_view_free(TdPatientView *view);
/* A deep copy into dest (cleared first). */
void td_patient_view_copy(TdPatientView *dest, const TdPatientView *src);

/* Plain words for the patient (translated): the insurance status, why to
 * see staff, and where to go next. Never an error code alone. */
const gchar *td_patient_view_insurance_text(const TdPatientView *view);
const gchar *td_patient_view_see_staff_text(const TdPatientView *view);
const gchar *td_patient_view_next_step_text(const TdPatientView *view);
/* the ticket page's next step: the VNeID question first where one follows */
const gchar *td_patient_view_ticket_next_text(const TdPatientView *view);
/* A sentence that addresses the patient (ông, bà, the child, quý vị):
 * msgid (marked N_()) translated in the context of the view's form of
 * address ("address-man", "address-woman", "address-child"; none while
 * unknown). */
const gchar *td_patient_view_addressed(const TdPatientView *view, const gchar *msgid) G_GNUC_FORMAT(2);
gchar *td_patient_view_greeting(const TdPatientView *view);
/* The last page's button: done, and take the card back. */
const gchar *td_patient_view_finish_text(void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdPatientView, td_patient_view_free)

G_END_DECLS
