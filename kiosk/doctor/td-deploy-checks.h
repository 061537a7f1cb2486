/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-check-result.h"

G_BEGIN_DECLS

/* The deployment's own checks for `tiepdon doctor` and the staff console:
 * "udev rules" installed, "kiosk user" exists (with its scanner group),
 * "printer" exists in CUPS and takes jobs, "scanner" present and readable,
 * "voice" (unless turned off) speaks Vietnamese and has a sound sink.
 *
 * config: the kiosk's key file (or NULL for defaults); read here:
 *   [printer]  queue=NAME           (default: CUPS's default destination)
 *   [scanner]  device=PATH          (default: /dev/input/tiepdon-scanner)
 *              enabled=true|false   (false: keyboard-wedge mode, not checked)
 *   [voice]    enabled=true|false   (false: not checked)
 *
 * Returns TdCheckResult lines (free with g_ptr_array_unref). Blocks on the
 * CUPS server for a moment: not for the main thread of the kiosk. */
GPtrArray *td_deploy_checks_run(GKeyFile *config);
/* The reception desk's: "printer" when its settings print tickets (the
 * reprint), else none. */
GPtrArray *td_deploy_checks_run_desk(GKeyFile *config);

/* The kiosk's user and its scanner group, as udev/ installs them. */
#define TD_DEPLOY_KIOSK_USER "tiepdon"
#define TD_DEPLOY_SCANNER_GROUP "tiepdon-scanner"

G_END_DECLS
