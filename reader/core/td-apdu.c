/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-apdu.h"
#include "td-reader-error.h"

TdApdu *
td_apdu_new(guint8 cla, guint8 ins, guint8 p1, guint8 p2, GBytes *data, gint le)
{
	TdApdu *apdu = g_new0(TdApdu, 1);
	apdu->cla = cla;
	apdu->ins = ins;
	apdu->p1 = p1;
	apdu->p2 = p2;
	apdu->data = data != NULL ? g_bytes_ref(data) : NULL;
	apdu->le = le;
	return apdu;
}

void
td_apdu_free(TdApdu *apdu)
{
	if (apdu == NULL)
		return;
	g_clear_pointer(&apdu->data, g_bytes_unref);
	g_free(apdu);
}

GBytes *
td_apdu_encode(const TdApdu *apdu)
{
	gsize lc = apdu->data != NULL ? g_bytes_get_size(apdu->data) : 0;
	gboolean extended = apdu->extended || lc > 255 || apdu->le > 256;
	GByteArray *buf = g_byte_array_sized_new(7 + lc + 3);
	guint8 header[4] = {apdu->cla, apdu->ins, apdu->p1, apdu->p2};

	g_byte_array_append(buf, header, 4);
	if (lc > 0) {
		if (extended) {
			guint8 lc_ext[3] = {0x00, (lc >> 8) & 0xff, lc & 0xff};
			g_byte_array_append(buf, lc_ext, 3);
		} else {
			guint8 lc_short = (guint8)lc;
			g_byte_array_append(buf, &lc_short, 1);
		}
		g_byte_array_append(buf, g_bytes_get_data(apdu->data, NULL), lc);
	}
	if (apdu->le >= 0) {
		if (extended) {
			/* With data, Le is 2 bytes; without, 3 (a leading 00). */
			guint16 le = apdu->le >= 65536 ? 0 : (guint16)apdu->le;
			if (lc == 0) {
				guint8 zero = 0;
				g_byte_array_append(buf, &zero, 1);
			}
			guint8 le_ext[2] = {le >> 8, le & 0xff};
			g_byte_array_append(buf, le_ext, 2);
		} else {
			guint8 le = apdu->le >= 256 ? 0 : (guint8)apdu->le;
			g_byte_array_append(buf, &le, 1);
		}
	}
	return g_byte_array_free_to_bytes(buf);
}

TdApdu *
td_apdu_decode(const guint8 *raw, gsize len, GError **error)
{
	g_autoptr(TdApdu) apdu = NULL;
	gsize body = len - 4;

	if (len < 4) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
			    "command APDU of %" G_GSIZE_FORMAT " bytes is shorter than its header", len);
		return NULL;
	}
	apdu = td_apdu_new(raw[0], raw[1], raw[2], raw[3], NULL, -1);
	raw += 4;
	if (body == 0) /* case 1 */
		return g_steal_pointer(&apdu);
	if (body == 1) { /* case 2 short */
		apdu->le = raw[0] == 0 ? 256 : raw[0];
		return g_steal_pointer(&apdu);
	}
	if (raw[0] != 0x00) { /* short case 3 or 4 */
		gsize lc = raw[0];
		if (body == 1 + lc) {
			apdu->data = g_bytes_new(raw + 1, lc);
			return g_steal_pointer(&apdu);
		}
		if (body == 2 + lc) {
			apdu->data = g_bytes_new(raw + 1, lc);
			apdu->le = raw[1 + lc] == 0 ? 256 : raw[1 + lc];
			return g_steal_pointer(&apdu);
		}
	} else if (body >= 3) { /* extended */
		gsize n = ((gsize)raw[1] << 8) | raw[2];
		apdu->extended = TRUE;
		if (body == 3) { /* case 2 extended */
			apdu->le = n == 0 ? 65536 : (gint)n;
			return g_steal_pointer(&apdu);
		}
		if (n > 0 && body == 3 + n) {
			apdu->data = g_bytes_new(raw + 3, n);
			return g_steal_pointer(&apdu);
		}
		if (n > 0 && body == 5 + n) {
			gsize le = ((gsize)raw[3 + n] << 8) | raw[4 + n];
			apdu->data = g_bytes_new(raw + 3, n);
			apdu->le = le == 0 ? 65536 : (gint)le;
			return g_steal_pointer(&apdu);
		}
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
		    "command APDU lengths do not match its %" G_GSIZE_FORMAT " bytes", len);
	return NULL;
}

TdResponse *
td_response_new(GBytes *data, guint16 sw)
{
	TdResponse *resp = g_new0(TdResponse, 1);
	resp->data = data != NULL ? g_bytes_ref(data) : g_bytes_new(NULL, 0);
	resp->sw = sw;
	return resp;
}

TdResponse *
td_response_decode(GBytes *raw, GError **error)
{
	gsize len = 0;
	const guint8 *buf = g_bytes_get_data(raw, &len);
	g_autoptr(GBytes) data = NULL;

	if (len < 2) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_TRANSPORT,
			    "response of %" G_GSIZE_FORMAT " bytes has no status word", len);
		return NULL;
	}
	data = g_bytes_new_from_bytes(raw, 0, len - 2);
	return td_response_new(data, (guint16)((buf[len - 2] << 8) | buf[len - 1]));
}

GBytes *
td_response_encode(const TdResponse *resp)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(resp->data, &len);
	GByteArray *buf = g_byte_array_sized_new(len + 2);
	guint8 sw[2] = {resp->sw >> 8, resp->sw & 0xff};

	if (len > 0)
		g_byte_array_append(buf, data, len);
	g_byte_array_append(buf, sw, 2);
	return g_byte_array_free_to_bytes(buf);
}

void
td_response_free(TdResponse *resp)
{
	if (resp == NULL)
		return;
	g_clear_pointer(&resp->data, g_bytes_unref);
	g_free(resp);
}

const gchar *
td_sw_describe(guint16 sw)
{
	switch (sw) {
	case 0x9000:
		return "success";
	case 0x6282:
		return "end of file reached before Le bytes";
	case 0x6700:
		return "wrong length";
	case 0x6982:
		return "security status not satisfied";
	case 0x6983:
		return "authentication method blocked";
	case 0x6985:
		return "conditions of use not satisfied";
	case 0x6987:
		return "secure messaging data objects missing";
	case 0x6988:
		return "secure messaging data objects incorrect";
	case 0x6A80:
		return "incorrect data";
	case 0x6A82:
		return "file not found";
	case 0x6A86:
		return "incorrect P1 or P2";
	case 0x6A88:
		return "referenced data not found";
	case 0x6B00:
		return "wrong parameters (offset outside the file)";
	case 0x6D00:
		return "instruction not supported";
	case 0x6E00:
		return "class not supported";
	case 0x6F00:
		return "no precise diagnosis";
	default:
		if ((sw & 0xff00) == 0x6100)
			return "more response data available";
		if ((sw & 0xff00) == 0x6C00)
			return "wrong Le, exact length given";
		if ((sw & 0xfff0) == 0x63C0)
			return "verification failed, retries left";
		if ((sw & 0xff00) == 0x6300)
			return "authentication failed";
		return "unexpected status";
	}
}
