/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-chip-reader.h"

G_BEGIN_DECLS

/* The shape of a card without its contents: for a card the kiosk cannot
 * read, staff save this (`tiepdon read --structure FILE`) and send it in;
 * the virtual chip loads it as a profile variant, so a card seen in the
 * field becomes a test here.
 *
 * Per file: the tag/length tree (string types and lengths; for INTEGERs of
 * at most 4 bytes their value, which in the LDS are versions and DG13
 * entry numbers; OIDs), the status words the chip answered and whether
 * they came bare under secure messaging; for the chip: the Le it took, SFI
 * support, sessions opened again. Every other value is replaced by its
 * length: no personal data, no keys. */

#define TD_CARD_STRUCTURE_FORMAT "tiepdon-card-structure"
#define TD_CARD_STRUCTURE_VERSION 1

typedef struct _TdStructureNode TdStructureNode;
struct _TdStructureNode {
	guint32 tag;
	gsize length;
	GPtrArray *children; /* of TdStructureNode; NULL for a primitive */
	gboolean has_integer;
	gint64 integer;	     /* INTEGER of 1..4 bytes */
	gchar *oid;	     /* OBJECT IDENTIFIER, dotted */
	gsize unparsed;	     /* constructed: trailing bytes that were no TLV */
};

typedef struct {
	guint16 fid;
	guint16 status;	      /* 9000 when read, else what stopped it */
	gchar *error;	      /* why it was not read, or NULL */
	gsize size;
	guint commands;
	guint reopens;
	GArray *status_words; /* guint32: sw | TD_STRUCTURE_SW_BARE */
	TdStructureNode *tree; /* NULL when not read */
} TdStructureFile;

#define TD_STRUCTURE_SW_BARE 0x10000u

typedef struct {
	gchar *atr;	       /* hex, or NULL */
	gchar *access_method;  /* "PACE", "BAC", or NULL when not opened */
	gchar *access_error;
	guint max_le;	       /* the largest Le the chip took */
	gboolean sfi_refused;
	guint16 sfi_refusal_sw; /* what it answered, when refused */
	guint reopens;
	gboolean extended_length;
	GPtrArray *files;      /* of TdStructureFile, in read order */
} TdCardStructure;

/* Reads every file the chip says it has (EF.COM's list, EF.SOD, and the
 * CCCD's DG1, DG2, DG13, DG14, DG15 if EF.COM cannot be read) on a reader
 * that td_chip_reader_open() was tried on, opened or not
 * (open_error: why not). Files that fail are recorded, not fatal; only a
 * card that is gone fails the capture. */
TdCardStructure *td_card_structure_capture(TdChipReader *reader, const GError *open_error, GCancellable *cancellable, GError **error);
/* The tree of one file's bytes (also for tests and the fuzz target). */
TdStructureNode *td_structure_node_new_from_bytes(const guint8 *data, gsize len);

gchar *td_card_structure_to_json(const TdCardStructure *structure);
/* Strict: a dump that is not one fails with TD_READER_ERROR_INVALID_INPUT. */
TdCardStructure *td_card_structure_new_from_json(const gchar *json, gssize len, GError **error);
TdCardStructure *td_card_structure_new_from_file(const gchar *path, GError **error);

const TdStructureFile *td_card_structure_get_file(const TdCardStructure *structure, guint16 fid);
/* A status word seen bare under secure messaging while reading any file
 * (is_le: a refused Le, 6700/6Cxx; else exactly sw). */
gboolean td_card_structure_saw_bare(const TdCardStructure *structure, guint16 sw, gboolean is_le);
/* The first OID anywhere under node equal to one of prefix.*, or NULL. */
const gchar *td_structure_node_find_oid(const TdStructureNode *node, const gchar *prefix);

void td_structure_node_free(TdStructureNode *node);
void td_card_structure_free(TdCardStructure *structure);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdStructureNode, td_structure_node_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdCardStructure, td_card_structure_free)

G_END_DECLS
