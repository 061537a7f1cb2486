/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-chip-document.h"
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

/* The citizen in example.ini. */
#define TD_TEST_AN_ID "001058012345"
#define TD_TEST_AN_QR "001058012345|011234567|Nguyễn Văn An|15031958|Nam|Số 12 ngõ 34, Phường Kim Mã|10052021"
/* An's keys as the kiosk gets them from his card's QR code. */
TdAccessKeyList *td_test_an_keys_from_qr(void);
/* Keys from what the number pad asks: the ID, and the birth and expiry
 * dates where given (YYMMDD). */
TdAccessKeyList *td_test_keys_from_id(const gchar *id, const gchar *birth, const gchar *expiry, GDateTime *today);
/* The DG1 the chip holds, parsed. */
TdDg1 *td_test_chip_dg1(TdVchip *chip);
/* The keys from the MRZ the chip itself holds (DG1), as a scan of the
 * card's back gives them. */
TdAccessKeyList *td_test_keys_from_chip_mrz(TdVchip *chip);
/* A reader on the chip, nothing sent yet. */
TdChipReader *td_test_reader_on(TdVchip *chip);
/* The chip read with keys (reader_out: the reader, for its steps; may be NULL). */
TdChipDocument *td_test_read_document(TdVchip *chip, TdAccessKeyList *keys, TdChipReadFlags flags,
				      TdChipReader **reader_out);
/* example.ini's chip with quirks, read by its QR code as at the kiosk. */
TdChipDocument *td_test_read_quirked_by_qr(const gchar *const *quirks, TdChipReadFlags flags,
					   TdChipReader **reader_out);
/* The document is An's, as example.ini has him. */
void td_test_assert_an(const TdChipDocument *doc);

G_END_DECLS
