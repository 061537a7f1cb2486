/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* net/ must not depend on reader/, so it has its own wipe helpers for the
 * password digest, tokens and personal data in answers. */
void td_gateway_wipe(gpointer data, gsize len);
void td_gateway_str_wipe_free(gchar *str);

G_END_DECLS
