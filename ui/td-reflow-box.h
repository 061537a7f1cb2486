/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Children side by side when the width allows every one its minimum width
 * (give a column a size request: the width below which it would rather go
 * under its neighbour), else one under the other: so a page fits a 1024 px
 * landscape screen and a 1080 px portrait one, and large text reflows
 * instead of widening the window. In a row, each child gets its minimum
 * and the room left towards its natural width. Height-for-width: a page's
 * height is what its arrangement at the given width needs. */
#define TD_TYPE_REFLOW_BOX (td_reflow_box_get_type())
G_DECLARE_FINAL_TYPE(TdReflowBox, td_reflow_box, TD, REFLOW_BOX, GtkWidget)

GtkWidget *td_reflow_box_new(gint spacing);
void td_reflow_box_append(TdReflowBox *self, GtkWidget *child);
/* On a portrait screen (the window's surface taller than wide), one under
 * the other even where a row would fit: the screen's height is the room
 * to use. */
void td_reflow_box_set_stack_on_portrait(TdReflowBox *self, gboolean stack);
/* On a portrait screen, one under the other where the height the box is
 * given holds them so (give it vexpand to be given the room), side by
 * side where it does not: the box is measured as a row, so it never makes
 * a page scroll (a 768 × 1024 panel keeps the row that fits it, a
 * 1080 × 1920 totem uses its height). */
void td_reflow_box_set_stack_when_room(TdReflowBox *self, gboolean stack);
/* One under the other whatever the width (a page that scrolls on a short
 * screen: read down in one column, each child the whole width). */
void td_reflow_box_set_stacked(TdReflowBox *self, gboolean stacked);
/* Whether the last allocation put the children side by side. */
gboolean td_reflow_box_is_horizontal(TdReflowBox *self);

G_END_DECLS
