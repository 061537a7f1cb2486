/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cups/cups.h>
#include <fontconfig/fontconfig.h>

#include "td-print.h"
#include "td-ticket.h"

PangoLayout *
td_print_layout_new(cairo_t *cr, const gchar *text, const gchar *font, gdouble width, PangoAlignment alignment)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	g_autoptr(PangoFontDescription) description = pango_font_description_from_string(font);
	cairo_font_options_t *options = cairo_font_options_create();

	/* The same metrics whatever the surface, so a PDF and a PNG agree and
	 * measuring on one surface is right for the other. */
	cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pango_layout_get_context(layout), options);
	pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72.0);
	pango_layout_context_changed(layout);
	cairo_font_options_destroy(options);

	pango_layout_set_font_description(layout, description);
	pango_layout_set_width(layout, (gint)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, alignment);
	pango_layout_set_text(layout, text, -1);
	return layout;
}

gdouble
td_print_layout_draw(cairo_t *cr, PangoLayout *layout, gdouble x, gdouble y, gboolean draw)
{
	gint width, height;

	pango_layout_get_size(layout, &width, &height);
	if (draw) {
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, layout);
	}
	return (gdouble)height / PANGO_SCALE;
}

cairo_status_t
td_print_pdf_finish(cairo_t *cr)
{
	cairo_surface_t *surface = cairo_surface_reference(cairo_get_target(cr));
	cairo_status_t status;

	cairo_show_page(cr);
	status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	return status;
}

void
td_print_release_font_caches(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

gint
td_print_pdf_file(const gchar *printer, const gchar *path, const gchar *title, GError **error)
{
	cups_dest_t *dest;
	gboolean usable;
	gint job;

	dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, printer, NULL);
	if (dest == NULL) {
		if (cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE)
			g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
				    "the print service (cupsd) cannot be reached: %s", cupsLastErrorString());
		else if (printer == NULL)
			g_set_error_literal(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
					    "no printer is configured and CUPS has no default printer");
		else
			g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
				    "there is no print queue named %s", printer);
		return 0;
	}
	usable = td_ticket_check_printer_state(dest->name,
					       cupsGetOption("printer-state", dest->num_options, dest->options),
					       cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options),
					       cupsGetOption("printer-state-reasons", dest->num_options, dest->options),
					       error);
	if (!usable) {
		cupsFreeDests(1, dest);
		return 0;
	}
	job = cupsPrintFile(dest->name, path, title, 0, NULL);
	if (job == 0)
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINT_FAILED, "printing to %s failed: %s",
			    dest->name, cupsLastErrorString());
	cupsFreeDests(1, dest);
	return job;
}
