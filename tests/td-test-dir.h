/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a test's temporary folder: the files in it, then the folder
 * (tests keep their files flat: a config, a database, keys, profiles). */
void td_test_dir_remove(const gchar *dir);

G_END_DECLS
