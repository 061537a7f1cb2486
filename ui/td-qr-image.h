/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A QR code (libqrencode, error correction M) as a texture: black modules
 * on white with the 4-module quiet zone the standard asks for, each module
 * module_px pixels square so phones read it from the screen. */
GdkTexture *td_qr_texture_new(const gchar *text, guint module_px, GError **error);

G_END_DECLS
