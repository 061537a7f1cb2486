/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "td-access-key.h"
#include "td-card-channel.h"
#include "td-transport.h"

G_BEGIN_DECLS

/* One conversation with a chip ID card: access control with the first key
 * that works, then file reads in the fewest commands the chip allows,
 * remembering what the chip taught us (largest Le, extended length) from
 * one file to the next. Each step's commands, bytes and time are kept for
 * the staff trace and the benchmark. Files hold personal data: they are
 * wiped when the reader is freed. */
typedef struct _TdChipReader TdChipReader;

typedef struct {
	gchar *name;	      /* "access control", "DG13", "EF.SOD", ... */
	guint apdu_count;
	guint64 bytes_sent;
	guint64 bytes_received;
	gint64 elapsed_us;
	gsize file_size;      /* for file reads: the file's length */
	guint reopens;	      /* secure messaging opened again during the step */
	GArray *status_words; /* guint32 per command: the SW, | 0x10000 when it
			       * came bare under secure messaging */
} TdChipReadStep;

TdChipReader *td_chip_reader_new(TdTransport *transport);
void td_chip_reader_free(TdChipReader *reader);

/* Turns off extended-length reads even where card and reader offer them. */
void td_chip_reader_set_extended_length_allowed(TdChipReader *reader, gboolean allowed);
/* Turns off reading by short EF identifier (every file SELECTed first), to
 * measure what it saves. */
void td_chip_reader_set_sfi_allowed(TdChipReader *reader, gboolean allowed);

/* Tries the keys in order (PACE keys only where EF.CardAccess announces
 * PACE; BAC with each expiry candidate) until one opens the chip. On
 * success the channel is under secure messaging. Fails with
 * TD_READER_ERROR_WRONG_ACCESS_KEY when every key was refused;
 * CHIP_NOT_AUTHENTIC, at once, when the chip took a key but could not prove
 * it has it (no other key is tried: the key was right). */
gboolean td_chip_reader_open(TdChipReader *reader, const TdAccessKeyList *keys, GCancellable *cancellable, GError **error);
/* The key that worked (after a successful open). */
const TdAccessKey *td_chip_reader_get_access_key(TdChipReader *reader);
/* "BAC" or "PACE". */
const gchar *td_chip_reader_get_access_method(TdChipReader *reader);
guint td_chip_reader_get_keys_tried(TdChipReader *reader);

/* Reads a whole elementary file of the eMRTD application (or EF.CardAccess
 * before open), by short EF identifier where the chip allows it (else
 * SELECT, remembered for the card). Files already read come from memory.
 * When the chip ends secure messaging (a bare status word, 6987/6988), a
 * new session is opened with the key that worked and the read goes on: at
 * most once per file and three times per card, then
 * TD_READER_ERROR_SECURE_MESSAGING. */
GBytes *td_chip_reader_read_file(TdChipReader *reader, guint16 fid, GCancellable *cancellable, GError **error);
/* Files read so far: fid -> GBytes. */
GHashTable *td_chip_reader_get_files(TdChipReader *reader);
TdCardChannel *td_chip_reader_get_channel(TdChipReader *reader);
/* EF.CardAccess as read during open, or NULL if the chip has none. */
GBytes *td_chip_reader_get_card_access(TdChipReader *reader);

/* Steps so far, in order (TdChipReadStep). */
GPtrArray *td_chip_reader_get_steps(TdChipReader *reader);
/* The largest Le the chip accepted (for the trace and the benchmark). */
guint td_chip_reader_get_max_le(TdChipReader *reader);
/* How often secure messaging had to be opened again, this card. */
guint td_chip_reader_get_reopens(TdChipReader *reader);
/* TRUE once the chip refused READ BINARY by short EF identifier. */
gboolean td_chip_reader_get_sfi_refused(TdChipReader *reader);
/* What the chip answered to the refused SFI read (0 if none was refused). */
guint16 td_chip_reader_get_sfi_refusal_sw(TdChipReader *reader);

/* For commands sent on the channel directly (chip and active
 * authentication): opens secure messaging again if the chip ended it,
 * within the same per-card limit as file reads. */
gboolean td_chip_reader_ensure_session(TdChipReader *reader, GCancellable *cancellable, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdChipReader, td_chip_reader_free)

G_END_DECLS
