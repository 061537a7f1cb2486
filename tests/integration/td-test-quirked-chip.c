/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "td-test-quirked-chip.h"

#include <string.h>

#include "td-lds-files.h"
#include "td-vchip-transport.h"

GKeyFile *
td_test_profile_with_changes(const gchar *profile, const gchar *const *changes)
{
	g_autofree gchar *path = g_build_filename(g_getenv("TD_PROFILES_DIR"), profile, NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error = NULL;

	g_assert_true(g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &error));
	g_assert_no_error(error);
	for (guint i = 0; changes != NULL && changes[i] != NULL; i += 2) {
		const gchar *slash = strchr(changes[i], '/');
		if (slash != NULL) {
			g_autofree gchar *group = g_strndup(changes[i], (gsize)(slash - changes[i]));
			g_key_file_set_string(kf, group, slash + 1, changes[i + 1]);
		} else {
			/* [variant], the group the shipped profiles use: a key
			 * under [quirks] would lose to the profile's own */
			g_key_file_set_string(kf, "variant", changes[i], changes[i + 1]);
		}
	}
	return g_steal_pointer(&kf);
}

TdVchip *
td_test_chip_from_keyfile(GKeyFile *kf)
{
	g_autoptr(GError) error = NULL;
	TdVchip *chip = td_vchip_new_from_keyfile(kf, g_getenv("TD_PROFILES_DIR"), &error);

	g_assert_no_error(error);
	g_assert_nonnull(chip);
	return chip;
}

TdVchip *
td_test_chip_with_changes(const gchar *profile, const gchar *const *changes)
{
	g_autoptr(GKeyFile) kf = td_test_profile_with_changes(profile, changes);
	return td_test_chip_from_keyfile(kf);
}

TdChipReader *
td_test_open_reader(TdVchip *chip, TdAccessKeyList *keys)
{
	g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
	g_autoptr(TdChipReader) reader = td_chip_reader_new(transport);
	g_autoptr(GError) error = NULL;

	g_assert_true(td_chip_reader_open(reader, keys, NULL, &error));
	g_assert_no_error(error);
	return g_steal_pointer(&reader);
}

/* An's keys as the kiosk gets them from his card's QR code. */
TdAccessKeyList *
td_test_an_keys_from_qr(void)
{
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_qr(TD_TEST_AN_QR, NULL, &error);

	g_assert_no_error(error);
	return keys;
}

/* Keys from what the number pad asks: the ID, and the birth and expiry
 * dates where given (YYMMDD). */
TdAccessKeyList *
td_test_keys_from_id(const gchar *id, const gchar *birth, const gchar *expiry, GDateTime *today)
{
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_id(id, birth, expiry, today, &error);

	g_assert_no_error(error);
	return keys;
}

/* The DG1 the chip holds, parsed. */
TdDg1 *
td_test_chip_dg1(TdVchip *chip)
{
	g_autoptr(GBytes) dg1 = td_vchip_get_file(chip, TD_FILE_DG1);
	g_autoptr(GError) error = NULL;
	TdDg1 *parsed = td_dg1_parse(dg1, &error);

	g_assert_no_error(error);
	return parsed;
}

/* The keys from the MRZ the chip itself holds (DG1), as a scan of the
 * card's back gives them. */
TdAccessKeyList *
td_test_keys_from_chip_mrz(TdVchip *chip)
{
	g_autoptr(TdDg1) parsed = td_test_chip_dg1(chip);
	g_autoptr(GError) error = NULL;
	TdAccessKeyList *keys = td_access_key_list_new_from_mrz(parsed->mrz->raw, &error);

	g_assert_no_error(error);
	return keys;
}

/* A reader on the chip, nothing sent yet. */
TdChipReader *
td_test_reader_on(TdVchip *chip)
{
	g_autoptr(TdTransport) transport = td_vchip_transport_new(chip);
	return td_chip_reader_new(transport);
}

TdChipDocument *
td_test_read_document(TdVchip *chip, TdAccessKeyList *keys, TdChipReadFlags flags, TdChipReader **reader_out)
{
	g_autoptr(TdChipReader) reader = td_test_open_reader(chip, keys);
	g_autoptr(GError) error = NULL;
	TdChipDocument *doc;

	doc = td_chip_document_read(reader, flags, NULL, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(doc);
	if (reader_out != NULL)
		*reader_out = g_steal_pointer(&reader);
	return doc;
}

/* example.ini's chip with quirks, read by its QR code as at the kiosk. */
TdChipDocument *
td_test_read_quirked_by_qr(const gchar *const *quirks, TdChipReadFlags flags, TdChipReader **reader_out)
{
	g_autoptr(TdVchip) chip = td_test_chip_with_changes("example.ini", quirks);
	g_autoptr(TdAccessKeyList) keys = td_test_an_keys_from_qr();

	return td_test_read_document(chip, keys, flags, reader_out);
}

void
td_test_assert_an(const TdChipDocument *doc)
{
	g_assert_cmpstr(doc->dg13->id_number, ==, TD_TEST_AN_ID);
	g_assert_cmpstr(doc->dg13->full_name, ==, "Nguyễn Văn An");
	g_assert_cmpuint(doc->dg13->date_of_birth->year, ==, 1958);
	g_assert_cmpuint(doc->dg13->date_of_birth->month, ==, 3);
	g_assert_cmpuint(doc->dg13->date_of_birth->day, ==, 15);
	g_assert_cmpstr(doc->dg13->sex, ==, "Nam");
	g_assert_true(doc->dg13->no_expiry);
	g_assert_null(doc->dg13->expiry_date);
	g_assert_cmpstr(doc->dg13->father_name, ==, "Nguyễn Văn Bình");
	g_assert_cmpstr(doc->dg13->mother_name, ==, "Đỗ Thị Cúc");
	g_assert_cmpstr(doc->dg13->spouse_name, ==, "Lê Thị Dung");
}
