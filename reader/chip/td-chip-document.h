/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-chip-reader.h"
#include "td-com.h"
#include "td-dg1.h"
#include "td-dg13.h"
#include "td-dg15.h"
#include "td-dg2.h"
#include "td-security-infos.h"
#include "td-sod.h"

G_BEGIN_DECLS

/* The data groups of one card, read and parsed in the order the check-in
 * needs them: DG13 first (so the eligibility look-up can start), then the
 * security objects, the MRZ, and the face image only when asked for. */
typedef enum {
	TD_CHIP_READ_CHECKIN = 0,	/* DG13, EF.SOD, DG14, DG15 */
	TD_CHIP_READ_DG1 = 1 << 0,	/* the MRZ */
	TD_CHIP_READ_DG2 = 1 << 1,	/* the face image (largest file: last) */
	TD_CHIP_READ_COM = 1 << 2,
} TdChipReadFlags;

typedef struct {
	TdDg13 *dg13;
	TdSod *sod;
	TdSecurityInfos *dg14; /* NULL if the card has no DG14 */
	TdDg15 *dg15;	       /* NULL if the card has no DG15 */
	TdDg1 *dg1;	       /* NULL unless asked for */
	TdDg2 *dg2;	       /* NULL unless asked for */
	TdCom *com;	       /* NULL unless asked for */
} TdChipDocument;

/* Called as soon as DG13 is parsed, before anything else is read. */
typedef void (*TdChipDocumentDg13Func)(const TdDg13 *dg13, gpointer user_data);

/* Reads and parses on an opened reader. A file the card lacks (6A82) or
 * guards (6982) is left NULL, except DG13 and EF.SOD, which every CCCD has. */
TdChipDocument *td_chip_document_read(TdChipReader *reader, TdChipReadFlags flags, TdChipDocumentDg13Func dg13_func,
				      gpointer user_data, GCancellable *cancellable, GError **error);
void td_chip_document_free(TdChipDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdChipDocument, td_chip_document_free)

G_END_DECLS
