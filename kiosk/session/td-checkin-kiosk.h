/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-checkin-session.h"
#include "td-config.h"
#include "td-store.h"
#include "td-ticket.h"

G_BEGIN_DECLS

/* The session wired the way the kiosk (and `tiepdon checkin`) runs it:
 * records go to store (td_store_record_checkin), a second visit the same
 * day finds its number there (td_store_find_checkin), the VNeID answer
 * given after the number is written to it, tickets print on [printer]
 * queue (unless [printer] tickets=false; never without a key file, as in
 * training: td_checkin_kiosk_enable_tickets() turns them on), ID numbers are hashed
 * with the station key (td_config_hash_id), the VNeID question is skipped
 * for [vneid] ask-again-days after an "integrated", the gateway comes from
 * [gateway] (none: look-ups are "not checked"), the trust store from
 * trust_dir (NULL: [reader] trust-dir; none configured: every card is
 * untrusted), the patient's time limits from [kiosk] idle-timeout-s
 * and warning-s, the card's from [reader] command-timeout and
 * card-timeout. Tests pass their own connect_func (an in-process chip)
 * and config file. config must outlive the session. */
TdCheckinSession *td_checkin_session_new_for_kiosk(TdConfig *config, TdStore *store, const gchar *trust_dir,
						   TdCardConnectFunc connect_func, gpointer user_data,
						   GDestroyNotify destroy, GError **error);

/* Prints record's ticket on printer (NULL: CUPS's default, its format
 * found out) with the
 * station's name; full_name (may be NULL) gives only the initials. Blocks
 * on CUPS: a worker's call. A failure is a staff alert: it is recorded in
 * the store's audit trail as "ticket-not-printed" with the printer's staff
 * code (PRN-PAPER, …) as its note, and returned. */
gboolean td_checkin_kiosk_print_ticket(const TdConfig *config, TdStore *store, const TdTicketPrinter *printer,
				       const TdCheckinRecord *record, const gchar *full_name, GError **error);
/* The session prints each number it shows on printer. */
void td_checkin_kiosk_enable_tickets(TdCheckinSession *session, const TdConfig *config, TdStore *store,
				     const TdTicketPrinter *printer);
/* The staff action a failed ticket leaves in the audit trail. */
#define TD_CHECKIN_KIOSK_ACTION_TICKET_NOT_PRINTED "ticket-not-printed"
#define TD_CHECKIN_KIOSK_ACTION_TICKET_REPRINTED   "ticket-reprinted"

G_END_DECLS
