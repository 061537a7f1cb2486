/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon doctor: is this kiosk ready? One line per check; the exit status
 * is non-zero if any check failed. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "td-cli.h"
#include "td-doctor.h"

int
td_cli_doctor(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *trust_dir = NULL;
	g_autofree gchar *language = NULL;
	gboolean as_json = FALSE;
	gboolean reception_pc = FALSE;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Settings file (default: the system one)", "FILE"},
	    {"trust", 0, 0, G_OPTION_ARG_FILENAME, &trust_dir, "CSCA folder (default: [reader] trust-dir)", "DIR"},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print the checks as JSON", NULL},
	    {"reception-pc", 0, 0, G_OPTION_ARG_NONE, &reception_pc,
	     "Only what tiepdon-staff uses: records, staff accounts, disk, ticket printer (and settings misspelt)",
	     NULL},
	    {"lang", 0, 0, G_OPTION_ARG_STRING, &language,
	     "Language of titles and messages: vi or en (default: the locale's, English in C)", "LANG"},
	    {NULL},
	};
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(GPtrArray) results = NULL;
	guint failed = 0;

	int rc;

	rc = td_cli_parse("- check reader, trust store, gateway, database and disk", entries, &argc, &argv);
	if (rc != TD_EXIT_OK)
		return rc;
	if (language != NULL && g_strcmp0(language, "vi") != 0 && g_strcmp0(language, "en") != 0)
		return td_command_line_usage_error("--lang takes vi or en");
	if (language == NULL)
		language = g_strdup(td_doctor_language_from_environment());
	td_doctor_set_language(language);
	if ((rc = td_cli_open(config_path, TD_CLI_NO_STORE, &config, NULL)) != TD_EXIT_OK)
		return rc;
	results = td_doctor_run(config, trust_dir, reception_pc ? TD_DOCTOR_SCOPE_RECEPTION_PC : TD_DOCTOR_SCOPE_KIOSK,
				NULL, NULL);
	if (as_json) {
		g_autoptr(JsonBuilder) b = json_builder_new();
		g_autofree gchar *text = NULL;
		json_builder_begin_array(b);
		for (guint i = 0; i < results->len; i++) {
			TdCheckResult *r = g_ptr_array_index(results, i);
			json_builder_begin_object(b);
			json_builder_set_member_name(b, "name");
			json_builder_add_string_value(b, r->name);
			json_builder_set_member_name(b, "title");
			json_builder_add_string_value(b, r->title);
			json_builder_set_member_name(b, "ok");
			json_builder_add_boolean_value(b, r->ok);
			json_builder_set_member_name(b, "message");
			json_builder_add_string_value(b, r->message);
			/* what the failure means for today's check-ins, as the
			 * staff's health page says it */
			if (!r->ok) {
				json_builder_set_member_name(b, "effect");
				json_builder_add_string_value(b, td_check_effect_to_string(r->effect));
			}
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		text = td_json_to_text(b, TRUE);
		printf("%s\n", text);
	}
	for (guint i = 0; i < results->len; i++) {
		TdCheckResult *r = g_ptr_array_index(results, i);
		if (!r->ok)
			failed++;
		if (as_json)
			continue;
		/* English keeps the columns scripts read; Vietnamese says it as
		 * the staff console does */
		if (g_strcmp0(language, "vi") == 0)
			printf("%s %s: %s\n", r->ok ? "✔" : "✘", r->title, r->message);
		else
			printf("%-4s %-12s %s\n", r->ok ? "ok" : "FAIL", r->name, r->message);
	}
	fflush(stdout);
	if (failed > 0 && !as_json)
		g_printerr("%s: %u check%s failed\n", g_get_prgname(), failed, failed == 1 ? "" : "s");
	return failed > 0 ? TD_EXIT_FAILURE : TD_EXIT_OK;
}
