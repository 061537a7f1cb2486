/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-check-result.h"
#include "td-config.h"
#include "td-gateway-client.h"

G_BEGIN_DECLS

/* The kiosk's health, one TdCheckResult per line: "pcscd", "reader",
 * "trust store", "gateway", "database" (opened read-only, never created;
 * in the kiosk the kiosk's own store), "data files" (owner-only), "ID key"
 * (usable, outside the data folder), "personal data" (the oldest record
 * within retention), "disk", "report" (the daily report's way up, from its
 * state file), then the deployment's own checks (udev rules, kiosk user,
 * printer, scanner) from kiosk/devices.
 * trust_dir NULL: the config's [reader] trust-dir. Blocks (pcscd, the
 * gateway, CUPS, the disk): the staff console runs it in a worker thread.
 * Free the array with g_ptr_array_unref. */
typedef enum {
	TD_DOCTOR_SCOPE_KIOSK,
	/* tiepdon-staff at the reception desk: only what its console uses,
	 * "database" (with the clock and the offline journal), "data files",
	 * "disk" and, when its settings print tickets, "printer"; and, as on
	 * the kiosk, "config" when the file holds a setting misspelt. The kiosk's
	 * reader, gateway, scanner and set-up are not the desk's: on a PC of
	 * its own they failed every morning, and staff learnt to ignore the
	 * page. */
	TD_DOCTOR_SCOPE_RECEPTION_PC,
} TdDoctorScope;

/* gateway: the kiosk's own client, so that the check keeps to its wait
 * after a refused login and a login taken ends it; NULL (`tiepdon
 * doctor`): a client of the check's own. */
GPtrArray *td_doctor_run(TdConfig *config, const gchar *trust_dir, TdDoctorScope scope, TdGatewayClient *gateway,
			 GCancellable *cancellable);

/* The language of the lines for a program without the kiosk's own set-up
 * (`tiepdon doctor --lang`): "vi" or "en", from the catalogues of
 * $TD_LOCALEDIR (the build tree's) or the installed ones. The kiosk binds
 * them itself (td_i18n_setup) and asks in Vietnamese, as staff read it. */
void td_doctor_set_language(const gchar *language);
/* "vi" when the environment asks for Vietnamese (LANGUAGE, LC_ALL,
 * LC_MESSAGES or LANG), else "en": cron and scripts run in the C locale. */
const gchar *td_doctor_language_from_environment(void);

/* Below this much free space in the database's folder, "disk" fails. */
#define TD_DOCTOR_MIN_FREE_BYTES (500 * 1024 * 1024)
/* Under this the disk is full for the records: a check-in and SQLite's
 * journal find no room, and the kiosk sends each patient to the desk
 * with no number (test-ui-full-disk). */
#define TD_DOCTOR_FULL_BYTES (1024 * 1024)

G_END_DECLS
