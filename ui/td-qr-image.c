/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-qr-code.h"
#include "td-qr-image.h"

GdkTexture *
td_qr_texture_new(const gchar *text, guint module_px, GError **error)
{
	g_autoptr(TdQrCode) code = NULL;
	g_autoptr(GBytes) bytes = NULL;
	guint8 *pixels;
	guint width;
	gsize side;
	gsize stride;

	g_return_val_if_fail(text != NULL, NULL);
	g_return_val_if_fail(module_px > 0 && module_px <= 32, NULL);

	code = td_qr_code_new(text, error);
	if (code == NULL)
		return NULL;
	width = td_qr_code_get_width(code);
	side = ((gsize)width + 2 * TD_QR_CODE_QUIET_ZONE) * module_px;
	stride = side * 3;
	pixels = g_malloc(stride * side);
	memset(pixels, 0xff, stride * side);
	for (guint y = 0; y < width; y++) {
		for (guint x = 0; x < width; x++) {
			if (!td_qr_code_is_dark(code, x, y))
				continue;
			for (guint dy = 0; dy < module_px; dy++) {
				gsize row = ((gsize)(y + TD_QR_CODE_QUIET_ZONE) * module_px + dy) * stride;
				memset(pixels + row + (gsize)(x + TD_QR_CODE_QUIET_ZONE) * module_px * 3, 0,
				       (gsize)module_px * 3);
			}
		}
	}
	bytes = g_bytes_new_take(pixels, stride * side);
	return gdk_memory_texture_new((int)side, (int)side, GDK_MEMORY_R8G8B8, bytes, stride);
}
