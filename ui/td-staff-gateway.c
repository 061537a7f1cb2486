/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The insurance gateway asked from the desk, for a case: again with what
 * the case has ("Hỏi lại cổng BHXH": closed when the card is valid now),
 * or by the card code staff typed from the patient's paper card or app
 * ("Nhập mã thẻ BHYT"). BHXH often has not linked a citizen's ID number
 * to their card yet: the kiosk's look-up by ID then finds nothing, while
 * the code finds the card. A code the gateway does not know, or knows for
 * someone else, is not taken: the typo would close the case as insured. */
#include "config.h"

#include "td-checkin-kiosk.h"
#include "td-date.h"
#include "td-i18n.h"
#include "td-secret.h"
#include "td-staff-console-private.h"
#include "td-staff-words.h"

typedef struct {
	TdStaffConsole *console; /* a reference: the answer finds it */
	gint64 exception_id;
	gchar *card_code; /* typed by staff; NULL: asked again with the case's */
} TdGatewayAsk;

static void
td_gateway_ask_free(TdGatewayAsk *ask)
{
	g_object_unref(ask->console);
	td_str_clear_free(ask->card_code);
	g_free(ask);
}

/* What the audit keeps of a card code: the code, and staff's note */
static gchar *
td_card_code_note(const gchar *card_code, const gchar *note)
{
	return note != NULL ? g_strdup_printf("%s %s", card_code, note) : g_strdup(card_code);
}

static void
td_recheck_answered(TdStaffConsole *self, TdGatewayAsk *ask, const TdEligibility *eligibility)
{
	if (eligibility == NULL || eligibility->status == TD_ELIGIBILITY_STATUS_UNAVAILABLE) {
		/* an outage comes back as an answer, not an error: not "the
		 * gateway still answers: the gateway does not answer" */
		td_staff_set_status(self, _("The gateway does not answer: try again later."));
	} else if (eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE ||
		   eligibility->status == TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) {
		/* closed with the note its case has now (typed before the
		 * question or while it was out) */
		g_autoptr(TdWipedString) note = g_strdup(td_staff_case_note(self, ask->exception_id));

		td_staff_resolve(self, td_staff_actor(self), ask->exception_id, "eligibility-confirmed", note, NULL);
	} else {
		/* not "still": a case pending the gateway had no answer before */
		g_autofree gchar *text =
		    g_strdup_printf(_("The gateway now answers: %s"), td_staff_eligibility_text(eligibility));
		td_staff_set_status(self, text);
	}
}

static void
td_card_code_answered(TdStaffConsole *self, TdGatewayAsk *ask, const TdEligibility *eligibility)
{
	gint index = td_staff_case_index(self, ask->exception_id);
	/* a refused account or certificate is not an outage: the desk is
	 * told to call the administrator and the case waits */
	gboolean unanswered = eligibility == NULL || eligibility->status == TD_ELIGIBILITY_STATUS_UNAVAILABLE;
	g_autoptr(TdWipedString) text = NULL;

	if (index < 0) {
		td_staff_set_status(self, _("The case was closed meanwhile."));
		return;
	}
	if (!unanswered && eligibility->status != TD_ELIGIBILITY_STATUS_ELIGIBLE &&
	    eligibility->status != TD_ELIGIBILITY_STATUS_ELIGIBLE_NEW_CARD) {
		/* the case stays open, for the code again or another decision */
		text = g_strdup_printf(_("Card %s: %s The case stays open."), ask->card_code,
				       td_staff_eligibility_text(eligibility));
		td_staff_set_status(self, text);
		return;
	}
	{
		/* the note its case has now: staff may have changed it while
		 * the gateway was asked, here or after moving on (a copy: the
		 * field changes as the case leaves the list) */
		g_autoptr(TdWipedString) note = g_strdup(td_staff_case_note(self, ask->exception_id));

		td_staff_keep_pending(self, (guint)index, "card-code-entered", td_card_code_note(ask->card_code, note),
				      note);
	}
	/* the desk decides during an outage, as with a paper card; the
	 * minute to undo is theirs either way */
	text = unanswered ? g_strdup_printf(_("The gateway does not answer: card %s is taken as staff entered it."),
					    ask->card_code)
			  : g_strdup_printf(_("The gateway knows card %s: %s"), ask->card_code,
					    td_staff_eligibility_text(eligibility));
	td_staff_set_status(self, text);
}

static void
td_gateway_answered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdGatewayAsk *ask = user_data;
	TdStaffConsole *self = ask->console;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdEligibility) eligibility = td_gateway_client_check_finish(TD_GATEWAY_CLIENT(source), result, &error);

	self->n_writes--;
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		/* locked, or gone (its widgets with it) */
		td_gateway_ask_free(ask);
		return;
	}
	td_staff_update_busy(self);
	if (ask->card_code != NULL)
		td_card_code_answered(self, ask, eligibility);
	else
		td_recheck_answered(self, ask, eligibility);
	td_gateway_ask_free(ask);
}

gboolean
td_staff_ask_gateway(TdStaffConsole *self, const TdCheckinException *exc, const gchar *card_code,
		     const gchar *note, GError **error)
{
	/* the session's own client: one answer cache, one rate limit
	 * towards the BHXH gateway for the whole kiosk */
	TdGatewayClient *gateway = self->context != NULL && self->context->session != NULL
				       ? td_checkin_session_get_gateway(self->context->session)
				       : NULL;
	g_autoptr(TdEligibilityQuery) query = NULL;
	TdDate birth_date = {0};
	TdGatewayAsk *ask;

	if (gateway == NULL && card_code != NULL) {
		/* the reception PC asks no gateway: the code is the desk's
		 * word, as it always was there */
		td_staff_console_show_code_pad(self, FALSE);
		return td_staff_keep_pending(self, (guint)self->selected, "card-code-entered",
					     td_card_code_note(card_code, note), note);
	}
	if (gateway == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("No insurance gateway is set up."));
		return FALSE;
	}
	/* a card whose chip would not give its name (td_dg13_parse): the
	 * gateway asks for it, and staff have nowhere to type it */
	if (exc->full_name == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The chip's name could not be read, so the insurance cannot be checked here: look at "
				      "the paper insurance card, or look it up on the BHXH portal."));
		return FALSE;
	}
	/* the case keeps the card's birth date as ISO text */
	if (!td_date_parse_iso(exc->date_of_birth, &birth_date, NULL)) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The case has no usable birth date for the insurance check."));
		return FALSE;
	}
	query = td_checkin_eligibility_query_new(card_code != NULL	   ? card_code
						 : exc->card_code != NULL ? exc->card_code
									  : exc->id_number,
						 exc->full_name, &birth_date, NULL);
	td_memwipe(&birth_date, sizeof(birth_date));
	if (query == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    _("The case's details do not make an insurance check."));
		return FALSE;
	}
	/* "ask again" means the gateway's answer now, not a cached one */
	if (card_code == NULL)
		td_gateway_client_clear_cache(gateway);
	ask = g_new0(TdGatewayAsk, 1);
	ask->console = g_object_ref(self);
	ask->exception_id = exc->id;
	ask->card_code = g_strdup(card_code);
	/* the case's buttons wait for the answer: no second question */
	self->n_writes++;
	td_staff_console_show_code_pad(self, FALSE);
	td_staff_update_busy(self);
	td_gateway_client_check_async(gateway, query, self->cancellable, td_gateway_answered_cb, ask);
	td_staff_set_status(self, _("Asking the insurance gateway…"));
	return TRUE;
}
