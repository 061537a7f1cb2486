/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading one elementary file whole: READ BINARY by short EF identifier or
 * after SELECT, the Le the chip takes (learnt once, kept for the card),
 * offsets, the end of the file, and secure messaging opened again where the
 * chip ended it on the way. */
#include "config.h"

#include "td-chip-reader-private.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-tlv.h"

/* No data group of an ID card comes near this; a chip that claims more is
 * broken or hostile, and we will not loop reading it. */
#define TD_MAX_FILE_SIZE (256 * 1024)
/* READ BINARY with a plain offset reaches 32767 (ISO 7816-4: P1 bit 8 must
 * be 0 for an offset); past it, READ BINARY with the odd instruction B1. */
#define TD_MAX_PLAIN_OFFSET 0x7FFF
/* The largest short Le whose protected answer (DO'87' + padding + DO'99' +
 * DO'8E') still fits 256 bytes, for 3DES and AES alike. */
#define TD_SM_SHORT_LE 223
/* Seen on real chips and readers: step down through these on 6700. */
static const guint le_steps[] = {256, 223, 160, 128, 96, 64, 32, 16};

/* ICAO 9303-10 §3.x short EF identifiers: the low byte of the FID for the
 * data groups (DG1-DG16 = 01-10), EF.CardAccess 1C, EF.SOD 1D, EF.COM 1E;
 * 0 for a file without one. */
static guint8
short_file_id(guint16 fid)
{
	guint8 low = fid & 0xff;

	if ((fid >> 8) != 0x01)
		return 0;
	if ((low >= 0x01 && low <= 0x10) || low == 0x1C || low == 0x1D || low == 0x1E)
		return low;
	return 0;
}

/* What a chip without short EF identifiers answers READ BINARY with P1 bit 8
 * set. 6A82 is not among them: it may just mean the file is not there. */
static gboolean
is_sfi_refusal(guint16 sw)
{
	return sw == TD_SW_FUNCTION_NOT_SUPPORTED || sw == TD_SW_INCORRECT_P1P2 || sw == TD_SW_WRONG_P1P2 ||
	       sw == TD_SW_INS_NOT_SUPPORTED ||
	       sw == TD_SW_CLA_NOT_SUPPORTED;
}

/* What a chip that does not parse extended APDUs may answer one, besides
 * the wrong length (6700, lower_le): as for any command it cannot read. */
static gboolean
is_extended_refusal(guint16 sw)
{
	return sw == TD_SW_INCORRECT_P1P2 || sw == TD_SW_WRONG_P1P2 || sw == TD_SW_INS_NOT_SUPPORTED ||
	       sw == TD_SW_CLA_NOT_SUPPORTED || sw == TD_SW_NO_DIAGNOSIS;
}

/* One elementary file being read, across secure-messaging sessions. */
typedef struct {
	guint16 fid;
	gboolean needs_session; /* read under secure messaging */
	GByteArray *content;
	gsize total;		/* 0 until the first answer gave the length */
	gboolean selected;	/* the file is the chip's current EF */
	gboolean sfi_not_found; /* 6A82 to the SFI read: SELECT decides */
	guint16 last_sw;
	guint reopens;		/* new sessions opened for this file's sake */
} TdFileRead;

typedef enum {
	TD_CHUNK_OK,	       /* data appended */
	TD_CHUNK_RETRY,	       /* nothing read; ask again (another way) */
	TD_CHUNK_SESSION_LOST, /* secure messaging ended: open it again */
	TD_CHUNK_ERROR,
} TdChunkResult;

static gboolean
session_lost(TdChipReader *reader, const TdFileRead *file)
{
	return file->needs_session && td_card_channel_get_sm(reader->channel) == NULL;
}

/* A bare 6982 is what a chip without a session answers a protected
 * command: it ended secure messaging, or lost it when the reader
 * re-activated it (an RF glitch). That says nothing of the file yet; under
 * a new session its answer is its own (DG3 answers 6982 there too). */
static gboolean
is_lost_session_refusal(TdChipReader *reader, const TdFileRead *file, guint16 sw)
{
	return sw == TD_SW_SECURITY_NOT_SATISFIED && file->reopens == 0 && session_lost(reader, file);
}

static void
set_status_error(GError **error, const gchar *doing, guint16 fid, guint16 sw)
{
	switch (sw) {
	case TD_SW_FILE_NOT_FOUND:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_FILE_NOT_FOUND, "%s is not on this card", td_file_name(fid));
		return;
	case TD_SW_SECURITY_NOT_SATISFIED:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_ACCESS_DENIED,
			    "%s %s needs access rights this kiosk does not have", doing, td_file_name(fid));
		return;
	default:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_STATUS, "%s %s: the card answered %04X (%s)", doing,
			    td_file_name(fid), sw, td_sw_describe(sw));
		return;
	}
}

/* A send that ended the session with a secure-messaging error is a session
 * to open again, not a failure of the read. */
static TdChunkResult
send_failed(TdChipReader *reader, TdFileRead *file, GError *send_error, GError **error)
{
	if (session_lost(reader, file) && g_error_matches(send_error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING)) {
		g_debug("%s: %s; opening secure messaging again", td_file_name(file->fid), send_error->message);
		g_error_free(send_error);
		return TD_CHUNK_SESSION_LOST;
	}
	g_propagate_error(error, send_error);
	return TD_CHUNK_ERROR;
}

/* EF.CardAccess lives in the MF; a chip that comes up with the eMRTD
 * application selected (where another program left it) finds it neither
 * by short identifier nor by SELECT from there. Selecting the MF first
 * costs every chip a command, so it is done only once the file was not
 * found: a BAC-only chip pays three more commands, a chip that has PACE
 * is not taken for one without. Any answer to SELECT MF will do (gmrtd
 * meets a long list of refusals from chips that still read). */
static TdResponse *
select_card_access_from_mf(TdChipReader *reader, GBytes *fid, GCancellable *cancellable, GError **error)
{
	g_autoptr(TdResponse) mf = td_chip_reader_send(reader, 0xA4, 0x00, 0x0C, NULL, -1, FALSE, cancellable, error);

	if (mf == NULL)
		return NULL;
	return td_chip_reader_send(reader, 0xA4, 0x02, 0x0C, fid, -1, FALSE, cancellable, error);
}

static TdChunkResult
select_file(TdChipReader *reader, TdFileRead *file, GCancellable *cancellable, GError **error)
{
	guint8 fid_bytes[2] = {file->fid >> 8, file->fid & 0xff};
	g_autoptr(GBytes) data = g_bytes_new(fid_bytes, 2);
	g_autoptr(TdResponse) resp = NULL;
	GError *send_error = NULL;

	resp = td_chip_reader_send(reader, 0xA4, 0x02, 0x0C, data, -1, FALSE, cancellable, &send_error);
	if (resp != NULL && resp->sw == TD_SW_FILE_NOT_FOUND && file->fid == TD_FILE_CARD_ACCESS && !file->needs_session) {
		g_clear_pointer(&resp, td_response_free);
		resp = select_card_access_from_mf(reader, data, cancellable, &send_error);
	}
	if (resp == NULL)
		return send_failed(reader, file, send_error, error);
	if (is_lost_session_refusal(reader, file, resp->sw))
		return TD_CHUNK_SESSION_LOST;
	if (resp->sw != TD_SW_OK) {
		set_status_error(error, "selecting", file->fid, resp->sw);
		return TD_CHUNK_ERROR;
	}
	/* The chip has the file but not under its short identifier: SELECT
	 * it is, for the rest of the card. Not for EF.CardAccess: a chip
	 * that does not serve that one by SFI (JMRTD never asks for it so:
	 * "some passports don't") or that had its application selected says
	 * nothing of the others. */
	if (file->sfi_not_found && file->fid != TD_FILE_CARD_ACCESS) {
		reader->sfi_refused = TRUE;
		reader->sfi_refusal_sw = TD_SW_FILE_NOT_FOUND;
		file->sfi_not_found = FALSE;
	}
	file->selected = TRUE;
	return TD_CHUNK_OK;
}

static gboolean
step_le_down(TdChipReader *reader, guint refused_le)
{
	for (guint i = 0; i < G_N_ELEMENTS(le_steps); i++) {
		if (le_steps[i] < refused_le && le_steps[i] < reader->max_le) {
			reader->max_le = le_steps[i];
			return TRUE;
		}
	}
	return FALSE;
}

/* The largest Le to ask for now: extended where the link and the chip take
 * it, otherwise the short limit (lower under secure messaging). */
static guint
current_chunk(TdChipReader *reader, gboolean *extended)
{
	gsize ext = td_transport_get_max_extended_length(td_chip_reader_get_transport(reader));
	guint limit = reader->max_le;

	*extended = FALSE;
	if (reader->extended_allowed && !reader->extended_failed && ext > 512) {
		*extended = TRUE;
		/* Leave room for the SM objects and the status word. */
		return (guint)MIN(ext - 64, reader->max_extended_le);
	}
	if (td_card_channel_get_sm(reader->channel) != NULL)
		limit = MIN(limit, TD_SM_SHORT_LE);
	return limit;
}

/* A refused Le (6700, 6Cxx, 6282 without data): lower what we ask for,
 * remembered for the rest of the card. FALSE when there is nothing lower
 * left to try. */
static gboolean
lower_le(TdChipReader *reader, guint16 sw, guint le, gboolean extended)
{
	if (extended) {
		/* 6Cxx says the chip parsed the extended Le and wants less:
		 * halve, down to 512 (below that short APDUs do as well).
		 * Anything else (6700, 6282 without data) is what a chip
		 * answers an APDU form it does not take, whatever its Le: the
		 * reader's ATR offered extended length, the chip has none.
		 * Halving would cost seven more refusals (one new secure-
		 * messaging session each on a chip that ends it), so short
		 * APDUs it is, for the rest of the card. */
		if ((sw & 0xff00) != 0x6C00) {
			reader->extended_failed = TRUE;
			return TRUE;
		}
		reader->max_extended_le = MIN(reader->max_extended_le, le) / 2;
		if (reader->max_extended_le < 512)
			reader->extended_failed = TRUE;
		return TRUE;
	}
	if ((sw & 0xff00) == 0x6C00 && (sw & 0xff) != 0 && (sw & 0xff) < le) {
		reader->max_le = sw & 0xff;
		return TRUE;
	}
	return step_le_down(reader, le);
}

static gboolean
is_le_refusal(guint16 sw, gsize data_len)
{
	return sw == TD_SW_WRONG_LENGTH || (sw & 0xff00) == 0x6C00 || (sw == TD_SW_WARNING_EOF && data_len == 0);
}

/* Appends one answer's data; the first answer's tag and length give the
 * file's size. */
static gboolean
take_chunk(TdFileRead *file, GBytes *chunk, GError **error)
{
	gsize len = 0, header_len = 0, value_len = 0;
	const guint8 *data = g_bytes_get_data(chunk, &len);

	if (len == 0) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s: the card returned no data at offset %u",
			    td_file_name(file->fid), file->content->len);
		return FALSE;
	}
	g_byte_array_append(file->content, data, (guint)len);
	if (file->total == 0) {
		if (!td_tlv_header_size(file->content->data, file->content->len, &header_len, &value_len)) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
				    "%s does not start with a valid tag and length", td_file_name(file->fid));
			return FALSE;
		}
		file->total = header_len + value_len;
		if (file->total > TD_MAX_FILE_SIZE) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
				    "%s claims %" G_GSIZE_FORMAT " bytes, more than any ID card file", td_file_name(file->fid),
				    file->total);
			return FALSE;
		}
		/* the whole file's room at once: a buffer grown chunk by
		 * chunk leaves each smaller copy of the personal data it held
		 * in freed memory, unwiped */
		if (file->total > file->content->len) {
			GByteArray *whole = g_byte_array_sized_new((guint)file->total);

			g_byte_array_append(whole, file->content->data, file->content->len);
			td_memwipe(file->content->data, file->content->len);
			g_byte_array_unref(file->content);
			file->content = whole;
		}
	}
	if (file->content->len > file->total)
		g_byte_array_set_size(file->content, (guint)file->total); /* chip sent padding past the TLV */
	if (file->last_sw == TD_SW_WARNING_EOF && file->content->len < file->total) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "%s ends at %u bytes but its length says %" G_GSIZE_FORMAT,
			    td_file_name(file->fid), file->content->len, file->total);
		return FALSE;
	}
	return TRUE;
}

/* READ BINARY B1's command data: the offset as DO'54', in as few bytes
 * as hold it (ISO/IEC 7816-4 §11.2.3). */
static GBytes *
odd_read_offset(gsize offset)
{
	guint8 value[3] = {(offset >> 16) & 0xff, (offset >> 8) & 0xff, offset & 0xff};
	gsize skip = offset > 0xffff ? 0 : 1;
	g_autoptr(GByteArray) out = g_byte_array_new();

	td_tlv_append(out, 0x54, value + skip, sizeof(value) - skip);
	return g_byte_array_free_to_bytes(g_steal_pointer(&out));
}

/* What B1's answer spends on DO'53''s tag and length around n bytes: an
 * Le of exactly the rest (a chip may refuse one past the file's end) */
static gsize
odd_read_header(gsize n)
{
	return n < 0x80 ? 2 : n < 0x100 ? 3 : 4;
}

/* B1's answer: the file's bytes inside one DO'53'. */
static GBytes *
odd_read_data(const TdFileRead *file, GBytes *answer, GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(answer, &len);
	TdTlv tlv;

	if (!td_tlv_parse_expect(data, len, 0x53, &tlv, error)) {
		g_prefix_error(error, "%s at offset %u, READ BINARY B1's answer: ", td_file_name(file->fid),
			       file->content->len);
		return NULL;
	}
	return g_bytes_new_from_bytes(answer, (gsize)(tlv.value - data), tlv.length);
}

/* The tag and length of any ID card file fit here (JMRTD reads as many). */
#define TD_FILE_HEADER_LE 8

/* A refusal of the first read of a file whose size is not known yet may be
 * about its end, not about Le: the Le asked for can reach past a small file
 * (EF.CardAccess, DG15, DG1), and ISO 7816-4 lets a chip answer that with
 * 6700 (or 6282 and no data) where it serves the same Le inside a larger
 * file. */
static gboolean
is_refusal_past_unknown_end(const TdFileRead *file, guint16 sw, gsize data_len, guint le, gboolean extended)
{
	return file->total == 0 && !extended && le > TD_FILE_HEADER_LE &&
	       (sw == TD_SW_WRONG_LENGTH || (sw == TD_SW_WARNING_EOF && data_len == 0));
}

/* One READ BINARY the chip accepted, with the Le negotiation done: 6700,
 * 6Cxx and 6282 without data step Le down and ask again at the same offset
 * (every try is a fresh wrap, so the counters stay in step). A first read
 * refused before the file's size is known asks for the header alone, and
 * lowers the card's Le only if a read inside the file is refused too, or
 * if the refusal ended secure messaging.
 * sfi != 0 reads by short EF identifier, which also selects the file. */
static TdChunkResult
read_chunk(TdChipReader *reader, TdFileRead *file, guint8 sfi, GCancellable *cancellable, GError **error)
{
	gsize offset = file->content->len;
	/* past 32767 (a large face image): the offset in the command's data,
	 * of the current file (selected, or read by its short identifier:
	 * read_next_chunk gives no sfi this far in), as JMRTD reads it */
	gboolean odd = offset > TD_MAX_PLAIN_OFFSET;
	g_autoptr(GBytes) odd_offset = odd ? odd_read_offset(offset) : NULL;
	guint exact_le = 0; /* from 6Cxx: the Le for this command only */
	gboolean header_only = reader->past_end_suspected && file->total == 0;

	for (;;) {
		gboolean extended = FALSE;
		guint chunk = current_chunk(reader, &extended);
		gsize rest = file->total - offset;
		gsize wanted = file->total == 0 ? G_MAXUINT16 : rest + (odd ? odd_read_header(rest) : 0);
		guint le = exact_le != 0 ? exact_le
			   : header_only ? MIN(TD_FILE_HEADER_LE, chunk)
					 : (guint)MIN((gsize)chunk, wanted);
		guint8 p1 = sfi != 0 ? (guint8)(0x80 | sfi) : (guint8)((offset >> 8) & 0x7f);
		g_autoptr(TdResponse) resp = NULL;
		GError *send_error = NULL;
		gboolean lost;
		guint16 sw;

		if (odd)
			resp = td_chip_reader_send(reader, 0xB1, 0x00, 0x00, odd_offset, (gint)le, extended, cancellable,
						   &send_error);
		else
			resp = td_chip_reader_send(reader, 0xB0, p1, offset & 0xff, NULL, (gint)le, extended, cancellable,
						   &send_error);
		if (resp == NULL)
			return send_failed(reader, file, send_error, error);
		sw = resp->sw;
		lost = session_lost(reader, file);
		if (sw == TD_SW_OK || (sw == TD_SW_WARNING_EOF && g_bytes_get_size(resp->data) > 0)) {
			g_autoptr(GBytes) data = odd ? odd_read_data(file, resp->data, error) : g_bytes_ref(resp->data);

			if (data == NULL)
				return TD_CHUNK_ERROR;
			file->last_sw = sw;
			file->selected = TRUE;
			if (!take_chunk(file, data, error))
				return TD_CHUNK_ERROR;
			/* 6Cxx names what is there to read: the chip's limit
			 * only if the file goes on past it. */
			if (exact_le != 0 && file->content->len < file->total)
				reader->max_le = MIN(reader->max_le, exact_le);
			return TD_CHUNK_OK;
		}
		if (!header_only && is_refusal_past_unknown_end(file, sw, g_bytes_get_size(resp->data), le, extended)) {
			g_debug("%s: Le %u refused (%04X) before the size is known; reading headers alone first",
				td_file_name(file->fid), le, sw);
			reader->past_end_suspected = TRUE;
			header_only = TRUE;
			exact_le = 0;
			/* A bare refusal that ended the session is taken as a
			 * limit too (below): the file has one new session, and
			 * a chip with a real limit that ends sessions on it
			 * (DOMAIN.md §2) must not need a second; the header
			 * still goes first in the new one. */
			if (!lost)
				continue;
		} else if (file->total != 0 && is_le_refusal(sw, g_bytes_get_size(resp->data))) {
			/* refused inside the file: the chip's limit after all */
			reader->past_end_suspected = FALSE;
		}
		if (!lost && !extended && (sw & 0xff00) == 0x6C00 && (sw & 0xff) != 0 && (sw & 0xff) < le) {
			exact_le = sw & 0xff;
			continue;
		}
		if (is_le_refusal(sw, g_bytes_get_size(resp->data)) && lower_le(reader, sw, le, extended)) {
			/* A bare refusal ended the session: the smaller Le goes
			 * out under a new one. A new session costs several
			 * commands and a file gets one, so step down twice
			 * (223 -> 128): a chip that refuses again costs the
			 * read. */
			if (lost) {
				if (!extended && (sw & 0xff00) != 0x6C00)
					step_le_down(reader, reader->max_le);
				return TD_CHUNK_SESSION_LOST;
			}
			continue;
		}
		/* an extended READ answered as a command the chip cannot
		 * parse: the reader's ATR offered extended length, the chip
		 * has none (DOMAIN.md: short APDUs only in every public
		 * reader seen). Short APDUs for the rest of the card, asked
		 * before the answer is taken for a refused short EF
		 * identifier: 6A86 and 6D00 were, and the read then failed on
		 * the SELECT that followed; 6E00 and 6F00 failed it at once */
		if (extended && is_extended_refusal(sw)) {
			g_debug("%s: extended READ BINARY refused (%04X); short ones from now on", td_file_name(file->fid),
				sw);
			reader->extended_failed = TRUE;
			if (lost)
				return TD_CHUNK_SESSION_LOST;
			continue;
		}
		if (sfi != 0 && is_sfi_refusal(sw)) {
			g_debug("%s: no reading by short EF identifier (%04X); selecting files from now on",
				td_file_name(file->fid), sw);
			reader->sfi_refused = TRUE;
			reader->sfi_refusal_sw = sw;
			return lost ? TD_CHUNK_SESSION_LOST : TD_CHUNK_RETRY;
		}
		if (sfi != 0 && sw == TD_SW_FILE_NOT_FOUND) {
			/* Not there, or not reachable by SFI: SELECT tells. */
			file->sfi_not_found = TRUE;
			return lost ? TD_CHUNK_SESSION_LOST : TD_CHUNK_RETRY;
		}
		if (is_lost_session_refusal(reader, file, sw))
			return TD_CHUNK_SESSION_LOST;
		set_status_error(error, "reading", file->fid, sw);
		g_prefix_error(error, "at offset %" G_GSIZE_FORMAT ": ", offset);
		return TD_CHUNK_ERROR;
	}
}

/* The next piece of the file by the fewest commands: READ BINARY by short
 * EF identifier while the offset fits P2 and the chip has not refused it,
 * otherwise SELECT once and READ BINARY by offset. */
static TdChunkResult
read_next_chunk(TdChipReader *reader, TdFileRead *file, GCancellable *cancellable, GError **error)
{
	guint8 sfi = short_file_id(file->fid);

	if (!file->selected) {
		TdChunkResult result;

		if (sfi != 0 && !reader->sfi_refused && !file->sfi_not_found && file->content->len <= 0xff)
			return read_chunk(reader, file, sfi, cancellable, error);
		result = select_file(reader, file, cancellable, error);
		if (result != TD_CHUNK_OK)
			return result;
	}
	return read_chunk(reader, file, 0, cancellable, error);
}

/* A whole file, across as many secure-messaging sessions as the limits
 * allow: one new session per file (a chip that ends the next one too will
 * not read this file), TD_MAX_REOPENS_PER_CARD per card. */
GBytes *
td_chip_reader_read_whole_file(TdChipReader *reader, guint16 fid, gboolean needs_session, GCancellable *cancellable, GError **error)
{
	/* its first chunk's room, then the whole file's (take_chunk) */
	TdFileRead file = {.fid = fid, .needs_session = needs_session, .content = g_byte_array_new()};
	gboolean started = FALSE;
	GBytes *result = NULL;

	while (file.total == 0 || file.content->len < file.total) {
		TdChunkResult chunk;

		if (session_lost(reader, &file)) {
			/* Ended by this file's commands, or by an earlier one
			 * (only the first counts against this file). */
			if (started && ++file.reopens > TD_MAX_REOPENS_PER_FILE) {
				g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
					    "%s: the card ended secure messaging again in a new session", td_file_name(fid));
				goto out;
			}
			if (!td_chip_reader_reopen_session(reader, cancellable, error)) {
				g_prefix_error(error, "%s: ", td_file_name(fid));
				goto out;
			}
			file.selected = FALSE;
		}
		started = TRUE;
		chunk = read_next_chunk(reader, &file, cancellable, error);
		if (chunk == TD_CHUNK_ERROR)
			goto out;
	}
	result = td_secret_bytes_new(file.content->data, file.content->len);
out:
	td_memwipe(file.content->data, file.content->len);
	g_byte_array_unref(file.content);
	return result;
}
