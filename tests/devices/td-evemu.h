/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <linux/input.h>

/* Reads the "E:" lines of an evemu-record file (streams/) into an array
 * of struct input_event; other lines are ignored. */
GArray *td_evemu_load(const gchar *path, GError **error);
