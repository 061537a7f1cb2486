/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The structure dump (`tiepdon read --structure`): made from bytes written
 * here by hand, it shows tags, lengths, string types and entry numbers and
 * nothing else; made from a virtual card and loaded back into the virtual
 * chip as a variant, the new card reads the same way, DG13 byte for byte. */
#include <string.h>

#include "td-card-structure.h"
#include "td-chip-document.h"
#include "td-chip-reader.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-test-files.h"
#include "td-test-quirked-chip.h"
#include "td-vchip.h"

/* DG13 as real cards carry it (DOMAIN.md §2), two entries, typed in by
 * hand: 6D { SEQ { INT 1, OID 1.0.10646.1.0.8, SET { SEQ { INT 1,
 * PrintableString "079203012345" }, SEQ { INT 2, UTF8String "Lê Ba" } } } } */
static const guint8 dg13_set_layout[] = {
	0x6D, 0x2E,
	0x30, 0x2C,
	0x02, 0x01, 0x01,
	0x06, 0x06, 0x28, 0xD3, 0x16, 0x01, 0x00, 0x08,
	0x31, 0x1F,
	0x30, 0x11, 0x02, 0x01, 0x01, 0x13, 0x0C, '0', '7', '9', '2', '0', '3', '0', '1', '2', '3', '4', '5',
	0x30, 0x0A, 0x02, 0x01, 0x02, 0x0C, 0x05, 'L', 0xC3, 0xAA, ' ', 'B', /* "Lê B" */
};

static void
test_tree_from_hand_written_bytes(void)
{
	g_autoptr(TdStructureNode) tree = td_structure_node_new_from_bytes(dg13_set_layout, sizeof dg13_set_layout);
	TdStructureNode *seq, *set, *entry1, *entry2;

	g_assert_cmphex(tree->tag, ==, 0x6D);
	g_assert_cmpuint(tree->length, ==, 0x2E);
	g_assert_cmpuint(tree->children->len, ==, 1);
	seq = g_ptr_array_index(tree->children, 0);
	g_assert_cmpuint(seq->children->len, ==, 3);
	g_assert_true(((TdStructureNode *)g_ptr_array_index(seq->children, 0))->has_integer);
	g_assert_cmpstr(((TdStructureNode *)g_ptr_array_index(seq->children, 1))->oid, ==, "1.0.10646.1.0.8");
	set = g_ptr_array_index(seq->children, 2);
	g_assert_cmphex(set->tag, ==, 0x31);
	entry1 = g_ptr_array_index(set->children, 0);
	entry2 = g_ptr_array_index(set->children, 1);
	g_assert_cmpint(((TdStructureNode *)g_ptr_array_index(entry1->children, 0))->integer, ==, 1);
	g_assert_cmphex(((TdStructureNode *)g_ptr_array_index(entry1->children, 1))->tag, ==, 0x13);
	g_assert_cmpuint(((TdStructureNode *)g_ptr_array_index(entry1->children, 1))->length, ==, 12);
	g_assert_cmpint(((TdStructureNode *)g_ptr_array_index(entry2->children, 0))->integer, ==, 2);
	g_assert_cmphex(((TdStructureNode *)g_ptr_array_index(entry2->children, 1))->tag, ==, 0x0C);
	g_assert_cmpuint(set->unparsed, ==, 0);
}

static void
test_tree_of_garbage(void)
{
	const guint8 cut[] = {0x6D, 0x20, 0x30, 0x1E, 0x02, 0x01}; /* lengths past the end */
	const guint8 trailing[] = {0x6D, 0x05, 0x02, 0x01, 0x01, 0xFF, 0xFF};
	g_autoptr(TdStructureNode) a = td_structure_node_new_from_bytes(cut, sizeof cut);
	g_autoptr(TdStructureNode) b = td_structure_node_new_from_bytes(trailing, sizeof trailing);

	g_assert_cmpuint(a->unparsed, ==, sizeof cut);
	g_assert_cmpuint(b->children->len, ==, 1);
	g_assert_cmpuint(b->unparsed, ==, 2);
}

static void
test_loader_refuses(void)
{
	const gchar *bad[] = {
		"",
		"[]",
		"{\"format\":\"something-else\",\"version\":1}",
		"{\"format\":\"tiepdon-card-structure\",\"version\":99,\"chip\":{\"max_le\":223,\"sfi\":\"supported\"},\"files\":[]}",
		"{\"format\":\"tiepdon-card-structure\",\"version\":1,\"chip\":{\"max_le\":0,\"sfi\":\"supported\"},\"files\":[]}",
		"{\"format\":\"tiepdon-card-structure\",\"version\":1,\"chip\":{\"max_le\":223,\"sfi\":\"maybe\"},\"files\":[]}",
		"{\"format\":\"tiepdon-card-structure\",\"version\":1,\"chip\":{\"max_le\":223,\"sfi\":\"supported\"},"
		"\"files\":[{\"fid\":\"010D\",\"status\":\"9000\",\"size\":3,\"tree\":{\"tag\":\"0C\",\"length\":1,\"children\":[]}}]}",
		"{\"format\":\"tiepdon-card-structure\",\"version\":1,\"chip\":{\"max_le\":223,\"sfi\":\"supported\"},"
		"\"files\":[{\"fid\":\"010D\",\"status\":\"9000\",\"size\":3,\"status_words\":[\"90000\"]}]}",
		"{\"format\":\"tiepdon-card-structure\",\"version\":1,\"access\":{\"method\":\"EAC\"},\"chip\":{\"max_le\":223,\"sfi\":\"supported\"},\"files\":[]}",
	};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(TdCardStructure) structure = td_card_structure_new_from_json(bad[i], -1, &error);
		g_test_message("%s", bad[i]);
		g_assert_null(structure);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
	}
}

/* example.ini with some [variant] keys changed, or (from_structure) with
 * every behaviour key removed and the dump in their place. */
static TdVchip *
make_chip(const gchar *const *changes, const gchar *from_structure)
{
	g_autoptr(GKeyFile) kf = td_test_profile_with_changes("example.ini", changes);

	if (from_structure != NULL) {
		g_key_file_remove_group(kf, "variant", NULL);
		g_key_file_remove_key(kf, "security", "pace", NULL);
		g_key_file_remove_key(kf, "security", "chip-auth", NULL);
		g_key_file_remove_key(kf, "security", "active-auth", NULL);
		g_key_file_set_string(kf, "variant", "from-structure", from_structure);
	}
	return td_test_chip_from_keyfile(kf);
}

static TdChipReader *
open_reader(TdVchip *chip)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = td_access_key_list_new_from_qr(TD_TEST_AN_QR, NULL, &error);

	g_assert_no_error(error);
	return td_test_open_reader(chip, keys);
}

/* The virtual card [variant] from-structure= makes of a dump's JSON, as
 * a field card's would be loaded (the file read as the card is made). */
static TdVchip *
make_chip_from_dump(const gchar *json)
{
	g_autofree gchar *path = td_test_temp_file("field-card.json", json, strlen(json));
	g_autofree gchar *dir = g_path_get_dirname(path);
	TdVchip *chip = make_chip(NULL, path);

	td_test_remove_tree(dir);
	return chip;
}

static void
test_round_trip(gconstpointer data)
{
	const gchar *const *changes = data;
	g_autoptr(TdVchip) field_card = make_chip(changes, NULL);
	g_autoptr(TdChipReader) field_reader = open_reader(field_card);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCardStructure) dump = td_card_structure_capture(field_reader, NULL, NULL, &error);
	g_autofree gchar *json = NULL;
	g_autoptr(TdVchip) test_card = NULL;
	g_autoptr(TdChipReader) test_reader = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	g_autoptr(GBytes) field_dg13 = td_vchip_get_file(field_card, TD_FILE_DG13);
	g_autoptr(GBytes) test_dg13 = NULL;
	const gchar *personal[] = {"001058012345", "058012345", "Nguy", "1958", "15/03", "Kim M", "011234567", "An", "Dung"};

	g_assert_no_error(error);
	json = td_card_structure_to_json(dump);
	g_test_message("%s", json);
	for (guint i = 0; i < G_N_ELEMENTS(personal); i++)
		g_assert_null(strstr(json, personal[i]));

	test_card = make_chip_from_dump(json);
	test_dg13 = td_vchip_get_file(test_card, TD_FILE_DG13);
	/* the same citizen in the field card's layout is the same bytes */
	g_assert_true(g_bytes_equal(field_dg13, test_dg13));

	test_reader = open_reader(test_card);
	doc = td_chip_document_read(test_reader, TD_CHIP_READ_CHECKIN, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(doc->dg13->id_number, ==, "001058012345");
	g_assert_cmpstr(doc->dg13->full_name, ==, "Nguyễn Văn An");
	g_assert_cmpstr(doc->dg13->father_name, ==, "Nguyễn Văn Bình");
	g_assert_cmpstr(doc->dg13->mother_name, ==, "Đỗ Thị Cúc");
	g_assert_cmpstr(td_chip_reader_get_access_method(test_reader), ==, td_chip_reader_get_access_method(field_reader));
	g_assert_cmpint(td_chip_reader_get_sfi_refused(test_reader), ==, td_chip_reader_get_sfi_refused(field_reader));
	g_assert_cmpuint(td_chip_reader_get_max_le(test_reader), ==, td_chip_reader_get_max_le(field_reader));
	g_assert_cmpuint(td_chip_reader_get_reopens(test_reader) > 0, ==, td_chip_reader_get_reopens(field_reader) > 0);
	g_assert_cmpint(doc->dg15 != NULL, ==, td_card_structure_get_file(dump, TD_FILE_DG15)->tree != NULL);
}

static gboolean
bytes_contain(GBytes *bytes, const guint8 *needle, gsize needle_len)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);

	for (gsize i = 0; i + needle_len <= len; i++) {
		if (memcmp(data + i, needle, needle_len) == 0)
			return TRUE;
	}
	return FALSE;
}

/* A field card whose ID number is a NumericString (td-dg13.c takes it):
 * its dump, loaded into the virtual chip, makes a card that reads, the
 * ID written back as a NumericString, not as zeros. */
static void
test_numeric_string_id(void)
{
	g_autoptr(TdVchip) field_card = make_chip(NULL, NULL);
	g_autoptr(TdChipReader) field_reader = open_reader(field_card);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdCardStructure) dump = td_card_structure_capture(field_reader, NULL, NULL, &error);
	g_autoptr(GRegex) id_string = g_regex_new("\"tag\"\\s*:\\s*\"13\",\\s*\"length\"\\s*:\\s*12,\\s*"
						  "\"type\"\\s*:\\s*\"PrintableString\"",
						  0, 0, NULL);
	g_autofree gchar *json = NULL;
	g_autofree gchar *numeric = NULL;
	g_autoptr(TdVchip) test_card = NULL;
	g_autoptr(TdChipReader) test_reader = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	g_autoptr(GBytes) test_dg13 = NULL;
	const guint8 numeric_id[] = {0x02, 0x01, 0x01, 0x12, 0x0C, '0', '0', '1', '0', '5', '8'};

	g_assert_no_error(error);
	json = td_card_structure_to_json(dump);
	/* the one PrintableString of 12 characters is the ID */
	g_assert_true(g_regex_match(id_string, json, 0, NULL));
	numeric = g_regex_replace_literal(id_string, json, -1, 0,
					  "\"tag\":\"12\",\"length\":12,\"type\":\"NumericString\"", 0, &error);
	g_assert_no_error(error);
	test_card = make_chip_from_dump(numeric);
	test_dg13 = td_vchip_get_file(test_card, TD_FILE_DG13);
	g_assert_true(bytes_contain(test_dg13, numeric_id, sizeof numeric_id));
	test_reader = open_reader(test_card);
	doc = td_chip_document_read(test_reader, TD_CHIP_READ_CHECKIN, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(doc->dg13->id_number, ==, "001058012345");
	g_assert_cmpuint(doc->dg13->warnings->len, ==, 0);
}

int
main(int argc, char **argv)
{
	static const gchar *const plain[] = {NULL};
	static const gchar *const awkward[] = {"max-le-sm", "160", "sm-wrong-length", "bare-not-counted", "sfi-read", "6A86",
					       "dg13-parent-nesting", "two-sequences", NULL};
	static const gchar *const old_chip[] = {"security/pace", "false", "security/chip-auth", "false", "eof-warning", "true",
						"max-le", "128", NULL};

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/card-structure/tree-from-hand-written-bytes", test_tree_from_hand_written_bytes);
	g_test_add_func("/card-structure/tree-of-garbage", test_tree_of_garbage);
	g_test_add_func("/card-structure/loader-refuses", test_loader_refuses);
	g_test_add_data_func("/card-structure/round-trip/plain", plain, test_round_trip);
	g_test_add_data_func("/card-structure/round-trip/awkward-chip", awkward, test_round_trip);
	g_test_add_data_func("/card-structure/round-trip/old-chip", old_chip, test_round_trip);
	g_test_add_func("/card-structure/numeric-string-id", test_numeric_string_id);
	return g_test_run();
}
