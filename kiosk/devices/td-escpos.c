/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-escpos.h"

static const guint8 escpos_initialise[] = {0x1b, 0x40};
static const guint8 escpos_feed_and_cut[] = {0x1b, 0x64, 0x04, 0x1d, 0x56, 0x42, 0x00};

/* Dark enough to burn a dot: under half of white, by luminance. */
static gboolean
escpos_pixel_dark(guint32 pixel)
{
	guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
	return r * 299 + g * 587 + b * 114 < 128 * 1000;
}

GBytes *
td_escpos_from_image(cairo_surface_t *image)
{
	g_autoptr(GByteArray) out = g_byte_array_new();
	gint width, height, stride;
	guint row_bytes;
	const guchar *pixels;

	g_return_val_if_fail(cairo_surface_get_type(image) == CAIRO_SURFACE_TYPE_IMAGE, NULL);
	cairo_surface_flush(image);
	width = cairo_image_surface_get_width(image);
	height = cairo_image_surface_get_height(image);
	stride = cairo_image_surface_get_stride(image);
	pixels = cairo_image_surface_get_data(image);
	row_bytes = ((guint)width + 7) / 8;
	g_return_val_if_fail(row_bytes <= 0xffff, NULL);

	g_byte_array_append(out, escpos_initialise, sizeof(escpos_initialise));
	for (gint band = 0; band < height; band += TD_ESCPOS_BAND_ROWS) {
		guint rows = (guint)MIN(TD_ESCPOS_BAND_ROWS, height - band);
		/* GS v 0 m xL xH yL yH: m 0 = normal size; x in bytes, y in dots */
		const guint8 header[] = {0x1d, 0x76, 0x30, 0x00, row_bytes & 0xff, row_bytes >> 8, rows & 0xff, rows >> 8};
		g_byte_array_append(out, header, sizeof(header));
		for (guint y = (guint)band; y < (guint)band + rows; y++) {
			const guint32 *line = (const guint32 *)(pixels + (gsize)y * (gsize)stride);
			for (guint byte = 0; byte < row_bytes; byte++) {
				guint8 bits = 0;
				for (guint bit = 0; bit < 8; bit++) {
					guint x = byte * 8 + bit;
					/* the most significant bit is the leftmost dot */
					if (x < (guint)width && escpos_pixel_dark(line[x]))
						bits |= (guint8)(0x80 >> bit);
				}
				g_byte_array_append(out, &bits, 1);
			}
		}
	}
	g_byte_array_append(out, escpos_feed_and_cut, sizeof(escpos_feed_and_cut));
	return g_byte_array_free_to_bytes(g_steal_pointer(&out));
}
