/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-session.h"
#include "td-config.h"
#include "td-gateway-client.h"
#include "td-store.h"

G_BEGIN_DECLS

typedef struct _TdDemoEnv TdDemoEnv;

/* What the windows share: the parts the application made at start-up.
 * Owned by the application (or a test); windows only borrow it. Any part
 * may be NULL (a test of one page, a kiosk without a gateway). */
typedef struct {
	TdConfig *config;
	TdStore *store;
	TdCheckinSession *session; /* also holds the gateway client */
	TdDemoEnv *demo; /* training mode only */
	/*< private >*/
	GObject *monitor; /* TdPcscMonitor, real readers only */
	gchar *data_dir;
} TdKioskContext;

/* The training mode: demo configuration and SQLite file in data_dir
 * (created 0700), the virtual chips, the gateway simulator. */
TdKioskContext *td_kiosk_context_new_demo(const gchar *data_dir, GError **error);
/* The real kiosk: config_path NULL = the default file; the PC/SC reader. */
TdKioskContext *td_kiosk_context_new_from_config(const gchar *config_path, GError **error);
/* Starts following the reader (real kiosk; nothing in training mode). */
gboolean td_kiosk_context_start(TdKioskContext *context, GError **error);
void td_kiosk_context_free(TdKioskContext *context);
/* The guide URL to show (the configured one; a public one in training). */
const gchar *td_kiosk_context_guide_url(TdKioskContext *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdKioskContext, td_kiosk_context_free)

G_END_DECLS
