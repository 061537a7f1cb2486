/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "td-qr-image.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QRcode, QRcode_free)

#define TD_QR_QUIET_ZONE 4

GdkTexture *
td_qr_texture_new(const gchar *text, guint module_px, GError **error)
{
	g_autoptr(QRcode) code = NULL;
	g_autoptr(GBytes) bytes = NULL;
	guint8 *pixels;
	gsize side;
	gsize stride;

	g_return_val_if_fail(text != NULL, NULL);
	g_return_val_if_fail(module_px > 0 && module_px <= 32, NULL);

	code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (code == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot encode a QR code: %s",
			    g_strerror(errno));
		return NULL;
	}
	side = ((gsize)code->width + 2 * TD_QR_QUIET_ZONE) * module_px;
	stride = side * 3;
	pixels = g_malloc(stride * side);
	memset(pixels, 0xff, stride * side);
	for (gint y = 0; y < code->width; y++) {
		for (gint x = 0; x < code->width; x++) {
			/* bit 0 of each byte: the module is dark */
			if ((code->data[y * code->width + x] & 1) == 0)
				continue;
			for (guint dy = 0; dy < module_px; dy++) {
				gsize row = ((gsize)(y + TD_QR_QUIET_ZONE) * module_px + dy) * stride;
				memset(pixels + row + (gsize)(x + TD_QR_QUIET_ZONE) * module_px * 3, 0,
				       (gsize)module_px * 3);
			}
		}
	}
	bytes = g_bytes_new_take(pixels, stride * side);
	return gdk_memory_texture_new((int)side, (int)side, GDK_MEMORY_R8G8B8, bytes, stride);
}
