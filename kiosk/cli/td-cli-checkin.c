/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon checkin: one whole check-in from the terminal, for staff and
 * tests. It runs the kiosk's own session machinery headless (a GMainLoop
 * playing the UI), stores the record and prints the outcome. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "td-access-key.h"
#include "td-checkin-kiosk.h"
#include "td-cli.h"
#include "td-reader-error.h"
#include "td-secret.h"
#include "td-vchip-transport.h"

typedef struct {
	TdCheckinSession *session;
	GMainLoop *loop;
	gboolean have_vneid;
	TdVneidAnswer vneid;
	gchar *failure; /* why no check-in was made */
} TdCliCheckin;

static TdTransport *
cli_connect_vchip(const gchar *reader_name, const TdTransportDeadline *deadline, gpointer user_data, GCancellable *cancellable, GError **error)
{
	return td_vchip_transport_new(user_data);
}

static gboolean
cli_parse_vneid(const gchar *text, TdVneidAnswer *answer)
{
	if (g_strcmp0(text, "integrated") == 0)
		*answer = TD_VNEID_INTEGRATED;
	else if (g_strcmp0(text, "not-yet") == 0)
		*answer = TD_VNEID_NOT_YET;
	else if (g_strcmp0(text, "no-account") == 0)
		*answer = TD_VNEID_NO_ACCOUNT;
	else if (g_strcmp0(text, "no-smartphone") == 0)
		*answer = TD_VNEID_NO_SMARTPHONE;
	else
		return FALSE;
	return TRUE;
}

static void
cli_state_changed(TdCheckinSession *session, guint old_state, guint new_state, TdCliCheckin *cli)
{
	switch (new_state) {
	case TD_CHECKIN_STATE_KEY_NEEDED:
		/* the keys were given before the card: only a refusal lands here */
		if (td_checkin_session_get_key_request(session) == TD_CHECKIN_KEY_REQUEST_BIRTH_DATE)
			cli->failure = g_strdup("the card opens by BAC only: give the birth date (--dob) with --id");
		else
			cli->failure = g_strdup(td_checkin_session_get_key_refused(session)
						    ? "the card refused every access key (check the ID and dates)"
						    : "no access key");
		g_main_loop_quit(cli->loop);
		break;
	case TD_CHECKIN_STATE_TICKET:
		/* the number is stored; the question follows it when the
		 * answer was given and the patient has not answered it lately.
		 * Without --vneid the patient walks past it (not asked). */
		if (cli->have_vneid && td_checkin_session_get_vneid_pending(session))
			td_checkin_session_send_event(session, TD_CHECKIN_EVENT_CONTINUE);
		else
			g_main_loop_quit(cli->loop);
		break;
	case TD_CHECKIN_STATE_VNEID_STEP:
		/* the answer is written to the stored check-in in a worker,
		 * which the wind-down below waits for */
		td_checkin_session_answer_vneid(session, cli->vneid);
		g_main_loop_quit(cli->loop);
		break;
	case TD_CHECKIN_STATE_SEE_STAFF:
		g_main_loop_quit(cli->loop);
		break;
	case TD_CHECKIN_STATE_IDLE:
	case TD_CHECKIN_STATE_OUT_OF_SERVICE:
		if (old_state != TD_CHECKIN_STATE_IDLE) {
			cli->failure = g_strdup(new_state == TD_CHECKIN_STATE_IDLE
						    ? "the card was removed or the reader timed out"
						    : "the reader went away");
			g_main_loop_quit(cli->loop);
		}
		break;
	default:
		break;
	}
}

static void
cli_print(TdCheckinSession *session, gboolean as_json)
{
	const TdCheckinRecord *r = td_checkin_session_get_record(session);
	const TdEligibility *e = td_checkin_session_get_eligibility(session);
	const GError *commit_error = td_checkin_session_get_commit_error(session);

	if (as_json) {
		g_autoptr(JsonBuilder) b = json_builder_new();
		g_autofree gchar *text = NULL;

		json_builder_begin_object(b);
		td_cli_json_add_ticket(b, r->queue_series, r->queue_number);
		json_builder_set_member_name(b, "repeat_visit");
		json_builder_add_boolean_value(b, td_checkin_session_get_repeat_visit(session));
		td_json_add_string(b, "outcome", td_outcome_to_string(r->outcome));
		td_json_add_string(b, "card_verdict", td_card_verdict_to_string(r->card_verdict));
		td_json_add_string(b, "card_reasons", r->card_reasons);
		td_json_add_string(b, "eligibility", td_eligibility_verdict_to_string(r->eligibility));
		td_json_add_string(b, "eligibility_code", r->eligibility_code);
		td_json_add_string(b, "vneid", td_vneid_answer_to_string(r->vneid));
		td_json_add_string(b, "see_staff_reason", r->see_staff_reason);
		td_json_add_string(b, "message_key", td_checkin_session_get_decision(session)->message_key);
		td_json_add_string(b, "store_error", commit_error != NULL ? commit_error->message : NULL);
		json_builder_end_object(b);
		text = td_json_to_text(b, TRUE);
		printf("%s\n", text);
		return;
	}
	if (r->queue_number > 0) {
		g_autofree gchar *label = td_queue_label(r->queue_series, r->queue_number);
		printf("%-18s %s%s\n", "Queue number:", label,
		       td_checkin_session_get_repeat_visit(session) ? " (already given today)" : "");
	}
	printf("%-18s %s\n", "Outcome:", td_outcome_to_string(r->outcome));
	if (r->see_staff_reason != NULL)
		printf("%-18s %s\n", "Reason:", r->see_staff_reason);
	printf("%-18s %s\n", "Card:", td_card_verdict_to_string(r->card_verdict));
	if (r->card_reasons != NULL)
		printf("%-18s %s\n", "Card findings:", r->card_reasons);
	printf("%-18s %s%s%s%s\n", "Eligibility:", td_eligibility_verdict_to_string(r->eligibility),
	       r->eligibility_code != NULL ? " (" : "", r->eligibility_code != NULL ? r->eligibility_code : "",
	       r->eligibility_code != NULL ? ")" : "");
	if (e != NULL && e->detail != NULL)
		printf("%-18s %s\n", "Gateway:", e->detail);
	printf("%-18s %s\n", "VNeID:", td_vneid_answer_to_string(r->vneid));
	if (commit_error != NULL)
		printf("%-18s %s\n", "NOT STORED:", commit_error->message);
}

int
td_cli_checkin(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *reader = NULL;
	g_autofree gchar *vchip_profile = NULL;
	gchar *id = NULL, *dob = NULL, *expiry = NULL, *qr = NULL, *mrz = NULL;
	g_autofree gchar *vneid = NULL;
	g_autofree gchar *trust_dir = NULL;
	gboolean as_json = FALSE;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Settings file (default: the system one)", "FILE"},
	    {"reader", 0, 0, G_OPTION_ARG_STRING, &reader, "PC/SC reader name (default: [reader] name)", "NAME"},
	    {"vchip", 0, 0, G_OPTION_ARG_FILENAME, &vchip_profile, "Use the virtual chip with this profile", "PROFILE"},
	    {"id", 0, 0, G_OPTION_ARG_STRING, &id, "12-digit ID number", "ID12"},
	    {"dob", 0, 0, G_OPTION_ARG_STRING, &dob, "Birth date YYMMDD (with --id)", "YYMMDD"},
	    {"expiry", 0, 0, G_OPTION_ARG_STRING, &expiry, "Expiry date YYMMDD (with --id)", "YYMMDD"},
	    /* FILENAME: the bytes as given (a C locale would refuse the name) */
	    {"qr", 0, 0, G_OPTION_ARG_FILENAME, &qr, "The text of the card's front QR code", "TEXT"},
	    {"mrz", 0, 0, G_OPTION_ARG_STRING, &mrz, "The three MRZ lines", "TEXT"},
	    {"vneid", 0, 0, G_OPTION_ARG_STRING, &vneid, "The VNeID answer: integrated, not-yet, no-account or no-smartphone", "ANSWER"},
	    {"trust", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir, "CSCA folder (default: [reader] trust-dir)", "DIR"},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print the result as JSON", NULL},
	    {NULL},
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(TdVchip) chip = NULL;
	g_autoptr(TdAccessKeyList) keys = NULL;
	g_autoptr(GMainLoop) loop = NULL;
	TdCliCheckin cli = {0};
	int status = 1;

	if (!td_command_line_parse("- one whole check-in from the terminal", entries, NULL,
				   TD_COMMAND_LINE_ARGUMENTS_ALLOWED, &argc, &argv)) {
		status = TD_EXIT_USAGE;
		goto out;
	}
	if (argc > 1 || (reader != NULL && vchip_profile != NULL)) {
		status = td_command_line_print_usage(
		    "[--config FILE] [--reader NAME | --vchip PROFILE] "
		    "(--id ID12 [--dob YYMMDD] [--expiry YYMMDD] | --qr TEXT | --mrz TEXT) "
		    "[--vneid integrated|not-yet|no-account|no-smartphone] [--trust DIR] [--json]");
		goto out;
	}
	if (vneid != NULL && !cli_parse_vneid(vneid, &cli.vneid)) {
		status = td_command_line_usage_error("--vneid takes integrated, not-yet, no-account or no-smartphone");
		goto out;
	}
	cli.have_vneid = vneid != NULL;
	if (!td_cli_values_from_stdin((const TdCliStdinValue[]){{"--id", &id, 1},
								 {"--dob", &dob, 1},
								 {"--expiry", &expiry, 1},
								 {"--qr", &qr, 1},
								 {"--mrz", &mrz, 3}},
				      5, &error)) {
		status = td_command_line_usage_error("%s", error->message);
		goto out;
	}
	keys = td_cli_access_keys(id, dob, expiry, qr, mrz, &error);
	if (keys == NULL) {
		status = td_command_line_usage_error("%s", error->message);
		goto out;
	}
	if ((status = td_cli_open(config_path, TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		goto out;
	status = TD_EXIT_FAILURE;
	if (vchip_profile != NULL) {
		chip = td_vchip_new_from_profile(vchip_profile, &error);
		if (chip == NULL) {
			g_printerr("%s: %s: %s\n", g_get_prgname(), vchip_profile, error->message);
			goto out;
		}
		cli.session = td_checkin_session_new_for_kiosk(config, store, trust_dir, cli_connect_vchip,
							       td_vchip_ref(chip), (GDestroyNotify)td_vchip_unref,
							       &error);
	} else {
		cli.session = td_checkin_session_new_for_kiosk(config, store, trust_dir,
							       td_checkin_connect_pcsc, NULL, NULL, &error);
	}
	if (cli.session == NULL) {
		status = td_cli_fail(error);
		goto out;
	}
	/* the terminal shows the number: no ticket */
	td_checkin_session_set_print_func(cli.session, NULL, NULL, NULL);
	/* the terminal is not a patient: no page to read and no one to walk
	 * away; the card ([reader] command-timeout, card-timeout), the
	 * gateway and the store keep their own limits */
	{
		const TdCheckinState patient_states[] = {
		    TD_CHECKIN_STATE_AWAITING_CARD, TD_CHECKIN_STATE_KEY_NEEDED, TD_CHECKIN_STATE_VNEID_STEP,
		    TD_CHECKIN_STATE_TICKET,	    TD_CHECKIN_STATE_SEE_STAFF,
		};
		for (guint i = 0; i < G_N_ELEMENTS(patient_states); i++)
			td_checkin_session_set_timeout(cli.session, patient_states[i], 0, 0);
	}
	loop = g_main_loop_new(NULL, FALSE);
	cli.loop = loop;
	g_signal_connect(cli.session, "state-changed", G_CALLBACK(cli_state_changed), &cli);

	td_checkin_session_submit_access_key(cli.session, g_steal_pointer(&keys));
	td_checkin_session_card_inserted(cli.session, reader != NULL ? reader : config->reader_name);
	if (cli.failure == NULL)
		g_main_loop_run(loop);
	if (cli.failure != NULL) {
		g_printerr("%s: no check-in: %s\n", g_get_prgname(), cli.failure);
		goto out;
	}
	cli_print(cli.session, as_json);
	fflush(stdout);
	status = td_checkin_session_get_commit_error(cli.session) == NULL ? 0 : 1;
	/* the patient is sent to staff, and the terminal says plainly why */
	{
		const GError *card_error = td_checkin_session_get_card_error(cli.session);
		if (g_error_matches(card_error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT)) {
			g_printerr("%s: the card stopped answering and was given up: %s\n", g_get_prgname(),
				   card_error->message);
			status = 1;
		}
	}
	td_checkin_session_send_event(cli.session, TD_CHECKIN_EVENT_DONE);

out:
	if (cli.session != NULL) {
		g_signal_handlers_disconnect_by_data(cli.session, &cli);
		/* wind down cancelled work before the objects go */
		td_checkin_session_send_event(cli.session, TD_CHECKIN_EVENT_RESET);
		while (td_checkin_session_is_busy(cli.session))
			g_main_context_iteration(NULL, TRUE);
		g_object_unref(cli.session);
	}
	g_free(cli.failure);
	td_str_clear_free(id);
	td_str_clear_free(dob);
	td_str_clear_free(expiry);
	td_str_clear_free(qr);
	td_str_clear_free(mrz);
	return status;
}
