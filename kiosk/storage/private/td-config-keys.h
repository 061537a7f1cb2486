/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Adds to out, in the file's order, a line for each group of kf tiepdon
 * does not know ("[strorage] ([storage]?)") and each key of a group it
 * knows that the group has not ("[storage] ur (url?)"), logging each.
 * [gateway]'s keys are net/'s to judge (td_gateway_config's
 * unknown_keys): gateway_unknown, when not NULL, goes in at its place. */
void td_config_add_unknown_settings(GKeyFile *kf, const gchar *const *gateway_unknown, GStrvBuilder *out);

G_END_DECLS
