/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ISO 7816-4 status words the reader code acts on. */
#define TD_SW_OK		  0x9000
#define TD_SW_WARNING_EOF	  0x6282 /* end of file reached before Le bytes */
#define TD_SW_WRONG_LENGTH	  0x6700
#define TD_SW_SM_DO_MISSING	  0x6987
#define TD_SW_SM_DO_INCORRECT	  0x6988
#define TD_SW_SECURITY_NOT_SATISFIED 0x6982
#define TD_SW_AUTH_FAILED	  0x6300
#define TD_SW_CONDITIONS_NOT_SATISFIED 0x6985
#define TD_SW_FILE_NOT_FOUND	  0x6A82
#define TD_SW_WRONG_P1P2	  0x6B00
#define TD_SW_INS_NOT_SUPPORTED	  0x6D00
#define TD_SW_CLA_NOT_SUPPORTED	  0x6E00
#define TD_SW_INCORRECT_DATA	  0x6A80
#define TD_SW_FUNCTION_NOT_SUPPORTED 0x6A81
#define TD_SW_INCORRECT_P1P2	  0x6A86
#define TD_SW_NO_DIAGNOSIS	  0x6F00
#define TD_SW_WRONG_DATA_LENGTH_P1P2 0x6B00

/* A command APDU. le is the expected response length: -1 for none (case 1
 * or 3), 0..65536 otherwise, where 256 (short) or 65536 (extended) encode
 * as 00 / 0000. */
typedef struct {
	guint8 cla;
	guint8 ins;
	guint8 p1;
	guint8 p2;
	GBytes *data; /* NULL or empty for none */
	gint le;
	gboolean extended; /* encode Lc/Le in extended form */
} TdApdu;

/* A response APDU split into its data and status word. */
typedef struct {
	GBytes *data; /* never NULL; may be empty */
	guint16 sw;
} TdResponse;

TdApdu *td_apdu_new(guint8 cla, guint8 ins, guint8 p1, guint8 p2, GBytes *data, gint le);
void td_apdu_free(TdApdu *apdu);
/* Serialises; chooses extended form if apdu->extended or if data > 255 or
 * le > 256. */
GBytes *td_apdu_encode(const TdApdu *apdu);
/* Parses a command APDU (the card side, the virtual chip). */
TdApdu *td_apdu_decode(const guint8 *raw, gsize len, GError **error);

TdResponse *td_response_new(GBytes *data, guint16 sw);
/* Splits raw bytes (data || SW1 SW2); fails on fewer than 2 bytes. */
TdResponse *td_response_decode(GBytes *raw, GError **error);
GBytes *td_response_encode(const TdResponse *resp);
void td_response_free(TdResponse *resp);

/* A human string for a status word, for errors and the staff trace. */
const gchar *td_sw_describe(guint16 sw);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdApdu, td_apdu_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdResponse, td_response_free)

G_END_DECLS
