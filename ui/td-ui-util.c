/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-fit-scroller.h"
#include "td-ui-util.h"

gchar *
td_ui_text_plain(const gchar *text)
{
	GString *plain = g_string_new(text);

	g_string_replace(plain, "\u00a0", " ", 0);
	return g_string_free(plain, FALSE);
}

void
td_ui_set_a11y_label(GtkWidget *widget, const gchar *label)
{
	gchar *plain = td_ui_text_plain(label);

	gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
	g_object_set_data_full(G_OBJECT(widget), "td-a11y-label", plain, g_free);
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

/* The label of a button made here: its child, or an icon button's last. */
static GtkLabel *
td_ui_button_get_label(GtkWidget *button)
{
	GtkWidget *child = gtk_button_get_child(GTK_BUTTON(button));

	if (GTK_IS_BOX(child))
		child = gtk_widget_get_last_child(child);
	return GTK_IS_LABEL(child) ? GTK_LABEL(child) : NULL;
}

void
td_ui_button_set_text(GtkWidget *button, const gchar *text)
{
	GtkLabel *label = td_ui_button_get_label(button);

	if (label != NULL)
		gtk_label_set_text(label, text);
	td_ui_set_a11y_label(button, text);
}

/* The button's label, set to wrap between words (a button's words stay
 * whole); NULL for a button without one. */
static GtkLabel *
td_ui_button_wrap_words(GtkWidget *button)
{
	GtkLabel *label = td_ui_button_get_label(button);

	if (label != NULL) {
		gtk_label_set_wrap(label, TRUE);
		gtk_label_set_wrap_mode(label, PANGO_WRAP_WORD);
	}
	return label;
}

void
td_ui_button_set_wrap(GtkWidget *button, gint width_chars)
{
	GtkLabel *label = td_ui_button_wrap_words(button);

	if (label != NULL)
		gtk_label_set_max_width_chars(label, width_chars);
}

void
td_ui_grid_place(GtkWidget *child, gint column, gint row, gint width, gint height)
{
	GtkLayoutManager *grid = gtk_widget_get_layout_manager(gtk_widget_get_parent(child));
	GtkGridLayoutChild *cell = GTK_GRID_LAYOUT_CHILD(gtk_layout_manager_get_layout_child(grid, child));

	gtk_grid_layout_child_set_column(cell, column);
	gtk_grid_layout_child_set_row(cell, row);
	gtk_grid_layout_child_set_column_span(cell, width);
	gtk_grid_layout_child_set_row_span(cell, height);
}

void
td_ui_button_set_one_line(GtkWidget *button)
{
	GtkLabel *label = td_ui_button_get_label(button);

	if (label != NULL) {
		gtk_label_set_wrap(label, FALSE);
		gtk_label_set_max_width_chars(label, -1);
	}
}

void
td_ui_button_set_wrap_when_narrow(GtkWidget *button)
{
	GtkLabel *label = td_ui_button_wrap_words(button);

	/* the natural width is the unwrapped line's, so a box with room
	 * gives it that; the minimum is the longest word's */
	if (label != NULL)
		gtk_label_set_natural_wrap_mode(label, GTK_NATURAL_WRAP_NONE);
}

GtkWidget *
td_ui_add_child(GtkWidget *parent, GtkWidget *child)
{
	gtk_widget_set_parent(child, parent);
	return child;
}

void
td_ui_unparent_children(GtkWidget *widget)
{
	GtkWidget *child;

	while ((child = gtk_widget_get_first_child(widget)) != NULL)
		gtk_widget_unparent(child);
}

void
td_ui_set_css_class(GtkWidget *widget, const gchar *css_class, gboolean on)
{
	if (on)
		gtk_widget_add_css_class(widget, css_class);
	else
		gtk_widget_remove_css_class(widget, css_class);
}

static void
td_ui_toggle_update(GtkToggleButton *toggle)
{
	const gchar *text = g_object_get_data(G_OBJECT(toggle), "td-toggle-text");
	gboolean on = gtk_toggle_button_get_active(toggle);
	g_autofree gchar *shown = g_strdup_printf("%s%s", on ? "✓ " : "", text != NULL ? text : "");

	gtk_label_set_text(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(toggle))), shown);
	td_ui_set_css_class(GTK_WIDGET(toggle), "td-on", on);
}

GtkWidget *
td_ui_toggle_new(void)
{
	GtkWidget *toggle = gtk_toggle_button_new();
	GtkWidget *label = gtk_label_new(NULL);

	/* wrapped on a narrow bar ("Nền tối, / chữ sáng"): centred as
	 * every other button's words */
	gtk_label_set_justify(GTK_LABEL(label), GTK_JUSTIFY_CENTER);
	gtk_button_set_child(GTK_BUTTON(toggle), label);
	gtk_widget_add_css_class(toggle, "td-button");
	gtk_widget_add_css_class(toggle, "td-toggle");
	g_signal_connect(toggle, "toggled", G_CALLBACK(td_ui_toggle_update), NULL);
	return toggle;
}

void
td_ui_toggle_set_text(GtkWidget *toggle, const gchar *text)
{
	g_object_set_data_full(G_OBJECT(toggle), "td-toggle-text", g_strdup(text), g_free);
	td_ui_toggle_update(GTK_TOGGLE_BUTTON(toggle));
	td_ui_set_a11y_label(toggle, text);
}

GtkWidget *
td_ui_box_new(GtkOrientation orientation, gint spacing, const gchar *css_class)
{
	GtkWidget *box = gtk_box_new(orientation, spacing);
	if (css_class != NULL)
		gtk_widget_add_css_class(box, css_class);
	return box;
}

GtkWidget *
td_ui_page_scroller_new(GtkWidget *pages)
{
	GtkWidget *scroller = gtk_scrolled_window_new();

	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), pages);
	gtk_widget_set_vexpand(scroller, TRUE);
	gtk_widget_add_css_class(scroller, "td-page-scroller");
	return scroller;
}

/* The frame after the one it was shown in: by then laid out (a tick runs
 * before its frame's layout) */
static gboolean
td_scroll_into_view_tick_cb(GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
	guint *ticks = user_data;
	GtkWidget *scroller;
	GtkAdjustment *adjustment;
	graphene_rect_t bounds;
	gdouble shown;

	if ((*ticks)++ == 0)
		return G_SOURCE_CONTINUE;
	scroller = gtk_widget_get_ancestor(widget, GTK_TYPE_SCROLLED_WINDOW);
	if (scroller == NULL || !gtk_widget_get_mapped(widget) || !gtk_widget_compute_bounds(widget, scroller, &bounds))
		return G_SOURCE_REMOVE;
	adjustment = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroller));
	shown = gtk_widget_get_height(scroller);
	/* its bottom edge up to the scroller's; never its top out of sight */
	if (bounds.origin.y + bounds.size.height > shown)
		gtk_adjustment_set_value(adjustment, gtk_adjustment_get_value(adjustment) +
							 MIN(bounds.origin.y + bounds.size.height - shown, bounds.origin.y));
	else if (bounds.origin.y < 0)
		gtk_adjustment_set_value(adjustment, gtk_adjustment_get_value(adjustment) + bounds.origin.y);
	return G_SOURCE_REMOVE;
}

void
td_ui_scroll_into_view(GtkWidget *widget)
{
	g_return_if_fail(GTK_IS_WIDGET(widget));
	gtk_widget_add_tick_callback(widget, td_scroll_into_view_tick_cb, g_new0(guint, 1), g_free);
}

/* A scroller of words that scroll while something stays in sight: a
 * patient does not know to move a page that hides its end, so the bar is
 * there from the start (td-kiosk-window.c does the same). */
static GtkWidget *
td_ui_pinned_scroller_new(GtkWidget *content)
{
	GtkWidget *scroller = td_ui_page_scroller_new(content);

	gtk_scrolled_window_set_overlay_scrolling(GTK_SCROLLED_WINDOW(scroller), FALSE);
	gtk_widget_add_css_class(scroller, "td-bar-shown");
	gtk_widget_add_css_class(scroller, TD_UI_PINNED_SCROLLER_CLASS);
	return scroller;
}

GtkWidget *
td_ui_words_scroller_new(GtkWidget *content, gint min_height)
{
	GtkWidget *scroller = td_ui_pinned_scroller_new(content);
	GtkWidget *fit;

	/* as wide as its words where there is room, and as tall as they
	 * are at that width (TdFitScroller) */
	gtk_scrolled_window_set_propagate_natural_width(GTK_SCROLLED_WINDOW(scroller), TRUE);
	gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(scroller), min_height);
	fit = td_fit_scroller_new(GTK_SCROLLED_WINDOW(scroller));
	gtk_widget_set_vexpand(scroller, FALSE);
	return fit;
}

GtkWidget *
td_ui_pinned_page_new(GtkWidget *content, GtkWidget *footer)
{
	GtkWidget *page = td_ui_box_new(GTK_ORIENTATION_VERTICAL, 0, "td-pinned-page");
	GtkWidget *scroller = td_ui_pinned_scroller_new(content);

	gtk_box_append(GTK_BOX(page), scroller);
	gtk_widget_add_css_class(footer, TD_UI_PINNED_FOOTER_CLASS);
	gtk_box_append(GTK_BOX(page), footer);
	return page;
}

GtkWidget *
td_ui_append(GtkWidget *box, GtkWidget *child)
{
	gtk_box_append(GTK_BOX(box), child);
	return child;
}

GtkWidget *
td_ui_icon_button_new(const gchar *icon_name, guint icon_px, const gchar *text, const gchar *css_class)
{
	GtkWidget *button = gtk_button_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, TD_UI_SPACING);
	GtkWidget *image = gtk_image_new_from_icon_name(icon_name);
	GtkWidget *label = gtk_label_new(text);

	gtk_image_set_pixel_size(GTK_IMAGE(image), (int)icon_px);
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
	 * short lines are easier to read, and the label wraps further where
	 * the screen is narrower */
	gtk_label_set_max_width_chars(GTK_LABEL(label), TD_UI_LINE_CHARS);
	if (css_class != NULL)
		gtk_widget_add_css_class(label, css_class);
	return label;
}

void
td_ui_label_clear(GtkLabel *label)
{
	gtk_label_set_text(label, "");
}
