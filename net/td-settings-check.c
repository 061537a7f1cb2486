/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-settings-check.h"

/* How many single-letter changes make a into b (Levenshtein); keys are
 * short. */
static guint
edit_distance(const gchar *a, const gchar *b)
{
	gsize la = strlen(a), lb = strlen(b);
	g_autofree guint *row = g_new(guint, lb + 1);

	for (gsize j = 0; j <= lb; j++)
		row[j] = (guint)j;
	for (gsize i = 1; i <= la; i++) {
		guint diagonal = row[0];
		row[0] = (guint)i;
		for (gsize j = 1; j <= lb; j++) {
			guint above = row[j];
			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return row[lb];
}

const gchar *
td_settings_likely_word(const gchar *word, const gchar *const *known, gsize n_known)
{
	const gchar *likely = NULL;
	guint best = 3; /* more changes than 2 is another word */

	for (gsize i = 0; i < n_known; i++) {
		guint d = edit_distance(word, known[i]);
		if (d < best || (d == best && likely != NULL && strcmp(known[i], likely) < 0)) {
			best = d;
			likely = known[i];
		}
	}
	return likely;
}

void
td_settings_add_unknown_keys(GKeyFile *kf, const gchar *group, const gchar *const *known, gsize n_known,
			     GStrvBuilder *out)
{
	g_auto(GStrv) keys = g_key_file_get_keys(kf, group, NULL, NULL);

	for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
		const gchar *likely = NULL;
		g_autofree gchar *line = NULL;
		gboolean found = FALSE;

		for (gsize k = 0; k < n_known && !found; k++)
			found = g_str_equal(keys[i], known[k]);
		if (found)
			continue;
		likely = td_settings_likely_word(keys[i], known, n_known);
		line = likely != NULL ? g_strdup_printf("[%s] %s (%s?)", group, keys[i], likely)
				      : g_strdup_printf("[%s] %s", group, keys[i]);
		g_message("settings: %s is not a setting tiepdon knows; it is left out", line);
		g_strv_builder_add(out, line);
	}
}
