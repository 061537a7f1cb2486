/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-apdu.h"
#include "td-sm.h"
#include "td-vchip-pace.h"
#include "td-vchip-personalise.h"
#include "td-vchip-profile.h"
#include "td-vchip.h"

G_BEGIN_DECLS

/* The virtual chip's state, for td-vchip.c and td-vchip-answers.c. */

#define TD_SW_BYTES_REMAINING(n) ((guint16)(0x6100 | ((n) > 0xFF ? 0 : (n))))

typedef enum {
	TD_VCHIP_DF_MF,
	TD_VCHIP_DF_EMRTD,
} TdVchipDf;

struct _TdVchip {
	gint ref_count;
	/* One command at a time, as on a real chip; a card lifted off the
	 * reader (power_cycle, from another thread) waits for the command in
	 * progress rather than pulling its session from under it. */
	GMutex lock;
	TdVchipProfile *profile; /* the quirks */
	TdVchipCardData *card;
	guint latency_ms;
	TdVchipTraceFunc trace_func;
	gpointer trace_data;

	/* Session state, gone on power cycle. */
	TdVchipDf current_df;
	guint16 selected_ef; /* 0: none */
	guint8 rnd_ic[8];
	gboolean rnd_ic_valid;
	TdSm *sm;	       /* non-NULL after BAC, PACE or chip authentication */
	TdSm *next_sm;	       /* set by a handler, active from the next command */
	TdVchipPace *pace;     /* the PACE run in progress (or done) */
	gboolean ca_selected;  /* MSE:Set AT for chip authentication accepted */
	EVP_PKEY *ca_key_named; /* the key MSE named (borrowed from card) */
	GBytes *pending;       /* response data left for GET RESPONSE */
	guint16 pending_sw;

	/* [variant] reset-before-dg happened: once each time the card is
	 * powered, so every read of a test meets it */
	gboolean reader_reset_done;
};

/* Secure messaging and the authentications in progress are gone. */
void td_vchip_drop_session(TdVchip *chip);
/* No session, in the DF a powered chip starts from, nothing pending. */
void td_vchip_restart(TdVchip *chip);
/* [variant] reset-before-dg: TRUE when the reader re-activated the card
 * before this (plain, unwrapped) command reached it; the chip restarted. */
gboolean td_vchip_reader_resets_card(TdVchip *chip, const TdApdu *plain);

GBytes *td_vchip_encode_response(const guint8 *data, gsize len, guint16 sw);
GBytes *td_vchip_process_get_response(TdVchip *chip, const TdApdu *cmd);
/* [variant] t0-get-response: the answer to command as T=0 gives it. */
GBytes *td_vchip_answer_t0(TdVchip *chip, GBytes *command, GBytes *answer);
/* The size of a protected answer with plain_len bytes of data. */
gsize td_vchip_wrapped_size(TdVchip *chip, gsize plain_len);
TdVchipRefusalAnswer td_vchip_refusal_answer(TdVchip *chip, const TdApdu *plain, guint16 sw, gsize data_len);
GBytes *td_vchip_answer_bare(TdVchip *chip, TdVchipRefusalAnswer how, const guint8 *ssc_before, guint16 sw);

G_END_DECLS
