/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-chip-reader.h"
#include "td-vchip.h"

G_BEGIN_DECLS

/* For the tests that run the chip reader on the virtual chip in-process. */

/* A shipped profile (a name in $TD_PROFILES_DIR) as a key file, with
 * changes: pairs of "[variant] key" and value, or "group/key" and value;
 * changes may be NULL. */
GKeyFile *td_test_profile_with_changes(const gchar *profile, const gchar *const *changes);
/* The chip a profile key file describes (the files it names relative are in
 * $TD_PROFILES_DIR). */
TdVchip *td_test_chip_from_keyfile(GKeyFile *kf);
/* A shipped profile's chip with changes, as td_test_profile_with_changes. */
TdVchip *td_test_chip_with_changes(const gchar *profile, const gchar *const *changes);
/* A reader on the chip, opened with keys. */
TdChipReader *td_test_open_reader(TdVchip *chip, TdAccessKeyList *keys);

G_END_DECLS
