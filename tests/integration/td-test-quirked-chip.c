/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "td-test-quirked-chip.h"

#include <string.h>

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
