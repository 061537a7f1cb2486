/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A QR code's modules (libqrencode, error correction M), for what draws
 * one: the VNeID guide's code on the screen (ui/td-qr-image.c) and on the
 * queue ticket (td-ticket.c). */
typedef struct _TdQrCode TdQrCode;

/* The white border a reader needs around the code, in modules. */
#define TD_QR_CODE_QUIET_ZONE 4

TdQrCode *td_qr_code_new(const gchar *text, GError **error);
void td_qr_code_free(TdQrCode *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdQrCode, td_qr_code_free)

/* Modules across (and down), without the quiet zone. */
guint td_qr_code_get_width(const TdQrCode *code);
/* Whether the module at x, y (from the top left, 0..width-1) is dark. */
gboolean td_qr_code_is_dark(const TdQrCode *code, guint x, guint y);

G_END_DECLS
