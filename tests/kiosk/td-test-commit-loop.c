/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Records check-ins in a loop and prints each queue number only after
 * td_store_record_checkin returned: a printed number is one a patient saw
 * confirmed. The crash tests kill this at random moments.
 *
 *   td-test-commit-loop STORE DAY [COUNT [KIOSK-ID]]
 *
 * STORE is an SQLite file, or a PostgreSQL URL / keyword string (then the
 * records name KIOSK-ID, and each line says "number id": the check-in's
 * row, so the test can find every confirmed one). Every third check-in
 * writes an exception; on PostgreSQL staff then resolve it, so the audit
 * trail has a row to check. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td-pg-store.h"
#include "td-sqlite-store.h"

static gboolean
is_conninfo(const gchar *store)
{
	return g_str_has_prefix(store, "postgresql://") || g_str_has_prefix(store, "postgres://") ||
	       strchr(store, '=') != NULL;
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdStore) store = NULL;
	guint64 count = G_MAXUINT64;
	gboolean pg;

	if (argc < 3) {
		fprintf(stderr, "usage: %s STORE DAY [COUNT [KIOSK-ID]]\n", argv[0]);
		return 2;
	}
	if (argc > 3)
		count = g_ascii_strtoull(argv[3], NULL, 10);
	pg = is_conninfo(argv[1]);
	store = pg ? TD_STORE(td_pg_store_new(argv[1], argc > 4 ? argv[4] : "kiosk", &error))
		   : TD_STORE(td_sqlite_store_new(argv[1], &error));
	if (store == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return 1;
	}
	for (guint64 i = 0; i < count; i++) {
		g_autoptr(TdCheckinRecord) rec = td_checkin_record_new();
		g_autoptr(TdCheckinException) exc = NULL;

		g_strlcpy(rec->day, argv[2], sizeof(rec->day));
		rec->card_verdict = TD_CARD_VERDICT_GENUINE;
		rec->eligibility = TD_ELIGIBILITY_ELIGIBLE;
		rec->vneid = TD_VNEID_INTEGRATED;
		rec->id_hash = g_strdup_printf("%064" G_GINT64_MODIFIER "x", (gint64)i);
		/* every third one also writes an exception, so the kill can
		 * land between the two inserts */
		if (i % 3 == 0) {
			rec->outcome = TD_OUTCOME_SEE_STAFF;
			exc = td_checkin_exception_new();
			exc->reason = g_strdup("card-forged");
			exc->full_name = g_strdup("NGUYỄN VĂN A");
		}
		if (!td_store_record_checkin(store, rec, exc, &error)) {
			fprintf(stderr, "%s\n", error->message);
			return 1;
		}
		if (pg)
			printf("%u %" G_GINT64_FORMAT "\n", rec->queue_number, rec->id);
		else
			printf("%u\n", rec->queue_number);
		fflush(stdout);
		if (pg && exc != NULL && !td_store_resolve_exception(store, exc->id, "self-pay", NULL, &error)) {
			fprintf(stderr, "%s\n", error->message);
			return 1;
		}
	}
	return 0;
}
