/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <qrencode.h>

#include "td-qr-code.h"

struct _TdQrCode {
	QRcode *code;
};

TdQrCode *
td_qr_code_new(const gchar *text, GError **error)
{
	QRcode *code;
	TdQrCode *self;

	g_return_val_if_fail(text != NULL, NULL);
	code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (code == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot encode a QR code: %s",
			    g_strerror(errno));
		return NULL;
	}
	self = g_new0(TdQrCode, 1);
	self->code = code;
	return self;
}

void
td_qr_code_free(TdQrCode *code)
{
	if (code == NULL)
		return;
	QRcode_free(code->code);
	g_free(code);
}

guint
td_qr_code_get_width(const TdQrCode *code)
{
	return (guint)code->code->width;
}

gboolean
td_qr_code_is_dark(const TdQrCode *code, guint x, guint y)
{
	guint width = td_qr_code_get_width(code);

	g_return_val_if_fail(x < width && y < width, FALSE);
	/* bit 0 of each byte: the module is dark */
	return (code->code->data[y * width + x] & 1) != 0;
}
