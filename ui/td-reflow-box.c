/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-reflow-box.h"
#include "td-ui-util.h"

struct _TdReflowBox {
	GtkWidget parent_instance;
	gint spacing;
	gboolean stack_on_portrait;
	gboolean stack_when_room;
	gboolean stacked;
	gboolean horizontal; /* as last allocated */
};

G_DEFINE_FINAL_TYPE(TdReflowBox, td_reflow_box, GTK_TYPE_WIDGET)

static guint
td_reflow_box_n_visible(TdReflowBox *self)
{
	guint n = 0;
	for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(self)); c != NULL; c = gtk_widget_get_next_sibling(c))
		n += gtk_widget_should_layout(c);
	return n;
}

/* Side by side needs every child's minimum width (a column's width is set
 * by its size request, so the decision does not depend on the fonts'
 * estimated character widths); *natural is what the row would like. */
static gint
td_reflow_box_row_width(TdReflowBox *self, gint *widest_min, gint *natural)
{
	gint sum = 0;
	guint n = td_reflow_box_n_visible(self);
	gint gaps = n > 1 ? (gint)(n - 1) * self->spacing : 0;

	*widest_min = 0;
	*natural = gaps;
	for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(self)); c != NULL; c = gtk_widget_get_next_sibling(c)) {
		gint min = 0, nat = 0;
		if (!gtk_widget_should_layout(c))
			continue;
		gtk_widget_measure(c, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
		sum += min;
		*natural += nat;
		*widest_min = MAX(*widest_min, min);
	}
	return sum + gaps;
}

/* The surface's size, not an allocation: it has changed by the time the
 * new size is measured (as in td-screen-scale.c). */
static gboolean
td_reflow_box_on_portrait(TdReflowBox *self)
{
	GtkNative *native = gtk_widget_get_native(GTK_WIDGET(self));
	GdkSurface *surface = native != NULL ? gtk_native_get_surface(native) : NULL;

	return surface != NULL && gdk_surface_get_height(surface) > gdk_surface_get_width(surface);
}

static gboolean
td_reflow_box_stacks(TdReflowBox *self)
{
	return self->stacked || (self->stack_on_portrait && td_reflow_box_on_portrait(self));
}

/* With stack_when_room: whether the children one under the other, at
 * their natural heights, fit in the height given. */
static gboolean
td_reflow_box_stack_fits(TdReflowBox *self, gint width, gint height)
{
	gint total = 0;
	guint n = 0;

	if (!self->stack_when_room || !td_reflow_box_on_portrait(self))
		return FALSE;
	for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(self)); c != NULL; c = gtk_widget_get_next_sibling(c)) {
		gint min = 0, nat = 0;
		if (!gtk_widget_should_layout(c))
			continue;
		gtk_widget_measure(c, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
		total += nat;
		n++;
	}
	total += n > 1 ? (gint)(n - 1) * self->spacing : 0;
	return total <= height;
}

static gboolean
td_reflow_box_fits_row(TdReflowBox *self, gint width)
{
	gint widest_min = 0, natural = 0;
	if (td_reflow_box_stacks(self))
		return FALSE;
	return width < 0 || width >= td_reflow_box_row_width(self, &widest_min, &natural);
}

/* Each child's width in a row of width: its minimum, and the room left
 * shared out towards the children's natural widths (what is left after
 * that goes to those that expand, else stays as margin around them). */
static void
td_reflow_box_row_widths(TdReflowBox *self, gint width, GArray *widths)
{
	g_autoptr(GArray) wants = g_array_new(FALSE, TRUE, sizeof(gint));
	gint used = 0, wanted = 0, room;
	guint n_expand = 0;

	for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(self)); c != NULL; c = gtk_widget_get_next_sibling(c)) {
		gint min = 0, nat = 0;
		if (!gtk_widget_should_layout(c))
			continue;
		gtk_widget_measure(c, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
		g_array_append_val(widths, min);
		nat = MAX(0, nat - min);
		g_array_append_val(wants, nat);
		used += min;
		wanted += nat;
		n_expand += gtk_widget_compute_expand(c, GTK_ORIENTATION_HORIZONTAL);
	}
	used += widths->len > 1 ? (gint)(widths->len - 1) * self->spacing : 0;
	room = MAX(0, width - used);
	for (guint i = 0; i < widths->len && wanted > 0; i++) {
		gint want = g_array_index(wants, gint, i);
		gint give = room >= wanted ? want : (gint)((gint64)room * want / wanted);
		g_array_index(widths, gint, i) += give;
		used += give;
	}
	if (width > used && n_expand > 0) {
		guint i = 0;
		gint extra = (width - used) / (gint)n_expand;
		for (GtkWidget *c = gtk_widget_get_first_child(GTK_WIDGET(self)); c != NULL;
		     c = gtk_widget_get_next_sibling(c)) {
			if (!gtk_widget_should_layout(c))
				continue;
			if (gtk_widget_compute_expand(c, GTK_ORIENTATION_HORIZONTAL))
				g_array_index(widths, gint, i) += extra;
			i++;
		}
	}
}

static void
td_reflow_box_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
		      int *minimum_baseline, int *natural_baseline)
{
	TdReflowBox *self = TD_REFLOW_BOX(widget);
	guint n = td_reflow_box_n_visible(self);
	gint gaps = n > 1 ? (gint)(n - 1) * self->spacing : 0;

	*minimum = *natural = 0;
	if (orientation == GTK_ORIENTATION_HORIZONTAL) {
		/* one under the other is always possible: the widest child's
		 * minimum; side by side is the natural width */
		gint widest_min = 0;
		td_reflow_box_row_width(self, &widest_min, natural);
		*minimum = widest_min;
		if (td_reflow_box_stacks(self)) {
			*natural = 0;
			for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL;
			     c = gtk_widget_get_next_sibling(c)) {
				gint min = 0, nat = 0;
				if (gtk_widget_should_layout(c))
					gtk_widget_measure(c, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
				*natural = MAX(*natural, nat);
			}
		}
		return;
	}
	if (td_reflow_box_fits_row(self, for_size)) {
		g_autoptr(GArray) widths = g_array_new(FALSE, TRUE, sizeof(gint));
		guint i = 0;
		td_reflow_box_row_widths(self, for_size, widths);
		for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL; c = gtk_widget_get_next_sibling(c)) {
			gint min = 0, nat = 0;
			if (!gtk_widget_should_layout(c))
				continue;
			gtk_widget_measure(c, GTK_ORIENTATION_VERTICAL, g_array_index(widths, gint, i++), &min, &nat, NULL,
					   NULL);
			*minimum = MAX(*minimum, min);
			*natural = MAX(*natural, nat);
		}
		return;
	}
	for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL; c = gtk_widget_get_next_sibling(c)) {
		gint min = 0, nat = 0;
		if (!gtk_widget_should_layout(c))
			continue;
		gtk_widget_measure(c, GTK_ORIENTATION_VERTICAL, for_size, &min, &nat, NULL, NULL);
		*minimum += min;
		*natural += nat;
	}
	*minimum += gaps;
	*natural += gaps;
}

static void
td_reflow_box_size_allocate(GtkWidget *widget, int width, int height, int baseline)
{
	TdReflowBox *self = TD_REFLOW_BOX(widget);
	gint pos = 0;

	self->horizontal = td_reflow_box_fits_row(self, width) && !td_reflow_box_stack_fits(self, width, height);
	if (self->horizontal) {
		g_autoptr(GArray) widths = g_array_new(FALSE, TRUE, sizeof(gint));
		guint i = 0;
		td_reflow_box_row_widths(self, width, widths);
		/* a row narrower than the box sits in its middle */
		{
			gint total = 0;
			for (guint k = 0; k < widths->len; k++)
				total += g_array_index(widths, gint, k);
			total += widths->len > 1 ? (gint)(widths->len - 1) * self->spacing : 0;
			pos = MAX(0, (width - total) / 2);
		}
		for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL; c = gtk_widget_get_next_sibling(c)) {
			gint w;
			if (!gtk_widget_should_layout(c))
				continue;
			w = g_array_index(widths, gint, i++);
			gtk_widget_size_allocate(c, &(GtkAllocation){pos, 0, w, height}, -1);
			pos += w + self->spacing;
		}
		return;
	}
	{
		/* one under the other: the spare height goes around them; a
		 * height short of what they would like (a parent that gives its
		 * child the minimum, as a scrolled page may) is shared out
		 * above each one's minimum, so none lies over the next or past
		 * the box's end */
		gint total_min = 0, total_nat = 0, gaps = 0;
		guint n = 0;
		for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL; c = gtk_widget_get_next_sibling(c)) {
			gint min = 0, nat = 0;
			if (!gtk_widget_should_layout(c))
				continue;
			gtk_widget_measure(c, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
			total_min += min;
			total_nat += nat;
			n++;
		}
		gaps = n > 1 ? (gint)(n - 1) * self->spacing : 0;
		pos = MAX(0, (height - total_nat - gaps) / 2);
		for (GtkWidget *c = gtk_widget_get_first_child(widget); c != NULL;
		     c = gtk_widget_get_next_sibling(c)) {
			gint min = 0, nat = 0, h;
			if (!gtk_widget_should_layout(c))
				continue;
			gtk_widget_measure(c, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
			h = nat;
			if (height < total_nat + gaps && total_nat > total_min) {
				gint room = MAX(0, height - total_min - gaps);
				h = min + (gint)((gint64)room * (nat - min) / (total_nat - total_min));
				h = MIN(h, nat);
			}
			gtk_widget_size_allocate(c, &(GtkAllocation){0, pos, width, h}, -1);
			pos += h + self->spacing;
		}
	}
}

static GtkSizeRequestMode
td_reflow_box_get_request_mode(GtkWidget *widget)
{
	return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

void
td_reflow_box_set_stack_on_portrait(TdReflowBox *self, gboolean stack)
{
	g_return_if_fail(TD_IS_REFLOW_BOX(self));
	self->stack_on_portrait = stack;
	gtk_widget_queue_resize(GTK_WIDGET(self));
}

void
td_reflow_box_set_stack_when_room(TdReflowBox *self, gboolean stack)
{
	g_return_if_fail(TD_IS_REFLOW_BOX(self));
	self->stack_when_room = stack;
	gtk_widget_queue_resize(GTK_WIDGET(self));
}

void
td_reflow_box_set_stacked(TdReflowBox *self, gboolean stacked)
{
	g_return_if_fail(TD_IS_REFLOW_BOX(self));
	if (self->stacked == stacked)
		return;
	self->stacked = stacked;
	gtk_widget_queue_resize(GTK_WIDGET(self));
}

gboolean
td_reflow_box_is_horizontal(TdReflowBox *self)
{
	return self->horizontal;
}

void
td_reflow_box_append(TdReflowBox *self, GtkWidget *child)
{
	td_ui_add_child(GTK_WIDGET(self), child);
}

static void
td_reflow_box_dispose(GObject *object)
{
	td_ui_unparent_children(GTK_WIDGET(object));
	G_OBJECT_CLASS(td_reflow_box_parent_class)->dispose(object);
}

static void
td_reflow_box_class_init(TdReflowBoxClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	G_OBJECT_CLASS(klass)->dispose = td_reflow_box_dispose;
	widget_class->measure = td_reflow_box_measure;
	widget_class->size_allocate = td_reflow_box_size_allocate;
	widget_class->get_request_mode = td_reflow_box_get_request_mode;
}

static void
td_reflow_box_init(TdReflowBox *self)
{
}

GtkWidget *
td_reflow_box_new(gint spacing)
{
	TdReflowBox *self = g_object_new(TD_TYPE_REFLOW_BOX, NULL);
	self->spacing = spacing;
	return GTK_WIDGET(self);
}
