/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a test's temporary folder and everything in it. */
void td_test_remove_tree(const gchar *path);

G_END_DECLS
