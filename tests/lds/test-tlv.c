/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-reader-error.h"
#include "td-tlv.h"

static void
test_tlv_parse_short_and_long(void)
{
	static const guint8 short_form[] = {0x5F, 0x1F, 0x02, 'A', 'B'};
	static const guint8 two_bytes[] = {0x04, 0x81, 0x80};
	g_autoptr(GError) error = NULL;
	g_autofree guint8 *long_form = g_malloc0(3 + 0x80);
	TdTlv tlv;

	g_assert_true(td_tlv_parse(short_form, sizeof(short_form), &tlv, &error));
	g_assert_no_error(error);
	g_assert_cmphex(tlv.tag, ==, 0x5F1F);
	g_assert_false(tlv.constructed);
	g_assert_cmpuint(tlv.length, ==, 2);
	g_assert_true(tlv.value == short_form + 3);
	g_assert_cmpuint(tlv.raw_length, ==, 5);

	/* the header alone: more data needed */
	g_assert_false(td_tlv_parse(two_bytes, sizeof(two_bytes), &tlv, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	g_clear_error(&error);

	memcpy(long_form, two_bytes, sizeof(two_bytes));
	g_assert_true(td_tlv_parse(long_form, 3 + 0x80, &tlv, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(tlv.length, ==, 0x80);
	g_assert_true(tlv.value == long_form + 3);
}

static void
test_tlv_parse_tags(void)
{
	static const guint8 three[] = {0x5F, 0x81, 0x01, 0x00};
	static const guint8 four[] = {0x5F, 0x81, 0x81, 0x01, 0x00};
	static const guint8 cons[] = {0x7F, 0x61, 0x03, 0x02, 0x01, 0x01};
	g_autoptr(GError) error = NULL;
	TdTlv tlv;

	g_assert_true(td_tlv_parse(three, sizeof(three), &tlv, &error));
	g_assert_cmphex(tlv.tag, ==, 0x5F8101);
	g_assert_cmpuint(tlv.length, ==, 0);

	g_assert_false(td_tlv_parse(four, sizeof(four), &tlv, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	g_clear_error(&error);

	g_assert_true(td_tlv_parse(cons, sizeof(cons), &tlv, &error));
	g_assert_cmphex(tlv.tag, ==, 0x7F61);
	g_assert_true(tlv.constructed);

	/* a multi-byte tag cut after its first byte */
	g_assert_false(td_tlv_parse(cons, 1, &tlv, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
}

static void
test_tlv_parse_rejects(void)
{
	static const guint8 indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00};
	static const guint8 five_byte_length[] = {0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0xAA};
	static const guint8 huge[] = {0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0xAA};
	static const guint8 overlong[] = {0x04, 0x05, 0xAA, 0xBB};
	static const guint8 truncated_length[] = {0x04, 0x82, 0x01};
	const guint8 *cases[] = {indefinite, five_byte_length, huge, overlong, truncated_length};
	gsize sizes[] = {sizeof(indefinite), sizeof(five_byte_length), sizeof(huge), sizeof(overlong), sizeof(truncated_length)};

	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		TdTlv tlv;
		g_assert_false(td_tlv_parse(cases[i], sizes[i], &tlv, &error));
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	}
}

static void
test_tlv_parse_expect(void)
{
	static const guint8 data[] = {0x61, 0x02, 0x5F, 0x1F, 0x00};
	g_autoptr(GError) error = NULL;
	TdTlv tlv;

	g_assert_false(td_tlv_parse_expect(data, sizeof(data), 0x61, &tlv, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	g_clear_error(&error);
	g_assert_true(td_tlv_parse_expect(data, 4, 0x61, &tlv, &error));
	g_assert_no_error(error);
	g_assert_false(td_tlv_parse_expect(data, 4, 0x62, &tlv, &error));
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
}

static void
test_tlv_iter_and_find(void)
{
	static const guint8 data[] = {0x5F, 0x01, 0x01, 'a', 0x5C, 0x02, 0x61, 0x75, 0x5F, 0x36, 0x09, 0x00};
	g_autoptr(GError) error = NULL;
	TdTlvIter iter;
	TdTlv tlv;
	guint count = 0;

	td_tlv_iter_init(&iter, data, sizeof(data));
	while (td_tlv_iter_next(&iter, &tlv, &error))
		count++;
	/* two good children, then a length running past the end */
	g_assert_cmpuint(count, ==, 2);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED);
	g_clear_error(&error);
	/* the iterator stays finished */
	g_assert_false(td_tlv_iter_next(&iter, &tlv, &error));
	g_assert_no_error(error);

	td_tlv_iter_init(&iter, data, 8);
	count = 0;
	while (td_tlv_iter_next(&iter, &tlv, &error))
		count++;
	g_assert_cmpuint(count, ==, 2);
	g_assert_no_error(error);

	g_assert_true(td_tlv_find(data, sizeof(data), 0x5C, &tlv));
	g_assert_cmpuint(tlv.length, ==, 2);
	g_assert_cmphex(tlv.value[1], ==, 0x75);
	g_assert_false(td_tlv_find(data, sizeof(data), 0x5F36, &tlv));
	g_assert_false(td_tlv_find(data, 8, 0x5F36, &tlv));
}

static void
test_tlv_header_size(void)
{
	static const guint8 sod[] = {0x77, 0x82, 0x07, 0x5A, 0x30};
	static const guint8 three_tag[] = {0x7F, 0x61, 0x83, 0x01, 0x00, 0x00};
	gsize header_len = 0;
	gsize value_len = 0;

	g_assert_true(td_tlv_header_size(sod, sizeof(sod), &header_len, &value_len));
	g_assert_cmpuint(header_len, ==, 4);
	g_assert_cmpuint(value_len, ==, 0x075A);
	g_assert_false(td_tlv_header_size(sod, 3, &header_len, &value_len));
	g_assert_true(td_tlv_header_size(three_tag, sizeof(three_tag), &header_len, &value_len));
	g_assert_cmpuint(header_len, ==, 6);
	g_assert_cmpuint(value_len, ==, 0x010000);
}

static void
test_tlv_encode(void)
{
	g_autoptr(GByteArray) buf = g_byte_array_new();
	static const gsize lengths[] = {0, 1, 127, 128, 255, 256, 65535, 65536};
	static const guint8 expected_header[] = {0x7F, 0x61, 0x81, 0x80};

	for (gsize i = 0; i < G_N_ELEMENTS(lengths); i++) {
		g_autofree guint8 *value = g_malloc0(lengths[i] + 1);
		g_autoptr(GError) error = NULL;
		TdTlv tlv;
		g_byte_array_set_size(buf, 0);
		td_tlv_append(buf, 0x5F1F, value, lengths[i]);
		g_assert_true(td_tlv_parse_expect(buf->data, buf->len, 0x5F1F, &tlv, &error));
		g_assert_no_error(error);
		g_assert_cmpuint(tlv.length, ==, lengths[i]);
	}

	/* nested begin/end: the inner length goes in before the outer */
	g_byte_array_set_size(buf, 0);
	{
		gsize outer = td_tlv_begin(buf, 0x7F61);
		gsize inner = td_tlv_begin(buf, 0x5F2E);
		guint8 filler[125] = {0};
		TdTlv tlv;
		TdTlv child;
		g_byte_array_append(buf, filler, sizeof(filler));
		td_tlv_end(buf, inner);
		td_tlv_end(buf, outer);
		g_assert_cmpmem(buf->data, 4, expected_header, sizeof(expected_header));
		g_assert_true(td_tlv_parse_expect(buf->data, buf->len, 0x7F61, &tlv, NULL));
		g_assert_true(td_tlv_parse_expect(tlv.value, tlv.length, 0x5F2E, &child, NULL));
		g_assert_cmpuint(child.length, ==, 125);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tlv/parse/short-and-long", test_tlv_parse_short_and_long);
	g_test_add_func("/tlv/parse/tags", test_tlv_parse_tags);
	g_test_add_func("/tlv/parse/rejects", test_tlv_parse_rejects);
	g_test_add_func("/tlv/parse/expect", test_tlv_parse_expect);
	g_test_add_func("/tlv/iter-and-find", test_tlv_iter_and_find);
	g_test_add_func("/tlv/header-size", test_tlv_header_size);
	g_test_add_func("/tlv/encode", test_tlv_encode);
	return g_test_run();
}
