/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The sizes the whole kiosk keeps to, in pixels. */
#define TD_UI_TOUCH_TARGET_PX 60 /* the smallest control, on any page */
#define TD_UI_SPACING_TIGHT   8	 /* keys of a pad, lines of a list */
#define TD_UI_SPACING	      16 /* between the parts of a page */
#define TD_UI_SPACING_WIDE    32 /* between the columns of a page */
#define TD_UI_ICON_PX	      48
/* The width a column of words keeps beside a picture, a pad or a number
 * before it goes under it (td-reflow-box.h). */
#define TD_UI_COLUMN_PX	     360
#define TD_UI_WIDE_COLUMN_PX 420
/* The bar of a scroller of words (td_ui_words_scroller_new): kiosk.css's
 * 16 px slider in GTK's scrollbar, its borders and margins, 23 px as GTK
 * 4.8 measures it. Its TdFitScroller asks the bar's width more than its
 * words, so a column asked to be a width inside one asks this much less
 * (the layout matrix finds words under the bar) */
#define TD_UI_WORDS_BAR_PX 23
/* The longest line of a sentence, in characters (a label's natural width). */
#define TD_UI_LINE_CHARS 40
/* Taps on a page that just appeared are not taken: a late tap meant for
 * the last page must not answer the next one. */
#define TD_UI_TAP_GUARD_MS 700

/* Small helpers every page uses, so each control gets its accessible name
 * the same way. The name is also kept as object data ("td-a11y-label")
 * because GTK 4.8 has no public call to read accessible properties back,
 * and the UI tests check that every control has one. */
/* Text as a reader takes it: the no-break spaces that keep a word's
 * syllables on one line on screen ("xử lý", never "xử / lý") are plain
 * spaces (newly allocated). */
gchar *td_ui_text_plain(const gchar *text);
/* The accessible name, plain (td_ui_text_plain). */
void td_ui_set_a11y_label(GtkWidget *widget, const gchar *label);
const gchar *td_ui_get_a11y_label(GtkWidget *widget);

/* A button with a label (wrapped, centred), its accessible name set to the
 * same text. css_class may be NULL. */
GtkWidget *td_ui_button_new(const gchar *text, const gchar *css_class);
/* Sets the text of a button made by td_ui_button_new (and its name). */
void td_ui_button_set_text(GtkWidget *button, const gchar *text);
/* Lets a button's label wrap, its lines at most width_chars long. */
void td_ui_button_set_wrap(GtkWidget *button, gint width_chars);
/* Lets a button's label go on two lines only where its row has no room
 * for one (a narrow screen): elsewhere it asks for its words on one. */
void td_ui_button_set_wrap_when_narrow(GtkWidget *button);
/* Its words on one line again, as wide as they need (a button that wraps
 * on some screens only). */
void td_ui_button_set_one_line(GtkWidget *button);
/* Moves child within its GtkGrid (a grid whose columns change with the
 * screen, td-screen-scale.h): its cell, and how many columns and rows it
 * spans. */
void td_ui_grid_place(GtkWidget *child, gint column, gint row, gint width, gint height);
/* A widget whose layout manager places its children (TdBar, the kiosk's
 * top bar): child added last, and returned. */
GtkWidget *td_ui_add_child(GtkWidget *parent, GtkWidget *child);
/* For such a widget's dispose. */
void td_ui_unparent_children(GtkWidget *widget);
/* Adds the CSS class if on, removes it if not. */
void td_ui_set_css_class(GtkWidget *widget, const gchar *css_class, gboolean on);
/* A toggle (same look) whose label says its state: "✓ " before the text
 * while on, and the .td-on style. */
GtkWidget *td_ui_toggle_new(void);
void td_ui_toggle_set_text(GtkWidget *toggle, const gchar *text);
/* A box with a CSS class (NULL: none). */
GtkWidget *td_ui_box_new(GtkOrientation orientation, gint spacing, const gchar *css_class);
/* Appends child to box and returns it. */
GtkWidget *td_ui_append(GtkWidget *box, GtkWidget *child);
/* A button with an icon (icon_px square) before its text. */
GtkWidget *td_ui_icon_button_new(const gchar *icon_name, guint icon_px, const gchar *text, const gchar *css_class);

/* The scrolled area a window's pages sit in: never wider than the window
 * (pages reflow), scrolling down where a page is taller than the screen.
 * A page gets at least its minimum height: what can shrink (a chart, a
 * list of cases) does so before the page scrolls. Where there is more
 * below, its bottom edge is shaded (class td-page-scroller). */
GtkWidget *td_ui_page_scroller_new(GtkWidget *pages);
/* A line that just came up in answer to a press (the question "…for
 * whom?", the minute to undo, what went wrong) scrolled into sight in the
 * scroller around it, once it has its place: on a 1024 x 768 kiosk the
 * staff page's lines under both columns are below the screen's edge, and
 * staff pressed and saw nothing happen. */
void td_ui_scroll_into_view(GtkWidget *widget);

/* A patient's page whose way on (its last button, and the countdown over
 * it) stays on the screen: the rest scrolls above it where the screen is
 * too short for the whole page (1024 x 600 in large text), with the bar
 * shown at once, as on the window's own scroller. footer sits at the
 * bottom, under content; content keeps at least the scroller's height, so
 * its springs still centre it where there is room. */
GtkWidget *td_ui_pinned_page_new(GtkWidget *content, GtkWidget *footer);
/* Words that give way to what is beside or under them (the number pad, the
 * dashboard's actions): as tall as they are at their width where there is
 * room, scrolling in min_height at the least where not, their bar shown.
 * A TdFitScroller around the GtkScrolledWindow. */
GtkWidget *td_ui_words_scroller_new(GtkWidget *content, gint min_height);
/* The CSS class of a scroller inside a page whose words scroll while
 * something stays in sight (the pinned page's; the words over the number
 * pad): the layout tests reach into it. */
#define TD_UI_PINNED_SCROLLER_CLASS "td-pinned-scroller"
/* What stays in sight under it (the page's last buttons) */
#define TD_UI_PINNED_FOOTER_CLASS "td-pinned-footer"

/* A wrapping label with a CSS class (NULL: none). */
GtkWidget *td_ui_label_new(const gchar *css_class);

/* Empties a label that showed personal data. GTK keeps its own copies of
 * the text, which we cannot wipe; setting "" at least drops them from the
 * screen and from the accessibility tree. */
void td_ui_label_clear(GtkLabel *label);

G_END_DECLS
