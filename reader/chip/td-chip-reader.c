/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-bac.h"
#include "td-chip-reader-private.h"
#include "td-lds-files.h"
#include "td-pace.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-security-infos.h"

static void
step_free(gpointer data)
{
	TdChipReadStep *step = data;
	g_free(step->name);
	g_clear_pointer(&step->status_words, g_array_unref);
	g_free(step);
}

TdChipReader *
td_chip_reader_new(TdTransport *transport)
{
	TdChipReader *reader = g_new0(TdChipReader, 1);
	reader->channel = td_card_channel_new(transport);
	reader->files = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_bytes_unref);
	reader->steps = g_ptr_array_new_with_free_func(step_free);
	reader->step_status_words = g_array_new(FALSE, FALSE, sizeof(guint32));
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
	g_array_unref(reader->step_status_words);
	g_clear_pointer(&reader->card_access, g_bytes_unref);
	g_clear_pointer(&reader->card_access_infos, td_security_infos_free);
	td_card_channel_free(reader->channel);
	td_memwipe(&reader->access_key, sizeof(reader->access_key));
	g_free(reader);
}

void
td_chip_reader_set_extended_length_allowed(TdChipReader *reader, gboolean allowed)
{
	reader->extended_allowed = allowed;
}

void
td_chip_reader_set_sfi_allowed(TdChipReader *reader, gboolean allowed)
{
	reader->sfi_refused = !allowed;
}

static void
step_begin(TdChipReader *reader)
{
	td_transport_get_stats(td_chip_reader_get_transport(reader), &reader->step_start);
	reader->step_reopens = 0;
	g_array_set_size(reader->step_status_words, 0);
}

static void
step_end(TdChipReader *reader, const gchar *name, gsize file_size)
{
	TdTransportStats now;
	TdChipReadStep *step = g_new0(TdChipReadStep, 1);

	td_transport_get_stats(td_chip_reader_get_transport(reader), &now);
	step->name = g_strdup(name);
	step->apdu_count = now.apdu_count - reader->step_start.apdu_count;
	step->bytes_sent = now.bytes_sent - reader->step_start.bytes_sent;
	step->bytes_received = now.bytes_received - reader->step_start.bytes_received;
	step->elapsed_us = now.elapsed_us - reader->step_start.elapsed_us;
	step->file_size = file_size;
	step->reopens = reader->step_reopens;
	step->status_words = g_array_copy(reader->step_status_words);
	g_ptr_array_add(reader->steps, step);
}

static gboolean select_application(TdChipReader *reader, GCancellable *cancellable, GError **error);

TdResponse *
td_chip_reader_send(TdChipReader *reader, guint8 ins, guint8 p1, guint8 p2, GBytes *data, gint le, gboolean extended,
		    GCancellable *cancellable, GError **error)
{
	g_autoptr(TdApdu) apdu = td_apdu_new(0x00, ins, p1, p2, data, le);
	gboolean protected = td_card_channel_get_sm(reader->channel) != NULL;
	TdResponse *resp;
	guint32 seen;

	apdu->extended = extended;
	resp = td_card_channel_send(reader->channel, apdu, cancellable, error);
	/* Kept for the structure dump: what the chip answered, and whether
	 * it dropped secure messaging to say it. */
	if (resp != NULL) {
		seen = resp->sw;
		if (protected && td_card_channel_get_sm(reader->channel) == NULL)
			seen |= 0x10000;
		g_array_append_val(reader->step_status_words, seen);
	}
	return resp;
}
/* Secure messaging again with the key that opened the chip, after the chip
 * (or we) ended it. A plain command goes first, so a chip that still holds
 * the old session drops it before access control starts. */
gboolean
td_chip_reader_reopen_session(TdChipReader *reader, GCancellable *cancellable, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	TdSm *sm = NULL;

	if (reader->reopens >= TD_MAX_REOPENS_PER_CARD) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING,
			    "the card ended secure messaging %u times; giving up on it", reader->reopens + 1);
		return FALSE;
	}
	reader->reopens++;
	reader->step_reopens++;
	if (reader->used_pace) {
		g_autoptr(TdResponse) resp = td_chip_reader_send(reader, 0xA4, 0x00, 0x0C, NULL, -1, FALSE, cancellable, &error_local);
		if (resp == NULL && !g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING)) {
			g_propagate_error(error, g_steal_pointer(&error_local));
			return FALSE;
		}
		g_clear_error(&error_local);
		sm = td_pace_authenticate(td_chip_reader_get_transport(reader), reader->card_access_infos, &reader->access_key, cancellable,
					  error);
		if (sm == NULL)
			return FALSE;
		td_card_channel_set_sm(reader->channel, sm);
		return select_application(reader, cancellable, error);
	}
	if (!select_application(reader, cancellable, &error_local)) {
		/* The first plain command may only have ended the chip's old
		 * session; the second is answered for itself. */
		g_clear_error(&error_local);
		if (!select_application(reader, cancellable, error))
			return FALSE;
	}
	sm = td_bac_authenticate(td_chip_reader_get_transport(reader), &reader->access_key, cancellable, error);
	if (sm == NULL)
		return FALSE;
	td_card_channel_set_sm(reader->channel, sm);
	return TRUE;
}

gboolean
td_chip_reader_ensure_session(TdChipReader *reader, GCancellable *cancellable, GError **error)
{
	g_return_val_if_fail(reader->opened, FALSE);
	if (td_card_channel_get_sm(reader->channel) != NULL)
		return TRUE;
	return td_chip_reader_reopen_session(reader, cancellable, error);
}

GBytes *
td_chip_reader_read_file(TdChipReader *reader, guint16 fid, GCancellable *cancellable, GError **error)
{
	GBytes *cached = g_hash_table_lookup(reader->files, GUINT_TO_POINTER(fid));
	g_autoptr(GBytes) content = NULL;

	if (cached != NULL)
		return g_bytes_ref(cached);
	step_begin(reader);
	content = td_chip_reader_read_whole_file(reader, fid, reader->opened, cancellable, error);
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
	g_autoptr(TdResponse) resp = td_chip_reader_send(reader, 0xA4, 0x04, 0x0C, aid, -1, FALSE, cancellable, error);

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
 * absence just means no PACE. It is parsed here, once. A file that is not
 * a SET of SecurityInfos at all means no PACE either: ICAO 9303-11 §4.4
 * has the terminal fall back to BAC when PACE cannot be run, and the
 * patient's other keys may still open the chip. */
static void
read_card_access(TdChipReader *reader, GCancellable *cancellable)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) card_access = NULL;

	step_begin(reader);
	card_access = td_chip_reader_read_whole_file(reader, TD_FILE_CARD_ACCESS, FALSE, cancellable, &error_local);
	step_end(reader, "EF.CardAccess", card_access != NULL ? g_bytes_get_size(card_access) : 0);
	if (card_access == NULL) {
		g_debug("no EF.CardAccess: %s", error_local->message);
		return;
	}
	reader->card_access_infos = td_card_access_parse(card_access, &error_local);
	if (reader->card_access_infos == NULL)
		g_debug("EF.CardAccess unreadable, no PACE: %s", error_local->message);
	reader->card_access = g_steal_pointer(&card_access);
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
			if (reader->card_access_infos == NULL)
				continue;
			reader->keys_tried++;
			step_begin(reader);
			sm = td_pace_authenticate(td_chip_reader_get_transport(reader), reader->card_access_infos, key, cancellable,
						  &error_local);
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
			sm = td_bac_authenticate(td_chip_reader_get_transport(reader), key, cancellable, &error_local);
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
		if (g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY))
			reader->keys_refused++;
		g_debug("access key %u (%s) refused: %s", i + 1, td_access_key_kind_to_string(key->kind),
			error_local->message);
		g_clear_error(&last_error);
		last_error = g_steal_pointer(&error_local);
	}
	/* nothing was refused: the ID alone gives only PACE keys, and this
	 * chip has no PACE, or will not run it (older chips open by BAC
	 * only, which needs the birth date): say so, rather than "wrong
	 * number", which would have the patient type a right one again */
	if (reader->keys_refused == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_BAC_KEY_NEEDED,
				    "the chip opens by BAC only: the birth date is needed with the ID number");
		return FALSE;
	}
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY,
		    "the card refused every access key tried (%u): check the ID number and dates", reader->keys_refused);
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

guint
td_chip_reader_get_reopens(TdChipReader *reader)
{
	return reader->reopens;
}

gboolean
td_chip_reader_get_sfi_refused(TdChipReader *reader)
{
	return reader->sfi_refused;
}

guint16
td_chip_reader_get_sfi_refusal_sw(TdChipReader *reader)
{
	return reader->sfi_refusal_sw;
}
