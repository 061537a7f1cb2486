/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-station-name.h"

/* Lines before "…": the bar is as tall as two lines of its buttons. */
#define TD_STATION_LINES 2

struct _TdStationName {
	GtkWidget parent_instance;
	GtkWidget *label;
};

G_DEFINE_FINAL_TYPE(TdStationName, td_station_name, GTK_TYPE_WIDGET)

/* The width of the name's first word in the label's current font. */
static gint
td_station_name_first_word_width(TdStationName *self)
{
	const gchar *text = gtk_label_get_text(GTK_LABEL(self->label));
	g_autofree gchar *word = g_strndup(text, strcspn(text, " "));
	g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout(self->label, word);
	gint width = 0;

	pango_layout_get_pixel_size(layout, &width, NULL);
	return width;
}

static void
td_station_name_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
			int *minimum_baseline, int *natural_baseline)
{
	TdStationName *self = TD_STATION_NAME(widget);

	gtk_widget_measure(self->label, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
	if (orientation == GTK_ORIENTATION_HORIZONTAL) {
		*minimum = MAX(*minimum, td_station_name_first_word_width(self));
		*natural = MAX(*natural, *minimum);
	}
}

static void
td_station_name_size_allocate(GtkWidget *widget, int width, int height, int baseline)
{
	gtk_widget_allocate(TD_STATION_NAME(widget)->label, width, height, baseline, NULL);
}

static GtkSizeRequestMode
td_station_name_get_request_mode(GtkWidget *widget)
{
	return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
td_station_name_dispose(GObject *object)
{
	TdStationName *self = TD_STATION_NAME(object);
	g_clear_pointer(&self->label, gtk_widget_unparent);
	G_OBJECT_CLASS(td_station_name_parent_class)->dispose(object);
}

static void
td_station_name_class_init(TdStationNameClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	G_OBJECT_CLASS(klass)->dispose = td_station_name_dispose;
	widget_class->measure = td_station_name_measure;
	widget_class->size_allocate = td_station_name_size_allocate;
	widget_class->get_request_mode = td_station_name_get_request_mode;
}

static void
td_station_name_init(TdStationName *self)
{
	self->label = gtk_label_new(NULL);
	gtk_widget_add_css_class(self->label, "td-station");
	gtk_label_set_ellipsize(GTK_LABEL(self->label), PANGO_ELLIPSIZE_END);
	gtk_label_set_wrap(GTK_LABEL(self->label), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(self->label), PANGO_WRAP_WORD_CHAR);
	gtk_label_set_lines(GTK_LABEL(self->label), TD_STATION_LINES);
	gtk_label_set_xalign(GTK_LABEL(self->label), 0);
	/* the layout checks let this label end in "…" */
	g_object_set_data(G_OBJECT(self->label), "td-may-ellipsize", GINT_TO_POINTER(TRUE));
	gtk_widget_set_parent(self->label, GTK_WIDGET(self));
}

GtkWidget *
td_station_name_new(void)
{
	return g_object_new(TD_TYPE_STATION_NAME, NULL);
}

GtkLabel *
td_station_name_get_label(TdStationName *self)
{
	g_return_val_if_fail(TD_IS_STATION_NAME(self), NULL);
	return GTK_LABEL(self->label);
}
