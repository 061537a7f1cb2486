/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cups/cups.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "td-deploy-checks.h"
#include "td-device-settings.h"
#include "td-scanner.h"
#include "td-print.h"
#include "td-ticket.h"
#include "td-voice.h"

/* TD_UDEV_RULES_DIR comes from kiosk/devices/meson.build: where `meson
 * install` put the rules. The others are where udev also looks. */
static const gchar *const td_udev_rule_files[] = {
	"70-tiepdon-scanner.rules",
	"93-tiepdon-ccid.rules",
};

static gboolean
td_deploy_find_rule(const gchar *name)
{
	const gchar *dirs[] = {"/etc/udev/rules.d", "/run/udev/rules.d", TD_UDEV_RULES_DIR,
			       "/usr/lib/udev/rules.d", "/lib/udev/rules.d"};
	for (gsize i = 0; i < G_N_ELEMENTS(dirs); i++) {
		g_autofree gchar *path = g_build_filename(dirs[i], name, NULL);
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			return TRUE;
	}
	return FALSE;
}

static TdCheckResult *
td_deploy_check_udev(void)
{
	g_autoptr(GString) missing = g_string_new(NULL);

	for (gsize i = 0; i < G_N_ELEMENTS(td_udev_rule_files); i++) {
		if (!td_deploy_find_rule(td_udev_rule_files[i]))
			g_string_append_printf(missing, "%s%s", missing->len > 0 ? ", " : "", td_udev_rule_files[i]);
	}
	if (missing->len > 0)
		return td_check_result_new("udev rules", FALSE,
					   _("missing %s; run `meson install` then `udevadm control --reload`"),
					   missing->str);
	return td_check_result_new("udev rules", TRUE, "%s", _("scanner and CCID reader rules installed"));
}

static gboolean
td_deploy_user_in_group(const struct passwd *pw, const struct group *gr)
{
	if (pw->pw_gid == gr->gr_gid)
		return TRUE;
	for (gsize i = 0; gr->gr_mem != NULL && gr->gr_mem[i] != NULL; i++) {
		if (g_strcmp0(gr->gr_mem[i], pw->pw_name) == 0)
			return TRUE;
	}
	return FALSE;
}

static TdCheckResult *
td_deploy_check_user(void)
{
	struct passwd *pw = getpwnam(TD_DEPLOY_KIOSK_USER);
	struct group *gr;

	if (pw == NULL)
		return td_check_result_new("kiosk user", FALSE,
					   _("no user %s; run `systemd-sysusers` after `meson install`"),
					   TD_DEPLOY_KIOSK_USER);
	gr = getgrnam(TD_DEPLOY_SCANNER_GROUP);
	if (gr == NULL || !td_deploy_user_in_group(pw, gr))
		return td_check_result_new("kiosk user", FALSE,
					   _("user %s is not in group %s; run `systemd-sysusers`"),
					   TD_DEPLOY_KIOSK_USER, TD_DEPLOY_SCANNER_GROUP);
	return td_check_result_new("kiosk user", TRUE, _("user %s (uid %u) in group %s"), TD_DEPLOY_KIOSK_USER,
				   (guint)pw->pw_uid, TD_DEPLOY_SCANNER_GROUP);
}

/* A failing printer line: the administrator's message, with the staff
 * code DEPLOY.md lists first ("[PRN-PAPER] …"), and reception's words
 * for the same code. */
static TdCheckResult *
td_printer_fault(const gchar *code, gchar *message)
{
	TdCheckResult *result = td_check_result_new("printer", FALSE, "[%s] %s", code, message);

	result->desk_words = td_check_printer_fault_words(code);
	g_free(message);
	return result;
}

static TdCheckResult *
td_deploy_check_printer(const TdDeviceSettings *settings)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdPrintQueue) queue = td_print_queue_open(settings->printer_queue, &error);
	gboolean raw;

	if (queue == NULL) {
		if (settings->printer_queue == NULL && g_error_matches(error, TD_TICKET_ERROR, TD_TICKET_ERROR_NO_PRINTER))
			return td_printer_fault("PRN-NONE",
						g_strdup_printf("%s (%s)",
								_("no [printer] queue= configured and no CUPS default"),
								error->message));
		return td_printer_fault(td_ticket_error_staff_code(error), g_strdup(error->message));
	}
	raw = td_print_queue_is_raw(queue);
	/* a raw queue passes a PDF on as it is: pages of garbage */
	if (raw && settings->printer_format == TD_TICKET_FORMAT_PDF)
		return td_printer_fault("PRN-FAILED",
					g_strdup_printf(_("queue %s has no driver (raw) but [printer] format=pdf: "
							  "set format=auto, or install the printer's driver"),
							td_print_queue_get_name(queue)));
	if (raw || settings->printer_format == TD_TICKET_FORMAT_ESCPOS)
		return td_check_result_new("printer", TRUE, _("queue %s accepts jobs; tickets as ESC/POS for %u mm paper"),
					   td_print_queue_get_name(queue), settings->printer_paper_mm);
	return td_check_result_new("printer", TRUE, _("queue %s accepts jobs; tickets as PDF for its driver"),
				   td_print_queue_get_name(queue));
}

static TdCheckResult *
td_deploy_check_scanner(const TdDeviceSettings *settings)
{
	const gchar *device = settings->scanner_device;

	if (!settings->scanner_enabled)
		return td_check_result_new("scanner", TRUE, "%s", _("not used: scans come as keyboard input"));
	if (!g_file_test(device, G_FILE_TEST_EXISTS))
		return td_check_result_new("scanner", FALSE,
					   _("%s not found: is the scanner plugged in and its USB ID known to "
					     "udev (see DEPLOY.md, \"Scanner IDs\")?"),
					   device);
	if (g_access(device, R_OK) != 0)
		return td_check_result_new("scanner", FALSE, _("%s cannot be read by this user: %s"), device,
					   g_strerror(errno));
	return td_check_result_new("scanner", TRUE, _("%s present"), device);
}

/* The voice as the kiosk uses it: espeak-ng saying a Vietnamese word (its
 * data and the vi voice installed) and GStreamer's sink there. Whether a
 * loudspeaker is plugged in, no program can tell. */
static TdCheckResult *
td_deploy_check_voice(const TdDeviceSettings *settings)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) wav = NULL;

	if (!settings->voice_enabled)
		return td_check_result_new("voice", TRUE, "%s", _("turned off ([voice] enabled=false)"));
	wav = td_voice_synthesize("Xin chào", "vi", &error);
	if (wav == NULL)
		return td_check_result_new("voice", FALSE, _("no Vietnamese voice: %s"), error->message);
	if (!td_voice_check_output(&error))
		return td_check_result_new("voice", FALSE, _("no sound output: %s"), error->message);
	return td_check_result_new("voice", TRUE, _("espeak-ng's Vietnamese voice, sound through %s"),
				   TD_VOICE_DEFAULT_SINK);
}

GPtrArray *
td_deploy_checks_run_desk(GKeyFile *config)
{
	GPtrArray *results = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDeviceSettings) settings = td_device_settings_new(config, &error);

	if (settings == NULL)
		g_ptr_array_add(results, td_check_result_new("printer", FALSE, "%s", error->message));
	else if (settings->print_tickets)
		g_ptr_array_add(results, td_deploy_check_printer(settings));
	return results;
}

GPtrArray *
td_deploy_checks_run(GKeyFile *config)
{
	GPtrArray *results = g_ptr_array_new_with_free_func((GDestroyNotify)td_check_result_free);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdDeviceSettings) settings = td_device_settings_new(config, &error);

	g_ptr_array_add(results, td_deploy_check_udev());
	g_ptr_array_add(results, td_deploy_check_user());
	if (settings == NULL) {
		/* a mistyped value: each line says so, the kiosk would refuse
		 * it at its next start (one that runs holds the settings it
		 * loaded: the administrator's, not the desk's today) */
		const gchar *const parts[] = {"printer", "scanner", "voice"};
		for (guint i = 0; i < G_N_ELEMENTS(parts); i++) {
			TdCheckResult *result = td_check_result_new(parts[i], FALSE, "%s", error->message);
			result->effect = TD_CHECK_EFFECT_NONE;
			g_ptr_array_add(results, result);
		}
		return results;
	}
	g_ptr_array_add(results, td_deploy_check_printer(settings));
	g_ptr_array_add(results, td_deploy_check_scanner(settings));
	g_ptr_array_add(results, td_deploy_check_voice(settings));
	return results;
}
