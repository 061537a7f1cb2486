/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-check-result.h"
#include "td-config.h"

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
GPtrArray *td_doctor_run(TdConfig *config, const gchar *trust_dir, GCancellable *cancellable);

/* Below this much free space in the database's folder, "disk" fails. */
#define TD_DOCTOR_MIN_FREE_BYTES (500 * 1024 * 1024)

G_END_DECLS
