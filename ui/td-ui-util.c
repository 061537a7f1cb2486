/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-ui-util.h"

void
td_ui_set_a11y_label(GtkWidget *widget, const gchar *label)
{
	gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
	g_object_set_data_full(G_OBJECT(widget), "td-a11y-label", g_strdup(label), g_free);
}

const gchar *
td_ui_get_a11y_label(GtkWidget *widget)
{
	return g_object_get_data(G_OBJECT(widget), "td-a11y-label");
}

GtkWidget *
td_ui_button_new(const gchar *text, const gchar *css_class)
{
	GtkWidget *button = gtk_button_new();
	GtkWidget *label = gtk_label_new(text);

	gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
	gtk_button_set_child(GTK_BUTTON(button), label);
	if (css_class != NULL)
		gtk_widget_add_css_class(button, css_class);
	gtk_widget_add_css_class(button, "td-button");
	td_ui_set_a11y_label(button, text);
	return button;
}

void
td_ui_button_set_text(GtkWidget *button, const gchar *text)
{
	GtkWidget *child = gtk_button_get_child(GTK_BUTTON(button));

	if (GTK_IS_LABEL(child)) {
		gtk_label_set_text(GTK_LABEL(child), text);
	} else if (GTK_IS_BOX(child)) {
		/* icon button: the label is the box's last child */
		GtkWidget *last = gtk_widget_get_last_child(child);
		if (GTK_IS_LABEL(last))
			gtk_label_set_text(GTK_LABEL(last), text);
	}
	td_ui_set_a11y_label(button, text);
}

void
td_ui_button_set_wrap(GtkWidget *button, gint width_chars)
{
	GtkWidget *child = gtk_button_get_child(GTK_BUTTON(button));
	if (!GTK_IS_LABEL(child))
		return;
	gtk_label_set_wrap(GTK_LABEL(child), TRUE);
	gtk_label_set_width_chars(GTK_LABEL(child), width_chars);
	gtk_label_set_max_width_chars(GTK_LABEL(child), width_chars + 8);
}

GtkWidget *
td_ui_icon_button_new(const gchar *icon_name, const gchar *text, const gchar *css_class)
{
	GtkWidget *button = gtk_button_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);
	GtkWidget *image = gtk_image_new_from_icon_name(icon_name);
	GtkWidget *label = gtk_label_new(text);

	gtk_image_set_pixel_size(GTK_IMAGE(image), 64);
	gtk_accessible_update_state(GTK_ACCESSIBLE(image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
	gtk_box_append(GTK_BOX(box), image);
	gtk_box_append(GTK_BOX(box), label);
	gtk_button_set_child(GTK_BUTTON(button), box);
	if (css_class != NULL)
		gtk_widget_add_css_class(button, css_class);
	gtk_widget_add_css_class(button, "td-button");
	td_ui_set_a11y_label(button, text);
	return button;
}

GtkWidget *
td_ui_label_new(const gchar *css_class)
{
	GtkWidget *label = gtk_label_new(NULL);

	gtk_label_set_wrap(GTK_LABEL(label), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
	gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
	/* a wrapping label asks for its whole text on one line unless bounded;
	 * this keeps every page within a 1280 px screen, and short lines are
	 * easier to read */
	gtk_label_set_max_width_chars(GTK_LABEL(label), 48);
	if (css_class != NULL)
		gtk_widget_add_css_class(label, css_class);
	return label;
}

void
td_ui_label_clear(GtkLabel *label)
{
	gtk_label_set_text(label, "");
}
