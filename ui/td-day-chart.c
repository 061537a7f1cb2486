/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "td-daily-counts.h"
#include "td-day-chart.h"

#define TD_CHART_MIN_WIDTH	 300
/* its least: what is left on a 1024 x 768 screen under the figures and
 * the month's line, where the page must fit without scrolling */
#define TD_CHART_MIN_HEIGHT	 90
#define TD_CHART_NATURAL_WIDTH	 900
/* the height an axis label takes */
#define TD_CHART_LABEL_PX	 24
#define TD_CHART_NATURAL_HEIGHT	 240

/* Both parts of a bar reach 4.5:1 against the page and differ in hue, so
 * they are told apart without relying on lightness: dark blue (VNeID) and
 * brown (the rest) on white; yellow and light blue on black. */
static const GdkRGBA td_bar_vneid = {0.043f, 0.239f, 0.569f, 1};	 /* #0b3d91, 10.4:1 */
static const GdkRGBA td_bar_other = {0.541f, 0.294f, 0.0f, 1};		 /* #8a4b00, 6.7:1 */
static const GdkRGBA td_bar_vneid_contrast = {1.0f, 1.0f, 0.0f, 1};	 /* #ffff00 on black */
static const GdkRGBA td_bar_other_contrast = {0.490f, 0.827f, 1.0f, 1}; /* #7dd3ff on black */

typedef struct {
	guint total;
	guint vneid; /* integrated or assisted */
	guint day_of_month;
	guint month;
} TdChartDay;

struct _TdDayChart {
	GtkWidget parent_instance;
	GArray *days; /* of TdChartDay */
};

G_DEFINE_FINAL_TYPE(TdDayChart, td_day_chart, GTK_TYPE_WIDGET)

static void
td_day_chart_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
		     int *minimum_baseline, int *natural_baseline)
{
	*minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? TD_CHART_MIN_WIDTH : TD_CHART_MIN_HEIGHT;
	*natural = orientation == GTK_ORIENTATION_HORIZONTAL ? TD_CHART_NATURAL_WIDTH : TD_CHART_NATURAL_HEIGHT;
}

static void
td_append_text(GtkWidget *widget, GtkSnapshot *snapshot, const gchar *text, float x, float y, gboolean centre)
{
	PangoLayout *layout = gtk_widget_create_pango_layout(widget, text);
	GdkRGBA color;
	int w = 0;
	int h = 0;

	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &color);
	pango_layout_get_pixel_size(layout, &w, &h);
	/* centred under its bar, but never past the chart's right edge (the
	 * last day's "04/12" under the last bar) */
	if (centre)
		x = MIN(x - w / 2.0f, (float)gtk_widget_get_width(widget) - (float)w);
	gtk_snapshot_save(snapshot);
	gtk_snapshot_translate(snapshot, &GRAPHENE_POINT_INIT(x, y));
	gtk_snapshot_append_layout(snapshot, layout, &color);
	gtk_snapshot_restore(snapshot);
	g_object_unref(layout);
}

/* A series' colour where widget is: the high-contrast screen has its own. */
static const GdkRGBA *
td_day_chart_color(GtkWidget *widget, TdDayChartSeries series)
{
	GtkRoot *root = gtk_widget_get_root(widget);
	gboolean contrast = root != NULL && gtk_widget_has_css_class(GTK_WIDGET(root), "td-high-contrast");

	if (series == TD_DAY_CHART_VNEID)
		return contrast ? &td_bar_vneid_contrast : &td_bar_vneid;
	return contrast ? &td_bar_other_contrast : &td_bar_other;
}

static void
td_day_chart_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	TdDayChart *self = TD_DAY_CHART(widget);
	float width = (float)gtk_widget_get_width(widget);
	float height = (float)gtk_widget_get_height(widget);
	const float left = 56, bottom = 36, top = 12;
	float plot_h = height - bottom - top;
	float slot;
	guint max = 1;
	g_autofree gchar *max_text = NULL;
	const GdkRGBA *bar = td_day_chart_color(widget, TD_DAY_CHART_OTHER);
	const GdkRGBA *part = td_day_chart_color(widget, TD_DAY_CHART_VNEID);
	GdkRGBA axis;

	/* the axis in the text's colour: as readable as the text */
	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &axis);

	if (self->days->len == 0 || plot_h <= 0)
		return;
	for (guint i = 0; i < self->days->len; i++)
		max = MAX(max, g_array_index(self->days, TdChartDay, i).total);
	slot = (width - left) / (float)self->days->len;

	gtk_snapshot_append_color(snapshot, &axis, &GRAPHENE_RECT_INIT(left - 2, top, 2, plot_h));
	gtk_snapshot_append_color(snapshot, &axis, &GRAPHENE_RECT_INIT(left - 2, top + plot_h, width - left + 2, 2));
	max_text = g_strdup_printf("%u", max);
	td_append_text(widget, snapshot, max_text, 4, top, FALSE);
	/* a chart as short as its least (TD_CHART_MIN_HEIGHT) has no room
	 * for both: the axis says where 0 is */
	if (plot_h >= 2 * TD_CHART_LABEL_PX)
		td_append_text(widget, snapshot, "0", 4, top + plot_h - TD_CHART_LABEL_PX, FALSE);

	for (guint i = 0; i < self->days->len; i++) {
		const TdChartDay *day = &g_array_index(self->days, TdChartDay, i);
		/* on whole pixels: no blended edge in between colours */
		float x = floorf(left + slot * (float)i + slot * 0.15f);
		float w = MAX(1.0f, floorf(slot * 0.7f));
		float h = roundf(plot_h * (float)day->total / (float)max);
		float hv = roundf(plot_h * (float)MIN(day->vneid, day->total) / (float)max);

		gtk_snapshot_append_color(snapshot, bar, &GRAPHENE_RECT_INIT(x, top + plot_h - h, w, h));
		gtk_snapshot_append_color(snapshot, part, &GRAPHENE_RECT_INIT(x, top + plot_h - hv, w, hv));
		g_autofree gchar *label = td_day_chart_dup_axis_label(self, i);
		if (label != NULL)
			td_append_text(widget, snapshot, label, x + w / 2, top + plot_h + 4, TRUE);
	}
}

/* Every fifth day and the last, so labels never collide: a fifth day
 * closer than five days to the last gives way to it (on the portrait
 * panel "01/12" and "05/12", four days apart, ran into "01/1205/12").
 * The first and the last, and the first in a new month, say their month
 * ("05/11 10 15 20 25 04/12"): day numbers alone ran "… 30 4" across a
 * month's end. */
gchar *
td_day_chart_dup_axis_label(TdDayChart *self, guint i)
{
	const TdChartDay *day;
	gboolean month_shown;
	gboolean last = i + 1 == self->days->len;

	if (i >= self->days->len || (i % 5 != 0 && !last) || (!last && i > 0 && self->days->len - 1 - i < 5))
		return NULL;
	day = &g_array_index(self->days, TdChartDay, i);
	month_shown = i == 0 || i + 1 == self->days->len ||
		      g_array_index(self->days, TdChartDay, i - (i % 5 == 0 ? 5 : i % 5)).month != day->month;
	if (month_shown)
		return g_strdup_printf("%02u/%02u", day->day_of_month, day->month);
	return g_strdup_printf("%u", day->day_of_month);
}

void
td_day_chart_set_days(TdDayChart *self, GPtrArray *days)
{
	g_array_set_size(self->days, 0);
	for (guint i = 0; days != NULL && i < days->len; i++) {
		const TdDailyCounts *counts = g_ptr_array_index(days, i);
		TdChartDay day = {0};
		day.total = counts->checkins;
		day.vneid = counts->by_vneid[TD_VNEID_INTEGRATED] + counts->by_vneid[TD_VNEID_ASSISTED];
		/* "YYYY-MM-DD" */
		day.month = (guint)g_ascii_strtoull(counts->day + 5, NULL, 10);
		day.day_of_month = (guint)g_ascii_strtoull(counts->day + 8, NULL, 10);
		g_array_append_val(self->days, day);
	}
	gtk_widget_queue_draw(GTK_WIDGET(self));
}

guint
td_day_chart_get_n_days(TdDayChart *self)
{
	return self->days->len;
}

static void
td_day_chart_finalize(GObject *object)
{
	TdDayChart *self = TD_DAY_CHART(object);
	g_array_unref(self->days);
	G_OBJECT_CLASS(td_day_chart_parent_class)->finalize(object);
}

static void
td_day_chart_class_init(TdDayChartClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	object_class->finalize = td_day_chart_finalize;
	widget_class->measure = td_day_chart_measure;
	widget_class->snapshot = td_day_chart_snapshot;
	gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
td_day_chart_init(TdDayChart *self)
{
	self->days = g_array_new(FALSE, TRUE, sizeof(TdChartDay));
}

GtkWidget *
td_day_chart_new(void)
{
	return g_object_new(TD_TYPE_DAY_CHART, NULL);
}

/* ---- the legend's swatches ------------------------------------------------- */

#define TD_SWATCH_PX 28

struct _TdDayChartSwatch {
	GtkWidget parent_instance;
	TdDayChartSeries series;
};

G_DEFINE_FINAL_TYPE(TdDayChartSwatch, td_day_chart_swatch, GTK_TYPE_WIDGET)

static void
td_day_chart_swatch_measure(GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
			    int *natural, int *minimum_baseline, int *natural_baseline)
{
	*minimum = *natural = TD_SWATCH_PX;
}

static void
td_day_chart_swatch_snapshot(GtkWidget *widget, GtkSnapshot *snapshot)
{
	TdDayChartSwatch *self = TD_DAY_CHART_SWATCH(widget);
	gtk_snapshot_append_color(snapshot, td_day_chart_color(widget, self->series),
				  &GRAPHENE_RECT_INIT(0, 0, (float)gtk_widget_get_width(widget),
						      (float)gtk_widget_get_height(widget)));
}

static void
td_day_chart_swatch_class_init(TdDayChartSwatchClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	widget_class->measure = td_day_chart_swatch_measure;
	widget_class->snapshot = td_day_chart_swatch_snapshot;
	gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
td_day_chart_swatch_init(TdDayChartSwatch *self)
{
	gtk_widget_set_valign(GTK_WIDGET(self), GTK_ALIGN_CENTER);
}

GtkWidget *
td_day_chart_swatch_new(TdDayChartSeries series)
{
	TdDayChartSwatch *self = g_object_new(TD_TYPE_DAY_CHART_SWATCH, NULL);
	self->series = series;
	return GTK_WIDGET(self);
}
