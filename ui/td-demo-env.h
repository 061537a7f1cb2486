/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-gateway-config.h"
#include "td-transport.h"

G_BEGIN_DECLS

/* The training mode's embedded parts: the demo citizens' virtual chips
 * (in-process, no pcscd: that needs root) and the gateway simulator as a
 * child process on loopback. Profiles and fixtures are found in the
 * installed data directory or, when running from the build tree, in the
 * source tree. */
typedef struct _TdDemoEnv TdDemoEnv;

TdDemoEnv *td_demo_env_new(GError **error);
void td_demo_env_free(TdDemoEnv *self); /* stops the simulator */

/* Starts tiepdon-gateway-sim on a free port with a fresh certificate in
 * data_dir, and returns the gateway settings that reach it. */
TdGatewayConfig *td_demo_env_start_gateway(TdDemoEnv *self, const gchar *data_dir, GError **error);

/* The demo citizens' profile files, and a display name for each. */
GPtrArray *td_demo_env_get_profiles(TdDemoEnv *self);
gchar *td_demo_env_profile_name(const gchar *profile_path);

/* The demo PKI: a CSCA (the trust store) and a Document Signer that signs
 * the demo cards, made once in data_dir/demo-pki by the test-PKI script
 * ($TD_DEMO_PKI_SCRIPT or the source tree's kiosk/tiepdon-training-pki.sh, or the installed libexec/tiepdon-training-pki;
 * needs the openssl tool). Returns the trust-store folder (owned by self),
 * or NULL when no PKI can be made. */
const gchar *td_demo_env_prepare_pki(TdDemoEnv *self, const gchar *data_dir, GError **error);

/* "Lay this card on the reader": personalises the chip (may take a moment:
 * key generation). */
gboolean td_demo_env_insert_card(TdDemoEnv *self, const gchar *profile_path, GError **error);
/* Takes the card off: a read in progress sees a removed card. */
void td_demo_env_remove_card(TdDemoEnv *self);
gboolean td_demo_env_has_card(TdDemoEnv *self);
/* Latency per APDU, like a slow contactless link (0 by default). */
void td_demo_env_set_latency_ms(TdDemoEnv *self, guint ms);

/* A TdCardConnectFunc (user_data: the TdDemoEnv): the card on the virtual
 * reader. Thread-safe. */
TdTransport *td_demo_env_connect(const gchar *reader_name, const TdTransportDeadline *deadline, gpointer user_data, GCancellable *cancellable,
				 GError **error);

/* Finds a data file: $TD_DATADIR, the installed datadir, the source tree. */
gchar *td_demo_env_find_data(const gchar *relative);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdDemoEnv, td_demo_env_free)

G_END_DECLS
