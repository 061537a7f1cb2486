/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "td-chip-reader.h"
#include "td-security-infos.h"

G_BEGIN_DECLS

/* What td-chip-reader.c (access control, the steps, the cache) and
 * td-chip-file-read.c (one file whole: READ BINARY, Le, offsets, sessions
 * lost on the way) share. Private to chip/. */

/* New secure-messaging sessions after the chip ended one (DOMAIN.md §2):
 * enough for a chip that refuses a large Le bare once per Le step, not so
 * many that a chip which ends every session keeps a patient waiting. */
#define TD_MAX_REOPENS_PER_FILE 1
#define TD_MAX_REOPENS_PER_CARD 3

struct _TdChipReader {
	TdCardChannel *channel;
	GHashTable *files; /* GUINT_TO_POINTER(fid) -> GBytes (wiped on free) */
	GPtrArray *steps;
	GBytes *card_access;		/* as read, for the structure dump */
	TdSecurityInfos *card_access_infos; /* parsed once, for PACE */
	TdAccessKey access_key;
	gboolean opened;
	gboolean used_pace;
	guint keys_tried;
	guint keys_refused; /* of those, the ones the chip judged wrong */
	guint max_le;		 /* the largest short Le the chip takes */
	gboolean extended_allowed;
	gboolean extended_failed; /* the chip refuses extended Le altogether */
	guint max_extended_le;	  /* the largest extended Le not yet refused */
	gboolean sfi_refused;	  /* the chip reads no file by short EF identifier */
	guint16 sfi_refusal_sw;	  /* and what it answered to say so */
	/* a first read, of a file of unknown size, was refused: maybe for
	 * reaching past the file's end, so each file's header is read alone
	 * first, until a read inside a file is refused (a limit after all) */
	gboolean past_end_suspected;
	guint reopens;		  /* secure messaging opened again, this card */
	guint step_reopens;	  /* the same, in the current step */
	GArray *step_status_words; /* of the current step */
	TdTransportStats step_start;
};

static inline TdTransport *
td_chip_reader_get_transport(TdChipReader *reader)
{
	return td_card_channel_get_transport(reader->channel);
}

/* One command, its status word kept for the step (| 0x10000 when the chip
 * dropped secure messaging to answer it). */
TdResponse *td_chip_reader_send(TdChipReader *reader, guint8 ins, guint8 p1, guint8 p2, GBytes *data, gint le,
				gboolean extended, GCancellable *cancellable, GError **error);
/* Secure messaging again with the key that opened the chip, within
 * TD_MAX_REOPENS_PER_CARD. */
gboolean td_chip_reader_reopen_session(TdChipReader *reader, GCancellable *cancellable, GError **error);
/* td-chip-file-read.c: the whole file fid, read under secure messaging when
 * needs_session (opening it again where the chip ended it), in the fewest
 * commands what the reader learnt allows. Wiped bytes; NULL on error. */
GBytes *td_chip_reader_read_whole_file(TdChipReader *reader, guint16 fid, gboolean needs_session,
				       GCancellable *cancellable, GError **error);

G_END_DECLS
