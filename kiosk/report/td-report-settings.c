/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-report-settings.h"

#define TD_REPORT_STATE_DEFAULT_NAME "report-state.json"

void
td_report_settings_free(TdReportSettings *settings)
{
	if (settings == NULL)
		return;
	td_report_client_config_free(settings->client);
	g_free(settings->state_file);
	g_free(settings->place);
	g_free(settings->parent_body);
	g_free(settings->printer);
	g_free(settings);
}

/* A [report] value, trimmed; NULL when absent or empty. */
static gchar *
settings_get_text(GKeyFile *kf, const gchar *key)
{
	g_autofree gchar *value = g_key_file_get_string(kf, "report", key, NULL);
	if (value == NULL || g_strstrip(value)[0] == '\0')
		return NULL;
	return g_steal_pointer(&value);
}

static gboolean
settings_get_number(GKeyFile *kf, const gchar *file, const gchar *key, gdouble fallback, gdouble min, gdouble max,
		    gdouble *out, GError **error)
{
	g_autofree gchar *text = settings_get_text(kf, key);
	gchar *end = NULL;

	*out = fallback;
	if (text == NULL)
		return TRUE;
	*out = g_ascii_strtod(text, &end);
	if (end == text || *end != '\0' || !(*out >= min && *out <= max)) {
		g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "%s: [report] %s: '%s' is not a number from %g to %g",
			    file, key, text, min, max);
		return FALSE;
	}
	return TRUE;
}

/* "HH:MM", 24-hour clock. */
static gboolean
settings_get_send_at(GKeyFile *kf, const gchar *file, TdReportSettings *settings, GError **error)
{
	g_autofree gchar *text = settings_get_text(kf, "send-at");
	guint64 hour = 8, minute = 30;
	g_auto(GStrv) parts = NULL;

	if (text != NULL) {
		parts = g_strsplit(text, ":", -1);
		if (g_strv_length(parts) != 2 || strlen(parts[0]) != 2 || strlen(parts[1]) != 2 ||
		    !g_ascii_string_to_unsigned(parts[0], 10, 0, 23, &hour, NULL) ||
		    !g_ascii_string_to_unsigned(parts[1], 10, 0, 59, &minute, NULL)) {
			g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
				    "%s: [report] send-at: '%s' is not a time of day HH:MM (e.g. 08:30)", file, text);
			return FALSE;
		}
	}
	settings->send_at_hour = (guint)hour;
	settings->send_at_minute = (guint)minute;
	return TRUE;
}

TdReportSettings *
td_report_settings_new(const TdConfig *config, GError **error)
{
	g_autoptr(TdReportSettings) settings = g_new0(TdReportSettings, 1);
	GKeyFile *kf = config->key_file;
	const gchar *file = config->path != NULL ? config->path : "demo";
	g_autofree gchar *base_dir = config->path != NULL ? g_path_get_dirname(config->path) : NULL;
	g_autofree gchar *state_file = NULL;

	g_autofree gchar *url = settings_get_text(kf, "url");
	gdouble first_s, max_s, for_h;

	if (url != NULL) {
		g_autoptr(GError) error_local = NULL;
		settings->client = td_report_client_config_new_from_key_file(kf, base_dir, &error_local);
		if (settings->client == NULL) {
			g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID, "%s: %s", file,
				    error_local->message);
			return NULL;
		}
		if (config->station_code == NULL) {
			g_set_error(error, TD_CONFIG_ERROR, TD_CONFIG_ERROR_INVALID,
				    "%s: [station] code: the report sent up needs the station's code", file);
			return NULL;
		}
	}
	if (!settings_get_send_at(kf, file, settings, error) ||
	    !settings_get_number(kf, file, "retry-first-s", 30, 0.05, 3600, &first_s, error) ||
	    !settings_get_number(kf, file, "retry-max-s", 900, 0.05, 6 * 3600, &max_s, error) ||
	    !settings_get_number(kf, file, "retry-for-h", 12, 0, 72, &for_h, error))
		return NULL;
	settings->retry_first_ms = (guint)(first_s * 1000);
	settings->retry_max_ms = MAX((guint)(max_s * 1000), settings->retry_first_ms);
	settings->retry_for_ms = (guint64)(for_h * 3600 * 1000);

	/* beside the database by default: the same user writes both */
	state_file = settings_get_text(kf, "state-file");
	if (state_file == NULL) {
		g_autofree gchar *db_dir = g_path_get_dirname(config->storage_path);
		settings->state_file = g_build_filename(db_dir, TD_REPORT_STATE_DEFAULT_NAME, NULL);
	} else if (g_path_is_absolute(state_file) || base_dir == NULL) {
		settings->state_file = g_steal_pointer(&state_file);
	} else {
		settings->state_file = g_build_filename(base_dir, state_file, NULL);
	}
	settings->place = settings_get_text(kf, "place");
	settings->parent_body = settings_get_text(kf, "parent-body");
	settings->printer = td_report_settings_printer(config);
	return g_steal_pointer(&settings);
}

gchar *
td_report_settings_printer(const TdConfig *config)
{
	return settings_get_text(config->key_file, "printer");
}

gchar *
td_report_settings_timer_calendar(const TdReportSettings *settings)
{
	/* in the station's zone, whatever the machine's (systemd's timers
	 * run on the machine's otherwise: 08:30 on UTC is 15:30 in Vietnam) */
	return g_strdup_printf("*-*-* %02u:%02u:00 %s", settings->send_at_hour, settings->send_at_minute,
			       TD_STATION_TIME_ZONE);
}
