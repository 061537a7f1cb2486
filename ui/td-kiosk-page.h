/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The kiosk window's pages. The patient's come first; the names are the
 * stack's child names (and the screenshots'). */
typedef enum {
	TD_KIOSK_PAGE_IDLE,	      /* place the card (or type the number) */
	TD_KIOSK_PAGE_AWAITING_CARD,  /* the number is in: now the card */
	TD_KIOSK_PAGE_KEY,	      /* the number pad: ID, or the birth date */
	TD_KIOSK_PAGE_READING,	      /* the card and the insurance being checked */
	TD_KIOSK_PAGE_TICKET,	      /* the queue number */
	TD_KIOSK_PAGE_SEE_STAFF,      /* to reception, with the number */
	TD_KIOSK_PAGE_VNEID,	      /* the VNeID question and its guides */
	TD_KIOSK_PAGE_OUT_OF_SERVICE, /* no reader */
	TD_KIOSK_PAGE_PIN,	      /* staff: the PIN */
	TD_KIOSK_PAGE_STAFF,	      /* staff: the console */
	TD_KIOSK_PAGE_DASHBOARD,      /* the manager's figures */
	TD_KIOSK_N_PAGES,
} TdKioskPage;

const gchar *td_kiosk_page_to_string(TdKioskPage page);
/* TD_KIOSK_N_PAGES for a name no page has. */
TdKioskPage td_kiosk_page_from_string(const gchar *name);
gboolean td_kiosk_page_is_staff(TdKioskPage page);
/* Where the patient is, for "Bước n/3": 1 the card, 2 the checks, 3 the
 * number (and what follows it); 0 on pages that are no step. */
#define TD_KIOSK_N_STEPS 3
guint td_kiosk_page_step(TdKioskPage page);

G_END_DECLS
