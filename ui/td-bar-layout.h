/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A bar's layout: its children on one row where the width holds every
 * one at its minimum, the row as low as the width allows (each child as
 * narrow as that height lets it be, then towards its natural width, what
 * is left to those that expand); else
 * on two rows, the first n_first children on the first and the others on
 * the second at its end (where they are on one row). So the bar over the
 * kiosk's pages keeps to a narrow portrait screen (600 × 1024, 480 × 800)
 * instead of running past its edge, and is one row as before wherever
 * that fits. Height-for-width: the rows a width needs are measured at
 * that width. */
#define TD_TYPE_BAR_LAYOUT (td_bar_layout_get_type())
G_DECLARE_FINAL_TYPE(TdBarLayout, td_bar_layout, TD, BAR_LAYOUT, GtkLayoutManager)

GtkLayoutManager *td_bar_layout_new(guint n_first, guint spacing);
/* Whether the last allocation took two rows. */
gboolean td_bar_layout_is_two_rows(TdBarLayout *self);

/* A plain row of widgets with that layout (the staff pages' ways across). */
#define TD_TYPE_BAR (td_bar_get_type())
G_DECLARE_FINAL_TYPE(TdBar, td_bar, TD, BAR, GtkWidget)

/* Children go in with td_ui_add_child(). */
GtkWidget *td_bar_new(guint n_first, guint spacing);

G_END_DECLS
