/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One libFuzzer entry point per LDS parser, chosen at build time with
 * -DTD_FUZZ_<NAME> (see meson.build): every parser takes a whole file, so
 * the targets differ only in the call. Everything is freed, so LeakSanitizer
 * catches a parser that leaks on some error path. */
#include "config.h"

#include <glib.h>
#include <stdint.h>

#include "td-com.h"
#include "td-dg1.h"
#include "td-dg13.h"
#include "td-dg15.h"
#include "td-dg2.h"
#include "td-security-infos.h"
#include "td-sod.h"
#include "td-tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The promise every parser keeps: something back, or an error saying why,
 * never both and never neither. Declares var. */
#define PARSE(Type, var, parse)                                                                                        \
	g_autoptr(Type) var = parse(file, &error);                                                                     \
	g_assert_true((var == NULL) == (error != NULL))

#ifdef TD_FUZZ_TLV
/* Walks every TLV, descending into constructed ones, and checks that each
 * child lies inside its parent. */
static void
fuzz_tlv_walk(const guint8 *p, gsize len, guint depth)
{
	TdTlvIter iter;
	TdTlv tlv;
	g_autoptr(GError) error = NULL;

	td_tlv_iter_init(&iter, p, len);
	while (td_tlv_iter_next(&iter, &tlv, &error)) {
		g_assert_true(tlv.raw >= p && tlv.raw + tlv.raw_length <= p + len);
		g_assert_true(tlv.value + tlv.length == tlv.raw + tlv.raw_length);
		if (tlv.constructed && depth < 16)
			fuzz_tlv_walk(tlv.value, tlv.length, depth + 1);
	}
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if !defined(TD_FUZZ_TLV)
	/* a copy of exactly size bytes, so ASan sees any over-read */
	g_autoptr(GBytes) file = g_bytes_new(data, size);
	g_autoptr(GError) error = NULL;
#endif

#if defined(TD_FUZZ_TLV)
	{
		g_autoptr(GByteArray) copy = g_byte_array_new();
		TdTlv tlv;
		gsize header_len = 0;
		gsize value_len = 0;

		fuzz_tlv_walk(data, size, 0);
		if (td_tlv_header_size(data, size, &header_len, &value_len))
			g_assert_cmpuint(header_len, <=, size);
		/* whatever parses re-encodes to a TLV that parses to the same */
		if (td_tlv_parse(data, size, &tlv, NULL)) {
			TdTlv again;
			td_tlv_append(copy, tlv.tag, tlv.value, tlv.length);
			g_assert_true(td_tlv_parse_expect(copy->data, copy->len, tlv.tag, &again, NULL));
			g_assert_cmpuint(again.length, ==, tlv.length);
		}
	}
#elif defined(TD_FUZZ_COM)
	PARSE(TdCom, com, td_com_parse);
#elif defined(TD_FUZZ_DG1)
	PARSE(TdDg1, dg1, td_dg1_parse);
#elif defined(TD_FUZZ_DG13)
	PARSE(TdDg13, dg13, td_dg13_parse);
	if (dg13 != NULL) {
		/* what a parsed DG13 promises: the ID number a card cannot do
		 * without, a name that is text or else a warning saying why
		 * there is none, valid dates, and warnings that are text */
		g_assert_nonnull(dg13->id_number);
		if (dg13->full_name != NULL) {
			g_assert_true(g_utf8_validate(dg13->full_name, -1, NULL));
		} else {
			gboolean said = FALSE;
			for (guint i = 0; i < dg13->warnings->len; i++)
				said |= g_str_has_prefix(g_ptr_array_index(dg13->warnings, i), "entry 2 (full name): ");
			g_assert_true(said);
		}
		g_assert_true(dg13->date_of_birth == NULL || td_date_is_valid(dg13->date_of_birth));
		g_assert_true(dg13->issue_date == NULL || td_date_is_valid(dg13->issue_date));
		g_assert_true(dg13->expiry_date == NULL || td_date_is_valid(dg13->expiry_date));
		g_assert_false(dg13->no_expiry && dg13->expiry_date != NULL);
		for (guint i = 0; i < dg13->warnings->len; i++)
			g_assert_true(g_utf8_validate(g_ptr_array_index(dg13->warnings, i), -1, NULL));
	}
#elif defined(TD_FUZZ_DG2)
	PARSE(TdDg2, dg2, td_dg2_parse);
	for (guint i = 0; dg2 != NULL && i < dg2->faces->len; i++) {
		TdFaceImage *face = g_ptr_array_index(dg2->faces, i);
		g_assert_cmpuint(g_bytes_get_size(face->image), <=, size);
	}
#elif defined(TD_FUZZ_SECURITY_INFOS)
	g_autoptr(TdSecurityInfos) card_access = td_card_access_parse(file, NULL);
	PARSE(TdSecurityInfos, dg14, td_dg14_parse);
	if (card_access != NULL)
		g_assert_cmpuint(g_bytes_get_size(card_access->der), <=, size);
	/* every unreadable SecurityInfo says which it was and why, in order */
	for (guint i = 0; dg14 != NULL && i < dg14->unreadable_infos->len; i++) {
		const TdUnreadableSecurityInfo *lost = g_ptr_array_index(dg14->unreadable_infos, i);
		g_assert_true(g_utf8_validate(lost->reason, -1, NULL));
		g_assert_true((lost->protocol == NULL) == (lost->kind == TD_SECURITY_INFO_UNKNOWN));
		g_assert_true(td_security_infos_find_unreadable(dg14, lost->kind) != NULL);
		if (i > 0)
			g_assert_cmpuint(lost->index, >, ((TdUnreadableSecurityInfo *)g_ptr_array_index(dg14->unreadable_infos, i - 1))->index);
	}
#elif defined(TD_FUZZ_DG15)
	PARSE(TdDg15, dg15, td_dg15_parse);
#elif defined(TD_FUZZ_SOD)
	PARSE(TdSod, sod, td_sod_parse);
	if (sod != NULL) {
		g_autoptr(GArray) numbers = td_sod_get_dg_numbers(sod);
		for (guint i = 0; i < numbers->len; i++) {
			g_autoptr(GBytes) hash = td_sod_get_dg_hash(sod, g_array_index(numbers, guint, i));
			g_assert_nonnull(hash);
		}
	}
#else
#error "define one TD_FUZZ_<NAME>"
#endif
	return 0;
}
