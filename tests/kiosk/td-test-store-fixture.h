/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-store.h"

G_BEGIN_DECLS

/* What the two programs of the store's tests share: test-store.c (what
 * every engine must do, run once per engine) and test-store-sqlite-file.c
 * (the SQLite file itself). Each test gets a temporary folder with the
 * engine's database and a settings file for the tiepdon command. */
typedef enum {
	TD_TEST_ENGINE_SQLITE,
	TD_TEST_ENGINE_PG,
} TdTestEngine;

typedef struct {
	TdTestEngine engine;
	gchar *dir;
	gchar *db_path;
	gchar *conninfo; /* TD_TEST_ENGINE_PG */
	gchar *config_path;
} TdStoreFixture;

/* data: the engine, GINT_TO_POINTER(TdTestEngine); NULL is SQLite. */
void td_store_fixture_setup(TdStoreFixture *fx, gconstpointer data);
/* Removes the folder and all in it. */
void td_store_fixture_teardown(TdStoreFixture *fx, gconstpointer data);

/* Records a check-in of day (the test fails if it is not recorded); its
 * queue number. */
guint td_test_store_record(TdStore *store, const gchar *day);

G_END_DECLS
