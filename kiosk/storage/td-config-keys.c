/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every setting tiepdon.conf may hold outside [gateway]: the groups and
 * keys td-config.c, the devices' (td-device-settings.c), the daily
 * report's (td-report-settings.c, td-report-client.c) readers ask for.
 * They read the file at different times, so what they know is listed
 * here, once; tests/kiosk/check-config-keys.py holds this table to the
 * keys those readers name, both ways. */
#include "config.h"

#include "td-config-keys.h"
#include "td-settings-check.h"

typedef struct {
	const gchar *group;
	const gchar *const keys[16]; /* NULL-ended */
} TdConfigGroupKeys;

static const TdConfigGroupKeys td_config_known[] = {
    {"station", {"code", "name", "kiosk-id", "offline-letter", "id-hash-key-file", "id-hash-cost"}},
    {"storage", {"path", "url", "journal", "retention-days", "link-days", "backup-dir", "backup-keep-days"}},
    {"reader", {"name", "trust-dir", "command-timeout", "card-timeout"}},
    {"vneid", {"guide-url", "ask-again-days"}},
    {"staff", {"pin-hash", "lockout-attempts", "lockout-minutes"}},
    {"kiosk", {"idle-timeout-s", "warning-s", "demo"}},
    {"printer", {"tickets", "queue", "format", "paper-mm"}},
    {"scanner", {"enabled", "device"}},
    {"voice", {"enabled", "phrases", "volume"}},
    {"report",
     {"url", "token-file", "ca-file", "timeout", "connect-timeout", "send-at", "retry-first-s", "retry-max-s",
      "retry-for-h", "state-file", "place", "parent-body", "printer"}},
    /* its keys: net/td-gateway-config.c knows them by reading them */
    {"gateway", {NULL}},
};

static gsize
td_config_n_keys(const TdConfigGroupKeys *group)
{
	gsize n = 0;

	while (n < G_N_ELEMENTS(group->keys) && group->keys[n] != NULL)
		n++;
	return n;
}

void
td_config_add_unknown_settings(GKeyFile *kf, const gchar *const *gateway_unknown, GStrvBuilder *out)
{
	const gchar *group_names[G_N_ELEMENTS(td_config_known)];
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);

	for (gsize i = 0; i < G_N_ELEMENTS(td_config_known); i++)
		group_names[i] = td_config_known[i].group;
	for (guint g = 0; groups[g] != NULL; g++) {
		const TdConfigGroupKeys *known = NULL;

		for (gsize i = 0; i < G_N_ELEMENTS(td_config_known) && known == NULL; i++) {
			if (g_str_equal(groups[g], td_config_known[i].group))
				known = &td_config_known[i];
		}
		if (known == NULL) {
			const gchar *likely = td_settings_likely_word(groups[g], group_names, G_N_ELEMENTS(group_names));
			g_autofree gchar *line = likely != NULL ? g_strdup_printf("[%s] ([%s]?)", groups[g], likely)
								: g_strdup_printf("[%s]", groups[g]);
			g_message("settings: %s is not a group tiepdon knows; it is left out", line);
			g_strv_builder_add(out, line);
		} else if (g_str_equal(known->group, "gateway")) {
			if (gateway_unknown != NULL)
				g_strv_builder_addv(out, (const gchar **)gateway_unknown);
		} else {
			td_settings_add_unknown_keys(kf, known->group, known->keys, td_config_n_keys(known), out);
		}
	}
}
