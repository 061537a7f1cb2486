/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon exceptions list / resolve: the staff's queue of check-ins the
 * kiosk could not finish, without the GTK console (a reception PC over ssh,
 * a station without a screen at the desk). */
#include "config.h"

#include <stdio.h>

#include "td-cli.h"
#include "td-date.h"
#include "td-report.h"
#include "td-secret.h"

static gchar *
cli_local_time(gint64 unix_time)
{
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(unix_time);
	return dt != NULL ? g_date_time_format(dt, "%d/%m/%Y %H:%M") : g_strdup("?");
}

static gchar *
cli_exceptions_json(GPtrArray *list)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_array(b);
	for (guint i = 0; i < list->len; i++) {
		TdCheckinException *e = g_ptr_array_index(list, i);
		g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc(e->created_unix);
		g_autofree gchar *created_iso = created != NULL ? g_date_time_format_iso8601(created) : NULL;

		json_builder_begin_object(b);
		json_builder_set_member_name(b, "id");
		json_builder_add_int_value(b, e->id);
		json_builder_set_member_name(b, "checkin_id");
		json_builder_add_int_value(b, e->checkin_id);
		td_json_add_string(b, "created", created_iso);
		td_cli_json_add_ticket(b, e->queue_series, e->queue_number);
		td_json_add_string(b, "reason", e->reason);
		td_json_add_string(b, "detail", e->detail);
		td_json_add_string(b, "full_name", e->full_name);
		td_json_add_string(b, "id_number", e->id_number);
		td_json_add_string(b, "date_of_birth", e->date_of_birth);
		td_json_add_string(b, "card_code", e->card_code);
		json_builder_set_member_name(b, "resolved");
		json_builder_add_boolean_value(b, e->resolved);
		td_json_add_string(b, "resolution", e->resolution);
		td_json_add_string(b, "resolved_by", e->resolved_by);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	return td_json_to_text(b, TRUE);
}

/* dd/mm/yyyy (or less), as staff read a birth date. */
static gchar *
cli_birth_date(const gchar *iso)
{
	TdDate date = {0};
	gchar *text;

	if (iso == NULL || !td_date_parse_iso(iso, &date, NULL))
		return g_strdup(iso != NULL ? iso : "—");
	text = td_date_format_display(&date);
	td_memwipe(&date, sizeof(date));
	return text;
}

static gchar *
cli_exceptions_text(GPtrArray *list)
{
	GString *out = g_string_new(NULL);

	if (list->len == 0)
		g_string_append(out, "Không có trường hợp nào (no exceptions).\n");
	for (guint i = 0; i < list->len; i++) {
		TdCheckinException *e = g_ptr_array_index(list, i);
		g_autofree gchar *when = cli_local_time(e->created_unix);
		g_autoptr(TdWipedString) birth = cli_birth_date(e->date_of_birth);
		g_autofree gchar *number = e->queue_number > 0 ? td_queue_label(e->queue_series, e->queue_number)
							       : g_strdup("—");

		/* the ticket's number, as the console's list gives it */
		g_string_append_printf(out, "#%" G_GINT64_FORMAT "  %s  số (no.) %s  %s%s%s%s%s\n", e->id, when, number,
				       e->reason,
				       e->resolved ? "  → " : "", e->resolved ? e->resolution : "",
				       e->resolved_by != NULL ? " – " : "", e->resolved_by != NULL ? e->resolved_by : "");
		g_string_append_printf(out, "    %s, %s, sinh (born) %s%s%s\n", e->full_name != NULL ? e->full_name : "—",
				       e->id_number != NULL ? e->id_number : "—", birth,
				       e->card_code != NULL ? ", BHYT " : "", e->card_code != NULL ? e->card_code : "");
		if (e->detail != NULL)
			g_string_append_printf(out, "    %s\n", e->detail);
	}
	return g_string_free(out, FALSE);
}

static int
cli_exceptions_list(int argc, char **argv)
{
	g_autofree gchar *config_path = NULL;
	g_autofree gchar *day = NULL;
	gboolean all = FALSE, as_json = FALSE;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {"date", 'd', 0, G_OPTION_ARG_STRING, &day, "Only this day's (default: every day)", "YYYY-MM-DD"},
	    {"all", 'a', 0, G_OPTION_ARG_NONE, &all, "Resolved ones too", NULL},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print JSON", NULL},
	    {NULL},
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GPtrArray) list = NULL;
	int rc;

	if ((rc = td_cli_parse("- the check-ins waiting for staff, oldest first", entries, &argc, &argv)) != TD_EXIT_OK)
		return rc;
	if (day != NULL && !td_report_parse_day(day, &error))
		return td_command_line_usage_error("--date: %s", error->message);
	if ((rc = td_cli_open(config_path, TD_CLI_STORE_READ_ONLY, &config, &store)) != TD_EXIT_OK)
		return rc;
	list = td_store_list_exceptions(store, day, !all, &error);
	if (list == NULL)
		return td_cli_fail(error);
	return td_cli_print_personal(as_json ? cli_exceptions_json(list) : cli_exceptions_text(list), as_json);
}

/* What resolve and vneid-assisted take: --config, --note, the case's
 * id first; extra_args more words after it. FALSE: a usage error (said). */
typedef struct {
	gchar *config_path;
	gchar *note;
	guint64 id;
} TdCliCaseArgs;

static void
cli_case_args_clear(TdCliCaseArgs *args)
{
	g_clear_pointer(&args->config_path, g_free);
	g_clear_pointer(&args->note, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TdCliCaseArgs, cli_case_args_clear)

static gboolean
cli_case_args_parse(TdCliCaseArgs *args, const gchar *summary, gint extra_args, int *argc, char ***argv)
{
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &args->config_path, "Config file", "FILE"},
	    {"note", 'n', 0, G_OPTION_ARG_STRING, &args->note, "A note for the audit trail", "TEXT"},
	    {NULL},
	};

	return td_command_line_parse(summary, entries, NULL, TD_COMMAND_LINE_ARGUMENTS_ALLOWED, argc, argv) &&
	       *argc == 2 + extra_args && g_ascii_string_to_unsigned((*argv)[1], 10, 1, G_MAXINT64, &args->id, NULL);
}

static int
cli_exceptions_resolve(int argc, char **argv)
{
	g_auto(TdCliCaseArgs) args = {0};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autofree gchar *actions = g_strjoinv(", ", (gchar **)td_store_resolve_actions());
	int rc;

	if (!cli_case_args_parse(&args, "ID ACTION - close an exception", 1, &argc, &argv) ||
	    !td_store_is_resolve_action(argv[2]))
		return td_command_line_print_usage("[--config FILE] [--note TEXT] ID ACTION\nACTION: %s", actions);
	if ((rc = td_cli_open(args.config_path, TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	if (!td_store_resolve_exception(store, (gint64)args.id, argv[2], args.note, &error))
		return td_cli_fail(error);
	printf("Đã xử lý (resolved) #%" G_GUINT64_FORMAT ": %s\n", args.id, argv[2]);
	return td_cli_flush_output();
}

/* The VNeID help beside a case, as the console's button: the case stays
 * open for its insurance decision. */
static int
cli_exceptions_vneid_assisted(int argc, char **argv)
{
	g_auto(TdCliCaseArgs) args = {0};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GPtrArray) all = NULL;
	const TdCheckinException *found = NULL;
	int rc;

	if (!cli_case_args_parse(&args, "ID - record that the desk helped this patient into VNeID", 0, &argc, &argv))
		return td_command_line_print_usage("[--config FILE] [--note TEXT] ID");
	if ((rc = td_cli_open(args.config_path, TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	all = td_store_list_exceptions(store, NULL, FALSE, &error);
	if (all == NULL)
		return td_cli_fail(error);
	for (guint i = 0; i < all->len && found == NULL; i++) {
		const TdCheckinException *e = g_ptr_array_index(all, i);
		if (e->id == (gint64)args.id)
			found = e;
	}
	if (found == NULL) {
		g_set_error(&error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no exception %" G_GUINT64_FORMAT, args.id);
		return td_cli_fail(error);
	}
	if (!td_store_record_vneid_assisted_as(store, TD_STAFF_STATION_ID, found->id, found->checkin_id, args.note,
					       &error))
		return td_cli_fail(error);
	printf("Đã ghi (recorded) #%" G_GUINT64_FORMAT ": vneid-assisted%s\n", args.id,
	       found->resolved ? "" : " (trường hợp vẫn mở / the case stays open)");
	return td_cli_flush_output();
}

int
td_cli_exceptions(int argc, char **argv)
{
	static const TdCommandLineCommand actions[] = {
	    {"list", cli_exceptions_list, "The check-ins waiting for staff, oldest first"},
	    {"resolve", cli_exceptions_resolve, "Close an exception: ID ACTION"},
	    {"vneid-assisted", cli_exceptions_vneid_assisted,
	     "Record the desk's help into VNeID beside a case (it stays open): ID"},
	};

	return td_command_line_run_command(g_get_prgname(), actions, G_N_ELEMENTS(actions), argc, argv);
}
