/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon eligibility: one look-up at the BHXH gateway, for staff checking a
 * patient by hand and for scripts (--json). */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "td-cli.h"
#include "td-gateway-client.h"
#include "td-secret.h"

static void
cli_print_json(const TdEligibility *e)
{
	g_autoptr(JsonBuilder) builder = json_builder_new();
	g_autofree gchar *text = NULL;

	json_builder_begin_object(builder);
	td_json_add_string(builder, "result_code", e->result_code);
	td_json_add_string(builder, "status", td_eligibility_status_to_string(e->status));
	td_json_add_string(builder, "card_code", e->card_code);
	td_json_add_string(builder, "valid_from", e->valid_from);
	td_json_add_string(builder, "valid_to", e->valid_to);
	td_json_add_string(builder, "registered_facility", e->registered_facility);
	json_builder_set_member_name(builder, "registered_here");
	json_builder_add_boolean_value(builder, e->registered_here);
	json_builder_set_member_name(builder, "benefit_level");
	if (e->benefit_level > 0)
		json_builder_add_int_value(builder, e->benefit_level);
	else
		json_builder_add_null_value(builder);
	td_json_add_string(builder, "five_year_date", e->five_year_date);
	td_json_add_string(builder, "new_card_code", e->new_card_code);
	td_json_add_string(builder, "replaced_card_code", e->replaced_card_code);
	td_json_add_string(builder, "note", e->note);
	td_json_add_string(builder, "detail", e->detail);
	json_builder_end_object(builder);

	text = td_json_to_text(builder, TRUE);
	printf("%s\n", text);
}

static void
cli_print_line(const gchar *label, const gchar *value)
{
	if (value != NULL)
		printf("%-22s %s\n", label, value);
}

static void
cli_print_text(const TdEligibility *e)
{
	g_autofree gchar *level = e->benefit_level > 0 ? g_strdup_printf("%u", e->benefit_level)
						       : NULL;
	cli_print_line("Status:", td_eligibility_status_to_string(e->status));
	cli_print_line("Result code:", e->result_code);
	cli_print_line("Card:", e->card_code);
	cli_print_line("Benefit level:", level);
	cli_print_line("Valid from:", e->valid_from);
	cli_print_line("Valid to:", e->valid_to);
	if (e->registered_facility != NULL)
		printf("%-22s %s%s\n", "Registered facility:", e->registered_facility,
		       e->registered_here ? " (this station)" : "");
	cli_print_line("Five years on:", e->five_year_date);
	cli_print_line("New card:", e->new_card_code);
	cli_print_line("Replaces card:", e->replaced_card_code);
	cli_print_line("Note:", e->note);
	cli_print_line("Detail:", e->detail);
}

int
td_cli_eligibility(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autoptr(TdWipedString) id = NULL;
	g_autoptr(TdWipedString) card = NULL;
	g_autoptr(TdWipedString) name = NULL;
	g_autoptr(TdWipedString) dob = NULL;
	gboolean as_json = FALSE;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Settings file ([gateway], [station])", "FILE"},
	    {"id", 0, 0, G_OPTION_ARG_STRING, &id, "12-digit citizen ID number", "ID12"},
	    {"card", 0, 0, G_OPTION_ARG_STRING, &card, "15-character health-insurance card code", "CODE"},
	    /* FILENAME: taken as the bytes given, not converted from the
	     * locale's charset (a C locale would refuse "Nguyễn"); the query
	     * checks it is UTF-8 */
	    {"name", 0, 0, G_OPTION_ARG_FILENAME, &name, "Full name as on the card", "NAME"},
	    {"dob", 0, 0, G_OPTION_ARG_STRING, &dob, "Birth date (dd/mm/yyyy, mm/yyyy or yyyy)", "DD/MM/YYYY"},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print the result as JSON", NULL},
	    {NULL},
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GKeyFile) key_file = g_key_file_new();
	g_autoptr(TdGatewayConfig) config = NULL;
	g_autoptr(TdEligibilityQuery) query = NULL;
	g_autoptr(TdGatewayClient) client = NULL;
	g_autoptr(TdEligibility) result = NULL;
	g_autofree gchar *config_dir = NULL;
	const gchar *card_or_id;

	if (!td_command_line_parse("- look up BHYT eligibility at the BHXH gateway", entries, NULL,
				   TD_COMMAND_LINE_ARGUMENTS_ALLOWED, &argc, &argv))
		return TD_EXIT_USAGE;
	if (config_path == NULL || (id == NULL) == (card == NULL) || name == NULL || dob == NULL ||
	    argc > 1)
		return td_command_line_print_usage("--config FILE (--id ID12 | --card CODE) --name NAME "
						   "--dob DD/MM/YYYY [--json]");
	if (!td_cli_values_from_stdin((const TdCliStdinValue[]){{"--id", &id, 1},
								 {"--card", &card, 1},
								 {"--name", &name, 1},
								 {"--dob", &dob, 1}},
				      4, &error))
		return td_command_line_usage_error("%s", error->message);
	card_or_id = id != NULL ? id : card;
	if ((id != NULL && !td_eligibility_is_id_number(id)) ||
	    (card != NULL && td_eligibility_is_id_number(card)))
		return td_command_line_usage_error("%s", id != NULL ? "--id takes the 12-digit ID number"
								    : "--card takes the 15-character card code");
	query = td_eligibility_query_new(card_or_id, name, dob, &error);
	if (query == NULL)
		return td_command_line_usage_error("%s", error->message);
	/* the settings file as every command reads it */
	if (!td_config_read_key_file(config_path, key_file, &error))
		return td_cli_fail(error);
	config_dir = g_path_get_dirname(config_path);
	config = td_gateway_config_new_from_key_file(key_file, config_dir, &error);
	if (config == NULL) {
		g_printerr("%s: %s: %s\n", g_get_prgname(), config_path, error->message);
		return TD_EXIT_CONFIG;
	}
	client = td_gateway_client_new(config);
	result = td_gateway_client_check(client, query, NULL, &error);
	if (result == NULL)
		return td_cli_fail(error);
	if (as_json)
		cli_print_json(result);
	else
		cli_print_text(result);
	fflush(stdout);
	/* a verdict (even "not insured") is a success; no verdict is not */
	if (result->status == TD_ELIGIBILITY_STATUS_UNAVAILABLE ||
	    result->status == TD_ELIGIBILITY_STATUS_CONFIG_ERROR) {
		g_printerr("%s: no verdict: %s\n", g_get_prgname(),
			   result->detail != NULL ? result->detail : "the gateway gave no verdict");
		return TD_EXIT_FAILURE;
	}
	return TD_EXIT_OK;
}
