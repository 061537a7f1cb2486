/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-checkin-record.h"

G_BEGIN_DECLS

/* The queue ticket: an 80 mm receipt (72 mm printed) with the station's
 * name, the queue number large, date and time, where to go next, the BHYT
 * status in words (Vietnamese first) and the patient's initials; for a
 * patient not known to have the insurance card in VNeID, the guide's QR
 * code to take home. Nothing else about the patient: tickets get left on
 * benches. */
typedef struct {
	gchar *station_name;
	guint queue_number;
	gchar queue_series[2];	  /* "" or the kiosk's offline letter (td_queue_label) */
	GDateTime *issued;	  /* NULL: now */
	gchar *where_to_go;	  /* "Phòng khám số 1 / Room 1", NULL: left out */
	gchar *bhyt_status;	  /* see td_ticket_bhyt_status_text(), NULL: left out */
	gchar *initials;	  /* "N.V.A.", see td_ticket_initials_from_name() */
	gchar *vneid_guide_url;	  /* [vneid] guide-url, as a QR code; NULL: left out */
} TdTicket;

TdTicket *td_ticket_new(void);
void td_ticket_free(TdTicket *ticket); /* wipes the initials */

/* "Nguyễn Văn An" -> "N.V.A.": the first letter of each word, upper-cased
 * (Vietnamese letters kept). NULL for a name with no letters. */
gchar *td_ticket_initials_from_name(const gchar *full_name);
/* The BHYT line for an eligibility verdict, Vietnamese first then English,
 * e.g. "Thẻ còn hạn", under the ticket's "Bảo hiểm y tế:". */
const gchar *td_ticket_bhyt_status_text(TdEligibilityVerdict verdict);

#define TD_TICKET_ERROR (td_ticket_error_quark())
GQuark td_ticket_error_quark(void);

/* Every printing error is a staff alert: the kiosk keeps the queue number
 * on screen and shows td_ticket_error_staff_code() to staff. */
typedef enum {
	TD_TICKET_ERROR_RENDER,		/* drawing or writing the file failed */
	TD_TICKET_ERROR_NO_PRINTER,	/* no such queue, no default, or no cupsd */
	TD_TICKET_ERROR_PRINTER_STOPPED, /* the queue is stopped or rejects jobs */
	TD_TICKET_ERROR_OUT_OF_PAPER,	/* the printer reports no paper */
	TD_TICKET_ERROR_PRINT_FAILED,	/* CUPS refused the job, or stopped it */
	TD_TICKET_ERROR_PRINTER_OFFLINE, /* the printer is off or unplugged, or
					  * did not print the job in time (the
					  * job is cancelled, never printed late) */
} TdTicketError;

/* A short code staff can look up in the deployment guide: "PRN-NONE",
 * "PRN-STOPPED", "PRN-PAPER", "PRN-FAILED", "PRN-RENDER", "PRN-OFFLINE";
 * NULL for an error that is not a TD_TICKET_ERROR. */
const gchar *td_ticket_error_staff_code(const GError *error);

/* paper_mm (80 or 58) wide, as long as the content needs: laid out for
 * that roll's printable width (72 or 48 mm) in true sizes. */
gboolean td_ticket_render_pdf(const TdTicket *ticket, guint paper_mm, const gchar *path, GError **error);
/* At the thermal printers' 203 dpi (640 dots for 80 mm). */
gboolean td_ticket_render_png(const TdTicket *ticket, const gchar *path, GError **error);
/* ESC/POS for a print head paper_mm wide (80: 576 dots, 58: 384), laid
 * out for that roll as the PDF is, td-escpos.h. */
GBytes *td_ticket_render_escpos(const TdTicket *ticket, guint paper_mm, GError **error);

/* How tickets reach the paper ([printer] in tiepdon.conf). */
typedef enum {
	TD_TICKET_FORMAT_AUTO,	 /* ESC/POS to a raw queue, PDF to a queue with a driver */
	TD_TICKET_FORMAT_PDF,	 /* a PDF as wide as the roll, for the queue's driver */
	TD_TICKET_FORMAT_ESCPOS, /* ESC/POS raster, passed on as it is */
} TdTicketFormat;

typedef struct {
	gchar *queue;	       /* NULL: CUPS's default destination */
	TdTicketFormat format; /* format=auto|pdf|escpos */
	guint paper_mm;	       /* paper-mm=80|58: the roll */
	guint wait_s;	       /* how long a ticket may take to come out */
} TdTicketPrinter;

#define TD_TICKET_DEFAULT_PAPER_MM 80
/* A receipt prints in a second or two; a job still waiting after this is
 * a printer that is off, unplugged or jammed. */
#define TD_TICKET_DEFAULT_WAIT_S 15

TdTicketPrinter *td_ticket_printer_new(const gchar *queue);
TdTicketPrinter *td_ticket_printer_copy(const TdTicketPrinter *printer);
void td_ticket_printer_free(TdTicketPrinter *printer);
/* "auto", "pdf", "escpos": FALSE for anything else */
gboolean td_ticket_format_from_string(const gchar *text, TdTicketFormat *format);

/* Checks the CUPS queue (printer NULL: the default destination, auto
 * format), prints the ticket to it in its format, and waits for the
 * printer to take it (td_print_queue_wait). Returns the CUPS job id, 0 on
 * error. The check catches a missing, stopped, rejecting or paper-less
 * printer before the job is sent; the wait, one that is off or jams. (A
 * printer said to be offline is left to the wait: CUPS keeps a usb:
 * queue's "offline-report" until its next job ends, which refusing to
 * send would never let happen.) Blocks on the CUPS server: call it from
 * a worker (GTask), not the main thread. */
gint td_ticket_print(const TdTicket *ticket, const TdTicketPrinter *printer, GError **error);

/* What td_ticket_print() concludes from a destination's attributes
 * ("printer-state", "printer-is-accepting-jobs", "printer-state-reasons";
 * each may be NULL): TRUE if it can take a ticket. */
gboolean td_ticket_check_printer_state(const gchar *printer,
				       const gchar *state,
				       const gchar *accepting,
				       const gchar *reasons,
				       GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTicket, td_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTicketPrinter, td_ticket_printer_free)

G_END_DECLS
