/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

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

/* A profile in dir: the shipped profile base (a name in $TD_PROFILES_DIR)
 * with its photo made absolute and the changes applied, given as "group",
 * "key", "value" triples; a value "pki:NAME" names a file of the generated
 * test PKI ($TD_TEST_PKI_DIR). Returns the file's path. */
gchar *td_test_write_profile(const gchar *dir, const gchar *name, const gchar *base, const gchar *const *changes);
/* Runs $TIEPDON with argv (NULL-terminated, without the program) and
 * returns its exit status, stdout and stderr. */
gint td_test_run_tiepdon(const gchar *const *argv, gchar **out, gchar **err);
/* `tiepdon read --json --trust $TD_TEST_PKI_DIR/trust-store` with the key
 * arguments (NULL-terminated): its exit status, stdout and stderr. */
gint td_test_read_trusted(const gchar *const *key_args, gchar **out, gchar **err);
/* The JSON object text holds, which must be one (a new reference). */
JsonObject *td_test_parse_json_object(const gchar *text);

G_END_DECLS
