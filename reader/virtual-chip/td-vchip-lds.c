/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/objects.h>
#include <openssl/x509.h>
#include <string.h>

#include "td-access-key.h"
#include "td-der.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-security-infos.h"
#include "td-tlv.h"
#include "td-vchip-chip-auth.h"
#include "td-vchip-lds.h"

/* ASN.1 universal tags used below. */
#define DER_INTEGER 0x02
#define DER_UTF8_STRING 0x0C
#define DER_PRINTABLE_STRING 0x13
#define DER_T61_STRING 0x14
#define DER_BMP_STRING 0x1E
#define DER_SEQUENCE 0x30
#define DER_SET 0x31

static void
wipe_and_unref(gpointer data)
{
	td_byte_array_clear_free(data);
}

GBytes *
td_vchip_bytes_new_wiped(GByteArray *array)
{
	return g_bytes_new_with_free_func(array->data, array->len, wipe_and_unref, array);
}

void
td_vchip_der_append_integer(GByteArray *buf, guint value)
{
	guint8 bytes[5];
	gsize n = 0;
	/* Big-endian, minimal, with a leading zero when the top bit is set. */
	for (gint shift = 24; shift >= 0; shift -= 8) {
		guint8 b = (guint8)(value >> shift);
		if (n == 0 && b == 0 && shift > 0)
			continue;
		if (n == 0 && (b & 0x80))
			bytes[n++] = 0x00;
		bytes[n++] = b;
	}
	td_tlv_append(buf, DER_INTEGER, bytes, n);
}

gchar *
td_vchip_transliterate(const gchar *utf8)
{
	g_autofree gchar *nfd = g_utf8_normalize(utf8, -1, G_NORMALIZE_NFD);
	GString *out = g_string_new(NULL);
	for (const gchar *p = nfd; p != NULL && *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c >= 0x0300 && c <= 0x036F)
			continue; /* combining marks: tones, circumflex, breve, horn */
		if (c == 0x0110 || c == 0x0111)
			c = 'D'; /* Đ đ do not decompose */
		if (c < 0x80 && g_ascii_isalpha((gchar)c))
			g_string_append_c(out, g_ascii_toupper((gchar)c));
		else
			g_string_append_c(out, ' ');
	}
	if (nfd != NULL)
		td_memwipe(nfd, strlen(nfd));
	return g_string_free(out, FALSE);
}

static gchar
check_digit(const gchar *field, gssize len)
{
	return td_mrz_check_digit(field, len); /* the digit as a character */
}

static void
append_field(GString *line, const gchar *text, gsize width)
{
	gsize n = MIN(strlen(text), width);
	g_string_append_len(line, text, (gssize)n);
	for (gsize i = n; i < width; i++)
		g_string_append_c(line, '<');
}

gchar *
td_vchip_build_mrz(const TdVchipProfile *p, GError **error)
{
	g_autoptr(GString) mrz = g_string_new(NULL);
	g_autoptr(GString) composite = g_string_new(NULL);
	g_autofree gchar *name = NULL;
	g_auto(GStrv) words = NULL;
	gchar birth[7], expiry[7];
	const gchar *docnum = p->id_number + 3; /* the last 9 digits */
	gchar optional[16];

	/* Line 1: document code, state, document number, optional data. */
	g_string_append(mrz, "IDVNM");
	g_string_append(mrz, docnum);
	g_string_append_c(mrz, check_digit(docnum, 9));
	g_snprintf(optional, sizeof optional, "%s%c<<", p->id_number, check_digit(p->id_number, 12));
	g_string_append(mrz, optional);

	/* Line 2: birth, sex, expiry, nationality, optional data 2, composite. */
	td_vchip_date_yymmdd(p->date_of_birth, birth);
	if (td_vchip_is_no_expiry(p->expiry_date))
		memcpy(expiry, "991231", 7);
	else
		td_vchip_date_yymmdd(p->expiry_date, expiry);
	g_string_append(mrz, birth);
	g_string_append_c(mrz, check_digit(birth, 6));
	g_string_append_c(mrz, g_strcmp0(p->sex, "Nam") == 0 ? 'M' : 'F');
	g_string_append(mrz, expiry);
	g_string_append_c(mrz, check_digit(expiry, 6));
	g_string_append(mrz, "VNM");
	append_field(mrz, "", 11);
	/* TD1 composite: line 1 from the document number on, and the birth,
	 * expiry and optional-data fields of line 2 with their digits. */
	g_string_append_len(composite, mrz->str + 5, 25);
	g_string_append_len(composite, mrz->str + 30, 7);
	g_string_append_len(composite, mrz->str + 38, 7);
	g_string_append_len(composite, mrz->str + 48, 11);
	g_string_append_c(mrz, check_digit(composite->str, (gssize)composite->len));

	/* Line 3: SURNAME<<GIVEN<NAMES; the Vietnamese family name comes
	 * first in the printed name. */
	name = td_vchip_transliterate(p->full_name);
	words = g_strsplit_set(g_strstrip(name), " ", -1);
	{
		g_autoptr(GString) line3 = g_string_new(NULL);
		guint n_words = 0;
		for (guint i = 0; words[i] != NULL; i++) {
			if (words[i][0] == '\0')
				continue;
			if (n_words == 1)
				g_string_append(line3, "<<");
			else if (n_words > 1)
				g_string_append_c(line3, '<');
			g_string_append(line3, words[i]);
			n_words++;
		}
		if (n_words == 0) {
			g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "profile: [citizen] full-name: has no letters for the MRZ");
			return NULL;
		}
		append_field(mrz, line3->str, 30);
		td_memwipe(line3->str, line3->len);
	}
	g_assert(mrz->len == 90);
	return g_string_free(g_steal_pointer(&mrz), FALSE);
}

GBytes *
td_vchip_build_com(void)
{
	static const guint8 dg_tags[] = {0x61, 0x75, 0x63, 0x6D, 0x6E, 0x6F};
	GByteArray *buf = g_byte_array_new();
	gsize mark = td_tlv_begin(buf, 0x60);
	td_tlv_append(buf, 0x5F01, (const guint8 *)"0107", 4);
	td_tlv_append(buf, 0x5F36, (const guint8 *)"040000", 6);
	td_tlv_append(buf, 0x5C, dg_tags, sizeof dg_tags);
	td_tlv_end(buf, mark);
	return g_byte_array_free_to_bytes(buf);
}

GBytes *
td_vchip_build_dg1(const gchar *mrz)
{
	GByteArray *buf = g_byte_array_new();
	gsize mark = td_tlv_begin(buf, 0x61);
	td_tlv_append(buf, 0x5F1F, (const guint8 *)mrz, strlen(mrz));
	td_tlv_end(buf, mark);
	return td_vchip_bytes_new_wiped(buf);
}

gboolean
td_vchip_jpeg_get_size(const guint8 *data, gsize len, guint *width, guint *height, GError **error)
{
	gsize pos = 2;
	if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
		goto bad;
	while (pos + 4 <= len) {
		guint8 marker;
		gsize seg_len;
		if (data[pos] != 0xFF)
			goto bad;
		marker = data[pos + 1];
		if (marker == 0xFF) { /* fill byte */
			pos++;
			continue;
		}
		if (marker == 0xD9 || marker == 0xDA)
			break; /* end of image / start of scan before any SOF */
		seg_len = ((gsize)data[pos + 2] << 8) | data[pos + 3];
		if (seg_len < 2 || pos + 2 + seg_len > len)
			goto bad;
		/* SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC). */
		if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
			if (seg_len < 7)
				goto bad;
			*height = ((guint)data[pos + 5] << 8) | data[pos + 6];
			*width = ((guint)data[pos + 7] << 8) | data[pos + 8];
			if (*width == 0 || *height == 0)
				goto bad;
			return TRUE;
		}
		pos += 2 + seg_len;
	}
bad:
	g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
			    "profile: [citizen] photo: no JPEG frame header (SOF) found");
	return FALSE;
}

static void
append_be(GByteArray *buf, guint32 value, guint n_bytes)
{
	for (gint i = (gint)n_bytes - 1; i >= 0; i--) {
		guint8 b = (guint8)(value >> (8 * i));
		g_byte_array_append(buf, &b, 1);
	}
}

GBytes *
td_vchip_build_dg2(GBytes *jpeg, gboolean female, GError **error)
{
	gsize jpeg_len = 0;
	const guint8 *jpeg_data = g_bytes_get_data(jpeg, &jpeg_len);
	guint width = 0, height = 0;
	g_autoptr(GByteArray) record = g_byte_array_new();
	const guint32 facial_header_len = 20, image_info_len = 12;
	GByteArray *buf;
	gsize m_dg, m_bit_group, m_bit, m_bhd;

	if (!td_vchip_jpeg_get_size(jpeg_data, jpeg_len, &width, &height, error))
		return NULL;

	/* ISO/IEC 19794-5:2005 facial record: general header ... */
	g_byte_array_append(record, (const guint8 *)"FAC\0" "010\0", 8);
	append_be(record, 14 + facial_header_len + image_info_len + (guint32)jpeg_len, 4);
	append_be(record, 1, 2); /* number of facial images */
	/* ... facial information block ... */
	append_be(record, facial_header_len + image_info_len + (guint32)jpeg_len, 4);
	append_be(record, 0, 2);		/* feature points */
	append_be(record, female ? 2 : 1, 1);	/* gender: 1 male, 2 female */
	append_be(record, 0, 1);		/* eye colour unspecified */
	append_be(record, 0, 1);		/* hair colour unspecified */
	append_be(record, 0, 3);		/* feature mask */
	append_be(record, 0, 2);		/* expression unspecified */
	append_be(record, 0, 3);		/* pose angle */
	append_be(record, 0, 3);		/* pose angle uncertainty */
	/* ... image information ... */
	append_be(record, 1, 1);		/* face image type: full frontal */
	append_be(record, 0, 1);		/* image data type: JPEG */
	append_be(record, width, 2);
	append_be(record, height, 2);
	append_be(record, 1, 1);		/* colour space: 24-bit RGB */
	append_be(record, 2, 1);		/* source: digital still camera */
	append_be(record, 0, 2);		/* device type */
	append_be(record, 0, 2);		/* quality */
	/* ... and the image. */
	g_byte_array_append(record, jpeg_data, (guint)jpeg_len);

	buf = g_byte_array_new();
	m_dg = td_tlv_begin(buf, 0x75);
	m_bit_group = td_tlv_begin(buf, 0x7F61);
	td_tlv_append(buf, DER_INTEGER, (const guint8 *)"\x01", 1); /* one instance */
	m_bit = td_tlv_begin(buf, 0x7F60);
	m_bhd = td_tlv_begin(buf, 0xA1);
	td_tlv_append(buf, 0x80, (const guint8 *)"\x01\x01", 2); /* ICAO header version */
	td_tlv_append(buf, 0x81, (const guint8 *)"\x02", 1);	  /* biometric type: face */
	td_tlv_append(buf, 0x87, (const guint8 *)"\x01\x01", 2); /* format owner */
	td_tlv_append(buf, 0x88, (const guint8 *)"\x00\x08", 2); /* format type */
	td_tlv_end(buf, m_bhd);
	td_tlv_append(buf, 0x5F2E, record->data, record->len);
	td_tlv_end(buf, m_bit);
	td_tlv_end(buf, m_bit_group);
	td_tlv_end(buf, m_dg);
	td_memwipe(record->data, record->len);
	return td_vchip_bytes_new_wiped(buf);
}

GBytes *
td_vchip_build_dg3_placeholder(void)
{
	GByteArray *buf = g_byte_array_new();
	gsize m_dg = td_tlv_begin(buf, 0x63);
	gsize m_group = td_tlv_begin(buf, 0x7F61);
	td_tlv_append(buf, DER_INTEGER, (const guint8 *)"\x00", 1); /* no fingerprints */
	td_tlv_end(buf, m_group);
	td_tlv_end(buf, m_dg);
	return g_byte_array_free_to_bytes(buf);
}

/* The text in the string type the profile asks for: BMPString as UCS-2
 * big-endian, every other type with the UTF-8 bytes as they are (so a
 * PrintableString or T61String may hold what its type does not allow, as
 * a badly personalised card would). */
static void
append_string(GByteArray *buf, TdVchipStringType type, const gchar *text)
{
	switch (type) {
	case TD_VCHIP_STRING_BMP: {
		glong n_units = 0;
		gunichar2 *units = g_utf8_to_utf16(text, -1, NULL, &n_units, NULL);
		g_autoptr(GByteArray) be = g_byte_array_sized_new((guint)n_units * 2);
		for (glong i = 0; units != NULL && i < n_units; i++) {
			guint8 pair[2] = {(guint8)(units[i] >> 8), (guint8)(units[i] & 0xFF)};
			g_byte_array_append(be, pair, 2);
		}
		td_tlv_append(buf, DER_BMP_STRING, be->data, be->len);
		td_memwipe(be->data, be->len);
		if (units != NULL)
			td_memwipe(units, (gsize)n_units * sizeof(gunichar2));
		g_free(units);
		return;
	}
	case TD_VCHIP_STRING_PRINTABLE:
		td_tlv_append(buf, DER_PRINTABLE_STRING, (const guint8 *)text, strlen(text));
		return;
	case TD_VCHIP_STRING_T61:
		td_tlv_append(buf, DER_T61_STRING, (const guint8 *)text, strlen(text));
		return;
	case TD_VCHIP_STRING_UTF8:
	default:
		td_tlv_append(buf, DER_UTF8_STRING, (const guint8 *)text, strlen(text));
		return;
	}
}

/* Entries 13 (parents) and 14 (spouse): the names one level deeper, nested
 * as the profile's dg13-parent-nesting says. A mother without a father
 * keeps his place empty (an empty string, or an empty SEQUENCE), so she
 * is not read as the father. */
static void
append_nested_names(GByteArray *buf, TdVchipStringType type, const gchar *first, const gchar *second,
		    TdVchipParentNesting nesting)
{
	const gchar *names[] = {first, second};
	gsize inner;

	if (nesting == TD_VCHIP_DG13_PARENTS_ONE_SEQUENCE) {
		inner = td_tlv_begin(buf, DER_SEQUENCE);
		for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
			if (names[i] != NULL || (i == 0 && second != NULL))
				append_string(buf, type, names[i] != NULL ? names[i] : "");
		}
		td_tlv_end(buf, inner);
		return;
	}
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		if (names[i] == NULL && !(i == 0 && second != NULL))
			continue;
		inner = td_tlv_begin(buf, DER_SEQUENCE);
		if (names[i] != NULL)
			append_string(buf, type, names[i]);
		td_tlv_end(buf, inner);
	}
}

/* Entry n, SEQUENCE { INTEGER n, value }, unless the profile has nothing
 * for it or leaves it out. */
static void
append_dg13_entry(GByteArray *buf, const TdVchipProfile *p, guint n)
{
	const gchar *texts[TD_VCHIP_DG13_LAST_ENTRY + 1] = {
		NULL,
		p->id_number,
		p->full_name,
		p->date_of_birth,
		p->sex,
		p->nationality,
		p->ethnicity,
		p->religion,
		p->place_of_origin,
		p->place_of_residence,
		p->identification_features,
		p->issue_date,
		p->expiry_date,
		p->father != NULL ? p->father : p->mother, /* 13: either parent makes the entry */
		p->spouse,
		p->old_id_number,
		p->field16,
	};
	TdVchipStringType type = p->dg13_string_types[n];
	gsize mark;

	if (texts[n] == NULL || (p->dg13_omit_entries & (1u << n)) != 0)
		return;
	mark = td_tlv_begin(buf, DER_SEQUENCE);
	td_vchip_der_append_integer(buf, n);
	if (n == 13)
		append_nested_names(buf, type, p->father, p->mother, p->dg13_parent_nesting);
	else if (n == 14)
		append_nested_names(buf, type, p->spouse, NULL, p->dg13_parent_nesting);
	else
		append_string(buf, type, texts[n]);
	td_tlv_end(buf, mark);
}

/* No card is known to keep its entries in ascending order (a DER SET OF
 * would even sort them by their encoding), so a reader must not care:
 * dg13-entry-order=shuffled writes them in this fixed order. */
static const guint dg13_shuffled_order[TD_VCHIP_DG13_LAST_ENTRY] = {9, 2, 13, 1, 16, 5, 12, 3, 7, 15, 11, 4, 14, 6, 10, 8};

static void
append_dg13_entries(GByteArray *buf, const TdVchipProfile *p)
{
	for (guint i = 0; i < TD_VCHIP_DG13_LAST_ENTRY; i++)
		append_dg13_entry(buf, p, p->dg13_shuffled ? dg13_shuffled_order[i] : i + 1);
}

/* INTEGER 1 (a version) and the OID that open the DG13 content. */
static void
append_dg13_header(GByteArray *buf)
{
	td_vchip_der_append_integer(buf, 1);
	/* a constant OID: cannot fail */
	(void)td_der_append_oid(buf, TD_DER_OID, TD_VCHIP_DG13_OID, NULL);
}

/* SEQUENCE { header, SET { entries } }: the usual container. */
static void
append_dg13_sequence_of_set(GByteArray *buf, const TdVchipProfile *p)
{
	gsize m_seq = td_tlv_begin(buf, DER_SEQUENCE);
	gsize m_set;

	append_dg13_header(buf);
	m_set = td_tlv_begin(buf, DER_SET);
	append_dg13_entries(buf, p);
	td_tlv_end(buf, m_set);
	td_tlv_end(buf, m_seq);
}

GBytes *
td_vchip_build_dg13(const TdVchipProfile *p)
{
	GByteArray *buf = g_byte_array_new();
	gsize m_dg = td_tlv_begin(buf, 0x6D);
	gsize m_outer, m_seq;

	switch (p->dg13_container) {
	case TD_VCHIP_DG13_CONTAINER_SEQUENCE:
		m_seq = td_tlv_begin(buf, DER_SEQUENCE);
		append_dg13_header(buf);
		append_dg13_entries(buf, p);
		td_tlv_end(buf, m_seq);
		break;
	case TD_VCHIP_DG13_CONTAINER_FLAT:
		append_dg13_header(buf);
		append_dg13_entries(buf, p);
		break;
	case TD_VCHIP_DG13_CONTAINER_EXTRA_SEQUENCE:
		m_outer = td_tlv_begin(buf, DER_SEQUENCE);
		append_dg13_sequence_of_set(buf, p);
		td_tlv_end(buf, m_outer);
		break;
	case TD_VCHIP_DG13_CONTAINER_SET:
	default:
		append_dg13_sequence_of_set(buf, p);
		break;
	}
	td_tlv_end(buf, m_dg);
	return td_vchip_bytes_new_wiped(buf);
}

/* ActiveAuthenticationInfo ::= SEQUENCE { protocol, version 1,
 * signatureAlgorithm }, only defined for ECDSA keys (ICAO 9303-11 §6.1). */
static gboolean
append_active_authentication_info(GByteArray *buf, EVP_PKEY *aa_key, const gchar *signature_oid, GError **error)
{
	gsize mark;
	if (aa_key == NULL || !EVP_PKEY_is_a(aa_key, "EC"))
		return TRUE;
	mark = td_tlv_begin(buf, DER_SEQUENCE);
	if (!td_der_append_oid(buf, TD_DER_OID, TD_OID_ACTIVE_AUTH_INFO, error))
		return FALSE;
	td_vchip_der_append_integer(buf, 1);
	if (!td_der_append_oid(buf, TD_DER_OID, signature_oid != NULL ? signature_oid : TD_OID_ECDSA_PLAIN_SHA256, error))
		return FALSE;
	td_tlv_end(buf, mark);
	return TRUE;
}

GBytes *
td_vchip_build_dg14(EVP_PKEY *ca_key, EVP_PKEY *other_ca_key, const gchar *ca_protocol, EVP_PKEY *aa_key,
		    const gchar *aa_signature_oid, GError **error)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	gsize m_dg = td_tlv_begin(buf, 0x6E);
	gsize m_set = td_tlv_begin(buf, DER_SET);

	if (other_ca_key != NULL && !td_vchip_chip_auth_append_dg14_infos(buf, other_ca_key, ca_protocol, 1, error))
		return NULL;
	if (ca_key != NULL &&
	    !td_vchip_chip_auth_append_dg14_infos(buf, ca_key, ca_protocol, other_ca_key != NULL ? 2 : -1, error))
		return NULL;
	if (!append_active_authentication_info(buf, aa_key, aa_signature_oid, error))
		return NULL;
	td_tlv_end(buf, m_set);
	td_tlv_end(buf, m_dg);
	return g_byte_array_free_to_bytes(g_steal_pointer(&buf));
}

GBytes *
td_vchip_dg14_make_entry_unreadable(GBytes *dg14, const gchar *protocol, guint field, GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(dg14, &len);
	TdTlv file, set, info;
	TdTlvIter iter;

	if (!td_tlv_parse_expect(data, len, 0x6E, &file, error) ||
	    !td_tlv_parse_expect(file.value, file.length, DER_SET, &set, error))
		return NULL;
	td_tlv_iter_init(&iter, set.value, set.length);
	while (td_tlv_iter_next(&iter, &info, NULL)) {
		TdTlvIter fields;
		TdTlv oid, target;
		g_autofree gchar *dotted = NULL;

		td_tlv_iter_init(&fields, info.value, info.length);
		if (!td_tlv_iter_next(&fields, &oid, NULL))
			continue;
		dotted = td_der_get_oid(&oid, "protocol", NULL);
		if (dotted == NULL || !g_str_has_prefix(dotted, protocol))
			continue;
		target = oid;
		for (guint i = 0; i < field; i++) {
			if (!td_tlv_iter_next(&fields, &target, NULL)) {
				g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT,
					    "DG14: SecurityInfo %s has no field %u", dotted, field);
				return NULL;
			}
		}
		{
			guint8 *copy = g_memdup2(data, len);
			copy[target.raw - data] = 0x04; /* OCTET STRING */
			return g_bytes_new_take(copy, len);
		}
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "DG14 has no SecurityInfo %s", protocol);
	return NULL;
}

GBytes *
td_vchip_build_dg15(EVP_PKEY *aa_key, GError **error)
{
	guint8 *spki = NULL;
	int spki_len = i2d_PUBKEY(aa_key, &spki);
	GByteArray *buf;
	if (spki_len <= 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO,
				    "cannot encode the active-authentication public key");
		return NULL;
	}
	buf = g_byte_array_new();
	td_tlv_append(buf, 0x6F, spki, (gsize)spki_len);
	OPENSSL_free(spki);
	return g_byte_array_free_to_bytes(buf);
}
