/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* For tests that run inside with-private-pcscd.sh: the tiepdon-vchip
 * program as the card in the first vpcd slot, and waiting on pcscd for it. */

/* The environment variable, or the test stops (meson sets them all). */
const gchar *td_test_env(const gchar *name);
/* Waits (up to 15 s) until pcscd sees a card in the first reader, or none. */
void td_test_wait_for_card(gboolean want_card);
/* Starts `tiepdon-vchip --profile PATH` on $TD_VPCD_PORT (latency_ms NULL
 * = none) and returns once pcscd sees the card. */
GSubprocess *td_test_start_chip(const gchar *profile_path, const gchar *latency_ms);
/* SIGTERM, then waits until pcscd sees the reader empty. */
void td_test_stop_chip(GSubprocess *chip);

G_END_DECLS
