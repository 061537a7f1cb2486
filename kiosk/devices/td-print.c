/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cups/cups.h>
#include <string.h>
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

struct _TdPrintQueue {
	http_t *http;
	gchar *name;
	ipp_t *attributes; /* the printer's, as CUPS answered */
};

void
td_print_queue_close(TdPrintQueue *queue)
{
	if (queue == NULL)
		return;
	g_clear_pointer(&queue->attributes, ippDelete);
	g_clear_pointer(&queue->http, httpClose);
	g_free(queue->name);
	g_free(queue);
}

/* The attributes the queue's checks read. */
static const char *const print_queue_attributes[] = {
    "printer-name", "printer-state", "printer-is-accepting-jobs", "printer-state-reasons", "printer-make-and-model",
};

/* The printer's attributes in one request over the queue's connection:
 * the named queue's (Get-Printer-Attributes) or the default's
 * (CUPS-Get-Default). cupsGetNamedDest() was not used: after a request
 * that timed out it asked again, for the default, with a minute's wait. */
static gboolean
print_queue_ask(TdPrintQueue *queue, const gchar *printer, GError **error)
{
	ipp_t *request = ippNewRequest(printer != NULL ? IPP_OP_GET_PRINTER_ATTRIBUTES : IPP_OP_CUPS_GET_DEFAULT);
	ipp_attribute_t *name;

	if (printer != NULL) {
		g_autofree gchar *uri = g_strdup_printf("ipp://localhost/printers/%s", printer);
		ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	}
	ippAddStrings(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
		      G_N_ELEMENTS(print_queue_attributes), NULL, print_queue_attributes);
	queue->attributes = cupsDoRequest(queue->http, request, "/");
	if (queue->attributes == NULL) {
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
			    "the print service (cupsd) does not answer within %d s", TD_PRINT_REQUEST_TIMEOUT_S);
		return FALSE;
	}
	if (ippGetStatusCode(queue->attributes) > IPP_STATUS_OK_CONFLICTING) {
		if (printer == NULL)
			g_set_error_literal(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
					    "no printer is configured and CUPS has no default printer");
		else
			g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
				    "there is no print queue named %s", printer);
		return FALSE;
	}
	name = ippFindAttribute(queue->attributes, "printer-name", IPP_TAG_NAME);
	if (queue->name == NULL)
		queue->name = g_strdup(name != NULL ? ippGetString(name, 0, NULL) : printer);
	if (queue->name == NULL) {
		g_set_error_literal(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
				    "CUPS named no default printer");
		return FALSE;
	}
	return TRUE;
}

/* An attribute as text: several values joined by commas. */
static gchar *
print_queue_attribute_text(TdPrintQueue *queue, const gchar *attribute_name)
{
	ipp_attribute_t *attribute = ippFindAttribute(queue->attributes, attribute_name, IPP_TAG_ZERO);
	g_autoptr(GString) text = NULL;

	if (attribute == NULL)
		return NULL;
	text = g_string_new(NULL);
	for (gint i = 0; i < ippGetCount(attribute); i++) {
		if (i > 0)
			g_string_append_c(text, ',');
		switch (ippGetValueTag(attribute)) {
		case IPP_TAG_ENUM:
		case IPP_TAG_INTEGER:
			g_string_append_printf(text, "%d", ippGetInteger(attribute, i));
			break;
		case IPP_TAG_BOOLEAN:
			g_string_append(text, ippGetBoolean(attribute, i) ? "true" : "false");
			break;
		default:
			g_string_append(text, ippGetString(attribute, i, NULL));
			break;
		}
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}

TdPrintQueue *
td_print_queue_open(const gchar *printer, GError **error)
{
	g_autoptr(TdPrintQueue) queue = g_new0(TdPrintQueue, 1);
	const gchar *server = cupsServer();
	g_autofree gchar *state = NULL;
	g_autofree gchar *accepting = NULL;
	g_autofree gchar *reasons = NULL;

	queue->http = httpConnect2(server, ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1,
				   TD_PRINT_REQUEST_TIMEOUT_S * 1000, NULL);
	if (queue->http == NULL) {
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER,
			    "the print service (cupsd) cannot be reached at %s: %s", server, cupsLastErrorString());
		return NULL;
	}
	/* no callback: a request with no answer within the time gives up */
	httpSetTimeout(queue->http, TD_PRINT_REQUEST_TIMEOUT_S, NULL, NULL);
	if (!print_queue_ask(queue, printer, error))
		return NULL;
	state = print_queue_attribute_text(queue, "printer-state");
	accepting = print_queue_attribute_text(queue, "printer-is-accepting-jobs");
	reasons = print_queue_attribute_text(queue, "printer-state-reasons");
	if (!td_ticket_check_printer_state(queue->name, state, accepting, reasons, error))
		return NULL;
	return g_steal_pointer(&queue);
}

const gchar *
td_print_queue_get_name(TdPrintQueue *queue)
{
	return queue->name;
}

gboolean
td_print_queue_is_raw(TdPrintQueue *queue)
{
	g_autofree gchar *model = print_queue_attribute_text(queue, "printer-make-and-model");
	return g_strcmp0(model, "Local Raw Printer") == 0;
}

gint
td_print_queue_submit(TdPrintQueue *queue, const gchar *path, const gchar *title, TdPrintAs as, GError **error)
{
	cups_option_t *options = NULL;
	gint num_options = 0;
	gint job;

	if (as == TD_PRINT_AS_RAW)
		num_options = cupsAddOption("document-format", CUPS_FORMAT_RAW, num_options, &options);
	else if (as == TD_PRINT_AS_PDF_ROLL)
		num_options = cupsAddOption("position", "top", num_options, &options);
	job = cupsPrintFile2(queue->http, queue->name, path, title, num_options, options);
	cupsFreeOptions(num_options, options);
	if (job == 0)
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINT_FAILED, "printing to %s failed: %s",
			    queue->name, cupsLastErrorString());
	return job;
}

/* The job's state (IPP_JSTATE_*), 0 when CUPS does not say. */
static gint
print_queue_job_state(TdPrintQueue *queue, gint job)
{
	ipp_t *request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
	g_autofree gchar *uri = g_strdup_printf("ipp://localhost/jobs/%d", job);
	ipp_t *response;
	ipp_attribute_t *state;
	gint value = 0;

	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
	ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", NULL, "job-state");
	response = cupsDoRequest(queue->http, request, "/");
	if (response == NULL)
		return 0;
	/* a cupsd that keeps no job history (PreserveJobHistory No) forgets
	 * a job once it is done: gone is printed, not a printer to wait for
	 * (such a cupsd forgets an aborted job the same way: it cannot be
	 * told apart) */
	if (ippGetStatusCode(response) == IPP_STATUS_ERROR_NOT_FOUND) {
		ippDelete(response);
		return IPP_JSTATE_COMPLETED;
	}
	state = ippFindAttribute(response, "job-state", IPP_TAG_ENUM);
	if (state != NULL)
		value = ippGetInteger(state, 0);
	ippDelete(response);
	return value;
}

/* The printer says now that it cannot print (asked again: the reasons
 * change while a job runs): off or not connected, still connecting, out
 * of paper, jammed, a cover open; or CUPS does not answer. */
static gboolean
print_queue_in_trouble(TdPrintQueue *queue)
{
	static const gchar *const trouble[] = {"offline", "connecting-to-device", "media-", "jam", "door-open",
					       "cover-open"};
	g_autofree gchar *reasons = NULL;

	g_clear_pointer(&queue->attributes, ippDelete);
	if (!print_queue_ask(queue, queue->name, NULL))
		return TRUE;
	reasons = print_queue_attribute_text(queue, "printer-state-reasons");
	for (guint i = 0; reasons != NULL && i < G_N_ELEMENTS(trouble); i++) {
		if (strstr(reasons, trouble[i]) != NULL)
			return TRUE;
	}
	return FALSE;
}

gboolean
td_print_queue_wait(TdPrintQueue *queue, gint job, guint limit_s, GError **error)
{
	gint64 start = g_get_monotonic_time();
	gint64 soft = start + (gint64)limit_s * G_TIME_SPAN_SECOND;
	gint64 hard = start + 3 * (gint64)limit_s * G_TIME_SPAN_SECOND;
	gint state = 0;
	ipp_status_t cancelled;

	for (;;) {
		gint64 now;

		state = print_queue_job_state(queue, job);
		if (state == IPP_JSTATE_COMPLETED)
			return TRUE;
		if (state == IPP_JSTATE_CANCELED || state == IPP_JSTATE_ABORTED) {
			g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINT_FAILED,
				    "CUPS %s job %d on %s", state == IPP_JSTATE_CANCELED ? "cancelled" : "aborted",
				    job, queue->name);
			return FALSE;
		}
		if (state == IPP_JSTATE_STOPPED)
			break;
		now = g_get_monotonic_time();
		/* past the limit, a job still waiting, or printing on a printer
		 * that says it cannot, is given up; one printing on a printer
		 * with nothing wrong gets up to three times as long (a long
		 * raster, a slow driver): cancelling it would lose a ticket
		 * half out */
		if (now >= soft && (state != IPP_JSTATE_PROCESSING || now >= hard || print_queue_in_trouble(queue)))
			break;
		g_usleep(200 * 1000);
	}
	/* Not printed: the patient has the number on screen and staff an
	 * alert; a ticket that came out later would carry an old number. */
	cancelled = cupsCancelJob2(queue->http, queue->name, job, 0);
	if (cancelled == IPP_STATUS_ERROR_NOT_POSSIBLE && print_queue_job_state(queue, job) == IPP_JSTATE_COMPLETED)
		return TRUE; /* it finished meanwhile */
	if (cancelled == IPP_STATUS_ERROR_NOT_FOUND)
		return TRUE; /* finished and forgotten (no job history) */
	if (state == IPP_JSTATE_STOPPED)
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINT_FAILED,
			    "CUPS stopped job %d on %s; the job was %s", job, queue->name,
			    cancelled == IPP_STATUS_OK ? "cancelled" : "not cancelled and may still print");
	else
		g_set_error(error, TD_TICKET_ERROR, TD_TICKET_ERROR_PRINTER_OFFLINE,
			    "the printer %s did not print job %d within %u s (job state %d); the job was %s", queue->name,
			    job, limit_s, state,
			    cancelled == IPP_STATUS_OK ? "cancelled" : "not cancelled and may still print");
	return FALSE;
}

gint
td_print_pdf_file(const gchar *printer, const gchar *path, const gchar *title, GError **error)
{
	g_autoptr(TdPrintQueue) queue = td_print_queue_open(printer, error);
	return queue != NULL ? td_print_queue_submit(queue, path, title, TD_PRINT_AS_PDF_PAGE, error) : 0;
}
