/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-pq.h"

void
td_pq_set_error(GError **error, GQuark domain, gint code, const gchar *what, const gchar *pq_message)
{
	g_autofree gchar *message = g_strdup(pq_message != NULL ? pq_message : "");
	g_set_error(error, domain, code, "%s: %s", what, g_strstrip(message));
}

static void
pq_notice_to_debug(void *arg, const char *message)
{
	g_debug("database: %s", message);
}

void
td_pq_quiet_session(PGconn *conn)
{
	PQsetNoticeProcessor(conn, pq_notice_to_debug, NULL);
	/* errors without their DETAIL: a constraint's "Failing row contains
	 * (…)" holds a patient's ID number, name and birth date, and store
	 * errors go to the journal */
	PQsetErrorVerbosity(conn, PQERRORS_TERSE);
}
