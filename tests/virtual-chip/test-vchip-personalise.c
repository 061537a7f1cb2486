/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Personalisation: the shipped profiles load, and every file the virtual
 * chip makes parses back with the reader's own parsers to what the profile
 * says. */
#include "config.h"

#include <glib/gstdio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <string.h>

#include "td-com.h"
#include "td-dg1.h"
#include "td-dg13.h"
#include "td-dg15.h"
#include "td-dg2.h"
#include "td-lds-files.h"
#include "td-mrz.h"
#include "td-reader-error.h"
#include "td-security-infos.h"
#include "td-sod.h"
#include "td-tlv.h"
#include "td-vchip-lds.h"
#include "td-vchip-personalise.h"
#include "td-vchip.h"

static TdVchip *
load_profile(const gchar *name)
{
	g_autofree gchar *path = g_build_filename(TD_VCHIP_PROFILES_DIR, name, NULL);
	g_autoptr(GError) error = NULL;
	TdVchip *chip = td_vchip_new_from_profile(path, &error);
	g_assert_no_error(error);
	g_assert_nonnull(chip);
	return chip;
}

/* A file of a shipped profile's chip. */
static GBytes *
profile_file(const gchar *profile, guint16 fid)
{
	g_autoptr(TdVchip) chip = load_profile(profile);
	return td_vchip_get_file(chip, fid);
}

/* A shipped profile's key file, for a test to change before a chip is made
 * from it. */
static GKeyFile *
profile_keyfile(const gchar *profile)
{
	g_autofree gchar *path = g_build_filename(TD_VCHIP_PROFILES_DIR, profile, NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL));
	return g_steal_pointer(&kf);
}

/* parse_<name>(file): the reader's own parser, which must take the file the
 * chip made. */
#define DEFINE_PARSE_OK(name, Type)                                                                                    \
	static Type *parse_##name(GBytes *file)                                                                        \
	{                                                                                                              \
		g_autoptr(GError) error = NULL;                                                                        \
		Type *parsed = td_##name##_parse(file, &error);                                                        \
		g_assert_no_error(error);                                                                              \
		g_assert_nonnull(parsed);                                                                              \
		return parsed;                                                                                         \
	}
DEFINE_PARSE_OK(com, TdCom)
DEFINE_PARSE_OK(dg1, TdDg1)
DEFINE_PARSE_OK(dg2, TdDg2)
DEFINE_PARSE_OK(dg13, TdDg13)
DEFINE_PARSE_OK(dg14, TdSecurityInfos)
DEFINE_PARSE_OK(dg15, TdDg15)
DEFINE_PARSE_OK(sod, TdSod)

/* The digest named digest_name (as EF.SOD names it) of a file. */
static GBytes *
file_digest(GBytes *file, const gchar *digest_name)
{
	guint8 md[EVP_MAX_MD_SIZE];
	guint md_len = 0;
	g_assert_true(EVP_Digest(g_bytes_get_data(file, NULL), g_bytes_get_size(file), md, &md_len,
				 EVP_get_digestbyname(digest_name), NULL));
	return g_bytes_new(md, md_len);
}

static void
test_shipped_profiles_load(void)
{
	const gchar *names[] = {"example.ini", "tran-thi-bich-ngoc.ini", "le-minh-khoa.ini",
				"pham-thi-thu-ha.ini", "vo-duc-thang.ini"};
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autoptr(TdVchip) chip = load_profile(names[i]);
		g_autoptr(GBytes) sod = td_vchip_get_file(chip, TD_FILE_SOD);
		g_assert_nonnull(sod);
	}
}

static void
test_transliterate(void)
{
	struct {
		const gchar *in, *out;
	} cases[] = {
		{"Nguyễn Văn An", "NGUYEN VAN AN"},
		{"Đặng Quốc Tuấn", "DANG QUOC TUAN"},
		{"Trần Thị Bích Ngọc", "TRAN THI BICH NGOC"},
		{"Phạm Thị Thu Hà", "PHAM THI THU HA"},
		{"Trương Ánh Ơn", "TRUONG ANH ON"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *out = td_vchip_transliterate(cases[i].in);
		g_assert_cmpstr(out, ==, cases[i].out);
	}
}

static void
test_com(void)
{
	g_autoptr(GBytes) file = profile_file("example.ini", TD_FILE_COM);
	g_autoptr(TdCom) com = parse_com(file);
	const guint expected[] = {1, 2, 3, 13, 14, 15};
	g_assert_cmpstr(com->lds_version, ==, "0107");
	g_assert_cmpstr(com->unicode_version, ==, "040000");
	g_assert_cmpuint(com->dg_numbers->len, ==, G_N_ELEMENTS(expected));
	for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
		g_assert_cmpuint(g_array_index(com->dg_numbers, guint, i), ==, expected[i]);
}

/* DG1 as the profile says it, check digits verified by the parser. */
typedef struct {
	const gchar *profile;
	const gchar *document_number, *id_number, *birth, *expiry;
	gchar sex;
	const gchar *primary, *secondary, *name_line;
} Dg1Case;

static const Dg1Case dg1_example = {
	"example.ini", "058012345", "001058012345", "580315", "991231", 'M',
	"NGUYEN", "VAN AN", "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<",
};
/* a woman, with an expiry date */
static const Dg1Case dg1_female = {
	"tran-thi-bich-ngoc.ini", "190004321", "079190004321", "900905", "300905", 'F',
	"TRAN", "THI BICH NGOC", "TRAN<<THI<BICH<NGOC<<<<<<<<<<<",
};

/* the year alone: the month and day filler in the MRZ (ICAO 9303-3),
 * "40<<<<" and its check digit (a '<' counts 0) */
static const Dg1Case dg1_year_only = {
	"nguyen-thi-lanh.ini", "140000038", "001140000038", "40<<<<", "991231", 'F',
	"NGUYEN", "THI LANH", "NGUYEN<<THI<LANH<<<<<<<<<<<<<<",
};

static void
test_dg1(gconstpointer data)
{
	const Dg1Case *c = data;
	g_autoptr(GBytes) file = profile_file(c->profile, TD_FILE_DG1);
	g_autoptr(TdDg1) dg1 = parse_dg1(file);
	g_assert_cmpstr(dg1->mrz->document_code, ==, "ID");
	g_assert_cmpstr(dg1->mrz->issuing_state, ==, "VNM");
	g_assert_cmpstr(dg1->mrz->document_number, ==, c->document_number);
	g_assert_cmpstr(td_mrz_get_id_number(dg1->mrz), ==, c->id_number);
	g_assert_cmpstr(dg1->mrz->birth_yymmdd, ==, c->birth);
	g_assert_cmpint(dg1->mrz->sex, ==, c->sex);
	g_assert_cmpstr(dg1->mrz->expiry_yymmdd, ==, c->expiry);
	g_assert_cmpstr(dg1->mrz->nationality, ==, "VNM");
	g_assert_cmpstr(dg1->mrz->primary_identifier, ==, c->primary);
	g_assert_cmpstr(dg1->mrz->secondary_identifier, ==, c->secondary);
	g_assert_cmpstr(dg1->mrz->raw + 60, ==, c->name_line);
}

static void
check_dg13(const gchar *profile, const gchar *father, const gchar *mother, const gchar *spouse)
{
	g_autoptr(GBytes) file = profile_file(profile, TD_FILE_DG13);
	g_autoptr(TdDg13) dg13 = parse_dg13(file);
	g_assert_cmpstr(dg13->father_name, ==, father);
	g_assert_cmpstr(dg13->mother_name, ==, mother);
	g_assert_cmpstr(dg13->spouse_name, ==, spouse);
}

static void
test_dg13_fields(void)
{
	g_autoptr(GBytes) file = profile_file("example.ini", TD_FILE_DG13);
	g_autoptr(TdDg13) dg13 = parse_dg13(file);
	g_assert_cmpstr(dg13->id_number, ==, "001058012345");
	g_assert_cmpstr(dg13->full_name, ==, "Nguyễn Văn An");
	g_assert_cmpuint(dg13->date_of_birth->year, ==, 1958);
	g_assert_cmpuint(dg13->date_of_birth->month, ==, 3);
	g_assert_cmpuint(dg13->date_of_birth->day, ==, 15);
	g_assert_cmpint(dg13->date_of_birth->precision, ==, TD_DATE_PRECISION_DAY);
	g_assert_cmpstr(dg13->sex, ==, "Nam");
	g_assert_cmpstr(dg13->nationality, ==, "Việt Nam");
	g_assert_cmpstr(dg13->ethnicity, ==, "Kinh");
	g_assert_cmpstr(dg13->religion, ==, "Không");
	g_assert_cmpstr(dg13->place_of_residence, ==, "Số 12 ngõ 34, Phường Kim Mã, Quận Ba Đình, Thành phố Hà Nội");
	g_assert_cmpuint(dg13->issue_date->year, ==, 2021);
	g_assert_cmpuint(dg13->issue_date->month, ==, 5);
	g_assert_cmpuint(dg13->issue_date->day, ==, 10);
	g_assert_true(dg13->no_expiry);
	g_assert_null(dg13->expiry_date);
	g_assert_cmpstr(dg13->old_id_number, ==, "011234567");
	g_assert_null(dg13->unknown_field16);
	g_assert_cmpuint(dg13->warnings->len, ==, 0);

	/* both nestings of entries 13/14 read back the same */
	check_dg13("example.ini", "Nguyễn Văn Bình", "Đỗ Thị Cúc", "Lê Thị Dung");
	check_dg13("pham-thi-thu-ha.ini", "Phạm Văn Quang", "Nông Thị Sáu", "Đặng Quốc Tuấn");
	/* left-out fields are absent, not empty */
	check_dg13("le-minh-khoa.ini", "Lê Văn Đức", "Hoàng Thị Mai", NULL);
}

static void
test_dg13_two_sequences_encoding(void)
{
	/* SEQ{INTEGER 13, SEQ{UTF8 father}, SEQ{UTF8 mother}}: look for the
	 * bytes of the entry header followed directly by an inner SEQUENCE
	 * holding one UTF8String. */
	g_autoptr(GBytes) file = profile_file("pham-thi-thu-ha.ini", TD_FILE_DG13);
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(file, &len);
	const gchar *father = "Phạm Văn Quang";
	gsize flen = strlen(father);
	gboolean found = FALSE;
	for (gsize i = 0; i + 7 + flen <= len; i++) {
		if (data[i] == 0x02 && data[i + 1] == 0x01 && data[i + 2] == 13 && data[i + 3] == 0x30 &&
		    data[i + 4] == flen + 2 && data[i + 5] == 0x0C && data[i + 6] == flen &&
		    memcmp(data + i + 7, father, flen) == 0)
			found = TRUE;
	}
	g_assert_true(found);
}

/* example.ini with [group] key=value changes, as triples. */
static TdVchip *
load_example_with(const gchar *const *changes, GError **error)
{
	g_autoptr(GKeyFile) kf = profile_keyfile("example.ini");

	for (guint i = 0; changes != NULL && changes[i] != NULL; i += 3)
		g_key_file_set_string(kf, changes[i], changes[i + 1], changes[i + 2]);
	return td_vchip_new_from_keyfile(kf, TD_VCHIP_PROFILES_DIR, error);
}

static GBytes *
dg13_of_example_with(const gchar *const *changes)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdVchip) chip = load_example_with(changes, &error);
	g_assert_no_error(error);
	return td_vchip_get_file(chip, TD_FILE_DG13);
}

/* A citizen whose father is not known: the chip keeps his place empty
 * in either nesting, and the reader gives the mother as the mother (it
 * gave her as the father before). */
static void
test_dg13_mother_only(void)
{
	static const gchar *const nestings[] = {"one-sequence", "two-sequences"};

	for (guint i = 0; i < G_N_ELEMENTS(nestings); i++) {
		g_autoptr(GKeyFile) kf = profile_keyfile("example.ini");
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = NULL;
		g_autoptr(GBytes) file = NULL;
		g_autoptr(TdDg13) dg13 = NULL;

		g_assert_true(g_key_file_remove_key(kf, "citizen", "father", NULL));
		g_key_file_set_string(kf, "variant", "dg13-parent-nesting", nestings[i]);
		chip = td_vchip_new_from_keyfile(kf, TD_VCHIP_PROFILES_DIR, &error);
		g_assert_no_error(error);
		file = td_vchip_get_file(chip, TD_FILE_DG13);
		dg13 = parse_dg13(file);
		g_test_message("%s", nestings[i]);
		g_assert_null(dg13->father_name);
		g_assert_cmpstr(dg13->mother_name, ==, "Đỗ Thị Cúc");
		g_assert_cmpuint(dg13->warnings->len, ==, 0);
	}
}

/* The tags of a constructed value's children, as "30 02 06 31". */
static gchar *
child_tags(const guint8 *data, gsize len)
{
	GString *tags = g_string_new(NULL);
	TdTlvIter iter;
	TdTlv tlv;

	td_tlv_iter_init(&iter, data, len);
	while (td_tlv_iter_next(&iter, &tlv, NULL))
		g_string_append_printf(tags, "%s%02X", tags->len > 0 ? " " : "", tlv.tag);
	return g_string_free(tags, FALSE);
}

/* The child tags at each level under 6D, going down into the last child
 * each time: the one container of the level (a SEQUENCE alone, or the SET
 * after the header). */
static void
assert_container_path(GBytes *file, const gchar *const *expected_levels)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(file, &len);
	TdTlv tlv;

	g_assert_true(td_tlv_parse_expect(data, len, 0x6D, &tlv, NULL));
	for (guint i = 0; expected_levels[i] != NULL; i++) {
		g_autofree gchar *tags = child_tags(tlv.value, tlv.length);
		TdTlvIter iter;
		TdTlv child;
		g_test_message("level %u: %s", i, tags);
		g_assert_true(g_str_has_prefix(tags, expected_levels[i]));
		td_tlv_iter_init(&iter, tlv.value, tlv.length);
		while (td_tlv_iter_next(&iter, &child, NULL))
			tlv = child;
	}
}

static void
test_dg13_containers(void)
{
	const struct {
		const gchar *value;
		const gchar *levels[5];
	} cases[] = {
		/* real cards: 6D { SEQUENCE { INTEGER, OID, SET { entries } } } */
		{"set", {"30", "02 06 31", "30 30 30", NULL}},
		{"sequence", {"30", "02 06 30 30 30", NULL}},
		{"flat", {"02 06 30 30 30", NULL}},
		{"extra-sequence", {"30", "30", "02 06 31", "30 30 30"}},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const gchar *changes[] = {"variant", "dg13-container", cases[i].value, NULL};
		g_autoptr(GBytes) file = dg13_of_example_with(changes);
		g_autoptr(TdDg13) dg13 = NULL;
		g_test_message("dg13-container=%s", cases[i].value);
		assert_container_path(file, cases[i].levels);
		dg13 = parse_dg13(file);
		g_assert_cmpstr(dg13->full_name, ==, "Nguyễn Văn An");
		g_assert_cmpstr(dg13->mother_name, ==, "Đỗ Thị Cúc");
		g_assert_cmpuint(dg13->warnings->len, ==, 0);
	}
	/* the default is the real cards' layout, with their OID */
	{
		g_autoptr(GBytes) file = dg13_of_example_with(NULL);
		const gchar *levels[] = {"30", "02 06 31", NULL};
		static const guint8 header[] = {0x02, 0x01, 0x01, 0x06, 0x06, 0x28, 0xD3, 0x16, 0x01, 0x00, 0x08};
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(file, &len);
		assert_container_path(file, levels);
		g_assert_nonnull(memmem(data, len, header, sizeof(header)));
	}
}

/* The tag of entry n's string (its first one for 13 and 14), 0 if absent. */
static guint32
entry_string_tag(GBytes *file, guint n)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(file, &len);
	/* SEQUENCE { INTEGER n (02 01 n), ... }: the bytes after 02 01 n */
	for (gsize i = 2; i + 4 < len; i++) {
		if (data[i - 2] == 0x30 && data[i] == 0x02 && data[i + 1] == 0x01 && data[i + 2] == n)
			return data[i + 3] == 0x30 ? data[i + 5] : data[i + 3];
	}
	return 0;
}

static void
test_dg13_string_types(void)
{
	const gchar *real[] = {"citizen", "field-16", "0123456789ABCDEF", NULL};
	const gchar *utf8[] = {"citizen", "field-16", "0123456789ABCDEF", "variant", "dg13-string-types", "utf8", NULL};
	const gchar *overrides[] = {"variant", "dg13-string-type-7", "bmp", "variant", "dg13-string-type-6", "t61",
				    "variant", "dg13-string-type-2", "printable", NULL};
	g_autoptr(GBytes) real_file = dg13_of_example_with(real);
	g_autoptr(GBytes) utf8_file = dg13_of_example_with(utf8);
	g_autoptr(GBytes) override_file = dg13_of_example_with(overrides);
	/* "Không" as UCS-2 big-endian */
	static const guint8 religion_bmp[] = {0x1E, 0x0A, 0x00, 0x4B, 0x00, 0x68, 0x00, 0xF4, 0x00, 0x6E, 0x00, 0x67};
	gsize len = 0;
	const guint8 *data;
	g_autoptr(TdDg13) dg13 = NULL;

	for (guint n = 1; n <= 16; n++) {
		gboolean printable = n == 1 || n == 3 || n == 11 || n == 15 || n == 16;
		g_assert_cmphex(entry_string_tag(real_file, n), ==, printable ? 0x13 : 0x0C);
		g_assert_cmphex(entry_string_tag(utf8_file, n), ==, 0x0C);
	}
	g_assert_cmphex(entry_string_tag(override_file, 7), ==, 0x1E);
	g_assert_cmphex(entry_string_tag(override_file, 6), ==, 0x14);
	g_assert_cmphex(entry_string_tag(override_file, 2), ==, 0x13);
	g_assert_cmphex(entry_string_tag(override_file, 1), ==, 0x13);
	data = g_bytes_get_data(override_file, &len);
	g_assert_nonnull(memmem(data, len, religion_bmp, sizeof(religion_bmp)));

	/* the reader keeps the rest, and says which entries it could not take */
	dg13 = parse_dg13(override_file);
	g_assert_null(dg13->religion);
	g_assert_null(dg13->ethnicity);
	g_assert_cmpstr(dg13->full_name, ==, "Nguyễn Văn An");
	g_assert_cmpuint(dg13->warnings->len, ==, 2);
	g_assert_cmpstr(g_ptr_array_index(dg13->warnings, 0), ==, "entry 6 (ethnicity): unexpected string type T61String");
	g_assert_cmpstr(g_ptr_array_index(dg13->warnings, 1), ==, "entry 7 (religion): unexpected string type BMPString");
	g_clear_pointer(&dg13, td_dg13_free);
	dg13 = parse_dg13(real_file);
	g_assert_cmpstr(dg13->unknown_field16, ==, "0123456789ABCDEF");
}

static void
test_dg13_omit_and_order(void)
{
	const gchar *omit[] = {"variant", "dg13-omit-entries", "7, 15", NULL};
	const gchar *omit_name[] = {"variant", "dg13-omit-entries", "2", NULL};
	const gchar *shuffled[] = {"citizen", "field-16", "0123456789ABCDEF", "variant", "dg13-entry-order", "shuffled",
				   NULL};
	g_autoptr(GBytes) omit_file = dg13_of_example_with(omit);
	g_autoptr(GBytes) omit_name_file = dg13_of_example_with(omit_name);
	g_autoptr(GBytes) shuffled_file = dg13_of_example_with(shuffled);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDg13) dg13 = NULL;
	gsize len = 0;
	const guint8 *data;
	guint order[16];
	guint n_found = 0;

	/* left out: absent, not a fault */
	dg13 = parse_dg13(omit_file);
	g_assert_null(dg13->religion);
	g_assert_null(dg13->old_id_number);
	g_assert_cmpstr(dg13->ethnicity, ==, "Kinh");
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
	g_assert_cmphex(entry_string_tag(omit_file, 7), ==, 0);
	g_clear_pointer(&dg13, td_dg13_free);

	/* no name: read without one (the card goes to the desk), and said */
	dg13 = td_dg13_parse(omit_name_file, &error);
	g_assert_no_error(error);
	g_assert_null(dg13->full_name);
	g_assert_cmpuint(dg13->warnings->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(dg13->warnings, 0), ==, "entry 2 (full name): missing");
	g_clear_pointer(&dg13, td_dg13_free);

	/* shuffled: the entry numbers in the file's order */
	data = g_bytes_get_data(shuffled_file, &len);
	for (gsize i = 2; i + 2 < len && n_found < G_N_ELEMENTS(order); i++) {
		if (data[i - 2] == 0x30 && data[i] == 0x02 && data[i + 1] == 0x01 && data[i + 2] >= 1 && data[i + 2] <= 16)
			order[n_found++] = data[i + 2];
	}
	{
		static const guint expected[] = {9, 2, 13, 1, 16, 5, 12, 3, 7, 15, 11, 4, 14, 6, 10, 8};
		g_assert_cmpuint(n_found, ==, G_N_ELEMENTS(expected));
		for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
			g_assert_cmpuint(order[i], ==, expected[i]);
	}
	dg13 = parse_dg13(shuffled_file);
	g_assert_cmpstr(dg13->id_number, ==, "001058012345");
	g_assert_cmpstr(dg13->spouse_name, ==, "Lê Thị Dung");
	g_assert_cmpuint(dg13->warnings->len, ==, 0);
}

/* tamper-dg=13 changes one digit after signing, whatever the container:
 * DG13 still parses, its hash no longer matches EF.SOD's. */
static void
test_dg13_tamper_every_container(void)
{
	const gchar *containers[] = {"set", "sequence", "flat", "extra-sequence"};

	for (guint i = 0; i < G_N_ELEMENTS(containers); i++) {
		const gchar *changes[] = {"variant", "dg13-container", containers[i], "variant", "tamper-dg", "13", NULL};
		const gchar *honest_changes[] = {"variant", "dg13-container", containers[i], NULL};
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = load_example_with(changes, &error);
		g_autoptr(TdVchip) honest = load_example_with(honest_changes, &error);
		g_autoptr(GBytes) file = td_vchip_get_file(chip, TD_FILE_DG13);
		g_autoptr(GBytes) honest_file = td_vchip_get_file(honest, TD_FILE_DG13);
		g_autoptr(GBytes) sod_file = td_vchip_get_file(chip, TD_FILE_SOD);
		g_autoptr(TdSod) sod = parse_sod(sod_file);
		g_autoptr(GBytes) hash = td_sod_get_dg_hash(sod, 13);
		g_autoptr(GBytes) md = file_digest(file, td_sod_get_digest_name(sod));
		g_autoptr(TdDg13) dg13 = parse_dg13(file);

		g_assert_no_error(error);
		g_test_message("dg13-container=%s", containers[i]);
		g_assert_cmpuint(g_bytes_get_size(file), ==, g_bytes_get_size(honest_file));
		g_assert_false(g_bytes_equal(file, honest_file));
		g_assert_cmpuint(g_bytes_get_size(md), ==, g_bytes_get_size(hash));
		g_assert_false(g_bytes_equal(md, hash));
		g_assert_cmpuint(dg13->warnings->len, ==, 0);
	}
}

static void
test_dg2_face(void)
{
	g_autoptr(GBytes) file = profile_file("tran-thi-bich-ngoc.ini", TD_FILE_DG2);
	g_autoptr(TdDg2) dg2 = parse_dg2(file);
	g_autofree gchar *jpeg_path = g_build_filename(TD_VCHIP_PROFILES_DIR, "tran-thi-bich-ngoc.jpg", NULL);
	g_autofree gchar *jpeg = NULL;
	gsize jpeg_len = 0;
	TdFaceImage *face;
	g_assert_cmpuint(dg2->faces->len, ==, 1);
	face = g_ptr_array_index(dg2->faces, 0);
	g_assert_cmpstr(face->mime_type, ==, "image/jpeg");
	g_assert_cmpuint(face->width, ==, 120);
	g_assert_cmpuint(face->height, ==, 160);
	g_assert_true(g_file_get_contents(jpeg_path, &jpeg, &jpeg_len, NULL));
	g_assert_cmpmem(g_bytes_get_data(face->image, NULL), g_bytes_get_size(face->image), jpeg, jpeg_len);
}

static void
check_aa_key(const gchar *profile, const gchar *type, gint bits)
{
	g_autoptr(TdVchip) chip = load_profile(profile);
	g_autoptr(GBytes) file = td_vchip_get_file(chip, TD_FILE_DG15);
	g_autoptr(GBytes) dg14_file = td_vchip_get_file(chip, TD_FILE_DG14);
	g_autoptr(TdDg15) dg15 = parse_dg15(file);
	g_autoptr(TdSecurityInfos) dg14 = parse_dg14(dg14_file);
	g_assert_true(EVP_PKEY_is_a(dg15->public_key, type));
	g_assert_cmpint(EVP_PKEY_get_bits(dg15->public_key), ==, bits);
	if (g_strcmp0(type, "EC") == 0) {
		TdActiveAuthInfo *aa;
		g_assert_cmpuint(dg14->active_auth_infos->len, ==, 1);
		aa = g_ptr_array_index(dg14->active_auth_infos, 0);
		g_assert_cmpstr(aa->protocol, ==, "2.23.136.1.1.5");
		g_assert_cmpint(aa->version, ==, 1);
		g_assert_cmpstr(aa->signature_algorithm, ==, "0.4.0.127.0.7.1.1.4.1.3");
	} else {
		g_assert_cmpuint(dg14->active_auth_infos->len, ==, 0);
	}
}

static void
test_dg14_dg15(void)
{
	check_aa_key("example.ini", "EC", 256);
	check_aa_key("tran-thi-bich-ngoc.ini", "EC", 256);
	check_aa_key("vo-duc-thang.ini", "RSA", 2048);
}

static void
check_sod(const gchar *profile, const gchar *digest)
{
	g_autoptr(TdVchip) chip = load_profile(profile);
	g_autoptr(GBytes) file = td_vchip_get_file(chip, TD_FILE_SOD);
	g_autoptr(TdSod) sod = parse_sod(file);
	g_autoptr(GArray) dgs = NULL;
	const guint expected[] = {1, 2, 3, 13, 14, 15};
	g_assert_cmpstr(td_sod_get_digest_name(sod), ==, digest);
	dgs = td_sod_get_dg_numbers(sod);
	g_assert_cmpuint(dgs->len, ==, G_N_ELEMENTS(expected));
	for (guint i = 0; i < G_N_ELEMENTS(expected); i++) {
		guint dg = expected[i];
		g_autoptr(GBytes) hash = td_sod_get_dg_hash(sod, dg);
		g_autoptr(GBytes) contents = td_vchip_get_file(chip, TD_DG_FILE_ID(dg));
		g_autoptr(GBytes) md = file_digest(contents, digest);
		g_assert_cmpuint(g_array_index(dgs, guint, i), ==, dg);
		g_assert_cmpmem(g_bytes_get_data(hash, NULL), g_bytes_get_size(hash), g_bytes_get_data(md, NULL),
				g_bytes_get_size(md));
	}
	g_assert_nonnull(td_sod_get_signer_certificate(sod));
	/* the signature holds (the chain is passive authentication's job) */
	g_assert_cmpint(CMS_verify(td_sod_get_cms(sod), NULL, NULL, NULL, NULL,
				   CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY), ==, 1);
}

static void
test_sod(void)
{
	check_sod("example.ini", "SHA256");
	check_sod("vo-duc-thang.ini", "SHA512");
}

static void
write_pem(const gchar *path, EVP_PKEY *key, X509 *cert)
{
	BIO *bio = BIO_new_file(path, "w");
	g_assert_nonnull(bio);
	if (key != NULL)
		g_assert_cmpint(PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL), ==, 1);
	if (cert != NULL)
		g_assert_cmpint(PEM_write_bio_X509(bio, cert), ==, 1);
	BIO_free(bio);
}

static void
test_given_ds_and_aa_keys(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("tiepdon-vchip-XXXXXX", NULL);
	g_autofree gchar *photo = g_build_filename(TD_VCHIP_PROFILES_DIR, "tran-thi-bich-ngoc.jpg", NULL);
	g_autofree gchar *ds_key_path = g_build_filename(dir, "ds.key", NULL);
	g_autofree gchar *ds_cert_path = g_build_filename(dir, "ds.pem", NULL);
	g_autofree gchar *aa_key_path = g_build_filename(dir, "aa.key", NULL);
	g_autoptr(GKeyFile) kf = profile_keyfile("tran-thi-bich-ngoc.ini");
	g_autoptr(GError) error = NULL;
	g_autoptr(TdVchip) chip = NULL;
	g_autoptr(GBytes) sod_file = NULL;
	g_autoptr(GBytes) dg15_file = NULL;
	g_autoptr(TdSod) sod = NULL;
	g_autoptr(TdDg15) dg15 = NULL;
	EVP_PKEY *ds_key = NULL, *aa_key = NULL;
	X509 *ds_cert = NULL;

	g_assert_nonnull(dir);
	g_assert_true(td_vchip_make_ephemeral_ds(&ds_key, &ds_cert, NULL));
	aa_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP256r1");
	write_pem(ds_key_path, ds_key, NULL);
	write_pem(ds_cert_path, NULL, ds_cert);
	write_pem(aa_key_path, aa_key, NULL);

	g_key_file_set_string(kf, "citizen", "photo", photo); /* absolute */
	g_key_file_set_string(kf, "security", "ds-key", "ds.key");
	g_key_file_set_string(kf, "security", "ds-certificate", "ds.pem");
	g_key_file_set_string(kf, "security", "aa-key", "aa.key");
	chip = td_vchip_new_from_keyfile(kf, dir, &error);
	g_assert_no_error(error);

	sod_file = td_vchip_get_file(chip, TD_FILE_SOD);
	sod = parse_sod(sod_file);
	g_assert_cmpint(X509_cmp(td_sod_get_signer_certificate(sod), ds_cert), ==, 0);
	dg15_file = td_vchip_get_file(chip, TD_FILE_DG15);
	dg15 = parse_dg15(dg15_file);
	g_assert_cmpint(EVP_PKEY_eq(dg15->public_key, aa_key), ==, 1);

	/* a key of the wrong type for aa-key-type is refused, naming the key */
	g_key_file_set_string(kf, "security", "aa-key-type", "rsa-2048");
	g_clear_pointer(&chip, td_vchip_unref);
	chip = td_vchip_new_from_keyfile(kf, dir, &error);
	g_assert_null(chip);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
	g_assert_nonnull(strstr(error->message, "aa-key"));

	EVP_PKEY_free(ds_key);
	EVP_PKEY_free(aa_key);
	X509_free(ds_cert);
	g_unlink(ds_key_path);
	g_unlink(ds_cert_path);
	g_unlink(aa_key_path);
	g_rmdir(dir);
}

/* A profile one setting away from example.ini that must be refused, naming
 * the setting: citizen "key=value" (or "key" to remove it), or variant
 * "key=value". */
static const struct {
	const gchar *citizen, *variant, *key_named;
} bad_profiles[] = {
	{"id-number", NULL, "id-number"},
	{"id-number=00105801234", NULL, "id-number"},
	{"date-of-birth=31/02/1958", NULL, "date-of-birth"},
	/* a day known without its month is no way cards write it */
	{"date-of-birth=15/00/1958", NULL, "date-of-birth"},
	{"date-of-birth=00/13/1958", NULL, "date-of-birth"},
	{"expiry-date=mãi mãi", NULL, "expiry-date"},
	{"sex=X", NULL, "sex"},
	{"old-id-number=12ab", NULL, "old-id-number"},
	{"photo=missing.jpg", NULL, "photo"},
	{"photo=example.ini", NULL, "photo"},
	{NULL, "max-le=300", "max-le"},
	{NULL, "too-large-le-sw=6A80", "too-large-le-sw"},
	{NULL, "extended-refused-sw=9000", "extended-refused-sw"},
	{NULL, "dg13-parent-nesting=three", "dg13-parent-nesting"},
	{NULL, "omit-do99=perhaps", "omit-do99"},
	{NULL, "dg13-container=tree", "dg13-container"},
	{NULL, "dg13-string-types=latin1", "dg13-string-types"},
	{NULL, "dg13-string-type-7=ucs4", "dg13-string-type-7"},
	{NULL, "dg13-omit-entries=0", "dg13-omit-entries"},
	{NULL, "dg13-omit-entries=2,17", "dg13-omit-entries"},
	{NULL, "dg13-omit-entries=two", "dg13-omit-entries"},
	{NULL, "dg13-entry-order=random", "dg13-entry-order"},
	{"field-16=0123456789ABCDEZ", NULL, "field-16"},
	{"field-16=0123", NULL, "field-16"},
};

static void
test_profile_validation(void)
{
	for (guint i = 0; i < G_N_ELEMENTS(bad_profiles); i++) {
		g_autoptr(GKeyFile) kf = profile_keyfile("example.ini");
		g_autoptr(GError) error = NULL;
		g_autoptr(TdVchip) chip = NULL;
		if (bad_profiles[i].citizen != NULL) {
			g_auto(GStrv) kv = g_strsplit(bad_profiles[i].citizen, "=", 2);
			if (kv[1] == NULL)
				g_key_file_remove_key(kf, "citizen", kv[0], NULL);
			else
				g_key_file_set_string(kf, "citizen", kv[0], kv[1]);
		}
		if (bad_profiles[i].variant != NULL) {
			g_auto(GStrv) kv = g_strsplit(bad_profiles[i].variant, "=", 2);
			g_key_file_set_string(kf, "variant", kv[0], kv[1]);
		}
		chip = td_vchip_new_from_keyfile(kf, TD_VCHIP_PROFILES_DIR, &error);
		g_assert_null(chip);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT);
		g_assert_nonnull(strstr(error->message, bad_profiles[i].key_named));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/vchip/profiles/load", test_shipped_profiles_load);
	g_test_add_func("/vchip/profiles/validation", test_profile_validation);
	g_test_add_func("/vchip/mrz/transliterate", test_transliterate);
	g_test_add_func("/vchip/files/com", test_com);
	g_test_add_data_func("/vchip/files/dg1", &dg1_example, test_dg1);
	g_test_add_data_func("/vchip/files/dg1-female", &dg1_female, test_dg1);
	g_test_add_data_func("/vchip/files/dg1-birth-year-only", &dg1_year_only, test_dg1);
	g_test_add_func("/vchip/files/dg13", test_dg13_fields);
	g_test_add_func("/vchip/files/dg13-two-sequences", test_dg13_two_sequences_encoding);
	g_test_add_func("/vchip/files/dg13-containers", test_dg13_containers);
	g_test_add_func("/vchip/files/dg13-string-types", test_dg13_string_types);
	g_test_add_func("/vchip/files/dg13-omit-and-order", test_dg13_omit_and_order);
	g_test_add_func("/vchip/files/dg13-mother-only", test_dg13_mother_only);
	g_test_add_func("/vchip/files/dg13-tamper-every-container", test_dg13_tamper_every_container);
	g_test_add_func("/vchip/files/dg2", test_dg2_face);
	g_test_add_func("/vchip/files/dg14-dg15", test_dg14_dg15);
	g_test_add_func("/vchip/files/sod", test_sod);
	g_test_add_func("/vchip/files/given-keys", test_given_ds_and_aa_keys);
	return g_test_run();
}
