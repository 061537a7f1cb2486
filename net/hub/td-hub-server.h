/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* tiepdon-hub's HTTPS side (libsoup), on the thread-default main context
 * of the thread that creates it:
 *
 *   POST /api/v1/day-report   a station's day report (td-day-report.h),
 *                             Authorization: Bearer <the station's token>;
 *                             200 with the acknowledgement, 400 a report it
 *                             cannot take, 401 a wrong token or unknown
 *                             station, 413 too large, 503 database down
 *   GET  /rollup[?date=D]     the area's page for day D (default:
 *                             yesterday, the report due this morning)
 *   GET  /rollup.csv[?date=D] the same, one row per station
 *
 * The roll-up asks for a viewer's name and token (HTTP Basic). Database
 * work runs on a pool of worker threads, one PostgreSQL connection each;
 * the main loop only parses, checks and answers. */
typedef struct _TdHubServer TdHubServer;

/* Connects db_connections times to conninfo and migrates the schema. */
TdHubServer *td_hub_server_new(const gchar *conninfo, guint db_connections, GTlsCertificate *certificate,
			       GError **error);
/* Listens on address (NULL: every interface) and port (0: any free one)
 * over HTTPS; returns the port, 0 with an error. */
guint td_hub_server_listen(TdHubServer *self, const gchar *address, guint port, GError **error);
/* Stops listening, finishes the requests in hand, closes the database. */
void td_hub_server_free(TdHubServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdHubServer, td_hub_server_free)

G_END_DECLS
