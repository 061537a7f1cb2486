/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "td-i18n.h"
#include "td-ui-test-layout.h"
#include "td-ui-test-util.h"
#include "td-ui-util.h"

TdUiShot *
td_ui_shot_new(GtkWidget *widget)
{
	TdUiShot *shot = g_new0(TdUiShot, 1);
	shot->texture = td_ui_test_render(widget);
	shot->width = gdk_texture_get_width(shot->texture);
	shot->height = gdk_texture_get_height(shot->texture);
	shot->stride = (gsize)shot->width * 4;
	shot->pixels = g_malloc(shot->stride * (gsize)shot->height);
	gdk_texture_download(shot->texture, shot->pixels, shot->stride);
	return shot;
}

void
td_ui_shot_free(TdUiShot *shot)
{
	if (shot == NULL)
		return;
	g_clear_object(&shot->texture);
	g_free(shot->pixels);
	g_free(shot);
}

gchar *
td_ui_shot_save(TdUiShot *shot, const gchar *name)
{
	return td_ui_test_save_texture(shot->texture, name);
}

static gdouble
td_channel(guint v)
{
	gdouble c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static gdouble
td_luminance(guint32 rgb)
{
	return 0.2126 * td_channel((rgb >> 16) & 0xff) + 0.7152 * td_channel((rgb >> 8) & 0xff) +
	       0.0722 * td_channel(rgb & 0xff);
}

gdouble
td_ui_contrast_ratio(guint32 a, guint32 b)
{
	gdouble la = td_luminance(a);
	gdouble lb = td_luminance(b);
	return (MAX(la, lb) + 0.05) / (MIN(la, lb) + 0.05);
}

guint32
td_ui_shot_pixel(TdUiShot *shot, gint x, gint y)
{
	const guchar *p = shot->pixels + (gsize)y * shot->stride + (gsize)x * 4;
	/* B, G, R, A; opaque, so premultiplying changed nothing */
	return ((guint32)p[2] << 16) | ((guint32)p[1] << 8) | p[0];
}

gboolean
td_ui_widget_rect(GtkWidget *widget, GtkWidget *window, graphene_rect_t *out)
{
	return gtk_widget_compute_bounds(widget, window, out);
}

/* Colour → number of pixels in the rectangle (clipped to the shot). */
static GHashTable *
td_shot_histogram(TdUiShot *shot, const graphene_rect_t *r)
{
	GHashTable *counts = g_hash_table_new(g_direct_hash, g_direct_equal);
	gint x0 = MAX(0, (gint)ceilf(r->origin.x)), y0 = MAX(0, (gint)ceilf(r->origin.y));
	gint x1 = MIN(shot->width, (gint)floorf(r->origin.x + r->size.width));
	gint y1 = MIN(shot->height, (gint)floorf(r->origin.y + r->size.height));

	for (gint y = y0; y < y1; y++) {
		for (gint x = x0; x < x1; x++) {
			guint32 c = td_ui_shot_pixel(shot, x, y);
			guint n = GPOINTER_TO_UINT(g_hash_table_lookup(counts, GUINT_TO_POINTER(c + 1)));
			g_hash_table_insert(counts, GUINT_TO_POINTER(c + 1), GUINT_TO_POINTER(n + 1));
		}
	}
	return counts;
}

static guint32
td_histogram_most_common(GHashTable *counts)
{
	GHashTableIter iter;
	gpointer key, value;
	guint best = 0;
	guint32 colour = 0;

	g_hash_table_iter_init(&iter, counts);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		if (GPOINTER_TO_UINT(value) > best) {
			best = GPOINTER_TO_UINT(value);
			colour = GPOINTER_TO_UINT(key) - 1;
		}
	}
	return colour;
}

/* The text's colour is the one that stands out most from the background
 * (anti-aliasing only blends towards it); the ratio of the two. */
static gdouble
td_text_contrast(TdUiShot *shot, const graphene_rect_t *r, guint32 *bg_out, guint32 *fg_out)
{
	g_autoptr(GHashTable) counts = td_shot_histogram(shot, r);
	GHashTableIter iter;
	gpointer key;
	guint32 bg = td_histogram_most_common(counts);
	gdouble best = 1.0;

	*bg_out = *fg_out = bg;
	g_hash_table_iter_init(&iter, counts);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		guint32 c = GPOINTER_TO_UINT(key) - 1;
		gdouble ratio = td_ui_contrast_ratio(bg, c);
		if (ratio > best) {
			best = ratio;
			*fg_out = c;
		}
	}
	return best;
}

static const gchar *
td_widget_text(GtkWidget *widget)
{
	const gchar *name = td_ui_get_a11y_label(widget);
	if (name != NULL && name[0] != '\0')
		return name;
	if (GTK_IS_LABEL(widget))
		return gtk_label_get_text(GTK_LABEL(widget));
	return G_OBJECT_TYPE_NAME(widget);
}

static gboolean
td_is_control(GtkWidget *widget)
{
	return GTK_IS_BUTTON(widget) || GTK_IS_ENTRY(widget) || GTK_IS_TEXT(widget) || GTK_IS_LIST_BOX_ROW(widget);
}

static gboolean
td_rect_inside(const graphene_rect_t *r, gint width, gint height)
{
	/* half a pixel of rounding */
	return r->origin.x >= -0.5f && r->origin.y >= -0.5f && r->origin.x + r->size.width <= width + 0.5f &&
	       r->origin.y + r->size.height <= height + 0.5f;
}

static gboolean
td_rect_within(const graphene_rect_t *r, const graphene_rect_t *area)
{
	graphene_rect_t moved = *r;

	graphene_rect_offset(&moved, -area->origin.x, -area->origin.y);
	return td_rect_inside(&moved, (gint)area->size.width, (gint)area->size.height);
}

/* The label's text area: inside its border and padding. */
static void
td_label_text_rect(GtkWidget *label, graphene_rect_t *r)
{
	GtkStyleContext *style = gtk_widget_get_style_context(label);
	GtkBorder border, padding;

	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_style_context_get_border(style, &border);
	gtk_style_context_get_padding(style, &padding);
	G_GNUC_END_IGNORE_DEPRECATIONS
	r->origin.x += border.left + padding.left;
	r->origin.y += border.top + padding.top;
	r->size.width -= border.left + border.right + padding.left + padding.right;
	r->size.height -= border.top + border.bottom + padding.top + padding.bottom;
}

/* A label under something drawn over it (the warning box): its pixels are
 * the cover's, which the cover's own labels answer for. */
static gboolean
td_label_covered(GtkWidget *window, GtkWidget *label, const graphene_rect_t *r)
{
	GtkWidget *top = gtk_widget_pick(window, r->origin.x + r->size.width / 2, r->origin.y + r->size.height / 2,
					 GTK_PICK_DEFAULT);
	return top != NULL && top != label && !gtk_widget_is_ancestor(top, label) &&
	       !gtk_widget_is_ancestor(label, top);
}

/* What a walk down the widget tree checks against: the window's width and
 * how far down its controls may lie, and, for the contrast in the shot,
 * the part of the window actually drawn (a pinned page's scroller clips
 * its words above the footer). */
typedef struct {
	GtkWidget *window;
	gint width;
	gint height;
	graphene_rect_t drawn;
	/* where the words inside a scroller with its bar shown end: the bar's
	 * left edge (text past it is under the bar) */
	gfloat words_right;
	guint min_px;
	TdUiShot *shot;
	GString *problems;
} TdLayoutWalk;

/* A name in quotes ("bấm “Gọi nhân viên”", "chọn “Tích hợp thông tin”")
 * is what the patient looks for on a button or in the VNeID app: broken
 * over two lines ("“Gọi nhân" / "viên”") it no longer reads as the name
 * on the button. The Vietnamese keeps its words together (no-break
 * spaces). Not the English: there the app's Vietnamese names come with
 * their English glosses, and kept whole on the VNeID guide they made the
 * steps too tall beside the code on a 768 x 1024 screen in large text. */
static void
td_check_quoted_names_whole(GtkWidget *label, GString *problems)
{
	PangoLayout *layout = gtk_label_get_layout(GTK_LABEL(label));
	const gchar *text = pango_layout_get_text(layout);

	if (td_i18n_get_language() != TD_LANGUAGE_VI)
		return;
	for (const gchar *open = strstr(text, "“"); open != NULL; open = strstr(open + 1, "“")) {
		const gchar *close = strstr(open, "”");
		gint first_line = 0, last_line = 0;

		if (close == NULL)
			break;
		pango_layout_index_to_line_x(layout, (gint)(open - text), FALSE, &first_line, NULL);
		pango_layout_index_to_line_x(layout, (gint)(close - text), FALSE, &last_line, NULL);
		if (first_line != last_line)
			g_string_append_printf(problems, "the name %.*s is broken over lines in '%s'\n",
					       (int)(close + strlen("”") - open), open, gtk_label_get_text(GTK_LABEL(label)));
	}
}

static void
td_check_label(const TdLayoutWalk *walk, GtkWidget *label)
{
	GtkWidget *window = walk->window;
	gint width = walk->width, height = walk->height;
	TdUiShot *shot = walk->shot;
	GString *problems = walk->problems;
	const gchar *text = gtk_label_get_text(GTK_LABEL(label));
	g_autofree gchar *blank = NULL;
	graphene_rect_t r;
	gint min_w = 0, min_h = 0, nat = 0;

	if (text == NULL || g_strcmp0(g_strstrip(blank = g_strdup(text)), "") == 0 ||
	    !td_ui_widget_rect(label, window, &r))
		return;
	if (!td_rect_inside(&r, width, height))
		g_string_append_printf(problems, "label '%s' at %.0f,%.0f %.0fx%.0f is outside the %dx%d window\n",
				       text, r.origin.x, r.origin.y, r.size.width, r.size.height, width, height);
	td_check_quoted_names_whole(label, problems);
	/* a queue number on two lines reads as two numbers */
	if (gtk_widget_has_css_class(label, "td-queue-number") &&
	    pango_layout_get_line_count(gtk_label_get_layout(GTK_LABEL(label))) > 1)
		g_string_append_printf(problems, "the number '%s' is broken over lines\n", text);
	if (gtk_label_get_ellipsize(GTK_LABEL(label)) != PANGO_ELLIPSIZE_NONE &&
	    pango_layout_is_ellipsized(gtk_label_get_layout(GTK_LABEL(label))) &&
	    g_object_get_data(G_OBJECT(label), "td-may-ellipsize") == NULL)
		g_string_append_printf(problems, "label '%s' is ellipsized\n", text);
	/* what the label needs, border and padding included, against the box
	 * it got */
	gtk_widget_measure(label, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat, NULL, NULL);
	gtk_widget_measure(label, GTK_ORIENTATION_VERTICAL, (int)r.size.width, &min_h, &nat, NULL, NULL);
	if (gtk_label_get_ellipsize(GTK_LABEL(label)) == PANGO_ELLIPSIZE_NONE &&
	    (r.size.width + 0.5f < min_w || r.size.height + 0.5f < min_h))
		g_string_append_printf(problems, "label '%s' is cut: %.0fx%.0f for a text of %dx%d\n", text,
				       r.size.width, r.size.height, min_w, min_h);
	/* its lines as laid out (from its text area: the offsets are of
	 * the area inside its border and padding), against a scroller's
	 * bar beside them; a pixel's grace for the ink's rounding outward */
	{
		graphene_rect_t area = r;
		PangoRectangle ink;
		gint offset_x = 0;
		gfloat ink_right;

		td_label_text_rect(label, &area);
		gtk_label_get_layout_offsets(GTK_LABEL(label), &offset_x, NULL);
		pango_layout_get_pixel_extents(gtk_label_get_layout(GTK_LABEL(label)), &ink, NULL);
		ink_right = area.origin.x + offset_x + ink.x + ink.width;
		if (ink.width > 0 && ink_right > walk->words_right + 1.0f)
			g_string_append_printf(problems, "label '%s' runs %.0f px under the scroller's bar\n", text,
					       ink_right - walk->words_right);
	}
	/* a label scrolled out of the screen is not in the shot: the same
	 * styles answer for it where it shows */
	if (shot != NULL && td_rect_within(&r, &walk->drawn) && !td_label_covered(window, label, &r)) {
		guint32 bg = 0, fg = 0;
		gdouble ratio;
		td_label_text_rect(label, &r);
		ratio = td_text_contrast(shot, &r, &bg, &fg);
		if (ratio < TD_UI_MIN_CONTRAST)
			g_string_append_printf(problems, "label '%s': contrast %.2f:1 (#%06x on #%06x)\n", text, ratio,
					       fg, bg);
	}
}

/* Inside a pinned page's scroller (td_ui_pinned_page_new) the words
 * reach as far down as its content, scrolled; only what shows between its
 * edges is drawn. */
static void
td_walk_into_scroller(TdLayoutWalk *walk, GtkWidget *scroller)
{
	GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroller));
	graphene_rect_t r;

	if (!td_ui_widget_rect(scroller, walk->window, &r))
		return;
	walk->height = MAX(walk->height, (gint)ceil(r.origin.y - gtk_adjustment_get_value(adjustment) +
						    gtk_adjustment_get_upper(adjustment)));
	if (!graphene_rect_intersection(&walk->drawn, &r, &walk->drawn))
		graphene_rect_init(&walk->drawn, 0, 0, 0, 0);
}

/* A scroller whose bar takes its own room (not an overlay bar that comes
 * and goes over the words): what lies past the bar's left edge is under
 * it. */
static void
td_walk_beside_bar(TdLayoutWalk *walk, GtkWidget *scroller)
{
	GtkWidget *bar = gtk_scrolled_window_get_vscrollbar(GTK_SCROLLED_WINDOW(scroller));
	graphene_rect_t r;

	if (gtk_scrolled_window_get_overlay_scrolling(GTK_SCROLLED_WINDOW(scroller)) || bar == NULL ||
	    !gtk_widget_get_mapped(bar) || !td_ui_widget_rect(bar, walk->window, &r))
		return;
	walk->words_right = MIN(walk->words_right, r.origin.x);
}

static guint
td_check_tree(const TdLayoutWalk *walk, GtkWidget *widget)
{
	TdLayoutWalk inside = *walk;
	guint n = 0;
	graphene_rect_t r;

	if (!gtk_widget_get_mapped(widget) || gtk_widget_get_opacity(widget) == 0)
		return 0;
	if (td_is_control(widget) && td_ui_widget_rect(widget, walk->window, &r)) {
		const gchar *text = td_widget_text(widget);
		n++;
		if (!td_rect_inside(&r, walk->width, walk->height))
			g_string_append_printf(walk->problems,
					       "control '%s' at %.0f,%.0f %.0fx%.0f is outside the %dx%d window\n", text,
					       r.origin.x, r.origin.y, r.size.width, r.size.height, walk->width,
					       walk->height);
		if (r.size.width < walk->min_px || r.size.height < walk->min_px)
			g_string_append_printf(walk->problems, "control '%s' is %.0fx%.0f, under %u px\n", text,
					       r.size.width, r.size.height, walk->min_px);
		if (GTK_IS_BUTTON(widget) && (td_ui_get_a11y_label(widget) == NULL ||
					      td_ui_get_a11y_label(widget)[0] == '\0'))
			g_string_append_printf(walk->problems, "a button at %.0f,%.0f has no accessible name\n",
					       r.origin.x, r.origin.y);
	}
	if (GTK_IS_LABEL(widget))
		td_check_label(walk, widget);
	if (GTK_IS_SCROLLED_WINDOW(widget) && gtk_widget_has_css_class(widget, TD_UI_PINNED_SCROLLER_CLASS))
		td_walk_into_scroller(&inside, widget);
	if (GTK_IS_SCROLLED_WINDOW(widget))
		td_walk_beside_bar(&inside, widget);
	for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
	     child = gtk_widget_get_next_sibling(child))
		n += td_check_tree(&inside, child);
	return n;
}

guint
td_ui_check_layout(GtkWidget *window, GtkWidget *root, gint width, gint height, guint min_px, TdUiShot *shot,
		   GString *problems)
{
	TdLayoutWalk walk = {window, width, height, GRAPHENE_RECT_INIT(0, 0, 0, 0), (gfloat)width, min_px, shot, problems};

	if (shot != NULL)
		graphene_rect_init(&walk.drawn, 0, 0, (float)shot->width, (float)shot->height);
	if (gtk_widget_get_width(window) > width || gtk_widget_get_height(window) > height)
		g_string_append_printf(problems, "the window needs %dx%d, the screen is %dx%d\n",
				       gtk_widget_get_width(window), gtk_widget_get_height(window), width, height);
	return td_check_tree(&walk, root);
}

void
td_ui_check_fill_contrast(GtkWidget *window, GtkWidget *widget, const graphene_rect_t *within, TdUiShot *shot,
			  guint min_pixels, GString *problems)
{
	graphene_rect_t r;
	g_autoptr(GHashTable) counts = NULL;
	GHashTableIter iter;
	gpointer key, value;
	guint32 bg;

	if (!td_ui_widget_rect(widget, window, &r))
		return;
	if (within != NULL && !graphene_rect_intersection(&r, within, &r))
		return;
	counts = td_shot_histogram(shot, &r);
	bg = td_histogram_most_common(counts);
	g_hash_table_iter_init(&iter, counts);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		guint32 c = GPOINTER_TO_UINT(key) - 1;
		gdouble ratio = td_ui_contrast_ratio(bg, c);
		if (GPOINTER_TO_UINT(value) >= min_pixels && c != bg && ratio < TD_UI_MIN_CONTRAST)
			g_string_append_printf(problems, "%s: #%06x (%u px) on #%06x, contrast %.2f:1\n",
					       G_OBJECT_TYPE_NAME(widget), c, GPOINTER_TO_UINT(value), bg, ratio);
	}
}
