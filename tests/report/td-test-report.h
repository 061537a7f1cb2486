/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-sqlite-store.h"

G_BEGIN_DECLS

/* A kiosk for the report tests: a temporary folder with a settings file
 * ([station], [storage], and whatever [report] the test gives) and its
 * SQLite store, filled through the store's own API. */
typedef struct {
	gchar *dir;
	gchar *config_path;
	TdSqliteStore *store;
} TdTestKiosk;

/* report_section: key file text appended as is (may be NULL). */
TdTestKiosk *td_test_kiosk_new(const gchar *code, const gchar *name, const gchar *report_section);
void td_test_kiosk_free(TdTestKiosk *kiosk);
/* A file in the kiosk's folder (mode 0600), e.g. the report token. */
gchar *td_test_kiosk_write_file(TdTestKiosk *kiosk, const gchar *name, const gchar *content);

/* A day of 50 check-ins whose figures the tests know: 44 by chip card (6
 * by hand), 40 eligible, 2 pending eligibility, 3 sent to staff, 48
 * answered the VNeID question of whom 12 have the card in VNeID (10
 * already, 2 helped) and 6 have no level-2 account: the rate is "25% (12
 * trên 48 lượt)". */
#define TD_TEST_DAY_CHECKINS 50
void td_test_kiosk_add_standard_day(TdTestKiosk *kiosk, const gchar *day);
/* n more check-ins by chip card, eligible, integrated, checked in. */
void td_test_kiosk_add_checkins(TdTestKiosk *kiosk, const gchar *day, guint n);

/* Runs argv (NULL-terminated) with env's "NAME=value" entries added (may
 * be NULL); returns the exit status, stdout and stderr (either may be
 * NULL). Aborts the test if it cannot run or is killed. */
gint td_test_run(const gchar *const *env, gchar **out, gchar **err, const gchar *const *argv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTestKiosk, td_test_kiosk_free)

G_END_DECLS
