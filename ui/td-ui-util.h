/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Small helpers every page uses, so each control gets its accessible name
 * the same way. The name is also kept as object data ("td-a11y-label")
 * because GTK 4.8 has no public call to read accessible properties back,
 * and the UI tests check that every control has one. */
void td_ui_set_a11y_label(GtkWidget *widget, const gchar *label);
const gchar *td_ui_get_a11y_label(GtkWidget *widget);

/* A button with a label (wrapped, centred), its accessible name set to the
 * same text. css_class may be NULL. */
GtkWidget *td_ui_button_new(const gchar *text, const gchar *css_class);
/* Sets the text of a button made by td_ui_button_new (and its name). */
void td_ui_button_set_text(GtkWidget *button, const gchar *text);
/* Lets a button's label wrap, at least width_chars wide. */
void td_ui_button_set_wrap(GtkWidget *button, gint width_chars);
/* A button with an icon before its text. */
GtkWidget *td_ui_icon_button_new(const gchar *icon_name, const gchar *text, const gchar *css_class);

/* A wrapping label with a CSS class (NULL: none). */
GtkWidget *td_ui_label_new(const gchar *css_class);

/* Empties a label that showed personal data. GTK keeps its own copies of
 * the text, which we cannot wipe; setting "" at least drops them from the
 * screen and from the accessibility tree. */
void td_ui_label_clear(GtkLabel *label);

G_END_DECLS
