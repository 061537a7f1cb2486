/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-fit-scroller.h"

struct _TdFitScroller {
	GtkWidget parent_instance;
	GtkScrolledWindow *scroller; /* our child */
	gboolean least_fits;	     /* the least height the content's too */
};

G_DEFINE_FINAL_TYPE(TdFitScroller, td_fit_scroller, GTK_TYPE_WIDGET)

static void
td_fit_scroller_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
			int *minimum_baseline, int *natural_baseline)
{
	TdFitScroller *self = TD_FIT_SCROLLER(widget);
	GtkWidget *content = gtk_scrolled_window_get_child(self->scroller);

	gtk_widget_measure(GTK_WIDGET(self->scroller), orientation, for_size, minimum, natural, NULL, NULL);
	if (orientation == GTK_ORIENTATION_HORIZONTAL && !gtk_scrolled_window_get_overlay_scrolling(self->scroller)) {
		gint bar_width = 0;

		/* the bar takes its width from the words once they scroll,
		 * but GTK asks it of a scroller only with the bar always
		 * shown: given only the words' narrowest width, they ran
		 * under the bar (800 x 480 in large text) */
		gtk_widget_measure(gtk_scrolled_window_get_vscrollbar(self->scroller), GTK_ORIENTATION_HORIZONTAL, -1,
				   &bar_width, NULL, NULL, NULL);
		*minimum += bar_width;
		*natural = MAX(*natural, *minimum);
	}
	if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0 && content != NULL) {
		gint content_natural = 0;
		/* the content as wide as the scroller: where it fits, no
		 * bar takes its width. The scroller has no border or
		 * padding of its own (kiosk.css gives it none) to add. */
		gtk_widget_measure(content, GTK_ORIENTATION_VERTICAL, for_size, NULL, &content_natural, NULL, NULL);
		if (self->least_fits) {
			/* no taller than its cap where there is room either
			 * (a portrait panel): it scrolls beyond */
			gint cap = gtk_scrolled_window_get_max_content_height(self->scroller);
			if (cap >= 0)
				content_natural = MIN(content_natural, cap);
			*minimum = MAX(*minimum, content_natural);
		}
		*natural = MAX(*minimum, content_natural);
	}
}

static void
td_fit_scroller_size_allocate(GtkWidget *widget, int width, int height, int baseline)
{
	TdFitScroller *self = TD_FIT_SCROLLER(widget);
	gtk_widget_size_allocate(GTK_WIDGET(self->scroller), &(GtkAllocation){0, 0, width, height}, baseline);
}

static GtkSizeRequestMode
td_fit_scroller_get_request_mode(GtkWidget *widget)
{
	return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Expands as the scroller does (a GtkWidget of our own does not ask its
 * children by itself). */
static void
td_fit_scroller_compute_expand(GtkWidget *widget, gboolean *hexpand, gboolean *vexpand)
{
	TdFitScroller *self = TD_FIT_SCROLLER(widget);

	*hexpand = gtk_widget_compute_expand(GTK_WIDGET(self->scroller), GTK_ORIENTATION_HORIZONTAL);
	*vexpand = gtk_widget_compute_expand(GTK_WIDGET(self->scroller), GTK_ORIENTATION_VERTICAL);
}

static void
td_fit_scroller_dispose(GObject *object)
{
	TdFitScroller *self = TD_FIT_SCROLLER(object);

	if (self->scroller != NULL) {
		gtk_widget_unparent(GTK_WIDGET(self->scroller));
		self->scroller = NULL;
	}
	G_OBJECT_CLASS(td_fit_scroller_parent_class)->dispose(object);
}

static void
td_fit_scroller_class_init(TdFitScrollerClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	G_OBJECT_CLASS(klass)->dispose = td_fit_scroller_dispose;
	widget_class->measure = td_fit_scroller_measure;
	widget_class->size_allocate = td_fit_scroller_size_allocate;
	widget_class->get_request_mode = td_fit_scroller_get_request_mode;
	widget_class->compute_expand = td_fit_scroller_compute_expand;
}

static void
td_fit_scroller_init(TdFitScroller *self)
{
}

GtkWidget *
td_fit_scroller_new(GtkScrolledWindow *scroller)
{
	TdFitScroller *self;

	g_return_val_if_fail(GTK_IS_SCROLLED_WINDOW(scroller), NULL);
	self = g_object_new(TD_TYPE_FIT_SCROLLER, NULL);
	self->scroller = scroller;
	gtk_widget_set_parent(GTK_WIDGET(scroller), GTK_WIDGET(self));
	return GTK_WIDGET(self);
}

GtkScrolledWindow *
td_fit_scroller_get_scroller(TdFitScroller *self)
{
	g_return_val_if_fail(TD_IS_FIT_SCROLLER(self), NULL);
	return self->scroller;
}

void
td_fit_scroller_set_least_fits(TdFitScroller *self, gboolean least_fits)
{
	g_return_if_fail(TD_IS_FIT_SCROLLER(self));
	self->least_fits = least_fits;
	gtk_widget_queue_resize(GTK_WIDGET(self));
}
