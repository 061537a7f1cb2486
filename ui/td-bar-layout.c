/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-bar-layout.h"

/* more than a bar has: the kiosk's has six */
#define TD_BAR_MAX_CHILDREN 8

struct _TdBarLayout {
	GtkLayoutManager parent_instance;
	GtkLayoutManager *one_row; /* a GtkBoxLayout: the row as a GtkBox lays it out */
	guint n_first;
	gint spacing;
	gboolean two_rows; /* as last allocated */
};

G_DEFINE_FINAL_TYPE(TdBarLayout, td_bar_layout, GTK_TYPE_LAYOUT_MANAGER)

/* Children to lay out in a row, in order. */
typedef struct {
	GtkWidget *child[TD_BAR_MAX_CHILDREN];
	guint n;
} TdBarRow;

/* The visible children: the first n_first of all of them, the others,
 * and both together. */
static void
td_bar_layout_rows(TdBarLayout *self, GtkWidget *widget, TdBarRow *first, TdBarRow *second, TdBarRow *all)
{
	guint index = 0;

	first->n = second->n = all->n = 0;
	for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL; c = gtk_widget_get_next_sibling(c), index++) {
		TdBarRow *row = index < self->n_first ? first : second;
		if (!gtk_widget_should_layout(c) || all->n == TD_BAR_MAX_CHILDREN)
			continue;
		row->child[row->n++] = c;
		all->child[all->n++] = c;
	}
}

static gint
td_bar_row_gaps(TdBarLayout *self, const TdBarRow *row)
{
	return row->n > 1 ? (gint)(row->n - 1) * self->spacing : 0;
}

/* The row's least width; *natural (if not NULL) the width it would like. */
static gint
td_bar_row_width(TdBarLayout *self, const TdBarRow *row, gint *natural)
{
	gint min_sum = 0, nat_sum = 0;

	for (guint i = 0; i < row->n; i++) {
		gint min = 0, nat = 0;
		gtk_widget_measure(row->child[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
		min_sum += min;
		nat_sum += nat;
	}
	if (natural != NULL)
		*natural = nat_sum + td_bar_row_gaps(self, row);
	return min_sum + td_bar_row_gaps(self, row);
}

/* Each child's width in a row that wide, as GtkBox shares it: its
 * minimum, then towards the natural widths, the nearest first, then
 * what is left to those that expand. Measured for the row's height when
 * it is known (-1 when not), as GtkBox does: a wrapping button's words
 * then take the lines the height has room for, not more. Returns the
 * width no child took. */
static gint
td_bar_row_widths(TdBarLayout *self, const TdBarRow *row, gint width, gint height, gint *widths)
{
	GtkRequestedSize sizes[TD_BAR_MAX_CHILDREN];
	gint extra = width - td_bar_row_gaps(self, row);
	guint n_expand = 0;

	for (guint i = 0; i < row->n; i++) {
		gtk_widget_measure(row->child[i], GTK_ORIENTATION_HORIZONTAL, height, &sizes[i].minimum_size,
				   &sizes[i].natural_size, NULL, NULL);
		sizes[i].data = row->child[i];
		extra -= sizes[i].minimum_size;
		n_expand += gtk_widget_compute_expand(row->child[i], GTK_ORIENTATION_HORIZONTAL);
	}
	extra = gtk_distribute_natural_allocation(MAX(0, extra), row->n, sizes);
	for (guint i = 0; i < row->n; i++) {
		widths[i] = sizes[i].minimum_size;
		if (n_expand > 0 && gtk_widget_compute_expand(row->child[i], GTK_ORIENTATION_HORIZONTAL)) {
			/* the first that expands takes the odd pixels */
			widths[i] += extra / (gint)n_expand + (extra % (gint)n_expand);
			extra -= extra / (gint)n_expand + (extra % (gint)n_expand);
			n_expand--;
		}
	}
	return extra;
}

/* The row's height at that width: its tallest child's at its width. */
static void
td_bar_row_height(TdBarLayout *self, const TdBarRow *row, gint width, gint *minimum, gint *natural)
{
	gint widths[TD_BAR_MAX_CHILDREN];

	*minimum = *natural = 0;
	td_bar_row_widths(self, row, width, -1, widths);
	for (guint i = 0; i < row->n; i++) {
		gint min = 0, nat = 0;
		gtk_widget_measure(row->child[i], GTK_ORIENTATION_VERTICAL, widths[i], &min, &nat, NULL, NULL);
		*minimum = MAX(*minimum, min);
		*natural = MAX(*natural, nat);
	}
}

static void
td_bar_row_allocate(TdBarLayout *self, const TdBarRow *row, gint y, gint width, gint height)
{
	gint widths[TD_BAR_MAX_CHILDREN];
	/* what no child took goes before them: the row keeps to its end */
	gint x = td_bar_row_widths(self, row, width, height, widths);

	for (guint i = 0; i < row->n; i++) {
		gtk_widget_size_allocate(row->child[i], &(GtkAllocation){x, y, widths[i], height}, -1);
		x += widths[i] + self->spacing;
	}
}

/* The least width of the bar as one row, as a GtkBox measures it. */
static gint
td_bar_layout_one_row_width(TdBarLayout *self, GtkWidget *widget, gint *natural)
{
	gint minimum = 0;
	gtk_layout_manager_measure(self->one_row, widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, natural, NULL, NULL);
	return minimum;
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
	TdBarRow first, second, all;
	gint one_row_natural = 0;
	gint one_row_min = td_bar_layout_one_row_width(self, widget, &one_row_natural);

	td_bar_layout_rows(self, widget, &first, &second, &all);
	if (orientation == GTK_ORIENTATION_HORIZONTAL) {
		/* two rows at the least, one if there is room */
		*minimum = MIN(one_row_min,
			       MAX(td_bar_row_width(self, &first, NULL), td_bar_row_width(self, &second, NULL)));
		*natural = one_row_natural;
		return;
	}
	if (for_size < 0) {
		/* with no width given, the most height one row can take: at
		 * its least width (its words wrapped the most), and at its
		 * natural one (GTK checks that no width asks more) */
		gint min2 = 0, nat2 = 0;
		gtk_layout_manager_measure(self->one_row, widget, orientation, one_row_min, minimum, natural, NULL, NULL);
		gtk_layout_manager_measure(self->one_row, widget, orientation, one_row_natural, &min2, &nat2, NULL, NULL);
		*minimum = MAX(*minimum, min2);
		*natural = MAX(*natural, nat2);
		return;
	}
	if (for_size >= one_row_min) {
		gtk_layout_manager_measure(self->one_row, widget, orientation, for_size, minimum, natural, NULL, NULL);
		return;
	}
	{
		gint min1, nat1, min2, nat2;
		td_bar_row_height(self, &first, for_size, &min1, &nat1);
		td_bar_row_height(self, &second, for_size, &min2, &nat2);
		*minimum = min1 + min2;
		*natural = nat1 + nat2;
		if (first.n > 0 && second.n > 0) {
			*minimum += self->spacing;
			*natural += self->spacing;
		}
	}
}

static void
td_bar_layout_allocate(GtkLayoutManager *manager, GtkWidget *widget, int width, int height, int baseline)
{
	TdBarLayout *self = TD_BAR_LAYOUT(manager);
	TdBarRow first, second, all;
	gint min1, nat1;

	self->two_rows = width < td_bar_layout_one_row_width(self, widget, NULL);
	if (!self->two_rows) {
		gtk_layout_manager_allocate(self->one_row, widget, width, height, baseline);
		return;
	}
	td_bar_layout_rows(self, widget, &first, &second, &all);
	td_bar_row_height(self, &first, width, &min1, &nat1);
	nat1 = MIN(nat1, height);
	td_bar_row_allocate(self, &first, 0, width, nat1);
	td_bar_row_allocate(self, &second, nat1 + self->spacing, width, MAX(0, height - nat1 - self->spacing));
}

static GtkSizeRequestMode
td_bar_layout_get_request_mode(GtkLayoutManager *manager, GtkWidget *widget)
{
	return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
td_bar_layout_finalize(GObject *object)
{
	g_clear_object(&TD_BAR_LAYOUT(object)->one_row);
	G_OBJECT_CLASS(td_bar_layout_parent_class)->finalize(object);
}

static void
td_bar_layout_class_init(TdBarLayoutClass *klass)
{
	GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS(klass);

	G_OBJECT_CLASS(klass)->finalize = td_bar_layout_finalize;
	layout_class->measure = td_bar_layout_measure;
	layout_class->allocate = td_bar_layout_allocate;
	layout_class->get_request_mode = td_bar_layout_get_request_mode;
}

static void
td_bar_layout_init(TdBarLayout *self)
{
}

GtkLayoutManager *
td_bar_layout_new(guint n_first, gint spacing)
{
	TdBarLayout *self = g_object_new(TD_TYPE_BAR_LAYOUT, NULL);

	self->n_first = n_first;
	self->spacing = spacing;
	self->one_row = gtk_box_layout_new(GTK_ORIENTATION_HORIZONTAL);
	gtk_box_layout_set_spacing(GTK_BOX_LAYOUT(self->one_row), (guint)spacing);
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
	GtkWidget *child;

	while ((child = gtk_widget_get_first_child(GTK_WIDGET(object))) != NULL)
		gtk_widget_unparent(child);
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
td_bar_new(guint n_first, gint spacing)
{
	GtkWidget *bar = g_object_new(TD_TYPE_BAR, NULL);

	gtk_widget_set_layout_manager(bar, td_bar_layout_new(n_first, spacing));
	return bar;
}

GtkWidget *
td_bar_append(TdBar *self, GtkWidget *child)
{
	g_return_val_if_fail(TD_IS_BAR(self), child);
	gtk_widget_set_parent(child, GTK_WIDGET(self));
	return child;
}
