/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* ESC/POS, the command set of thermal receipt printers (Epson, Xprinter,
 * and the many that copy them), for a printer on a raw CUPS queue, which
 * passes the job's bytes on as they are: ESC @ (initialise), the image as
 * raster bit images (GS v 0, normal density) in bands of at most
 * TD_ESCPOS_BAND_ROWS rows (small printers' buffers), a dot wherever the
 * image is dark, then ESC d 4 (feed four lines, the ticket past the
 * cutter) and GS V 66 0 (feed to the cutter and cut, partly; a printer
 * without a cutter ignores it).
 *
 * image: a CAIRO_FORMAT_RGB24 or ARGB32 image surface as wide as the
 * print head (576 dots on an 80 mm roll, 384 on 58 mm). */
#define TD_ESCPOS_BAND_ROWS 256

GBytes *td_escpos_from_image(cairo_surface_t *image);

G_END_DECLS
