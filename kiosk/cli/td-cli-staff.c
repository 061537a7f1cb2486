/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon staff add / list / disable / enable / set-pin / set-role / unlock: the people who may open
 * the staff console, each with a PIN of their own, so the audit trail
 * names who resolved a case, and which of them may open the manager's
 * dashboard. The station's account ("Trạm", its PIN from `tiepdon
 * set-pin`) stays for stations that do not set up people. */
#include "config.h"

#include <stdio.h>

#include "td-cli.h"
#include "td-staff-pin.h"

/* The subcommands' shared shape: --config, then exactly n_args arguments. */
static TdExitStatus
cli_staff_open(int *argc, char ***argv, const gchar *usage, gint n_args, TdCliStoreAccess access,
	       TdConfig **config_out, TdStore **store_out)
{
	g_autofree gchar *config_path = NULL;
	const GOptionEntry entries[] = {
	    {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Config file", "FILE"},
	    {NULL},
	};

	if (!td_command_line_parse(usage, entries, NULL, TD_COMMAND_LINE_ARGUMENTS_ALLOWED, argc, argv))
		return TD_EXIT_USAGE;
	if (*argc != n_args + 1)
		return td_command_line_print_usage("[--config FILE] %s", usage);
	return td_cli_open(config_path, access, config_out, store_out);
}

static int
cli_staff_add(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *hash = NULL;
	gint64 id = 0;
	int rc;

	if ((rc = cli_staff_open(&argc, &argv, "NAME - add a staff account; asks its PIN twice", 1,
				 TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	if ((rc = td_cli_read_new_pin_hash(&hash)) != TD_EXIT_OK)
		return rc;
	if (!td_store_add_staff(store, argv[1], hash, &id, &error))
		return td_cli_fail(error);
	printf("Đã thêm nhân viên lễ tân (reception staff account added): %s\n"
	       "  quản lý trạm (the station's manager): tiepdon staff set-role '%s' manager\n",
	       argv[1], argv[1]);
	return td_cli_flush_output();
}

static int
cli_staff_list(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) staff = NULL;
	int rc;

	if ((rc = cli_staff_open(&argc, &argv, "- the staff accounts", 0, TD_CLI_STORE_READ_ONLY, &config,
				 &store)) != TD_EXIT_OK)
		return rc;
	staff = td_store_list_staff(store, &error);
	if (staff == NULL)
		return td_cli_fail(error);
	for (guint i = 0; i < staff->len; i++) {
		TdStaffMember *member = g_ptr_array_index(staff, i);
		const gchar *state = !member->active ? "đã khóa (disabled)"
				     : member->id != TD_STAFF_STATION_ID ? "đang dùng (active)"
				     : config->staff_pin_hash != NULL ? "đang dùng, mã PIN của trạm (active, the station's PIN)"
								      : "chưa đặt mã PIN (no PIN: tiepdon set-pin)";
		g_autoptr(GDateTime) created = g_date_time_new_from_unix_local(member->created_unix);
		g_autofree gchar *since = member->created_unix > 0 && created != NULL
					      ? g_date_time_format(created, "%d/%m/%Y")
					      : g_strdup("—");
		/* padded by characters, not bytes: names are Vietnamese */
		glong pad = MAX(24 - g_utf8_strlen(member->name, -1), 1);
		printf("%s%*s%-10s %-22s %s\n", member->name, (int)pad, "", since,
		       member->manager ? "quản lý (manager)" : "lễ tân (reception)", state);
	}
	return td_cli_flush_output();
}

/* Someone could still log in and open the manager's dashboard with the
 * account named disabled or made reception's: a station left without
 * one has nobody to read its figures or send its reports, and only the
 * administrator's terminal could say so. An account that is not such a
 * manager now changes nothing. */
static gboolean
cli_staff_keeps_a_manager(TdStore *store, const TdConfig *config, const gchar *name, GError **error)
{
	g_autoptr(GPtrArray) staff = td_store_list_staff(store, error);
	gboolean is_one = FALSE;
	guint others = 0;

	if (staff == NULL)
		return FALSE;
	for (guint i = 0; i < staff->len; i++) {
		const TdStaffMember *member = g_ptr_array_index(staff, i);
		if (!member->manager)
			continue;
		/* the one asked about counts whatever this file holds; the
		 * others as the login page lists them: the station's account
		 * only with its PIN in the settings, which this file (a
		 * PostgreSQL station's manager's, say) may not hold */
		if (g_strcmp0(member->name, name) == 0)
			is_one = member->active;
		else if (td_staff_pin_can_log_in(member, config))
			others++;
	}
	if (!is_one || others > 0)
		return TRUE;
	g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_INVALID,
		    "'%s' is the only account that can open the manager's dashboard: make another one a manager "
		    "first (tiepdon staff set-role NAME manager)",
		    name);
	return FALSE;
}

/* disable and enable: the same, the other way */
static int
cli_staff_set_active(int argc, char **argv, gboolean active)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	int rc;

	if ((rc = cli_staff_open(&argc, &argv,
				 active ? "NAME - the account may log in again"
					: "NAME - the account can no longer log in (its audit rows stay)",
				 1, TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	if ((!active && !cli_staff_keeps_a_manager(store, config, argv[1], &error)) ||
	    !td_store_set_staff_active(store, argv[1], active, &error))
		return td_cli_fail(error);
	printf(active ? "Đã mở lại tài khoản (staff account enabled): %s\n"
		      : "Đã khóa tài khoản (staff account disabled): %s\n",
	       argv[1]);
	return td_cli_flush_output();
}

static int
cli_staff_disable(int argc, char **argv)
{
	return cli_staff_set_active(argc, argv, FALSE);
}

/* The account named name (the station's too unless own_pin), in staff
 * (read here); NULL with TD_STORE_ERROR_NOT_FOUND when there is none. */
static const TdStaffMember *
cli_staff_find(TdStore *store, const gchar *name, gboolean own_pin, GPtrArray **staff, GError **error)
{
	*staff = td_store_list_staff(store, error);
	for (guint i = 0; *staff != NULL && i < (*staff)->len; i++) {
		const TdStaffMember *m = g_ptr_array_index(*staff, i);
		if ((!own_pin || m->id != TD_STAFF_STATION_ID) && g_strcmp0(m->name, name) == 0)
			return m;
	}
	if (*staff != NULL)
		g_set_error(error, TD_STORE_ERROR, TD_STORE_ERROR_NOT_FOUND, "no staff account named '%s'%s", name,
			    own_pin ? " with a PIN of its own (the station's: tiepdon set-pin)" : "");
	return NULL;
}

/* One who left and came back: the same name, its audit rows with it (a
 * new account could not take the name, which stays unique) */
static int
cli_staff_enable(int argc, char **argv)
{
	return cli_staff_set_active(argc, argv, TRUE);
}

/* One who forgot their PIN: a new one, asked twice */
static int
cli_staff_set_pin(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *hash = NULL;
	g_autoptr(GPtrArray) staff = NULL;
	const TdStaffMember *member = NULL;
	int rc;

	if ((rc = cli_staff_open(&argc, &argv, "NAME - a new PIN for the account; asks it twice", 1,
				 TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	/* the name first: not a PIN typed twice for nobody */
	if ((member = cli_staff_find(store, argv[1], TRUE, &staff, &error)) == NULL)
		return td_cli_fail(error);
	if ((rc = td_cli_read_new_pin_hash(&hash)) != TD_EXIT_OK)
		return rc;
	if (!td_store_set_staff_pin(store, argv[1], hash, &error))
		return td_cli_fail(error);
	printf("Đã đặt mã PIN mới (new PIN set): %s%s\n", argv[1],
	       member->active ? "" : " — tài khoản vẫn khóa: tiepdon staff enable (the account stays disabled)");
	return td_cli_flush_output();
}

/* Who may open the manager's dashboard (the day's figures, the reports
 * sent up, the spreadsheets): a person added is reception's */
static int
cli_staff_set_role(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	gboolean manager;
	int rc;

	if ((rc = cli_staff_open(&argc, &argv, "NAME manager|reception - who may open the manager's dashboard", 2,
				 TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	if (g_strcmp0(argv[2], "manager") != 0 && g_strcmp0(argv[2], "reception") != 0)
		return td_command_line_print_usage("[--config FILE] NAME manager|reception");
	manager = g_strcmp0(argv[2], "manager") == 0;
	/* the station's account is refused as a manager always, below */
	if ((!manager && g_strcmp0(argv[1], TD_STAFF_STATION_NAME) != 0 &&
	     !cli_staff_keeps_a_manager(store, config, argv[1], &error)) ||
	    !td_store_set_staff_manager(store, argv[1], manager, &error))
		return td_cli_fail(error);
	printf(manager ? "Quản lý trạm, mở được trang quản lý (a manager: opens the manager's dashboard): %s\n"
		       : "Lễ tân, không mở trang quản lý (reception: not the manager's dashboard): %s\n",
	       argv[1]);
	return td_cli_flush_output();
}

/* Locked out by mistyped PINs while patients wait: open again now, the
 * PIN unchanged (the station's account too, by its name) */
static int
cli_staff_unlock(int argc, char **argv)
{
	g_autoptr(TdConfig) config = NULL;
	g_autoptr(TdStore) store = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) staff = NULL;
	const TdStaffMember *member = NULL;
	int rc;

	if ((rc = cli_staff_open(&argc, &argv, "NAME - lift the account's lock-out after wrong PINs", 1,
				 TD_CLI_STORE_WRITABLE, &config, &store)) != TD_EXIT_OK)
		return rc;
	if ((member = cli_staff_find(store, argv[1], FALSE, &staff, &error)) == NULL)
		return td_cli_fail(error);
	if (!td_store_lift_pin_lockout(store, member->id, g_get_real_time() / G_USEC_PER_SEC, &error))
		return td_cli_fail(error);
	printf("Đã mở khóa đăng nhập (lock-out lifted): %s\n", argv[1]);
	return td_cli_flush_output();
}

int
td_cli_staff(int argc, char **argv)
{
	static const TdCommandLineCommand actions[] = {
	    {"add", cli_staff_add, "Add a staff account NAME; asks its PIN twice"},
	    {"list", cli_staff_list, "The staff accounts"},
	    {"disable", cli_staff_disable, "Account NAME can no longer log in (its audit rows stay)"},
	    {"enable", cli_staff_enable, "Account NAME may log in again"},
	    {"set-pin", cli_staff_set_pin, "A new PIN for account NAME (not the station's: tiepdon set-pin); asks it twice"},
	    {"set-role", cli_staff_set_role, "Account NAME is a manager (opens the manager's dashboard) or reception's"},
	    {"unlock", cli_staff_unlock, "Account NAME may log in again at once after wrong PINs (the PIN unchanged)"},
	};

	return td_command_line_run_command(g_get_prgname(), actions, G_N_ELEMENTS(actions), argc, argv);
}
