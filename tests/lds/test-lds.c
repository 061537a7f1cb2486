/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EF.COM, DG2 and the SecurityInfos of EF.CardAccess and DG14. */
#include "config.h"

#include <openssl/objects.h>
#include <string.h>

#include "td-com.h"
#include "td-dg2.h"
#include "td-reader-error.h"
#include "td-security-infos.h"
#include "td-test-hex.h"
#include "td-test-lds.h"
#include "td-tlv.h"

static void
test_com(void)
{
	g_autoptr(GBytes) file = td_test_hex("60185F0104303130375F36063034303030305C06617563" "6D6E6F");
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCom) com = td_com_parse(file, &error);
	static const guint expected[] = {1, 2, 3, 13, 14, 15};

	g_assert_no_error(error);
	g_assert_cmpstr(com->lds_version, ==, "0107");
	g_assert_cmpstr(com->unicode_version, ==, "040000");
	g_assert_cmpmem(com->dg_numbers->data, com->dg_numbers->len * sizeof(guint), expected, sizeof(expected));
	g_assert_true(td_com_has_dg(com, 13));
	g_assert_false(td_com_has_dg(com, 11));
}

static void
test_com_malformed(void)
{
	const gchar *cases[] = {
		"60105F0104303130375F3606303430303030",		/* no tag list */
		"60135F0104303130375F36063034303030305C0199",	/* 99 is no DG tag */
		"60125F0104303130375F36063034303030305C026175", /* outer length short */
		"600C5F0104303130375C03617563",		/* no unicode version */
		"60155F0104303130415F36063034303030305C03617563", /* not digits */
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GBytes) file = td_test_hex(cases[i]);
		td_test_assert_malformed(TdCom, td_com_parse, file);
	}
}

/* A JPEG's first bytes (SOI, APP0/JFIF) and its end marker. */
static const guint8 tiny_jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01,
				   0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9};
static const guint8 tiny_jp2[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A};
static const guint8 not_an_image[] = {0x01, 0x02, 0x03, 0x04};

static void
append_be(GByteArray *buf, guint32 value, guint n)
{
	for (guint i = n; i > 0; i--) {
		guint8 b = (guint8)(value >> (8 * (i - 1)));
		g_byte_array_append(buf, &b, 1);
	}
}

/* 75 { 7F61 { 02 count, 7F60 { A1 {...}, bdb_tag { facial record } } } };
 * record_len_delta breaks the record length on purpose. */
static GBytes *
build_dg2(const guint8 *image, gsize image_len, guint data_type, guint32 bdb_tag, guint8 count, gint record_len_delta)
{
	g_autoptr(GByteArray) rec = g_byte_array_new();
	g_autoptr(GByteArray) buf = g_byte_array_new();
	static const guint8 header[] = {0x80, 0x02, 0x01, 0x01, 0x87, 0x02, 0x01, 0x01, 0x88, 0x02, 0x00, 0x08};
	static const guint8 zeros[16] = {0};
	guint32 block_len = 20 + 2 * 8 + 12 + (guint32)image_len;
	gsize m1, m2, m3;

	g_byte_array_append(rec, (const guint8 *)"FAC\0" "010\0", 8);
	append_be(rec, (guint32)((gint)(14 + block_len) + record_len_delta), 4);
	append_be(rec, 1, 2);
	append_be(rec, block_len, 4);
	append_be(rec, 2, 2); /* two feature points */
	g_byte_array_append(rec, zeros, 14);
	g_byte_array_append(rec, zeros, 16);
	g_byte_array_append(rec, (const guint8[]){0x01, (guint8)data_type}, 2);
	append_be(rec, 480, 2);
	append_be(rec, 640, 2);
	g_byte_array_append(rec, (const guint8[]){0x01, 0x02, 0x00, 0x00, 0x00, 0x00}, 6);
	g_byte_array_append(rec, image, image_len);

	m1 = td_tlv_begin(buf, 0x75);
	m2 = td_tlv_begin(buf, 0x7F61);
	td_tlv_append(buf, 0x02, &count, 1);
	m3 = td_tlv_begin(buf, 0x7F60);
	td_tlv_append(buf, 0xA1, header, sizeof(header));
	td_tlv_append(buf, bdb_tag, rec->data, rec->len);
	td_tlv_end(buf, m3);
	td_tlv_end(buf, m2);
	td_tlv_end(buf, m1);
	return g_bytes_new(buf->data, buf->len);
}

static void
test_dg2(void)
{
	struct {
		const guint8 *image;
		gsize len;
		guint data_type;
		guint32 bdb_tag;
		const gchar *mime_type;
	} cases[] = {
		{tiny_jpeg, sizeof(tiny_jpeg), 0, 0x5F2E, "image/jpeg"},
		{tiny_jpeg, sizeof(tiny_jpeg), 1, 0x7F2E, "image/jpeg"}, /* the bytes win */
		{tiny_jp2, sizeof(tiny_jp2), 0, 0x5F2E, "image/jp2"},
		{not_an_image, sizeof(not_an_image), 1, 0x5F2E, "image/jp2"}, /* else the header */
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GBytes) file = build_dg2(cases[i].image, cases[i].len, cases[i].data_type, cases[i].bdb_tag, 1, 0);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdDg2) dg2 = td_dg2_parse(file, &error);
		TdFaceImage *face;
		gsize len = 0;
		const guint8 *data;

		g_assert_no_error(error);
		g_assert_cmpuint(dg2->faces->len, ==, 1);
		face = g_ptr_array_index(dg2->faces, 0);
		g_assert_cmpstr(face->mime_type, ==, cases[i].mime_type);
		g_assert_cmpuint(face->width, ==, 480);
		g_assert_cmpuint(face->height, ==, 640);
		data = g_bytes_get_data(face->image, &len);
		g_assert_cmpmem(data, len, cases[i].image, cases[i].len);
	}
}

static void
test_dg2_malformed(void)
{
	GBytes *files[] = {
		build_dg2(tiny_jpeg, sizeof(tiny_jpeg), 0, 0x5F2E, 1, 1),  /* record longer than the block */
		build_dg2(tiny_jpeg, sizeof(tiny_jpeg), 0, 0x5F2E, 1, -40), /* image runs past the record */
		build_dg2(tiny_jpeg, sizeof(tiny_jpeg), 0, 0x5F2E, 2, 0),  /* 2 templates announced */
		build_dg2(tiny_jpeg, sizeof(tiny_jpeg), 0, 0x5F2F, 1, 0),  /* no data block */
		build_dg2(not_an_image, sizeof(not_an_image), 7, 0x5F2E, 1, 0), /* unknown format */
		build_dg2(NULL, 0, 0, 0x5F2E, 1, 0),			   /* no image */
	};
	for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
		td_test_assert_malformed(TdDg2, td_dg2_parse, files[i]);
		g_bytes_unref(files[i]);
	}
}

static void
test_card_access(void)
{
	/* ICAO 9303-11 worked example: PACE ECDH-GM AES-128, brainpoolP256r1 */
	g_autoptr(GBytes) file = td_test_hex("31143012060A04007F0007020204020202010202010D");
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) infos = td_card_access_parse(file, &error);
	TdPaceInfo *pace;

	g_assert_no_error(error);
	g_assert_cmpuint(infos->pace_infos->len, ==, 1);
	pace = g_ptr_array_index(infos->pace_infos, 0);
	g_assert_cmpstr(pace->protocol, ==, "0.4.0.127.0.7.2.2.4.2.2");
	g_assert_cmpint(pace->version, ==, 2);
	g_assert_cmpint(pace->parameter_id, ==, 13);
	g_assert_cmpuint(pace->mapping, ==, TD_PACE_MAPPING_ECDH_GM);
	g_assert_cmpuint(pace->cipher, ==, TD_SECURITY_CIPHER_AES_128);
	g_assert_cmpuint(infos->unreadable_infos->len, ==, 0);
	g_assert_true(g_bytes_equal(infos->der, file));
	g_assert_cmpuint(infos->chip_auth_infos->len, ==, 0);
	g_assert_false(infos->has_terminal_auth);
}

static void
append_oid(GByteArray *buf, const gchar *text)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(text, 1);
	unsigned char *der = NULL;
	int len = i2d_ASN1_OBJECT(obj, &der);
	g_assert_cmpint(len, >, 0);
	g_byte_array_append(buf, der, (guint)len);
	OPENSSL_free(der);
	ASN1_OBJECT_free(obj);
}

static void
append_int(GByteArray *buf, guint8 value)
{
	td_tlv_append(buf, 0x02, &value, 1);
}

static void
test_dg14(void)
{
	static const guint8 fake_spki_body[] = {0x30, 0x03, 0x06, 0x01, 0x00, 0x03, 0x02, 0x00, 0x04};
	g_autoptr(GByteArray) buf = g_byte_array_new();
	g_autoptr(GBytes) file = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) infos = NULL;
	TdChipAuthInfo *ca;
	TdChipAuthPublicKeyInfo *pk;
	TdActiveAuthInfo *aa;
	TdOtherSecurityInfo *other;
	gsize m_dg, m_set, m;

	m_dg = td_tlv_begin(buf, 0x6E);
	m_set = td_tlv_begin(buf, 0x31);
	m = td_tlv_begin(buf, 0x30); /* ChipAuthenticationInfo, ECDH AES-128, key 7 */
	append_oid(buf, "0.4.0.127.0.7.2.2.3.2.2");
	append_int(buf, 1);
	append_int(buf, 7);
	td_tlv_end(buf, m);
	m = td_tlv_begin(buf, 0x30); /* ChipAuthenticationPublicKeyInfo, ECDH */
	append_oid(buf, "0.4.0.127.0.7.2.2.1.2");
	td_tlv_append(buf, 0x30, fake_spki_body, sizeof(fake_spki_body));
	td_tlv_end(buf, m);
	m = td_tlv_begin(buf, 0x30); /* ActiveAuthenticationInfo, ecdsa-plain-SHA256 */
	append_oid(buf, TD_OID_ACTIVE_AUTH_INFO);
	append_int(buf, 1);
	append_oid(buf, "0.4.0.127.0.7.1.1.4.1.3");
	td_tlv_end(buf, m);
	m = td_tlv_begin(buf, 0x30); /* TerminalAuthenticationInfo */
	append_oid(buf, TD_OID_TERMINAL_AUTH);
	append_int(buf, 1);
	td_tlv_end(buf, m);
	m = td_tlv_begin(buf, 0x30); /* ChipAuthenticationDomainParameterInfo */
	append_oid(buf, "0.4.0.127.0.7.2.2.3.2");
	td_tlv_append(buf, 0x30, fake_spki_body, 5);
	td_tlv_end(buf, m);
	td_tlv_end(buf, m_set);
	td_tlv_end(buf, m_dg);
	file = g_bytes_new(buf->data, buf->len);

	infos = td_dg14_parse(file, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(infos->chip_auth_infos->len, ==, 1);
	ca = g_ptr_array_index(infos->chip_auth_infos, 0);
	g_assert_cmpstr(ca->protocol, ==, "0.4.0.127.0.7.2.2.3.2.2");
	g_assert_cmpint(ca->version, ==, 1);
	g_assert_cmpint(ca->key_id, ==, 7);
	g_assert_cmpuint(infos->chip_auth_public_keys->len, ==, 1);
	pk = g_ptr_array_index(infos->chip_auth_public_keys, 0);
	g_assert_cmpstr(pk->protocol, ==, "0.4.0.127.0.7.2.2.1.2");
	g_assert_cmpuint(pk->key_agreement, ==, TD_KEY_AGREEMENT_ECDH);
	g_assert_cmpint(pk->key_id, ==, -1);
	g_assert_cmpuint(g_bytes_get_size(pk->subject_public_key_info), ==, 2 + sizeof(fake_spki_body));
	g_assert_cmpuint(infos->active_auth_infos->len, ==, 1);
	aa = g_ptr_array_index(infos->active_auth_infos, 0);
	g_assert_cmpstr(aa->signature_algorithm, ==, "0.4.0.127.0.7.1.1.4.1.3");
	g_assert_true(infos->has_terminal_auth);
	g_assert_cmpuint(infos->other_infos->len, ==, 2);
	other = g_ptr_array_index(infos->other_infos, 1);
	g_assert_cmpstr(other->protocol, ==, "0.4.0.127.0.7.2.2.3.2");
	g_assert_cmpuint(infos->pace_infos->len, ==, 0);
	/* the SET, for OpenPACE: the DG14 minus its 6E header */
	{
		TdTlv outer;
		gsize der_len = 0;
		const guint8 *der = g_bytes_get_data(infos->der, &der_len);
		g_assert_true(td_tlv_parse(buf->data, buf->len, &outer, NULL));
		g_assert_cmpmem(der, der_len, outer.value, outer.length);
	}
}

/* Only a SET that is not there fails the whole parse. */
static void
test_security_infos_malformed(void)
{
	const gchar *cases[] = {
		"31153012060A04007F0007020204020202010202010D",	/* SET longer than the data */
		"31143012060A04007F0007020204020202010202010D00", /* trailing 00 after the SET */
		"300F060A04007F00070202040202020102",		/* SEQUENCE, not SET */
		"",						/* nothing */
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GBytes) file = td_test_hex(cases[i]);
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(file, &len);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdSecurityInfos) infos = td_security_infos_parse(data, len, &error);
		g_assert_null(infos);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	}
}

/* A SET whose one SecurityInfo is broken: the entry is recorded as
 * unreadable, with what its OID says it was. */
static void
test_security_infos_unreadable_entry(void)
{
	const struct {
		const gchar *hex;
		TdSecurityInfoKind kind;
		const gchar *protocol;
	} cases[] = {
		/* PACEInfo: version missing its tag */
		{"31133011060A04007F00070202040202020102020D", TD_SECURITY_INFO_PACE, "0.4.0.127.0.7.2.2.4.2.2"},
		/* PACEInfo: no version */
		{"3110300E060A04007F000702020402020201", TD_SECURITY_INFO_PACE, "0.4.0.127.0.7.2.2.4.2.2"},
		/* version not an INTEGER */
		{"31143012060A04007F0007020204020213010202010D", TD_SECURITY_INFO_PACE, "0.4.0.127.0.7.2.2.4.2.2"},
		/* data after the parameter id */
		{"31173015060A04007F0007020204020202010202010D020101", TD_SECURITY_INFO_PACE, "0.4.0.127.0.7.2.2.4.2.2"},
		{"31053003060180", TD_SECURITY_INFO_UNKNOWN, NULL},	    /* OID arc not minimal */
		{"3108300606048F8F8F8F", TD_SECURITY_INFO_UNKNOWN, NULL},   /* OID truncated */
		{"310730050201010201", TD_SECURITY_INFO_UNKNOWN, NULL},	    /* no OID first */
		{"31050403000000", TD_SECURITY_INFO_UNKNOWN, NULL},	    /* element not a SEQUENCE */
		{"3106300406000201", TD_SECURITY_INFO_UNKNOWN, NULL},	    /* empty OID */
		/* ActiveAuthenticationInfo whose algorithm is an INTEGER */
		{"3110300E0606678108010105020101020105", TD_SECURITY_INFO_ACTIVE_AUTH, "2.23.136.1.1.5"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GBytes) file = td_test_hex(cases[i].hex);
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(file, &len);
		g_autoptr(GError) error = NULL;
		g_autoptr(TdSecurityInfos) infos = td_security_infos_parse(data, len, &error);
		const TdUnreadableSecurityInfo *lost;

		g_test_message("%s", cases[i].hex);
		g_assert_no_error(error);
		g_assert_cmpuint(infos->pace_infos->len + infos->active_auth_infos->len + infos->other_infos->len, ==, 0);
		g_assert_cmpuint(infos->unreadable_infos->len, ==, 1);
		lost = td_security_infos_find_unreadable(infos, cases[i].kind);
		g_assert_nonnull(lost);
		g_assert_cmpuint(lost->index, ==, 0);
		g_assert_cmpstr(lost->protocol, ==, cases[i].protocol);
		g_assert_true(g_str_has_prefix(lost->reason, "SecurityInfo 0"));
	}
}

/* DG14 as an issuer might get it wrong, written by hand: a good
 * ChipAuthenticationInfo, a ChipAuthenticationPublicKeyInfo whose key is
 * wrapped in an OCTET STRING instead of being a SubjectPublicKeyInfo, a
 * good ActiveAuthenticationInfo. The good ones are kept, the broken one is
 * recorded as a chip-authentication key, so that the verdict can say so. */
static void
test_dg14_one_unreadable_among_good(void)
{
	g_autoptr(GBytes) file = td_test_hex("6E34"
						"3132"
						"300F060A04007F00070202030202" "020101"	 /* CA-ECDH-AES-128, v1 */
						"300D060904007F000702020102" "0400"	 /* id-PK-ECDH, 04 00 */
						"3010060667810801010502010106032A0304"); /* AA, 1.2.3.4 */
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) infos = td_dg14_parse(file, &error);
	const TdUnreadableSecurityInfo *lost;
	TdChipAuthInfo *ca;

	g_assert_no_error(error);
	g_assert_cmpuint(infos->chip_auth_infos->len, ==, 1);
	ca = g_ptr_array_index(infos->chip_auth_infos, 0);
	g_assert_cmpuint(ca->key_agreement, ==, TD_KEY_AGREEMENT_ECDH);
	g_assert_cmpuint(ca->cipher, ==, TD_SECURITY_CIPHER_AES_128);
	g_assert_cmpuint(infos->chip_auth_public_keys->len, ==, 0);
	g_assert_cmpuint(infos->active_auth_infos->len, ==, 1);
	g_assert_cmpstr(((TdActiveAuthInfo *)g_ptr_array_index(infos->active_auth_infos, 0))->signature_algorithm, ==,
			"1.2.3.4");
	g_assert_cmpuint(infos->unreadable_infos->len, ==, 1);
	lost = td_security_infos_find_unreadable(infos, TD_SECURITY_INFO_CHIP_AUTH_PUBLIC_KEY);
	g_assert_nonnull(lost);
	g_assert_cmpuint(lost->index, ==, 1);
	g_assert_cmpstr(lost->protocol, ==, "0.4.0.127.0.7.2.2.1.2");
	g_assert_nonnull(strstr(lost->reason, "chip authentication public key"));
	g_assert_null(td_security_infos_find_unreadable(infos, TD_SECURITY_INFO_CHIP_AUTH));

	/* an element whose length runs past the SET: the ones before it are
	 * kept, the walk ends at it */
	{
		g_autoptr(GBytes) cut = td_test_hex("3118"
						       "3012060A04007F0007020204020202010202010D"
						       "3010060A");
		g_autoptr(TdSecurityInfos) partial = td_card_access_parse(cut, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(partial->pace_infos->len, ==, 1);
		g_assert_cmpuint(partial->unreadable_infos->len, ==, 1);
		g_assert_nonnull(td_security_infos_find_unreadable(partial, TD_SECURITY_INFO_UNKNOWN));
		g_assert_cmpuint(((TdUnreadableSecurityInfo *)g_ptr_array_index(partial->unreadable_infos, 0))->index, ==, 1);
	}
}

static void
test_card_access_padding(void)
{
	/* padding after the SET is tolerated in EF.CardAccess only */
	g_autoptr(GBytes) file = td_test_hex("31143012060A04007F0007020204020202010202010D0000");
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSecurityInfos) infos = td_card_access_parse(file, &error);

	g_assert_no_error(error);
	g_assert_cmpuint(g_bytes_get_size(infos->der), ==, 22);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/lds/com", test_com);
	g_test_add_func("/lds/com/malformed", test_com_malformed);
	g_test_add_func("/lds/dg2", test_dg2);
	g_test_add_func("/lds/dg2/malformed", test_dg2_malformed);
	g_test_add_func("/lds/security-infos/card-access", test_card_access);
	g_test_add_func("/lds/security-infos/card-access-padding", test_card_access_padding);
	g_test_add_func("/lds/security-infos/dg14", test_dg14);
	g_test_add_func("/lds/security-infos/malformed", test_security_infos_malformed);
	g_test_add_func("/lds/security-infos/unreadable-entry", test_security_infos_unreadable_entry);
	g_test_add_func("/lds/security-infos/dg14-one-unreadable", test_dg14_one_unreadable_among_good);
	return g_test_run();
}
