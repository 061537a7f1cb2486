/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ATR's card-capabilities check that decides extended length when the
 * reader does not report SCARD_ATTR_MAXINPUT (vpcd, many CCID readers). */
#include "config.h"

#include "td-pcsc-atr.h"

typedef struct {
	const gchar *name;
	guint8 atr[16];
	gsize len;
	gboolean extended;
} AtrCase;

static const AtrCase atr_cases[] = {
	/* T=1, category 80, 73 00 00 40: extended Lc/Le */
	{"t1-extended", {0x3B, 0x85, 0x81, 0x01, 0x80, 0x73, 0x00, 0x00, 0x40, 0xB6}, 10, TRUE},
	/* the same with b7 clear */
	{"t1-short", {0x3B, 0x85, 0x81, 0x01, 0x80, 0x73, 0x00, 0x00, 0x80, 0x76}, 10, FALSE},
	/* category 00: the last three historical bytes are status, not TLV */
	{"category-00", {0x3B, 0x88, 0x80, 0x01, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x90, 0x00, 0x00}, 13, TRUE},
	/* a proprietary category byte says nothing */
	{"category-proprietary", {0x3B, 0x85, 0x81, 0x01, 0x31, 0x73, 0x00, 0x00, 0x40, 0xB6}, 10, FALSE},
	/* TA1 TB1 TC1 before TD1 are skipped right */
	{"interface-bytes", {0x3B, 0xF5, 0x11, 0x00, 0xFF, 0x81, 0x01, 0x80, 0x73, 0x00, 0x00, 0x40, 0x00}, 13, TRUE},
	/* card capabilities with fewer than 3 bytes carry no b7 */
	{"short-capabilities", {0x3B, 0x83, 0x81, 0x01, 0x80, 0x71, 0x40}, 7, FALSE},
	/* truncated: historical bytes announced but missing */
	{"truncated-historical", {0x3B, 0x8F, 0x81, 0x01, 0x80, 0x73, 0x00}, 7, FALSE},
	/* truncated: TD1 announced but missing */
	{"truncated-td", {0x3B, 0x80}, 2, FALSE},
	/* TLV length running past the end */
	{"tlv-overrun", {0x3B, 0x83, 0x81, 0x01, 0x80, 0x7F, 0x40}, 7, FALSE},
	{"empty", {0}, 0, FALSE},
};

static void
test_atr_case(gconstpointer data)
{
	const AtrCase *atr_case = data;
	/* an exact-size copy, so ASan sees any read past the end */
	g_autofree guint8 *atr = g_memdup2(atr_case->atr, atr_case->len);

	g_assert_cmpint(td_pcsc_atr_announces_extended_length(atr, atr_case->len), ==, atr_case->extended);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(atr_cases); i++) {
		g_autofree gchar *path = g_strdup_printf("/pcsc/atr/%s", atr_cases[i].name);
		g_test_add_data_func(path, &atr_cases[i], test_atr_case);
	}
	return g_test_run();
}
