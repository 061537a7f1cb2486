/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the virtual chip answers beyond its commands' own work: GET
 * RESPONSE, the size of a protected answer, refusals given bare under
 * secure messaging and what they do to the counters, and what a powered
 * (or re-activated) chip starts from. */
#include "config.h"

#include "td-apdu.h"
#include "td-sm.h"
#include "td-vchip-state.h"

GBytes *
td_vchip_encode_response(const guint8 *data, gsize len, guint16 sw)
{
	GByteArray *buf = g_byte_array_sized_new((guint)len + 2);
	guint8 sw_bytes[2] = {(guint8)(sw >> 8), (guint8)sw};
	if (len > 0)
		g_byte_array_append(buf, data, (guint)len);
	g_byte_array_append(buf, sw_bytes, 2);
	return g_byte_array_free_to_bytes(buf);
}

/* GET RESPONSE: the next part of a response that did not fit a short APDU
 * (an RSA active-authentication signature under SM). Allowed plain even in
 * an SM session: it belongs to the transport, not the application. */
GBytes *
td_vchip_process_get_response(TdVchip *chip, const TdApdu *cmd)
{
	gsize len = 0;
	const guint8 *data;
	gsize n;
	g_autoptr(GBytes) rest = NULL;
	GBytes *resp;

	if (chip->pending == NULL)
		return td_vchip_encode_response(NULL, 0, TD_SW_CONDITIONS_NOT_SATISFIED);
	data = g_bytes_get_data(chip->pending, &len);
	n = MIN(len, cmd->le < 0 ? 256 : (gsize)cmd->le);
	if (n == len) {
		resp = td_vchip_encode_response(data, n, chip->pending_sw);
		g_clear_pointer(&chip->pending, g_bytes_unref);
		return resp;
	}
	resp = td_vchip_encode_response(data, n, TD_SW_BYTES_REMAINING(len - n));
	rest = g_bytes_new_from_bytes(chip->pending, n, len - n);
	g_bytes_unref(chip->pending);
	chip->pending = g_steal_pointer(&rest);
	return resp;
}

/* ISO 7816-3 T=0 cannot carry data both ways in one exchange: to a command
 * with data and Le (case 4: every command under secure messaging, PACE's
 * GENERAL AUTHENTICATE) the chip answers 61xx and hands the data over by
 * GET RESPONSE. Contact and dual-interface readers pass that through to
 * PC/SC as it is. Answers without data, and GET RESPONSE's own, are left
 * as they are. */
GBytes *
td_vchip_answer_t0(TdVchip *chip, GBytes *command, GBytes *answer)
{
	gsize raw_len = 0, answer_len = 0;
	const guint8 *raw = g_bytes_get_data(command, &raw_len);
	const guint8 *data = g_bytes_get_data(answer, &answer_len);
	g_autoptr(TdApdu) cmd = td_apdu_decode(raw, raw_len, NULL);
	guint16 sw;

	if (!chip->profile->t0_get_response || cmd == NULL || cmd->ins == 0xC0 || cmd->data == NULL ||
	    g_bytes_get_size(cmd->data) == 0 || cmd->le < 0 || answer_len <= 2)
		return g_bytes_ref(answer);
	sw = (guint16)((data[answer_len - 2] << 8) | data[answer_len - 1]);
	if ((sw & 0xff00) == 0x6100) {
		/* already split (longer than a short answer): the first
		 * part goes by GET RESPONSE too */
		g_autoptr(GByteArray) all = g_byte_array_new();
		g_byte_array_append(all, data, (guint)answer_len - 2);
		g_byte_array_append(all, g_bytes_get_data(chip->pending, NULL), (guint)g_bytes_get_size(chip->pending));
		g_bytes_unref(chip->pending);
		chip->pending = g_byte_array_free_to_bytes(g_steal_pointer(&all));
	} else {
		g_clear_pointer(&chip->pending, g_bytes_unref);
		chip->pending = g_bytes_new(data, answer_len - 2);
		chip->pending_sw = sw;
	}
	return td_vchip_encode_response(NULL, 0, TD_SW_BYTES_REMAINING(MIN(g_bytes_get_size(chip->pending), 256)));
}

/* The size of a 3DES/AES-protected response with this much plain data. */
gsize
td_vchip_wrapped_size(TdVchip *chip, gsize plain_len)
{
	gsize size = 10; /* DO'8E' */
	if (!chip->profile->omit_do99)
		size += 4;
	if (plain_len > 0) {
		gsize bs = td_sm_get_block_size(chip->sm);
		gsize cipher = (plain_len / bs + 1) * bs;
		gsize value = 1 + cipher; /* padding-content indicator */
		size += 1 + (value < 0x80 ? 1 : value < 0x100 ? 2 : 3) + value;
	}
	return size;
}

/* Which answer, protected or bare, the chip gives this refusal under secure
 * messaging (the [variant] sm-wrong-length and sm-file-not-found); a 6282
 * without data is a too-large Le refused (too-large-le-sw=6282), one with
 * data the file's last block. */
TdVchipRefusalAnswer
td_vchip_refusal_answer(TdVchip *chip, const TdApdu *plain, guint16 sw, gsize data_len)
{
	if (chip->next_sm != NULL)
		return TD_VCHIP_ANSWER_PROTECTED;
	if (plain->ins == 0xB0 && sw == TD_SW_WARNING_EOF && data_len == 0)
		return chip->profile->sm_wrong_length;
	if (plain->ins == 0xB0 && (sw == TD_SW_WRONG_LENGTH || (sw & 0xFF00) == 0x6C00))
		return chip->profile->sm_wrong_length;
	if ((plain->ins == 0xB0 || plain->ins == 0xA4) && sw == TD_SW_FILE_NOT_FOUND)
		return chip->profile->sm_file_not_found;
	return TD_VCHIP_ANSWER_PROTECTED;
}

/* A bare status word on a protected command, and the send sequence counter
 * left as this make of chip leaves it. */
GBytes *
td_vchip_answer_bare(TdVchip *chip, TdVchipRefusalAnswer how, const guint8 *ssc_before, guint16 sw)
{
	switch (how) {
	case TD_VCHIP_ANSWER_BARE_COUNTED:
		td_sm_advance_ssc(chip->sm);
		break;
	case TD_VCHIP_ANSWER_BARE_NOT_COUNTED:
		td_sm_set_ssc(chip->sm, ssc_before, td_sm_get_block_size(chip->sm));
		break;
	case TD_VCHIP_ANSWER_BARE_SESSION_ENDED:
		td_vchip_drop_session(chip);
		break;
	case TD_VCHIP_ANSWER_BARE:
	case TD_VCHIP_ANSWER_PROTECTED:
	default:
		break;
	}
	return td_vchip_encode_response(NULL, 0, sw);
}

/* No session, as a chip is when powered (again): in the MF, or in the
 * eMRTD application where it comes up selected ([variant]
 * application-selected). */
void
td_vchip_restart(TdVchip *chip)
{
	td_vchip_drop_session(chip);
	g_clear_pointer(&chip->pending, g_bytes_unref);
	chip->current_df = chip->profile->application_selected ? TD_VCHIP_DF_EMRTD : TD_VCHIP_DF_MF;
	chip->selected_ef = 0;
}

/* The reader re-activated the card (an RF glitch, [variant]
 * reset-before-dg) before this command, the first to name that data group
 * (SELECT of its FID or READ BINARY by its short EF identifier), reached
 * it: the chip starts afresh and answers it as a chip without a session. */
gboolean
td_vchip_reader_resets_card(TdVchip *chip, const TdApdu *plain)
{
	guint dg = chip->profile->reset_before_dg;
	gsize len = 0;
	const guint8 *data = plain->data != NULL ? g_bytes_get_data(plain->data, &len) : NULL;
	gboolean names_dg;

	if (dg == 0 || chip->reader_reset_done)
		return FALSE;
	if (plain->ins == 0xA4 && plain->p1 == 0x02 && len == 2)
		names_dg = data[0] == 0x01 && data[1] == dg;
	else
		names_dg = plain->ins == 0xB0 && (plain->p1 & 0x80) != 0 && (plain->p1 & 0x1F) == dg;
	if (!names_dg)
		return FALSE;
	chip->reader_reset_done = TRUE;
	td_vchip_restart(chip);
	return TRUE;
}
