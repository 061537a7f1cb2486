/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "td-kiosk-context.h"

G_BEGIN_DECLS

/* The training mode's small panel beside the kiosk: one button per demo
 * citizen ("lay this card on the reader") and "remove the card". */
GtkWidget *td_demo_panel_new(GtkApplication *app, TdKioskContext *context);
/* What the buttons do (tests). */
gboolean td_demo_panel_insert(TdKioskContext *context, const gchar *profile_path, GError **error);
void td_demo_panel_remove(TdKioskContext *context);

G_END_DECLS
