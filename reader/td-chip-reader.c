/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-bac.h"
#include "td-chip-reader.h"
#include "td-lds-files.h"
#include "td-pace.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-tlv.h"

/* No data group of an ID card comes near this; a chip that claims more is
 * broken or hostile, and we will not loop reading it. */
#define TD_MAX_FILE_SIZE (256 * 1024)
/* READ BINARY with a plain offset reaches 32767 (ISO 7816-4: P1 bit 8 must
 * be 0 for an offset). */
#define TD_MAX_PLAIN_OFFSET 0x7FFF
/* The largest short Le whose protected answer (DO'87' + padding + DO'99' +
 * DO'8E') still fits 256 bytes, for 3DES and AES alike. */
#define TD_SM_SHORT_LE 223
/* Seen on real chips and readers: step down through these on 6700. */
static const guint le_steps[] = {256, 223, 160, 128, 96, 64, 32, 16};

struct _TdChipReader {
	TdCardChannel *channel;
	GHashTable *files; /* GUINT_TO_POINTER(fid) -> GBytes (wiped on free) */
	GPtrArray *steps;
	GBytes *card_access;
	TdAccessKey access_key;
	gboolean opened;
	gboolean used_pace;
	guint keys_tried;
	guint max_le;		 /* the largest short Le the chip takes */
	gboolean extended_allowed;
	gboolean extended_failed; /* the chip refuses extended Le altogether */
	guint max_extended_le;	  /* the largest extended Le not yet refused */
	TdTransportStats step_start;
};

static void
step_free(gpointer data)
{
	TdChipReadStep *step = data;
	g_free(step->name);
	g_free(step);
}

TdChipReader *
td_chip_reader_new(TdTransport *transport)
{
	TdChipReader *reader = g_new0(TdChipReader, 1);
	reader->channel = td_card_channel_new(transport);
	reader->files = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_bytes_unref);
	reader->steps = g_ptr_array_new_with_free_func(step_free);
	reader->max_le = 256;
	reader->max_extended_le = 0xFF00;
	reader->extended_allowed = TRUE;
	return reader;
}

void
td_chip_reader_free(TdChipReader *reader)
{
	if (reader == NULL)
		return;
	g_hash_table_unref(reader->files);
	g_ptr_array_unref(reader->steps);
	g_clear_pointer(&reader->card_access, g_bytes_unref);
	td_card_channel_free(reader->channel);
	td_memwipe(&reader->access_key, sizeof(reader->access_key));
	g_free(reader);
}

void
td_chip_reader_set_extended_length_allowed(TdChipReader *reader, gboolean allowed)
{
	reader->extended_allowed = allowed;
}

static TdTransport *
transport_of(TdChipReader *reader)
{
	return td_card_channel_get_transport(reader->channel);
}

static void
step_begin(TdChipReader *reader)
{
	td_transport_get_stats(transport_of(reader), &reader->step_start);
}

static void
step_end(TdChipReader *reader, const gchar *name, gsize file_size)
{
	TdTransportStats now;
	TdChipReadStep *step = g_new0(TdChipReadStep, 1);

	td_transport_get_stats(transport_of(reader), &now);
	step->name = g_strdup(name);
	step->apdu_count = now.apdu_count - reader->step_start.apdu_count;
	step->bytes_sent = now.bytes_sent - reader->step_start.bytes_sent;
	step->bytes_received = now.bytes_received - reader->step_start.bytes_received;
	step->elapsed_us = now.elapsed_us - reader->step_start.elapsed_us;
	step->file_size = file_size;
	g_ptr_array_add(reader->steps, step);
}

static TdResponse *
send(TdChipReader *reader, guint8 ins, guint8 p1, guint8 p2, GBytes *data, gint le, gboolean extended,
     GCancellable *cancellable, GError **error)
{
	g_autoptr(TdApdu) apdu = td_apdu_new(0x00, ins, p1, p2, data, le);
	apdu->extended = extended;
	return td_card_channel_send(reader->channel, apdu, cancellable, error);
}

static gboolean
select_file(TdChipReader *reader, guint16 fid, GCancellable *cancellable, GError **error)
{
	guint8 fid_bytes[2] = {fid >> 8, fid & 0xff};
	g_autoptr(GBytes) data = g_bytes_new(fid_bytes, 2);
	g_autoptr(TdResponse) resp = send(reader, 0xA4, 0x02, 0x0C, data, -1, FALSE, cancellable, error);

	if (resp == NULL)
		return FALSE;
	switch (resp->sw) {
	case TD_SW_OK:
		return TRUE;
	case TD_SW_FILE_NOT_FOUND:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_FILE_NOT_FOUND, "%s is not on this card", td_file_name(fid));
		return FALSE;
	case TD_SW_SECURITY_NOT_SATISFIED:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_ACCESS_DENIED,
			    "%s needs access rights this kiosk does not have", td_file_name(fid));
		return FALSE;
	default:
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_STATUS, "selecting %s: the card answered %04X (%s)",
			    td_file_name(fid), resp->sw, td_sw_describe(resp->sw));
		return FALSE;
	}
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
	gsize ext = td_transport_get_max_extended_length(transport_of(reader));
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

/* One READ BINARY that the chip accepted, with the Le negotiation done:
 * 6700 and 6Cxx, and 6282 without data, step Le down and try again at the
 * same offset. The SSC stays in step because every try is a fresh wrap. */
static GBytes *
read_chunk(TdChipReader *reader, guint16 fid, gsize offset, gsize wanted, guint16 *sw_out, GCancellable *cancellable,
	   GError **error)
{
	if (offset > TD_MAX_PLAIN_OFFSET) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
			    "%s is larger than 32 KiB, which needs READ BINARY with an odd instruction", td_file_name(fid));
		return NULL;
	}
	for (;;) {
		gboolean extended = FALSE;
		guint chunk = current_chunk(reader, &extended);
		guint le = (guint)MIN((gsize)chunk, wanted);
		g_autoptr(TdResponse) resp = NULL;
		guint16 sw;

		resp = send(reader, 0xB0, (offset >> 8) & 0x7f, offset & 0xff, NULL, (gint)le, extended, cancellable, error);
		if (resp == NULL)
			return NULL;
		sw = resp->sw;
		if (sw == TD_SW_OK || (sw == TD_SW_WARNING_EOF && g_bytes_get_size(resp->data) > 0)) {
			*sw_out = sw;
			return g_bytes_ref(resp->data);
		}
		if (sw == TD_SW_WRONG_LENGTH || sw == TD_SW_WARNING_EOF || (sw & 0xff00) == 0x6C00) {
			if (extended) {
				/* Halve down to 512; below that short APDUs do
				 * as well, so stop asking for extended ones. */
				reader->max_extended_le = MIN(reader->max_extended_le, le) / 2;
				if (reader->max_extended_le < 512)
					reader->extended_failed = TRUE;
				continue;
			}
			if ((sw & 0xff00) == 0x6C00 && (sw & 0xff) != 0 && (sw & 0xff) < le) {
				reader->max_le = sw & 0xff;
				continue;
			}
			if (step_le_down(reader, le))
				continue;
		}
		if (sw == TD_SW_SECURITY_NOT_SATISFIED) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_ACCESS_DENIED,
				    "reading %s needs access rights this kiosk does not have", td_file_name(fid));
			return NULL;
		}
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_CARD_STATUS, "reading %s at offset %" G_GSIZE_FORMAT
			    ": the card answered %04X (%s)", td_file_name(fid), offset, sw, td_sw_describe(sw));
		return NULL;
	}
}

static GBytes *
read_selected_file(TdChipReader *reader, guint16 fid, GCancellable *cancellable, GError **error)
{
	g_autoptr(GByteArray) content = g_byte_array_new();
	gsize header_len = 0, value_len = 0, total = 0;
	GBytes *result;
	guint16 sw = 0;

	/* The first read asks for as much as the chip serves: most files then
	 * need no second command, and its first bytes give the length. */
	while (total == 0 || content->len < total) {
		gsize wanted = total == 0 ? G_MAXUINT16 : total - content->len;
		g_autoptr(GBytes) chunk = read_chunk(reader, fid, content->len, wanted, &sw, cancellable, error);
		gsize len = 0;
		const guint8 *data;

		if (chunk == NULL)
			goto fail;
		data = g_bytes_get_data(chunk, &len);
		if (len == 0) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
				    "%s: the card returned no data at offset %u", td_file_name(fid), content->len);
			goto fail;
		}
		g_byte_array_append(content, data, len);
		if (total == 0) {
			if (!td_tlv_header_size(content->data, content->len, &header_len, &value_len)) {
				g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
					    "%s does not start with a valid tag and length", td_file_name(fid));
				goto fail;
			}
			total = header_len + value_len;
			if (total > TD_MAX_FILE_SIZE) {
				g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
					    "%s claims %" G_GSIZE_FORMAT " bytes, more than any ID card file", td_file_name(fid),
					    total);
				goto fail;
			}
		}
		if (content->len > total)
			g_byte_array_set_size(content, (guint)total); /* chip sent padding past the TLV */
		if (sw == TD_SW_WARNING_EOF && content->len < total) {
			g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED,
				    "%s ends at %u bytes but its length says %" G_GSIZE_FORMAT, td_file_name(fid), content->len,
				    total);
			goto fail;
		}
	}
	result = td_secret_bytes_new(content->data, content->len);
	td_memwipe(content->data, content->len);
	return result;
fail:
	td_memwipe(content->data, content->len);
	return NULL;
}

GBytes *
td_chip_reader_read_file(TdChipReader *reader, guint16 fid, GCancellable *cancellable, GError **error)
{
	GBytes *cached = g_hash_table_lookup(reader->files, GUINT_TO_POINTER(fid));
	g_autoptr(GBytes) content = NULL;

	if (cached != NULL)
		return g_bytes_ref(cached);
	step_begin(reader);
	if (!select_file(reader, fid, cancellable, error)) {
		step_end(reader, td_file_name(fid), 0);
		return NULL;
	}
	content = read_selected_file(reader, fid, cancellable, error);
	step_end(reader, td_file_name(fid), content != NULL ? g_bytes_get_size(content) : 0);
	if (content == NULL)
		return NULL;
	g_hash_table_insert(reader->files, GUINT_TO_POINTER(fid), g_bytes_ref(content));
	return g_steal_pointer(&content);
}

static gboolean
select_application(TdChipReader *reader, GCancellable *cancellable, GError **error)
{
	g_autoptr(GBytes) aid = g_bytes_new_static(TD_EMRTD_AID, TD_EMRTD_AID_LEN);
	g_autoptr(TdResponse) resp = send(reader, 0xA4, 0x04, 0x0C, aid, -1, FALSE, cancellable, error);

	if (resp == NULL)
		return FALSE;
	if (resp->sw != TD_SW_OK) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED,
			    "this card has no ID card (eMRTD) application (%04X)", resp->sw);
		return FALSE;
	}
	return TRUE;
}

/* EF.CardAccess sits in the master file and is read in the clear; its
 * absence just means no PACE. */
static void
read_card_access(TdChipReader *reader, GCancellable *cancellable)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) card_access = NULL;

	step_begin(reader);
	if (select_file(reader, TD_FILE_CARD_ACCESS, cancellable, &error_local))
		card_access = read_selected_file(reader, TD_FILE_CARD_ACCESS, cancellable, &error_local);
	step_end(reader, "EF.CardAccess", card_access != NULL ? g_bytes_get_size(card_access) : 0);
	if (card_access != NULL)
		reader->card_access = g_steal_pointer(&card_access);
	else
		g_debug("no EF.CardAccess: %s", error_local->message);
}

static gboolean
is_fatal(const GError *error)
{
	/* Only a refused key lets us try the next one; a removed card, a dead
	 * pcscd or a cancel ends the attempt. */
	return !g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY) &&
	       !g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_NOT_SUPPORTED);
}

gboolean
td_chip_reader_open(TdChipReader *reader, const TdAccessKeyList *keys, GCancellable *cancellable, GError **error)
{
	g_autoptr(GError) last_error = NULL;
	gboolean tried_card_access = FALSE;
	gboolean app_selected = FALSE;

	g_return_val_if_fail(!reader->opened, FALSE);

	for (guint i = 0; i < td_access_key_list_get_length(keys); i++) {
		const TdAccessKey *key = td_access_key_list_get(keys, i);
		g_autoptr(GError) error_local = NULL;
		TdSm *sm = NULL;

		if (key->kind == TD_ACCESS_KEY_PACE_CAN || key->kind == TD_ACCESS_KEY_PACE_MRZ) {
			if (!tried_card_access) {
				read_card_access(reader, cancellable);
				tried_card_access = TRUE;
				if (g_cancellable_set_error_if_cancelled(cancellable, error))
					return FALSE;
			}
			if (reader->card_access == NULL)
				continue;
			reader->keys_tried++;
			step_begin(reader);
			sm = td_pace_authenticate(transport_of(reader), reader->card_access, key, cancellable, &error_local);
			step_end(reader, "PACE", 0);
			if (sm != NULL) {
				td_card_channel_set_sm(reader->channel, sm);
				if (!select_application(reader, cancellable, error))
					return FALSE;
				reader->used_pace = TRUE;
			}
		} else {
			if (!app_selected) {
				if (!select_application(reader, cancellable, error))
					return FALSE;
				app_selected = TRUE;
			}
			reader->keys_tried++;
			step_begin(reader);
			sm = td_bac_authenticate(transport_of(reader), key, cancellable, &error_local);
			step_end(reader, "BAC", 0);
			if (sm != NULL)
				td_card_channel_set_sm(reader->channel, sm);
		}
		if (sm != NULL) {
			reader->access_key = *key;
			reader->opened = TRUE;
			return TRUE;
		}
		if (is_fatal(error_local)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
		g_debug("access key %u (%s) refused: %s", i + 1, td_access_key_kind_to_string(key->kind),
			error_local->message);
		g_clear_error(&last_error);
		last_error = g_steal_pointer(&error_local);
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
		    "the card refused every access key tried (%u): check the ID number and dates", reader->keys_tried);
	return FALSE;
}

const TdAccessKey *
td_chip_reader_get_access_key(TdChipReader *reader)
{
	return reader->opened ? &reader->access_key : NULL;
}

const gchar *
td_chip_reader_get_access_method(TdChipReader *reader)
{
	if (!reader->opened)
		return NULL;
	return reader->used_pace ? "PACE" : "BAC";
}

guint
td_chip_reader_get_keys_tried(TdChipReader *reader)
{
	return reader->keys_tried;
}

GHashTable *
td_chip_reader_get_files(TdChipReader *reader)
{
	return reader->files;
}

TdCardChannel *
td_chip_reader_get_channel(TdChipReader *reader)
{
	return reader->channel;
}

GBytes *
td_chip_reader_get_card_access(TdChipReader *reader)
{
	return reader->card_access;
}

GPtrArray *
td_chip_reader_get_steps(TdChipReader *reader)
{
	return reader->steps;
}

guint
td_chip_reader_get_max_le(TdChipReader *reader)
{
	return reader->max_le;
}
