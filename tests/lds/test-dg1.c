/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-dg1.h"
#include "td-reader-error.h"
#include "td-test-hex.h"
#include "td-test-lds.h"
#include "td-tlv.h"

/* A TD1 MRZ with correct check digits (invented person). */
#define MRZ_TD1 "IDVNM09901234590010990123450<<" "9008157M3008155VNM<<<<<<<<<<<0" "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"

static GBytes *
build_dg1(const gchar *mrz)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	gsize mark = td_tlv_begin(buf, 0x61);
	td_tlv_append(buf, 0x5F1F, (const guint8 *)mrz, strlen(mrz));
	td_tlv_end(buf, mark);
	return g_bytes_new(buf->data, buf->len);
}

static void
test_dg1(void)
{
	g_autoptr(GBytes) file = build_dg1(MRZ_TD1);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg1) dg1 = td_dg1_parse(file, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(dg1->mrz->document_number, ==, "099012345");
	g_assert_cmpstr(dg1->mrz->birth_yymmdd, ==, "900815");
	g_assert_cmpstr(dg1->mrz->expiry_yymmdd, ==, "300815");
	g_assert_cmpstr(td_mrz_get_id_number(dg1->mrz), ==, "001099012345");
}

static void
test_dg1_malformed(void)
{
	g_autofree gchar *bad_check = g_strdup(MRZ_TD1);
	GBytes *files[4] = {NULL};

	bad_check[36] = '8'; /* birth date check digit */
	files[0] = build_dg1(bad_check);
	files[1] = build_dg1("IDVNM0990123459");
	files[2] = td_test_hex("61035F1F00");
	{
		g_autofree gchar *with_nul = g_strdup(MRZ_TD1);
		g_autoptr(GByteArray) buf = g_byte_array_new();
		gsize mark = td_tlv_begin(buf, 0x61);
		with_nul[10] = '\0';
		td_tlv_append(buf, 0x5F1F, (const guint8 *)with_nul, 90);
		td_tlv_end(buf, mark);
		files[3] = g_bytes_new(buf->data, buf->len);
	}
	for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
		td_test_assert_malformed(TdDg1, td_dg1_parse, files[i]);
		g_bytes_unref(files[i]);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/lds/dg1", test_dg1);
	g_test_add_func("/lds/dg1/malformed", test_dg1_malformed);
	return g_test_run();
}
