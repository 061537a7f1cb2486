/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every subcommand shares: one table of exit statuses, option parsing,
 * the settings and the store. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "td-cli.h"
#include "td-gateway-error.h"
#include "td-secret.h"
#include "td-staff-pin.h"

TdExitStatus
td_cli_exit_status(const GError *error)
{
	if (error == NULL)
		return TD_EXIT_OK;
	if (error->domain == G_OPTION_ERROR)
		return TD_EXIT_USAGE;
	if (error->domain == TD_CONFIG_ERROR)
		return error->code == TD_CONFIG_ERROR_WRITE ? TD_EXIT_FAILURE : TD_EXIT_CONFIG;
	if (g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_NO_DATABASE) ||
	    g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_PERMISSION) ||
	    g_error_matches(error, TD_GATEWAY_ERROR, TD_GATEWAY_ERROR_CONFIG))
		return TD_EXIT_CONFIG;
	return TD_EXIT_FAILURE;
}

TdExitStatus
td_cli_fail(const GError *error)
{
	td_command_line_print_error(error);
	return td_cli_exit_status(error);
}

TdExitStatus
td_cli_flush_output(void)
{
	int saved_errno;
	g_autoptr(GError) error = NULL;

	if (fflush(stdout) == 0)
		return TD_EXIT_OK;
	saved_errno = errno;
	error = g_error_new(G_IO_ERROR, g_io_error_from_errno(saved_errno), "cannot write the output: %s",
			    g_strerror(saved_errno));
	return td_cli_fail(error);
}

void
td_cli_json_add_ticket(JsonBuilder *builder, const gchar *series, guint number)
{
	json_builder_set_member_name(builder, "queue_number");
	if (number > 0)
		json_builder_add_int_value(builder, number);
	else
		json_builder_add_null_value(builder);
	td_json_add_string(builder, "queue_series", series);
}

TdExitStatus
td_cli_print_personal(gchar *text, gboolean as_json)
{
	fputs(text, stdout);
	if (as_json)
		fputc('\n', stdout);
	td_str_clear_free(text);
	return td_cli_flush_output();
}

TdExitStatus
td_cli_parse(const gchar *summary, const GOptionEntry *entries, int *argc, char ***argv)
{
	if (!td_command_line_parse(summary, entries, NULL, TD_COMMAND_LINE_NO_ARGUMENTS, argc, argv))
		return TD_EXIT_USAGE;
	return TD_EXIT_OK;
}

TdExitStatus
td_cli_open(const gchar *config_path, TdCliStoreAccess access, TdConfig **config_out, TdStore **store_out)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdConfig) config = td_config_load(config_path, &error);

	if (config == NULL)
		return td_cli_fail(error);
	if (access != TD_CLI_NO_STORE) {
		*store_out = td_store_open_configured(
		    config, access == TD_CLI_STORE_WRITABLE ? TD_STORE_OPEN_WRITABLE : TD_STORE_OPEN_READ_ONLY, &error);
		if (*store_out == NULL)
			return td_cli_fail(error);
	}
	*config_out = g_steal_pointer(&config);
	return TD_EXIT_OK;
}

TdExitStatus
td_cli_parse_config_only(int *argc,
			 char ***argv,
			 const gchar *summary,
			 TdCliStoreAccess access,
			 TdConfig **config_out,
			 TdStore **store_out)
{
	g_autofree gchar *config_path = NULL;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {NULL},
	};
	TdExitStatus rc;

	if ((rc = td_cli_parse(summary, entries, argc, argv)) != TD_EXIT_OK)
		return rc;
	return td_cli_open(config_path, access, config_out, store_out);
}

TdAccessKeyList *
td_cli_access_keys(const gchar *id,
		   const gchar *dob,
		   const gchar *expiry,
		   const gchar *qr,
		   const gchar *mrz,
		   GError **error)
{
	if ((id != NULL) + (qr != NULL) + (mrz != NULL) != 1) {
		g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "give exactly one of --id, --qr or --mrz");
		return NULL;
	}
	if ((dob != NULL || expiry != NULL) && id == NULL) {
		g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--dob and --expiry go with --id");
		return NULL;
	}
	if (id != NULL)
		return td_access_key_list_new_from_id(id, dob, expiry, NULL, error);
	if (qr != NULL)
		return td_access_key_list_new_from_qr(qr, NULL, error);
	return td_access_key_list_new_from_mrz(mrz, error);
}

/* The longest line taken: a QR code's text is under 300 bytes. */
#define TD_CLI_STDIN_LINE_MAX 1024

gboolean
td_cli_values_from_stdin(const TdCliStdinValue *values, guint n_values, GError **error)
{
	static gboolean unbuffered;

	/* no copy of the lines left in stdio's buffer */
	if (!unbuffered) {
		setvbuf(stdin, NULL, _IONBF, 0);
		unbuffered = TRUE;
	}
	for (guint i = 0; i < n_values; i++) {
		/* sized for all its lines: no reallocation leaves a copy */
		gsize size = values[i].lines * TD_CLI_STDIN_LINE_MAX;
		g_autoptr(GString) text = NULL;
		gboolean ok = TRUE;

		if (g_strcmp0(*values[i].value, "-") != 0)
			continue;
		text = g_string_sized_new(size);
		for (guint line = 0; ok && line < values[i].lines; line++) {
			gchar buf[TD_CLI_STDIN_LINE_MAX + 2];
			gsize len;

			if (fgets(buf, sizeof(buf), stdin) == NULL) {
				g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
					    "%s -: standard input ended before its %u line(s)", values[i].option,
					    values[i].lines);
				ok = FALSE;
			} else if ((len = strcspn(buf, "\r\n")) > TD_CLI_STDIN_LINE_MAX) {
				g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
					    "%s -: a line longer than %u bytes", values[i].option, TD_CLI_STDIN_LINE_MAX);
				ok = FALSE;
			} else {
				if (line > 0)
					g_string_append_c(text, '\n');
				g_string_append_len(text, buf, (gssize)len);
			}
			td_memwipe(buf, sizeof(buf));
		}
		if (!ok) {
			td_memwipe(text->str, text->allocated_len);
			return FALSE;
		}
		g_free(*values[i].value);
		*values[i].value = g_string_free(g_steal_pointer(&text), FALSE);
	}
	return TRUE;
}

/* One line, without echo on a terminal; from stdin as is otherwise (for
 * scripts and tests). NULL at end of input. */
static gchar *
cli_read_pin(const gchar *prompt)
{
	gchar buf[64];
	gboolean tty = isatty(STDIN_FILENO);
	struct termios saved, quiet;
	gchar *line = NULL;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &saved) != 0)
			return NULL;
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, sizeof(buf), stdin) != NULL) {
		buf[strcspn(buf, "\r\n")] = '\0';
		line = g_strdup(buf);
	}
	td_memwipe(buf, sizeof(buf));
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	return line;
}

TdExitStatus
td_cli_read_new_pin_hash(gchar **hash_out)
{
	g_autoptr(GError) error = NULL;
	gchar *pin = cli_read_pin("Mã PIN mới (new PIN, 6–12 digits): ");
	gchar *again = cli_read_pin("Nhập lại (again): ");
	TdExitStatus rc = TD_EXIT_OK;

	if (pin == NULL || again == NULL || !td_staff_pin_is_well_formed(pin)) {
		fprintf(stderr, "%s: a PIN is %d to %d digits\n", g_get_prgname(), TD_STAFF_PIN_MIN_DIGITS,
			TD_STAFF_PIN_MAX_DIGITS);
		rc = TD_EXIT_FAILURE;
	} else if (strcmp(pin, again) != 0) {
		fprintf(stderr, "%s: the two PINs differ; nothing changed\n", g_get_prgname());
		rc = TD_EXIT_FAILURE;
	} else if ((*hash_out = td_staff_pin_hash(pin, &error)) == NULL) {
		rc = td_cli_fail(error);
	}
	td_str_clear_free(pin);
	td_str_clear_free(again);
	return rc;
}
