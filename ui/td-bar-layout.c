/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-bar-layout.h"
#include "td-ui-util.h"

struct _TdBarLayout {
	GtkLayoutManager parent_instance;
	guint n_first;
	gint spacing;
	gboolean two_rows; /* as last allocated */
};

G_DEFINE_FINAL_TYPE(TdBarLayout, td_bar_layout, GTK_TYPE_LAYOUT_MANAGER)

/* The visible children as two rows: the first n_first of all of them, and
 * the others (arrays of GtkWidget *, not owning them). */
static void
td_bar_layout_rows(TdBarLayout *self, GtkWidget *widget, GPtrArray *first, GPtrArray *second)
{
	guint index = 0;

	for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL; c = gtk_widget_get_next_sibling(c), index++) {
		if (gtk_widget_should_layout(c))
			g_ptr_array_add(index < self->n_first ? first : second, c);
	}
}

static gint
td_bar_row_gaps(TdBarLayout *self, GPtrArray *row)
{
	return row->len > 1 ? (gint)(row->len - 1) * self->spacing : 0;
}

/* The row's least width, and its natural one (NULL: not wanted). */
static gint
td_bar_row_width(TdBarLayout *self, GPtrArray *row, gint *natural)
{
	gint sum = td_bar_row_gaps(self, row);
	gint natural_sum = sum;

	for (guint i = 0; i < row->len; i++) {
		gint min = 0, nat = 0;
		gtk_widget_measure(g_ptr_array_index(row, i), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
		sum += min;
		natural_sum += nat;
	}
	if (natural != NULL)
		*natural = natural_sum;
	return sum;
}

/* Each child's width in a row that wide and that high, as GtkBox shares
 * it: its minimum for that height (a wrapping button's words take the
 * lines the height has room for, not more), then towards the natural
 * widths, the nearest first, then what is left to those that expand.
 * Returns the width no child took. Left to right: the kiosk's languages
 * are. */
static gint
td_bar_row_widths(TdBarLayout *self, GPtrArray *row, gint width, gint height, gint *widths)
{
	g_autofree GtkRequestedSize *sizes = g_new0(GtkRequestedSize, MAX(row->len, 1));
	gint extra = width - td_bar_row_gaps(self, row);
	guint n_expand = 0;

	for (guint i = 0; i < row->len; i++) {
		GtkWidget *child = g_ptr_array_index(row, i);
		gtk_widget_measure(child, GTK_ORIENTATION_HORIZONTAL, height, &sizes[i].minimum_size,
				   &sizes[i].natural_size, NULL, NULL);
		sizes[i].data = child;
		extra -= sizes[i].minimum_size;
		n_expand += gtk_widget_compute_expand(child, GTK_ORIENTATION_HORIZONTAL);
	}
	extra = gtk_distribute_natural_allocation(MAX(0, extra), row->len, sizes);
	for (guint i = 0; i < row->len; i++) {
		widths[i] = sizes[i].minimum_size;
		if (n_expand > 0 && gtk_widget_compute_expand(g_ptr_array_index(row, i), GTK_ORIENTATION_HORIZONTAL)) {
			/* the first that expands takes the odd pixels */
			gint share = extra / (gint)n_expand + extra % (gint)n_expand;
			widths[i] += share;
			extra -= share;
			n_expand--;
		}
	}
	return extra;
}

/* Whether every child fits a row that wide and that high, each as narrow
 * as the height lets it be (a wrapping button's words on more lines). */
static gboolean
td_bar_row_fits(TdBarLayout *self, GPtrArray *row, gint width, gint height)
{
	gint sum = td_bar_row_gaps(self, row);

	for (guint i = 0; i < row->len; i++) {
		gint min = 0;
		gtk_widget_measure(g_ptr_array_index(row, i), GTK_ORIENTATION_HORIZONTAL, height, &min, NULL, NULL, NULL);
		sum += min;
	}
	return sum <= width;
}

/* The row's least height at that width: the lowest at which its children
 * fit side by side, found by halving between the height each takes at
 * its natural width (the row is no lower than its tallest) and at its
 * least one (where the row fits, as it is at least that wide). Not the
 * height of the widths a GtkBox would give (towards each natural width,
 * the nearest first, as GtkBoxLayout measured the bar before): on
 * 1024 x 600 in high contrast those left the "✓ Nền tối, chữ sáng" toggle
 * a few pixels short of one line, and the bar was measured 20 px taller
 * than the one line it needed, with "Đồng ý" under the fold; on 800 x 480
 * the two bars took 140 px, now 127. */
static gint
td_bar_row_least_height(TdBarLayout *self, GPtrArray *row, gint width)
{
	gint low = 0, high = 0;

	for (guint i = 0; i < row->len; i++) {
		GtkWidget *child = g_ptr_array_index(row, i);
		gint min_width = 0, natural_width = 0, at_natural = 0, at_min = 0;

		gtk_widget_measure(child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &natural_width, NULL, NULL);
		gtk_widget_measure(child, GTK_ORIENTATION_VERTICAL, natural_width, &at_natural, NULL, NULL, NULL);
		gtk_widget_measure(child, GTK_ORIENTATION_VERTICAL, min_width, &at_min, NULL, NULL, NULL);
		low = MAX(low, at_natural);
		high = MAX(high, at_min);
	}
	while (low < high) {
		gint mid = low + (high - low) / 2;
		if (td_bar_row_fits(self, row, width, mid))
			high = mid;
		else
			low = mid + 1;
	}
	return high;
}

/* The row's height at that width: its tallest child's at the width it
 * is given for the row's least height (as td_bar_row_allocate gives). */
static void
td_bar_row_height(TdBarLayout *self, GPtrArray *row, gint width, gint *minimum, gint *natural)
{
	g_autofree gint *widths = g_new0(gint, MAX(row->len, 1));

	*minimum = *natural = 0;
	td_bar_row_widths(self, row, width, td_bar_row_least_height(self, row, width), widths);
	for (guint i = 0; i < row->len; i++) {
		gint min = 0, nat = 0;
		gtk_widget_measure(g_ptr_array_index(row, i), GTK_ORIENTATION_VERTICAL, widths[i], &min, &nat, NULL, NULL);
		*minimum = MAX(*minimum, min);
		*natural = MAX(*natural, nat);
	}
}

static void
td_bar_row_allocate(TdBarLayout *self, GPtrArray *row, gint y, gint width, gint height)
{
	g_autofree gint *widths = g_new0(gint, MAX(row->len, 1));
	/* what no child took goes before them: the row keeps to its end */
	gint x = td_bar_row_widths(self, row, width, height, widths);

	for (guint i = 0; i < row->len; i++) {
		gtk_widget_size_allocate(g_ptr_array_index(row, i), &(GtkAllocation){x, y, widths[i], height}, -1);
		x += widths[i] + self->spacing;
	}
}

/* The two rows' heights at that width, and the gap between them. */
static void
td_bar_two_rows_height(TdBarLayout *self, GPtrArray *first, GPtrArray *second, gint width, gint *minimum, gint *natural)
{
	gint min1, nat1, min2, nat2;
	gint gap = first->len > 0 && second->len > 0 ? self->spacing : 0;

	td_bar_row_height(self, first, width, &min1, &nat1);
	td_bar_row_height(self, second, width, &min2, &nat2);
	*minimum = min1 + gap + min2;
	*natural = nat1 + gap + nat2;
}

/* The least width of the bar as one row. */
static gint
td_bar_layout_one_row_width(TdBarLayout *self, GtkWidget *widget, gint *natural)
{
	g_autoptr(GPtrArray) all = g_ptr_array_new();

	td_bar_layout_rows(self, widget, all, all);
	return td_bar_row_width(self, all, natural);
}

static void
td_bar_layout_measure(GtkLayoutManager *manager,
		      GtkWidget *widget,
		      GtkOrientation orientation,
		      int for_size,
		      int *minimum,
		      int *natural,
		      int *minimum_baseline,
		      int *natural_baseline)
{
	TdBarLayout *self = TD_BAR_LAYOUT(manager);
	g_autoptr(GPtrArray) first = g_ptr_array_new();
	g_autoptr(GPtrArray) second = g_ptr_array_new();
	gint one_row_natural = 0;
	gint one_row_min = td_bar_layout_one_row_width(self, widget, &one_row_natural);
	gint two_rows_min;

	td_bar_layout_rows(self, widget, first, second);
	two_rows_min = MIN(one_row_min, MAX(td_bar_row_width(self, first, NULL), td_bar_row_width(self, second, NULL)));
	if (orientation == GTK_ORIENTATION_HORIZONTAL) {
		/* two rows at the least, one if there is room */
		*minimum = two_rows_min;
		*natural = one_row_natural;
		return;
	}
	/* with no width given, the height at the least width: the most any
	 * width asks (GTK checks that) */
	if (for_size < 0)
		for_size = two_rows_min;
	if (for_size >= one_row_min) {
		g_autoptr(GPtrArray) all = g_ptr_array_new();
		td_bar_layout_rows(self, widget, all, all);
		td_bar_row_height(self, all, for_size, minimum, natural);
	} else {
		td_bar_two_rows_height(self, first, second, for_size, minimum, natural);
	}
}

static void
td_bar_layout_allocate(GtkLayoutManager *manager, GtkWidget *widget, int width, int height, int baseline)
{
	TdBarLayout *self = TD_BAR_LAYOUT(manager);
	g_autoptr(GPtrArray) first = g_ptr_array_new();
	g_autoptr(GPtrArray) second = g_ptr_array_new();
	gint min1, nat1, min2, nat2, gap, height1;

	self->two_rows = width < td_bar_layout_one_row_width(self, widget, NULL);
	if (!self->two_rows) {
		td_bar_layout_rows(self, widget, first, first);
		td_bar_row_allocate(self, first, 0, width, height);
		return;
	}
	td_bar_layout_rows(self, widget, first, second);
	td_bar_row_height(self, first, width, &min1, &nat1);
	td_bar_row_height(self, second, width, &min2, &nat2);
	gap = first->len > 0 && second->len > 0 ? self->spacing : 0;
	/* each row its least height, then what is left towards the first's
	 * natural one; the second takes the rest */
	height1 = min1 + CLAMP(height - min1 - gap - min2, 0, nat1 - min1);
	td_bar_row_allocate(self, first, 0, width, height1);
	td_bar_row_allocate(self, second, height1 + gap, width, MAX(min2, height - height1 - gap));
}

static GtkSizeRequestMode
td_bar_layout_get_request_mode(GtkLayoutManager *manager, GtkWidget *widget)
{
	return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
td_bar_layout_class_init(TdBarLayoutClass *klass)
{
	GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS(klass);

	layout_class->measure = td_bar_layout_measure;
	layout_class->allocate = td_bar_layout_allocate;
	layout_class->get_request_mode = td_bar_layout_get_request_mode;
}

static void
td_bar_layout_init(TdBarLayout *self)
{
}

GtkLayoutManager *
td_bar_layout_new(guint n_first, guint spacing)
{
	TdBarLayout *self = g_object_new(TD_TYPE_BAR_LAYOUT, NULL);

	self->n_first = n_first;
	self->spacing = (gint)spacing;
	return GTK_LAYOUT_MANAGER(self);
}

gboolean
td_bar_layout_is_two_rows(TdBarLayout *self)
{
	g_return_val_if_fail(TD_IS_BAR_LAYOUT(self), FALSE);
	return self->two_rows;
}

/* ---- a plain row of widgets laid out so ---- */

struct _TdBar {
	GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE(TdBar, td_bar, GTK_TYPE_WIDGET)

static void
td_bar_dispose(GObject *object)
{
	td_ui_unparent_children(GTK_WIDGET(object));
	G_OBJECT_CLASS(td_bar_parent_class)->dispose(object);
}

static void
td_bar_class_init(TdBarClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = td_bar_dispose;
}

static void
td_bar_init(TdBar *self)
{
}

GtkWidget *
td_bar_new(guint n_first, guint spacing)
{
	GtkWidget *bar = g_object_new(TD_TYPE_BAR, NULL);

	gtk_widget_set_layout_manager(bar, td_bar_layout_new(n_first, spacing));
	return bar;
}
