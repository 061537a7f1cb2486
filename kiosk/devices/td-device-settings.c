/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-device-settings.h"
#include "td-scanner.h"

/* A boolean key, default when absent; an error names where. */
static gboolean
settings_boolean(GKeyFile *key_file, const gchar *group, const gchar *key, gboolean fallback, gboolean *out,
		 GError **error)
{
	g_autoptr(GError) error_local = NULL;

	*out = fallback;
	if (key_file == NULL || !g_key_file_has_key(key_file, group, key, NULL))
		return TRUE;
	*out = g_key_file_get_boolean(key_file, group, key, &error_local);
	if (error_local != NULL) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "[%s] %s: %s", group, key,
			    error_local->message);
		return FALSE;
	}
	return TRUE;
}

static gchar *
settings_string(GKeyFile *key_file, const gchar *group, const gchar *key, const gchar *fallback)
{
	gchar *value = key_file != NULL ? g_key_file_get_string(key_file, group, key, NULL) : NULL;
	if (value != NULL && value[0] == '\0')
		g_clear_pointer(&value, g_free);
	return value != NULL ? value : g_strdup(fallback);
}

TdDeviceSettings *
td_device_settings_new(GKeyFile *key_file, GError **error)
{
	g_autoptr(TdDeviceSettings) settings = g_new0(TdDeviceSettings, 1);

	/* the training mode has no key file and no receipt printer of its own */
	if (!settings_boolean(key_file, "printer", "tickets", key_file != NULL, &settings->print_tickets, error) ||
	    !settings_boolean(key_file, "scanner", "enabled", TRUE, &settings->scanner_enabled, error) ||
	    !settings_boolean(key_file, "voice", "enabled", TRUE, &settings->voice_enabled, error))
		return NULL;
	settings->printer_queue = settings_string(key_file, "printer", "queue", NULL);
	{
		g_autofree gchar *format = settings_string(key_file, "printer", "format", "auto");
		if (!td_ticket_format_from_string(format, &settings->printer_format)) {
			g_set_error_literal(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
					    "[printer] format: auto, pdf or escpos");
			return NULL;
		}
	}
	settings->printer_paper_mm = TD_TICKET_DEFAULT_PAPER_MM;
	if (key_file != NULL && g_key_file_has_key(key_file, "printer", "paper-mm", NULL)) {
		g_autoptr(GError) error_local = NULL;
		gint paper_mm = g_key_file_get_integer(key_file, "printer", "paper-mm", &error_local);
		if (error_local != NULL || (paper_mm != 80 && paper_mm != 58)) {
			g_set_error_literal(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
					    "[printer] paper-mm: 80 or 58");
			return NULL;
		}
		settings->printer_paper_mm = (guint)paper_mm;
	}
	settings->scanner_device = settings_string(key_file, "scanner", "device", TD_SCANNER_DEFAULT_DEVICE);
	settings->voice_phrases_dir = settings_string(key_file, "voice", "phrases", TD_VOICE_DEFAULT_PHRASES_DIR);
	settings->voice_volume = TD_VOICE_DEFAULT_VOLUME;
	if (key_file != NULL && g_key_file_has_key(key_file, "voice", "volume", NULL)) {
		g_autoptr(GError) error_local = NULL;
		gint volume = g_key_file_get_integer(key_file, "voice", "volume", &error_local);
		if (error_local != NULL || volume < 0 || volume > 100) {
			g_set_error_literal(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
					    "[voice] volume: a whole number from 0 to 100");
			return NULL;
		}
		settings->voice_volume = (guint)volume;
	}
	return g_steal_pointer(&settings);
}

TdTicketPrinter *
td_device_settings_ticket_printer(const TdDeviceSettings *settings)
{
	TdTicketPrinter *printer = td_ticket_printer_new(settings->printer_queue);
	printer->format = settings->printer_format;
	printer->paper_mm = settings->printer_paper_mm;
	return printer;
}

void
td_device_settings_free(TdDeviceSettings *settings)
{
	if (settings == NULL)
		return;
	g_free(settings->printer_queue);
	g_free(settings->scanner_device);
	g_free(settings->voice_phrases_dir);
	g_free(settings);
}
