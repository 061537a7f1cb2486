/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include "td-der.h"
#include "td-dg15.h"
#include "td-reader-error.h"
#include "td-tlv.h"

void
td_dg15_free(TdDg15 *dg15)
{
	if (dg15 == NULL)
		return;
	EVP_PKEY_free(dg15->public_key);
	if (dg15->subject_public_key_info != NULL)
		g_bytes_unref(dg15->subject_public_key_info);
	g_free(dg15);
}

TdDg15 *
td_dg15_parse(GBytes *file, GError **error)
{
	g_autoptr(TdDg15) dg15 = g_new0(TdDg15, 1);
	const unsigned char *p;
	TdTlv outer;
	TdTlv spki;
	gsize len = 0;
	const guint8 *data;

	g_return_val_if_fail(file != NULL, NULL);
	data = g_bytes_get_data(file, &len);
	if (!td_tlv_parse_expect(data, len, 0x6F, &outer, error) ||
	    !td_tlv_parse_expect(outer.value, outer.length, TD_DER_SEQUENCE, &spki, error)) {
		g_prefix_error(error, "DG15: ");
		return NULL;
	}
	if (spki.raw_length > G_MAXLONG) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "DG15: too large");
		return NULL;
	}
	p = spki.raw;
	dg15->public_key = d2i_PUBKEY(NULL, &p, (long)spki.raw_length);
	/* the decoder may leave its reasons on this thread's error queue */
	ERR_clear_error();
	if (dg15->public_key == NULL || p != spki.raw + spki.raw_length) {
		g_set_error_literal(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_MALFORMED,
				    "DG15: not a SubjectPublicKeyInfo OpenSSL accepts");
		return NULL;
	}
	switch (EVP_PKEY_get_base_id(dg15->public_key)) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
	case EVP_PKEY_EC:
		break;
	default:
		g_set_error(error,
			    TD_READER_ERROR,
			    TD_READER_ERROR_MALFORMED,
			    "DG15: key type %d is not used for active authentication",
			    EVP_PKEY_get_base_id(dg15->public_key));
		return NULL;
	}
	dg15->subject_public_key_info = g_bytes_new(spki.raw, spki.raw_length);
	return g_steal_pointer(&dg15);
}
